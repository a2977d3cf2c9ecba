//! The workspace's pages over HTTP: `cargo bench --bench serve` (release profile).
//!
//! Generates a portfolio of N synthetic cases (BENCH_N, default 1000; the batch benchmark's
//! generator), starts `recouvre serve` on it, and prints the median time over five requests
//! of the portfolio page and of one case page (no assertion: figures for the README).

#[path = "../tests/common/mod.rs"]
mod common;

use common::generateur::ecrire_lot;
use common::http::{Serveur, AT};
use std::time::{Duration, Instant};

fn mediane(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let n: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("portefeuille");
    let piece =
        std::fs::read(common::racine().join("fixtures/exemple/pieces/F-2026-0101.pdf")).unwrap();
    ecrire_lot(&src, n, 7, &piece);
    let s = Serveur::demarrer(&src, &dir.path().join("sortie"), AT);
    let mesurer = |chemin: &str| -> Duration {
        let mut v = Vec::new();
        for _ in 0..5 {
            let debut = Instant::now();
            let r = s.get(chemin);
            assert_eq!(r.status, 200, "{chemin}: {}", r.status);
            v.push(debut.elapsed());
        }
        mediane(v)
    };
    let portefeuille = mesurer("/");
    let dossier = mesurer("/dossier/LOT-00000");
    println!("recouvre bench serve — {n} dossiers, arrêté {AT}");
    println!(
        "page du portefeuille : {:.0} ms (médiane de 5)",
        portefeuille.as_secs_f64() * 1e3
    );
    println!(
        "page d'un dossier : {:.1} ms (médiane de 5)",
        dossier.as_secs_f64() * 1e3
    );
}

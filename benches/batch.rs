//! Month-end batch throughput: `cargo bench --bench batch` (release profile).
//!
//! Generates N synthetic realistic cases (BENCH_N, default `100,1000,10000`), runs
//! `recouvre batch` on them in a fresh process each time (`--jobs` = cores, or BENCH_JOBS),
//! and prints dossiers per second, complete dossiers (documents + both bundles) per second,
//! the time per stage per dossier, and the process's peak memory.

#[path = "../tests/common/generateur.rs"]
mod generateur;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn main() {
    let ns: Vec<usize> = std::env::var("BENCH_N")
        .unwrap_or_else(|_| "100,1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let jobs = std::env::var("BENCH_JOBS").unwrap_or_else(|_| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .to_string()
    });
    let racine = Path::new(env!("CARGO_MANIFEST_DIR"));
    let piece = std::fs::read(racine.join("fixtures/exemple/pieces/F-2026-0101.pdf")).unwrap();
    println!("recouvre bench batch — {jobs} tâches, arrêté 2026-06-30");
    println!(
        "{:>7} | {:>9} | {:>10} | {:>13} | {:>31} | {:>11}",
        "N",
        "durée",
        "dossiers/s",
        "construits/s",
        "ms/dossier valid./calc./rendu/bundle",
        "pic mémoire"
    );
    for n in ns {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        let out = dir.path().join("out");
        generateur::ecrire_lot(&src, n, 42, &piece);
        let t = Instant::now();
        let s = Command::new(env!("CARGO_BIN_EXE_recouvre"))
            .args([
                "batch",
                src.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--at",
                "2026-06-30",
                "--quiet",
                "--jobs",
                &jobs,
            ])
            .status()
            .unwrap();
        let duree = t.elapsed().as_secs_f64();
        assert!(s.code() == Some(0) || s.code() == Some(1));
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
        let construits = r["synthese"]["par_statut"]["construit"]
            .as_u64()
            .unwrap_or(0);
        let d = &r["synthese"]["durees_ms"];
        let par = |k: &str| d[k].as_f64().unwrap_or(0.0) / n as f64;
        println!(
            "{:>7} | {:>7.1} s | {:>10.1} | {:>13.1} | {:>7.2} / {:>5.2} / {:>5.2} / {:>6.2} | {:>7.1} Mio",
            n,
            duree,
            n as f64 / duree,
            construits as f64 / duree,
            par("validation"),
            par("calcul"),
            par("rendu"),
            par("bundle"),
            r["execution"]["pic_memoire_mib"].as_f64().unwrap_or(f64::NAN)
        );
    }
}

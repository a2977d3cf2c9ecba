//! Rendering throughput: `cargo bench --bench documents` (release profile).
//!
//! Renders the complete dossier of `fixtures/exemple` (requête, décompte, bordereau, two
//! letters) again and again with one shared engine, and prints: engine start-up, the
//! first dossier of the process, the steady-state time per dossier and per document,
//! documents per second, and peak memory (VmHWM). For one core, run it as
//! `RAYON_NUM_THREADS=1 taskset -c 0 cargo bench --bench documents`.

use std::path::Path;
use std::time::{Duration, Instant};

use recouvre::ingest::{lire_dossier, pieces::lire_pieces};
use recouvre::law::{calculer, TablesLoi};
use recouvre::plan::planifier;
use recouvre::render::{rendre_dossier, Moteur};

fn pic_memoire_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() {
    let n: usize = std::env::var("BENCH_DOSSIERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let tables = TablesLoi::embarquees().unwrap();
    let lu = lire_dossier(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/exemple/dossier.toml"
    )))
    .unwrap();
    let arrete = lu.dossier.arrete_au.unwrap();

    let t = Instant::now();
    let moteur = Moteur::new(None).unwrap();
    let demarrage = t.elapsed();

    let dossier = |moteur: &Moteur| {
        let r = calculer(&lu.dossier, arrete, &tables).unwrap();
        let plan = planifier(&lu.dossier, &r.decompte, arrete, &tables).unwrap();
        let pieces = lire_pieces(&lu.dossier, &lu.racine).unwrap();
        rendre_dossier(moteur, &lu.dossier, &r.decompte, &plan, &pieces, &tables).unwrap()
    };
    let t = Instant::now();
    let docs = dossier(&moteur);
    let premier = t.elapsed();
    let par_dossier = docs.len();

    let mut temps: Vec<Duration> = Vec::with_capacity(n);
    let debut = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        let d = dossier(&moteur);
        assert_eq!(d.len(), par_dossier);
        temps.push(t.elapsed());
    }
    let total = debut.elapsed();
    temps.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let moyenne = total / n as u32;
    println!("recouvre bench documents — dossier fixtures/exemple ({par_dossier} documents), {n} dossiers");
    println!(
        "  RAYON_NUM_THREADS           {}",
        std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "(défaut)".into())
    );
    println!("  démarrage du moteur         {:8.2} ms", ms(demarrage));
    println!("  premier dossier             {:8.2} ms", ms(premier));
    println!(
        "  dossier, régime établi      {:8.2} ms (médiane {:.2}, p95 {:.2})",
        ms(moyenne),
        ms(temps[n / 2]),
        ms(temps[n * 95 / 100])
    );
    println!(
        "  document, régime établi     {:8.2} ms",
        ms(moyenne) / par_dossier as f64
    );
    println!(
        "  documents par seconde       {:8.1}",
        (n * par_dossier) as f64 / total.as_secs_f64()
    );
    println!(
        "  pic mémoire (VmHWM)         {:8.1} MiB",
        pic_memoire_mib()
    );
}

//! Month-end batch throughput: `cargo bench --bench batch` (release profile).
//!
//! Two synthetic portfolios (BENCH_PORTEFEUILLES, default `melange,injonction`):
//! - `melange`: realistic cases at every stage (relances, mises en demeure, court steps,
//!   nothing due yet);
//! - `injonction`: every case due for the requête en injonction de payer, with a PDF
//!   exhibit each (requête, décompte, bordereau, letters, two bundles): the heaviest step.
//!
//! For each N (BENCH_N, default `1000`), each job count (BENCH_JOBS, default `1,2`) and
//! each register mode (BENCH_REGISTRE, default `sans,avec`: no register, or a fresh SQLite
//! register read before and written after each case) it runs `recouvre batch` in a fresh
//! process and prints dossiers/s, documents/s, the CPU
//! milliseconds per dossier (user + system, whole process), the wall milliseconds per
//! dossier and stage as measured inside the workers, and the process's peak memory.
//! BENCH_GARDER=DIR keeps each portfolio and its outputs under DIR (to profile a run again).

#[path = "../tests/common/generateur.rs"]
mod generateur;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// CPU seconds (user + system) used by the finished children of this process.
fn cpu_enfants() -> f64 {
    // SAFETY: getrusage writes into the struct we own.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut r) };
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(r.ru_utime) + s(r.ru_stime)
}

/// Removes the portfolio folders when the bench ends (unless asked to keep them): never
/// between two measured runs, since on ext4 without a journal every file created in the
/// next 30 seconds steps over the inodes just freed (measured here: 57 instead of 72
/// dossiers/s on the injonction portfolio right after the mélange one was removed).
struct Efface(Vec<std::path::PathBuf>);

impl Drop for Efface {
    fn drop(&mut self) {
        for d in &self.0 {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

fn liste(var: &str, defaut: &str) -> Vec<String> {
    std::env::var(var)
        .unwrap_or_else(|_| defaut.into())
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn main() {
    let ns: Vec<usize> = liste("BENCH_N", "1000")
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect();
    let jobs = liste("BENCH_JOBS", "1,2");
    let portefeuilles = liste("BENCH_PORTEFEUILLES", "melange,injonction");
    let registres = liste("BENCH_REGISTRE", "sans,avec");
    let racine = Path::new(env!("CARGO_MANIFEST_DIR"));
    let piece = std::fs::read(racine.join("fixtures/exemple/pieces/F-2026-0101.pdf")).unwrap();
    println!("recouvre bench batch — arrêté 2026-06-30");
    println!(
        "{:>10} | {:>6} | {:>5} | {:>8} | {:>8} | {:>10} | {:>11} | {:>13} | {:>30} | {:>11}",
        "portef.",
        "N",
        "jobs",
        "registre",
        "durée",
        "dossiers/s",
        "documents/s",
        "CPU ms/doss.",
        "ms/doss. valid./calc./rendu/bundle",
        "pic mémoire"
    );
    let mut efface = Efface(Vec::new());
    for portefeuille in &portefeuilles {
        for &n in &ns {
            // BENCH_GARDER=DIR keeps the portfolios and outputs (for profiling).
            let dir = match std::env::var_os("BENCH_GARDER") {
                Some(d) => tempfile::Builder::new()
                    .prefix(&format!("{portefeuille}-{n}-"))
                    .tempdir_in(d)
                    .unwrap()
                    .keep(),
                None => tempfile::tempdir().unwrap().keep(),
            };
            if std::env::var_os("BENCH_GARDER").is_none() {
                efface.0.push(dir.clone());
            }
            let src = dir.join("src");
            match portefeuille.as_str() {
                "injonction" => generateur::ecrire_lot_injonction(&src, n, 42, &piece),
                _ => generateur::ecrire_lot(&src, n, 42, &piece),
            }
            for (j, registre) in jobs
                .iter()
                .flat_map(|j| registres.iter().map(move |r| (j, r)))
            {
                let out = dir.join(format!("out-{j}-{registre}"));
                let fichier_registre = dir.join(format!("registre-{j}.sqlite"));
                let option_registre: Vec<String> = if registre == "avec" {
                    vec!["--registre".into(), fichier_registre.display().to_string()]
                } else {
                    vec!["--sans-registre".into()]
                };
                let cpu = cpu_enfants();
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
                        j,
                    ])
                    .args(&option_registre)
                    .status()
                    .unwrap();
                let duree = t.elapsed().as_secs_f64();
                let cpu = cpu_enfants() - cpu;
                assert!(s.code() == Some(0) || s.code() == Some(1));
                let r: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap())
                        .unwrap();
                let documents: u64 = r["dossiers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["documents"].as_u64().unwrap_or(0))
                    .sum();
                let d = &r["synthese"]["durees_ms"];
                let par = |k: &str| d[k].as_f64().unwrap_or(0.0) / n as f64;
                println!(
                    "{:>10} | {:>6} | {:>5} | {:>8} | {:>6.1} s | {:>10.1} | {:>11.1} | {:>13.1} | {:>6.2} / {:>4.2} / {:>5.2} / {:>5.2} | {:>7.1} Mio",
                    portefeuille,
                    n,
                    j,
                    registre,
                    duree,
                    n as f64 / duree,
                    documents as f64 / duree,
                    cpu * 1000.0 / n as f64,
                    par("validation"),
                    par("calcul"),
                    par("rendu"),
                    par("bundle"),
                    r["execution"]["pic_memoire_mib"].as_f64().unwrap_or(f64::NAN)
                );
            }
        }
    }
}

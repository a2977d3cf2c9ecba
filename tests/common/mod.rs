//! Helpers shared by the integration tests (and the generator by the benchmarks): each test
//! drives the real binary like a user session.

#![allow(dead_code)]

pub mod generateur;
pub mod http;
pub mod pdf;
pub mod zip_brut;

use std::path::PathBuf;
use std::process::Command;

pub fn racine() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `recouvre` from the repository root with extra environment variables;
/// returns (exit code, stdout, stderr).
pub fn recouvre_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recouvre"));
    c.args(args)
        .current_dir(racine())
        .env_remove("RECOUVRE_LAW");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("run recouvre");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

pub fn recouvre(args: &[&str]) -> (i32, String, String) {
    recouvre_env(args, &[])
}

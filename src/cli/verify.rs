//! `recouvre verify BUNDLE...`: exit 0 only when every bundle is intact.

use std::path::PathBuf;

use super::{ECHEC, OK, USAGE};
use crate::bundle::verifier;

#[derive(clap::Args)]
pub struct Args {
    /// Bundles à vérifier : fichiers .zip ou dossiers décompressés
    #[arg(required = true, value_name = "BUNDLE")]
    bundles: Vec<PathBuf>,
}

pub fn run(args: &Args) -> i32 {
    let mut code = OK;
    for b in &args.bundles {
        if !b.exists() {
            eprintln!("erreur : {} : introuvable", b.display());
            code = code.max(USAGE);
            continue;
        }
        let r = verifier(b);
        if r.intact() {
            println!(
                "{} : intact ({} fichiers vérifiés)",
                b.display(),
                r.fichiers
            );
        } else {
            for c in &r.constats {
                println!("{} : {c}", b.display());
            }
            println!(
                "{} : ALTÉRÉ OU INVALIDE ({} problème{})",
                b.display(),
                r.constats.len(),
                if r.constats.len() > 1 { "s" } else { "" }
            );
            code = code.max(ECHEC);
        }
    }
    code
}

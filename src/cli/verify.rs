//! `recouvre verify BUNDLE...`: exit 0 only when every bundle is intact.

use std::io::ErrorKind;
use std::path::PathBuf;

use super::{ECHEC, OK, USAGE};
use crate::bundle::{nature, verifier_selon, Profil};

#[derive(clap::Args)]
pub struct Args {
    /// Bundles à vérifier : fichiers .zip ou dossiers décompressés
    #[arg(required = true, value_name = "BUNDLE")]
    bundles: Vec<PathBuf>,
    /// Vérifie un sac BagIt quelconque (règles de la RFC 8493 seulement), pas un bundle
    /// recouvre (qui exige en plus son manifeste XML et ses seuls fichiers de tags)
    #[arg(long)]
    bagit: bool,
}

/// Names come from the archive: control characters are shown escaped, never sent raw to
/// the terminal.
fn lisible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub fn run(args: &Args) -> i32 {
    let profil = if args.bagit {
        Profil::BagIt
    } else {
        Profil::Recouvre
    };
    let mut code = OK;
    for b in &args.bundles {
        let nom = lisible(&b.display().to_string());
        match std::fs::symlink_metadata(b) {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                eprintln!("erreur : {nom} : introuvable");
                code = code.max(USAGE);
                continue;
            }
            Err(e) => {
                eprintln!("erreur : {nom} : illisible ({e})");
                code = code.max(USAGE);
                continue;
            }
            Ok(m) if m.file_type().is_symlink() && std::fs::metadata(b).is_err() => {
                eprintln!(
                    "erreur : {nom} : {} dont la cible est introuvable",
                    nature(m.file_type())
                );
                code = code.max(USAGE);
                continue;
            }
            Ok(_) => {}
        }
        let r = verifier_selon(b, profil);
        if r.intact() {
            println!("{nom} : intact ({} fichiers vérifiés)", r.fichiers);
        } else {
            for c in &r.constats {
                println!("{nom} : {}", lisible(&c.to_string()));
            }
            println!(
                "{nom} : ALTÉRÉ OU INVALIDE ({} problème{})",
                r.constats.len(),
                if r.constats.len() > 1 { "s" } else { "" }
            );
            code = code.max(ECHEC);
        }
    }
    code
}

//! `recouvre init [DIR]`: writes the complete example case of `fixtures/exemple/`.

use std::path::{Path, PathBuf};

use super::{OK, USAGE};

/// The example case and its exhibits, embedded from `fixtures/exemple/`.
const FICHIERS: &[(&str, &[u8])] = &[
    (
        "dossier.toml",
        include_bytes!("../../fixtures/exemple/dossier.toml"),
    ),
    (
        "pieces/F-2026-0101.pdf",
        include_bytes!("../../fixtures/exemple/pieces/F-2026-0101.pdf"),
    ),
    (
        "pieces/F-2026-0188.pdf",
        include_bytes!("../../fixtures/exemple/pieces/F-2026-0188.pdf"),
    ),
    (
        "pieces/mise-en-demeure-ar.pdf",
        include_bytes!("../../fixtures/exemple/pieces/mise-en-demeure-ar.pdf"),
    ),
    (
        "pieces/contrat.pdf",
        include_bytes!("../../fixtures/exemple/pieces/contrat.pdf"),
    ),
    (
        "pieces/cgv.pdf",
        include_bytes!("../../fixtures/exemple/pieces/cgv.pdf"),
    ),
];

#[derive(clap::Args)]
pub struct Args {
    /// Dossier où écrire l'exemple (créé s'il n'existe pas)
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: &Args) -> i32 {
    match ecrire(&args.dir) {
        Ok(()) => {
            let cas = args.dir.join("dossier.toml");
            println!("Dossier d'exemple écrit : {}", cas.display());
            for (nom, _) in &FICHIERS[1..] {
                println!("  pièce : {}", args.dir.join(nom).display());
            }
            println!(
                "Ensuite : recouvre check {0} && recouvre decompte {0}",
                cas.display()
            );
            OK
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            USAGE
        }
    }
}

fn ecrire(dir: &Path) -> Result<(), String> {
    for (nom, _) in FICHIERS {
        let p = dir.join(nom);
        // symlink_metadata: a planted link, even dangling, counts as existing.
        if std::fs::symlink_metadata(&p).is_ok() {
            return Err(format!(
                "{} existe déjà : rien n'a été écrit (choisissez un dossier vide : recouvre init <DIR>)",
                p.display()
            ));
        }
    }
    for (nom, octets) in FICHIERS {
        let p = dir.join(nom);
        let parent = p.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{} : création impossible ({e})", parent.display()))?;
        // A new temporary beside (exclusive creation, random name), then linked under the
        // final name only if nothing is there: never through a planted link, never over a
        // file.
        let ecrit = tempfile::Builder::new()
            .prefix(".recouvre-tmp-")
            .tempfile_in(parent)
            .and_then(|mut f| {
                std::io::Write::write_all(&mut f, octets)?;
                f.persist_noclobber(&p).map_err(|e| e.error)?;
                Ok(())
            });
        ecrit.map_err(|e| format!("{} : écriture impossible ({e})", p.display()))?;
    }
    Ok(())
}

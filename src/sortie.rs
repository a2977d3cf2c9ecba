//! Writing outputs: every file appears complete under its final name or not at all.

use std::path::{Path, PathBuf};

use crate::render::DocumentRendu;

/// Writes a file atomically: a temporary name beside it, then a rename.
pub fn ecrire_atomique(chemin: &Path, octets: &[u8]) -> std::io::Result<()> {
    let nom = chemin
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = chemin.with_file_name(format!(".{nom}.tmp-{}", std::process::id()));
    let r = std::fs::write(&tmp, octets).and_then(|_| std::fs::rename(&tmp, chemin));
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// Writes a case's documents to `out/<reference>/` atomically: into a temporary folder,
/// then renamed; an earlier output is replaced only once the new one is complete.
/// The bundles follow, each written atomically beside the folder.
pub fn ecrire_dossier(
    out: &Path,
    reference: &str,
    documents: &[DocumentRendu],
    bundles: &[(String, Vec<u8>)],
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(out)?;
    let final_ = out.join(reference);
    let tmp = out.join(format!(".{reference}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    let ecrit = (|| -> std::io::Result<()> {
        for d in documents {
            std::fs::write(tmp.join(&d.fichier), &d.pdf)?;
        }
        if final_.exists() {
            let ancien = out.join(format!(".{reference}.old-{}", std::process::id()));
            std::fs::rename(&final_, &ancien)?;
            std::fs::rename(&tmp, &final_)?;
            std::fs::remove_dir_all(&ancien)?;
        } else {
            std::fs::rename(&tmp, &final_)?;
        }
        Ok(())
    })();
    if ecrit.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    ecrit?;
    for (nom, octets) in bundles {
        ecrire_atomique(&out.join(nom), octets)?;
    }
    Ok(final_)
}

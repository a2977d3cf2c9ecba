//! Writing outputs: every file and every case folder appears complete under its final name
//! or not at all, temporaries are created exclusively (never through a planted link), and
//! only what this program created is ever cleaned up.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::render::DocumentRendu;

/// Prefix of every temporary this program creates in an output folder.
const PREFIXE_TEMPORAIRE: &str = ".recouvre-tmp-";
/// File written inside each temporary folder: cleaning removes only folders that carry it.
const MARQUE: &str = ".recouvre-temporaire";

/// A temporary folder inside `dir`, created exclusively with a random name and marked as
/// ours.
fn dossier_temporaire(dir: &Path) -> std::io::Result<tempfile::TempDir> {
    let tmp = tempfile::Builder::new()
        .prefix(PREFIXE_TEMPORAIRE)
        .tempdir_in(dir)?;
    fs::File::create_new(tmp.path().join(MARQUE))?;
    Ok(tmp)
}

/// A new temporary file in `dir`, readable like any output (tempfile's default is 0600).
fn fichier_temporaire(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(PREFIXE_TEMPORAIRE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(0o644));
    }
    b.tempfile_in(dir)
}

/// Writes a file atomically: a new temporary file beside it (exclusive creation, random
/// name: a planted link is never followed), then a rename over the final name.
pub fn ecrire_atomique(chemin: &Path, octets: &[u8]) -> std::io::Result<()> {
    let dir = match chemin.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut f = fichier_temporaire(dir)?;
    f.write_all(octets)?;
    f.as_file().sync_data()?;
    f.persist(chemin).map_err(|e| e.error)?;
    Ok(())
}

/// Writes several files of one folder all or nothing: every file is first written in full
/// to a temporary; only when all are written are they renamed into place (a full disk
/// leaves the previous set untouched).
pub fn ecrire_ensemble(dir: &Path, fichiers: &[(&str, &[u8])]) -> std::io::Result<()> {
    let mut prets = Vec::new();
    for (nom, octets) in fichiers {
        let mut f = fichier_temporaire(dir)?;
        f.write_all(octets)?;
        f.as_file().sync_data()?;
        prets.push((f, dir.join(nom)));
    }
    for (f, chemin) in prets {
        f.persist(chemin).map_err(|e| e.error)?;
    }
    Ok(())
}

/// The file names of a case's two bundles.
pub fn noms_bundles(reference: &str) -> [String; 2] {
    [
        format!("{reference}-commissaire.zip"),
        format!("{reference}-avocat.zip"),
    ]
}

/// Writes a case's outputs as one folder `out/<reference>/` (see [`Atelier::ecrire_dossier`]),
/// for a command that writes one case.
pub fn ecrire_dossier(
    out: &Path,
    reference: &str,
    documents: &[DocumentRendu],
    bundles: &[(String, Vec<u8>)],
) -> std::io::Result<PathBuf> {
    Atelier::new(out).ecrire_dossier(reference, documents, bundles)
}

/// Where a run assembles its case folders before renaming them into `out`: one marked
/// temporary folder per run, created at the first case, removed when the run ends.
///
/// One per run rather than one per case: on ext4 without a journal (this development
/// machine), every inode deleted in the last 30 seconds is stepped over, reading its
/// dtime, at each file creation; two deletions per case made inode allocation 16 % of a
/// batch's CPU time.
pub struct Atelier {
    out: PathBuf,
    dossier: std::sync::OnceLock<Result<tempfile::TempDir, String>>,
    suivant: std::sync::atomic::AtomicU64,
}

impl Atelier {
    /// The workshop of `out`; nothing is created before the first case is written.
    pub fn new(out: &Path) -> Atelier {
        Atelier {
            out: out.to_owned(),
            dossier: std::sync::OnceLock::new(),
            suivant: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn dossier(&self) -> std::io::Result<&Path> {
        let d = self.dossier.get_or_init(|| {
            fs::create_dir_all(&self.out)
                .and_then(|()| dossier_temporaire(&self.out))
                .map_err(|e| e.to_string())
        });
        match d {
            Ok(t) => Ok(t.path()),
            Err(e) => Err(std::io::Error::other(e.clone())),
        }
    }

    /// A name inside the workshop that no other case of this run uses.
    fn nom_neuf(&self, prefixe: &str) -> std::io::Result<PathBuf> {
        let n = self
            .suivant
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(self.dossier()?.join(format!("{prefixe}-{n}")))
    }

    /// Writes a case's outputs as one folder `out/<reference>/`: its documents and its two
    /// bundles together, so they can never disagree. The folder is assembled in the
    /// workshop, then renamed into place; an earlier output is moved aside first and
    /// removed once the new one is in place.
    pub fn ecrire_dossier(
        &self,
        reference: &str,
        documents: &[DocumentRendu],
        bundles: &[(String, Vec<u8>)],
    ) -> std::io::Result<PathBuf> {
        let final_ = self.out.join(reference);
        let neuf = self.nom_neuf("dossier")?;
        fs::create_dir(&neuf)?;
        let ecrit = (|| {
            for d in documents {
                fs::write(neuf.join(&d.fichier), &d.pdf)?;
            }
            for (nom, octets) in bundles {
                fs::write(neuf.join(nom), octets)?;
            }
            let mut ancien = None;
            match fs::symlink_metadata(&final_) {
                Ok(m) if m.is_dir() => {
                    let a = self.nom_neuf("ancien")?;
                    fs::rename(&final_, &a)?;
                    ancien = Some(a);
                }
                Ok(_) => {
                    return Err(std::io::Error::other(format!(
                        "{} existe et n'est pas un dossier produit par recouvre : il n'est pas remplacé",
                        final_.display()
                    )))
                }
                Err(_) => {}
            }
            if let Err(e) = fs::rename(&neuf, &final_) {
                // The earlier output goes back in place rather than being lost.
                if let Some(a) = &ancien {
                    let _ = fs::rename(a, &final_);
                }
                return Err(e);
            }
            if let Some(a) = ancien {
                let _ = fs::remove_dir_all(a);
            }
            Ok(())
        })();
        if ecrit.is_err() {
            // A partial folder is never left behind, even before the workshop goes.
            let _ = fs::remove_dir_all(&neuf);
        }
        ecrit.map(|()| final_)
    }
}

/// Removes the temporaries a killed run of this program left in `out`: only folders and
/// files named with our prefix, and for folders only those carrying our mark. Call it only
/// while holding the folder's lock (no other run is writing there).
pub fn nettoyer(out: &Path) {
    let Ok(entrees) = fs::read_dir(out) else {
        return;
    };
    for e in entrees.flatten() {
        let nom = e.file_name().to_string_lossy().into_owned();
        if !nom.starts_with(PREFIXE_TEMPORAIRE) {
            continue;
        }
        let p = e.path();
        let Ok(meta) = fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if p.join(MARQUE).is_file() {
                let _ = fs::remove_dir_all(&p);
            }
        } else if meta.is_file() {
            let _ = fs::remove_file(&p);
        }
    }
}

/// An output folder held by one run: a second run on the same folder refuses clearly.
pub struct Verrou {
    _fichier: fs::File,
}

impl Verrou {
    /// Takes the lock of `out` (created if needed), or says who holds it.
    pub fn prendre(out: &Path) -> Result<Verrou, String> {
        fs::create_dir_all(out).map_err(|e| format!("{} : {e}", out.display()))?;
        let chemin = out.join(".recouvre.verrou");
        let fichier = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&chemin)
            .map_err(|e| format!("{} : {e}", chemin.display()))?;
        match fichier.try_lock() {
            Ok(()) => Ok(Verrou { _fichier: fichier }),
            Err(fs::TryLockError::WouldBlock) => Err(format!(
                "le dossier de sortie {} est déjà utilisé par un autre lot en cours ; attendez sa fin ou choisissez un autre --out",
                out.display()
            )),
            Err(fs::TryLockError::Error(e)) => Err(format!("{} : {e}", chemin.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contenu(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn one_workshop_per_run_and_nothing_left_behind() {
        let out = tempfile::tempdir().unwrap();
        let bundles = |n: &str| vec![(format!("{n}.zip"), n.as_bytes().to_vec())];
        {
            let atelier = Atelier::new(out.path());
            // Nothing is created before the first case.
            assert!(contenu(out.path()).is_empty());
            atelier.ecrire_dossier("A", &[], &bundles("un")).unwrap();
            atelier.ecrire_dossier("B", &[], &bundles("deux")).unwrap();
            // The workshop is there while the run lasts, and holds no case folder.
            let tmp: Vec<String> = contenu(out.path())
                .into_iter()
                .filter(|n| n.starts_with(PREFIXE_TEMPORAIRE))
                .collect();
            assert_eq!(tmp.len(), 1);
            assert_eq!(contenu(&out.path().join(&tmp[0])), vec![MARQUE.to_owned()]);
            // A case written again replaces the earlier folder whole.
            atelier.ecrire_dossier("A", &[], &bundles("trois")).unwrap();
            assert_eq!(contenu(&out.path().join("A")), vec!["trois.zip".to_owned()]);
            // A file in the folder's place is never replaced, and no partial folder stays.
            fs::write(out.path().join("C"), b"x").unwrap();
            let e = atelier
                .ecrire_dossier("C", &[], &bundles("quatre"))
                .unwrap_err();
            assert!(e.to_string().contains("n'est pas remplacé"), "{e}");
            assert_eq!(fs::read(out.path().join("C")).unwrap(), b"x");
        }
        assert_eq!(contenu(out.path()), vec!["A", "B", "C"]);
        assert_eq!(fs::read(out.path().join("B/deux.zip")).unwrap(), b"deux");
    }
}

//! Reading untrusted files: regular files only (a named pipe would block, a device never
//! ends), never more than a stated limit, checked while reading rather than after.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ErreurFichier {
    #[error("{fichier} : fichier introuvable")]
    Introuvable { fichier: String },
    /// A folder, a named pipe, a device or a socket.
    #[error("{fichier} n'est pas un fichier ordinaire ({genre})")]
    PasOrdinaire {
        fichier: String,
        genre: &'static str,
    },
    #[error("{fichier} : fichier trop volumineux ({taille} ; limite {limite})")]
    TropGros {
        fichier: String,
        /// What was seen, in words (`plus de 16 Mio` when reading stopped at the limit).
        taille: String,
        limite: String,
    },
    #[error("{fichier} : lecture impossible ({source})")]
    Lecture {
        fichier: String,
        #[source]
        source: std::io::Error,
    },
}

/// A size in words, for messages: `512 octets`, `64 Kio`, `16 Mio`, `1,5 Gio`.
pub fn taille_lisible(n: u64) -> String {
    const KIO: u64 = 1024;
    let (unite, div) = match n {
        n if n >= KIO * KIO * KIO => ("Gio", KIO * KIO * KIO),
        n if n >= KIO * KIO => ("Mio", KIO * KIO),
        n if n >= KIO => ("Kio", KIO),
        _ => return format!("{n} octets"),
    };
    let dixiemes = (n * 10 + div / 2) / div;
    if dixiemes.is_multiple_of(10) {
        format!("{} {unite}", dixiemes / 10)
    } else {
        format!("{},{} {unite}", dixiemes / 10, dixiemes % 10)
    }
}

fn genre(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "tube nommé";
        }
        if t.is_char_device() || t.is_block_device() {
            return "périphérique";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if t.is_dir() {
        "dossier"
    } else {
        "ni fichier ni dossier"
    }
}

/// Opens a regular file for reading without ever blocking: a named pipe is opened
/// non-blocking and refused from the handle's own type (no race between a check and the
/// open).
pub fn ouvrir(chemin: &Path) -> Result<(File, u64), ErreurFichier> {
    let fichier = chemin.display().to_string();
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let f = options.open(chemin).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ErreurFichier::Introuvable {
                fichier: fichier.clone(),
            }
        } else {
            ErreurFichier::Lecture {
                fichier: fichier.clone(),
                source,
            }
        }
    })?;
    let meta = f.metadata().map_err(|source| ErreurFichier::Lecture {
        fichier: fichier.clone(),
        source,
    })?;
    if !meta.file_type().is_file() {
        return Err(ErreurFichier::PasOrdinaire {
            fichier,
            genre: genre(&meta.file_type()),
        });
    }
    Ok((f, meta.len()))
}

/// Reads a whole regular file of at most `limite` bytes. The limit holds while reading: a
/// file that grows after its size was checked is still cut at `limite + 1` bytes and refused.
pub fn lire_borne(chemin: &Path, limite: u64) -> Result<Vec<u8>, ErreurFichier> {
    let fichier = chemin.display().to_string();
    let (f, taille) = ouvrir(chemin)?;
    let trop = |taille: String| ErreurFichier::TropGros {
        fichier: fichier.clone(),
        taille,
        limite: taille_lisible(limite),
    };
    if taille > limite {
        return Err(trop(taille_lisible(taille)));
    }
    let mut octets = Vec::with_capacity(taille as usize);
    f.take(limite + 1)
        .read_to_end(&mut octets)
        .map_err(|source| ErreurFichier::Lecture {
            fichier: fichier.clone(),
            source,
        })?;
    if octets.len() as u64 > limite {
        return Err(trop(format!("plus de {}", taille_lisible(limite))));
    }
    Ok(octets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_french() {
        assert_eq!(taille_lisible(512), "512 octets");
        assert_eq!(taille_lisible(16 * 1024 * 1024), "16 Mio");
        assert_eq!(taille_lisible(1536 * 1024 * 1024), "1,5 Gio");
    }

    #[test]
    fn only_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, b"0123456789").unwrap();
        assert_eq!(lire_borne(&f, 10).unwrap(), b"0123456789");
        let e = lire_borne(&f, 9).unwrap_err().to_string();
        assert!(
            e.contains("trop volumineux") && e.contains("9 octets"),
            "{e}"
        );
        let e = lire_borne(dir.path(), 10).unwrap_err().to_string();
        assert!(
            e.contains("n'est pas un fichier ordinaire (dossier)"),
            "{e}"
        );
        let e = lire_borne(&dir.path().join("absent"), 10)
            .unwrap_err()
            .to_string();
        assert!(e.contains("introuvable"), "{e}");
        #[cfg(unix)]
        {
            let e = lire_borne(Path::new("/dev/zero"), 10)
                .unwrap_err()
                .to_string();
            assert!(e.contains("(périphérique)"), "{e}");
        }
    }
}

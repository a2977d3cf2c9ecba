//! The exhibits of a case, read from inside its folder, numbered in the order of a recovery
//! bordereau (CPC 56 3°, 1407): contract, CGV and other documents → invoices by date →
//! letters and events by date. The décompte, generated, comes last.

use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fichier::{lire_borne, taille_lisible, ErreurFichier};
use super::pdf::{self, Lecture, RefusPdf};
use crate::chemin::chemin_sur;
use crate::diagnostic::Diagnostic;
use crate::empreinte::sha256_hex;
use crate::model::Dossier;
pub use crate::model::PieceLue;

/// Exhibits larger than this are refused, while reading (a scanned contract is a few
/// megabytes).
pub const TAILLE_MAX_PIECE: u64 = 256 * 1024 * 1024;
/// The distinct exhibit files of one case add up to at most this (a file referenced several
/// times counts once). A case's exhibits are held in memory while its bundles are built,
/// twice over (one bundle per audience): this bounds the memory of a case.
pub const TAILLE_MAX_PIECES_DOSSIER: u64 = 256 * 1024 * 1024;

struct Declaree {
    titre: String,
    date: Option<NaiveDate>,
    chemin: String,
    source: String,
    /// A file outside the case folder whose path the program chose itself (an exhibit the
    /// register keeps by its hash); `chemin` is then only its name.
    absolu: Option<PathBuf>,
}

/// An exhibit kept outside the case folder, by the program (the register's `pieces/`), that
/// joins the case's exhibits among the letters and events, by date.
#[derive(Debug, Clone)]
pub struct PieceExterne {
    pub titre: String,
    pub date: NaiveDate,
    /// The file's name as shown in messages.
    pub nom: String,
    pub chemin: PathBuf,
    /// Where it comes from, for messages (`registre`).
    pub source: String,
}

/// Lists the exhibits in bordereau order without reading them.
fn declarees(d: &Dossier, externes: &[PieceExterne]) -> Vec<Declaree> {
    let mut v: Vec<Declaree> = d
        .pieces
        .iter()
        .enumerate()
        .map(|(i, p)| Declaree {
            titre: p.titre.trim().to_owned(),
            date: p.date,
            chemin: p.fichier.clone(),
            source: format!("pieces[{i}].fichier"),
            absolu: None,
        })
        .collect();
    let mut factures: Vec<(NaiveDate, usize, Declaree)> = d
        .factures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let p = f.piece.clone()?;
            Some((
                f.date,
                i,
                Declaree {
                    titre: format!(
                        "Facture n° {} du {}",
                        f.numero,
                        crate::format::date_fr(f.date)
                    ),
                    date: Some(f.date),
                    chemin: p,
                    source: format!("factures[{i}].piece"),
                    absolu: None,
                },
            ))
        })
        .collect();
    factures.sort_by_key(|(date, i, _)| (*date, *i));
    v.extend(factures.into_iter().map(|(_, _, p)| p));
    let mut evenements: Vec<(NaiveDate, usize, Declaree)> = d
        .evenements
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let p = e.piece.clone()?;
            let titre = e.description.clone().unwrap_or_else(|| {
                let mut t = e.type_.libelle().to_owned();
                if let Some(first) = t.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                let mut titre = format!("{t} du {}", crate::format::date_fr(e.date));
                // The proof of receipt produced with the letter.
                if let Some(ar) = e.accuse_reception {
                    titre.push_str(&format!(
                        " et avis de réception signé le {}",
                        crate::format::date_fr(ar)
                    ));
                }
                titre
            });
            Some((
                e.date,
                i,
                Declaree {
                    titre,
                    date: Some(e.date),
                    chemin: p,
                    source: format!("evenements[{i}].piece"),
                    absolu: None,
                },
            ))
        })
        .collect();
    // The proof of the amicable attempt (CPC 750-1) takes its place among the letters, by date.
    if let Some(p) = d.procedure.as_ref().and_then(|p| p.preuve_amiable.as_ref()) {
        evenements.push((
            p.date.unwrap_or(NaiveDate::MAX),
            usize::MAX,
            Declaree {
                titre: p.titre.trim().to_owned(),
                date: p.date,
                chemin: p.fichier.clone(),
                source: "procedure.preuve_amiable.fichier".into(),
                absolu: None,
            },
        ));
    }
    // Exhibits the register keeps (an ordonnance, a proof of receipt…), among the events.
    for (j, x) in externes.iter().enumerate() {
        evenements.push((
            x.date,
            usize::MAX / 2 + j,
            Declaree {
                titre: x.titre.clone(),
                date: Some(x.date),
                chemin: x.nom.clone(),
                source: x.source.clone(),
                absolu: Some(x.chemin.clone()),
            },
        ));
    }
    evenements.sort_by_key(|(date, i, _)| (*date, *i));
    v.extend(evenements.into_iter().map(|(_, _, p)| p));
    // The special power of a representative who is not an avocat (CPC 853), last.
    if let Some(p) = d.mandataire.as_ref().and_then(|m| m.pouvoir.as_ref()) {
        v.push(Declaree {
            titre: p.titre.trim().to_owned(),
            date: p.date,
            chemin: p.fichier.clone(),
            source: "mandataire.pouvoir.fichier".into(),
            absolu: None,
        });
    }
    v
}

/// An exhibit file as read: its bytes shared by every reference to it.
struct Lu {
    octets: Arc<[u8]>,
    sha256: String,
    pages: Option<usize>,
}

/// Reads every exhibit of the case from inside `racine`, hashing it. Every problem is
/// reported (missing file, path escaping the folder, not a regular file, too large, hostile
/// PDF), before anything is written. A file referenced several times is read once and its
/// bytes shared; the distinct files of a case add up to at most [`TAILLE_MAX_PIECES_DOSSIER`].
pub fn lire_pieces(d: &Dossier, racine: &Path) -> Result<Vec<PieceLue>, Vec<Diagnostic>> {
    lire_pieces_avec(d, racine, &[])
}

/// [`lire_pieces`], with exhibits kept outside the case folder by the program.
pub fn lire_pieces_avec(
    d: &Dossier,
    racine: &Path,
    externes: &[PieceExterne],
) -> Result<Vec<PieceLue>, Vec<Diagnostic>> {
    let mut erreurs = Vec::new();
    let mut lues = Vec::new();
    let mut deja: HashMap<PathBuf, Lu> = HashMap::new();
    let mut total: u64 = 0;
    let base = racine
        .canonicalize()
        .unwrap_or_else(|_| racine.to_path_buf());
    for (i, p) in declarees(d, externes).into_iter().enumerate() {
        let reel = match &p.absolu {
            // Chosen by the program (the register's folder, a hash for a name): never
            // resolved from case data.
            Some(chemin) => chemin.clone(),
            None => match resoudre(&base, &p) {
                Ok(r) => r,
                Err(e) => {
                    erreurs.push(e);
                    continue;
                }
            },
        };
        if !deja.contains_key(&reel) {
            match lire_une(&reel, &p, TAILLE_MAX_PIECES_DOSSIER - total) {
                Ok(lu) => {
                    total += lu.octets.len() as u64;
                    deja.insert(reel.clone(), lu);
                }
                Err(e) => {
                    erreurs.push(e);
                    continue;
                }
            }
        }
        let lu = &deja[&reel];
        lues.push(PieceLue {
            numero: i + 1,
            titre: p.titre,
            date: p.date,
            chemin: p.chemin,
            taille: lu.octets.len() as u64,
            sha256: lu.sha256.clone(),
            pages: lu.pages,
            source: p.source,
            octets: Arc::clone(&lu.octets),
        });
    }
    if erreurs.is_empty() {
        Ok(lues)
    } else {
        // Exhibits matter for the filings, not for the décompte.
        Err(erreurs.into_iter().map(Diagnostic::document).collect())
    }
}

/// The real path of an exhibit named in the case file, inside the case folder `base`: a
/// relative path without `..`, existing, and not a link leading outside.
fn resoudre(base: &Path, p: &Declaree) -> Result<PathBuf, Diagnostic> {
    if !chemin_sur(&p.chemin) {
        return Err(Diagnostic::erreur(
            &p.source,
            format!("chemin « {} » hors du dossier", p.chemin),
        )
        .aide("désignez la pièce par un chemin relatif au fichier du dossier, sans « .. »"));
    }
    // A symlink inside the folder must not lead outside it.
    let reel = base.join(&p.chemin).canonicalize().map_err(|_| {
        Diagnostic::erreur(&p.source, format!("pièce « {} » introuvable", p.chemin)).aide(
            "placez le fichier à cet endroit, relatif au fichier du dossier, ou corrigez le chemin",
        )
    })?;
    if !reel.starts_with(base) {
        return Err(Diagnostic::erreur(
            &p.source,
            format!("pièce « {} » : lien qui sort du dossier", p.chemin),
        )
        .aide("copiez le fichier dans le dossier au lieu d'un lien symbolique"));
    }
    Ok(reel)
}

/// Reads one exhibit file: a regular file, within its own limit and what is left of the
/// case's; a PDF goes through the pre-scan of [`super::pdf`].
fn lire_une(reel: &Path, p: &Declaree, reste: u64) -> Result<Lu, Diagnostic> {
    let limite = TAILLE_MAX_PIECE.min(reste);
    let octets = match lire_borne(reel, limite) {
        Ok(o) => o,
        Err(ErreurFichier::TropGros { taille, .. }) if limite < TAILLE_MAX_PIECE => {
            return Err(Diagnostic::erreur(
                &p.source,
                format!(
                    "pièce « {} » ({taille}) : les pièces du dossier dépassent ensemble {}",
                    p.chemin,
                    taille_lisible(TAILLE_MAX_PIECES_DOSSIER)
                ),
            )
            .aide("réduisez les pièces (numérisation en niveaux de gris, 200 ppp) ou répartissez-les entre plusieurs dossiers"))
        }
        Err(ErreurFichier::TropGros { taille, limite, .. }) => {
            return Err(Diagnostic::erreur(
                &p.source,
                format!("pièce « {} » trop volumineuse ({taille} ; limite {limite})", p.chemin),
            )
            .aide("réduisez le fichier (numérisation en niveaux de gris, 200 ppp) ou découpez-le"))
        }
        Err(ErreurFichier::PasOrdinaire { genre, .. }) => {
            return Err(Diagnostic::erreur(
                &p.source,
                format!("pièce « {} » : ce n'est pas un fichier ordinaire ({genre})", p.chemin),
            )
            .aide("désignez un fichier (PDF, image) placé dans le dossier"))
        }
        Err(e) => {
            return Err(Diagnostic::erreur(
                &p.source,
                format!("pièce « {} » illisible : {e}", p.chemin),
            ))
        }
    };
    let octets: Arc<[u8]> = octets.into();
    let pages = compter_pages(&octets).map_err(|refus| {
        Diagnostic::erreur(
            &p.source,
            format!("pièce « {} » refusée : {refus}", p.chemin),
        )
        .aide("ouvrez-la et réenregistrez-la avec un autre logiciel (« imprimer en PDF »), puis relancez")
    })?;
    Ok(Lu {
        sha256: sha256_hex(&octets),
        octets,
        pages,
    })
}

/// Page count of a PDF: `Ok(None)` if it is not a PDF or hayro cannot read it safely (the
/// bordereau then shows no count), `Err` for a hostile file (too deep, a decompression bomb,
/// a page tree built to exhaust the reader).
pub fn compter_pages(octets: &Arc<[u8]>) -> Result<Option<usize>, RefusPdf> {
    if !octets.starts_with(b"%PDF") {
        return Ok(None);
    }
    match pdf::lire_pdf(Arc::clone(octets), |pdf| pdf.pages().len())? {
        Lecture::Lu(n) => Ok(Some(n)),
        Lecture::NonLu(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exemple::dossier_toml;

    fn cas(pieces: &[&str]) -> Dossier {
        let mut t = String::from(
            "reference = \"P-1\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n\
             [debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n\
             [[factures]]\nnumero = \"F1\"\ndate = \"2026-01-15\"\necheance = \"2026-02-14\"\nmontant = \"100\"\n",
        );
        for p in pieces {
            t.push_str(&format!(
                "[[pieces]]\ntitre = \"Pièce\"\nfichier = \"{p}\"\n"
            ));
        }
        dossier_toml(&t)
    }

    #[test]
    fn a_file_referenced_eight_times_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"not a pdf").unwrap();
        let d = cas(&["a.pdf"; 8]);
        let lues = lire_pieces(&d, dir.path()).unwrap();
        assert_eq!(lues.len(), 8);
        assert!(lues.iter().all(|p| Arc::ptr_eq(&p.octets, &lues[0].octets)));
    }

    #[test]
    fn the_exhibits_of_a_case_are_bounded_together() {
        let dir = tempfile::tempdir().unwrap();
        // Sparse files: nothing is written to disk.
        for nom in ["a.bin", "b.bin"] {
            std::fs::File::create(dir.path().join(nom))
                .unwrap()
                .set_len(TAILLE_MAX_PIECES_DOSSIER / 2 + 1)
                .unwrap();
        }
        let e = lire_pieces(&cas(&["a.bin", "a.bin", "b.bin"]), dir.path()).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].chemin, "pieces[2].fichier");
        assert!(
            e[0].message
                .contains("les pièces du dossier dépassent ensemble 256 Mio"),
            "{}",
            e[0].message
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_not_an_exhibit() {
        let dir = tempfile::tempdir().unwrap();
        let tube = dir.path().join("tube.pdf");
        assert!(std::process::Command::new("mkfifo")
            .arg(&tube)
            .status()
            .unwrap()
            .success());
        let e = lire_pieces(&cas(&["tube.pdf"]), dir.path()).unwrap_err();
        assert!(
            e[0].message
                .contains("ce n'est pas un fichier ordinaire (tube nommé)"),
            "{}",
            e[0].message
        );
    }
}

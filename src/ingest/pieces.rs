//! The exhibits of a case, read from inside its folder, numbered in the order of a recovery
//! bordereau (CPC 56 3°, 1407): contract, CGV and other documents → invoices by date →
//! letters and events by date. The décompte, generated, comes last.

use chrono::NaiveDate;
use std::path::Path;

use crate::chemin::chemin_sur;
use crate::diagnostic::Diagnostic;
use crate::empreinte::sha256_hex;
use crate::model::Dossier;
pub use crate::model::PieceLue;

/// Exhibits larger than this are refused (a scanned contract is a few megabytes).
pub const TAILLE_MAX_PIECE: u64 = 256 * 1024 * 1024;

struct Declaree {
    titre: String,
    date: Option<NaiveDate>,
    chemin: String,
    source: String,
}

/// Lists the exhibits in bordereau order without reading them.
fn declarees(d: &Dossier) -> Vec<Declaree> {
    let mut v: Vec<Declaree> = d
        .pieces
        .iter()
        .enumerate()
        .map(|(i, p)| Declaree {
            titre: p.titre.trim().to_owned(),
            date: p.date,
            chemin: p.fichier.clone(),
            source: format!("pieces[{i}].fichier"),
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
                format!("{t} du {}", crate::format::date_fr(e.date))
            });
            Some((
                e.date,
                i,
                Declaree {
                    titre,
                    date: Some(e.date),
                    chemin: p,
                    source: format!("evenements[{i}].piece"),
                },
            ))
        })
        .collect();
    evenements.sort_by_key(|(date, i, _)| (*date, *i));
    v.extend(evenements.into_iter().map(|(_, _, p)| p));
    v
}

/// Reads every exhibit of the case from inside `racine`, hashing it. Every problem is
/// reported (missing file, path escaping the folder), before anything is written.
pub fn lire_pieces(d: &Dossier, racine: &Path) -> Result<Vec<PieceLue>, Vec<Diagnostic>> {
    let mut erreurs = Vec::new();
    let mut lues = Vec::new();
    let base = racine
        .canonicalize()
        .unwrap_or_else(|_| racine.to_path_buf());
    for (i, p) in declarees(d).into_iter().enumerate() {
        if !chemin_sur(&p.chemin) {
            erreurs.push(
                Diagnostic::erreur(
                    &p.source,
                    format!("chemin « {} » hors du dossier", p.chemin),
                )
                .aide("désignez la pièce par un chemin relatif au fichier du dossier, sans « .. »"),
            );
            continue;
        }
        let absolu = base.join(&p.chemin);
        // A symlink inside the folder must not lead outside it.
        let reel = match absolu.canonicalize() {
            Ok(r) => r,
            Err(_) => {
                erreurs.push(
                    Diagnostic::erreur(&p.source, format!("pièce « {} » introuvable", p.chemin))
                        .aide("placez le fichier à cet endroit, relatif au fichier du dossier, ou corrigez le chemin"),
                );
                continue;
            }
        };
        if !reel.starts_with(&base) {
            erreurs.push(
                Diagnostic::erreur(
                    &p.source,
                    format!("pièce « {} » : lien qui sort du dossier", p.chemin),
                )
                .aide("copiez le fichier dans le dossier au lieu d'un lien symbolique"),
            );
            continue;
        }
        let meta = match std::fs::metadata(&reel) {
            Ok(m) if m.is_file() => m,
            _ => {
                erreurs.push(Diagnostic::erreur(
                    &p.source,
                    format!("pièce « {} » : ce n'est pas un fichier lisible", p.chemin),
                ));
                continue;
            }
        };
        if meta.len() > TAILLE_MAX_PIECE {
            erreurs.push(Diagnostic::erreur(
                &p.source,
                format!(
                    "pièce « {} » trop volumineuse ({} octets)",
                    p.chemin,
                    meta.len()
                ),
            ));
            continue;
        }
        let octets = match std::fs::read(&reel) {
            Ok(o) => o,
            Err(e) => {
                erreurs.push(Diagnostic::erreur(
                    &p.source,
                    format!("pièce « {} » illisible : {e}", p.chemin),
                ));
                continue;
            }
        };
        let sha256 = sha256_hex(&octets);
        let pages = compter_pages(&octets);
        lues.push(PieceLue {
            numero: i + 1,
            titre: p.titre,
            date: p.date,
            chemin: p.chemin,
            taille: meta.len(),
            sha256,
            pages,
            source: p.source,
            octets: octets.into(),
        });
    }
    if erreurs.is_empty() {
        Ok(lues)
    } else {
        Err(erreurs)
    }
}

/// Page count of a PDF (None if it is not a PDF or cannot be read).
pub fn compter_pages(octets: &[u8]) -> Option<usize> {
    if !octets.starts_with(b"%PDF") {
        return None;
    }
    let pdf = hayro_syntax::Pdf::new(octets.to_vec()).ok()?;
    Some(pdf.pages().len())
}

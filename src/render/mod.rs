//! Typesetting: the plan's documents become PDF/A files through the embedded Typst engine.
//! Pure: takes values, returns bytes; the CLI writes them.

pub mod donnees;
mod moteur;

pub use moteur::{Moteur, RenderError, Rendu, VERSION_TEMPLATES};

use crate::empreinte::sha256_hex;
use crate::law::{Decompte, TablesLoi};
use crate::model::Dossier;
use crate::model::PieceLue;
use crate::plan::{CodeDocument, Plan};

/// A rendered document of a case.
#[derive(Debug, Clone)]
pub struct DocumentRendu {
    pub fichier: String,
    pub code: CodeDocument,
    pub titre: String,
    pub projet: bool,
    pub pdf: Vec<u8>,
    /// SHA-256 of `pdf`, computed once here for the bordereau, the bundles and the state.
    pub sha256: String,
    pub pages: usize,
}

/// Renders every document of the plan. The décompte is rendered first: when the plan has a
/// bordereau, the décompte is its last exhibit, listed with its page count and SHA-256.
pub fn rendre_dossier(
    moteur: &Moteur,
    dossier: &Dossier,
    decompte: &Decompte,
    plan: &Plan,
    pieces: &[PieceLue],
    tables: &TablesLoi,
) -> Result<Vec<DocumentRendu>, RenderError> {
    let mut pieces = pieces.to_vec();
    let mut rendus: Vec<Option<DocumentRendu>> = vec![None; plan.documents.len()];
    let a_bordereau = plan
        .documents
        .iter()
        .any(|d| d.forme.code == CodeDocument::Bordereau);
    let mut ordre: Vec<usize> = (0..plan.documents.len()).collect();
    ordre.sort_by_key(|&i| plan.documents[i].forme.code != CodeDocument::Decompte);
    let mut data = donnees::donnees(dossier, decompte, plan, &pieces, tables);
    for i in ordre {
        let doc = &plan.documents[i];
        donnees::pour_document(&mut data, plan, doc);
        let ident = format!("recouvre/{}/{}", dossier.reference, doc.forme.code);
        let rendu = moteur.rendre(&doc.forme.template, &data, &ident, plan.date)?;
        let sha256 = sha256_hex(&rendu.pdf);
        if doc.forme.code == CodeDocument::Decompte && a_bordereau {
            pieces.push(PieceLue {
                numero: pieces.len() + 1,
                titre: format!(
                    "Décompte de créance arrêté au {}",
                    crate::format::date_fr(decompte.arrete_au)
                ),
                date: Some(decompte.arrete_au),
                chemin: doc.fichier.clone(),
                taille: rendu.pdf.len() as u64,
                sha256: sha256.clone(),
                pages: Some(rendu.pages),
                source: "decompte".into(),
                octets: rendu.pdf.as_slice().into(),
            });
            data.pieces = donnees::liste_pieces(&pieces);
        }
        rendus[i] = Some(DocumentRendu {
            fichier: doc.fichier.clone(),
            code: doc.forme.code,
            titre: doc.forme.titre.clone(),
            projet: doc.est_projet(),
            pdf: rendu.pdf,
            sha256,
            pages: rendu.pages,
        });
    }
    Ok(rendus.into_iter().flatten().collect())
}

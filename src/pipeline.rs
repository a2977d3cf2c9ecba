//! One case through the stages, as `check`, `build` and `batch` all run it: validation and
//! décompte, then documents, then bundles. Pure: reads exhibits through `ingest`, writes
//! nothing.

use chrono::NaiveDate;
use std::time::Instant;

use crate::bundle::{self, Versions};
use crate::diagnostic::{Diagnostic, Portee};
use crate::ingest::DossierLu;
use crate::law::{self, Decompte, Resultat, TablesLoi};
use crate::model::PieceLue;
use crate::plan::{Plan, Refus};
use crate::render::{self, DocumentRendu, Moteur};
use crate::validate;

/// Validation and décompte of a case.
pub struct Verifie {
    /// Every diagnostic, errors and warnings, the décompte's included.
    pub diagnostics: Vec<Diagnostic>,
    /// The décompte, when validation let it be computed and it succeeded.
    pub resultat: Option<Resultat>,
    /// Microseconds spent validating and computing.
    pub durees: (u64, u64),
}

impl Verifie {
    pub fn erreurs(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.est_erreur())
            .cloned()
            .collect()
    }

    pub fn avertissements(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| !d.est_erreur())
            .cloned()
            .collect()
    }
}

/// Every check of the case (exhibits included) and its décompte at `arrete`: a case passes
/// `check` only if its décompte computes.
pub fn verifier(lu: &DossierLu, arrete: NaiveDate, tables: &TablesLoi) -> Verifie {
    let t = Instant::now();
    let racine = lu.racine.clone();
    let existe = move |p: &str| racine.join(p).is_file();
    let ctx = validate::Contexte {
        arrete,
        tables,
        existe: Some(&existe),
    };
    let mut diagnostics = validate::valider(&lu.dossier, &ctx);
    let validation = t.elapsed().as_micros() as u64;
    let t = Instant::now();
    let calcul_possible = !diagnostics
        .iter()
        .any(|d| d.est_erreur() && d.portee == Portee::Calcul);
    let mut resultat = None;
    if calcul_possible {
        match law::calculer(&lu.dossier, arrete, tables) {
            Ok(r) => {
                diagnostics.extend(r.avertissements.iter().cloned());
                resultat = Some(r);
            }
            Err(e) => diagnostics.extend(e),
        }
    }
    Verifie {
        diagnostics,
        resultat,
        durees: (validation, t.elapsed().as_micros() as u64),
    }
}

/// A path the law forbids, as a diagnostic.
pub fn refus(r: Refus) -> Diagnostic {
    Diagnostic::erreur("", format!("démarche refusée : {}", r.message)).aide(r.aide)
}

/// The versions recorded in bundles.
pub fn versions(tables: &TablesLoi, moteur: &Moteur) -> Versions {
    Versions {
        recouvre: env!("CARGO_PKG_VERSION").to_owned(),
        lois: tables.version(),
        modeles: format!("{} ({})", render::VERSION_TEMPLATES, moteur.origine),
    }
}

/// The plan's documents as PDF.
pub fn rendre(
    moteur: &Moteur,
    lu: &DossierLu,
    decompte: &Decompte,
    plan: &Plan,
    pieces: &[PieceLue],
) -> Result<Vec<DocumentRendu>, Vec<Diagnostic>> {
    render::rendre_dossier(moteur, &lu.dossier, decompte, plan, pieces).map_err(|e| {
        vec![Diagnostic::erreur("", e.to_string()).aide(
            "vérifiez les modèles (--templates) ; avec les modèles intégrés, signalez le problème avec le dossier",
        )]
    })
}

/// Both bundles `(file name, zip bytes)`, with the exhibits' bytes as they were hashed.
pub fn emballer(
    lu: &DossierLu,
    decompte: &Decompte,
    documents: &[DocumentRendu],
    pieces: &[PieceLue],
    arrete: NaiveDate,
    versions: &Versions,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    bundle::bundles(&lu.dossier, decompte, documents, pieces, arrete, versions).map_err(|e| {
        vec![Diagnostic::erreur(
            "",
            format!("assemblage des bundles impossible : {e}"),
        )]
    })
}

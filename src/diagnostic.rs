//! Located diagnostics, collected rather than thrown one at a time (the typst model):
//! `dossier 2026-0042 › factures[2].echeance : message` + a hint saying what to do.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gravite {
    Erreur,
    Avertissement,
}

/// What a diagnostic matters for: `Calcul` problems concern the décompte; `Document`
/// problems only the documents and filings (addresses, identifiers, guards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Portee {
    Calcul,
    Document,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub gravite: Gravite,
    pub portee: Portee,
    /// Path in the case file, `factures[2].echeance`; empty for the whole case.
    pub chemin: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aide: Option<String>,
}

impl Diagnostic {
    pub fn erreur(chemin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            gravite: Gravite::Erreur,
            portee: Portee::Calcul,
            chemin: chemin.into(),
            message: message.into(),
            aide: None,
        }
    }

    pub fn avertissement(chemin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            gravite: Gravite::Avertissement,
            ..Diagnostic::erreur(chemin, message)
        }
    }

    pub fn aide(mut self, aide: impl Into<String>) -> Self {
        self.aide = Some(aide.into());
        self
    }

    /// Marks the diagnostic as relevant to documents only, not to the décompte.
    pub fn document(mut self) -> Self {
        self.portee = Portee::Document;
        self
    }

    pub fn est_erreur(&self) -> bool {
        self.gravite == Gravite::Erreur
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.chemin.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{} : {}", self.chemin, self.message)?;
        }
        if let Some(aide) = &self.aide {
            write!(f, "\n  aide : {aide}")?;
        }
        Ok(())
    }
}

/// Builds `factures[2].echeance` paths.
pub fn chemin(liste: &str, index: usize, champ: &str) -> String {
    if champ.is_empty() {
        format!("{liste}[{index}]")
    } else {
        format!("{liste}[{index}].{champ}")
    }
}

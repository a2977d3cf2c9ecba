//! The seam where the register (issue 12) plugs into the workspace: the facts it knows
//! about a case join the case file's timeline, and the « record a fact » form writes
//! through it. Until the register exists, [`SansRegistre`] knows nothing and refuses to
//! record, saying why.

use chrono::NaiveDate;

/// A fact of the register, as the timeline shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fait {
    pub date: NaiveDate,
    /// `envoi`, `paiement`, `ordonnance`… (the `registre ajouter` types).
    pub type_: String,
    pub libelle: String,
}

/// A fact the paralegal asks to record (the form's fields, already checked).
#[derive(Debug, Clone, PartialEq)]
pub struct NouveauFait {
    pub date: NaiveDate,
    pub type_: String,
    pub detail: String,
}

/// What the workspace needs from a register.
pub trait Registre: Send + Sync {
    /// Whether facts can be recorded (the form is offered only then).
    fn disponible(&self) -> bool;
    /// The facts recorded for `reference`, in any order (the timeline sorts them).
    fn faits(&self, reference: &str) -> Vec<Fait>;
    /// Records a fact, or says in French why it cannot.
    fn enregistrer(&self, reference: &str, fait: NouveauFait) -> Result<(), String>;
}

/// No register: the timeline comes from the case file alone.
pub struct SansRegistre;

impl Registre for SansRegistre {
    fn disponible(&self) -> bool {
        false
    }

    fn faits(&self, _reference: &str) -> Vec<Fait> {
        Vec::new()
    }

    fn enregistrer(&self, _reference: &str, _fait: NouveauFait) -> Result<(), String> {
        Err("le registre n'est pas encore disponible : consignez l'événement dans le fichier du dossier ([[evenements]] ou [[paiements]])".into())
    }
}

//! The domain model: what a case file says, as the law names it.
//!
//! Amounts are `Decimal`, dates `NaiveDate`; never floats for money. Unknown keys are
//! refused everywhere (`deny_unknown_fields`): a typo must not silently drop a payment.

pub mod de;
#[cfg(test)]
pub mod exemple;

mod creance;
mod dossier;
mod echeancier;
mod evenement;
mod facture;
mod intervenant;
mod juridiction;
mod paiement;
mod partie;
mod piece;
mod piece_lue;
mod procedure;
mod procedure_collective;

pub use creance::{Creance, Fondement, Matiere, ModeInterets};
pub use dossier::Dossier;
pub use echeancier::{Echeancier, Periodicite};
pub use evenement::{Evenement, ModeEnvoi, TypeEvenement};
pub use facture::Facture;
pub use intervenant::{Intervenant, Mandataire, QualiteMandataire};
pub use juridiction::{Juridiction, TypeJuridiction};
pub use paiement::Paiement;
pub use partie::{Adresse, Civilite, Nature, Partie, Representant};
pub use piece::Piece;
pub use piece_lue::PieceLue;
pub use procedure::{Audience, Bien, DispenseAutorisation, Procedure, Voie};
pub use procedure_collective::{
    MandataireJudiciaire, ProcedureCollective, TypeProcedureCollective,
};

//! The rules engine: interest, indemnities, imputation, deadlines, prescription and
//! identifiers. Code says how; `law/*.toml` (see [`tables`]) says how much and since when.

pub mod calendrier;
pub mod decompte;
pub mod echeancier;
pub mod identifiants;
pub mod juridictions;
pub mod parametres;
pub mod prescription;
pub mod tables;

pub use decompte::{calculer, Decompte, Resultat};
pub use parametres::{Cle, Valeur};
pub use tables::{LoiError, Semestre, TablesLoi};

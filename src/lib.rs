//! recouvre: from unpaid-invoice case data to the French court-ready recovery dossier.
//!
//! The modules follow the pipeline (DESIGN.md): `ingest` reads case files into the `model`,
//! `validate` checks them, `law` computes the décompte, deadlines and guards from dated
//! tables, and `cli` is the only place that prints or exits.

pub mod batch;
pub mod bundle;
pub mod chemin;
pub mod cli;
pub mod diagnostic;
pub mod empreinte;
pub mod format;
pub mod ingest;
pub mod law;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod registre;
pub mod render;
pub mod serve;
pub mod sortie;
pub mod validate;

//! The debtor's collective procedure (C. com. L620-1 s.), as the creditor learns it from the
//! BODACC: what a declaration of claim needs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::de;
use super::Adresse;

/// Sauvegarde, redressement or liquidation judiciaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeProcedureCollective {
    Sauvegarde,
    Redressement,
    Liquidation,
}

impl TypeProcedureCollective {
    /// `redressement judiciaire`, as « une procédure de … » names it.
    pub fn libelle(self) -> &'static str {
        match self {
            TypeProcedureCollective::Sauvegarde => "sauvegarde",
            TypeProcedureCollective::Redressement => "redressement judiciaire",
            TypeProcedureCollective::Liquidation => "liquidation judiciaire",
        }
    }

    /// Who receives the declarations: the mandataire judiciaire (L622-24), or the
    /// liquidateur in a liquidation (L641-3).
    pub fn organe(self) -> &'static str {
        match self {
            TypeProcedureCollective::Liquidation => "liquidateur judiciaire",
            _ => "mandataire judiciaire",
        }
    }
}

/// The organ the declaration is sent to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MandataireJudiciaire {
    pub nom: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Adresse>,
}

/// `[procedure_collective]`: the opening judgment and its publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureCollective {
    #[serde(rename = "type")]
    pub type_: TypeProcedureCollective,
    /// Date of the opening judgment: interest stops that day (L622-28) and the claims born
    /// before it are declared (L622-24).
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub jugement_ouverture: Option<NaiveDate>,
    /// The court that opened it (`tribunal de commerce de Lyon`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tribunal: Option<String>,
    /// Publication of the opening judgment in the BODACC: the declaration period runs from
    /// it (R622-24).
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub publication_bodacc: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandataire: Option<MandataireJudiciaire>,
    /// Sûretés and privileges the claim carries (L622-25); none: chirographaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suretes: Option<String>,
}

//! The court seized, when the case file names it.

use super::Adresse;
use serde::{Deserialize, Serialize};

/// Kind of court (LAW.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeJuridiction {
    TribunalDeCommerce,
    TribunalActivitesEconomiques,
    TribunalJudiciaire,
    JugeContentieuxProtection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Juridiction {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<TypeJuridiction>,
    pub ville: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chambre: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Adresse>,
}

//! An invoice claimed.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::de;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facture {
    #[serde(deserialize_with = "de::texte_net")]
    pub numero: String,
    #[serde(deserialize_with = "de::date")]
    pub date: NaiveDate,
    /// Missing when an import could not tell it: `check` lists it, `decompte` refuses.
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub echeance: Option<NaiveDate>,
    /// Amount due, TTC.
    #[serde(deserialize_with = "de::decimal")]
    pub montant: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libelle: Option<String>,
    /// Exhibit file, relative to the case file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<String>,
}

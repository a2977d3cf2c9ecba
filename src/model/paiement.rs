//! A payment received.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::de;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paiement {
    #[serde(deserialize_with = "de::date")]
    pub date: NaiveDate,
    #[serde(deserialize_with = "de::decimal")]
    pub montant: Decimal,
    /// Explicit imputation to one invoice (C. civ. 1342-10 al. 1).
    #[serde(
        default,
        deserialize_with = "de::texte_net_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub facture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

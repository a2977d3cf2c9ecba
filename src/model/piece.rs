//! An exhibit other than the invoices and the events' proofs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::de;

/// Another exhibit: contract, CGV, quote, delivery note...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Piece {
    pub titre: String,
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<NaiveDate>,
    pub fichier: String,
}

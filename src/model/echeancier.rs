//! `[echeancier]`: a payment plan the debtor signs with its acknowledgment of the debt.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::de;

/// How often an instalment falls due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Periodicite {
    #[default]
    Mensuelle,
    Trimestrielle,
}

impl Periodicite {
    /// Months between two instalments.
    pub fn mois(self) -> u32 {
        match self {
            Periodicite::Mensuelle => 1,
            Periodicite::Trimestrielle => 3,
        }
    }

    /// `mensuels`, as « N versements … » says it.
    pub fn adjectif(self) -> &'static str {
        match self {
            Periodicite::Mensuelle => "mensuels",
            Periodicite::Trimestrielle => "trimestriels",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Echeancier {
    /// Number of instalments.
    pub mensualites: u32,
    /// Date of the first instalment.
    #[serde(deserialize_with = "de::date")]
    pub premiere: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periodicite: Option<Periodicite>,
    /// Interest agreed on the balance, % a year; none: the instalments carry no interest.
    #[serde(
        default,
        deserialize_with = "de::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub taux: Option<Decimal>,
}

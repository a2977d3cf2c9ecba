//! The claim: its basis, currency, interest mode and accessories.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::de;

/// Basis of the claim (CPC 1405: contractual or statutory cause).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fondement {
    Contrat,
    Statutaire,
}

/// How interest runs (LAW.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModeInterets {
    /// C. com. L441-10 II: ECB rate plus the majoration of `law/parametres.toml`, from the
    /// day after the échéance.
    #[serde(rename = "l441-10")]
    L441_10,
    /// C. civ. 1231-6, 1344-1: taux légal from the mise en demeure.
    #[serde(rename = "legal")]
    Legal,
    /// A contractual rate, floored at a multiple of the legal rate between professionals
    /// (`plancher_contractuel`).
    #[serde(rename = "contractuel")]
    Contractuel,
    #[serde(rename = "aucun")]
    Aucun,
}

impl ModeInterets {
    pub fn code(self) -> &'static str {
        match self {
            ModeInterets::L441_10 => "l441-10",
            ModeInterets::Legal => "legal",
            ModeInterets::Contractuel => "contractuel",
            ModeInterets::Aucun => "aucun",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Creance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fondement: Option<Fondement>,
    /// ISO 4217; one currency per case; default EUR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devise: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interets: Option<ModeInterets>,
    /// % per year, with `interets = "contractuel"`.
    #[serde(
        default,
        deserialize_with = "de::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub taux_contractuel: Option<Decimal>,
    /// % of the unpaid principal (C. civ. 1231-5).
    #[serde(
        default,
        deserialize_with = "de::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub clause_penale: Option<Decimal>,
    /// The fixed recovery indemnity per invoice (C. com. L441-10 II, D441-5); only between
    /// professionals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indemnite_forfaitaire: Option<bool>,
    /// Capitalisation of interest due for a whole year (C. civ. 1343-2), when the contract
    /// provides it or the judge is asked to order it: yearly, from the date of the demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capitalisation: Option<bool>,
    /// Matters of the juge des contentieux de la protection (consumer credit, residential lease).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matiere: Option<Matiere>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matiere {
    CreditConsommation,
    BailHabitation,
    Autre,
}

impl Creance {
    pub fn devise(&self) -> &str {
        self.devise.as_deref().unwrap_or("EUR")
    }
}

//! The step to produce and what a filing needs of the procedure (hearing, amicable attempt).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::de;

/// The recovery step (DESIGN.md `[procedure] voie`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Voie {
    Relance,
    MiseEnDemeure,
    Injonction,
    Refere,
    Fond,
    /// The debtor is under a collective procedure: the claim is declared to the mandataire
    /// judiciaire or the liquidateur (C. com. L622-24, L641-3).
    DeclarationDeCreance,
    /// Procédure simplifiée de recouvrement des petites créances, by a commissaire de
    /// justice (CPCE L125-1, R125-1 s.).
    PetitesCreances,
    /// An acknowledgment of the debt with a payment plan, for the debtor to sign (C. civ.
    /// 1376, 2240).
    Echeancier,
}

impl Voie {
    pub fn code(self) -> &'static str {
        match self {
            Voie::Relance => "relance",
            Voie::MiseEnDemeure => "mise_en_demeure",
            Voie::Injonction => "injonction",
            Voie::Refere => "refere",
            Voie::Fond => "fond",
            Voie::DeclarationDeCreance => "declaration_de_creance",
            Voie::PetitesCreances => "petites_creances",
            Voie::Echeancier => "echeancier",
        }
    }

    pub fn est_judiciaire(self) -> bool {
        matches!(self, Voie::Injonction | Voie::Refere | Voie::Fond)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voie: Option<Voie>,
    /// Days given by the mise en demeure (usage: 8 or 15; default 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delai_paiement: Option<u32>,
    /// Hearing of an assignation (CPC 56 1°).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// Amicable attempt made before the TJ (CPC 750-1, 54 5°), as it should be stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diligences_amiables: Option<String>,
    /// Or the ground of exemption from it (CPC 750-1 1° to 5°).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispense_amiable: Option<String>,
    /// Sum claimed under CPC 700.
    #[serde(
        default,
        deserialize_with = "de::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub article_700: Option<Decimal>,
    /// Place where documents are signed (« Fait à … »); default the signer's city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lieu_signature: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[serde(deserialize_with = "de::date")]
    pub date: NaiveDate,
    /// `09:30`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salle: Option<String>,
}

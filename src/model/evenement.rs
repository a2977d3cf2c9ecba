//! What happened in the recovery: relances, mises en demeure, acts, judgments.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::de;

/// What happened in the recovery, in order: the history drives the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeEvenement {
    Relance,
    MiseEnDemeure,
    ReconnaissanceDeDette,
    RequeteInjonction,
    OrdonnanceInjonction,
    Signification,
    Opposition,
    Assignation,
    Refere,
    Jugement,
    DeclarationDeCreance,
    /// A commissaire de justice seized under CPCE L125-1 (petites créances).
    PetitesCreances,
    Autre,
}

impl TypeEvenement {
    /// Events that interrupt prescription and restart it (C. civ. 2231, 2240, 2241).
    pub fn interrompt_prescription(self) -> bool {
        matches!(
            self,
            TypeEvenement::ReconnaissanceDeDette
                | TypeEvenement::RequeteInjonction
                | TypeEvenement::Assignation
                | TypeEvenement::Refere
        )
    }

    pub fn libelle(self) -> &'static str {
        match self {
            TypeEvenement::Relance => "relance",
            TypeEvenement::MiseEnDemeure => "mise en demeure",
            TypeEvenement::ReconnaissanceDeDette => "reconnaissance de dette",
            TypeEvenement::RequeteInjonction => "requête en injonction de payer",
            TypeEvenement::OrdonnanceInjonction => "ordonnance d'injonction de payer",
            TypeEvenement::Signification => "signification",
            TypeEvenement::Opposition => "opposition",
            TypeEvenement::Assignation => "assignation",
            TypeEvenement::Refere => "assignation en référé",
            TypeEvenement::Jugement => "jugement",
            TypeEvenement::DeclarationDeCreance => "déclaration de créance",
            TypeEvenement::PetitesCreances => {
                "procédure simplifiée de recouvrement des petites créances"
            }
            TypeEvenement::Autre => "autre",
        }
    }
}

/// How a letter was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModeEnvoi {
    Email,
    Courrier,
    Lrar,
    Lre,
    Commissaire,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evenement {
    #[serde(deserialize_with = "de::date")]
    pub date: NaiveDate,
    #[serde(rename = "type")]
    pub type_: TypeEvenement,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ModeEnvoi>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<String>,
    /// Day the avis de réception was signed, when the letter's proof is produced.
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub accuse_reception: Option<NaiveDate>,
}

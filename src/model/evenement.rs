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
    /// The juge de l'exécution's ordonnance authorising a saisie conservatoire (CPCE L511-1).
    AutorisationSaisieConservatoire,
    /// A saisie conservatoire executed by the commissaire de justice (CPCE L511-1, R511-7).
    SaisieConservatoire,
    Autre,
}

impl TypeEvenement {
    /// Every kind, in the order of a recovery.
    pub const TOUS: &'static [TypeEvenement] = &[
        TypeEvenement::Relance,
        TypeEvenement::MiseEnDemeure,
        TypeEvenement::ReconnaissanceDeDette,
        TypeEvenement::RequeteInjonction,
        TypeEvenement::OrdonnanceInjonction,
        TypeEvenement::Signification,
        TypeEvenement::Opposition,
        TypeEvenement::Assignation,
        TypeEvenement::Refere,
        TypeEvenement::Jugement,
        TypeEvenement::DeclarationDeCreance,
        TypeEvenement::PetitesCreances,
        TypeEvenement::AutorisationSaisieConservatoire,
        TypeEvenement::SaisieConservatoire,
        TypeEvenement::Autre,
    ];

    /// The key as written in a case file (`type = "mise_en_demeure"`).
    pub fn code(self) -> &'static str {
        match self {
            TypeEvenement::Relance => "relance",
            TypeEvenement::MiseEnDemeure => "mise_en_demeure",
            TypeEvenement::ReconnaissanceDeDette => "reconnaissance_de_dette",
            TypeEvenement::RequeteInjonction => "requete_injonction",
            TypeEvenement::OrdonnanceInjonction => "ordonnance_injonction",
            TypeEvenement::Signification => "signification",
            TypeEvenement::Opposition => "opposition",
            TypeEvenement::Assignation => "assignation",
            TypeEvenement::Refere => "refere",
            TypeEvenement::Jugement => "jugement",
            TypeEvenement::DeclarationDeCreance => "declaration_de_creance",
            TypeEvenement::PetitesCreances => "petites_creances",
            TypeEvenement::AutorisationSaisieConservatoire => "autorisation_saisie_conservatoire",
            TypeEvenement::SaisieConservatoire => "saisie_conservatoire",
            TypeEvenement::Autre => "autre",
        }
    }

    pub fn depuis_code(code: &str) -> Option<TypeEvenement> {
        Self::TOUS.iter().copied().find(|t| t.code() == code)
    }

    /// Events that interrupt prescription and restart it (C. civ. 2231, 2240, 2241; 2244:
    /// a mesure conservatoire taken under the CPCE).
    pub fn interrompt_prescription(self) -> bool {
        matches!(
            self,
            TypeEvenement::ReconnaissanceDeDette
                | TypeEvenement::RequeteInjonction
                | TypeEvenement::Assignation
                | TypeEvenement::Refere
                | TypeEvenement::SaisieConservatoire
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
            TypeEvenement::AutorisationSaisieConservatoire => {
                "ordonnance autorisant une saisie conservatoire"
            }
            TypeEvenement::SaisieConservatoire => "saisie conservatoire pratiquée",
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

impl ModeEnvoi {
    pub const TOUS: &'static [ModeEnvoi] = &[
        ModeEnvoi::Email,
        ModeEnvoi::Courrier,
        ModeEnvoi::Lrar,
        ModeEnvoi::Lre,
        ModeEnvoi::Commissaire,
    ];

    /// The key as written in a case file (`mode = "lrar"`).
    pub fn code(self) -> &'static str {
        match self {
            ModeEnvoi::Email => "email",
            ModeEnvoi::Courrier => "courrier",
            ModeEnvoi::Lrar => "lrar",
            ModeEnvoi::Lre => "lre",
            ModeEnvoi::Commissaire => "commissaire",
        }
    }

    pub fn depuis_code(code: &str) -> Option<ModeEnvoi> {
        Self::TOUS.iter().copied().find(|m| m.code() == code)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes are the serde names: a case file and the register spell a kind alike.
    #[test]
    fn codes_are_the_serde_names() {
        for t in TypeEvenement::TOUS {
            assert_eq!(
                serde_json::to_string(t).unwrap(),
                format!("\"{}\"", t.code())
            );
            assert_eq!(TypeEvenement::depuis_code(t.code()), Some(*t));
        }
        for m in ModeEnvoi::TOUS {
            assert_eq!(
                serde_json::to_string(m).unwrap(),
                format!("\"{}\"", m.code())
            );
        }
    }
}

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
    /// A requête to the juge de l'exécution for leave to seize the debtor's assets as a
    /// precaution (CPCE L511-1 s., R511-1 s.).
    SaisieConservatoire,
    /// Recouvrement des créances commerciales incontestées: a commissaire de justice serves
    /// a commandement de payer (CPCE L126-1 s., loi du 23 avril 2026).
    CreancesIncontestees,
    /// A request to a conciliateur de justice (CPC 1536 s.; satisfies CPC 750-1).
    Conciliation,
    /// A referral to the Médiateur des entreprises (disputes between businesses).
    Mediation,
    /// After an ordonnance portant injonction de payer: the letter asking the commissaire to
    /// serve it in time (CPC 1411, 1416).
    SignificationOrdonnance,
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
            Voie::SaisieConservatoire => "saisie_conservatoire",
            Voie::CreancesIncontestees => "creances_incontestees",
            Voie::Conciliation => "conciliation",
            Voie::Mediation => "mediation",
            Voie::SignificationOrdonnance => "signification_ordonnance",
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
    /// The proof of that attempt (constat de carence or attestation of the conciliateur,
    /// mediator's report), an exhibit of the bordereau (CPC 750-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preuve_amiable: Option<super::Piece>,
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
    /// Saisie conservatoire: the circumstances that threaten recovery (CPCE L511-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menace: Option<String>,
    /// Saisie conservatoire: the kinds of assets to seize.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub biens: Vec<Bien>,
    /// Saisie conservatoire: the creditor holds what makes the judge's leave unnecessary
    /// (CPCE L511-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispense_autorisation: Option<DispenseAutorisation>,
}

/// Assets a saisie conservatoire may reach (CPCE L521-1, L522-1, L523-1, L524-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bien {
    ComptesBancaires,
    Meubles,
    Creances,
    PartsSociales,
    ValeursMobilieres,
}

impl Bien {
    /// How the requête names the measure.
    pub fn libelle(self) -> &'static str {
        match self {
            Bien::ComptesBancaires => "les sommes détenues pour son compte par tout établissement habilité à tenir des comptes de dépôt (saisie conservatoire de créances)",
            Bien::Meubles => "ses biens meubles corporels (saisie conservatoire des biens meubles corporels)",
            Bien::Creances => "les créances de sommes d'argent dont il est titulaire (saisie conservatoire de créances)",
            Bien::PartsSociales => "ses droits d'associé (saisie conservatoire des droits d'associé)",
            Bien::ValeursMobilieres => "ses valeurs mobilières (saisie conservatoire des valeurs mobilières)",
        }
    }
}

/// What dispenses the creditor from asking the judge's leave (CPCE L511-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispenseAutorisation {
    TitreExecutoire,
    ChequeImpaye,
    LettreDeChangeAcceptee,
    BilletAOrdre,
    LoyerImpaye,
}

impl DispenseAutorisation {
    pub fn libelle(self) -> &'static str {
        match self {
            DispenseAutorisation::TitreExecutoire => "un titre exécutoire",
            DispenseAutorisation::ChequeImpaye => "un chèque impayé",
            DispenseAutorisation::LettreDeChangeAcceptee => "une lettre de change acceptée impayée",
            DispenseAutorisation::BilletAOrdre => "un billet à ordre impayé",
            DispenseAutorisation::LoyerImpaye => {
                "un loyer impayé en vertu d'un contrat écrit de louage d'immeuble"
            }
        }
    }
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

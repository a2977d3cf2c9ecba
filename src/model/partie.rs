//! The parties: creditor and debtor, their nature, representative and address.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::de;

/// Legal nature of a party. Everything but `particulier` is a professional for
/// C. com. L441-10 and D441-5 purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    Societe,
    EntrepriseIndividuelle,
    Particulier,
    Association,
    PersonnePublique,
}

impl Nature {
    pub fn est_professionnel(self) -> bool {
        self != Nature::Particulier
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Nature::Societe => "société",
            Nature::EntrepriseIndividuelle => "entreprise individuelle",
            Nature::Particulier => "particulier",
            Nature::Association => "association",
            Nature::PersonnePublique => "personne publique",
        }
    }
}

/// Form of address of a natural person or representative: drives the agreement of
/// « né / née », « domicilié / domiciliée », « Il / Elle » in the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Civilite {
    Madame,
    Monsieur,
}

impl Civilite {
    pub fn feminin(self) -> bool {
        self == Civilite::Madame
    }
}

/// Creditor or debtor (CPC 54 3° names what a filing must say about each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partie {
    pub nature: Nature,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denomination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nom: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prenoms: Option<String>,
    /// For a natural person: `madame` or `monsieur` (agreement of the designation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civilite: Option<Civilite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forme_juridique: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub capital: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "de::ident_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub siren: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::ident_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub siret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcs: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tva: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representant: Option<Representant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Adresse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// For natural persons (CPC 54 3° a): profession, nationality, birth date and place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profession: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationalite: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_naissance: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lieu_naissance: Option<String>,
    /// Merchant: drives the tribunal de commerce and CPCE L126-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commercant: Option<bool>,
    /// Sauvegarde, redressement or liquidation opened (C. com. L622-21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_collective: Option<bool>,
    /// Headcount: the contribution pour la justice économique spares small claimants
    /// (threshold `effectif_exonere_contribution` in `law/parametres.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effectif: Option<u32>,
}

impl Partie {
    /// Whether the party is grammatically feminine: a company or association always
    /// (« la société »), a natural person by its `civilite`; `None` when unknown.
    pub fn feminin(&self) -> Option<bool> {
        match self.nature {
            Nature::Particulier | Nature::EntrepriseIndividuelle => {
                self.civilite.map(Civilite::feminin)
            }
            _ => Some(true),
        }
    }

    /// The name as a document prints it: dénomination, or prénoms + nom.
    pub fn nom_complet(&self) -> String {
        if let Some(d) = self
            .denomination
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            return d.trim().to_owned();
        }
        let mut parts = Vec::new();
        if let Some(p) = self.prenoms.as_deref().filter(|p| !p.trim().is_empty()) {
            parts.push(p.trim());
        }
        if let Some(n) = self.nom.as_deref().filter(|n| !n.trim().is_empty()) {
            parts.push(n.trim());
        }
        if parts.is_empty() {
            "(nom inconnu)".to_owned()
        } else {
            parts.join(" ")
        }
    }

    /// Département of the address, from the postal code (`20` → Corse `2A`/`2B` unknown, kept `20`).
    pub fn departement(&self) -> Option<String> {
        let cp = self.adresse.as_ref()?.code_postal.as_deref()?.trim();
        if cp.len() != 5 || !cp.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if cp.starts_with("97") || cp.starts_with("98") {
            Some(cp[..3].to_owned())
        } else {
            Some(cp[..2].to_owned())
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Representant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nom: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civilite: Option<Civilite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualite: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adresse {
    #[serde(default)]
    pub lignes: Vec<String>,
    #[serde(
        default,
        deserialize_with = "de::ident_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub code_postal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ville: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pays: Option<String>,
}

impl Adresse {
    pub fn est_complete(&self) -> bool {
        !self.lignes.iter().all(|l| l.trim().is_empty())
            && self
                .code_postal
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
            && self.ville.as_deref().is_some_and(|v| !v.trim().is_empty())
    }
}

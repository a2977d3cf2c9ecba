//! The domain model: what a case file says, as the law names it.
//!
//! Amounts are [`Decimal`], dates [`NaiveDate`]; never floats for money. Unknown keys are
//! refused everywhere (`deny_unknown_fields`): a typo must not silently drop a payment.

pub mod de;
#[cfg(test)]
pub mod exemple;
mod piece_lue;

pub use piece_lue::PieceLue;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One recovery case: a creditor, a debtor, the invoices and what happened since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    pub reference: String,
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub arrete_au: Option<NaiveDate>,
    pub creancier: Partie,
    pub debiteur: Partie,
    #[serde(default)]
    pub creance: Creance,
    #[serde(default)]
    pub factures: Vec<Facture>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paiements: Vec<Paiement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evenements: Vec<Evenement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<Piece>,
    /// The step to produce; default: the next step the history calls for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
    /// The court seized; without it judicial documents are drafts (projet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub juridiction: Option<Juridiction>,
    /// Who writes to the debtor for the creditor: an avocat or a collection agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandataire: Option<Mandataire>,
    /// The creditor's avocat (constituted when representation is mandatory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avocat: Option<Intervenant>,
    /// The commissaire de justice who will serve the acts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissaire: Option<Intervenant>,
}

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

/// The recovery step (DESIGN.md `[procedure] voie`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Voie {
    Relance,
    MiseEnDemeure,
    Injonction,
    Refere,
    Fond,
}

impl Voie {
    pub fn code(self) -> &'static str {
        match self {
            Voie::Relance => "relance",
            Voie::MiseEnDemeure => "mise_en_demeure",
            Voie::Injonction => "injonction",
            Voie::Refere => "refere",
            Voie::Fond => "fond",
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

/// Kind of court (LAW.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeJuridiction {
    TribunalDeCommerce,
    TribunalActivitesEconomiques,
    TribunalJudiciaire,
    JugeContentieuxProtection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Juridiction {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<TypeJuridiction>,
    pub ville: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chambre: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Adresse>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualiteMandataire {
    Avocat,
    /// A third-party collector (CPCE R124-1 s.): its letters carry the R124-4 mentions.
    SocieteRecouvrement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mandataire {
    pub qualite: QualiteMandataire,
    pub nom: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barreau: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Adresse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signataire: Option<String>,
}

/// An avocat or a commissaire de justice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervenant {
    pub nom: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barreau: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Adresse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
}

impl Creance {
    pub fn devise(&self) -> &str {
        self.devise.as_deref().unwrap_or("EUR")
    }
}

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
}

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

impl Dossier {
    /// Both parties are professionals: L441-10 penalties and the fixed indemnity apply.
    pub fn entre_professionnels(&self) -> bool {
        self.creancier.nature.est_professionnel() && self.debiteur.nature.est_professionnel()
    }

    /// The interest mode, with its default (LAW.md §1: `l441-10` between professionals,
    /// else `legal`).
    pub fn mode_interets(&self) -> ModeInterets {
        self.creance
            .interets
            .unwrap_or(if self.entre_professionnels() {
                ModeInterets::L441_10
            } else {
                ModeInterets::Legal
            })
    }

    /// The events of a kind on or before `date`, oldest first (file order for a tie): the
    /// one reading of the history for the escalation, the décompte and the documents.
    pub fn evenements_avant(&self, type_: TypeEvenement, date: NaiveDate) -> Vec<&Evenement> {
        let mut v: Vec<&Evenement> = self
            .evenements
            .iter()
            .filter(|e| e.type_ == type_ && e.date <= date)
            .collect();
        v.sort_by_key(|e| e.date);
        v
    }

    /// The first mise en demeure on or before `date` (C. civ. 1344: it starts legal interest).
    pub fn premiere_mise_en_demeure(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.evenements_avant(TypeEvenement::MiseEnDemeure, date)
            .first()
            .map(|e| e.date)
    }
}

//! The décompte as a value: what `decompte --json` prints (DESIGN.md « Décompte JSON ») and
//! what documents lay out.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::format::json;
use crate::model::ModeInterets;

/// The statement of account (DESIGN.md "Décompte JSON"; extra keys after the contract's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decompte {
    pub reference: String,
    pub arrete_au: NaiveDate,
    pub devise: String,
    #[serde(serialize_with = "json::montant")]
    pub principal: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub interets: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub indemnites: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub clause_penale: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub total: Decimal,
    pub factures: Vec<LigneFacture>,
    /// Invoices whose échéance is on or after the arrêté: not claimed.
    pub non_exigibles: Vec<NonExigible>,
    pub mode_interets: ModeInterets,
    #[serde(
        serialize_with = "json::taux_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub taux_clause_penale: Option<Decimal>,
    /// The method of calculation in plain French, printed in every décompte (LAW.md rule 3).
    pub methode: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LigneFacture {
    pub numero: String,
    #[serde(serialize_with = "json::montant")]
    pub montant: Decimal,
    /// What was imputed to this invoice.
    #[serde(serialize_with = "json::montant")]
    pub paye: Decimal,
    /// Principal still due at the arrêté.
    #[serde(serialize_with = "json::montant")]
    pub principal: Decimal,
    /// Interest still due at the arrêté (accrued minus paid).
    #[serde(serialize_with = "json::montant")]
    pub interets: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub indemnite: Decimal,
    pub periodes: Vec<Periode>,
    pub date: NaiveDate,
    pub echeance: NaiveDate,
    /// Interest accrued over all periods, paid or not.
    #[serde(serialize_with = "json::montant")]
    pub interets_courus: Decimal,
    pub imputations: Vec<Imputation>,
    /// Interest due for a whole year added to the principal (C. civ. 1343-2), when the case
    /// asks for it; `principal` includes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capitalisations: Vec<Capitalisation>,
}

/// Interest added to the principal on an anniversary of the demand (C. civ. 1343-2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capitalisation {
    pub date: NaiveDate,
    #[serde(serialize_with = "json::montant")]
    pub montant: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Periode {
    pub du: NaiveDate,
    pub au: NaiveDate,
    pub jours: i64,
    #[serde(serialize_with = "json::taux")]
    pub taux: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub assiette: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub interets: Decimal,
    /// Where the rate comes from.
    pub regle: RegleTaux,
}

/// The rule a period's rate comes from (LAW.md §1 « Modes »). The serialised codes are part
/// of the décompte JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RegleTaux {
    /// C. com. L441-10 II: ECB rate plus the majoration.
    #[serde(rename = "bce+10")]
    Bce,
    /// Legal rate, column A (creditor a natural person).
    #[serde(rename = "legal-a")]
    LegalA,
    /// Legal rate, column B.
    #[serde(rename = "legal-b")]
    LegalB,
    #[serde(rename = "contractuel")]
    Contractuel,
    /// The contractual rate raised to the L441-10 II floor.
    #[serde(rename = "plancher")]
    Plancher,
    #[serde(rename = "aucun")]
    Aucun,
}

/// One payment's share in one invoice (C. civ. 1343-1: interest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imputation {
    pub date: NaiveDate,
    /// Index of the payment in the case file.
    pub paiement: usize,
    #[serde(serialize_with = "json::montant")]
    pub montant: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub sur_interets: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub sur_principal: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NonExigible {
    pub numero: String,
    pub echeance: NaiveDate,
    #[serde(serialize_with = "json::montant")]
    pub montant: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub paye: Decimal,
}

/// A computed décompte and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Resultat {
    pub decompte: Decompte,
    pub avertissements: Vec<Diagnostic>,
}

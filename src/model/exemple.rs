//! Cases for the unit tests of the later stages (law, plan, validate), built without going
//! through `ingest`: a TOML text deserialised straight into the model, or a builder.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::de::dates_toml_en_texte;
use super::{Dossier, Evenement, Facture, Paiement, TypeEvenement};

/// A case from TOML text, with the model's own deserialisers (panics on a bad text: tests
/// only).
pub fn dossier_toml(texte: &str) -> Dossier {
    let valeur: toml::Value = toml::from_str(texte).expect("test case: valid TOML");
    dossier_valeur(dates_toml_en_texte(valeur))
}

fn dossier_valeur(valeur: toml::Value) -> Dossier {
    valeur.try_into().expect("test case: valid case")
}

/// A case built field by field: `Fabrique::entre_societes().facture(..).dossier()`.
pub struct Fabrique(Dossier);

fn jour(s: &str) -> NaiveDate {
    s.parse().expect("test date AAAA-MM-JJ")
}

fn montant(s: &str) -> Decimal {
    s.parse().expect("test amount")
}

impl Fabrique {
    /// Creditor « A » and debtor « B », two companies, a contractual claim, no invoice yet.
    pub fn entre_societes() -> Self {
        Fabrique(dossier_toml(
            "reference = \"T\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n\
             [debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n[creance]\nfondement = \"contrat\"\n",
        ))
    }

    pub fn facture(mut self, numero: &str, date: &str, echeance: &str, m: &str) -> Self {
        self.0.factures.push(Facture {
            numero: numero.into(),
            date: jour(date),
            echeance: Some(jour(echeance)),
            montant: montant(m),
            libelle: None,
            piece: None,
        });
        self
    }

    pub fn paiement(mut self, date: &str, m: &str, facture: Option<&str>) -> Self {
        self.0.paiements.push(Paiement {
            date: jour(date),
            montant: montant(m),
            facture: facture.map(Into::into),
            mode: None,
            reference: None,
        });
        self
    }

    pub fn evenement(mut self, date: &str, type_: TypeEvenement) -> Self {
        self.0.evenements.push(Evenement {
            date: jour(date),
            type_,
            mode: None,
            description: None,
            piece: None,
            accuse_reception: None,
        });
        self
    }

    /// Any other change.
    pub fn avec(mut self, f: impl FnOnce(&mut Dossier)) -> Self {
        f(&mut self.0);
        self
    }

    pub fn dossier(self) -> Dossier {
        self.0
    }
}

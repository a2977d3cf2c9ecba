//! What an entry says: a step produced or a fact recorded. Serialised as canonical JSON
//! (serde_json of these structs: keys in declaration order, no whitespace), the text the
//! hash chain covers.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{ModeEnvoi, TypeEvenement};

/// A file an entry vouches for: its path relative to the output folder and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fichier {
    pub chemin: String,
    pub sha256: String,
}

/// A step produced by a run, recorded once its outputs were complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Etape {
    /// The step's code (`relance`, `mise_en_demeure`, `injonction`...).
    pub etape: String,
    /// What the documents claim at the step's date.
    pub devise: String,
    pub principal: Decimal,
    pub interets: Decimal,
    pub total: Decimal,
    pub documents: Vec<Fichier>,
    pub bundles: Vec<Fichier>,
    /// The pipeline's fingerprint of what the outputs were built from.
    pub empreinte: String,
}

/// What a fact is: an event of the case file's kinds, a payment, or the confirmation that
/// a produced letter was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeFait {
    Evenement(TypeEvenement),
    Paiement,
    Envoi,
}

impl TypeFait {
    pub fn code(self) -> &'static str {
        match self {
            TypeFait::Evenement(t) => t.code(),
            TypeFait::Paiement => "paiement",
            TypeFait::Envoi => "envoi",
        }
    }

    pub fn depuis_code(code: &str) -> Option<TypeFait> {
        match code {
            "paiement" => Some(TypeFait::Paiement),
            "envoi" => Some(TypeFait::Envoi),
            c => TypeEvenement::depuis_code(c).map(TypeFait::Evenement),
        }
    }

    /// Every accepted code, for messages.
    pub fn codes() -> String {
        let mut v: Vec<&str> = TypeEvenement::TOUS.iter().map(|t| t.code()).collect();
        v.push("paiement");
        v.push("envoi");
        v.join(", ")
    }

    pub fn libelle(self) -> &'static str {
        match self {
            TypeFait::Evenement(t) => t.libelle(),
            TypeFait::Paiement => "paiement",
            TypeFait::Envoi => "envoi confirmé",
        }
    }
}

impl Serialize for TypeFait {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for TypeFait {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TypeFait::depuis_code(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("type de fait inconnu « {s} »")))
    }
}

/// An exhibit recorded with a fact, kept in the register's folder under its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PieceRegistre {
    pub sha256: String,
    /// The file's name when it was recorded (the bordereau's title).
    pub nom: String,
}

/// A fact recorded after the case file: `registre ajouter` or `registre importer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fait {
    #[serde(rename = "type")]
    pub type_: TypeFait,
    pub montant: Option<Decimal>,
    pub mode: Option<ModeEnvoi>,
    pub numero: Option<String>,
    pub note: Option<String>,
    pub piece: Option<PieceRegistre>,
}

/// The content of an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Contenu {
    Etape(Etape),
    Fait(Fait),
}

impl Contenu {
    /// The journal's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Contenu::Etape(_) => "etape",
            Contenu::Fait(_) => "fait",
        }
    }

    /// Canonical JSON: the struct's fields in declaration order, compact.
    pub fn json(&self) -> String {
        match self {
            Contenu::Etape(e) => serde_json::to_string(e),
            Contenu::Fait(f) => serde_json::to_string(f),
        }
        .expect("plain structs serialise")
    }

    pub fn depuis_json(kind: &str, payload: &str) -> Result<Contenu, String> {
        match kind {
            "etape" => serde_json::from_str(payload)
                .map(Contenu::Etape)
                .map_err(|e| e.to_string()),
            "fait" => serde_json::from_str(payload)
                .map(Contenu::Fait)
                .map_err(|e| e.to_string()),
            k => Err(format!("genre d'entrée inconnu « {k} »")),
        }
    }
}

//! Who acts for the creditor: its avocat or collection agency, the commissaire de justice.

use super::Adresse;
use serde::{Deserialize, Serialize};

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
    /// The special power given by the creditor to a representative who is not an avocat
    /// (CPC 853 al. 3), an exhibit of the bordereau.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pouvoir: Option<super::Piece>,
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

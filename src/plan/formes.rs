//! The document kinds, declared in `forms/*.toml` (title, template, legal basis, required
//! data). Codes and required data are typed: a misspelt one fails when the forms load (a
//! test loads them all), instead of silently making a document a permanent draft.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

use crate::model::Dossier;

/// A kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeDocument {
    Relance,
    MiseEnDemeure,
    Decompte,
    RequeteInjonction,
    Bordereau,
    Assignation,
    AssignationRefere,
    LettreCommissaire,
    LettreAvocat,
    DeclarationCreance,
    DemandePetitesCreances,
    ReconnaissanceDette,
    RequeteSaisieConservatoire,
    DemandeCreancesIncontestees,
    DemandeConciliation,
    SaisineMediateur,
    LettreSignificationOrdonnance,
}

impl CodeDocument {
    /// `requete-injonction`, as in `forms/` and in the PDF identifiers.
    pub fn code(self) -> &'static str {
        match self {
            CodeDocument::Relance => "relance",
            CodeDocument::MiseEnDemeure => "mise-en-demeure",
            CodeDocument::Decompte => "decompte",
            CodeDocument::RequeteInjonction => "requete-injonction",
            CodeDocument::Bordereau => "bordereau",
            CodeDocument::Assignation => "assignation",
            CodeDocument::AssignationRefere => "assignation-refere",
            CodeDocument::LettreCommissaire => "lettre-commissaire",
            CodeDocument::LettreAvocat => "lettre-avocat",
            CodeDocument::DeclarationCreance => "declaration-creance",
            CodeDocument::DemandePetitesCreances => "demande-petites-creances",
            CodeDocument::ReconnaissanceDette => "reconnaissance-dette",
            CodeDocument::RequeteSaisieConservatoire => "requete-saisie-conservatoire",
            CodeDocument::DemandeCreancesIncontestees => "demande-creances-incontestees",
            CodeDocument::DemandeConciliation => "demande-conciliation",
            CodeDocument::SaisineMediateur => "saisine-mediateur",
            CodeDocument::LettreSignificationOrdonnance => "lettre-signification-ordonnance",
        }
    }

    /// An act served on the debtor (CPC 54, 56, 648).
    pub fn est_assignation(self) -> bool {
        matches!(
            self,
            CodeDocument::Assignation | CodeDocument::AssignationRefere
        )
    }

    /// A filing that seizes a court.
    pub fn saisit_le_juge(self) -> bool {
        self.est_assignation()
            || matches!(
                self,
                CodeDocument::RequeteInjonction | CodeDocument::RequeteSaisieConservatoire
            )
    }
}

impl fmt::Display for CodeDocument {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Data a filing needs; when it is missing the document is a draft (PROJET).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requis {
    #[serde(rename = "juridiction")]
    Juridiction,
    #[serde(rename = "procedure.audience")]
    Audience,
    #[serde(rename = "creancier.adresse")]
    AdresseCreancier,
    #[serde(rename = "debiteur.adresse")]
    AdresseDebiteur,
    #[serde(rename = "creance.fondement")]
    Fondement,
    #[serde(rename = "creance.description")]
    Description,
    #[serde(rename = "commissaire")]
    Commissaire,
    #[serde(rename = "avocat")]
    Avocat,
    #[serde(rename = "procedure_collective.jugement_ouverture")]
    JugementOuverture,
    #[serde(rename = "procedure_collective.publication_bodacc")]
    PublicationBodacc,
    #[serde(rename = "procedure_collective.mandataire")]
    MandataireJudiciaire,
    #[serde(rename = "echeancier")]
    Echeancier,
    #[serde(rename = "procedure.menace")]
    Menace,
    #[serde(rename = "procedure.biens")]
    Biens,
}

fn rempli(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|x| !x.trim().is_empty())
}

impl Requis {
    /// Whether the case holds it.
    pub fn present(self, d: &Dossier) -> bool {
        match self {
            Requis::Juridiction => d.juridiction.is_some(),
            Requis::Audience => d.procedure.as_ref().is_some_and(|p| p.audience.is_some()),
            // Completeness of a given address is checked by validation.
            Requis::AdresseCreancier => d.creancier.adresse.is_some(),
            Requis::AdresseDebiteur => d.debiteur.adresse.is_some(),
            Requis::Fondement => d.creance.fondement.is_some(),
            Requis::Description => rempli(&d.creance.description),
            Requis::Commissaire => d.commissaire.is_some(),
            Requis::Avocat => d.avocat.is_some(),
            Requis::JugementOuverture => d
                .procedure_collective
                .as_ref()
                .is_some_and(|p| p.jugement_ouverture.is_some()),
            Requis::PublicationBodacc => d
                .procedure_collective
                .as_ref()
                .is_some_and(|p| p.publication_bodacc.is_some()),
            Requis::MandataireJudiciaire => d
                .procedure_collective
                .as_ref()
                .and_then(|p| p.mandataire.as_ref())
                .is_some_and(|m| !m.nom.trim().is_empty() && m.adresse.is_some()),
            Requis::Echeancier => d.echeancier.is_some(),
            Requis::Menace => d.procedure.as_ref().is_some_and(|p| rempli(&p.menace)),
            Requis::Biens => d.procedure.as_ref().is_some_and(|p| !p.biens.is_empty()),
        }
    }

    /// What the PROJET banner says is missing.
    pub fn libelle(self) -> &'static str {
        match self {
            Requis::Juridiction => {
                "juridiction non désignée ([juridiction] : type, ville, adresse)"
            }
            Requis::Audience => {
                "date et heure d'audience inconnues ([procedure] audience = { date, heure })"
            }
            Requis::AdresseCreancier => "adresse du créancier manquante",
            Requis::AdresseDebiteur => "adresse du débiteur manquante",
            Requis::Fondement => "fondement de la créance non précisé",
            Requis::Description => "description de la créance manquante",
            Requis::Commissaire => {
                "commissaire de justice non désigné ([commissaire] nom, adresse)"
            }
            Requis::Avocat => "avocat non désigné ([avocat] nom, barreau, adresse)",
            Requis::JugementOuverture => "date du jugement d'ouverture inconnue : le décompte ne peut être arrêté à cette date (C. com. art. L622-28) ([procedure_collective] jugement_ouverture)",
            Requis::PublicationBodacc => "date de publication du jugement d'ouverture au BODACC inconnue : le délai de déclaration ne peut être calculé (C. com. art. R622-24) ([procedure_collective] publication_bodacc)",
            Requis::MandataireJudiciaire => "mandataire judiciaire ou liquidateur non désigné ([procedure_collective] mandataire = { nom, adresse })",
            Requis::Echeancier => "échéancier non défini ([echeancier] mensualites, premiere, et au besoin periodicite et taux)",
            Requis::Menace => "circonstances susceptibles de menacer le recouvrement à exposer (CPCE art. L511-1) ([procedure] menace)",
            Requis::Biens => "biens à saisir à indiquer ([procedure] biens = [\"comptes_bancaires\", \"meubles\", …])",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forme {
    pub code: CodeDocument,
    pub titre: String,
    pub template: String,
    /// Stem of the output file (`mise-en-demeure` → `01-mise-en-demeure.pdf`).
    pub fichier: String,
    /// Articles the document rests on.
    pub fondement: String,
    /// Data a filing needs; when one is missing the document is a draft (projet).
    #[serde(default)]
    pub requis: Vec<Requis>,
}

const SOURCES: &[&str] = &[
    include_str!("../../forms/relance.toml"),
    include_str!("../../forms/mise-en-demeure.toml"),
    include_str!("../../forms/decompte.toml"),
    include_str!("../../forms/requete-injonction.toml"),
    include_str!("../../forms/bordereau.toml"),
    include_str!("../../forms/assignation.toml"),
    include_str!("../../forms/assignation-refere.toml"),
    include_str!("../../forms/lettre-commissaire.toml"),
    include_str!("../../forms/lettre-avocat.toml"),
    include_str!("../../forms/declaration-creance.toml"),
    include_str!("../../forms/demande-petites-creances.toml"),
    include_str!("../../forms/reconnaissance-dette.toml"),
    include_str!("../../forms/requete-saisie-conservatoire.toml"),
    include_str!("../../forms/demande-creances-incontestees.toml"),
    include_str!("../../forms/demande-conciliation.toml"),
    include_str!("../../forms/saisine-mediateur.toml"),
    include_str!("../../forms/lettre-signification-ordonnance.toml"),
];

static FORMES: LazyLock<Vec<Forme>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|s| toml::from_str(s).expect("embedded forms/*.toml are valid (tested)"))
        .collect()
});

pub fn formes() -> &'static [Forme] {
    &FORMES
}

pub fn forme(code: CodeDocument) -> &'static Forme {
    FORMES
        .iter()
        .find(|f| f.code == code)
        .expect("every document code has its form (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOUS: [CodeDocument; 17] = [
        CodeDocument::Relance,
        CodeDocument::MiseEnDemeure,
        CodeDocument::Decompte,
        CodeDocument::RequeteInjonction,
        CodeDocument::Bordereau,
        CodeDocument::Assignation,
        CodeDocument::AssignationRefere,
        CodeDocument::LettreCommissaire,
        CodeDocument::LettreAvocat,
        CodeDocument::DeclarationCreance,
        CodeDocument::DemandePetitesCreances,
        CodeDocument::ReconnaissanceDette,
        CodeDocument::RequeteSaisieConservatoire,
        CodeDocument::DemandeCreancesIncontestees,
        CodeDocument::DemandeConciliation,
        CodeDocument::SaisineMediateur,
        CodeDocument::LettreSignificationOrdonnance,
    ];

    #[test]
    fn every_form_parses_and_every_code_has_one() {
        let f = formes();
        assert_eq!(f.len(), SOURCES.len());
        for forme in f {
            assert!(forme.template.ends_with(".typ"), "{}", forme.code);
            assert!(!forme.fondement.is_empty());
            assert_eq!(
                serde_json::to_value(forme.code).unwrap(),
                forme.code.code(),
                "serde and code() agree"
            );
        }
        for c in TOUS {
            assert_eq!(super::forme(c).code, c);
        }
    }

    /// A misspelt requirement is refused when the forms load.
    #[test]
    fn a_misspelt_requirement_does_not_load() {
        let texte = "code = \"relance\"\ntitre = \"t\"\ntemplate = \"relance.typ\"\nfichier = \"relance\"\nfondement = \"f\"\nrequis = [\"debiteur.adrese\"]\n";
        assert!(toml::from_str::<Forme>(texte).is_err());
    }

    /// Every requirement of every form is satisfied by a complete case: no document is a
    /// draft for good.
    #[test]
    fn every_requirement_resolves_against_a_complete_case() {
        let d = crate::model::exemple::dossier_toml(include_str!(
            "../../fixtures/exemple/dossier.toml"
        ));
        let mut d = d;
        d.procedure = Some(
            crate::model::exemple::dossier_toml(
                "reference = \"X\"\n[creancier]\nnature = \"societe\"\n[debiteur]\nnature = \"societe\"\n[procedure]\naudience = { date = \"2026-09-01\", heure = \"09:30\" }\n",
            )
            .procedure
            .unwrap(),
        );
        d.procedure_collective = crate::model::exemple::dossier_toml(include_str!(
            "../../fixtures/procedure-collective/dossier.toml"
        ))
        .procedure_collective;
        d.echeancier = crate::model::exemple::dossier_toml(include_str!(
            "../../fixtures/echeancier/dossier.toml"
        ))
        .echeancier;
        let saisie = crate::model::exemple::dossier_toml(include_str!(
            "../../fixtures/saisie-conservatoire/dossier.toml"
        ))
        .procedure
        .unwrap();
        if let Some(p) = d.procedure.as_mut() {
            p.menace = saisie.menace;
            p.biens = saisie.biens;
        }
        for f in formes() {
            for r in &f.requis {
                assert!(
                    r.present(&d),
                    "{}: {:?} absent of a complete case",
                    f.code,
                    r
                );
            }
        }
    }
}

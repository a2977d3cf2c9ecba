//! The document kinds, declared in `forms/*.toml` (title, template, legal basis, required data).

use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forme {
    pub code: String,
    pub titre: String,
    pub template: String,
    /// Stem of the output file (`mise-en-demeure` → `01-mise-en-demeure.pdf`).
    pub fichier: String,
    /// Articles the document rests on.
    pub fondement: String,
    /// Case paths a filing needs; when one is missing the document is a draft (projet).
    #[serde(default)]
    pub requis: Vec<String>,
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

pub fn forme(code: &str) -> Option<&'static Forme> {
    FORMES.iter().find(|f| f.code == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_form_parses_and_names_a_template() {
        let f = super::formes();
        assert_eq!(f.len(), super::SOURCES.len());
        for forme in f {
            assert!(forme.template.ends_with(".typ"), "{}", forme.code);
            assert!(!forme.fondement.is_empty());
        }
    }
}

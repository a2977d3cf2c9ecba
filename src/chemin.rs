//! Paths and names that come from input (a case file, a CSV, an e-invoice): paths must stay
//! inside their folder, and a case reference, which names the case's outputs, must never
//! name anything else the program writes.

use std::path::{Component, Path};

/// A path from the case must stay inside the case's folder: relative, no `..`.
pub fn chemin_sur(p: &str) -> bool {
    let path = Path::new(p);
    !p.trim().is_empty()
        && !p.contains('\0')
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Longest case reference: it names files and folders.
pub const LONGUEUR_MAX_REFERENCE: usize = 64;

/// Extensions of the files the program writes beside a case's folder (bundles, reports,
/// register, mails, état): a reference ending with one could replace another output
/// (`A-commissaire.zip` would overwrite case A's bundle, `rapport.csv` the report).
const EXTENSIONS_RESERVEES: &[&str] = &[
    ".zip", ".csv", ".json", ".pdf", ".sqlite", ".eml", ".txt", ".xml", ".tmp", ".lock", ".old",
];

/// Why `reference` cannot name a case's outputs, or `None` when it can: 1 to 64 ASCII
/// letters, digits, `.`, `_` or `-`, starting with a letter or a digit (so never `.`, `..`,
/// a hidden name like `.etat`, or an option like `-x`), and not ending like a file the
/// program writes beside it.
pub fn defaut_reference(reference: &str) -> Option<String> {
    let r = reference;
    if r.is_empty() || r.len() > LONGUEUR_MAX_REFERENCE {
        return Some(format!(
            "1 à {LONGUEUR_MAX_REFERENCE} caractères (ici {})",
            r.chars().count()
        ));
    }
    if let Some(c) = r
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Some(format!(
            "caractère « {} » interdit (lettres sans accent, chiffres, point, tiret et tiret bas seulement)",
            c.escape_default()
        ));
    }
    if !r.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Some("elle doit commencer par une lettre ou un chiffre".into());
    }
    let bas = r.to_ascii_lowercase();
    // Folders the program writes beside the cases: the sending outputs (`DIR/envois/`), the
    // workspace's default output (`SRC/sortie/`), the register's exhibits (`pieces/`).
    if let Some(nom) = ["envois", "sortie", "pieces"]
        .into_iter()
        .find(|n| bas == *n)
    {
        return Some(format!(
            "« {nom} » est réservé à un dossier que le programme écrit (envois, sorties, pièces du registre)"
        ));
    }
    if let Some(ext) = EXTENSIONS_RESERVEES.iter().find(|e| bas.ends_with(*e)) {
        return Some(format!(
            "elle ne peut pas finir par « {ext} » : ce nom est réservé aux fichiers produits (bundles, rapports, registre)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert!(chemin_sur("pieces/a.pdf"));
        assert!(chemin_sur("./a.pdf"));
        assert!(!chemin_sur("../a.pdf"));
        assert!(!chemin_sur("/etc/passwd"));
        assert!(!chemin_sur("pieces/../../a"));
        assert!(!chemin_sur(""));
    }

    #[test]
    fn references_never_name_another_output() {
        for ok in ["2026-0042", "A", "RT-1", "a.b_c-d", "IMP-ACME-2026"] {
            assert_eq!(defaut_reference(ok), None, "{ok}");
        }
        for ko in [
            "",
            ".",
            "..",
            ".etat",
            "-x",
            "A-commissaire.zip",
            "rapport.csv",
            "rapport.json",
            "registre.sqlite",
            "envois",
            "ENVOIS",
            "sortie",
            "pieces",
            "../../X",
            "/abs",
            "a b",
            "é",
            &"x".repeat(65),
        ] {
            assert!(defaut_reference(ko).is_some(), "{ko}");
        }
    }
}

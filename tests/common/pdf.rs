//! Documents read back with `pdftotext` (poppler-utils), for phrase matching.

use std::path::Path;
use std::process::Command;

/// pdftotext output with French spaces folded, typographic apostrophes made plain, lines
/// joined (soft hyphens and hyphens at line ends kept whole).
pub fn texte(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext est nécessaire à ces tests : apt-get install -y poppler-utils");
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(o.stdout)
        .unwrap()
        .replace(['\u{202f}', '\u{a0}'], " ")
        // Typst typesets markup apostrophes as ’; data keeps '.
        .replace('\u{2019}', "'")
        .replace("\u{ad}\n", "")
        .replace("-\n", "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every phrase is in the text.
pub fn contient(t: &str, attendus: &[&str]) {
    for a in attendus {
        assert!(t.contains(a), "« {a} » absent de :\n{t}");
    }
}

/// No phrase is in the text.
pub fn absent(t: &str, interdits: &[&str]) {
    for a in interdits {
        assert!(!t.contains(a), "« {a} » ne doit pas figurer dans :\n{t}");
    }
}

/// `5355.14` (the JSON contract) → `5 355,14 €`, as pdftotext and the pages print it once
/// non-breaking spaces are folded.
pub fn montant_fr(montant: &str) -> String {
    let (e, c) = montant
        .split_once('.')
        .expect("an amount with two decimals");
    let mut g = String::new();
    for (i, ch) in e.chars().enumerate() {
        if i > 0 && (e.len() - i) % 3 == 0 {
            g.push(' ');
        }
        g.push(ch);
    }
    format!("{g},{c} €")
}

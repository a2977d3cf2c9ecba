//! Text that the documents could not print, or would print misleadingly, is refused at
//! `check`, field by field (issue 9, points 20 to 22).
//!
//! Every string of the case is walked generically (the case serialised to JSON), so a new
//! field is covered without touching this file. A value is refused when it holds:
//! - a control character (C0, DEL, C1) or a line/paragraph separator: names, addresses and
//!   numbers never need them, and they reach terminals, tag files and XML raw;
//! - a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): an
//!   override in an invoice number mirrors the rest of the paragraph, amounts included;
//! - a private-use character: its glyph means whatever one font decided;
//! - a character that none of the embedded fonts can print (coverage read from their
//!   `cmap` tables once per process): PDF/A export would fail;
//! - a run longer than [`MOT_MAX`] characters with no line-break opportunity.
//!
//! The fonts are listed here ([`polices`]) and registered as they are by the renderer, so
//! `check` and `build` agree on what is printable.

use std::borrow::Cow;
use std::sync::LazyLock;

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::model::Dossier;

/// Longest run of characters without a line-break opportunity (UAX #14, the rule Typst
/// breaks lines by) that a value may hold.
///
/// Typst never breaks inside such a run: past the width it is given, the run leaves its
/// column or the page. Measured on the built-in templates (runs of capitals and digits, the
/// widest realistic shape, e.g. `AB12CD34…`; `pdftotext -bbox` on every document):
/// - the recipient block of letters (48 % of the line, bold 10.5 pt) holds 36 characters;
///   at 40 the run ends 22 pt into the right margin, still on the paper;
/// - the invoice-number column of the invoice table holds about 48 before the amount
///   columns are pushed over each other (unreadable amounts);
/// - a full body line holds about 64.
///
/// Past 16 383 glyphs Typst's PDF/A export fails outright (a PDF string holds at most
/// 32 767 bytes, two per glyph). 40 keeps every value on the paper and every amount legible,
/// while leaving room for long e-mail addresses and references.
pub const MOT_MAX: usize = 40;

/// Keys whose values are file paths: never printed, so no layout limit applies to them.
const CHEMINS: &[&str] = &["piece", "fichier"];

/// The fallback fonts shipped in `assets/fonts/` (provenance and licences in its README).
const POLICES_SECOURS: &[&[u8]] = &[
    include_bytes!("../../assets/fonts/NotoSerifThai-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSerifThai-Bold.ttf"),
    include_bytes!("../../assets/fonts/DroidSansFallback.ttf"),
];

/// Every font the documents are set with: Typst's own (Libertinus Serif, New Computer
/// Modern, DejaVu Sans Mono) first, then the fallbacks for Thai, Chinese, Japanese and
/// Korean. Typst falls back to the latter only for characters the former lack.
pub fn polices() -> impl Iterator<Item = &'static [u8]> {
    typst_assets::fonts().chain(POLICES_SECOURS.iter().copied())
}

/// One bit per code point: some embedded font maps it to a real glyph.
struct Couverture(Vec<u64>);

impl Couverture {
    fn lire() -> Self {
        let mut bits = vec![0u64; 0x11_0000usize.div_ceil(64)];
        for data in polices() {
            let faces = ttf_parser::fonts_in_collection(data).unwrap_or(1);
            for index in 0..faces {
                let Ok(face) = ttf_parser::Face::parse(data, index) else {
                    continue;
                };
                let Some(cmap) = face.tables().cmap else {
                    continue;
                };
                for table in cmap.subtables {
                    if !table.is_unicode() {
                        continue;
                    }
                    table.codepoints(|cp| {
                        let glyphe = table.glyph_index(cp).is_some_and(|g| g.0 != 0);
                        if glyphe && cp < 0x11_0000 {
                            bits[cp as usize / 64] |= 1 << (cp % 64);
                        }
                    });
                }
            }
        }
        Couverture(bits)
    }

    fn contient(&self, c: char) -> bool {
        let cp = c as usize;
        self.0[cp / 64] & (1 << (cp % 64)) != 0
    }
}

static COUVERTURE: LazyLock<Couverture> = LazyLock::new(Couverture::lire);

/// The same line breaker as Typst's (typst-layout `linebreak.rs`).
static SEGMENTEUR: LazyLock<LineSegmenterBorrowed<'static>> =
    LazyLock::new(|| LineSegmenter::new_lstm(LineBreakOptions::default()));

/// Whether some embedded font has a glyph for `c`.
pub fn imprimable(c: char) -> bool {
    COUVERTURE.contient(c)
}

/// Control characters (C0, DEL, C1) and the line and paragraph separators.
pub fn est_controle(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The Unicode name of a bidirectional control, `None` for any other character.
pub fn controle_bidi(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        _ => return None,
    })
}

fn usage_prive(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF_0000..=0xF_FFFD | 0x10_0000..=0x10_FFFD)
}

/// Characters that draw nothing: named by their code only, never shown between « ».
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x115F | 0x1160 | 0x180E | 0x200B..=0x200D | 0x2060..=0x2064
            | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xE_0000..=0xE_0FFF)
}

/// `text` with every control character, bidirectional control and line separator written
/// as a visible Rust-style escape (`\u{1b}`), for terminals and documents: data can then
/// neither send escape sequences nor reorder what follows it.
pub fn rendre_visible(text: &str) -> Cow<'_, str> {
    let a_echapper = |c: char| est_controle(c) || controle_bidi(c).is_some();
    if !text.chars().any(a_echapper) {
        return Cow::Borrowed(text);
    }
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if a_echapper(c) {
            s.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            s.push(c);
        }
    }
    Cow::Owned(s)
}

/// `U+1F950`
fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The longest run of `text` with no line-break opportunity: (length in characters, run).
pub fn mot_le_plus_long(text: &str) -> (usize, &str) {
    let mut meilleur = (0, "");
    let mut debut = 0;
    for fin in SEGMENTEUR.segment_str(text) {
        if fin <= debut {
            continue;
        }
        // Spaces before an opportunity hang in the margin; they do not widen the run.
        let mot = text[debut..fin].trim_end();
        let n = mot.chars().count();
        if n > meilleur.0 {
            meilleur = (n, mot);
        }
        debut = fin;
    }
    meilleur
}

/// Checks every string of the case; one diagnostic per field and kind of problem.
pub fn controler(d: &Dossier, v: &mut Vec<Diagnostic>) {
    let Ok(valeur) = serde_json::to_value(d) else {
        return;
    };
    let mut chemin = String::new();
    parcourir(&valeur, &mut chemin, "", v);
}

fn parcourir(valeur: &Value, chemin: &mut String, cle: &str, v: &mut Vec<Diagnostic>) {
    let longueur = chemin.len();
    match valeur {
        Value::String(s) => controler_valeur(chemin, cle, s, v),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                chemin.push_str(&format!("[{i}]"));
                parcourir(x, chemin, cle, v);
                chemin.truncate(longueur);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                // The reference has its own, stricter grammar (ASCII letters, digits, . _ -).
                if chemin.is_empty() && k == "reference" {
                    continue;
                }
                if !chemin.is_empty() {
                    chemin.push('.');
                }
                chemin.push_str(k);
                parcourir(x, chemin, k, v);
                chemin.truncate(longueur);
            }
        }
        _ => {}
    }
}

fn controler_valeur(chemin: &str, cle: &str, s: &str, v: &mut Vec<Diagnostic>) {
    let position = |i: usize| s[..i].chars().count() + 1;
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| est_controle(c)) {
        let nom = match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => "retour à la ligne",
            '\t' => "tabulation",
            '\u{1b}' => "échappement (séquence de terminal)",
            _ => "caractère de contrôle",
        };
        v.push(
            Diagnostic::erreur(
                chemin,
                format!("{nom} {} en position {} : caractère interdit dans un texte imprimé", code(c), position(i)),
            )
            .aide("retirez-le (il vient souvent d'un copier-coller ou d'un export) ; un nom, une adresse ou un numéro tient sur une ligne et n'a jamais besoin de caractère de contrôle")
            .document(),
        );
    }
    if let Some((i, c, nom)) = s
        .char_indices()
        .find_map(|(i, c)| controle_bidi(c).map(|n| (i, c, n)))
    {
        v.push(
            Diagnostic::erreur(
                chemin,
                format!("caractère invisible de sens d'écriture {} ({nom}) en position {} : il peut inverser l'ordre d'affichage du texte qui le suit, montants compris", code(c), position(i)),
            )
            .aide("retirez-le : un texte en arabe ou en hébreu s'imprime correctement sans ces caractères de contrôle")
            .document(),
        );
    }
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| usage_prive(c)) {
        v.push(
            Diagnostic::erreur(
                chemin,
                format!(
                    "caractère à usage privé {} en position {} : son dessin dépend de la police",
                    code(c),
                    position(i)
                ),
            )
            .aide("remplacez-le par le caractère Unicode standard voulu")
            .document(),
        );
    }
    let inconnu = s.char_indices().find(|&(_, c)| {
        !est_controle(c) && controle_bidi(c).is_none() && !usage_prive(c) && !imprimable(c)
    });
    if let Some((i, c)) = inconnu {
        let montre = if invisible(c) {
            code(c)
        } else {
            format!("« {c} » ({})", code(c))
        };
        v.push(
            Diagnostic::erreur(
                chemin,
                format!("caractère {montre} en position {} : aucune police intégrée ne sait l'imprimer", position(i)),
            )
            .aide("retirez-le ou remplacez-le (les émojis et certaines écritures ne s'impriment pas ; les lettres latines, grecques, cyrilliques, chinoises, japonaises, coréennes et thaïes s'impriment)")
            .document(),
        );
    }
    if !CHEMINS.contains(&cle) {
        let (n, mot) = mot_le_plus_long(s);
        if n > MOT_MAX {
            let debut: String = mot.chars().take(20).collect();
            v.push(
                Diagnostic::erreur(
                    chemin,
                    format!("mot de {n} caractères sans espace ni coupure possible (« {}… ») : au-delà de {MOT_MAX}, il sortirait de la page ou recouvrirait les montants", rendre_visible(&debut)),
                )
                .aide(format!("séparez-le par des espaces ou raccourcissez la valeur ({MOT_MAX} caractères au plus d'un seul tenant)"))
                .document(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Portee;
    use crate::model::exemple::dossier_toml;

    const CAS: &str = r#"
reference = "T-1"
[creancier]
nature = "societe"
denomination = "ACME"
[debiteur]
nature = "societe"
denomination = "DEBITEUR"
[[factures]]
numero = "F-1"
date = "2026-01-15"
echeance = "2026-02-14"
montant = "100.00"
"#;

    /// The case with `debiteur.denomination` set to `nom`.
    fn diags(nom: &str) -> Vec<Diagnostic> {
        let mut d = dossier_toml(CAS);
        d.debiteur.denomination = Some(nom.to_owned());
        let mut v = Vec::new();
        controler(&d, &mut v);
        v
    }

    #[test]
    fn latin_greek_cyrillic_cjk_korean_thai_are_printable() {
        let textes = [
            "Société Générale d'Équipements — Œuvre, Ÿ, ß, Ø, Å, Ł, ő, ș, ț, ğ, İ, ñ, ç « » € ’ …",
            "Ελληνική Εταιρεία Ανώνυμη",
            "ООО «Ромашка», Київ",
            "北京烤鸭有限公司 東京都千代田区 ひらがな カタカナ",
            "삼성전자 주식회사",
            "บริษัท ไทย จำกัด",
        ];
        for t in textes {
            assert!(diags(t).is_empty(), "{t} : {:?}", diags(t));
        }
        // Every letter of Latin-1 and Latin Extended-A (French and European diacritics).
        for c in ('\u{c0}'..='\u{17f}').filter(|c| c.is_alphabetic()) {
            assert!(imprimable(c), "{}", code(c));
        }
    }

    #[test]
    fn emoji_is_refused_with_the_field_path() {
        let v = diags("Boulangerie 🥐");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].chemin, "debiteur.denomination");
        assert!(v[0].est_erreur() && v[0].portee == Portee::Document);
        assert!(v[0].message.contains("U+1F950"), "{}", v[0].message);
        assert!(v[0].message.contains("aucune police"), "{}", v[0].message);
    }

    #[test]
    fn control_characters_are_refused_even_newlines() {
        for (texte, attendu) in [
            ("A\u{7}B", "U+0007"),
            ("A\nB", "retour à la ligne"),
            ("A\tB", "tabulation"),
            ("A\u{1b}[31mB", "U+001B"),
            ("A\u{2028}B", "U+2028"),
            ("A\u{85}B", "U+0085"),
        ] {
            let v = diags(texte);
            assert_eq!(v.len(), 1, "{texte:?} : {v:?}");
            assert!(v[0].message.contains(attendu), "{}", v[0].message);
            // The message itself never carries the raw character.
            assert!(
                !v[0].message.chars().any(est_controle),
                "{:?}",
                v[0].message
            );
        }
    }

    #[test]
    fn bidi_controls_are_refused() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let v = diags(&format!("F-1{c}23"));
            assert!(
                v.iter()
                    .any(|d| d.message.contains(&code(c)) && d.message.contains("sens d'écriture")),
                "{}: {v:?}",
                code(c)
            );
            assert!(v.iter().all(|d| !d.message.contains(c)));
        }
    }

    #[test]
    fn private_use_is_refused() {
        let v = diags("A\u{E000}");
        assert!(v.iter().any(|d| d.message.contains("usage privé")), "{v:?}");
    }

    #[test]
    fn long_words_are_refused_past_the_limit() {
        assert!(diags(&"A".repeat(MOT_MAX)).is_empty());
        let v = diags(&"A".repeat(MOT_MAX + 1));
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].message.contains(&format!("{}", MOT_MAX + 1)));
        assert!(!diags(&"A".repeat(40_000)).is_empty());
        // Spaces and hyphens are break opportunities; a no-break space is not.
        assert!(diags(&"ABCDEFGHIJ ".repeat(100)).is_empty());
        assert!(diags(&"ABCDEFGHIJ-".repeat(100)).is_empty());
        assert!(!diags(&"ABCDEFGHIJ\u{a0}".repeat(10)).is_empty());
        // Chinese breaks between ideographs.
        assert!(diags(&"北京".repeat(100)).is_empty());
    }

    #[test]
    fn every_string_field_is_walked_with_its_path() {
        let mut d = dossier_toml(CAS);
        d.factures[0].numero = "F\u{202E}1".into();
        d.factures[0].libelle = Some("x\u{7}".into());
        d.creancier.adresse = Some(crate::model::Adresse {
            lignes: vec!["ok".into(), "rue 🥐".into()],
            code_postal: None,
            ville: None,
            pays: None,
        });
        let mut v = Vec::new();
        controler(&d, &mut v);
        let chemins: Vec<&str> = v.iter().map(|d| d.chemin.as_str()).collect();
        assert!(chemins.contains(&"factures[0].numero"), "{chemins:?}");
        assert!(chemins.contains(&"factures[0].libelle"), "{chemins:?}");
        assert!(
            chemins.contains(&"creancier.adresse.lignes[1]"),
            "{chemins:?}"
        );
        assert_eq!(v.len(), 3, "{v:?}");
    }

    #[test]
    fn paths_have_no_layout_limit() {
        let mut d = dossier_toml(CAS);
        d.factures[0].piece = Some(format!("pieces/{}.pdf", "a_".repeat(40)));
        let mut v = Vec::new();
        controler(&d, &mut v);
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn visible_escapes() {
        assert_eq!(rendre_visible("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(rendre_visible("F\u{202e}1\n"), "F\\u{202e}1\\u{a}");
        assert!(matches!(rendre_visible("Élodie 北京"), Cow::Borrowed(_)));
    }
}

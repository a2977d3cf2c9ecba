//! French formatting of amounts, rates and dates, done once for every output
//! (`1 234,56 €` with a narrow no-break space, `15 mars 2026`).

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::Adresse;

/// Narrow no-break space, the French thousands separator.
pub const ESPACE_FINE: char = '\u{202f}';
/// No-break space, before the currency sign and the % sign.
pub const ESPACE_INSECABLE: char = '\u{a0}';

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `1234.5` → `1 234,50` (no currency).
pub fn nombre_fr(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    let s = r.abs().to_string();
    let (entier, dec) = s.split_once('.').unwrap_or((&s, "00"));
    let mut groupes = String::new();
    for (i, c) in entier.chars().enumerate() {
        if i > 0 && (entier.len() - i) % 3 == 0 {
            groupes.push(ESPACE_FINE);
        }
        groupes.push(c);
    }
    let signe = if r.is_sign_negative() && !r.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{signe}{groupes},{dec}")
}

/// A whole or decimal number with French grouping and no forced decimals: `12345` →
/// `12 345`, `2.5` → `2,5`.
pub fn nombre_entier_fr(d: Decimal) -> String {
    let n = d.normalize();
    if n.fract().is_zero() {
        let s = nombre_fr(n);
        s.strip_suffix(",00").unwrap_or(&s).to_owned()
    } else {
        let s = n.to_string().replace('.', ",");
        let (entier, reste) = s.split_once(',').unwrap_or((&s, ""));
        let groupe = nombre_fr(entier.parse().unwrap_or_default());
        format!("{},{reste}", groupe.strip_suffix(",00").unwrap_or(&groupe))
    }
}

/// `1234.5` → `1 234,50 €`.
pub fn montant_fr(d: Decimal) -> String {
    format!("{}{ESPACE_INSECABLE}€", nombre_fr(d))
}

/// An amount in a currency: `€` for EUR, else the ISO code (`1 234,50 DKK`).
pub fn montant_devise(d: Decimal, devise: &str) -> String {
    if devise == "EUR" {
        montant_fr(d)
    } else {
        format!("{}{ESPACE_INSECABLE}{devise}", nombre_fr(d))
    }
}

/// `12.15` → `12,15 %`; `9.125` → `9,125 %`; `10` → `10,00 %`.
pub fn taux_fr(d: Decimal) -> String {
    let mut r = d.normalize();
    if r.scale() < 2 {
        r.rescale(2);
    }
    format!("{}{ESPACE_INSECABLE}%", r.to_string().replace('.', ","))
}

/// `2026-03-15` → `15 mars 2026`; the first of the month is `1er`.
pub fn date_longue(d: NaiveDate) -> String {
    let jour = if d.day() == 1 {
        "1er".to_owned()
    } else {
        d.day().to_string()
    };
    format!("{jour} {} {}", MOIS[d.month0() as usize], d.year())
}

/// `2026-03-15` → `15/03/2026`.
pub fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Lower case without the accents of French: `Épinal` → `epinal`, `Cœur` → `coeur`. The one
/// folding used to compare names and to build file names.
pub fn replier(s: &str) -> String {
    let mut r = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => r.push('a'),
            'é' | 'è' | 'ê' | 'ë' => r.push('e'),
            'î' | 'ï' | 'í' | 'ì' => r.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => r.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => r.push('u'),
            'ÿ' | 'ý' => r.push('y'),
            'ç' => r.push('c'),
            'ñ' => r.push('n'),
            'œ' => r.push_str("oe"),
            'æ' => r.push_str("ae"),
            c => r.push(c),
        }
    }
    r
}

/// Compares city names loosely: case, accents, hyphens and « Saint »/« St » differences.
pub fn meme_ville(a: &str, b: &str) -> bool {
    fn cle(s: &str) -> String {
        let s: String = replier(s)
            .chars()
            .map(|c| match c {
                '-' | '\'' | '’' => ' ',
                c => c,
            })
            .collect();
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let s = s
            .strip_prefix("st ")
            .map(|r| format!("saint {r}"))
            .unwrap_or(s);
        // Paris 2e arrondissement, Lyon 3e...: the commune is the first word(s) before a digit.
        s.split(|c: char| c.is_ascii_digit())
            .next()
            .unwrap_or("")
            .trim()
            .trim_end_matches(" cedex")
            .to_owned()
    }
    !a.trim().is_empty() && cle(a) == cle(b)
}

/// `Facture n° F-2026-0101 du 15/01/2026` → `facture-n-f-2026-0101-du-15-01-2026`: letters,
/// digits and dashes only, so names never need escaping in a manifest.
pub fn slug(titre: &str) -> String {
    let mut s = String::new();
    for c in replier(titre).chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if c == '-' && (s.is_empty() || s.ends_with('-')) {
            continue;
        }
        s.push(c);
        if s.len() >= 60 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() {
        "piece".into()
    } else {
        s
    }
}

/// An amount with exactly two decimals, half-up: the décompte JSON contract (`4021.45`).
pub fn deux_decimales(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

/// A rate with at least two decimals (`12.15`, `10.00`, `9.125`).
pub fn taux_texte(d: Decimal) -> String {
    let mut r = d.normalize();
    if r.scale() < 2 {
        r.rescale(2);
    }
    r.to_string()
}

/// Address lines: street lines, then `75002 Paris`, then the country when not France.
pub fn lignes_adresse(a: Option<&Adresse>) -> Vec<String> {
    let Some(a) = a else { return Vec::new() };
    let mut v: Vec<String> = a
        .lignes
        .iter()
        .map(|l| numero_insecable(l.trim()))
        .filter(|l| !l.is_empty())
        .collect();
    let ville = [a.code_postal.as_deref(), a.ville.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !ville.is_empty() {
        v.push(ville);
    }
    if let Some(p) = a.pays.as_deref().map(str::trim) {
        if !p.is_empty() && !p.eq_ignore_ascii_case("france") {
            v.push(p.to_uppercase());
        }
    }
    v
}

/// An address on one line: `12 rue de la Paix, 75002 Paris`.
pub fn adresse_en_ligne(a: Option<&Adresse>) -> String {
    lignes_adresse(a).join(", ")
}

/// `12 rue de la Paix` → `12\u{a0}rue de la Paix`: a street number stays with its street.
pub fn numero_insecable(ligne: &str) -> String {
    let chiffres = ligne.bytes().take_while(u8::is_ascii_digit).count();
    if chiffres == 0 {
        return ligne.to_owned();
    }
    // `12 bis rue`, `12bis rue`: the number is followed by letters up to the first space.
    match ligne[chiffres..].find(' ') {
        Some(i) if i <= 4 => {
            let (a, b) = ligne.split_at(chiffres + i);
            format!("{a}\u{a0}{}", &b[1..])
        }
        _ => ligne.to_owned(),
    }
}

/// `de` before a name, elided before a vowel (« d'ACME », « RCS d'Épinal »).
pub fn de(nom: &str) -> String {
    let nom = nom.trim();
    let voyelle = nom
        .chars()
        .next()
        .is_some_and(|c| "aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ".contains(c));
    if voyelle {
        format!("d'{nom}")
    } else {
        format!("de {nom}")
    }
}

/// A text that comes mid-sentence: its first letter in lower case, unless the first word
/// is an acronym or a name in capitals (`ACME`, `SNCF`).
pub fn minuscule_initiale(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(p), Some(q)) if p.is_uppercase() && !q.is_uppercase() => {
            p.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_owned(),
    }
}

/// Share capital: `75 000 €`, cents only when there are some.
pub fn capital(c: Decimal, devise: &str) -> String {
    let s = montant_devise(c, devise);
    if c.fract().is_zero() {
        s.replacen(",00", "", 1)
    } else {
        s
    }
}

/// `732829320` → `732 829 320`, with non-breaking spaces: a number never splits across lines.
pub fn siren_espace(s: &str) -> String {
    let d: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.len() == 9 {
        format!("{}\u{a0}{}\u{a0}{}", &d[0..3], &d[3..6], &d[6..9])
    } else {
        s.trim().to_owned()
    }
}

/// An IBAN in groups of four.
pub fn iban_groupes(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    t.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `09:30` → `9 h 30`.
pub fn heure_fr(h: &str) -> String {
    match h.trim().split_once(':') {
        Some((hh, mm)) => {
            let hh = hh.trim().trim_start_matches('0');
            // Non-breaking spaces: « 9 h 30 » stays on one line.
            format!(
                "{}\u{a0}h\u{a0}{}",
                if hh.is_empty() { "0" } else { hh },
                mm.trim()
            )
        }
        None => h.trim().to_owned(),
    }
}

/// First letter in capital.
pub fn majuscule(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Serialisers for JSON outputs: amounts as strings with exactly two decimals, rates with
/// at least two (DESIGN.md « Décompte JSON »). Every JSON the program writes uses these.
pub mod json {
    use rust_decimal::Decimal;
    use serde::ser::SerializeSeq;
    use serde::Serializer;

    pub fn montant<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::deux_decimales(*d))
    }

    pub fn montants<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for d in v {
            seq.serialize_element(&super::deux_decimales(*d))?;
        }
        seq.end()
    }

    pub fn taux<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::taux_texte(*d))
    }

    pub fn taux_opt<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => taux(d, s),
            None => s.serialize_none(),
        }
    }
}

const UNITES: [&str; 20] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
];
const DIZAINES: [&str; 7] = [
    "",
    "",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
];

/// 0 to 99 in words; `final_` says nothing follows (« quatre-vingts » but « quatre-vingt mille »).
fn moins_de_cent(n: u64, final_: bool) -> String {
    let (d, u) = (n / 10, (n % 10) as usize);
    match d {
        0 | 1 => UNITES[n as usize].to_owned(),
        7 if u == 1 => "soixante et onze".to_owned(),
        7 => format!("soixante-{}", UNITES[10 + u]),
        8 if u == 0 => if final_ {
            "quatre-vingts"
        } else {
            "quatre-vingt"
        }
        .to_owned(),
        8 => format!("quatre-vingt-{}", UNITES[u]),
        9 => format!("quatre-vingt-{}", UNITES[10 + u]),
        _ => match u {
            0 => DIZAINES[d as usize].to_owned(),
            1 => format!("{} et un", DIZAINES[d as usize]),
            _ => format!("{}-{}", DIZAINES[d as usize], UNITES[u]),
        },
    }
}

/// 0 to 999 in words (« deux cents », « deux cent un »; « deux cent mille »).
fn moins_de_mille(n: u64, final_: bool) -> String {
    let (c, r) = (n / 100, n % 100);
    let centaines = match c {
        0 => return moins_de_cent(r, final_),
        1 => "cent".to_owned(),
        _ if r == 0 && final_ => format!("{} cents", UNITES[c as usize]),
        _ => format!("{} cent", UNITES[c as usize]),
    };
    if r == 0 {
        centaines
    } else {
        format!("{centaines} {}", moins_de_cent(r, final_))
    }
}

/// A whole number in French words (traditional spelling): `6590` → `six mille cinq cent
/// quatre-vingt-dix`. For the amount a debtor writes out (C. civ. art. 1376).
pub fn nombre_en_lettres(n: u64) -> String {
    if n == 0 {
        return UNITES[0].to_owned();
    }
    let mut parties = Vec::new();
    let mut reste = n;
    for (valeur, singulier, pluriel) in [
        (1_000_000_000_000u64, "billion", "billions"),
        (1_000_000_000, "milliard", "milliards"),
        (1_000_000, "million", "millions"),
    ] {
        let q = reste / valeur;
        reste %= valeur;
        if q == 1 {
            parties.push(format!("un {singulier}"));
        } else if q > 1 {
            // Million and milliard are nouns: « quatre-vingts millions ».
            parties.push(format!("{} {pluriel}", nombre_en_lettres(q)));
        }
    }
    let milliers = reste / 1000;
    reste %= 1000;
    match milliers {
        0 => {}
        // « Mille » is invariable and makes the number before it non-final.
        1 => parties.push("mille".to_owned()),
        _ => parties.push(format!("{} mille", moins_de_mille(milliers, false))),
    }
    if reste > 0 {
        parties.push(moins_de_mille(reste, true));
    }
    parties.join(" ")
}

/// An amount in euros in words: `6590.24` → `six mille cinq cent quatre-vingt-dix euros et
/// vingt-quatre centimes`; `1000000` → `un million d'euros`.
pub fn euros_en_lettres(d: Decimal) -> String {
    let d = d
        .abs()
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let entier = u64::try_from(d.trunc()).unwrap_or(u64::MAX);
    let centimes = u64::try_from((d.fract() * Decimal::from(100)).trunc()).unwrap_or(0);
    let mots = nombre_en_lettres(entier);
    let euros = if entier == 1 || entier == 0 {
        format!("{mots} euro")
    } else if mots.ends_with("illion")
        || mots.ends_with("illions")
        || mots.ends_with("illiard")
        || mots.ends_with("illiards")
    {
        format!("{mots} d'euros")
    } else {
        format!("{mots} euros")
    };
    match centimes {
        0 => euros,
        1 => format!("{euros} et un centime"),
        c => format!("{euros} et {} centimes", moins_de_cent(c, true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11, point 20: non-breaking spaces where a line must not break; elisions.
    #[test]
    fn typography_of_documents() {
        assert_eq!(heure_fr("09:30"), "9\u{a0}h\u{a0}30");
        assert_eq!(siren_espace("732829320"), "732\u{a0}829\u{a0}320");
        assert_eq!(
            numero_insecable("12 rue de la Paix"),
            "12\u{a0}rue de la Paix"
        );
        assert_eq!(numero_insecable("12 bis rue A"), "12\u{a0}bis rue A");
        assert_eq!(numero_insecable("ZI du Madrillet"), "ZI du Madrillet");
        assert_eq!(de("ACME"), "d'ACME");
        assert_eq!(de("Épinal"), "d'Épinal");
        assert_eq!(de("Paris"), "de Paris");
        assert_eq!(
            minuscule_initiale("Maintenance informatique"),
            "maintenance informatique"
        );
        assert_eq!(minuscule_initiale("SNCF réseau"), "SNCF réseau");
    }

    /// The traditional spelling: « et un », « soixante et onze », « quatre-vingts », plural
    /// « cents » only at the end, invariable « mille », « d'euros » after million.
    #[test]
    fn amounts_in_words() {
        let l = |n| nombre_en_lettres(n);
        assert_eq!(l(21), "vingt et un");
        assert_eq!(l(71), "soixante et onze");
        assert_eq!(l(77), "soixante-dix-sept");
        assert_eq!(l(80), "quatre-vingts");
        assert_eq!(l(81), "quatre-vingt-un");
        assert_eq!(l(91), "quatre-vingt-onze");
        assert_eq!(l(200), "deux cents");
        assert_eq!(l(201), "deux cent un");
        assert_eq!(l(1000), "mille");
        assert_eq!(l(80_000), "quatre-vingt mille");
        assert_eq!(l(200_000), "deux cent mille");
        assert_eq!(l(80_000_000), "quatre-vingts millions");
        assert_eq!(l(2_001_001), "deux millions mille un");
        let e = |s: &str| euros_en_lettres(s.parse().unwrap());
        assert_eq!(
            e("6590.24"),
            "six mille cinq cent quatre-vingt-dix euros et vingt-quatre centimes"
        );
        assert_eq!(e("1.01"), "un euro et un centime");
        assert_eq!(e("1000000"), "un million d'euros");
        assert_eq!(
            e("180.80"),
            "cent quatre-vingts euros et quatre-vingts centimes"
        );
    }

    #[test]
    fn french_formats() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(montant_fr(d("1234.5")), "1\u{202f}234,50\u{a0}€");
        assert_eq!(montant_fr(d("0")), "0,00\u{a0}€");
        assert_eq!(
            montant_fr(d("1234567.891")),
            "1\u{202f}234\u{202f}567,89\u{a0}€"
        );
        assert_eq!(nombre_fr(d("-12.5")), "-12,50");
        assert_eq!(taux_fr(d("12.15")), "12,15\u{a0}%");
        assert_eq!(taux_fr(d("10")), "10,00\u{a0}%");
        assert_eq!(montant_devise(d("5"), "DKK"), "5,00\u{a0}DKK");
        let j = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(date_longue(j("2026-03-15")), "15 mars 2026");
        assert_eq!(date_longue(j("2026-08-01")), "1er août 2026");
        assert_eq!(date_fr(j("2026-03-05")), "05/03/2026");
        assert_eq!(nombre_entier_fr(d("10000")), "10\u{202f}000");
        assert_eq!(nombre_entier_fr(d("40.00")), "40");
        assert_eq!(nombre_entier_fr(d("2.5")), "2,5");
        assert_eq!(nombre_entier_fr(d("0")), "0");
    }

    #[test]
    fn slugs_are_safe_names() {
        assert_eq!(
            slug("Contrat de maintenance du 10 janvier 2025"),
            "contrat-de-maintenance-du-10-janvier-2025"
        );
        assert_eq!(slug("Procès-verbal « été » / ../x"), "proces-verbal-ete-x");
        assert_eq!(slug("***"), "piece");
    }
}

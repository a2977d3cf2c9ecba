//! Readers that produce the model. This stage reads files; nothing after it does.
//!
//! Case files are TOML or JSON with the same keys (DESIGN.md). A file that cannot be read as
//! a case gives one located error (`factures[2].montant : …`); semantic checks come after,
//! in `validate`, all at once.

pub mod csv;
pub mod facture_electronique;
pub mod fec;
pub mod fichier;
pub mod import;
pub mod pdf;
pub mod pieces;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::de::dates_toml_en_texte;
use crate::model::Dossier;

/// Case files larger than this are refused, before parsing and while reading (a case is a
/// few kilobytes).
pub const TAILLE_MAX: u64 = 16 * 1024 * 1024;

/// A case read from disk, with where it came from (exhibit paths are relative to `dossier`).
#[derive(Debug, Clone)]
pub struct DossierLu {
    pub fichier: PathBuf,
    pub racine: PathBuf,
    pub dossier: Dossier,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read at all (missing, not a regular file, permission): a
    /// usage/IO problem.
    #[error(transparent)]
    Lecture(#[from] fichier::ErreurFichier),
    /// The file was read but is not a valid case file.
    #[error("{fichier} : {diagnostic}")]
    Format {
        fichier: String,
        diagnostic: Diagnostic,
    },
}

impl IngestError {
    pub fn est_lecture(&self) -> bool {
        matches!(self, IngestError::Lecture { .. })
    }

    /// The error as a located diagnostic: the case file's own diagnostic for a format
    /// problem, the whole message for a reading problem.
    pub fn diagnostic(self) -> Diagnostic {
        match self {
            IngestError::Format { diagnostic, .. } => diagnostic,
            autre @ IngestError::Lecture { .. } => Diagnostic::erreur("", autre.to_string())
                .aide("vérifiez le chemin du fichier de dossier et ses droits de lecture"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

/// Reads and parses one case file.
pub fn lire_dossier(fichier: &Path) -> Result<DossierLu, IngestError> {
    let nom = fichier.display().to_string();
    let octets = match fichier::lire_borne(fichier, TAILLE_MAX) {
        Ok(o) => o,
        Err(fichier::ErreurFichier::TropGros { taille, limite, .. }) => {
            return Err(IngestError::Format {
                fichier: nom,
                diagnostic: Diagnostic::erreur(
                    "",
                    format!("fichier trop volumineux ({taille}) pour un dossier : limite {limite}"),
                )
                .aide(
                    "un fichier de dossier fait quelques kilo-octets : vérifiez le fichier désigné",
                ),
            })
        }
        Err(e) => return Err(e.into()),
    };
    let format = match fichier.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
        Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
        _ => deviner_format(&octets),
    };
    let dossier = analyser(&octets, format).map_err(|diagnostic| IngestError::Format {
        fichier: nom,
        diagnostic,
    })?;
    let racine = fichier
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let racine = if racine.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        racine
    };
    Ok(DossierLu {
        fichier: fichier.to_owned(),
        racine,
        dossier,
    })
}

fn deviner_format(octets: &[u8]) -> Format {
    match octets.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Json,
        _ => Format::Toml,
    }
}

/// Parses a case from bytes. Never panics, whatever the bytes.
pub fn analyser(octets: &[u8], format: Format) -> Result<Dossier, Diagnostic> {
    let texte = std::str::from_utf8(octets).map_err(|e| {
        Diagnostic::erreur(
            "",
            format!(
                "le fichier n'est pas du texte UTF-8 (octet invalide à la position {})",
                e.valid_up_to()
            ),
        )
        .aide("enregistrez le fichier en UTF-8 (un fichier de dossier est du texte TOML ou JSON)")
    })?;
    let texte = texte.strip_prefix('\u{feff}').unwrap_or(texte);
    match format {
        Format::Toml => analyser_toml(texte),
        Format::Json => analyser_json(texte),
    }
}

fn analyser_toml(texte: &str) -> Result<Dossier, Diagnostic> {
    let valeur: toml::Value = toml::from_str(texte).map_err(|e| {
        let (ligne, col) = e.span().map(|s| position(texte, s.start)).unwrap_or((0, 0));
        let msg = e.message().trim().to_owned();
        let msg = if msg.contains("i128") || msg.contains("out of range") {
            "nombre entier trop grand (écrivez les montants entre guillemets, au centime)"
                .to_owned()
        } else {
            msg
        };
        Diagnostic::erreur(
            if ligne > 0 {
                format!("ligne {ligne}, colonne {col}")
            } else {
                String::new()
            },
            format!("TOML illisible : {}", traduire(&msg)),
        )
        .aide("vérifiez la syntaxe TOML à cet endroit (guillemets, crochets, signe =)")
    })?;
    let valeur = dates_toml_en_texte(valeur);
    serde_path_to_error::deserialize(valeur)
        .map_err(|e| erreur_serde(e.path(), &e.inner().to_string()))
}

fn analyser_json(texte: &str) -> Result<Dossier, Diagnostic> {
    let mut de = serde_json::Deserializer::from_str(texte);
    let resultat: Result<Dossier, _> = serde_path_to_error::deserialize(&mut de);
    match resultat {
        Ok(d) => de.end().map(|_| d).map_err(|e| {
            Diagnostic::erreur(
                format!("ligne {}, colonne {}", e.line(), e.column()),
                "contenu en trop après l'objet JSON",
            )
        }),
        Err(e) => {
            let inner = e.inner();
            if inner.is_syntax() || inner.is_eof() {
                Err(Diagnostic::erreur(
                    format!("ligne {}, colonne {}", inner.line(), inner.column()),
                    format!(
                        "JSON illisible : {}",
                        traduire(&strip_position(&inner.to_string()))
                    ),
                )
                .aide("vérifiez la syntaxe JSON à cet endroit (virgules, guillemets, accolades)"))
            } else {
                Err(erreur_serde(e.path(), &strip_position(&inner.to_string())))
            }
        }
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn position(texte: &str, offset: usize) -> (usize, usize) {
    let avant = &texte[..offset.min(texte.len())];
    let ligne = avant.matches('\n').count() + 1;
    let col = avant
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (ligne, col)
}

pub(crate) fn erreur_serde(path: &serde_path_to_error::Path, message: &str) -> Diagnostic {
    let chemin = path.to_string();
    let chemin = if chemin == "." { String::new() } else { chemin };
    let (message, aide) = traduire_serde(message);
    let d = Diagnostic::erreur(chemin, message);
    match aide {
        Some(a) => d.aide(a),
        None => d,
    }
}

/// Every key the case file accepts, for "did you mean" hints.
const CLES: &[&str] = &[
    "reference",
    "arrete_au",
    "creancier",
    "debiteur",
    "creance",
    "factures",
    "paiements",
    "evenements",
    "pieces",
    "nature",
    "denomination",
    "nom",
    "prenoms",
    "forme_juridique",
    "capital",
    "siren",
    "siret",
    "rcs",
    "tva",
    "representant",
    "adresse",
    "iban",
    "bic",
    "email",
    "telephone",
    "profession",
    "nationalite",
    "date_naissance",
    "lieu_naissance",
    "commercant",
    "procedure_collective",
    "qualite",
    "lignes",
    "code_postal",
    "ville",
    "pays",
    "fondement",
    "devise",
    "description",
    "interets",
    "taux_contractuel",
    "clause_penale",
    "indemnite_forfaitaire",
    "numero",
    "date",
    "echeance",
    "montant",
    "libelle",
    "piece",
    "facture",
    "mode",
    "type",
    "titre",
    "fichier",
    "jugement_ouverture",
    "publication_bodacc",
    "tribunal",
    "mandataire",
    "suretes",
    "echeancier",
    "mensualites",
    "premiere",
    "periodicite",
    "taux",
    "menace",
    "biens",
    "dispense_autorisation",
    "conciliateur",
];

/// Translates serde's English messages into French, with a hint.
fn traduire_serde(msg: &str) -> (String, Option<String>) {
    if let Some(champ) = entre_backticks(msg, "missing field ") {
        return (
            format!("champ obligatoire manquant : {champ}"),
            Some(format!(
                "ajoutez la clé « {champ} » (voir `recouvre init` pour un dossier complet)"
            )),
        );
    }
    if let Some(champ) = entre_backticks(msg, "unknown field ") {
        let attendus = msg
            .split_once("expected ")
            .map(|(_, r)| {
                r.replace('`', "")
                    .replace(" or ", ", ")
                    .replace("one of ", "")
            })
            .unwrap_or_default();
        let proche = plus_proche(&champ, &attendus);
        let aide = match proche {
            Some(p) => format!("vouliez-vous dire « {p} » ? Clés possibles ici : {attendus}"),
            None if !attendus.is_empty() => format!("clés possibles ici : {attendus}"),
            None => "retirez ou corrigez cette clé".into(),
        };
        return (
            format!("clé inconnue « {champ} » : une faute de frappe ne doit pas faire perdre une donnée"),
            Some(aide),
        );
    }
    if let Some(valeur) = entre_backticks(msg, "unknown variant ") {
        let attendus = msg
            .split_once("expected ")
            .map(|(_, r)| {
                r.replace('`', "")
                    .replace(" or ", ", ")
                    .replace("one of ", "")
            })
            .unwrap_or_default();
        return (
            format!("valeur inconnue « {valeur} »"),
            Some(format!("valeurs possibles : {attendus}")),
        );
    }
    if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
        return (traduire(msg), Some("vérifiez le type de la valeur (texte entre guillemets, nombre, vrai/faux, tableau)".into()));
    }
    if msg.starts_with("duplicate field") || msg.contains("duplicate key") {
        return (
            traduire(msg),
            Some("chaque clé ne peut apparaître qu'une fois".into()),
        );
    }
    (traduire(msg), None)
}

fn entre_backticks(msg: &str, prefixe: &str) -> Option<String> {
    let reste = msg.strip_prefix(prefixe)?;
    let reste = reste.strip_prefix('`')?;
    let fin = reste.find('`')?;
    Some(reste[..fin].to_owned())
}

fn plus_proche(champ: &str, attendus: &str) -> Option<String> {
    let candidats: Vec<&str> = if attendus.is_empty() {
        CLES.to_vec()
    } else {
        attendus.split(", ").map(str::trim).collect()
    };
    candidats
        .into_iter()
        .map(|c| (distance(champ, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c.to_owned())
}

/// Levenshtein distance, for short keys.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Translates the common phrases of serde, toml and serde_json messages.
fn traduire(msg: &str) -> String {
    let mut m = msg.to_owned();
    for (en, fr) in [
        ("invalid type: ", "type invalide : "),
        ("invalid value: ", "valeur invalide : "),
        (", expected a sequence", ", attendu un tableau"),
        (
            ", expected a boolean",
            ", attendu vrai ou faux (true/false)",
        ),
        (", expected a string", ", attendu un texte entre guillemets"),
        (", expected struct ", ", attendu une table "),
        (", expected a map", ", attendu une table"),
        (", expected ", ", attendu "),
        ("string ", "texte "),
        ("integer ", "entier "),
        ("floating point ", "nombre à virgule "),
        ("boolean ", "booléen "),
        ("sequence", "tableau"),
        ("map", "table"),
        ("duplicate key", "clé en double"),
        ("duplicate field", "champ en double"),
        ("expected value", "valeur attendue"),
        ("EOF while parsing", "fin de fichier inattendue"),
        ("trailing comma", "virgule en trop"),
        ("key with no value", "clé sans valeur"),
        ("invalid string", "texte invalide"),
        ("invalid number", "nombre invalide"),
        ("invalid table header", "en-tête de table invalide"),
        ("unclosed", "non fermé"),
        ("expected", "attendu"),
    ] {
        m = m.replace(en, fr);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
reference = "T-1"
[creancier]
nature = "societe"
denomination = "A"
[debiteur]
nature = "societe"
denomination = "B"
[[factures]]
numero = "F1"
date = 2026-01-15
echeance = "2026-02-14"
montant = "4800.00"
"#;

    #[test]
    fn reads_toml_with_native_and_string_dates() {
        let d = analyser(MINIMAL.as_bytes(), Format::Toml).unwrap();
        assert_eq!(d.factures[0].date.to_string(), "2026-01-15");
        assert_eq!(d.factures[0].montant.to_string(), "4800.00");
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let t = MINIMAL.replace("echeance =", "echeanse =");
        let e = analyser(t.as_bytes(), Format::Toml).unwrap_err();
        assert_eq!(e.chemin, "factures[0].echeanse");
        assert!(e.message.contains("clé inconnue « echeanse »"), "{e}");
        assert!(e.aide.unwrap().contains("« echeance »"));
    }

    #[test]
    fn float_amount_is_refused() {
        let t = MINIMAL.replace("\"4800.00\"", "4800.5");
        let e = analyser(t.as_bytes(), Format::Toml).unwrap_err();
        assert_eq!(e.chemin, "factures[0].montant");
        assert!(e.message.contains("entre guillemets"), "{e}");
    }

    #[test]
    fn json_reads_the_same_keys() {
        let j = r#"{"reference":"T-1","creancier":{"nature":"societe","denomination":"A"},
            "debiteur":{"nature":"particulier","nom":"Durand","prenoms":"Léa"},
            "factures":[{"numero":"F1","date":"2026-01-15","echeance":"2026-02-14","montant":1200}]}"#;
        let d = analyser(j.as_bytes(), Format::Json).unwrap();
        assert_eq!(d.debiteur.nom_complet(), "Léa Durand");
        let e = analyser(j.replace("1200", "12.5").as_bytes(), Format::Json).unwrap_err();
        assert_eq!(e.chemin, "factures[0].montant");
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in [
            &b""[..],
            b"\xff\xfe\x00garbage",
            b"[[[",
            b"{",
            b"reference = 1",
            b"reference = \"x\"\n[creancier]\nnature = \"martien\"",
        ] {
            assert!(analyser(bytes, Format::Toml).is_err());
            assert!(analyser(bytes, Format::Json).is_err());
        }
    }
}

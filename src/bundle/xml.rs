//! `manifest-dossier.xml`: every document and exhibit with its number, title, media type,
//! size and SHA-256, written with quick-xml (escaping is the writer's job, never ours).
//! Values come from case data: characters XML 1.0 forbids (controls, U+FFFE, U+FFFF) are
//! replaced by a space before they reach the writer, so the manifest is always well-formed;
//! the reader checks well-formedness in full.

use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;
use std::borrow::Cow;

use super::{type_media, Destinataire, Fichier, Genre};
use crate::model::Dossier;

pub const NOM: &str = "manifest-dossier.xml";
pub const ESPACE: &str = "urn:recouvre:manifeste:1";

/// A character XML 1.0 allows (production `Char`, section 2.2).
pub fn caractere_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// An attribute value as written: no character XML forbids, no control character (tabs
/// and line ends would come back as spaces anyway, by attribute-value normalisation).
fn propre(s: &str) -> Cow<'_, str> {
    let garder = |c: char| caractere_xml(c) && !c.is_control();
    if s.chars().all(garder) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(|c| if garder(c) { c } else { ' ' }).collect())
    }
}

pub fn manifeste(
    dest: Destinataire,
    dossier: &Dossier,
    date: NaiveDate,
    payload: &[Fichier],
) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let date = date.format("%Y-%m-%d").to_string();
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut racine = BytesStart::new("dossier");
    racine.push_attribute(("xmlns", ESPACE));
    racine.push_attribute(("reference", propre(&dossier.reference).as_ref()));
    racine.push_attribute(("destinataire", dest.code()));
    racine.push_attribute(("date", date.as_str()));
    racine.push_attribute(("algorithme", "SHA-256"));
    let _ = w.write_event(Event::Start(racine));
    for f in payload {
        let taille = f.octets.len().to_string();
        let sha = f.sha256.as_str();
        let nom = match &f.genre {
            Genre::Document { .. } => "document",
            Genre::Piece { .. } => "piece",
            Genre::Donnees => "donnees",
        };
        let mut e = BytesStart::new(nom);
        match &f.genre {
            Genre::Document {
                numero,
                code,
                titre,
                projet,
            } => {
                e.push_attribute(("numero", numero.to_string().as_str()));
                e.push_attribute(("fichier", propre(&f.chemin).as_ref()));
                e.push_attribute(("titre", propre(titre).as_ref()));
                e.push_attribute(("code", code.code()));
                e.push_attribute(("projet", if *projet { "true" } else { "false" }));
            }
            Genre::Piece {
                numero,
                titre,
                date,
            } => {
                e.push_attribute(("numero", numero.to_string().as_str()));
                e.push_attribute(("fichier", propre(&f.chemin).as_ref()));
                e.push_attribute(("titre", propre(titre).as_ref()));
                if let Some(d) = date {
                    e.push_attribute(("date", d.format("%Y-%m-%d").to_string().as_str()));
                }
            }
            Genre::Donnees => e.push_attribute(("fichier", propre(&f.chemin).as_ref())),
        }
        e.push_attribute(("type-media", type_media(&f.chemin)));
        e.push_attribute(("taille", taille.as_str()));
        e.push_attribute(("sha256", sha));
        let _ = w.write_event(Event::Empty(e));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("dossier")));
    let mut v = w.into_inner();
    v.push(b'\n');
    v
}

/// One entry read back: path, size and hash as the manifest declares them.
#[derive(Debug, Clone, PartialEq)]
pub struct Declare {
    pub fichier: String,
    pub taille: Option<u64>,
    pub sha256: String,
}

/// Reads the manifest back, checking that it is well-formed XML 1.0 (legal characters, one
/// root element `dossier` in our namespace, balanced tags, unique attributes, only the five
/// predefined entities, no DOCTYPE); never resolves entities, never follows anything external.
pub fn lire(octets: &[u8]) -> Result<Vec<Declare>, String> {
    let texte = std::str::from_utf8(octets)
        .map_err(|e| format!("XML qui n'est pas en UTF-8 (octet {})", e.valid_up_to()))?;
    if let Some((i, c)) = texte.char_indices().find(|&(_, c)| !caractere_xml(c)) {
        return Err(format!(
            "caractère U+{:04X} interdit en XML 1.0 (octet {i}) : le manifeste n'est pas du XML bien formé",
            c as u32
        ));
    }
    let legal = |v: &str| -> Result<(), String> {
        match v.chars().find(|&c| !caractere_xml(c)) {
            Some(c) => Err(format!(
                "référence au caractère U+{:04X}, interdit en XML 1.0",
                c as u32
            )),
            None => Ok(()),
        }
    };
    let mut r = quick_xml::Reader::from_str(texte);
    r.config_mut().trim_text(true);
    r.config_mut().check_comments = true;
    let mut v = Vec::new();
    let mut profondeur = 0usize;
    let mut racine = false;
    loop {
        let position = r.buffer_position();
        let illisible =
            |e: &dyn std::fmt::Display| format!("XML mal formé à l'octet {position} : {e}");
        let evenement = r.read_event().map_err(|e| illisible(&e))?;
        let (e, ouvrant) = match evenement {
            Event::Eof => break,
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                profondeur = profondeur.saturating_sub(1);
                continue;
            }
            Event::DocType(_) => return Err("DOCTYPE refusé dans le manifeste".into()),
            Event::GeneralRef(g) => {
                match g.resolve_char_ref().map_err(|e| illisible(&e))? {
                    Some(c) => legal(&c.to_string())?,
                    None => {
                        let nom = g.decode().map_err(|e| illisible(&e))?;
                        if !matches!(nom.as_ref(), "lt" | "gt" | "amp" | "apos" | "quot") {
                            return Err(illisible(&format!("entité inconnue &{nom};")));
                        }
                    }
                }
                if profondeur == 0 {
                    return Err(illisible(&"texte hors de l'élément racine"));
                }
                continue;
            }
            Event::Text(t) => {
                if profondeur == 0 && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(illisible(&"texte hors de l'élément racine"));
                }
                continue;
            }
            Event::CData(_) if profondeur == 0 => {
                return Err(illisible(&"texte hors de l'élément racine"))
            }
            Event::Decl(d) => {
                let version = d.version().map_err(|e| illisible(&e))?;
                if version.as_ref() != b"1.0" {
                    return Err(illisible(&"version XML autre que 1.0"));
                }
                continue;
            }
            _ => continue,
        };
        let nom = e.name().as_ref().to_vec();
        let mut attributs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| illisible(&e))?;
            let val = a.unescape_value().map_err(|e| illisible(&e))?.into_owned();
            legal(&val)?;
            attributs.push((a.key.as_ref().to_vec(), val));
        }
        let attribut = |k: &[u8]| attributs.iter().find(|(c, _)| c == k).map(|(_, v)| v);
        if profondeur == 0 {
            if racine {
                return Err(illisible(&"plusieurs éléments racines"));
            }
            racine = true;
            if nom != b"dossier" || attribut(b"xmlns").map(String::as_str) != Some(ESPACE) {
                return Err(format!(
                    "élément racine inattendu : <dossier xmlns=\"{ESPACE}\"> attendu"
                ));
            }
        } else if profondeur == 1 && matches!(nom.as_slice(), b"document" | b"piece" | b"donnees") {
            match (attribut(b"fichier"), attribut(b"sha256")) {
                (Some(fichier), Some(sha256)) => v.push(Declare {
                    fichier: fichier.clone(),
                    taille: attribut(b"taille").and_then(|t| t.parse().ok()),
                    sha256: sha256.clone(),
                }),
                _ => return Err("entrée sans fichier ou sans sha256".into()),
            }
        }
        if ouvrant {
            profondeur += 1;
        }
    }
    if !racine {
        return Err("pas d'élément racine".into());
    }
    if profondeur != 0 {
        return Err("élément non fermé à la fin du manifeste".into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TETE: &str =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dossier xmlns=\"urn:recouvre:manifeste:1\">";

    #[test]
    fn well_formed_manifests_are_read() {
        let x = format!(
            "{TETE}<piece fichier=\"data/a&amp;b\" taille=\"3\" sha256=\"ab\"/></dossier>\n"
        );
        let v = lire(x.as_bytes()).unwrap();
        assert_eq!(v[0].fichier, "data/a&b");
        assert_eq!(v[0].taille, Some(3));
    }

    #[test]
    fn ill_formed_manifests_are_refused() {
        for faux in [
            format!("{TETE}<piece fichier=\"a\u{0B}\" sha256=\"ab\"/></dossier>"),
            format!("{TETE}<piece fichier=\"a&#11;\" sha256=\"ab\"/></dossier>"),
            format!("{TETE}<piece fichier=\"a\" fichier=\"b\" sha256=\"ab\"/></dossier>"),
            format!("{TETE}<piece fichier=\"&xxe;\" sha256=\"ab\"/></dossier>"),
            format!("{TETE}<piece fichier=\"a\" sha256=\"ab\"></dossier>"),
            format!("{TETE}<piece fichier=\"a\" sha256=\"ab\"/>"),
            format!("{TETE}</dossier><dossier xmlns=\"urn:recouvre:manifeste:1\"/>"),
            format!("{TETE}</dossier>texte"),
            "<autre/>".to_owned(),
            String::new(),
            format!("{TETE}<piece fichier=\"a\" sha256=\"ab\"/>\u{FFFE}</dossier>"),
        ] {
            assert!(lire(faux.as_bytes()).is_err(), "{faux:?}");
        }
        assert!(lire(b"<dossier xmlns=\"urn:recouvre:manifeste:1\">\xff</dossier>").is_err());
    }

    #[test]
    fn values_are_written_without_forbidden_characters() {
        assert_eq!(propre("a\u{0B}b\u{1B}[31m\nc\u{FFFE}"), "a b [31m c ");
        assert!(matches!(propre("Facture n° 1 — été"), Cow::Borrowed(_)));
    }
}

//! `manifest-dossier.xml`: every document and exhibit with its number, title, media type,
//! size and SHA-256, written with quick-xml (escaping is the writer's job, never ours).

use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;

use super::{type_media, Destinataire, Fichier, Genre};
use crate::empreinte::sha256_hex;
use crate::model::Dossier;

pub const NOM: &str = "manifest-dossier.xml";
pub const ESPACE: &str = "urn:recouvre:manifeste:1";

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
    racine.push_attribute(("reference", dossier.reference.as_str()));
    racine.push_attribute(("destinataire", dest.code()));
    racine.push_attribute(("date", date.as_str()));
    racine.push_attribute(("algorithme", "SHA-256"));
    let _ = w.write_event(Event::Start(racine));
    for f in payload {
        let taille = f.octets.len().to_string();
        let sha = sha256_hex(&f.octets);
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
                e.push_attribute(("fichier", f.chemin.as_str()));
                e.push_attribute(("titre", titre.as_str()));
                e.push_attribute(("code", code.code()));
                e.push_attribute(("projet", if *projet { "true" } else { "false" }));
            }
            Genre::Piece {
                numero,
                titre,
                date,
            } => {
                e.push_attribute(("numero", numero.to_string().as_str()));
                e.push_attribute(("fichier", f.chemin.as_str()));
                e.push_attribute(("titre", titre.as_str()));
                if let Some(d) = date {
                    e.push_attribute(("date", d.format("%Y-%m-%d").to_string().as_str()));
                }
            }
            Genre::Donnees => e.push_attribute(("fichier", f.chemin.as_str())),
        }
        e.push_attribute(("type-media", type_media(&f.chemin)));
        e.push_attribute(("taille", taille.as_str()));
        e.push_attribute(("sha256", sha.as_str()));
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

/// Reads the manifest back (never resolves entities, never follows anything external).
pub fn lire(octets: &[u8]) -> Result<Vec<Declare>, String> {
    let mut r = quick_xml::Reader::from_reader(octets);
    r.config_mut().trim_text(true);
    let mut v = Vec::new();
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(Event::Empty(e)) | Ok(Event::Start(e)) => {
                let nom = e.name().as_ref().to_vec();
                if matches!(nom.as_slice(), b"document" | b"piece" | b"donnees") {
                    let mut fichier = None;
                    let mut taille = None;
                    let mut sha = None;
                    for a in e.attributes() {
                        let a = a.map_err(|e| e.to_string())?;
                        let val = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
                        match a.key.as_ref() {
                            b"fichier" => fichier = Some(val),
                            b"taille" => taille = val.parse().ok(),
                            b"sha256" => sha = Some(val),
                            _ => {}
                        }
                    }
                    match (fichier, sha) {
                        (Some(fichier), Some(sha256)) => v.push(Declare {
                            fichier,
                            taille,
                            sha256,
                        }),
                        _ => return Err("entrée sans fichier ou sans sha256".into()),
                    }
                }
            }
            Ok(Event::DocType(_)) => return Err("DOCTYPE refusé dans le manifeste".into()),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "XML illisible à l'octet {} : {e}",
                    r.buffer_position()
                ))
            }
        }
        buf.clear();
    }
    Ok(v)
}

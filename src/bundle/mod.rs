//! Hashed bundles: one deterministic ZIP per audience whose root is a BagIt 1.0 bag
//! (RFC 8493) with SHA-256 manifests, plus an XML manifest of every document and exhibit.
//!
//! ```text
//! bagit.txt  bag-info.txt  manifest-sha256.txt  manifest-dossier.xml  tagmanifest-sha256.txt
//! data/dossier.json  data/documents/NN-….pdf  data/pieces/NN-….pdf  [data/chronologie.json]
//! ```
//! No hash cycle: the XML manifest lists data files; the tag manifest covers it.

mod verify;
mod xml;
mod zip_lecture;

pub use verify::{nature, verifier, verifier_selon, Constat, Profil, Rapport};

use chrono::{Datelike, NaiveDate};
use serde_json::json;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use crate::empreinte::sha256_hex;
use crate::format::slug;
use crate::law::Decompte;
use crate::model::Dossier;
use crate::model::PieceLue;
use crate::plan::CodeDocument;
use crate::render::DocumentRendu;

/// Who receives the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destinataire {
    /// Service or enforcement: the act, décompte, bordereau, exhibits, cover letter.
    Commissaire,
    /// Drafts, décompte, bordereau, exhibits, chronology, cover letter.
    Avocat,
}

impl Destinataire {
    pub fn code(self) -> &'static str {
        match self {
            Destinataire::Commissaire => "commissaire",
            Destinataire::Avocat => "avocat",
        }
    }

    fn libelle(self) -> &'static str {
        match self {
            Destinataire::Commissaire => "commissaire de justice",
            Destinataire::Avocat => "avocat",
        }
    }

    /// Whether a document of this kind goes to this audience.
    fn recoit(self, code: CodeDocument) -> bool {
        match self {
            Destinataire::Commissaire => code != CodeDocument::LettreAvocat,
            Destinataire::Avocat => code != CodeDocument::LettreCommissaire,
        }
    }
}

/// Versions recorded in `bag-info.txt` and `dossier.json`.
#[derive(Debug, Clone)]
pub struct Versions {
    pub recouvre: String,
    pub lois: String,
    pub modeles: String,
}

/// One file of the bag, with where it sits and what it is. Documents and exhibits are
/// borrowed, never copied; their SHA-256 is computed once, where they were produced.
#[derive(Debug, Clone)]
pub struct Fichier<'a> {
    /// Path inside the bag (`data/pieces/03-facture-F-1.pdf`).
    pub chemin: String,
    pub octets: Cow<'a, [u8]>,
    pub sha256: String,
    pub genre: Genre,
}

impl<'a> Fichier<'a> {
    fn genere(chemin: &str, octets: Vec<u8>) -> Fichier<'a> {
        Fichier {
            chemin: chemin.into(),
            sha256: sha256_hex(&octets),
            octets: Cow::Owned(octets),
            genre: Genre::Donnees,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Genre {
    Document {
        numero: usize,
        code: CodeDocument,
        titre: String,
        projet: bool,
    },
    Piece {
        numero: usize,
        titre: String,
        date: Option<NaiveDate>,
    },
    Donnees,
}

/// The bag path of an exhibit: renamed after its bordereau number.
pub fn chemin_piece(p: &PieceLue) -> String {
    let ext = std::path::Path::new(&p.chemin)
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()) && e.len() <= 8)
        .map(|e| format!(".{}", e.to_ascii_lowercase()))
        .unwrap_or_default();
    // An invoice keeps its number as printed: `03-facture-F-2026-0101.pdf`.
    let nom = match p.titre.strip_prefix("Facture n° ") {
        Some(reste) => {
            let numero: String = reste
                .split(" du ")
                .next()
                .unwrap_or(reste)
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            format!("facture-{}", numero.trim_matches('-'))
        }
        None => slug(&p.titre),
    };
    format!("data/pieces/{:02}-{nom}{ext}", p.numero)
}

pub fn type_media(chemin: &str) -> &'static str {
    match chemin
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("tif" | "tiff") => "image/tiff",
        _ => "application/octet-stream",
    }
}

/// The chronology of the recovery, for the avocat.
fn chronologie(dossier: &Dossier, decompte: &Decompte) -> serde_json::Value {
    let mut v: Vec<(NaiveDate, serde_json::Value)> = Vec::new();
    for f in &dossier.factures {
        v.push((f.date, json!({"date": f.date, "evenement": "facture", "facture": f.numero, "montant": f.montant})));
        if let Some(e) = f.echeance {
            v.push((
                e,
                json!({"date": e, "evenement": "echeance", "facture": f.numero}),
            ));
        }
    }
    for p in &dossier.paiements {
        v.push((p.date, json!({"date": p.date, "evenement": "paiement", "montant": p.montant, "facture": p.facture})));
    }
    for e in &dossier.evenements {
        v.push((e.date, json!({"date": e.date, "evenement": e.type_, "mode": e.mode, "description": e.description})));
    }
    v.sort_by_key(|e| e.0);
    json!({
        "reference": dossier.reference,
        "arrete_au": decompte.arrete_au,
        "total": crate::format::deux_decimales(decompte.total),
        "chronologie": v.into_iter().map(|(_, e)| e).collect::<Vec<_>>(),
    })
}

/// The files of one audience's bag payload, in a stable order.
pub fn contenu<'a>(
    destinataire: Destinataire,
    dossier: &Dossier,
    decompte: &Decompte,
    documents: &'a [DocumentRendu],
    pieces: &'a [PieceLue],
    versions: &Versions,
) -> Vec<Fichier<'a>> {
    let mut fichiers = Vec::new();
    for (i, d) in documents.iter().enumerate() {
        if destinataire.recoit(d.code) {
            fichiers.push(Fichier {
                chemin: format!("data/documents/{}", d.fichier),
                octets: Cow::Borrowed(&d.pdf),
                sha256: d.sha256.clone(),
                genre: Genre::Document {
                    numero: i + 1,
                    code: d.code,
                    titre: d.titre.clone(),
                    projet: d.projet,
                },
            });
        }
    }
    for p in pieces {
        fichiers.push(Fichier {
            chemin: chemin_piece(p),
            octets: Cow::Borrowed(&p.octets),
            sha256: p.sha256.clone(),
            genre: Genre::Piece {
                numero: p.numero,
                titre: p.titre.clone(),
                date: p.date,
            },
        });
    }
    if destinataire == Destinataire::Avocat {
        fichiers.push(Fichier::genere(
            "data/chronologie.json",
            serde_json::to_vec_pretty(&chronologie(dossier, decompte)).unwrap_or_default(),
        ));
    }
    let generes: Vec<serde_json::Value> = fichiers
        .iter()
        .map(|f| json!({"fichier": f.chemin, "sha256": f.sha256, "taille": f.octets.len()}))
        .collect();
    let dossier_json = json!({
        "dossier": dossier,
        "decompte": decompte,
        "generation": {
            "destinataire": destinataire.code(),
            "recouvre": versions.recouvre,
            "tables_de_droit": versions.lois,
            "modeles": versions.modeles,
            "arrete_au": decompte.arrete_au,
            "fichiers": generes,
        },
    });
    fichiers.push(Fichier::genere(
        "data/dossier.json",
        serde_json::to_vec_pretty(&dossier_json).unwrap_or_default(),
    ));
    fichiers.sort_by(|a, b| a.chemin.cmp(&b.chemin));
    fichiers
}

/// A `bag-info.txt` value on one line for every reader: control characters (CR, LF, tab,
/// VT, FF, NEL…) and the Unicode line and paragraph separators, which Python's
/// `splitlines` and some editors treat as line ends, become spaces, so data can never
/// forge another field.
fn valeur_de_tag(v: &str) -> String {
    v.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn ligne_manifeste(sha256: &str, chemin: &str) -> String {
    // Two spaces: the form `sha256sum -c` and BagIt validators both read.
    format!("{sha256}  {chemin}\n")
}

/// Builds the bag's files (tag files and payload), sorted by path.
pub fn sac<'a>(
    destinataire: Destinataire,
    dossier: &Dossier,
    decompte: &Decompte,
    payload: Vec<Fichier<'a>>,
    date: NaiveDate,
    versions: &Versions,
) -> Vec<(String, Cow<'a, [u8]>)> {
    let octets: usize = payload.iter().map(|f| f.octets.len()).sum();
    let source = dossier
        .mandataire
        .as_ref()
        .map(|m| m.nom.clone())
        .unwrap_or_else(|| dossier.creancier.nom_complet());
    let mut info = String::new();
    let mut champ = |k: &str, v: String| info.push_str(&format!("{k}: {}\n", valeur_de_tag(&v)));
    champ("Source-Organization", source);
    champ("External-Identifier", dossier.reference.clone());
    champ("Bagging-Date", date.format("%Y-%m-%d").to_string());
    champ("Payload-Oxum", format!("{octets}.{}", payload.len()));
    champ(
        "Bag-Software-Agent",
        format!("recouvre {}", versions.recouvre),
    );
    champ("Bag-Group-Identifier", dossier.reference.clone());
    champ(
        "Internal-Sender-Description",
        format!(
            "Dossier de recouvrement {} : {} contre {}, pour le {}",
            dossier.reference,
            dossier.creancier.nom_complet(),
            dossier.debiteur.nom_complet(),
            destinataire.libelle()
        ),
    );
    if let Some(s) = &dossier.creancier.siren {
        champ("Creancier-SIREN", crate::law::identifiants::normaliser(s));
    }
    if let Some(s) = &dossier.debiteur.siren {
        champ("Debiteur-SIREN", crate::law::identifiants::normaliser(s));
    }
    champ(
        "Total-Reclame",
        format!(
            "{} {}",
            crate::format::deux_decimales(decompte.total),
            decompte.devise
        ),
    );
    champ(
        "Arrete-Au",
        decompte.arrete_au.format("%Y-%m-%d").to_string(),
    );
    champ("Law-Tables-Version", versions.lois.clone());
    champ("Template-Set-Version", versions.modeles.clone());

    let mut manifeste = String::new();
    for f in &payload {
        manifeste.push_str(&ligne_manifeste(&f.sha256, &f.chemin));
    }
    let xml = xml::manifeste(destinataire, dossier, date, &payload);
    let mut tags: Vec<(String, Cow<'a, [u8]>)> = vec![
        (
            "bagit.txt".into(),
            Cow::Borrowed(b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
        ),
        ("bag-info.txt".into(), Cow::Owned(info.into_bytes())),
        (
            "manifest-sha256.txt".into(),
            Cow::Owned(manifeste.into_bytes()),
        ),
        (xml::NOM.into(), Cow::Owned(xml)),
    ];
    tags.sort();
    let mut tagmanifeste = String::new();
    for (chemin, octets) in &tags {
        tagmanifeste.push_str(&ligne_manifeste(&sha256_hex(octets), chemin));
    }
    tags.push((
        "tagmanifest-sha256.txt".into(),
        Cow::Owned(tagmanifeste.into_bytes()),
    ));
    tags.extend(payload.into_iter().map(|f| (f.chemin, f.octets)));
    tags.sort_by(|a, b| a.0.cmp(&b.0));
    tags
}

/// The entry options of every bundle: the bagging date as the entry's time, mode 0644,
/// deflate at a fixed level.
fn options_zip(date: NaiveDate) -> zip::write::SimpleFileOptions {
    let quand = zip::DateTime::from_date_and_time(
        date.year().clamp(1980, 2107) as u16,
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(NIVEAU_DEFLATE))
        .last_modified_time(quand)
        .unix_permissions(0o644)
}

/// Deflate level of every entry (part of the bytes: changing it changes every bundle).
const NIVEAU_DEFLATE: i64 = 6;

/// Serializes files into a deterministic ZIP: sorted entries, the options of
/// [`options_zip`]. An entry whose name is in `reserve` (already compressed, with the same
/// options) is copied from it raw instead of being deflated again.
fn zipper<R: std::io::Read + std::io::Seek>(
    fichiers: &[(String, Cow<'_, [u8]>)],
    date: NaiveDate,
    mut reserve: Option<&mut zip::ZipArchive<R>>,
) -> std::io::Result<Vec<u8>> {
    let options = options_zip(date);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut tries: Vec<&(String, Cow<'_, [u8]>)> = fichiers.iter().collect();
    tries.sort_by(|a, b| a.0.cmp(&b.0));
    for (nom, octets) in tries {
        if let Some(r) = reserve.as_deref_mut() {
            if let Ok(entree) = r.by_name(nom) {
                w.raw_copy_file(entree).map_err(std::io::Error::other)?;
                continue;
            }
        }
        w.start_file(nom.as_str(), options)
            .map_err(std::io::Error::other)?;
        w.write_all(octets)?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}

/// Both bundles of a case: `(file name, zip bytes)`. The documents and exhibits both
/// audiences receive are deflated once, into a reserve both bundles copy from.
pub fn bundles(
    dossier: &Dossier,
    decompte: &Decompte,
    documents: &[DocumentRendu],
    pieces: &[PieceLue],
    date: NaiveDate,
    versions: &Versions,
) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let destinataires = [Destinataire::Commissaire, Destinataire::Avocat];
    let payloads =
        destinataires.map(|d| contenu(d, dossier, decompte, documents, pieces, versions));
    // A document or an exhibit has the same path and bytes in both bags.
    let partages: BTreeMap<&str, &[u8]> = payloads
        .iter()
        .flatten()
        .filter(|f| f.genre != Genre::Donnees)
        .map(|f| (f.chemin.as_str(), f.octets.as_ref()))
        .collect();
    let partages: Vec<(String, Cow<'_, [u8]>)> = partages
        .into_iter()
        .map(|(c, o)| (c.to_owned(), Cow::Borrowed(o)))
        .collect();
    let reserve = zipper::<Cursor<&[u8]>>(&partages, date, None)?;
    let mut reserve =
        zip::ZipArchive::new(Cursor::new(reserve.as_slice())).map_err(std::io::Error::other)?;
    let mut v = Vec::new();
    for (dest, payload) in destinataires.into_iter().zip(payloads) {
        let fichiers = sac(dest, dossier, decompte, payload, date, versions);
        v.push((
            format!("{}-{}.zip", dossier.reference, dest.code()),
            zipper(&fichiers, date, Some(&mut reserve))?,
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::{calculer, TablesLoi};
    use crate::model::exemple::Fabrique;

    /// Issue 9, point 20: a line separator in the creditor's name must not forge a field.
    #[test]
    fn case_data_cannot_forge_a_bag_info_field() {
        let dossier = Fabrique::entre_societes()
            .facture("F-1", "2026-01-15", "2026-02-14", "100.00")
            .avec(|d| {
                d.creancier.denomination =
                    Some("ACME\u{2028}Total-Reclame: 1.00 EUR\r\nX\u{0B}\u{85}\u{2029}Y".into())
            })
            .dossier();
        let date = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let tables = TablesLoi::embarquees().unwrap();
        let decompte = calculer(&dossier, date, &tables).unwrap().decompte;
        let versions = Versions {
            recouvre: "t".into(),
            lois: "t".into(),
            modeles: "t".into(),
        };
        let payload = contenu(
            Destinataire::Avocat,
            &dossier,
            &decompte,
            &[],
            &[],
            &versions,
        );
        let sac = sac(
            Destinataire::Avocat,
            &dossier,
            &decompte,
            payload,
            date,
            &versions,
        );
        let info = String::from_utf8(
            sac.iter()
                .find(|f| f.0 == "bag-info.txt")
                .unwrap()
                .1
                .to_vec(),
        )
        .unwrap();
        assert!(
            !info
                .chars()
                .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}')),
            "{info:?}"
        );
        assert_eq!(
            info.lines()
                .filter(|l| l.starts_with("Total-Reclame:"))
                .count(),
            1
        );
        assert!(info.contains("Source-Organization: ACME Total-Reclame: 1.00 EUR  X   Y\n"));
    }
}

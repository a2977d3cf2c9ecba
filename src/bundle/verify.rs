//! `recouvre verify`: re-hashes a bundle, ZIP or unpacked folder, against its BagIt manifests
//! and its XML manifest, and names every missing, extra or altered file.
//!
//! Hostile archives are read safely: the central directory is parsed here (so duplicate
//! names, paths escaping the root and symlinks are seen, not silently merged), sizes and
//! compression ratios are checked before anything is inflated, every entry is inflated
//! through a bounded reader and hashed as a stream, and nothing is ever written to disk.

use flate2::read::DeflateDecoder;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::xml;
use crate::empreinte::hex;

/// Largest entry accepted (declared or real).
const MAX_ENTREE: u64 = 2 * 1024 * 1024 * 1024;
/// Largest archive content in total.
const MAX_TOTAL: u64 = 16 * 1024 * 1024 * 1024;
/// Compression ratio above which an entry (over 1 MiB) is treated as a bomb.
const MAX_RATIO: u64 = 200;
const MAX_ENTREES: usize = 100_000;
/// Tag files are kept in memory to be parsed; payload files are only hashed.
const MAX_TAG: u64 = 16 * 1024 * 1024;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Constat {
    Manquant(String),
    EnTrop(String),
    Altere { chemin: String, detail: String },
    Dangereux { chemin: String, motif: String },
    Invalide(String),
}

impl fmt::Display for Constat {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Constat::Manquant(c) => write!(f, "manquant : {c}"),
            Constat::EnTrop(c) => write!(f, "en trop : {c} (absent des manifestes)"),
            Constat::Altere { chemin, detail } => write!(f, "altéré : {chemin} : {detail}"),
            Constat::Dangereux { chemin, motif } => write!(f, "dangereux : {chemin} : {motif}"),
            Constat::Invalide(m) => write!(f, "invalide : {m}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rapport {
    pub fichiers: usize,
    pub constats: Vec<Constat>,
}

impl Rapport {
    pub fn intact(&self) -> bool {
        self.constats.is_empty()
    }
}

/// What was read of one file.
struct Lu {
    taille: u64,
    sha256: String,
    octets: Option<Vec<u8>>,
}

fn est_tag(chemin: &str) -> bool {
    !chemin.contains('/')
}

/// Hashes a stream, keeping the bytes of small tag files. Reads at most `limite` bytes.
fn lire_flux(r: &mut dyn Read, garder: bool, limite: u64) -> std::io::Result<Lu> {
    let mut h = Sha256::new();
    let mut garde = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut taille = 0u64;
    let mut r = r.take(limite);
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        taille += n as u64;
        h.update(&buf[..n]);
        if garder && taille <= MAX_TAG {
            garde.extend_from_slice(&buf[..n]);
        }
    }
    Ok(Lu {
        taille,
        sha256: hex(&h.finalize()),
        octets: garder.then_some(garde),
    })
}

/// A relative path that stays inside the bag.
fn chemin_dangereux(nom: &str) -> Option<&'static str> {
    if nom.is_empty() {
        return Some("nom vide");
    }
    if nom.contains('\0') {
        return Some("caractère nul dans le nom");
    }
    if nom.starts_with('/') || nom.contains('\\') || nom.as_bytes().get(1) == Some(&b':') {
        return Some("chemin absolu ou séparateur étranger");
    }
    let corps = nom.strip_suffix('/').unwrap_or(nom);
    if corps
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Some("chemin qui sort de l'archive ou composant vide");
    }
    None
}

fn u16le(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32le(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Reads a ZIP without extracting it.
fn lire_zip(chemin: &Path, constats: &mut Vec<Constat>) -> Option<BTreeMap<String, Lu>> {
    let invalide = |m: String| Constat::Invalide(format!("{} : {m}", chemin.display()));
    let mut f = match File::open(chemin) {
        Ok(f) => f,
        Err(e) => {
            constats.push(invalide(format!("lecture impossible ({e})")));
            return None;
        }
    };
    let taille = f.metadata().map(|m| m.len()).unwrap_or(0);
    // End of central directory: in the last 22 + 65 535 bytes.
    let queue = taille.min(22 + 65_535);
    let mut fin = vec![0u8; queue as usize];
    if f.seek(SeekFrom::Start(taille - queue)).is_err()
        || f.read_exact(&mut fin).is_err()
        || fin.len() < 22
    {
        constats.push(invalide("ce n'est pas une archive ZIP".into()));
        return None;
    }
    let Some(pos) = (0..=fin.len() - 22)
        .rev()
        .find(|&i| u32le(&fin, i) == 0x0605_4b50)
    else {
        constats.push(invalide(
            "ce n'est pas une archive ZIP (pas de répertoire central)".into(),
        ));
        return None;
    };
    let nombre = u16le(&fin, pos + 10) as usize;
    let taille_cd = u32le(&fin, pos + 12) as u64;
    let debut_cd = u32le(&fin, pos + 16) as u64;
    if nombre == 0xFFFF || taille_cd == 0xFFFF_FFFF || debut_cd == 0xFFFF_FFFF {
        constats.push(invalide("archive ZIP64 non prise en charge".into()));
        return None;
    }
    if nombre > MAX_ENTREES || taille_cd > 64 * 1024 * 1024 || debut_cd + taille_cd > taille {
        constats.push(invalide("répertoire central incohérent ou démesuré".into()));
        return None;
    }
    let mut cd = vec![0u8; taille_cd as usize];
    if f.seek(SeekFrom::Start(debut_cd)).is_err() || f.read_exact(&mut cd).is_err() {
        constats.push(invalide("répertoire central illisible".into()));
        return None;
    }
    let mut contenus = BTreeMap::new();
    let mut vus = BTreeSet::new();
    let mut i = 0usize;
    let mut total = 0u64;
    for _ in 0..nombre {
        if i + 46 > cd.len() || u32le(&cd, i) != 0x0201_4b50 {
            constats.push(invalide("entrée du répertoire central illisible".into()));
            return None;
        }
        let systeme = cd[i + 5];
        let methode = u16le(&cd, i + 10);
        let crc = u32le(&cd, i + 16);
        let compresse = u32le(&cd, i + 20) as u64;
        let declare = u32le(&cd, i + 24) as u64;
        let (n, e, c) = (
            u16le(&cd, i + 28) as usize,
            u16le(&cd, i + 30) as usize,
            u16le(&cd, i + 32) as usize,
        );
        let externe = u32le(&cd, i + 38);
        let local = u32le(&cd, i + 42) as u64;
        if i + 46 + n > cd.len() {
            constats.push(invalide("nom d'entrée tronqué".into()));
            return None;
        }
        let brut = &cd[i + 46..i + 46 + n];
        i += 46 + n + e + c;
        let nom = String::from_utf8_lossy(brut).into_owned();
        let dangereux = |motif: &str| Constat::Dangereux {
            chemin: nom.clone(),
            motif: motif.to_owned(),
        };
        if std::str::from_utf8(brut).is_err() {
            constats.push(dangereux("nom qui n'est pas en UTF-8"));
            continue;
        }
        if let Some(m) = chemin_dangereux(&nom) {
            constats.push(dangereux(m));
            continue;
        }
        if !vus.insert(nom.clone()) {
            constats.push(dangereux("nom en double dans l'archive"));
            contenus.remove(&nom);
            continue;
        }
        // Unix file type in the high bits of the external attributes.
        if systeme == 3 && (externe >> 16) & 0o170000 == 0o120000 {
            constats.push(dangereux("lien symbolique"));
            continue;
        }
        if nom.ends_with('/') {
            continue;
        }
        if declare > MAX_ENTREE {
            constats.push(dangereux(&format!(
                "taille déclarée démesurée ({declare} octets)"
            )));
            continue;
        }
        if declare > 1024 * 1024 && (compresse == 0 || declare / compresse.max(1) > MAX_RATIO) {
            constats.push(dangereux(&format!("taux de compression suspect ({declare} octets pour {compresse}) : bombe de décompression ?")));
            continue;
        }
        total += declare;
        if total > MAX_TOTAL {
            constats.push(dangereux("contenu total démesuré"));
            return None;
        }
        if methode != 0 && methode != 8 {
            constats.push(invalide(format!(
                "{nom} : méthode de compression {methode} non prise en charge"
            )));
            continue;
        }
        // Local header: its own name and extra lengths locate the data.
        let mut entete = [0u8; 30];
        if f.seek(SeekFrom::Start(local)).is_err()
            || f.read_exact(&mut entete).is_err()
            || u32le(&entete, 0) != 0x0403_4b50
        {
            constats.push(invalide(format!("{nom} : en-tête local illisible")));
            continue;
        }
        let donnees = local + 30 + u16le(&entete, 26) as u64 + u16le(&entete, 28) as u64;
        if donnees + compresse > taille || f.seek(SeekFrom::Start(donnees)).is_err() {
            constats.push(invalide(format!("{nom} : données hors de l'archive")));
            continue;
        }
        let brut = (&mut f).take(compresse);
        let mut crc_calc = flate2::CrcReader::new(if methode == 8 {
            Box::new(DeflateDecoder::new(brut)) as Box<dyn Read>
        } else {
            Box::new(brut)
        });
        // One byte more than declared reveals an entry that lies about its size.
        let lu = match lire_flux(&mut crc_calc, est_tag(&nom), declare + 1) {
            Ok(l) => l,
            Err(e) => {
                constats.push(Constat::Altere {
                    chemin: nom,
                    detail: format!("données illisibles ({e})"),
                });
                continue;
            }
        };
        if lu.taille != declare {
            constats.push(Constat::Altere {
                chemin: nom,
                detail: format!(
                    "taille réelle différente de la taille déclarée ({declare} octets)"
                ),
            });
            continue;
        }
        if crc_calc.crc().sum() != crc {
            constats.push(Constat::Altere {
                chemin: nom,
                detail: "CRC-32 de l'archive faux".into(),
            });
            continue;
        }
        contenus.insert(nom, lu);
    }
    Some(contenus)
}

/// Reads an unpacked bag folder without following symlinks.
fn lire_dossier(racine: &Path, constats: &mut Vec<Constat>) -> BTreeMap<String, Lu> {
    let mut contenus = BTreeMap::new();
    let mut pile = vec![racine.to_path_buf()];
    while let Some(d) = pile.pop() {
        let Ok(entrees) = std::fs::read_dir(&d) else {
            constats.push(Constat::Invalide(format!(
                "{} : dossier illisible",
                d.display()
            )));
            continue;
        };
        for e in entrees.flatten() {
            let p = e.path();
            let rel = p
                .strip_prefix(racine)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                constats.push(Constat::Dangereux {
                    chemin: rel,
                    motif: "lien symbolique".into(),
                });
            } else if meta.is_dir() {
                pile.push(p);
            } else if contenus.len() >= MAX_ENTREES {
                constats.push(Constat::Invalide("trop de fichiers".into()));
                return contenus;
            } else {
                match File::open(&p)
                    .and_then(|mut f| lire_flux(&mut f, est_tag(&rel), MAX_ENTREE + 1))
                {
                    Ok(lu) => {
                        contenus.insert(rel, lu);
                    }
                    Err(e) => constats.push(Constat::Invalide(format!("{rel} : illisible ({e})"))),
                }
            }
        }
    }
    contenus
}

/// Parses a `manifest-*.txt`: `hash  path` per line.
fn lire_manifeste(
    nom: &str,
    lu: Option<&Lu>,
    constats: &mut Vec<Constat>,
) -> Vec<(String, String)> {
    let Some(octets) = lu.and_then(|l| l.octets.as_ref()) else {
        constats.push(Constat::Manquant(nom.to_owned()));
        return Vec::new();
    };
    let mut v = Vec::new();
    for (i, ligne) in String::from_utf8_lossy(octets).lines().enumerate() {
        if ligne.trim().is_empty() {
            continue;
        }
        let mut parts = ligne.splitn(2, char::is_whitespace);
        let hash = parts.next().unwrap_or_default().to_ascii_lowercase();
        let chemin = parts.next().unwrap_or_default().trim_start();
        let chemin = chemin.strip_prefix('*').unwrap_or(chemin).to_owned();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || chemin.is_empty() {
            constats.push(Constat::Invalide(format!(
                "{nom}, ligne {} : ligne illisible",
                i + 1
            )));
            continue;
        }
        v.push((hash, chemin));
    }
    v
}

/// Checks the files read against the bag's manifests and the XML manifest.
fn controler(contenus: &BTreeMap<String, Lu>, constats: &mut Vec<Constat>) {
    match contenus.get("bagit.txt").and_then(|l| l.octets.as_ref()) {
        Some(b) if String::from_utf8_lossy(b).contains("BagIt-Version:") => {}
        Some(_) => constats.push(Constat::Invalide(
            "bagit.txt ne déclare pas de version BagIt".into(),
        )),
        None => constats.push(Constat::Manquant("bagit.txt".into())),
    }
    let compare = |chemin: &str,
                   hash: &str,
                   taille: Option<u64>,
                   source: &str,
                   constats: &mut Vec<Constat>| match contenus.get(chemin) {
        None => constats.push(Constat::Manquant(chemin.to_owned())),
        Some(lu) if lu.sha256 != hash => constats.push(Constat::Altere {
            chemin: chemin.to_owned(),
            detail: format!("SHA-256 différent de celui de {source}"),
        }),
        Some(lu) if taille.is_some_and(|t| t != lu.taille) => constats.push(Constat::Altere {
            chemin: chemin.to_owned(),
            detail: format!("taille différente de celle de {source}"),
        }),
        Some(_) => {}
    };
    // Payload: manifest-sha256.txt covers exactly data/.
    let payload = lire_manifeste(
        "manifest-sha256.txt",
        contenus.get("manifest-sha256.txt"),
        constats,
    );
    let mut listes = BTreeSet::new();
    for (hash, chemin) in &payload {
        if !chemin.starts_with("data/") || chemin_dangereux(chemin).is_some() {
            constats.push(Constat::Dangereux {
                chemin: chemin.clone(),
                motif: "chemin hors de data/ dans manifest-sha256.txt".into(),
            });
            continue;
        }
        listes.insert(chemin.clone());
        compare(chemin, hash, None, "manifest-sha256.txt", constats);
    }
    // Tag files: tagmanifest-sha256.txt covers every other root file.
    let tags = lire_manifeste(
        "tagmanifest-sha256.txt",
        contenus.get("tagmanifest-sha256.txt"),
        constats,
    );
    for (hash, chemin) in &tags {
        listes.insert(chemin.clone());
        compare(chemin, hash, None, "tagmanifest-sha256.txt", constats);
    }
    listes.insert("tagmanifest-sha256.txt".into());
    for chemin in contenus.keys() {
        if !listes.contains(chemin) {
            constats.push(Constat::EnTrop(chemin.clone()));
        }
    }
    // Payload-Oxum: octets.files of data/.
    if let Some(info) = contenus.get("bag-info.txt").and_then(|l| l.octets.as_ref()) {
        let info = String::from_utf8_lossy(info);
        if let Some(oxum) = info.lines().find_map(|l| l.strip_prefix("Payload-Oxum:")) {
            let (octets, n) = contenus
                .iter()
                .filter(|(c, _)| c.starts_with("data/"))
                .fold((0u64, 0usize), |(o, n), (_, l)| (o + l.taille, n + 1));
            if oxum.trim() != format!("{octets}.{n}") {
                constats.push(Constat::Invalide(format!(
                    "Payload-Oxum {} ne correspond pas au contenu de data/ ({octets}.{n})",
                    oxum.trim()
                )));
            }
        }
    } else {
        constats.push(Constat::Manquant("bag-info.txt".into()));
    }
    // The XML manifest of documents and exhibits.
    match contenus.get(xml::NOM).and_then(|l| l.octets.as_ref()) {
        None => constats.push(Constat::Manquant(xml::NOM.into())),
        Some(octets) => match xml::lire(octets) {
            Err(e) => constats.push(Constat::Invalide(format!("{} : {e}", xml::NOM))),
            Ok(entrees) => {
                let declares: BTreeSet<&str> = entrees.iter().map(|e| e.fichier.as_str()).collect();
                for e in &entrees {
                    compare(
                        &e.fichier,
                        &e.sha256.to_ascii_lowercase(),
                        e.taille,
                        xml::NOM,
                        constats,
                    );
                }
                for chemin in contenus.keys().filter(|c| c.starts_with("data/")) {
                    if !declares.contains(chemin.as_str()) {
                        constats.push(Constat::Altere {
                            chemin: chemin.clone(),
                            detail: format!("absent de {}", xml::NOM),
                        });
                    }
                }
            }
        },
    }
}

/// Verifies a bundle: a `.zip` file or an unpacked folder.
pub fn verifier(chemin: &Path) -> Rapport {
    let mut constats = Vec::new();
    let contenus = if chemin.is_dir() {
        Some(lire_dossier(chemin, &mut constats))
    } else {
        lire_zip(chemin, &mut constats)
    };
    let fichiers = contenus.as_ref().map_or(0, BTreeMap::len);
    if let Some(c) = &contenus {
        controler(c, &mut constats);
    }
    constats.sort();
    constats.dedup();
    Rapport { fichiers, constats }
}

//! Strict ZIP reading for `verify`: an archive is accepted only if every reader (`unzip`,
//! Python's `zipfile`, a streaming reader, a file manager) would see exactly the files and
//! bytes that `verify` hashes.
//!
//! What that takes, checked before any entry is inflated:
//! - one end record, the last one of the file, ending exactly at the end of the file; no ZIP64
//!   record or locator (recouvre never writes ZIP64, so any is refused rather than
//!   interpreted); no multi-volume archive;
//! - one central directory, ending exactly where the end record starts, consumed exactly,
//!   holding exactly the number of entries the end record announces;
//! - every local header equal to its central entry (name, flags, method, CRC, sizes);
//! - every byte from the start of the file to the central directory accounted for by one
//!   entry (local header, data, data descriptor): no prefix, no gap that could hide an entry
//!   from one reader and show it to another, no two entries sharing bytes;
//! - no encryption, no link or special file whatever the host that made the entry, no extra
//!   field that gives a reader another name or other attributes, no name a reader would
//!   decode, normalise or fold differently.
//!
//! Entries are then inflated through bounded readers: nothing is held in memory but the
//! central directory (bounded) and what the caller keeps.

use flate2::bufread::DeflateDecoder;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Largest entry accepted (declared or real).
pub const MAX_ENTREE: u64 = 2 * 1024 * 1024 * 1024;
/// Largest archive content in total.
const MAX_TOTAL: u64 = 16 * 1024 * 1024 * 1024;
/// Compression ratio above which an entry (over 1 MiB) is treated as a bomb.
const MAX_RATIO: u64 = 200;
/// Most entries (files and folders) in one archive.
pub const MAX_ENTREES: usize = 100_000;
/// Largest central directory read into memory.
const MAX_REPERTOIRE: u64 = 64 * 1024 * 1024;

const SIG_LOCAL: u32 = 0x0403_4b50;
const SIG_CENTRAL: u32 = 0x0201_4b50;
const SIG_FIN: u32 = 0x0605_4b50;
const SIG_FIN64: u32 = 0x0606_4b50;
const SIG_LOCALISATEUR64: u32 = 0x0706_4b50;
const SIG_DESCRIPTEUR: u32 = 0x0807_4b50;

/// General-purpose flags (APPNOTE 4.4.4).
const DRAPEAU_CHIFFRE: u16 = 1 << 0;
const DRAPEAUX_DEFLATE: u16 = (1 << 1) | (1 << 2);
const DRAPEAU_DESCRIPTEUR: u16 = 1 << 3;
const DRAPEAU_CHIFFRE_FORT: u16 = 1 << 6;
const DRAPEAU_UTF8: u16 = 1 << 11;
const DRAPEAU_REPERTOIRE_CHIFFRE: u16 = 1 << 13;
const DRAPEAUX_CONNUS: u16 = DRAPEAUX_DEFLATE | DRAPEAU_DESCRIPTEUR | DRAPEAU_UTF8;

/// Unix file types in the high half of the external attributes.
const TYPE_MASQUE: u32 = 0o170_000;
const TYPE_FICHIER: u32 = 0o100_000;
const TYPE_DOSSIER: u32 = 0o040_000;
const TYPE_LIEN: u32 = 0o120_000;
/// MS-DOS / NTFS attributes in the low byte(s) of the external attributes.
const DOS_VOLUME: u32 = 0x08;
const DOS_DOSSIER: u32 = 0x10;
const NTFS_POINT_ANALYSE: u32 = 0x400;

/// One file of the archive, as its central entry and local header agree on it.
#[derive(Debug, Clone)]
pub struct Entree {
    pub nom: String,
    pub methode: u16,
    pub crc: u32,
    pub compresse: u64,
    pub taille: u64,
    /// Where the entry's data starts.
    donnees: u64,
}

/// A problem with one entry: it is left out, the rest of the archive is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ecart {
    /// The entry could harm or mislead (path, link, duplicate, encryption, bomb).
    Dangereux { chemin: String, motif: String },
    /// The entry cannot be read by recouvre (compression method).
    Illisible { chemin: String, motif: String },
}

/// An archive whose structure passed every check; entries are read on demand.
pub struct Zip {
    fichier: File,
    /// Files (not folders), in central-directory order.
    pub entrees: Vec<Entree>,
    /// Folder entries (`data/`), without their final `/`.
    pub dossiers: BTreeSet<String>,
}

fn u16le(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32le(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// A relative path that stays inside the bag; `None` when safe.
pub fn chemin_dangereux(nom: &str) -> Option<&'static str> {
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
    if nom
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Some("caractère de contrôle ou de fin de ligne dans le nom");
    }
    None
}

/// The key under which two names would land on the same file of a case-insensitive or
/// normalising file system (Windows, macOS).
fn cle_de_collision(nom: &str) -> String {
    nom.nfc().collect::<String>().to_lowercase()
}

/// Reads `n` bytes at `pos`.
fn lire_a(f: &mut File, pos: u64, n: usize) -> std::io::Result<Vec<u8>> {
    let mut v = vec![0u8; n];
    f.seek(SeekFrom::Start(pos))?;
    f.read_exact(&mut v)?;
    Ok(v)
}

/// Extra fields (APPNOTE 4.5): must be well-formed; returns the first one that would make a
/// reader see another name, other attributes or encrypted data.
fn champs_supplementaires(extra: &[u8]) -> Result<Option<String>, String> {
    let mut i = 0;
    let mut refus = None;
    while i < extra.len() {
        if i + 4 > extra.len() {
            return Err("champs supplémentaires mal formés (en-tête tronqué)".into());
        }
        let id = u16le(extra, i);
        let n = u16le(extra, i + 2) as usize;
        if i + 4 + n > extra.len() {
            return Err(format!(
                "champ supplémentaire 0x{id:04x} mal formé (il dépasse la zone)"
            ));
        }
        let motif = match id {
            // Extended timestamp, Info-ZIP Unix UID/GID (old and new), NTFS times,
            // JAR marker, Microsoft and Android alignment padding: no effect on the content.
            0x5455 | 0x5855 | 0x7875 | 0x000a | 0xcafe | 0xa220 | 0xd935 => None,
            0x0001 => Some("champ ZIP64 : recouvre n'écrit jamais de ZIP64 et n'en accepte pas".to_owned()),
            0x7075 => Some("champ 0x7075 (nom Unicode) : unzip afficherait un autre nom que le répertoire central".to_owned()),
            0x000d | 0x756e => Some(format!("champ 0x{id:04x} (attributs Unix) : il peut décrire un lien ou d'autres droits")),
            0x0017 | 0x9901 => Some("entrée chiffrée".to_owned()),
            _ => Some(format!("champ supplémentaire 0x{id:04x} inconnu : sa lecture pourrait différer d'un outil à l'autre")),
        };
        if refus.is_none() {
            refus = motif;
        }
        i += 4 + n;
    }
    Ok(refus)
}

/// What the external attributes say the entry is, for every host: Unix modes in the high
/// half (used by unzip whatever the "made by" host), MS-DOS/NTFS attributes in the low half.
fn type_refuse(externe: u32, dossier: bool) -> Option<String> {
    let mode = externe >> 16;
    match mode & TYPE_MASQUE {
        0 | TYPE_FICHIER if !dossier => {}
        0 | TYPE_DOSSIER if dossier => {}
        TYPE_LIEN => return Some("lien symbolique".into()),
        TYPE_FICHIER | TYPE_DOSSIER => {
            return Some("type de fichier (attributs) contraire au nom (fichier ou dossier)".into())
        }
        t => {
            return Some(format!(
                "fichier spécial (type Unix 0o{t:o}) : ni fichier ni dossier"
            ))
        }
    }
    if externe & NTFS_POINT_ANALYSE != 0 {
        return Some("lien symbolique (point d'analyse NTFS)".into());
    }
    if externe & DOS_VOLUME != 0 {
        return Some("étiquette de volume MS-DOS".into());
    }
    if externe & DOS_DOSSIER != 0 && !dossier {
        return Some("attribut de dossier sur un fichier".into());
    }
    None
}

/// A central-directory entry, as read.
struct Centrale {
    nom_brut: Vec<u8>,
    drapeaux: u16,
    methode: u16,
    crc: u32,
    compresse: u64,
    taille: u64,
    externe: u32,
    local: u64,
    refus_extra: Option<String>,
}

impl Zip {
    /// Opens and checks the structure of an archive. `Err` is a French sentence: the archive
    /// cannot be trusted at all. Entry-level problems come back as [`Ecart`]s.
    pub fn ouvrir(chemin: &Path) -> Result<(Zip, Vec<Ecart>), String> {
        let meta = std::fs::metadata(chemin).map_err(|e| format!("lecture impossible ({e})"))?;
        if !meta.is_file() {
            return Err("ce n'est pas un fichier ordinaire".into());
        }
        let mut f = File::open(chemin).map_err(|e| format!("lecture impossible ({e})"))?;
        // The file opened is the one checked (not swapped for a FIFO in between).
        let taille = f
            .metadata()
            .map_err(|e| format!("lecture impossible ({e})"))?
            .len();
        if !f.metadata().map(|m| m.is_file()).unwrap_or(false) {
            return Err("ce n'est pas un fichier ordinaire".into());
        }
        if taille < 22 {
            return Err("ce n'est pas une archive ZIP".into());
        }
        let (fin, commentaire) = Self::fin(&mut f, taille)?;
        let nombre = u16le(&fin, 10) as usize;
        let taille_cd = u32le(&fin, 12) as u64;
        let debut_cd = u32le(&fin, 16) as u64;
        let pos_fin = taille - 22 - commentaire;
        if pos_fin >= 20
            && lire_a(&mut f, pos_fin - 20, 4)
                .map(|b| u32le(&b, 0) == SIG_LOCALISATEUR64)
                .unwrap_or(false)
        {
            return Err("archive ZIP64 (localisateur ZIP64 avant la fin d'archive) : recouvre n'écrit jamais de ZIP64 et n'en accepte pas, un autre lecteur pourrait y lire un autre répertoire central".into());
        }
        if u16le(&fin, 8) as usize == 0xFFFF
            || nombre == 0xFFFF
            || taille_cd == 0xFFFF_FFFF
            || debut_cd == 0xFFFF_FFFF
        {
            return Err("archive ZIP64 (champs de fin d'archive saturés) : recouvre n'écrit jamais de ZIP64 et n'en accepte pas".into());
        }
        if u16le(&fin, 4) != 0 || u16le(&fin, 6) != 0 || u16le(&fin, 8) as usize != nombre {
            return Err("archive en plusieurs volumes : non prise en charge".into());
        }
        if nombre > MAX_ENTREES || taille_cd > MAX_REPERTOIRE {
            return Err(format!(
                "répertoire central démesuré ({nombre} entrées, {taille_cd} octets ; limites {MAX_ENTREES} entrées, {MAX_REPERTOIRE} octets)"
            ));
        }
        match (debut_cd + taille_cd).cmp(&pos_fin) {
            std::cmp::Ordering::Less => {
                return Err(format!(
                    "{} octets non comptés entre le répertoire central et la fin d'archive : une entrée ou un second répertoire caché ?",
                    pos_fin - debut_cd - taille_cd
                ))
            }
            std::cmp::Ordering::Greater => {
                return Err(
                    "répertoire central qui déborde sur la fin d'archive : structure incohérente"
                        .into(),
                )
            }
            std::cmp::Ordering::Equal => {}
        }
        let cd = lire_a(&mut f, debut_cd, taille_cd as usize)
            .map_err(|_| "répertoire central illisible".to_owned())?;
        let centrales = Self::repertoire(&cd, nombre)?;

        let mut ecarts = Vec::new();
        let mut entrees = Vec::new();
        let mut dossiers = BTreeSet::new();
        // (start, end, name) of every entry's bytes, to account for the whole file.
        let mut etendues: Vec<(u64, u64, String)> = Vec::new();
        let mut vus: BTreeMap<String, String> = BTreeMap::new();
        // Names seen twice: every copy is left out (which one would a reader keep?).
        let mut doubles: BTreeSet<String> = BTreeSet::new();
        let mut total = 0u64;
        for c in &centrales {
            let nom_lisible = String::from_utf8_lossy(&c.nom_brut).into_owned();
            let (donnees, fin_entree) = Self::local(&mut f, c, debut_cd, &nom_lisible)?;
            etendues.push((c.local, fin_entree, nom_lisible.clone()));

            let mut ecart = |motif: String| {
                ecarts.push(Ecart::Dangereux {
                    chemin: nom_lisible.clone(),
                    motif,
                })
            };
            let Ok(nom) = std::str::from_utf8(&c.nom_brut) else {
                ecart("nom qui n'est pas en UTF-8".into());
                continue;
            };
            if !nom.is_ascii() && c.drapeaux & DRAPEAU_UTF8 == 0 {
                ecart("nom non ASCII sans le drapeau UTF-8 : d'autres lecteurs le liraient en CP437, sous un autre nom".into());
                continue;
            }
            if let Some(m) = chemin_dangereux(nom) {
                ecart(m.into());
                continue;
            }
            match vus.insert(cle_de_collision(nom), nom.to_owned()) {
                Some(autre) if autre == nom => {
                    ecart("nom en double dans l'archive".into());
                    doubles.insert(nom.to_owned());
                    continue;
                }
                Some(autre) => {
                    ecart(format!("nom en double dans l'archive à la casse ou à la normalisation Unicode près ({autre}) : un système de fichiers insensible à la casse n'en garderait qu'un"));
                    continue;
                }
                None => {}
            }
            if c.drapeaux & (DRAPEAU_CHIFFRE | DRAPEAU_CHIFFRE_FORT | DRAPEAU_REPERTOIRE_CHIFFRE)
                != 0
            {
                ecart("entrée chiffrée : son contenu ne peut pas être vérifié".into());
                continue;
            }
            if c.drapeaux & !DRAPEAUX_CONNUS != 0 {
                ecart(format!(
                    "drapeaux ZIP non pris en charge (0x{:04x})",
                    c.drapeaux & !DRAPEAUX_CONNUS
                ));
                continue;
            }
            if let Some(m) = &c.refus_extra {
                ecart(m.clone());
                continue;
            }
            let dossier = nom.ends_with('/');
            if let Some(m) = type_refuse(c.externe, dossier) {
                ecart(m);
                continue;
            }
            if dossier {
                if c.taille != 0 {
                    ecart("dossier qui a un contenu".into());
                } else {
                    dossiers.insert(nom.trim_end_matches('/').to_owned());
                }
                continue;
            }
            if c.taille > MAX_ENTREE {
                ecart(format!("taille déclarée démesurée ({} octets)", c.taille));
                continue;
            }
            if c.taille > 1024 * 1024
                && (c.compresse == 0 || c.taille / c.compresse.max(1) > MAX_RATIO)
            {
                ecart(format!(
                    "taux de compression suspect ({} octets pour {}) : bombe de décompression ?",
                    c.taille, c.compresse
                ));
                continue;
            }
            total += c.taille;
            if total > MAX_TOTAL {
                return Err(format!(
                    "contenu total démesuré (plus de {MAX_TOTAL} octets)"
                ));
            }
            match c.methode {
                8 => {}
                0 if c.compresse == c.taille => {}
                0 => {
                    ecart("entrée stockée dont la taille compressée diffère de la taille".into());
                    continue;
                }
                m => {
                    ecarts.push(Ecart::Illisible {
                        chemin: nom.to_owned(),
                        motif: format!("méthode de compression {m} non prise en charge"),
                    });
                    continue;
                }
            }
            entrees.push(Entree {
                nom: nom.to_owned(),
                methode: c.methode,
                crc: c.crc,
                compresse: c.compresse,
                taille: c.taille,
                donnees,
            });
        }

        // Every byte before the central directory belongs to exactly one entry.
        etendues.sort();
        let mut attendu = 0u64;
        for (debut, fin, nom) in &etendues {
            if *debut > attendu {
                return Err(format!(
                    "{} octets non comptés avant l'entrée {nom} (octets {attendu} à {debut}) : une entrée cachée que d'autres lecteurs verraient ?",
                    debut - attendu
                ));
            }
            if *debut < attendu {
                return Err(format!(
                    "l'entrée {nom} chevauche la précédente (octet {debut}) : deux entrées partagent des octets"
                ));
            }
            attendu = *fin;
        }
        if attendu != debut_cd {
            return Err(if attendu < debut_cd {
                format!(
                    "{} octets non comptés avant le répertoire central (octets {attendu} à {debut_cd}) : une entrée cachée que d'autres lecteurs verraient ?",
                    debut_cd - attendu
                )
            } else {
                "la dernière entrée déborde sur le répertoire central".into()
            });
        }

        // A file cannot also be a folder: `data/a` and `data/a/b`.
        entrees.retain(|e| !doubles.contains(&e.nom));
        let fichiers: BTreeSet<&str> = entrees.iter().map(|e| e.nom.as_str()).collect();
        for e in &entrees {
            let mut parent = e.nom.as_str();
            while let Some((p, _)) = parent.rsplit_once('/') {
                if fichiers.contains(p) {
                    ecarts.push(Ecart::Dangereux {
                        chemin: e.nom.clone(),
                        motif: format!("{p} y est à la fois un fichier et un dossier"),
                    });
                    break;
                }
                parent = p;
            }
        }
        for d in &dossiers {
            if fichiers.contains(d.as_str()) {
                ecarts.push(Ecart::Dangereux {
                    chemin: d.clone(),
                    motif: "à la fois un fichier et un dossier".into(),
                });
            }
        }
        Ok((
            Zip {
                fichier: f,
                entrees,
                dossiers,
            },
            ecarts,
        ))
    }

    /// The end record: the last signature of the file, ending exactly at its end.
    /// Returns its 22 bytes and the comment length.
    fn fin(f: &mut File, taille: u64) -> Result<(Vec<u8>, u64), String> {
        let queue = taille.min(22 + 65_535);
        let t = lire_a(f, taille - queue, queue as usize)
            .map_err(|_| "ce n'est pas une archive ZIP".to_owned())?;
        let Some(pos) = (0..=t.len() - 22).rev().find(|&i| u32le(&t, i) == SIG_FIN) else {
            return Err("ce n'est pas une archive ZIP (pas de répertoire central)".into());
        };
        let commentaire = u16le(&t, pos + 20) as usize;
        if pos + 22 + commentaire != t.len() {
            return Err("fin d'archive incohérente (octets après la fin d'archive, ou commentaire de longueur fausse)".into());
        }
        let texte = &t[pos + 22..];
        if texte.windows(4).any(|w| {
            matches!(
                u32le(w, 0),
                SIG_FIN | SIG_FIN64 | SIG_LOCALISATEUR64 | SIG_CENTRAL | SIG_LOCAL
            )
        }) {
            return Err("commentaire d'archive contenant une signature ZIP : un autre lecteur pourrait y lire une autre archive".into());
        }
        Ok((t[pos..pos + 22].to_vec(), commentaire as u64))
    }

    /// Parses the whole central directory: exactly `nombre` entries filling it exactly.
    fn repertoire(cd: &[u8], nombre: usize) -> Result<Vec<Centrale>, String> {
        let mut v = Vec::with_capacity(nombre.min(4096));
        let mut i = 0usize;
        while i < cd.len() {
            if v.len() == nombre {
                return Err(format!(
                    "le répertoire central contient plus d'entrées que les {nombre} annoncées par la fin d'archive : une entrée cachée ?"
                ));
            }
            if i + 46 > cd.len() || u32le(cd, i) != SIG_CENTRAL {
                return Err(format!(
                    "entrée {} du répertoire central illisible (octet {i} du répertoire)",
                    v.len() + 1
                ));
            }
            let (n, e, c) = (
                u16le(cd, i + 28) as usize,
                u16le(cd, i + 30) as usize,
                u16le(cd, i + 32) as usize,
            );
            if i + 46 + n + e + c > cd.len() {
                return Err(format!(
                    "entrée {} du répertoire central tronquée",
                    v.len() + 1
                ));
            }
            let nom_brut = cd[i + 46..i + 46 + n].to_vec();
            let nom = String::from_utf8_lossy(&nom_brut).into_owned();
            let compresse = u32le(cd, i + 20) as u64;
            let taille = u32le(cd, i + 24) as u64;
            let local = u32le(cd, i + 42) as u64;
            if compresse == 0xFFFF_FFFF || taille == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                return Err(format!(
                    "{nom} : entrée ZIP64 : recouvre n'écrit jamais de ZIP64 et n'en accepte pas"
                ));
            }
            if u16le(cd, i + 34) != 0 {
                return Err(format!("{nom} : entrée sur un autre volume"));
            }
            let refus_extra = champs_supplementaires(&cd[i + 46 + n..i + 46 + n + e])
                .map_err(|m| format!("{nom} : répertoire central : {m}"))?;
            v.push(Centrale {
                nom_brut,
                drapeaux: u16le(cd, i + 8),
                methode: u16le(cd, i + 10),
                crc: u32le(cd, i + 16),
                compresse,
                taille,
                externe: u32le(cd, i + 38),
                local,
                refus_extra,
            });
            i += 46 + n + e + c;
        }
        if v.len() != nombre {
            return Err(format!(
                "la fin d'archive annonce {nombre} entrées, le répertoire central en contient {}",
                v.len()
            ));
        }
        Ok(v)
    }

    /// Reads the local header of `c` and compares it with the central entry. Returns where
    /// the data starts and where the entry ends (data descriptor included).
    fn local(f: &mut File, c: &Centrale, debut_cd: u64, nom: &str) -> Result<(u64, u64), String> {
        let illisible = || format!("{nom} : en-tête local illisible");
        if c.local + 30 > debut_cd {
            return Err(format!("{nom} : en-tête local hors de la zone des entrées"));
        }
        let h = lire_a(f, c.local, 30).map_err(|_| illisible())?;
        if u32le(&h, 0) != SIG_LOCAL {
            return Err(illisible());
        }
        let (n, e) = (u16le(&h, 26) as u64, u16le(&h, 28) as u64);
        let donnees = c.local + 30 + n + e;
        if donnees > debut_cd {
            return Err(illisible());
        }
        let reste = lire_a(f, c.local + 30, (n + e) as usize).map_err(|_| illisible())?;
        let difference = |quoi: &str| {
            Err(format!(
                "{nom} : l'en-tête local et le répertoire central diffèrent ({quoi}) : les lecteurs ne verraient pas le même fichier"
            ))
        };
        if reste[..n as usize] != c.nom_brut[..] {
            return difference(&format!(
                "nom local « {} »",
                String::from_utf8_lossy(&reste[..n as usize])
            ));
        }
        let drapeaux = u16le(&h, 6);
        if drapeaux != c.drapeaux {
            return difference("drapeaux");
        }
        if u16le(&h, 8) != c.methode {
            return difference("méthode de compression");
        }
        let (crc, compresse, taille) = (u32le(&h, 14), u32le(&h, 18) as u64, u32le(&h, 22) as u64);
        let descripteur = drapeaux & DRAPEAU_DESCRIPTEUR != 0;
        // With a data descriptor, the local fields may be zero; otherwise they must agree.
        let zero = descripteur && crc == 0 && compresse == 0 && taille == 0;
        if !zero && (crc, compresse, taille) != (c.crc, c.compresse, c.taille) {
            return difference("CRC ou tailles");
        }
        if let Some(m) = champs_supplementaires(&reste[n as usize..])
            .map_err(|m| format!("{nom} : en-tête local : {m}"))?
        {
            return Err(format!("{nom} : en-tête local : {m}"));
        }
        let apres = donnees
            .checked_add(c.compresse)
            .filter(|&x| x <= debut_cd)
            .ok_or_else(|| format!("{nom} : données hors de la zone des entrées"))?;
        if !descripteur {
            return Ok((donnees, apres));
        }
        // Data descriptor: optional signature, then CRC and both sizes, equal to the central
        // entry's.
        let d = lire_a(f, apres, 16.min((debut_cd - apres) as usize))
            .map_err(|_| format!("{nom} : descripteur de données illisible"))?;
        let (corps, longueur) = if d.len() >= 16 && u32le(&d, 0) == SIG_DESCRIPTEUR {
            (&d[4..16], 16)
        } else if d.len() >= 12 {
            (&d[..12], 12)
        } else {
            return Err(format!("{nom} : descripteur de données tronqué"));
        };
        if (
            u32le(corps, 0),
            u32le(corps, 4) as u64,
            u32le(corps, 8) as u64,
        ) != (c.crc, c.compresse, c.taille)
        {
            return difference("descripteur de données");
        }
        Ok((donnees, apres + longueur))
    }

    /// Inflates one entry through bounded readers, giving its bytes to `sortie` as they come;
    /// checks its real size, that the compressed stream ends exactly at its compressed size,
    /// and its CRC-32. `Err` is a French sentence.
    pub fn lire(
        &mut self,
        e: &Entree,
        sortie: &mut dyn FnMut(&[u8]) -> Result<(), String>,
    ) -> Result<(), String> {
        self.fichier
            .seek(SeekFrom::Start(e.donnees))
            .map_err(|err| format!("données illisibles ({err})"))?;
        let brut = BufReader::new((&mut self.fichier).take(e.compresse));
        let mut crc = flate2::Crc::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut lu = 0u64;
        let trop_long =
            || "taille réelle différente de la taille déclarée (données en plus)".to_owned();
        let mut pomper = |r: &mut dyn Read| -> Result<(), String> {
            loop {
                let n = r
                    .read(&mut buf)
                    .map_err(|err| format!("données illisibles ({err})"))?;
                if n == 0 {
                    return Ok(());
                }
                lu += n as u64;
                if lu > e.taille {
                    return Err(trop_long());
                }
                crc.update(&buf[..n]);
                sortie(&buf[..n])?;
            }
        };
        if e.methode == 8 {
            let mut d = DeflateDecoder::new(brut);
            pomper(&mut d)?;
            if d.total_in() != e.compresse {
                return Err(format!(
                    "flux compressé terminé avant la fin des données déclarées ({} octets sur {})",
                    d.total_in(),
                    e.compresse
                ));
            }
        } else {
            let mut b = brut;
            pomper(&mut b)?;
        }
        if lu != e.taille {
            return Err(format!(
                "taille réelle différente de la taille déclarée ({} octets lus pour {})",
                lu, e.taille
            ));
        }
        if crc.sum() != e.crc {
            return Err("CRC-32 de l'archive faux".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_special_files_are_refused_whatever_the_host() {
        assert_eq!(type_refuse(0o100_644 << 16, false), None);
        assert_eq!(type_refuse(0, false), None);
        assert_eq!(type_refuse(0x20, false), None); // MS-DOS "archive"
        assert_eq!(type_refuse((0o040_755 << 16) | 0x10, true), None);
        assert!(type_refuse(0o120_777 << 16, false)
            .unwrap()
            .contains("lien"));
        assert!(type_refuse(0x400, false).unwrap().contains("lien"));
        assert!(type_refuse(0o010_644 << 16, false)
            .unwrap()
            .contains("spécial"));
        assert!(type_refuse(0o040_755 << 16, false).is_some());
        assert!(type_refuse(0x10, false).is_some());
    }

    #[test]
    fn extra_fields_must_be_well_formed_and_harmless() {
        assert_eq!(champs_supplementaires(&[]), Ok(None));
        assert_eq!(
            champs_supplementaires(&[0x55, 0x54, 1, 0, 0]),
            Ok(None),
            "extended timestamp"
        );
        assert!(champs_supplementaires(&[0x55, 0x54, 9, 0, 0]).is_err());
        assert!(champs_supplementaires(&[0x55]).is_err());
        assert!(champs_supplementaires(&[0x75, 0x70, 0, 0])
            .unwrap()
            .unwrap()
            .contains("0x7075"));
        assert!(champs_supplementaires(&[1, 0, 0, 0])
            .unwrap()
            .unwrap()
            .contains("ZIP64"));
    }

    #[test]
    fn names_that_one_file_system_would_merge_collide() {
        assert_eq!(
            cle_de_collision("data/A.pdf"),
            cle_de_collision("data/a.pdf")
        );
        assert_eq!(
            cle_de_collision("data/Nu\u{301}n\u{303}ez"),
            cle_de_collision("data/N\u{fa}\u{f1}ez")
        );
        assert_ne!(
            cle_de_collision("data/a.pdf"),
            cle_de_collision("data/b.pdf")
        );
    }

    #[test]
    fn dangerous_paths() {
        for p in [
            "",
            "/etc/x",
            "../x",
            "data/../../x",
            "a\\b",
            "C:x",
            "data//x",
            "data/\u{1b}x",
            "data/a\u{2028}",
        ] {
            assert!(chemin_dangereux(p).is_some(), "{p:?}");
        }
        for p in ["data/x.pdf", "bagit.txt", "data/dir/", "data/Núñez é.pdf"] {
            assert!(chemin_dangereux(p).is_none(), "{p:?}");
        }
    }
}

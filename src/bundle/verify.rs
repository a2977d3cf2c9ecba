//! `recouvre verify`: re-hashes a bundle, ZIP or unpacked folder, against its BagIt manifests
//! and its XML manifest, and names every missing, extra or altered file.
//!
//! Two layers. The container: a ZIP is read by [`zip_lecture`](super::zip_lecture), which
//! accepts only archives every reader sees the same way; a folder is walked without following
//! links or opening anything but regular files. Then the bag, checked at least as strictly as
//! RFC 8493 (BagIt 1.0) and the Library of Congress validator: the bag declaration to the
//! letter, every manifest line well-formed and listed once, every payload file in every
//! payload manifest, every tag manifest entry, `fetch.txt` complete and inside `data/`,
//! `bag-info.txt` well-formed with one exact `Payload-Oxum`, no character another reader
//! would take for an end of line. [`Profil::Recouvre`] adds what a recouvre bundle is: BagIt
//! 1.0 in UTF-8, exactly its five tag files, SHA-256, and a well-formed XML manifest that
//! agrees with the payload.
//!
//! Memory stays bounded: payload files are hashed as streams; only the tag files named above
//! are kept, each up to [`MAX_TAG`] bytes, checked while reading.

use sha2::digest::DynDigest;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::xml;
use super::zip_lecture::{chemin_dangereux, Ecart, Zip, MAX_ENTREE, MAX_ENTREES};
use crate::empreinte::hex;

/// Largest tag file (`bagit.txt`, `bag-info.txt`, `fetch.txt`, a manifest, the XML manifest)
/// kept in memory to be parsed.
pub const MAX_TAG: u64 = 8 * 1024 * 1024;
/// Largest total of the tag files kept in memory.
const MAX_TAGS: u64 = 32 * 1024 * 1024;

/// The tag files of a recouvre bundle, and nothing else at its root.
const TAGS_RECOUVRE: [&str; 5] = [
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    xml::NOM,
    "tagmanifest-sha256.txt",
];

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
    /// Files read and hashed.
    pub fichiers: usize,
    pub constats: Vec<Constat>,
}

impl Rapport {
    pub fn intact(&self) -> bool {
        self.constats.is_empty()
    }
}

/// What a bundle must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profil {
    /// A recouvre bundle: BagIt 1.0 in UTF-8, exactly its five tag files, SHA-256
    /// manifests and the XML manifest of documents and exhibits.
    Recouvre,
    /// Any BagIt bag: the rules of RFC 8493 (and of the 0.93–0.97 drafts for older bags).
    BagIt,
}

/// Checksum algorithms of BagIt manifests (RFC 8493 2.4: SHA-256 and SHA-512 required,
/// MD5 and SHA-1 for older bags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Algo {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Algo {
    fn depuis_nom(nom: &str) -> Option<Algo> {
        Some(match nom {
            "md5" => Algo::Md5,
            "sha1" => Algo::Sha1,
            "sha224" => Algo::Sha224,
            "sha256" => Algo::Sha256,
            "sha384" => Algo::Sha384,
            "sha512" => Algo::Sha512,
            _ => return None,
        })
    }

    fn libelle(self) -> &'static str {
        match self {
            Algo::Md5 => "MD5",
            Algo::Sha1 => "SHA-1",
            Algo::Sha224 => "SHA-224",
            Algo::Sha256 => "SHA-256",
            Algo::Sha384 => "SHA-384",
            Algo::Sha512 => "SHA-512",
        }
    }

    fn hacheur(self) -> Box<dyn DynDigest> {
        match self {
            Algo::Md5 => Box::new(md5::Md5::default()),
            Algo::Sha1 => Box::new(sha1::Sha1::default()),
            Algo::Sha224 => Box::new(sha2::Sha224::default()),
            Algo::Sha256 => Box::new(sha2::Sha256::default()),
            Algo::Sha384 => Box::new(sha2::Sha384::default()),
            Algo::Sha512 => Box::new(sha2::Sha512::default()),
        }
    }
}

/// What was read of one file.
struct Lu {
    taille: u64,
    empreintes: BTreeMap<Algo, String>,
    octets: Option<Vec<u8>>,
}

/// Hashes a stream with several algorithms, keeping the bytes of a tag file up to
/// [`MAX_TAG`].
struct Hacheurs {
    hacheurs: Vec<(Algo, Box<dyn DynDigest>)>,
    garde: Option<Vec<u8>>,
    taille: u64,
}

impl Hacheurs {
    fn new(algos: &BTreeSet<Algo>, garder: bool) -> Self {
        Hacheurs {
            hacheurs: algos.iter().map(|&a| (a, a.hacheur())).collect(),
            garde: garder.then(Vec::new),
            taille: 0,
        }
    }

    fn ajouter(&mut self, b: &[u8]) -> Result<(), String> {
        self.taille += b.len() as u64;
        if self.taille > MAX_ENTREE {
            return Err(format!("fichier démesuré (plus de {MAX_ENTREE} octets)"));
        }
        if let Some(g) = &mut self.garde {
            if self.taille > MAX_TAG {
                return Err(format!(
                    "trop volumineux pour un fichier de métadonnées (plus de {MAX_TAG} octets)"
                ));
            }
            g.extend_from_slice(b);
        }
        for (_, h) in &mut self.hacheurs {
            h.update(b);
        }
        Ok(())
    }

    fn finir(self) -> Lu {
        Lu {
            taille: self.taille,
            empreintes: self
                .hacheurs
                .into_iter()
                .map(|(a, h)| (a, hex(&h.finalize())))
                .collect(),
            octets: self.garde,
        }
    }
}

/// Where the files come from.
enum Source {
    Zip(Zip),
    Dossier(PathBuf),
}

/// The files of a bundle: path inside the bag → index of the ZIP entry (folder: none).
struct Inventaire {
    fichiers: BTreeMap<String, Option<usize>>,
    dossiers: BTreeSet<String>,
}

/// What a file-system object is, in French, for messages.
pub fn nature(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "tube nommé (FIFO)";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "périphérique";
        }
    }
    if t.is_symlink() {
        "lien symbolique"
    } else if t.is_dir() {
        "dossier"
    } else if t.is_file() {
        "fichier"
    } else {
        "fichier spécial"
    }
}

impl Source {
    /// Reads one file, hashing it with `algos`; keeps its bytes if `garder`.
    fn lire(
        &mut self,
        inv: &Inventaire,
        nom: &str,
        algos: &BTreeSet<Algo>,
        garder: bool,
    ) -> Result<Lu, String> {
        let mut h = Hacheurs::new(algos, garder);
        match self {
            Source::Zip(z) => {
                let i = inv.fichiers.get(nom).copied().flatten().ok_or("absent")?;
                let e = z.entrees[i].clone();
                z.lire(&e, &mut |b| h.ajouter(b))?;
            }
            Source::Dossier(racine) => {
                let p = racine.join(nom);
                let t = std::fs::symlink_metadata(&p)
                    .map_err(|e| format!("illisible ({e})"))?
                    .file_type();
                if !t.is_file() {
                    return Err(format!(
                        "{} : seuls les fichiers ordinaires sont lus",
                        nature(t)
                    ));
                }
                let mut f = File::open(&p).map_err(|e| format!("illisible ({e})"))?;
                if !f.metadata().map(|m| m.is_file()).unwrap_or(false) {
                    return Err("n'est plus un fichier ordinaire".into());
                }
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = f.read(&mut buf).map_err(|e| format!("illisible ({e})"))?;
                    if n == 0 {
                        break;
                    }
                    h.ajouter(&buf[..n])?;
                }
            }
        }
        Ok(h.finir())
    }
}

/// Lists an unpacked bag without following links or opening anything.
fn lister_dossier(racine: &Path, constats: &mut Vec<Constat>) -> Inventaire {
    let mut inv = Inventaire {
        fichiers: BTreeMap::new(),
        dossiers: BTreeSet::new(),
    };
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
            let rel = p.strip_prefix(racine).unwrap_or(&p);
            let Some(rel) = rel.to_str().map(str::to_owned) else {
                constats.push(Constat::Dangereux {
                    chemin: rel.to_string_lossy().into_owned(),
                    motif: "nom qui n'est pas en UTF-8".into(),
                });
                continue;
            };
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            let t = meta.file_type();
            if let Some(m) = chemin_dangereux(&rel) {
                constats.push(Constat::Dangereux {
                    chemin: rel,
                    motif: m.into(),
                });
            } else if t.is_dir() {
                inv.dossiers.insert(rel);
                pile.push(p);
            } else if !t.is_file() {
                constats.push(Constat::Dangereux {
                    chemin: rel,
                    motif: format!(
                        "{} : seuls les fichiers ordinaires et les dossiers sont admis dans un sac",
                        nature(t)
                    ),
                });
            } else if inv.fichiers.len() >= MAX_ENTREES {
                constats.push(Constat::Invalide(format!("plus de {MAX_ENTREES} fichiers")));
                return inv;
            } else {
                inv.fichiers.insert(rel, None);
            }
        }
    }
    inv
}

/// Splits a text into lines ended by LF, CRLF or CR (RFC 8493 2.1); a final end of line
/// does not open an empty line.
fn lignes(t: &str) -> Vec<&str> {
    let b = t.as_bytes();
    let mut v = Vec::new();
    let (mut debut, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                v.push(&t[debut..i]);
                i += 1;
                debut = i;
            }
            b'\r' => {
                v.push(&t[debut..i]);
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                debut = i;
            }
            _ => i += 1,
        }
    }
    if debut < b.len() {
        v.push(&t[debut..]);
    }
    v
}

/// A tag file's characters: no control character but tab, no line separator that another
/// reader (Python's `splitlines`, a text editor) would take for an end of line, no BOM.
fn controler_caracteres(texte: &str) -> Result<(), String> {
    if texte.starts_with('\u{FEFF}') {
        return Err("marque d'ordre des octets (BOM) en tête : interdite par RFC 8493".into());
    }
    for (n, l) in lignes(texte).iter().enumerate() {
        if let Some(c) = l
            .chars()
            .find(|&c| (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            return Err(format!(
                "ligne {} : caractère U+{:04X} interdit : d'autres lecteurs y verraient une fin de ligne ou une commande",
                n + 1,
                c as u32
            ));
        }
    }
    Ok(())
}

/// `Tag-File-Character-Encoding` values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encodage {
    Utf8,
    Latin1,
    Utf16,
}

fn decoder(octets: &[u8], enc: Encodage) -> Result<String, String> {
    match enc {
        Encodage::Utf8 => String::from_utf8(octets.to_vec()).map_err(|e| {
            format!(
                "n'est pas en UTF-8 (octet {})",
                e.utf8_error().valid_up_to()
            )
        }),
        // ISO-8859-1 is the first 256 code points of Unicode.
        Encodage::Latin1 => Ok(octets.iter().map(|&b| b as char).collect()),
        Encodage::Utf16 => {
            let (corps, le) = match octets {
                [0xFF, 0xFE, r @ ..] => (r, true),
                [0xFE, 0xFF, r @ ..] => (r, false),
                _ => return Err("UTF-16 sans marque d'ordre des octets".into()),
            };
            if corps.len() % 2 != 0 {
                return Err("UTF-16 de longueur impaire".into());
            }
            let unites = corps.chunks_exact(2).map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            });
            char::decode_utf16(unites)
                .collect::<Result<String, _>>()
                .map_err(|_| "UTF-16 invalide".into())
        }
    }
}

/// The bag declaration (RFC 8493 2.1.1): exactly two lines, to the letter, UTF-8 without BOM.
fn lire_bagit_txt(octets: &[u8]) -> Result<((u32, u32), Encodage), String> {
    if octets.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err("marque d'ordre des octets (BOM) en tête : interdite par RFC 8493".into());
    }
    let texte = std::str::from_utf8(octets).map_err(|_| "n'est pas en UTF-8".to_owned())?;
    controler_caracteres(texte)?;
    let l = lignes(texte);
    if l.len() != 2 {
        return Err(format!(
            "{} ligne(s) : exactement deux sont attendues, « BagIt-Version: M.N » puis « Tag-File-Character-Encoding: ENCODAGE »",
            l.len()
        ));
    }
    let v = l[0].strip_prefix("BagIt-Version: ").ok_or_else(|| {
        format!(
            "première ligne « {} » : « BagIt-Version: M.N » attendu, à la lettre (sans espace avant les deux-points)",
            l[0]
        )
    })?;
    let version = v
        .split_once('.')
        .filter(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        })
        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
        .filter(|v| matches!(v, (1, 0) | (0, 93..=97)))
        .ok_or_else(|| {
            format!("BagIt-Version « {v} » inconnue (1.0, ou 0.93 à 0.97 pour les anciens sacs)")
        })?;
    let e = l[1]
        .strip_prefix("Tag-File-Character-Encoding: ")
        .ok_or_else(|| {
            format!(
                "deuxième ligne « {} » : « Tag-File-Character-Encoding: ENCODAGE » attendu, à la lettre",
                l[1]
            )
        })?;
    let encodage = if e.eq_ignore_ascii_case("UTF-8") {
        Encodage::Utf8
    } else if e.eq_ignore_ascii_case("ISO-8859-1") {
        Encodage::Latin1
    } else if e.eq_ignore_ascii_case("UTF-16") {
        Encodage::Utf16
    } else {
        return Err(format!(
            "encodage « {e} » non pris en charge (UTF-8, ISO-8859-1, UTF-16)"
        ));
    };
    Ok((version, encodage))
}

/// A manifest or `fetch.txt` path: `%0A`, `%0D` and `%25` decoded (RFC 8493 2.1.3), the
/// `*` of md5sum's binary mode and a leading `./` dropped (as the LoC validator does).
fn chemin_de_manifeste(brut: &str) -> String {
    let brut = brut.strip_prefix('*').unwrap_or(brut);
    let brut = brut.strip_prefix("./").unwrap_or(brut);
    let mut s = String::with_capacity(brut.len());
    let mut reste = brut;
    while let Some(i) = reste.find('%') {
        s.push_str(&reste[..i]);
        let suite = &reste[i..];
        let code = suite.get(..3).map(str::to_ascii_uppercase);
        match code.as_deref() {
            Some("%0A") => s.push('\n'),
            Some("%0D") => s.push('\r'),
            Some("%25") => s.push('%'),
            _ => {
                s.push('%');
                reste = &suite[1..];
                continue;
            }
        }
        reste = &suite[3..];
    }
    s.push_str(reste);
    s
}

/// Parses a manifest: `checksum<whitespace>path` per line, each path once.
fn lire_manifeste(
    nom: &str,
    texte: &str,
    algo: Algo,
    constats: &mut Vec<Constat>,
) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let longueur = hex(&algo.hacheur().finalize()).len();
    for (i, l) in lignes(texte).into_iter().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let ligne = i + 1;
        let invalide = |m: String| Constat::Invalide(format!("{nom}, ligne {ligne} : {m}"));
        let Some((hash, reste)) = l.split_once([' ', '\t']) else {
            constats.push(invalide("« empreinte chemin » attendu".into()));
            continue;
        };
        let chemin = chemin_de_manifeste(reste.trim_start_matches([' ', '\t']));
        if hash.len() != longueur || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            constats.push(invalide(format!(
                "empreinte {} mal formée (« {hash} »)",
                algo.libelle()
            )));
            continue;
        }
        if chemin.is_empty() {
            constats.push(invalide("chemin vide".into()));
            continue;
        }
        if m.insert(chemin.clone(), hash.to_ascii_lowercase())
            .is_some()
        {
            constats.push(invalide(format!(
                "{chemin} listé deux fois (RFC 8493 : une ligne par fichier)"
            )));
        }
    }
    m
}

/// One `bag-info.txt` element.
struct Element {
    etiquette: String,
    valeur: String,
    ligne: usize,
}

/// Parses `bag-info.txt` (RFC 8493 2.2.2): `label: value`, continuation lines indented. In
/// BagIt 1.0, the label neither starts nor ends with whitespace and one space or tab follows
/// the colon; the 0.9x drafts were laxer.
fn lire_bag_info(texte: &str, strict: bool) -> Result<Vec<Element>, String> {
    let mut v: Vec<Element> = Vec::new();
    for (i, l) in lignes(texte).into_iter().enumerate() {
        let n = i + 1;
        if l.trim().is_empty() {
            continue;
        }
        if l.starts_with([' ', '\t']) {
            let Some(dernier) = v.last_mut() else {
                return Err(format!(
                    "ligne {n} : ligne de continuation sans élément avant elle"
                ));
            };
            dernier.valeur.push(' ');
            dernier.valeur.push_str(l.trim());
            continue;
        }
        let Some((etiquette, reste)) = l.split_once(':') else {
            return Err(format!(
                "ligne {n} : pas de deux-points (« étiquette: valeur » attendu)"
            ));
        };
        let (etiquette, valeur) = if strict {
            if etiquette != etiquette.trim() {
                return Err(format!(
                    "ligne {n} : l'étiquette « {etiquette} » finit par une espace (RFC 8493, 2.2.2)"
                ));
            }
            let Some(valeur) = reste.strip_prefix([' ', '\t']) else {
                return Err(format!(
                    "ligne {n} : « {etiquette}: » doit être suivi d'une espace puis de la valeur"
                ));
            };
            (etiquette, valeur)
        } else {
            (etiquette.trim(), reste.trim())
        };
        if etiquette.is_empty() {
            return Err(format!("ligne {n} : étiquette vide"));
        }
        v.push(Element {
            etiquette: etiquette.to_owned(),
            valeur: valeur.to_owned(),
            ligne: n,
        });
    }
    Ok(v)
}

/// `octets.fichiers`, digits only.
fn lire_oxum(v: &str) -> Option<(u64, u64)> {
    let (a, b) = v.split_once('.')?;
    let chiffres = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if !chiffres(a) || !chiffres(b) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// `manifest-<alg>.txt` or `tagmanifest-<alg>.txt` at the root: (tag manifest?, algorithm).
fn nom_de_manifeste(nom: &str) -> Option<(bool, &str)> {
    if nom.contains('/') {
        return None;
    }
    if let Some(a) = nom
        .strip_prefix("tagmanifest-")
        .and_then(|r| r.strip_suffix(".txt"))
    {
        return Some((true, a));
    }
    nom.strip_prefix("manifest-")
        .and_then(|r| r.strip_suffix(".txt"))
        .map(|a| (false, a))
}

/// Checks the files listed against the bag's rules and manifests; returns how many files
/// were read and hashed.
fn controler(
    source: &mut Source,
    inv: &Inventaire,
    profil: Profil,
    constats: &mut Vec<Constat>,
) -> usize {
    let recouvre = profil == Profil::Recouvre;
    let existe = |n: &str| inv.fichiers.contains_key(n);

    // Manifests and their algorithms.
    let mut manifestes = Vec::new();
    let mut tagmanifestes = Vec::new();
    for nom in inv.fichiers.keys() {
        let Some((tag, a)) = nom_de_manifeste(nom) else {
            continue;
        };
        match Algo::depuis_nom(a) {
            Some(algo) if tag => tagmanifestes.push((nom.clone(), algo)),
            Some(algo) => manifestes.push((nom.clone(), algo)),
            None => constats.push(Constat::Invalide(format!(
                "{nom} : algorithme « {a} » non pris en charge (md5, sha1, sha224, sha256, sha384, sha512)"
            ))),
        }
    }
    let mut algos_contenu: BTreeSet<Algo> = manifestes.iter().map(|m| m.1).collect();
    if recouvre {
        algos_contenu.insert(Algo::Sha256);
    }
    let algos_tags: BTreeSet<Algo> = tagmanifestes.iter().map(|m| m.1).collect();

    // The tag files parsed here, kept in memory (bounded).
    let mut a_garder: Vec<String> = ["bagit.txt", "bag-info.txt", "fetch.txt"]
        .iter()
        .map(|s| s.to_string())
        .chain(manifestes.iter().chain(&tagmanifestes).map(|m| m.0.clone()))
        .collect();
    if recouvre {
        a_garder.push(xml::NOM.into());
    }
    let mut lus_tags: BTreeMap<String, Lu> = BTreeMap::new();
    let mut garde_total = 0u64;
    for nom in a_garder.iter().filter(|n| existe(n)) {
        match source.lire(inv, nom, &algos_tags, true) {
            Ok(lu) => {
                garde_total += lu.taille;
                if garde_total > MAX_TAGS {
                    constats.push(Constat::Invalide(format!(
                        "fichiers de métadonnées trop volumineux ensemble (plus de {MAX_TAGS} octets)"
                    )));
                    return lus_tags.len();
                }
                lus_tags.insert(nom.clone(), lu);
            }
            Err(e) => constats.push(Constat::Altere {
                chemin: nom.clone(),
                detail: e,
            }),
        }
    }
    let octets = |n: &str| lus_tags.get(n).and_then(|l| l.octets.as_deref());

    // The bag declaration.
    let mut version = (1, 0);
    let mut encodage = Encodage::Utf8;
    match octets("bagit.txt") {
        None if !existe("bagit.txt") => constats.push(Constat::Manquant("bagit.txt".into())),
        None => {}
        Some(b) => match lire_bagit_txt(b) {
            Ok((v, e)) => (version, encodage) = (v, e),
            Err(m) => constats.push(Constat::Invalide(format!("bagit.txt : {m}"))),
        },
    }
    if recouvre && (version != (1, 0) || encodage != Encodage::Utf8) {
        constats.push(Constat::Invalide(
            "bagit.txt : un bundle recouvre est un sac BagIt 1.0 en UTF-8".into(),
        ));
    }
    // The other tag files parsed, decoded once in the declared encoding.
    let mut textes: BTreeMap<String, String> = BTreeMap::new();
    for nom in a_garder
        .iter()
        .filter(|n| *n != "bagit.txt" && *n != xml::NOM)
    {
        let Some(b) = octets(nom) else {
            continue;
        };
        match decoder(b, encodage).and_then(|t| controler_caracteres(&t).map(|_| t)) {
            Ok(t) => {
                textes.insert(nom.clone(), t);
            }
            Err(m) => constats.push(Constat::Invalide(format!("{nom} : {m}"))),
        }
    }
    let texte = |nom: &str| textes.get(nom);

    // Payload manifests: at least one; each lists every payload file, once, inside data/.
    if manifestes.is_empty() {
        constats.push(if recouvre {
            Constat::Manquant("manifest-sha256.txt".into())
        } else {
            Constat::Invalide(
                "aucun manifeste de contenu (manifest-<algorithme>.txt) : un sac BagIt en exige au moins un"
                    .into(),
            )
        });
    }
    let mut listes_contenu: Vec<(String, Algo, BTreeMap<String, String>)> = Vec::new();
    for (nom, algo) in &manifestes {
        let Some(t) = texte(nom) else {
            continue;
        };
        let mut m = lire_manifeste(nom, t, *algo, constats);
        m.retain(|chemin, _| {
            let hors = !chemin.starts_with("data/") || chemin_dangereux(chemin).is_some();
            if hors {
                constats.push(Constat::Dangereux {
                    chemin: chemin.clone(),
                    motif: format!("chemin hors de data/ dans {nom}"),
                });
            }
            !hors
        });
        listes_contenu.push((nom.clone(), *algo, m));
    }

    // The payload, hashed as streams.
    let contenu: Vec<&String> = inv
        .fichiers
        .keys()
        .filter(|c| c.starts_with("data/"))
        .collect();
    if contenu.is_empty() && !inv.dossiers.contains("data") {
        constats.push(Constat::Manquant("data/".into()));
    }
    let mut lus_contenu: BTreeMap<&str, Lu> = BTreeMap::new();
    for chemin in &contenu {
        match source.lire(inv, chemin, &algos_contenu, false) {
            Ok(lu) => {
                lus_contenu.insert(chemin.as_str(), lu);
            }
            Err(e) => constats.push(Constat::Altere {
                chemin: (*chemin).clone(),
                detail: e,
            }),
        }
    }
    for chemin in &contenu {
        let dans: Vec<&(String, Algo, BTreeMap<String, String>)> = listes_contenu
            .iter()
            .filter(|(_, _, m)| m.contains_key(chemin.as_str()))
            .collect();
        if dans.is_empty() && !listes_contenu.is_empty() {
            constats.push(Constat::EnTrop((*chemin).clone()));
            continue;
        }
        for (nom, _, m) in &listes_contenu {
            if !m.contains_key(chemin.as_str()) {
                constats.push(Constat::Invalide(format!(
                    "{chemin} absent de {nom} (chaque manifeste liste chaque fichier de data/)"
                )));
            }
        }
        let Some(lu) = lus_contenu.get(chemin.as_str()) else {
            continue;
        };
        for (nom, algo, m) in dans {
            if lu.empreintes.get(algo) != m.get(chemin.as_str()) {
                constats.push(Constat::Altere {
                    chemin: (*chemin).clone(),
                    detail: format!("{} différent de celui de {nom}", algo.libelle()),
                });
            }
        }
    }
    for (_, _, m) in &listes_contenu {
        for chemin in m.keys().filter(|c| !existe(c)) {
            constats.push(Constat::Manquant(chemin.clone()));
        }
    }

    // Tag manifests: tag files only, each once, each present and intact.
    let mut listes_tags: BTreeSet<String> = BTreeSet::new();
    for (nom, algo) in &tagmanifestes {
        let Some(t) = texte(nom) else {
            continue;
        };
        for (chemin, hash) in lire_manifeste(nom, t, *algo, constats) {
            if let Some(m) = chemin_dangereux(&chemin) {
                constats.push(Constat::Dangereux {
                    chemin,
                    motif: format!("{m} (dans {nom})"),
                });
                continue;
            }
            if chemin.starts_with("data/") {
                constats.push(Constat::Invalide(format!(
                    "{nom} : {chemin} : un manifeste de tags ne liste que des fichiers hors de data/"
                )));
                continue;
            }
            listes_tags.insert(chemin.clone());
            if !existe(&chemin) {
                constats.push(Constat::Manquant(chemin));
                continue;
            }
            if !lus_tags.contains_key(&chemin) {
                match source.lire(inv, &chemin, &algos_tags, false) {
                    Ok(lu) => {
                        lus_tags.insert(chemin.clone(), lu);
                    }
                    Err(e) => {
                        constats.push(Constat::Altere {
                            chemin: chemin.clone(),
                            detail: e,
                        });
                        continue;
                    }
                }
            }
            if lus_tags[&chemin].empreintes.get(algo) != Some(&hash) {
                constats.push(Constat::Altere {
                    chemin,
                    detail: format!("{} différent de celui de {nom}", algo.libelle()),
                });
            }
        }
    }

    // fetch.txt: every file it lists is inside data/ and present (a valid bag is complete).
    if let Some(t) = texte("fetch.txt") {
        for (i, l) in lignes(t).into_iter().enumerate() {
            if l.trim().is_empty() {
                continue;
            }
            let mut parts = l.splitn(3, [' ', '\t']);
            let (_url, longueur, chemin) = (parts.next(), parts.next(), parts.next());
            let chemin = chemin.map(|c| chemin_de_manifeste(c.trim_start_matches([' ', '\t'])));
            let (Some(longueur), Some(chemin)) = (longueur, chemin) else {
                constats.push(Constat::Invalide(format!(
                    "fetch.txt, ligne {} : « url longueur chemin » attendu",
                    i + 1
                )));
                continue;
            };
            if longueur != "-"
                && (longueur.is_empty() || !longueur.bytes().all(|b| b.is_ascii_digit()))
            {
                constats.push(Constat::Invalide(format!(
                    "fetch.txt, ligne {} : longueur « {longueur} » mal formée",
                    i + 1
                )));
            }
            if !chemin.starts_with("data/") || chemin_dangereux(&chemin).is_some() {
                constats.push(Constat::Dangereux {
                    chemin,
                    motif: "chemin hors de data/ dans fetch.txt".into(),
                });
            } else if !existe(&chemin) {
                constats.push(Constat::Manquant(format!(
                    "{chemin} (listé dans fetch.txt : le sac est incomplet)"
                )));
            }
        }
    }

    // bag-info.txt: well-formed, one exact Payload-Oxum.
    let octets_contenu: u64 = lus_contenu.values().map(|l| l.taille).sum();
    match texte("bag-info.txt") {
        Some(t) => match lire_bag_info(t, version == (1, 0)) {
            Err(m) => constats.push(Constat::Invalide(format!("bag-info.txt, {m}"))),
            Ok(elements) => {
                let oxums: Vec<&Element> = elements
                    .iter()
                    .filter(|e| e.etiquette.eq_ignore_ascii_case("Payload-Oxum"))
                    .collect();
                if oxums.len() > 1 {
                    constats.push(Constat::Invalide(format!(
                        "bag-info.txt, ligne {} : Payload-Oxum répété (RFC 8493 : une seule fois)",
                        oxums[1].ligne
                    )));
                } else if oxums.is_empty() && recouvre {
                    constats.push(Constat::Invalide(
                        "bag-info.txt : Payload-Oxum absent".into(),
                    ));
                }
                for e in oxums {
                    let attendu = (octets_contenu, contenu.len() as u64);
                    match lire_oxum(&e.valeur) {
                        None => constats.push(Constat::Invalide(format!(
                            "bag-info.txt, ligne {} : Payload-Oxum « {} » mal formé (octets.fichiers attendu)",
                            e.ligne, e.valeur
                        ))),
                        Some(o) if o != attendu => constats.push(Constat::Invalide(format!(
                            "Payload-Oxum {} ne correspond pas au contenu de data/ ({}.{})",
                            e.valeur, attendu.0, attendu.1
                        ))),
                        Some(_) => {}
                    }
                }
            }
        },
        None if recouvre && !existe("bag-info.txt") => {
            constats.push(Constat::Manquant("bag-info.txt".into()))
        }
        None => {}
    }

    if recouvre {
        let xml_octets = lus_tags.get(xml::NOM).and_then(|l| l.octets.as_deref());
        controler_profil(inv, &listes_tags, &lus_contenu, xml_octets, constats);
    }
    lus_tags.len() + lus_contenu.len()
}

/// What makes a bag a recouvre bundle: its five tag files and nothing else, all listed in the
/// tag manifest, and the XML manifest in agreement with the payload.
fn controler_profil(
    inv: &Inventaire,
    listes_tags: &BTreeSet<String>,
    lus_contenu: &BTreeMap<&str, Lu>,
    xml_octets: Option<&[u8]>,
    constats: &mut Vec<Constat>,
) {
    for chemin in inv.fichiers.keys().filter(|c| !c.starts_with("data/")) {
        if !TAGS_RECOUVRE.contains(&chemin.as_str()) {
            constats.push(Constat::EnTrop(chemin.clone()));
        }
    }
    for t in TAGS_RECOUVRE {
        if !inv.fichiers.contains_key(t) {
            constats.push(Constat::Manquant(t.into()));
        } else if t != "tagmanifest-sha256.txt" && !listes_tags.contains(t) {
            constats.push(Constat::Invalide(format!(
                "{t} absent de tagmanifest-sha256.txt"
            )));
        }
    }
    let Some(octets) = xml_octets else {
        return;
    };
    let entrees = match xml::lire(octets) {
        Ok(e) => e,
        Err(e) => {
            constats.push(Constat::Invalide(format!("{} : {e}", xml::NOM)));
            return;
        }
    };
    let mut declares = BTreeSet::new();
    for e in &entrees {
        if !declares.insert(e.fichier.as_str()) {
            constats.push(Constat::Invalide(format!(
                "{} : {} listé deux fois",
                xml::NOM,
                e.fichier
            )));
            continue;
        }
        if !inv.fichiers.contains_key(&e.fichier) {
            constats.push(Constat::Manquant(e.fichier.clone()));
            continue;
        }
        let Some(lu) = lus_contenu.get(e.fichier.as_str()) else {
            continue;
        };
        if lu.empreintes.get(&Algo::Sha256) != Some(&e.sha256.to_ascii_lowercase()) {
            constats.push(Constat::Altere {
                chemin: e.fichier.clone(),
                detail: format!("SHA-256 différent de celui de {}", xml::NOM),
            });
        } else if e.taille.is_some_and(|t| t != lu.taille) {
            constats.push(Constat::Altere {
                chemin: e.fichier.clone(),
                detail: format!("taille différente de celle de {}", xml::NOM),
            });
        }
    }
    for chemin in inv.fichiers.keys().filter(|c| c.starts_with("data/")) {
        if !declares.contains(chemin.as_str()) {
            constats.push(Constat::Altere {
                chemin: chemin.clone(),
                detail: format!("absent de {}", xml::NOM),
            });
        }
    }
}

/// Verifies a recouvre bundle: a `.zip` file or an unpacked folder.
pub fn verifier(chemin: &Path) -> Rapport {
    verifier_selon(chemin, Profil::Recouvre)
}

/// Verifies a bundle against `profil`.
pub fn verifier_selon(chemin: &Path, profil: Profil) -> Rapport {
    let mut constats = Vec::new();
    let nom = chemin.display();
    let source_inv = match std::fs::metadata(chemin) {
        Err(e) => {
            constats.push(Constat::Invalide(format!("{nom} : illisible ({e})")));
            None
        }
        Ok(m) if m.is_dir() => {
            let inv = lister_dossier(chemin, &mut constats);
            Some((Source::Dossier(chemin.to_path_buf()), inv))
        }
        Ok(m) if m.is_file() => match Zip::ouvrir(chemin) {
            Err(e) => {
                constats.push(Constat::Invalide(format!("{nom} : {e}")));
                None
            }
            Ok((zip, ecarts)) => {
                for e in ecarts {
                    constats.push(match e {
                        Ecart::Dangereux { chemin, motif } => Constat::Dangereux { chemin, motif },
                        Ecart::Illisible { chemin, motif } => {
                            Constat::Invalide(format!("{chemin} : {motif}"))
                        }
                    });
                }
                let inv = Inventaire {
                    fichiers: zip
                        .entrees
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (e.nom.clone(), Some(i)))
                        .collect(),
                    dossiers: zip.dossiers.clone(),
                };
                Some((Source::Zip(zip), inv))
            }
        },
        Ok(m) => {
            constats.push(Constat::Invalide(format!(
                "{nom} : {} : ni une archive ZIP ni un dossier ; rien n'a été lu",
                nature(m.file_type())
            )));
            None
        }
    };
    let mut fichiers = 0;
    if let Some((mut source, inv)) = source_inv {
        fichiers = controler(&mut source, &inv, profil, &mut constats);
    }
    constats.sort();
    constats.dedup();
    Rapport { fichiers, constats }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bag_declaration_is_read_to_the_letter() {
        let ok = |s: &str| lire_bagit_txt(s.as_bytes());
        assert_eq!(
            ok("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
            Ok(((1, 0), Encodage::Utf8))
        );
        assert_eq!(
            ok("BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-16"),
            Ok(((0, 97), Encodage::Utf16))
        );
        for faux in [
            "BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n",
            "BagIt-Version: 99.0\nTag-File-Character-Encoding: UTF-8\n",
            "BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n",
            "BagIt-Version: 1.0 \nTag-File-Character-Encoding: UTF-8\n",
            "BagIt-Version: 1.0\n",
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nX: y\n",
            "\u{FEFF}BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: KOI8-R\n",
            "BagIt-Version: 1.0\u{2028}Tag-File-Character-Encoding: UTF-8\n",
        ] {
            assert!(ok(faux).is_err(), "{faux:?}");
        }
    }

    #[test]
    fn bag_info_labels_follow_rfc_8493() {
        let e = lire_bag_info("Payload-Oxum: 3.1\nExternal-Description: a\n  b\n", true).unwrap();
        assert_eq!(e[0].valeur, "3.1");
        assert_eq!(e[1].valeur, "a b");
        assert!(lire_bag_info("Payload-Oxum : 3.1\n", true).is_err());
        assert!(lire_bag_info("Payload-Oxum:3.1\n", true).is_err());
        assert!(lire_bag_info("  suite\n", true).is_err());
        assert!(lire_bag_info("sans deux-points\n", true).is_err());
        // BagIt 0.97 was laxer (LoC conformance suite, uncommon-metadata-separators).
        let e = lire_bag_info("Test-Tag    :   5\n", false).unwrap();
        assert_eq!(
            (e[0].etiquette.as_str(), e[0].valeur.as_str()),
            ("Test-Tag", "5")
        );
        assert_eq!(lire_oxum("12.3"), Some((12, 3)));
        for faux in ["12", "12.", ".3", " 12.3", "12.3 ", "1a.3", "-1.2"] {
            assert_eq!(lire_oxum(faux), None, "{faux:?}");
        }
    }

    #[test]
    fn line_separators_other_readers_would_split_on_are_refused() {
        for c in [
            '\u{0B}', '\u{0C}', '\u{1C}', '\u{85}', '\u{2028}', '\u{2029}', '\u{1B}',
        ] {
            let t = format!("Source-Organization: A{c}Total-Reclame: 1 EUR\n");
            assert!(controler_caracteres(&t).is_err(), "{c:?}");
        }
        assert!(controler_caracteres("a\tb\r\nc\rd\n").is_ok());
    }

    #[test]
    fn manifest_paths_are_decoded_and_listed_once() {
        assert_eq!(chemin_de_manifeste("data/a%0Ab%25c%7E"), "data/a\nb%c%7E");
        assert_eq!(chemin_de_manifeste("./data/x"), "data/x");
        assert_eq!(chemin_de_manifeste("*data/x"), "data/x");
        assert_eq!(chemin_de_manifeste("data/%"), "data/%");
        let h = "a".repeat(64);
        let mut c = Vec::new();
        let m = lire_manifeste(
            "manifest-sha256.txt",
            &format!("{h}  data/x\n{h}  data/x\n{h} data/y\n"),
            Algo::Sha256,
            &mut c,
        );
        assert_eq!(m.len(), 2);
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].to_string().contains("listé deux fois"));
        let mut c = Vec::new();
        lire_manifeste("manifest-sha256.txt", "abc  data/x\n", Algo::Sha256, &mut c);
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn tag_files_decode_in_the_declared_encoding() {
        assert_eq!(decoder(b"caf\xe9", Encodage::Latin1).unwrap(), "café");
        assert_eq!(
            decoder(&[0xFF, 0xFE, b'a', 0], Encodage::Utf16).unwrap(),
            "a"
        );
        assert_eq!(
            decoder(&[0xFE, 0xFF, 0, b'a'], Encodage::Utf16).unwrap(),
            "a"
        );
        assert!(decoder(&[b'a', 0], Encodage::Utf16).is_err());
        assert!(decoder(b"caf\xe9", Encodage::Utf8).is_err());
    }
}

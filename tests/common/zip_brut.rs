//! A raw ZIP writer for hostile-archive tests: every record is written by hand, so a test can
//! set or break any field (counts, offsets, sizes, flags, hosts, attributes, extra fields),
//! insert bytes anywhere or write a second central directory, which no ZIP library allows.
//!
//! ```text
//! let mut a = Assembleur::default();
//! let o = a.local(&e);            // local header + data (+ descriptor), returns its offset
//! let cd = a.position();
//! a.centrale(&e, o);              // one central-directory record
//! a.fin(1, a.position() - cd, cd); // end record: entries, CD size, CD offset
//! ```

#![allow(dead_code)]

use std::io::Write;

/// One entry, with everything both of its records say about it.
#[derive(Clone, Debug)]
pub struct Entree {
    pub nom: Vec<u8>,
    /// Name in the local header when it differs from the central one.
    pub nom_local: Option<Vec<u8>>,
    pub methode: u16,
    pub drapeaux: u16,
    /// Local flags when they differ from the central ones.
    pub drapeaux_locaux: Option<u16>,
    /// "Version made by" high byte: 0 MS-DOS, 3 Unix, 11 NTFS, 19 OS X…
    pub hote: u8,
    pub externe: u32,
    pub crc: u32,
    /// Data as stored (compressed with `methode`).
    pub compresse: Vec<u8>,
    pub taille: u32,
    /// Local uncompressed size when it lies.
    pub taille_locale: Option<u32>,
    pub extra_local: Vec<u8>,
    pub extra_central: Vec<u8>,
    /// Write a data descriptor (flag bit 3, zero sizes in the local header).
    pub descripteur: bool,
}

pub fn crc32(octets: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(octets);
    c.sum()
}

pub fn deflate(octets: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(octets).unwrap();
    e.finish().unwrap()
}

impl Entree {
    /// A regular Unix file (mode 0644), deflated; a non-ASCII name has the UTF-8 flag.
    pub fn fichier(nom: &str, contenu: &[u8]) -> Self {
        Entree {
            nom: nom.as_bytes().to_vec(),
            nom_local: None,
            methode: 8,
            drapeaux: if nom.is_ascii() { 0 } else { 1 << 11 },
            drapeaux_locaux: None,
            hote: 3,
            externe: 0o100_644 << 16,
            crc: crc32(contenu),
            compresse: deflate(contenu),
            taille: contenu.len() as u32,
            taille_locale: None,
            extra_local: Vec::new(),
            extra_central: Vec::new(),
            descripteur: false,
        }
    }

    /// The same, stored without compression.
    pub fn stockee(nom: &str, contenu: &[u8]) -> Self {
        Entree {
            methode: 0,
            compresse: contenu.to_vec(),
            crc: crc32(contenu),
            taille: contenu.len() as u32,
            ..Entree::fichier(nom, b"")
        }
    }

    /// A symbolic link to `cible`, as `hote` would record it.
    pub fn lien(nom: &str, cible: &str, hote: u8) -> Self {
        Entree {
            hote,
            externe: 0o120_777 << 16,
            ..Entree::stockee(nom, cible.as_bytes())
        }
    }

    fn version(&self) -> u16 {
        (self.hote as u16) << 8 | 20
    }
}

/// Bytes written so far; each method appends one record.
#[derive(Default)]
pub struct Assembleur {
    pub octets: Vec<u8>,
}

fn u16le(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn u32le(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

impl Assembleur {
    pub fn position(&self) -> u32 {
        self.octets.len() as u32
    }

    pub fn brut(&mut self, b: &[u8]) -> &mut Self {
        self.octets.extend_from_slice(b);
        self
    }

    /// Local header, data and data descriptor; returns the header's offset.
    pub fn local(&mut self, e: &Entree) -> u32 {
        let o = self.position();
        let v = &mut self.octets;
        let nom = e.nom_local.as_ref().unwrap_or(&e.nom);
        let drapeaux =
            e.drapeaux_locaux.unwrap_or(e.drapeaux) | if e.descripteur { 1 << 3 } else { 0 };
        u32le(v, 0x0403_4b50);
        u16le(v, 20);
        u16le(v, drapeaux);
        u16le(v, e.methode);
        u16le(v, 0); // time
        u16le(v, 0x5c21); // date: 2026-01-01
        if e.descripteur {
            u32le(v, 0);
            u32le(v, 0);
            u32le(v, 0);
        } else {
            u32le(v, e.crc);
            u32le(v, e.compresse.len() as u32);
            u32le(v, e.taille_locale.unwrap_or(e.taille));
        }
        u16le(v, nom.len() as u16);
        u16le(v, e.extra_local.len() as u16);
        v.extend_from_slice(nom);
        v.extend_from_slice(&e.extra_local);
        v.extend_from_slice(&e.compresse);
        if e.descripteur {
            u32le(v, 0x0807_4b50);
            u32le(v, e.crc);
            u32le(v, e.compresse.len() as u32);
            u32le(v, e.taille_locale.unwrap_or(e.taille));
        }
        o
    }

    /// One central-directory record for `e`, whose local header is at `local`.
    pub fn centrale(&mut self, e: &Entree, local: u32) -> &mut Self {
        let v = &mut self.octets;
        u32le(v, 0x0201_4b50);
        u16le(v, e.version());
        u16le(v, 20);
        u16le(v, e.drapeaux | if e.descripteur { 1 << 3 } else { 0 });
        u16le(v, e.methode);
        u16le(v, 0);
        u16le(v, 0x5c21);
        u32le(v, e.crc);
        u32le(v, e.compresse.len() as u32);
        u32le(v, e.taille);
        u16le(v, e.nom.len() as u16);
        u16le(v, e.extra_central.len() as u16);
        u16le(v, 0); // comment
        u16le(v, 0); // disk
        u16le(v, 0); // internal attributes
        u32le(v, e.externe);
        u32le(v, local);
        v.extend_from_slice(&e.nom);
        v.extend_from_slice(&e.extra_central);
        self
    }

    /// End of central directory record.
    pub fn fin(&mut self, entrees: u16, taille_cd: u32, debut_cd: u32) -> &mut Self {
        self.fin_commentee(entrees, taille_cd, debut_cd, b"")
    }

    pub fn fin_commentee(
        &mut self,
        entrees: u16,
        taille_cd: u32,
        debut_cd: u32,
        commentaire: &[u8],
    ) -> &mut Self {
        let v = &mut self.octets;
        u32le(v, 0x0605_4b50);
        u16le(v, 0);
        u16le(v, 0);
        u16le(v, entrees);
        u16le(v, entrees);
        u32le(v, taille_cd);
        u32le(v, debut_cd);
        u16le(v, commentaire.len() as u16);
        v.extend_from_slice(commentaire);
        self
    }

    /// ZIP64 end of central directory record and its locator (APPNOTE 4.3.14-15).
    pub fn fin64(&mut self, entrees: u64, taille_cd: u64, debut_cd: u64) -> &mut Self {
        let o = self.octets.len() as u64;
        let v = &mut self.octets;
        u32le(v, 0x0606_4b50);
        v.extend_from_slice(&44u64.to_le_bytes());
        u16le(v, 45);
        u16le(v, 45);
        u32le(v, 0);
        u32le(v, 0);
        v.extend_from_slice(&entrees.to_le_bytes());
        v.extend_from_slice(&entrees.to_le_bytes());
        v.extend_from_slice(&taille_cd.to_le_bytes());
        v.extend_from_slice(&debut_cd.to_le_bytes());
        u32le(v, 0x0706_4b50);
        u32le(v, 0);
        v.extend_from_slice(&o.to_le_bytes());
        u32le(v, 1);
        self
    }
}

/// A well-formed archive of `entrees`, in order.
pub fn zip(entrees: &[Entree]) -> Vec<u8> {
    let mut a = Assembleur::default();
    let offsets: Vec<u32> = entrees.iter().map(|e| a.local(e)).collect();
    let cd = a.position();
    for (e, o) in entrees.iter().zip(&offsets) {
        a.centrale(e, *o);
    }
    let taille = a.position() - cd;
    a.fin(entrees.len() as u16, taille, cd);
    a.octets
}

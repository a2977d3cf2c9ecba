//! `recouvre verify` accepts only archives every reader sees the same way, and is at least as
//! strict as BagIt (issue 9, points 4, 7-11, 20 and the FIFO): each hostile archive is built
//! here, byte by byte, with the raw writer of `common/zip_brut.rs`, from a real bundle, and
//! `verify` must exit 1 naming the problem — under a 1 GiB address-space limit and a timeout.
//! The Library of Congress BagIt conformance suite (`../shared/corpus/bagit-conformance`)
//! checks the BagIt layer against third-party cases.

mod common;

use common::zip_brut::{self, crc32, Assembleur, Entree};
use common::{racine, recouvre};

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

type Fichiers = BTreeMap<String, Vec<u8>>;

fn sha256(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// The commissaire bundle of `fixtures/exemple`, built once: (its folder, zip path, files).
fn bundle() -> &'static (tempfile::TempDir, PathBuf, Fichiers) {
    static B: OnceLock<(tempfile::TempDir, PathBuf, Fichiers)> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (code, _, err) = recouvre(&[
            "build",
            "fixtures/exemple/dossier.toml",
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let zip = dir.path().join("2026-0042/2026-0042-commissaire.zip");
        let mut a = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
        let mut fichiers = Fichiers::new();
        for i in 0..a.len() {
            let mut e = a.by_index(i).unwrap();
            let mut v = Vec::new();
            e.read_to_end(&mut v).unwrap();
            fichiers.insert(e.name().unwrap().into_owned(), v);
        }
        (dir, zip, fichiers)
    })
}

fn fichiers() -> Fichiers {
    bundle().2.clone()
}

/// Recomputes `tagmanifest-sha256.txt` after a tag file was edited: the attacker re-seals
/// the bag, so only the rule under test can catch the edit.
fn resceller(f: &mut Fichiers) {
    let mut t = String::new();
    for (nom, octets) in f.iter() {
        if !nom.contains('/') && nom != "tagmanifest-sha256.txt" {
            t.push_str(&format!("{}  {nom}\n", sha256(octets)));
        }
    }
    f.insert("tagmanifest-sha256.txt".into(), t.into_bytes());
}

fn entrees(f: &Fichiers) -> Vec<Entree> {
    f.iter().map(|(n, b)| Entree::fichier(n, b)).collect()
}

/// Writes `octets` into a fresh folder and runs `recouvre verify [options] <file>` under a
/// 1 GiB address-space limit and a 120 s timeout: (exit code, stdout + stderr).
fn verifier_octets(octets: &[u8], options: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bundle.zip");
    std::fs::write(&p, octets).unwrap();
    verifier_chemin(&p, options)
}

fn verifier_chemin(p: &Path, options: &[&str]) -> (i32, String) {
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1048576; exec timeout 120 '{}' verify {} '{}'",
            env!("CARGO_BIN_EXE_recouvre"),
            options.join(" "),
            p.display()
        ))
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
    )
}

fn refuse(octets: &[u8], attendu: &str) -> String {
    let (code, out) = verifier_octets(octets, &[]);
    assert_eq!(code, 1, "exit 1 attendu pour « {attendu} » :\n{out}");
    assert!(out.contains(attendu), "« {attendu} » absent de :\n{out}");
    out
}

/// What Python's zipfile sees: `SHA <sha256 of nom>` and `NOMS <namelist>`, or its error.
fn python_lit(octets: &[u8], nom: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.zip");
    std::fs::write(&p, octets).unwrap();
    let o = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys,zipfile,hashlib\ntry:\n z=zipfile.ZipFile(sys.argv[1])\n \
             print('NOMS', z.namelist())\n print('SHA', hashlib.sha256(z.read(sys.argv[2])).hexdigest())\n\
             except Exception as e:\n print('ERREUR', e)",
        )
        .arg(&p)
        .arg(nom)
        .output()
        .expect("python3");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes the files of a bag into a folder.
fn dossier_de(f: &Fichiers) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (n, b) in f {
        let p = dir.path().join(n);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b).unwrap();
    }
    dir
}

const FACTURE: &str = "data/pieces/03-facture-F-2026-0101.pdf";
const DECOMPTE: &str = "data/documents/02-decompte.pdf";

/// The raw writer itself is sound, and `verify` is not stricter than it must be: the real
/// bundle rewritten with stored entries, data descriptors, an MS-DOS host and a timestamp
/// extra field still verifies, and Python reads it.
#[test]
fn a_faithful_rewrite_of_a_real_bundle_verifies() {
    let f = fichiers();
    let mut v = entrees(&f);
    for (i, e) in v.iter_mut().enumerate() {
        match i % 4 {
            0 => {
                *e = Entree::stockee(
                    std::str::from_utf8(&e.nom).unwrap(),
                    &f[std::str::from_utf8(&e.nom).unwrap()],
                )
            }
            1 => e.descripteur = true,
            2 => {
                e.hote = 0;
                e.externe = 0x20;
            }
            _ => {
                e.extra_local = vec![0x55, 0x54, 5, 0, 1, 0, 0, 0, 0];
                e.extra_central = vec![0x55, 0x54, 5, 0, 1, 0, 0, 0, 0];
            }
        }
    }
    let z = zip_brut::zip(&v);
    let (code, out) = verifier_octets(&z, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("intact (15 fichiers vérifiés)"), "{out}");
    assert!(
        python_lit(&z, "bagit.txt").contains(&format!("SHA {}", sha256(&f["bagit.txt"]))),
        "Python reads the rewrite"
    );
    // And the bundle recouvre wrote, as a file and unpacked.
    let (code, out) = verifier_chemin(&bundle().1, &[]);
    assert_eq!(code, 0, "{out}");
    let d = dossier_de(&f);
    let (code, out) = verifier_chemin(d.path(), &[]);
    assert_eq!(code, 0, "{out}");
}

/// Point 4: 4 096 root entries of 1 MiB of zeros (4 GiB inflated, a few MB on disk) and an
/// oversized tag file are refused without holding them: the verifier runs under a 1 GiB
/// address-space limit.
#[test]
fn root_entries_and_tag_files_never_fill_memory() {
    let zeros = vec![0u8; 1024 * 1024];
    let modele = Entree::fichier("x", &zeros);
    let mut v = entrees(&fichiers());
    for i in 0..4096 {
        let mut e = modele.clone();
        e.nom = format!("zero-{i:04}.bin").into_bytes();
        v.push(e);
    }
    let z = zip_brut::zip(&v);
    assert!(z.len() < 16 * 1024 * 1024, "{}", z.len());
    let out = refuse(&z, "en trop : zero-0000.bin");
    assert!(out.contains("en trop : zero-4095.bin"), "{out}");
    // The same in any BagIt bag: tag files nobody lists are not read at all.
    let (code, out) = verifier_octets(&z, &["--bagit"]);
    assert_eq!(
        code, 0,
        "un sac BagIt peut porter d'autres fichiers de tags : {out}"
    );

    // A 9 MiB bag-info.txt (stored: no compression ratio to catch), re-sealed.
    let mut f = fichiers();
    let mut gros = f["bag-info.txt"].clone();
    let mut x = 1u32;
    while gros.len() < 9 * 1024 * 1024 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        gros.extend_from_slice(format!("X-Bruit-{x:08x}: {x}\n").as_bytes());
    }
    f.insert("bag-info.txt".into(), gros);
    resceller(&mut f);
    let v: Vec<Entree> = f.iter().map(|(n, b)| Entree::stockee(n, b)).collect();
    refuse(
        &zip_brut::zip(&v),
        "bag-info.txt : trop volumineux pour un fichier de métadonnées",
    );
}

/// Point 7: the end record announces 15 entries, the central directory holds 16: Python
/// extracts the hidden one. Refused, and so is a hidden record between the central
/// directory and the end record.
#[test]
fn the_central_directory_must_agree_with_the_end_record() {
    let v = entrees(&fichiers());
    let cachee = Entree::fichier("data/pieces/99-cachee.pdf", b"%PDF-1.4 cachee");
    let mut a = Assembleur::default();
    let mut o: Vec<u32> = v.iter().map(|e| a.local(e)).collect();
    o.push(a.local(&cachee));
    let cd = a.position();
    for (e, o) in v.iter().chain([&cachee]).zip(&o) {
        a.centrale(e, *o);
    }
    let t = a.position() - cd;
    a.fin(15, t, cd);
    let z = a.octets.clone();
    assert!(
        python_lit(&z, "data/pieces/99-cachee.pdf")
            .contains(&format!("SHA {}", sha256(b"%PDF-1.4 cachee"))),
        "the attack: Python extracts the hidden entry"
    );
    refuse(&z, "plus d'entrées que les 15 annoncées");

    // Hidden central record after the announced directory.
    let mut a = Assembleur::default();
    let mut o: Vec<u32> = v.iter().map(|e| a.local(e)).collect();
    o.push(a.local(&cachee));
    let cd = a.position();
    for (e, o) in v.iter().zip(&o) {
        a.centrale(e, *o);
    }
    let t = a.position() - cd;
    a.centrale(&cachee, o[15]);
    a.fin(15, t, cd);
    refuse(
        &a.octets,
        "octets non comptés entre le répertoire central et la fin d'archive",
    );
    // More entries announced than present.
    let z = zip_brut::zip(&v);
    let mut faux = z.clone();
    let n = faux.len();
    faux[n - 12..n - 10].copy_from_slice(&16u16.to_le_bytes());
    faux[n - 14..n - 12].copy_from_slice(&16u16.to_le_bytes());
    refuse(
        &faux,
        "la fin d'archive annonce 16 entrées, le répertoire central en contient 15",
    );
}

/// Point 8: a ZIP64 locator pointing to a second central directory where
/// `02-decompte.pdf` is another file: Python reads « EVIL », `verify` hashed the honest one.
/// recouvre never writes ZIP64: any ZIP64 record, locator or field is refused.
#[test]
fn a_zip64_locator_to_a_second_directory_is_refused() {
    let v = entrees(&fichiers());
    let evil = Entree::fichier(DECOMPTE, b"%PDF-1.4 EVIL total 999 999,99 EUR");
    let mut a = Assembleur::default();
    let o: Vec<u32> = v.iter().map(|e| a.local(e)).collect();
    let o_evil = a.local(&evil);
    let cd1 = a.position();
    for (e, o) in v.iter().zip(&o) {
        a.centrale(e, *o);
    }
    let t1 = a.position() - cd1;
    let cd2 = a.position();
    for (e, o) in v.iter().zip(&o) {
        if e.nom == DECOMPTE.as_bytes() {
            a.centrale(&evil, o_evil);
        } else {
            a.centrale(e, *o);
        }
    }
    let t2 = a.position() - cd2;
    a.fin64(15, t2 as u64, cd2 as u64);
    a.fin(15, t1, cd1);
    let python = python_lit(&a.octets, DECOMPTE);
    assert!(
        !python.contains(&format!("SHA {}", sha256(&fichiers()[DECOMPTE]))),
        "the attack: Python does not read the file verify would hash ({python})"
    );
    refuse(&a.octets, "archive ZIP64");

    // A ZIP64 extra field or saturated fields are refused just the same.
    let mut v2 = v.clone();
    v2[3].extra_central = vec![1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    v2[3].extra_local = v2[3].extra_central.clone();
    refuse(&zip_brut::zip(&v2), "ZIP64");
    let mut z = zip_brut::zip(&v);
    let n = z.len();
    z[n - 6..n - 2].copy_from_slice(&u32::MAX.to_le_bytes());
    refuse(&z, "archive ZIP64");
}

/// Point 9: local headers are compared with the central directory, and every byte before
/// the central directory belongs to exactly one entry.
#[test]
fn local_headers_must_match_and_every_byte_is_accounted_for() {
    let f = fichiers();
    let v = entrees(&f);
    let i = v.iter().position(|e| e.nom == FACTURE.as_bytes()).unwrap();
    let avec = |modif: &dyn Fn(&mut Entree)| {
        let mut v = v.clone();
        modif(&mut v[i]);
        zip_brut::zip(&v)
    };
    refuse(
        &avec(&|e| e.nom_local = Some(b"../../evil-recouvre.pdf".to_vec())),
        "nom local « ../../evil-recouvre.pdf »",
    );
    refuse(
        &avec(&|e| e.taille_locale = Some(e.taille + 100)),
        "diffèrent (CRC ou tailles)",
    );
    refuse(
        &avec(&|e| e.drapeaux_locaux = Some(1)),
        "diffèrent (drapeaux)",
    );
    refuse(
        &avec(&|e| e.drapeaux = 1),
        "03-facture-F-2026-0101.pdf : entrée chiffrée",
    );
    refuse(
        &avec(&|e| {
            e.descripteur = true;
            e.taille_locale = Some(e.taille + 1);
        }),
        "diffèrent (descripteur de données)",
    );
    refuse(
        &avec(&|e| e.compresse.extend_from_slice(b"JUNK")),
        "flux compressé terminé avant la fin des données déclarées",
    );
    refuse(
        &avec(&|e| {
            let mut x = vec![0x75, 0x70, 0, 0, 1];
            x.extend_from_slice(&crc32(FACTURE.as_bytes()).to_le_bytes());
            x.extend_from_slice(b"data/evil.pdf");
            x[2] = (x.len() - 4) as u8;
            e.extra_central = x;
        }),
        "champ 0x7075 (nom Unicode)",
    );
    refuse(
        &avec(&|e| {
            e.nom = "data/pièce.pdf".as_bytes().to_vec();
            e.drapeaux = 0;
        }),
        "CP437",
    );

    // A shadow second copy in front of the real entry, absent from the central directory.
    let mut a = Assembleur::default();
    let mut o = Vec::new();
    for (j, e) in v.iter().enumerate() {
        if j == i {
            a.local(&Entree::fichier(FACTURE, b"%PDF-1.4 ombre"));
        }
        o.push(a.local(e));
    }
    let cd = a.position();
    for (e, o) in v.iter().zip(&o) {
        a.centrale(e, *o);
    }
    let t = a.position() - cd;
    a.fin(15, t, cd);
    refuse(
        &a.octets,
        "octets non comptés avant l'entrée data/pieces/03-facture",
    );

    // A prefix before the first entry (self-extractor stub, or another archive).
    let mut a = Assembleur::default();
    a.brut(b"MZ\x90\x00 stub");
    let o: Vec<u32> = v.iter().map(|e| a.local(e)).collect();
    let cd = a.position();
    for (e, o) in v.iter().zip(&o) {
        a.centrale(e, *o);
    }
    let t = a.position() - cd;
    a.fin(15, t, cd);
    refuse(&a.octets, "octets non comptés avant l'entrée bag-info.txt");

    // An entry whose bytes lie inside another (stored) entry's data.
    let interne = Entree::stockee("data/pieces/98-interne.pdf", b"%PDF-1.4 interne");
    let mut b = Assembleur::default();
    b.local(&interne);
    let externe = Entree::stockee("data/pieces/97-externe.bin", &b.octets);
    let mut a = Assembleur::default();
    let mut o: Vec<u32> = v.iter().map(|e| a.local(e)).collect();
    let o_ext = a.local(&externe);
    o.push(o_ext);
    o.push(o_ext + 30 + externe.nom.len() as u32);
    let cd = a.position();
    for (e, o) in v.iter().chain([&externe, &interne]).zip(&o) {
        a.centrale(e, *o);
    }
    let t = a.position() - cd;
    a.fin(17, t, cd);
    refuse(&a.octets, "chevauche la précédente");

    // Bytes after the end record, and a signature hidden in the archive comment.
    let mut z = zip_brut::zip(&v);
    z.extend_from_slice(b"xx");
    refuse(&z, "fin d'archive incohérente");
    let z = zip_brut::zip(&v);
    let mut a = Assembleur {
        octets: z[..z.len() - 22].to_vec(),
    };
    let n = z.len();
    let (t, cd) = (
        u32::from_le_bytes(z[n - 10..n - 6].try_into().unwrap()),
        u32::from_le_bytes(z[n - 6..n - 2].try_into().unwrap()),
    );
    a.fin_commentee(15, t, cd, b"PK\x01\x02 second repertoire");
    refuse(
        &a.octets,
        "commentaire d'archive contenant une signature ZIP",
    );

    // Two names a case-insensitive file system would merge.
    let mut v2 = v.clone();
    v2.push(Entree::fichier(
        "data/pieces/03-FACTURE-F-2026-0101.pdf",
        b"%PDF autre",
    ));
    refuse(
        &zip_brut::zip(&v2),
        "à la casse ou à la normalisation Unicode près",
    );

    // A name carrying a terminal escape: refused, and never printed raw.
    let mut v2 = v.clone();
    v2.push(Entree::fichier("data/\u{1b}[31mrouge.pdf", b"%PDF"));
    let out = refuse(
        &zip_brut::zip(&v2),
        "caractère de contrôle ou de fin de ligne dans le nom",
    );
    assert!(
        !out.contains('\u{1b}') && out.contains("data/\\u{1b}[31mrouge.pdf"),
        "{out}"
    );
}

/// Point 10: a link is refused whatever the host that made it (unzip honours Unix modes
/// from MS-DOS, NTFS or OS X hosts too), as are NTFS reparse points and special files.
#[test]
fn links_and_special_files_are_refused_for_every_host() {
    let v = entrees(&fichiers());
    for hote in [0u8, 3, 11, 19] {
        let mut v2 = v.clone();
        v2.push(Entree::lien("data/pieces/lien.pdf", "/etc/passwd", hote));
        let out = refuse(
            &zip_brut::zip(&v2),
            "data/pieces/lien.pdf : lien symbolique",
        );
        assert!(out.contains("dangereux"), "hôte {hote} : {out}");
    }
    let mut v2 = v.clone();
    let mut e = Entree::stockee("data/pieces/lien.pdf", b"C:\\Windows");
    e.hote = 11;
    e.externe = 0x400 | 0x20;
    v2.push(e);
    refuse(
        &zip_brut::zip(&v2),
        "lien symbolique (point d'analyse NTFS)",
    );
    let mut v2 = v.clone();
    let mut e = Entree::stockee("data/pieces/tube", b"");
    e.externe = 0o010_644 << 16;
    v2.push(e);
    refuse(&zip_brut::zip(&v2), "fichier spécial (type Unix 0o10000)");
}

/// Point 11: `verify` is at least as strict as BagIt, in a ZIP and unpacked — each edit
/// re-sealed in the tag manifest, so only the rule can catch it.
#[test]
fn verify_is_at_least_as_strict_as_bagit() {
    let edite = |quoi: &str, modif: &dyn Fn(&mut Fichiers)| {
        let mut f = fichiers();
        modif(&mut f);
        resceller(&mut f);
        (quoi.to_owned(), f)
    };
    let texte = |f: &Fichiers, n: &str| String::from_utf8(f[n].clone()).unwrap();
    let cas = [
        edite("data/dossier.json listé deux fois", &|f| {
            let m = texte(f, "manifest-sha256.txt");
            let l = m
                .lines()
                .find(|l| l.ends_with("data/dossier.json"))
                .unwrap();
            f.insert(
                "manifest-sha256.txt".into(),
                format!("{m}{l}\n").into_bytes(),
            );
        }),
        edite(
            "l'étiquette « Payload-Oxum  » finit par une espace",
            &|f| {
                let t = texte(f, "bag-info.txt").replace("Payload-Oxum:", "Payload-Oxum :");
                f.insert("bag-info.txt".into(), t.into_bytes());
            },
        ),
        edite("Payload-Oxum répété", &|f| {
            let t = texte(f, "bag-info.txt") + "Payload-Oxum: 1.1\n";
            f.insert("bag-info.txt".into(), t.into_bytes());
        }),
        edite("BagIt-Version « 99.0 » inconnue", &|f| {
            let t = texte(f, "bagit.txt").replace("1.0", "99.0");
            f.insert("bagit.txt".into(), t.into_bytes());
        }),
        edite("U+000B interdit en XML 1.0", &|f| {
            let t = texte(f, "manifest-dossier.xml")
                .replace("titre=\"Contrat", "titre=\"Con\u{0B}trat");
            assert!(t.contains('\u{0B}'));
            f.insert("manifest-dossier.xml".into(), t.into_bytes());
        }),
        edite(
            "bag-info.txt : ligne 1 : caractère U+2028 interdit",
            &|f| {
                let t =
                    texte(f, "bag-info.txt").replacen("\n", "\u{2028}Total-Reclame: 1.00 EUR\n", 1);
                f.insert("bag-info.txt".into(), t.into_bytes());
            },
        ),
        edite(
            "data/documents/02-decompte.pdf absent de manifest-sha512.txt",
            &|f| {
                let mut m = String::new();
                for (n, b) in f
                    .iter()
                    .filter(|(n, _)| n.starts_with("data/") && *n != DECOMPTE)
                {
                    m.push_str(&format!("{}  {n}\n", sha512(b)));
                }
                f.insert("manifest-sha512.txt".into(), m.into_bytes());
            },
        ),
        edite(
            "manifest-md6.txt : algorithme « md6 » non pris en charge",
            &|f| {
                f.insert("manifest-md6.txt".into(), b"".to_vec());
            },
        ),
    ];
    for (attendu, f) in &cas {
        refuse(&zip_brut::zip(&entrees(f)), attendu);
        let d = dossier_de(f);
        let (code, out) = verifier_chemin(d.path(), &["--bagit"]);
        if attendu.contains("XML") {
            // The XML manifest belongs to the recouvre profile, not to BagIt.
            assert_eq!(code, 0, "{out}");
            let (code, out) = verifier_chemin(d.path(), &[]);
            assert_eq!(code, 1, "{out}");
            assert!(out.contains(attendu.as_str()), "{attendu} : {out}");
        } else {
            assert_eq!(code, 1, "{attendu} (dossier, --bagit) : {out}");
            assert!(
                out.contains(attendu.as_str()),
                "{attendu} (dossier) : {out}"
            );
        }
    }
}

fn sha512(b: &[u8]) -> String {
    sha2::Sha512::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn corpus() -> PathBuf {
    // `../shared` beside the repository (the main checkout), or two levels up from a worktree.
    for c in ["../shared", "../../shared"] {
        let p = racine().join(c).join("corpus/bagit-conformance");
        if p.is_dir() {
            return p;
        }
    }
    panic!(
        "corpus absent : {} (le dépôt attend shared/ à côté de lui)",
        racine()
            .join("../shared/corpus/bagit-conformance")
            .display()
    );
}

/// Every file of a folder, relative, sorted.
fn lister(dir: &Path) -> Fichiers {
    let mut f = Fichiers::new();
    let mut pile = vec![dir.to_path_buf()];
    while let Some(d) = pile.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                pile.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
                f.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    f
}

/// The Library of Congress BagIt conformance suite: every valid bag passes `verify --bagit`,
/// every invalid one fails for its own reason, unpacked and zipped alike (and fails as a
/// recouvre bundle too). Cases the suite only warns about are refused when the LoC validator
/// refuses them, or stricter.
#[test]
fn bagit_conformance_suite() {
    let c = corpus();
    let mut attendus: Vec<(String, Option<&str>)> = Vec::new();
    for version in ["v0.97", "v1.0"] {
        let valides = c.join(version).join("valid");
        for e in std::fs::read_dir(&valides).unwrap() {
            let n = e.unwrap().file_name().into_string().unwrap();
            attendus.push((format!("{version}/valid/{n}"), None));
        }
    }
    let invalides: [(&str, &str); 34] = [
        (
            "v1.0/invalid/bagit-with-invalid-whitespace",
            "« BagIt-Version: M.N » attendu, à la lettre",
        ),
        (
            "v1.0/invalid/notAllManifestsListAllFiles",
            "en trop : data/missingFromManifest.txt",
        ),
        (
            "v1.0/invalid/same-filename-listed-twice-with-different-hashes",
            "data/README listé deux fois",
        ),
        (
            "v1.0/invalid/same-filename-listed-twice-with-the-same-hash",
            "data/README listé deux fois",
        ),
        (
            "v0.97/invalid/baginfo-missing-encoding",
            "bagit.txt : 1 ligne(s) : exactement deux",
        ),
        (
            "v0.97/invalid/bom-in-bagit.txt",
            "bagit.txt : marque d'ordre des octets (BOM)",
        ),
        ("v0.97/invalid/corrupt-data-file", "altéré : data/"),
        (
            "v0.97/invalid/corrupt-tag-file",
            "MD5 différent de celui de tagmanifest-md5.txt",
        ),
        ("v0.97/invalid/extra-file-in-bag", "en trop : data/bar"),
        (
            "v0.97/invalid/invalid-version-number",
            "BagIt-Version « .97 » inconnue",
        ),
        ("v0.97/invalid/missing-baginfo", "manquant : bag-info.txt"),
        ("v0.97/invalid/missing-bagit.txt", "manquant : bagit.txt"),
        (
            "v0.97/invalid/out-of-scope-file-paths-using-dot-notation",
            "dangereux : ../../../README.md",
        ),
        (
            "v0.97/invalid/out-of-scope-file-paths-using-dot-notation-for-fetch",
            "../../../README.md : chemin hors de data/ dans fetch.txt",
        ),
        (
            "v0.97/invalid/same-filename-listed-twice-with-different-hashes",
            "data/README listé deux fois",
        ),
        (
            "v0.97/linux-only/out-of-scope-file-paths-using-absolute-path",
            "dangereux : /tmp/foo",
        ),
        (
            "v0.97/linux-only/out-of-scope-file-paths-using-absolute-path-for-fetch",
            "dangereux : /tmp/test.txt",
        ),
        (
            "v0.97/linux-only/out-of-scope-file-paths-using-shortcut",
            "dangereux : ~/foo",
        ),
        (
            "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-for-fetch",
            "dangereux : ~/test.txt",
        ),
        (
            "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username",
            "dangereux : ~root/foo",
        ),
        (
            "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username-for-fetch",
            "dangereux : ~root/foo : chemin hors de data/ dans fetch.txt",
        ),
        (
            "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path",
            "dangereux : C:\\Windows",
        ),
        (
            "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path-for-fetch",
            "dangereux : C:\\Windows",
        ),
        (
            "v0.97/windows-only/out-of-scope-file-paths-using-shortcut",
            "dangereux : %HomeDrive%",
        ),
        (
            "v0.97/windows-only/out-of-scope-file-paths-using-shortcut-for-fetch",
            "dangereux : %HomeDrive%",
        ),
        (
            "v0.97/windows-only/out-of-scope-file-paths-using-unc",
            "dangereux : \\\\?\\UNC",
        ),
        (
            "v0.97/windows-only/out-of-scope-file-paths-using-unc-for-fetch",
            "dangereux : \\\\?\\UNC",
        ),
        // Warnings for the suite: refused here as by the LoC validator, or stricter (a file
        // listed twice is invalid in BagIt 1.0).
        (
            "v0.97/warning/duplicate-file-with-different-case",
            "manquant : data/HELLO.txt",
        ),
        (
            "v0.97/warning/same-filename-listed-twice-with-different-normalization",
            "manquant : data/N",
        ),
        (
            "v0.97/warning/same-filename-listed-twice-with-the-same-hash",
            "data/README listé deux fois",
        ),
        (
            "v0.97/warning/special-system-files",
            "manquant : data/.DS_Store",
        ),
        // Accepted with a warning by the LoC validator; unusual but not wrong.
        ("v0.97/warning/made-with-md5sum-tools", ""),
        ("v0.97/warning/relative-path", ""),
        ("v1.0/valid/basicBag", ""),
    ];
    for (cas, attendu) in invalides {
        attendus.retain(|(c, _)| c != cas);
        attendus.push((cas.to_owned(), (!attendu.is_empty()).then_some(attendu)));
    }
    let mut vus = 0;
    for (cas, attendu) in &attendus {
        let dir = c.join(cas);
        assert!(dir.is_dir(), "{}", dir.display());
        let zip = zip_brut::zip(
            &lister(&dir)
                .iter()
                .map(|(n, b)| Entree::fichier(n, b))
                .collect::<Vec<_>>(),
        );
        for (forme, (code, out)) in [
            ("dossier", verifier_chemin(&dir, &["--bagit"])),
            ("zip", verifier_octets(&zip, &["--bagit"])),
        ] {
            match attendu {
                None => assert_eq!(code, 0, "{cas} ({forme}) valide :\n{out}"),
                Some(a) => {
                    assert_eq!(code, 1, "{cas} ({forme}) invalide :\n{out}");
                    assert!(
                        out.contains(a),
                        "{cas} ({forme}) : « {a} » absent de\n{out}"
                    );
                }
            }
        }
        // No third-party bag is a recouvre bundle.
        let (code, out) = verifier_chemin(&dir, &[]);
        assert_eq!(code, 1, "{cas} (profil recouvre) :\n{out}");
        vus += 1;
    }
    assert!(vus >= 45, "{vus} cas seulement");
}

/// Point 20 (writer side): a line separator in the creditor's name cannot forge a
/// `bag-info.txt` field, a vertical tab in an exhibit title cannot break the XML manifest.
/// The bundle is built through the library (validation may refuse such data at `check`;
/// the writer must be safe on its own), then read by the LoC validator, Python's XML parser
/// and `verify`.
#[test]
fn case_data_cannot_forge_tag_fields_or_break_the_xml() {
    use recouvre::bundle::{bundles, Versions};
    use recouvre::ingest::{analyser, Format};
    use recouvre::law::{calculer, TablesLoi};
    use recouvre::model::PieceLue;

    let cas =
        std::fs::read_to_string(racine().join("fixtures/b2b-paiements-partiels/dossier.toml"))
            .unwrap();
    let mut dossier = analyser(cas.as_bytes(), Format::Toml).unwrap();
    dossier.creancier.denomination = Some("ACME\u{2028}Total-Reclame: 1.00 EUR".into());
    dossier.mandataire = None;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let tables = TablesLoi::embarquees().unwrap();
    let decompte = calculer(&dossier, date, &tables).unwrap().decompte;
    let octets = b"%PDF-1.4 contrat".to_vec();
    let piece = PieceLue {
        numero: 1,
        titre: "Contrat\u{0B} du 10 janvier 2025\u{1B}[31m".into(),
        date: None,
        chemin: "pieces/contrat.pdf".into(),
        taille: octets.len() as u64,
        sha256: sha256(&octets),
        pages: None,
        source: "pieces[0].fichier".into(),
        octets: octets.into(),
    };
    let versions = Versions {
        recouvre: "test".into(),
        lois: "test".into(),
        modeles: "test".into(),
    };
    let zips = bundles(&dossier, &decompte, &[], &[piece], date, &versions).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (nom, z) in &zips {
        let p = dir.path().join(nom);
        std::fs::write(&p, z).unwrap();
        let (code, out) = verifier_chemin(&p, &[]);
        assert_eq!(code, 0, "{nom} : {out}");
        let x = dir.path().join(format!("{nom}.d"));
        let o = Command::new("unzip")
            .arg("-q")
            .arg(&p)
            .arg("-d")
            .arg(&x)
            .output()
            .unwrap();
        assert!(o.status.success(), "{o:?}");
        let o = Command::new("python3")
            .arg("-c")
            .arg(
                "import sys, bagit, xml.etree.ElementTree as ET\n\
                 b = bagit.Bag(sys.argv[1]); b.validate()\n\
                 t = b.info['Total-Reclame']\n\
                 assert isinstance(t, str), t\n\
                 lignes = open(sys.argv[1] + '/bag-info.txt', encoding='utf-8').read().splitlines()\n\
                 assert sum(l.startswith('Total-Reclame') for l in lignes) == 1, lignes\n\
                 r = ET.parse(sys.argv[1] + '/manifest-dossier.xml').getroot()\n\
                 print('OK', t, [e.get('titre') for e in r])",
            )
            .arg(&x)
            .output()
            .unwrap();
        let out =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success() && out.starts_with("OK"), "{nom} : {out}");
        let info = std::fs::read_to_string(x.join("bag-info.txt")).unwrap();
        assert!(
            info.contains("Source-Organization: ACME Total-Reclame: 1.00 EUR\n"),
            "{info}"
        );
        let xml = std::fs::read_to_string(x.join("manifest-dossier.xml")).unwrap();
        assert!(
            xml.contains("titre=\"Contrat  du 10 janvier 2025 [31m\""),
            "{xml}"
        );
    }
}

/// A FIFO is never opened (it would block forever): named for what it is, not
/// « introuvable », as the bundle or inside an unpacked bag; a missing path is « introuvable ».
#[test]
fn fifos_are_named_and_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let tube = dir.path().join("tube.zip");
    assert!(Command::new("mkfifo")
        .arg(&tube)
        .status()
        .unwrap()
        .success());
    let (code, out) = verifier_chemin(&tube, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("tube nommé (FIFO) : ni une archive ZIP ni un dossier"),
        "{out}"
    );
    assert!(!out.contains("introuvable"), "{out}");

    let sac = dossier_de(&fichiers());
    assert!(Command::new("mkfifo")
        .arg(sac.path().join("data/pieces/tube.pdf"))
        .status()
        .unwrap()
        .success());
    let (code, out) = verifier_chemin(sac.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("dangereux : data/pieces/tube.pdf : tube nommé (FIFO)"),
        "{out}"
    );
    // The tag files are regular files too.
    let sac = dossier_de(&fichiers());
    std::fs::remove_file(sac.path().join("bag-info.txt")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(sac.path().join("bag-info.txt"))
        .status()
        .unwrap()
        .success());
    let (code, out) = verifier_chemin(sac.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("bag-info.txt : tube nommé (FIFO)"), "{out}");

    let (code, _, err) = recouvre(&["verify", dir.path().join("absent.zip").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("absent.zip : introuvable"), "{err}");
}

/// `--templates`' folder path never reaches a bundle: the template set is recorded by a
/// digest of its files, the same wherever the folder lives.
#[test]
fn the_templates_folder_path_does_not_leak_into_bundles() {
    let sortie = |modeles: &Path| {
        let out = tempfile::tempdir().unwrap();
        let (code, _, err) = recouvre(&[
            "build",
            "fixtures/exemple/dossier.toml",
            "--templates",
            modeles.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read(out.path().join("2026-0042/2026-0042-avocat.zip")).unwrap()
    };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        std::fs::write(d.path().join("notes.txt"), "jeu de modèles du cabinet").unwrap();
    }
    let za = sortie(a.path());
    assert_eq!(za, sortie(b.path()), "same templates, same bundle bytes");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(za)).unwrap();
    let mut info = String::new();
    z.by_name("bag-info.txt")
        .unwrap()
        .read_to_string(&mut info)
        .unwrap();
    let nom = a.path().file_name().unwrap().to_str().unwrap();
    assert!(!info.contains(nom) && !info.contains("/tmp"), "{info}");
    assert!(
        info.contains("Template-Set-Version: recouvre-")
            && info.contains("(modèles personnalisés, empreinte "),
        "{info}"
    );
}

//! Bundles checked with the tools their receivers already have (`unzip`, `sha256sum -c`,
//! the Library of Congress BagIt validator) and with `recouvre verify`, intact and tampered;
//! hostile archives are rejected without writing anything or exhausting memory.
//! Needs unzip and `pip install bagit` (`.ci/run` installs them).

mod common;

use common::{racine, recouvre};

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

fn lancer(cmd: &mut Command) -> (bool, String) {
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?} : {e} (voir .ci/run pour les outils)"));
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

/// The example case built once: documents and both bundles.
fn sortie() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (code, _, err) = recouvre(&[
            "build",
            "fixtures/exemple/dossier.toml",
            "fixtures/b2c-particulier/dossier.toml",
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        dir
    })
    .path()
}

fn decompresser(zip: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = lancer(
        Command::new("unzip")
            .arg("-q")
            .arg(zip)
            .arg("-d")
            .arg(dir.path()),
    );
    assert!(ok, "unzip {}: {out}", zip.display());
    dir
}

fn fichiers(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    let mut pile = vec![dir.to_path_buf()];
    while let Some(d) = pile.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                pile.push(p);
            } else {
                v.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    v.sort();
    v
}

#[test]
fn bundles_pass_sha256sum_bagit_and_verify() {
    for reference in ["2026-0042", "2026-0213"] {
        for audience in ["commissaire", "avocat"] {
            let zip = sortie()
                .join(reference)
                .join(format!("{reference}-{audience}.zip"));
            assert!(zip.is_file(), "{}", zip.display());
            let dir = decompresser(&zip);
            for m in ["manifest-sha256.txt", "tagmanifest-sha256.txt"] {
                let (ok, out) = lancer(
                    Command::new("sha256sum")
                        .arg("-c")
                        .arg(m)
                        .current_dir(dir.path()),
                );
                assert!(ok, "sha256sum -c {m} ({}): {out}", zip.display());
            }
            let (ok, out) = lancer(
                Command::new("python3")
                    .args(["-m", "bagit", "--validate"])
                    .arg(dir.path()),
            );
            assert!(
                ok && out.contains("is valid"),
                "bagit.py --validate {}: {out}",
                zip.display()
            );
            let (code, out, _) = recouvre(&[
                "verify",
                zip.to_str().unwrap(),
                dir.path().to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{out}");
            assert_eq!(out.matches(": intact").count(), 2, "{out}");
        }
    }
}

#[test]
fn each_audience_gets_its_documents() {
    let c = fichiers(decompresser(&sortie().join("2026-0042/2026-0042-commissaire.zip")).path());
    let a = fichiers(decompresser(&sortie().join("2026-0042/2026-0042-avocat.zip")).path());
    for f in [
        "bag-info.txt",
        "bagit.txt",
        "manifest-dossier.xml",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "data/dossier.json",
        "data/documents/01-requete-injonction-de-payer.pdf",
        "data/documents/02-decompte.pdf",
        "data/documents/03-bordereau-de-pieces.pdf",
        "data/pieces/03-facture-F-2026-0101.pdf",
        "data/pieces/05-mise-en-demeure-du-07-04-2026.pdf",
    ] {
        assert!(c.contains(&f.to_owned()), "commissaire: {f} in {c:?}");
        assert!(a.contains(&f.to_owned()), "avocat: {f} in {a:?}");
    }
    assert!(c.contains(&"data/documents/04-lettre-commissaire-de-justice.pdf".to_owned()));
    assert!(!c.iter().any(|f| f.contains("lettre-avocat")));
    assert!(a.contains(&"data/documents/05-lettre-avocat.pdf".to_owned()));
    assert!(a.contains(&"data/chronologie.json".to_owned()));
    assert!(!a.iter().any(|f| f.contains("lettre-commissaire")));
    // The exhibit is the case's file, byte for byte.
    let dir = decompresser(&sortie().join("2026-0042/2026-0042-commissaire.zip"));
    assert_eq!(
        std::fs::read(dir.path().join("data/pieces/03-facture-F-2026-0101.pdf")).unwrap(),
        std::fs::read(racine().join("fixtures/exemple/pieces/F-2026-0101.pdf")).unwrap()
    );
    let info = std::fs::read_to_string(dir.path().join("bag-info.txt")).unwrap();
    for l in [
        "External-Identifier: 2026-0042",
        "Bagging-Date: 2026-06-30",
        "Creancier-SIREN: 732829320",
        "Debiteur-SIREN: 404833048",
        "Total-Reclame: 5355.14 EUR",
        "Law-Tables-Version: taux-legal 2026-S1",
        "Template-Set-Version: recouvre-",
    ] {
        assert!(info.contains(l), "{l} in {info}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("data/dossier.json")).unwrap())
            .unwrap();
    assert_eq!(json["decompte"]["total"], "5355.14");
    assert_eq!(json["dossier"]["reference"], "2026-0042");
    let xml = std::fs::read_to_string(dir.path().join("manifest-dossier.xml")).unwrap();
    assert!(xml.contains(r#"<piece numero="3" fichier="data/pieces/03-facture-F-2026-0101.pdf" titre="Facture n° F-2026-0101 du 15/01/2026" date="2026-01-15" type-media="application/pdf""#), "{xml}");
}

#[test]
fn two_builds_give_identical_bundles() {
    let autre = tempfile::tempdir().unwrap();
    let (code, _, err) = recouvre(&[
        "build",
        "fixtures/exemple/dossier.toml",
        "--out",
        autre.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    for a in ["commissaire", "avocat"] {
        let n = format!("2026-0042/2026-0042-{a}.zip");
        assert!(
            std::fs::read(autre.path().join(&n)).unwrap()
                == std::fs::read(sortie().join(&n)).unwrap(),
            "{n} differs"
        );
    }
    // Written atomically: nothing but the case's folder, which holds the documents and the
    // two bundles together.
    let noms: Vec<_> = std::fs::read_dir(autre.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(noms, ["2026-0042"]);
    let mut dedans: Vec<_> = std::fs::read_dir(autre.path().join("2026-0042"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    dedans.sort();
    assert_eq!(
        dedans,
        ["2026-0042-avocat.zip", "2026-0042-commissaire.zip"]
    );
}

fn verifier(chemin: &Path) -> (i32, String) {
    let (code, out, err) = recouvre(&["verify", chemin.to_str().unwrap()]);
    (code, format!("{out}{err}"))
}

/// One byte changed in any file, a file removed, a file added: verify fails and names it.
#[test]
fn tampering_is_detected_and_named() {
    let zip = sortie().join("2026-0042/2026-0042-avocat.zip");
    let propre = decompresser(&zip);
    for f in fichiers(propre.path()) {
        let dir = decompresser(&zip);
        let p = dir.path().join(&f);
        let mut octets = std::fs::read(&p).unwrap();
        let i = octets.len() / 2;
        octets[i] ^= 0x01;
        std::fs::write(&p, &octets).unwrap();
        let (code, out) = verifier(dir.path());
        assert_eq!(code, 1, "{f}: {out}");
        assert!(out.contains(&f), "{f} not named: {out}");
    }
    let dir = decompresser(&zip);
    std::fs::remove_file(
        dir.path()
            .join("data/pieces/02-conditions-generales-de-vente.pdf"),
    )
    .unwrap();
    let (code, out) = verifier(dir.path());
    assert_eq!(code, 1);
    assert!(
        out.contains("manquant : data/pieces/02-conditions-generales-de-vente.pdf"),
        "{out}"
    );
    let dir = decompresser(&zip);
    std::fs::write(dir.path().join("data/pieces/99-ajout.pdf"), b"%PDF-1.4").unwrap();
    let (code, out) = verifier(dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("en trop : data/pieces/99-ajout.pdf"), "{out}");
    // The same inside a ZIP: one byte of a compressed entry changed.
    let mut octets = std::fs::read(&zip).unwrap();
    let i = octets.len() / 3;
    octets[i] ^= 0x55;
    let dir = tempfile::tempdir().unwrap();
    let altere = dir.path().join("altere.zip");
    std::fs::write(&altere, &octets).unwrap();
    let (code, out) = verifier(&altere);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("altéré") || out.contains("invalide"), "{out}");
}

/// Writes a ZIP of `(name, bytes)` with the zip crate; names may then be patched in place.
fn zip_de(entrees: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, b) in entrees {
        w.start_file(*n, o).unwrap();
        w.write_all(b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn remplacer(octets: &mut [u8], de: &[u8], par: &[u8]) {
    assert_eq!(de.len(), par.len());
    let mut n = 0;
    let mut i = 0;
    while i + de.len() <= octets.len() {
        if &octets[i..i + de.len()] == de {
            octets[i..i + de.len()].copy_from_slice(par);
            n += 1;
        }
        i += 1;
    }
    assert!(n >= 2, "local header and central directory");
}

/// Patches the declared uncompressed size of the single entry (local header and central
/// directory) of a ZIP.
fn mentir_sur_la_taille(octets: &mut [u8], taille: u32) {
    for i in 0..octets.len() - 4 {
        let sig = u32::from_le_bytes([octets[i], octets[i + 1], octets[i + 2], octets[i + 3]]);
        if sig == 0x0403_4b50 {
            octets[i + 22..i + 26].copy_from_slice(&taille.to_le_bytes());
        } else if sig == 0x0201_4b50 {
            octets[i + 24..i + 28].copy_from_slice(&taille.to_le_bytes());
        }
    }
}

#[test]
fn hostile_archives_are_rejected_without_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let ecrire = |nom: &str, octets: &[u8]| {
        let p = dir.path().join(nom);
        std::fs::write(&p, octets).unwrap();
        p
    };
    // Zip-slip and absolute paths.
    let mut z = zip_de(&[
        ("bagit.txt", b"BagIt-Version: 1.0\n".to_vec()),
        ("xx/xx/evil-recouvre.txt", b"owned".to_vec()),
    ]);
    remplacer(&mut z, b"xx/xx/evil", b"../../evil");
    let slip = ecrire("slip.zip", &z);
    let mut z = zip_de(&[("Xtmp/abs-recouvre.txt", b"owned".to_vec())]);
    remplacer(&mut z, b"Xtmp/abs", b"/tmp/abs");
    let absolu = ecrire("absolu.zip", &z);
    // A symlink entry.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.add_symlink(
        "data/lien",
        "/etc/passwd",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let lien = ecrire("lien.zip", &w.finish().unwrap().into_inner());
    // Duplicate names.
    let mut z = zip_de(&[
        ("data/a.txt", b"un".to_vec()),
        ("data/b.txt", b"deux".to_vec()),
    ]);
    remplacer(&mut z, b"data/b.txt", b"data/a.txt");
    let double = ecrire("double.zip", &z);
    // Bombs: an honest 64 MiB of zeros (ratio ~1000), and an entry that lies about its size.
    let bombe = ecrire(
        "bombe.zip",
        &zip_de(&[("data/zeros.bin", vec![0u8; 64 * 1024 * 1024])]),
    );
    let mut z = zip_de(&[("data/zeros.bin", vec![0u8; 8 * 1024 * 1024])]);
    mentir_sur_la_taille(&mut z, 1000);
    let menteur = ecrire("menteur.zip", &z);
    let mut z = zip_de(&[("data/zeros.bin", vec![7u8; 1000])]);
    mentir_sur_la_taille(&mut z, u32::MAX - 1);
    let enorme = ecrire("enorme.zip", &z);
    let pas_zip = ecrire("pas-zip.zip", b"ceci n'est pas une archive");

    for (zip, attendu) in [
        (&slip, "dangereux : ../../evil-recouvre.txt"),
        (&absolu, "dangereux : /tmp/abs-recouvre.txt"),
        (&lien, "dangereux : data/lien : lien symbolique"),
        (&double, "dangereux : data/a.txt : nom en double"),
        (&bombe, "taux de compression suspect"),
        (&menteur, "taille réelle différente de la taille déclarée"),
        (&enorme, "taille déclarée démesurée"),
        (&pas_zip, "ce n'est pas une archive ZIP"),
    ] {
        // Bounded memory: the verifier runs under a 1 GiB address-space limit.
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 1048576; exec '{}' verify '{}'",
                env!("CARGO_BIN_EXE_recouvre"),
                zip.display()
            ))
            .current_dir(dir.path())
            .output()
            .unwrap();
        let out =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{}: {out}", zip.display());
        assert!(
            out.contains(attendu),
            "{}: « {attendu} » absent de {out}",
            zip.display()
        );
    }
    // Nothing was written anywhere.
    assert!(!Path::new("/tmp/abs-recouvre.txt").exists());
    assert!(!dir
        .path()
        .parent()
        .unwrap()
        .join("evil-recouvre.txt")
        .exists());
    assert!(!Path::new("/evil-recouvre.txt").exists());
    let mut noms: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    noms.sort();
    assert_eq!(noms.len(), 8, "{noms:?}");
}

/// Exhibits are read only from inside the case folder, symlinks included.
#[test]
fn exhibits_never_leave_the_case_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pieces")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("pieces/facture.pdf")).unwrap();
    let cas = std::fs::read_to_string(racine().join("fixtures/aucun-interet/dossier.toml"))
        .unwrap()
        .replace("pieces/ACL-2026-007.pdf", "pieces/facture.pdf")
        .replace("pieces/convention.pdf", "pieces/facture.pdf");
    let f = dir.path().join("dossier.toml");
    std::fs::write(&f, cas).unwrap();
    let out = dir.path().join("out");
    let (code, _, err) = recouvre(&["build", f.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("lien qui sort du dossier"), "{err}");
    assert!(!out.join("2026-0404").exists() && !out.join("2026-0404-commissaire.zip").exists());
}

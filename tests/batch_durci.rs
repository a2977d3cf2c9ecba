//! Attacks on the month-end batch and on the output folder (issue 9, points 13 to 19 and the
//! smaller ones): each test builds the hostile situation and asserts the rule.

mod common;

use common::{racine, recouvre, recouvre_env};
use std::path::{Path, PathBuf};

/// The example case copied into `dir/nom/`, with its reference replaced.
fn cas_exemple(dir: &Path, nom: &str, reference: &str) -> PathBuf {
    let d = dir.join(nom);
    std::fs::create_dir_all(d.join("pieces")).unwrap();
    for e in std::fs::read_dir(racine().join("fixtures/exemple/pieces")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), d.join("pieces").join(e.file_name())).unwrap();
    }
    let texte = std::fs::read_to_string(racine().join("fixtures/exemple/dossier.toml"))
        .unwrap()
        .replace("\"2026-0042\"", &format!("\"{reference}\""));
    let f = d.join("dossier.toml");
    std::fs::write(&f, texte).unwrap();
    f
}

fn lot(src: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "batch",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--at",
        "2026-06-30",
        "--jobs",
        "2",
        "--quiet",
    ];
    args.extend(extra);
    recouvre(&args)
}

fn rapport(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap()
}

fn ligne<'a>(r: &'a serde_json::Value, source_contient: &str) -> &'a serde_json::Value {
    r["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"].as_str().unwrap().contains(source_contient))
        .unwrap_or_else(|| panic!("{source_contient} absent du rapport"))
}

/// Point 14: two cases with the same reference in one batch are both refused, each naming
/// the other file; neither writes anything, the others are built.
#[test]
fn duplicate_references_in_a_batch_are_both_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    cas_exemple(&src, "a", "MEME-1");
    cas_exemple(&src, "b", "MEME-1");
    cas_exemple(&src, "c", "AUTRE-1");
    let out = dir.path().join("out");
    let (code, _, err) = lot(&src, &out, &[]);
    assert_eq!(code, 1, "{err}");
    let r = rapport(&out);
    for (moi, autre) in [("/a/", "/b/"), ("/b/", "/a/")] {
        let l = ligne(&r, moi);
        assert_eq!(l["statut"], "refuse", "{l}");
        let e = l["erreur"].as_str().unwrap();
        assert!(e.contains("MEME-1") && e.contains(autre), "{e}");
    }
    assert_eq!(ligne(&r, "/c/")["statut"], "construit");
    assert!(!out.join("MEME-1").exists());
    assert!(out.join("AUTRE-1/AUTRE-1-commissaire.zip").is_file());
}

/// Point 15: references that would name another output are refused by `check`.
#[test]
fn references_naming_other_outputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (i, r) in ["A-commissaire.zip", "rapport.csv", ".etat", ".", "..", "-x"]
        .iter()
        .enumerate()
    {
        let f = cas_exemple(dir.path(), &format!("c{i}"), r);
        let (code, _, err) = recouvre(&["check", f.to_str().unwrap()]);
        assert_eq!(code, 1, "{r}: {err}");
        assert!(
            err.contains("reference") && err.contains("invalide"),
            "{r}: {err}"
        );
    }
}

/// Point 13: a link planted where the output goes is never followed: the case is refused,
/// the link's target is untouched. `init` refuses a planted (even dangling) link too.
#[test]
fn planted_links_are_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let cas = cas_exemple(dir.path(), "cas", "PIEGE-1");
    let out = dir.path().join("out");
    let victime = dir.path().join("victime");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&victime).unwrap();
    std::fs::write(victime.join("precieux.txt"), "à garder").unwrap();
    std::os::unix::fs::symlink(&victime, out.join("PIEGE-1")).unwrap();
    let (code, _, err) = recouvre(&[
        "build",
        cas.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("n'est pas un dossier produit par recouvre"),
        "{err}"
    );
    let restes: Vec<_> = std::fs::read_dir(&victime)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(restes, ["precieux.txt"]);
    assert!(std::fs::symlink_metadata(out.join("PIEGE-1"))
        .unwrap()
        .file_type()
        .is_symlink());

    let init = dir.path().join("init");
    std::fs::create_dir_all(&init).unwrap();
    let cible = dir.path().join("ecrase-moi");
    std::os::unix::fs::symlink(&cible, init.join("dossier.toml")).unwrap();
    let (code, _, err) = recouvre(&["init", init.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("existe déjà"), "{err}");
    assert!(!cible.exists(), "init followed a planted link");
}

/// Point 16: cleaning spares what the program did not create, and a second batch on the
/// same output folder refuses clearly while the first holds it.
#[test]
fn cleanup_spares_user_files_and_a_second_batch_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    cas_exemple(&src, "a", "NET-1");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join(".photos.old-2024")).unwrap();
    std::fs::write(out.join(".photos.old-2024/ete.jpg"), "x").unwrap();
    std::fs::write(out.join(".notes.tmp-1"), "x").unwrap();
    // A temporary folder a killed run of ours left (with our mark) is removed.
    std::fs::create_dir_all(out.join(".recouvre-tmp-abc/dossier")).unwrap();
    std::fs::write(out.join(".recouvre-tmp-abc/.recouvre-temporaire"), "").unwrap();
    // One with our prefix but without our mark is not ours: kept.
    std::fs::create_dir_all(out.join(".recouvre-tmp-pas-a-nous")).unwrap();
    let (code, _, err) = lot(&src, &out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join(".photos.old-2024/ete.jpg").is_file());
    assert!(out.join(".notes.tmp-1").is_file());
    assert!(!out.join(".recouvre-tmp-abc").exists());
    assert!(out.join(".recouvre-tmp-pas-a-nous").is_dir());

    // Hold the lock as a running batch would.
    let verrou = std::fs::OpenOptions::new()
        .write(true)
        .open(out.join(".recouvre.verrou"))
        .unwrap();
    verrou.try_lock().unwrap();
    let (code, _, err) = lot(&src, &out, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("déjà utilisé par un autre lot"), "{err}");
    drop(verrou);
    let (code, _, err) = lot(&src, &out, &[]);
    assert_eq!(code, 0, "{err}");
}

/// Point 17: shards depend on the case, not on how the portfolio's path is spelt; `report`
/// refuses a shard given twice.
#[test]
fn shards_ignore_the_spelling_of_the_path_and_report_refuses_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    for i in 0..8 {
        cas_exemple(&src, &format!("c{i}"), &format!("SH-{i}"));
    }
    let references = |out: &Path| -> Vec<String> {
        let mut v: Vec<String> = rapport(out)["dossiers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["reference"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let o1 = dir.path().join("o1");
    let o2 = dir.path().join("o2");
    let autre_ecriture = dir.path().join(".").join("src").join(".");
    assert_eq!(lot(&src, &o1, &["--shard", "0/2"]).0, 0);
    assert_eq!(lot(&autre_ecriture, &o2, &["--shard", "0/2"]).0, 0);
    assert_eq!(references(&o1), references(&o2));
    let o3 = dir.path().join("o3");
    assert_eq!(lot(&src, &o3, &["--shard", "1/2"]).0, 0);
    let mut tous = references(&o1);
    tous.extend(references(&o3));
    tous.sort();
    assert_eq!(tous.len(), 8);
    tous.dedup();
    assert_eq!(tous.len(), 8);

    let fusion = dir.path().join("fusion");
    let (code, _, err) = recouvre(&[
        "report",
        o1.to_str().unwrap(),
        o1.to_str().unwrap(),
        "--out",
        fusion.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("plusieurs rapports"), "{err}");
    assert!(!fusion.join("rapport.csv").exists());
}

/// Point 18: the skip fingerprint covers the content of the law tables and templates in
/// effect: a corrected rate or an edited template rebuilds the case, and the documents then
/// agree with the report.
#[test]
fn a_changed_rate_or_template_rebuilds_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    cas_exemple(&src, "a", "FP-1");
    let out = dir.path().join("out");
    assert_eq!(lot(&src, &out, &[]).0, 0);
    assert_eq!(ligne(&rapport(&out), "/a/")["statut"], "construit");
    assert_eq!(lot(&src, &out, &[]).0, 0);
    assert_eq!(ligne(&rapport(&out), "/a/")["statut"], "inchange");

    // A corrected majoration from 1 January 2026 (hypothetical), through --law.
    let loi = dir.path().join("loi");
    std::fs::create_dir_all(&loi).unwrap();
    std::fs::write(
        loi.join("parametres.toml"),
        "[[majoration_l441_10.valeurs]]\ndepuis = \"2026-01-01\"\nvaleur = \"11\"\ntexte = \"Correction de test\"\n",
    )
    .unwrap();
    let (code, _, err) = recouvre_env(
        &[
            "batch",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--at",
            "2026-06-30",
            "--quiet",
        ],
        &[("RECOUVRE_LAW", loi.to_str().unwrap())],
    );
    assert_eq!(code, 0, "{err}");
    let r = rapport(&out);
    let l = ligne(&r, "/a/");
    assert_eq!(l["statut"], "construit", "{l}");
    let total = l["total"].as_str().unwrap().replace('.', ",");
    let texte = std::process::Command::new("pdftotext")
        .arg(out.join("FP-1/02-decompte.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let texte: String = String::from_utf8_lossy(&texte.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        texte.contains(&total),
        "the décompte does not show the report's total {total}"
    );

    // An edited template.
    let modeles = dir.path().join("modeles");
    std::fs::create_dir_all(&modeles).unwrap();
    let lettre = std::fs::read_to_string(racine().join("typst-templates/lettre-avocat.typ"))
        .unwrap()
        .replace("Maître", "Cher Maître");
    std::fs::write(modeles.join("lettre-avocat.typ"), lettre).unwrap();
    let (code, _, err) = recouvre_env(
        &[
            "batch",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--at",
            "2026-06-30",
            "--quiet",
            "--templates",
            modeles.to_str().unwrap(),
        ],
        &[("RECOUVRE_LAW", loi.to_str().unwrap())],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(ligne(&rapport(&out), "/a/")["statut"], "construit");
}

/// Point 19: a cell a spreadsheet would run is neutralised in `rapport.csv`.
#[test]
fn report_cells_cannot_become_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let f = cas_exemple(&src, "a", "CSV-INJ");
    let t = std::fs::read_to_string(&f).unwrap().replacen(
        "denomination = \"Boulangeries Durand\"",
        "denomination = \"=HYPERLINK(\\\"http://x.invalid\\\";\\\"clic\\\")\"",
        1,
    );
    assert!(t.contains("HYPERLINK"), "fixture changed: adapt the test");
    std::fs::write(&f, t).unwrap();
    let out = dir.path().join("out");
    lot(&src, &out, &[]);
    let csv = std::fs::read_to_string(out.join("rapport.csv")).unwrap();
    let mut lecteur = ::csv::Reader::from_reader(csv.as_bytes());
    let ligne = lecteur.records().next().unwrap().unwrap();
    assert!(ligne.get(1).unwrap().starts_with("'=HYPERLINK"), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with('=')));
}

/// Smaller point: the three report files are written all or nothing. A file-size limit
/// (as a full disk would) makes the état PDF fail: neither the CSV nor the JSON appears.
#[test]
fn reports_are_written_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    cas_exemple(&src, "a", "TOUT-1");
    let out = dir.path().join("out");
    assert_eq!(lot(&src, &out, &[]).0, 0);
    let taille = |n: &str| std::fs::metadata(out.join(n)).unwrap().len();
    let (csv, json, pdf) = (
        taille("rapport.csv"),
        taille("rapport.json"),
        taille("etat-des-dossiers.pdf"),
    );
    // In 1 KiB blocks: room for the CSV and the JSON, not for the PDF.
    let limite = csv.max(json) / 1024 + 1;
    assert!(
        limite * 1024 < pdf,
        "the état PDF is too small for this test"
    );
    let fusion = dir.path().join("fusion");
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {limite}; exec \"$0\" report \"$1\" --out \"$2\""
        ))
        .arg(env!("CARGO_BIN_EXE_recouvre"))
        .arg(&out)
        .arg(&fusion)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let restes: Vec<_> = std::fs::read_dir(&fusion)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(restes.is_empty(), "{restes:?}");
    // Outputs are readable like any file the user writes.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(out.join("rapport.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o044, 0o044, "{mode:o}");
}

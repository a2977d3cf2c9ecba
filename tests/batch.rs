//! The month-end batch as a script runs it: many cases, a few broken, parallel workers,
//! verified bundles, a report, safe re-runs, SIGKILL, shards and their merge, the CSV input.

mod common;

use common::generateur::ecrire_lot;
use common::{racine, recouvre};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn piece() -> Vec<u8> {
    std::fs::read(racine().join("fixtures/exemple/pieces/F-2026-0101.pdf")).unwrap()
}

/// 200 cases, 5 of them broken in different ways.
fn portefeuille(dir: &Path) {
    ecrire_lot(dir, 195, 7, &piece());
    let casse = |nom: &str, texte: &str| {
        let d = dir.join(nom);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("dossier.toml"), texte).unwrap();
    };
    let base = std::fs::read_to_string(dir.join("cas-00000/dossier.toml")).unwrap();
    casse(
        "casse-syntaxe",
        "reference = \"CASSE-1\"\n[creancier\nnature = ",
    );
    casse("casse-piece", &base.replace("LOT-00000", "CASSE-2"));
    casse(
        "casse-collective",
        &(base
            .replace("LOT-00000", "CASSE-3")
            .replace("[debiteur]\n", "[debiteur]\nprocedure_collective = true\n")
            // An action for payment imposed on a debtor under a collective procedure.
            + "\n[procedure]\nvoie = \"mise_en_demeure\"\n"),
    );
    casse(
        "casse-montant",
        &base
            .replace("LOT-00000", "CASSE-4")
            .replace("montant = \"", "montant = \"-"),
    );
    casse(
        "casse-cle",
        &base
            .replace("LOT-00000", "CASSE-5")
            .replace("echeance =", "echance ="),
    );
}

/// `recouvre batch` at 2026-06-30 with extra arguments.
fn lot(src: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "batch",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--at",
        "2026-06-30",
    ];
    args.extend(extra);
    recouvre(&args)
}

fn lire_rapport(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap()
}

fn empreintes(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    let mut pile = vec![out.to_path_buf()];
    while let Some(d) = pile.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(out).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                pile.push(p);
            } else if !rel.starts_with("rapport") && !rel.starts_with("etat-des-dossiers") {
                m.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    m
}

/// The bundles of an output folder: each case's folder holds its documents and its two
/// bundles.
fn zips(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten())
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".zip"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_200_case_batch_with_broken_cases() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let out = dir.path().join("out");
    portefeuille(&src);
    let (code, _, err) = lot(&src, &out, &["--jobs", "2"]);
    assert_eq!(code, 1, "{err}");
    let r = lire_rapport(&out);
    let dossiers = r["dossiers"].as_array().unwrap();
    assert_eq!(dossiers.len(), 200);
    let statut = |source_contient: &str| {
        dossiers
            .iter()
            .find(|d| d["source"].as_str().unwrap().contains(source_contient))
            .unwrap_or_else(|| panic!("{source_contient}"))
    };
    for (cas, attendu, motif) in [
        ("casse-syntaxe", "erreur", "TOML illisible"),
        ("casse-piece", "refuse", "pieces/facture.pdf"),
        ("casse-collective", "refuse", "L622-21"),
        ("casse-montant", "refuse", "non positif"),
        ("casse-cle", "erreur", "clé inconnue « echance »"),
    ] {
        let d = statut(cas);
        assert_eq!(d["statut"], attendu, "{cas}: {d}");
        assert!(d["erreur"].as_str().unwrap().contains(motif), "{cas}: {d}");
    }
    let construits: Vec<&serde_json::Value> = dossiers
        .iter()
        .filter(|d| d["statut"] == "construit")
        .collect();
    let sans_etape = dossiers
        .iter()
        .filter(|d| d["statut"] == "rien_a_faire")
        .count();
    assert_eq!(construits.len() + sans_etape, 195, "{}", r["synthese"]);
    assert!(construits.len() > 100);
    // Every good case has both bundles, and they verify.
    for d in &construits {
        let reference = d["reference"].as_str().unwrap();
        for a in ["commissaire", "avocat"] {
            assert!(
                out.join(reference)
                    .join(format!("{reference}-{a}.zip"))
                    .is_file(),
                "{reference}"
            );
        }
    }
    let z = zips(&out);
    assert_eq!(z.len(), construits.len() * 2);
    let mut args = vec!["verify"];
    args.extend(z.iter().map(String::as_str));
    let (code, stdout, _) = recouvre(&args);
    assert_eq!(code, 0, "{stdout}");
    // The report: CSV with one row per case, the état PDF.
    let csv = std::fs::read_to_string(out.join("rapport.csv")).unwrap();
    assert_eq!(csv.lines().count(), 201);
    assert!(csv.starts_with("reference,debiteur,etape,principal,interets,indemnites,total,devise,juridiction,statut,erreur"));
    let t = Command::new("pdftotext")
        .arg(out.join("etat-des-dossiers.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&t.stdout).replace(['\u{202f}', '\u{a0}'], " ");
    for s in [
        "ÉTAT DES DOSSIERS DE RECOUVREMENT",
        "200 dossiers",
        "Balance âgée",
        "plus de 90 jours",
        "CASSE-3",
        "Dossiers en échec",
    ] {
        assert!(t.contains(s), "{s} absent de l'état :\n{t}");
    }
    // Totals by step add up to the claimed total.
    let s = &r["synthese"];
    let somme: rust_decimal::Decimal = s["par_etape"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| {
            v[1].as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(somme.to_string(), s["total_reclame"].as_str().unwrap());

    // A second identical run rebuilds nothing and changes no byte.
    let avant = empreintes(&out);
    let (code, _, _) = lot(&src, &out, &["--quiet"]);
    assert_eq!(code, 1);
    let r2 = lire_rapport(&out);
    assert_eq!(r2["synthese"]["par_statut"]["inchange"], construits.len());
    assert!(r2["synthese"]["par_statut"].get("construit").is_none());
    assert!(avant == empreintes(&out), "outputs changed on a re-run");
    // --force rebuilds, to the same bytes.
    let (code, _, _) = lot(&src, &out, &["--quiet", "--force"]);
    assert_eq!(code, 1);
    assert_eq!(
        lire_rapport(&out)["synthese"]["par_statut"]["construit"],
        construits.len()
    );
    assert!(
        avant == empreintes(&out),
        "a forced rebuild must give the same bytes"
    );
    // One task instead of two: the same bytes, file for file.
    let out1 = dir.path().join("out-1");
    let (code, _, _) = lot(&src, &out1, &["--quiet", "--jobs", "1"]);
    assert_eq!(code, 1);
    let une = empreintes(&out1);
    assert_eq!(
        une.keys().collect::<Vec<_>>(),
        avant.keys().collect::<Vec<_>>()
    );
    assert!(
        avant == une,
        "--jobs 1 and --jobs 2 must give the same bytes"
    );
}

#[test]
fn sigkill_leaves_only_complete_bundles_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let out = dir.path().join("out");
    ecrire_lot(&src, 120, 3, &piece());
    let mut enfant = Command::new(env!("CARGO_BIN_EXE_recouvre"))
        .args([
            "batch",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--at",
            "2026-06-30",
            "--quiet",
            "--jobs",
            "2",
        ])
        .spawn()
        .unwrap();
    // Kill it once some bundles exist.
    let debut = std::time::Instant::now();
    loop {
        let n = zips(&out).len();
        if n >= 10 || debut.elapsed().as_secs() > 120 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = enfant.kill();
    let _ = enfant.wait();
    let z = zips(&out);
    assert!(!z.is_empty());
    let mut args = vec!["verify"];
    args.extend(z.iter().map(String::as_str));
    let (code, stdout, _) = recouvre(&args);
    assert_eq!(
        code, 0,
        "a bundle under its final name is incomplete: {stdout}"
    );
    // The re-run completes the rest.
    let (code, _, err) = lot(&src, &out, &["--quiet"]);
    assert_eq!(code, 0, "{err}");
    let r = lire_rapport(&out);
    let construits = r["synthese"]["par_statut"]["construit"]
        .as_u64()
        .unwrap_or(0)
        + r["synthese"]["par_statut"]["inchange"]
            .as_u64()
            .unwrap_or(0);
    assert_eq!(zips(&out).len() as u64, construits * 2);
    let z = zips(&out);
    let mut args = vec!["verify"];
    args.extend(z.iter().map(String::as_str));
    assert_eq!(recouvre(&args).0, 0);
    // No temporary file left.
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".recouvre-tmp-")));
}

#[test]
fn shards_split_the_portfolio_and_reports_merge() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    ecrire_lot(&src, 40, 11, &piece());
    let mut references = Vec::new();
    for k in 0..3 {
        let out = dir.path().join(format!("shard-{k}"));
        let (code, _, err) = lot(&src, &out, &["--quiet", "--shard", &format!("{k}/3")]);
        assert_eq!(code, 0, "{err}");
        let r = lire_rapport(&out);
        references.extend(
            r["dossiers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["reference"].as_str().unwrap().to_owned()),
        );
    }
    let n = references.len();
    references.sort();
    references.dedup();
    assert_eq!(
        (n, references.len()),
        (40, 40),
        "shards must be disjoint and complete"
    );
    let fusion = dir.path().join("fusion");
    let (code, stdout, err) = recouvre(&[
        "report",
        dir.path().join("shard-0").to_str().unwrap(),
        dir.path().join("shard-1").to_str().unwrap(),
        dir.path().join("shard-2").to_str().unwrap(),
        "--out",
        fusion.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("40 dossiers"), "{stdout}");
    assert_eq!(
        lire_rapport(&fusion)["dossiers"].as_array().unwrap().len(),
        40
    );
    assert!(fusion.join("etat-des-dossiers.pdf").is_file());
    assert!(recouvre(&["batch", "fixtures", "--out", "x", "--shard", "3/3"]).0 == 2);
}

#[test]
fn csv_bulk_file_and_json_events() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The register goes to the temporary folder, not beside the repository's fixture.
    let registre = dir.path().join("registre.sqlite");
    let (code, stdout, err) = recouvre(&[
        "batch",
        "fixtures/lot/portefeuille.csv",
        "--out",
        out.to_str().unwrap(),
        "--at",
        "2026-06-30",
        "--json",
        "--registre",
        registre.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let evenements: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dossiers: Vec<_> = evenements
        .iter()
        .filter(|e| e["evenement"] == "dossier")
        .collect();
    assert_eq!(dossiers.len(), 3);
    assert_eq!(evenements.last().unwrap()["evenement"], "bilan");
    let r = lire_rapport(&out);
    let csv = &r["dossiers"];
    let a = csv
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["reference"] == "CSV-001")
        .unwrap();
    assert_eq!(a["statut"], "construit");
    assert_eq!(a["etape"], "injonction");
    assert!(out.join("CSV-001/CSV-001-commissaire.zip").is_file());
}

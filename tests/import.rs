//! `recouvre import` on what businesses already have: the public e-invoice corpus
//! (`../shared/corpus/einvoices`), a Factur-X PDF made by another tool, a FEC, hostile files.

mod common;

use common::{racine, recouvre};

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    let c = racine().join("../shared/corpus/einvoices");
    assert!(
        c.is_dir(),
        "corpus absent : {} (le dépôt attend shared/ à côté de lui)",
        c.display()
    );
    c
}

fn fichiers(dir: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every UBL and CII file of the corpus imports; spot checks against the XML (the full
/// field-by-field comparison is tests/independent/einvoices_check.py, run by .ci/run).
#[test]
fn every_corpus_invoice_imports() {
    let mut tous = Vec::new();
    for d in ["en16931/ubl", "en16931/cii", "factur-x"] {
        tous.extend(fichiers(&corpus().join(d), "xml"));
    }
    assert!(tous.len() >= 30);
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["import", "--out", out.path().to_str().unwrap(), "--json"];
    args.extend(tous.iter().map(String::as_str));
    let (code, stdout, err) = recouvre(&args);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let lues = j["lues"].as_array().unwrap();
    assert_eq!(lues.len(), tous.len(), "{err}");
    let doc = |fin: &str| {
        lues.iter()
            .find(|l| l["source"].as_str().unwrap().ends_with(fin))
            .unwrap()
    };
    // ubl-tc434-example3.xml: <cbc:ID>TOSL108</cbc:ID>, PayableAmount 2005.00 DKK, DueDate 2013-05-10.
    let x = doc("ubl-tc434-example3.xml");
    assert_eq!(
        (
            x["numero"].as_str(),
            x["devise"].as_str(),
            x["montant_du"].as_str()
        ),
        (Some("TOSL108"), Some("DKK"), Some("2005.00"))
    );
    assert_eq!(x["echeance"], "2013-05-10");
    // ubl-tc434-example1.xml: 12115118, 250.33 EUR, due 2015-01-09.
    let x = doc("ubl-tc434-example1.xml");
    assert_eq!(
        (
            x["numero"].as_str(),
            x["montant_du"].as_str(),
            x["echeance"].as_str()
        ),
        (Some("12115118"), Some("250.33"), Some("2015-01-09"))
    );
    // The credit note of the corpus is a 381.
    assert_eq!(doc("ubl-tc434-creditnote1.xml")["type"], "381");
    // factur-x-en16931.xml: SIREN scheme 0002 of the seller, amount due 104.90 (BT-115).
    let x = doc("factur-x/factur-x-en16931.xml");
    assert_eq!(x["vendeur"]["siren"], "123456782");
    assert_eq!(x["montant_du"], "104.90");
    assert_eq!(x["format"], "cii");
    // ubl-21-extended-ctc-fr.xml: SIRET scheme 0009.
    assert!(doc("ubl-21-extended-ctc-fr.xml")["vendeur"]["siret"]
        .as_str()
        .is_some());
    // Foreign currencies are kept, one currency per case.
    for d in j["dossiers"].as_array().unwrap() {
        let t = std::fs::read_to_string(d["fichier"].as_str().unwrap()).unwrap();
        let case: toml::Value = toml::from_str(&t).unwrap();
        let _ = case["creance"].get("devise");
    }
    assert!(j["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["reference"].as_str().unwrap().ends_with("-DKK")));
}

/// The Factur-X PDF of the corpus: two attachments, the XML chosen by name, the PDF kept
/// byte for byte as the invoice's exhibit; the case then checks, computes and builds.
#[test]
fn facturx_pdf_imports_and_builds() {
    let pdf = corpus().join("factur-x/invoice_EN16931.pdf");
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, err) = recouvre(&[
        "import",
        pdf.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(j["lues"][0]["format"], "factur-x");
    assert_eq!(j["lues"][0]["numero"], "F20260023");
    assert_eq!(j["lues"][0]["montant_du"], "104.90");
    let cas = PathBuf::from(j["dossiers"][0]["fichier"].as_str().unwrap());
    let dir = cas.parent().unwrap();
    assert_eq!(
        std::fs::read(dir.join("pieces/invoice-en16931.pdf")).unwrap(),
        std::fs::read(&pdf).unwrap()
    );
    // check: no error (warnings list what documents will need); décompte; build.
    let (code, _, err) = recouvre(&["check", cas.to_str().unwrap(), "--at", "2026-06-30"]);
    assert_eq!(code, 0, "{err}");
    let (code, out_dec, err) = recouvre(&[
        "decompte",
        cas.to_str().unwrap(),
        "--at",
        "2026-06-30",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let dec: serde_json::Value = serde_json::from_str(&out_dec).unwrap();
    assert_eq!(dec["principal"], "104.90");
    let sortie = out.path().join("sortie");
    let (code, _, err) = recouvre(&[
        "build",
        cas.to_str().unwrap(),
        "--at",
        "2026-06-30",
        "--out",
        sortie.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, stdout, _) = recouvre(&[
        "verify",
        sortie
            .join("IMP-LE-CLIENT/IMP-LE-CLIENT-commissaire.zip")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}");
}

/// A Factur-X PDF made by another tool (qpdf attaching the XML to a recouvre PDF), with a
/// decoy attachment first: the XML is still found by its name.
#[test]
fn facturx_from_another_tool() {
    let dir = tempfile::tempdir().unwrap();
    let xml = corpus().join("factur-x/factur-x-en16931.xml");
    let leurre = dir.path().join("bon-de-livraison.xml");
    std::fs::write(&leurre, "<Commande><ID>NOT-AN-INVOICE</ID></Commande>").unwrap();
    let base = racine().join("fixtures/exemple/pieces/cgv.pdf");
    let pdf = dir.path().join("facture-autre-outil.pdf");
    let o = Command::new("qpdf")
        .arg(&base)
        .args(["--add-attachment"])
        .arg(&leurre)
        .args(["--key=bon-de-livraison.xml", "--"])
        .args(["--add-attachment"])
        .arg(&xml)
        .args([
            "--key=factur-x.xml",
            "--filename=factur-x.xml",
            "--mimetype=text/xml",
            "--",
        ])
        .arg(&pdf)
        .output()
        .expect("qpdf (apt-get install qpdf)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre(&[
        "import",
        pdf.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(j["lues"][0]["numero"], "F20260023");
    assert_eq!(j["lues"][0]["format"], "factur-x");
}

/// FEC: only the 411 lines without lettrage, per customer, unlettered payments netted.
#[test]
fn fec_yields_exactly_the_open_invoices() {
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, err) = recouvre(&[
        "import",
        "fixtures/import/732829320FEC20260630.txt",
        "--out",
        out.path().to_str().unwrap(),
        "--json",
        "--delai",
        "30",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let dossiers = j["dossiers"].as_array().unwrap();
    // C0099 is fully lettered: no case. C0042: two open invoices and one unlettered payment.
    assert_eq!(dossiers.len(), 2, "{stdout}");
    let lire = |i: usize| -> toml::Value {
        toml::from_str(&std::fs::read_to_string(dossiers[i]["fichier"].as_str().unwrap()).unwrap())
            .unwrap()
    };
    let durand = lire(0);
    let numeros: Vec<&str> = durand["factures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["numero"].as_str().unwrap())
        .collect();
    assert_eq!(numeros, ["F-2026-0101", "F-2026-0188"]);
    assert_eq!(durand["factures"][0]["montant"].as_str(), Some("4800.00"));
    assert_eq!(durand["paiements"][0]["montant"].as_str(), Some("1000.00"));
    assert_eq!(durand["creancier"]["siren"].as_str(), Some("732829320"));
    let ducs = lire(1);
    let numeros: Vec<&str> = ducs["factures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["numero"].as_str().unwrap())
        .collect();
    assert_eq!(numeros, ["F-2026-0150"]);
    // What the FEC cannot tell is listed.
    assert!(dossiers[0]["a_completer"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a.as_str().unwrap().contains("creancier.denomination")));
}

/// Hostile or broken files: a located error, never a panic or a hang; the others import.
#[test]
fn hostile_files_give_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let ecrire = |nom: &str, octets: &[u8]| {
        let p = dir.path().join(nom);
        std::fs::write(&p, octets).unwrap();
        p.to_string_lossy().into_owned()
    };
    let bombe = ecrire("bombe.xml", br#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Invoice><ID>&c;</ID></Invoice>"#);
    let tronque = ecrire("tronque.xml", b"<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>F1</ID><IssueDate>2026-01-0");
    let latin1 = ecrire(
        "latin1.xml",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invoice><ID>F\xe9</ID></Invoice>",
    );
    let pdf = ecrire(
        "pas-facturx.pdf",
        &std::fs::read(racine().join("fixtures/exemple/pieces/cgv.pdf")).unwrap(),
    );
    let vide = ecrire("vide.xml", b"");
    let enorme = dir.path().join("enorme.xml");
    std::fs::File::create(&enorme)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let bon = corpus().join("en16931/cii/CII_example1.xml");
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre(&[
        "import",
        &bombe,
        &tronque,
        &latin1,
        &pdf,
        &vide,
        enorme.to_str().unwrap(),
        bon.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}{err}");
    for (f, attendu) in [
        ("bombe.xml", "DOCTYPE refusé"),
        ("tronque.xml", "octet"),
        ("latin1.xml", "illisible"),
        ("pas-facturx.pdf", "ce n'est pas un PDF Factur-X"),
        ("vide.xml", "vide"),
        ("enorme.xml", "trop volumineux"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(f) && l.contains(attendu)),
            "{f}: « {attendu} » absent de\n{err}"
        );
    }
    assert!(stdout.contains("1 document lu"), "{stdout}");
}

/// Foreign currency: the case keeps it, the documents recall C. civ. 1343-3.
#[test]
fn foreign_currency_invoice_builds_with_the_1343_3_mention() {
    let dir = tempfile::tempdir().unwrap();
    // A Danish-krone invoice of the corpus, moved to 2026 (rates are known from 2015).
    let xml = std::fs::read_to_string(corpus().join("en16931/ubl/ubl-tc434-example3.xml")).unwrap();
    let xml = xml.replace("2013-", "2026-");
    let f = dir.path().join("facture-dkk.xml");
    std::fs::write(&f, xml).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre(&[
        "import",
        f.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let cas = j["dossiers"][0]["fichier"].as_str().unwrap().to_owned();
    let texte = std::fs::read_to_string(&cas).unwrap();
    assert!(texte.contains("devise = \"DKK\""), "{texte}");
    let sortie = dir.path().join("sortie");
    let (code, _, err) = recouvre(&[
        "build",
        &cas,
        "--at",
        "2026-06-30",
        "--out",
        sortie.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let reference = j["dossiers"][0]["reference"].as_str().unwrap();
    let o = Command::new("pdftotext")
        .arg(sortie.join(reference).join("02-decompte.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&o.stdout).replace(['\u{202f}', '\u{a0}'], " ");
    assert!(t.contains("1343-3") && t.contains("DKK"), "{t}");
}

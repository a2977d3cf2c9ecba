//! Untrusted bytes at the doors of recouvre (issue 9): each hostile input is built here, small,
//! and the rule asserted: refused for its own case with a French message naming the file and
//! the limit, the other cases built, the report written, nothing written outside `--out`, no
//! hang, memory bounded (`prlimit --as`).

mod common;

use common::generateur::ecrire_lot;
use common::racine;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `recouvre` under an address-space limit (bytes) and a deadline; returns (exit code,
/// stdout, stderr). A run past the deadline is killed and fails the test.
fn recouvre_borne(args: &[&str], memoire: Option<u64>, delai: Duration) -> (i32, String, String) {
    let bin = env!("CARGO_BIN_EXE_recouvre");
    let mut c = match memoire {
        Some(m) => {
            let mut c = Command::new("prlimit");
            c.arg(format!("--as={m}")).arg("--").arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let mut enfant = c
        .args(args)
        .current_dir(racine())
        .env_remove("RECOUVRE_LAW")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run recouvre (prlimit: util-linux)");
    let debut = Instant::now();
    loop {
        if enfant.try_wait().unwrap().is_some() {
            break;
        }
        if debut.elapsed() > delai {
            let _ = enfant.kill();
            let o = enfant.wait_with_output().unwrap();
            panic!(
                "recouvre {args:?} still running after {delai:?}\n{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = enfant.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const GIO: u64 = 1024 * 1024 * 1024;

/// A small UBL invoice in `devise`, written here (no corpus needed).
fn ubl(numero: &str, devise: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>{numero}</cbc:ID><cbc:IssueDate>2026-01-15</cbc:IssueDate><cbc:DueDate>2026-02-14</cbc:DueDate>
<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>{devise}</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Vendeur SA</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Client SARL</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
<cac:LegalMonetaryTotal><cbc:TaxInclusiveAmount currencyID="{devise}">1200.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="{devise}">1200.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>"#
    )
}

/// A PDF of `objets` (numbered from 1, object 1 the catalog) with a classic xref table.
fn pdf(objets: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut positions = Vec::new();
    for (i, o) in objets.iter().enumerate() {
        positions.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objets.len() + 1).as_bytes(),
    );
    for p in positions {
        out.extend_from_slice(format!("{p:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objets.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn flux(dict: &str, donnees: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", donnees.len()).into_bytes();
    o.extend_from_slice(donnees);
    o.extend_from_slice(b"\nendstream");
    o
}

/// A zlib stream of `n` zero bytes (about n/1000 bytes), built without holding them.
fn bombe(n: u64) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..n >> 20 {
        e.write_all(&zeros).unwrap();
    }
    e.finish().unwrap()
}

const CATALOGUE: &[u8] = b"<< /Type /Catalog /Pages 2 0 R >>";

fn imbrique(ouvre: &str, ferme: &str, n: usize) -> Vec<u8> {
    let mut o = b"<< /Type /Pages /Count 0 /Kids [] /X ".to_vec();
    o.extend(ouvre.repeat(n).into_bytes());
    o.extend(ferme.repeat(n).into_bytes());
    o.extend_from_slice(b" >>");
    pdf(&[CATALOGUE.to_vec(), o])
}

fn arbre_de_pages(niveaux: usize) -> Vec<u8> {
    let mut v = vec![CATALOGUE.to_vec()];
    for i in 0..niveaux {
        v.push(format!("<< /Type /Pages /Count 1 /Kids [{} 0 R] >>", i + 3).into_bytes());
    }
    v.push(b"<< /Type /Page >>".to_vec());
    pdf(&v)
}

/// A PDF 1.5 whose only cross-reference is an xref stream holding `donnees`.
fn pdf_xref_flux(donnees: &[u8]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    out.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    out.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Count 0 /Kids [] >>\nendobj\n");
    let xref = out.len();
    out.extend_from_slice(b"3 0 obj\n");
    out.extend_from_slice(&flux(
        "/Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
        donnees,
    ));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

/// Fifty good cases and one of each hostile input (issue 9): each hostile exhibit or case file
/// is refused for its case, with the file and the limit; every good case is built and its
/// bundles verify; the report is written; all under 2 GiB of address space.
#[test]
fn hostile_exhibits_are_refused_for_their_case_only() {
    const BONS: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let piece = std::fs::read(racine().join("fixtures/exemple/pieces/F-2026-0101.pdf")).unwrap();
    ecrire_lot(&src, BONS, 7, &piece);
    let base = std::fs::read_to_string(src.join("cas-00000/dossier.toml")).unwrap();
    let b = bombe(600 << 20);
    let hostiles: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "TABLEAUX",
            imbrique("[", "]", 50_000),
            "plus de 64 tableaux ou dictionnaires",
        ),
        (
            "DICTS",
            imbrique("<< /A ", ">>", 50_000),
            "plus de 64 tableaux ou dictionnaires",
        ),
        (
            "ARBRE",
            arbre_de_pages(200_000),
            "arbre de pages de plus de 10000 nœuds",
        ),
        (
            "BOMBE-OBJETS",
            pdf(&[
                CATALOGUE.to_vec(),
                b"<< /Type /Pages /Count 0 /Kids [] >>".to_vec(),
                flux("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &b),
            ]),
            "flux d'objets de plus de 16 Mio une fois décompressé",
        ),
        (
            "BOMBE-XREF",
            pdf_xref_flux(&b),
            "dépassent 512 Mio une fois décompressés",
        ),
    ];
    for (nom, octets, _) in &hostiles {
        let d = src.join(format!("hostile-{nom}"));
        std::fs::create_dir_all(d.join("pieces")).unwrap();
        std::fs::write(d.join("pieces/facture.pdf"), octets).unwrap();
        std::fs::write(
            d.join("dossier.toml"),
            base.replace("LOT-00000", &format!("H-{nom}")),
        )
        .unwrap();
    }
    // Hostile case files beside the hostile exhibits: too many invoices, not UTF-8, nested
    // beyond any parser's stack, one reference claimed by two files.
    let mut trop = base.replace("LOT-00000", "H-FACTURES");
    for i in 0..1_001 {
        trop.push_str(&format!(
            "\n[[factures]]\nnumero = \"X-{i}\"\ndate = \"2026-01-05\"\necheance = \"2026-02-04\"\nmontant = \"10.00\"\n"
        ));
    }
    let fichiers_hostiles: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "FACTURES",
            trop.into_bytes(),
            "un dossier en compte au plus 1000",
        ),
        (
            "OCTETS",
            [
                b"reference = \"H-OCTETS\"\n".as_slice(),
                &[0xff, 0xfe, 0x00, 0x80],
            ]
            .concat(),
            "UTF-8",
        ),
        (
            "IMBRIQUE",
            format!(
                "reference = {}1{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )
            .into_bytes(),
            "dossier.toml",
        ),
    ];
    for (nom, octets, _) in &fichiers_hostiles {
        let d = src.join(format!("fichier-{nom}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("dossier.toml"), octets).unwrap();
    }
    for copie in ["double-a", "double-b"] {
        let d = src.join(copie);
        std::fs::create_dir_all(d.join("pieces")).unwrap();
        std::fs::write(d.join("pieces/facture.pdf"), &piece).unwrap();
        std::fs::write(
            d.join("dossier.toml"),
            base.replace("LOT-00000", "H-DOUBLE"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre_borne(
        &[
            "batch",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--at",
            "2026-06-30",
            "--jobs",
            "2",
            "--quiet",
        ],
        Some(2 * GIO),
        Duration::from_secs(300),
    );
    assert_eq!(code, 1, "{stdout}{err}");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
    let dossiers = r["dossiers"].as_array().unwrap();
    let ligne = |reference: &str| {
        dossiers
            .iter()
            .find(|d| d["reference"] == reference)
            .unwrap_or_else(|| panic!("{reference} absent du rapport"))
    };
    // Every good case is built, and its bundles verify.
    let mut bundles = Vec::new();
    let mut construits = 0;
    for i in 0..BONS {
        let reference = format!("LOT-{i:05}");
        let d = ligne(&reference);
        let statut = d["statut"].as_str().unwrap();
        assert!(
            !matches!(statut, "refuse" | "erreur" | "invalide"),
            "{reference}: {d}"
        );
        if statut != "construit" {
            // Nothing due yet for this one at this date (rien_a_faire): no output folder.
            continue;
        }
        construits += 1;
        for e in std::fs::read_dir(out.join(&reference)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "zip") {
                bundles.push(p.to_str().unwrap().to_owned());
            }
        }
    }
    assert!(construits >= BONS / 2, "{construits} built");
    assert_eq!(bundles.len(), 2 * construits, "two bundles per built case");
    let mut args = vec!["verify"];
    args.extend(bundles.iter().map(String::as_str));
    let (code_v, stdout_v, err_v) = recouvre_borne(&args, Some(2 * GIO), Duration::from_secs(300));
    assert_eq!(code_v, 0, "{stdout_v}{err_v}");
    // Each hostile case file is refused for itself, naming what is wrong.
    let echecs: Vec<&serde_json::Value> = dossiers
        .iter()
        .filter(|d| {
            d["statut"] != "construit" && !d["reference"].as_str().unwrap_or("").starts_with("LOT-")
        })
        .collect();
    for (nom, _, attendu) in &fichiers_hostiles {
        let dossier = format!("fichier-{nom}");
        let d = echecs
            .iter()
            .find(|d| d.to_string().contains(&dossier) || d["reference"] == format!("H-{nom}"))
            .unwrap_or_else(|| panic!("{nom} absent du rapport: {echecs:?}"));
        assert!(d.to_string().contains(attendu), "{nom}: {d}");
    }
    let doubles: Vec<_> = echecs
        .iter()
        .filter(|d| d.to_string().contains("double-"))
        .collect();
    assert_eq!(doubles.len(), 2, "{echecs:?}");
    for (nom, _, limite) in &hostiles {
        let d = ligne(&format!("H-{nom}"));
        assert_eq!(d["statut"], "refuse", "{d}");
        let e = d["erreur"].as_str().unwrap();
        assert!(
            e.contains("pieces/facture.pdf") && e.contains(limite),
            "{nom}: {e}"
        );
        // `check` reads the exhibits as `batch` does: it no longer calls the case valid.
        let cas = src.join(format!("hostile-{nom}/dossier.toml"));
        let (code, stdout, err) = recouvre_borne(
            &["check", cas.to_str().unwrap(), "--at", "2026-06-30"],
            Some(2 * GIO),
            Duration::from_secs(120),
        );
        assert_eq!(code, 1, "{nom}: {stdout}{err}");
        assert!(err.contains(limite), "{nom}: {err}");
    }
}

/// A Factur-X whose attachment inflates far beyond any invoice: refused without being
/// decoded (under 1 GiB of address space), the good invoice beside it imported.
#[test]
fn facturx_bombs_are_refused_and_the_good_invoice_imported() {
    let dir = tempfile::tempdir().unwrap();
    let facturx = |bombe: &[u8]| {
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(factur-x.xml) 4 0 R] >> >> >>".to_vec(),
            b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
            b"<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /EF << /F 5 0 R >> >>".to_vec(),
            flux("/Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode", bombe),
        ])
    };
    let geante = dir.path().join("geante.pdf");
    std::fs::write(&geante, facturx(&bombe(4 * GIO))).unwrap();
    assert!(std::fs::metadata(&geante).unwrap().len() < 8 << 20);
    let grosse = dir.path().join("grosse.pdf");
    std::fs::write(&grosse, facturx(&bombe(100 << 20))).unwrap();
    let bonne = dir.path().join("bonne.xml");
    std::fs::write(&bonne, ubl("F-2026-1", "EUR")).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre_borne(
        &[
            "import",
            geante.to_str().unwrap(),
            grosse.to_str().unwrap(),
            bonne.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        Some(GIO),
        Duration::from_secs(120),
    );
    assert_eq!(code, 1, "{stdout}{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("geante.pdf") && l.contains("512 Mio")),
        "{err}"
    );
    assert!(
        err.lines().any(|l| l.contains("grosse.pdf")
            && l.contains("pièce jointe « factur-x.xml » trop volumineuse")
            && l.contains("64 Mio")),
        "{err}"
    );
    assert!(stdout.contains("1 document lu"), "{stdout}");
}

/// A device or a named pipe given as a case file: said as such at once, never read
/// without end, never waited on, never « introuvable ».
#[test]
fn case_files_that_are_not_regular_files() {
    let (code, _, err) =
        recouvre_borne(&["check", "/dev/zero"], Some(GIO), Duration::from_secs(30));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("/dev/zero n'est pas un fichier ordinaire (périphérique)"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let tube = dir.path().join("dossier.toml");
    let o = Command::new("mkfifo").arg(&tube).output().unwrap();
    assert!(o.status.success());
    let out = dir.path().join("out");
    let (code, _, err) = recouvre_borne(
        &[
            "build",
            tube.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
        Duration::from_secs(30),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("n'est pas un fichier ordinaire (tube nommé)"),
        "{err}"
    );
    assert!(!err.contains("introuvable"), "{err}");
    // Import likewise, the other files imported.
    let (code, _, err) = recouvre_borne(
        &[
            "import",
            tube.to_str().unwrap(),
            dir.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
        Duration::from_secs(30),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("(tube nommé)") && err.contains("(dossier)"),
        "{err}"
    );
}

fn arborescence(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut pile = vec![dir.to_path_buf()];
    while let Some(d) = pile.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                pile.push(p.clone());
            }
            v.push(p);
        }
    }
    v.sort();
    v
}

/// References and names from the input never become paths outside `--out`: a CSV reference
/// `../../X` or absolute, a UBL currency `/../../X`.
#[test]
fn import_never_writes_outside_out() {
    let dir = tempfile::tempdir().unwrap();
    let racine_test = dir.path();
    let entrees = racine_test.join("entrees");
    std::fs::create_dir_all(&entrees).unwrap();
    let absolu = racine_test.join("ABSOLU");
    let csv = entrees.join("lot.csv");
    std::fs::write(
        &csv,
        format!(
            "reference,creancier_nature,creancier_denomination,debiteur_nature,debiteur_denomination,facture_numero,facture_date,facture_echeance,facture_montant\n\
             ../../X,societe,ACME,societe,Client,F1,2026-01-01,2026-01-31,100\n\
             {},societe,ACME,societe,Client,F1,2026-01-01,2026-01-31,100\n\
             BON-1,societe,ACME,societe,Client,F1,2026-01-01,2026-01-31,100\n",
            absolu.display()
        ),
    )
    .unwrap();
    let facture = entrees.join("facture.xml");
    std::fs::write(&facture, ubl("F-2026-2", "/../../X")).unwrap();
    let out = racine_test.join("a/b/out");
    std::fs::create_dir_all(&out).unwrap();
    let avant = arborescence(racine_test);
    let (code, stdout, err) = recouvre_borne(
        &[
            "import",
            csv.to_str().unwrap(),
            facture.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
        Duration::from_secs(60),
    );
    assert_eq!(code, 1, "{stdout}{err}");
    let apres = arborescence(racine_test);
    let nouveaux: Vec<&PathBuf> = apres.iter().filter(|p| !avant.contains(p)).collect();
    assert!(!nouveaux.is_empty());
    for p in &nouveaux {
        assert!(p.starts_with(&out), "écrit hors de --out : {}", p.display());
    }
    assert!(out.join("BON-1/dossier.toml").is_file(), "{stdout}{err}");
    assert!(err.contains("../../X") && err.contains("invalide"), "{err}");
    // The UBL case is written under a reference made of a slug of the currency.
    assert!(
        nouveaux
            .iter()
            .any(|p| p.ends_with("dossier.toml") && p.to_string_lossy().contains("-X/")),
        "{nouveaux:?}"
    );
}

/// One XML element with 400 000 attributes: refused at once (quick-xml's duplicate check
/// is quadratic and is off; the count is bounded).
#[test]
fn xml_with_a_flood_of_attributes_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let mut x = String::from("<Invoice><ID>F1</ID><Note ");
    for i in 0..400_000 {
        x.push_str(&format!("a{i}=\"v\" "));
    }
    x.push_str("/></Invoice>");
    let f = dir.path().join("attributs.xml");
    std::fs::write(&f, x).unwrap();
    let debut = Instant::now();
    let (code, _, err) = recouvre_borne(
        &[
            "import",
            f.to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ],
        None,
        Duration::from_secs(60),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("attributs.xml") && err.contains("plus de 256 attributs"),
        "{err}"
    );
    assert!(
        debut.elapsed() < Duration::from_secs(10),
        "{:?}",
        debut.elapsed()
    );
}

/// A Windows-1252 FEC: ’ and œ come out right, the encoding is said.
#[test]
fn fec_in_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = b"JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\r\n".to_vec();
    o.extend_from_slice(b"VT|Ventes|1|20260115|411000|Clients|C1|L\x92\x9cuvre d\xe9cor|F1|20260115|Vente|100,00|0,00|||20260115||\r\n");
    let f = dir.path().join("732829320FEC20261231.txt");
    std::fs::write(&f, o).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre_borne(
        &[
            "import",
            f.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--delai",
            "30",
        ],
        None,
        Duration::from_secs(60),
    );
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains("FEC (Windows-1252)"), "{stdout}");
    let cas = std::fs::read_dir(&out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let t = std::fs::read_to_string(cas.join("dossier.toml")).unwrap();
    assert!(t.contains("L’œuvre décor"), "{t}");
}

/// A malformed row of the bulk CSV fails its own case, named by its line; the rest is built
/// and the report written.
#[test]
fn bulk_csv_bad_row_fails_only_its_case() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(racine().join("fixtures/lot/portefeuille.csv")).unwrap();
    let mut lignes: Vec<&str> = source.lines().collect();
    let entete = lignes.remove(0);
    let mut t = format!("{entete}\n");
    for l in &lignes {
        t.push_str(l);
        t.push('\n');
    }
    t.push_str("CASSE-9,2026-06-30,societe\n");
    let csv = dir.path().join("lot.csv");
    std::fs::write(&csv, t).unwrap();
    // The exhibits of the fixture are relative to the CSV.
    let pieces = dir.path().join("pieces");
    std::fs::create_dir_all(&pieces).unwrap();
    for e in std::fs::read_dir(racine().join("fixtures/lot/pieces")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, pieces.join(p.file_name().unwrap())).unwrap();
    }
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre_borne(
        &[
            "batch",
            csv.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--at",
            "2026-06-30",
            "--quiet",
        ],
        None,
        Duration::from_secs(120),
    );
    assert_eq!(code, 1, "{stdout}{err}");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
    let d = r["dossiers"].as_array().unwrap();
    let casse = d
        .iter()
        .find(|x| x["source"].as_str().unwrap_or("").contains("CASSE-9"))
        .unwrap_or_else(|| panic!("{r}"));
    let n = lignes.len() + 2;
    assert!(
        casse["erreur"]
            .as_str()
            .unwrap()
            .contains(&format!("ligne {n}")),
        "{casse}"
    );
    assert!(
        d.iter()
            .any(|x| x["reference"] == "CSV-001" && x["statut"] == "construit"),
        "{r}"
    );
}

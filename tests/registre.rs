//! The register (issue 12) as a firm uses it: facts recorded by hand and by CSV, the hash
//! chain that finds an edited row, deadlines after an ordonnance, and month-end batches
//! that pick up where the last one stopped. Every scenario runs on an SQLite file and, when
//! `RECOUVRE_TEST_PG` names a PostgreSQL server (`.ci/postgres.sh` starts one), on
//! PostgreSQL too, each test in its own schema.

mod common;

use common::{racine, recouvre_env};
use std::path::{Path, PathBuf};

/// The registers a scenario runs on: `(label, --registre value)`.
fn registres(nom: &str, dir: &Path) -> Vec<(&'static str, String)> {
    let mut v = vec![(
        "sqlite",
        dir.join("portefeuille")
            .join("registre.sqlite")
            .display()
            .to_string(),
    )];
    match std::env::var("RECOUVRE_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => v.push(("postgresql", schema_pg(&url, nom))),
        _ => eprintln!(
            "{nom} : partie PostgreSQL ignorée (RECOUVRE_TEST_PG absent ; CI le définit avec .ci/postgres.sh)"
        ),
    }
    v
}

/// A fresh schema for one test; the URL that makes it the register's search path.
fn schema_pg(url: &str, nom: &str) -> String {
    let schema = format!("t_{nom}");
    let mut c =
        postgres::Client::connect(url, postgres::NoTls).expect("RECOUVRE_TEST_PG joignable");
    c.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    ))
    .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// `recouvre` with the register named and exhibits of facts kept in `dir/pieces-registre`
/// for PostgreSQL.
fn rc(reg: &str, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let pieces = dir.join("pieces-registre").display().to_string();
    let mut a: Vec<&str> = args.to_vec();
    a.push("--registre");
    a.push(reg);
    let env: Vec<(&str, &str)> = if reg.starts_with("postgres") {
        vec![("RECOUVRE_REGISTRE_PIECES", pieces.as_str())]
    } else {
        Vec::new()
    };
    recouvre_env(&a, &env)
}

/// `registre echeances --json` read back: « reference nature last_day » per deadline.
fn echeances_lues(o: &str) -> Vec<String> {
    json(o)["echeances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            format!(
                "{} {} {}",
                x["reference"].as_str().unwrap(),
                x["nature"].as_str().unwrap(),
                x["dernier_jour"].as_str().unwrap()
            )
        })
        .collect()
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("JSON illisible ({e}) : {s}"))
}

#[test]
fn facts_recorded_exported_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("avis.pdf"), b"%PDF-1.4 avis de reception").unwrap();
    for (label, reg) in registres("faits", d) {
        let (c, o, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "2026-0042",
                "paiement",
                "--le",
                "2026-03-10",
                "--montant",
                "1000",
                "--mode",
                "courrier",
                "--numero",
                "VIR-778",
            ],
        );
        assert_eq!(c, 0, "{label} : {e}");
        assert!(o.contains("entrée n° 1"), "{label} : {o}");
        let avis = d.join("avis.pdf").display().to_string();
        let (c, _, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "2026-0042",
                "envoi",
                "--le",
                "2026-03-11",
                "--mode",
                "lrar",
                "--numero",
                "1A 123 456 7890 1",
                "--piece",
                &avis,
            ],
        );
        assert_eq!(c, 0, "{label} : {e}");
        // A wrong fact names its field and writes nothing.
        let (c, _, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "2026-0042",
                "paiment",
                "--le",
                "2026-02-30",
            ],
        );
        assert_eq!(c, 2, "{label}");
        assert!(
            e.contains("› type") && e.contains("› date") && e.contains("paiement"),
            "{label} : {e}"
        );

        // CSV import: all or nothing, errors naming the line.
        let csv = d.join(format!("faits-{label}.csv"));
        std::fs::write(
            &csv,
            "reference,type,date,montant,mode,numero,note\n2026-0042,paiement,2026-04-01,250.50,,,\n2026-0043,ordonnance_injonction,2026-04-02,,,,TJ Paris\n2026-0044,paiement,2026-04-03,douze,,,\n",
        )
        .unwrap();
        let (c, _, e) = rc(&reg, d, &["registre", "importer", csv.to_str().unwrap()]);
        assert_eq!(c, 1, "{label} : {e}");
        assert!(
            e.contains("ligne 4") && e.contains("montant") && e.contains("rien n'a été enregistré"),
            "{label} : {e}"
        );
        let (_, o, _) = rc(&reg, d, &["registre", "exporter", "--json"]);
        assert_eq!(
            json(&o).as_array().unwrap().len(),
            2,
            "{label} : nothing imported"
        );
        std::fs::write(
            &csv,
            "reference;type;date;montant;mode;numero;note\n2026-0042;paiement;2026-04-01;250,50;;;\n2026-0043;ordonnance_injonction;2026-04-02;;;;TJ Paris\n",
        )
        .unwrap();
        let (c, o, e) = rc(&reg, d, &["registre", "importer", csv.to_str().unwrap()]);
        assert_eq!(c, 0, "{label} : {e}");
        assert!(o.contains("2 entrée(s)"), "{label} : {o}");

        let (c, o, _) = rc(&reg, d, &["registre", "exporter", "--json"]);
        assert_eq!(c, 0);
        let v = json(&o);
        let v = v.as_array().unwrap();
        assert_eq!(v.len(), 4, "{label}");
        assert_eq!(v[0]["contenu"]["montant"], "1000.00");
        assert_eq!(v[2]["contenu"]["montant"], "250.50");
        assert_eq!(v[1]["empreinte_precedente"], v[0]["empreinte"]);
        // The exhibit is kept by its hash.
        let sha = v[1]["contenu"]["piece"]["sha256"]
            .as_str()
            .unwrap()
            .to_owned();
        let pieces = if label == "sqlite" {
            d.join("portefeuille/pieces")
        } else {
            d.join("pieces-registre")
        };
        assert_eq!(
            std::fs::read(pieces.join(&sha)).unwrap(),
            b"%PDF-1.4 avis de reception"
        );
        let (c, o, _) = rc(&reg, d, &["registre", "exporter"]);
        assert_eq!(c, 0);
        assert!(o.starts_with("id,reference,genre,date,type,montant"), "{o}");
        assert_eq!(o.lines().count(), 5);

        let (c, o, e) = rc(&reg, d, &["registre", "verifier"]);
        assert_eq!(c, 0, "{label} : {e}");
        assert!(o.contains("4 entrée(s)"), "{label} : {o}");

        // The merged timeline, with each event's origin.
        let dossier = d.join(format!("dossier-{label}.toml"));
        std::fs::write(&dossier, cas("2026-0042", "l441-10", "4800.00", "[[evenements]]\ndate = \"2026-03-11\"\ntype = \"relance\"\n[[paiements]]\ndate = \"2026-03-10\"\nmontant = \"1000.00\"\n")).unwrap();
        let (c, o, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "historique",
                "2026-0042",
                "--json",
                "--dossier",
                dossier.to_str().unwrap(),
            ],
        );
        assert_eq!(c, 0, "{label} : {e}");
        let h = json(&o);
        let ev = h["evenements"].as_array().unwrap();
        let origines: Vec<(&str, &str)> = ev
            .iter()
            .map(|x| (x["quoi"].as_str().unwrap(), x["origine"].as_str().unwrap()))
            .collect();
        assert_eq!(
            origines,
            [
                ("paiement", "dossier et registre"),
                ("relance", "dossier"),
                ("envoi confirmé", "registre"),
                ("paiement", "registre"),
            ],
            "{label}"
        );
    }
}

/// One row changed with the `sqlite3` tool (its append-only trigger dropped first, as a
/// tamperer would): `registre verifier` exits 1 naming it; the untouched register verifies.
#[test]
fn an_edited_row_is_found() {
    if std::process::Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_err()
    {
        panic!("l'outil sqlite3 manque : apt-get install sqlite3 (.ci/run l'installe)");
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let reg = d.join("registre.sqlite").display().to_string();
    for (r, m) in [("A-1", "100"), ("B-2", "200"), ("C-3", "300")] {
        let (c, _, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                r,
                "paiement",
                "--le",
                "2026-03-10",
                "--montant",
                m,
            ],
        );
        assert_eq!(c, 0, "{e}");
    }
    let (c, _, e) = rc(&reg, d, &["registre", "verifier"]);
    assert_eq!(c, 0, "{e}");
    // The journal refuses an update while its trigger stands.
    let o = std::process::Command::new("sqlite3")
        .args([
            &reg,
            "UPDATE journal SET payload = replace(payload, '200.00', '20.00') WHERE id = 2;",
        ])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let o = std::process::Command::new("sqlite3")
        .args([&reg, "DROP TRIGGER journal_sans_modification; UPDATE journal SET payload = replace(payload, '200.00', '20.00') WHERE id = 2;"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (c, _, e) = rc(&reg, d, &["registre", "verifier"]);
    assert_eq!(c, 1, "{e}");
    assert!(e.contains("entrée n° 2") && e.contains("B-2"), "{e}");
    // A batch refuses to read a broken register.
    let src = d.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let (c, _, e) = rc(
        &reg,
        d,
        &[
            "batch",
            src.to_str().unwrap(),
            "--out",
            d.join("out").to_str().unwrap(),
            "--at",
            "2026-04-01",
        ],
    );
    assert_eq!(c, 2);
    assert!(e.contains("altéré") && e.contains("entrée n° 2"), "{e}");
}

/// A register written by a newer recouvre is refused with a clear message.
#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (label, reg) in registres("schema", d) {
        let (c, _, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "A-1",
                "relance",
                "--le",
                "2026-03-10",
            ],
        );
        assert_eq!(c, 0, "{label} : {e}");
        if label == "sqlite" {
            let c = rusqlite::Connection::open(&reg).unwrap();
            c.execute("INSERT INTO schema_version (version) VALUES (99)", [])
                .unwrap();
        } else {
            let url = std::env::var("RECOUVRE_TEST_PG").unwrap();
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            c.batch_execute("INSERT INTO t_schema.schema_version (version) VALUES (99)")
                .unwrap();
        }
        let (c, _, e) = rc(&reg, d, &["registre", "verifier"]);
        assert_eq!(c, 2, "{label}");
        assert!(
            e.contains("version plus récente") && e.contains("99"),
            "{label} : {e}"
        );
    }
}

/// CPC 1411 as amended by décret 2026-96: ordonnance of 20/08/2026 → serve by 22/02/2027
/// (six months end on Saturday 20/02/2027, CPC 642); of 10/09/2026 → by 10/12/2026.
#[test]
fn deadlines_after_an_ordonnance() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (label, reg) in registres("echeances", d) {
        for (r, date) in [("ORD-AOUT", "2026-08-20"), ("ORD-SEPT", "2026-09-10")] {
            let (c, _, e) = rc(
                &reg,
                d,
                &[
                    "registre",
                    "ajouter",
                    r,
                    "ordonnance_injonction",
                    "--le",
                    date,
                ],
            );
            assert_eq!(c, 0, "{label} : {e}");
        }
        let (c, o, e) = rc(
            &reg,
            d,
            &["registre", "echeances", "--au", "2026-09-15", "--json"],
        );
        assert_eq!(c, 0, "{label} : {e}");
        let v = json(&o);
        let e: Vec<(&str, &str, &str)> = v["echeances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["reference"].as_str().unwrap(),
                    x["nature"].as_str().unwrap(),
                    x["dernier_jour"].as_str().unwrap(),
                )
            })
            .collect();
        // Soonest first.
        assert_eq!(
            e,
            [
                ("ORD-SEPT", "signification_ordonnance", "2026-12-10"),
                ("ORD-AOUT", "signification_ordonnance", "2027-02-22"),
            ],
            "{label}"
        );
        let (_, o, _) = rc(&reg, d, &["registre", "echeances", "--au", "2026-09-15"]);
        assert!(
            o.contains("10/12/2026  ORD-SEPT") && o.contains("22/02/2027  ORD-AOUT"),
            "{o}"
        );
        // Served: the opposition period follows (CPC 1416), the service deadline goes.
        let (c, _, _) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "ORD-SEPT",
                "signification",
                "--le",
                "2026-10-01",
                "--mode",
                "commissaire",
            ],
        );
        assert_eq!(c, 0);
        let (_, o, _) = rc(
            &reg,
            d,
            &["registre", "echeances", "--au", "2026-09-15", "--json"],
        );
        let natures = echeances_lues(&o);
        assert_eq!(
            natures,
            [
                "ORD-SEPT opposition 2026-11-02",
                "ORD-SEPT execution_sans_opposition 2026-12-01",
                "ORD-AOUT signification_ordonnance 2027-02-22",
            ],
            "{label}"
        );
    }
}

/// A case file as an ERP writes it: never edited by the cycle below.
fn cas(reference: &str, interets: &str, montant: &str, extra: &str) -> String {
    format!(
        "reference = \"{reference}\"\n\n[creancier]\nnature = \"societe\"\ndenomination = \"Fournitures Dupuis\"\nforme_juridique = \"SAS\"\ncapital = \"100000\"\nsiren = \"732829320\"\nrcs = \"Paris\"\nrepresentant = {{ nom = \"Anne Dupuis\", qualite = \"Présidente\" }}\nadresse = {{ lignes = [\"3 rue du Faubourg\"], code_postal = \"75010\", ville = \"Paris\" }}\niban = \"FR7630006000011234567890189\"\n\n[debiteur]\nnature = \"societe\"\ndenomination = \"Client SARL\"\nforme_juridique = \"SARL\"\nsiren = \"404833048\"\ncommercant = true\nrepresentant = {{ nom = \"Paul Gérant\", qualite = \"Gérant\" }}\nadresse = {{ lignes = [\"8 avenue de la République\"], code_postal = \"75011\", ville = \"Paris\" }}\n\n[creance]\nfondement = \"contrat\"\ndescription = \"Fournitures de bureau, contrat-cadre du 2 janvier 2025\"\ninterets = \"{interets}\"\nindemnite_forfaitaire = false\n\n[[factures]]\nnumero = \"F-{reference}\"\ndate = \"2026-01-15\"\necheance = \"2026-02-14\"\nmontant = \"{montant}\"\n{extra}"
    )
}

fn lot(reg: &str, d: &Path, src: &Path, date: &str) -> serde_json::Value {
    let out = d.join(format!("out-{}-{date}", etiquette(reg)));
    let (c, _, e) = rc(
        reg,
        d,
        &[
            "batch",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--at",
            date,
            "--quiet",
        ],
    );
    assert!(c == 0, "batch {date} : {e}");
    json(&std::fs::read_to_string(out.join("rapport.json")).unwrap())
}

fn ligne<'a>(r: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    r["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["reference"] == reference)
        .unwrap_or_else(|| panic!("{reference} absent du rapport"))
}

fn etat(r: &serde_json::Value, reference: &str) -> (String, String) {
    let l = ligne(r, reference);
    (
        l["statut"].as_str().unwrap().to_owned(),
        l["etape"].as_str().unwrap_or("").to_owned(),
    )
}

fn etiquette(reg: &str) -> &'static str {
    if reg.starts_with("postgres") {
        "postgresql"
    } else {
        "sqlite"
    }
}

/// `recouvre decompte` of a case file with extra payments, to compare a batch's amounts.
fn total_attendu(d: &Path, texte: &str, at: &str) -> String {
    let f = d.join("attendu.toml");
    std::fs::write(&f, texte).unwrap();
    let (c, o, e) = common::recouvre(&["decompte", f.to_str().unwrap(), "--at", at, "--json"]);
    assert_eq!(c, 0, "{e}");
    json(&o)["total"].as_str().unwrap().to_owned()
}

/// The month-end cycle of the issue: fresh cases, never edited, run at successive dates
/// through one register, go relance 1 → relance 2 → mise en demeure → requête at the
/// policy's dates; a payment recorded in between is imputed in the next décompte; a case
/// paid in full becomes `solde`; legal interest runs from the register's mise en demeure.
#[test]
fn month_end_cycle_picks_up_where_the_last_run_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (label, reg) in registres("cycle", d) {
        let src = d.join(format!("src-{label}"));
        std::fs::create_dir_all(&src).unwrap();
        let texte_a = cas("CYC-A", "l441-10", "4800.00", "");
        std::fs::write(src.join("a.toml"), &texte_a).unwrap();
        std::fs::write(src.join("b.toml"), cas("CYC-B", "legal", "1200.00", "")).unwrap();
        let texte_c = cas("CYC-C", "legal", "3000.00", "");
        std::fs::write(src.join("c.toml"), &texte_c).unwrap();
        let fichiers_avant: Vec<Vec<u8>> = ["a.toml", "b.toml", "c.toml"]
            .iter()
            .map(|f| std::fs::read(src.join(f)).unwrap())
            .collect();
        let tous = |r: &serde_json::Value| -> Vec<(String, String)> {
            ["CYC-A", "CYC-B", "CYC-C"]
                .iter()
                .map(|x| etat(r, x))
                .collect()
        };
        let p = |s: &str, e: &str| (s.to_owned(), e.to_owned());

        // Due 14/02; first reminder 15 days later (law/politique.toml).
        let r = lot(&reg, d, &src, "2026-03-02");
        assert_eq!(tous(&r), vec![p("construit", "relance"); 3], "{label}");
        // Running again the same day changes nothing.
        let r = lot(&reg, d, &src, "2026-03-02");
        assert_eq!(tous(&r), vec![p("inchange", "relance"); 3], "{label}");
        let r = lot(&reg, d, &src, "2026-03-10");
        assert_eq!(etat(&r, "CYC-A").0, "rien_a_faire", "{label}");
        assert_eq!(ligne(&r, "CYC-A")["prochaine_date"], "2026-03-17");
        assert_eq!(ligne(&r, "CYC-A")["derniere_etape"], "relance");
        assert_eq!(ligne(&r, "CYC-A")["derniere_etape_le"], "2026-03-02");
        let r = lot(&reg, d, &src, "2026-03-17");
        assert_eq!(tous(&r), vec![p("construit", "relance"); 3], "{label}");

        // Payments recorded between two runs.
        for (reference, montant) in [("CYC-A", "1000"), ("CYC-B", "1200")] {
            let (c, _, e) = rc(
                &reg,
                d,
                &[
                    "registre",
                    "ajouter",
                    reference,
                    "paiement",
                    "--le",
                    "2026-03-20",
                    "--montant",
                    montant,
                    "--mode",
                    "courrier",
                ],
            );
            assert_eq!(c, 0, "{e}");
        }
        let r = lot(&reg, d, &src, "2026-03-25");
        assert_eq!(
            etat(&r, "CYC-A"),
            p("construit", "mise_en_demeure"),
            "{label}"
        );
        assert_eq!(etat(&r, "CYC-B").0, "solde", "{label}");
        assert_eq!(
            etat(&r, "CYC-C"),
            p("construit", "mise_en_demeure"),
            "{label}"
        );
        // The payment is imputed: the same total as the case file with the payment in it.
        let avec_paiement =
            format!("{texte_a}\n[[paiements]]\ndate = \"2026-03-20\"\nmontant = \"1000.00\"\n");
        assert_eq!(
            ligne(&r, "CYC-A")["total"],
            total_attendu(d, &avec_paiement, "2026-03-25")
        );
        assert_ne!(
            ligne(&r, "CYC-A")["total"],
            total_attendu(d, &texte_a, "2026-03-25")
        );
        // Legal interest: nothing before the mise en demeure of 25/03 (C. civ. 1344-1)...
        assert_eq!(ligne(&r, "CYC-C")["interets"], "0.00", "{label}");

        // Mise en demeure of 25/03 + 8 days = Thursday 02/04: court from 03/04.
        let r = lot(&reg, d, &src, "2026-04-02");
        assert_eq!(etat(&r, "CYC-A").0, "rien_a_faire", "{label}");
        assert_eq!(ligne(&r, "CYC-A")["prochaine_date"], "2026-04-03");
        let r = lot(&reg, d, &src, "2026-04-03");
        assert_eq!(etat(&r, "CYC-A"), p("construit", "injonction"), "{label}");
        assert_eq!(etat(&r, "CYC-B").0, "solde", "{label}");
        // ...and from it after: the register's mise en demeure starts it.
        let avec_med = format!(
            "{texte_c}\n[[evenements]]\ndate = \"2026-03-25\"\ntype = \"mise_en_demeure\"\n"
        );
        assert_eq!(
            ligne(&r, "CYC-C")["total"],
            total_attendu(d, &avec_med, "2026-04-03"),
            "{label}"
        );
        assert_ne!(ligne(&r, "CYC-C")["interets"], "0.00", "{label}");

        // After the requête, the case waits for the court.
        let r = lot(&reg, d, &src, "2026-04-20");
        assert_eq!(etat(&r, "CYC-A").0, "en_attente", "{label}");
        assert!(
            ligne(&r, "CYC-A")["attente"]
                .as_str()
                .unwrap()
                .contains("ordonnance_injonction"),
            "{label}"
        );

        // The ordonnance recorded: the next run produces the letter to the commissaire to
        // serve it (CPC 1411), then the case waits for the signification.
        let ajouter = |reference: &str, type_: &str, le: &str| {
            let (c, _, e) = rc(
                &reg,
                d,
                &["registre", "ajouter", reference, type_, "--le", le],
            );
            assert_eq!(c, 0, "{e}");
        };
        // The ordonnance comes with its copy: an exhibit kept by the register, which joins
        // the case's exhibits in the next bundles.
        let copie = d.join("ordonnance.pdf");
        std::fs::copy(racine().join("fixtures/exemple/pieces/contrat.pdf"), &copie).unwrap();
        let (c, _, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "CYC-A",
                "ordonnance_injonction",
                "--le",
                "2026-04-28",
                "--piece",
                copie.to_str().unwrap(),
            ],
        );
        assert_eq!(c, 0, "{e}");
        let r = lot(&reg, d, &src, "2026-05-04");
        let bundle = d
            .join(format!("out-{}-2026-05-04", etiquette(&reg)))
            .join("CYC-A/CYC-A-commissaire.zip");
        let liste = std::process::Command::new("unzip")
            .arg("-l")
            .arg(&bundle)
            .output()
            .unwrap();
        let liste = String::from_utf8_lossy(&liste.stdout);
        assert!(
            liste.contains("data/pieces/") && liste.to_lowercase().contains("ordonnance"),
            "{label}: {liste}"
        );
        let (c, o, e) = recouvre_env(&["verify", bundle.to_str().unwrap()], &[]);
        assert_eq!(c, 0, "{o}{e}");
        assert_eq!(
            etat(&r, "CYC-A"),
            p("construit", "signification_ordonnance"),
            "{label}"
        );
        let r = lot(&reg, d, &src, "2026-05-11");
        assert_eq!(etat(&r, "CYC-A").0, "en_attente", "{label}");
        assert!(
            ligne(&r, "CYC-A")["attente"]
                .as_str()
                .unwrap()
                .contains("enregistrez la signification"),
            "{label}: {}",
            ligne(&r, "CYC-A")
        );
        // Served: nothing more from the escalation.
        ajouter("CYC-A", "signification", "2026-05-15");
        let r = lot(&reg, d, &src, "2026-05-20");
        assert_ne!(etat(&r, "CYC-A").0, "construit", "{label}");

        // The case files were never edited; every step recorded points to complete outputs.
        for (f, avant) in ["a.toml", "b.toml", "c.toml"].iter().zip(&fichiers_avant) {
            assert_eq!(&std::fs::read(src.join(f)).unwrap(), avant);
        }
        let (c, o, _) = rc(&reg, d, &["registre", "exporter", "--json"]);
        assert_eq!(c, 0);
        let etapes: Vec<String> = json(&o)
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["genre"] == "etape" && e["reference"] == "CYC-A")
            .map(|e| {
                format!(
                    "{} {}",
                    e["date"].as_str().unwrap(),
                    e["contenu"]["etape"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            etapes,
            [
                "2026-03-02 relance",
                "2026-03-17 relance",
                "2026-03-25 mise_en_demeure",
                "2026-04-03 injonction",
                "2026-05-04 signification_ordonnance"
            ],
            "{label}"
        );
        verifier_sorties(&reg, d);
        let (c, _, e) = rc(&reg, d, &["registre", "verifier"]);
        assert_eq!(c, 0, "{e}");
    }
}

/// Every step entry points to files that exist with the recorded hashes.
fn verifier_sorties(reg: &str, d: &Path) {
    let (_, o, _) = rc(reg, d, &["registre", "exporter", "--json"]);
    for e in json(&o)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["genre"] == "etape")
    {
        let out = d.join(format!(
            "out-{}-{}",
            etiquette(reg),
            e["date"].as_str().unwrap()
        ));
        let c = &e["contenu"];
        let fichiers: Vec<&serde_json::Value> = c["documents"]
            .as_array()
            .unwrap()
            .iter()
            .chain(c["bundles"].as_array().unwrap())
            .collect();
        assert!(!fichiers.is_empty());
        for f in fichiers {
            let chemin: PathBuf = out.join(f["chemin"].as_str().unwrap());
            let octets =
                std::fs::read(&chemin).unwrap_or_else(|_| panic!("{} absent", chemin.display()));
            assert_eq!(
                sha256(&octets),
                f["sha256"].as_str().unwrap(),
                "{}",
                chemin.display()
            );
        }
    }
}

fn sha256(o: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(o)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `envoi = "sur_confirmation"`: a produced reminder counts only once its sending is
/// recorded; meanwhile the report says the case awaits confirmation.
#[test]
fn a_letter_counts_once_its_sending_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let politique = d.join("politique.toml");
    let defaut = std::fs::read_to_string(racine().join("law/politique.toml")).unwrap();
    std::fs::write(
        &politique,
        defaut.replace(
            "envoi = \"a_la_production\"",
            "envoi = \"sur_confirmation\"",
        ),
    )
    .unwrap();
    for (label, reg) in registres("confirmation", d) {
        let src = d.join(format!("src-{label}"));
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.toml"), cas("CONF-A", "l441-10", "900.00", "")).unwrap();
        let lot_p = |date: &str| {
            let out = d.join(format!("out-{label}-{date}"));
            let (c, _, e) = rc(
                &reg,
                d,
                &[
                    "batch",
                    src.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                    "--at",
                    date,
                    "--quiet",
                    "--politique",
                    politique.to_str().unwrap(),
                ],
            );
            assert_eq!(c, 0, "{e}");
            json(&std::fs::read_to_string(out.join("rapport.json")).unwrap())
        };
        let r = lot_p("2026-03-02");
        assert_eq!(
            etat(&r, "CONF-A"),
            ("construit".into(), "relance".into()),
            "{label}"
        );
        let r = lot_p("2026-03-20");
        assert_eq!(etat(&r, "CONF-A").0, "en_attente", "{label}");
        let attente = ligne(&r, "CONF-A")["attente"].as_str().unwrap().to_owned();
        assert!(
            attente.contains("en attente de confirmation") && attente.contains("CONF-A envoi"),
            "{attente}"
        );
        let (c, _, e) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "CONF-A",
                "envoi",
                "--le",
                "2026-03-04",
                "--mode",
                "lrar",
                "--numero",
                "1A0001",
            ],
        );
        assert_eq!(c, 0, "{e}");
        // Confirmed on 04/03: the second reminder is due 15 days after, on 19/03.
        let r = lot_p("2026-03-20");
        assert_eq!(
            etat(&r, "CONF-A"),
            ("construit".into(), "relance".into()),
            "{label}"
        );
    }
}

fn lot_generique(n: usize, graine: u64, src: &Path) {
    let piece = std::fs::read(racine().join("fixtures/exemple/pieces/F-2026-0101.pdf")).unwrap();
    common::generateur::ecrire_lot(src, n, graine, &piece);
}

fn batch_enfant(reg: &str, d: &Path, src: &Path, out: &Path) -> std::process::Child {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_recouvre"));
    c.args([
        "batch",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--at",
        "2026-06-30",
        "--quiet",
        "--jobs",
        "2",
        "--registre",
        reg,
    ])
    .current_dir(racine())
    .env_remove("RECOUVRE_LAW")
    .stderr(std::process::Stdio::piped());
    if reg.starts_with("postgres") {
        c.env("RECOUVRE_REGISTRE_PIECES", d.join("pieces-registre"));
    }
    c.spawn().unwrap()
}

/// Steps recorded for each case, and every one of them pointing to outputs of `out` that
/// exist with the recorded hashes.
fn etapes_et_sorties(reg: &str, d: &Path, out: &Path) -> std::collections::BTreeMap<String, usize> {
    let (c, o, e) = rc(reg, d, &["registre", "exporter", "--json"]);
    assert_eq!(c, 0, "{e}");
    let mut n = std::collections::BTreeMap::new();
    for e in json(&o)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["genre"] == "etape")
    {
        *n.entry(e["reference"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
        let c = &e["contenu"];
        for f in c["documents"]
            .as_array()
            .unwrap()
            .iter()
            .chain(c["bundles"].as_array().unwrap())
        {
            let chemin = out.join(f["chemin"].as_str().unwrap());
            let octets = std::fs::read(&chemin)
                .unwrap_or_else(|_| panic!("entrée {} : {} absent", e["id"], chemin.display()));
            assert_eq!(
                sha256(&octets),
                f["sha256"].as_str().unwrap(),
                "{}",
                chemin.display()
            );
        }
    }
    n
}

/// SIGKILL during a batch, then a re-run: every register entry points to complete outputs
/// whose hashes match, each built case is recorded exactly once, the chain verifies.
#[test]
fn a_killed_batch_leaves_no_entry_without_its_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = d.join("src");
    lot_generique(60, 11, &src);
    for (label, reg) in registres("kill", d) {
        let out = d.join(format!("out-{label}"));
        let mut enfant = batch_enfant(&reg, d, &src, &out);
        let debut = std::time::Instant::now();
        // Killed once a few cases are recorded (or their outputs written).
        loop {
            let ecrits = std::fs::read_dir(&out).map(|r| r.count()).unwrap_or(0);
            if ecrits >= 8 || debut.elapsed().as_secs() > 120 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let _ = enfant.kill();
        let _ = enfant.wait();
        let avant = etapes_et_sorties(&reg, d, &out);
        let (c, _, e) = rc(
            &reg,
            d,
            &[
                "batch",
                src.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--at",
                "2026-06-30",
                "--quiet",
            ],
        );
        assert!(c == 0 || c == 1, "{label} : {e}");
        let apres = etapes_et_sorties(&reg, d, &out);
        assert!(
            apres.len() > avant.len(),
            "{label} : the re-run records the rest"
        );
        assert!(
            apres.values().all(|&n| n == 1),
            "{label} : a step recorded twice: {apres:?}"
        );
        let r = json(&std::fs::read_to_string(out.join("rapport.json")).unwrap());
        let construits: Vec<&str> = r["dossiers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["statut"] == "construit" || l["statut"] == "inchange")
            .map(|l| l["reference"].as_str().unwrap())
            .collect();
        assert_eq!(
            construits.len(),
            apres.len(),
            "{label} : every built case recorded"
        );
        let (c, _, e) = rc(&reg, d, &["registre", "verifier"]);
        assert_eq!(c, 0, "{label} : {e}");
    }
}

/// Two batches started together on one register: both finish (the second waits for each
/// append) or one says clearly the register is busy; the chain verifies.
#[test]
fn two_batches_at_once_keep_the_chain_whole() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = d.join("src");
    lot_generique(30, 5, &src);
    for (label, reg) in registres("concurrence", d) {
        let a = batch_enfant(&reg, d, &src, &d.join(format!("out-{label}-1")));
        let b = batch_enfant(&reg, d, &src, &d.join(format!("out-{label}-2")));
        for enfant in [a, b] {
            let o = enfant.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            match o.status.code() {
                Some(0 | 1) => {}
                Some(2) => assert!(err.contains("occupé"), "{label} : {err}"),
                c => panic!("{label} : code {c:?} : {err}"),
            }
        }
        let (c, o, e) = rc(&reg, d, &["registre", "verifier"]);
        assert_eq!(c, 0, "{label} : {e}");
        assert!(!o.contains(" 0 entrée"), "{label} : {o}");
    }
}

fn copier_dossier(de: &Path, vers: &Path) {
    std::fs::create_dir_all(vers).unwrap();
    for e in std::fs::read_dir(de).unwrap().flatten() {
        let cible = vers.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copier_dossier(&e.path(), &cible);
        } else {
            std::fs::copy(e.path(), cible).unwrap();
        }
    }
}

/// The portfolio's deadlines beyond the injonction: a saisie conservatoire known only to the
/// register needs a procedure towards a title within a month (CPCE R511-7: 03/07 →
/// 03/08/2026); a case heading for the tribunal judiciaire, its assignation recorded, must
/// reach the greffe 15 days before the hearing of 15/09/2026 (CPC 754: 31/08/2026); a
/// debtor in collective procedure: the declaration period (R622-24) has passed at the date
/// asked, the relevé de forclusion (L622-26) remains, until 23/11/2026; a payment plan
/// acknowledged on 15/07/2026 whose first instalment of 31/07 is unpaid: listed, late.
#[test]
fn deadlines_of_the_other_paths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = d.join("portefeuille");
    for f in ["b2c-particulier", "procedure-collective", "echeancier"] {
        copier_dossier(&racine().join("fixtures").join(f), &src.join(f));
    }
    let src_s = src.display().to_string();
    for (label, reg) in registres("suivi", d) {
        for (r, t, date) in [
            ("SC-1", "saisie_conservatoire", "2026-07-03"),
            ("2026-0213", "assignation", "2026-08-10"),
            ("2026-0261", "reconnaissance_de_dette", "2026-07-15"),
        ] {
            let (c, _, e) = rc(&reg, d, &["registre", "ajouter", r, t, "--le", date]);
            assert_eq!(c, 0, "{label} : {e}");
        }
        let args = [
            "registre",
            "echeances",
            "--au",
            "2026-08-01",
            "--dossier",
            src_s.as_str(),
        ];
        let mut avec_json = args.to_vec();
        avec_json.push("--json");
        let (c, o, e) = rc(&reg, d, &avec_json);
        assert_eq!(c, 0, "{label} : {e}");
        let natures = echeances_lues(&o);
        assert_eq!(
            natures,
            [
                "2026-0261 versement_echeancier 2026-07-31",
                "SC-1 titre_apres_saisie_conservatoire 2026-08-03",
                "2026-0213 remise_au_greffe 2026-08-31",
                "2026-0213 audience 2026-09-15",
                "2026-0077 releve_forclusion 2026-11-23",
            ],
            "{label}"
        );
        assert_eq!(json(&o)["echeances"][0]["en_retard"], true, "{label}");
        let (c, o, _) = rc(&reg, d, &args);
        assert_eq!(c, 0);
        assert!(
            o.contains(
                "31/07/2026  2026-0261  EN RETARD : versement n° 1 sur 6 de l'échéancier : 500,00"
            ),
            "{label} : {o}"
        );
        assert!(
            o.contains("31/08/2026  2026-0213  remettre une copie de l'assignation au greffe")
                && o.contains("avant l'audience du 15/09/2026 ; CPC art. 754")
                && o.contains(
                    "15/09/2026  2026-0213  audience à 09:30 (dossier : [procedure] audience"
                ),
            "{label} : {o}"
        );
        // The requête of 20/07 meets R511-7: that deadline goes.
        let (c, _, _) = rc(
            &reg,
            d,
            &[
                "registre",
                "ajouter",
                "SC-1",
                "requete_injonction",
                "--le",
                "2026-07-20",
            ],
        );
        assert_eq!(c, 0);
        let (_, o, _) = rc(&reg, d, &avec_json);
        assert!(!o.contains("SC-1"), "{label} : {o}");
    }
}

//! The binary driven as a user would: each test reads like a session at the terminal.

mod common;

use common::racine;

use std::path::Path;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn recouvre_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let (code, stdout, stderr) = common::recouvre_env(args, env);
    Run {
        code,
        stdout,
        stderr,
    }
}

fn recouvre(args: &[&str]) -> Run {
    recouvre_env(args, &[])
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

const FIXTURES: &[&str] = &[
    "fixtures/exemple/dossier.toml",
    "fixtures/b2b-paiements-partiels/dossier.toml",
    "fixtures/b2c-particulier/dossier.toml",
    "fixtures/alsace-contractuel/dossier.toml",
    "fixtures/aucun-interet/dossier.toml",
    "fixtures/creancier-particulier/dossier.toml",
];

#[test]
fn every_fixture_passes_check() {
    let mut args = vec!["check"];
    args.extend(FIXTURES);
    let r = recouvre(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("erreur"), "{}", r.stderr);
    assert_eq!(
        r.stdout.matches(": valide").count(),
        FIXTURES.len(),
        "{}",
        r.stdout
    );
}

/// DESIGN.md's example case at 2026-06-30, invoice F-2026-0101, to the cent.
#[test]
fn decompte_json_of_the_example() {
    let r = recouvre(&["decompte", "fixtures/exemple/dossier.toml", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let f = &j["factures"][0];
    assert_eq!(f["numero"], "F-2026-0101");
    assert_eq!(f["paye"], "1000.00");
    assert_eq!(f["principal"], "3838.35");
    assert_eq!(f["interets"], "143.10");
    assert_eq!(f["indemnite"], "40.00");
    assert_eq!(f["periodes"][0]["interets"], "38.35");
    // Second invoice: 1 250.40 € × 12.15 % × 104 d / 36 500 = 43.29 €.
    let g = &j["factures"][1];
    assert_eq!(g["periodes"][0]["jours"], 104);
    assert_eq!(g["interets"], "43.29");
    assert_eq!(j["principal"], "5088.75");
    assert_eq!(j["interets"], "186.39");
    assert_eq!(j["indemnites"], "80.00");
    assert_eq!(j["total"], "5355.14");
}

/// Hand-worked: TL-2025-1187 8 640 € due 28/12/2025; 3 000 € unassigned on 02/02/2026 goes
/// to it first (earliest échéance, C. civ. 1342-10): interest 8.63 (3 d) + 94.91 (33 d) =
/// 103.54 € paid first (1343-1), principal 8 640 − 2 896.46 = 5 743.54 €.
#[test]
fn decompte_b2b_partial_payments_and_clause_penale() {
    let r = recouvre(&[
        "decompte",
        "fixtures/b2b-paiements-partiels/dossier.toml",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let f = &j["factures"][0];
    assert_eq!(f["imputations"][0]["sur_interets"], "103.54");
    assert_eq!(f["principal"], "5743.54");
    // 5 743.54 × 12.15 × 148 / 36 500 = 282.96
    assert_eq!(f["interets"], "282.96");
    assert_eq!(j["non_exigibles"][0]["numero"], "TL-2026-0311");
    assert_eq!(j["factures"].as_array().unwrap().len(), 2);
    // Clause pénale 10 % of the unpaid principal 7 421.17 €.
    assert_eq!(j["principal"], "7421.17");
    assert_eq!(j["clause_penale"], "742.12");
    assert!(r.stderr.contains("non échue"), "{}", r.stderr);
}

/// Consumer debtor, legal rate column B from the mise en demeure of 24/02/2026 (2.62 %):
/// 2 386 € × 2.62 % × 24 d = 4.11 €; the 500 € of 20/03/2026 pays it, then principal
/// 1 890.11 € × 2.62 % × 102 d = 13.84 €. No 40 €.
#[test]
fn decompte_consumer_legal_rate() {
    let r = recouvre(&[
        "decompte",
        "fixtures/b2c-particulier/dossier.toml",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let f = &j["factures"][0];
    assert_eq!(f["periodes"][0]["du"], "2026-02-25");
    assert_eq!(f["periodes"][0]["taux"], "2.62");
    assert_eq!(f["periodes"][0]["interets"], "4.11");
    assert_eq!(f["principal"], "1890.11");
    assert_eq!(f["interets"], "13.84");
    assert_eq!(j["indemnites"], "0.00");
    assert_eq!(j["mode_interets"], "legal");
}

/// Creditor a particulier: column A (6.65 % then 6.67 %).
#[test]
fn decompte_private_creditor_column_a() {
    let r = recouvre(&[
        "decompte",
        "fixtures/creancier-particulier/dossier.toml",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let p = &j["factures"][0]["periodes"];
    assert_eq!(p[0]["taux"], "6.65");
    assert_eq!(p[0]["regle"], "legal-a");
    assert_eq!(p[1]["taux"], "6.67");
    assert_eq!(j["indemnites"], "0.00");
}

#[test]
fn decompte_contractual_floor_and_no_interest_modes() {
    let r = recouvre(&[
        "decompte",
        "fixtures/alsace-contractuel/dossier.toml",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(j["factures"][0]["periodes"][0]["taux"], "8.28");
    assert_eq!(j["factures"][0]["periodes"][0]["regle"], "plancher");
    assert!(r.stderr.contains("plancher"));
    let r = recouvre(&["decompte", "fixtures/aucun-interet/dossier.toml", "--json"]);
    let j = json(&r);
    assert_eq!(j["interets"], "0.00");
    assert_eq!(j["indemnites"], "40.00");
    assert_eq!(j["total"], "1490.00");
}

#[test]
fn decompte_table_is_french() {
    let r = recouvre(&["decompte", "fixtures/exemple/dossier.toml"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Arrêté au 30 juin 2026"));
    assert!(r.stdout.contains("4\u{202f}800,00\u{a0}€"));
    assert!(r.stdout.contains("12,15\u{a0}%"));
    assert!(r.stdout.contains("TOTAL DÛ"));
    assert!(r.stdout.contains("5\u{202f}355,14\u{a0}€"));
    assert!(r.stdout.contains("Méthode de calcul : "));
    assert!(r.stdout.contains("36 500"));
}

/// A half-year no table knows is named, and `--law` supplies it. The horizon is synthetic
/// (a case in 2190) so the test holds when real rates are added to `law/`.
#[test]
fn unknown_half_year_names_it_and_law_dir_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let cas = dir.path().join("futur.toml");
    std::fs::write(
        &cas,
        "reference = \"FUTUR\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n\
         [debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n[creance]\ninterets = \"l441-10\"\n\
         [[factures]]\nnumero = \"F\"\ndate = \"2190-01-01\"\necheance = \"2190-01-31\"\nmontant = \"1000\"\n",
    )
    .unwrap();
    let cas = cas.to_str().unwrap();
    let r = recouvre(&["decompte", cas, "--at", "2190-09-30"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("taux 2190-S1 inconnu"), "{}", r.stderr);
    assert!(r.stderr.contains("--law"), "{}", r.stderr);
    let loi = dir.path().join("loi");
    std::fs::create_dir_all(&loi).unwrap();
    std::fs::write(
        loi.join("bce.toml"),
        "[table]\nconnu_jusqu_au = \"2190-07-01\"\n[[taux]]\ndate_effet = \"2189-12-01\"\ntaux = \"3.00\"\nsource = \"test\"\n",
    )
    .unwrap();
    let r = recouvre_env(
        &["decompte", cas, "--at", "2190-09-30", "--json"],
        &[("RECOUVRE_LAW", loi.to_str().unwrap())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let p = j["factures"][0]["periodes"].as_array().unwrap();
    assert_eq!(p.last().unwrap()["du"], "2190-07-01");
    assert_eq!(p.last().unwrap()["taux"], "13.00");
}

#[test]
fn decompte_ignores_document_data() {
    // No addresses, no representative, no exhibits: the décompte still computes.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.json");
    std::fs::write(
        &f,
        r#"{"reference":"M-1","arrete_au":"2025-03-15",
            "creancier":{"nature":"societe","denomination":"A","siren":"123"},
            "debiteur":{"nature":"societe","denomination":"B","procedure_collective":true},
            "factures":[{"numero":"V1","date":"2024-12-16","echeance":"2025-01-15","montant":"10000","piece":"absente.pdf"}]}"#,
    )
    .unwrap();
    let r = recouvre(&["decompte", f.to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // LAW.md V1: 59 days at 13.15 % = 212.56 €.
    assert_eq!(json(&r)["interets"], "212.56");
    // check, by contrast, reports the invalid SIREN and the collective procedure.
    let r = recouvre(&["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("creancier.siren"), "{}", r.stderr);
    assert!(r.stderr.contains("L622-21"), "{}", r.stderr);
    assert!(r.stderr.contains("factures[0].piece"), "{}", r.stderr);
}

#[test]
fn check_reports_every_error_with_path_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.toml");
    std::fs::write(
        &f,
        r#"reference = "E-1"
arrete_au = "2026-06-30"
[creancier]
nature = "societe"
denomination = "A"
[debiteur]
nature = "societe"
denomination = "B"
[[factures]]
numero = "F1"
date = "2026-01-15"
echeance = "2026-01-01"
montant = "100.005"
[[factures]]
numero = "F1"
date = "2026-01-15"
echeance = "2026-02-01"
montant = "0"
[[paiements]]
date = "2026-02-01"
montant = "10"
facture = "F2"
"#,
    )
    .unwrap();
    let r = recouvre(&["check", f.to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 1);
    let j = json(&r);
    let chemins: Vec<&str> = j[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["gravite"] == "erreur")
        .map(|d| d["chemin"].as_str().unwrap())
        .collect();
    for c in [
        "factures[0].echeance",
        "factures[0].montant",
        "factures[1].numero",
        "factures[1].montant",
        "paiements[0].facture",
    ] {
        assert!(chemins.contains(&c), "{c} not in {chemins:?}");
    }
    assert!(r.stderr.contains("aide :"));
    assert!(r.stderr.contains("dossier E-1"));
}

#[test]
fn malformed_inputs_exit_1_with_a_located_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        ("vide.toml", b"", "reference"),
        ("binaire.toml", b"\x00\xff\xfe\x9c garbage", "UTF-8"),
        ("syntaxe.toml", b"reference = \"x\nnature = ", "ligne"),
        ("syntaxe.json", b"{\"reference\": ", "ligne"),
        ("type.toml", b"reference = 12\n", "reference"),
        (
            "enorme.toml",
            b"reference = \"x\"\n[creancier]\nnature = \"societe\"\n[debiteur]\nnature = \"societe\"\n[[factures]]\nnumero = \"1\"\ndate = \"2026-01-01\"\nmontant = \"999999999999999999999999999999999\"\n",
            "factures[0].montant",
        ),
        (
            "entier.toml",
            b"reference = \"x\"\n[creancier]\nnature = \"societe\"\n[debiteur]\nnature = \"societe\"\n[[factures]]\nnumero = \"1\"\ndate = \"2026-01-01\"\nmontant = 99999999999999999999\n",
            "ligne 9, colonne 11 : TOML illisible : nombre entier trop grand",
        ),
        (
            "date.toml",
            b"reference = \"x\"\n[creancier]\nnature = \"societe\"\n[debiteur]\nnature = \"societe\"\n[[factures]]\nnumero = \"1\"\ndate = \"2026-02-30\"\nmontant = \"1\"\n",
            "factures[0].date",
        ),
    ];
    for (nom, contenu, attendu) in cases {
        let f = dir.path().join(nom);
        std::fs::write(&f, contenu).unwrap();
        for cmd in ["check", "decompte"] {
            let r = recouvre(&[cmd, f.to_str().unwrap()]);
            assert_eq!(r.code, 1, "{cmd} {nom}: {}", r.stderr);
            assert!(r.stderr.contains(attendu), "{cmd} {nom}: {}", r.stderr);
            assert!(!r.stderr.contains("panicked"), "{cmd} {nom}: {}", r.stderr);
        }
    }
}

#[test]
fn io_and_usage_problems_exit_2() {
    assert_eq!(recouvre(&["check", "nulle-part.toml"]).code, 2);
    assert_eq!(recouvre(&["decompte", "nulle-part.toml"]).code, 2);
    assert_eq!(recouvre(&["decompte"]).code, 2);
    assert_eq!(recouvre(&["frobnicate"]).code, 2);
    assert_eq!(
        recouvre(&[
            "decompte",
            "fixtures/exemple/dossier.toml",
            "--at",
            "30/06/2026"
        ])
        .code,
        2
    );
    let r = recouvre(&[
        "--law",
        "nulle-part",
        "decompte",
        "fixtures/exemple/dossier.toml",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nulle-part"));
}

#[test]
fn delai_examples_of_the_issue() {
    let r = recouvre(&["delai", "2026-01-31", "1m"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "2026-03-02"));
    assert!(r.stderr.contains("CPC art. 642"));
    let r = recouvre(&["delai", "2026-12-11", "15j", "--departement", "67"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "2026-12-28"));
    let r = recouvre(&["delai", "2026-08-31", "6m"]);
    assert_eq!(r.stdout.trim(), "2027-03-01");
    let r = recouvre(&["delai", "2025-12-25", "1j", "--departement", "57"]);
    assert_eq!(r.stdout.trim(), "2025-12-29");
    assert_eq!(recouvre(&["delai", "2026-01-31", "1x"]).code, 2);
}

fn arbre(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            for (n, b) in arbre(&p) {
                v.push((
                    format!("{}/{n}", p.file_name().unwrap().to_str().unwrap()),
                    b,
                ));
            }
        } else {
            v.push((
                p.file_name().unwrap().to_str().unwrap().to_owned(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    v.sort();
    v
}

#[test]
fn init_writes_a_valid_example_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let cible = dir.path().join("nouveau");
    let r = recouvre(&["init", cible.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(arbre(&cible), arbre(&racine().join("fixtures/exemple")));
    let cas = cible.join("dossier.toml");
    let r = recouvre(&["check", cas.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let r = recouvre(&["init", cible.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("existe déjà"));
}

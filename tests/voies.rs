//! The paths beyond the action for payment (issue 13), each read back from its PDF:
//! the declaration of claim in the debtor's collective procedure (C. com. L622-24 s.).

mod common;

use common::pdf::{contient, texte};

use common::{racine, recouvre};
use std::path::{Path, PathBuf};

const FIXTURE: &str = "fixtures/procedure-collective";

/// The collective-procedure fixture copied into `dir` with `modifier` applied to its text.
fn cas(dir: &Path, modifier: impl Fn(String) -> String) -> PathBuf {
    let source = racine().join(FIXTURE);
    std::fs::create_dir_all(dir.join("pieces")).unwrap();
    for p in ["factures.pdf", "contrat.pdf"] {
        std::fs::copy(source.join("pieces").join(p), dir.join("pieces").join(p)).unwrap();
    }
    let t = std::fs::read_to_string(source.join("dossier.toml")).unwrap();
    let f = dir.join("dossier.toml");
    std::fs::write(&f, modifier(t)).unwrap();
    f
}

fn build(f: &Path, out: &Path, at: Option<&str>) -> (i32, String, String) {
    let mut args = vec!["build", f.to_str().unwrap(), "--out", out.to_str().unwrap()];
    if let Some(at) = at {
        args.extend(["--at", at]);
    }
    recouvre(&args)
}

/// A debtor in redressement judiciaire: the declaration to the mandataire, the décompte stopped
/// at the opening judgment, the sums to fall due, the deadline; worked by hand:
/// F-2026-0301, 4 000 € due 4 March 2026: 69 days to 12 May at 12.15 % (BCE 2.15 % at
/// 1 January 2026 + 10 points) = 4 000 × 12.15 × 69 / 36 500 = 91.87 €;
/// F-2026-0350, 2 400 € due 19 April: 23 days = 18.37 €; penalties 110.24 €;
/// two indemnities of 40 €; due at the judgment 6 400 + 110.24 + 80 = 6 590.24 €;
/// F-2026-0412, 1 800 € due 30 May, after the judgment: to fall due; declared 8 390.24 €.
/// Deadline: BODACC 22 May 2026 + 2 months = Wednesday 22 July 2026 (R622-24).
#[test]
fn declaration_de_creance_in_redressement() {
    let (code, out, err) = recouvre(&["decompte", &format!("{FIXTURE}/dossier.toml"), "--json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["arrete_au"], "2026-05-12", "{j}");
    assert_eq!(j["interets"], "110.24");
    assert_eq!(j["indemnites"], "80.00");
    assert_eq!(j["total"], "6590.24");
    assert_eq!(j["non_exigibles"][0]["numero"], "F-2026-0412");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = build(&racine().join(FIXTURE).join("dossier.toml"), &out, None);
    assert_eq!(code, 0, "{stdout}{err}");
    let d = out.join("2026-0077");
    let mut fichiers: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    fichiers.sort();
    assert_eq!(
        fichiers,
        [
            "01-declaration-de-creance.pdf",
            "02-decompte.pdf",
            "03-bordereau-de-pieces.pdf"
        ]
    );
    let t = texte(&d.join("01-declaration-de-creance.pdf"));
    contient(
        &t,
        &[
            "Déclaration de créance",
            "SELARL Roux Mandataires",
            "87 rue de Sèze",
            "Lettre recommandée avec demande d'avis de réception",
            "Par jugement du 12 mai 2026, le tribunal des activités économiques de Lyon a ouvert une procédure de redressement judiciaire",
            "Transports Lefèvre",
            "publié au Bulletin officiel des annonces civiles et commerciales le 22 mai 2026",
            "en qualité de mandataire judiciaire",
            "née antérieurement au jugement d'ouverture (C. com. art. L622-24)",
            "110,24 €",
            "80,00 €",
            "6 590,24 €",
            "L622-28",
            "arrêtés au 12 mai 2026",
            "F-2026-0412",
            "30/05/2026",
            "1 800,00 €",
            "8 390,24 €",
            "chirographaire",
            "R622-23",
            "2 mois",
            "22 juillet 2026 (C. com. art. R622-24)",
            "certifie sincère et véritable",
            "Jean Martin, Président",
        ],
    );
    assert!(!t.contains("PROJET"), "{t}");
    assert!(!t.contains("L641-3"), "{t}");
    let dec = texte(&d.join("02-decompte.pdf"));
    contient(&dec, &["12 mai 2026", "6 590,24 €"]);
    let b = texte(&d.join("03-bordereau-de-pieces.pdf"));
    contient(
        &b,
        &[
            "au soutien de sa déclaration de créance",
            "Contrat de maintenance",
        ],
    );
}

/// R622-24: past two months from the BODACC the declaration is refused, pointing to the
/// relevé de forclusion (L622-26: six months from the publication, 22 November 2026 a Sunday,
/// so Monday 23 November, CPC 642); past that, the relevé is closed too.
#[test]
fn late_declaration_points_to_releve_de_forclusion() {
    let dir = tempfile::tempdir().unwrap();
    let f = cas(dir.path(), |t| t);
    let out = dir.path().join("out");
    let (code, _, err) = build(&f, &out, Some("2026-07-22"));
    assert_eq!(code, 0, "{err}");
    let out2 = dir.path().join("out2");
    let (code, _, err) = build(&f, &out2, Some("2026-07-23"));
    assert_eq!(code, 1, "{err}");
    contient(
        &err,
        &[
            "délai de déclaration de créance expiré le 22/07/2026",
            "R622-24",
            "relevé de forclusion",
            "jusqu'au 23/11/2026",
            "L622-26",
        ],
    );
    assert!(!out2.join("2026-0077").exists());
    let (code, _, err) = build(&f, &dir.path().join("out3"), Some("2026-11-24"));
    assert_eq!(code, 1, "{err}");
    contient(&err, &["a lui-même expiré le 23/11/2026"]);
}

/// A creditor abroad has two more months (R622-24 al. 1): 22 September 2026.
#[test]
fn creditor_abroad_has_four_months() {
    let dir = tempfile::tempdir().unwrap();
    let f = cas(dir.path(), |t| {
        t.replace(
            "adresse = { lignes = [\"12 rue de la Paix\"], code_postal = \"75002\", ville = \"Paris\" }",
            "adresse = { lignes = [\"Avenue Louise 54\"], code_postal = \"1050\", ville = \"Bruxelles\", pays = \"Belgique\" }",
        )
    });
    let out = dir.path().join("out");
    let (code, _, err) = build(&f, &out, Some("2026-09-01"));
    assert_eq!(code, 0, "{err}");
    let t = texte(&out.join("2026-0077/01-declaration-de-creance.pdf"));
    contient(
        &t,
        &[
            "4 mois",
            "augmenté pour le créancier qui ne demeure pas en France métropolitaine",
            "22 septembre 2026",
        ],
    );
}

/// Liquidation: the liquidateur receives it (L641-3); without the BODACC date the
/// declaration is a PROJET saying why; with only `debiteur.procedure_collective = true`,
/// `check` says what to add and the declaration is a PROJET.
#[test]
fn liquidation_and_missing_data() {
    let dir = tempfile::tempdir().unwrap();
    let f = cas(&dir.path().join("liq"), |t| {
        t.replace("type = \"redressement\"", "type = \"liquidation\"")
            .replace("publication_bodacc = \"2026-05-22\"\n", "")
            .replace(", mandataire judiciaire\"", ", liquidateur judiciaire\"")
    });
    let out = dir.path().join("out");
    let (code, _, err) = build(&f, &out, None);
    assert_eq!(code, 0, "{err}");
    let t = texte(&out.join("2026-0077/01-declaration-de-creance.pdf"));
    contient(
        &t,
        &[
            "PROJET",
            "BODACC inconnue",
            "liquidation judiciaire",
            "en qualité de liquidateur judiciaire",
            "L641-3",
        ],
    );

    let g = cas(&dir.path().join("drapeau"), |t| {
        let debut = t.find("[procedure_collective]").unwrap();
        let fin = t.find("[[factures]]").unwrap();
        format!("{}{}", &t[..debut], &t[fin..]).replace(
            "commercant = true",
            "commercant = true\nprocedure_collective = true",
        )
    });
    let (code, sortie, err) = recouvre(&["check", g.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    contient(
        &err,
        &[
            "débiteur en procédure collective",
            "ajoutez [procedure_collective]",
        ],
    );
    // `check` names the step and what it still needs.
    contient(
        &sortie,
        &[
            "étape : declaration_de_creance, à compléter (sinon PROJET) :",
            "date du jugement d'ouverture inconnue",
            "mandataire judiciaire ou liquidateur non désigné",
        ],
    );
    let (_, sortie, _) = recouvre(&["check", g.to_str().unwrap(), "--json"]);
    let j: serde_json::Value = serde_json::from_str(&sortie).unwrap();
    assert_eq!(j[0]["etape"]["voie"], "declaration_de_creance", "{j}");
    assert!(
        j[0]["etape"]["a_completer"].as_array().unwrap().len() >= 3,
        "{j}"
    );
    let (_, sortie, _) = recouvre(&["check", "fixtures/petites-creances/dossier.toml"]);
    contient(&sortie, &["étape : petites_creances, documents complets"]);
    let out = dir.path().join("out-drapeau");
    let (code, _, err) = build(&g, &out, None);
    assert_eq!(code, 0, "{err}");
    let t = texte(&out.join("2026-0077/01-declaration-de-creance.pdf"));
    contient(
        &t,
        &[
            "PROJET",
            "jugement d'ouverture inconnue",
            "mandataire judiciaire",
        ],
    );
}

/// The month-end batch: the declaration is due at once; once recorded as made, nothing more.
#[test]
fn batch_declares_once() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    cas(&src.join("pc"), |t| t);
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre(&[
        "batch",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--at",
        "2026-06-15",
        "--quiet",
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
    let d = &r["dossiers"][0];
    assert_eq!(d["statut"], "construit", "{d}");
    assert!(d.to_string().contains("declaration_de_creance"), "{d}");
    assert!(out
        .join("2026-0077/01-declaration-de-creance.pdf")
        .is_file());
    // Sent by registered letter to the mandataire: the mailroom's list names him.
    let lrar = std::fs::read_to_string(out.join("envois/lrar.csv")).unwrap();
    let ligne = lrar.lines().nth(1).unwrap_or_default();
    assert!(
        ligne.starts_with("2026-0077,")
            && ligne.contains("SELARL Roux Mandataires")
            && ligne.contains("87 rue de Sèze, 69006 Lyon")
            && ligne.ends_with("2026-0077/01-declaration-de-creance.pdf"),
        "{lrar}"
    );

    cas(&src.join("pc"), |t| {
        t + "\n[[evenements]]\ndate = \"2026-06-15\"\ntype = \"declaration_de_creance\"\nmode = \"lrar\"\n"
    });
    let out = dir.path().join("out2");
    let (code, stdout, err) = recouvre(&[
        "batch",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--at",
        "2026-06-30",
        "--quiet",
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
    assert_eq!(r["dossiers"][0]["statut"], "rien_a_faire", "{r}");
}

/// The petites créances procedure (CPCE L125-1, R125-1 s.): the request to a commissaire of
/// the cour d'appel of the debtor's domicile (Lyon), with what follows.
#[test]
fn petites_creances_request_to_the_commissaire() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = build(
        &racine().join("fixtures/petites-creances/dossier.toml"),
        &out,
        None,
    );
    assert_eq!(code, 0, "{stdout}{err}");
    let d = out.join("2026-0118");
    assert!(d.join("02-decompte.pdf").is_file());
    let t = texte(&d.join("01-demande-petites-creances.pdf"));
    contient(
        &t,
        &[
            "Maître Claire Fabre",
            "procédure simplifiée de recouvrement des petites créances prévue à l'article L125-1",
            "Julien MOREAU",
            "dans le ressort de la cour d'appel de Lyon",
            "R125-1",
            "n'excède pas 5 000 €",
            "L111-2, L111-3 et L125-1",
            "2238",
            "1 mois",
            "son silence vaut refus",
            "titre exécutoire",
            "à la charge exclusive du créancier",
            "750-1",
            "Lucie Garnier, Gérante",
        ],
    );
    assert!(!t.contains("PROJET"), "{t}");
    let b = texte(&d.join("03-bordereau-de-pieces.pdf"));
    contient(&b, &["petite créance"]);
}

/// R125-1 and L125-1 guard the path: above 5 000 € in principal and interest, or without a
/// contractual or statutory cause, the case is refused and nothing is written.
#[test]
fn petites_creances_guards() {
    let dir = tempfile::tempdir().unwrap();
    let source = racine().join("fixtures/petites-creances");
    let texte_cas = std::fs::read_to_string(source.join("dossier.toml")).unwrap();
    for (nom, modifie, motif) in [
        (
            "gros",
            texte_cas.replace("montant = \"900.00\"", "montant = \"5200.00\""),
            "au-delà de 5 000 €",
        ),
        (
            "sans-cause",
            texte_cas.replace("fondement = \"contrat\"\n", ""),
            "L125-1",
        ),
    ] {
        let d = dir.path().join(nom);
        std::fs::create_dir_all(d.join("pieces")).unwrap();
        for p in ["facture.pdf", "mise-en-demeure-ar.pdf"] {
            std::fs::copy(source.join("pieces").join(p), d.join("pieces").join(p)).unwrap();
        }
        std::fs::write(d.join("dossier.toml"), modifie).unwrap();
        let out = dir.path().join(format!("out-{nom}"));
        let (code, _, err) = build(&d.join("dossier.toml"), &out, None);
        assert_eq!(code, 1, "{nom}: {err}");
        contient(&err.replace(['\u{202f}', '\u{a0}'], " "), &[motif]);
        assert!(!out.join("2026-0118").exists(), "{nom}");
    }
}

/// The policy may send small claims to the commissaire before the injonction; once the event
/// is recorded, the injonction follows when the debtor's month has run (1 April + 1 month =
/// 1 May; due from 2 May).
#[test]
fn policy_sends_small_claims_to_the_commissaire_first() {
    let dir = tempfile::tempdir().unwrap();
    let source = racine().join("fixtures/petites-creances");
    let base = std::fs::read_to_string(source.join("dossier.toml"))
        .unwrap()
        .replace("[procedure]\nvoie = \"petites_creances\"\n", "");
    let politique = dir.path().join("politique.toml");
    std::fs::write(
        &politique,
        std::fs::read_to_string(racine().join("law/politique.toml"))
            .unwrap()
            .replace(
                "petites_creances_avant_injonction = false",
                "petites_creances_avant_injonction = true",
            ),
    )
    .unwrap();
    let src = dir.path().join("src");
    let ecrire = |texte: &str| {
        let d = src.join("cas");
        std::fs::create_dir_all(d.join("pieces")).unwrap();
        for p in ["facture.pdf", "mise-en-demeure-ar.pdf"] {
            std::fs::copy(source.join("pieces").join(p), d.join("pieces").join(p)).unwrap();
        }
        std::fs::write(d.join("dossier.toml"), texte).unwrap();
    };
    let lot = |at: &str, out: &str| -> serde_json::Value {
        let out = dir.path().join(out);
        let (code, stdout, err) = recouvre(&[
            "batch",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--at",
            at,
            "--politique",
            politique.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(code == 0, "{stdout}{err}");
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
        r["dossiers"][0].clone()
    };
    ecrire(&base);
    let l = lot("2026-04-20", "o1");
    assert_eq!(l["etape"], "petites_creances", "{l}");
    ecrire(
        &(base.clone() + "\n[[evenements]]\ndate = \"2026-04-01\"\ntype = \"petites_creances\"\n"),
    );
    let l = lot("2026-05-01", "o2");
    assert_ne!(l["statut"], "construit", "{l}");
    assert_eq!(l["prochaine_etape"], "injonction", "{l}");
    assert_eq!(l["prochaine_date"], "2026-05-02", "{l}");
    let l = lot("2026-05-02", "o3");
    assert_eq!(l["etape"], "injonction", "{l}");
}

/// An acknowledgment of debt with a payment plan: 3 000 € in six monthly payments of 500 €
/// from 31 July 2026 (month ends kept: 30 September, 30 November); the sum in words for the
/// debtor's handwritten mention (C. civ. 1376); with 6 % a year the annuity is
/// 3 000 × 0.005 × 1.005⁶ / (1.005⁶ − 1) = 508.79 €, the first paying 15.00 € of interest,
/// the last 508.77 €.
#[test]
fn acknowledgment_of_debt_with_payment_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = build(
        &racine().join("fixtures/echeancier/dossier.toml"),
        &out,
        None,
    );
    assert_eq!(code, 0, "{stdout}{err}");
    let t = texte(&out.join("2026-0261/01-reconnaissance-de-dette-et-echeancier.pdf"));
    contient(
        &t,
        &[
            "RECONNAISSANCE DE DETTE ET PLAN D'APUREMENT",
            "Atelier Mercier",
            "reconnaît devoir au créancier, au 30 juin 2026, la somme de 3 000,00 € (trois mille euros)",
            "6 versements mensuels",
            "31/07/2026",
            "30/09/2026",
            "30/11/2026",
            "31/12/2026",
            "500,00 €",
            "Déchéance du terme",
            "C. civ. art. 2240",
            "C. civ. art. 2231",
            "C. civ. art. 1376",
            "Bon pour reconnaissance de dette",
            "deux exemplaires originaux (C. civ. art. 1375)",
            "Sophie Mercier, Gérante",
        ],
    );
    assert!(!t.contains("PROJET"), "{t}");
    assert!(!t.contains("Dont intérêts"), "{t}");

    let f = dir.path().join("taux/dossier.toml");
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(
        &f,
        std::fs::read_to_string(racine().join("fixtures/echeancier/dossier.toml"))
            .unwrap()
            .replace(
                "premiere = \"2026-07-31\"",
                "premiere = \"2026-07-31\"\ntaux = \"6\"",
            ),
    )
    .unwrap();
    let out = dir.path().join("out-taux");
    let (code, _, err) = build(&f, &out, None);
    assert_eq!(code, 0, "{err}");
    let t = texte(&out.join("2026-0261/01-reconnaissance-de-dette-et-echeancier.pdf"));
    contient(
        &t,
        &[
            "Dont intérêts",
            "508,79 €",
            "15,00 €",
            "508,77 €",
            "6,00 % l'an",
            "3 052,72 €",
        ],
    );
}

/// Saisie conservatoire (CPCE L511-1 s.): the requête to the juge de l'exécution of the
/// tribunal judiciaire of the debtor's domicile (Pessac → Bordeaux), even for a commercial
/// claim, with the claim, the threat, the assets, and the periods that follow (R511-6, R511-7).
#[test]
fn saisie_conservatoire_requete_to_the_jex() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let fixture = racine().join("fixtures/saisie-conservatoire");
    let (code, stdout, err) = build(&fixture.join("dossier.toml"), &out, None);
    assert_eq!(code, 0, "{stdout}{err}");
    let d = out.join("2026-0305");
    let t = texte(&d.join("01-requete-saisie-conservatoire.pdf"));
    contient(
        &t,
        &[
            "À Madame, Monsieur le juge de l'exécution du tribunal judiciaire de Bordeaux",
            "Distribution Perrin",
            "paraît fondée en son principe (article L511-1)",
            "susceptibles d'en menacer le recouvrement",
            "vente de son fonds de commerce",
            "comptes de dépôt",
            "biens meubles corporels",
            "R511-4",
            "1 mois (CPCE art. R511-7)",
            "3 mois à compter de l'ordonnance (CPCE art. R511-6)",
        ],
    );
    assert!(!t.contains("PROJET"), "{t}");
    assert!(!t.contains("tribunal de commerce"), "{t}");
    let b = texte(&d.join("03-bordereau-de-pieces.pdf"));
    contient(&b, &["saisie conservatoire"]);

    // L511-2: an unpaid cheque needs no leave; the requête is refused, saying so.
    let texte_cas = std::fs::read_to_string(fixture.join("dossier.toml")).unwrap();
    let cas = dir.path().join("cheque");
    std::fs::create_dir_all(cas.join("pieces")).unwrap();
    for p in ["factures.pdf", "contrat.pdf"] {
        std::fs::copy(fixture.join("pieces").join(p), cas.join("pieces").join(p)).unwrap();
    }
    std::fs::write(
        cas.join("dossier.toml"),
        texte_cas.replace(
            "biens = [",
            "dispense_autorisation = \"cheque_impaye\"\nbiens = [",
        ),
    )
    .unwrap();
    let (code, _, err) = build(&cas.join("dossier.toml"), &dir.path().join("o2"), None);
    assert_eq!(code, 1, "{err}");
    contient(&err, &["L511-2", "chèque impayé"]);

    // Without the threat the requête is a PROJET that says what to state.
    std::fs::write(
        cas.join("dossier.toml"),
        texte_cas.replace("menace = ", "# menace = "),
    )
    .unwrap();
    let o3 = dir.path().join("o3");
    let (code, _, err) = build(&cas.join("dossier.toml"), &o3, None);
    assert_eq!(code, 0, "{err}");
    let t = texte(&o3.join("2026-0305/01-requete-saisie-conservatoire.pdf"));
    contient(&t, &["PROJET", "([procedure] menace)"]);
}

/// Uncontested commercial claims (CPCE L126-1 s., loi du 23 avril 2026): the request to the
/// commissaire with the periods of the law, a PROJET saying which parts our sources do not
/// confirm; refused against a debtor who is not a merchant.
#[test]
fn creances_incontestees_request_is_a_draft_until_the_law_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let fixture = racine().join("fixtures/creances-incontestees");
    let (code, stdout, err) = build(&fixture.join("dossier.toml"), &out, None);
    assert_eq!(code, 0, "{stdout}{err}");
    let t = texte(&out.join("2026-0330/01-demande-creances-incontestees.pdf"));
    contient(
        &t,
        &[
            "PROJET",
            "loi du 23 avril 2026 non confirmée dans nos sources",
            "commandement de payer",
            "certaine, liquide et exigible",
            "1 mois à compter de la signification du commandement",
            "L126-2",
            "8 jours après l'expiration de ce délai",
            // pdftotext loses the hyphen of « non-contestation » when a line breaks there.
            "vous dresserez un procès-verbal de non",
            "contestation (CPCE art. L126-3",
            "tribunal des activités économiques de Lyon (CPCE art. L126-4)",
            "Maître Claire Fabre",
        ],
    );
    let cas = dir.path().join("particulier");
    std::fs::create_dir_all(cas.join("pieces")).unwrap();
    std::fs::copy(
        fixture.join("pieces/factures.pdf"),
        cas.join("pieces/factures.pdf"),
    )
    .unwrap();
    std::fs::write(
        cas.join("dossier.toml"),
        std::fs::read_to_string(fixture.join("dossier.toml"))
            .unwrap()
            .replace("[debiteur]\nnature = \"societe\"", "[debiteur]\nnature = \"societe\"\n# pas commerçant")
            .replace("rcs = \"Lyon\"\nrepresentant = { nom = \"Paul Durand\", qualite = \"Gérant\" }\nadresse = { lignes = [\"8 quai Saint-Antoine\"], code_postal = \"69002\", ville = \"Lyon\" }\ncommercant = true", "rcs = \"Lyon\"\nrepresentant = { nom = \"Paul Durand\", qualite = \"Gérant\" }\nadresse = { lignes = [\"8 quai Saint-Antoine\"], code_postal = \"69002\", ville = \"Lyon\" }\ncommercant = false"),
    )
    .unwrap();
    let (code, _, err) = build(&cas.join("dossier.toml"), &dir.path().join("o2"), None);
    assert_eq!(code, 1, "{err}");
    contient(&err, &["L126-1", "commerçant"]);
}

/// Amicable settlement: the request to the conciliateur de justice (CPC 1536 s., 750-1) and
/// the referral file for the Médiateur des entreprises, refused against a private debtor.
#[test]
fn conciliation_and_mediation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre(&[
        "build",
        "fixtures/conciliation/dossier.toml",
        "fixtures/mediation/dossier.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let t = texte(&out.join("2026-0343/01-demande-conciliation.pdf"));
    contient(
        &t,
        &[
            "Bernard Morel",
            "Conciliateur de justice",
            "tentative de conciliation avec Imprimerie Leroy",
            "articles 1536 et suivants du code de procédure civile",
            "750-1",
            "n'excédant pas 5 000 €",
            "mise en demeure du 5 mai 2026",
            "attestation de la tentative",
        ],
    );
    assert!(!t.contains("PROJET"), "{t}");
    let t = texte(&out.join("2026-0342/01-saisine-mediateur-des-entreprises.pdf"));
    contient(
        &t,
        &[
            "DOSSIER DE SAISINE DU MÉDIATEUR DES ENTREPRISES",
            "SIREN 404 833 048",
            "Chronologie",
            "10/04/2026",
            "05/05/2026",
            "3 600,00 €",
            "C. civ. art. 2238",
        ],
    );
    let f = dir.path().join("particulier.toml");
    std::fs::write(
        &f,
        std::fs::read_to_string(racine().join("fixtures/mediation/dossier.toml"))
            .unwrap()
            .replace(
                "[debiteur]\nnature = \"societe\"\ndenomination = \"Imprimerie Leroy\"\nforme_juridique = \"SARL\"\ncapital = \"15000\"\nsiren = \"404833048\"\nrcs = \"Rennes\"\nrepresentant = { nom = \"Claire Leroy\", qualite = \"Gérante\" }",
                "[debiteur]\nnature = \"particulier\"\nnom = \"Leroy\"\nprenoms = \"Claire\"",
            )
            .replace("commercant = true\n", "")
            .replace("interets = \"l441-10\"", "interets = \"legal\""),
    )
    .unwrap();
    let (code, _, err) = build(&f, &dir.path().join("o2"), None);
    assert_eq!(code, 1, "{err}");
    contient(&err, &["Médiateur des entreprises", "entre entreprises"]);
}

/// After the ordonnance (CPC 1411 as amended by décret 2026-96): the letter to the commissaire
/// with the date to serve by — made 20 August 2026, six months end on Saturday 20 February
/// 2027, prorogued to Monday 22 February (CPC 642); made 10 September 2026, three months:
/// 10 December 2026, and enforcement without notice of opposition; once served, nothing more
/// is due from the escalation.
#[test]
fn letter_to_serve_the_ordonnance() {
    let dir = tempfile::tempdir().unwrap();
    // A synthetic horizon: the ECB rate of 1 July 2026 is not in our sources; the test takes
    // it as unchanged so that décomptes after June 2026 can be computed.
    let loi = dir.path().join("loi");
    std::fs::create_dir_all(&loi).unwrap();
    std::fs::write(
        loi.join("bce.toml"),
        "[table]\nconnu_jusqu_au = \"2026-07-01\"\n",
    )
    .unwrap();
    let loi = loi.to_str().unwrap().to_owned();
    let construire = |f: &Path, out: &Path, at: &str| {
        common::recouvre_env(
            &[
                "build",
                f.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--at",
                at,
            ],
            &[("RECOUVRE_LAW", &loi)],
        )
    };
    let source = racine().join("fixtures/exemple");
    let base = std::fs::read_to_string(source.join("dossier.toml"))
        .unwrap()
        // The example names its court and its commissaire.
        ;
    let ecrire = |nom: &str, texte: &str| {
        let d = dir.path().join(nom);
        std::fs::create_dir_all(d.join("pieces")).unwrap();
        for e in std::fs::read_dir(source.join("pieces")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, d.join("pieces").join(p.file_name().unwrap())).unwrap();
        }
        std::fs::write(d.join("dossier.toml"), texte).unwrap();
        d.join("dossier.toml")
    };
    let evenement = |date: &str, type_: &str| {
        format!("\n[[evenements]]\ndate = \"{date}\"\ntype = \"{type_}\"\n")
    };
    for (nom, ordonnance, at, attendus) in [
        (
            "aout",
            "2026-08-20",
            "2026-09-01",
            vec![
                "ordonnance portant injonction de payer",
                "à personne",
                "au plus tard le 22 février 2027",
                "dans les 6 mois de sa date, elle est non avenue",
                "20 février 2027, jour non ouvré",
                "formule exécutoire",
            ],
        ),
        (
            "septembre",
            "2026-09-10",
            "2026-09-15",
            vec![
                "au plus tard le 10 décembre 2026",
                "dans les 3 mois de sa date",
                "sans qu'un avis d'opposition",
            ],
        ),
    ] {
        let cas_texte = base.clone()
            + &evenement("2026-07-06", "requete_injonction")
            + &evenement(ordonnance, "ordonnance_injonction");
        let f = ecrire(nom, &cas_texte);
        let out = dir.path().join(format!("out-{nom}"));
        let (code, stdout, err) = construire(&f, &out, at);
        assert_eq!(code, 0, "{stdout}{err}");
        let t = texte(&out.join("2026-0042/01-lettre-signification-ordonnance.pdf"));
        contient(&t, &attendus);
        assert!(!t.contains("PROJET"), "{t}");
        // Served: the escalation has nothing more to produce.
        let servi = texte_cas_servi(&cas_texte);
        let src = dir.path().join(format!("src-{nom}"));
        let d = src.join("cas");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::rename(f.parent().unwrap().join("pieces"), d.join("pieces")).unwrap();
        std::fs::write(d.join("dossier.toml"), servi).unwrap();
        let o2 = dir.path().join(format!("o2-{nom}"));
        let (code, stdout, err) = common::recouvre_env(
            &[
                "batch",
                src.to_str().unwrap(),
                "--out",
                o2.to_str().unwrap(),
                "--at",
                "2026-12-20",
                "--sans-registre",
                "--quiet",
            ],
            &[("RECOUVRE_LAW", &loi)],
        );
        assert_eq!(code, 0, "{stdout}{err}");
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(o2.join("rapport.json")).unwrap()).unwrap();
        assert_eq!(r["dossiers"][0]["statut"], "rien_a_faire", "{r}");
    }
    // Past the period the ordonnance is non avenue: refused, saying so.
    let cas_texte = base.clone()
        + &evenement("2026-07-06", "requete_injonction")
        + &evenement("2026-09-10", "ordonnance_injonction");
    let f = ecrire("tard", &cas_texte);
    let (code, _, err) = construire(&f, &dir.path().join("o-tard"), "2026-12-11");
    assert_eq!(code, 1, "{err}");
    contient(&err, &["non avenue depuis le 10/12/2026", "1411"]);
}

fn texte_cas_servi(texte: &str) -> String {
    texte.to_owned() + "\n[[evenements]]\ndate = \"2026-12-01\"\ntype = \"signification\"\n"
}

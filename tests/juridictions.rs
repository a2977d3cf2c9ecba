//! The court from the debtor's commune (CPC 42, 1406), read back from the documents with
//! `pdftotext`: the data names the court where it is certain; an inferred or undetermined
//! court leaves the judicial documents PROJET, naming the possible courts and why; never a
//! court that does not exist. Needs poppler-utils.

mod common;

use common::pdf::{absent, contient, texte};

use common::{racine, recouvre};

use std::path::{Path, PathBuf};

/// Courts that do not exist: the debtor's city is not a court.
const INEXISTANTS: &[&str] = &[
    "tribunal judiciaire de Pessac",
    "tribunal de commerce de Pessac",
    "tribunal de commerce de Villeurbanne",
    "tribunal des activités économiques de Villeurbanne",
    "tribunal judiciaire de Villeurbanne",
    "tribunal judiciaire de Boulogne-Billancourt",
    "tribunal judiciaire de Dinan",
    "tribunal judiciaire de Blagnac",
    "tribunal judiciaire de Sélestat",
    "ville du domicile du débiteur",
];

const SOCIETE: &str = "nature = \"societe\"\ndenomination = \"Débitrice SARL\"\nforme_juridique = \"SARL\"\ncommercant = true";
const PARTICULIER: &str =
    "nature = \"particulier\"\nnom = \"Durand\"\nprenoms = \"Jeanne\"\nprofession = \"infirmière\"";

/// An injonction case against `debiteur` living at (`cp`, `ville`), with `extra` appended.
fn cas(debiteur: &str, cp: &str, ville: &str, extra: &str) -> String {
    format!(
        r#"reference = "J-1"
arrete_au = "2026-06-30"
[creancier]
nature = "societe"
denomination = "Créancier SAS"
forme_juridique = "SAS"
adresse = {{ lignes = ["1 rue A"], code_postal = "75001", ville = "Paris" }}
[debiteur]
{debiteur}
adresse = {{ lignes = ["2 rue B"], code_postal = "{cp}", ville = "{ville}" }}
[creance]
fondement = "contrat"
description = "Travaux de peinture"
interets = "legal"
[[factures]]
numero = "F1"
date = "2026-01-15"
echeance = "2026-02-14"
montant = "1200"
[[evenements]]
date = "2026-03-01"
type = "mise_en_demeure"
{extra}"#
    )
}

/// Builds a case; returns the folder (kept alive) and the documents' folder.
fn construire(texte_cas: &str, law: Option<&Path>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dossier.toml");
    std::fs::write(&f, texte_cas).unwrap();
    let out = dir.path().join("out");
    let mut args = vec!["build", f.to_str().unwrap(), "--out", out.to_str().unwrap()];
    if let Some(l) = law {
        args.push("--law");
        args.push(l.to_str().unwrap());
    }
    let (code, _, err) = recouvre(&args);
    assert_eq!(code, 0, "{err}");
    (dir, out.join("J-1"))
}

fn requete(texte_cas: &str) -> String {
    let (_dir, docs) = construire(texte_cas, None);
    let t = texte(&docs.join("01-requete-injonction-de-payer.pdf"));
    absent(&t, INEXISTANTS);
    t
}

/// Pessac is in the ressort of Bordeaux: the tribunal de commerce for a merchant (certain,
/// final), the tribunal judiciaire otherwise (inferred: PROJET saying so).
#[test]
fn pessac_goes_to_bordeaux() {
    let t = requete(&cas(SOCIETE, "33600", "Pessac", ""));
    contient(&t, &["Président du tribunal de commerce de Bordeaux"]);
    absent(&t, &["PROJET"]);
    let t = requete(&cas(PARTICULIER, "33600", "Pessac", ""));
    contient(
        &t,
        &[
            "PROJET",
            "Président du tribunal judiciaire de Bordeaux",
            "juridiction à vérifier : tribunal judiciaire de Bordeaux est déduit",
            "Pessac (33318)",
            "territoriales.csv",
        ],
    );
}

/// The TAE by its ressort: Villeurbanne → TAE de Lyon (loi n° 2023-1059 art. 26); the TJ of
/// Lyon for a non-merchant.
#[test]
fn villeurbanne_goes_to_lyon() {
    let t = requete(&cas(SOCIETE, "69100", "Villeurbanne", ""));
    contient(
        &t,
        &["Président du tribunal des activités économiques de Lyon"],
    );
    absent(&t, &["PROJET"]);
    let t = requete(&cas(PARTICULIER, "69100", "Villeurbanne", ""));
    contient(&t, &["tribunal judiciaire de Lyon"]);
}

#[test]
fn boulogne_billancourt_goes_to_nanterre() {
    let t = requete(&cas(SOCIETE, "92100", "Boulogne-Billancourt", ""));
    contient(&t, &["tribunal des activités économiques de Nanterre"]);
    absent(&t, &["PROJET"]);
    // Hauts-de-Seine has one TJ: certain, final.
    let t = requete(&cas(PARTICULIER, "92100", "Boulogne-Billancourt", ""));
    contient(&t, &["Président du tribunal judiciaire de Nanterre"]);
    absent(&t, &["PROJET"]);
}

/// Dinan (Côtes-d'Armor) is inferred to the TJ of Saint-Malo (Ille-et-Vilaine): PROJET naming it.
#[test]
fn dinan_is_a_draft_naming_saint_malo() {
    let t = requete(&cas(PARTICULIER, "22100", "Dinan", ""));
    contient(
        &t,
        &[
            "PROJET",
            "tribunal judiciaire de Saint-Malo",
            "autre département",
        ],
    );
}

/// Bas-Rhin: the data puts Sélestat in the ressort of the chambre commerciale of the TJ of
/// Colmar (C. com. L731-1 s.).
#[test]
fn selestat_goes_to_the_commercial_chamber_of_colmar() {
    let t = requete(&cas(SOCIETE, "67600", "Sélestat", ""));
    contient(
        &t,
        &["Président du tribunal judiciaire de Colmar (chambre commerciale)"],
    );
    absent(&t, &["PROJET", "Strasbourg"]);
    let t = requete(&cas(PARTICULIER, "67600", "SELESTAT", ""));
    contient(&t, &["Président du tribunal judiciaire de Colmar"]);
    absent(&t, &["PROJET"]);
}

/// Blagnac: Haute-Garonne has two TJs and the data cannot tell: every judicial document is a
/// PROJET listing both, and no court is invented.
#[test]
fn unresolved_tj_is_a_draft_listing_the_candidates() {
    let (_dir, docs) = construire(&cas(PARTICULIER, "31700", "Blagnac", ""), None);
    let t = texte(&docs.join("01-requete-injonction-de-payer.pdf"));
    absent(&t, INEXISTANTS);
    contient(
        &t,
        &[
            "PROJET",
            "tribunal judiciaire compétent (à déterminer : Toulouse ou Saint-Gaudens)",
            "juridiction à déterminer entre tribunal judiciaire de Toulouse et tribunal judiciaire de Saint-Gaudens",
            "Blagnac (31069)",
        ],
    );
    for f in [
        "03-bordereau-de-pieces.pdf",
        "04-lettre-commissaire-de-justice.pdf",
    ] {
        let t = texte(&docs.join(f));
        contient(&t, &["PROJET", "à déterminer"]);
    }
    // The décompte names no court: never a draft for it.
    absent(&texte(&docs.join("02-decompte.pdf")), &["PROJET"]);
}

/// Several communes share 33890: the name chooses, and the commercial court follows.
#[test]
fn the_commune_is_chosen_by_name_among_a_postal_code() {
    let t = requete(&cas(SOCIETE, "33890", "GENSAC", ""));
    contient(&t, &["tribunal de commerce de Libourne"]);
    absent(&t, &["PROJET"]);
    // A name that is none of them: every commune of 33890 has the same commercial court,
    // which stays certain.
    let t = requete(&cas(SOCIETE, "33890", "Nulle-Part", ""));
    contient(&t, &["tribunal de commerce de Libourne"]);
    absent(&t, &["PROJET"]);
    // Their TJ is only inferred: PROJET, saying the commune is ambiguous, with the candidates.
    let t = requete(&cas(PARTICULIER, "33890", "Nulle-Part", ""));
    contient(
        &t,
        &[
            "PROJET",
            "ne désigne pas une seule commune du code postal 33890",
            "Gensac (33186)",
            "tribunal judiciaire de Libourne",
        ],
    );
}

/// `[juridiction]` still decides; `check` warns when it contradicts the data.
#[test]
fn named_court_overrides_and_check_warns() {
    let extra = "[juridiction]\ntype = \"tribunal_de_commerce\"\nville = \"Villeurbanne\"\n";
    let t = requete(&cas(
        SOCIETE,
        "69100",
        "Villeurbanne",
        "[juridiction]\ntype = \"tribunal_de_commerce\"\nville = \"Lyon\"\n",
    ));
    contient(&t, &["Président du tribunal de commerce de Lyon"]);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dossier.toml");
    std::fs::write(&f, cas(SOCIETE, "69100", "Villeurbanne", extra)).unwrap();
    let (code, out, err) = recouvre(&["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let tout = format!("{out}{err}");
    contient(
        &tout,
        &[
            "juridiction.ville",
            "aucun tribunal de commerce ne siège à Villeurbanne",
        ],
    );
    std::fs::write(
        &f,
        cas(
            SOCIETE,
            "69100",
            "Villeurbanne",
            "[juridiction]\ntype = \"tribunal_de_commerce\"\nville = \"Lyon\"\n",
        ),
    )
    .unwrap();
    let (_, out, err) = recouvre(&["check", f.to_str().unwrap()]);
    contient(
        &format!("{out}{err}"),
        &[
            "contredit les données",
            "le tribunal des activités économiques de Lyon (compétence certaine)",
        ],
    );
    // The case agrees with the data: no warning about the court.
    std::fs::write(
        &f,
        cas(
            SOCIETE,
            "69100",
            "Villeurbanne",
            "[juridiction]\ntype = \"tribunal_activites_economiques\"\nville = \"Lyon\"\n",
        ),
    )
    .unwrap();
    let (_, out, err) = recouvre(&["check", f.to_str().unwrap()]);
    absent(&format!("{out}{err}"), &["contredit", "juridiction.ville"]);
}

/// `check --json` reports the court chosen and how sure it is, beside the existing keys.
#[test]
fn check_json_reports_the_court_and_its_certainty() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dossier.toml");
    let json = |texte_cas: &str| -> serde_json::Value {
        std::fs::write(&f, texte_cas).unwrap();
        let (code, out, err) = recouvre(&["check", f.to_str().unwrap(), "--json"]);
        assert!(code == 0 || code == 1, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v[0].clone()
    };
    let v = json(&cas(PARTICULIER, "33600", "Pessac", ""));
    for cle in [
        "fichier",
        "reference",
        "arrete_au",
        "erreurs",
        "avertissements",
        "diagnostics",
    ] {
        assert!(v.get(cle).is_some(), "{cle} absent : {v}");
    }
    let j = &v["juridiction"];
    assert_eq!(j["nom"], "tribunal judiciaire de Bordeaux");
    assert_eq!(j["certitude"], "deduite");
    assert_eq!(j["designee"], false);
    assert_eq!(j["cour_appel"], "Cour d'appel de Bordeaux");
    assert!(j["commune"].as_str().unwrap().contains("Pessac (33318)"));
    assert_eq!(j["competence"]["communes"][0]["insee"], "33318");
    assert_eq!(
        j["competence"]["commerciale"]["retenue"]["nom"],
        "Tribunal de commerce de Bordeaux"
    );
    let v = json(&cas(PARTICULIER, "31700", "Blagnac", ""));
    let j = &v["juridiction"];
    assert_eq!(j["certitude"], "indeterminee");
    assert_eq!(
        j["possibles"],
        serde_json::json!([
            "Tribunal judiciaire de Toulouse",
            "Tribunal judiciaire de Saint-Gaudens"
        ])
    );
    let v = json(&cas(SOCIETE, "92100", "Boulogne-Billancourt", ""));
    assert_eq!(v["juridiction"]["certitude"], "certaine");
    assert_eq!(v["juridiction"]["type"], "tribunal_activites_economiques");
    // An unknown commune: warned, and undetermined.
    let v = json(&cas(PARTICULIER, "33600", "Nulle-Part-sur-Mer", ""));
    assert_eq!(
        v["juridiction"]["competence"]["correspondance"],
        "code_postal_seul"
    );
    let v = json(&cas(PARTICULIER, "99999", "Nulle-Part", ""));
    assert_eq!(v["juridiction"]["certitude"], "indeterminee");
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["chemin"] == "debiteur.adresse.ville"));
}

const OFFICIEL: &str = "Commune;Libellé Commune;Orig. CA;N° CA;Cour d'Appel compétente;Orig. TJ;N° TJ;Tribunal judiciaire compétent;Orig. TPRX;N° TPRX;Tribunal de proximité compétent;Orig. CPH;N° CPH;Conseil de Prud'hommes compétent\n\
31069;Blagnac;X;1;Cour d'appel de Toulouse;X;2;Tribunal judiciaire de Toulouse;X;3;Tribunal de proximité de Toulouse;X;4;Conseil de prud'hommes de Toulouse\n";

/// The Ministry's file, supplied with `--law`, makes the TJ certain without recompiling.
#[test]
fn the_official_file_makes_the_tj_certain() {
    let law = tempfile::tempdir().unwrap();
    std::fs::write(law.path().join("competences-territoriales.csv"), OFFICIEL).unwrap();
    let (_dir, docs) = construire(&cas(PARTICULIER, "31700", "Blagnac", ""), Some(law.path()));
    let t = texte(&docs.join("01-requete-injonction-de-payer.pdf"));
    contient(&t, &["Président du tribunal judiciaire de Toulouse"]);
    absent(&t, &["PROJET", "à déterminer"]);
    // A broken file is refused with its line.
    std::fs::write(
        law.path().join("competences-territoriales.csv"),
        format!("{OFFICIEL}3106;Blagnac;X;1;;X;2;Tribunal judiciaire de Toulouse;;;;;;\n"),
    )
    .unwrap();
    let f = racine().join("fixtures/b2c-particulier/dossier.toml");
    let (code, _, err) = recouvre(&[
        "check",
        f.to_str().unwrap(),
        "--law",
        law.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    contient(
        &err,
        &[
            "competences-territoriales.csv",
            "ligne 3, colonne Commune",
            "« 3106 »",
        ],
    );
}

/// CPC 56 1°: an assignation states where the hearing is; a court from the data has no address.
#[test]
fn assignation_without_named_court_asks_for_its_address() {
    let (_dir, docs) = construire(
        &cas(
            SOCIETE,
            "92100",
            "Boulogne-Billancourt",
            "[procedure]\nvoie = \"fond\"\naudience = { date = \"2026-09-21\", heure = \"14:00\" }\n",
        ),
        None,
    );
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(
        &t,
        &[
            "tribunal des activités économiques de Nanterre",
            "PROJET",
            "lieu de l'audience, CPC art. 56 1°",
        ],
    );
}

/// No fixture prints a court that does not exist.
#[test]
fn fixtures_name_no_court_that_does_not_exist() {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["build".to_owned()];
    for f in [
        "exemple",
        "b2b-paiements-partiels",
        "b2c-particulier",
        "alsace-contractuel",
        "aucun-interet",
        "creancier-particulier",
    ] {
        args.push(format!("fixtures/{f}/dossier.toml"));
    }
    args.push("--out".into());
    args.push(out.path().to_str().unwrap().into());
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = recouvre(&a);
    assert_eq!(code, 0, "{err}");
    let mut vus = 0;
    for dossier in std::fs::read_dir(out.path()).unwrap().flatten() {
        if !dossier.path().is_dir() {
            continue;
        }
        for pdf in std::fs::read_dir(dossier.path()).unwrap().flatten() {
            if pdf.path().extension().is_some_and(|e| e == "pdf") {
                absent(&texte(&pdf.path()), INEXISTANTS);
                vus += 1;
            }
        }
    }
    assert!(vus > 10, "{vus} documents");
}

//! The documents read back as their recipients would: `pdftotext` text, `qpdf --check`,
//! embedded fonts, SHA-256 of the exhibits, byte-identical rebuilds, literal case data.
//! Needs poppler-utils and qpdf (`.ci/run` installs them).

mod common;

use common::pdf::{absent, contient, texte};

use common::{racine, recouvre};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn outil(nom: &str) -> Command {
    let probe = Command::new(nom).arg("-v").output();
    assert!(
        probe.is_ok(),
        "{nom} est nécessaire à ces tests : apt-get install -y poppler-utils qpdf"
    );
    Command::new(nom)
}

const FIXTURES: &[&str] = &[
    "exemple",
    "b2b-paiements-partiels",
    "b2c-particulier",
    "alsace-contractuel",
    "aucun-interet",
    "creancier-particulier",
];

/// Every fixture built once into a temporary folder.
fn sortie() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["build".to_owned()];
        for f in FIXTURES {
            args.push(format!("fixtures/{f}/dossier.toml"));
        }
        args.push("--out".into());
        args.push(dir.path().to_str().unwrap().into());
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = recouvre(&a);
        assert_eq!(code, 0, "{err}");
        dir
    })
    .path()
}

fn doc(reference: &str, fichier: &str) -> String {
    let p = sortie().join(reference).join(fichier);
    assert!(p.is_file(), "{} absent", p.display());
    texte(&p)
}

fn decompte_json(fixture: &str) -> serde_json::Value {
    let (code, out, err) = recouvre(&[
        "decompte",
        &format!("fixtures/{fixture}/dossier.toml"),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// `5355.14` → `5 355,14 €` as pdftotext prints it.
fn fr(montant: &serde_json::Value) -> String {
    common::pdf::montant_fr(montant.as_str().unwrap())
}

/// Finds each string after the previous one; returns where the last one ends.
fn dans_l_ordre(t: &str, mut depuis: usize, attendus: &[&str]) -> usize {
    for a in attendus {
        match t[depuis..].find(a) {
            Some(i) => depuis += i + a.len(),
            None => panic!("« {a} » absent (ou mal placé) après la position {depuis} de :\n{t}"),
        }
    }
    depuis
}

#[test]
fn every_fixture_builds_its_documents() {
    let attendus: &[(&str, &[&str])] = &[
        (
            "2026-0042",
            &[
                "01-requete-injonction-de-payer.pdf",
                "02-decompte.pdf",
                "03-bordereau-de-pieces.pdf",
                "04-lettre-commissaire-de-justice.pdf",
                "05-lettre-avocat.pdf",
            ],
        ),
        ("2026-0107", &["01-mise-en-demeure.pdf", "02-decompte.pdf"]),
        (
            "2026-0213",
            &[
                "01-assignation.pdf",
                "02-decompte.pdf",
                "03-bordereau-de-pieces.pdf",
                "04-lettre-commissaire-de-justice.pdf",
            ],
        ),
        (
            "2026-0350",
            &[
                "01-requete-injonction-de-payer.pdf",
                "02-decompte.pdf",
                "03-bordereau-de-pieces.pdf",
                "04-lettre-commissaire-de-justice.pdf",
                "05-lettre-avocat.pdf",
            ],
        ),
        ("2026-0404", &["01-relance-2.pdf", "02-decompte.pdf"]),
        (
            "2026-0521",
            &[
                "01-assignation-refere-provision.pdf",
                "02-decompte.pdf",
                "03-bordereau-de-pieces.pdf",
                "04-lettre-commissaire-de-justice.pdf",
                "05-lettre-avocat.pdf",
            ],
        ),
    ];
    for (reference, fichiers) in attendus {
        let mut vus: Vec<String> = std::fs::read_dir(sortie().join(reference))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| !n.ends_with(".zip"))
            .collect();
        vus.sort();
        assert_eq!(&vus, fichiers, "{reference}");
    }
}

/// CPC 1407, 57, 54 3°: parties, court, the exact sum with its décompte, the basis,
/// the bordereau, date and signature.
#[test]
fn requete_injonction_holds_every_mention() {
    let j = decompte_json("exemple");
    let t = doc("2026-0042", "01-requete-injonction-de-payer.pdf");
    contient(&t, &[
        "REQUÊTE EN INJONCTION DE PAYER",
        "Madame, Monsieur le Président du tribunal des activités économiques de Lyon",
        "ACME Services informatiques, société par actions simplifiée au capital de 50 000 €",
        "registre du commerce et des sociétés de Paris sous le numéro 732 829 320",
        "dont le siège est situé 12 rue de la Paix, 75002 Paris",
        "prise en la personne de son représentant légal, Jean Martin, président",
        "CONTRE : Boulangeries Durand, société à responsabilité limitée",
        "cause contractuelle",
        "1405",
        "1407",
        "Une mise en demeure de payer lui a été adressée par lettre recommandée avec demande d'avis de réception du 7 avril 2026",
        "Bordereau des pièces produites",
        "Pièce n° 1 — Contrat de maintenance du 10 janvier 2025",
        "Fait à Paris, le 30 juin 2026",
        "Jean Martin, Président",
    ]);
    for k in ["principal", "interets", "indemnites", "total"] {
        contient(&t, &[&fr(&j[k])]);
    }
    contient(
        &t,
        &[&format!("la somme de {} en principal", fr(&j["principal"]))],
    );
    absent(
        &t,
        &[
            "PROJET",
            "tribunal de grande instance",
            "tribunal d'instance",
            "huissier",
        ],
    );
}

#[test]
fn decompte_document_matches_the_computation() {
    for (fixture, reference) in [
        ("exemple", "2026-0042"),
        ("b2b-paiements-partiels", "2026-0107"),
        ("b2c-particulier", "2026-0213"),
    ] {
        let j = decompte_json(fixture);
        let t = doc(reference, "02-decompte.pdf");
        contient(&t, &["DÉCOMPTE DE CRÉANCE", "Méthode de calcul", "36 500"]);
        for k in ["principal", "interets", "total"] {
            contient(&t, &[&fr(&j[k])]);
        }
        for f in j["factures"].as_array().unwrap() {
            contient(
                &t,
                &[&format!("Facture n° {}", f["numero"].as_str().unwrap())],
            );
            for p in f["periodes"].as_array().unwrap() {
                contient(&t, &[&fr(&p["interets"]), &fr(&p["assiette"])]);
            }
        }
    }
    let t = doc("2026-0350", "02-decompte.pdf");
    contient(
        &t,
        &[
            "8,28 %(1)",
            "Taux plancher : 3 fois le taux de l'intérêt légal",
        ],
    );
}

/// Professional debtor: L441-10 penalties and 40 € recalled; a collector adds the CPCE
/// R124-4 mentions; the deadline is computed (30/06/2026 + 15 days = 15/07/2026).
#[test]
fn mise_en_demeure_by_a_collector() {
    let t = doc("2026-0107", "01-mise-en-demeure.pdf");
    contient(&t, &[
        "MISE EN DEMEURE",
        "Lettre recommandée avec demande d'avis de réception",
        "nous vous mettons en demeure de payer la somme de 8 568,69 €",
        "au plus tard le 15 juillet 2026",
        "L441-10 II",
        "40 €",
        "vaut mise en demeure au sens de l'article 1344 du code civil",
        "Nous intervenons pour le compte de Transports Lemoine",
        "R124-4",
        "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier",
        "IBAN FR76 3000 4000 0312 3456 7890 143",
        "Nadia Benali, chargée de recouvrement",
    ]);
    // Never claim that the letter interrupts prescription; never imitate an act.
    absent(
        &t,
        &[
            "interrompt",
            "signification",
            "commandement",
            "République française",
            "huissier",
        ],
    );
}

/// Consumer debtor before the TJ, ≤ 5 000 €: oral procedure, no lawyer required, the 750-1
/// diligences stated, the default warning of CPC 56; no L441-10, no 40 €.
#[test]
fn assignation_tj_without_avocat() {
    let t = doc("2026-0213", "01-assignation.pdf");
    contient(&t, &[
        "ASSIGNATION EN PAIEMENT",
        "DONNE ASSIGNATION À : Madame Sophie Anne LEFÈVRE, professeure, de nationalité française, née le 14 mai 1981 à Périgueux (Dordogne), demeurant 15 allée des Tilleuls, 33600 Pessac",
        "tribunal judiciaire de Bordeaux, chambre de proximité",
        "15 septembre 2026 à 9 h 30",
        "ne sont pas tenues de constituer avocat (article 761",
        "la procédure est orale (article 817)",
        "Faute pour le défendeur de comparaître, il s'expose à ce qu'un jugement soit rendu contre lui sur les seuls éléments fournis par son adversaire",
        "750-1",
        "conciliateur de justice de Pessac",
        "intérêts au taux légal",
        "800,00 € au titre de l'article 700",
        "Bordereau des pièces annexé",
        "article 754",
    ]);
    absent(
        &t,
        &["est tenu de constituer avocat", "L441-10", "40 €", "PROJET"],
    );
}

/// Référé-provision (CPC 835 al. 2) above 10 000 €: avocat constitué; the defendant must be
/// represented at the hearing (no 15-day rule of the fond, CPC 486).
#[test]
fn assignation_refere_with_avocat() {
    let t = doc("2026-0521", "01-assignation-refere-provision.pdf");
    contient(
        &t,
        &[
            "ASSIGNATION EN RÉFÉRÉ-PROVISION",
            "À LA REQUÊTE DE : Étienne MOREAU, retraité",
            "Ayant pour avocat constitué Maître Hélène Roy, avocat au barreau de Dijon",
            "président du tribunal judiciaire de Dijon, statuant en référé",
            "8 septembre 2026 à 14 h 00",
            "835, alinéa 2",
            "pas sérieusement contestable",
            "Le défendeur doit être représenté par un avocat à l'audience",
            "à titre de provision",
        ],
    );
    absent(&t, &["750-1", "PROJET"]);
}

#[test]
fn alsace_moselle_commercial_chamber() {
    let t = doc("2026-0350", "01-requete-injonction-de-payer.pdf");
    contient(
        &t,
        &[
            "Président du tribunal judiciaire de Strasbourg",
            "Brasserie du Rhin",
        ],
    );
}

#[test]
fn relance_2_is_firmer_and_stays_a_letter() {
    let t = doc("2026-0404", "01-relance-2.pdf");
    contient(
        &t,
        &[
            "Deuxième relance",
            "Malgré notre précédente relance du 15 avril 2026",
            "procédure de recouvrement judiciaire",
            "1 450,00 €",
        ],
    );
    absent(
        &t,
        &[
            "signification",
            "commandement",
            "République française",
            "huissier",
            "interrompt",
        ],
    );
}

#[test]
fn letters_to_commissaire_and_avocat() {
    let t = doc("2026-0042", "04-lettre-commissaire-de-justice.pdf");
    contient(
        &t,
        &[
            "Maître Claire Fabre",
            // CPC 1411: six months before 1 September 2026, three from then (law/).
            "dans les 6 mois de sa date si elle est rendue avant le 1er septembre 2026",
            "dans les 3 mois de sa date si elle est rendue à compter de cette date",
            "1411",
            "5 355,14 €",
            "SHA-256",
        ],
    );
    let t = doc("2026-0042", "05-lettre-avocat.pdf");
    contient(
        &t,
        &[
            "Maître Antoine Girard",
            "Chronologie du recouvrement",
            "07/04/2026 : mise en demeure",
        ],
    );
}

fn sha256sum(p: &Path) -> String {
    let o = outil("sha256sum").arg(p).output().unwrap();
    String::from_utf8(o.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// CPC 56 3°, 1407: numbered, titled, dated exhibits with their page count and SHA-256,
/// the décompte last.
#[test]
fn bordereau_lists_exhibits_with_their_hashes() {
    let t = doc("2026-0042", "03-bordereau-de-pieces.pdf");
    let base = racine().join("fixtures/exemple/pieces");
    // Each row: number, title, then its hash, in that order.
    let mut depuis = 0;
    for (n, titre, f) in [
        (
            1,
            "Contrat de maintenance du 10 janvier 2025",
            "contrat.pdf",
        ),
        (2, "Conditions générales de vente", "cgv.pdf"),
        (3, "Facture n° F-2026-0101 du 15/01/2026", "F-2026-0101.pdf"),
        (4, "Facture n° F-2026-0188 du 16/02/2026", "F-2026-0188.pdf"),
        (5, "Mise en demeure du 07/04/2026", "mise-en-demeure-ar.pdf"),
    ] {
        depuis = dans_l_ordre(
            &t,
            depuis,
            &[
                &format!("{n} {titre}"),
                &format!("SHA-256 {}", sha256sum(&base.join(f))),
            ],
        );
    }
    let decompte = sha256sum(&sortie().join("2026-0042/02-decompte.pdf"));
    dans_l_ordre(
        &t,
        depuis,
        &[
            "6 Décompte de créance arrêté au 30/06/2026",
            &format!("SHA-256 {decompte}"),
        ],
    );
}

#[test]
fn pdfs_pass_qpdf_and_embed_their_fonts() {
    for e in std::fs::read_dir(sortie()).unwrap() {
        let dossier = e.unwrap().path();
        if !dossier.is_dir() {
            continue; // the bundles, checked in tests/bundles.rs
        }
        for f in std::fs::read_dir(dossier).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|x| x == "zip") {
                continue; // the bundles, checked in tests/bundles.rs
            }
            let o = outil("qpdf").arg("--check").arg(&p).output().unwrap();
            assert!(
                o.status.success(),
                "qpdf --check {}: {}",
                p.display(),
                String::from_utf8_lossy(&o.stdout)
            );
            let o = outil("pdffonts").arg(&p).output().unwrap();
            let fonts = String::from_utf8(o.stdout).unwrap();
            let lignes: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!lignes.is_empty(), "{}", p.display());
            for l in lignes {
                // columns: name type encoding emb sub uni object ID
                let cols: Vec<&str> = l.split_whitespace().collect();
                assert_eq!(
                    cols[cols.len() - 5],
                    "yes",
                    "font not embedded in {}: {l}",
                    p.display()
                );
            }
            let o = outil("pdfinfo").arg(&p).output().unwrap();
            let info = String::from_utf8_lossy(&o.stdout).into_owned();
            assert!(
                info.lines()
                    .any(|l| l.starts_with("PDF version:") && l.ends_with("1.7")),
                "{info}"
            );
            // PDF/A-2b, declared in the XMP metadata.
            let octets = std::fs::read(&p).unwrap();
            let xmp = String::from_utf8_lossy(&octets);
            assert!(
                xmp.contains("pdfaid:part>2<") && xmp.contains("pdfaid:conformance>B<"),
                "{}",
                p.display()
            );
            assert!(info.contains("A4"), "{info}");
        }
    }
}

#[test]
fn two_builds_give_identical_bytes() {
    let autre = tempfile::tempdir().unwrap();
    let (code, _, err) = recouvre(&[
        "build",
        "fixtures/exemple/dossier.toml",
        "fixtures/b2c-particulier/dossier.toml",
        "--out",
        autre.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    for reference in ["2026-0042", "2026-0213"] {
        for f in std::fs::read_dir(autre.path().join(reference)).unwrap() {
            let f = f.unwrap();
            let a = std::fs::read(f.path()).unwrap();
            let b = std::fs::read(sortie().join(reference).join(f.file_name())).unwrap();
            assert!(
                a == b,
                "{reference}/{:?} differs between builds",
                f.file_name()
            );
        }
    }
}

fn ecrire_cas(dir: &Path, texte: &str) -> PathBuf {
    let f = dir.join("dossier.toml");
    std::fs::write(&f, texte).unwrap();
    f
}

const CAS_MINIMAL: &str = r#"reference = "INJ-1"
arrete_au = "2026-06-30"
[creancier]
nature = "societe"
denomination = "Créancier SAS"
adresse = { lignes = ["1 rue A"], code_postal = "75001", ville = "Paris" }
[debiteur]
nature = "societe"
denomination = "DENOMINATION"
commercant = true
adresse = { lignes = ["2 rue B"], code_postal = "35000", ville = "Rennes" }
[creance]
fondement = "contrat"
description = "DESCRIPTION"
[[factures]]
numero = "F1"
date = "2026-01-15"
echeance = "2026-02-14"
montant = "1200"
[[evenements]]
date = "2026-03-01"
type = "mise_en_demeure"
"#;

/// Case data reaches Typst as data: markup, code and references print literally.
#[test]
fn hostile_text_prints_literally() {
    let dir = tempfile::tempdir().unwrap();
    let nom =
        r##"#panic("x") $x$ *b* <l> @r \ #eval("1+1") ] } ) // /* #import "@preview/x:0.1.0""##;
    let desc = r#"_souligné_ = Titre #read("/etc/passwd")"#;
    let texte = CAS_MINIMAL
        .replace(
            "DENOMINATION",
            &nom.replace('\\', "\\\\").replace('"', "\\\""),
        )
        .replace("DESCRIPTION", &desc.replace('"', "\\\""));
    let f = ecrire_cas(dir.path(), &texte);
    let out = dir.path().join("out");
    let (code, _, err) = recouvre(&["build", f.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let t = texte_fichier(&out.join("INJ-1/01-requete-injonction-de-payer.pdf"));
    contient(
        &t,
        &[&nom.split_whitespace().collect::<Vec<_>>().join(" "), desc],
    );
}

fn texte_fichier(p: &Path) -> String {
    texte(p)
}

/// A refused path exits 1 with the reason and writes nothing for that case; the other
/// cases are still built.
#[test]
fn refused_cases_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let collective = dir.path().join("collective");
    std::fs::create_dir(&collective).unwrap();
    let f1 = ecrire_cas(
        &collective,
        &(CAS_MINIMAL
            .replace(
                "commercant = true",
                "commercant = true\nprocedure_collective = true",
            )
            .replace("DENOMINATION", "D")
            .replace("DESCRIPTION", "x")
            // An action for payment imposed on a debtor under a collective procedure.
            + "[procedure]\nvoie = \"injonction\"\n"),
    );
    let prescrite = dir.path().join("prescrite");
    std::fs::create_dir(&prescrite).unwrap();
    let f2 = ecrire_cas(
        &prescrite,
        &CAS_MINIMAL
            .replace("INJ-1", "PRE-1")
            .replace("2026-01-15", "2020-01-15")
            .replace("2026-02-14", "2020-02-14")
            .replace("DENOMINATION", "D")
            .replace("DESCRIPTION", "x"),
    );
    let piece = dir.path().join("piece");
    std::fs::create_dir(&piece).unwrap();
    let f3 = ecrire_cas(
        &piece,
        &CAS_MINIMAL
            .replace("INJ-1", "PIE-1")
            .replace(
                "montant = \"1200\"",
                "montant = \"1200\"\npiece = \"pieces/absente.pdf\"",
            )
            .replace("DENOMINATION", "D")
            .replace("DESCRIPTION", "x"),
    );
    let bon = dir.path().join("bon");
    std::fs::create_dir(&bon).unwrap();
    let f4 = ecrire_cas(
        &bon,
        &CAS_MINIMAL
            .replace("INJ-1", "BON-1")
            .replace("DENOMINATION", "D")
            .replace("DESCRIPTION", "x"),
    );
    let out = dir.path().join("out");
    let (code, stdout, err) = recouvre(&[
        "build",
        f1.to_str().unwrap(),
        f2.to_str().unwrap(),
        f3.to_str().unwrap(),
        f4.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    contient(
        &err,
        &[
            "L622-21",
            "déclarez la créance",
            "prescrite",
            "pieces/absente.pdf",
            "rien n'a été écrit",
        ],
    );
    assert!(!out.join("INJ-1").exists());
    assert!(!out.join("PRE-1").exists());
    assert!(!out.join("PIE-1").exists());
    assert!(
        out.join("BON-1/01-requete-injonction-de-payer.pdf")
            .is_file(),
        "{stdout}"
    );
    // Only the good case's folder, its bundles inside; no temporary file left behind.
    let restes: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(restes, ["BON-1"]);
    assert!(out.join("BON-1/BON-1-commissaire.zip").is_file());
    assert!(out.join("BON-1/BON-1-avocat.zip").is_file());
}

/// A firm's own templates: a folder that overrides some templates; still sandboxed.
#[test]
fn templates_can_be_overridden_and_stay_sandboxed() {
    let dir = tempfile::tempdir().unwrap();
    let modeles = dir.path().join("modeles");
    std::fs::create_dir(&modeles).unwrap();
    std::fs::write(
        modeles.join("mise-en-demeure.typ"),
        "#import \"lib.typ\": *\n#show: document-recouvre.with(titre: \"MED\")\nCabinet Dupont et associés — #d.debiteur.nom doit #d.decompte.total.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, _, err) = recouvre(&[
        "build",
        "fixtures/b2b-paiements-partiels/dossier.toml",
        "--out",
        out.to_str().unwrap(),
        "--templates",
        modeles.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let t = texte(&out.join("2026-0107/01-mise-en-demeure.pdf"));
    contient(
        &t,
        &["Cabinet Dupont et associés — Négoce Atlantique doit 8 568,69 €."],
    );
    // The décompte keeps the embedded template.
    contient(
        &texte(&out.join("2026-0107/02-decompte.pdf")),
        &["DÉCOMPTE DE CRÉANCE"],
    );
    // A template cannot read the file system.
    std::fs::write(
        modeles.join("mise-en-demeure.typ"),
        "#read(\"/etc/passwd\")\n",
    )
    .unwrap();
    let out2 = dir.path().join("out2");
    let (code, _, err) = recouvre(&[
        "build",
        "fixtures/b2b-paiements-partiels/dossier.toml",
        "--out",
        out2.to_str().unwrap(),
        "--templates",
        modeles.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    contient(&err, &["mise-en-demeure.typ", "not found"]);
    assert!(!out2.join("2026-0107").exists());
}

/// A copy of `fixtures/exemple` (case file rewritten by `modifier`, exhibits alongside) built
/// into a temporary folder; returns the folder of its documents.
fn construire_variante(modifier: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = racine().join("fixtures/exemple");
    std::fs::create_dir(dir.path().join("pieces")).unwrap();
    for e in std::fs::read_dir(source.join("pieces")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join("pieces").join(e.file_name())).unwrap();
    }
    let cas = modifier(std::fs::read_to_string(source.join("dossier.toml")).unwrap());
    let f = ecrire_cas(dir.path(), &cas);
    let out = dir.path().join("out");
    let (code, _, err) = recouvre(&["build", f.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let docs = out.join("2026-0042");
    (dir, docs)
}

/// First reminder: no history yet, courteous, L441-10 and 40 € recalled between
/// professionals, never an act's vocabulary.
#[test]
fn relance_1_is_courteous() {
    let (_dir, docs) = construire_variante(|t| {
        let debut = t.find("[[evenements]]").unwrap();
        let fin = t.find("[[pieces]]").unwrap();
        format!("{}{}", &t[..debut], &t[fin..])
    });
    let t = texte(&docs.join("01-relance-1.pdf"));
    contient(
        &t,
        &[
            "Relance — factures impayées",
            "Sauf erreur ou omission de notre part",
            "5 088,75 €",
            "L441-10 II",
            "40 €",
            "ne pas tenir compte de la présente",
        ],
    );
    absent(
        &t,
        &[
            "Deuxième relance",
            "signification",
            "commandement",
            "interrompt",
        ],
    );
}

/// Assignation before the commercial court at or below 10 000 €: the parties may appear
/// themselves (CPC 853), service 15 days and enrolment 8 days before the hearing, no 750-1.
#[test]
fn assignation_tribunal_de_commerce() {
    let (_dir, docs) = construire_variante(|t| {
        t.replace("type = \"tribunal_activites_economiques\"", "type = \"tribunal_de_commerce\"")
            + "\n[procedure]\nvoie = \"fond\"\naudience = { date = \"2026-09-21\", heure = \"14:00\" }\n"
    });
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(&t, &[
        "ASSIGNATION EN PAIEMENT",
        "tribunal de commerce de Lyon",
        "21 septembre 2026 à 14 h 00",
        "toute personne de leur choix",
        "(article 853 du code de procédure civile)",
        "signifiée 15 jours au moins avant l'audience et remise au greffe 8 jours au moins avant celle-ci",
        "Faute pour le défendeur de comparaître",
        "L441-10 II",
    ]);
    absent(&t, &["750-1", "PROJET", "est tenu de constituer avocat"]);
}

/// Law is data (issue 10): a parameter changed through `--law` appears in the documents,
/// with its source, and in the décompte's method.
#[test]
fn a_parameter_changed_through_law_reaches_the_documents() {
    let loi = tempfile::tempdir().unwrap();
    std::fs::write(
        loi.path().join("parametres.toml"),
        "[[indemnite_forfaitaire.valeurs]]\ndepuis = \"2026-01-01\"\nvaleur = \"55\"\ntexte = \"Texte de test n° 1\"\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, _, err) = common::recouvre_env(
        &[
            "build",
            "fixtures/b2b-paiements-partiels/dossier.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
        &[("RECOUVRE_LAW", loi.path().to_str().unwrap())],
    );
    assert_eq!(code, 0, "{err}");
    let t = texte(&out.path().join("2026-0107/01-mise-en-demeure.pdf"));
    contient(
        &t,
        &[
            "indemnité forfaitaire pour frais de recouvrement de 55 € est due",
            "Texte de test n° 1",
        ],
    );
    let t = texte(&out.path().join("2026-0107/02-decompte.pdf"));
    contient(&t, &["frais de recouvrement de 55 € par facture"]);
}

// --- Issue 11: documents a practitioner files as they are ----------------------------------

/// A copy of `fixtures/<fixture>` (case file rewritten by `modifier`, exhibits alongside),
/// built into a temporary folder; returns the folder of its documents.
fn variante(
    fixture: &str,
    reference: &str,
    modifier: impl Fn(String) -> String,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = racine().join("fixtures").join(fixture);
    std::fs::create_dir(dir.path().join("pieces")).unwrap();
    for e in std::fs::read_dir(source.join("pieces")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join("pieces").join(e.file_name())).unwrap();
    }
    let cas = modifier(std::fs::read_to_string(source.join("dossier.toml")).unwrap());
    let f = ecrire_cas(dir.path(), &cas);
    let out = dir.path().join("out");
    let (code, _, err) = recouvre(&["build", f.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    (dir, out.join(reference))
}

/// Every PDF of a folder of documents, by file name.
fn pdfs(docs: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(docs)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| (e.file_name().into_string().unwrap(), texte(&e.path())))
        .collect();
    v.sort();
    v
}

/// The forms a greffe or an avocat would strike out, across every document of every fixture:
/// « né(e) », « À l'honneur » (the verb avoir takes no accent), « de » before a vowel where
/// an elision is due, and a court that does not exist.
#[test]
fn forbidden_forms_are_absent_from_every_document() {
    let mut vus = 0;
    for dossier in std::fs::read_dir(sortie()).unwrap().flatten() {
        if !dossier.path().is_dir() {
            continue;
        }
        for (nom, t) in pdfs(&dossier.path()) {
            absent(
                &t,
                &["né(e)", "À l'honneur", "tribunal judiciaire de Pessac"],
            );
            for (i, _) in t.match_indices(" de ") {
                let suite = t[i + 4..].chars().next().unwrap_or(' ');
                assert!(
                    !"AEIOUYÀÂÉÈÊÎÔÛ".contains(suite),
                    "{nom} : élision manquante « {} »",
                    &t[i..(i + 30).min(t.len())]
                );
            }
            vus += 1;
        }
    }
    assert!(vus >= 20, "{vus} documents");
}

/// Points 1 and 2 (CPC 855, 861-2, 853): before the commercial court an act that claims
/// payment reproduces art. 861-2; a collection company is named as the claimant's
/// representative with its special power among the exhibits, or the act stays a draft.
#[test]
fn commercial_court_act_recalls_861_2_and_names_the_collector() {
    let tc = |t: String| {
        t.replace(
            "type = \"tribunal_activites_economiques\"",
            "type = \"tribunal_de_commerce\"",
        )
        .replace("[avocat]\nnom = \"Antoine Girard\"", "[notaire]\nnom = \"x\"")
        .replace("[notaire]\nnom = \"x\"\nbarreau = \"Lyon\"\nadresse = { lignes = [\"5 place Bellecour\"], code_postal = \"69002\", ville = \"Lyon\" }\nemail = \"a.girard@avocats-lyon.example\"\n", "")
            + "\n[procedure]\nvoie = \"fond\"\naudience = { date = \"2026-09-21\", heure = \"14:00\" }\n[mandataire]\nqualite = \"societe_recouvrement\"\nnom = \"Recouvrement Rhône Conseil\"\nadresse = { lignes = [\"3 rue Mercière\"], code_postal = \"69002\", ville = \"Lyon\" }\n"
    };
    let (_d, docs) = variante("exemple", "2026-0042", |t| {
        tc(t) + "pouvoir = { titre = \"Pouvoir spécial donné à Recouvrement Rhône Conseil\", date = \"2026-06-01\", fichier = \"pieces/cgv.pdf\" }\n"
    });
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(
        &t,
        &[
            "Article 861-2 du code de procédure civile",
            "peut ne pas se présenter à l'audience",
            "Représentant du demandeur (articles 853 et 855 du code de procédure civile) : Recouvrement Rhône Conseil, 3 rue Mercière, 69002 Lyon, munie d'un pouvoir spécial",
            "Pouvoir spécial donné à Recouvrement Rhône Conseil",
        ],
    );
    absent(&t, &["PROJET"]);
    contient(
        &texte(&docs.join("03-bordereau-de-pieces.pdf")),
        &["Pouvoir spécial donné à Recouvrement Rhône Conseil"],
    );
    // Without its power: a draft that says what to add.
    let (_d, docs) = variante("exemple", "2026-0042", tc);
    contient(
        &texte(&docs.join("01-assignation.pdf")),
        &["PROJET", "pouvoir spécial à joindre"],
    );
    // Before the tribunal judiciaire it cannot represent the creditor at all (CPC 762).
    let (_d, docs) = variante("b2c-particulier", "2026-0213", |t| {
        t + "\n[mandataire]\nqualite = \"societe_recouvrement\"\nnom = \"Recouvrement Gironde\"\n"
    });
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(
        &t,
        &[
            "PROJET",
            "ne peut représenter le créancier devant le tribunal judiciaire (CPC art. 762)",
        ],
    );
    absent(&t, &["Représentant du demandeur", "Article 861-2"]);
}

/// Point 3 (CPC 750-1): the proof of the amicable attempt is an exhibit, cited in the act;
/// `check` warns when the diligences are stated without it.
#[test]
fn amicable_attempt_proof_is_an_exhibit() {
    let t = doc("2026-0213", "01-assignation.pdf");
    contient(
        &t,
        &[
            "conciliateur de justice de Pessac",
            "Justificatif produit : pièce n° 5.",
        ],
    );
    let b = doc("2026-0213", "03-bordereau-de-pieces.pdf");
    contient(
        &b,
        &["5 Constat de carence du conciliateur de justice de Pessac"],
    );
    let dir = tempfile::tempdir().unwrap();
    let source = racine().join("fixtures/b2c-particulier");
    let cas = std::fs::read_to_string(source.join("dossier.toml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("preuve_amiable"))
        .collect::<Vec<_>>()
        .join("\n");
    let f = ecrire_cas(dir.path(), &cas);
    let (_, out, err) = recouvre(&["check", f.to_str().unwrap()]);
    contient(
        &format!("{out}{err}"),
        &["procedure.preuve_amiable", "750-1"],
    );
}

/// Points 4 and 5: above 10 000 € before the commercial court the defendant must be
/// represented by an avocat (853), without the TJ's 15 days; a requête never says an avocat
/// is mandatory (1407).
#[test]
fn representation_rules_by_court() {
    let (_d, docs) = variante("exemple", "2026-0042", |t| {
        t.replace("montant = \"1250.40\"", "montant = \"12250.40\"")
            .replace(
                "type = \"tribunal_activites_economiques\"",
                "type = \"tribunal_de_commerce\"",
            )
            + "\n[procedure]\nvoie = \"fond\"\naudience = { date = \"2026-09-21\", heure = \"14:00\" }\n"
    });
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(
        &t,
        &[
            "les parties sont tenues de constituer avocat (article 853 du code de procédure civile)",
            "Le défendeur doit être représenté par un avocat à l'audience",
            "Article 861-2",
            "dont distraction au profit de Maître Antoine Girard",
        ],
    );
    absent(&t, &["articles 853", "dans le délai de 15 jours", "752"]);
    // Injonction above 10 000 € (Alsace fixture, 10 400,25 €): no avocat required.
    let t = doc("2026-0350", "05-lettre-avocat.pdf");
    contient(&t, &["tout mandataire (article 1407"]);
    absent(&t, &["la représentation par avocat est obligatoire"]);
    absent(
        &doc("2026-0350", "01-requete-injonction-de-payer.pdf"),
        &["avocat obligatoire", "tenues de constituer avocat"],
    );
}

/// Point 6: before the juge des contentieux de la protection the dispensation comes from the
/// matter (761 1°), whatever the amount.
#[test]
fn jcp_dispensation_comes_from_the_matter() {
    let (_d, docs) = variante("b2c-particulier", "2026-0213", |t| {
        t.replace("montant = \"2386.00\"", "montant = \"12386.00\"")
            .replace(
                "type = \"tribunal_judiciaire\"",
                "type = \"juge_contentieux_protection\"",
            )
    });
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(
        &t,
        &["relevant de la compétence du juge des contentieux de la protection, les parties sont dispensées de constituer avocat (article 761, 1°"],
    );
    absent(
        &t,
        &["excédant", "tenues de constituer avocat", "n'excédant pas"],
    );
}

/// Point 7: where the L441-10 II floor replaced the contractual rate, the acts say so.
#[test]
fn interest_basis_is_the_one_computed() {
    let t = doc("2026-0350", "01-requete-injonction-de-payer.pdf");
    contient(
        &t,
        &["pénalités de retard au taux plancher de 3 fois le taux de l'intérêt légal, le taux contractuel de 5,00 % lui étant inférieur (C. com. art. L441-10 II)"],
    );
    absent(&t, &["intérêts au taux contractuel arrêtés"]);
}

/// Points 8 and 13: a collector's letters itemise principal, interest and accessories
/// (R124-4 3°), and the 40 € indemnity is presented as the contrary legal provision L111-8
/// allows; a relance claims what its décompte says, penalties being due de plein droit.
#[test]
fn collector_letters_itemise_and_do_not_deny_what_they_claim() {
    let t = doc("2026-0107", "01-mise-en-demeure.pdf");
    contient(
        &t,
        &[
            "Sommes réclamées : principal",
            "disposition législative contraire au sens de l'article L111-8",
            "La clause pénale est une stipulation du contrat",
        ],
    );
    absent(
        &t,
        &["elles ne comprennent aucun frais de recouvrement amiable"],
    );
    let (_d, docs) = variante("b2b-paiements-partiels", "2026-0107", |t| {
        t.replace("voie = \"mise_en_demeure\"", "voie = \"relance\"")
    });
    let t = texte(&docs.join("01-relance-1.pdf"));
    let j = decompte_json("b2b-paiements-partiels");
    contient(
        &t,
        &[
            "Nous intervenons pour le compte de Transports Lemoine",
            "Principal restant dû",
            "arrêtées au 30 juin 2026",
            &format!("soit {}", fr(&j["total"])),
            "R124-4",
        ],
    );
    let t = doc("2026-0404", "01-relance-2.pdf");
    contient(&t, &["régler la somme de 1 490,00 €"]);
    absent(&t, &["s'ajouteront alors"]);
}

/// Point 9: référé-provision, « ordonnance », time enough to prepare a defence (486), no
/// clause pénale claimed (left to the fond, said in the letter to the avocat).
#[test]
fn refere_provision_rules() {
    let t = doc("2026-0521", "01-assignation-refere-provision.pdf");
    contient(
        &t,
        &["article 486", "L'ordonnance de référé est exécutoire"],
    );
    absent(&t, &["15 jours", "8 jours", "jugement à intervenir"]);
    let (_d, docs) = variante("creancier-particulier", "2026-0521", |t| {
        t.replace(
            "description = \"Vente",
            "clause_penale = \"10\"\ndescription = \"Vente",
        )
    });
    let t = texte(&docs.join("01-assignation-refere-provision.pdf"));
    contient(&t, &["n'est pas demandée à titre de provision"]);
    absent(&t, &["au titre de la clause pénale", "Clause pénale (10"]);
    contient(
        &texte(&docs.join("05-lettre-avocat.pdf")),
        &[
            "n'est pas demandée dans l'assignation en référé-provision",
            "relève du juge du fond",
        ],
    );
}

/// Point 10: every dispositif and requête states how interest runs after the arrêté.
#[test]
fn interest_after_the_arrete_is_stated() {
    let j = decompte_json("exemple");
    contient(
        &doc("2026-0042", "01-requete-injonction-de-payer.pdf"),
        &[&format!(
            "au taux de refinancement de la BCE majoré de 10 points (C. com. art. L441-10 II) sur {} à compter du 1er juillet 2026",
            fr(&j["principal"])
        )],
    );
    let j = decompte_json("b2c-particulier");
    contient(
        &doc("2026-0213", "01-assignation.pdf"),
        &[
            &format!(
                "au taux de l'intérêt légal sur {} à compter du 1er juillet 2026",
                fr(&j["principal"])
            ),
            "à compter de la mise en demeure du 24 février 2026",
        ],
    );
}

/// Point 11: the explicit chamber appears in the act and the bordereau; before the chambre
/// commerciale in Alsace-Moselle an avocat is required whatever the amount (source in law/).
#[test]
fn alsace_moselle_chamber_and_representation() {
    contient(
        &doc("2026-0350", "03-bordereau-de-pieces.pdf"),
        &["tribunal judiciaire de Strasbourg", "chambre commerciale"],
    );
    contient(
        &doc("2026-0350", "01-requete-injonction-de-payer.pdf"),
        &["tribunal judiciaire de Strasbourg", "chambre commerciale"],
    );
    let (_d, docs) = variante("alsace-contractuel", "2026-0350", |t| {
        t.replace("montant = \"3980.25\"", "montant = \"398.25\"")
            .replace("montant = \"6420.00\"", "montant = \"642.00\"")
            + "\n[procedure]\nvoie = \"fond\"\naudience = { date = \"2026-09-21\", heure = \"09:00\" }\n"
    });
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(
        &t,
        &[
            "chambre commerciale",
            "quel que soit le montant de la demande",
            "Éditions législatives",
        ],
    );
    absent(&t, &["n'excédant pas", "toute personne de leur choix"]);
}

/// Point 12: a payment settles the penalties first (1343-1): the invoice table shows that
/// share, so each row adds up (4 800,00 − 1 000,00 + 38,35 = 3 838,35).
#[test]
fn invoice_rows_add_up() {
    let t = doc("2026-0042", "01-requete-injonction-de-payer.pdf");
    // pdftotext reads the table column by column.
    dans_l_ordre(
        &t,
        0,
        &[
            "4 800,00 €",
            "1 000,00 €",
            "dont imputé sur pénalités 38,35 €",
            "Reste dû en principal 3 838,35 €",
        ],
    );
    contient(&t, &["s'imputent d'abord sur les pénalités échues, puis sur le principal (article 1343-1 du code civil)"]);
}

/// Point 14: a letter cites only relances sent once an invoice was due, and a collector does
/// not call the creditor's relances its own.
#[test]
fn relances_cited_are_the_right_ones() {
    let t = doc("2026-0107", "01-mise-en-demeure.pdf");
    contient(
        &t,
        &["malgré les relances qui vous ont été adressées les 12 janvier 2026 et 30 janvier 2026"],
    );
    absent(&t, &["nos relances"]);
    let (_d, docs) = variante("b2b-paiements-partiels", "2026-0107", |t| {
        t.replace("date = \"2026-01-12\"", "date = \"2025-12-20\"")
    });
    let t = texte(&docs.join("01-mise-en-demeure.pdf"));
    contient(
        &t,
        &["la relance qui vous a été adressée le 30 janvier 2026"],
    );
    absent(&t, &["20 décembre 2025"]);
}

/// Point 15: place, date and signature on the same page.
#[test]
fn signature_stays_with_place_and_date() {
    for (reference, fichier) in [
        ("2026-0042", "01-requete-injonction-de-payer.pdf"),
        ("2026-0213", "01-assignation.pdf"),
        ("2026-0521", "01-assignation-refere-provision.pdf"),
        ("2026-0042", "02-decompte.pdf"),
        ("2026-0042", "03-bordereau-de-pieces.pdf"),
    ] {
        let p = sortie().join(reference).join(fichier);
        let o = outil("pdfinfo").arg(&p).output().unwrap();
        let info = String::from_utf8_lossy(&o.stdout).into_owned();
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let mut trouve = false;
        for n in 1..=pages {
            let o = outil("pdftotext")
                .args(["-f", &n.to_string(), "-l", &n.to_string()])
                .arg(&p)
                .arg("-")
                .output()
                .unwrap();
            let page = String::from_utf8_lossy(&o.stdout).into_owned();
            if page.contains("Fait à") {
                assert!(
                    page.contains("(signature)"),
                    "{fichier} : « Fait à » sans la signature, page {n}"
                );
                trouve = true;
            }
        }
        assert!(trouve, "{fichier}");
    }
}

/// Point 16: chronology in date order; the mise en demeure exhibit names its signed AR; an
/// invoice not claimed is not an exhibit.
#[test]
fn chronology_and_bordereau_follow_the_claim() {
    let t = doc("2026-0521", "05-lettre-avocat.pdf");
    dans_l_ordre(
        &t,
        t.find("Chronologie").unwrap(),
        &[
            "06/11/2025 : échéance",
            "20/11/2025 : mise en demeure",
            "09/01/2026 : paiement reçu",
            "15/06/2026 : décompte arrêté",
        ],
    );
    contient(
        &doc("2026-0213", "03-bordereau-de-pieces.pdf"),
        &["Mise en demeure du 24/02/2026 et avis de réception signé le 26/02/2026"],
    );
    let (_d, docs) = variante("b2b-paiements-partiels", "2026-0107", |t| {
        t.replace("voie = \"mise_en_demeure\"", "voie = \"injonction\"")
    });
    let t = texte(&docs.join("03-bordereau-de-pieces.pdf"));
    contient(&t, &["TL-2025-1187", "TL-2026-0042"]);
    absent(&t, &["TL-2026-0311"]);
}

/// Points 17 and 20: agreement by civilité, wording with no agreement without it, elisions,
/// « A l'honneur », « arrêtées », the « ; » of the dispositif, the singular, « PAR CES MOTIFS ».
#[test]
fn french_agreement_and_typography() {
    let t = doc("2026-0213", "01-assignation.pdf");
    contient(
        &t,
        &[
            "Madame Sophie Anne LEFÈVRE, professeure, de nationalité française, née le 14 mai 1981 à Périgueux (Dordogne)",
            "la facture suivante, échue et demeurée impayée",
            "en principal ;",
            "PAR CES MOTIFS",
            "9 h 30",
        ],
    );
    let t = doc("2026-0521", "01-assignation-refere-provision.pdf");
    contient(
        &t,
        &[
            "Étienne MOREAU, retraité, de nationalité française, date et lieu de naissance : le 30 septembre 1952 à Dijon",
            "la condamner aux entiers dépens",
        ],
    );
    let t = doc("2026-0350", "01-requete-injonction-de-payer.pdf");
    contient(
        &t,
        &[
            "registre du commerce et des sociétés d'Épinal",
            "sa représentante légale, Madame Julie Marchal, gérante, domiciliée en cette qualité audit siège",
            "A l'honneur de vous exposer",
            "arrêtées au 30 juin 2026",
            "en principal ;",
        ],
    );
    let t = doc("2026-0107", "01-mise-en-demeure.pdf");
    contient(&t, &["suivantes : prestations de transport routier"]);
    // The non-breaking spaces (« 9 h 30 », SIREN, street numbers) are pinned by the unit
    // tests of src/format.rs: pdftotext prints them as plain spaces.
}

/// Point 21: the forms an avocat expects, and capitalisation (1343-2) when asked.
#[test]
fn practice_forms_and_capitalisation() {
    let t = doc("2026-0042", "01-requete-injonction-de-payer.pdf");
    contient(
        &t,
        &["Vu les articles 1103, 1231-1 du code civil, L441-10 et D441-5 du code de commerce, 1405 et suivants du code de procédure civile", "PLAISE À MONSIEUR LE PRÉSIDENT"],
    );
    let t = doc("2026-0521", "01-assignation-refere-provision.pdf");
    contient(
        &t,
        &[
            "débouter Garage des Ducs de toutes demandes contraires",
            "dont distraction au profit de Maître Hélène Roy, avocat, sur son affirmation de droit (article 699",
        ],
    );
    absent(&doc("2026-0213", "01-assignation.pdf"), &["distraction"]);
    let (_d, docs) = variante("b2c-particulier", "2026-0213", |t| {
        // A year earlier: the mise en demeure of 24/02/2025 has its anniversary before the arrêté.
        t.replace(
            "interets = \"legal\"",
            "interets = \"legal\"\ncapitalisation = true",
        )
        .replace("date = \"2025-12-19\"", "date = \"2024-12-19\"")
        .replace("echeance = \"2026-01-18\"", "echeance = \"2025-01-18\"")
        .replace("date = \"2026-02-03\"", "date = \"2025-02-03\"")
        .replace("date = \"2026-02-24\"", "date = \"2025-02-24\"")
    });
    let t = texte(&docs.join("01-assignation.pdf"));
    contient(
        &t,
        &["ordonner la capitalisation des intérêts dus pour une année entière (article 1343-2 du code civil)", "1343-2"],
    );
    let d = texte(&docs.join("02-decompte.pdf"));
    contient(
        &d,
        &[
            "capitalisés (article 1343-2 du code civil)",
            "Le 24/02/2026",
        ],
    );
}

/// Points 18 and 19: the décompte is certified and cites every rate's source; the letter to
/// the commissaire gives the whole injonction timetable.
#[test]
fn decompte_certified_and_commissaire_timetable() {
    let t = doc("2026-0213", "02-decompte.pdf");
    contient(
        &t,
        &[
            "Certifié sincère et véritable",
            "Sources des taux appliqués",
            "1er semestre 2026 : taux de l'intérêt légal de 2,62 %",
            "(signature)",
        ],
    );
    let t = doc("2026-0042", "02-decompte.pdf");
    contient(&t, &["taux de refinancement de la BCE de 2,15 %"]);
    let t = doc("2026-0042", "04-lettre-commissaire-de-justice.pdf");
    contient(
        &t,
        &[
            "à personne",
            "article 1416, alinéa 2",
            "à compter du 1er septembre 2026",
            "2 mois",
            "2026-96",
            "opposition",
        ],
    );
}

//! The documents read back as their recipients would: `pdftotext` text, `qpdf --check`,
//! embedded fonts, SHA-256 of the exhibits, byte-identical rebuilds, literal case data.
//! Needs poppler-utils and qpdf (`.ci/run` installs them).

mod common;

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

/// pdftotext output with French spaces folded and lines joined, for phrase matching.
fn texte(pdf: &Path) -> String {
    let o = outil("pdftotext").arg(pdf).arg("-").output().unwrap();
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(o.stdout)
        .unwrap()
        .replace(['\u{202f}', '\u{a0}'], " ")
        // Typst typesets markup apostrophes as ’; data keeps '.
        .replace('\u{2019}', "'")
        .replace("\u{ad}\n", "")
        .replace("-\n", "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
    let s = montant.as_str().unwrap();
    let (e, c) = s.split_once('.').unwrap();
    let mut g = String::new();
    for (i, ch) in e.chars().enumerate() {
        if i > 0 && (e.len() - i) % 3 == 0 {
            g.push(' ');
        }
        g.push(ch);
    }
    format!("{g},{c} €")
}

fn contient(t: &str, attendus: &[&str]) {
    for a in attendus {
        assert!(t.contains(a), "« {a} » absent de :\n{t}");
    }
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

fn absent(t: &str, interdits: &[&str]) {
    for a in interdits {
        assert!(!t.contains(a), "« {a} » ne doit pas figurer dans :\n{t}");
    }
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
        "mis en demeure de payer par lettre recommandée avec demande d'avis de réception du 7 avril 2026",
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
        "DONNE ASSIGNATION À : Sophie Anne LEFÈVRE, professeure, de nationalité française, né(e) le 14 mai 1981 à Périgueux (Dordogne), demeurant 15 allée des Tilleuls, 33600 Pessac",
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

/// Référé-provision (CPC 835 al. 2) above 10 000 €: avocat constitué, 15 days to constitute.
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
            "est tenu de constituer avocat dans le délai de 15 jours",
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

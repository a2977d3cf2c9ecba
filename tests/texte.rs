//! Text from case data: every valid case can be printed, and nothing in it can forge or
//! mislead (issue 9, points 20 to 22). Each test writes the hostile case it needs from the
//! example of `recouvre init` and drives the binary; the documents are read back with
//! `pdftotext` (poppler-utils).

mod common;

use common::recouvre;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The example case of `recouvre init` in `dir/nom/`, with reference `reference` and each
/// `(de, vers)` replacement applied to its text (`vers` is written as a TOML string).
fn cas(dir: &Path, nom: &str, reference: &str, remplacements: &[(&str, &str)]) -> PathBuf {
    let d = dir.join(nom);
    let (code, _, err) = recouvre(&["init", d.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let f = d.join("dossier.toml");
    let mut t = std::fs::read_to_string(&f).unwrap();
    t = t.replacen("\"2026-0042\"", &chaine(reference), 1);
    for (de, vers) in remplacements {
        assert!(t.contains(de), "{de} absent de l'exemple");
        t = t.replacen(de, &chaine(vers), 1);
    }
    std::fs::write(&f, t).unwrap();
    f
}

/// `s` as a TOML basic string, escapes included.
fn chaine(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

const DEBITEUR: &str = "\"Boulangeries Durand\"";
const NUMERO: &str = "\"F-2026-0101\"";

/// pdftotext output, spaces folded (U+202F and U+00A0 become plain spaces).
fn texte_pdf(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext est nécessaire : apt-get install -y poppler-utils");
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(o.stdout)
        .unwrap()
        .replace(['\u{202f}', '\u{a0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn fichiers(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    if let Ok(entrees) = std::fs::read_dir(dir) {
        for e in entrees.flatten() {
            v.push(e.file_name().to_string_lossy().into_owned());
        }
    }
    v.sort();
    v
}

#[test]
fn names_in_chinese_korean_greek_cyrillic_and_thai_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let noms = [
        ("ZH-1", "北京烤鸭有限公司"),
        ("KO-1", "삼성전자 주식회사"),
        ("EL-1", "Ελληνική Εταιρεία Τροφίμων"),
        ("RU-1", "ООО «Ромашка»"),
        ("TH-1", "บริษัท ไทย จำกัด"),
    ];
    let mut args = vec!["build".to_owned()];
    for (reference, nom) in noms {
        let f = cas(dir.path(), reference, reference, &[(DEBITEUR, nom)]);
        args.push(f.to_str().unwrap().to_owned());
    }
    let out = dir.path().join("out");
    args.extend(["--out".to_owned(), out.to_str().unwrap().to_owned()]);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = recouvre(&a);
    assert_eq!(code, 0, "{err}");
    for (reference, nom) in noms {
        let texte = texte_pdf(&out.join(reference).join("02-decompte.pdf"));
        assert!(
            texte.contains(&format!("Débiteur : {nom},")),
            "{reference} : {nom} absent de : {texte}"
        );
    }
}

#[test]
fn unprintable_text_is_refused_by_check_naming_the_field_and_build_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mot = "A".repeat(40_000);
    let hostiles = [
        (
            "EMOJI-1",
            DEBITEUR,
            "Boulangerie 🥐",
            "debiteur.denomination",
            "U+1F950",
        ),
        (
            "CTRL-1",
            DEBITEUR,
            "Boulangeries\u{7}Durand",
            "debiteur.denomination",
            "U+0007",
        ),
        (
            "LONG-1",
            DEBITEUR,
            mot.as_str(),
            "debiteur.denomination",
            "40000 caractères",
        ),
        (
            "LIGNE-1",
            NUMERO,
            "F-1\u{2028}Total",
            "factures[0].numero",
            "U+2028",
        ),
    ];
    let bon = cas(dir.path(), "BON-1", "BON-1", &[]);
    let out = dir.path().join("out");
    for (reference, de, vers, champ, motif) in hostiles {
        let f = cas(dir.path(), reference, reference, &[(de, vers)]);
        let f = f.to_str().unwrap();
        let (code, _, err) = recouvre(&["check", f]);
        assert_eq!(code, 1, "{reference} : {err}");
        let ligne = err
            .lines()
            .find(|l| l.starts_with("erreur") && l.contains(&format!("› {champ} :")))
            .unwrap_or_else(|| panic!("{reference} : {champ} non nommé : {err}"));
        assert!(ligne.contains(motif), "{reference} : {ligne}");
        assert!(err.contains("aide : "), "{err}");
        // The case is refused alone; the good case beside it is built.
        let (code, _, err) = recouvre(&[
            "build",
            f,
            bon.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!("dossier {reference} (")) && err.contains("rien n'a été écrit"),
            "{err}"
        );
        assert!(
            !fichiers(&out).iter().any(|n| n.starts_with(reference)),
            "{reference} : {:?}",
            fichiers(&out)
        );
        assert!(out.join("BON-1").join("02-decompte.pdf").is_file());
    }
}

#[test]
fn a_right_to_left_override_in_an_invoice_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = cas(
        dir.path(),
        "RLO-1",
        "RLO-1",
        &[
            (NUMERO, "F-2026\u{202E}-0101"),
            ("\"F-2026-0101\"", "F-2026\u{202E}-0101"),
        ],
    );
    let (code, _, err) = recouvre(&["check", f.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.lines().any(|l| l.contains("› factures[0].numero :")
            && l.contains("U+202E (RIGHT-TO-LEFT OVERRIDE)")
            && l.contains("sens d'écriture")),
        "{err}"
    );
    assert!(!err.contains('\u{202E}'), "caractère brut dans : {err}");
    let out = dir.path().join("out");
    let (code, _, _) = recouvre(&["build", f.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(fichiers(&out).is_empty(), "{:?}", fichiers(&out));
}

#[test]
fn terminal_escapes_from_data_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let rouge = "\u{1b}[31m";
    let f = cas(
        dir.path(),
        "ESC-1",
        &format!("ESC{rouge}1"),
        &[
            (DEBITEUR, &format!("Boulangeries {rouge}Durand")),
            ("\"404833048\"", &format!("{rouge}404833048")),
        ],
    );
    // The file name comes from the user's disk and is printed too.
    let nom = dir.path().join("ESC-1").join(format!("cas{rouge}.toml"));
    std::fs::rename(&f, &nom).unwrap();
    let nom = nom.to_str().unwrap();
    let out = dir.path().join("out");
    for args in [
        vec!["check", nom],
        vec!["check", nom, "--json"],
        vec!["build", nom, "--out", out.to_str().unwrap()],
    ] {
        let (code, sortie, err) = recouvre(&args);
        assert_eq!(code, 1, "{args:?} : {err}");
        assert!(
            !err.contains('\u{1b}'),
            "{args:?} : ESC brut sur stderr : {err:?}"
        );
        assert!(
            !sortie.contains('\u{1b}'),
            "{args:?} : ESC brut sur stdout : {sortie:?}"
        );
        if args[0] == "build" || args.len() == 2 {
            // Shown, escaped: the user sees what is wrong.
            assert!(err.contains("\\u{1b}[31m404833048"), "{args:?} : {err}");
            assert!(
                err.contains("› debiteur.denomination : échappement"),
                "{err}"
            );
        }
    }
}

/// The renderer's own guard, for text that does not come through `check` (the reasons in
/// the état des dossiers): a template fed hostile data through the library still prints,
/// with the hostile characters shown as escapes and the amounts in their order.
#[test]
fn the_renderer_neutralises_text_that_bypassed_check() {
    use recouvre::render::Moteur;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("essai.typ"),
        "#let d = json(\"/data.json\")\n\
         #set text(font: \"Libertinus Serif\", lang: \"fr\")\n\
         Facture n° #d.numero — montant 4 800,00 €.\n\n\
         Client #d.hebreu 4 800,00 € dus.\n\n\
         Nom : #d.nom\n\n\
         Fin.\n",
    )
    .unwrap();
    let moteur = Moteur::new(Some(dir.path())).unwrap();
    let donnees = serde_json::json!({
        "numero": "F-1\u{202E}23",
        "hebreu": "שלום",
        "nom": format!("Boulangerie 🥐 \u{1b}[31m \u{E000} {}\nsuite", "A".repeat(40_000)),
    });
    let date = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let rendu = moteur
        .rendre("essai.typ", &donnees, "essai", date)
        .unwrap_or_else(|e| panic!("{e}"));
    let pdf = dir.path().join("essai.pdf");
    std::fs::write(&pdf, &rendu.pdf).unwrap();
    let texte = texte_pdf(&pdf);
    assert!(
        texte.contains("Facture n° F-1\\u{202e}23 — montant 4 800,00 €."),
        "{texte}"
    );
    assert!(texte.contains("4 800,00 € dus."), "{texte}");
    assert!(
        texte.contains("Boulangerie \\u{1f950} \\u{1b}[31m \\u{e000}"),
        "{texte}"
    );
    assert!(texte.contains("A suite Fin."), "{texte}");
}

#[test]
fn the_decompte_table_escapes_data_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let numero = "F-2026-\u{1b}[2J0101";
    let f = cas(
        dir.path(),
        "ESC-2",
        "ESC-2",
        &[(NUMERO, numero), ("\"F-2026-0101\"", numero)],
    );
    // A document error: the décompte is still computed and printed.
    let (code, sortie, err) = recouvre(&["decompte", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(sortie.contains("F-2026-\\u{1b}[2J0101"), "{sortie}");
    assert!(
        !sortie.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{sortie:?}"
    );
}

/// The reasons of refused cases reach the état des dossiers as they are written, hostile
/// characters included: the état is still produced, the characters shown as escapes.
#[test]
fn the_batch_state_report_prints_hostile_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    cas(&src, "a", "EMOJI-2", &[(DEBITEUR, "Boulangerie 🥐")]);
    cas(&src, "b", "BON-2", &[]);
    let out = dir.path().join("out");
    let (code, _, err) = recouvre(&[
        "batch",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    let etat = texte_pdf(&out.join("etat-des-dossiers.pdf"));
    assert!(
        etat.contains("EMOJI-2 refuse debiteur.denomination"),
        "{etat}"
    );
    assert!(etat.contains("« \\u{1f950} » (U+1F950)"), "{etat}");
}

/// One word of a `pdftotext -bbox` page: (x min, y min, x max, y max, text).
type Mot = (f64, f64, f64, f64, String);

/// The pages of `pdf`: width and words.
fn boites(pdf: &Path) -> Vec<(f64, Vec<Mot>)> {
    let o = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    let x = String::from_utf8(o.stdout).unwrap();
    let attr = |s: &str, nom: &str| -> f64 {
        let i = s.find(&format!("{nom}=\"")).unwrap() + nom.len() + 2;
        s[i..s[i..].find('"').unwrap() + i].parse().unwrap()
    };
    x.split("<page ")
        .skip(1)
        .map(|page| {
            let largeur = attr(page, "width");
            let mots = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let texte = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    (
                        attr(w, "xMin"),
                        attr(w, "yMin"),
                        attr(w, "xMax"),
                        attr(w, "yMax"),
                        texte.to_owned(),
                    )
                })
                .collect();
            (largeur, mots)
        })
        .collect()
}

/// `MOT_MAX` is what the templates hold: at the limit, a run of capitals and digits (the
/// widest realistic shape) as the debtor's name (the letter's recipient block, the narrowest
/// place) and as an invoice number (its table column) stays on the paper and overlaps no
/// other word, amounts included.
#[test]
fn a_run_at_the_limit_stays_on_the_page_and_overlaps_nothing() {
    let limite = recouvre::validate::texte::MOT_MAX;
    let mot: String = "AB12CD34EF56GH78JK90"
        .chars()
        .cycle()
        .take(limite)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut cas_ = Vec::new();
    for (reference, voie) in [("MAX-R", "relance"), ("MAX-I", "injonction")] {
        let f = cas(
            dir.path(),
            reference,
            reference,
            &[(DEBITEUR, &mot), (NUMERO, &mot), ("\"F-2026-0101\"", &mot)],
        );
        let t = std::fs::read_to_string(&f).unwrap();
        let t = t.replacen(
            "[juridiction]",
            &format!("[procedure]\nvoie = \"{voie}\"\n\n[juridiction]"),
            1,
        );
        std::fs::write(&f, t).unwrap();
        cas_.push(f);
    }
    let out = dir.path().join("out");
    let mut args = vec!["build"];
    args.extend(cas_.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--out", out.to_str().unwrap()]);
    let (code, _, err) = recouvre(&args);
    assert_eq!(code, 0, "{err}");
    let mut vus = 0;
    for reference in ["MAX-R", "MAX-I"] {
        // The documents; the case's folder also holds its two bundles.
        for pdf in fichiers(&out.join(reference))
            .into_iter()
            .filter(|f| f.ends_with(".pdf"))
        {
            for (largeur, mots) in boites(&out.join(reference).join(&pdf)) {
                // The PROJET watermark is drawn across the text on purpose.
                let mots: Vec<&Mot> = mots.iter().filter(|m| m.3 - m.1 < 40.0).collect();
                for m in &mots {
                    assert!(
                        m.2 <= largeur,
                        "{pdf} : {} sort de la page ({} > {largeur})",
                        m.4,
                        m.2
                    );
                    vus += usize::from(m.4 == mot);
                }
                for (i, a) in mots.iter().enumerate() {
                    for b in &mots[i + 1..] {
                        let recouvre = a.0 < b.2 - 0.5
                            && b.0 < a.2 - 0.5
                            && a.1 < b.3 - 0.5
                            && b.1 < a.3 - 0.5;
                        assert!(!recouvre, "{pdf} : « {} » recouvre « {} »", a.4, b.4);
                    }
                }
            }
        }
    }
    assert!(
        vus >= 4,
        "le mot de {limite} caractères n'a été lu que {vus} fois"
    );
}

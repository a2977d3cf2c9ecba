//! What a month-end run hands to the mailroom (issue 12): the e-mailed relance as an RFC 5322
//! message read back by Python's `email` package, and the registered letters in `lrar.csv`.

mod common;

use common::recouvre;
use std::path::Path;
use std::process::Command;

fn cas(dir: &Path, reference: &str, evenements: &str, email_debiteur: bool) {
    let d = dir.join(reference);
    std::fs::create_dir_all(&d).unwrap();
    let email = if email_debiteur {
        "email = \"compta@durand.example\"\n"
    } else {
        ""
    };
    std::fs::write(
        d.join("dossier.toml"),
        format!(
            "reference = \"{reference}\"\n\n[creancier]\nnature = \"societe\"\ndenomination = \"ACME Services\"\nforme_juridique = \"SAS\"\nsiren = \"732829320\"\nrepresentant = {{ nom = \"Jean Martin\", qualite = \"Président\" }}\nadresse = {{ lignes = [\"12 rue de la Paix\"], code_postal = \"75002\", ville = \"Paris\" }}\nemail = \"relances@acme.example\"\niban = \"FR7630006000011234567890189\"\n\n[debiteur]\nnature = \"societe\"\ndenomination = \"Boulangeries Durand\"\nforme_juridique = \"SARL\"\nsiren = \"404833048\"\ncommercant = true\nrepresentant = {{ nom = \"Paul Durand\", qualite = \"Gérant\" }}\nadresse = {{ lignes = [\"8 quai Saint-Antoine\"], code_postal = \"69002\", ville = \"Lyon\" }}\n{email}\n[creance]\nfondement = \"contrat\"\ndescription = \"Maintenance\"\n\n[[factures]]\nnumero = \"F-1\"\ndate = \"2026-01-15\"\necheance = \"2026-02-14\"\nmontant = \"1200.00\"\n{evenements}"
        ),
    )
    .unwrap();
}

fn lot(src: &Path, out: &Path) {
    let (code, stdout, err) = recouvre(&[
        "batch",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--at",
        "2026-03-20",
        "--sans-registre",
        "--quiet",
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
}

#[test]
fn emailed_relance_and_registered_letters() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    cas(&src, "MAIL-1", "", true);
    cas(&src, "POSTE-1", "", false);
    cas(
        &src,
        "MED-1",
        "\n[[evenements]]\ndate = \"2026-02-20\"\ntype = \"relance\"\n\n[[evenements]]\ndate = \"2026-03-05\"\ntype = \"relance\"\n",
        true,
    );
    let out = dir.path().join("out");
    lot(&src, &out);
    let eml = out.join("envois/MAIL-1-relance-1.eml");
    assert!(eml.is_file(), "no message for the e-mailed relance");
    // No message without a debtor e-mail; a registered letter is not e-mailed.
    assert!(!out.join("envois/POSTE-1-relance-1.eml").exists());
    let lrar = std::fs::read_to_string(out.join("envois/lrar.csv")).unwrap();
    let lignes: Vec<&str> = lrar.lines().collect();
    assert_eq!(lignes[0], "reference,destinataire,adresse,document");
    assert_eq!(lignes.len(), 2, "{lrar}");
    assert!(
        lignes[1].starts_with("MED-1,Boulangeries Durand,"),
        "{lrar}"
    );
    assert!(
        lignes[1].ends_with("MED-1/01-mise-en-demeure.pdf"),
        "{lrar}"
    );
    assert!(out.join("MED-1/01-mise-en-demeure.pdf").is_file());

    // An independent reader: Python's email package parses the message, its headers and
    // its two PDF attachments, which are the files written beside it.
    let script = r#"
import email, sys, email.policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
print(m['From']); print(m['To']); print(m['Subject']); print(m['Date'])
for p in m.iter_attachments():
    d = p.get_content()
    print(p.get_filename(), p.get_content_type(), len(d), d[:5])
    ref = open(sys.argv[2] + '/' + p.get_filename(), 'rb').read()
    assert d == ref, p.get_filename()
body = m.get_body(preferencelist=('plain',)).get_content()
print(body)
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(&eml)
        .arg(out.join("MAIL-1"))
        .output()
        .unwrap();
    let sortie = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{sortie}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for attendu in [
        "ACME Services <relances@acme.example>",
        "Boulangeries Durand <compta@durand.example>",
        "Relance — factures impayées — référence MAIL-1",
        "20 Mar 2026",
        "01-relance-1.pdf application/pdf",
        "02-decompte.pdf application/pdf",
        "b'%PDF-'",
        "la somme due s'élève à",
    ] {
        assert!(
            sortie.contains(attendu),
            "« {attendu} » absent de :\n{sortie}"
        );
    }

    // Same inputs, same bytes; the list and the message survive a run where nothing changed.
    let avant = std::fs::read(&eml).unwrap();
    let out2 = dir.path().join("out2");
    lot(&src, &out2);
    assert_eq!(
        std::fs::read(out2.join("envois/MAIL-1-relance-1.eml")).unwrap(),
        avant
    );
    lot(&src, &out);
    assert_eq!(std::fs::read(&eml).unwrap(), avant);
    assert_eq!(
        std::fs::read_to_string(out.join("envois/lrar.csv")).unwrap(),
        lrar
    );
}

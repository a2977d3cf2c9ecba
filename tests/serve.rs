//! `recouvre serve` without a browser: the security model (token, Host, CSRF, body limit,
//! paths), escaping, the form, and the build giving the bytes of `recouvre build`.

mod common;

use common::http::{champ_cache, encoder, portefeuille, registre_ouvert, requete, Serveur, AT};
use common::recouvre;

fn demarrer() -> (tempfile::TempDir, Serveur) {
    let dir = tempfile::tempdir().unwrap();
    let src = portefeuille(dir.path());
    let s = Serveur::demarrer(&src, &dir.path().join("sortie"), AT);
    (dir, s)
}

#[test]
fn every_request_needs_the_token() {
    let (_dir, s) = demarrer();
    for chemin in ["/", "/dossier/2026-0213", "/style.css", "/nulle-part"] {
        let r = requete(s.port, "GET", chemin, &[], Vec::new());
        assert_eq!(r.status, 401, "{chemin}");
        assert!(r.texte().contains("Jeton d'accès requis"), "{}", r.texte());
    }
    // A wrong token, in the address or in the cookie.
    let faux = "0".repeat(32);
    let r = requete(s.port, "GET", &format!("/?jeton={faux}"), &[], Vec::new());
    assert_eq!(r.status, 401);
    let cookie = format!("recouvre_jeton_{}={faux}", s.port);
    let r = requete(s.port, "GET", "/", &[("Cookie", &cookie)], Vec::new());
    assert_eq!(r.status, 401);
    // The right token: a cookie the page's scripts cannot read and no other site sends,
    // and the address cleaned of the token.
    let r = requete(
        s.port,
        "GET",
        &format!("/?jeton={}&tri=total", s.jeton),
        &[],
        Vec::new(),
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.entete("location"), Some("/?tri=total"));
    let c = r.entete("set-cookie").unwrap();
    assert!(
        c.contains(&s.cookie) && c.contains("HttpOnly") && c.contains("SameSite=Strict"),
        "{c}"
    );
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert!(r
        .entete("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    assert_eq!(r.entete("referrer-policy"), Some("same-origin"));
}

#[test]
fn a_foreign_host_is_refused() {
    let (_dir, s) = demarrer();
    for hote in [
        format!("evil.example:{}", s.port),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1.nip.io:{}", s.port),
        String::new(),
    ] {
        let r = requete(
            s.port,
            "GET",
            "/",
            &[("Host", &hote), ("Cookie", &s.cookie)],
            Vec::new(),
        );
        assert_eq!(r.status, 403, "Host {hote:?}");
        assert!(r.texte().contains("Accès refusé"));
    }
    let hote = format!("localhost:{}", s.port);
    let r = requete(
        s.port,
        "GET",
        "/",
        &[("Host", &hote), ("Cookie", &s.cookie)],
        Vec::new(),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn a_post_without_its_csrf_token_is_refused() {
    let (dir, s) = demarrer();
    let page = s.get("/dossier/2026-0118").texte();
    let csrf = champ_cache(&page, "csrf").expect("csrf in the page");
    assert_ne!(csrf, s.jeton, "the CSRF token is not the session token");
    for corps in [
        "",
        "csrf=",
        "csrf=0123",
        &format!("csrf={}x", csrf),
        &format!("x={csrf}"),
    ] {
        let r = s.post("/dossier/2026-0118/construire", corps);
        assert_eq!(r.status, 403, "{corps:?}");
        assert!(r.texte().contains("protection CSRF"));
    }
    // Another site's page posting with the right token is refused too (Origin).
    let r = requete(
        s.port,
        "POST",
        "/dossier/2026-0118/construire",
        &[("Cookie", &s.cookie), ("Origin", "http://evil.example")],
        format!("csrf={csrf}").into_bytes(),
    );
    assert_eq!(r.status, 403);
    assert!(
        !dir.path().join("sortie/2026-0118").exists(),
        "nothing built"
    );
}

#[test]
fn paths_never_leave_the_portfolio() {
    let (dir, s) = demarrer();
    std::fs::write(dir.path().join("secret.toml"), "secret = 42\n").unwrap();
    for chemin in [
        "/dossier/..",
        "/dossier/%2E%2E",
        "/dossier/..%2Fsecret.toml",
        "/dossier/%2Fetc%2Fpasswd",
        "/dossier/..%2F..%2F..%2Fetc%2Fpasswd",
        "/dossier/b2c%2Fdossier.toml",
        "/dossier/2026-0213/document/..%2Fb2c%2Fdossier.toml",
        "/dossier/2026-0213/document/%2Fetc%2Fpasswd",
        "/dossier/2026-0213/bundle/..%2F..%2Fsecret.toml",
        "/dossier/2026-0213/bundle/2026-0118-avocat.zip",
        "/../../etc/passwd",
        "/dossier/INCONNU",
    ] {
        let r = s.get(chemin);
        assert!(matches!(r.status, 400 | 404), "{chemin} : {}", r.status);
        let t = r.texte();
        assert!(
            !t.contains("secret = 42") && !t.contains("root:"),
            "{chemin}"
        );
    }
    let r = s.get("/dossier/..%2Fsecret.toml");
    assert!(r.texte().contains("Référence invalide"), "{}", r.texte());
}

#[test]
fn an_oversized_body_is_refused_with_a_message() {
    let (_dir, s) = demarrer();
    let page = s.get("/dossier/2026-0118").texte();
    let csrf = champ_cache(&page, "csrf").unwrap();
    let mut corps = format!("csrf={csrf}&x=").into_bytes();
    corps.resize(100 * 1024 * 1024, b'a');
    let r = requete(
        s.port,
        "POST",
        "/dossier/2026-0118/completer",
        &[
            ("Cookie", &s.cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        corps,
    );
    assert_eq!(r.status, 413);
    assert!(r.texte().contains("Envoi trop volumineux"), "{}", r.texte());
    // The server is still there.
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn data_is_printed_as_text() {
    let (_dir, s) = demarrer();
    for chemin in ["/", "/dossier/2026-0118", "/?q=%3Cscript%3E"] {
        let t = s.get(chemin).texte();
        assert!(
            t.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{chemin}: {t}"
        );
        assert!(!t.contains("<script"), "{chemin}");
    }
}

#[test]
fn portfolio_lists_sorts_and_filters() {
    let (_dir, s) = demarrer();
    let t = s.get("/").texte();
    assert!(t.contains("2026-0213") && t.contains("2026-0118"), "{t}");
    assert!(t.contains("2 dossiers"), "{t}");
    // 2026-0213 has an error (the hearing time): status erreur; 2026-0118 is due.
    let t = s.get("/?statut=erreur").texte();
    assert!(
        t.contains("2026-0213") && !t.contains("href=\"/dossier/2026-0118\""),
        "{t}"
    );
    let t = s.get("/?statut=a_faire").texte();
    assert!(
        !t.contains("href=\"/dossier/2026-0213\"") && t.contains("href=\"/dossier/2026-0118\""),
        "{t}"
    );
    let t = s.get("/?q=0118").texte();
    assert!(t.contains("1 dossier") && t.contains("2026-0118"));
    let a = s.get("/?tri=reference").texte();
    let d = s.get("/?tri=-reference").texte();
    let pos = |t: &str, r: &str| t.find(&format!("href=\"/dossier/{r}\"")).unwrap();
    assert!(pos(&a, "2026-0118") < pos(&a, "2026-0213"));
    assert!(pos(&d, "2026-0118") > pos(&d, "2026-0213"));
}

/// The form writes the case file (comments kept), refuses a file changed since the page,
/// and the diagnostic is gone on the case page.
#[test]
fn the_form_completes_the_case_file() {
    let (dir, s) = demarrer();
    let fichier = dir.path().join("portefeuille/b2c/dossier.toml");
    let page = s.get("/dossier/2026-0213").texte();
    assert!(
        page.contains("heure d'audience « 9h30 » invalide"),
        "{page}"
    );
    let csrf = champ_cache(&page, "csrf").unwrap();
    let empreinte = champ_cache(&page, "empreinte").unwrap();
    let avant = std::fs::read_to_string(&fichier).unwrap();
    let champs = |heure: &str, empreinte: &str| {
        format!(
            "csrf={csrf}&empreinte={empreinte}&juridiction_type=tribunal_judiciaire&juridiction_ville=Bordeaux&audience_date=2026-09-15&audience_heure={}&avocat_nom=&avocat_barreau=&debiteur_email=&diligences_amiables={}",
            encoder(heure),
            encoder(&champ_textarea(&page))
        )
    };
    // A stale page: refused, nothing written.
    let r = s.post(
        "/dossier/2026-0213/completer",
        &champs("09:30", &"0".repeat(64)),
    );
    assert_eq!(r.status, 409, "{}", r.texte());
    assert!(r.texte().contains("a changé sur le disque"));
    assert_eq!(std::fs::read_to_string(&fichier).unwrap(), avant);
    // A bad value: refused with the field named.
    let r = s.post(
        "/dossier/2026-0213/completer",
        &champs("neuf heures", &empreinte),
    );
    assert_eq!(r.status, 422);
    assert!(r.texte().contains("procedure.audience.heure"));
    // The right one.
    let r = s.post("/dossier/2026-0213/completer", &champs("09:30", &empreinte));
    assert_eq!(r.status, 303, "{}", r.texte());
    let apres = std::fs::read_to_string(&fichier).unwrap();
    assert_eq!(
        apres,
        avant.replace("heure = \"9h30\"", "heure = \"09:30\"")
    );
    let page = s.get("/dossier/2026-0213").texte();
    assert!(!page.contains("heure d'audience"), "{page}");
    // The civilité, chosen in the form, agrees the documents (« née », « la condamner »).
    assert!(page.contains("<option value=\"madame\" selected"), "{page}");
    let empreinte = champ_cache(&page, "empreinte").unwrap();
    let r = s.post(
        "/dossier/2026-0213/completer",
        &(champs("09:30", &empreinte) + "&debiteur_civilite=monsieur"),
    );
    assert_eq!(r.status, 303, "{}", r.texte());
    assert_eq!(
        std::fs::read_to_string(&fichier).unwrap(),
        apres.replace("civilite = \"madame\"", "civilite = \"monsieur\"")
    );
    let page = s.get("/dossier/2026-0213").texte();
    let empreinte = champ_cache(&page, "empreinte").unwrap();
    let r = s.post(
        "/dossier/2026-0213/completer",
        &(champs("09:30", &empreinte) + "&debiteur_civilite=mademoiselle"),
    );
    assert_eq!(r.status, 422);
    assert!(r.texte().contains("debiteur.civilite"));
    // The creditor's legal representative, named in the file: the form offers its civilité
    // (the debtor, a natural person, has none to offer).
    let page = s.get("/dossier/2026-0213").texte();
    assert!(
        page.contains("Civilité de son représentant légal (Marc Garnier)"),
        "{page}"
    );
    assert!(!page.contains("name=\"debiteur_representant_civilite\""));
    let avant = std::fs::read_to_string(&fichier).unwrap();
    let empreinte = champ_cache(&page, "empreinte").unwrap();
    let r = s.post(
        "/dossier/2026-0213/completer",
        &(champs("09:30", &empreinte) + "&creancier_representant_civilite=monsieur"),
    );
    assert_eq!(r.status, 303, "{}", r.texte());
    assert_eq!(
        std::fs::read_to_string(&fichier).unwrap(),
        avant.replace(
            "qualite = \"Gérant\" }",
            "qualite = \"Gérant\", civilite = \"monsieur\" }"
        )
    );
    let page = s.get("/dossier/2026-0213").texte();
    let empreinte = champ_cache(&page, "empreinte").unwrap();
    let r = s.post(
        "/dossier/2026-0213/completer",
        &(champs("09:30", &empreinte) + "&debiteur_representant_civilite=madame"),
    );
    assert_eq!(r.status, 422);
    assert!(r.texte().contains("debiteur.representant.civilite"));
}

fn champ_textarea(page: &str) -> String {
    let i = page.find("name=\"diligences_amiables\"").unwrap();
    let debut = page[i..].find('>').unwrap() + i + 1;
    let fin = page[debut..].find("</textarea>").unwrap() + debut;
    page[debut..fin]
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// « Construire l'étape » writes the same bytes as `recouvre build` on the same case and
/// date; the bundle is verified before download and an altered one is refused.
#[test]
fn building_from_the_page_gives_the_bytes_of_build() {
    let (dir, s) = demarrer();
    let page = s.get("/dossier/2026-0118").texte();
    assert!(page.contains("petites_creances"), "{page}");
    let csrf = champ_cache(&page, "csrf").unwrap();
    let r = s.post("/dossier/2026-0118/construire", &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.texte());
    let serveur = dir.path().join("sortie/2026-0118");
    let cli = dir.path().join("cli");
    let cas = dir.path().join("portefeuille/pc/dossier.toml");
    let (code, _, err) = recouvre(&[
        "build",
        cas.to_str().unwrap(),
        "--out",
        cli.to_str().unwrap(),
        "--at",
        AT,
    ]);
    assert_eq!(code, 0, "{err}");
    let mut noms: Vec<_> = std::fs::read_dir(cli.join("2026-0118"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    noms.sort();
    assert!(noms.iter().any(|n| n.ends_with(".pdf")) && noms.iter().any(|n| n.ends_with(".zip")));
    for n in &noms {
        assert_eq!(
            std::fs::read(serveur.join(n)).unwrap(),
            std::fs::read(cli.join("2026-0118").join(n)).unwrap(),
            "{n} differs from recouvre build"
        );
    }
    // The case page links and frames the PDFs; they are served as PDF.
    let page = s.get("/dossier/2026-0118").texte();
    let pdf = noms.iter().find(|n| n.ends_with(".pdf")).unwrap();
    assert!(
        page.contains(&format!(
            "<iframe class=\"pdf\" src=\"/dossier/2026-0118/document/{pdf}\""
        )),
        "{page}"
    );
    let r = s.get(&format!("/dossier/2026-0118/document/{pdf}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.entete("content-type"), Some("application/pdf"));
    assert!(r.corps.starts_with(b"%PDF"));
    // The bundle: verified, then sent.
    let zip = "2026-0118-avocat.zip";
    let r = s.get(&format!("/dossier/2026-0118/bundle/{zip}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.entete("content-type"), Some("application/zip"));
    assert_eq!(r.corps, std::fs::read(serveur.join(zip)).unwrap());
    // Altered on disk: refused.
    let mut octets = std::fs::read(serveur.join(zip)).unwrap();
    let i = octets.len() / 2;
    octets[i] ^= 0xff;
    std::fs::write(serveur.join(zip), &octets).unwrap();
    let r = s.get(&format!("/dossier/2026-0118/bundle/{zip}"));
    assert_eq!(r.status, 409);
    assert!(r.texte().contains("Bundle altéré"), "{}", r.texte());
}

/// With a register beside the portfolio: a payment recorded from the case page goes to the
/// register (not the case file), the décompte shown changes as `recouvre decompte` computes
/// it with that payment, and building from the page records the step.
#[test]
fn a_fact_recorded_from_the_page_changes_the_decompte() {
    let dir = tempfile::tempdir().unwrap();
    let src = portefeuille(dir.path());
    let registre = registre_ouvert(&src, "2026-0213");
    let fichier = src.join("pc/dossier.toml");
    let avant = std::fs::read_to_string(&fichier).unwrap();
    // The total the page must show once 300 € paid on 15 June is recorded.
    let copie = dir.path().join("avec-paiement.toml");
    std::fs::write(
        &copie,
        format!("{avant}\n[[paiements]]\ndate = \"2026-06-15\"\nmontant = \"300.00\"\n"),
    )
    .unwrap();
    let (c, o, e) = recouvre(&["decompte", copie.to_str().unwrap(), "--at", AT, "--json"]);
    assert_eq!(c, 0, "{e}");
    let total: serde_json::Value = serde_json::from_str(&o).unwrap();
    let total = total["total"].as_str().unwrap().replace('.', ",");

    let s = Serveur::demarrer(&src, &dir.path().join("sortie"), AT);
    let plat = |t: String| t.replace(['\u{202f}', '\u{a0}'], " ");
    let page = plat(s.get("/dossier/2026-0118").texte());
    assert!(page.contains("Enregistrer un fait"), "{page}");
    assert!(!page.contains(&total), "{page}");
    let csrf = champ_cache(&page, "csrf").unwrap();
    // A bad amount is refused, naming it.
    let r = s.post(
        "/dossier/2026-0118/fait",
        &format!("csrf={csrf}&date=2026-06-15&type=paiement&detail=trois%20cents"),
    );
    assert_eq!(r.status, 422, "{}", r.texte());
    assert!(r.texte().contains("montant"), "{}", r.texte());
    let r = s.post(
        "/dossier/2026-0118/fait",
        &format!("csrf={csrf}&date=2026-06-15&type=paiement&detail=300%2C00"),
    );
    assert_eq!(r.status, 303, "{}", r.texte());
    let page = plat(s.get("/dossier/2026-0118").texte());
    let attendu = common::pdf::montant_fr(&total.replace(',', "."));
    assert!(page.contains(&attendu), "total {attendu} absent :\n{page}");
    assert_eq!(
        std::fs::read_to_string(&fichier).unwrap(),
        avant,
        "case file untouched"
    );
    // Building from the page records the step in the register.
    let csrf = champ_cache(&page, "csrf").unwrap();
    let r = s.post("/dossier/2026-0118/construire", &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.texte());
    let (c, o, e) = recouvre(&[
        "registre",
        "exporter",
        "--json",
        "--registre",
        registre.to_str().unwrap(),
    ]);
    assert_eq!(c, 0, "{e}");
    let entrees: serde_json::Value = serde_json::from_str(&o).unwrap();
    let de_0118: Vec<&serde_json::Value> = entrees
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["reference"] == "2026-0118")
        .collect();
    assert!(
        de_0118
            .iter()
            .any(|x| x["genre"] == "fait" && x.to_string().contains("300.00")),
        "{o}"
    );
    assert!(
        de_0118
            .iter()
            .any(|x| x["genre"] == "etape" && x["contenu"]["etape"] == "petites_creances"),
        "{o}"
    );
    let (c, _, e) = recouvre(&[
        "registre",
        "verifier",
        "--registre",
        registre.to_str().unwrap(),
    ]);
    assert_eq!(c, 0, "{e}");
}

/// A `multipart/form-data` body, as a browser sends a form with a file.
fn multipart(champs: &[(&str, &str)], fichier: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let f = "----recouvreTest7MA4YWxk";
    let mut v = Vec::new();
    for (k, val) in champs {
        v.extend_from_slice(
            format!("--{f}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{val}\r\n")
                .as_bytes(),
        );
    }
    if let Some((nom, fichier, octets)) = fichier {
        v.extend_from_slice(
            format!("--{f}\r\nContent-Disposition: form-data; name=\"{nom}\"; filename=\"{fichier}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes(),
        );
        v.extend_from_slice(octets);
        v.extend_from_slice(b"\r\n");
    }
    v.extend_from_slice(format!("--{f}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={f}"), v)
}

/// An exhibit uploaded with a fact: the upload form carries its CSRF token, a 100 MB upload
/// is refused with a message, the file is kept by the register under its SHA-256 (the name
/// the browser sent, a path, is only a label), and it joins the case's next bundle.
#[test]
fn an_exhibit_uploaded_with_a_fact_is_kept_by_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let src = portefeuille(dir.path());
    let registre = registre_ouvert(&src, "2026-0118");
    let s = Serveur::demarrer(&src, &dir.path().join("sortie"), AT);
    let page = s.get("/dossier/2026-0118").texte();
    assert!(
        page.contains("enctype=\"multipart/form-data\"") && page.contains("name=\"piece\""),
        "{page}"
    );
    let csrf = champ_cache(&page, "csrf").unwrap();
    let octets = std::fs::read(
        common::racine().join("fixtures/petites-creances/pieces/mise-en-demeure-ar.pdf"),
    )
    .unwrap();
    let envoyer = |ct: &str, corps: Vec<u8>| {
        requete(
            s.port,
            "POST",
            "/dossier/2026-0118/fait",
            &[("Cookie", &s.cookie), ("Content-Type", ct)],
            corps,
        )
    };
    let champs = |csrf: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf),
            ("date", "2026-06-15"),
            ("type", "envoi"),
            ("detail", "1A 234 567 8901 2"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    let corps_de = |c: &[(String, String)], fichier: &[u8]| {
        let refs: Vec<(&str, &str)> = c.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        multipart(
            &refs,
            Some(("piece", "../../avis de réception.pdf", fichier)),
        )
    };
    // Without its token, or with a wrong one: refused before anything is stored.
    let sans: Vec<(String, String)> = champs(&csrf)
        .into_iter()
        .filter(|(k, _)| k != "csrf")
        .collect();
    let (ct, corps) = corps_de(&sans, &octets);
    assert_eq!(envoyer(&ct, corps).status, 403);
    let (ct, corps) = corps_de(&champs(&"0".repeat(64)), &octets);
    assert_eq!(envoyer(&ct, corps).status, 403);
    // A malformed body (truncated) is refused too.
    let (ct, mut corps) = corps_de(&champs(&csrf), &octets);
    corps.truncate(corps.len() - 40);
    assert_eq!(envoyer(&ct, corps).status, 403);
    assert!(!src.join("pieces").exists(), "nothing stored");
    // 100 MB: refused with a message, the server still there.
    let (ct, corps) = corps_de(&champs(&csrf), &vec![b'%'; 100 * 1024 * 1024]);
    let r = envoyer(&ct, corps);
    assert_eq!(r.status, 413);
    assert!(r.texte().contains("Envoi trop volumineux"), "{}", r.texte());
    assert_eq!(s.get("/").status, 200);
    // The real one.
    let (ct, corps) = corps_de(&champs(&csrf), &octets);
    let r = envoyer(&ct, corps);
    assert_eq!(r.status, 303, "{}", r.texte());
    let sha = recouvre::empreinte::sha256_hex(&octets);
    assert_eq!(
        std::fs::read(src.join("pieces").join(&sha)).unwrap(),
        octets
    );
    assert!(!dir.path().join("avis de réception.pdf").exists());
    let (c, o, e) = recouvre(&[
        "registre",
        "exporter",
        "--json",
        "--registre",
        registre.to_str().unwrap(),
    ]);
    assert_eq!(c, 0, "{e}");
    let entrees: serde_json::Value = serde_json::from_str(&o).unwrap();
    let fait = entrees
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["contenu"]["piece"]["sha256"] == sha.as_str())
        .unwrap_or_else(|| panic!("{o}"));
    assert_eq!(
        fait["contenu"]["piece"]["nom"], "avis de réception.pdf",
        "{o}"
    );
    assert_eq!(fait["contenu"]["numero"], "1A 234 567 8901 2", "{o}");
    // Built from the page, the exhibit is in the bundle, which verifies.
    let page = s.get("/dossier/2026-0118").texte();
    let r = s.post("/dossier/2026-0118/construire", &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.texte());
    let page_apres = s.get("/dossier/2026-0118").texte();
    assert_ne!(page, page_apres);
    let nom = page_apres
        .split("/dossier/2026-0118/bundle/")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_else(|| panic!("{page_apres}"))
        .to_owned();
    let bundle = dir.path().join("sortie/2026-0118").join(&nom);
    let liste = std::process::Command::new("unzip")
        .arg("-l")
        .arg(&bundle)
        .output()
        .unwrap();
    let liste = String::from_utf8_lossy(&liste.stdout).to_lowercase();
    assert!(
        liste.contains("data/pieces/") && liste.contains("preuve"),
        "{liste}"
    );
    let (c, o, e) = recouvre(&["verify", bundle.to_str().unwrap()]);
    assert_eq!(c, 0, "{o}{e}");
}

/// « Importer des factures »: uploaded files go through `recouvre import` into the portfolio
/// (a FEC here, its two open customers), a hostile file is refused by name without showing
/// where it was kept, nothing is written outside SRC, and a second import replaces nothing.
#[test]
fn files_uploaded_for_import_become_cases_of_the_portfolio() {
    let (dir, s) = demarrer();
    let src = dir.path().join("portefeuille");
    let page = s.get("/").texte();
    assert!(page.contains("action=\"/importer\""), "{page}");
    let csrf = champ_cache(&page, "csrf").unwrap();
    let fec =
        std::fs::read(common::racine().join("fixtures/import/732829320FEC20260630.txt")).unwrap();
    let corps = |csrf: &str| {
        let f = "----recouvreImport";
        let mut v =
            format!("--{f}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
                .into_bytes();
        for (nom, octets) in [
            ("C:\\compta\\732829320FEC20260630.txt", &fec[..]),
            ("../../../evil.xml", &b"<Invoice><ID>../../x</ID>"[..]),
        ] {
            v.extend_from_slice(format!("--{f}\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"{nom}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
            v.extend_from_slice(octets);
            v.extend_from_slice(b"\r\n");
        }
        v.extend_from_slice(format!("--{f}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={f}"), v)
    };
    let envoyer = |csrf: &str| {
        let (ct, v) = corps(csrf);
        requete(
            s.port,
            "POST",
            "/importer",
            &[("Cookie", &s.cookie), ("Content-Type", &ct)],
            v,
        )
    };
    assert_eq!(envoyer("faux").status, 403);
    let avant: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let r = envoyer(&csrf);
    assert_eq!(r.status, 200, "{}", r.texte());
    let page = r.texte();
    let refs: Vec<String> = page
        .split("<a href=\"/dossier/")
        .skip(1)
        .map(|x| x.split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(refs.len(), 2, "{page}");
    assert!(page.contains("evil.xml"), "{page}");
    assert!(
        !page.contains("/tmp") && !page.contains(".tmp"),
        "temporary folder shown: {page}"
    );
    let apres: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(avant, apres, "nothing beside the portfolio");
    for r in &refs {
        assert!(src.join(r).join("dossier.toml").is_file(), "{r}");
        let p = s.get(&format!("/dossier/{r}"));
        assert_eq!(p.status, 200, "{}", p.texte());
    }
    let liste = s.get("/").texte();
    assert!(
        refs.iter()
            .all(|r| liste.contains(&format!("/dossier/{r}\""))),
        "{liste}"
    );
    // Again: the case files exist, nothing is replaced.
    let t = std::fs::read_to_string(src.join(&refs[0]).join("dossier.toml")).unwrap();
    assert!(
        !t.contains("/tmp/"),
        "temporary folder in the case file: {t}"
    );
    assert!(
        t.contains("732829320FEC20260630.txt") && t.contains("siren = \"732829320\""),
        "{t}"
    );
    let r = envoyer(&csrf);
    assert_eq!(r.status, 422, "{}", r.texte());
    assert!(r.texte().contains("existe"), "{}", r.texte());
    assert_eq!(
        std::fs::read_to_string(src.join(&refs[0]).join("dossier.toml")).unwrap(),
        t
    );
}

/// The portfolio says where each case stands as the month-end run would: due, not yet (with
/// the next step and its date), paid in full; and the aged balance of unpaid principal.
#[test]
fn portfolio_statuses_next_steps_and_aged_balance() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("portefeuille");
    common::http::copier(
        &common::racine().join("fixtures/exemple"),
        &src.join("exemple"),
    );
    let cas = |nom: &str, reference: &str, echeance: &str, paiement: &str| {
        let d = src.join(nom);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("dossier.toml"),
            format!(
                "reference = \"{reference}\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A SAS\"\nadresse = {{ lignes = [\"1 rue A\"], code_postal = \"75001\", ville = \"Paris\" }}\n[debiteur]\nnature = \"societe\"\ndenomination = \"B SARL\"\ncommercant = true\nadresse = {{ lignes = [\"2 rue B\"], code_postal = \"35000\", ville = \"Rennes\" }}\n[creance]\nfondement = \"contrat\"\ndescription = \"Fournitures\"\ninterets = \"aucun\"\nindemnite_forfaitaire = false\n[[factures]]\nnumero = \"F1\"\ndate = \"2026-05-20\"\necheance = \"{echeance}\"\nmontant = \"100.00\"\n{paiement}"
            ),
        )
        .unwrap();
    };
    cas(
        "paye",
        "PAYE-1",
        "2026-06-01",
        "[[paiements]]\ndate = \"2026-06-01\"\nmontant = \"100.00\"\n",
    );
    cas("recent", "RECENT-1", "2026-06-25", "");
    let s = Serveur::demarrer(&src, &dir.path().join("sortie"), AT);
    let t = s.get("/").texte().replace(['\u{202f}', '\u{a0}'], " ");
    let ligne = |reference: &str| -> String {
        let i = t.find(&format!("href=\"/dossier/{reference}\"")).unwrap();
        t[i..].split("</tr>").next().unwrap().to_owned()
    };
    // The example's mise en demeure has run out: the requête is due.
    assert!(
        ligne("2026-0042").contains("à faire"),
        "{}",
        ligne("2026-0042")
    );
    assert!(ligne("PAYE-1").contains("soldé"), "{}", ligne("PAYE-1"));
    // Due 25 June: first reminder 15 days later (law/politique.toml).
    let r = ligne("RECENT-1");
    assert!(
        r.contains("rien à faire") && r.contains("relance le 10/07/2026"),
        "{r}"
    );
    assert!(t.contains("Balance âgée du principal impayé"), "{t}");
    assert!(t.contains("plus de 90 jours"), "{t}");
    // Filter by one of the new statuses.
    let f = s.get("/?statut=solde").texte();
    assert!(
        f.contains("PAYE-1") && !f.contains("href=\"/dossier/RECENT-1\""),
        "{f}"
    );
}

/// A client that goes away in the middle of a download does not disturb the server; the
/// case page lists the deadlines the case file sets (here, the hearing of the assignation).
#[test]
fn a_client_leaving_mid_download_and_the_deadlines() {
    use std::io::{Read, Write};
    let (_dir, s) = demarrer();
    let page = s.get("/dossier/2026-0118").texte();
    let csrf = champ_cache(&page, "csrf").unwrap();
    let r = s.post("/dossier/2026-0118/construire", &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.texte());
    let page = s.get("/dossier/2026-0118").texte();
    let i = page.find("/bundle/").expect("a bundle link");
    let lien =
        page[..i].rsplit('"').next().unwrap().to_owned() + page[i..].split('"').next().unwrap();
    for _ in 0..3 {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        write!(
            c,
            "GET {lien} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\n\r\n",
            s.port, s.cookie
        )
        .unwrap();
        let mut debut = [0u8; 64];
        let n = c.read(&mut debut).unwrap();
        assert!(
            n > 0 && debut.starts_with(b"HTTP/1.1 200"),
            "{:?}",
            &debut[..n]
        );
        drop(c);
    }
    assert_eq!(s.get("/").status, 200, "the server still answers");
    let page = s.get("/dossier/2026-0213").texte();
    let i = page.find("id=\"echeances\"").expect("a deadlines section");
    let section = &page[i..i + page[i..].find("</section>").unwrap()];
    assert!(section.contains("audience"), "{section}");
}

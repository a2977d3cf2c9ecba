//! `recouvre serve` in a real browser: Debian's headless Chromium driven through
//! `chromedriver` (W3C WebDriver, spoken here over the tests' small HTTP client: the
//! WebDriver crates pull a second ICU into the tree, which rebuilds all of Typst). Opens the
//! portfolio, a case, fixes a mistyped field through the form and sees the diagnostic go,
//! builds, sees the PDF frame, downloads a bundle with the browser's session and verifies it
//! with `recouvre verify`. Screenshots go to the test's folder; the portfolio and case page
//! ones also to `docs/captures/` for the README. Skips, saying so, without `chromedriver`.

mod common;

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::{portefeuille, registre_ouvert, requete, Serveur, AT};
use common::{racine, recouvre};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Pilote {
    enfant: Child,
    port: u16,
    session: String,
}

impl Pilote {
    fn appel(&self, methode: &str, chemin: &str, corps: Option<Value>) -> Value {
        let corps = corps
            .map(|c| c.to_string().into_bytes())
            .unwrap_or_default();
        let r = requete(
            self.port,
            methode,
            chemin,
            &[("Content-Type", "application/json")],
            corps,
        );
        let v: Value = serde_json::from_slice(&r.corps)
            .unwrap_or_else(|_| panic!("WebDriver {chemin}: {}", r.texte()));
        assert!(
            r.status == 200,
            "WebDriver {methode} {chemin}: {} {v}",
            r.status
        );
        v["value"].clone()
    }

    fn s(&self, reste: &str) -> String {
        format!("/session/{}{reste}", self.session)
    }

    fn aller(&self, url: &str) {
        self.appel("POST", &self.s("/url"), Some(json!({ "url": url })));
    }

    fn trouver(&self, css: &str) -> String {
        let v = self.appel(
            "POST",
            &self.s("/element"),
            Some(json!({ "using": "css selector", "value": css })),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("element {css}: {v}"))
            .to_owned()
    }

    fn cliquer(&self, css: &str) {
        let e = self.trouver(css);
        self.appel(
            "POST",
            &self.s(&format!("/element/{e}/click")),
            Some(json!({})),
        );
    }

    fn saisir(&self, css: &str, texte: &str) {
        let e = self.trouver(css);
        self.appel(
            "POST",
            &self.s(&format!("/element/{e}/clear")),
            Some(json!({})),
        );
        self.appel(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            Some(json!({ "text": texte })),
        );
    }

    /// A file chosen in an `<input type="file">` (WebDriver types its path).
    fn choisir_fichier(&self, css: &str, chemin: &Path) {
        let e = self.trouver(css);
        self.appel(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            Some(json!({ "text": chemin.to_str().unwrap() })),
        );
    }

    fn attribut(&self, css: &str, nom: &str) -> String {
        let e = self.trouver(css);
        self.appel(
            "GET",
            &self.s(&format!("/element/{e}/attribute/{nom}")),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    fn source(&self) -> String {
        self.appel("GET", &self.s("/source"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn titre(&self) -> String {
        self.appel("GET", &self.s("/title"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn capture(&self, vers: &Path) {
        let b64 = self.appel("GET", &self.s("/screenshot"), None);
        let png = base64(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
        std::fs::write(vers, png).unwrap();
    }

    /// The browser's own session cookie (HttpOnly: the page cannot read it, WebDriver can).
    fn cookie(&self, nom: &str) -> String {
        let v = self.appel("GET", &self.s(&format!("/cookie/{nom}")), None);
        format!("{nom}={}", v["value"].as_str().unwrap())
    }
}

impl Drop for Pilote {
    fn drop(&mut self) {
        let _ = requete(self.port, "DELETE", &self.s(""), &[], Vec::new());
        let _ = self.enfant.kill();
        let _ = self.enfant.wait();
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut v = Vec::new();
    let (mut acc, mut n) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | c;
        n += 6;
        if n >= 8 {
            n -= 8;
            v.push((acc >> n) as u8);
            acc &= (1 << n) - 1;
        }
    }
    v
}

fn port_libre() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn chromedriver() -> Option<String> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("chromedriver"))
            .find(|c| c.is_file())
            .map(|c| c.display().to_string())
    })
}

fn demarrer_pilote(binaire: &str) -> Pilote {
    let port = port_libre();
    let enfant = Command::new(binaire)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver");
    let debut = Instant::now();
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        assert!(
            debut.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut options = json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,1500", "--lang=fr-FR"]
    });
    for b in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(b).is_file() {
            options["binary"] = json!(b);
            break;
        }
    }
    let mut p = Pilote {
        enfant,
        port,
        session: String::new(),
    };
    let v = p.appel(
        "POST",
        "/session",
        Some(json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options } } })),
    );
    p.session = v["sessionId"].as_str().expect("session").to_owned();
    p
}

#[test]
fn a_paralegal_completes_builds_and_downloads() {
    let Some(binaire) = chromedriver() else {
        println!(
            "SKIP navigateur : chromedriver absent (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let captures = dir.path().join("captures");
    std::fs::create_dir_all(&captures).unwrap();
    let src = portefeuille(dir.path());
    // A register beside the portfolio (as `batch` keeps it): the case page records facts.
    registre_ouvert(&src, "2026-0118");
    let s = Serveur::demarrer(&src, &dir.path().join("sortie"), AT);
    let p = demarrer_pilote(&binaire);

    // The portfolio, opened from the printed address (the token becomes a cookie).
    p.aller(&s.url());
    assert_eq!(p.titre(), "Portefeuille — recouvre");
    let page = p.source();
    assert!(page.contains("2026-0213") && page.contains("2026-0118"));
    assert!(
        !page.contains("jeton="),
        "the address is cleaned of the token"
    );
    p.capture(&captures.join("01-portefeuille.png"));

    // A case with an error.
    p.cliquer("a[href='/dossier/2026-0213']");
    let fin = Instant::now() + Duration::from_secs(30);
    while p.titre() != "Dossier 2026-0213 — recouvre" && Instant::now() < fin {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(p.titre(), "Dossier 2026-0213 — recouvre");
    assert!(p.source().contains("heure d'audience « 9h30 » invalide"));
    p.capture(&captures.join("02-dossier.png"));

    // Fixed through the form: the diagnostic is gone.
    p.saisir("input[name='audience_heure']", "09:30");
    p.cliquer("#enregistrer");
    let mut page = p.source();
    let fin = Instant::now() + Duration::from_secs(30);
    while page.contains("heure d'audience") && Instant::now() < fin {
        std::thread::sleep(Duration::from_millis(100));
        page = p.source();
    }
    assert!(
        !page.contains("heure d'audience"),
        "diagnostic still there: {page}"
    );
    assert!(
        page.contains("aucun-diagnostic") || page.contains("avertissement"),
        "{page}"
    );
    let fichier = std::fs::read_to_string(src.join("b2c/dossier.toml")).unwrap();
    assert!(
        fichier.contains("heure = \"09:30\"") && fichier.starts_with('#'),
        "comments kept"
    );
    p.capture(&captures.join("03-dossier-complete.png"));

    // Built: the documents are framed, served as PDF.
    p.cliquer("#construire");
    // The build takes a moment: wait for the page that frames the documents.
    let mut page = p.source();
    let fin = Instant::now() + Duration::from_secs(60);
    while !page.contains("<iframe") && Instant::now() < fin {
        std::thread::sleep(Duration::from_millis(200));
        page = p.source();
    }
    assert!(
        page.contains("<iframe"),
        "no document framed after the build: {page}"
    );
    let cadre = p.attribut("iframe.pdf", "src");
    assert!(cadre.contains("/dossier/2026-0213/document/"), "{cadre}");
    std::thread::sleep(Duration::from_millis(500));
    p.capture(&captures.join("04-documents.png"));
    let cookie = p.cookie(&format!("recouvre_jeton_{}", s.port));
    let chemin_pdf = cadre.trim_start_matches(&format!("http://127.0.0.1:{}", s.port));
    let r = requete(
        s.port,
        "GET",
        chemin_pdf,
        &[("Cookie", &cookie)],
        Vec::new(),
    );
    assert_eq!(r.entete("content-type"), Some("application/pdf"));
    assert!(r.corps.starts_with(b"%PDF"));

    // A bundle downloaded with the browser's session, verified by `recouvre verify`.
    let lien = p.attribut("a.bundle", "href");
    let chemin_zip = lien.trim_start_matches(&format!("http://127.0.0.1:{}", s.port));
    let r = requete(
        s.port,
        "GET",
        chemin_zip,
        &[("Cookie", &cookie)],
        Vec::new(),
    );
    assert_eq!(r.status, 200);
    let zip = dir.path().join("telecharge.zip");
    std::fs::write(&zip, &r.corps).unwrap();
    let (code, out, err) = recouvre(&["verify", zip.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");

    // A payment recorded from the other case's page, its proof uploaded with it: the
    // décompte shown changes, the exhibit is kept by the register under its SHA-256.
    p.aller(&format!("http://127.0.0.1:{}/dossier/2026-0118", s.port));
    let total_de = |page: &str| -> Option<String> {
        // The row `tr#total`, its tags removed: « Total dû 5 355,14 € ».
        let ligne = page.split("id=\"total\"").nth(1)?.split("</tr>").next()?;
        let mut texte = String::new();
        let mut dans_balise = false;
        for c in ligne.chars().skip_while(|c| *c != '>').skip(1) {
            match c {
                '<' => {
                    dans_balise = true;
                    texte.push(' ');
                }
                '>' => dans_balise = false,
                c if !dans_balise => texte.push(c),
                _ => {}
            }
        }
        let texte = texte.split_whitespace().collect::<Vec<_>>().join(" ");
        texte.contains('€').then_some(texte)
    };
    let avant = total_de(&p.source()).expect("the décompte's total on the case page");
    p.saisir("section#registre input[name='detail']", "300,00");
    let preuve = racine().join("fixtures/petites-creances/pieces/mise-en-demeure-ar.pdf");
    p.choisir_fichier("section#registre input[name='piece']", &preuve);
    p.cliquer("section#registre button[type='submit']");
    // Read from the page source while it reloads (an element looked up mid-navigation may
    // not exist yet).
    let mut apres = total_de(&p.source()).unwrap_or_default();
    let fin = Instant::now() + Duration::from_secs(30);
    while (apres == avant || apres.is_empty()) && Instant::now() < fin {
        std::thread::sleep(Duration::from_millis(100));
        apres = total_de(&p.source()).unwrap_or_default();
    }
    assert_ne!(
        avant,
        apres,
        "décompte unchanged after the payment: {}",
        p.source()
    );
    let octets = std::fs::read(&preuve).unwrap();
    let sha = recouvre::empreinte::sha256_hex(&octets);
    assert_eq!(std::fs::read(src.join("pieces").join(sha)).unwrap(), octets);
    p.capture(&captures.join("05-paiement.png"));

    // The README's screenshots: written when missing, or renewed on demand
    // (RECOUVRE_CAPTURES_README=1), so that a test run does not rewrite tracked files (the
    // page shows the temporary folder's name).
    let docs = racine().join("docs/captures");
    std::fs::create_dir_all(&docs).unwrap();
    let renouveler = std::env::var_os("RECOUVRE_CAPTURES_README").is_some();
    for n in ["01-portefeuille.png", "02-dossier.png"] {
        if renouveler || !docs.join(n).exists() {
            std::fs::copy(captures.join(n), docs.join(n)).unwrap();
        }
    }
    println!("captures : {}", captures.display());
    // Kept for a reader when asked.
    if let Some(garde) = std::env::var_os("RECOUVRE_CAPTURES") {
        common::http::copier(&captures, Path::new(&garde));
    }
}

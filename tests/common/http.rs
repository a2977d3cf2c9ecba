//! A tiny HTTP/1.1 client over a raw socket (full control of `Host`, bodies of any size),
//! and a running `recouvre serve` for the workspace tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use super::racine;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Reponse {
    pub status: u16,
    pub entetes: Vec<(String, String)>,
    pub corps: Vec<u8>,
}

impl Reponse {
    pub fn entete(&self, nom: &str) -> Option<&str> {
        self.entetes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(nom))
            .map(|(_, v)| v.as_str())
    }

    pub fn texte(&self) -> String {
        String::from_utf8_lossy(&self.corps).into_owned()
    }
}

fn dechunker(mut b: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    loop {
        let Some(i) = b.windows(2).position(|w| w == b"\r\n") else {
            return v;
        };
        let taille = usize::from_str_radix(std::str::from_utf8(&b[..i]).unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if taille == 0 || b.len() < i + 2 + taille {
            return v;
        }
        v.extend_from_slice(&b[i + 2..i + 2 + taille]);
        b = &b[(i + 4 + taille).min(b.len())..];
    }
}

/// Sends one request (`Connection: close`) and reads the whole response. The body is
/// written from another thread, so a server that answers before reading it (413) is seen.
pub fn requete(
    port: u16,
    methode: &str,
    chemin: &str,
    entetes: &[(&str, &str)],
    corps: Vec<u8>,
) -> Reponse {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut tete = format!("{methode} {chemin} HTTP/1.1\r\nConnection: close\r\n");
    if !entetes.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        tete.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in entetes {
        tete.push_str(&format!("{k}: {v}\r\n"));
    }
    if methode != "GET" {
        tete.push_str(&format!("Content-Length: {}\r\n", corps.len()));
    }
    tete.push_str("\r\n");
    s.write_all(tete.as_bytes()).unwrap();
    let mut w = s.try_clone().unwrap();
    let ecrivain = std::thread::spawn(move || {
        for morceau in corps.chunks(1 << 16) {
            if w.write_all(morceau).is_err() {
                break;
            }
        }
    });
    let mut r = BufReader::new(s);
    let mut ligne = String::new();
    r.read_line(&mut ligne).expect("status line");
    let status: u16 = ligne
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("status line: {ligne:?}"));
    let mut h = Vec::new();
    loop {
        let mut l = String::new();
        if r.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
            break;
        }
        if let Some((k, v)) = l.trim_end().split_once(':') {
            h.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    // Some servers (chromedriver) keep the connection open despite `Connection: close`.
    let longueur = h
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let mut corps = Vec::new();
    match longueur {
        Some(n) => {
            corps.resize(n, 0);
            r.read_exact(&mut corps).expect("body");
        }
        None => {
            let _ = r.read_to_end(&mut corps);
        }
    }
    drop(ecrivain);
    let chunked = h
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    Reponse {
        status,
        entetes: h,
        corps: if chunked { dechunker(&corps) } else { corps },
    }
}

/// A `recouvre serve` on a free port, stopped when dropped.
pub struct Serveur {
    enfant: Child,
    pub port: u16,
    pub jeton: String,
    pub cookie: String,
}

impl Serveur {
    pub fn demarrer(src: &Path, out: &Path, at: &str) -> Serveur {
        let mut enfant = Command::new(env!("CARGO_BIN_EXE_recouvre"))
            .args(["serve", "--port", "0", "--at", at, "--out"])
            .arg(out)
            .arg(src)
            .env_remove("RECOUVRE_LAW")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn recouvre serve");
        let mut lecteur = BufReader::new(enfant.stdout.take().unwrap());
        let mut url = String::new();
        for _ in 0..5 {
            let mut l = String::new();
            if lecteur.read_line(&mut l).unwrap_or(0) == 0 {
                break;
            }
            if let Some(u) = l.trim().strip_prefix("Ouvrez : ") {
                url = u.to_owned();
                break;
            }
        }
        assert!(url.starts_with("http://127.0.0.1:"), "adresse : {url:?}");
        let reste = url.trim_start_matches("http://127.0.0.1:");
        let (port, jeton) = reste.split_once("/?jeton=").expect("jeton");
        let port: u16 = port.parse().unwrap();
        assert_eq!(jeton.len(), 32, "128-bit token in hex");
        Serveur {
            enfant,
            port,
            jeton: jeton.to_owned(),
            cookie: format!("recouvre_jeton_{port}={jeton}"),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?jeton={}", self.port, self.jeton)
    }

    /// GET with the session cookie.
    pub fn get(&self, chemin: &str) -> Reponse {
        requete(
            self.port,
            "GET",
            chemin,
            &[("Cookie", &self.cookie)],
            Vec::new(),
        )
    }

    /// A form POST with the session cookie.
    pub fn post(&self, chemin: &str, corps: &str) -> Reponse {
        requete(
            self.port,
            "POST",
            chemin,
            &[
                ("Cookie", &self.cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            corps.as_bytes().to_vec(),
        )
    }
}

impl Drop for Serveur {
    fn drop(&mut self) {
        let _ = self.enfant.kill();
        let _ = self.enfant.wait();
    }
}

/// The value of a hidden field `nom` in a page.
pub fn champ_cache(page: &str, nom: &str) -> Option<String> {
    let motif = format!("name=\"{nom}\" value=\"");
    let i = page.find(&motif)? + motif.len();
    Some(page[i..].split('"').next()?.to_owned())
}

/// Percent-encodes a form value.
pub fn encoder(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Copies a folder recursively.
pub fn copier(de: &Path, vers: &Path) {
    std::fs::create_dir_all(vers).unwrap();
    for e in std::fs::read_dir(de).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copier(&p, &vers.join(e.file_name()));
        } else {
            std::fs::copy(&p, vers.join(e.file_name())).unwrap();
        }
    }
}

pub const AT: &str = "2026-06-30";

/// A register beside the portfolio (where `batch` keeps it), opened with a first fact on
/// `reference`; its path.
pub fn registre_ouvert(src: &Path, reference: &str) -> PathBuf {
    let registre = src.join("registre.sqlite");
    let (c, _, e) = super::recouvre(&[
        "registre",
        "ajouter",
        reference,
        "autre",
        "--le",
        "2026-01-02",
        "--note",
        "ouverture du registre",
        "--registre",
        registre.to_str().unwrap(),
    ]);
    assert_eq!(c, 0, "{e}");
    registre
}

/// A portfolio of two cases: `2026-0213` (a claim on the merits whose hearing time is
/// mistyped, `9h30`) and `2026-0118` whose debtor is named with a script tag.
pub fn portefeuille(dir: &Path) -> PathBuf {
    let src = dir.join("portefeuille");
    copier(&racine().join("fixtures/b2c-particulier"), &src.join("b2c"));
    copier(&racine().join("fixtures/petites-creances"), &src.join("pc"));
    let b2c = src.join("b2c/dossier.toml");
    let t = std::fs::read_to_string(&b2c).unwrap();
    assert!(t.contains("heure = \"09:30\""));
    std::fs::write(&b2c, t.replace("heure = \"09:30\"", "heure = \"9h30\"")).unwrap();
    let pc = src.join("pc/dossier.toml");
    let t = std::fs::read_to_string(&pc).unwrap();
    std::fs::write(
        &pc,
        t.replace("nom = \"Moreau\"", "nom = \"<script>alert(1)</script>\""),
    )
    .unwrap();
    src
}

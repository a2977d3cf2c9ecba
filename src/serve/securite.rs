//! The guard every request passes: the `Host` header (DNS rebinding), the access token
//! (query `jeton` once, then a cookie), the body size, and the CSRF token of every request
//! that changes anything. Then the security headers of every response.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use super::pages;
use super::Etat;
use crate::empreinte::hex;

/// Largest request body accepted: forms are small; an uploaded exhibit or import file
/// stays under it.
pub const LIMITE_CORPS: usize = 20 * 1024 * 1024;

/// The session's secrets: a random 128-bit token and the CSRF token derived from it.
pub struct Jetons {
    pub session: String,
    pub csrf: String,
}

impl Jetons {
    /// A fresh random token from the operating system's generator.
    pub fn nouveaux() -> Result<Jetons, getrandom::Error> {
        let mut b = [0u8; 16];
        getrandom::fill(&mut b)?;
        Ok(Jetons::de(hex(&b)))
    }

    pub fn de(session: String) -> Jetons {
        let csrf = hex(&Sha256::digest(
            format!("recouvre-csrf:{session}").as_bytes(),
        ));
        Jetons { session, csrf }
    }
}

/// Equality that takes the same time wherever the first difference is (no timing oracle on
/// the tokens).
pub fn egal_constant(a: &[u8], b: &[u8]) -> bool {
    constant_time_eq::constant_time_eq(a, b)
}

/// The `Host` values a browser sends for this server: the loopback names on the bound port,
/// and the bound address itself. Anything else is a foreign name pointing at us (DNS
/// rebinding) and is refused.
pub fn hotes_admis(adresse: SocketAddr) -> Vec<String> {
    let port = adresse.port();
    let mut v = vec![
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ];
    let propre = match adresse.ip() {
        IpAddr::V4(ip) => format!("{ip}:{port}"),
        IpAddr::V6(ip) => format!("[{ip}]:{port}"),
    };
    if !v.contains(&propre) {
        v.push(propre);
    }
    v
}

fn hote_admis(etat: &Etat, hote: &str) -> bool {
    let hote = hote.to_ascii_lowercase();
    if etat.hotes.contains(&hote) {
        return true;
    }
    // Bound to every interface (an explicit choice, --bind 0.0.0.0): any literal IP address
    // on our port is this machine; a DNS name still is not.
    if etat.adresse.ip().is_unspecified() {
        let port = format!(":{}", etat.adresse.port());
        if let Some(ip) = hote.strip_suffix(&port) {
            let ip = ip.trim_start_matches('[').trim_end_matches(']');
            return ip.parse::<IpAddr>().is_ok();
        }
    }
    false
}

/// The value of `nom` in a `Cookie` header.
fn cookie<'a>(req: &'a Request, nom: &str) -> Option<&'a str> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == nom)
        .map(|(_, v)| v)
}

/// `jeton=…` in the query, and the query without it.
fn jeton_requete(req: &Request) -> Option<(String, String)> {
    let q = req.uri().query()?;
    let mut jeton = None;
    let mut reste = Vec::new();
    for kv in q.split('&') {
        match kv.strip_prefix("jeton=") {
            Some(v) if jeton.is_none() => jeton = Some(v.to_owned()),
            _ => reste.push(kv),
        }
    }
    jeton.map(|j| (j, reste.join("&")))
}

/// Every request: Host, then token, then body size and CSRF; then the response headers.
pub async fn garde(State(etat): State<Arc<Etat>>, req: Request, next: Next) -> Response {
    let hote = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !hote_admis(&etat, hote) {
        return pages::erreur(
            StatusCode::FORBIDDEN,
            "Accès refusé",
            "Cette adresse n'est pas celle du serveur : ouvrez l'adresse affichée par « recouvre serve » (127.0.0.1 ou localhost).",
        );
    }
    // A request sent by another site (a form or a script elsewhere) is refused even before
    // its CSRF token is read.
    if let Some(origine) = req.headers().get(header::ORIGIN) {
        let o = origine.to_str().unwrap_or("");
        let meme = o
            .strip_prefix("http://")
            .is_some_and(|h| hote_admis(&etat, h));
        if !meme {
            return pages::erreur(
                StatusCode::FORBIDDEN,
                "Accès refusé",
                "Requête venue d'un autre site : elle est refusée.",
            );
        }
    }

    // The token: once in the address (then the browser keeps it in a cookie and the address
    // is cleaned of it), else the cookie.
    if let Some((jeton, reste)) = jeton_requete(&req) {
        if egal_constant(jeton.as_bytes(), etat.jetons.session.as_bytes())
            && req.method() == Method::GET
        {
            let cible = if reste.is_empty() {
                req.uri().path().to_owned()
            } else {
                format!("{}?{reste}", req.uri().path())
            };
            let cookie = format!(
                "{}={}; HttpOnly; SameSite=Strict; Path=/",
                etat.nom_cookie, etat.jetons.session
            );
            let mut r = (StatusCode::SEE_OTHER, "").into_response();
            if let (Ok(l), Ok(c)) = (
                HeaderValue::from_str(&cible),
                HeaderValue::from_str(&cookie),
            ) {
                r.headers_mut().insert(header::LOCATION, l);
                r.headers_mut().insert(header::SET_COOKIE, c);
            }
            return entetes(r, false);
        }
    }
    let autorise = cookie(&req, &etat.nom_cookie)
        .is_some_and(|c| egal_constant(c.as_bytes(), etat.jetons.session.as_bytes()));
    if !autorise {
        return entetes(
            pages::erreur(
                StatusCode::UNAUTHORIZED,
                "Jeton d'accès requis",
                "Ouvrez l'adresse complète affichée par « recouvre serve » au démarrage (elle contient ?jeton=…).",
            ),
            false,
        );
    }

    let req = if matches!(*req.method(), Method::GET | Method::HEAD) {
        req
    } else {
        match verifier_csrf(&etat, req).await {
            Ok(r) => r,
            Err(r) => return entetes(r, false),
        }
    };
    let pdf = req.uri().path().contains("/document/");
    entetes(next.run(req).await, pdf)
}

fn trop_gros() -> Response {
    pages::erreur(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Envoi trop volumineux",
        &format!(
            "La requête dépasse {} Mio : elle est refusée. Envoyez un fichier plus petit.",
            LIMITE_CORPS / (1024 * 1024)
        ),
    )
}

/// Reads the (size-limited) body of a request that changes something and checks its
/// `csrf` field, then hands the request on with its body.
async fn verifier_csrf(etat: &Etat, req: Request) -> Result<Request, Response> {
    let longueur = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if longueur.is_some_and(|n| n > LIMITE_CORPS as u64) {
        return Err(trop_gros());
    }
    let (parts, corps) = req.into_parts();
    let octets = to_bytes(corps, LIMITE_CORPS)
        .await
        .map_err(|_| trop_gros())?;
    // An upload form (multipart) carries the token as one of its parts; any other form,
    // as a field of its encoded body.
    let frontiere = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(super::formulaire::frontiere);
    let bon = match frontiere {
        Some(f) => super::formulaire::multipart(&octets, &f).is_some_and(|v| {
            v.iter().any(|p| {
                p.nom == "csrf"
                    && p.fichier.is_none()
                    && egal_constant(&p.contenu, etat.jetons.csrf.as_bytes())
            })
        }),
        None => octets
            .split(|b| *b == b'&')
            .find_map(|kv| kv.strip_prefix(b"csrf="))
            .is_some_and(|c| egal_constant(c, etat.jetons.csrf.as_bytes())),
    };
    if !bon {
        return Err(pages::erreur(
            StatusCode::FORBIDDEN,
            "Formulaire refusé",
            "Le jeton du formulaire est absent ou faux (protection CSRF) : rechargez la page et recommencez.",
        ));
    }
    Ok(Request::from_parts(parts, Body::from(octets)))
}

/// The headers of every response: no framing by another page (a PDF may be framed by ours),
/// no script, the referrer only to ourselves (the address may carry the token; `no-referrer` would make the browser send `Origin: null` on our own forms), no sniffing, no caching.
fn entetes(mut r: Response, pdf: bool) -> Response {
    let h = r.headers_mut();
    let csp = if pdf {
        "frame-ancestors 'self'"
    } else {
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !pdf {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_equality() {
        assert!(egal_constant(b"abc", b"abc"));
        assert!(!egal_constant(b"abc", b"abd"));
        assert!(!egal_constant(b"abc", b"ab"));
    }

    #[test]
    fn csrf_derives_from_the_session() {
        let a = Jetons::de("00".repeat(16));
        let b = Jetons::de("01".repeat(16));
        assert_ne!(a.csrf, b.csrf);
        assert_eq!(a.csrf, Jetons::de("00".repeat(16)).csrf);
        assert_eq!(Jetons::nouveaux().unwrap().session.len(), 32);
    }

    #[test]
    fn loopback_names_only() {
        let v = hotes_admis("127.0.0.1:8080".parse().unwrap());
        assert!(v.contains(&"localhost:8080".to_owned()));
        assert!(!v.iter().any(|h| h.contains("evil")));
    }
}

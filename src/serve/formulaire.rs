//! `application/x-www-form-urlencoded`, for form bodies and query strings, and
//! `multipart/form-data` (RFC 7578) for the forms that upload a file: both decoded here, from
//! a body already read whole under the size limit (percent-decoding by `percent-encoding`).

/// The `(name, value)` pairs of an encoded form; a pair that is not valid UTF-8 once
/// decoded is dropped.
pub fn decoder(texte: &[u8]) -> Vec<(String, String)> {
    texte
        .split(|b| *b == b'&')
        .filter(|kv| !kv.is_empty())
        .filter_map(|kv| {
            let (k, v) = match kv.iter().position(|b| *b == b'=') {
                Some(i) => (&kv[..i], &kv[i + 1..]),
                None => (kv, &[][..]),
            };
            Some((pourcent(k)?, pourcent(v)?))
        })
        .collect()
}

fn pourcent(s: &[u8]) -> Option<String> {
    let espaces: Vec<u8> = s
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&espaces)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The value of `nom`, trimmed; empty when absent.
pub fn champ<'a>(paires: &'a [(String, String)], nom: &str) -> &'a str {
    paires
        .iter()
        .find(|(k, _)| k == nom)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partie {
    pub nom: String,
    /// The file name the browser sent (a file field), as given: never used as a path.
    pub fichier: Option<String>,
    pub contenu: Vec<u8>,
}

/// Most parts a form may have: ours have fewer than ten.
const PARTIES_MAX: usize = 64;

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn frontiere(content_type: &str) -> Option<String> {
    let mut morceaux = content_type.split(';');
    if !morceaux
        .next()?
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return None;
    }
    morceaux.find_map(|m| {
        let (k, v) = m.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim().trim_matches('"');
        // RFC 2046: 1 to 70 characters.
        (!v.is_empty() && v.len() <= 70).then(|| v.to_owned())
    })
}

/// The value of parameter `nom` (`name="…"`) in a `Content-Disposition` header.
fn parametre(disposition: &str, nom: &str) -> Option<String> {
    disposition.split(';').skip(1).find_map(|m| {
        let (k, v) = m.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(nom)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The parts of a `multipart/form-data` body, or `None` when it is malformed (missing
/// boundary, part without `Content-Disposition: form-data; name=…`, too many parts).
pub fn multipart(corps: &[u8], frontiere: &str) -> Option<Vec<Partie>> {
    let delim = format!("--{frontiere}");
    let suite = format!("\r\n--{frontiere}");
    let debut = memchr::memmem::find(corps, delim.as_bytes())?;
    let mut reste = &corps[debut + delim.len()..];
    let mut parties = Vec::new();
    loop {
        if reste.starts_with(b"--") {
            return Some(parties);
        }
        reste = reste.strip_prefix(b"\r\n")?;
        let fin_tete = memchr::memmem::find(reste, b"\r\n\r\n")?;
        let tete = std::str::from_utf8(&reste[..fin_tete]).ok()?;
        let corps_partie = &reste[fin_tete + 4..];
        let fin = memchr::memmem::find(corps_partie, suite.as_bytes())?;
        let disposition = tete.split("\r\n").find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(v.trim())
        })?;
        if !disposition
            .split(';')
            .next()?
            .trim()
            .eq_ignore_ascii_case("form-data")
        {
            return None;
        }
        parties.push(Partie {
            nom: parametre(disposition, "name")?,
            fichier: parametre(disposition, "filename"),
            contenu: corps_partie[..fin].to_vec(),
        });
        if parties.len() > PARTIES_MAX {
            return None;
        }
        reste = &corps_partie[fin + suite.len()..];
    }
}

/// The text fields of a multipart body, as [`decoder`] gives those of an encoded form (a
/// field that is not UTF-8 is dropped), and its file parts apart.
pub fn champs_multipart(parties: Vec<Partie>) -> (Vec<(String, String)>, Vec<Partie>) {
    let mut champs = Vec::new();
    let mut fichiers = Vec::new();
    for p in parties {
        if p.fichier.is_some() {
            fichiers.push(p);
        } else if let Ok(v) = String::from_utf8(p.contenu) {
            champs.push((p.nom, v));
        }
    }
    (champs, fichiers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forms() {
        let p = decoder(b"a=1&b=x+y%C3%A9&c&d=%zz&e=%4");
        assert_eq!(champ(&p, "a"), "1");
        assert_eq!(champ(&p, "b"), "x yé");
        assert_eq!(champ(&p, "c"), "");
        assert_eq!(champ(&p, "d"), "%zz");
        assert_eq!(champ(&p, "e"), "%4");
        assert!(decoder(b"x=%FF").is_empty());
    }

    #[test]
    fn decodes_multipart() {
        let b = frontiere("multipart/form-data; boundary=\"----x1\"").unwrap();
        assert_eq!(b, "----x1");
        assert!(frontiere("application/x-www-form-urlencoded").is_none());
        let corps = b"preambule\r\n------x1\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n------x1\r\nContent-Disposition: form-data; name=\"piece\"; filename=\"../../a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--\r\n------x1--\r\n";
        let p = multipart(corps, &b).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].fichier.as_deref(), Some("../../a.pdf"));
        assert_eq!(p[1].contenu, b"%PDF\r\n--");
        let (champs, fichiers) = champs_multipart(p);
        assert_eq!(champ(&champs, "csrf"), "abc");
        assert_eq!(fichiers.len(), 1);
        // Truncated, or a part without a name: refused.
        assert!(multipart(&corps[..corps.len() - 12], &b).is_none());
        assert!(multipart(
            b"------x1\r\nContent-Type: text/plain\r\n\r\nx\r\n------x1--",
            &b
        )
        .is_none());
        assert!(multipart(b"", &b).is_none());
    }
}

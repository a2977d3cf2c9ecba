//! `application/x-www-form-urlencoded`, for form bodies and query strings: decoded here
//! (a dozen lines) rather than through another dependency.

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

fn chiffre(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn pourcent(s: &[u8]) -> Option<String> {
    let mut v = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => v.push(b' '),
            b'%' if i + 2 < s.len() => match (chiffre(s[i + 1]), chiffre(s[i + 2])) {
                (Some(h), Some(l)) => {
                    v.push(h * 16 + l);
                    i += 2;
                }
                _ => v.push(b'%'),
            },
            b => v.push(b),
        }
        i += 1;
    }
    String::from_utf8(v).ok()
}

/// The value of `nom`, trimmed; empty when absent.
pub fn champ<'a>(paires: &'a [(String, String)], nom: &str) -> &'a str {
    paires
        .iter()
        .find(|(k, _)| k == nom)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
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
}

//! Identifiers a dossier shows (LAW.md §5): SIREN, SIRET, TVA, IBAN.

fn chiffres(s: &str) -> Option<Vec<u32>> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(t.chars().map(|c| c.to_digit(10).expect("digit")).collect())
}

fn luhn(ch: &[u32]) -> bool {
    let somme: u32 = ch
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| {
            if i % 2 == 1 {
                let x = c * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                c
            }
        })
        .sum();
    somme.is_multiple_of(10)
}

/// The SIREN without spaces.
pub fn normaliser(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// SIREN: 9 digits, Luhn.
pub fn siren_valide(s: &str) -> bool {
    chiffres(s).is_some_and(|c| c.len() == 9 && luhn(&c))
}

/// SIRET: 14 digits, Luhn; La Poste (SIREN 356000000): digit sum multiple of 5.
pub fn siret_valide(s: &str) -> bool {
    let Some(c) = chiffres(s) else {
        return false;
    };
    if c.len() != 14 {
        return false;
    }
    if normaliser(s).starts_with("356000000") {
        return luhn(&c) || c.iter().sum::<u32>().is_multiple_of(5);
    }
    luhn(&c)
}

/// French VAT number of a SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97.
pub fn tva_fr(siren: &str) -> Option<String> {
    if !siren_valide(siren) {
        return None;
    }
    let n: u64 = normaliser(siren).parse().ok()?;
    let cle = (12 + 3 * (n % 97)) % 97;
    Some(format!("FR{cle:02}{}", normaliser(siren)))
}

/// A VAT number: French ones have their key checked; others only their shape.
pub fn tva_valide(tva: &str) -> bool {
    let t: String = normaliser(tva).to_uppercase();
    if t.len() < 4 || !t.is_char_boundary(2) {
        return false;
    }
    let (pays, reste) = t.split_at(2);
    if !pays.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    if pays == "FR" {
        if reste.len() != 11 {
            return false;
        }
        let (cle, siren) = reste.split_at(2);
        if cle.chars().all(|c| c.is_ascii_digit()) {
            return tva_fr(siren).is_some_and(|v| v == t);
        }
        // Legacy alphanumeric keys cannot be checked offline (VIES): shape only.
        return siren.chars().all(|c| c.is_ascii_digit());
    }
    (2..=13).contains(&reste.len()) && reste.chars().all(|c| c.is_ascii_alphanumeric())
}

/// IBAN, ISO 13616: mod 97 of the rearranged number equals 1.
pub fn iban_valide(iban: &str) -> bool {
    let t: String = normaliser(iban).to_uppercase();
    if !(15..=34).contains(&t.len()) || !t.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let (tete, corps) = t.split_at(4);
    if !tete[..2].chars().all(|c| c.is_ascii_uppercase())
        || !tete[2..].chars().all(|c| c.is_ascii_digit())
    {
        return false;
    }
    let mut reste: u32 = 0;
    for c in corps.chars().chain(tete.chars()) {
        let v = c.to_digit(36).expect("alphanumeric");
        reste = if v >= 10 {
            (reste * 100 + v) % 97
        } else {
            (reste * 10 + v) % 97
        };
    }
    reste == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// LAW.md §5 vectors.
    #[test]
    fn siren_siret_luhn_and_la_poste() {
        assert!(siren_valide("732829320"));
        assert!(siren_valide("732 829 320"));
        assert!(!siren_valide("732829321"));
        assert!(!siren_valide("73282932"));
        assert!(siret_valide("73282932000074"));
        assert!(siret_valide("35600000000048"));
        assert!(siret_valide("35600000009075"));
        assert!(!siret_valide("35600000009090"));
        assert!(!siret_valide("50000000000000"));
        assert!(!siret_valide("7328293200007X"));
    }

    #[test]
    fn tva_key() {
        assert_eq!(tva_fr("732829320").unwrap(), "FR44732829320");
        assert_eq!(tva_fr("404833048").unwrap(), "FR83404833048");
        assert_eq!(tva_fr("303265045").unwrap(), "FR40303265045");
        assert_eq!(tva_fr("123456824").unwrap(), "FR40123456824");
        assert!(tva_valide("FR44732829320"));
        assert!(tva_valide("FR 44 732 829 320"));
        assert!(!tva_valide("FR45732829320"));
        assert!(tva_valide("DE123456789"));
        assert!(!tva_valide("é"));
    }

    #[test]
    fn iban_mod_97() {
        assert!(iban_valide("FR7630006000011234567890189"));
        assert!(iban_valide("FR76 3000 6000 0112 3456 7890 189"));
        assert!(iban_valide("GB82WEST12345698765432"));
        assert!(!iban_valide("FR7630006000011234567890188"));
        assert!(!iban_valide("FR76"));
        assert!(!iban_valide("ÉÉ7630006000011234567890189"));
    }
}

//! Strict deserializers for the case file: money is never a float, dates are `YYYY-MM-DD`.
//!
//! Messages are in French: they reach the paralegal who wrote the file.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

/// Parses a decimal amount written as a string (`"4800.00"`, `"4800,00"`) or an integer.
/// Floats are refused: `12.1` in TOML/JSON is a binary float and cannot be trusted to the cent.
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    let t = s.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
    let t = t.replace(',', ".");
    if t.is_empty() {
        return Err("montant vide".into());
    }
    if !t
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')))
        || t.matches('.').count() > 1
    {
        return Err(format!(
            "« {s} » n'est pas un montant (attendu par exemple \"4800.00\")"
        ));
    }
    Decimal::from_str(&t).map_err(|_| format!("« {s} » est un nombre trop grand ou illisible"))
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un montant en chaîne (\"4800.00\") ou un entier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0)
            .map_err(|_| E::custom(format!("le nombre {v} est trop grand")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .ok()
            .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
            .ok_or_else(|| E::custom(format!("le nombre {v} est trop grand")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Err(E::custom(format!(
            "nombre à virgule {v} refusé : écrivez le montant entre guillemets, par exemple \"{v}\", pour qu'il soit exact au centime"
        )))
    }
}

pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

pub fn decimal_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    decimal(d).map(Some)
}

/// Parses `YYYY-MM-DD` strictly (a real calendar date, four-digit year).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let ok_shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !ok_shape {
        return Err(format!(
            "« {s} » n'est pas une date au format AAAA-MM-JJ (par exemple \"2026-03-15\")"
        ));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| format!("« {s} » n'est pas une date du calendrier"))
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une date AAAA-MM-JJ")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDate, E> {
        parse_date(v).map_err(E::custom)
    }
}

pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(DateVisitor)
}

pub fn date_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

struct IdentVisitor;

impl Visitor<'_> for IdentVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un identifiant en chaîne (\"732829320\")")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// An identifier (SIREN, SIRET, postal code) written as a string or, by habit, as an integer.
pub fn ident_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(IdentVisitor).map(Some)
}

/// TOML has native dates (`date = 2026-01-15`, unquoted); the model takes `YYYY-MM-DD`
/// strings. Native local dates become strings; times and offsets are kept as they are and
/// refused later with a located message.
pub fn dates_toml_en_texte(v: toml::Value) -> toml::Value {
    match v {
        toml::Value::Datetime(d) if d.date.is_some() && d.time.is_none() && d.offset.is_none() => {
            toml::Value::String(d.to_string())
        }
        toml::Value::Datetime(d) => toml::Value::String(d.to_string()),
        toml::Value::Array(a) => {
            toml::Value::Array(a.into_iter().map(dates_toml_en_texte).collect())
        }
        toml::Value::Table(t) => toml::Value::Table(
            t.into_iter()
                .map(|(k, v)| (k, dates_toml_en_texte(v)))
                .collect(),
        ),
        autre => autre,
    }
}

/// An identifier written by a person, trimmed where it is read, so that every stage sees the
/// same value (`"F1 "` and `"F1"` are one invoice for validation and for the décompte).
pub fn texte_net<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s: String = serde::Deserialize::deserialize(d)?;
    Ok(s.trim().to_owned())
}

/// [`texte_net`] for an optional value.
pub fn texte_net_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s: Option<String> = serde::Deserialize::deserialize(d)?;
    Ok(s.map(|s| s.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_exactly() {
        assert_eq!(parse_decimal("4800.00").unwrap().to_string(), "4800.00");
        assert_eq!(parse_decimal("4 800,5").unwrap().to_string(), "4800.5");
        assert!(parse_decimal("12e3").is_err());
        assert!(parse_decimal("1.2.3").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("99999999999999999999999999999999999").is_err());
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("15/03/2026").is_err());
        assert!(parse_date("2026-3-1").is_err());
    }
}

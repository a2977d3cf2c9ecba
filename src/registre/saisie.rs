//! A fact as typed by a person (`registre ajouter`) or read from a CSV row (`registre
//! importer`), checked field by field before anything is written.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Contenu, Fait, NouvelleEntree, PieceRegistre, TypeFait};
use crate::model::ModeEnvoi;

/// The fields of a fact, as text.
#[derive(Debug, Clone, Default)]
pub struct Saisie<'a> {
    pub reference: &'a str,
    pub type_: &'a str,
    pub date: &'a str,
    pub montant: Option<&'a str>,
    pub mode: Option<&'a str>,
    pub numero: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// A wrong field: which one and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defaut {
    pub champ: &'static str,
    pub message: String,
}

fn texte(
    champ: &'static str,
    v: Option<&str>,
    max: usize,
    defauts: &mut Vec<Defaut>,
) -> Option<String> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    if v.chars().any(|c| c.is_control()) {
        defauts.push(Defaut {
            champ,
            message: "caractère de contrôle interdit (retour à la ligne, tabulation…)".into(),
        });
        return None;
    }
    if v.chars().count() > max {
        defauts.push(Defaut {
            champ,
            message: format!("{max} caractères au plus"),
        });
        return None;
    }
    Some(v.to_owned())
}

/// Checks every field (all faults reported at once) and builds the entry; `piece` is the
/// exhibit already copied into the register, if any.
pub fn fait(s: &Saisie, piece: Option<PieceRegistre>) -> Result<NouvelleEntree, Vec<Defaut>> {
    let mut d = Vec::new();
    let reference = s.reference.trim();
    if let Some(m) = crate::chemin::defaut_reference(reference) {
        d.push(Defaut {
            champ: "reference",
            message: format!("« {reference} » n'est pas une référence de dossier : {m}"),
        });
    }
    let type_ = TypeFait::depuis_code(s.type_.trim());
    if type_.is_none() {
        d.push(Defaut {
            champ: "type",
            message: format!(
                "« {} » inconnu : écrivez l'un de {}",
                s.type_.trim(),
                TypeFait::codes()
            ),
        });
    }
    let date: Option<NaiveDate> = match crate::model::de::parse_date(s.date.trim()) {
        Ok(x) => Some(x),
        Err(m) => {
            d.push(Defaut {
                champ: "date",
                message: m,
            });
            None
        }
    };
    let montant = match s.montant.map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => match crate::model::de::parse_decimal(m) {
            Ok(x) if x <= Decimal::ZERO => {
                d.push(Defaut {
                    champ: "montant",
                    message: format!("« {m} » : le montant doit être positif"),
                });
                None
            }
            Ok(x) if x.normalize().scale() > 2 => {
                d.push(Defaut {
                    champ: "montant",
                    message: format!("« {m} » : deux décimales au plus (des centimes)"),
                });
                None
            }
            Ok(mut x) => {
                x.rescale(2);
                Some(x)
            }
            Err(e) => {
                d.push(Defaut {
                    champ: "montant",
                    message: e,
                });
                None
            }
        },
    };
    if type_ == Some(TypeFait::Paiement)
        && montant.is_none()
        && !d.iter().any(|x| x.champ == "montant")
    {
        d.push(Defaut {
            champ: "montant",
            message: "un paiement a un montant : ajoutez --montant (ou la colonne montant)".into(),
        });
    }
    let mode = match s.mode.map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => match ModeEnvoi::depuis_code(m) {
            Some(x) => Some(x),
            None => {
                d.push(Defaut {
                    champ: "mode",
                    message: format!(
                        "« {m} » inconnu : écrivez l'un de {}",
                        ModeEnvoi::TOUS
                            .iter()
                            .map(|m| m.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
                None
            }
        },
    };
    let numero = texte("numero", s.numero, 200, &mut d);
    let note = texte("note", s.note, 2000, &mut d);
    match (type_, date) {
        (Some(type_), Some(date)) if d.is_empty() => Ok(NouvelleEntree {
            reference: reference.to_owned(),
            date,
            contenu: Contenu::Fait(Fait {
                type_,
                montant,
                mode,
                numero,
                note,
                piece,
            }),
        }),
        _ => Err(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_is_named() {
        let e = fait(
            &Saisie {
                reference: "../x",
                type_: "paiment",
                date: "2026-02-30",
                montant: Some("12,345"),
                mode: Some("pigeon"),
                numero: None,
                note: Some("a\u{1b}[31m"),
            },
            None,
        )
        .unwrap_err();
        let champs: Vec<_> = e.iter().map(|d| d.champ).collect();
        assert_eq!(
            champs,
            ["reference", "type", "date", "montant", "mode", "note"]
        );
    }

    #[test]
    fn a_payment_needs_an_amount_and_keeps_cents() {
        let s = Saisie {
            reference: "2026-0042",
            type_: "paiement",
            date: "2026-03-10",
            ..Default::default()
        };
        assert_eq!(fait(&s, None).unwrap_err()[0].champ, "montant");
        let s = Saisie {
            montant: Some("1000"),
            ..s
        };
        let Contenu::Fait(f) = fait(&s, None).unwrap().contenu else {
            panic!()
        };
        assert_eq!(f.montant.unwrap().to_string(), "1000.00");
    }
}

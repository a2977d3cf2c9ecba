//! The Fichier des Écritures Comptables (art. A47 A-1 LPF): the creditor's open customer
//! items — 411 lines without lettrage — grouped by customer (CompAuxNum), unlettered
//! payments netted. `|` or tab separated, decimal comma, padded amounts, the 18 standard
//! columns or the 22-column cash-basis variant, `Montant`/`Sens` instead of `Debit`/`Credit`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

use super::facture_electronique::ErreurLecture;
use crate::model::de::parse_decimal;

/// A customer's open items.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOuvert {
    pub compte: String,
    pub nom: String,
    /// `(piece, date, amount)` of each unlettered debit.
    pub factures: Vec<(String, NaiveDate, Decimal)>,
    /// `(date, amount)` of each unlettered credit (payments, credit notes).
    pub paiements: Vec<(NaiveDate, Decimal)>,
}

/// The FEC read: the creditor's SIREN from the file name (`<SIREN>FEC<AAAAMMJJ>`) and the
/// customers with open items.
#[derive(Debug, Clone, PartialEq)]
pub struct FecLu {
    pub siren: Option<String>,
    pub cloture: Option<NaiveDate>,
    pub clients: Vec<ClientOuvert>,
    /// Open 411 lines read, lettered lines skipped.
    pub lignes_ouvertes: usize,
    pub lignes_lettrees: usize,
}

fn montant_fec(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(Decimal::ZERO);
    }
    parse_decimal(t).map(|d| d.abs())
}

fn date_fec(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y%m%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(t, "%d/%m/%Y").ok())
        .or_else(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
}

/// Reads a FEC file.
pub fn lire_fec(chemin: &Path) -> Result<FecLu, ErreurLecture> {
    let source = chemin.display().to_string();
    let err = |message: String| ErreurLecture {
        source_: source.clone(),
        message,
    };
    let meta = std::fs::metadata(chemin).map_err(|e| err(format!("lecture impossible ({e})")))?;
    if meta.len() > 1024 * 1024 * 1024 {
        return Err(err("FEC trop volumineux".into()));
    }
    let octets = std::fs::read(chemin).map_err(|e| err(format!("lecture impossible ({e})")))?;
    // FEC are often exported in Latin-1: accept it, the fields we use are mostly ASCII.
    let texte = match String::from_utf8(octets) {
        Ok(t) => t,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    let texte = texte.strip_prefix('\u{feff}').unwrap_or(&texte);
    let mut lignes = texte.lines();
    let entete = lignes.next().ok_or_else(|| err("fichier vide".into()))?;
    let sep = if entete.matches('\t').count() >= entete.matches('|').count() {
        '\t'
    } else {
        '|'
    };
    let cols: Vec<String> = entete.split(sep).map(|c| c.trim().to_lowercase()).collect();
    if cols.len() < 18 {
        return Err(err(format!(
            "en-tête FEC de {} colonnes : 18 attendues (JournalCode|JournalLib|…|Idevise)",
            cols.len()
        )));
    }
    let idx = |noms: &[&str]| noms.iter().find_map(|n| cols.iter().position(|c| c == n));
    let col = |noms: &[&str]| {
        idx(noms).ok_or_else(|| err(format!("colonne {} absente de l'en-tête", noms[0])))
    };
    let c_compte = col(&["comptenum"])?;
    let c_aux = col(&["compauxnum"])?;
    let c_auxlib = col(&["compauxlib"])?;
    let c_date = col(&["ecrituredate"])?;
    let c_piece = col(&["pieceref"])?;
    let c_piece_date = idx(&["piecedate"]);
    let c_num = idx(&["ecriturenum"]);
    let c_let = col(&["ecriturelet", "ecrturelet"])?;
    let (c_debit, c_credit, c_montant, c_sens) = (
        idx(&["debit"]),
        idx(&["credit"]),
        idx(&["montant"]),
        idx(&["sens"]),
    );
    if (c_debit.is_none() || c_credit.is_none()) && (c_montant.is_none() || c_sens.is_none()) {
        return Err(err(
            "colonnes Debit et Credit (ou Montant et Sens) absentes".into(),
        ));
    }
    let mut clients: BTreeMap<String, ClientOuvert> = BTreeMap::new();
    let (mut ouvertes, mut lettrees) = (0, 0);
    for (i, ligne) in lignes.enumerate() {
        let n = i + 2;
        if ligne.trim().is_empty() {
            continue;
        }
        let mut v: Vec<&str> = ligne.split(sep).collect();
        // A `|` inside EcritureLib shifts the columns: merge the extra fields into it.
        if v.len() > cols.len() && sep == '|' {
            let extra = v.len() - cols.len();
            if let Some(lib) = idx(&["ecriturelib"]) {
                v.drain(lib + 1..=lib + extra);
            }
        }
        if v.len() < cols.len() {
            return Err(err(format!(
                "ligne {n} : {} champs au lieu de {}",
                v.len(),
                cols.len()
            )));
        }
        let get = |c: usize| v.get(c).map(|s| s.trim()).unwrap_or("");
        if !get(c_compte).starts_with("411") {
            continue;
        }
        if !get(c_let).is_empty() {
            lettrees += 1;
            continue;
        }
        ouvertes += 1;
        let date = date_fec(get(c_date)).ok_or_else(|| {
            err(format!(
                "ligne {n}, colonne EcritureDate : date « {} » illisible (AAAAMMJJ)",
                get(c_date)
            ))
        })?;
        let (debit, credit) = match (c_debit, c_credit) {
            (Some(d), Some(c)) => (
                montant_fec(get(d)).map_err(|m| err(format!("ligne {n}, colonne Debit : {m}")))?,
                montant_fec(get(c)).map_err(|m| err(format!("ligne {n}, colonne Credit : {m}")))?,
            ),
            _ => {
                let m = montant_fec(get(c_montant.unwrap_or(0)))
                    .map_err(|m| err(format!("ligne {n}, colonne Montant : {m}")))?;
                if get(c_sens.unwrap_or(0)).eq_ignore_ascii_case("d") {
                    (m, Decimal::ZERO)
                } else {
                    (Decimal::ZERO, m)
                }
            }
        };
        let compte = if get(c_aux).is_empty() {
            get(c_compte).to_owned()
        } else {
            get(c_aux).to_owned()
        };
        let client = clients
            .entry(compte.clone())
            .or_insert_with(|| ClientOuvert {
                compte,
                nom: String::new(),
                factures: Vec::new(),
                paiements: Vec::new(),
            });
        if client.nom.is_empty() {
            client.nom = get(c_auxlib).to_owned();
        }
        if debit > credit {
            let piece = match get(c_piece) {
                "" | "-" => c_num.map(get).unwrap_or("").to_owned(),
                p => p.to_owned(),
            };
            let date_piece = c_piece_date.and_then(|c| date_fec(get(c))).unwrap_or(date);
            client.factures.push((piece, date_piece, debit - credit));
        } else if credit > debit {
            client.paiements.push((date, credit - debit));
        }
    }
    let nom = chemin
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (siren, cloture) = match nom.to_uppercase().split_once("FEC") {
        Some((s, d)) if s.len() == 9 && s.chars().all(|c| c.is_ascii_digit()) => (
            Some(s.to_owned()),
            NaiveDate::parse_from_str(&d.chars().take(8).collect::<String>(), "%Y%m%d").ok(),
        ),
        _ => (None, None),
    };
    Ok(FecLu {
        siren,
        cloture,
        clients: clients
            .into_values()
            .filter(|c| !c.factures.is_empty())
            .collect(),
        lignes_ouvertes: ouvertes,
        lignes_lettrees: lettrees,
    })
}

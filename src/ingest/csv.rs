//! The CSV bulk format: one row per invoice, grouped into cases by `reference`.
//!
//! Case-level columns (parties, claim, history) may be repeated on every row or given once;
//! two different non-empty values for the same case are an error. Values go through the
//! same deserializers as a JSON case file, so errors name the same paths.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{DossierLu, IngestError};
use crate::diagnostic::Diagnostic;
use crate::model::Dossier;

/// Every column the bulk format accepts, documented in the README.
pub const COLONNES: &[&str] = &[
    "reference",
    "arrete_au",
    "creancier_nature",
    "creancier_denomination",
    "creancier_nom",
    "creancier_prenoms",
    "creancier_forme_juridique",
    "creancier_siren",
    "creancier_rcs",
    "creancier_representant",
    "creancier_qualite",
    "creancier_adresse",
    "creancier_code_postal",
    "creancier_ville",
    "creancier_iban",
    "creancier_email",
    "debiteur_nature",
    "debiteur_denomination",
    "debiteur_nom",
    "debiteur_prenoms",
    "debiteur_forme_juridique",
    "debiteur_siren",
    "debiteur_rcs",
    "debiteur_representant",
    "debiteur_qualite",
    "debiteur_adresse",
    "debiteur_code_postal",
    "debiteur_ville",
    "debiteur_commercant",
    "debiteur_email",
    "fondement",
    "description",
    "interets",
    "taux_contractuel",
    "clause_penale",
    "devise",
    "relance_1",
    "relance_2",
    "mise_en_demeure",
    "voie",
    "facture_numero",
    "facture_date",
    "facture_echeance",
    "facture_montant",
    "facture_piece",
    "facture_paye",
    "facture_date_paiement",
];

/// The rows of one case: line number and the non-empty values by column.
type Lignes = Vec<(usize, BTreeMap<String, String>)>;

/// A case read from the bulk file, or why it could not be.
pub struct CasCsv {
    pub reference: String,
    pub resultat: Result<DossierLu, IngestError>,
}

fn erreur(fichier: &Path, chemin: String, message: String, aide: &str) -> IngestError {
    IngestError::Format {
        fichier: fichier.display().to_string(),
        diagnostic: Diagnostic::erreur(chemin, message).aide(aide),
    }
}

/// Reads a bulk CSV (`,` or `;` separated, UTF-8, header row) into cases. A bad row spoils
/// its case only.
pub fn lire_csv(fichier: &Path) -> Result<Vec<CasCsv>, IngestError> {
    let octets = std::fs::read(fichier).map_err(|source| IngestError::Lecture {
        fichier: fichier.display().to_string(),
        source,
    })?;
    if octets.len() as u64 > 256 * 1024 * 1024 {
        return Err(erreur(
            fichier,
            String::new(),
            "fichier CSV trop volumineux".into(),
            "découpez-le",
        ));
    }
    let texte = std::str::from_utf8(&octets).map_err(|e| {
        erreur(
            fichier,
            String::new(),
            format!("le fichier n'est pas en UTF-8 (octet {})", e.valid_up_to()),
            "enregistrez le CSV en UTF-8",
        )
    })?;
    let texte = texte.strip_prefix('\u{feff}').unwrap_or(texte);
    let premiere = texte.lines().next().unwrap_or("");
    let separateur = if premiere.matches(';').count() > premiere.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(separateur)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(texte.as_bytes());
    let entetes: Vec<String> = r
        .headers()
        .map_err(|e| {
            erreur(
                fichier,
                "ligne 1".into(),
                format!("en-tête illisible : {e}"),
                "la première ligne nomme les colonnes",
            )
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    for h in &entetes {
        if !COLONNES.contains(&h.as_str()) {
            return Err(erreur(
                fichier,
                "ligne 1".into(),
                format!("colonne inconnue « {h} »"),
                "les colonnes possibles sont listées dans le README (format CSV de masse)",
            ));
        }
    }
    for requise in [
        "reference",
        "facture_numero",
        "facture_date",
        "facture_montant",
    ] {
        if !entetes.iter().any(|h| h == requise) {
            return Err(erreur(
                fichier,
                "ligne 1".into(),
                format!("colonne obligatoire « {requise} » absente"),
                "ajoutez-la à l'en-tête",
            ));
        }
    }
    let racine = fichier
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    // Rows grouped by reference, in order of first appearance.
    let mut ordre: Vec<String> = Vec::new();
    let mut groupes: BTreeMap<String, Lignes> = BTreeMap::new();
    for (i, ligne) in r.records().enumerate() {
        let n = i + 2;
        let ligne = match ligne {
            Ok(l) => l,
            Err(e) => {
                return Err(erreur(
                    fichier,
                    format!("ligne {n}"),
                    format!("ligne illisible : {e}"),
                    "chaque ligne a autant de champs que l'en-tête",
                ));
            }
        };
        let valeurs: BTreeMap<String, String> = entetes
            .iter()
            .cloned()
            .zip(ligne.iter().map(str::to_owned))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let Some(reference) = valeurs.get("reference").cloned() else {
            return Err(erreur(
                fichier,
                format!("ligne {n}, colonne reference"),
                "référence vide".into(),
                "chaque ligne indique la référence de son dossier",
            ));
        };
        if !groupes.contains_key(&reference) {
            ordre.push(reference.clone());
        }
        groupes.entry(reference).or_default().push((n, valeurs));
    }
    let mut cas = Vec::new();
    for reference in ordre {
        let lignes = &groupes[&reference];
        let resultat = construire(fichier, &reference, lignes).map(|dossier| DossierLu {
            fichier: fichier.to_owned(),
            racine: racine.clone(),
            dossier,
        });
        cas.push(CasCsv {
            reference,
            resultat,
        });
    }
    Ok(cas)
}

fn construire(
    fichier: &Path,
    reference: &str,
    lignes: &[(usize, BTreeMap<String, String>)],
) -> Result<Dossier, IngestError> {
    // Case-level values: the same on every row where given.
    let mut commun: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for (n, valeurs) in lignes {
        for (k, v) in valeurs {
            if k.starts_with("facture_") {
                continue;
            }
            match commun.get(k.as_str()) {
                Some((m, w)) if *w != v => {
                    return Err(erreur(fichier, format!("ligne {n}, colonne {k}"), format!("dossier {reference} : « {v} » contredit « {w} » (ligne {m})"), "une valeur de dossier est la même sur toutes ses lignes (ou n'est donnée qu'une fois)"));
                }
                Some(_) => {}
                None => {
                    commun.insert(k.as_str(), (*n, v.as_str()));
                }
            }
        }
    }
    let get = |k: &str| commun.get(k).map(|(_, v)| Value::String((*v).to_owned()));
    let partie = |role: &str| -> Value {
        let mut p = Map::new();
        for champ in [
            "nature",
            "denomination",
            "nom",
            "prenoms",
            "forme_juridique",
            "siren",
            "rcs",
            "iban",
            "email",
        ] {
            if let Some(v) = get(&format!("{role}_{champ}")) {
                p.insert(champ.into(), v);
            }
        }
        if let Some(Value::String(c)) = get(&format!("{role}_commercant")) {
            p.insert(
                "commercant".into(),
                Value::Bool(matches!(
                    c.to_lowercase().as_str(),
                    "oui" | "true" | "1" | "vrai"
                )),
            );
        }
        if get(&format!("{role}_representant")).is_some()
            || get(&format!("{role}_qualite")).is_some()
        {
            let mut r = Map::new();
            if let Some(v) = get(&format!("{role}_representant")) {
                r.insert("nom".into(), v);
            }
            if let Some(v) = get(&format!("{role}_qualite")) {
                r.insert("qualite".into(), v);
            }
            p.insert("representant".into(), Value::Object(r));
        }
        if let Some(Value::String(a)) = get(&format!("{role}_adresse")) {
            let mut adr = Map::new();
            adr.insert(
                "lignes".into(),
                json!(a.split('|').map(str::trim).collect::<Vec<_>>()),
            );
            if let Some(v) = get(&format!("{role}_code_postal")) {
                adr.insert("code_postal".into(), v);
            }
            if let Some(v) = get(&format!("{role}_ville")) {
                adr.insert("ville".into(), v);
            }
            p.insert("adresse".into(), Value::Object(adr));
        }
        Value::Object(p)
    };
    let mut creance = Map::new();
    for k in [
        "fondement",
        "description",
        "interets",
        "taux_contractuel",
        "clause_penale",
        "devise",
    ] {
        if let Some(v) = get(k) {
            creance.insert(k.into(), v);
        }
    }
    let mut factures = Vec::new();
    let mut paiements = Vec::new();
    let mut chemins = Vec::new();
    for (n, v) in lignes {
        let mut f = Map::new();
        for (col, cle) in [
            ("facture_numero", "numero"),
            ("facture_date", "date"),
            ("facture_echeance", "echeance"),
            ("facture_montant", "montant"),
            ("facture_piece", "piece"),
        ] {
            if let Some(x) = v.get(col) {
                f.insert(cle.into(), Value::String(x.clone()));
            }
        }
        chemins.push(*n);
        if let Some(p) = v.get("facture_paye") {
            let date = v.get("facture_date_paiement").cloned().ok_or_else(|| {
                erreur(
                    fichier,
                    format!("ligne {n}, colonne facture_date_paiement"),
                    "montant payé sans date de paiement".into(),
                    "indiquez la date du paiement (AAAA-MM-JJ)",
                )
            })?;
            paiements.push(json!({"date": date, "montant": p, "facture": v.get("facture_numero")}));
        }
        factures.push(Value::Object(f));
    }
    let mut evenements = Vec::new();
    for (col, type_) in [
        ("relance_1", "relance"),
        ("relance_2", "relance"),
        ("mise_en_demeure", "mise_en_demeure"),
    ] {
        if let Some(d) = get(col) {
            evenements.push(json!({"date": d, "type": type_}));
        }
    }
    let mut d = Map::new();
    d.insert("reference".into(), Value::String(reference.to_owned()));
    if let Some(v) = get("arrete_au") {
        d.insert("arrete_au".into(), v);
    }
    d.insert("creancier".into(), partie("creancier"));
    d.insert("debiteur".into(), partie("debiteur"));
    d.insert("creance".into(), Value::Object(creance));
    d.insert("factures".into(), Value::Array(factures));
    d.insert("paiements".into(), Value::Array(paiements));
    d.insert("evenements".into(), Value::Array(evenements));
    if let Some(v) = get("voie") {
        d.insert("procedure".into(), json!({"voie": v}));
    }
    let valeur = Value::Object(d);
    serde_path_to_error::deserialize::<_, Dossier>(&valeur).map_err(|e| {
        let chemin = e.path().to_string();
        // factures[i] → the CSV line of that invoice.
        let ligne = chemin
            .strip_prefix("factures[")
            .and_then(|r| r.split(']').next())
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| chemins.get(i))
            .map(|n| format!(" (ligne {n})"))
            .unwrap_or_default();
        let diag = super::erreur_serde(e.path(), &e.inner().to_string());
        IngestError::Format {
            fichier: fichier.display().to_string(),
            diagnostic: Diagnostic {
                message: format!("dossier {reference}{ligne} : {}", diag.message),
                ..diag
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_group_into_cases_and_conflicts_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("lot.csv");
        std::fs::write(
            &f,
            "reference;creancier_nature;creancier_denomination;debiteur_nature;debiteur_denomination;fondement;facture_numero;facture_date;facture_echeance;facture_montant;facture_paye;facture_date_paiement;mise_en_demeure\n\
             A-1;societe;ACME;societe;Client;contrat;F1;2026-01-01;2026-01-31;1200.50;200;2026-02-10;2026-03-01\n\
             A-1;;;;;;F2;2026-02-01;2026-03-03;300;;;\n\
             B-2;societe;ACME;societe;Autre;contrat;F9;2026-01-01;2026-01-31;10,5;;;\n\
             C-3;societe;ACME;societe;X;contrat;F1;2026-01-01;2026-01-31;100;;;\n\
             C-3;societe;AUTRE;societe;X;contrat;F2;2026-01-01;2026-01-31;100;;;\n",
        )
        .unwrap();
        let cas = lire_csv(&f).unwrap();
        assert_eq!(cas.len(), 3);
        let a = cas[0].resultat.as_ref().unwrap();
        assert_eq!(a.dossier.factures.len(), 2);
        assert_eq!(a.dossier.paiements[0].facture.as_deref(), Some("F1"));
        assert_eq!(a.dossier.evenements.len(), 1);
        assert_eq!(a.dossier.factures[0].montant.to_string(), "1200.50");
        assert_eq!(
            cas[1].resultat.as_ref().unwrap().dossier.factures[0]
                .montant
                .to_string(),
            "10.5"
        );
        let e = cas[2].resultat.as_ref().err().unwrap().to_string();
        assert!(e.contains("ligne 6, colonne creancier_denomination"), "{e}");
    }
}

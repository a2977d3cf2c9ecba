//! The CSV bulk format: one row per invoice, grouped into cases by `reference`.
//!
//! Case-level columns (parties, claim, history) may be repeated on every row or given once;
//! two different non-empty values for the same case are an error. Values go through the
//! same deserializers as a JSON case file, so errors name the same paths.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::fichier::taille_lisible;
use super::{DossierLu, IngestError};
use crate::chemin::defaut_reference;
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

/// Bulk CSV files larger than this are refused (a row is a few hundred bytes).
pub const TAILLE_MAX_CSV: u64 = 256 * 1024 * 1024;
/// Rows kept from one bulk CSV: beyond, the file is refused as a whole and must be split
/// (the rows are held until every case is read, since a case's rows may be anywhere).
pub const LIGNES_MAX_CSV: usize = 200_000;

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

/// The rows of one case as read: each row's line and fields, or the first row that spoiled
/// the case.
#[derive(Default)]
struct Groupe {
    lignes: Vec<(usize, csv::StringRecord)>,
    erreur: Option<IngestError>,
}

/// Reads a bulk CSV (`,` or `;` separated, UTF-8, header row) into cases. A bad row spoils
/// its case only: it becomes a failed case naming its line (a row without a reference, a
/// case of its own, `ligne N`).
pub fn lire_csv(fichier: &Path) -> Result<Vec<CasCsv>, IngestError> {
    lire_csv_filtre(fichier, &|_| true)
}

/// [`lire_csv`], keeping only the rows whose reference `garde` accepts (a shard): the other
/// rows are read and dropped, never held.
pub fn lire_csv_filtre(
    fichier: &Path,
    garde: &dyn Fn(&str) -> bool,
) -> Result<Vec<CasCsv>, IngestError> {
    let (f, taille) = super::fichier::ouvrir(fichier)?;
    if taille > TAILLE_MAX_CSV {
        return Err(erreur(
            fichier,
            String::new(),
            format!(
                "fichier CSV trop volumineux ({} ; limite {})",
                taille_lisible(taille),
                taille_lisible(TAILLE_MAX_CSV)
            ),
            "découpez-le en plusieurs fichiers",
        ));
    }
    let mut lecteur = BufReader::new(f.take(TAILLE_MAX_CSV));
    // The header line decides the separator.
    let mut entete = Vec::new();
    (&mut lecteur)
        .take(64 * 1024)
        .read_until(b'\n', &mut entete)
        .map_err(|source| super::fichier::ErreurFichier::Lecture {
            fichier: fichier.display().to_string(),
            source,
        })?;
    let entete = entete
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&entete)
        .to_vec();
    let premiere = String::from_utf8_lossy(&entete);
    let separateur = if premiere.matches(';').count() > premiere.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(separateur)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(std::io::Cursor::new(entete).chain(lecteur));
    let entetes: Vec<String> = r
        .headers()
        .map_err(|e| {
            erreur(
                fichier,
                "ligne 1".into(),
                format!("en-tête illisible : {e}"),
                "la première ligne nomme les colonnes, en UTF-8",
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
    let col_reference = entetes.iter().position(|h| h == "reference").unwrap_or(0);
    let racine = fichier
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    // Rows grouped by reference, in order of first appearance.
    let mut ordre: Vec<String> = Vec::new();
    let mut groupes: HashMap<String, Groupe> = HashMap::new();
    let mut gardees = 0usize;
    let mut ligne = csv::ByteRecord::new();
    loop {
        let n = r.position().line() as usize + 1;
        match r.read_byte_record(&mut ligne) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // The reader cannot go on past an I/O error.
                return Err(erreur(
                    fichier,
                    format!("ligne {n}"),
                    format!("lecture interrompue : {e}"),
                    "vérifiez le fichier",
                ));
            }
        }
        let n = ligne.position().map_or(n, |p| p.line() as usize);
        let reference = ligne
            .get(col_reference)
            .map(|r| String::from_utf8_lossy(r).trim().to_owned())
            .unwrap_or_default();
        let cle = if reference.is_empty() {
            format!("ligne {n}")
        } else {
            reference.clone()
        };
        if !garde(&cle) {
            continue;
        }
        gardees += 1;
        if gardees > LIGNES_MAX_CSV {
            return Err(erreur(
                fichier,
                format!("ligne {n}"),
                format!("plus de {LIGNES_MAX_CSV} lignes dans un seul fichier CSV"),
                "découpez-le en plusieurs fichiers (ou en shards avec --shard)",
            ));
        }
        if !groupes.contains_key(&cle) {
            ordre.push(cle.clone());
        }
        let groupe = groupes.entry(cle).or_default();
        if groupe.erreur.is_some() {
            continue;
        }
        let probleme = if reference.is_empty() {
            Some((
                format!("ligne {n}, colonne reference"),
                "référence vide".to_owned(),
                "chaque ligne indique la référence de son dossier",
            ))
        } else if let Some(raison) = defaut_reference(&reference) {
            Some((
                format!("ligne {n}, colonne reference"),
                format!(
                    "référence « {} » invalide : {raison}",
                    reference.escape_debug()
                ),
                "une référence nomme les fichiers du dossier : lettres, chiffres, . _ - (1 à 64)",
            ))
        } else if ligne.len() != entetes.len() {
            Some((
                format!("ligne {n}"),
                format!(
                    "dossier {reference} : {} champs au lieu de {}",
                    ligne.len(),
                    entetes.len()
                ),
                "chaque ligne a autant de champs que l'en-tête (un séparateur dans une valeur se met entre guillemets)",
            ))
        } else {
            None
        };
        if let Some((chemin, message, aide)) = probleme {
            groupe.erreur = Some(erreur(fichier, chemin, message, aide));
            groupe.lignes = Vec::new();
            continue;
        }
        match csv::StringRecord::from_byte_record(ligne.clone()) {
            Ok(l) => groupe.lignes.push((n, l)),
            Err(e) => {
                let col = e.utf8_error().field();
                groupe.erreur = Some(erreur(
                    fichier,
                    format!(
                        "ligne {n}, colonne {}",
                        entetes.get(col).map(String::as_str).unwrap_or("?")
                    ),
                    format!("dossier {reference} : texte qui n'est pas en UTF-8"),
                    "enregistrez le CSV en UTF-8",
                ));
                groupe.lignes = Vec::new();
            }
        }
    }
    let mut cas = Vec::new();
    for reference in ordre {
        let Some(groupe) = groupes.remove(&reference) else {
            continue;
        };
        let resultat = match groupe.erreur {
            Some(e) => Err(e),
            None => {
                let lignes: Lignes = groupe
                    .lignes
                    .into_iter()
                    .map(|(n, l)| {
                        let valeurs = entetes
                            .iter()
                            .cloned()
                            .zip(l.iter().map(str::to_owned))
                            .filter(|(_, v)| !v.is_empty())
                            .collect();
                        (n, valeurs)
                    })
                    .collect();
                construire(fichier, &reference, &lignes).map(|dossier| DossierLu {
                    fichier: fichier.to_owned(),
                    racine: racine.clone(),
                    dossier,
                })
            }
        };
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

    #[test]
    fn a_bad_row_fails_its_own_case_only() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("lot.csv");
        let mut t = b"reference,creancier_nature,creancier_denomination,debiteur_nature,debiteur_denomination,facture_numero,facture_date,facture_echeance,facture_montant\n\
            A-1,societe,ACME,societe,Client,F1,2026-01-01,2026-01-31,100\n\
            B-2,societe,ACME,societe,Client,F1,2026-01-01\n\
            ,societe,ACME,societe,Client,F1,2026-01-01,2026-01-31,100\n\
            ../../X,societe,ACME,societe,Client,F1,2026-01-01,2026-01-31,100\n"
            .to_vec();
        t.extend_from_slice(b"C-3,societe,ACME,societe,Cli\xe9nt,F1,2026-01-01,2026-01-31,100\n");
        t.extend_from_slice(b"D-4,societe,ACME,societe,Client,F1,2026-01-01,2026-01-31,100\n");
        std::fs::write(&f, t).unwrap();
        let cas = lire_csv(&f).unwrap();
        let refs: Vec<&str> = cas.iter().map(|c| c.reference.as_str()).collect();
        assert_eq!(refs, ["A-1", "B-2", "ligne 4", "../../X", "C-3", "D-4"]);
        assert!(cas[0].resultat.is_ok() && cas[5].resultat.is_ok());
        let e = |i: usize| cas[i].resultat.as_ref().err().unwrap().to_string();
        assert!(
            e(1).contains("ligne 3") && e(1).contains("7 champs au lieu de 9"),
            "{}",
            e(1)
        );
        assert!(e(2).contains("ligne 4, colonne reference"), "{}", e(2));
        assert!(
            e(3).contains("ligne 5") && e(3).contains("invalide"),
            "{}",
            e(3)
        );
        assert!(
            e(4).contains("ligne 6, colonne debiteur_denomination") && e(4).contains("UTF-8"),
            "{}",
            e(4)
        );
        // A shard keeps only its rows.
        let cas = lire_csv_filtre(&f, &|r| r == "D-4").unwrap();
        assert_eq!(cas.len(), 1);
    }
}

//! The batch report: one line per case (CSV and JSON), a summary, and the PDF *état des
//! dossiers* with totals by step and the aged balance. Shard reports merge into one.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

use super::Durees;
use crate::diagnostic::Diagnostic;
use crate::format::{date_longue, montant_fr};
use crate::format::{deux_decimales, json};
use crate::law::Decompte;
use crate::render::Moteur;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statut {
    /// Documents and bundles written.
    Construit,
    /// Outputs already complete for the same inputs: nothing rewritten.
    Inchange,
    /// No step due at this date.
    RienAFaire,
    /// The register says a person must act first (confirm a sending, record a decision).
    EnAttente,
    /// Everything paid: nothing more, ever.
    Solde,
    /// Invalid case or a path the law forbids.
    Refuse,
    /// Unreadable case or unexpected failure.
    Erreur,
}

impl Statut {
    pub fn code(self) -> &'static str {
        match self {
            Statut::Construit => "construit",
            Statut::Inchange => "inchange",
            Statut::RienAFaire => "rien_a_faire",
            Statut::EnAttente => "en_attente",
            Statut::Solde => "solde",
            Statut::Refuse => "refuse",
            Statut::Erreur => "erreur",
        }
    }

    pub fn est_echec(self) -> bool {
        matches!(self, Statut::Refuse | Statut::Erreur)
    }
}

/// Errors in one line: `chemin : message ; …`.
pub fn resume(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            if d.chemin.is_empty() {
                d.message.clone()
            } else {
                format!("{} : {}", d.chemin, d.message)
            }
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Why a report cannot be written or merged.
#[derive(Debug, thiserror::Error)]
pub enum RapportError {
    #[error("écriture du rapport dans {dossier} impossible : {source}")]
    Ecriture {
        dossier: String,
        #[source]
        source: std::io::Error,
    },
    #[error("état des dossiers : {0}")]
    Etat(String),
    #[error("{fichier} : {message}")]
    Lecture { fichier: String, message: String },
    #[error("le dossier {reference} figure dans plusieurs rapports ({premier} et {second}) : un même lot fusionné deux fois, ou des lots qui se recouvrent")]
    Doublon {
        reference: String,
        premier: String,
        second: String,
    },
}

/// A cell as a spreadsheet must read it: text that a spreadsheet would take for a formula
/// (`=`, `+`, `-`, `@`, tab, carriage return at the start) is prefixed with a quote (OWASP
/// « CSV injection »). Amounts, written by the program, never start that way except a
/// negative sign, and none is negative here.
pub fn cellule(texte: &str) -> std::borrow::Cow<'_, str> {
    match texte.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{texte}").into(),
        _ => texte.into(),
    }
}

/// One case of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ligne {
    pub reference: String,
    pub source: String,
    pub debiteur: String,
    pub arrete_au: Option<NaiveDate>,
    pub etape: Option<String>,
    pub documents: usize,
    #[serde(serialize_with = "json::montant")]
    pub principal: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub interets: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub indemnites: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub total: Decimal,
    pub devise: String,
    pub juridiction: Option<String>,
    pub statut: Statut,
    /// The first problems in one line (the CSV's `erreur` column).
    pub erreur: Option<String>,
    /// Every error with its path in the case file and its hint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    pub prochaine_etape: Option<String>,
    pub prochaine_date: Option<NaiveDate>,
    /// The register's view: the last step produced and its date.
    #[serde(default)]
    pub derniere_etape: Option<String>,
    #[serde(default)]
    pub derniere_etape_le: Option<NaiveDate>,
    /// What the case waits for (« en attente de confirmation… »).
    #[serde(default)]
    pub attente: Option<String>,
    /// How its letter is sent (an e-mail ready in `envois/`, or a line of `envois/lrar.csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envoi: Option<super::envois::Envoi>,
    /// Unpaid principal by days past due: 0-30, 31-60, 61-90, > 90.
    #[serde(serialize_with = "json::montants")]
    pub anciennete: [Decimal; 4],
    pub durees_us: Durees,
}

impl Ligne {
    pub fn nouvelle(source: String) -> Self {
        Ligne {
            reference: String::new(),
            source,
            debiteur: String::new(),
            arrete_au: None,
            etape: None,
            documents: 0,
            principal: Decimal::ZERO,
            interets: Decimal::ZERO,
            indemnites: Decimal::ZERO,
            total: Decimal::ZERO,
            devise: "EUR".into(),
            juridiction: None,
            statut: Statut::Erreur,
            erreur: None,
            diagnostics: Vec::new(),
            prochaine_etape: None,
            prochaine_date: None,
            derniere_etape: None,
            derniere_etape_le: None,
            attente: None,
            envoi: None,
            anciennete: [Decimal::ZERO; 4],
            durees_us: Durees::default(),
        }
    }

    pub fn echec(mut self, statut: Statut, erreur: String) -> Self {
        self.statut = statut;
        self.erreur = Some(erreur);
        self
    }

    pub fn avec(mut self, d: Durees) -> Self {
        self.durees_us = d;
        self
    }

    /// Amounts of the décompte and the aged balance at `date`.
    pub fn montants(&mut self, d: &Decompte, date: NaiveDate) {
        self.principal = d.principal;
        self.interets = d.interets;
        self.indemnites = d.indemnites;
        self.total = d.total;
        self.devise = d.devise.clone();
        for f in &d.factures {
            let jours = (date - f.echeance).num_days();
            let i = match jours {
                ..=30 => 0,
                31..=60 => 1,
                61..=90 => 2,
                _ => 3,
            };
            self.anciennete[i] += f.principal;
        }
    }
}

/// Totals of a report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Synthese {
    pub dossiers: usize,
    pub par_statut: BTreeMap<String, usize>,
    /// By step generated: count and total claimed (EUR cases only).
    pub par_etape: BTreeMap<String, (usize, String)>,
    pub anciennete: [String; 4],
    /// Sum claimed by the documents generated (cases with a step).
    pub total_reclame: String,
    /// Sum owed by every open case, with or without a step due.
    pub encours: String,
    pub durees_ms: BTreeMap<String, f64>,
    pub arrete_au: Option<NaiveDate>,
}

pub fn synthese(lignes: &[Ligne]) -> Synthese {
    let mut par_statut = BTreeMap::new();
    let mut etapes: BTreeMap<String, (usize, Decimal)> = BTreeMap::new();
    let mut tranches = [Decimal::ZERO; 4];
    let mut total = Decimal::ZERO;
    let mut encours = Decimal::ZERO;
    let mut durees = [0u64; 4];
    for l in lignes {
        *par_statut.entry(l.statut.code().to_owned()).or_insert(0) += 1;
        if l.devise == "EUR" && !l.statut.est_echec() {
            for (t, a) in tranches.iter_mut().zip(l.anciennete) {
                *t += a;
            }
            encours += l.total;
            if let Some(e) = &l.etape {
                total += l.total;
                let x = etapes.entry(e.clone()).or_default();
                x.0 += 1;
                x.1 += l.total;
            }
        }
        let d = l.durees_us;
        for (acc, v) in durees
            .iter_mut()
            .zip([d.validation, d.calcul, d.rendu, d.bundle])
        {
            *acc += v;
        }
    }
    let durees_ms = ["validation", "calcul", "rendu", "bundle"]
        .iter()
        .zip(durees)
        .map(|(k, us)| ((*k).to_owned(), us as f64 / 1000.0))
        .collect();
    Synthese {
        dossiers: lignes.len(),
        par_statut,
        par_etape: etapes
            .into_iter()
            .map(|(k, (n, t))| (k, (n, deux_decimales(t))))
            .collect(),
        anciennete: tranches.map(deux_decimales),
        total_reclame: deux_decimales(total),
        encours: deux_decimales(encours),
        durees_ms,
        arrete_au: lignes.iter().filter_map(|l| l.arrete_au).max(),
    }
}

/// Writes `rapport.csv`, `rapport.json` and `etat-des-dossiers.pdf` into `dir`, all or
/// nothing.
pub fn ecrire(
    dir: &Path,
    lignes: &[Ligne],
    moteur: &Moteur,
    extra: serde_json::Value,
) -> Result<Synthese, RapportError> {
    let s = synthese(lignes);
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: &dyn std::fmt::Display| RapportError::Etat(e.to_string());
    w.write_record([
        "reference",
        "debiteur",
        "etape",
        "principal",
        "interets",
        "indemnites",
        "total",
        "devise",
        "juridiction",
        "statut",
        "erreur",
        "prochaine_etape",
        "prochaine_date",
        "source",
        "derniere_etape",
        "derniere_etape_le",
        "attente",
    ])
    .map_err(|e| err(&e))?;
    for l in lignes {
        let date = l.prochaine_date.map(|d| d.to_string()).unwrap_or_default();
        let derniere_le = l
            .derniere_etape_le
            .map(|d| d.to_string())
            .unwrap_or_default();
        let montants = [l.principal, l.interets, l.indemnites, l.total].map(deux_decimales);
        let cellules: [&str; 17] = [
            &l.reference,
            &l.debiteur,
            l.etape.as_deref().unwrap_or(""),
            &montants[0],
            &montants[1],
            &montants[2],
            &montants[3],
            &l.devise,
            l.juridiction.as_deref().unwrap_or(""),
            l.statut.code(),
            l.erreur.as_deref().unwrap_or(""),
            l.prochaine_etape.as_deref().unwrap_or(""),
            &date,
            &l.source,
            l.derniere_etape.as_deref().unwrap_or(""),
            &derniere_le,
            l.attente.as_deref().unwrap_or(""),
        ];
        w.write_record(cellules.map(cellule).iter().map(|c| c.as_ref()))
            .map_err(|e| err(&e))?;
    }
    let csv = w.into_inner().map_err(|e| err(&e))?;
    let json =
        serde_json::to_vec_pretty(&json!({"synthese": s, "execution": extra, "dossiers": lignes}))
            .map_err(|e| err(&e))?;
    let pdf = etat_pdf(lignes, &s, moteur).map_err(RapportError::Etat)?;
    // The mailroom's list of registered letters, with the report (all or nothing).
    let envois: Vec<(&str, &super::envois::Envoi)> = lignes
        .iter()
        .filter_map(|l| l.envoi.as_ref().map(|e| (l.reference.as_str(), e)))
        .collect();
    let lrar = super::envois::liste_lrar(&envois).map_err(RapportError::Etat)?;
    let chemin_lrar = format!("{}/{}", super::envois::DOSSIER, super::envois::LISTE_LRAR);
    let mut fichiers: Vec<(&str, &[u8])> = vec![
        ("rapport.csv", &csv),
        ("rapport.json", &json),
        ("etat-des-dossiers.pdf", &pdf),
    ];
    if envois
        .iter()
        .any(|(_, e)| e.mode == super::envois::Mode::Lrar)
    {
        std::fs::create_dir_all(dir.join(super::envois::DOSSIER)).map_err(|source| {
            RapportError::Ecriture {
                dossier: dir.display().to_string(),
                source,
            }
        })?;
        fichiers.push((&chemin_lrar, &lrar));
    }
    crate::sortie::ecrire_ensemble(dir, &fichiers).map_err(|source| RapportError::Ecriture {
        dossier: dir.display().to_string(),
        source,
    })?;
    Ok(s)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// The PDF état des dossiers.
fn etat_pdf(lignes: &[Ligne], s: &Synthese, moteur: &Moteur) -> Result<Vec<u8>, String> {
    let date = s
        .arrete_au
        .unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"));
    let libelle = |e: &str| match e {
        "relance" => "Relances",
        "mise_en_demeure" => "Mises en demeure",
        "injonction" => "Requêtes en injonction de payer",
        "refere" => "Assignations en référé-provision",
        "fond" => "Assignations en paiement",
        "declaration_de_creance" => "Déclarations de créance",
        "petites_creances" => "Procédures de petites créances",
        "echeancier" => "Reconnaissances de dette et échéanciers",
        "saisie_conservatoire" => "Requêtes en saisie conservatoire",
        "creances_incontestees" => "Créances commerciales incontestées",
        "conciliation" => "Demandes de conciliation",
        "mediation" => "Saisines du Médiateur des entreprises",
        "signification_ordonnance" => "Ordonnances à signifier",
        _ => "Autres",
    };
    let tranches: Vec<serde_json::Value> = [
        "0 à 30 jours",
        "31 à 60 jours",
        "61 à 90 jours",
        "plus de 90 jours",
    ]
    .iter()
    .zip(&s.anciennete)
    .map(|(k, v)| json!({"tranche": k, "montant": montant_fr(dec(v))}))
    .collect();
    let data = json!({
        "date": date_longue(date),
        "dossiers": s.dossiers,
        "statuts": s.par_statut.iter().map(|(k, v)| json!({"statut": k.replace('_', " "), "nombre": v})).collect::<Vec<_>>(),
        "etapes": s.par_etape.iter().map(|(k, (n, t))| json!({"etape": libelle(k), "nombre": n, "total": montant_fr(dec(t))})).collect::<Vec<_>>(),
        "anciennete": tranches,
        "total": montant_fr(dec(&s.total_reclame)),
        "encours": montant_fr(dec(&s.encours)),
        "echecs_total": lignes.iter().filter(|l| l.statut.est_echec()).count(),
        // A bounded page count whatever the portfolio: the CSV holds every line.
        "echecs": lignes.iter().filter(|l| l.statut.est_echec()).take(100).map(|l| json!({
            "reference": if l.reference.is_empty() { l.source.clone() } else { l.reference.clone() },
            "statut": l.statut.code(),
            "erreur": l.erreur.clone().unwrap_or_default(),
        })).collect::<Vec<_>>(),
    });
    moteur
        .rendre("etat.typ", &data, "recouvre/etat-des-dossiers", date)
        .map(|r| r.pdf)
        .map_err(|e| e.to_string())
}

/// Reads the lines of a report written by a batch (`rapport.json`).
pub fn lire(dir: &Path) -> Result<Vec<Ligne>, RapportError> {
    let chemin = dir.join("rapport.json");
    let lecture = |message: String| RapportError::Lecture {
        fichier: chemin.display().to_string(),
        message,
    };
    let octets = std::fs::read(&chemin).map_err(|e| lecture(e.to_string()))?;
    #[derive(Deserialize)]
    struct R {
        dossiers: Vec<Ligne>,
    }
    serde_json::from_slice::<R>(&octets)
        .map(|r| r.dossiers)
        .map_err(|e| lecture(format!("rapport illisible ({e})")))
}

/// Merges shard reports: a case present in two of them is an error (a shard given twice,
/// or shards that overlap), never a silent double count.
pub fn fusionner(rapports: Vec<(String, Vec<Ligne>)>) -> Result<Vec<Ligne>, RapportError> {
    let mut vus: BTreeMap<String, String> = BTreeMap::new();
    let mut lignes = Vec::new();
    for (dossier, l) in rapports {
        for ligne in l {
            let cle = if ligne.reference.is_empty() {
                ligne.source.clone()
            } else {
                ligne.reference.clone()
            };
            if let Some(premier) = vus.insert(cle.clone(), dossier.clone()) {
                return Err(RapportError::Doublon {
                    reference: cle,
                    premier,
                    second: dossier,
                });
            }
            lignes.push(ligne);
        }
    }
    lignes.sort_by(|a, b| (&a.reference, &a.source).cmp(&(&b.reference, &b.source)));
    Ok(lignes)
}

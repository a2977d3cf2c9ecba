//! `recouvre check CASE...`: every problem of every case, at once.

use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;

use super::{afficher, date_arrete, lire, nom_dossier, parse_date, ECHEC, OK, USAGE};
use crate::diagnostic::Diagnostic;
use crate::law::juridictions::{Certitude, Competence};
use crate::law::TablesLoi;

#[derive(clap::Args)]
pub struct Args {
    /// Fichiers de dossier (.toml ou .json)
    #[arg(required = true, value_name = "CASE")]
    fichiers: Vec<PathBuf>,
    /// Date de calcul (AAAA-MM-JJ) ; à défaut arrete_au du dossier, sinon aujourd'hui
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Option<NaiveDate>,
    /// Sortie JSON (un objet par dossier) sur la sortie standard
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct RapportJson {
    fichier: String,
    reference: Option<String>,
    arrete_au: Option<NaiveDate>,
    erreurs: usize,
    avertissements: usize,
    diagnostics: Vec<Diagnostic>,
    /// The court a judicial step would go to, and how sure it is (CPC 42, 1406).
    #[serde(skip_serializing_if = "Option::is_none")]
    juridiction: Option<JuridictionJson>,
}

#[derive(Serialize)]
struct JuridictionJson {
    nom: String,
    #[serde(rename = "type")]
    type_: crate::model::TypeJuridiction,
    /// Named by `[juridiction]` rather than from the court data.
    designee: bool,
    /// `certaine`, `deduite` or `indeterminee`.
    certitude: Certitude,
    /// The possible courts when undetermined.
    possibles: Vec<String>,
    /// Why the court is not certain (the documents stay PROJET).
    #[serde(skip_serializing_if = "Option::is_none")]
    motif: Option<String>,
    /// How the debtor's commune was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    commune: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cour_appel: Option<String>,
    /// The commune(s) and every court the data gives for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    competence: Option<Competence>,
}

impl JuridictionJson {
    fn de(t: crate::plan::Tribunal) -> Self {
        JuridictionJson {
            nom: t.nom(),
            type_: t.type_,
            designee: t.designe,
            certitude: t.certitude,
            possibles: t.possibles.iter().map(|p| p.nom.clone()).collect(),
            motif: t.motif,
            commune: t.competence.as_ref().map(|c| c.explication()),
            cour_appel: t.competence.as_ref().and_then(|c| c.cour_appel.clone()),
            competence: t.competence,
        }
    }
}

pub fn run(args: &Args, tables: &TablesLoi) -> i32 {
    let mut code = OK;
    let mut rapports = Vec::new();
    for fichier in &args.fichiers {
        let lu = match lire(fichier) {
            Ok(lu) => lu,
            Err((c, diag)) => {
                code = code.max(c);
                if args.json {
                    rapports.push(RapportJson {
                        fichier: fichier.display().to_string(),
                        reference: None,
                        arrete_au: None,
                        erreurs: 1,
                        avertissements: 0,
                        diagnostics: vec![diag],
                        juridiction: None,
                    });
                }
                continue;
            }
        };
        let arrete = date_arrete(args.at, &lu);
        let diags = crate::pipeline::verifier(&lu, arrete, tables).diagnostics;
        let nom = nom_dossier(&lu);
        let erreurs = diags.iter().filter(|d| d.est_erreur()).count();
        let avertissements = diags.len() - erreurs;
        for d in &diags {
            afficher(d, &nom);
        }
        if erreurs > 0 {
            code = code.max(ECHEC);
        }
        if args.json {
            rapports.push(RapportJson {
                fichier: fichier.display().to_string(),
                reference: Some(lu.dossier.reference.clone()),
                arrete_au: Some(arrete),
                erreurs,
                avertissements,
                diagnostics: diags,
                juridiction: Some(JuridictionJson::de(crate::plan::tribunal(
                    &lu.dossier,
                    arrete,
                    tables,
                ))),
            });
        } else {
            let bilan = match (erreurs, avertissements) {
                (0, 0) => "valide".to_owned(),
                (0, a) => format!("valide, {a} avertissement{}", pluriel(a)),
                (e, a) => format!("{e} erreur{}, {a} avertissement{}", pluriel(e), pluriel(a)),
            };
            println!("{nom} : {bilan} (arrêté au {arrete})");
        }
    }
    if args.json {
        match serde_json::to_string_pretty(&rapports) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("erreur : {e}");
                return USAGE;
            }
        }
    }
    code
}

fn pluriel(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

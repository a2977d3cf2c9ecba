//! `recouvre check CASE...`: every problem of every case, at once.

use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;

use super::{afficher, aujourdhui, parse_date, terminal, ECHEC, OK, USAGE};
use crate::diagnostic::Diagnostic;
use crate::law::juridictions::{Certitude, Competence};
use crate::law::TablesLoi;
use crate::pipeline::{traiter_protege, Contexte, Entree, Issue, Jusqua, Sans};

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
    /// The step `build` would produce, and what its documents still need.
    #[serde(skip_serializing_if = "Option::is_none")]
    etape: Option<EtapeJson>,
}

/// The step due and what it still needs: every PROJET reason of its documents, or why the
/// law refuses it.
#[derive(Serialize)]
struct EtapeJson {
    voie: Option<&'static str>,
    /// One line per missing datum, over all the step's documents (deduplicated).
    a_completer: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refus: Option<String>,
}

fn etape(t: &crate::pipeline::Traitement, tables: &TablesLoi) -> Option<EtapeJson> {
    let (lu, decompte, arrete) = (t.lu.as_ref()?, t.decompte.as_ref()?, t.arrete?);
    if t.erreurs().count() > 0 {
        return None;
    }
    Some(
        match crate::plan::planifier(&lu.dossier, decompte, arrete, tables) {
            Ok(plan) => {
                let mut a_completer: Vec<String> = Vec::new();
                for m in plan.documents.iter().flat_map(|d| d.projet.iter()) {
                    if !a_completer.contains(m) {
                        a_completer.push(m.clone());
                    }
                }
                EtapeJson {
                    voie: Some(plan.voie.code()),
                    a_completer,
                    refus: None,
                }
            }
            Err(r) => EtapeJson {
                voie: None,
                a_completer: Vec::new(),
                refus: Some(format!("{} ({})", r.message, r.aide)),
            },
        },
    )
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
    let ctx = Contexte::nouveau(tables, None, None, args.at, aujourdhui());
    let mut code = OK;
    let mut rapports = Vec::new();
    for fichier in &args.fichiers {
        let source = fichier.display().to_string();
        let t = traiter_protege(Entree::Fichier(fichier), &ctx, Jusqua::Controle, &mut Sans);
        let nom = terminal(&t.nom(&source)).into_owned();
        for d in &t.diagnostics {
            afficher(d, &nom);
        }
        let erreurs = t.erreurs().count();
        let avertissements = t.diagnostics.len() - erreurs;
        code = code.max(match t.issue {
            Issue::Illisible => USAGE,
            _ if erreurs > 0 => ECHEC,
            _ => OK,
        });
        let etape = etape(&t, tables);
        if args.json {
            rapports.push(RapportJson {
                fichier: source,
                reference: t.lu.as_ref().map(|l| l.dossier.reference.clone()),
                arrete_au: t.lu.as_ref().and(t.arrete),
                erreurs,
                avertissements,
                juridiction: t.lu.as_ref().zip(t.arrete).map(|(lu, arrete)| {
                    JuridictionJson::de(crate::plan::tribunal(&lu.dossier, arrete, tables))
                }),
                diagnostics: t.diagnostics,
                etape,
            });
        } else if let (Some(_), Some(arrete)) = (&t.lu, t.arrete) {
            let bilan = match (erreurs, avertissements) {
                (0, 0) => "valide".to_owned(),
                (0, a) => format!("valide, {a} avertissement{}", pluriel(a)),
                (e, a) => format!("{e} erreur{}, {a} avertissement{}", pluriel(e), pluriel(a)),
            };
            println!("{nom} : {bilan} (arrêté au {arrete})");
            match etape {
                Some(EtapeJson {
                    voie: Some(voie),
                    a_completer,
                    ..
                }) => {
                    if a_completer.is_empty() {
                        println!("  étape : {voie}, documents complets");
                    } else {
                        println!("  étape : {voie}, à compléter (sinon PROJET) :");
                        for m in a_completer {
                            println!("    - {}", terminal(&m));
                        }
                    }
                }
                Some(EtapeJson { refus: Some(r), .. }) => {
                    println!("  étape refusée : {}", terminal(&r))
                }
                _ => {}
            }
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

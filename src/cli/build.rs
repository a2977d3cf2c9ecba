//! `recouvre build CASE... --out DIR [--at DATE]`: the documents of each case in
//! `DIR/<reference>/`, written atomically; a case that fails never stops the others.

use chrono::NaiveDate;
use std::path::PathBuf;

use super::check::diagnostics;
use super::{afficher, date_arrete, lire, nom_dossier, parse_date, ECHEC, OK, USAGE};
use crate::bundle::{self, Versions};
use crate::diagnostic::Diagnostic;
use crate::ingest::pieces::{lire_pieces, octets_piece};
use crate::ingest::DossierLu;
use crate::law::{self, TablesLoi};
use crate::plan;
use crate::render::{self, DocumentRendu, Moteur};

#[derive(clap::Args)]
pub struct Args {
    /// Fichiers de dossier (.toml ou .json)
    #[arg(required = true, value_name = "CASE")]
    fichiers: Vec<PathBuf>,
    /// Dossier de sortie : les documents de chaque dossier vont dans DIR/<reference>/
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Date des documents et du décompte (AAAA-MM-JJ) ; à défaut arrete_au, sinon aujourd'hui
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Option<NaiveDate>,
    /// Dossier de modèles Typst qui remplacent ceux intégrés (papier à en-tête, signature, logo)
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

/// What a case produced, or why it did not.
pub enum Issue {
    Construit {
        dossier: String,
        documents: Vec<DocumentRendu>,
        /// `(file name, zip bytes)` for the commissaire and the avocat.
        bundles: Vec<(String, Vec<u8>)>,
        avertissements: Vec<Diagnostic>,
    },
    Refuse {
        diagnostics: Vec<Diagnostic>,
    },
}

/// Validates, computes, plans and renders one case, writing nothing.
pub fn construire(lu: &DossierLu, arrete: NaiveDate, tables: &TablesLoi, moteur: &Moteur) -> Issue {
    let diags = diagnostics(lu, arrete, tables);
    let (erreurs, avertissements): (Vec<_>, Vec<_>) =
        diags.into_iter().partition(|d| d.est_erreur());
    if !erreurs.is_empty() {
        return Issue::Refuse {
            diagnostics: erreurs,
        };
    }
    let resultat = match law::calculer(&lu.dossier, arrete, tables) {
        Ok(r) => r,
        Err(e) => return Issue::Refuse { diagnostics: e },
    };
    let plan = match plan::planifier(&lu.dossier, &resultat.decompte, arrete, tables) {
        Ok(p) => p,
        Err(r) => {
            return Issue::Refuse {
                diagnostics: vec![Diagnostic::erreur(
                    "",
                    format!("démarche refusée : {}", r.message),
                )
                .aide(r.aide)],
            }
        }
    };
    let pieces = match lire_pieces(&lu.dossier, &lu.racine) {
        Ok(p) => p,
        Err(e) => return Issue::Refuse { diagnostics: e },
    };
    let documents = match render::rendre_dossier(moteur, &lu.dossier, &resultat.decompte, &plan, &pieces) {
        Ok(d) => d,
        Err(e) => {
            return Issue::Refuse {
                diagnostics: vec![Diagnostic::erreur("", e.to_string()).aide(
                    "vérifiez les modèles (--templates) ; avec les modèles intégrés, signalez le problème avec le dossier",
                )],
            }
        }
    };
    let mut avec_octets = Vec::with_capacity(pieces.len());
    for p in pieces {
        match octets_piece(&p) {
            Ok(o) => avec_octets.push((p, o)),
            Err(d) => {
                return Issue::Refuse {
                    diagnostics: vec![d],
                }
            }
        }
    }
    let versions = Versions {
        recouvre: env!("CARGO_PKG_VERSION").to_owned(),
        lois: tables.version(),
        modeles: format!("{} ({})", render::VERSION_TEMPLATES, moteur.origine),
    };
    match bundle::bundles(
        &lu.dossier,
        &resultat.decompte,
        &documents,
        &avec_octets,
        arrete,
        &versions,
    ) {
        Ok(bundles) => Issue::Construit {
            dossier: lu.dossier.reference.clone(),
            documents,
            bundles,
            avertissements,
        },
        Err(e) => Issue::Refuse {
            diagnostics: vec![Diagnostic::erreur(
                "",
                format!("assemblage des bundles impossible : {e}"),
            )],
        },
    }
}

pub fn run(args: &Args, tables: &TablesLoi) -> i32 {
    let moteur = match Moteur::new(args.templates.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("erreur : {e}");
            return USAGE;
        }
    };
    let mut code = OK;
    for fichier in &args.fichiers {
        let lu = match lire(fichier) {
            Ok(lu) => lu,
            Err(_) => {
                // An unreadable case is a failed case: the others still build.
                code = code.max(ECHEC);
                continue;
            }
        };
        let nom = nom_dossier(&lu);
        let arrete = date_arrete(args.at, &lu);
        match construire(&lu, arrete, tables, &moteur) {
            Issue::Refuse { diagnostics } => {
                for d in &diagnostics {
                    afficher(d, &nom);
                }
                eprintln!("{nom} : rien n'a été écrit");
                code = code.max(ECHEC);
            }
            Issue::Construit {
                dossier,
                documents,
                bundles,
                avertissements,
            } => {
                for d in &avertissements {
                    afficher(d, &nom);
                }
                match crate::sortie::ecrire_dossier(&args.out, &dossier, &documents, &bundles) {
                    Ok(dir) => {
                        println!(
                            "{nom} : {} documents dans {}",
                            documents.len(),
                            dir.display()
                        );
                        for d in &documents {
                            println!(
                                "  {}  {}{}",
                                d.fichier,
                                d.titre,
                                if d.projet {
                                    " (PROJET : données à compléter)"
                                } else {
                                    ""
                                }
                            );
                        }
                        for (nom, octets) in &bundles {
                            println!(
                                "  {}  bundle BagIt ({} octets)",
                                args.out.join(nom).display(),
                                octets.len()
                            );
                        }
                    }
                    Err(e) => {
                        eprintln!(
                            "erreur : {nom} : écriture impossible dans {} ({e})",
                            args.out.display()
                        );
                        code = code.max(ECHEC);
                    }
                }
            }
        }
    }
    code
}

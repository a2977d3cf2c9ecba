//! `recouvre build CASE... --out DIR [--at DATE]`: the documents of each case in
//! `DIR/<reference>/`, written atomically; a case that fails never stops the others.

use chrono::NaiveDate;
use std::path::PathBuf;

use super::{afficher, date_arrete, lire, nom_dossier, parse_date, ECHEC, OK, USAGE};
use crate::diagnostic::Diagnostic;
use crate::ingest::pieces::lire_pieces;
use crate::ingest::DossierLu;
use crate::law::TablesLoi;
use crate::pipeline;
use crate::plan;
use crate::render::{DocumentRendu, Moteur};

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

/// Validates, computes, plans, renders and bundles one case, writing nothing.
pub fn construire(lu: &DossierLu, arrete: NaiveDate, tables: &TablesLoi, moteur: &Moteur) -> Issue {
    let refuse = |diagnostics| Issue::Refuse { diagnostics };
    let verifie = pipeline::verifier(lu, arrete, tables);
    let erreurs = verifie.erreurs();
    let avertissements = verifie.avertissements();
    let Some(resultat) = verifie.resultat.filter(|_| erreurs.is_empty()) else {
        return refuse(erreurs);
    };
    let decompte = &resultat.decompte;
    let plan = match plan::planifier(&lu.dossier, decompte, arrete, tables) {
        Ok(p) => p,
        Err(r) => return refuse(vec![pipeline::refus(r)]),
    };
    let pieces = match lire_pieces(&lu.dossier, &lu.racine) {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let documents = match pipeline::rendre(moteur, lu, decompte, &plan, &pieces) {
        Ok(d) => d,
        Err(e) => return refuse(e),
    };
    let versions = pipeline::versions(tables, moteur);
    match pipeline::emballer(lu, decompte, &documents, &pieces, arrete, &versions) {
        Ok(bundles) => Issue::Construit {
            dossier: lu.dossier.reference.clone(),
            documents,
            bundles,
            avertissements,
        },
        Err(e) => refuse(e),
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

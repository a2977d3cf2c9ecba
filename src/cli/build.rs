//! `recouvre build CASE... --out DIR [--at DATE]`: the documents of each case in
//! `DIR/<reference>/`, written atomically; a case that fails never stops the others.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

use super::check::diagnostics;
use super::{afficher, date_arrete, lire, nom_dossier, parse_date, ECHEC, OK, USAGE};
use crate::diagnostic::Diagnostic;
use crate::ingest::pieces::lire_pieces;
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
    match render::rendre_dossier(moteur, &lu.dossier, &resultat.decompte, &plan, &pieces) {
        Ok(documents) => Issue::Construit {
            dossier: lu.dossier.reference.clone(),
            documents,
            avertissements,
        },
        Err(e) => Issue::Refuse {
            diagnostics: vec![Diagnostic::erreur("", e.to_string()).aide(
                "vérifiez les modèles (--templates) ; avec les modèles intégrés, signalez le problème avec le dossier",
            )],
        },
    }
}

/// Writes a case's documents to `out/<reference>/` atomically: into a temporary folder,
/// then renamed; an earlier output is replaced only once the new one is complete.
pub fn ecrire(
    out: &Path,
    reference: &str,
    documents: &[DocumentRendu],
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(out)?;
    let final_ = out.join(reference);
    let tmp = out.join(format!(".{reference}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    let ecrit = (|| {
        for d in documents {
            std::fs::write(tmp.join(&d.fichier), &d.pdf)?;
        }
        if final_.exists() {
            let ancien = out.join(format!(".{reference}.old-{}", std::process::id()));
            std::fs::rename(&final_, &ancien)?;
            std::fs::rename(&tmp, &final_)?;
            std::fs::remove_dir_all(&ancien)?;
        } else {
            std::fs::rename(&tmp, &final_)?;
        }
        Ok(())
    })();
    if ecrit.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    ecrit.map(|_| final_)
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
                avertissements,
            } => {
                for d in &avertissements {
                    afficher(d, &nom);
                }
                match ecrire(&args.out, &dossier, &documents) {
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

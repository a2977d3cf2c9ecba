//! `recouvre build CASE... --out DIR [--at DATE]`: the documents of each case in
//! `DIR/<reference>/`, written atomically; a case that fails never stops the others.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{afficher, aujourdhui, parse_date, terminal, ECHEC, OK, USAGE};
use crate::diagnostic::Diagnostic;
use crate::law::TablesLoi;
use crate::pipeline::{traiter_protege, Contexte, Entree, Issue, Jusqua, Sans};
use crate::render::Moteur;

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
    /// Registre à lire (faits fusionnés dans l'historique) et où noter l'étape produite ;
    /// sans lui, `build` n'utilise aucun registre
    #[arg(long, env = "RECOUVRE_REGISTRE", value_name = "CHEMIN|URL")]
    registre: Option<String>,
}

pub fn run(args: &Args, tables: &TablesLoi) -> i32 {
    let moteur = match Moteur::new(args.templates.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("erreur : {e}");
            return USAGE;
        }
    };
    let (registre, memoire) = match args.registre.as_deref().filter(|r| !r.trim().is_empty()) {
        None => (None, None),
        Some(r) => match super::batch::charger_registre(r) {
            Ok((r, m)) => (Some(std::sync::Mutex::new(r)), Some(m)),
            Err(e) => {
                eprintln!("erreur : {}", terminal(&e));
                return USAGE;
            }
        },
    };
    let mut ctx = Contexte::nouveau(tables, Some(&moteur), None, args.at, aujourdhui());
    if let Some(m) = &memoire {
        ctx = ctx.avec_registre(m);
    }
    let mut code = OK;
    // A reference names the outputs: a second case with the same one must not replace the
    // first's.
    let mut ecrits: BTreeMap<String, String> = BTreeMap::new();
    for fichier in &args.fichiers {
        let source = fichier.display().to_string();
        let mut t = traiter_protege(Entree::Fichier(fichier), &ctx, Jusqua::Documents, &mut Sans);
        let nom = terminal(&t.nom(&source)).into_owned();
        if let Some(premier) = t.lu.as_ref().and_then(|l| ecrits.get(&l.dossier.reference)) {
            t.diagnostics.push(
                Diagnostic::erreur(
                    "reference",
                    format!("référence déjà utilisée par {premier} dans cette commande"),
                )
                .aide(
                    "donnez à chaque dossier sa propre référence : elle nomme le dossier de sortie",
                ),
            );
            t.issue = Issue::Refuse;
        }
        for d in &t.diagnostics {
            afficher(d, &nom);
        }
        match t.issue {
            Issue::Construit => {}
            Issue::Illisible => {
                code = code.max(ECHEC);
                continue;
            }
            _ => {
                eprintln!("{nom} : rien n'a été écrit");
                code = code.max(ECHEC);
                continue;
            }
        }
        let reference =
            t.lu.as_ref()
                .map(|l| l.dossier.reference.clone())
                .unwrap_or_default();
        match crate::sortie::ecrire_dossier(&args.out, &reference, &t.documents, &t.bundles) {
            Ok(dir) => {
                ecrits.insert(reference.clone(), source.clone());
                let sortie = crate::batch::Sortie::de(&reference, &t);
                if let Err(d) = crate::batch::noter_etape(&ctx, registre.as_ref(), &t, &sortie) {
                    afficher(&d, &nom);
                    code = code.max(ECHEC);
                }
                println!(
                    "{nom} : {} documents dans {}",
                    t.documents.len(),
                    dir.display()
                );
                for d in &t.documents {
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
                for (nom, octets) in &t.bundles {
                    println!(
                        "  {}  bundle BagIt ({} octets)",
                        dir.join(nom).display(),
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
    code
}

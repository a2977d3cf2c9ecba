//! `recouvre serve [SRC]`: the web workspace over a portfolio, on loopback, with a token.

use chrono::NaiveDate;
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use super::{parse_date, terminal, USAGE};
use crate::law::TablesLoi;
use crate::serve::{Config, Serveur};

#[derive(clap::Args)]
pub struct Args {
    /// Portefeuille : dossier de fichiers de dossier (.toml, .json), un fichier de dossier ou un CSV groupé
    #[arg(value_name = "SRC", default_value = ".")]
    src: PathBuf,
    /// Port d'écoute (0 : un port libre, affiché au démarrage)
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Adresse d'écoute ; par défaut la boucle locale, inaccessible depuis le réseau
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    bind: IpAddr,
    /// Dossier où « Construire l'étape » écrit les documents (par défaut SRC/sortie)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Date des calculs et des documents (AAAA-MM-JJ) ; à défaut arrete_au, sinon aujourd'hui
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Option<NaiveDate>,
    /// Dossier de modèles Typst qui remplacent ceux intégrés (comme pour build)
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Registre (fichier SQLite ou URL postgres://) ; par défaut SRC/registre.sqlite s'il existe
    #[arg(long, env = "RECOUVRE_REGISTRE", value_name = "CHEMIN|URL")]
    registre: Option<String>,
}

pub fn run(args: &Args, tables: TablesLoi) -> i32 {
    let config = Config {
        src: args.src.clone(),
        out: args.out.clone(),
        bind: args.bind,
        port: args.port,
        at: args.at,
        templates: args.templates.clone(),
        registre: args.registre.clone(),
    };
    let serveur = match Serveur::lier(config, tables) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("erreur : {}", terminal(&e.to_string()));
            return USAGE;
        }
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "attention : --bind {} rend l'espace de travail joignable depuis le réseau ; seul le jeton le protège",
            args.bind
        );
    }
    println!(
        "recouvre serve : portefeuille {}, documents dans {}",
        terminal(&args.src.display().to_string()),
        terminal(&serveur.sortie().display().to_string())
    );
    println!("Ouvrez : {}", serveur.url());
    let _ = std::io::stdout().flush();
    match serveur.executer() {
        Ok(()) => super::OK,
        Err(e) => {
            eprintln!("erreur : {e}");
            super::ECHEC
        }
    }
}

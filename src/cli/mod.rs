//! The command line: the only place that prints, exits or reads the clock.
//!
//! Exit codes (DESIGN.md): 0 success (warnings allowed), 1 a case is invalid or a computation
//! failed, 2 usage or input/output problem.

mod batch;
mod build;
mod check;
mod decompte;
mod delai;
pub(crate) mod import;
mod init;
mod registre;
mod serve;
mod verify;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Gravite};
use crate::law::TablesLoi;

pub const OK: i32 = 0;
pub const ECHEC: i32 = 1;
pub const USAGE: i32 = 2;

#[derive(Parser)]
#[command(
    name = "recouvre",
    version,
    about = "Dossiers de recouvrement de créances : contrôle, décompte, délais",
    long_about = "recouvre transforme les données d'un dossier d'impayés en dossier de recouvrement : \
                  contrôle du fichier, décompte des intérêts et indemnités au centime, délais de procédure."
)]
struct Cli {
    /// Dossier de tables de droit (taux-legal.toml, bce.toml, parametres.toml) qui complète ou
    /// remplace les tables intégrées
    #[arg(long, global = true, env = "RECOUVRE_LAW", value_name = "DIR")]
    law: Option<PathBuf>,
    #[command(subcommand)]
    commande: Commande,
}

#[derive(Subcommand)]
enum Commande {
    /// Contrôle un ou plusieurs fichiers de dossier et liste tous les problèmes
    Check(check::Args),
    /// Calcule le décompte de la créance à une date
    Decompte(decompte::Args),
    /// Produit les documents de chaque dossier (PDF/A) dans DIR/<reference>/
    Build(build::Args),
    /// Traite tout un portefeuille : l'étape due de chaque dossier, en parallèle, avec un rapport
    Batch(batch::Args),
    /// Fusionne les rapports de plusieurs lots (shards) en un seul
    Report(batch::ArgsReport),
    /// Calcule le dernier jour d'un délai de procédure (CPC 640 à 642)
    Delai(delai::Args),
    /// Registre des dossiers : faits enregistrés (paiements, envois, ordonnances…), historique, échéances
    Registre(registre::Args),
    /// Vérifie des bundles (ZIP ou dossier décompressé) : empreintes, manifestes, fichiers en trop
    Verify(verify::Args),
    /// Lit des factures électroniques (UBL, CII, Factur-X), un FEC ou un CSV et écrit les dossiers
    Import(import::Args),
    /// Écrit un dossier d'exemple complet, avec ses pièces, pour démarrer
    Init(init::Args),
    /// Espace de travail web local sur un portefeuille (adresse avec jeton d'accès)
    Serve(serve::Args),
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { USAGE } else { OK };
        }
    };
    let tables = || -> Result<TablesLoi, i32> {
        let t = TablesLoi::embarquees().map_err(|e| {
            eprintln!("erreur : tables intégrées illisibles : {e}");
            USAGE
        })?;
        match &cli.law {
            Some(dir) => t.avec_surcharge(dir).map_err(|e| {
                eprintln!("erreur : {e}\n  aide : {}", e.aide());
                USAGE
            }),
            None => Ok(t),
        }
    };
    match &cli.commande {
        Commande::Check(a) => tables().map_or_else(|c| c, |t| check::run(a, &t)),
        Commande::Decompte(a) => tables().map_or_else(|c| c, |t| decompte::run(a, &t)),
        Commande::Build(a) => tables().map_or_else(|c| c, |t| build::run(a, &t)),
        Commande::Batch(a) => tables().map_or_else(|c| c, |t| batch::run(a, &t)),
        Commande::Report(a) => batch::run_report(a),
        Commande::Delai(a) => delai::run(a),
        Commande::Import(a) => import::run(a),
        Commande::Init(a) => init::run(a),
        Commande::Verify(a) => verify::run(a),
        Commande::Serve(a) => tables().map_or_else(|c| c, |t| serve::run(a, t)),
        Commande::Registre(a) => tables().map_or_else(|c| c, |t| registre::run(a, &t)),
    }
}

/// Parses `--at`.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::model::de::parse_date(s)
}

/// Today, for a computation date neither `--at` nor the case gives (the CLI reads the
/// clock; the library never does).
fn aujourdhui() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `text` safe for a terminal: control characters (escape sequences), bidirectional
/// controls and line separators from data are shown as `\u{1b}`, never sent raw.
pub(crate) fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    crate::validate::texte::rendre_visible(text)
}

/// `erreur : dossier 2026-0042 (fichier) › chemin : message` + hint, terminal-safe: the
/// message and the names come from data.
fn afficher(diag: &Diagnostic, dossier: &str) {
    let g = match diag.gravite {
        Gravite::Erreur => "erreur",
        Gravite::Avertissement => "avertissement",
    };
    let lieu = if diag.chemin.is_empty() {
        dossier.to_owned()
    } else {
        format!("{dossier} › {}", diag.chemin)
    };
    eprintln!("{g} : {} : {}", terminal(&lieu), terminal(&diag.message));
    if let Some(a) = &diag.aide {
        let lignes: Vec<_> = a.split('\n').map(terminal).collect();
        eprintln!("  aide : {}", lignes.join("\n  "));
    }
}

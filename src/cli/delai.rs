//! `recouvre delai DATE DURATION [--departement NN]` (CPC 640-642).

use chrono::NaiveDate;

use super::{parse_date, ECHEC, OK};
use crate::format::date_longue;
use crate::law::calendrier::{self, Duree, Zone};

#[derive(clap::Args)]
pub struct Args {
    /// Date de départ : l'acte, l'événement ou la notification qui fait courir le délai
    #[arg(value_parser = parse_date, value_name = "DATE")]
    depart: NaiveDate,
    /// Durée : 15j (jours), 1m (mois), 2a (ans)
    #[arg(value_parser = parse_duree, value_name = "DURATION")]
    duree: Duree,
    /// Département du siège de la juridiction (57, 67, 68 : jours fériés d'Alsace-Moselle)
    #[arg(long, value_name = "NN")]
    departement: Option<String>,
}

fn parse_duree(s: &str) -> Result<Duree, String> {
    s.parse()
}

pub fn run(args: &Args) -> i32 {
    let zone = args
        .departement
        .as_deref()
        .map(Zone::du_departement)
        .unwrap_or(Zone::Metropole);
    if let Some(dep) = &args.departement {
        if dep.starts_with("97") || dep.starts_with("98") {
            eprintln!("avertissement : les jours fériés propres à l'outre-mer (C. trav. L3422-2) ne sont pas pris en compte ; seuls ceux de métropole le sont");
        }
    }
    let Some(d) = calendrier::delai(args.depart, args.duree, zone) else {
        eprintln!("erreur : délai hors du calendrier");
        return ECHEC;
    };
    println!("{}", d.dernier_jour);
    eprintln!(
        "Délai de {} à compter du {} : terme le {}{}",
        d.duree,
        date_longue(d.depart),
        date_longue(d.terme),
        if zone == Zone::AlsaceMoselle {
            " (calendrier d'Alsace-Moselle)"
        } else {
            ""
        }
    );
    for (jour, motif) in &d.reports {
        eprintln!("  {} : {motif}, jour non ouvrable", date_longue(*jour));
    }
    if !d.reports.is_empty() {
        eprintln!(
            "Prorogé au premier jour ouvrable suivant (CPC art. 642) : {}",
            date_longue(d.dernier_jour)
        );
    }
    OK
}

//! `recouvre decompte CASE [--at DATE] [--json]`.

use chrono::NaiveDate;
use std::fmt::Write;
use std::path::PathBuf;

use super::{afficher, aujourdhui, parse_date, terminal, ECHEC, OK, USAGE};
use crate::format::{date_fr, date_longue, montant_devise, taux_fr};
use crate::law::{Decompte, TablesLoi};
use crate::model::ModeInterets;
use crate::pipeline::{traiter, Contexte, Entree, Issue, Jusqua, Sans};

#[derive(clap::Args)]
pub struct Args {
    /// Fichier de dossier (.toml ou .json)
    #[arg(value_name = "CASE")]
    fichier: PathBuf,
    /// Date d'arrêté du décompte (AAAA-MM-JJ) ; à défaut arrete_au du dossier, sinon aujourd'hui
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Option<NaiveDate>,
    /// Sortie JSON (le contrat de DESIGN.md) au lieu du tableau
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args, tables: &TablesLoi) -> i32 {
    let ctx = Contexte::nouveau(tables, None, None, args.at, aujourdhui());
    let source = args.fichier.display().to_string();
    let t = traiter(
        Entree::Fichier(&args.fichier),
        &ctx,
        Jusqua::Decompte,
        &mut Sans,
    );
    let nom = terminal(&t.nom(&source)).into_owned();
    for d in &t.diagnostics {
        afficher(d, &nom);
    }
    let (Some(decompte), Some(lu), false) = (&t.decompte, &t.lu, t.a_des_erreurs()) else {
        return if t.issue == Issue::Illisible {
            USAGE
        } else {
            ECHEC
        };
    };
    if args.json {
        match serde_json::to_string_pretty(decompte) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("erreur : {e}");
                return USAGE;
            }
        }
    } else {
        // Invoice numbers and names come from data: escaped, line by line.
        for ligne in tableau(decompte, &lu.dossier).lines() {
            println!("{}", super::terminal(ligne));
        }
    }
    OK
}

/// The readable French statement of account.
pub fn tableau(d: &Decompte, dossier: &crate::model::Dossier) -> String {
    let m = |x| montant_devise(x, &d.devise);
    let mut s = String::new();
    let _ = writeln!(s, "DÉCOMPTE DE CRÉANCE — dossier {}", d.reference);
    let _ = writeln!(
        s,
        "{} contre {}",
        dossier.creancier.nom_complet(),
        dossier.debiteur.nom_complet()
    );
    let _ = writeln!(s, "Arrêté au {}", date_longue(d.arrete_au));
    let _ = writeln!(s);
    for f in &d.factures {
        let _ = writeln!(
            s,
            "Facture {} du {}, échéance {} — montant {}",
            f.numero,
            date_fr(f.date),
            date_fr(f.echeance),
            m(f.montant)
        );
        if !f.periodes.is_empty() {
            let _ = writeln!(
                s,
                "  {:<10}  {:<10}  {:>5}  {:>9}  {:>16}  {:>14}",
                "du", "au", "jours", "taux", "assiette", "intérêts"
            );
            for p in &f.periodes {
                let _ = writeln!(
                    s,
                    "  {:<10}  {:<10}  {:>5}  {:>9}  {:>16}  {:>14}",
                    date_fr(p.du),
                    date_fr(p.au),
                    p.jours,
                    taux_fr(p.taux),
                    m(p.assiette),
                    m(p.interets)
                );
            }
        } else if d.mode_interets != ModeInterets::Aucun {
            let _ = writeln!(s, "  aucun intérêt couru");
        }
        for i in &f.imputations {
            let _ = writeln!(
                s,
                "  paiement du {} : {} imputés, dont {} sur les intérêts et {} sur le principal",
                date_fr(i.date),
                m(i.montant),
                m(i.sur_interets),
                m(i.sur_principal)
            );
        }
        let _ = writeln!(
            s,
            "  reste dû : principal {} · intérêts {}{}",
            m(f.principal),
            m(f.interets),
            if f.indemnite.is_zero() {
                String::new()
            } else {
                format!(" · indemnité forfaitaire {}", m(f.indemnite))
            }
        );
        let _ = writeln!(s);
    }
    for n in &d.non_exigibles {
        let _ = writeln!(
            s,
            "Facture {} (échéance {}, {}) : non échue à l'arrêté, non réclamée",
            n.numero,
            date_fr(n.echeance),
            m(n.montant)
        );
    }
    if !d.non_exigibles.is_empty() {
        let _ = writeln!(s);
    }
    let lignes = [
        ("Principal restant dû", d.principal),
        ("Intérêts", d.interets),
        ("Indemnités forfaitaires", d.indemnites),
        (
            if d.taux_clause_penale.is_some() {
                "Clause pénale"
            } else {
                "Clause pénale (aucune)"
            },
            d.clause_penale,
        ),
    ];
    let _ = writeln!(s, "RÉCAPITULATIF");
    for (l, v) in lignes {
        let _ = writeln!(s, "  {l:<28}{:>18}", m(v));
    }
    let _ = writeln!(s, "  {:<28}{:>18}", "TOTAL DÛ", m(d.total));
    let _ = writeln!(s);
    let _ = writeln!(s, "Méthode de calcul : {}", d.methode);
    s
}

//! `recouvre decompte CASE [--at DATE] [--json]`.

use chrono::NaiveDate;
use std::fmt::Write;
use std::path::PathBuf;

use super::{afficher, date_arrete, lire, nom_dossier, parse_date, ECHEC, OK, USAGE};
use crate::diagnostic::Portee;
use crate::format::{date_fr, date_longue, montant_devise, taux_fr};
use crate::law::{self, Decompte, TablesLoi};
use crate::model::ModeInterets;
use crate::validate::{self, Contexte};

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
    let lu = match lire(&args.fichier) {
        Ok(lu) => lu,
        Err((code, _)) => return code,
    };
    let nom = nom_dossier(&lu);
    let arrete = date_arrete(args.at, &lu);
    // The décompte needs only what the computation needs: no addresses, no exhibits.
    let ctx = Contexte {
        arrete,
        tables,
        existe: None,
    };
    let diags: Vec<_> = validate::valider(&lu.dossier, &ctx)
        .into_iter()
        .filter(|d| d.portee == Portee::Calcul)
        .collect();
    for d in &diags {
        afficher(d, &nom);
    }
    if diags.iter().any(|d| d.est_erreur()) {
        return ECHEC;
    }
    let resultat = match law::calculer(&lu.dossier, arrete, tables) {
        Ok(r) => r,
        Err(erreurs) => {
            for d in &erreurs {
                afficher(d, &nom);
            }
            return ECHEC;
        }
    };
    for d in &resultat.avertissements {
        afficher(d, &nom);
    }
    if args.json {
        match serde_json::to_string_pretty(&resultat.decompte) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("erreur : {e}");
                return USAGE;
            }
        }
    } else {
        // Invoice numbers and names come from data: escaped, line by line.
        for ligne in tableau(&resultat.decompte, &lu.dossier).lines() {
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

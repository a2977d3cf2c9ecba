//! Bounds on the amounts and rates of a case: validation reports them, the computation
//! refuses to run without them (so no product can overflow).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostic::{chemin, Diagnostic};
use crate::law::{Cle, TablesLoi};
use crate::model::{Dossier, ModeInterets};

/// An invoice without an échéance: no interest or exigibility can be computed for it
/// (reported by validation and, for a case that skipped it, by the décompte).
pub fn echeance_manquante(index: usize, numero: &str) -> Diagnostic {
    Diagnostic::erreur(
        chemin("factures", index, "echeance"),
        format!("échéance de la facture {numero} manquante"),
    )
    .aide("indiquez la date d'échéance imprimée sur la facture (echeance = \"AAAA-MM-JJ\") ; à défaut de délai convenu, le délai supplétif de C. com. L441-10 I court de la réception des marchandises ou de l'exécution de la prestation")
}

/// Amounts positive with at most two decimals and below the sanity ceiling; rates within
/// their range. Validation reports these; the computation refuses to run without them.
pub fn controler_montants(d: &Dossier, arrete: NaiveDate, tables: &TablesLoi) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let plafond = match tables.valeur_au(Cle::PlafondMontant, arrete) {
        Ok(p) => p.valeur,
        Err(e) => {
            let aide = e.aide();
            return vec![Diagnostic::erreur("", e.to_string()).aide(aide)];
        }
    };
    let mut montant = |valeur: Decimal, chemin: String| {
        if valeur <= Decimal::ZERO {
            v.push(
                Diagnostic::erreur(chemin, format!("montant {valeur} non positif"))
                    .aide("un montant dû ou payé est strictement positif ; un avoir se déduit du montant de la facture"),
            );
        } else if valeur.normalize().scale() > 2 {
            v.push(
                Diagnostic::erreur(chemin, format!("montant {valeur} à plus de deux décimales"))
                    .aide("les montants s'écrivent au centime près, par exemple \"1234.56\""),
            );
        } else if valeur > plafond {
            v.push(
                Diagnostic::erreur(chemin, format!("montant {valeur} invraisemblable"))
                    .aide("vérifiez la saisie (séparateur décimal, zéros en trop)"),
            );
        }
    };
    for (i, f) in d.factures.iter().enumerate() {
        montant(f.montant, chemin("factures", i, "montant"));
    }
    for (i, p) in d.paiements.iter().enumerate() {
        montant(p.montant, chemin("paiements", i, "montant"));
    }
    let c = &d.creance;
    match (d.mode_interets(), c.taux_contractuel) {
        (ModeInterets::Contractuel, None) => v.push(
            Diagnostic::erreur("creance.taux_contractuel", "taux contractuel manquant").aide(
                "indiquez le taux annuel prévu au contrat, par exemple taux_contractuel = \"12\"",
            ),
        ),
        (_, Some(t)) if t <= Decimal::ZERO || t > Decimal::ONE_HUNDRED => v.push(
            Diagnostic::erreur(
                "creance.taux_contractuel",
                format!("taux contractuel {t} % hors de l'intervalle ]0 ; 100]"),
            )
            .aide("le taux est un pourcentage annuel : \"12\" pour 12 %"),
        ),
        _ => {}
    }
    if let Some(p) = c.clause_penale {
        if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
            v.push(
                Diagnostic::erreur("creance.clause_penale", format!("clause pénale de {p} % hors de l'intervalle [0 ; 100]"))
                    .aide("indiquez le pourcentage du principal prévu au contrat, par exemple clause_penale = \"10\""),
            );
        }
    }
    v
}

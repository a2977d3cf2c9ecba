//! Prescription of the claim (C. civ. 2224, C. com. L110-4, C. consom. L218-2;
//! interruption C. civ. 2231, 2240, 2241).

use chrono::{Days, Months, NaiveDate};

use super::calendrier::Duree;
use super::parametres::{Cle, ErreurParametre};
use super::tables::{LoiError, TablesLoi};
use crate::model::{Dossier, Facture};

/// When the action for one invoice is prescribed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescription {
    /// Start of the running period (the échéance, or the last interrupting event).
    pub depart: NaiveDate,
    pub annees: u32,
    /// First day on which the action is prescribed.
    pub acquise_le: NaiveDate,
    /// The text that sets the period (from `law/parametres.toml`).
    pub fondement: String,
    /// The interrupting event, if the period restarted (C. civ. 2231).
    pub interruption: Option<NaiveDate>,
}

/// The prescription of an invoice's claim.
///
/// Start: the day the creditor could act, the échéance (C. civ. 2224). Against a consumer,
/// case law starts the 2 years at the completion of the service (Civ. 1re, 19 mai 2021,
/// n° 20-12.520), which the case file does not hold: the invoice date is used, never later
/// than the service, so the warning comes early rather than late.
/// Interruption by acknowledgment (2240) or legal action (2241) restarts the same period
/// (2231). CPC 642 does not extend it.
pub fn prescription(
    dossier: &Dossier,
    facture: &Facture,
    tables: &TablesLoi,
) -> Result<Option<Prescription>, LoiError> {
    let Some(echeance) = facture.echeance else {
        return Ok(None);
    };
    let consommateur = dossier.creancier.nature.est_professionnel()
        && !dossier.debiteur.nature.est_professionnel();
    // C. consom. L218-2 against a consumer; C. civ. 2224, C. com. L110-4 otherwise.
    let (cle, depart) = if consommateur {
        (Cle::PrescriptionConsommateur, facture.date.min(echeance))
    } else {
        (Cle::Prescription, echeance)
    };
    let duree = tables.valeur_au(cle, depart)?;
    let annees = match duree.duree()? {
        Duree::Annees(a) => a,
        _ => {
            return Err(ErreurParametre::Unite {
                cle,
                attendu: "une durée en ans",
            }
            .into())
        }
    };
    let fondement = duree.source.texte.clone();
    let mut depart_courant = depart;
    let mut interruption = None;
    let mut evenements: Vec<_> = dossier
        .evenements
        .iter()
        .filter(|e| e.type_.interrompt_prescription())
        .map(|e| e.date)
        .collect();
    evenements.sort();
    for date in evenements {
        let fin = ajouter_ans(depart_courant, annees);
        // An interruption counts only while the period still runs.
        if date >= depart_courant && date < fin {
            depart_courant = date;
            interruption = Some(date);
        }
    }
    Ok(Some(Prescription {
        depart: depart_courant,
        annees,
        acquise_le: ajouter_ans(depart_courant, annees),
        fondement,
        interruption,
    }))
}

fn ajouter_ans(d: NaiveDate, annees: u32) -> NaiveDate {
    d.checked_add_months(Months::new(annees * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// Where a claim stands at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EtatPrescription {
    Prescrite,
    /// Less than the alert window remains.
    Proche,
    Ok,
}

/// Where the claim stands at `date`: prescribed, close to it (the alert window of
/// `law/parametres.toml`), or not.
pub fn etat(
    p: &Prescription,
    date: NaiveDate,
    tables: &TablesLoi,
) -> Result<EtatPrescription, LoiError> {
    let alerte = tables.valeur_au(Cle::AlertePrescription, date)?;
    let proche = match alerte.duree()? {
        Duree::Jours(j) => date.checked_add_days(Days::new(j.into())),
        Duree::Mois(m) => date.checked_add_months(Months::new(m)),
        Duree::Annees(a) => date.checked_add_months(Months::new(a.saturating_mul(12))),
    };
    Ok(if date >= p.acquise_le {
        EtatPrescription::Prescrite
    } else if proche.is_none_or(|d| d >= p.acquise_le) {
        EtatPrescription::Proche
    } else {
        EtatPrescription::Ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exemple::dossier_toml;

    fn cas(debiteur: &str, evenements: &str) -> Dossier {
        let deb = if debiteur == "particulier" {
            "nature = \"particulier\"\nnom = \"D\""
        } else {
            "nature = \"societe\"\ndenomination = \"D\""
        };
        let t = format!(
            "reference = \"P\"\n[creancier]\nnature = \"societe\"\ndenomination = \"C\"\n[debiteur]\n{deb}\n\
             [[factures]]\nnumero = \"F\"\ndate = \"2021-01-10\"\necheance = \"2021-02-10\"\nmontant = \"100\"\n{evenements}"
        );
        dossier_toml(&t)
    }

    fn j(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn five_years_between_professionals_two_against_a_consumer() {
        let t = TablesLoi::embarquees().unwrap();
        let d = cas("societe", "");
        let p = prescription(&d, &d.factures[0], &t).unwrap().unwrap();
        assert_eq!(p.acquise_le, j("2026-02-10"));
        assert_eq!(
            etat(&p, j("2026-02-10"), &t).unwrap(),
            EtatPrescription::Prescrite
        );
        assert_eq!(
            etat(&p, j("2025-12-01"), &t).unwrap(),
            EtatPrescription::Proche
        );
        assert_eq!(etat(&p, j("2025-11-09"), &t).unwrap(), EtatPrescription::Ok);
        let d = cas("particulier", "");
        let p = prescription(&d, &d.factures[0], &t).unwrap().unwrap();
        assert_eq!(p.acquise_le, j("2023-01-10"));
    }

    /// C. civ. 2240, 2231: an acknowledgment restarts the same period; a mise en demeure
    /// does not interrupt (Cass. com. 18 mai 2022, n° 20-23.204).
    #[test]
    fn acknowledgment_restarts_mise_en_demeure_does_not() {
        let t = TablesLoi::embarquees().unwrap();
        let d = cas(
            "societe",
            "[[evenements]]\ndate = \"2024-06-01\"\ntype = \"mise_en_demeure\"",
        );
        let p = prescription(&d, &d.factures[0], &t).unwrap().unwrap();
        assert_eq!(p.acquise_le, j("2026-02-10"));
        let d = cas(
            "societe",
            "[[evenements]]\ndate = \"2024-06-01\"\ntype = \"reconnaissance_de_dette\"",
        );
        let p = prescription(&d, &d.factures[0], &t).unwrap().unwrap();
        assert_eq!(p.acquise_le, j("2029-06-01"));
        assert_eq!(p.interruption, Some(j("2024-06-01")));
    }

    /// C. civ. 2244: a saisie conservatoire interrupts; the judge's leave alone does not.
    #[test]
    fn a_saisie_conservatoire_interrupts() {
        let t = TablesLoi::embarquees().unwrap();
        let d = cas(
            "societe",
            "[[evenements]]\ndate = \"2024-06-01\"\ntype = \"autorisation_saisie_conservatoire\"",
        );
        let p = prescription(&d, &d.factures[0], &t).unwrap().unwrap();
        assert_eq!(p.acquise_le, j("2026-02-10"));
        let d = cas(
            "societe",
            "[[evenements]]\ndate = \"2024-06-20\"\ntype = \"saisie_conservatoire\"",
        );
        let p = prescription(&d, &d.factures[0], &t).unwrap().unwrap();
        assert_eq!(p.acquise_le, j("2029-06-20"));
        assert_eq!(p.interruption, Some(j("2024-06-20")));
    }
}

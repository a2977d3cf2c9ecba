//! Deadlines after a court decision, from the history of a case: serve the ordonnance
//! portant injonction de payer in time (CPC 1411, six months for an ordonnance made before
//! 1 September 2026, three months from then, décret 2026-96), the debtor's opposition
//! (CPC 1416, one month from service), enforcement without notice of opposition (décret
//! 2026-96: two months after service, ordonnances from 1 September 2026), the appeal
//! against a judgment (CPC 538, one month from service). Periods are dated data
//! (`law/parametres.toml`), counted with CPC 640-642 in the debtor's calendar.

use chrono::NaiveDate;
use serde::Serialize;

use crate::law::calendrier::{self, Zone};
use crate::law::parametres::Cle;
use crate::law::{LoiError, TablesLoi};
use crate::model::TypeEvenement;

/// One deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Echeance {
    pub reference: String,
    /// `signification_ordonnance`, `opposition`, `execution_sans_opposition`, `appel`.
    pub nature: String,
    pub libelle: String,
    /// The event the period runs from.
    pub depart: NaiveDate,
    /// The period as the text sets it (« 6 mois »).
    pub duree: String,
    /// Last day to act, after CPC 642 prorogation.
    pub dernier_jour: NaiveDate,
    /// The text that sets the period.
    pub source: String,
}

/// The deadlines of one case from its history (`(kind, date)` events, any order).
pub fn echeances(
    reference: &str,
    evenements: &[(TypeEvenement, NaiveDate)],
    zone: Zone,
    tables: &TablesLoi,
) -> Result<Vec<Echeance>, LoiError> {
    let mut ev: Vec<(TypeEvenement, NaiveDate)> = evenements.to_vec();
    ev.sort_by_key(|(_, d)| *d);
    let mut v = Vec::new();
    let mut calculer = |nature: &str,
                        libelle: &str,
                        cle: Cle,
                        depart: NaiveDate,
                        regime: NaiveDate|
     -> Result<(), LoiError> {
        // A period not in force at that date (no series value) gives no deadline.
        let Ok(valeur) = tables.valeur_au(cle, regime) else {
            return Ok(());
        };
        let duree = valeur.duree()?;
        if let Some(d) = calendrier::delai(depart, duree, zone) {
            v.push(Echeance {
                reference: reference.to_owned(),
                nature: nature.to_owned(),
                libelle: libelle.to_owned(),
                depart,
                duree: valeur.en_texte(),
                dernier_jour: d.dernier_jour,
                source: valeur.source.texte.clone(),
            });
        }
        Ok(())
    };
    let apres = |t: TypeEvenement, d: NaiveDate| ev.iter().any(|(x, e)| *x == t && *e >= d);
    for (i, &(t, d)) in ev.iter().enumerate() {
        match t {
            // CPC 1411: served within the period in force at the ordonnance's date, or void.
            TypeEvenement::OrdonnanceInjonction if !apres(TypeEvenement::Signification, d) => {
                calculer(
                    "signification_ordonnance",
                    "signifier l'ordonnance d'injonction de payer (à défaut, non avenue)",
                    Cle::DelaiSignificationInjonction,
                    d,
                    d,
                )?;
            }
            TypeEvenement::Signification => {
                // What was served: the latest decision before the service.
                let decision = ev[..i].iter().rev().find(|(x, _)| {
                    matches!(
                        x,
                        TypeEvenement::OrdonnanceInjonction | TypeEvenement::Jugement
                    )
                });
                match decision {
                    Some(&(TypeEvenement::OrdonnanceInjonction, o))
                        if !apres(TypeEvenement::Opposition, o) =>
                    {
                        {
                            // CPC 1416: opposition within one month of service.
                            calculer(
                                "opposition",
                                "fin du délai d'opposition du débiteur",
                                Cle::DelaiOppositionInjonction,
                                d,
                                d,
                            )?;
                            // Décret 2026-96: enforcement after this period without notice
                            // of opposition, for ordonnances from 1 September 2026.
                            calculer(
                                "execution_sans_opposition",
                                "exécution possible après ce jour sans avis d'opposition du greffe",
                                Cle::DelaiExecutionInjonction,
                                d,
                                o,
                            )?;
                        }
                    }
                    Some(&(TypeEvenement::Jugement, _)) => {
                        // CPC 538: appeal within one month of service of the judgment.
                        calculer(
                            "appel",
                            "fin du délai d'appel du jugement",
                            Cle::DelaiAppel,
                            d,
                            d,
                        )?;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn de(ev: &[(TypeEvenement, &str)]) -> Vec<Echeance> {
        let t = TablesLoi::embarquees().unwrap();
        let ev: Vec<_> = ev.iter().map(|(x, d)| (*x, j(d))).collect();
        echeances("R", &ev, Zone::du_departement("75"), &t).unwrap()
    }

    /// CPC 1411 as amended by décret 2026-96: six months for an ordonnance of 20/08/2026,
    /// ending Saturday 20/02/2027, prorogued to Monday 22/02/2027 (CPC 642); three months
    /// for one of 10/09/2026: Thursday 10/12/2026.
    #[test]
    fn service_of_an_ordonnance() {
        let e = de(&[(TypeEvenement::OrdonnanceInjonction, "2026-08-20")]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].dernier_jour, j("2027-02-22"));
        assert!(e[0].source.contains("1411"), "{}", e[0].source);
        let e = de(&[(TypeEvenement::OrdonnanceInjonction, "2026-09-10")]);
        assert_eq!(e[0].dernier_jour, j("2026-12-10"));
        assert!(e[0].source.contains("2026-96"), "{}", e[0].source);
    }

    /// Served ordonnance: no service deadline any more; opposition one month from service
    /// (CPC 1416); enforcement period only for an ordonnance from 1 September 2026.
    #[test]
    fn after_service() {
        let e = de(&[
            (TypeEvenement::OrdonnanceInjonction, "2026-08-20"),
            (TypeEvenement::Signification, "2026-09-15"),
        ]);
        let natures: Vec<_> = e.iter().map(|x| x.nature.as_str()).collect();
        assert_eq!(natures, ["opposition"]);
        assert_eq!(e[0].dernier_jour, j("2026-10-15"));
        let e = de(&[
            (TypeEvenement::OrdonnanceInjonction, "2026-09-10"),
            (TypeEvenement::Signification, "2026-10-01"),
        ]);
        let natures: Vec<_> = e.iter().map(|x| x.nature.as_str()).collect();
        assert_eq!(natures, ["opposition", "execution_sans_opposition"]);
        // 01/10/2026 + 2 months = Tuesday 01/12/2026.
        assert_eq!(e[1].dernier_jour, j("2026-12-01"));
    }

    /// CPC 538: one month from service of the judgment; 15/01/2027 + 1 month = Monday
    /// 15/02/2027.
    #[test]
    fn appeal_after_a_judgment() {
        let e = de(&[
            (TypeEvenement::Jugement, "2026-12-20"),
            (TypeEvenement::Signification, "2027-01-15"),
        ]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].nature, "appel");
        assert_eq!(e[0].dernier_jour, j("2027-02-15"));
    }
}

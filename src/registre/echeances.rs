//! Deadlines after a court decision, from the history of a case: serve the ordonnance
//! portant injonction de payer in time (CPC 1411, six months for an ordonnance made before
//! 1 September 2026, three months from then, décret 2026-96), the debtor's opposition
//! (CPC 1416, one month from service), enforcement without notice of opposition (décret
//! 2026-96: two months after service, ordonnances from 1 September 2026), the appeal
//! against a judgment (CPC 538, one month from service). With the case file: the hearing of
//! an assignation and the day its copy must reach the greffe (CPC 754, 856, 857), the
//! declaration of claim in a collective procedure (C. com. R622-24, L622-26), the periods of
//! a saisie conservatoire (CPCE R511-6, R511-7) and of the petites créances procedure
//! (R125-2). Periods are dated data (`law/parametres.toml`), counted with CPC 640-642 in the
//! debtor's calendar.

use chrono::NaiveDate;
use serde::Serialize;

use crate::format::{date_fr, montant_fr};
use crate::law::calendrier::{self, Zone};
use crate::law::parametres::Cle;
use crate::law::{LoiError, TablesLoi};
use crate::model::{DispenseAutorisation, Dossier, TypeEvenement, Voie};
use crate::plan;

/// One deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Echeance {
    pub reference: String,
    /// `signification_ordonnance`, `opposition`, `execution_sans_opposition`, `appel`,
    /// `audience`, `signification_assignation`, `remise_au_greffe`, `declaration_creance`,
    /// `releve_forclusion`, `execution_saisie_conservatoire`,
    /// `titre_apres_saisie_conservatoire`, `reponse_petites_creances`.
    pub nature: String,
    pub libelle: String,
    /// The event the period runs from (for a period counted back, the hearing).
    pub depart: NaiveDate,
    /// The period as the text sets it (« 6 mois »; « 15 jours avant » counted back; empty
    /// for a date fixed by the court, such as a hearing).
    pub duree: String,
    /// Last day to act, after CPC 642 prorogation.
    pub dernier_jour: NaiveDate,
    /// The text that sets the period.
    pub source: String,
    /// An instalment of a payment plan still unpaid at the date asked (set by the caller,
    /// which knows that date): the plan's terms decide whether the whole sum falls due.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub en_retard: bool,
}

/// The deadlines of one case from its history (`(kind, date)` events, any order), when only
/// the register knows the case.
pub fn echeances(
    reference: &str,
    evenements: &[(TypeEvenement, NaiveDate)],
    zone: Zone,
    tables: &TablesLoi,
) -> Result<Vec<Echeance>, LoiError> {
    des_evenements(reference, evenements, zone, false, tables)
}

/// The deadlines of a case from its file (its history already merged with the register's
/// facts): those of its events, and those its file states (hearing, collective procedure).
pub fn echeances_du_dossier(
    dossier: &Dossier,
    tables: &TablesLoi,
) -> Result<Vec<Echeance>, LoiError> {
    let zone = Zone::du_departement(&dossier.debiteur.departement().unwrap_or_default());
    let ev: Vec<(TypeEvenement, NaiveDate)> = dossier
        .evenements
        .iter()
        .map(|e| (e.type_, e.date))
        .collect();
    // R511-7 binds only a measure taken without an executory title.
    let titre = dossier
        .procedure
        .as_ref()
        .and_then(|p| p.dispense_autorisation)
        == Some(DispenseAutorisation::TitreExecutoire);
    let mut v = des_evenements(&dossier.reference, &ev, zone, titre, tables)?;
    v.extend(declaration(dossier, &ev, tables)?);
    v.extend(audience(dossier, &ev, zone, tables)?);
    v.extend(versement(dossier, &ev, tables));
    Ok(v)
}

/// The next instalment of a signed payment plan (`[echeancier]`, C. civ. 1376, 2240): the
/// plan on the décompte's total at the acknowledgment's date, as the acknowledgment states
/// it, the payments made after that date paying the instalments in order; the first one
/// not paid in full, with what remains of it. A date the parties agreed, not a period: no
/// CPC 642 prorogation.
fn versement(
    dossier: &Dossier,
    ev: &[(TypeEvenement, NaiveDate)],
    tables: &TablesLoi,
) -> Option<Echeance> {
    let signee = ev
        .iter()
        .filter(|(t, _)| *t == TypeEvenement::ReconnaissanceDeDette)
        .map(|(_, d)| *d)
        .max()?;
    // Every payment recorded, whatever the date asked: what remains of the plan.
    let etat = crate::law::echeancier::etat_echeancier(dossier, NaiveDate::MAX, tables)?;
    debug_assert_eq!(etat.signee, signee);
    let n = etat.plan.len();
    let (v, reste) = etat.prochain?;
    Some(Echeance {
        reference: dossier.reference.clone(),
        nature: "versement_echeancier".into(),
        libelle: format!(
            "versement n° {} sur {n} de l'échéancier : {} restant dû sur {}",
            v.numero,
            montant_fr(reste),
            montant_fr(v.montant)
        ),
        depart: etat.signee,
        duree: String::new(),
        dernier_jour: v.date,
        source: format!(
            "dossier : [echeancier], reconnaissance de dette du {} ; C. civ. art. 1376 et 2240",
            date_fr(etat.signee)
        ),
        en_retard: false,
    })
}

/// C. com. R622-24 al. 1: declare within two months of the BODACC publication (four outside
/// metropolitan France); L622-26 al. 3: past it, the action en relevé de forclusion within
/// six months. Nothing once the declaration is in the history.
fn declaration(
    dossier: &Dossier,
    ev: &[(TypeEvenement, NaiveDate)],
    tables: &TablesLoi,
) -> Result<Vec<Echeance>, LoiError> {
    if ev
        .iter()
        .any(|(t, _)| *t == TypeEvenement::DeclarationDeCreance)
    {
        return Ok(Vec::new());
    }
    let Some(d) = plan::delais_declaration(dossier, tables)? else {
        return Ok(Vec::new());
    };
    let publication = d.declaration.depart;
    let mut source = tables
        .valeur_au(Cle::DelaiDeclarationCreance, publication)?
        .source
        .texte
        .clone();
    if d.hors_metropole {
        source = format!(
            "{source} ; {}",
            tables
                .valeur_au(Cle::AugmentationDeclarationHorsMetropole, publication)?
                .source
                .texte
        );
    }
    let releve = tables.valeur_au(Cle::DelaiReleveForclusion, publication)?;
    Ok(vec![
        Echeance {
            reference: dossier.reference.clone(),
            nature: "declaration_creance".into(),
            libelle: "déclarer la créance au mandataire judiciaire ou au liquidateur (à défaut, forclusion)".into(),
            depart: publication,
            duree: d.declaration.duree.to_string(),
            dernier_jour: d.declaration.dernier_jour,
            source,
            en_retard: false,
        },
        Echeance {
            reference: dossier.reference.clone(),
            nature: "releve_forclusion".into(),
            libelle: "demander au juge-commissaire le relevé de forclusion".into(),
            depart: publication,
            duree: releve.en_texte(),
            dernier_jour: d.releve.dernier_jour,
            source: releve.source.texte.clone(),
            en_retard: false,
        },
    ])
}

/// The hearing of an assignation (`[procedure] audience`, CPC 56 1°) until a judgment is
/// recorded; before it, in a procedure on the merits, the last day to hand the copy of the
/// assignation to the greffe (CPC 754 before the tribunal judiciaire, 857 before the
/// commercial courts; at the risk of caducité), and before a commercial court, while the
/// assignation is not yet served, the last day to serve it (CPC 856, 857). Counted back
/// from the hearing.
fn audience(
    dossier: &Dossier,
    ev: &[(TypeEvenement, NaiveDate)],
    zone: Zone,
    tables: &TablesLoi,
) -> Result<Vec<Echeance>, LoiError> {
    let Some(p) = dossier.procedure.as_ref() else {
        return Ok(Vec::new());
    };
    let Some(a) = p.audience.as_ref() else {
        return Ok(Vec::new());
    };
    let jour = a.date;
    if ev
        .iter()
        .any(|(t, d)| *t == TypeEvenement::Jugement && *d >= jour)
    {
        return Ok(Vec::new());
    }
    // The act of the hearing: the last assignation served before it, or the step planned.
    let acte = ev
        .iter()
        .filter(|(t, d)| {
            matches!(t, TypeEvenement::Assignation | TypeEvenement::Refere) && *d <= jour
        })
        .max_by_key(|(_, d)| *d)
        .map(|(t, _)| *t);
    let refere = match (acte, p.voie) {
        (Some(t), _) => t == TypeEvenement::Refere,
        (None, Some(Voie::Refere)) => true,
        (None, Some(Voie::Fond)) => false,
        // No assignation, none planned: the hearing is not one this module follows.
        (None, _) => return Ok(Vec::new()),
    };
    let reference = &dossier.reference;
    let mut v = vec![Echeance {
        reference: reference.clone(),
        nature: "audience".into(),
        libelle: format!(
            "audience{}{}",
            if refere { " de référé" } else { "" },
            a.heure
                .as_deref()
                .map(|h| format!(" à {h}"))
                .unwrap_or_default()
        ),
        depart: jour,
        duree: String::new(),
        dernier_jour: jour,
        source: "dossier : [procedure] audience ; CPC art. 56 1°".into(),
        en_retard: false,
    }];
    if refere {
        return Ok(v);
    }
    let commercial = plan::tribunal(dossier, jour, tables).est_commercial();
    let mut avant = |nature: &str, libelle: &str, cle: Cle| -> Result<(), LoiError> {
        let Ok(valeur) = tables.valeur_au(cle, jour) else {
            return Ok(());
        };
        if let Some(d) = calendrier::avant(jour, valeur.duree()?, zone) {
            v.push(Echeance {
                reference: reference.clone(),
                nature: nature.to_owned(),
                libelle: libelle.to_owned(),
                depart: jour,
                duree: format!("{} avant l'audience", valeur.en_texte()),
                dernier_jour: d,
                source: valeur.source.texte.clone(),
                en_retard: false,
            });
        }
        Ok(())
    };
    if commercial && acte.is_none() {
        avant(
            "signification_assignation",
            "signifier l'assignation devant le tribunal de commerce",
            Cle::DelaiAssignationAudienceCommerce,
        )?;
    }
    let (cle, libelle) = if commercial {
        (
            Cle::DelaiEnrolementCommerce,
            "remettre l'assignation au greffe du tribunal (à défaut, caducité)",
        )
    } else {
        (
            Cle::DelaiPlacementJudiciaire,
            "remettre une copie de l'assignation au greffe du tribunal judiciaire (à défaut, caducité)",
        )
    };
    avant("remise_au_greffe", libelle, cle)?;
    Ok(v)
}

fn des_evenements(
    reference: &str,
    evenements: &[(TypeEvenement, NaiveDate)],
    zone: Zone,
    titre_executoire: bool,
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
                en_retard: false,
            });
        }
        Ok(())
    };
    let apres = |t: TypeEvenement, d: NaiveDate| ev.iter().any(|(x, e)| *x == t && *e >= d);
    // What starts a procedure that leads to an executory title (R511-7).
    let vers_un_titre = |d: NaiveDate| {
        ev.iter().any(|(x, e)| {
            *e >= d
                && matches!(
                    x,
                    TypeEvenement::RequeteInjonction
                        | TypeEvenement::OrdonnanceInjonction
                        | TypeEvenement::Assignation
                        | TypeEvenement::Refere
                        | TypeEvenement::PetitesCreances
                        | TypeEvenement::Jugement
                )
        })
    };
    for (i, &(t, d)) in ev.iter().enumerate() {
        match t {
            // CPCE R511-6: the judge's leave lapses unless the measure is executed within
            // three months of the ordonnance.
            TypeEvenement::AutorisationSaisieConservatoire
                if !apres(TypeEvenement::SaisieConservatoire, d) =>
            {
                calculer(
                    "execution_saisie_conservatoire",
                    "exécuter la saisie conservatoire autorisée (à défaut, autorisation caduque)",
                    Cle::DelaiExecutionAutorisationConservatoire,
                    d,
                    d,
                )?;
            }
            // CPCE R511-7: without an executory title, a procedure to obtain one within a
            // month of the measure, or the measure lapses.
            TypeEvenement::SaisieConservatoire if !titre_executoire && !vers_un_titre(d) => {
                calculer(
                    "titre_apres_saisie_conservatoire",
                    "engager la procédure pour obtenir un titre exécutoire (à défaut, saisie conservatoire caduque)",
                    Cle::DelaiTitreApresMesureConservatoire,
                    d,
                    d,
                )?;
            }
            // CPCE R125-2: the debtor has a month from the commissaire's letter to accept;
            // silence is a refusal. Counted from the event, the letter's date when known.
            TypeEvenement::PetitesCreances
                if !ev.iter().any(|(x, e)| {
                    *e > d
                        && matches!(
                            x,
                            TypeEvenement::RequeteInjonction | TypeEvenement::Assignation
                        )
                }) =>
            {
                calculer(
                    "reponse_petites_creances",
                    "fin du délai de réponse du débiteur au commissaire de justice (silence vaut refus)",
                    Cle::DelaiReponsePetitesCreances,
                    d,
                    d,
                )?;
            }
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

    fn natures(e: &[Echeance]) -> Vec<String> {
        e.iter()
            .map(|x| format!("{} {}", x.nature, x.dernier_jour))
            .collect()
    }

    fn fixture(nom: &str) -> Dossier {
        crate::ingest::lire_dossier(std::path::Path::new(&format!(
            "fixtures/{nom}/dossier.toml"
        )))
        .unwrap()
        .dossier
    }

    /// CPCE R511-6: leave of 10/06/2026, executed by 10/09/2026 or it lapses; R511-7: the
    /// measure executed on 03/07/2026 needs a procedure towards a title by Monday 03/08/2026;
    /// the requête en injonction of 20/07/2026 meets it.
    #[test]
    fn saisie_conservatoire() {
        let e = de(&[(TypeEvenement::AutorisationSaisieConservatoire, "2026-06-10")]);
        assert_eq!(natures(&e), ["execution_saisie_conservatoire 2026-09-10"]);
        assert!(e[0].source.contains("R511-6"), "{}", e[0].source);
        let e = de(&[
            (TypeEvenement::AutorisationSaisieConservatoire, "2026-06-10"),
            (TypeEvenement::SaisieConservatoire, "2026-07-03"),
        ]);
        assert_eq!(natures(&e), ["titre_apres_saisie_conservatoire 2026-08-03"]);
        assert!(e[0].source.contains("R511-7"), "{}", e[0].source);
        let e = de(&[
            (TypeEvenement::SaisieConservatoire, "2026-07-03"),
            (TypeEvenement::RequeteInjonction, "2026-07-20"),
        ]);
        assert!(e.is_empty(), "{e:?}");
        // With an executory title the measure needs no procedure after it.
        let mut d = fixture("b2c-particulier");
        d.procedure = None;
        d.evenements.clear();
        d.evenements.push(crate::model::Evenement {
            date: j("2026-07-03"),
            type_: TypeEvenement::SaisieConservatoire,
            mode: None,
            description: None,
            piece: None,
            accuse_reception: None,
        });
        let t = TablesLoi::embarquees().unwrap();
        assert_eq!(
            natures(&echeances_du_dossier(&d, &t).unwrap()),
            ["titre_apres_saisie_conservatoire 2026-08-03"]
        );
        d.procedure = Some(toml::from_str("dispense_autorisation = \"titre_executoire\"").unwrap());
        assert!(echeances_du_dossier(&d, &t).unwrap().is_empty());
    }

    /// CPCE R125-2: a month for the debtor to answer the commissaire (01/04/2026 → Friday
    /// 01/05/2026, Fête du travail → Monday 04/05/2026, CPC 642); none once the creditor has
    /// gone to court.
    #[test]
    fn petites_creances() {
        let e = de(&[(TypeEvenement::PetitesCreances, "2026-04-01")]);
        assert_eq!(natures(&e), ["reponse_petites_creances 2026-05-04"]);
        let e = de(&[
            (TypeEvenement::PetitesCreances, "2026-04-01"),
            (TypeEvenement::RequeteInjonction, "2026-05-04"),
        ]);
        assert!(e.is_empty(), "{e:?}");
    }

    /// C. com. R622-24: BODACC of 22/05/2026 → declare by 22/07/2026; L622-26: relevé de
    /// forclusion by 23/11/2026 (22/11 is a Sunday). Declared: nothing.
    #[test]
    fn declaration_of_claim() {
        let t = TablesLoi::embarquees().unwrap();
        let mut d = fixture("procedure-collective");
        let e = echeances_du_dossier(&d, &t).unwrap();
        assert_eq!(
            natures(&e),
            [
                "declaration_creance 2026-07-22",
                "releve_forclusion 2026-11-23"
            ]
        );
        assert!(e[0].source.contains("R622-24"), "{}", e[0].source);
        assert!(e[1].source.contains("L622-26"), "{}", e[1].source);
        d.evenements.push(crate::model::Evenement {
            date: j("2026-06-01"),
            type_: TypeEvenement::DeclarationDeCreance,
            mode: None,
            description: None,
            piece: None,
            accuse_reception: None,
        });
        assert!(echeances_du_dossier(&d, &t).unwrap().is_empty());
    }

    /// Hearing of Tuesday 15/09/2026 before the tribunal judiciaire: the copy to the greffe
    /// by Monday 31/08/2026 (CPC 754, 15 days). Before a tribunal de commerce, not yet
    /// served: serve by 31/08/2026 (15 days, CPC 856), hand to the greffe by Monday
    /// 07/09/2026 (8 days, 857). A référé: the hearing only. A judgment: nothing.
    #[test]
    fn hearing_of_an_assignation() {
        let t = TablesLoi::embarquees().unwrap();
        let mut d = fixture("b2c-particulier");
        let e = echeances_du_dossier(&d, &t).unwrap();
        assert_eq!(
            natures(&e),
            ["audience 2026-09-15", "remise_au_greffe 2026-08-31"]
        );
        assert_eq!(e[0].libelle, "audience à 09:30");
        assert!(e[1].source.contains("754"), "{}", e[1].source);
        assert_eq!(e[1].duree, "15\u{a0}jours avant l'audience");
        d.juridiction.as_mut().unwrap().type_ =
            Some(crate::model::TypeJuridiction::TribunalDeCommerce);
        let e = echeances_du_dossier(&d, &t).unwrap();
        assert_eq!(
            natures(&e),
            [
                "audience 2026-09-15",
                "signification_assignation 2026-08-31",
                "remise_au_greffe 2026-09-07"
            ]
        );
        assert!(e[2].source.contains("857"), "{}", e[2].source);
        let ev = |t: TypeEvenement, date: &str| crate::model::Evenement {
            date: j(date),
            type_: t,
            mode: None,
            description: None,
            piece: None,
            accuse_reception: None,
        };
        d.evenements
            .push(ev(TypeEvenement::Assignation, "2026-08-10"));
        assert_eq!(
            natures(&echeances_du_dossier(&d, &t).unwrap()),
            ["audience 2026-09-15", "remise_au_greffe 2026-09-07"]
        );
        d.evenements.push(ev(TypeEvenement::Jugement, "2026-10-13"));
        assert!(echeances_du_dossier(&d, &t).unwrap().is_empty());
        // Served on 02/11/2026: appeal by 02/12/2026 (CPC 538).
        d.evenements
            .push(ev(TypeEvenement::Signification, "2026-11-02"));
        assert_eq!(
            natures(&echeances_du_dossier(&d, &t).unwrap()),
            ["appel 2026-12-02"]
        );
        let d = fixture("creancier-particulier");
        let e = echeances_du_dossier(&d, &t).unwrap();
        assert_eq!(natures(&e), ["audience 2026-09-08"]);
        assert_eq!(e[0].libelle, "audience de référé à 14:00");
    }

    /// The plan of the fixture: 3 000 € in six monthly instalments of 500 € from
    /// 31/07/2026, acknowledged on 15/07/2026. Nothing before the acknowledgment; then the
    /// first instalment; 700 € paid on 31/07 leave 300 € of the second, due 31/08.
    #[test]
    fn instalments_of_a_payment_plan() {
        let t = TablesLoi::embarquees().unwrap();
        let mut d = fixture("echeancier");
        assert!(echeances_du_dossier(&d, &t).unwrap().is_empty());
        d.evenements.push(crate::model::Evenement {
            date: j("2026-07-15"),
            type_: TypeEvenement::ReconnaissanceDeDette,
            mode: None,
            description: None,
            piece: None,
            accuse_reception: None,
        });
        let e = echeances_du_dossier(&d, &t).unwrap();
        assert_eq!(natures(&e), ["versement_echeancier 2026-07-31"]);
        assert_eq!(
            e[0].libelle,
            "versement n° 1 sur 6 de l'échéancier : 500,00\u{a0}€ restant dû sur 500,00\u{a0}€"
        );
        d.paiements
            .push(toml::from_str("date = \"2026-07-31\"\nmontant = \"700\"").unwrap());
        let e = echeances_du_dossier(&d, &t).unwrap();
        assert_eq!(natures(&e), ["versement_echeancier 2026-08-31"]);
        assert!(
            e[0].libelle
                .starts_with("versement n° 2 sur 6 de l'échéancier : 300,00"),
            "{}",
            e[0].libelle
        );
        d.paiements
            .push(toml::from_str("date = \"2026-09-15\"\nmontant = \"2300\"").unwrap());
        assert!(echeances_du_dossier(&d, &t).unwrap().is_empty());
    }
}

//! The escalation policy of a month-end batch: which step each case is due for at a date
//! (reminder, second reminder, formal notice, then court), from its history.

use chrono::{Days, NaiveDate};
use serde::Deserialize;
use std::path::Path;

use crate::law::calendrier;
use crate::law::{Cle, Decompte, LoiError, TablesLoi};
use crate::model::{Dossier, TypeEvenement, Voie};

const DEFAUT: &str = include_str!("../../law/politique.toml");

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Politique {
    pub relance_1_apres_echeance: u32,
    pub relance_2_apres_relance_1: u32,
    pub mise_en_demeure_apres_relance_2: u32,
    /// When a produced relance or mise en demeure counts as sent (with a register).
    #[serde(default)]
    pub envoi: ConfirmationEnvoi,
    /// After the mise en demeure, a claim within the petites créances ceiling (CPCE R125-1)
    /// goes first to a commissaire de justice (L125-1), then, once the debtor's month to
    /// answer has run, to the injonction.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub petites_creances_avant_injonction: bool,
}

/// When a letter produced by a run counts as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmationEnvoi {
    /// On the day it is produced (the firm sends what the run produces).
    #[default]
    ALaProduction,
    /// Only once `recouvre registre ajouter REF envoi --le DATE` records the sending; until
    /// then the case waits.
    SurConfirmation,
}

impl Politique {
    pub fn defaut() -> Self {
        toml::from_str(DEFAUT).expect("law/politique.toml is valid (tested)")
    }

    /// Digest of the policy in effect (part of the batch's skip fingerprint).
    pub fn empreinte(&self) -> String {
        crate::empreinte::sha256_hex(&serde_json::to_vec(self).unwrap_or_default())
    }

    /// Reads a policy file (`--politique`).
    pub fn lire(fichier: &Path) -> Result<Self, PolitiqueError> {
        let nom = fichier.display().to_string();
        let texte = std::fs::read_to_string(fichier).map_err(|source| PolitiqueError::Lecture {
            fichier: nom.clone(),
            source,
        })?;
        toml::from_str(&texte).map_err(|e| PolitiqueError::Format {
            fichier: nom,
            message: e.message().to_owned(),
        })
    }
}

/// Why a policy file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PolitiqueError {
    #[error("{fichier} : lecture impossible ({source})")]
    Lecture {
        fichier: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{fichier} : {message} (clés attendues : celles de law/politique.toml)")]
    Format { fichier: String, message: String },
}

/// What a case is due for at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EtapeDue {
    /// This step is due now (or was requested explicitly in `[procedure]`).
    Due(Voie),
    /// Nothing to do yet: the next step and the day it becomes due.
    PasEncore { voie: Voie, le: NaiveDate },
    /// Nothing owed: no step.
    Rien,
}

fn plus(d: NaiveDate, jours: u32) -> NaiveDate {
    d.checked_add_days(Days::new(jours.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// The step due at `date` by the policy and the case's history.
pub fn etape_due(
    dossier: &Dossier,
    decompte: &Decompte,
    date: NaiveDate,
    politique: &Politique,
    tables: &TablesLoi,
) -> Result<EtapeDue, LoiError> {
    if let Some(v) = dossier.procedure.as_ref().and_then(|p| p.voie) {
        return Ok(EtapeDue::Due(v));
    }
    // C. com. L622-21, L622-24: under a collective procedure the only step is the declaration
    // of claim, due at once, and once.
    if dossier.en_procedure_collective() {
        let declaree = !dossier
            .evenements_avant(TypeEvenement::DeclarationDeCreance, date)
            .is_empty();
        return Ok(if declaree {
            EtapeDue::Rien
        } else {
            EtapeDue::Due(Voie::DeclarationDeCreance)
        });
    }
    if decompte.factures.is_empty() || decompte.total.is_zero() {
        return Ok(EtapeDue::Rien);
    }
    // After the requête: an ordonnance not yet served calls for the letter to the commissaire
    // (CPC 1411); once served or opposed, the court path continues outside the escalation.
    if dossier.ordonnance_a_signifier(date).is_some() {
        return Ok(EtapeDue::Due(Voie::SignificationOrdonnance));
    }
    if !dossier
        .evenements_avant(TypeEvenement::OrdonnanceInjonction, date)
        .is_empty()
    {
        return Ok(EtapeDue::Rien);
    }
    // A signed payment plan (C. civ. 1376, 2240): nothing while the instalments are paid; a
    // missed one starts the escalation again from the acknowledgment — a relance, then the
    // mise en demeure that the déchéance du terme requires, then the court.
    if let Some(etat) = crate::law::echeancier::etat_echeancier(dossier, date, tables) {
        let Some((v, _)) = &etat.prochain else {
            return Ok(EtapeDue::Rien);
        };
        if !etat.en_retard(date) {
            return Ok(EtapeDue::PasEncore {
                voie: Voie::Relance,
                le: plus(v.date, politique.relance_1_apres_echeance.max(1)),
            });
        }
        let apres = |t: TypeEvenement| -> Vec<NaiveDate> {
            dossier
                .evenements_avant(t, date)
                .iter()
                .map(|e| e.date)
                .filter(|d| *d > etat.signee)
                .collect()
        };
        let (relances, mises) = (
            apres(TypeEvenement::Relance),
            apres(TypeEvenement::MiseEnDemeure),
        );
        let (voie, le) = if let Some(&m) = mises.first() {
            let fin = super::delai_paiement(dossier, m, tables)?
                .map(|d| d.dernier_jour)
                .unwrap_or(NaiveDate::MAX);
            let (voie, _) = super::voie_par_defaut(dossier, date);
            (voie, plus(fin, 1))
        } else if let Some(&r) = relances.last() {
            (
                Voie::MiseEnDemeure,
                plus(r, politique.mise_en_demeure_apres_relance_2),
            )
        } else {
            (
                Voie::Relance,
                plus(v.date, politique.relance_1_apres_echeance),
            )
        };
        return Ok(if date >= le {
            EtapeDue::Due(voie)
        } else {
            EtapeDue::PasEncore { voie, le }
        });
    }
    let passes = |t: TypeEvenement| -> Vec<NaiveDate> {
        dossier
            .evenements_avant(t, date)
            .iter()
            .map(|e| e.date)
            .collect()
    };
    let relances = passes(TypeEvenement::Relance);
    let mises = passes(TypeEvenement::MiseEnDemeure);
    let (voie, le) = if let Some(&m) = mises.first() {
        // CPC 641-642: the deadline the letter gave, in the debtor's calendar.
        let fin = super::delai_paiement(dossier, m, tables)?
            .map(|d| d.dernier_jour)
            .unwrap_or(NaiveDate::MAX);
        let (voie, _) = super::voie_par_defaut(dossier, date);
        let petites = passes(TypeEvenement::PetitesCreances);
        match petites.first() {
            // The commissaire was seized: the injonction once the debtor's month has run
            // (L125-1, R125-2: silence is refusal).
            Some(&p) if voie == Voie::Injonction => {
                let reponse = tables
                    .valeur_au(Cle::DelaiReponsePetitesCreances, p)?
                    .duree()?;
                let fin = calendrier::ajouter(p, reponse).unwrap_or(NaiveDate::MAX);
                (voie, plus(fin, 1))
            }
            None if voie == Voie::Injonction
                && politique.petites_creances_avant_injonction
                && decompte.principal + decompte.interets
                    <= tables.valeur_au(Cle::PlafondPetitesCreances, date)?.valeur =>
            {
                (Voie::PetitesCreances, plus(fin, 1))
            }
            _ => (voie, plus(fin, 1)),
        }
    } else if relances.len() >= 2 {
        (
            Voie::MiseEnDemeure,
            plus(relances[1], politique.mise_en_demeure_apres_relance_2),
        )
    } else if let Some(&r1) = relances.first() {
        (Voie::Relance, plus(r1, politique.relance_2_apres_relance_1))
    } else {
        let premiere = decompte
            .factures
            .iter()
            .filter(|f| !f.principal.is_zero() || !f.interets.is_zero())
            .map(|f| f.echeance)
            .min();
        match premiere {
            Some(e) => (Voie::Relance, plus(e, politique.relance_1_apres_echeance)),
            None => return Ok(EtapeDue::Rien),
        }
    };
    Ok(if date >= le {
        EtapeDue::Due(voie)
    } else {
        EtapeDue::PasEncore { voie, le }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::calculer;
    use crate::model::exemple::dossier_toml;

    fn cas(evenements: &str) -> Dossier {
        let t = format!(
            "reference = \"P\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n[debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n\
             [creance]\nfondement = \"contrat\"\n[[factures]]\nnumero = \"F\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"100\"\n{evenements}"
        );
        dossier_toml(&t)
    }

    /// A signed plan: 1 500 € in three monthly payments of 500 € from 31 March 2026, the
    /// acknowledgment of 1 March; paid on time → nothing due until the next instalment is
    /// missed; the 30 April one unpaid → relance 15 days later (15 May), then the mise en
    /// demeure 8 days after that relance (déchéance du terme); all paid → nothing.
    #[test]
    fn a_payment_plan_is_followed() {
        let base = "reference = \"E\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n[debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n\
             [creance]\nfondement = \"contrat\"\ninterets = \"aucun\"\nindemnite_forfaitaire = false\n[[factures]]\nnumero = \"F\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"1500\"\n\
             [echeancier]\nmensualites = 3\npremiere = \"2026-03-31\"\n\
             [[evenements]]\ndate = \"2026-02-15\"\ntype = \"mise_en_demeure\"\n\
             [[evenements]]\ndate = \"2026-03-01\"\ntype = \"reconnaissance_de_dette\"\n";
        let paiement = |d: &str| format!("[[paiements]]\ndate = \"{d}\"\nmontant = \"500\"\n");
        let d = dossier_toml(&format!("{base}{}", paiement("2026-03-30")));
        assert_eq!(
            due(&d, "2026-04-20"),
            EtapeDue::PasEncore {
                voie: Voie::Relance,
                le: j("2026-05-15")
            }
        );
        assert_eq!(
            due(&d, "2026-05-14"),
            EtapeDue::PasEncore {
                voie: Voie::Relance,
                le: j("2026-05-15")
            }
        );
        assert_eq!(due(&d, "2026-05-15"), EtapeDue::Due(Voie::Relance));
        let relancee = dossier_toml(&format!(
            "{base}{}[[evenements]]\ndate = \"2026-05-15\"\ntype = \"relance\"\n",
            paiement("2026-03-30")
        ));
        assert_eq!(
            due(&relancee, "2026-05-23"),
            EtapeDue::Due(Voie::MiseEnDemeure)
        );
        let a_jour = dossier_toml(&format!(
            "{base}{}{}",
            paiement("2026-03-30"),
            paiement("2026-04-29")
        ));
        assert_eq!(
            due(&a_jour, "2026-05-20"),
            EtapeDue::PasEncore {
                voie: Voie::Relance,
                // The third instalment falls on 31 May (month ends kept), + 15 days.
                le: j("2026-06-15")
            }
        );
        let solde = dossier_toml(&format!(
            "{base}{}{}{}",
            paiement("2026-03-30"),
            paiement("2026-04-29"),
            paiement("2026-05-29")
        ));
        assert_eq!(due(&solde, "2026-06-20"), EtapeDue::Rien);
    }

    fn due(d: &Dossier, date: &str) -> EtapeDue {
        let t = TablesLoi::embarquees().unwrap();
        let date: NaiveDate = date.parse().unwrap();
        let r = calculer(d, date, &t).unwrap();
        etape_due(d, &r.decompte, date, &Politique::defaut(), &t).unwrap()
    }

    fn j(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn default_escalation() {
        let d = cas("");
        assert_eq!(
            due(&d, "2026-02-10"),
            EtapeDue::PasEncore {
                voie: Voie::Relance,
                le: j("2026-02-15")
            }
        );
        assert_eq!(due(&d, "2026-02-15"), EtapeDue::Due(Voie::Relance));
        let d = cas("[[evenements]]\ndate = \"2026-02-16\"\ntype = \"relance\"");
        assert_eq!(
            due(&d, "2026-02-20"),
            EtapeDue::PasEncore {
                voie: Voie::Relance,
                le: j("2026-03-03")
            }
        );
        let d = cas("[[evenements]]\ndate = \"2026-02-16\"\ntype = \"relance\"\n[[evenements]]\ndate = \"2026-03-03\"\ntype = \"relance\"");
        assert_eq!(due(&d, "2026-03-11"), EtapeDue::Due(Voie::MiseEnDemeure));
        // Mise en demeure of Friday 13/03/2026 + 8 days = Saturday 21/03 → Monday 23/03 (CPC 642):
        // the court step is due from 24/03.
        let d = cas("[[evenements]]\ndate = \"2026-03-13\"\ntype = \"mise_en_demeure\"");
        assert_eq!(
            due(&d, "2026-03-23"),
            EtapeDue::PasEncore {
                voie: Voie::Injonction,
                le: j("2026-03-24")
            }
        );
        assert_eq!(due(&d, "2026-03-24"), EtapeDue::Due(Voie::Injonction));
    }

    #[test]
    fn explicit_procedure_wins() {
        let d = cas("[procedure]\nvoie = \"fond\"");
        assert_eq!(due(&d, "2026-02-01"), EtapeDue::Due(Voie::Fond));
    }
}

//! The register read back into a case: its facts and the steps produced are merged into
//! the history of the case file (an event of the same type and date counted once, a payment
//! of the same date and amount counted once), so the escalation policy, the décompte, the
//! prescription and the documents all read one history.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Contenu, Entree, ErreurRegistre, Fait, PieceRegistre, Registre, TypeFait};
use crate::model::{Dossier, Evenement, Paiement, TypeEvenement, Voie};
use crate::plan::politique::ConfirmationEnvoi;

/// An entry read back.
#[derive(Debug, Clone, PartialEq)]
pub struct EntreeLue {
    pub id: i64,
    pub date: NaiveDate,
    pub contenu: Contenu,
    pub created_by: String,
}

/// The whole register, read once at the start of a run, by case.
#[derive(Debug, Clone, Default)]
pub struct Memoire {
    par_reference: BTreeMap<String, Vec<EntreeLue>>,
    /// Where the exhibits of facts are.
    pub pieces: Option<PathBuf>,
}

impl Memoire {
    pub fn charger(registre: &mut dyn Registre) -> Result<Memoire, ErreurRegistre> {
        let entrees = registre.entrees(None)?;
        let mut m = Memoire::de_entrees(&entrees)?;
        m.pieces = registre.pieces();
        Ok(m)
    }

    pub fn de_entrees(entrees: &[Entree]) -> Result<Memoire, ErreurRegistre> {
        let mut par_reference: BTreeMap<String, Vec<EntreeLue>> = BTreeMap::new();
        for e in entrees {
            let (date, contenu) = e.lire()?;
            par_reference
                .entry(e.reference.clone())
                .or_default()
                .push(EntreeLue {
                    id: e.id,
                    date,
                    contenu,
                    created_by: e.created_by.clone(),
                });
        }
        Ok(Memoire {
            par_reference,
            pieces: None,
        })
    }

    /// The entries of one case, in chain order.
    pub fn du_dossier(&self, reference: &str) -> &[EntreeLue] {
        self.par_reference
            .get(reference)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every case with entries.
    pub fn references(&self) -> impl Iterator<Item = &str> {
        self.par_reference.keys().map(String::as_str)
    }

    /// Records in memory an entry just appended (a batch reads its own writes).
    pub fn noter(&mut self, reference: &str, e: EntreeLue) {
        self.par_reference
            .entry(reference.to_owned())
            .or_default()
            .push(e);
    }
}

/// Why the automatic escalation waits for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Attente {
    /// A relance or mise en demeure was produced; with `envoi = "sur_confirmation"` it counts
    /// only once `registre ajouter REF envoi` says it was sent.
    Confirmation { etape: String, le: NaiveDate },
    /// The case is before a court: the next step depends on a decision recorded by hand.
    Judiciaire { message: String },
}

impl Attente {
    /// For the batch report.
    pub fn message(&self, reference: &str) -> String {
        match self {
            Attente::Confirmation { etape, le } => format!(
                "en attente de confirmation : {} produite le {} ; enregistrez l'envoi avec `recouvre registre ajouter {reference} envoi --le DATE --mode lrar --numero …`",
                etape.replace('_', " "),
                le.format("%d/%m/%Y")
            ),
            Attente::Judiciaire { message } => message.clone(),
        }
    }
}

/// What the merge found, for the run and its report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fusion {
    /// The last step produced and its date.
    pub derniere_etape: Option<(String, NaiveDate)>,
    pub attente: Option<Attente>,
    /// Events and payments taken from the register (those not already in the case file).
    pub evenements_ajoutes: usize,
    pub paiements_ajoutes: usize,
    /// Exhibits recorded with facts: (date, kind, exhibit).
    pub pieces: Vec<(NaiveDate, TypeFait, PieceRegistre)>,
}

fn type_de_voie(code: &str) -> Option<TypeEvenement> {
    match code {
        c if c == Voie::Relance.code() => Some(TypeEvenement::Relance),
        c if c == Voie::MiseEnDemeure.code() => Some(TypeEvenement::MiseEnDemeure),
        c if c == Voie::DeclarationDeCreance.code() => Some(TypeEvenement::DeclarationDeCreance),
        c if c == Voie::PetitesCreances.code() => Some(TypeEvenement::PetitesCreances),
        _ => None,
    }
}

fn ajouter_evenement(dossier: &mut Dossier, ev: Evenement) -> bool {
    let deja = dossier
        .evenements
        .iter()
        .any(|e| e.type_ == ev.type_ && e.date == ev.date);
    if !deja {
        dossier.evenements.push(ev);
    }
    !deja
}

/// Merges the register's entries of a case into its file's history, as it stood at `date`
/// (the run's date): facts dated on or before it, steps produced before it. A run again at
/// the date of a step thus decides that same step again (and finds its outputs complete):
/// re-running a month-end batch changes nothing.
pub fn fusionner(
    dossier: &mut Dossier,
    entrees: &[EntreeLue],
    date: NaiveDate,
    envoi: ConfirmationEnvoi,
) -> Fusion {
    let mut f = Fusion::default();
    // Letters produced and not yet confirmed, oldest first.
    let mut en_attente: Vec<(TypeEvenement, String, NaiveDate)> = Vec::new();
    let mut judiciaire: Option<(String, NaiveDate)> = None;
    let mut decisions: Vec<(TypeEvenement, NaiveDate)> = Vec::new();
    let mut dernier_fait: Option<NaiveDate> = None;
    let vu = |e: &&EntreeLue| match e.contenu {
        Contenu::Etape(_) => e.date < date,
        Contenu::Fait(_) => e.date <= date,
    };
    for e in entrees.iter().filter(vu) {
        match &e.contenu {
            Contenu::Etape(etape) => {
                f.derniere_etape = Some((etape.etape.clone(), e.date));
                match type_de_voie(&etape.etape) {
                    Some(t) if envoi == ConfirmationEnvoi::ALaProduction => {
                        if ajouter_evenement(
                            dossier,
                            Evenement {
                                date: e.date,
                                type_: t,
                                mode: None,
                                description: Some("produite par recouvre (registre)".into()),
                                piece: None,
                                accuse_reception: None,
                            },
                        ) {
                            f.evenements_ajoutes += 1;
                        }
                    }
                    Some(t) => en_attente.push((t, etape.etape.clone(), e.date)),
                    None => judiciaire = Some((etape.etape.clone(), e.date)),
                }
            }
            Contenu::Fait(fait) => {
                dernier_fait = dernier_fait.max(Some(e.date));
                fusionner_fait(
                    dossier,
                    e.date,
                    fait,
                    &mut f,
                    &mut en_attente,
                    &mut decisions,
                )
            }
        }
    }
    if let Some((_, etape, le)) = en_attente.last() {
        f.attente = Some(Attente::Confirmation {
            etape: etape.clone(),
            le: *le,
        });
    }
    // Before a court, the register's decisions say where the case stands.
    let derniere_decision = decisions.iter().max_by_key(|(_, d)| *d).copied();
    let jj = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let judiciaire_msg = match (derniere_decision, &judiciaire) {
        (Some((TypeEvenement::Opposition, d)), _) => Some(format!(
            "opposition formée le {} : le dossier sort de l'escalade automatique (procédure au fond devant le tribunal, CPC 1417)",
            jj(d)
        )),
        // An ordonnance not yet served: the escalation produces the letter to the
        // commissaire; once produced, the case waits for the signification.
        (Some((TypeEvenement::OrdonnanceInjonction, d)), j) => match j {
            Some((etape, le)) if etape == Voie::SignificationOrdonnance.code() && *le >= d => {
                Some(format!(
                    "lettre au commissaire de justice pour la signification de l'ordonnance du {} produite le {} : enregistrez la signification avec `recouvre registre ajouter {} signification --le DATE`",
                    jj(d),
                    jj(*le),
                    dossier.reference
                ))
            }
            _ => None,
        },
        (Some((t, d)), _) => Some(format!(
            "{} du {} enregistrée : suite de la procédure hors escalade automatique (échéances : `recouvre registre echeances`)",
            t.libelle(),
            jj(d)
        )),
        (None, Some((etape, d))) => {
            let judiciaire = [Voie::Refere.code(), Voie::Fond.code()].contains(&etape.as_str());
            if etape == Voie::Injonction.code() || judiciaire {
                let (quoi, decision) = if judiciaire {
                    (format!("étape judiciaire « {etape} »"), "jugement")
                } else {
                    (
                        "requête en injonction de payer".to_owned(),
                        "ordonnance_injonction",
                    )
                };
                Some(format!(
                    "{quoi} produite le {} : en attente de la décision ; enregistrez-la avec `recouvre registre ajouter {} {decision} --le DATE`",
                    jj(*d),
                    dossier.reference
                ))
            } else if dernier_fait.is_some_and(|f| f >= *d) {
                // A fact recorded since (payment, acknowledgment, seizure…): the case is
                // back in the escalation.
                None
            } else {
                // Saisie conservatoire, créances incontestées, conciliation, médiation,
                // échéancier: their outcome is for the user to record.
                Some(format!(
                    "étape « {etape} » produite le {} : hors escalade automatique jusqu'à ce que sa suite soit enregistrée (`recouvre registre ajouter {} TYPE --le DATE`, ou un paiement)",
                    jj(*d),
                    dossier.reference
                ))
            }
        }
        (None, None) => None,
    };
    if let Some(message) = judiciaire_msg {
        f.attente = Some(Attente::Judiciaire { message });
    }
    f
}

fn fusionner_fait(
    dossier: &mut Dossier,
    date: NaiveDate,
    fait: &Fait,
    f: &mut Fusion,
    en_attente: &mut Vec<(TypeEvenement, String, NaiveDate)>,
    decisions: &mut Vec<(TypeEvenement, NaiveDate)>,
) {
    if let Some(p) = &fait.piece {
        f.pieces.push((date, fait.type_, p.clone()));
    }
    match fait.type_ {
        TypeFait::Evenement(t) => {
            if matches!(
                t,
                TypeEvenement::OrdonnanceInjonction
                    | TypeEvenement::Signification
                    | TypeEvenement::Opposition
                    | TypeEvenement::Assignation
                    | TypeEvenement::Refere
                    | TypeEvenement::Jugement
                    | TypeEvenement::RequeteInjonction
            ) {
                decisions.push((t, date));
            }
            if ajouter_evenement(
                dossier,
                Evenement {
                    date,
                    type_: t,
                    mode: fait.mode,
                    description: fait.note.clone(),
                    piece: None,
                    accuse_reception: None,
                },
            ) {
                f.evenements_ajoutes += 1;
            }
        }
        TypeFait::Paiement => {
            let montant = fait.montant.unwrap_or(Decimal::ZERO);
            let deja = dossier
                .paiements
                .iter()
                .any(|p| p.date == date && p.montant == montant);
            if !deja && !montant.is_zero() {
                dossier.paiements.push(Paiement {
                    date,
                    montant,
                    facture: None,
                    mode: fait.mode.map(|m| m.code().to_owned()),
                    reference: fait.numero.clone(),
                });
                f.paiements_ajoutes += 1;
            }
        }
        TypeFait::Envoi => {
            // Confirms the oldest letter produced on or before the sending.
            if let Some(i) = en_attente.iter().position(|(_, _, le)| *le <= date) {
                let (t, _, _) = en_attente.remove(i);
                if ajouter_evenement(
                    dossier,
                    Evenement {
                        date,
                        type_: t,
                        mode: fait.mode,
                        description: fait.numero.clone().map(|n| format!("envoi n° {n}")),
                        piece: None,
                        accuse_reception: None,
                    },
                ) {
                    f.evenements_ajoutes += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exemple::dossier_toml;
    use crate::model::ModeEnvoi;
    use crate::registre::Etape;

    fn cas() -> Dossier {
        dossier_toml(
            "reference = \"P\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n[debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n\
             [creance]\nfondement = \"contrat\"\n[[factures]]\nnumero = \"F\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"100\"\n\
             [[evenements]]\ndate = \"2026-02-10\"\ntype = \"relance\"\n[[paiements]]\ndate = \"2026-02-12\"\nmontant = \"10\"\n",
        )
    }

    fn j(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fait(id: i64, date: &str, type_: TypeFait, montant: Option<&str>) -> EntreeLue {
        EntreeLue {
            id,
            date: j(date),
            contenu: Contenu::Fait(Fait {
                type_,
                montant: montant.map(|m| m.parse().unwrap()),
                mode: Some(ModeEnvoi::Lrar),
                numero: None,
                note: None,
                piece: None,
            }),
            created_by: String::new(),
        }
    }

    fn etape(id: i64, date: &str, code: &str) -> EntreeLue {
        EntreeLue {
            id,
            date: j(date),
            contenu: Contenu::Etape(Etape {
                etape: code.into(),
                devise: "EUR".into(),
                principal: Decimal::ZERO,
                interets: Decimal::ZERO,
                total: Decimal::ZERO,
                documents: Vec::new(),
                bundles: Vec::new(),
                empreinte: String::new(),
            }),
            created_by: String::new(),
        }
    }

    /// Same kind and date counted once; same date and amount paid once.
    #[test]
    fn the_same_event_or_payment_counts_once() {
        let mut d = cas();
        let f = fusionner(
            &mut d,
            &[
                fait(
                    1,
                    "2026-02-10",
                    TypeFait::Evenement(TypeEvenement::Relance),
                    None,
                ),
                fait(2, "2026-02-12", TypeFait::Paiement, Some("10.00")),
                fait(3, "2026-02-20", TypeFait::Paiement, Some("25.00")),
                fait(
                    4,
                    "2026-02-21",
                    TypeFait::Evenement(TypeEvenement::ReconnaissanceDeDette),
                    None,
                ),
                // After the run's date: not yet.
                fait(5, "2026-03-20", TypeFait::Paiement, Some("5.00")),
            ],
            j("2026-03-01"),
            ConfirmationEnvoi::ALaProduction,
        );
        assert_eq!(d.evenements.len(), 2);
        assert_eq!(d.paiements.len(), 2);
        assert_eq!((f.evenements_ajoutes, f.paiements_ajoutes), (1, 1));
        assert_eq!(f.attente, None);
    }

    /// A produced letter counts on its date, or once confirmed; a step produced on the
    /// run's own date is not yet history (a re-run decides the same step).
    #[test]
    fn produced_letters_and_their_confirmation() {
        let entrees = [etape(1, "2026-03-02", "relance")];
        let mut d = cas();
        fusionner(
            &mut d,
            &entrees,
            j("2026-03-02"),
            ConfirmationEnvoi::ALaProduction,
        );
        assert_eq!(d.evenements.len(), 1);
        fusionner(
            &mut d,
            &entrees,
            j("2026-03-03"),
            ConfirmationEnvoi::ALaProduction,
        );
        assert_eq!(
            d.evenements_avant(TypeEvenement::Relance, j("2026-03-03"))
                .len(),
            2
        );

        let mut d = cas();
        let f = fusionner(
            &mut d,
            &entrees,
            j("2026-03-10"),
            ConfirmationEnvoi::SurConfirmation,
        );
        assert_eq!(d.evenements.len(), 1);
        assert!(matches!(f.attente, Some(Attente::Confirmation { .. })));
        let mut d = cas();
        let entrees = [
            etape(1, "2026-03-02", "relance"),
            fait(2, "2026-03-04", TypeFait::Envoi, None),
        ];
        let f = fusionner(
            &mut d,
            &entrees,
            j("2026-03-10"),
            ConfirmationEnvoi::SurConfirmation,
        );
        assert_eq!(f.attente, None);
        let r = d.evenements_avant(TypeEvenement::Relance, j("2026-03-10"));
        assert_eq!(r.last().unwrap().date, j("2026-03-04"));
        assert_eq!(r.last().unwrap().mode, Some(ModeEnvoi::Lrar));
    }

    /// Before a court, the automatic escalation waits and says for what.
    #[test]
    fn a_court_step_waits_for_the_decision() {
        let mut d = cas();
        let f = fusionner(
            &mut d,
            &[etape(1, "2026-04-03", "injonction")],
            j("2026-04-20"),
            ConfirmationEnvoi::ALaProduction,
        );
        let Some(Attente::Judiciaire { message }) = f.attente else {
            panic!("{:?}", f.attente)
        };
        assert!(message.contains("P ordonnance_injonction"), "{message}");
        let mut d = cas();
        let f = fusionner(
            &mut d,
            &[
                etape(1, "2026-04-03", "injonction"),
                fait(
                    2,
                    "2026-05-03",
                    TypeFait::Evenement(TypeEvenement::OrdonnanceInjonction),
                    None,
                ),
                fait(
                    3,
                    "2026-06-03",
                    TypeFait::Evenement(TypeEvenement::Opposition),
                    None,
                ),
            ],
            j("2026-06-20"),
            ConfirmationEnvoi::ALaProduction,
        );
        let Some(Attente::Judiciaire { message }) = f.attente else {
            panic!()
        };
        assert!(
            message.contains("opposition formée le 03/06/2026"),
            "{message}"
        );
    }
}

//! One recovery case: a creditor, a debtor, the invoices and what happened since.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::de;
use super::{
    Creance, Echeancier, Evenement, Facture, Intervenant, Juridiction, Mandataire, ModeInterets,
    Paiement, Partie, Piece, Procedure, ProcedureCollective, TypeEvenement,
};

/// One recovery case: a creditor, a debtor, the invoices and what happened since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    pub reference: String,
    #[serde(
        default,
        deserialize_with = "de::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub arrete_au: Option<NaiveDate>,
    pub creancier: Partie,
    pub debiteur: Partie,
    #[serde(default)]
    pub creance: Creance,
    #[serde(default)]
    pub factures: Vec<Facture>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paiements: Vec<Paiement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evenements: Vec<Evenement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<Piece>,
    /// The step to produce; default: the next step the history calls for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
    /// The court seized; without it judicial documents are drafts (projet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub juridiction: Option<Juridiction>,
    /// Who writes to the debtor for the creditor: an avocat or a collection agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandataire: Option<Mandataire>,
    /// The creditor's avocat (constituted when representation is mandatory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avocat: Option<Intervenant>,
    /// The commissaire de justice who will serve the acts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissaire: Option<Intervenant>,
    /// The debtor's collective procedure: the claim is declared, not sued for (L622-21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_collective: Option<ProcedureCollective>,
    /// A payment plan the debtor signs with its acknowledgment of the debt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub echeancier: Option<Echeancier>,
    /// The conciliateur de justice seized (`voie = "conciliation"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conciliateur: Option<Intervenant>,
}

impl Dossier {
    /// Both parties are professionals: L441-10 penalties and the fixed indemnity apply.
    pub fn entre_professionnels(&self) -> bool {
        self.creancier.nature.est_professionnel() && self.debiteur.nature.est_professionnel()
    }

    /// The interest mode, with its default (LAW.md §1: `l441-10` between professionals,
    /// else `legal`).
    pub fn mode_interets(&self) -> ModeInterets {
        self.creance
            .interets
            .unwrap_or(if self.entre_professionnels() {
                ModeInterets::L441_10
            } else {
                ModeInterets::Legal
            })
    }

    /// The debtor is under a collective procedure (`[procedure_collective]`, or only
    /// `debiteur.procedure_collective = true`): no action for payment (C. com. L622-21).
    pub fn en_procedure_collective(&self) -> bool {
        self.procedure_collective.is_some() || self.debiteur.procedure_collective == Some(true)
    }

    /// The day the décompte stops: the opening judgment stops the interest (C. com.
    /// L622-28, L641-3) and fixes the claim to declare (L622-25); else the arrêté.
    pub fn arret_des_comptes(&self, arrete: NaiveDate) -> NaiveDate {
        match self
            .procedure_collective
            .as_ref()
            .and_then(|p| p.jugement_ouverture)
        {
            Some(j) if j < arrete => j,
            _ => arrete,
        }
    }

    /// The ordonnance portant injonction de payer not yet served at `date`: the last one
    /// recorded, when no signification or opposition follows it.
    pub fn ordonnance_a_signifier(&self, date: NaiveDate) -> Option<NaiveDate> {
        let o = self
            .evenements_avant(TypeEvenement::OrdonnanceInjonction, date)
            .last()?
            .date;
        let suivie = [TypeEvenement::Signification, TypeEvenement::Opposition]
            .into_iter()
            .any(|t| self.evenements_avant(t, date).iter().any(|e| e.date >= o));
        (!suivie).then_some(o)
    }

    /// The events of a kind on or before `date`, oldest first (file order for a tie): the
    /// one reading of the history for the escalation, the décompte and the documents.
    pub fn evenements_avant(&self, type_: TypeEvenement, date: NaiveDate) -> Vec<&Evenement> {
        let mut v: Vec<&Evenement> = self
            .evenements
            .iter()
            .filter(|e| e.type_ == type_ && e.date <= date)
            .collect();
        v.sort_by_key(|e| e.date);
        v
    }

    /// The first mise en demeure on or before `date` (C. civ. 1344: it starts legal interest).
    pub fn premiere_mise_en_demeure(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.evenements_avant(TypeEvenement::MiseEnDemeure, date)
            .first()
            .map(|e| e.date)
    }
}

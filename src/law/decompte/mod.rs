//! The décompte de créance: principal, interest, indemnities and clause pénale at a date,
//! by the conventions of LAW.md §1 (checked to the cent).

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

use super::tables::{LoiError, Semestre, TablesLoi};
use crate::diagnostic::{chemin, Diagnostic};
use crate::format::{date_fr, montant_fr, taux_fr};
use crate::law::Cle;
use crate::model::{Dossier, Facture, ModeInterets, Nature};

mod arithmetique;
pub mod controles;
mod methode;
mod types;

pub use arithmetique::{au_centime, interet_periode};
pub use controles::controler_montants;
use methode::Methode;
pub use types::{
    Capitalisation, Decompte, Imputation, LigneFacture, NonExigible, Periode, RegleTaux, Resultat,
};

// --- the engine -------------------------------------------------------------------------

struct Regime<'a> {
    mode: ModeInterets,
    entre_pros: bool,
    creancier_particulier: bool,
    taux_contractuel: Decimal,
    tables: &'a TablesLoi,
}

impl Regime<'_> {
    /// The rate of a half-year and its rule (LAW.md §1 "Modes").
    fn taux(
        &self,
        s: Semestre,
        planchers: &mut BTreeSet<Semestre>,
    ) -> Result<(Decimal, RegleTaux), LoiError> {
        match self.mode {
            // C. com. L441-10 II: ECB rate in force on 1 January / 1 July, plus the
            // majoration in force then.
            ModeInterets::L441_10 => Ok((
                self.tables.taux_bce(s)?.taux
                    + self
                        .tables
                        .valeur_au(Cle::MajorationL441_10, s.premier_jour())?
                        .valeur,
                RegleTaux::Bce,
            )),
            // C. civ. 1231-6; C. mon. fin. L313-2: column A for a creditor natural person.
            ModeInterets::Legal => {
                let t = self.tables.taux_legal(s)?;
                Ok(if self.creancier_particulier {
                    (t.particulier, RegleTaux::LegalA)
                } else {
                    (t.autres, RegleTaux::LegalB)
                })
            }
            ModeInterets::Contractuel => {
                if self.entre_pros {
                    // C. com. L441-10 II: between professionals, never below a multiple of
                    // the legal rate (column B) of the half-year.
                    let plancher = self.tables.taux_legal(s)?.autres
                        * self
                            .tables
                            .valeur_au(Cle::PlancherContractuel, s.premier_jour())?
                            .valeur;
                    if self.taux_contractuel < plancher {
                        planchers.insert(s);
                        return Ok((plancher, RegleTaux::Plancher));
                    }
                }
                Ok((self.taux_contractuel, RegleTaux::Contractuel))
            }
            ModeInterets::Aucun => Ok((Decimal::ZERO, RegleTaux::Aucun)),
        }
    }
}

struct EtatFacture<'a> {
    index: usize,
    facture: &'a Facture,
    echeance: NaiveDate,
    /// Interest runs from the day after this date (None: no interest).
    debut: Option<NaiveDate>,
    principal: Decimal,
    interets_dus: Decimal,
    interets_courus: Decimal,
    /// Interest has been computed through this day.
    curseur: NaiveDate,
    periodes: Vec<Periode>,
    paye: Decimal,
    /// Day the principal was fully paid.
    solde_le: Option<NaiveDate>,
    imputations: Vec<Imputation>,
    /// C. civ. 1343-2: interest is capitalised on each anniversary of this date (the demand).
    capitalisation_depuis: Option<NaiveDate>,
    capitalisations: Vec<Capitalisation>,
}

/// Splits `(debut, fin]` at every 30 June / 31 December.
fn segments(debut: NaiveDate, fin: NaiveDate) -> Vec<(NaiveDate, NaiveDate, Semestre)> {
    let mut v = Vec::new();
    let mut a = debut;
    while a < fin {
        let Some(lendemain) = a.succ_opt() else { break };
        let s = Semestre::de(lendemain);
        let b = s.dernier_jour().min(fin);
        v.push((a, b, s));
        a = b;
    }
    v
}

impl EtatFacture<'_> {
    fn periodes_jusqu_a(
        &self,
        fin: NaiveDate,
        regime: &Regime,
        planchers: &mut BTreeSet<Semestre>,
    ) -> Result<Vec<Periode>, LoiError> {
        if self.debut.is_none() || fin <= self.curseur || self.principal <= Decimal::ZERO {
            return Ok(Vec::new());
        }
        let mut v = Vec::new();
        for (a, b, s) in segments(self.curseur, fin) {
            let (taux, regle) = regime.taux(s, planchers)?;
            let jours = (b - a).num_days();
            v.push(Periode {
                du: a.succ_opt().unwrap_or(a),
                au: b,
                jours,
                taux,
                assiette: self.principal,
                interets: interet_periode(self.principal, taux, jours),
                regle,
            });
        }
        Ok(v)
    }

    /// What the invoice owes at `date`: interest accrued and unpaid, then principal.
    fn du_a(&self, date: NaiveDate, regime: &Regime) -> Result<Decimal, LoiError> {
        let courus: Decimal = self
            .periodes_jusqu_a(date, regime, &mut BTreeSet::new())?
            .iter()
            .map(|p| p.interets)
            .sum();
        Ok(self.interets_dus + courus + self.principal)
    }

    /// Closes the periods up to `date` (a cut at `date`).
    fn avancer(
        &mut self,
        date: NaiveDate,
        regime: &Regime,
        planchers: &mut BTreeSet<Semestre>,
    ) -> Result<(), LoiError> {
        let nouvelles = self.periodes_jusqu_a(date, regime, planchers)?;
        for p in &nouvelles {
            self.interets_dus += p.interets;
            self.interets_courus += p.interets;
        }
        self.periodes.extend(nouvelles);
        if date > self.curseur {
            self.curseur = date;
        }
        Ok(())
    }

    /// C. civ. 1343-2: on each anniversary of the demand up to `date`, the interest then due
    /// (for a whole year at least) is added to the principal and bears interest in turn.
    fn capitaliser_jusqu_a(
        &mut self,
        date: NaiveDate,
        regime: &Regime,
        planchers: &mut BTreeSet<Semestre>,
    ) -> Result<(), LoiError> {
        let Some(depart) = self.capitalisation_depuis else {
            return Ok(());
        };
        for annee in 1u32.. {
            let Some(anniversaire) = depart.checked_add_months(Months::new(12 * annee)) else {
                break;
            };
            if anniversaire > date {
                break;
            }
            if anniversaire <= self.curseur
                || self.capitalisations.iter().any(|c| c.date == anniversaire)
            {
                continue;
            }
            self.avancer(anniversaire, regime, planchers)?;
            let montant = au_centime(self.interets_dus);
            if montant > Decimal::ZERO {
                self.principal += montant;
                self.interets_dus -= montant;
                self.capitalisations.push(Capitalisation {
                    date: anniversaire,
                    montant,
                });
            }
        }
        Ok(())
    }

    /// C. civ. 1343-1: a payment settles the interest accrued first, then the principal.
    fn imputer(
        &mut self,
        paiement: usize,
        date: NaiveDate,
        montant: Decimal,
        regime: &Regime,
        planchers: &mut BTreeSet<Semestre>,
    ) -> Result<(), LoiError> {
        self.capitaliser_jusqu_a(date, regime, planchers)?;
        self.avancer(date, regime, planchers)?;
        let sur_interets = montant.min(self.interets_dus);
        let sur_principal = montant - sur_interets;
        self.interets_dus -= sur_interets;
        self.principal -= sur_principal;
        self.paye += montant;
        if self.principal <= Decimal::ZERO && self.solde_le.is_none() {
            self.solde_le = Some(date);
        }
        self.imputations.push(Imputation {
            date,
            paiement,
            montant,
            sur_interets,
            sur_principal,
        });
        Ok(())
    }
}

fn erreur_loi(e: LoiError) -> Diagnostic {
    let aide = e.aide();
    Diagnostic::erreur("", e.to_string()).aide(aide)
}

/// Computes the décompte of `dossier` at `arrete` (LAW.md §1).
///
/// Expects a case that passed validation; still never panics on one that did not: it then
/// returns the problems as diagnostics.
pub fn calculer(
    dossier: &Dossier,
    arrete: NaiveDate,
    tables: &TablesLoi,
) -> Result<Resultat, Vec<Diagnostic>> {
    let mut erreurs = Vec::new();
    let mut avertissements = Vec::new();
    let mode = dossier.mode_interets();
    let entre_pros = dossier.entre_professionnels();
    let taux_contractuel = dossier.creance.taux_contractuel.unwrap_or_default();
    // Bounded amounts and rates keep every product below Decimal's range: no overflow.
    erreurs.extend(
        controler_montants(dossier, arrete, tables)
            .into_iter()
            .filter(Diagnostic::est_erreur),
    );
    let regime = Regime {
        mode,
        entre_pros,
        creancier_particulier: dossier.creancier.nature == Nature::Particulier,
        taux_contractuel,
        tables,
    };

    // C. civ. 1231-6, 1344-1: legal interest runs from the mise en demeure.
    let mise_en_demeure = dossier.premiere_mise_en_demeure(arrete);
    // C. civ. 1343-2: capitalisation runs yearly from the demand (the first mise en demeure).
    let capitalisation_depuis = if dossier.creance.capitalisation == Some(true) {
        if mise_en_demeure.is_none() && mode != ModeInterets::Aucun {
            avertissements.push(
                Diagnostic::avertissement(
                    "creance.capitalisation",
                    "capitalisation des intérêts demandée sans mise en demeure : elle court de la demande, aucune n'est comptée au décompte",
                )
                .aide("ajoutez l'événement type = \"mise_en_demeure\" ; à défaut, la capitalisation courra de la demande en justice (C. civ. art. 1343-2)"),
            );
        }
        mise_en_demeure
    } else {
        None
    };
    let mut etats = Vec::new();
    for (i, f) in dossier.factures.iter().enumerate() {
        let Some(echeance) = f.echeance else {
            erreurs.push(controles::echeance_manquante(i, &f.numero));
            continue;
        };
        let debut = match mode {
            // C. com. L441-10 II: penalties are due from the day after the échéance.
            ModeInterets::L441_10 | ModeInterets::Contractuel => Some(echeance),
            ModeInterets::Legal => mise_en_demeure.map(|m| m.max(echeance)),
            ModeInterets::Aucun => None,
        };
        etats.push(EtatFacture {
            index: i,
            facture: f,
            echeance,
            debut,
            principal: f.montant,
            interets_dus: Decimal::ZERO,
            interets_courus: Decimal::ZERO,
            curseur: debut.unwrap_or(echeance),
            periodes: Vec::new(),
            paye: Decimal::ZERO,
            solde_le: None,
            imputations: Vec::new(),
            capitalisation_depuis: capitalisation_depuis.filter(|_| debut.is_some()),
            capitalisations: Vec::new(),
        });
    }
    if !erreurs.is_empty() {
        return Err(erreurs);
    }
    if mode == ModeInterets::Legal && mise_en_demeure.is_none() {
        avertissements.push(
            Diagnostic::avertissement(
                "creance.interets",
                "intérêts au taux légal sans mise en demeure : aucun intérêt n'est compté",
            )
            .aide("les intérêts légaux courent à compter de la mise en demeure (C. civ. 1231-6, 1344-1) : ajoutez l'événement type = \"mise_en_demeure\" une fois la lettre envoyée"),
        );
    }

    // C. civ. 1342-10: payments are imputed in date order, explicit ones to their invoice,
    // the others to the invoices by échéance, then file order.
    let mut ordre_paiements: Vec<usize> = Vec::new();
    for (i, p) in dossier.paiements.iter().enumerate() {
        if p.date > arrete {
            avertissements.push(Diagnostic::avertissement(
                chemin("paiements", i, "date"),
                format!(
                    "paiement du {} postérieur à l'arrêté du {} : non pris en compte",
                    date_fr(p.date),
                    date_fr(arrete)
                ),
            ));
        } else if p.montant > Decimal::ZERO {
            ordre_paiements.push(i);
        }
    }
    ordre_paiements.sort_by_key(|&i| (dossier.paiements[i].date, i));
    let mut ordre_factures: Vec<usize> = (0..etats.len()).collect();
    ordre_factures.sort_by_key(|&k| (etats[k].echeance, etats[k].index));
    let mut planchers = BTreeSet::new();

    for pi in ordre_paiements {
        let p = &dossier.paiements[pi];
        let mut reste = p.montant;
        let mut du_total = Decimal::ZERO;
        let cibles: Vec<usize> = match &p.facture {
            Some(numero) => match etats.iter().position(|e| &e.facture.numero == numero) {
                Some(k) => vec![k],
                None => {
                    erreurs.push(
                        Diagnostic::erreur(chemin("paiements", pi, "facture"), format!("le paiement vise la facture « {numero} », absente du dossier"))
                            .aide("corrigez le numéro ou retirez la clé facture pour une imputation automatique"),
                    );
                    continue;
                }
            },
            None => ordre_factures.clone(),
        };
        for k in cibles {
            if reste <= Decimal::ZERO {
                break;
            }
            // Anniversaries before the payment compound first (C. civ. 1343-2).
            etats[k]
                .capitaliser_jusqu_a(p.date, &regime, &mut planchers)
                .map_err(|e| vec![erreur_loi(e)])?;
            let du = etats[k]
                .du_a(p.date, &regime)
                .map_err(|e| vec![erreur_loi(e)])?;
            du_total += du;
            if du <= Decimal::ZERO {
                continue;
            }
            let part = reste.min(du);
            etats[k]
                .imputer(pi, p.date, part, &regime, &mut planchers)
                .map_err(|e| vec![erreur_loi(e)])?;
            reste -= part;
        }
        if reste > Decimal::ZERO {
            let vise = match &p.facture {
                Some(n) => format!("la facture {n}"),
                None => "l'ensemble des factures".to_owned(),
            };
            erreurs.push(
                Diagnostic::erreur(
                    chemin("paiements", pi, "montant"),
                    format!(
                        "le paiement de {} du {} dépasse de {} ce que devait {vise} à cette date ({} intérêts compris)",
                        montant_fr(p.montant),
                        date_fr(p.date),
                        montant_fr(reste),
                        montant_fr(du_total),
                    ),
                )
                .aide("vérifiez le montant, la date et la facture imputée ; un trop-perçu n'est pas une créance et ne peut être reporté en silence"),
            );
        }
    }
    if !erreurs.is_empty() {
        return Err(erreurs);
    }

    // C. com. L441-10 II, D441-5: a fixed indemnity per invoice paid late, only between
    // professionals; the amount in force on the day after the échéance.
    let indemnite_due = entre_pros && dossier.creance.indemnite_forfaitaire != Some(false);

    let mut factures = Vec::new();
    let mut non_exigibles = Vec::new();
    for mut e in etats {
        // An invoice whose échéance is on or after the arrêté is not claimed.
        if e.echeance >= arrete {
            avertissements.push(Diagnostic::avertissement(
                chemin("factures", e.index, "echeance"),
                format!(
                    "facture {} non échue au {} (échéance {}) : exclue du décompte",
                    e.facture.numero,
                    date_fr(arrete),
                    date_fr(e.echeance)
                ),
            ));
            non_exigibles.push(NonExigible {
                numero: e.facture.numero.clone(),
                echeance: e.echeance,
                montant: au_centime(e.facture.montant),
                paye: au_centime(e.paye),
            });
            continue;
        }
        e.capitaliser_jusqu_a(arrete, &regime, &mut planchers)
            .map_err(|err| vec![erreur_loi(err)])?;
        e.avancer(arrete, &regime, &mut planchers)
            .map_err(|err| vec![erreur_loi(err)])?;
        let en_retard = e.solde_le.is_none_or(|d| d > e.echeance);
        let indemnite = if indemnite_due && en_retard {
            let lendemain = e.echeance.succ_opt().unwrap_or(e.echeance);
            tables
                .valeur_au(Cle::IndemniteForfaitaire, lendemain)
                .map_err(|err| vec![erreur_loi(err)])?
                .valeur
        } else {
            Decimal::ZERO
        };
        factures.push(LigneFacture {
            numero: e.facture.numero.clone(),
            montant: au_centime(e.facture.montant),
            paye: au_centime(e.paye),
            principal: au_centime(e.principal),
            interets: au_centime(e.interets_dus),
            indemnite: au_centime(indemnite),
            periodes: e.periodes,
            date: e.facture.date,
            echeance: e.echeance,
            interets_courus: au_centime(e.interets_courus),
            imputations: e.imputations,
            capitalisations: e.capitalisations,
        });
    }

    for s in &planchers {
        let b = tables
            .taux_legal(*s)
            .map_err(|e| vec![erreur_loi(e)])?
            .autres;
        let mult = tables
            .valeur_au(Cle::PlancherContractuel, s.premier_jour())
            .map_err(|e| vec![erreur_loi(e)])?;
        avertissements.push(
            Diagnostic::avertissement(
                "creance.taux_contractuel",
                format!(
                    "taux contractuel {} inférieur au plancher de {} × {} = {} pour {} : le plancher s'applique",
                    taux_fr(taux_contractuel),
                    mult.valeur.normalize(),
                    taux_fr(b),
                    taux_fr(b * mult.valeur),
                    s
                ),
            )
            .aide(format!(
                "entre professionnels, le taux des pénalités ne peut être inférieur à {} le taux de l'intérêt légal ({})",
                mult.en_texte(),
                mult.source.texte
            )),
        );
    }
    if dossier.creance.indemnite_forfaitaire == Some(true) && !entre_pros {
        avertissements.push(
            Diagnostic::avertissement(
                "creance.indemnite_forfaitaire",
                "indemnité forfaitaire pour frais de recouvrement non due : elle ne s'applique qu'entre professionnels",
            )
            .aide("retirez la clé ; face à un consommateur les frais de recouvrement amiable restent à la charge du créancier (CPCE L111-8)"),
        );
    }

    let principal: Decimal = factures.iter().map(|f| f.principal).sum();
    let interets: Decimal = factures.iter().map(|f| f.interets).sum();
    let indemnites: Decimal = factures.iter().map(|f| f.indemnite).sum();
    // C. civ. 1231-5: a % of the unpaid principal; the judge may moderate it.
    let clause_penale = dossier
        .creance
        .clause_penale
        .map(|pct| au_centime(principal * pct / Decimal::ONE_HUNDRED))
        .unwrap_or(Decimal::ZERO);
    let total = principal + interets + indemnites + clause_penale;
    let methode = Methode {
        mode,
        creancier_particulier: regime.creancier_particulier,
        entre_pros,
        taux_contractuel,
        clause_penale: dossier.creance.clause_penale.is_some(),
        indemnite: indemnite_due,
        capitalisation: capitalisation_depuis.is_some(),
    }
    .texte(tables, arrete)
    .map_err(|e| vec![erreur_loi(e)])?;
    let decompte = Decompte {
        reference: dossier.reference.clone(),
        arrete_au: arrete,
        devise: dossier.creance.devise().to_owned(),
        principal: au_centime(principal),
        interets: au_centime(interets),
        indemnites: au_centime(indemnites),
        clause_penale: au_centime(clause_penale),
        total: au_centime(total),
        factures,
        non_exigibles,
        mode_interets: mode,
        taux_clause_penale: dossier.creance.clause_penale,
        methode,
    };
    Ok(Resultat {
        decompte,
        avertissements,
    })
}

#[cfg(test)]
mod tests;

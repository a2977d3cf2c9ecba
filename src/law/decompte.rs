//! The décompte de créance: principal, interest, indemnities and clause pénale at a date,
//! by the conventions of LAW.md §1 (checked to the cent).

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use std::collections::BTreeSet;

use super::tables::{LoiError, Semestre, TablesLoi};
use crate::diagnostic::{chemin, Diagnostic};
use crate::format::{date_fr, deux_decimales, montant_fr, taux_fr, taux_texte};
use crate::model::{Dossier, Facture, ModeInterets, Nature};

/// The statement of account (DESIGN.md "Décompte JSON"; extra keys after the contract's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decompte {
    pub reference: String,
    pub arrete_au: NaiveDate,
    pub devise: String,
    #[serde(serialize_with = "ser_montant")]
    pub principal: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub interets: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub indemnites: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub clause_penale: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub total: Decimal,
    pub factures: Vec<LigneFacture>,
    /// Invoices whose échéance is on or after the arrêté: not claimed.
    pub non_exigibles: Vec<NonExigible>,
    #[serde(serialize_with = "ser_mode")]
    pub mode_interets: ModeInterets,
    #[serde(
        serialize_with = "ser_taux_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub taux_clause_penale: Option<Decimal>,
    /// The method of calculation in plain French, printed in every décompte (LAW.md rule 3).
    pub methode: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LigneFacture {
    pub numero: String,
    #[serde(serialize_with = "ser_montant")]
    pub montant: Decimal,
    /// What was imputed to this invoice.
    #[serde(serialize_with = "ser_montant")]
    pub paye: Decimal,
    /// Principal still due at the arrêté.
    #[serde(serialize_with = "ser_montant")]
    pub principal: Decimal,
    /// Interest still due at the arrêté (accrued minus paid).
    #[serde(serialize_with = "ser_montant")]
    pub interets: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub indemnite: Decimal,
    pub periodes: Vec<Periode>,
    pub date: NaiveDate,
    pub echeance: NaiveDate,
    /// Interest accrued over all periods, paid or not.
    #[serde(serialize_with = "ser_montant")]
    pub interets_courus: Decimal,
    pub imputations: Vec<Imputation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Periode {
    pub du: NaiveDate,
    pub au: NaiveDate,
    pub jours: i64,
    #[serde(serialize_with = "ser_taux")]
    pub taux: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub assiette: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub interets: Decimal,
    /// Where the rate comes from: `bce+10`, `legal-a`, `legal-b`, `contractuel`, `plancher`.
    pub regle: &'static str,
}

/// One payment's share in one invoice (C. civ. 1343-1: interest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imputation {
    pub date: NaiveDate,
    /// Index of the payment in the case file.
    pub paiement: usize,
    #[serde(serialize_with = "ser_montant")]
    pub montant: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub sur_interets: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub sur_principal: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NonExigible {
    pub numero: String,
    pub echeance: NaiveDate,
    #[serde(serialize_with = "ser_montant")]
    pub montant: Decimal,
    #[serde(serialize_with = "ser_montant")]
    pub paye: Decimal,
}

/// A computed décompte and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Resultat {
    pub decompte: Decompte,
    pub avertissements: Vec<Diagnostic>,
}

// --- serialization: amounts with exactly two decimals -----------------------------------

fn ser_montant<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&deux_decimales(*d))
}

fn ser_taux<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&taux_texte(*d))
}

fn ser_taux_opt<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser_taux(d, s),
        None => s.serialize_none(),
    }
}

fn ser_mode<S: Serializer>(m: &ModeInterets, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(m.code())
}

// --- arithmetic -----------------------------------------------------------------------

/// Rounds half-up to the cent (amounts here are never negative).
pub fn au_centime(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Simple interest of one period, base 365 even in leap years (service-public F783):
/// assiette × taux × jours / 36 500, rounded half-up to the cent, computed exactly.
pub fn interet_periode(assiette: Decimal, taux: Decimal, jours: i64) -> Decimal {
    let num = assiette * taux * Decimal::from(jours);
    exact_sur_36500(num).unwrap_or_else(|| au_centime(num / Decimal::from(36_500)))
}

/// num / 36 500 rounded half-up to the cent with integer arithmetic (no 28-digit truncation).
fn exact_sur_36500(num: Decimal) -> Option<Decimal> {
    let m = num.mantissa();
    let d = 36_500i128.checked_mul(10i128.checked_pow(num.scale())?)?;
    let n = m.checked_mul(100)?;
    let deux_d = d.checked_mul(2)?;
    let cents = n.checked_mul(2)?.checked_add(d)?.div_euclid(deux_d);
    Decimal::try_from_i128_with_scale(cents, 2).ok()
}

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
    ) -> Result<(Decimal, &'static str), LoiError> {
        match self.mode {
            // C. com. L441-10 II: ECB rate in force on 1 January / 1 July + 10 points.
            ModeInterets::L441_10 => Ok((
                self.tables.taux_bce(s)?.taux + self.tables.valeur("majoration_l441_10")?,
                "bce+10",
            )),
            // C. civ. 1231-6; C. mon. fin. L313-2: column A for a creditor natural person.
            ModeInterets::Legal => {
                let t = self.tables.taux_legal(s)?;
                Ok(if self.creancier_particulier {
                    (t.particulier, "legal-a")
                } else {
                    (t.autres, "legal-b")
                })
            }
            ModeInterets::Contractuel => {
                if self.entre_pros {
                    // C. com. L441-10 II: never below 3 × the legal rate between professionals.
                    let plancher = self.tables.taux_legal(s)?.autres
                        * self.tables.valeur("plancher_contractuel")?;
                    if self.taux_contractuel < plancher {
                        planchers.insert(s);
                        return Ok((plancher, "plancher"));
                    }
                }
                Ok((self.taux_contractuel, "contractuel"))
            }
            ModeInterets::Aucun => Ok((Decimal::ZERO, "aucun")),
        }
    }
}

struct Etat<'a> {
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

impl Etat<'_> {
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

    /// C. civ. 1343-1: a payment settles the interest accrued first, then the principal.
    fn imputer(
        &mut self,
        paiement: usize,
        date: NaiveDate,
        montant: Decimal,
        regime: &Regime,
        planchers: &mut BTreeSet<Semestre>,
    ) -> Result<(), LoiError> {
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
        controler_montants(dossier, tables)
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
    let mut etats = Vec::new();
    for (i, f) in dossier.factures.iter().enumerate() {
        let Some(echeance) = f.echeance else {
            erreurs.push(
                Diagnostic::erreur(chemin("factures", i, "echeance"), format!("échéance manquante pour la facture {}", f.numero))
                    .aide("indiquez la date d'échéance imprimée sur la facture (echeance = \"AAAA-MM-JJ\")"),
            );
            continue;
        };
        let debut = match mode {
            // C. com. L441-10 II: penalties are due from the day after the échéance.
            ModeInterets::L441_10 | ModeInterets::Contractuel => Some(echeance),
            ModeInterets::Legal => mise_en_demeure.map(|m| m.max(echeance)),
            ModeInterets::Aucun => None,
        };
        etats.push(Etat {
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

    let indemnite_unitaire = tables
        .valeur("indemnite_forfaitaire")
        .map_err(|e| vec![erreur_loi(e)])?;
    // C. com. L441-10 II, D441-5: 40 € per invoice paid late, only between professionals.
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
        e.avancer(arrete, &regime, &mut planchers)
            .map_err(|err| vec![erreur_loi(err)])?;
        let en_retard = e.solde_le.is_none_or(|d| d > e.echeance);
        let indemnite = if indemnite_due && en_retard {
            indemnite_unitaire
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
        });
    }

    for s in &planchers {
        let b = tables.taux_legal(*s).map(|t| t.autres).unwrap_or_default();
        let mult = tables.valeur("plancher_contractuel").unwrap_or_default();
        avertissements.push(
            Diagnostic::avertissement(
                "creance.taux_contractuel",
                format!(
                    "taux contractuel {} inférieur au plancher de {} × {} = {} pour {} : le plancher s'applique",
                    taux_fr(taux_contractuel),
                    mult.normalize(),
                    taux_fr(b),
                    taux_fr(b * mult),
                    s
                ),
            )
            .aide("entre professionnels, le taux des pénalités ne peut être inférieur à trois fois le taux de l'intérêt légal (C. com. L441-10 II)"),
        );
    }
    if dossier.creance.indemnite_forfaitaire == Some(true) && !entre_pros {
        avertissements.push(
            Diagnostic::avertissement(
                "creance.indemnite_forfaitaire",
                "indemnité forfaitaire de 40 € non due : elle ne s'applique qu'entre professionnels",
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
        methode: methode(
            mode,
            &regime,
            dossier.creance.clause_penale.is_some(),
            indemnite_due,
        ),
    };
    Ok(Resultat {
        decompte,
        avertissements,
    })
}

/// Amounts positive with at most two decimals and below the sanity ceiling; rates within
/// their range. Validation reports these; the computation refuses to run without them.
pub fn controler_montants(d: &Dossier, tables: &TablesLoi) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let plafond = tables
        .valeur("plafond_montant")
        .unwrap_or(Decimal::from(1_000_000_000_000i64));
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

/// The method of calculation, in French, as the décompte prints it (LAW.md rule 3).
fn methode(mode: ModeInterets, regime: &Regime, clause: bool, indemnite: bool) -> String {
    let taux = match mode {
        ModeInterets::L441_10 => "Pénalités de retard au taux de refinancement de la BCE en vigueur au 1er janvier ou au 1er juillet, majoré de 10 points (C. com. art. L441-10 II), dues à compter du lendemain de l'échéance, sans rappel.".to_owned(),
        ModeInterets::Legal => format!(
            "Intérêts au taux de l'intérêt légal de chaque semestre ({}), à compter du lendemain de la première mise en demeure (C. civ. art. 1231-6 et 1344-1).",
            if regime.creancier_particulier { "taux des créances des particuliers" } else { "taux des autres cas" }
        ),
        ModeInterets::Contractuel => format!(
            "Intérêts au taux contractuel de {} l'an à compter du lendemain de l'échéance{}.",
            taux_fr(regime.taux_contractuel),
            if regime.entre_pros { ", sans pouvoir être inférieur à trois fois le taux de l'intérêt légal (C. com. art. L441-10 II)" } else { "" }
        ),
        ModeInterets::Aucun => "Aucun intérêt de retard n'est réclamé.".to_owned(),
    };
    let mut m = taux;
    if mode != ModeInterets::Aucun {
        m.push_str(" Intérêts simples calculés jour par jour sur une base de 365 jours (montant × taux × jours / 36 500), par périodes courant du lendemain de leur date de départ au dernier jour inclus, coupées au 30 juin, au 31 décembre et à chaque paiement, chaque période étant arrondie au centime le plus proche.");
    }
    m.push_str(" Les paiements sont imputés d'abord sur les intérêts échus puis sur le principal (C. civ. art. 1343-1) et, sauf imputation convenue, sur les factures dans l'ordre de leurs échéances (C. civ. art. 1342-10).");
    if indemnite {
        m.push_str(" Indemnité forfaitaire pour frais de recouvrement de 40 € par facture payée en retard (C. com. art. L441-10 II et D441-5).");
    }
    if clause {
        m.push_str(" Clause pénale calculée sur le principal restant dû ; le juge peut la modérer (C. civ. art. 1231-5).");
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exemple::dossier_toml;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn jour(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn tables() -> TablesLoi {
        TablesLoi::embarquees().unwrap()
    }

    fn dossier(creancier: &str, debiteur: &str, creance: &str, reste: &str) -> Dossier {
        let partie = |nature: &str| {
            if nature == "particulier" {
                "nature = \"particulier\"\nnom = \"Durand\"\nprenoms = \"Léa\"".to_owned()
            } else {
                format!("nature = \"{nature}\"\ndenomination = \"X\"")
            }
        };
        let t = format!(
            "reference = \"T\"\n[creancier]\n{}\n[debiteur]\n{}\n[creance]\n{creance}\n{reste}",
            partie(creancier),
            partie(debiteur)
        );
        dossier_toml(&t)
    }

    fn calc(d: &Dossier, arrete: &str) -> Decompte {
        calculer(d, jour(arrete), &tables()).unwrap().decompte
    }

    /// LAW.md V1 (C. com. L441-10 II): 10 000 € due 15/01/2025, arrêté 15/03/2025 →
    /// 59 days at 13.15 % = 212.56 €, plus 40 € (D441-5).
    #[test]
    fn v1_l441_10_single_half_year() {
        let x = dossier("societe", "societe", "interets = \"l441-10\"",
            "[[factures]]\nnumero = \"V1\"\ndate = \"2024-12-16\"\necheance = \"2025-01-15\"\nmontant = \"10000\"");
        let r = calc(&x, "2025-03-15");
        let f = &r.factures[0];
        assert_eq!(f.periodes.len(), 1);
        assert_eq!(f.periodes[0].jours, 59);
        assert_eq!(f.periodes[0].taux, d("13.15"));
        assert_eq!(f.interets, d("212.56"));
        assert_eq!(f.indemnite, d("40.00"));
        assert_eq!(r.total, d("10252.56"));
    }

    /// LAW.md V2 (L441-10 across half-years): 5 000 € due 15/06/2025, arrêté 31/07/2025 →
    /// 27.02 € (15 d at 13.15 %) + 51.60 € (31 d at 12.15 %) = 78.62 €.
    #[test]
    fn v2_l441_10_across_half_years() {
        let x = dossier("societe", "societe", "",
            "[[factures]]\nnumero = \"V2\"\ndate = \"2025-05-15\"\necheance = \"2025-06-15\"\nmontant = \"5000\"");
        let r = calc(&x, "2025-07-31");
        let p = &r.factures[0].periodes;
        assert_eq!(
            (p[0].jours, p[0].taux, p[0].interets),
            (15, d("13.15"), d("27.02"))
        );
        assert_eq!(
            (p[1].jours, p[1].taux, p[1].interets),
            (31, d("12.15"), d("51.60"))
        );
        assert_eq!(r.interets, d("78.62"));
    }

    /// LAW.md V3 (C. civ. 1231-6, column B): 20 000 €, mise en demeure 04/11/2024, arrêté
    /// 28/02/2025 → 153.67 € (57 d at 4.92 %) + 119.94 € (59 d at 3.71 %) = 273.61 €.
    #[test]
    fn v3_legal_rate_company_creditor() {
        let x = dossier("societe", "particulier", "interets = \"legal\"",
            "[[factures]]\nnumero = \"V3\"\ndate = \"2024-09-01\"\necheance = \"2024-10-01\"\nmontant = \"20000\"\n\
             [[evenements]]\ndate = \"2024-11-04\"\ntype = \"mise_en_demeure\"");
        let r = calc(&x, "2025-02-28");
        let p = &r.factures[0].periodes;
        assert_eq!(
            (p[0].jours, p[0].taux, p[0].interets),
            (57, d("4.92"), d("153.67"))
        );
        assert_eq!(
            (p[1].jours, p[1].taux, p[1].interets),
            (59, d("3.71"), d("119.94"))
        );
        assert_eq!(r.interets, d("273.61"));
        assert_eq!(r.indemnites, d("0.00"), "never 40 € against a consumer");
    }

    /// LAW.md V4 (column A, creditor a particulier): 3 000 €, mise en demeure 10/10/2025,
    /// arrêté 10/03/2026 → 44.82 € (82 d at 6.65 %) + 37.83 € (69 d at 6.67 %) = 82.65 €.
    #[test]
    fn v4_legal_rate_private_creditor() {
        let x = dossier("particulier", "particulier", "",
            "[[factures]]\nnumero = \"V4\"\ndate = \"2025-08-01\"\necheance = \"2025-09-01\"\nmontant = \"3000\"\n\
             [[evenements]]\ndate = \"2025-10-10\"\ntype = \"mise_en_demeure\"");
        let r = calc(&x, "2026-03-10");
        assert_eq!(r.mode_interets, ModeInterets::Legal);
        let p = &r.factures[0].periodes;
        assert_eq!(
            (p[0].jours, p[0].taux, p[0].interets),
            (82, d("6.65"), d("44.82"))
        );
        assert_eq!(
            (p[1].jours, p[1].taux, p[1].interets),
            (69, d("6.67"), d("37.83"))
        );
        assert_eq!(r.interets, d("82.65"));
    }

    /// Service-public F783's formula example: 2 000 € × 30 d × 3.11 % / 36 500 = 5.11 €.
    #[test]
    fn service_public_formula_example() {
        assert_eq!(interet_periode(d("2000"), d("3.11"), 30), d("5.11"));
    }

    /// DESIGN.md's example: the 1 000 € paid on 10 March first settles the 38.35 € of
    /// interest (C. civ. 1343-1), the rest reduces the principal.
    #[test]
    fn design_example_payment_pays_interest_first() {
        let x = dossier("societe", "societe", "interets = \"l441-10\"\nindemnite_forfaitaire = true",
            "[[factures]]\nnumero = \"F-2026-0101\"\ndate = \"2026-01-15\"\necheance = \"2026-02-14\"\nmontant = \"4800.00\"\n\
             [[paiements]]\ndate = \"2026-03-10\"\nmontant = \"1000.00\"\nfacture = \"F-2026-0101\"");
        let r = calc(&x, "2026-06-30");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["principal"], "3838.35");
        assert_eq!(json["interets"], "143.10");
        assert_eq!(json["indemnites"], "40.00");
        assert_eq!(json["clause_penale"], "0.00");
        assert_eq!(json["total"], "4021.45");
        let f = &json["factures"][0];
        assert_eq!(f["paye"], "1000.00");
        assert_eq!(f["periodes"][0]["du"], "2026-02-15");
        assert_eq!(f["periodes"][0]["au"], "2026-03-10");
        assert_eq!(f["periodes"][0]["jours"], 24);
        assert_eq!(f["periodes"][0]["taux"], "12.15");
        assert_eq!(f["periodes"][0]["assiette"], "4800.00");
        assert_eq!(f["periodes"][0]["interets"], "38.35");
        assert_eq!(f["periodes"][1]["du"], "2026-03-11");
        assert_eq!(f["periodes"][1]["jours"], 112);
        assert_eq!(f["periodes"][1]["assiette"], "3838.35");
        assert_eq!(f["periodes"][1]["interets"], "143.10");
    }

    /// C. civ. 1342-10: an unassigned payment goes to the invoice due first; an invoice
    /// paid on time owes no 40 €; an invoice not yet due is not claimed.
    #[test]
    fn imputation_order_and_exigibility() {
        let x = dossier("societe", "societe", "clause_penale = \"10\"",
            "[[factures]]\nnumero = \"B\"\ndate = \"2026-02-01\"\necheance = \"2026-03-01\"\nmontant = \"500\"\n\
             [[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-02-01\"\nmontant = \"300\"\n\
             [[factures]]\nnumero = \"C\"\ndate = \"2026-06-01\"\necheance = \"2026-07-01\"\nmontant = \"900\"\n\
             [[paiements]]\ndate = \"2026-01-20\"\nmontant = \"300\"");
        let r = calc(&x, "2026-06-30");
        assert_eq!(r.factures.len(), 2);
        let a = r.factures.iter().find(|f| f.numero == "A").unwrap();
        assert_eq!(
            (a.paye, a.principal, a.indemnite),
            (d("300.00"), d("0.00"), d("0.00"))
        );
        let b = r.factures.iter().find(|f| f.numero == "B").unwrap();
        assert_eq!(b.indemnite, d("40.00"));
        assert_eq!(r.non_exigibles[0].numero, "C");
        assert_eq!(r.principal, d("500.00"));
        assert_eq!(r.clause_penale, d("50.00"));
    }

    #[test]
    fn overpayment_is_an_error() {
        let x = dossier("societe", "societe", "",
            "[[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-02-01\"\nmontant = \"300\"\n\
             [[paiements]]\ndate = \"2026-01-20\"\nmontant = \"300.01\"");
        let e = calculer(&x, jour("2026-06-30"), &tables()).unwrap_err();
        assert_eq!(e[0].chemin, "paiements[0].montant");
        assert!(e[0].message.contains("dépasse de 0,01"), "{}", e[0].message);
    }

    /// C. com. L441-10 II: a contractual rate below 3 × the legal rate is raised to it.
    #[test]
    fn contractual_floor_between_professionals() {
        let x = dossier("societe", "societe", "interets = \"contractuel\"\ntaux_contractuel = \"5\"",
            "[[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"1000\"");
        let r = calculer(&x, jour("2026-03-02"), &tables()).unwrap();
        let p = &r.decompte.factures[0].periodes[0];
        assert_eq!((p.taux, p.regle), (d("7.86"), "plancher"));
        assert!(r
            .avertissements
            .iter()
            .any(|w| w.message.contains("plancher")));
        // Against a consumer the contractual rate applies as written.
        let x = dossier("societe", "particulier", "interets = \"contractuel\"\ntaux_contractuel = \"5\"",
            "[[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"1000\"");
        assert_eq!(calc(&x, "2026-03-02").factures[0].periodes[0].taux, d("5"));
    }

    #[test]
    fn unknown_half_year_names_it() {
        let x = dossier("societe", "societe", "",
            "[[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"1000\"");
        let e = calculer(&x, jour("2026-08-01"), &tables()).unwrap_err();
        assert!(
            e[0].message.contains("taux 2026-S2 inconnu"),
            "{}",
            e[0].message
        );
        assert!(e[0].aide.as_deref().unwrap().contains("--law"));
    }

    #[test]
    fn exact_rounding_at_the_midpoint() {
        // 36.50 € × 10 % × 1 d / 36 500 = 0.01 exactly; 18.25 € → 0.005 exactly → 0.01 (half-up).
        assert_eq!(interet_periode(d("36.50"), d("10"), 1), d("0.01"));
        assert_eq!(interet_periode(d("18.25"), d("10"), 1), d("0.01"));
        assert_eq!(interet_periode(d("18.24"), d("10"), 1), d("0.00"));
        assert_eq!(
            interet_periode(d("1000000000000"), d("99.99"), 36500),
            d("99990000000000.00")
        );
    }
}

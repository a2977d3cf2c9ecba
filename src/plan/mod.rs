//! Which documents a case needs at a date: the step of the escalation, the court, the
//! representation rule, and the guards the law puts on each path.

mod formes;
pub mod politique;

pub use formes::{forme, formes, CodeDocument, Forme, Requis};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::format::{date_fr, montant_fr};
use crate::law::calendrier::{self, Delai, Duree, Zone};
use crate::law::echeancier::{plan_apurement, Versement};
use crate::law::juridictions::{self, Certitude, Competence, Juridiction, NatureCommerciale};
use crate::law::prescription::{self, EtatPrescription};
use crate::law::Cle;
use crate::law::{Decompte, LoiError, TablesLoi};
use crate::model::{
    Adresse, Dossier, Fondement, QualiteMandataire, TypeEvenement, TypeJuridiction, Voie,
};

/// The court a judicial document is addressed to.
#[derive(Debug, Clone, PartialEq)]
pub struct Tribunal {
    pub type_: TypeJuridiction,
    /// City of the seat (`Bordeaux`); empty when the court is undetermined.
    pub ville: String,
    /// Named in the case file (`[juridiction]`) rather than deduced from the debtor's address.
    pub designe: bool,
    /// Alsace-Moselle: commercial matters go to the chambre commerciale of the TJ (C. com. L731-1).
    pub chambre_commerciale: bool,
    pub chambre: Option<String>,
    pub adresse: Option<Adresse>,
    /// The court's official name from `law/juridictions/` (`Tribunal judiciaire de Bordeaux`).
    pub nom_officiel: Option<String>,
    /// How sure the court data is of this court (a designated court counts as certain).
    pub certitude: Certitude,
    /// The possible courts when undetermined.
    pub possibles: Vec<Juridiction>,
    /// Why the court is not certain, and what to do: the PROJET reason.
    pub motif: Option<String>,
    /// The debtor's commune as resolved from its postal code and name, and the courts it
    /// gives: how the court was chosen.
    pub competence: Option<Competence>,
}

/// `Tribunal judiciaire de Bordeaux` → `tribunal judiciaire de Bordeaux`, for mid-sentence use.
fn minuscule(nom: &str) -> String {
    let mut c = nom.chars();
    match c.next() {
        Some(p) => p.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Tribunal {
    /// `tribunal de commerce de Lyon`; never a court that does not exist: an undetermined
    /// court reads `tribunal judiciaire compétent (à déterminer : Bordeaux ou Libourne)`.
    pub fn nom(&self) -> String {
        let base = match (&self.nom_officiel, self.type_) {
            (Some(n), _) => minuscule(n),
            (None, _) if self.certitude == Certitude::Indeterminee => {
                let villes: Vec<String> = self
                    .possibles
                    .iter()
                    .map(|p| p.ville().to_owned())
                    .collect();
                let quoi = match self.type_ {
                    TypeJuridiction::TribunalDeCommerce => "tribunal de commerce",
                    TypeJuridiction::TribunalActivitesEconomiques => {
                        "tribunal des activités économiques"
                    }
                    _ if self.chambre_commerciale => "tribunal judiciaire (chambre commerciale)",
                    _ => "tribunal judiciaire",
                };
                if villes.is_empty() {
                    format!("{quoi} compétent (à déterminer)")
                } else {
                    format!("{quoi} compétent (à déterminer : {})", ou(&villes))
                }
            }
            (None, TypeJuridiction::TribunalDeCommerce) => {
                format!("tribunal de commerce de {}", self.ville)
            }
            (None, TypeJuridiction::TribunalActivitesEconomiques) => {
                format!("tribunal des activités économiques de {}", self.ville)
            }
            (None, TypeJuridiction::TribunalJudiciaire) if self.chambre_commerciale => {
                format!(
                    "tribunal judiciaire de {} (chambre commerciale)",
                    self.ville
                )
            }
            (None, _) => format!("tribunal judiciaire de {}", self.ville),
        };
        match self.type_ {
            TypeJuridiction::JugeContentieuxProtection => {
                format!("juge des contentieux de la protection du {base}")
            }
            _ => base,
        }
    }

    /// The judge who receives a requête (CPC 1406): `Monsieur ou Madame le Président du …`.
    pub fn juge_requete(&self) -> String {
        match self.type_ {
            TypeJuridiction::JugeContentieuxProtection => {
                format!("Madame, Monsieur le {}", self.nom())
            }
            _ => format!("Madame, Monsieur le Président du {}", self.nom()),
        }
    }

    /// `président du tribunal de commerce de Lyon`
    pub fn juge_nom(&self) -> String {
        match self.type_ {
            TypeJuridiction::JugeContentieuxProtection => self.nom(),
            _ => format!("président du {}", self.nom()),
        }
    }

    pub fn est_commercial(&self) -> bool {
        matches!(
            self.type_,
            TypeJuridiction::TribunalDeCommerce | TypeJuridiction::TribunalActivitesEconomiques
        ) || self.chambre_commerciale
    }

    /// Whether the court can be printed on a final document: named in the case file, or
    /// certain from the data.
    pub fn est_determine(&self) -> bool {
        self.designe || self.certitude == Certitude::Certaine
    }
}

/// `Bordeaux ou Libourne`, `Arras, Béthune ou Saint-Omer`
fn ou(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [seul] => seul.clone(),
        [debut @ .., dernier] => format!("{} ou {dernier}", debut.join(", ")),
    }
}

/// CPC 760-761 (TJ), 853 (TC): may the parties appear without an avocat?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// Above the threshold: avocat mandatory, written procedure (TJ 752).
    AvocatObligatoire,
    /// At or below: the parties may defend themselves; TJ procedure is oral (CPC 817).
    Facultative,
}

/// A document to produce.
#[derive(Debug, Clone)]
pub struct DocumentPrevu {
    pub forme: &'static Forme,
    /// `01-mise-en-demeure.pdf`
    pub fichier: String,
    /// Why the document is only a draft (data a filing needs is missing). Empty: final.
    pub projet: Vec<String>,
}

impl DocumentPrevu {
    pub fn est_projet(&self) -> bool {
        !self.projet.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub voie: Voie,
    /// 1 or 2 for a relance.
    pub niveau_relance: u8,
    /// Documents are dated on this day (the arrêté).
    pub date: NaiveDate,
    pub tribunal: Option<Tribunal>,
    pub representation: Option<Representation>,
    /// CPC 750-1: a prior amicable attempt (or its exemption) must be stated.
    pub tentative_amiable_requise: bool,
    /// TAE: the claimant owes the contribution pour la justice économique (claim and
    /// headcount above the thresholds of `law/parametres.toml`).
    pub contribution_tae: Option<bool>,
    /// The sum claimed, for thresholds.
    pub montant: Decimal,
    /// Above it an avocat is mandatory (CPC 761, 853).
    pub seuil_avocat: Decimal,
    /// The deadline given by a mise en demeure or a relance (CPC 641-642 in the debtor's zone).
    pub delai_paiement: Option<Delai>,
    /// A declaration of claim: its deadline and that of the relevé de forclusion.
    pub declaration: Option<DelaisDeclaration>,
    /// The cour d'appel of the debtor's domicile, when the data knows it: the commissaire of
    /// the petites créances procedure must be of its ressort (CPCE R125-1).
    pub cour_appel: Option<String>,
    /// The payment plan's instalments (`echeancier`), from the total of the décompte.
    pub versements: Vec<Versement>,
    /// After an ordonnance: its date and the last day to serve it (CPC 1411, 640-642).
    pub signification: Option<(NaiveDate, Delai)>,
    pub documents: Vec<DocumentPrevu>,
}

/// The periods of a declaration of claim, from the BODACC publication of the opening
/// judgment (C. com. R622-24, L622-26), counted by CPC 640-642.
#[derive(Debug, Clone, PartialEq)]
pub struct DelaisDeclaration {
    /// Two months, four for a creditor outside metropolitan France (R622-24 al. 1).
    pub declaration: Delai,
    /// Six months for the action en relevé de forclusion (L622-26 al. 3).
    pub releve: Delai,
    /// The creditor does not live in metropolitan France.
    pub hors_metropole: bool,
}

/// A path the law forbids, with what to do instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Refus {
    pub message: String,
    pub aide: String,
}

fn refus(message: impl Into<String>, aide: impl Into<String>) -> Refus {
    Refus {
        message: message.into(),
        aide: aide.into(),
    }
}

impl From<LoiError> for Refus {
    fn from(e: LoiError) -> Self {
        let aide = e.aide();
        refus(e.to_string(), aide)
    }
}

/// The next step the history calls for: reminders, then a formal notice, then the court.
pub fn voie_par_defaut(dossier: &Dossier, date: NaiveDate) -> (Voie, u8) {
    // CPC 1411: an ordonnance not yet served is served first.
    if dossier.ordonnance_a_signifier(date).is_some() {
        return (Voie::SignificationOrdonnance, 0);
    }
    let passe = |t: TypeEvenement| dossier.evenements_avant(t, date).len();
    let relances = passe(TypeEvenement::Relance);
    if passe(TypeEvenement::MiseEnDemeure) > 0 {
        // CPC 1405: the injonction needs a contractual or statutory cause.
        if dossier.creance.fondement.is_some() {
            (Voie::Injonction, 0)
        } else {
            (Voie::Fond, 0)
        }
    } else if relances >= 2 {
        (Voie::MiseEnDemeure, 0)
    } else {
        (Voie::Relance, (relances + 1) as u8)
    }
}

/// The court of the debtor's domicile or seat (CPC 42, 1406), by the nature of the claim:
/// the court data of the debtor's commune (`law/juridictions/`), unless `[juridiction]`
/// names the court.
pub fn tribunal(dossier: &Dossier, date: NaiveDate, tables: &TablesLoi) -> Tribunal {
    let d = juridictions::designation(dossier, date, tables);
    let Some(j) = dossier.juridiction.as_ref() else {
        let motif = match d.certitude {
            Certitude::Certaine => None,
            Certitude::Deduite => Some(format!(
                "juridiction à vérifier : {} est déduit, non certain ({}) ; vérifiez la compétence territoriale (CPC art. 42) et indiquez [juridiction], ou fournissez la liste officielle du ministère de la Justice (--law, fichier {})",
                d.juridiction.as_ref().map(|j| minuscule(&j.nom)).unwrap_or_default(),
                d.motif,
                juridictions::FICHIER_COMPETENCES
            )),
            Certitude::Indeterminee => Some(format!(
                "juridiction à déterminer{} ({}) ; indiquez [juridiction] (CPC art. 42), ou fournissez la liste officielle du ministère de la Justice (--law, fichier {})",
                match d.possibles.len() {
                    0 => String::new(),
                    _ => {
                        let noms: Vec<String> =
                            d.possibles.iter().map(|p| minuscule(&p.nom)).collect();
                        match noms.split_last() {
                            Some((dernier, debut)) if !debut.is_empty() => {
                                format!(" entre {} et {dernier}", debut.join(", "))
                            }
                            _ => format!(" : {}", noms.join("")),
                        }
                    }
                },
                d.motif,
                juridictions::FICHIER_COMPETENCES
            )),
        };
        return Tribunal {
            type_: d.type_,
            ville: d
                .juridiction
                .as_ref()
                .map(|j| j.ville().to_owned())
                .unwrap_or_default(),
            designe: false,
            chambre_commerciale: d.chambre_commerciale,
            chambre: None,
            adresse: None,
            nom_officiel: d.juridiction.as_ref().map(|j| j.nom.clone()),
            certitude: d.certitude,
            possibles: d.possibles,
            motif,
            competence: d.competence,
        };
    };
    // Named in the case file: its kind, or the kind the claim calls for.
    let ville = j.ville.trim().to_owned();
    let (type_, chambre_commerciale) = match j.type_ {
        // Alsace-Moselle (C. com. L731-1 s.): a tribunal judiciaire named for a commercial
        // claim sits as its chambre commerciale.
        Some(TypeJuridiction::TribunalJudiciaire) if d.chambre_commerciale => {
            (TypeJuridiction::TribunalJudiciaire, true)
        }
        Some(t) => (t, false),
        None => match juridictions::litige(dossier) {
            juridictions::Litige::Protection => (TypeJuridiction::JugeContentieuxProtection, false),
            juridictions::Litige::Civil => (TypeJuridiction::TribunalJudiciaire, false),
            juridictions::Litige::Commercial => match d.type_ {
                TypeJuridiction::TribunalJudiciaire => (TypeJuridiction::TribunalJudiciaire, true),
                _ if tables.est_siege_tae(&ville, date) => {
                    (TypeJuridiction::TribunalActivitesEconomiques, false)
                }
                _ => (TypeJuridiction::TribunalDeCommerce, false),
            },
        },
    };
    let nature = match type_ {
        TypeJuridiction::TribunalDeCommerce => Some(NatureCommerciale::TribunalDeCommerce),
        TypeJuridiction::TribunalActivitesEconomiques => {
            Some(NatureCommerciale::TribunalActivitesEconomiques)
        }
        _ if chambre_commerciale => Some(NatureCommerciale::ChambreCommerciale),
        _ => None,
    };
    Tribunal {
        type_,
        nom_officiel: juridictions::nom_officiel(nature, &ville),
        ville,
        designe: true,
        chambre_commerciale,
        chambre: j.chambre.clone(),
        adresse: j.adresse.clone(),
        certitude: Certitude::Certaine,
        possibles: Vec::new(),
        motif: None,
        competence: d.competence,
    }
}

/// The deadline a mise en demeure or a relance sent on `envoi` gives the debtor: the case's
/// `[procedure] delai_paiement` in days, else the usual period of `law/parametres.toml`,
/// counted by CPC 641-642 in the calendar of the debtor's département.
pub fn delai_paiement(
    dossier: &Dossier,
    envoi: NaiveDate,
    tables: &TablesLoi,
) -> Result<Option<Delai>, LoiError> {
    let duree = match dossier.procedure.as_ref().and_then(|p| p.delai_paiement) {
        Some(jours) => Duree::Jours(jours),
        None => tables
            .valeur_au(Cle::DelaiPaiementMiseEnDemeure, envoi)?
            .duree()?,
    };
    let zone = Zone::du_departement(&dossier.debiteur.departement().unwrap_or_default());
    Ok(calendrier::delai(envoi, duree, zone))
}

/// Plans the documents of a case at `date`, from its décompte.
pub fn planifier(
    dossier: &Dossier,
    decompte: &Decompte,
    date: NaiveDate,
    tables: &TablesLoi,
) -> Result<Plan, Refus> {
    planifier_voie(dossier, decompte, date, tables, None)
}

/// [`planifier`] with the step imposed (a batch policy decided it).
pub fn planifier_voie(
    dossier: &Dossier,
    decompte: &Decompte,
    date: NaiveDate,
    tables: &TablesLoi,
    imposee: Option<Voie>,
) -> Result<Plan, Refus> {
    let demandee = imposee.or_else(|| dossier.procedure.as_ref().and_then(|p| p.voie));
    // C. com. L622-21: the opening judgment stops every action for payment; the claim is
    // declared instead (L622-24).
    if dossier.en_procedure_collective() {
        return match demandee {
            None | Some(Voie::DeclarationDeCreance) => {
                planifier_declaration(dossier, decompte, date, tables)
            }
            Some(_) => Err(refus(
                "débiteur en procédure collective : aucune relance, mise en demeure, requête ou assignation n'est possible (C. com. art. L622-21)",
                "déclarez la créance au mandataire judiciaire ou au liquidateur (C. com. art. L622-24) : retirez [procedure] voie, recouvre produit alors la déclaration de créance",
            )),
        };
    }
    if demandee == Some(Voie::DeclarationDeCreance) {
        return Err(refus(
            "déclaration de créance impossible : aucune procédure collective du débiteur n'est indiquée",
            "ajoutez [procedure_collective] (type, jugement_ouverture, publication_bodacc, mandataire) d'après l'annonce du BODACC, ou retirez [procedure] voie",
        ));
    }
    if decompte.factures.is_empty() {
        return Err(refus(
            "aucune facture échue à la date d'arrêté : rien à réclamer",
            "choisissez une date d'arrêté postérieure à l'échéance (--at AAAA-MM-JJ)",
        ));
    }
    if decompte.total <= Decimal::ZERO {
        return Err(refus(
            "la créance est soldée : rien à réclamer",
            "vérifiez les paiements enregistrés",
        ));
    }
    let (voie_defaut, niveau_defaut) = voie_par_defaut(dossier, date);
    let voie = demandee.unwrap_or(voie_defaut);
    let niveau_relance = if voie == Voie::Relance {
        niveau_defaut.clamp(1, 2)
    } else {
        0
    };

    if voie.est_judiciaire() {
        // C. civ. 2224, C. consom. L218-2: a prescribed claim cannot be brought to court.
        let mut prescrites = Vec::new();
        for f in &dossier.factures {
            if !decompte.factures.iter().any(|l| l.numero == f.numero) {
                continue;
            }
            if let Some(p) = prescription::prescription(dossier, f, tables)? {
                if prescription::etat(&p, date, tables)? == EtatPrescription::Prescrite {
                    prescrites.push(format!(
                        "{} (prescrite le {}, {})",
                        f.numero,
                        date_fr(p.acquise_le),
                        p.fondement
                    ));
                }
            }
        }
        if !prescrites.is_empty() {
            return Err(refus(
                format!(
                    "créance prescrite : aucune action en justice n'est recevable pour {}",
                    prescrites.join(", ")
                ),
                "retirez les factures prescrites du dossier, ou enregistrez l'acte interruptif s'il existe (reconnaissance de dette, demande en justice : C. civ. art. 2240, 2241)",
            ));
        }
    }
    if voie == Voie::Injonction {
        // CPC 1405 1°: a contractual or statutory cause and a determined amount.
        match dossier.creance.fondement {
            Some(Fondement::Contrat | Fondement::Statutaire) => {}
            None => {
                return Err(refus(
                    "injonction de payer impossible : la créance doit avoir une cause contractuelle ou statutaire et un montant déterminé (CPC art. 1405)",
                    "indiquez creance.fondement = \"contrat\" ou \"statutaire\" si c'est le cas ; sinon choisissez [procedure] voie = \"fond\" (assignation en paiement)",
                ))
            }
        }
    }

    if voie == Voie::PetitesCreances {
        // CPCE L125-1: a contractual or statutory cause.
        if !matches!(
            dossier.creance.fondement,
            Some(Fondement::Contrat | Fondement::Statutaire)
        ) {
            return Err(refus(
                "procédure simplifiée de recouvrement des petites créances impossible : la créance doit avoir une cause contractuelle ou résulter d'une obligation de caractère statutaire (CPCE art. L125-1)",
                "indiquez creance.fondement = \"contrat\" ou \"statutaire\" si c'est le cas ; sinon choisissez une autre voie",
            ));
        }
        // R125-1: at most the ceiling, in principal and interest.
        let plafond = tables.valeur_au(Cle::PlafondPetitesCreances, date)?;
        let principal_interets = decompte.principal + decompte.interets;
        if principal_interets > plafond.valeur {
            return Err(refus(
                format!(
                    "procédure simplifiée de recouvrement des petites créances impossible : {} en principal et intérêts, au-delà de {} ({})",
                    montant_fr(principal_interets),
                    plafond.en_texte(),
                    plafond.source.texte
                ),
                "choisissez [procedure] voie = \"injonction\" (requête en injonction de payer)",
            ));
        }
    }

    // The payment plan of an acknowledgment of debt, on the total of the décompte.
    let versements = match (&dossier.echeancier, voie) {
        (Some(e), Voie::Echeancier) => plan_apurement(
            decompte.total,
            e.mensualites,
            e.premiere,
            e.periodicite.unwrap_or_default(),
            e.taux,
        )
        .map_err(|err| {
            refus(
                err.to_string(),
                "corrigez [echeancier] (mensualites, premiere, periodicite, taux)",
            )
        })?,
        _ => Vec::new(),
    };

    if voie == Voie::SaisieConservatoire {
        // CPCE L511-2: with an executory title, an unpaid cheque or bill, or unpaid rent
        // under a written lease, no leave is needed.
        if let Some(d) = dossier
            .procedure
            .as_ref()
            .and_then(|p| p.dispense_autorisation)
        {
            return Err(refus(
                format!(
                    "requête en saisie conservatoire inutile : le créancier qui se prévaut d'{} n'a pas besoin de l'autorisation du juge (CPCE art. L511-2)",
                    d.libelle().trim_start_matches("un ").trim_start_matches("une ")
                ),
                "remettez le titre ou l'effet impayé au commissaire de justice, qui pratique la mesure sans autorisation préalable",
            ));
        }
    }

    // CPCE L126-1: an invoiced claim between merchants.
    let mut non_confirme: Vec<String> = Vec::new();
    if voie == Voie::CreancesIncontestees {
        if !(dossier.debiteur.nature.est_professionnel()
            && dossier.debiteur.commercant == Some(true))
        {
            return Err(refus(
                "recouvrement des créances commerciales incontestées impossible : le débiteur doit être commerçant (CPCE art. L126-1)",
                "indiquez debiteur.commercant = true s'il l'est ; sinon choisissez [procedure] voie = \"injonction\"",
            ));
        }
        if dossier.creancier.commercant == Some(false) {
            return Err(refus(
                "recouvrement des créances commerciales incontestées impossible : la créance doit être née entre commerçants (CPCE art. L126-1)",
                "choisissez [procedure] voie = \"injonction\"",
            ));
        }
        for cle in [
            Cle::DelaiPaiementCommandementIncontestees,
            Cle::DelaiPvNonContestation,
        ] {
            if let Some(m) = &tables.valeur_au(cle, date)?.source.non_confirme {
                let ligne = format!("loi du 23 avril 2026 non confirmée dans nos sources : {m} ; vérifiez le texte en vigueur avant l'envoi");
                if !non_confirme.contains(&ligne) {
                    non_confirme.push(ligne);
                }
            }
        }
        if dossier.creancier.commercant != Some(true) {
            non_confirme.push("qualité de commerçant du créancier à confirmer (creancier.commercant = true, CPCE art. L126-1)".into());
        }
    }

    // The Médiateur des entreprises hears disputes between businesses only.
    if voie == Voie::Mediation
        && !(dossier.creancier.nature.est_professionnel()
            && dossier.debiteur.nature.est_professionnel())
    {
        return Err(refus(
            "saisine du Médiateur des entreprises impossible : il ne connaît que des différends entre entreprises",
            "pour un débiteur particulier, choisissez [procedure] voie = \"conciliation\" (conciliateur de justice, gratuit)",
        ));
    }

    // CPC 1411: serve within the period in force at the ordonnance's date, or it is non avenue.
    let signification = if voie == Voie::SignificationOrdonnance {
        let Some(o) = dossier.ordonnance_a_signifier(date) else {
            return Err(refus(
                "aucune ordonnance d'injonction de payer à signifier : enregistrez l'ordonnance (événement ordonnance_injonction) ; une signification ou une opposition déjà enregistrée clôt cette étape",
                "ajoutez l'événement ordonnance_injonction avec sa date, ou `recouvre registre ajouter REF ordonnance_injonction --le DATE`",
            ));
        };
        let duree = tables
            .valeur_au(Cle::DelaiSignificationInjonction, o)?
            .duree()
            .map_err(LoiError::from)?;
        let zone = Zone::du_departement(&dossier.debiteur.departement().unwrap_or_default());
        let delai = calendrier::delai(o, duree, zone);
        if let Some(d) = &delai {
            if date > d.dernier_jour {
                return Err(refus(
                    format!(
                        "ordonnance du {} non signifiée dans le délai de {} : elle est non avenue depuis le {} (CPC art. 1411)",
                        date_fr(o),
                        d.duree,
                        date_fr(d.dernier_jour)
                    ),
                    "la requête peut être présentée à nouveau (CPC art. 1411 al. 2) : retirez l'événement de l'ordonnance caduque ou enregistrez une nouvelle requête",
                ));
            }
        }
        delai.map(|d| (o, d))
    } else {
        None
    };

    let montant = decompte.total;
    let tribunal = match voie {
        // CPCE R511-2: the juge de l'exécution of the place where the debtor lives (the
        // tribunal judiciaire), whatever court would hear the claim.
        Voie::SaisieConservatoire => Some(juge_de_l_execution(dossier, date, tables)),
        // L126-4: the greffier of the commercial court makes the procès-verbal enforceable.
        Voie::CreancesIncontestees => Some(tribunal(dossier, date, tables)),
        // The court whose president made the ordonnance (CPC 1406).
        Voie::SignificationOrdonnance => Some(tribunal(dossier, date, tables)),
        v => v.est_judiciaire().then(|| tribunal(dossier, date, tables)),
    };
    let seuil_avocat = tables.valeur_au(Cle::SeuilAvocatObligatoire, date)?.valeur;
    // Alsace-Moselle: an avocat before the chambre commerciale whatever the amount (local
    // rule, source in law/juridictions.toml).
    let avocat_chambre_commerciale = tables
        .juridictions()
        .avocat_chambre_commerciale
        .as_ref()
        .is_some_and(|r| r.obligatoire);
    let representation = tribunal.as_ref().map(|t| {
        if voie == Voie::Injonction {
            // CPC 1407: the creditor or any mandataire files the requête; no avocat needed.
            Representation::Facultative
        } else if t.type_ == TypeJuridiction::JugeContentieuxProtection {
            // CPC 761 1°: the matter, not the amount, dispenses from the avocat.
            Representation::Facultative
        } else if t.chambre_commerciale && avocat_chambre_commerciale {
            Representation::AvocatObligatoire
        } else if montant > seuil_avocat {
            // CPC 761 3° (TJ), 853 (TC): above the threshold.
            Representation::AvocatObligatoire
        } else {
            Representation::Facultative
        }
    });
    // CPC 750-1: before the TJ, claims up to the threshold need a prior amicable attempt or
    // an exemption; not for the injonction (Cass. 2e civ., avis, 25 sept. 2025, n° 25-70.013).
    let tentative_amiable_requise = matches!(voie, Voie::Fond | Voie::Refere)
        && tribunal.as_ref().is_some_and(|t| !t.est_commercial())
        && montant <= tables.valeur_au(Cle::SeuilTentativeAmiable, date)?.valeur;
    let seuil_contribution = tables
        .valeur_au(Cle::SeuilContributionJusticeEconomique, date)?
        .valeur;
    let contribution_tae = match &tribunal {
        Some(t)
            if t.type_ == TypeJuridiction::TribunalActivitesEconomiques
                && montant > seuil_contribution =>
        {
            let seuil = tables
                .valeur_au(Cle::EffectifExonereContribution, date)?
                .valeur;
            dossier
                .creancier
                .effectif
                .map(|e| Decimal::from(e) >= seuil)
        }
        _ => None,
    };
    let delai_paiement = match voie {
        Voie::Relance | Voie::MiseEnDemeure => delai_paiement(dossier, date, tables)?,
        _ => None,
    };

    use CodeDocument as C;
    let codes: &[CodeDocument] = match voie {
        Voie::Relance => &[C::Relance, C::Decompte],
        Voie::MiseEnDemeure => &[C::MiseEnDemeure, C::Decompte],
        Voie::Injonction => &[
            C::RequeteInjonction,
            C::Decompte,
            C::Bordereau,
            C::LettreCommissaire,
            C::LettreAvocat,
        ],
        Voie::Refere => &[
            C::AssignationRefere,
            C::Decompte,
            C::Bordereau,
            C::LettreCommissaire,
            C::LettreAvocat,
        ],
        Voie::Fond => &[
            C::Assignation,
            C::Decompte,
            C::Bordereau,
            C::LettreCommissaire,
            C::LettreAvocat,
        ],
        Voie::PetitesCreances => &[C::DemandePetitesCreances, C::Decompte, C::Bordereau],
        Voie::Echeancier => &[C::ReconnaissanceDette, C::Decompte],
        Voie::SaisieConservatoire => &[C::RequeteSaisieConservatoire, C::Decompte, C::Bordereau],
        Voie::CreancesIncontestees => &[C::DemandeCreancesIncontestees, C::Decompte, C::Bordereau],
        Voie::Conciliation => &[C::DemandeConciliation, C::Decompte],
        Voie::Mediation => &[C::SaisineMediateur, C::Decompte],
        Voie::SignificationOrdonnance => &[C::LettreSignificationOrdonnance, C::Decompte],
        Voie::DeclarationDeCreance => {
            return planifier_declaration(dossier, decompte, date, tables)
        }
    };
    // The transmission letter to an avocat only when there is one, or one is mandatory.
    // An injonction above the threshold needs one on opposition (CPC 761, 853).
    let avec_avocat = dossier.avocat.is_some()
        || representation == Some(Representation::AvocatObligatoire)
        || (voie == Voie::Injonction
            && montant > seuil_avocat
            && tribunal
                .as_ref()
                .is_some_and(|t| t.type_ != TypeJuridiction::JugeContentieuxProtection));
    let codes: Vec<CodeDocument> = codes
        .iter()
        .copied()
        .filter(|c| *c != C::LettreAvocat || avec_avocat)
        .collect();
    let mut documents = Vec::new();
    for (i, &code) in codes.iter().enumerate() {
        let forme = forme(code);
        // The court: named in the case, or certain from the data (CPC 42, 1406).
        let nomme = tribunal.as_ref().is_some_and(Tribunal::est_determine);
        let motif_tribunal = tribunal.as_ref().and_then(|t| t.motif.clone());
        let mut projet: Vec<String> = forme
            .requis
            .iter()
            .filter(|r| !r.present(dossier) && (**r != Requis::Juridiction || !nomme))
            .map(|r| match (r, &motif_tribunal) {
                (Requis::Juridiction, Some(motif)) => motif.clone(),
                _ => r.libelle().to_owned(),
            })
            .collect();
        // Every document that names an uncertain court stays a draft (never the décompte).
        if !nomme && code != C::Decompte && !forme.requis.contains(&Requis::Juridiction) {
            if let Some(motif) = &motif_tribunal {
                projet.push(motif.clone());
            }
        }
        let acte = code.est_assignation();
        // CPC 56 1°: the act states the place of the hearing.
        if acte && nomme && dossier.juridiction.is_none() {
            projet.push("adresse du tribunal (lieu de l'audience, CPC art. 56 1°) à indiquer ([juridiction] ville, adresse)".into());
        }
        if acte
            && representation == Some(Representation::AvocatObligatoire)
            && dossier.avocat.is_none()
        {
            projet.push(format!(
                "avocat obligatoire au-delà de {} (CPC art. 761, 853) : [avocat] à désigner",
                montant_fr(seuil_avocat)
            ));
        }
        // A collection company is not among those who may represent a party before the
        // tribunal judiciaire (CPC 762), nor before a commercial court where an avocat is
        // required (853); where it may (853 al. 3), it needs a special power, an exhibit.
        if let Some(m) = dossier
            .mandataire
            .as_ref()
            .filter(|m| m.qualite == QualiteMandataire::SocieteRecouvrement)
        {
            let commercial = tribunal.as_ref().is_some_and(Tribunal::est_commercial);
            if acte && !commercial {
                projet.push(format!(
                    "une société de recouvrement ({}) ne peut représenter le créancier devant le tribunal judiciaire (CPC art. 762) : l'acte doit être présenté par le créancier lui-même ou par un avocat ([avocat])",
                    m.nom.trim()
                ));
            } else if acte
                && representation == Some(Representation::Facultative)
                && dossier.avocat.is_none()
                && m.pouvoir.is_none()
            {
                projet.push("représentant qui n'est pas avocat : pouvoir spécial à joindre (CPC art. 853) ([mandataire] pouvoir = { titre, date, fichier })".into());
            }
        }
        if acte && tentative_amiable_requise {
            let p = dossier.procedure.as_ref();
            if p.is_none_or(|p| p.diligences_amiables.is_none() && p.dispense_amiable.is_none()) {
                projet.push("CPC art. 750-1 et 54 5° : diligences amiables ou motif de dispense à indiquer ([procedure] diligences_amiables ou dispense_amiable)".into());
            }
        }
        if code.saisit_le_juge()
            && tribunal
                .as_ref()
                .is_some_and(|t| t.type_ == TypeJuridiction::TribunalActivitesEconomiques)
            && montant > seuil_contribution
            && contribution_tae.is_none()
        {
            projet.push("contribution pour la justice économique : effectif du créancier à indiquer (creancier.effectif)".into());
        }
        if code == C::DemandeCreancesIncontestees {
            projet.extend(non_confirme.iter().cloned());
        }
        let nom = if code == C::Relance {
            format!("{:02}-relance-{niveau_relance}.pdf", i + 1)
        } else {
            format!("{:02}-{}.pdf", i + 1, forme.fichier)
        };
        documents.push(DocumentPrevu {
            forme,
            fichier: nom,
            projet,
        });
    }
    Ok(Plan {
        voie,
        niveau_relance,
        date,
        tribunal,
        representation,
        tentative_amiable_requise,
        contribution_tae,
        montant,
        seuil_avocat,
        delai_paiement,
        declaration: None,
        cour_appel: (voie == Voie::PetitesCreances)
            .then(|| juridictions::designation(dossier, date, tables))
            .and_then(|d| d.competence)
            .and_then(|c| c.cour_appel),
        versements,
        signification,
        documents,
    })
}

/// The tribunal judiciaire of the debtor's domicile, whose juge de l'exécution authorises a
/// saisie conservatoire (CPCE R511-2; COJ L213-6): the court data as for a civil claim;
/// `[juridiction]` only when it names a tribunal judiciaire.
fn juge_de_l_execution(dossier: &Dossier, date: NaiveDate, tables: &TablesLoi) -> Tribunal {
    let mut civil = dossier.clone();
    civil.debiteur.commercant = Some(false);
    civil.creance.matiere = None;
    civil.juridiction = dossier
        .juridiction
        .clone()
        .filter(|j| j.type_ == Some(TypeJuridiction::TribunalJudiciaire));
    let mut t = tribunal(&civil, date, tables);
    t.type_ = TypeJuridiction::TribunalJudiciaire;
    t.chambre_commerciale = false;
    t
}

/// The creditor does not live in metropolitan France: abroad, or overseas (R622-24 al. 1).
fn hors_metropole(dossier: &Dossier) -> bool {
    let Some(a) = dossier.creancier.adresse.as_ref() else {
        return false;
    };
    let etranger = a.pays.as_deref().is_some_and(|p| {
        let p = p.trim().to_lowercase();
        !p.is_empty() && p != "france" && p != "fr"
    });
    let outre_mer = a
        .code_postal
        .as_deref()
        .is_some_and(|cp| cp.starts_with("97") || cp.starts_with("98"));
    etranger || outre_mer
}

/// The periods of the declaration, from the BODACC publication, in the calendar of the
/// mandataire's département (CPC 642), or the debtor's when the mandataire's is unknown.
pub fn delais_declaration(
    dossier: &Dossier,
    tables: &TablesLoi,
) -> Result<Option<DelaisDeclaration>, LoiError> {
    let Some(pc) = dossier.procedure_collective.as_ref() else {
        return Ok(None);
    };
    let Some(publication) = pc.publication_bodacc else {
        return Ok(None);
    };
    let hors_metropole = hors_metropole(dossier);
    let mut mois = tables
        .valeur_au(Cle::DelaiDeclarationCreance, publication)?
        .valeur;
    if hors_metropole {
        mois += tables
            .valeur_au(Cle::AugmentationDeclarationHorsMetropole, publication)?
            .valeur;
    }
    let mois = u32::try_from(mois).unwrap_or(u32::MAX);
    let releve = tables
        .valeur_au(Cle::DelaiReleveForclusion, publication)?
        .duree()?;
    let departement = pc
        .mandataire
        .as_ref()
        .and_then(|m| m.adresse.as_ref())
        .and_then(|a| a.code_postal.as_deref())
        .map(|cp| cp.chars().take(2).collect::<String>())
        .or_else(|| dossier.debiteur.departement())
        .unwrap_or_default();
    let zone = Zone::du_departement(&departement);
    let (Some(declaration), Some(releve)) = (
        calendrier::delai(publication, Duree::Mois(mois), zone),
        calendrier::delai(publication, releve, zone),
    ) else {
        return Ok(None);
    };
    Ok(Some(DelaisDeclaration {
        declaration,
        releve,
        hors_metropole,
    }))
}

/// The declaration of claim (C. com. L622-24 s., R622-21 s.; L641-3 in liquidation): the
/// declaration to the mandataire or liquidateur, the décompte stopped at the opening judgment
/// (L622-28), the bordereau of the supporting documents (R622-23).
fn planifier_declaration(
    dossier: &Dossier,
    decompte: &Decompte,
    date: NaiveDate,
    tables: &TablesLoi,
) -> Result<Plan, Refus> {
    if decompte.factures.is_empty() && decompte.non_exigibles.is_empty() {
        return Err(refus(
            "aucune facture antérieure au jugement d'ouverture : rien à déclarer",
            "vérifiez les dates des factures et celle du jugement d'ouverture ([procedure_collective] jugement_ouverture)",
        ));
    }
    if decompte.total <= Decimal::ZERO && decompte.non_exigibles.is_empty() {
        return Err(refus(
            "la créance est soldée : rien à déclarer",
            "vérifiez les paiements enregistrés",
        ));
    }
    let delais = delais_declaration(dossier, tables)?;
    if let Some(d) = &delais {
        // R622-24: past the period the claim is barred from the distributions (L622-26)
        // unless the juge-commissaire relieves the creditor of the forclusion.
        if date > d.declaration.dernier_jour {
            let message = format!(
                "délai de déclaration de créance expiré le {} ({} à compter de la publication au BODACC du {}, C. com. art. R622-24)",
                date_fr(d.declaration.dernier_jour),
                d.declaration.duree,
                date_fr(d.declaration.depart),
            );
            let aide = if date <= d.releve.dernier_jour {
                format!(
                    "seule une requête en relevé de forclusion au juge-commissaire reste possible, jusqu'au {} ({} à compter de la publication, C. com. art. L622-26), en établissant que la défaillance n'est pas due au créancier ; la déclaration est jointe à cette requête",
                    date_fr(d.releve.dernier_jour),
                    d.releve.duree
                )
            } else {
                format!(
                    "le délai de l'action en relevé de forclusion a lui-même expiré le {} (C. com. art. L622-26 al. 3) ; consultez un avocat : seul le créancier placé dans l'impossibilité de connaître sa créance dispose d'un délai plus long",
                    date_fr(d.releve.dernier_jour)
                )
            };
            return Err(refus(message, aide));
        }
    }
    use CodeDocument as C;
    let codes = [C::DeclarationCreance, C::Decompte, C::Bordereau];
    let mut documents = Vec::new();
    for (i, &code) in codes.iter().enumerate() {
        let forme = forme(code);
        let mut projet: Vec<String> = forme
            .requis
            .iter()
            .filter(|r| !r.present(dossier))
            .map(|r| r.libelle().to_owned())
            .collect();
        if code == C::DeclarationCreance
            && dossier
                .mandataire
                .as_ref()
                .is_some_and(|m| m.qualite == QualiteMandataire::SocieteRecouvrement)
        {
            // L622-24 al. 2: a mandataire other than an avocat declares under a special power.
            projet.push("pouvoir spécial du créancier à la société de recouvrement, à joindre à la déclaration (C. com. art. L622-24 al. 2) : ajoutez-le aux [[pieces]]".into());
        }
        documents.push(DocumentPrevu {
            forme,
            fichier: format!("{:02}-{}.pdf", i + 1, forme.fichier),
            projet,
        });
    }
    let seuil_avocat = tables.valeur_au(Cle::SeuilAvocatObligatoire, date)?.valeur;
    Ok(Plan {
        voie: Voie::DeclarationDeCreance,
        niveau_relance: 0,
        date,
        tribunal: None,
        representation: None,
        tentative_amiable_requise: false,
        contribution_tae: None,
        montant: decompte.total,
        seuil_avocat,
        delai_paiement: None,
        declaration: delais,
        cour_appel: None,
        versements: Vec::new(),
        signification: None,
        documents,
    })
}

#[cfg(test)]
mod tests;

//! The data a template receives: one value, serialised to JSON at `/data.json`, where every
//! amount, date and party designation is already formatted in French. Templates lay it out;
//! they never compute. The structs below are the contract with template authors (a firm's
//! own templates, `--templates`): each field is documented; a field a template misspells is
//! a Typst error, not a silent blank.

mod designation;

pub use designation::{designation, forme_longue};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::format::{
    date_fr, date_longue, de, euros_en_lettres, heure_fr, iban_groupes, lignes_adresse, majuscule,
    minuscule_initiale, montant_devise, nombre_en_lettres, siren_espace, taux_fr,
};
use crate::law::decompte::RegleTaux;
use crate::law::{Cle, Decompte, Semestre, TablesLoi};
use crate::model::{
    Dossier, Fondement, Intervenant, ModeEnvoi, ModeInterets, Nature, Partie, PieceLue,
    QualiteMandataire, TypeEvenement, TypeJuridiction, TypeProcedureCollective, Voie,
};
use crate::plan::{CodeDocument, DocumentPrevu, Plan, Representation};

/// Everything a template of a case may print.
#[derive(Debug, Clone, Serialize)]
pub struct DonneesModele {
    /// The document being typeset (set per document by [`pour_document`]).
    pub document: Option<DocumentModele>,
    /// Case reference.
    pub reference: String,
    /// Document date, long form (`30 juin 2026`); the arrêté.
    pub date: String,
    /// Document date, short form (`30/06/2026`).
    pub date_courte: String,
    /// Place of signature (« Fait à … »).
    pub lieu: String,
    /// Step code: `relance`, `mise_en_demeure`, `injonction`, `refere`, `fond`.
    pub voie: &'static str,
    /// The same step as flags, for templates to branch on (`d.voie_est.injonction`).
    pub voie_est: VoieModele,
    /// Who writes and signs: the creditor, or its avocat or collection agency.
    pub expediteur: ExpediteurModele,
    pub creancier: PartieModele,
    pub debiteur: PartieModele,
    /// Both parties are professionals (C. com. L441-10, D441-5 apply).
    pub entre_professionnels: bool,
    pub creance: CreanceModele,
    pub decompte: DecompteModele,
    /// Deadline given by a relance or a mise en demeure.
    pub delai: Option<DelaiModele>,
    /// Relances sent, oldest first, up to the document date.
    pub relances: Vec<EvenementModele>,
    /// Mises en demeure sent, oldest first, up to the document date.
    pub mises_en_demeure: Vec<EvenementModele>,
    /// The court, for judicial documents.
    pub tribunal: Option<TribunalModele>,
    /// `obligatoire` or `facultative` (CPC 760-761, 853), for judicial documents.
    pub representation: Option<&'static str>,
    /// Representation by an avocat is mandatory.
    pub avocat_obligatoire: bool,
    /// The amount above which an avocat is mandatory, formatted with cents.
    pub seuil_avocat: String,
    /// The sum claimed exceeds it.
    pub au_dela_seuil_avocat: bool,
    pub tentative_amiable: TentativeAmiableModele,
    /// TAE contribution: `true` due, `false` exempt, absent when not applicable or unknown.
    pub contribution_tae: Option<bool>,
    pub audience: Option<AudienceModele>,
    pub avocat: Option<IntervenantModele>,
    pub commissaire: Option<IntervenantModele>,
    /// Sum claimed under CPC 700, formatted.
    pub article_700: Option<String>,
    /// The step is a référé-provision.
    pub refere: bool,
    /// Numbered exhibits, in bordereau order.
    pub pieces: Vec<PieceModele>,
    /// The recovery in date order (échéances, relances, mises en demeure, payments).
    pub chronologie: Vec<EtapeModele>,
    /// Relances that concern a claimed invoice: sent after the first claimed invoice fell
    /// due, up to the document date.
    pub relances_utiles: Vec<EvenementModele>,
    /// A representative of the claimant who is not an avocat, named in the act (CPC 853
    /// al. 3, 855): `Recouvrement Atlantique Conseil, … , muni d'un pouvoir spécial`.
    pub representant_demandeur: Option<String>,
    /// The articles the claim rests on, for « Vu les articles … ».
    pub vu_articles: String,
    /// The debtor's collective procedure, for a declaration of claim.
    pub procedure_collective: Option<ProcedureCollectiveModele>,
    /// The cour d'appel of the debtor's domicile (`cour d'appel de Lyon`), for the petites
    /// créances procedure (CPCE R125-1), when the court data knows it.
    pub cour_appel: Option<String>,
    /// Principal and interest, the sum compared with the petites créances ceiling (R125-1).
    pub principal_et_interets: String,
    /// The payment plan, for an acknowledgment of debt.
    pub echeancier: Option<EcheancierModele>,
    /// The conciliateur de justice seized, when the case names one.
    pub conciliateur: Option<IntervenantModele>,
    /// After an ordonnance: what to serve and by when.
    pub signification: Option<SignificationModele>,
    /// Saisie conservatoire: the circumstances that threaten recovery (CPCE L511-1).
    pub menace: Option<String>,
    /// Saisie conservatoire: the assets to seize, as the requête names them.
    pub biens: Vec<&'static str>,
    /// Every parameter of `law/parametres.toml` in force at the document date, by key
    /// (`d.loi.indemnite_forfaitaire.valeur`), with its source: templates print
    /// figures of law only from here.
    pub loi: BTreeMap<&'static str, ParametreModele>,
    /// The parameters not yet in force at the document date, with their first value: a
    /// rule a letter must announce (décret 2026-96 for ordonnances from 1 September 2026).
    pub loi_a_venir: BTreeMap<&'static str, ValeurModele>,
}

/// One step of the recovery.
#[derive(Debug, Clone, Serialize)]
pub struct EtapeModele {
    pub date_courte: String,
    pub texte: String,
}

/// Which document of the case.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentModele {
    pub code: CodeDocument,
    pub titre: String,
    /// Articles the document rests on.
    pub fondement: String,
    /// A draft: data a filing needs is missing.
    pub projet: bool,
    /// What is missing, one line each.
    pub motifs_projet: Vec<String>,
    /// 1 or 2 for a relance, else 0.
    pub niveau: u8,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct VoieModele {
    pub relance: bool,
    pub mise_en_demeure: bool,
    pub injonction: bool,
    pub refere: bool,
    pub fond: bool,
    pub declaration_de_creance: bool,
    pub petites_creances: bool,
    pub echeancier: bool,
    pub saisie_conservatoire: bool,
    pub creances_incontestees: bool,
    pub conciliation: bool,
    pub mediation: bool,
    pub signification_ordonnance: bool,
}

/// The ordonnance to serve and its deadline (CPC 1411, 640-642).
#[derive(Debug, Clone, Serialize)]
pub struct SignificationModele {
    /// Date of the ordonnance, long form.
    pub ordonnance: String,
    /// The period in force at that date (`6 mois`).
    pub duree: String,
    /// The term before prorogation, long form.
    pub terme: String,
    /// The last day to serve, long form.
    pub dernier_jour: String,
    /// The term fell on a non-working day and was prorogued (CPC 642).
    pub proroge: bool,
    /// The ordonnance was made from the date enforcement needs no notice of opposition
    /// (décret 2026-96): the later rule of `delai_execution_injonction` applies.
    pub execution_sans_avis: bool,
}

/// A payment plan signed with the acknowledgment of debt.
#[derive(Debug, Clone, Serialize)]
pub struct EcheancierModele {
    pub versements: Vec<VersementModele>,
    pub nombre: u32,
    /// `mensuels` or `trimestriels`.
    pub periodicite: &'static str,
    /// The agreed annual rate (`6,00 %`); absent: no interest while the plan is kept.
    pub taux: Option<String>,
    /// The sum acknowledged, in figures and in words (C. civ. 1376).
    pub total: String,
    pub total_en_lettres: String,
    /// What the instalments add up to (the sum plus the agreed interest).
    pub total_verse: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersementModele {
    pub numero: u32,
    pub date: String,
    pub montant: String,
    pub interets: String,
    pub capital: String,
    pub restant: String,
}

/// The debtor's collective procedure and the declaration's periods (C. com. L622-24 s.).
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureCollectiveModele {
    /// `redressement judiciaire`.
    pub type_: &'static str,
    /// `sauvegarde`, `redressement` or `liquidation`.
    pub code: TypeProcedureCollective,
    /// `mandataire judiciaire` or `liquidateur judiciaire` (L641-3).
    pub organe: &'static str,
    pub liquidation: bool,
    /// Opening judgment, long form; absent when unknown.
    pub jugement: Option<String>,
    /// The court that opened it, as the case file names it.
    pub tribunal: Option<String>,
    /// BODACC publication, long form.
    pub publication: Option<String>,
    pub mandataire: Option<String>,
    pub mandataire_adresse: Vec<String>,
    /// Sûretés and privileges; absent: the claim is chirographaire.
    pub suretes: Option<String>,
    /// Last day to declare, long form, and the period (`2 mois`, `4 mois`).
    pub delai: Option<DelaiModele>,
    /// Last day of the action en relevé de forclusion.
    pub releve: Option<DelaiModele>,
    /// The creditor lives outside metropolitan France (R622-24: period extended).
    pub hors_metropole: bool,
    /// Invoices born before the opening judgment and not yet due at it (L622-25: sums to
    /// fall due), with what remains of each.
    pub factures_a_echoir: Vec<NonExigibleModele>,
    /// Their total.
    pub a_echoir: String,
    pub a_echoir_nul: bool,
    /// Sums due at the judgment plus sums to fall due.
    pub total_declare: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExpediteurModele {
    pub nom: String,
    pub adresse: Vec<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    /// The person who signs.
    pub signataire: String,
    /// `creancier`, `avocat` or `societe_recouvrement`.
    pub qualite: &'static str,
    pub est_avocat: bool,
    pub est_societe_recouvrement: bool,
    pub barreau: Option<String>,
    /// Writes on behalf of the creditor (an avocat or a collection agency).
    pub pour_compte: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartieModele {
    /// Name as printed: dénomination, or prénoms + nom.
    pub nom: String,
    /// Full designation (CPC 54 3°, 648).
    pub designation: String,
    pub adresse: Vec<String>,
    pub ville: String,
    /// `732 829 320`.
    pub siren: Option<String>,
    /// In groups of four.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    /// `Jean Martin, Président`.
    pub representant: Option<String>,
    pub particulier: bool,
    pub professionnel: bool,
    /// Grammatically feminine (a company always; a person by `civilite`); absent when
    /// unknown, and documents then use wording that needs no agreement.
    pub feminin: Option<bool>,
    /// `de Boulangeries Durand`, `d'ACME` (elided before a vowel).
    pub de_nom: String,
    /// `le` / `la` before a verb (« le condamner »), absent when unknown.
    pub pronom: Option<&'static str>,
    /// `Il` / `Elle`, absent when unknown.
    pub il: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CreanceModele {
    pub description: Option<String>,
    /// The description as it reads mid-sentence (first letter in lower case).
    pub description_phrase: Option<String>,
    /// Capitalisation of interest asked (C. civ. 1343-2).
    pub capitalisation: bool,
    /// `contractuelle`, `statutaire` or empty.
    pub fondement: &'static str,
    /// ISO 4217.
    pub devise: String,
    pub devise_etrangere: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecompteModele {
    /// `30 juin 2026`.
    pub arrete_au: String,
    /// `30/06/2026`.
    pub arrete_au_court: String,
    pub devise: String,
    pub devise_etrangere: bool,
    pub factures: Vec<FactureModele>,
    pub non_exigibles: Vec<NonExigibleModele>,
    pub montant_factures: String,
    pub paye: String,
    pub principal: String,
    pub interets: String,
    pub indemnites: String,
    pub clause_penale: String,
    /// `10,00 %`.
    pub taux_clause_penale: Option<String>,
    pub total: String,
    pub a_interets: bool,
    pub a_indemnites: bool,
    pub a_clause_penale: bool,
    /// `l441-10`, `legal`, `contractuel`, `aucun`.
    pub mode: &'static str,
    /// The same mode as flags.
    pub mode_est: ModeModele,
    /// `pénalités de retard au taux de la BCE majoré de … (C. com. art. L441-10 II)`.
    pub libelle_interets: String,
    pub libelle_interets_majuscule: String,
    /// The method of calculation, in full.
    pub methode: String,
    /// One invoice claimed: documents speak in the singular.
    pub une_facture: bool,
    /// `arrêtées` for penalties (feminine), `arrêtés` for interest.
    pub arretes: &'static str,
    /// What payments settled of interest or penalties (C. civ. 1343-1), all invoices.
    pub paye_sur_interets: String,
    pub a_paye_sur_interets: bool,
    /// How interest runs after the arrêté: rule, base and starting date (« au taux de
    /// l'intérêt légal sur 1 886,00 € à compter du 1er juillet 2026 »); absent without interest.
    pub interets_posterieurs: Option<String>,
    /// The date legal interest started (the mise en demeure), long form.
    pub mise_en_demeure: Option<String>,
    /// The total without the clause pénale (a référé-provision leaves it to the fond).
    pub total_sans_clause_penale: String,
    /// The source of every rate applied (arrêté of the legal rate, ECB decision), one line
    /// per half-year.
    pub sources_taux: Vec<String>,
    /// Interest capitalised (C. civ. 1343-2), all invoices.
    pub interets_capitalises: String,
    pub a_capitalisation: bool,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ModeModele {
    pub l441_10: bool,
    pub legal: bool,
    pub contractuel: bool,
    pub aucun: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactureModele {
    pub numero: String,
    pub date: String,
    pub echeance: String,
    pub jours_retard: i64,
    pub montant: String,
    pub paye: String,
    pub paye_nul: bool,
    pub principal: String,
    pub interets: String,
    pub interets_courus: String,
    pub indemnite: String,
    pub total: String,
    pub periodes: Vec<PeriodeModele>,
    pub imputations: Vec<ImputationModele>,
    /// What payments settled of its interest first (C. civ. 1343-1).
    pub paye_sur_interets: String,
    /// Interest capitalised into its principal (C. civ. 1343-2).
    pub capitalise: String,
    pub a_capitalisation: bool,
    pub capitalisations: Vec<CapitalisationModele>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CapitalisationModele {
    pub date: String,
    pub montant: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodeModele {
    pub du: String,
    pub au: String,
    pub jours: i64,
    pub taux: String,
    pub assiette: String,
    pub interets: String,
    /// The L441-10 II floor replaced the contractual rate.
    pub plancher: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImputationModele {
    pub date: String,
    pub montant: String,
    pub sur_interets: String,
    pub sur_principal: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NonExigibleModele {
    pub numero: String,
    pub echeance: String,
    pub montant: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DelaiModele {
    /// The period, `N jours`.
    pub duree: String,
    /// Last day, long form.
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvenementModele {
    pub date: String,
    pub date_courte: String,
    /// `lettre recommandée avec demande d'avis de réception`…
    pub mode: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TribunalModele {
    /// `tribunal de commerce de Lyon`.
    pub nom: String,
    /// The judge a requête is addressed to.
    pub juge: String,
    /// `président du tribunal de commerce de Lyon`.
    pub juge_nom: String,
    pub ville: String,
    pub adresse: Vec<String>,
    pub chambre: Option<String>,
    /// Hears commercial matters (TC, TAE, chambre commerciale).
    pub commercial: bool,
    /// Named in the case file.
    pub designe: bool,
    #[serde(rename = "type")]
    pub type_: TypeJuridiction,
    /// Juge des contentieux de la protection.
    pub jcp: bool,
    /// A tribunal de commerce or des activités économiques (CPC 853 s.).
    pub consulaire: bool,
    /// Alsace-Moselle: the local rule that requires an avocat before the chambre
    /// commerciale, with its source (law/juridictions.toml).
    pub regle_representation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TentativeAmiableModele {
    /// CPC 750-1 applies.
    pub requise: bool,
    pub diligences: Option<String>,
    pub dispense: Option<String>,
    /// Number of the exhibit that proves the attempt (CPC 750-1).
    pub preuve: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AudienceModele {
    pub date: String,
    /// `9 h 30`.
    pub heure: Option<String>,
    pub salle: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntervenantModele {
    pub nom: String,
    pub barreau: Option<String>,
    pub adresse: Vec<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PieceModele {
    pub numero: usize,
    pub titre: String,
    pub date: Option<String>,
    pub pages: Option<usize>,
    pub sha256: String,
}

/// A parameter of the law as documents print it.
#[derive(Debug, Clone, Serialize)]
pub struct ParametreModele {
    /// The value with its unit, formatted (`N €`, `N mois`).
    pub valeur: String,
    /// The text that sets it.
    pub source: String,
    /// Since when (long form).
    pub depuis: String,
    /// The value in force at the document date, then every later one already known:
    /// a rule that changes on a date the document must state (CPC 1411).
    pub serie: Vec<ValeurModele>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValeurModele {
    pub valeur: String,
    pub depuis: String,
    pub source: String,
}

fn partie(p: &Partie, devise: &str) -> PartieModele {
    let representant = p.representant.as_ref().map(|r| {
        [r.nom.as_deref(), r.qualite.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    PartieModele {
        nom: p.nom_complet(),
        designation: designation(p, devise),
        adresse: lignes_adresse(p.adresse.as_ref()),
        ville: p
            .adresse
            .as_ref()
            .and_then(|a| a.ville.clone())
            .unwrap_or_default(),
        siren: p.siren.as_deref().map(siren_espace),
        iban: p.iban.as_deref().map(iban_groupes),
        bic: p.bic.clone(),
        email: p.email.clone(),
        telephone: p.telephone.clone(),
        representant,
        particulier: p.nature == Nature::Particulier,
        professionnel: p.nature.est_professionnel(),
        feminin: p.feminin(),
        de_nom: de(&p.nom_complet()),
        pronom: p.feminin().map(|f| if f { "la" } else { "le" }),
        il: p.feminin().map(|f| if f { "Elle" } else { "Il" }),
    }
}

fn intervenant(i: &Intervenant) -> IntervenantModele {
    IntervenantModele {
        nom: i.nom.clone(),
        barreau: i.barreau.clone(),
        adresse: lignes_adresse(i.adresse.as_ref()),
        email: i.email.clone(),
        telephone: i.telephone.clone(),
    }
}

fn mode_envoi(m: Option<ModeEnvoi>) -> &'static str {
    match m {
        Some(ModeEnvoi::Email) => "courriel",
        Some(ModeEnvoi::Courrier) => "courrier simple",
        Some(ModeEnvoi::Lrar) => "lettre recommandée avec demande d'avis de réception",
        Some(ModeEnvoi::Lre) => "lettre recommandée électronique",
        Some(ModeEnvoi::Commissaire) => "acte de commissaire de justice",
        None => "courrier",
    }
}

/// How the interest is named in documents, with the figures of law in force at `date`: the
/// basis actually computed (the L441-10 II floor when it replaced the contractual rate).
fn libelle_interets(
    d: &Decompte,
    taux_contractuel: Option<Decimal>,
    tables: &TablesLoi,
    date: NaiveDate,
) -> String {
    let mode = d.mode_interets;
    let periodes = || d.factures.iter().flat_map(|f| f.periodes.iter());
    if mode == ModeInterets::Contractuel && periodes().any(|p| p.regle == RegleTaux::Plancher) {
        let plancher = tables
            .valeur_au(Cle::PlancherContractuel, date)
            .map(|v| v.en_texte())
            .unwrap_or_default();
        let taux = taux_contractuel.map(taux_fr).unwrap_or_default();
        // C. com. L441-10 II: between professionals the rate is never below the floor.
        return if periodes().all(|p| p.regle == RegleTaux::Plancher) {
            format!("pénalités de retard au taux plancher de {plancher} le taux de l'intérêt légal, le taux contractuel de {taux} lui étant inférieur (C. com. art. L441-10 II)")
        } else {
            format!("pénalités de retard au taux contractuel de {taux}, porté à {plancher} le taux de l'intérêt légal pour les semestres où il lui était inférieur (C. com. art. L441-10 II)")
        };
    }
    libelle_mode(mode, taux_contractuel, tables, date)
}

fn libelle_mode(
    mode: ModeInterets,
    taux_contractuel: Option<Decimal>,
    tables: &TablesLoi,
    date: NaiveDate,
) -> String {
    match mode {
        ModeInterets::L441_10 => match tables.valeur_au(Cle::MajorationL441_10, date) {
            Ok(m) => format!(
                "pénalités de retard au taux de la BCE majoré de {} (C. com. art. L441-10 II)",
                m.en_texte()
            ),
            Err(_) => "pénalités de retard (C. com. art. L441-10 II)".to_owned(),
        },
        ModeInterets::Legal => "intérêts au taux légal (C. civ. art. 1231-6 et 1344-1)".into(),
        ModeInterets::Contractuel => match taux_contractuel {
            Some(t) => format!("intérêts au taux contractuel de {} l'an", taux_fr(t)),
            None => "intérêts au taux contractuel".into(),
        },
        ModeInterets::Aucun => "aucun intérêt".into(),
    }
}

/// How interest runs after the arrêté (issue 11, point 10): the rule, the base (the
/// principal still due) and the starting date (the day after the arrêté).
fn interets_posterieurs(d: &Decompte, dossier: &Dossier, tables: &TablesLoi) -> Option<String> {
    let lendemain = d.arrete_au.succ_opt()?;
    let base = montant_devise(d.principal, &d.devise);
    let regle = match d.mode_interets {
        ModeInterets::Aucun => return None,
        // C. com. L441-10 II.
        ModeInterets::L441_10 => match tables.valeur_au(Cle::MajorationL441_10, d.arrete_au) {
            Ok(m) => format!(
                "au taux de refinancement de la BCE majoré de {} (C. com. art. L441-10 II)",
                m.en_texte()
            ),
            Err(_) => "au taux de refinancement de la BCE majoré (C. com. art. L441-10 II)".into(),
        },
        // C. civ. 1231-6, 1344-1.
        ModeInterets::Legal => "au taux de l'intérêt légal".into(),
        ModeInterets::Contractuel => {
            let t = dossier
                .creance
                .taux_contractuel
                .map(taux_fr)
                .unwrap_or_default();
            if dossier.entre_professionnels() {
                let p = tables
                    .valeur_au(Cle::PlancherContractuel, d.arrete_au)
                    .map(|v| v.en_texte())
                    .unwrap_or_default();
                format!("au taux contractuel de {t} l'an, sans pouvoir être inférieur à {p} le taux de l'intérêt légal (C. com. art. L441-10 II)")
            } else {
                format!("au taux contractuel de {t} l'an")
            }
        }
    };
    let mut texte = format!("{regle} sur {base} à compter du {}", date_longue(lendemain));
    if dossier.creance.capitalisation == Some(true) {
        texte.push_str(
            ", avec capitalisation des intérêts dus pour une année entière (C. civ. art. 1343-2)",
        );
    }
    Some(texte)
}

/// The source of each rate applied, one line per half-year (issue 11, point 18).
fn sources_taux(d: &Decompte, tables: &TablesLoi) -> Vec<String> {
    let mut semestres: Vec<(Semestre, RegleTaux)> = d
        .factures
        .iter()
        .flat_map(|f| f.periodes.iter())
        .map(|p| (Semestre::de(p.au), p.regle))
        .collect();
    semestres.sort_by_key(|(s, r)| (s.to_string(), *r as u8));
    semestres.dedup_by_key(|(s, r)| (s.to_string(), *r as u8));
    let mut v = Vec::new();
    for (s, regle) in semestres {
        let ligne = match regle {
            RegleTaux::Bce => tables.taux_bce(s).ok().map(|t| {
                format!(
                    "{} : taux de refinancement de la BCE de {} (en vigueur depuis le {}) — {}",
                    s.libelle(),
                    taux_fr(t.taux),
                    date_longue(t.date_effet),
                    t.source
                )
            }),
            RegleTaux::LegalA | RegleTaux::LegalB | RegleTaux::Plancher => {
                tables.taux_legal(s).ok().map(|t| {
                    let (taux, colonne) = if regle == RegleTaux::LegalA {
                        (t.particulier, "créances des personnes physiques n'agissant pas pour des besoins professionnels")
                    } else {
                        (t.autres, "autres cas")
                    };
                    format!(
                        "{} : taux de l'intérêt légal de {} ({colonne}) — {}",
                        s.libelle(),
                        taux_fr(taux),
                        t.source
                    )
                })
            }
            RegleTaux::Contractuel | RegleTaux::Aucun => None,
        };
        if let Some(l) = ligne {
            if !v.contains(&l) {
                v.push(l);
            }
        }
    }
    v
}

fn decompte(d: &Decompte, dossier: &Dossier, tables: &TablesLoi) -> DecompteModele {
    let m = |x: Decimal| montant_devise(x, &d.devise);
    let factures = d
        .factures
        .iter()
        .map(|f| FactureModele {
            numero: f.numero.clone(),
            date: date_fr(f.date),
            echeance: date_fr(f.echeance),
            jours_retard: (d.arrete_au - f.echeance).num_days(),
            montant: m(f.montant),
            paye: m(f.paye),
            paye_nul: f.paye.is_zero(),
            principal: m(f.principal),
            interets: m(f.interets),
            interets_courus: m(f.interets_courus),
            indemnite: m(f.indemnite),
            total: m(f.principal + f.interets + f.indemnite),
            periodes: f
                .periodes
                .iter()
                .map(|p| PeriodeModele {
                    du: date_fr(p.du),
                    au: date_fr(p.au),
                    jours: p.jours,
                    taux: taux_fr(p.taux),
                    assiette: m(p.assiette),
                    interets: m(p.interets),
                    plancher: p.regle == RegleTaux::Plancher,
                })
                .collect(),
            imputations: f
                .imputations
                .iter()
                .map(|i| ImputationModele {
                    date: date_fr(i.date),
                    montant: m(i.montant),
                    sur_interets: m(i.sur_interets),
                    sur_principal: m(i.sur_principal),
                })
                .collect(),
            paye_sur_interets: m(f.imputations.iter().map(|i| i.sur_interets).sum()),
            capitalise: m(f.capitalisations.iter().map(|c| c.montant).sum()),
            a_capitalisation: !f.capitalisations.is_empty(),
            capitalisations: f
                .capitalisations
                .iter()
                .map(|c| CapitalisationModele {
                    date: date_fr(c.date),
                    montant: m(c.montant),
                })
                .collect(),
        })
        .collect();
    let libelle = libelle_interets(d, dossier.creance.taux_contractuel, tables, d.arrete_au);
    let paye_sur_interets: Decimal = d
        .factures
        .iter()
        .flat_map(|f| f.imputations.iter())
        .map(|i| i.sur_interets)
        .sum();
    let capitalises: Decimal = d
        .factures
        .iter()
        .flat_map(|f| f.capitalisations.iter())
        .map(|c| c.montant)
        .sum();
    DecompteModele {
        arrete_au: date_longue(d.arrete_au),
        arrete_au_court: date_fr(d.arrete_au),
        devise: d.devise.clone(),
        devise_etrangere: d.devise != "EUR",
        factures,
        non_exigibles: d
            .non_exigibles
            .iter()
            .map(|n| NonExigibleModele {
                numero: n.numero.clone(),
                echeance: date_fr(n.echeance),
                montant: m(n.montant),
            })
            .collect(),
        montant_factures: m(d.factures.iter().map(|f| f.montant).sum()),
        paye: m(d.factures.iter().map(|f| f.paye).sum()),
        principal: m(d.principal),
        interets: m(d.interets),
        indemnites: m(d.indemnites),
        clause_penale: m(d.clause_penale),
        taux_clause_penale: d.taux_clause_penale.map(taux_fr),
        total: m(d.total),
        a_interets: d.mode_interets != ModeInterets::Aucun,
        a_indemnites: !d.indemnites.is_zero(),
        a_clause_penale: d.taux_clause_penale.is_some(),
        mode: d.mode_interets.code(),
        mode_est: ModeModele {
            l441_10: d.mode_interets == ModeInterets::L441_10,
            legal: d.mode_interets == ModeInterets::Legal,
            contractuel: d.mode_interets == ModeInterets::Contractuel,
            aucun: d.mode_interets == ModeInterets::Aucun,
        },
        libelle_interets_majuscule: majuscule(&libelle),
        libelle_interets: libelle,
        methode: d.methode.clone(),
        une_facture: d.factures.len() == 1,
        arretes: match d.mode_interets {
            ModeInterets::L441_10 => "arrêtées",
            _ if d
                .factures
                .iter()
                .flat_map(|f| f.periodes.iter())
                .any(|p| p.regle == RegleTaux::Plancher) =>
            {
                "arrêtées"
            }
            _ => "arrêtés",
        },
        paye_sur_interets: m(paye_sur_interets),
        a_paye_sur_interets: !paye_sur_interets.is_zero(),
        interets_posterieurs: interets_posterieurs(d, dossier, tables),
        mise_en_demeure: dossier
            .premiere_mise_en_demeure(d.arrete_au)
            .map(date_longue),
        total_sans_clause_penale: m(d.total - d.clause_penale),
        sources_taux: sources_taux(d, tables),
        interets_capitalises: m(capitalises),
        a_capitalisation: !capitalises.is_zero(),
    }
}

fn piece(p: &PieceLue) -> PieceModele {
    PieceModele {
        numero: p.numero,
        titre: p.titre.clone(),
        date: p.date.map(date_fr),
        pages: p.pages,
        sha256: p.sha256.clone(),
    }
}

/// The numbered exhibits as templates print them.
pub fn liste_pieces(pieces: &[PieceLue]) -> Vec<PieceModele> {
    pieces.iter().map(piece).collect()
}

/// Every parameter of the law in force at `date`, formatted, with the later values already
/// known (a parameter with no value at that date is left out: a template that needs it
/// fails naming it).
fn loi(tables: &TablesLoi, date: NaiveDate) -> BTreeMap<&'static str, ParametreModele> {
    let mut v = BTreeMap::new();
    for &cle in Cle::TOUTES {
        let Ok(courante) = tables.valeur_au(cle, date) else {
            continue;
        };
        let serie = tables
            .serie(cle)
            .map(|s| {
                s.valeurs
                    .iter()
                    .filter(|x| x.depuis >= courante.source.depuis)
                    .map(|x| ValeurModele {
                        valeur: crate::law::parametres::en_texte(x.valeur, s.unite),
                        depuis: date_longue(x.depuis),
                        source: x.texte.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.insert(
            cle.nom(),
            ParametreModele {
                valeur: courante.en_texte(),
                source: courante.source.texte.clone(),
                depuis: date_longue(courante.source.depuis),
                serie,
            },
        );
    }
    v
}

/// Sets which document the case data is for (title, legal basis, draft reasons).
pub fn pour_document(donnees: &mut DonneesModele, plan: &Plan, document: &DocumentPrevu) {
    donnees.document = Some(DocumentModele {
        code: document.forme.code,
        titre: document.forme.titre.clone(),
        fondement: document.forme.fondement.clone(),
        projet: document.est_projet(),
        motifs_projet: document.projet.clone(),
        niveau: plan.niveau_relance,
    });
}

/// Everything a template of this case may print, built once per case; `pour_document`
/// then names the document.
pub fn donnees(
    dossier: &Dossier,
    dec: &Decompte,
    plan: &Plan,
    pieces: &[PieceLue],
    tables: &TablesLoi,
) -> DonneesModele {
    let devise = dossier.creance.devise();
    // Who writes and signs: the creditor, or its avocat / collection agency.
    let expediteur = match &dossier.mandataire {
        Some(m) => ExpediteurModele {
            nom: m.nom.clone(),
            adresse: lignes_adresse(m.adresse.as_ref()),
            email: m.email.clone(),
            telephone: m.telephone.clone(),
            signataire: m.signataire.clone().unwrap_or_else(|| m.nom.clone()),
            qualite: match m.qualite {
                QualiteMandataire::Avocat => "avocat",
                QualiteMandataire::SocieteRecouvrement => "societe_recouvrement",
            },
            est_avocat: m.qualite == QualiteMandataire::Avocat,
            est_societe_recouvrement: m.qualite == QualiteMandataire::SocieteRecouvrement,
            barreau: m.barreau.clone(),
            pour_compte: true,
        },
        None => {
            let c = &dossier.creancier;
            let signataire = c
                .representant
                .as_ref()
                .map(|r| {
                    [r.nom.as_deref(), r.qualite.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| c.nom_complet());
            ExpediteurModele {
                nom: c.nom_complet(),
                adresse: lignes_adresse(c.adresse.as_ref()),
                email: c.email.clone(),
                telephone: c.telephone.clone(),
                signataire,
                qualite: "creancier",
                est_avocat: false,
                est_societe_recouvrement: false,
                barreau: None,
                pour_compte: false,
            }
        }
    };
    let ville_expediteur = dossier
        .mandataire
        .as_ref()
        .and_then(|m| m.adresse.as_ref())
        .or(dossier.creancier.adresse.as_ref())
        .and_then(|a| a.ville.clone())
        .unwrap_or_default();
    let lieu = dossier
        .procedure
        .as_ref()
        .and_then(|p| p.lieu_signature.clone())
        .unwrap_or(ville_expediteur);
    let evenements = |t: TypeEvenement| -> Vec<EvenementModele> {
        dossier
            .evenements_avant(t, plan.date)
            .into_iter()
            .map(|e| EvenementModele {
                date: date_longue(e.date),
                date_courte: date_fr(e.date),
                mode: mode_envoi(e.mode),
            })
            .collect()
    };
    let tribunal = plan.tribunal.as_ref().map(|t| TribunalModele {
        nom: t.nom(),
        juge: t.juge_requete(),
        juge_nom: t.juge_nom(),
        ville: t.ville.clone(),
        adresse: lignes_adresse(t.adresse.as_ref()),
        // Printed once: not again when the court's name already says it (Alsace-Moselle).
        chambre: t
            .chambre
            .clone()
            .filter(|c| !t.nom().to_lowercase().contains(&c.trim().to_lowercase())),
        commercial: t.est_commercial(),
        designe: t.designe,
        type_: t.type_,
        jcp: t.type_ == TypeJuridiction::JugeContentieuxProtection,
        consulaire: matches!(
            t.type_,
            TypeJuridiction::TribunalDeCommerce | TypeJuridiction::TribunalActivitesEconomiques
        ),
        regle_representation: tables
            .juridictions()
            .avocat_chambre_commerciale
            .as_ref()
            .filter(|r| t.chambre_commerciale && r.obligatoire)
            .map(|r| r.texte.clone()),
    });
    let procedure = dossier.procedure.as_ref();
    DonneesModele {
        document: None,
        reference: dossier.reference.clone(),
        date: date_longue(plan.date),
        date_courte: date_fr(plan.date),
        lieu,
        voie: plan.voie.code(),
        voie_est: VoieModele {
            relance: plan.voie == Voie::Relance,
            mise_en_demeure: plan.voie == Voie::MiseEnDemeure,
            injonction: plan.voie == Voie::Injonction,
            refere: plan.voie == Voie::Refere,
            fond: plan.voie == Voie::Fond,
            declaration_de_creance: plan.voie == Voie::DeclarationDeCreance,
            petites_creances: plan.voie == Voie::PetitesCreances,
            echeancier: plan.voie == Voie::Echeancier,
            saisie_conservatoire: plan.voie == Voie::SaisieConservatoire,
            creances_incontestees: plan.voie == Voie::CreancesIncontestees,
            conciliation: plan.voie == Voie::Conciliation,
            mediation: plan.voie == Voie::Mediation,
            signification_ordonnance: plan.voie == Voie::SignificationOrdonnance,
        },
        expediteur,
        creancier: partie(&dossier.creancier, devise),
        debiteur: partie(&dossier.debiteur, devise),
        entre_professionnels: dossier.entre_professionnels(),
        creance: CreanceModele {
            description: dossier.creance.description.clone(),
            description_phrase: dossier
                .creance
                .description
                .as_deref()
                .map(|x| minuscule_initiale(x.trim())),
            capitalisation: dossier.creance.capitalisation == Some(true),
            fondement: match dossier.creance.fondement {
                Some(Fondement::Contrat) => "contractuelle",
                Some(Fondement::Statutaire) => "statutaire",
                None => "",
            },
            devise: devise.to_owned(),
            devise_etrangere: devise != "EUR",
        },
        decompte: decompte(dec, dossier, tables),
        delai: plan.delai_paiement.as_ref().map(|d| DelaiModele {
            duree: d.duree.to_string(),
            date: date_longue(d.dernier_jour),
        }),
        relances: evenements(TypeEvenement::Relance),
        mises_en_demeure: evenements(TypeEvenement::MiseEnDemeure),
        tribunal,
        representation: plan.representation.map(|r| match r {
            Representation::AvocatObligatoire => "obligatoire",
            Representation::Facultative => "facultative",
        }),
        avocat_obligatoire: plan.representation == Some(Representation::AvocatObligatoire),
        seuil_avocat: montant_devise(plan.seuil_avocat, "EUR"),
        au_dela_seuil_avocat: plan.montant > plan.seuil_avocat,
        tentative_amiable: TentativeAmiableModele {
            requise: plan.tentative_amiable_requise,
            diligences: procedure.and_then(|p| p.diligences_amiables.clone()),
            dispense: procedure.and_then(|p| p.dispense_amiable.clone()),
            preuve: pieces
                .iter()
                .find(|p| p.source == "procedure.preuve_amiable.fichier")
                .map(|p| p.numero),
        },
        contribution_tae: plan.contribution_tae,
        audience: procedure
            .and_then(|p| p.audience.as_ref())
            .map(|a| AudienceModele {
                date: date_longue(a.date),
                heure: a.heure.as_deref().map(heure_fr),
                salle: a.salle.clone(),
            }),
        avocat: dossier.avocat.as_ref().map(intervenant),
        commissaire: dossier.commissaire.as_ref().map(intervenant),
        article_700: procedure
            .and_then(|p| p.article_700)
            .map(|x| montant_devise(x, devise)),
        refere: plan.voie == Voie::Refere,
        pieces: liste_pieces(pieces),
        chronologie: chronologie(dossier, dec, plan.date),
        relances_utiles: relances_utiles(dossier, dec, plan.date),
        representant_demandeur: representant_demandeur(dossier, plan),
        vu_articles: vu_articles(dossier, dec, plan),
        procedure_collective: procedure_collective(dossier, dec, plan),
        // `Cour d'appel de Lyon` → `cour d'appel de Lyon`, for mid-sentence use.
        cour_appel: plan.cour_appel.as_deref().map(minuscule_initiale),
        principal_et_interets: montant_devise(dec.principal + dec.interets, &dec.devise),
        echeancier: echeancier(dossier, dec, plan),
        conciliateur: dossier.conciliateur.as_ref().map(intervenant),
        signification: plan
            .signification
            .as_ref()
            .map(|(o, d)| SignificationModele {
                ordonnance: date_longue(*o),
                duree: d.duree.to_string(),
                terme: date_longue(d.terme),
                dernier_jour: date_longue(d.dernier_jour),
                proroge: d.terme != d.dernier_jour,
                execution_sans_avis: tables.valeur_au(Cle::DelaiExecutionInjonction, *o).is_ok(),
            }),
        menace: procedure.and_then(|p| p.menace.clone()),
        biens: procedure
            .map(|p| p.biens.iter().map(|b| b.libelle()).collect())
            .unwrap_or_default(),
        loi: loi(tables, plan.date),
        loi_a_venir: loi_a_venir(tables, plan.date),
    }
}

/// Parameters whose first value starts after `date`.
fn loi_a_venir(tables: &TablesLoi, date: NaiveDate) -> BTreeMap<&'static str, ValeurModele> {
    let mut v = BTreeMap::new();
    for &cle in Cle::TOUTES {
        if tables.valeur_au(cle, date).is_ok() {
            continue;
        }
        let Some(s) = tables.serie(cle) else { continue };
        if let Some(x) = s.valeurs.iter().find(|x| x.depuis > date) {
            v.insert(
                cle.nom(),
                ValeurModele {
                    valeur: crate::law::parametres::en_texte(x.valeur, s.unite),
                    depuis: date_longue(x.depuis),
                    source: x.texte.clone(),
                },
            );
        }
    }
    v
}

/// The recovery in date order (issue 11, point 16): échéances of the claimed invoices,
/// relances, mises en demeure, payments.
fn chronologie(dossier: &Dossier, dec: &Decompte, date: NaiveDate) -> Vec<EtapeModele> {
    let m = |x: Decimal| montant_devise(x, &dec.devise);
    let mut v: Vec<(NaiveDate, u8, String)> = Vec::new();
    for f in &dec.factures {
        v.push((
            f.echeance,
            0,
            format!("échéance de la facture n° {} ({})", f.numero, m(f.montant)),
        ));
    }
    for e in &dossier.evenements {
        if e.date > date {
            continue;
        }
        let texte = match e.type_ {
            TypeEvenement::Relance => format!("relance ({})", mode_envoi(e.mode)),
            TypeEvenement::MiseEnDemeure => format!("mise en demeure ({})", mode_envoi(e.mode)),
            t => t.libelle().to_owned(),
        };
        v.push((e.date, 1, texte));
    }
    for p in &dossier.paiements {
        if p.date <= date {
            v.push((p.date, 2, format!("paiement reçu de {}", m(p.montant))));
        }
    }
    v.sort_by_key(|a| (a.0, a.1));
    let mut etapes: Vec<EtapeModele> = v
        .into_iter()
        .map(|(d, _, texte)| EtapeModele {
            date_courte: date_fr(d),
            texte,
        })
        .collect();
    etapes.push(EtapeModele {
        date_courte: date_fr(date),
        texte: "décompte arrêté et dossier constitué".into(),
    });
    etapes
}

/// The relances a letter may cite (issue 11, point 14): sent once the first claimed invoice
/// had fallen due.
fn relances_utiles(dossier: &Dossier, dec: &Decompte, date: NaiveDate) -> Vec<EvenementModele> {
    let Some(premiere) = dec.factures.iter().map(|f| f.echeance).min() else {
        return Vec::new();
    };
    dossier
        .evenements_avant(TypeEvenement::Relance, date)
        .into_iter()
        .filter(|e| e.date > premiere)
        .map(|e| EvenementModele {
            date: date_longue(e.date),
            date_courte: date_fr(e.date),
            mode: mode_envoi(e.mode),
        })
        .collect()
}

/// A collection company named as the claimant's representative before a commercial court
/// (CPC 853 al. 3, 855); never before the tribunal judiciaire (CPC 762), where the plan
/// keeps the act a draft.
fn representant_demandeur(dossier: &Dossier, plan: &Plan) -> Option<String> {
    let m = dossier.mandataire.as_ref()?;
    if m.qualite != QualiteMandataire::SocieteRecouvrement {
        return None;
    }
    let t = plan.tribunal.as_ref()?;
    if !t.est_commercial()
        || dossier.avocat.is_some()
        || plan.representation != Some(Representation::Facultative)
    {
        return None;
    }
    let adresse = lignes_adresse(m.adresse.as_ref()).join(", ");
    let mut s = m.nom.trim().to_owned();
    if !adresse.is_empty() {
        s.push_str(&format!(", {adresse}"));
    }
    s.push_str(", munie d'un pouvoir spécial (article 853 du code de procédure civile)");
    Some(s)
}

/// « Vu les articles … » of a filing (issue 11, point 21).
fn vu_articles(dossier: &Dossier, dec: &Decompte, plan: &Plan) -> String {
    let mut civ = vec!["1103", "1231-1"];
    let mut com: Vec<&str> = Vec::new();
    match dec.mode_interets {
        ModeInterets::Legal => civ.extend(["1231-6", "1344-1"]),
        ModeInterets::L441_10 | ModeInterets::Contractuel if dossier.entre_professionnels() => {
            com.push("L441-10")
        }
        _ => {}
    }
    if !dec.indemnites.is_zero() {
        com.push("D441-5");
    }
    if dec.taux_clause_penale.is_some() && plan.voie != Voie::Refere {
        civ.push("1231-5");
    }
    if dossier.creance.capitalisation == Some(true) {
        civ.push("1343-2");
    }
    let mut cpc: Vec<&str> = match plan.voie {
        Voie::Injonction => vec!["1405 et suivants"],
        Voie::Refere if plan.tribunal.as_ref().is_some_and(|t| t.est_commercial()) => {
            vec!["873, alinéa 2,"]
        }
        Voie::Refere => vec!["835, alinéa 2,"],
        _ => Vec::new(),
    };
    if plan.voie != Voie::Injonction
        && dossier
            .procedure
            .as_ref()
            .is_some_and(|p| p.article_700.is_some())
    {
        cpc.push("700");
    }
    let mut texte = format!("Vu les articles {} du code civil", civ.join(", "));
    if !com.is_empty() {
        texte.push_str(&format!(", {} du code de commerce", com.join(" et ")));
    }
    if !cpc.is_empty() {
        texte.push_str(&format!(
            ", {} du code de procédure civile",
            cpc.join(" et ")
        ));
    }
    texte
}

fn echeancier(dossier: &Dossier, dec: &Decompte, plan: &Plan) -> Option<EcheancierModele> {
    let e = dossier.echeancier.as_ref()?;
    if plan.versements.is_empty() {
        return None;
    }
    let m = |x: Decimal| montant_devise(x, &dec.devise);
    Some(EcheancierModele {
        versements: plan
            .versements
            .iter()
            .map(|v| VersementModele {
                numero: v.numero,
                date: date_fr(v.date),
                montant: m(v.montant),
                interets: m(v.interets),
                capital: m(v.capital),
                restant: m(v.restant),
            })
            .collect(),
        nombre: e.mensualites,
        periodicite: e.periodicite.unwrap_or_default().adjectif(),
        taux: e.taux.filter(|t| !t.is_zero()).map(taux_fr),
        total: m(dec.total),
        total_en_lettres: if dec.devise == "EUR" {
            euros_en_lettres(dec.total)
        } else {
            format!(
                "{} {}",
                nombre_en_lettres(u64::try_from(dec.total.trunc()).unwrap_or(0)),
                dec.devise
            )
        },
        total_verse: m(plan.versements.iter().map(|v| v.montant).sum()),
    })
}

fn procedure_collective(
    dossier: &Dossier,
    dec: &Decompte,
    plan: &Plan,
) -> Option<ProcedureCollectiveModele> {
    let pc = dossier.procedure_collective.as_ref()?;
    // Sums to fall due (L622-25) are those of invoices born before the judgment; a later
    // invoice is a post-opening claim, paid at its term (L622-17), never declared.
    let nees_avant: Vec<_> = dec
        .non_exigibles
        .iter()
        .filter(|n| {
            let date = dossier
                .factures
                .iter()
                .find(|f| f.numero.trim() == n.numero.trim())
                .map(|f| f.date);
            match (date, pc.jugement_ouverture) {
                (Some(d), Some(j)) => d <= j,
                _ => true,
            }
        })
        .collect();
    let a_echoir: Decimal = nees_avant.iter().map(|n| n.montant - n.paye).sum();
    let delai = |d: &crate::law::calendrier::Delai| DelaiModele {
        duree: d.duree.to_string(),
        date: date_longue(d.dernier_jour),
    };
    Some(ProcedureCollectiveModele {
        type_: pc.type_.libelle(),
        code: pc.type_,
        organe: pc.type_.organe(),
        liquidation: pc.type_ == TypeProcedureCollective::Liquidation,
        jugement: pc.jugement_ouverture.map(date_longue),
        tribunal: pc.tribunal.clone(),
        publication: pc.publication_bodacc.map(date_longue),
        mandataire: pc.mandataire.as_ref().map(|m| m.nom.clone()),
        mandataire_adresse: lignes_adresse(pc.mandataire.as_ref().and_then(|m| m.adresse.as_ref())),
        suretes: pc.suretes.clone().filter(|s| !s.trim().is_empty()),
        delai: plan.declaration.as_ref().map(|d| delai(&d.declaration)),
        releve: plan.declaration.as_ref().map(|d| delai(&d.releve)),
        hors_metropole: plan.declaration.as_ref().is_some_and(|d| d.hors_metropole),
        factures_a_echoir: nees_avant
            .iter()
            .map(|n| NonExigibleModele {
                numero: n.numero.clone(),
                echeance: date_fr(n.echeance),
                montant: montant_devise(n.montant - n.paye, &dec.devise),
            })
            .collect(),
        a_echoir: montant_devise(a_echoir, &dec.devise),
        a_echoir_nul: a_echoir.is_zero(),
        total_declare: montant_devise(dec.total + a_echoir, &dec.devise),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exemple::dossier_toml;

    fn partie(t: &str) -> Partie {
        dossier_toml(&format!(
            "reference = \"T\"\n[creancier]\n{t}\n[debiteur]\nnature = \"societe\"\n"
        ))
        .creancier
    }

    /// CPC 54 3° b, 648: form, name, capital, registration, seat, representative.
    #[test]
    fn a_company_is_designated_with_form_seat_and_organ() {
        let p = partie(
            "nature = \"societe\"\ndenomination = \"ACME\"\nforme_juridique = \"SAS\"\ncapital = \"50000\"\nsiren = \"732829320\"\nrcs = \"Paris\"\nrepresentant = { nom = \"Jean Martin\", qualite = \"Président\" }\nadresse = { lignes = [\"12 rue de la Paix\"], code_postal = \"75002\", ville = \"Paris\" }",
        );
        assert_eq!(
            designation(&p, "EUR"),
            "ACME, société par actions simplifiée au capital de 50\u{202f}000\u{a0}€, immatriculée au registre du commerce et des sociétés de Paris sous le numéro 732\u{a0}829\u{a0}320, dont le siège est situé 12\u{a0}rue de la Paix, 75002 Paris, prise en la personne de son représentant légal, Jean Martin, président, demeurant en cette qualité audit siège"
        );
    }

    /// CPC 54 3° a: a natural person by surname, first names, birth and domicile.
    #[test]
    fn a_natural_person_is_designated_with_birth_and_domicile() {
        let p = partie(
            "nature = \"particulier\"\nnom = \"Durand\"\nprenoms = \"Léa\"\nprofession = \"infirmière\"\nnationalite = \"française\"\ndate_naissance = \"1980-03-01\"\nlieu_naissance = \"Lyon\"\nadresse = { lignes = [\"1 rue A\"], code_postal = \"33000\", ville = \"Bordeaux\" }",
        );
        let d = designation(&p, "EUR");
        assert!(
            d.starts_with("Léa DURAND, infirmière, de nationalité française"),
            "{d}"
        );
        assert!(d.contains("le 1er mars 1980 à Lyon"), "{d}");
        assert!(d.ends_with("demeurant 1\u{a0}rue A, 33000 Bordeaux"), "{d}");
        assert!(
            d.contains("date et lieu de naissance : le 1er mars 1980"),
            "{d}"
        );
        assert!(!d.contains("né(e)"), "{d}");
    }

    /// Issue 11, point 17: the civilité agrees the designation; a company is feminine.
    #[test]
    fn the_civilite_agrees_the_designation() {
        let p = partie(
            "nature = \"particulier\"\ncivilite = \"madame\"\nnom = \"Durand\"\nprenoms = \"Léa\"\ndate_naissance = \"1980-03-01\"\nlieu_naissance = \"Lyon\"",
        );
        let d = designation(&p, "EUR");
        assert!(
            d.starts_with("Madame Léa DURAND, née le 1er mars 1980 à Lyon"),
            "{d}"
        );
        let p = partie(
            "nature = \"societe\"\ndenomination = \"Imprimerie\"\nsiren = \"443322110\"\nrcs = \"Épinal\"\nrepresentant = { nom = \"Julie Marchal\", qualite = \"Gérante\", civilite = \"madame\" }",
        );
        let d = designation(&p, "EUR");
        assert!(
            d.contains("registre du commerce et des sociétés d'Épinal"),
            "{d}"
        );
        assert!(
            d.ends_with("prise en la personne de sa représentante légale, Madame Julie Marchal, gérante, domiciliée en cette qualité audit siège"),
            "{d}"
        );
    }

    #[test]
    fn long_forms_of_companies() {
        assert_eq!(forme_longue("sarl"), "société à responsabilité limitée");
        assert_eq!(forme_longue("S.A."), "société anonyme");
        assert_eq!(forme_longue("GIE"), "GIE");
    }
}

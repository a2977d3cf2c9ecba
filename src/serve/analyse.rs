//! What the pages show, computed by the library's one pipeline: the portfolio as `batch`
//! lists it, each case carried as far as `check` carries it, its step due as `check`
//! plans it. Synchronous: the server runs it on its blocking pool.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

use crate::batch::{self, Source};
use crate::diagnostic::Diagnostic;
use crate::empreinte::hex;
use crate::format::montant_devise;
use crate::law::TablesLoi;
use crate::pipeline::{traiter_protege, Contexte, Entree, Jusqua, Sans, Traitement};
use crate::plan::{Plan, Refus};

use super::registre::Fait;

/// The status of a case in the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Statut {
    AFaire,
    /// A letter produced waits for its sending to be recorded (the register, envoi =
    /// "sur_confirmation").
    EnAttente,
    /// Before a court, or waiting for its decision or for a fact to be recorded.
    Contentieux,
    /// Fully paid.
    Solde,
    Erreur,
    RienAFaire,
}

impl Statut {
    pub const TOUS: [Statut; 6] = [
        Statut::AFaire,
        Statut::EnAttente,
        Statut::Contentieux,
        Statut::Solde,
        Statut::Erreur,
        Statut::RienAFaire,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Statut::AFaire => "a_faire",
            Statut::EnAttente => "en_attente",
            Statut::Contentieux => "contentieux",
            Statut::Solde => "solde",
            Statut::Erreur => "erreur",
            Statut::RienAFaire => "rien_a_faire",
        }
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Statut::AFaire => "à faire",
            Statut::EnAttente => "en attente de confirmation",
            Statut::Contentieux => "contentieux",
            Statut::Solde => "soldé",
            Statut::Erreur => "erreur",
            Statut::RienAFaire => "rien à faire",
        }
    }

    pub fn de_code(code: &str) -> Option<Statut> {
        Statut::TOUS.into_iter().find(|s| s.code() == code)
    }
}

/// One case of the portfolio page.
#[derive(Debug, Clone)]
pub struct LigneDossier {
    /// Empty when the file could not be read as a case.
    pub reference: String,
    /// Where the case comes from, relative to SRC.
    pub source: String,
    pub debiteur: String,
    pub total: Decimal,
    pub devise: String,
    /// The step due (`mise_en_demeure`…), or why none.
    pub etape: Option<String>,
    /// Documents of the step that would still be drafts (PROJET).
    pub projets: usize,
    pub erreurs: usize,
    pub statut: Statut,
    /// The last step produced and its date (the register's memory).
    pub derniere: Option<(String, NaiveDate)>,
    /// The next step of the escalation policy and the day it falls due.
    pub prochaine: Option<(String, NaiveDate)>,
    /// Unpaid principal by days past due: 0–30, 31–60, 61–90, > 90 (as the batch report).
    pub anciennete: [Decimal; 4],
}

/// The step due: the plan, or why the law refuses it; `None` when the case has errors.
pub type EtapeDue = Option<Result<Plan, Refus>>;

/// A case carried as far as `check` carries it, with its step due.
pub struct Analyse {
    pub traitement: Traitement,
    pub etape: EtapeDue,
    /// What the month-end escalation policy says of the case today (as `batch` decides).
    pub suite: Option<crate::plan::politique::EtapeDue>,
}

impl Analyse {
    pub fn statut(&self) -> Statut {
        use crate::plan::politique::EtapeDue as Suite;
        use crate::registre::fusion::Attente;
        let t = &self.traitement;
        if t.a_des_erreurs() || t.decompte.is_none() {
            return Statut::Erreur;
        }
        // Paid in full (the plan then refuses: nothing to claim).
        if t.decompte
            .as_ref()
            .is_some_and(|d| !d.factures.is_empty() && d.total.is_zero())
        {
            return Statut::Solde;
        }
        if matches!(self.etape, Some(Err(_))) {
            return Statut::Erreur;
        }
        match t.fusion.as_ref().and_then(|f| f.attente.as_ref()) {
            Some(Attente::Confirmation { .. }) => return Statut::EnAttente,
            Some(Attente::Judiciaire { .. }) => return Statut::Contentieux,
            None => {}
        }
        // Once the court is seized, the escalation has nothing more to say.
        let au_tribunal = t.lu.as_ref().is_some_and(|lu| {
            lu.dossier.evenements.iter().any(|e| {
                e.type_.interrompt_prescription()
                    && e.type_ != crate::model::TypeEvenement::ReconnaissanceDeDette
            })
        });
        match &self.suite {
            Some(Suite::Due(_)) | None => Statut::AFaire,
            Some(Suite::Rien) if au_tribunal => Statut::Contentieux,
            Some(Suite::Rien) if t.decompte.as_ref().is_some_and(|d| d.total.is_zero()) => {
                Statut::Solde
            }
            Some(Suite::Rien | Suite::PasEncore { .. }) => Statut::RienAFaire,
        }
    }
}

/// The entry of a source into the pipeline.
pub(super) fn entree(source: &Source) -> Entree<'_> {
    match source {
        Source::Fichier { chemin, .. } => Entree::Fichier(chemin),
        Source::Csv { cas, .. } => Entree::Lu(cas.clone()),
    }
}

/// Carries one case as `check` does: every check, exhibits included, the décompte, then the
/// step `build` would produce (`plan::planifier`, as `check` plans it).
pub fn analyser(source: &Source, ctx: &Contexte, tables: &TablesLoi) -> Analyse {
    let t = traiter_protege(entree(source), ctx, Jusqua::Controle, &mut Sans);
    let etape = match (&t.lu, &t.decompte, t.arrete) {
        (Some(lu), Some(decompte), Some(arrete)) if !t.a_des_erreurs() => Some(
            crate::plan::planifier(&lu.dossier, decompte, arrete, tables),
        ),
        _ => None,
    };
    // The history is the one the pipeline merged (case file and register).
    let suite = match (&t.lu, &t.decompte, t.arrete) {
        (Some(lu), Some(decompte), Some(arrete)) if !t.a_des_erreurs() => {
            crate::plan::politique::etape_due(
                &lu.dossier,
                decompte,
                arrete,
                &crate::plan::politique::Politique::defaut(),
                tables,
            )
            .ok()
        }
        _ => None,
    };
    Analyse {
        traitement: t,
        etape,
        suite,
    }
}

/// The portfolio line of an analysed case.
pub fn ligne(source: &Source, a: &Analyse) -> LigneDossier {
    let t = &a.traitement;
    let (reference, debiteur) = match (&t.lu, source) {
        (Some(lu), _) => (
            lu.dossier.reference.clone(),
            lu.dossier.debiteur.nom_complet(),
        ),
        (None, Source::Csv { reference, .. }) => (reference.clone(), String::new()),
        (None, _) => (String::new(), String::new()),
    };
    let (total, devise) = t
        .decompte
        .as_ref()
        .map(|d| (d.total, d.devise.clone()))
        .unwrap_or((Decimal::ZERO, "EUR".into()));
    let (etape, projets) = match &a.etape {
        Some(Ok(p)) => (
            Some(p.voie.code().to_owned()),
            p.documents.iter().filter(|d| d.est_projet()).count(),
        ),
        Some(Err(_)) => (Some("refusée".to_owned()), 0),
        None => (None, 0),
    };
    let prochaine = match &a.suite {
        Some(crate::plan::politique::EtapeDue::PasEncore { voie, le }) => {
            Some((voie.code().to_owned(), *le))
        }
        Some(crate::plan::politique::EtapeDue::Due(v)) => {
            t.arrete.map(|d| (v.code().to_owned(), d))
        }
        _ => None,
    };
    // The aged balance, computed once, by the batch report's rule.
    let anciennete = match (&t.decompte, t.arrete) {
        (Some(d), Some(date)) => {
            let mut l = batch::rapport::Ligne::nouvelle(String::new());
            l.montants(d, date);
            l.anciennete
        }
        _ => [Decimal::ZERO; 4],
    };
    LigneDossier {
        reference,
        source: source.cle().to_owned(),
        debiteur,
        total,
        devise,
        etape,
        projets,
        erreurs: t.erreurs().count(),
        statut: a.statut(),
        derniere: t.fusion.as_ref().and_then(|f| f.derniere_etape.clone()),
        prochaine,
        anciennete,
    }
}

/// The cases of SRC, as `batch` finds them, minus anything inside the output folder.
pub fn sources(src: &Path, out: &Path) -> Result<Vec<Source>, batch::SourcesError> {
    let out = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
    Ok(batch::sources(src, None)?
        .into_iter()
        .filter(|s| match s {
            Source::Fichier { chemin, .. } => !chemin
                .canonicalize()
                .unwrap_or_else(|_| chemin.clone())
                .starts_with(&out),
            Source::Csv { .. } => true,
        })
        .collect())
}

/// Every case of the portfolio, analysed on `fils` threads (a case that fails never stops
/// the others), in source order.
pub fn portefeuille(sources: &[Source], ctx: &Contexte, tables: &TablesLoi) -> Vec<LigneDossier> {
    let fils = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    let taille = sources.len().div_ceil(fils).max(1);
    std::thread::scope(|s| {
        let taches: Vec<_> = sources
            .chunks(taille)
            .map(|morceau| {
                s.spawn(move || {
                    morceau
                        .iter()
                        .map(|src| ligne(src, &analyser(src, ctx, tables)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        taches
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_default())
            .collect()
    })
}

/// The references of the portfolio: each to its sources (more than one is a conflict the
/// case page reports rather than choosing).
pub fn index(lignes: &[LigneDossier], sources: &[Source]) -> BTreeMap<String, Vec<Source>> {
    let mut m: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for l in lignes.iter().filter(|l| !l.reference.is_empty()) {
        if let Some(s) = sources.iter().find(|s| s.cle() == l.source) {
            m.entry(l.reference.clone()).or_default().push(s.clone());
        }
    }
    m
}

/// The references of the portfolio read from the files themselves (when the case page is
/// asked for a reference the last portfolio page did not list).
pub fn indexer(sources: &[Source]) -> BTreeMap<String, Vec<Source>> {
    let mut m: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for s in sources {
        let reference = match s {
            Source::Fichier { chemin, .. } => crate::ingest::lire_dossier(chemin)
                .ok()
                .map(|lu| lu.dossier.reference),
            Source::Csv { reference, .. } => Some(reference.clone()),
        };
        if let Some(r) = reference {
            m.entry(r).or_default().push(s.clone());
        }
    }
    m
}

/// The totals line: count per status, sum due per currency, aged balance per currency.
pub struct Totaux {
    pub dossiers: usize,
    pub par_statut: BTreeMap<Statut, usize>,
    pub par_devise: BTreeMap<String, Decimal>,
    pub anciennete: BTreeMap<String, [Decimal; 4]>,
}

impl Totaux {
    pub fn de(lignes: &[LigneDossier]) -> Totaux {
        let mut t = Totaux {
            dossiers: lignes.len(),
            par_statut: BTreeMap::new(),
            par_devise: BTreeMap::new(),
            anciennete: BTreeMap::new(),
        };
        for l in lignes {
            *t.par_statut.entry(l.statut).or_default() += 1;
            *t.par_devise.entry(l.devise.clone()).or_default() += l.total;
            let a = t
                .anciennete
                .entry(l.devise.clone())
                .or_insert([Decimal::ZERO; 4]);
            for (x, y) in a.iter_mut().zip(l.anciennete) {
                *x += y;
            }
        }
        t
    }

    pub fn montants(&self) -> String {
        if self.par_devise.is_empty() {
            return montant_devise(Decimal::ZERO, "EUR");
        }
        self.par_devise
            .iter()
            .map(|(d, m)| montant_devise(*m, d))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// One line of a case's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Jalon {
    pub date: NaiveDate,
    /// `facture`, `echeance`, `paiement`, `evenement`, `registre`.
    pub genre: &'static str,
    pub texte: String,
}

/// The case file's history (invoices, due dates, payments, events) merged with the
/// register's facts, by date (stable: the case file's order within a day).
pub fn chronologie(t: &Traitement, faits: Vec<Fait>) -> Vec<Jalon> {
    let mut v = Vec::new();
    if let Some(lu) = &t.lu {
        let d = &lu.dossier;
        let devise = t
            .decompte
            .as_ref()
            .map(|d| d.devise.as_str())
            .unwrap_or("EUR");
        for f in &d.factures {
            v.push(Jalon {
                date: f.date,
                genre: "facture",
                texte: format!(
                    "Facture {} : {}{}",
                    f.numero,
                    montant_devise(f.montant, devise),
                    f.libelle
                        .as_deref()
                        .map(|l| format!(" ({l})"))
                        .unwrap_or_default()
                ),
            });
            if let Some(e) = f.echeance {
                v.push(Jalon {
                    date: e,
                    genre: "echeance",
                    texte: format!("Échéance de la facture {}", f.numero),
                });
            }
        }
        for p in &d.paiements {
            v.push(Jalon {
                date: p.date,
                genre: "paiement",
                texte: format!(
                    "Paiement de {}{}",
                    montant_devise(p.montant, devise),
                    p.facture
                        .as_deref()
                        .map(|f| format!(" sur la facture {f}"))
                        .unwrap_or_default()
                ),
            });
        }
        for e in &d.evenements {
            let mut texte = crate::format::majuscule(e.type_.libelle());
            if let Some(desc) = &e.description {
                texte.push_str(&format!(" : {desc}"));
            }
            v.push(Jalon {
                date: e.date,
                genre: "evenement",
                texte,
            });
        }
    }
    for f in faits {
        v.push(Jalon {
            date: f.date,
            genre: "registre",
            texte: format!("{} (registre) : {}", f.type_, f.libelle),
        });
    }
    v.sort_by_key(|j| j.date);
    v
}

/// What the edit form shows of the case file: its fields' current values and the file's
/// SHA-256 (sent back to detect a change on disk).
#[derive(Debug, Clone, Default)]
pub struct Fiche {
    pub empreinte: String,
    pub editable: bool,
    pub juridiction_type: String,
    pub juridiction_ville: String,
    pub audience_date: String,
    pub audience_heure: String,
    pub avocat_nom: String,
    pub avocat_barreau: String,
    pub debiteur_email: String,
    pub debiteur_civilite: String,
    /// Per party of `completer::PARTIES`: its legal representative's name (`None` when the
    /// file names none) and civilité.
    pub representants: [Option<(String, String)>; 2],
    pub diligences_amiables: String,
}

/// The form's view of a case file: only TOML files are edited (comments kept).
pub fn fiche(source: &Source) -> Option<Fiche> {
    let Source::Fichier { chemin, .. } = source else {
        return None;
    };
    let octets = std::fs::read(chemin).ok()?;
    let mut f = Fiche {
        empreinte: hex(&Sha256::digest(&octets)),
        editable: chemin
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml")),
        ..Fiche::default()
    };
    let Ok(doc) = std::str::from_utf8(&octets)
        .unwrap_or("")
        .parse::<toml_edit::DocumentMut>()
    else {
        return Some(f);
    };
    let texte = |chemin: &[&str]| -> String {
        let mut item = doc.as_item();
        for c in chemin {
            match item.get(c) {
                Some(i) => item = i,
                None => return String::new(),
            }
        }
        item.as_str().map(str::to_owned).unwrap_or_else(|| {
            item.as_value()
                .map(|v| v.to_string().trim().to_owned())
                .unwrap_or_default()
        })
    };
    f.juridiction_type = texte(&["juridiction", "type"]);
    f.juridiction_ville = texte(&["juridiction", "ville"]);
    f.audience_date = texte(&["procedure", "audience", "date"]);
    f.audience_heure = texte(&["procedure", "audience", "heure"]);
    f.avocat_nom = texte(&["avocat", "nom"]);
    f.avocat_barreau = texte(&["avocat", "barreau"]);
    f.debiteur_email = texte(&["debiteur", "email"]);
    f.debiteur_civilite = texte(&["debiteur", "civilite"]);
    f.representants = crate::serve::completer::PARTIES.map(|p| {
        doc.get(p)
            .and_then(|t| t.get("representant"))
            .is_some_and(|r| r.is_table_like())
            .then(|| {
                (
                    texte(&[p, "representant", "nom"]),
                    texte(&[p, "representant", "civilite"]),
                )
            })
    });
    f.diligences_amiables = texte(&["procedure", "diligences_amiables"]);
    Some(f)
}

/// Diagnostics in the order a reader fixes them: errors first, then warnings.
pub fn tries(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut v: Vec<&Diagnostic> = diagnostics.iter().collect();
    v.sort_by_key(|d| d.gravite);
    v
}

//! One case through the stages, the same chain for every front end (`check`, `decompte`,
//! `build`, `batch`, and later the register and the web workspace): read → validate →
//! compute → [step due by the policy] → plan → exhibits → [skip if unchanged] → render →
//! bundle. Pure: it reads the case and its exhibits through `ingest` and writes nothing;
//! front ends print, write and choose exit codes from the [`Traitement`] it returns.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Instant;

use crate::bundle::{self, Versions};
use crate::diagnostic::{Diagnostic, Portee};
use crate::empreinte::hex;
use crate::ingest::pieces::{lire_pieces_avec, PieceExterne};
use crate::ingest::{self, DossierLu};
use crate::law::{self, Decompte, TablesLoi};
use crate::model::{PieceLue, Voie};
use crate::plan::politique::{etape_due, EtapeDue, Politique};
use crate::plan::{self, Plan, Refus};
use crate::registre::fusion::{fusionner, Fusion, Memoire};
use crate::render::{self, DocumentRendu, Moteur};
use crate::validate;

/// Where a case comes from.
pub enum Entree<'a> {
    /// A case file, read here.
    Fichier(&'a Path),
    /// A case already read (a row group of a bulk CSV), or why it could not be.
    Lu(Box<Result<DossierLu, Diagnostic>>),
}

/// How far to carry the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Jusqua {
    /// `decompte`: only what the computation needs (no addresses, no exhibits).
    Decompte,
    /// `check`: every check of the case, exhibits included, and its décompte.
    Controle,
    /// `build`, `batch`: documents and bundles.
    Documents,
}

/// What every case of a run shares.
pub struct Contexte<'a> {
    pub tables: &'a TablesLoi,
    /// Needed from [`Jusqua::Documents`].
    pub moteur: Option<&'a Moteur>,
    /// `batch`: the step comes from the escalation policy (and may be « not yet »);
    /// otherwise from `[procedure] voie` or the history.
    pub politique: Option<&'a Politique>,
    /// `--at`; else the case's `arrete_au`; else `aujourdhui`.
    pub at: Option<NaiveDate>,
    pub aujourdhui: NaiveDate,
    /// Recorded in bundles.
    pub versions: Versions,
    /// Digest of everything in effect besides the case (law tables, templates, policy,
    /// program version): part of the skip fingerprint, so a changed rate or template
    /// rebuilds every case.
    pub empreinte_configuration: String,
    /// The register, read at the start of the run: its facts and steps are merged into each
    /// case's history (`batch`, and `build --registre`).
    pub registre: Option<&'a Memoire>,
}

impl<'a> Contexte<'a> {
    /// The context of a run, its configuration digest computed from what is in effect.
    pub fn nouveau(
        tables: &'a TablesLoi,
        moteur: Option<&'a Moteur>,
        politique: Option<&'a Politique>,
        at: Option<NaiveDate>,
        aujourdhui: NaiveDate,
    ) -> Self {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(tables.empreinte().as_bytes());
        if let Some(m) = moteur {
            h.update(m.empreinte().as_bytes());
        }
        if let Some(p) = politique {
            h.update(p.empreinte().as_bytes());
        }
        let versions = Versions {
            recouvre: env!("CARGO_PKG_VERSION").to_owned(),
            lois: tables.version(),
            modeles: moteur
                .map(|m| format!("{} ({})", render::VERSION_TEMPLATES, m.origine))
                .unwrap_or_default(),
        };
        Contexte {
            tables,
            moteur,
            politique,
            at,
            aujourdhui,
            versions,
            empreinte_configuration: hex(&h.finalize()),
            registre: None,
        }
    }

    /// The same context, reading the register's history of each case.
    pub fn avec_registre(mut self, memoire: &'a Memoire) -> Self {
        self.registre = Some(memoire);
        self
    }
}

/// The stages, for timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Etape {
    Lecture,
    Validation,
    Calcul,
    Rendu,
    Bundle,
}

/// Per-stage durations of one case, in microseconds.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Durees {
    pub validation: u64,
    pub calcul: u64,
    pub rendu: u64,
    pub bundle: u64,
}

/// What a front end may want to know or decide along the way.
pub trait Observateur {
    /// A stage took `micros`.
    fn mesure(&mut self, _etape: Etape, _micros: u64) {}
    /// Whether the outputs of `reference` built from `empreinte` are already complete and
    /// intact: then the case is not rendered again.
    fn deja_fait(&mut self, _reference: &str, _empreinte: &str) -> bool {
        false
    }
}

/// Observes nothing.
pub struct Sans;

impl Observateur for Sans {}

/// How a case ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Issue {
    /// The case file could not be read (missing, not a regular file, too large):
    /// an input/output problem.
    Illisible,
    /// The case was read but is invalid, or the law forbids the path (diagnostics say why).
    Refuse,
    /// Carried as far as asked without error (`check`, `decompte`).
    Verifie,
    /// By the policy, nothing is due yet: the next step and the day it becomes due.
    PasEncore { voie: Voie, le: NaiveDate },
    /// Nothing is owed.
    RienAFaire,
    /// The outputs for these exact inputs are complete: nothing rebuilt.
    Inchange,
    /// Documents and bundles produced.
    Construit,
    /// The register says the case waits for a person (a sending to confirm, a court's
    /// decision): nothing produced; the message says what is awaited.
    EnAttente(String),
    /// Rendering or bundling failed unexpectedly (a template, an internal error).
    Erreur,
}

/// Everything the chain produced for one case, as far as it went.
pub struct Traitement {
    pub lu: Option<DossierLu>,
    pub arrete: Option<NaiveDate>,
    /// Errors and warnings, in stage order.
    pub diagnostics: Vec<Diagnostic>,
    pub decompte: Option<Decompte>,
    pub plan: Option<Plan>,
    pub pieces: Vec<PieceLue>,
    /// What the outputs are built from: case, exhibits, date, step, configuration.
    pub empreinte: Option<String>,
    pub documents: Vec<DocumentRendu>,
    /// `(file name, zip bytes)` for the commissaire and the avocat.
    pub bundles: Vec<(String, Vec<u8>)>,
    pub issue: Issue,
    pub durees: Durees,
    /// What the register added to the case's history, when a register is read.
    pub fusion: Option<Fusion>,
}

impl Traitement {
    fn nouveau() -> Self {
        Traitement {
            lu: None,
            arrete: None,
            diagnostics: Vec::new(),
            decompte: None,
            plan: None,
            pieces: Vec::new(),
            empreinte: None,
            documents: Vec::new(),
            bundles: Vec::new(),
            issue: Issue::Erreur,
            durees: Durees::default(),
            fusion: None,
        }
    }

    fn fin(mut self, issue: Issue) -> Self {
        self.issue = issue;
        self
    }

    pub fn erreurs(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.est_erreur())
    }

    pub fn avertissements(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.est_erreur())
    }

    pub fn a_des_erreurs(&self) -> bool {
        self.erreurs().next().is_some()
    }

    /// `dossier 2026-0042 (chemin)`, or the path when the case could not be read.
    pub fn nom(&self, source: &str) -> String {
        match &self.lu {
            Some(lu) => format!("dossier {} ({source})", lu.dossier.reference),
            None => source.to_owned(),
        }
    }
}

fn micros(t: Instant) -> u64 {
    t.elapsed().as_micros() as u64
}

/// What the register says the case waits for, if anything.
fn attente(t: &Traitement) -> Option<String> {
    let reference = t.lu.as_ref().map(|l| l.dossier.reference.as_str())?;
    t.fusion
        .as_ref()?
        .attente
        .as_ref()
        .map(|a| a.message(reference))
}

/// A path the law forbids, as a diagnostic.
pub fn refus(r: Refus) -> Diagnostic {
    Diagnostic::erreur("", format!("démarche refusée : {}", r.message))
        .aide(r.aide)
        .document()
}

/// Carries one case through the stages, as far as `jusqua` asks; never writes.
pub fn traiter(
    entree: Entree,
    ctx: &Contexte,
    jusqua: Jusqua,
    obs: &mut dyn Observateur,
) -> Traitement {
    let mut t = Traitement::nouveau();

    // Read.
    let debut = Instant::now();
    let lu = match entree {
        Entree::Fichier(p) => ingest::lire_dossier(p).map_err(|e| {
            let illisible = e.est_lecture();
            (e.diagnostic(), illisible)
        }),
        Entree::Lu(r) => (*r).map_err(|d| (d, false)),
    };
    let lecture = micros(debut);
    obs.mesure(Etape::Lecture, lecture);
    let mut lu = match lu {
        Ok(lu) => lu,
        Err((d, illisible)) => {
            t.diagnostics.push(d);
            return t.fin(if illisible {
                Issue::Illisible
            } else {
                Issue::Refuse
            });
        }
    };
    let arrete = ctx.at.or(lu.dossier.arrete_au).unwrap_or(ctx.aujourdhui);
    t.arrete = Some(arrete);
    // The register's history joins the file's before anything reads it: the policy, the
    // décompte (payments, the mise en demeure that starts legal interest), prescription
    // (an acknowledgment interrupts, C. civ. 2240) and the documents see one history.
    if let Some(memoire) = ctx.registre {
        let envoi = ctx.politique.map(|p| p.envoi).unwrap_or_default();
        let reference = lu.dossier.reference.clone();
        t.fusion = Some(fusionner(
            &mut lu.dossier,
            memoire.du_dossier(&reference),
            arrete,
            envoi,
        ));
    }

    // Validate: the whole case, or only what the décompte needs. Exhibits are checked by
    // reading them (below), which says precisely what is wrong with each.
    let debut = Instant::now();
    let vctx = validate::Contexte {
        arrete,
        tables: ctx.tables,
        existe: None,
    };
    let mut diagnostics = validate::valider(&lu.dossier, &vctx);
    if jusqua == Jusqua::Decompte {
        diagnostics.retain(|d| d.portee == Portee::Calcul);
    }
    // `check`: the exhibits are read as `build` will read them (a hostile or oversized one
    // is refused now, not at the month-end run).
    if jusqua == Jusqua::Controle {
        if let Err(e) = lire_pieces_avec(&lu.dossier, &lu.racine, &pieces_registre(ctx, &t)) {
            for d in e {
                // A path outside the folder is reported by validation already.
                if !diagnostics.contains(&d) {
                    diagnostics.push(d);
                }
            }
        }
    }
    t.durees.validation = lecture + micros(debut);
    obs.mesure(Etape::Validation, t.durees.validation);
    let calcul_bloque = diagnostics
        .iter()
        .any(|d| d.est_erreur() && d.portee == Portee::Calcul);
    t.diagnostics = diagnostics;

    // Compute.
    let debut = Instant::now();
    let resultat = if calcul_bloque {
        None
    } else {
        // Under a collective procedure the décompte stops at the opening judgment (L622-28).
        match law::calculer(
            &lu.dossier,
            lu.dossier.arret_des_comptes(arrete),
            ctx.tables,
        ) {
            Ok(r) => Some(r),
            Err(e) => {
                t.diagnostics.extend(e);
                None
            }
        }
    };
    t.durees.calcul = micros(debut);
    obs.mesure(Etape::Calcul, t.durees.calcul);
    let Some(resultat) = resultat else {
        t.lu = Some(lu);
        return t.fin(Issue::Refuse);
    };
    t.diagnostics.extend(resultat.avertissements);
    let decompte = resultat.decompte;
    t.decompte = Some(decompte);
    t.lu = Some(lu);
    if t.a_des_erreurs() {
        return t.fin(Issue::Refuse);
    }
    if jusqua < Jusqua::Documents {
        return t.fin(Issue::Verifie);
    }
    let lu = t.lu.as_ref().expect("set above");
    let decompte = t.decompte.as_ref().expect("set above");

    // The step: by the escalation policy (batch), or the plan's own choice.
    let imposee = match ctx.politique {
        Some(politique) => match etape_due(&lu.dossier, decompte, arrete, politique, ctx.tables) {
            // Something is owed, but the register says a person must act first.
            Ok(EtapeDue::Due(_) | EtapeDue::PasEncore { .. }) if attente(&t).is_some() => {
                let m = attente(&t).unwrap_or_default();
                return t.fin(Issue::EnAttente(m));
            }
            Ok(EtapeDue::Due(v)) => Some(v),
            Ok(EtapeDue::PasEncore { voie, le }) => return t.fin(Issue::PasEncore { voie, le }),
            Ok(EtapeDue::Rien) => return t.fin(Issue::RienAFaire),
            Err(e) => {
                t.diagnostics.push(refus(e.into()));
                return t.fin(Issue::Refuse);
            }
        },
        None => None,
    };
    let plan = match plan::planifier_voie(&lu.dossier, decompte, arrete, ctx.tables, imposee) {
        Ok(p) => p,
        Err(r) => {
            t.diagnostics.push(refus(r));
            return t.fin(Issue::Refuse);
        }
    };

    // Exhibits, read once: the bordereau hashes them, the bundles carry these bytes.
    let pieces = match lire_pieces_avec(&lu.dossier, &lu.racine, &pieces_registre(ctx, &t)) {
        Ok(p) => p,
        Err(e) => {
            t.diagnostics.extend(e);
            t.plan = Some(plan);
            return t.fin(Issue::Refuse);
        }
    };
    // The bordereau lists only what is claimed: an invoice not yet due is not an exhibit.
    let non_reclamees: Vec<String> = lu
        .dossier
        .factures
        .iter()
        .enumerate()
        .filter(|(_, f)| decompte.non_exigibles.iter().any(|n| n.numero == f.numero))
        .map(|(i, _)| format!("factures[{i}].piece"))
        .collect();
    let mut pieces: Vec<_> = pieces
        .into_iter()
        .filter(|p| !non_reclamees.contains(&p.source))
        .collect();
    for (i, p) in pieces.iter_mut().enumerate() {
        p.numero = i + 1;
    }

    // What the outputs are built from.
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(&lu.dossier).unwrap_or_default());
    for p in &pieces {
        h.update(p.sha256.as_bytes());
    }
    h.update(arrete.to_string().as_bytes());
    h.update(plan.voie.code().as_bytes());
    h.update(ctx.empreinte_configuration.as_bytes());
    let empreinte = hex(&h.finalize());
    let reference = lu.dossier.reference.clone();
    let deja = obs.deja_fait(&reference, &empreinte);
    t.empreinte = Some(empreinte);
    if deja {
        t.plan = Some(plan);
        t.pieces = pieces;
        return t.fin(Issue::Inchange);
    }
    let Some(moteur) = ctx.moteur else {
        t.diagnostics.push(Diagnostic::erreur(
            "",
            "erreur interne : moteur de rendu absent",
        ));
        return t.fin(Issue::Erreur);
    };

    // Render.
    let debut = Instant::now();
    let documents =
        render::rendre_dossier(moteur, &lu.dossier, decompte, &plan, &pieces, ctx.tables);
    t.durees.rendu = micros(debut);
    obs.mesure(Etape::Rendu, t.durees.rendu);
    let documents = match documents {
        Ok(d) => d,
        Err(e) => {
            t.diagnostics.push(Diagnostic::erreur("", e.to_string()).aide(
                "vérifiez les modèles (--templates) ; avec les modèles intégrés, signalez le problème avec le dossier",
            ));
            t.plan = Some(plan);
            return t.fin(Issue::Erreur);
        }
    };

    // Bundle.
    let debut = Instant::now();
    let bundles = bundle::bundles(
        &lu.dossier,
        decompte,
        &documents,
        &pieces,
        arrete,
        &ctx.versions,
    );
    t.durees.bundle = micros(debut);
    obs.mesure(Etape::Bundle, t.durees.bundle);
    t.plan = Some(plan);
    t.pieces = pieces;
    t.documents = documents;
    match bundles {
        Ok(b) => {
            t.bundles = b;
            t.fin(Issue::Construit)
        }
        Err(e) => {
            t.diagnostics.push(Diagnostic::erreur(
                "",
                format!("assemblage des bundles impossible : {e}"),
            ));
            t.fin(Issue::Erreur)
        }
    }
}

/// The exhibits recorded in the register with the case's facts (`registre ajouter … --piece`),
/// kept in its folder under their SHA-256: they join the case's exhibits by date.
fn pieces_registre(ctx: &Contexte, t: &Traitement) -> Vec<PieceExterne> {
    let (Some(dossier), Some(f)) = (ctx.registre.and_then(|m| m.pieces.as_ref()), &t.fusion) else {
        return Vec::new();
    };
    f.pieces
        .iter()
        .filter(|(_, _, p)| p.sha256.len() == 64 && p.sha256.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(date, type_, p)| {
            let quoi = match type_ {
                crate::registre::TypeFait::Evenement(e) => crate::format::majuscule(e.libelle()),
                crate::registre::TypeFait::Paiement => "Justificatif de paiement".to_owned(),
                crate::registre::TypeFait::Envoi => "Preuve d'envoi".to_owned(),
            };
            PieceExterne {
                titre: format!("{quoi} du {}", crate::format::date_fr(*date)),
                date: *date,
                nom: p.nom.clone(),
                chemin: dossier.join(&p.sha256),
                source: format!("registre ({})", p.nom),
            }
        })
        .collect()
}

/// [`traiter`], with a panic contained to its case: every command that runs several cases
/// goes through this, so one case can never stop the others.
pub fn traiter_protege(
    entree: Entree,
    ctx: &Contexte,
    jusqua: Jusqua,
    obs: &mut dyn Observateur,
) -> Traitement {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        traiter(entree, ctx, jusqua, obs)
    }))
    .unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let mut t = Traitement::nouveau();
        t.diagnostics.push(
            Diagnostic::erreur("", format!("erreur interne : {msg}"))
                .aide("signalez le problème avec le fichier du dossier ; les autres dossiers ne sont pas affectés"),
        );
        t.fin(Issue::Erreur)
    })
}

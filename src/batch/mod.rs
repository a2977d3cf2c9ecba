//! Month-end batch: every case of a portfolio gets the step it is due for, in parallel on
//! a bounded pool of OS threads sharing one Typst engine, each case isolated from the
//! others, outputs written atomically, unchanged cases skipped, and a report.
//!
//! The per-case chain is the library's one pipeline (`crate::pipeline`); this module only
//! finds the cases, shares them out, remembers what was built and reports.

pub mod envois;
mod etat;
pub mod rapport;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::ingest::{self, DossierLu};
pub use crate::pipeline::Durees;
use crate::pipeline::{self, Contexte, Entree, Issue, Jusqua, Observateur, Traitement};
use crate::registre::{self, Contenu, Fichier, NouvelleEntree, Registre};
pub use etat::{EtatLot, Sortie};
pub use rapport::{Ligne, Statut};

/// Where a case comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A case file; `cle` is its path relative to the portfolio folder, the same however
    /// the folder was spelt on the command line.
    Fichier { chemin: PathBuf, cle: String },
    /// A case of a bulk CSV, already parsed (or failed).
    Csv {
        fichier: PathBuf,
        reference: String,
        cas: Box<Result<DossierLu, Diagnostic>>,
    },
}

impl Source {
    /// The case's identity for sharding: its path inside the portfolio, or its CSV
    /// reference. Independent of how SRC was written (`src`, `./src`, an absolute path).
    pub fn cle(&self) -> &str {
        match self {
            Source::Fichier { cle, .. } => cle,
            Source::Csv { reference, .. } => reference,
        }
    }

    /// How the report names it.
    pub fn nom(&self) -> String {
        match self {
            Source::Fichier { chemin, .. } => chemin.display().to_string(),
            Source::Csv {
                fichier, reference, ..
            } => format!("{} › {reference}", fichier.display()),
        }
    }
}

/// Why the portfolio cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    #[error("{chemin} : {source}")]
    Lecture {
        chemin: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} : ni dossier ni fichier ordinaire")]
    NiDossierNiFichier(String),
    #[error(transparent)]
    Csv(#[from] ingest::IngestError),
}

/// Finds the cases of SRC that `shard` keeps: a CSV bulk file (the other shards' rows are
/// dropped while reading, never held), or every `.toml`/`.json` under a folder (hidden
/// entries and links skipped), sorted by their identity.
pub fn sources(src: &Path, shard: Option<Shard>) -> Result<Vec<Source>, SourcesError> {
    let garde = |cle: &str| shard.is_none_or(|s| s.garde(cle));
    let lecture = |chemin: &Path, source| SourcesError::Lecture {
        chemin: chemin.display().to_string(),
        source,
    };
    let meta = std::fs::metadata(src).map_err(|e| lecture(src, e))?;
    if meta.is_file() {
        if src
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            let cas = ingest::csv::lire_csv_filtre(src, &garde)?;
            return Ok(cas
                .into_iter()
                .map(|c| Source::Csv {
                    fichier: src.to_owned(),
                    reference: c.reference,
                    cas: Box::new(c.resultat.map_err(ingest::IngestError::diagnostic)),
                })
                .collect());
        }
        let cle = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let s = Source::Fichier {
            chemin: src.to_owned(),
            cle,
        };
        return Ok(if garde(s.cle()) { vec![s] } else { Vec::new() });
    }
    if !meta.is_dir() {
        return Err(SourcesError::NiDossierNiFichier(src.display().to_string()));
    }
    let mut v = Vec::new();
    let mut pile = vec![src.to_path_buf()];
    while let Some(d) = pile.pop() {
        let entrees = std::fs::read_dir(&d).map_err(|e| lecture(&d, e))?;
        for e in entrees.flatten() {
            let p = e.path();
            let nom = e.file_name().to_string_lossy().into_owned();
            if nom.starts_with('.') {
                continue;
            }
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                pile.push(p);
            } else if meta.is_file()
                && p.extension().is_some_and(|x| {
                    x.eq_ignore_ascii_case("toml") || x.eq_ignore_ascii_case("json")
                })
                && nom != "rapport.json"
            {
                let cle = p
                    .strip_prefix(src)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|_| p.display().to_string());
                v.push(Source::Fichier { chemin: p, cle });
            }
        }
    }
    v.retain(|s| garde(s.cle()));
    v.sort_by(|a, b| a.cle().cmp(b.cle()));
    Ok(v)
}

/// `--shard K/N`: K from 0 to N−1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let err = || format!("« {s} » : écrivez K/N avec 0 ≤ K < N, par exemple 0/4");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| err())?,
            n.trim().parse().map_err(|_| err())?,
        );
        if n == 0 || k >= n {
            return Err(err());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// Deterministic: a hash of the case's identity, the same on every machine and run.
    pub fn garde(&self, cle: &str) -> bool {
        let h = Sha256::digest(cle.as_bytes());
        let x = u64::from_be_bytes(h[..8].try_into().expect("8 bytes"));
        x % self.n == self.k
    }
}

pub struct Options {
    pub out: PathBuf,
    pub jobs: usize,
    pub force: bool,
    /// Where each step produced is recorded, once its outputs are complete. Its history
    /// must also be in the context (`Contexte::avec_registre`).
    pub registre: Option<Mutex<Box<dyn Registre>>>,
}

/// The report line of a processed case.
pub fn ligne(source: &Source, t: &Traitement) -> Ligne {
    let mut l = Ligne::nouvelle(source.nom());
    if let Some(lu) = &t.lu {
        l.reference = lu.dossier.reference.clone();
        l.debiteur = lu.dossier.debiteur.nom_complet();
    } else if let Source::Csv { reference, .. } = source {
        l.reference = reference.clone();
    }
    l.arrete_au = t.arrete;
    if let (Some(d), Some(a)) = (&t.decompte, t.arrete) {
        l.montants(d, a);
    }
    if let Some(p) = &t.plan {
        l.etape = Some(p.voie.code().to_owned());
        l.juridiction = p.tribunal.as_ref().map(|t| t.nom());
    }
    l.durees_us = t.durees;
    l.documents = t.documents.len();
    if let Some((etape, le)) = t.fusion.as_ref().and_then(|f| f.derniere_etape.clone()) {
        l.derniere_etape = Some(etape);
        l.derniere_etape_le = Some(le);
    }
    if matches!(t.issue, Issue::Construit | Issue::Inchange) {
        l.envoi = envois::envoi(t);
        if let (Some(p), Some(a)) = (&t.plan, t.arrete) {
            l.derniere_etape = Some(p.voie.code().to_owned());
            l.derniere_etape_le = Some(a);
        }
    }
    let solde = t
        .decompte
        .as_ref()
        .is_some_and(|d| !d.factures.is_empty() && d.total.is_zero() && d.principal.is_zero());
    let erreurs: Vec<Diagnostic> = t.erreurs().cloned().collect();
    l.statut = match &t.issue {
        Issue::Construit => Statut::Construit,
        Issue::Inchange => Statut::Inchange,
        Issue::PasEncore { voie, le } => {
            l.prochaine_etape = Some(voie.code().to_owned());
            l.prochaine_date = Some(*le);
            Statut::RienAFaire
        }
        Issue::RienAFaire if solde => Statut::Solde,
        Issue::RienAFaire | Issue::Verifie => Statut::RienAFaire,
        Issue::EnAttente(message) => {
            l.attente = Some(message.clone());
            Statut::EnAttente
        }
        // A case file that cannot be read as a case is an error of the portfolio, not a
        // refusal of the case.
        Issue::Refuse if t.lu.is_none() => Statut::Erreur,
        Issue::Refuse => Statut::Refuse,
        Issue::Illisible | Issue::Erreur => Statut::Erreur,
    };
    if l.statut.est_echec() {
        l.erreur = Some(rapport::resume(&erreurs));
        l.diagnostics = erreurs;
    }
    l
}

/// Decides skips from the state of the output folder.
struct Memoire<'a> {
    etat: &'a EtatLot,
    out: &'a Path,
    force: bool,
}

impl Observateur for Memoire<'_> {
    fn deja_fait(&mut self, reference: &str, empreinte: &str) -> bool {
        !self.force && self.etat.a_jour(self.out, reference, empreinte)
    }
}

/// References used by more than one source: both are refused, naming each other, before
/// anything is built (one would silently replace the other's outputs).
fn doublons(sources: &[Source]) -> BTreeMap<usize, String> {
    let mut par_reference: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        let reference = match s {
            Source::Csv { reference, .. } => Some(reference.clone()),
            Source::Fichier { chemin, .. } => ingest::lire_dossier(chemin)
                .ok()
                .map(|lu| lu.dossier.reference),
        };
        if let Some(r) = reference {
            par_reference.entry(r).or_default().push(i);
        }
    }
    let mut v = BTreeMap::new();
    for (r, indices) in par_reference {
        if indices.len() < 2 {
            continue;
        }
        for &i in &indices {
            let autres: Vec<String> = indices
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| sources[j].nom())
                .collect();
            v.insert(
                i,
                format!(
                    "référence « {r} » déjà utilisée par {} : aucun des deux dossiers n'est construit",
                    autres.join(", ")
                ),
            );
        }
    }
    v
}

/// Runs every source on `jobs` OS threads (not rayon: Typst parallelises inside a document,
/// reference/typst-embedding.md §3). Completed cases are recorded in the output folder's
/// state as they finish. `evenement` is called on the calling thread for each finished case,
/// in completion order; the lines come back sorted by source.
pub fn executer(
    sources: &[Source],
    ctx: &Contexte,
    options: &Options,
    etat: &mut EtatLot,
    evenement: &mut dyn FnMut(&Ligne, usize, usize),
) -> Vec<Ligne> {
    let suivant = AtomicUsize::new(0);
    let total = sources.len();
    let refus_doublons = doublons(sources);
    let (tx, rx) = mpsc::channel::<(usize, Ligne, Option<Sortie>)>();
    let mut lignes: Vec<Option<Ligne>> = vec![None; total];
    let instantane = etat.clone();
    let atelier = crate::sortie::Atelier::new(&options.out);
    std::thread::scope(|s| {
        for _ in 0..options.jobs.max(1).min(total.max(1)) {
            let tx = tx.clone();
            let suivant = &suivant;
            let refus_doublons = &refus_doublons;
            let instantane = &instantane;
            let atelier = &atelier;
            s.spawn(move || loop {
                let i = suivant.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let source = &sources[i];
                if let Some(message) = refus_doublons.get(&i) {
                    let mut l = Ligne::nouvelle(source.nom());
                    l = l.echec(Statut::Refuse, message.clone());
                    if tx.send((i, l, None)).is_err() {
                        break;
                    }
                    continue;
                }
                let (l, sortie) = traiter(source, ctx, options, instantane, atelier);
                if tx.send((i, l, sortie)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut fini = 0;
        for (i, ligne, sortie) in rx {
            fini += 1;
            if let Some(s) = sortie {
                etat.noter(s);
            }
            evenement(&ligne, fini, total);
            lignes[i] = Some(ligne);
        }
    });
    lignes.into_iter().flatten().collect()
}

/// One case: the pipeline, then the outputs written; never panics out, never writes a
/// partial output.
fn traiter(
    source: &Source,
    ctx: &Contexte,
    options: &Options,
    etat: &EtatLot,
    atelier: &crate::sortie::Atelier,
) -> (Ligne, Option<Sortie>) {
    let entree = match source {
        Source::Fichier { chemin, .. } => Entree::Fichier(chemin),
        Source::Csv { cas, .. } => Entree::Lu(cas.clone()),
    };
    let mut memoire = Memoire {
        etat,
        out: &options.out,
        force: options.force,
    };
    let mut t = pipeline::traiter_protege(entree, ctx, Jusqua::Documents, &mut memoire);
    let mut sortie = None;
    // Outputs already complete from a run killed before it recorded them: recorded now.
    if t.issue == Issue::Inchange {
        if let Some(s) = etat.sortie(
            &t.lu
                .as_ref()
                .map(|l| l.dossier.reference.clone())
                .unwrap_or_default(),
        ) {
            let s = s.clone();
            if let Err(e) = noter_etape(ctx, options.registre.as_ref(), &t, &s) {
                t.diagnostics.push(e);
                t.issue = Issue::Erreur;
            }
        }
    }
    if t.issue == Issue::Construit {
        let reference =
            t.lu.as_ref()
                .map(|l| l.dossier.reference.clone())
                .unwrap_or_default();
        match atelier
            .ecrire_dossier(&reference, &t.documents, &t.bundles)
            .and_then(|_| ecrire_courriel(&options.out, &t))
        {
            Ok(_) => {
                let s = Sortie::de(&reference, &t);
                // Outputs first, then the register's entry: a kill between the two leaves
                // complete outputs, recorded by the next run (skip-if-unchanged above).
                match noter_etape(ctx, options.registre.as_ref(), &t, &s) {
                    Ok(()) => sortie = Some(s),
                    Err(e) => {
                        t.diagnostics.push(e);
                        t.issue = Issue::Erreur;
                    }
                }
            }
            Err(e) => {
                t.diagnostics.push(
                    Diagnostic::erreur("", format!("écriture impossible : {e}"))
                        .aide("vérifiez l'espace disque et les droits du dossier de sortie"),
                );
                t.issue = Issue::Erreur;
            }
        }
    }
    (ligne(source, &t), sortie)
}

/// The ready-to-send message of an e-mailed relance, in `DIR/envois/` (written atomically,
/// after the case's documents).
fn ecrire_courriel(out: &Path, t: &Traitement) -> std::io::Result<()> {
    let Some(e) = envois::envoi(t) else {
        return Ok(());
    };
    let Some(nom) = &e.courriel else {
        return Ok(());
    };
    let octets = envois::courriel(t, &e).map_err(std::io::Error::other)?;
    std::fs::create_dir_all(out.join(envois::DOSSIER))?;
    crate::sortie::ecrire_atomique(&out.join(nom), &octets)
}

/// Records the step whose outputs `s` lists, once: nothing when the register already holds
/// a step of this case built from the same inputs.
pub fn noter_etape(
    ctx: &Contexte,
    registre: Option<&Mutex<Box<dyn Registre>>>,
    t: &Traitement,
    s: &Sortie,
) -> Result<(), Diagnostic> {
    let Some(registre) = registre else {
        return Ok(());
    };
    let (Some(lu), Some(plan), Some(decompte), Some(arrete)) =
        (&t.lu, &t.plan, &t.decompte, t.arrete)
    else {
        return Ok(());
    };
    let reference = &lu.dossier.reference;
    let deja = ctx.registre.is_some_and(|m| {
        m.du_dossier(reference)
            .iter()
            .any(|e| matches!(&e.contenu, Contenu::Etape(x) if x.empreinte == s.empreinte))
    });
    if deja {
        return Ok(());
    }
    let (bundles, documents): (Vec<_>, Vec<_>) = s
        .fichiers
        .iter()
        .map(|(chemin, sha256)| Fichier {
            chemin: chemin.clone(),
            sha256: sha256.clone(),
        })
        .partition(|f| f.chemin.ends_with(".zip"));
    let n = NouvelleEntree {
        reference: reference.clone(),
        date: arrete,
        contenu: Contenu::Etape(registre::Etape {
            etape: plan.voie.code().to_owned(),
            devise: decompte.devise.clone(),
            principal: decompte.principal,
            interets: decompte.interets,
            total: decompte.total,
            documents,
            bundles,
            empreinte: s.empreinte.clone(),
        }),
    };
    let mut r = registre
        .lock()
        .map_err(|_| Diagnostic::erreur("", "registre inutilisable après une erreur interne"))?;
    r.ajouter(&[n], &registre::auteur("batch"))
        .map(|_| ())
        .map_err(|e| {
            Diagnostic::erreur("", format!("{e}")).aide(
                "les documents sont écrits ; relancez le lot : l'étape sera enregistrée sans les reconstruire",
            )
        })
}

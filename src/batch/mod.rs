//! Month-end batch: every case of a portfolio gets the step it is due for, in parallel on
//! a bounded pool of OS threads sharing one Typst engine, each case isolated from the
//! others, outputs written atomically, unchanged cases skipped, and a report.

pub mod rapport;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::bundle::Versions;
use crate::diagnostic::Diagnostic;
use crate::empreinte::hex;
use crate::ingest::pieces::lire_pieces;
use crate::ingest::{self, DossierLu, IngestError};
use crate::law::TablesLoi;
use crate::pipeline;
use crate::plan::politique::{etape_due, Echeance, Politique};
use crate::plan::{self, Plan};
use crate::render::{DocumentRendu, Moteur};
pub use rapport::{Ligne, Statut};

/// Where a case comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Fichier(PathBuf),
    /// A case of a bulk CSV, already parsed (or failed).
    Csv {
        fichier: PathBuf,
        reference: String,
        cas: Box<Result<DossierLu, String>>,
    },
}

impl Source {
    /// A stable key for sharding: the file path, or the CSV reference.
    pub fn cle(&self) -> String {
        match self {
            Source::Fichier(p) => p.display().to_string(),
            Source::Csv { reference, .. } => reference.clone(),
        }
    }

    fn nom(&self) -> String {
        match self {
            Source::Fichier(p) => p.display().to_string(),
            Source::Csv {
                fichier, reference, ..
            } => format!("{} › {reference}", fichier.display()),
        }
    }
}

/// Finds the cases of SRC: a CSV bulk file, or every `.toml`/`.json` under a folder
/// (hidden folders skipped), sorted.
pub fn sources(src: &Path) -> Result<Vec<Source>, String> {
    if src.is_file() {
        if src
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            let cas = ingest::csv::lire_csv(src).map_err(|e| e.to_string())?;
            return Ok(cas
                .into_iter()
                .map(|c| Source::Csv {
                    fichier: src.to_owned(),
                    reference: c.reference,
                    cas: Box::new(c.resultat.map_err(|e| e.to_string())),
                })
                .collect());
        }
        return Ok(vec![Source::Fichier(src.to_owned())]);
    }
    if !src.is_dir() {
        return Err(format!("{} : ni dossier ni fichier", src.display()));
    }
    let mut v = Vec::new();
    let mut pile = vec![src.to_path_buf()];
    while let Some(d) = pile.pop() {
        let entrees = std::fs::read_dir(&d).map_err(|e| format!("{} : {e}", d.display()))?;
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
                v.push(Source::Fichier(p));
            }
        }
    }
    v.sort_by_key(|s| s.cle());
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
    /// Deterministic: a hash of the case's key, the same on every machine and run.
    pub fn garde(&self, cle: &str) -> bool {
        let h = Sha256::digest(cle.as_bytes());
        let x = u64::from_be_bytes(h[..8].try_into().expect("8 bytes"));
        x % self.n == self.k
    }
}

pub struct Options {
    pub out: PathBuf,
    pub at: Option<NaiveDate>,
    pub jobs: usize,
    pub force: bool,
    pub politique: Politique,
    pub aujourdhui: NaiveDate,
}

/// What every worker shares.
pub struct Contexte<'a> {
    pub tables: &'a TablesLoi,
    pub moteur: &'a Moteur,
    pub options: &'a Options,
    pub versions: Versions,
}

/// Per-stage durations of one case, in microseconds.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Durees {
    pub validation: u64,
    pub calcul: u64,
    pub rendu: u64,
    pub bundle: u64,
}

fn micros(t: Instant) -> u64 {
    t.elapsed().as_micros() as u64
}

fn premier_message(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            if d.chemin.is_empty() {
                d.message.clone()
            } else {
                format!("{} : {}", d.chemin, d.message)
            }
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The state recorded after a case's outputs are complete: what they were built from.
#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
struct Etat {
    empreinte_entree: String,
    sorties: Vec<(String, String)>,
}

fn chemin_etat(out: &Path, reference: &str) -> PathBuf {
    out.join(".etat").join(format!("{reference}.json"))
}

/// Whether the outputs recorded for this input are all there, unchanged.
fn deja_fait(out: &Path, reference: &str, empreinte: &str) -> bool {
    let Ok(texte) = std::fs::read(chemin_etat(out, reference)) else {
        return false;
    };
    let Ok(etat) = serde_json::from_slice::<Etat>(&texte) else {
        return false;
    };
    etat.empreinte_entree == empreinte
        && !etat.sorties.is_empty()
        && etat.sorties.iter().all(|(rel, sha)| {
            std::fs::read(out.join(rel)).is_ok_and(|o| crate::empreinte::sha256_hex(&o) == *sha)
        })
}

/// Processes one case: never panics out (the caller catches), never writes a partial output.
pub fn traiter(source: &Source, ctx: &Contexte) -> Ligne {
    let mut ligne = Ligne::nouvelle(source.nom());
    let mut durees = Durees::default();
    let t = Instant::now();
    let lu = match source {
        Source::Fichier(p) => ingest::lire_dossier(p).map_err(|e| match e {
            IngestError::Format { diagnostic, .. } => premier_message(&[diagnostic]),
            autre => autre.to_string(),
        }),
        Source::Csv { cas, .. } => (**cas).clone(),
    };
    let lu = match lu {
        Ok(l) => l,
        Err(e) => return ligne.echec(Statut::Erreur, e),
    };
    let lecture = micros(t);
    ligne.reference = lu.dossier.reference.clone();
    ligne.debiteur = lu.dossier.debiteur.nom_complet();
    let arrete = ctx
        .options
        .at
        .or(lu.dossier.arrete_au)
        .unwrap_or(ctx.options.aujourdhui);
    ligne.arrete_au = Some(arrete);
    let verifie = pipeline::verifier(&lu, arrete, ctx.tables);
    durees.validation = lecture + verifie.durees.0;
    durees.calcul = verifie.durees.1;
    let erreurs = verifie.erreurs();
    let Some(resultat) = verifie.resultat else {
        return ligne
            .echec(Statut::Refuse, premier_message(&erreurs))
            .avec(durees);
    };
    // The amounts are reported even for a case refused on document data.
    ligne.montants(&resultat.decompte, arrete);
    if !erreurs.is_empty() {
        return ligne
            .echec(Statut::Refuse, premier_message(&erreurs))
            .avec(durees);
    }
    let decompte = &resultat.decompte;
    let voie = match etape_due(
        &lu.dossier,
        decompte,
        arrete,
        &ctx.options.politique,
        ctx.tables,
    ) {
        Echeance::Due(v) => v,
        Echeance::PasEncore { voie, le } => {
            ligne.statut = Statut::RienAFaire;
            ligne.prochaine_etape = Some(voie.code().to_owned());
            ligne.prochaine_date = Some(le);
            return ligne.avec(durees);
        }
        Echeance::Rien => {
            ligne.statut = Statut::RienAFaire;
            return ligne.avec(durees);
        }
    };
    let plan: Plan =
        match plan::planifier_voie(&lu.dossier, decompte, arrete, ctx.tables, Some(voie)) {
            Ok(p) => p,
            Err(r) => {
                return ligne
                    .echec(Statut::Refuse, premier_message(&[pipeline::refus(r)]))
                    .avec(durees)
            }
        };
    ligne.etape = Some(plan.voie.code().to_owned());
    ligne.juridiction = plan.tribunal.as_ref().map(|t| t.nom());
    let pieces = match lire_pieces(&lu.dossier, &lu.racine) {
        Ok(p) => p,
        Err(e) => {
            return ligne
                .echec(Statut::Refuse, premier_message(&e))
                .avec(durees)
        }
    };
    // What the outputs are built from: the case, the exhibits, the date, the step, the versions.
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(&lu.dossier).unwrap_or_default());
    for p in &pieces {
        h.update(p.sha256.as_bytes());
    }
    h.update(arrete.to_string().as_bytes());
    h.update(plan.voie.code().as_bytes());
    let v = &ctx.versions;
    h.update(format!("{}|{}|{}", v.recouvre, v.lois, v.modeles).as_bytes());
    let empreinte = hex(&h.finalize());
    let reference = lu.dossier.reference.clone();
    if !ctx.options.force && deja_fait(&ctx.options.out, &reference, &empreinte) {
        ligne.statut = Statut::Inchange;
        return ligne.avec(durees);
    }
    let t = Instant::now();
    let documents: Vec<DocumentRendu> =
        match pipeline::rendre(ctx.moteur, &lu, decompte, &plan, &pieces) {
            Ok(d) => d,
            Err(e) => {
                return ligne
                    .echec(Statut::Erreur, premier_message(&e))
                    .avec(durees)
            }
        };
    durees.rendu = micros(t);
    let t = Instant::now();
    let bundles =
        match pipeline::emballer(&lu, decompte, &documents, &pieces, arrete, &ctx.versions) {
            Ok(b) => b,
            // The exhibits were read and checked already: only assembling can fail here.
            Err(e) => {
                return ligne
                    .echec(Statut::Erreur, premier_message(&e))
                    .avec(durees)
            }
        };
    if let Err(e) =
        crate::sortie::ecrire_dossier(&ctx.options.out, &reference, &documents, &bundles)
    {
        return ligne
            .echec(Statut::Erreur, format!("écriture : {e}"))
            .avec(durees);
    }
    let sha = crate::empreinte::sha256_hex;
    let mut sorties: Vec<(String, String)> = documents
        .iter()
        .map(|d| (format!("{reference}/{}", d.fichier), sha(&d.pdf)))
        .collect();
    sorties.extend(bundles.iter().map(|(n, o)| (n.clone(), sha(o))));
    let etat = Etat {
        empreinte_entree: empreinte,
        sorties,
    };
    // Recorded last: only complete outputs are ever skipped by a later run.
    let chemin = chemin_etat(&ctx.options.out, &reference);
    let ecrit = std::fs::create_dir_all(chemin.parent().unwrap_or(Path::new("."))).and_then(|_| {
        crate::sortie::ecrire_atomique(&chemin, &serde_json::to_vec(&etat).unwrap_or_default())
    });
    if let Err(e) = ecrit {
        return ligne
            .echec(Statut::Erreur, format!("état : {e}"))
            .avec(durees);
    }
    durees.bundle = micros(t);
    ligne.statut = Statut::Construit;
    ligne.documents = documents.len();
    ligne.avec(durees)
}

/// Runs every source on `jobs` OS threads (not rayon: Typst parallelises inside a document,
/// reference/typst-embedding.md §3). `evenement` is called on the calling thread for each
/// finished case, in completion order; the lines come back sorted by source.
pub fn executer(
    sources: &[Source],
    ctx: &Contexte,
    evenement: &mut dyn FnMut(&Ligne, usize, usize),
) -> Vec<Ligne> {
    let suivant = AtomicUsize::new(0);
    let total = sources.len();
    let (tx, rx) = mpsc::channel::<(usize, Ligne)>();
    let mut lignes: Vec<Option<Ligne>> = vec![None; total];
    std::thread::scope(|s| {
        for _ in 0..ctx.options.jobs.max(1).min(total.max(1)) {
            let tx = tx.clone();
            let suivant = &suivant;
            s.spawn(move || loop {
                let i = suivant.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let source = &sources[i];
                // A panic in one case must not stop the others.
                let ligne =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| traiter(source, ctx)))
                        .unwrap_or_else(|p| {
                            let msg = p
                                .downcast_ref::<&str>()
                                .map(|s| (*s).to_owned())
                                .or_else(|| p.downcast_ref::<String>().cloned())
                                .unwrap_or_default();
                            Ligne::nouvelle(source.nom())
                                .echec(Statut::Erreur, format!("erreur interne : {msg}"))
                        });
                if tx.send((i, ligne)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut fini = 0;
        for (i, ligne) in rx {
            fini += 1;
            evenement(&ligne, fini, total);
            lignes[i] = Some(ligne);
        }
    });
    lignes.into_iter().flatten().collect()
}

/// Removes temporary files a killed run may have left in the output folder.
pub fn nettoyer(out: &Path) {
    let Ok(entrees) = std::fs::read_dir(out) else {
        return;
    };
    for e in entrees.flatten() {
        let nom = e.file_name().to_string_lossy().into_owned();
        if nom.starts_with('.') && (nom.contains(".tmp-") || nom.contains(".old-")) {
            let p = e.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}

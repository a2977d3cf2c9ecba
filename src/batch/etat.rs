//! What earlier runs built in an output folder: one journal per folder
//! (`.recouvre/etat.jsonl`), one line per completed case, appended once the case's outputs
//! are complete, so a later run skips a case whose inputs and outputs are unchanged.
//! A line cut by a kill is ignored; the journal is compacted at the end of each run.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::empreinte::sha256_hex;
use crate::pipeline::Traitement;

/// The outputs of one case and what they were built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sortie {
    pub reference: String,
    /// The pipeline's fingerprint of the inputs.
    pub empreinte: String,
    /// `(path relative to the output folder, SHA-256)` of every file written.
    pub fichiers: Vec<(String, String)>,
}

impl Sortie {
    /// The record of a case just written by `sortie::ecrire_dossier`.
    pub fn de(reference: &str, t: &Traitement) -> Sortie {
        let mut fichiers: Vec<(String, String)> = t
            .documents
            .iter()
            .map(|d| (format!("{reference}/{}", d.fichier), d.sha256.clone()))
            .collect();
        fichiers.extend(
            t.bundles
                .iter()
                .map(|(n, o)| (format!("{reference}/{n}"), sha256_hex(o))),
        );
        Sortie {
            reference: reference.to_owned(),
            empreinte: t.empreinte.clone().unwrap_or_default(),
            fichiers,
        }
    }
}

/// The state of an output folder.
#[derive(Debug, Clone, Default)]
pub struct EtatLot {
    par_reference: BTreeMap<String, Sortie>,
    journal: Option<PathBuf>,
}

fn chemin_journal(out: &Path) -> PathBuf {
    out.join(".recouvre").join("etat.jsonl")
}

impl EtatLot {
    /// Reads the journal of `out` (an absent journal is an empty state).
    pub fn ouvrir(out: &Path) -> std::io::Result<EtatLot> {
        let journal = chemin_journal(out);
        fs::create_dir_all(journal.parent().unwrap_or(out))?;
        let mut par_reference = BTreeMap::new();
        if let Ok(texte) = fs::read_to_string(&journal) {
            for ligne in texte.lines() {
                // A line cut by a kill does not parse: that case is simply rebuilt.
                if let Ok(s) = serde_json::from_str::<Sortie>(ligne) {
                    par_reference.insert(s.reference.clone(), s);
                }
            }
        }
        Ok(EtatLot {
            par_reference,
            journal: Some(journal),
        })
    }

    /// Whether the outputs recorded for `reference` were built from `empreinte` and are all
    /// there, unchanged.
    pub fn a_jour(&self, out: &Path, reference: &str, empreinte: &str) -> bool {
        let Some(s) = self.par_reference.get(reference) else {
            return false;
        };
        s.empreinte == empreinte
            && !s.fichiers.is_empty()
            && s.fichiers
                .iter()
                .all(|(rel, sha)| fs::read(out.join(rel)).is_ok_and(|o| sha256_hex(&o) == *sha))
    }

    /// The outputs recorded for `reference`.
    pub fn sortie(&self, reference: &str) -> Option<&Sortie> {
        self.par_reference.get(reference)
    }

    /// Records a completed case: appended to the journal at once (a later kill keeps it).
    pub fn noter(&mut self, s: Sortie) {
        if let Some(j) = &self.journal {
            if let Ok(mut ligne) = serde_json::to_vec(&s) {
                ligne.push(b'\n');
                let ecrit = fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(j)
                    .and_then(|mut f| f.write_all(&ligne));
                // Not recorded: the case is rebuilt next time, never skipped wrongly.
                let _ = ecrit;
            }
        }
        self.par_reference.insert(s.reference.clone(), s);
    }

    /// Rewrites the journal with one line per case.
    pub fn compacter(&self) -> std::io::Result<()> {
        let Some(j) = &self.journal else {
            return Ok(());
        };
        let mut texte = Vec::new();
        for s in self.par_reference.values() {
            serde_json::to_writer(&mut texte, s)?;
            texte.push(b'\n');
        }
        crate::sortie::ecrire_atomique(j, &texte)
    }
}

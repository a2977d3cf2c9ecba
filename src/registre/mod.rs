//! The register: what happened to each case since its file was written, kept by the
//! program and read by every later run (issue 12). An append-only journal of entries, each
//! carrying the SHA-256 of the previous one (a hash chain), so an edited or deleted row is
//! found by [`verifier`]. Two stores behind one trait: an SQLite file (default, no server)
//! and PostgreSQL (several machines, one register), same schema and behaviour.
//!
//! Entries are of two kinds: an [`Etape`] a run produced (recorded once its outputs are
//! complete) and a [`Fait`] recorded afterwards (a payment, a sending, a served act...).
//! A correction is a new entry: no entry is ever updated in place.

mod contenu;
pub mod echeances;
pub mod fusion;
pub mod pg;
pub mod saisie;
pub mod sqlite;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

use crate::empreinte::hex;
pub use contenu::{Contenu, Etape, Fait, Fichier, PieceRegistre, TypeFait};

/// Schema versions this binary knows: index i is the migration to version i + 1. A register
/// with a higher `schema_version` was written by a newer recouvre and is refused.
pub const VERSION_SCHEMA: i64 = 1;

/// `prev_hash` of the first entry.
pub const GENESE: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Seconds a run waits for another one to finish appending before saying the register is
/// busy (`RECOUVRE_REGISTRE_ATTENTE` overrides).
pub fn attente_secondes() -> u64 {
    std::env::var("RECOUVRE_REGISTRE_ATTENTE")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(30)
}

/// Why the register cannot be used. Messages are for the user, in French.
#[derive(Debug, thiserror::Error)]
pub enum ErreurRegistre {
    #[error("registre {emplacement} introuvable : indiquez le bon chemin avec --registre ou RECOUVRE_REGISTRE (il est créé au premier `registre ajouter` ou `batch`)")]
    Introuvable { emplacement: String },
    #[error("registre {emplacement} : ouverture impossible : {message}")]
    Ouverture {
        emplacement: String,
        message: String,
    },
    #[error("registre {emplacement} créé par une version plus récente de recouvre (schéma {trouve}, cette version connaît le schéma {connu}) : mettez recouvre à jour avant de l'utiliser")]
    PlusRecent {
        emplacement: String,
        trouve: i64,
        connu: i64,
    },
    #[error("registre {emplacement} occupé : une autre exécution y écrit depuis plus de {secondes} s ; réessayez quand elle sera terminée (ou augmentez RECOUVRE_REGISTRE_ATTENTE)")]
    Occupe { emplacement: String, secondes: u64 },
    #[error("registre {emplacement} : {message}")]
    Base {
        emplacement: String,
        message: String,
    },
    #[error("registre : entrée n° {id} (dossier {reference}) illisible : {message} ; lancez `recouvre registre verifier`")]
    Illisible {
        id: i64,
        reference: String,
        message: String,
    },
    #[error("pièce {fichier} : {message}")]
    Piece { fichier: String, message: String },
}

/// A new entry, before it is chained.
#[derive(Debug, Clone, PartialEq)]
pub struct NouvelleEntree {
    pub reference: String,
    pub date: NaiveDate,
    pub contenu: Contenu,
}

/// A row of the journal, as stored: the chain is computed over these exact texts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entree {
    pub id: i64,
    pub reference: String,
    /// `etape` or `fait`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The canonical JSON of the [`Etape`] or [`Fait`].
    pub payload: String,
    pub created_by: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Entree {
    /// The entry read back: its date and content.
    pub fn lire(&self) -> Result<(NaiveDate, Contenu), ErreurRegistre> {
        let illisible = |message: String| ErreurRegistre::Illisible {
            id: self.id,
            reference: self.reference.clone(),
            message,
        };
        let date = crate::model::de::parse_date(&self.date).map_err(illisible)?;
        let contenu = Contenu::depuis_json(&self.kind, &self.payload)
            .map_err(|e| illisible(e.to_string()))?;
        Ok((date, contenu))
    }

    /// The hash this entry must carry.
    pub fn empreinte_attendue(&self) -> String {
        empreinte(
            self.id,
            &self.prev_hash,
            &self.reference,
            &self.kind,
            &self.date,
            &self.payload,
            &self.created_by,
        )
    }
}

/// SHA-256 over the entry's canonical fields, each length-prefixed so no two entries can
/// share a preimage: `recouvre-registre-1`, id, prev_hash, reference, kind, date, payload,
/// created_by.
pub fn empreinte(
    id: i64,
    prev_hash: &str,
    reference: &str,
    kind: &str,
    date: &str,
    payload: &str,
    created_by: &str,
) -> String {
    let mut h = Sha256::new();
    let id = id.to_string();
    for champ in [
        "recouvre-registre-1",
        &id,
        prev_hash,
        reference,
        kind,
        date,
        payload,
        created_by,
    ] {
        h.update(champ.len().to_string().as_bytes());
        h.update(b":");
        h.update(champ.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// Chains `nouvelles` after the last entry `(id, hash)`; the stores call this inside their
/// exclusive transaction.
pub fn chainer(
    dernier: Option<(i64, String)>,
    nouvelles: &[NouvelleEntree],
    created_by: &str,
) -> Vec<Entree> {
    let (mut id, mut prev) = dernier.unwrap_or((0, GENESE.to_owned()));
    let mut v = Vec::with_capacity(nouvelles.len());
    for n in nouvelles {
        id += 1;
        let kind = n.contenu.kind().to_owned();
        let payload = n.contenu.json();
        let date = n.date.format("%Y-%m-%d").to_string();
        let hash = empreinte(id, &prev, &n.reference, &kind, &date, &payload, created_by);
        v.push(Entree {
            id,
            reference: n.reference.clone(),
            kind,
            date,
            payload,
            created_by: created_by.to_owned(),
            prev_hash: prev,
            hash: hash.clone(),
        });
        prev = hash;
    }
    v
}

/// A register store. Object-safe and `Send`, so a batch shares one behind a mutex.
pub trait Registre: Send {
    /// Appends `nouvelles` after the last entry, all in one transaction (all or nothing),
    /// serialised with every other writer; returns them as stored.
    fn ajouter(
        &mut self,
        nouvelles: &[NouvelleEntree],
        created_by: &str,
    ) -> Result<Vec<Entree>, ErreurRegistre>;

    /// The entries in chain order: all of them, or those of one case.
    fn entrees(&mut self, reference: Option<&str>) -> Result<Vec<Entree>, ErreurRegistre>;

    /// Where exhibits recorded with a fact are kept (`<sha256>` files), if anywhere.
    fn pieces(&self) -> Option<PathBuf>;

    /// Where the register is, for messages (a URL without its password).
    fn emplacement(&self) -> String;
}

/// Opening a register that does not exist yet creates it only when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ouverture {
    /// `ajouter`, `importer`, `batch`: created (with its schema) when absent.
    Creer,
    /// Reading commands: an absent register is an error, not an empty one.
    Existant,
}

/// Whether `emplacement` names a PostgreSQL register.
pub fn est_postgres(emplacement: &str) -> bool {
    emplacement.starts_with("postgres://") || emplacement.starts_with("postgresql://")
}

/// Opens the register at `emplacement`: a `postgres://` / `postgresql://` URL, else the
/// path of an SQLite file. Applies the schema's missing migrations; refuses a newer schema.
pub fn ouvrir(emplacement: &str, mode: Ouverture) -> Result<Box<dyn Registre>, ErreurRegistre> {
    if est_postgres(emplacement) {
        Ok(Box::new(pg::RegistrePg::ouvrir(emplacement)?))
    } else {
        Ok(Box::new(sqlite::RegistreSqlite::ouvrir(
            Path::new(emplacement),
            mode,
        )?))
    }
}

/// The first broken link of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rupture {
    pub id: i64,
    pub reference: String,
    pub raison: String,
}

/// What [`verifier`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub entrees: usize,
    /// The hash of the last entry (the register's fingerprint), if any.
    pub derniere: Option<String>,
    pub rupture: Option<Rupture>,
}

/// Walks the chain from the first entry: ids in sequence, each `prev_hash` the hash of the
/// entry before, each hash recomputed from the stored fields, each content readable.
/// Returns the first broken entry.
pub fn verifier(registre: &mut dyn Registre) -> Result<Verification, ErreurRegistre> {
    let entrees = registre.entrees(None)?;
    Ok(verifier_entrees(&entrees))
}

/// [`verifier`] on entries already read.
pub fn verifier_entrees(entrees: &[Entree]) -> Verification {
    let mut prev = GENESE.to_owned();
    let rompre = |e: &Entree, raison: String| Verification {
        entrees: entrees.len(),
        derniere: entrees.last().map(|e| e.hash.clone()),
        rupture: Some(Rupture {
            id: e.id,
            reference: e.reference.clone(),
            raison,
        }),
    };
    for (attendu, e) in (1..).zip(entrees) {
        if e.id != attendu {
            return rompre(
                e,
                format!(
                    "numéro {} au lieu de {attendu} : une entrée a été supprimée ou renumérotée",
                    e.id
                ),
            );
        }
        if e.prev_hash != prev {
            return rompre(
                e,
                "son empreinte précédente ne correspond pas à l'entrée d'avant : une entrée a été supprimée, insérée ou modifiée".into(),
            );
        }
        if e.empreinte_attendue() != e.hash {
            return rompre(
                e,
                "son contenu ne correspond plus à son empreinte : l'entrée a été modifiée".into(),
            );
        }
        if let Err(err) = e.lire() {
            return rompre(e, format!("contenu illisible ({err})"));
        }
        prev = e.hash.clone();
    }
    Verification {
        entrees: entrees.len(),
        derniere: entrees.last().map(|e| e.hash.clone()),
        rupture: None,
    }
}

/// Largest exhibit recorded with a fact.
pub const TAILLE_MAX_PIECE: u64 = 64 * 1024 * 1024;

/// Copies `fichier` into the register's exhibits folder under its SHA-256 (once: the same
/// bytes are stored once), and returns what the fact records.
pub fn deposer_piece(
    registre: &dyn Registre,
    fichier: &Path,
) -> Result<PieceRegistre, ErreurRegistre> {
    let nom_fichier = fichier.display().to_string();
    let erreur = |message: String| ErreurRegistre::Piece {
        fichier: nom_fichier.clone(),
        message,
    };
    if registre.pieces().is_none() {
        return Err(erreur(
            "ce registre n'a pas de dossier de pièces : définissez RECOUVRE_REGISTRE_PIECES (un dossier partagé par les machines qui utilisent le registre PostgreSQL)".into(),
        ));
    }
    let meta = std::fs::metadata(fichier).map_err(|e| erreur(format!("illisible ({e})")))?;
    if !meta.is_file() {
        return Err(erreur("ce n'est pas un fichier ordinaire".into()));
    }
    if meta.len() > TAILLE_MAX_PIECE {
        return Err(erreur(format!(
            "trop volumineuse ({} octets, {} au plus)",
            meta.len(),
            TAILLE_MAX_PIECE
        )));
    }
    let octets = std::fs::read(fichier).map_err(|e| erreur(format!("illisible ({e})")))?;
    let nom = fichier
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    deposer_octets(registre, &nom_fichier, &nom, &octets)
}

/// Stores `octets` (an exhibit received another way than as a file, an upload) as
/// [`deposer_piece`] stores a file: under its SHA-256, once. `nom` is shown in messages and
/// bordereaux only, never used as a path; `origine` names the exhibit in errors.
pub fn deposer_octets(
    registre: &dyn Registre,
    origine: &str,
    nom: &str,
    octets: &[u8],
) -> Result<PieceRegistre, ErreurRegistre> {
    let erreur = |message: String| ErreurRegistre::Piece {
        fichier: origine.to_owned(),
        message,
    };
    let Some(dossier) = registre.pieces() else {
        return Err(erreur(
            "ce registre n'a pas de dossier de pièces : définissez RECOUVRE_REGISTRE_PIECES (un dossier partagé par les machines qui utilisent le registre PostgreSQL)".into(),
        ));
    };
    if octets.len() as u64 > TAILLE_MAX_PIECE {
        return Err(erreur(format!(
            "trop volumineuse ({} octets, {} au plus)",
            octets.len(),
            TAILLE_MAX_PIECE
        )));
    }
    let sha256 = crate::empreinte::sha256_hex(octets);
    std::fs::create_dir_all(&dossier).map_err(|e| {
        erreur(format!(
            "dossier des pièces {} impossible à créer ({e})",
            dossier.display()
        ))
    })?;
    let cible = dossier.join(&sha256);
    let deja = std::fs::read(&cible)
        .map(|o| crate::empreinte::sha256_hex(&o) == sha256)
        .unwrap_or(false);
    if !deja {
        // Written beside, then renamed: a kill never leaves a half-copied exhibit.
        let tmp = dossier.join(format!(".{sha256}.tmp"));
        std::fs::write(&tmp, octets)
            .and_then(|_| std::fs::rename(&tmp, &cible))
            .map_err(|e| erreur(format!("copie dans {} impossible ({e})", dossier.display())))?;
    }
    let nom = if nom.is_empty() {
        sha256.clone()
    } else {
        nom.to_owned()
    };
    Ok(PieceRegistre { sha256, nom })
}

/// Who appends: `RECOUVRE_AUTEUR`, else the login name, and the command.
pub fn auteur(commande: &str) -> String {
    let qui = std::env::var("RECOUVRE_AUTEUR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "inconnu".into());
    let qui: String = qui.chars().filter(|c| !c.is_control()).take(64).collect();
    format!("{qui} (recouvre {} {commande})", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests;

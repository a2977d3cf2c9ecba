//! The embedded register: one SQLite file (bundled library, no server). Appends run in a
//! `BEGIN IMMEDIATE` transaction (one writer at a time); a second writer waits up to
//! [`attente_secondes`](super::attente_secondes), then is told the register is busy.
//! Exhibits of facts are kept in `pieces/` beside the file.

use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{
    attente_secondes, chainer, Entree, ErreurRegistre, NouvelleEntree, Ouverture, Registre,
    VERSION_SCHEMA,
};

/// Migration i brings the schema to version i + 1.
const MIGRATIONS: &[&str] = &[
    // 1: the journal, append-only (a trigger refuses UPDATE and DELETE; the hash chain
    // detects whoever drops it).
    "CREATE TABLE journal (
        id         INTEGER PRIMARY KEY,
        reference  TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('etape', 'fait')),
        date       TEXT NOT NULL,
        payload    TEXT NOT NULL,
        created_by TEXT NOT NULL,
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
    );
    CREATE INDEX journal_reference ON journal (reference, id);
    CREATE TRIGGER journal_sans_modification BEFORE UPDATE ON journal
        BEGIN SELECT RAISE(ABORT, 'registre : journal en ajout seul (une correction est une nouvelle entrée)'); END;
    CREATE TRIGGER journal_sans_suppression BEFORE DELETE ON journal
        BEGIN SELECT RAISE(ABORT, 'registre : journal en ajout seul (une correction est une nouvelle entrée)'); END;",
];

pub struct RegistreSqlite {
    conn: Connection,
    chemin: PathBuf,
}

impl RegistreSqlite {
    pub fn ouvrir(chemin: &Path, mode: Ouverture) -> Result<Self, ErreurRegistre> {
        let emplacement = chemin.display().to_string();
        if mode == Ouverture::Existant && !chemin.exists() {
            return Err(ErreurRegistre::Introuvable { emplacement });
        }
        if let Some(parent) = chemin.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| ErreurRegistre::Ouverture {
                emplacement: emplacement.clone(),
                message: format!("dossier {} impossible à créer ({e})", parent.display()),
            })?;
        }
        let conn = Connection::open(chemin).map_err(|e| ErreurRegistre::Ouverture {
            emplacement: emplacement.clone(),
            message: e.to_string(),
        })?;
        let mut r = RegistreSqlite {
            conn,
            chemin: chemin.to_owned(),
        };
        r.conn
            .busy_timeout(Duration::from_secs(attente_secondes()))
            .map_err(|e| r.erreur(e))?;
        // WAL: readers never block the writer; `synchronous = NORMAL` makes a commit cheap
        // (a batch appends one entry per case). A killed process loses nothing committed.
        r.conn
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|_| r.conn.pragma_update(None, "synchronous", "NORMAL"))
            .map_err(|e| r.erreur(e))?;
        r.migrer()?;
        Ok(r)
    }

    fn erreur(&self, e: rusqlite::Error) -> ErreurRegistre {
        erreur(&self.chemin, e)
    }

    /// Brings the schema up to [`VERSION_SCHEMA`], in one exclusive transaction.
    fn migrer(&mut self) -> Result<(), ErreurRegistre> {
        let emplacement = self.chemin.display().to_string();
        let chemin = self.chemin.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate);
        let tx = match tx {
            Ok(t) => t,
            Err(e) => return Err(erreur(&chemin, e)),
        };
        let resultat = (|| -> rusqlite::Result<Result<(), ErreurRegistre>> {
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
            )?;
            let v: i64 = tx.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                [],
                |r| r.get(0),
            )?;
            if v > VERSION_SCHEMA {
                return Ok(Err(ErreurRegistre::PlusRecent {
                    emplacement: emplacement.clone(),
                    trouve: v,
                    connu: VERSION_SCHEMA,
                }));
            }
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(v as usize) {
                tx.execute_batch(sql)?;
                tx.execute(
                    "INSERT INTO schema_version (version) VALUES (?1)",
                    params![i as i64 + 1],
                )?;
            }
            Ok(Ok(()))
        })();
        match resultat {
            Ok(Ok(())) => tx.commit().map_err(|e| erreur(&chemin, e)),
            Ok(Err(e)) => Err(e),
            Err(e) => {
                drop(tx);
                Err(erreur(&chemin, e))
            }
        }
    }
}

fn ligne(r: &rusqlite::Row) -> rusqlite::Result<Entree> {
    Ok(Entree {
        id: r.get(0)?,
        reference: r.get(1)?,
        kind: r.get(2)?,
        date: r.get(3)?,
        payload: r.get(4)?,
        created_by: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

const COLONNES: &str = "id, reference, kind, date, payload, created_by, prev_hash, hash";

impl Registre for RegistreSqlite {
    fn ajouter(
        &mut self,
        nouvelles: &[NouvelleEntree],
        created_by: &str,
    ) -> Result<Vec<Entree>, ErreurRegistre> {
        if nouvelles.is_empty() {
            return Ok(Vec::new());
        }
        let chemin = self.chemin.clone();
        let tx = match self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(t) => t,
            Err(e) => return Err(erreur(&chemin, e)),
        };
        let resultat = (|| -> rusqlite::Result<Vec<Entree>> {
            let dernier: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let entrees = chainer(dernier, nouvelles, created_by);
            {
                let mut st = tx.prepare(&format!(
                    "INSERT INTO journal ({COLONNES}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ))?;
                for e in &entrees {
                    st.execute(params![
                        e.id,
                        e.reference,
                        e.kind,
                        e.date,
                        e.payload,
                        e.created_by,
                        e.prev_hash,
                        e.hash
                    ])?;
                }
            }
            Ok(entrees)
        })();
        match resultat {
            Ok(v) => {
                tx.commit().map_err(|e| erreur(&chemin, e))?;
                Ok(v)
            }
            Err(e) => {
                drop(tx);
                Err(erreur(&chemin, e))
            }
        }
    }

    fn entrees(&mut self, reference: Option<&str>) -> Result<Vec<Entree>, ErreurRegistre> {
        let resultat = (|| -> rusqlite::Result<Vec<Entree>> {
            match reference {
                Some(r) => {
                    let mut st = self.conn.prepare(&format!(
                        "SELECT {COLONNES} FROM journal WHERE reference = ?1 ORDER BY id"
                    ))?;
                    let v = st.query_map(params![r], ligne)?.collect();
                    v
                }
                None => {
                    let mut st = self
                        .conn
                        .prepare(&format!("SELECT {COLONNES} FROM journal ORDER BY id"))?;
                    let v = st.query_map([], ligne)?.collect();
                    v
                }
            }
        })();
        resultat.map_err(|e| self.erreur(e))
    }

    fn pieces(&self) -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("RECOUVRE_REGISTRE_PIECES") {
            return Some(PathBuf::from(d));
        }
        Some(
            self.chemin
                .parent()
                .map(|p| p.join("pieces"))
                .unwrap_or_else(|| PathBuf::from("pieces")),
        )
    }

    fn emplacement(&self) -> String {
        self.chemin.display().to_string()
    }
}

/// The user's message for an SQLite error on the register at `chemin`.
fn erreur(chemin: &Path, e: rusqlite::Error) -> ErreurRegistre {
    let emplacement = chemin.display().to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => ErreurRegistre::Occupe {
            emplacement,
            secondes: attente_secondes(),
        },
        Some(ErrorCode::NotADatabase) => ErreurRegistre::Ouverture {
            emplacement,
            message: "ce fichier n'est pas une base SQLite : ce n'est pas un registre recouvre"
                .into(),
        },
        _ => ErreurRegistre::Base {
            emplacement,
            message: e.to_string(),
        },
    }
}

//! The shared register: PostgreSQL, for several machines or people on one portfolio (the
//! shards of a batch, the mailroom recording sendings). Same schema and behaviour as the
//! SQLite file. Appends take `LOCK TABLE journal IN EXCLUSIVE MODE` inside their transaction
//! (readers go on, writers queue: the hash chain needs serial appends); a writer that waits
//! longer than [`attente_secondes`](super::attente_secondes) is told the register is busy.
//! Exhibits of facts go to the folder `RECOUVRE_REGISTRE_PIECES` (shared by the machines).

use postgres::error::SqlState;
use postgres::{Client, NoTls};
use std::path::PathBuf;

use super::{
    attente_secondes, chainer, Entree, ErreurRegistre, NouvelleEntree, Registre, VERSION_SCHEMA,
};

/// Migration i brings the schema to version i + 1 (same tables as the SQLite file).
const MIGRATIONS: &[&str] = &[
    // 1: the journal, append-only (a trigger refuses UPDATE and DELETE; the hash chain
    // detects whoever drops it).
    "CREATE TABLE journal (
        id         BIGINT PRIMARY KEY,
        reference  TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('etape', 'fait')),
        date       TEXT NOT NULL,
        payload    TEXT NOT NULL,
        created_by TEXT NOT NULL,
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
    );
    CREATE INDEX journal_reference ON journal (reference, id);
    CREATE FUNCTION journal_ajout_seul() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'registre : journal en ajout seul (une correction est une nouvelle entrée)'; END $$;
    CREATE TRIGGER journal_ajout_seul BEFORE UPDATE OR DELETE ON journal
        FOR EACH ROW EXECUTE FUNCTION journal_ajout_seul();",
];

/// Any key shared by recouvre's schema migrations (an advisory lock serialises them).
const VERROU_MIGRATION: i64 = 0x7265_636f_7576_7265;

pub struct RegistrePg {
    client: Client,
    emplacement: String,
}

/// The URL without its password, for messages.
pub fn sans_mot_de_passe(url: &str) -> String {
    let Some((schema, reste)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (autorite, chemin) = match reste.find('/') {
        Some(i) => reste.split_at(i),
        None => (reste, ""),
    };
    match autorite.rsplit_once('@') {
        Some((info, hote)) => {
            let utilisateur = info.split(':').next().unwrap_or("");
            let chemin = chemin.split('?').next().unwrap_or("");
            format!("{schema}://{utilisateur}@{hote}{chemin}")
        }
        None => format!("{schema}://{}", reste.split('?').next().unwrap_or("")),
    }
}

impl RegistrePg {
    pub fn ouvrir(url: &str) -> Result<Self, ErreurRegistre> {
        let emplacement = sans_mot_de_passe(url);
        let client = Client::connect(url, NoTls).map_err(|e| ErreurRegistre::Ouverture {
            emplacement: emplacement.clone(),
            message: format!(
                "connexion au serveur PostgreSQL impossible ({e}) : vérifiez l'adresse, le mot de passe et que le serveur est démarré"
            ),
        })?;
        let mut r = RegistrePg {
            client,
            emplacement,
        };
        r.migrer()?;
        Ok(r)
    }

    fn erreur(&self, e: postgres::Error) -> ErreurRegistre {
        match e.code() {
            Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE || *c == SqlState::QUERY_CANCELED => {
                ErreurRegistre::Occupe {
                    emplacement: self.emplacement.clone(),
                    secondes: attente_secondes(),
                }
            }
            _ => ErreurRegistre::Base {
                emplacement: self.emplacement.clone(),
                message: e
                    .as_db_error()
                    .map(|d| d.message().to_owned())
                    .unwrap_or_else(|| e.to_string()),
            },
        }
    }

    fn migrer(&mut self) -> Result<(), ErreurRegistre> {
        let emplacement = self.emplacement.clone();
        let attente = attente_secondes();
        let resultat = (|| -> Result<Result<(), ErreurRegistre>, postgres::Error> {
            let mut tx = self.client.transaction()?;
            tx.batch_execute(&format!("SET LOCAL lock_timeout = '{attente}s'"))?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&VERROU_MIGRATION])?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)",
            )?;
            let v: i64 = tx
                .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?
                .get(0);
            if v > VERSION_SCHEMA {
                return Ok(Err(ErreurRegistre::PlusRecent {
                    emplacement,
                    trouve: v,
                    connu: VERSION_SCHEMA,
                }));
            }
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(v as usize) {
                tx.batch_execute(sql)?;
                tx.execute(
                    "INSERT INTO schema_version (version) VALUES ($1)",
                    &[&(i as i64 + 1)],
                )?;
            }
            tx.commit()?;
            Ok(Ok(()))
        })();
        match resultat {
            Ok(r) => r,
            Err(e) => Err(self.erreur(e)),
        }
    }
}

const COLONNES: &str = "id, reference, kind, date, payload, created_by, prev_hash, hash";

fn ligne(r: &postgres::Row) -> Entree {
    Entree {
        id: r.get(0),
        reference: r.get(1),
        kind: r.get(2),
        date: r.get(3),
        payload: r.get(4),
        created_by: r.get(5),
        prev_hash: r.get(6),
        hash: r.get(7),
    }
}

impl Registre for RegistrePg {
    fn ajouter(
        &mut self,
        nouvelles: &[NouvelleEntree],
        created_by: &str,
    ) -> Result<Vec<Entree>, ErreurRegistre> {
        if nouvelles.is_empty() {
            return Ok(Vec::new());
        }
        let attente = attente_secondes();
        let resultat = (|| -> Result<Vec<Entree>, postgres::Error> {
            let mut tx = self.client.transaction()?;
            tx.batch_execute(&format!(
                "SET LOCAL lock_timeout = '{attente}s'; LOCK TABLE journal IN EXCLUSIVE MODE"
            ))?;
            let dernier = tx
                .query_opt("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1", &[])?
                .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)));
            let entrees = chainer(dernier, nouvelles, created_by);
            let st = tx.prepare(&format!(
                "INSERT INTO journal ({COLONNES}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            ))?;
            for e in &entrees {
                tx.execute(
                    &st,
                    &[
                        &e.id,
                        &e.reference,
                        &e.kind,
                        &e.date,
                        &e.payload,
                        &e.created_by,
                        &e.prev_hash,
                        &e.hash,
                    ],
                )?;
            }
            tx.commit()?;
            Ok(entrees)
        })();
        resultat.map_err(|e| self.erreur(e))
    }

    fn entrees(&mut self, reference: Option<&str>) -> Result<Vec<Entree>, ErreurRegistre> {
        let lignes = match reference {
            Some(r) => self.client.query(
                &format!("SELECT {COLONNES} FROM journal WHERE reference = $1 ORDER BY id"),
                &[&r],
            ),
            None => self
                .client
                .query(&format!("SELECT {COLONNES} FROM journal ORDER BY id"), &[]),
        };
        match lignes {
            Ok(l) => Ok(l.iter().map(ligne).collect()),
            Err(e) => Err(self.erreur(e)),
        }
    }

    fn pieces(&self) -> Option<PathBuf> {
        std::env::var_os("RECOUVRE_REGISTRE_PIECES").map(PathBuf::from)
    }

    fn emplacement(&self) -> String {
        self.emplacement.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows() {
        assert_eq!(
            sans_mot_de_passe("postgres://u:secret@h:5432/base?options=x"),
            "postgres://u@h:5432/base"
        );
        assert_eq!(
            sans_mot_de_passe("postgresql://h/base"),
            "postgresql://h/base"
        );
    }
}

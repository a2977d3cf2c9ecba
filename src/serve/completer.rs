//! « Compléter le dossier »: a few fields `check` often finds missing, written back into the
//! case file with `toml_edit` so that its comments and layout stay as the user wrote them,
//! atomically, and only if the file is still the one the page was rendered from.

use sha2::{Digest, Sha256};
use std::path::Path;
use toml_edit::{value, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use crate::empreinte::hex;
use crate::model::TypeJuridiction;

/// The fields of the form, as typed (trimmed); empty means « remove ».
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saisie {
    pub juridiction_type: String,
    pub juridiction_ville: String,
    pub audience_date: String,
    pub audience_heure: String,
    pub avocat_nom: String,
    pub avocat_barreau: String,
    pub debiteur_email: String,
    /// `madame`, `monsieur` or empty (documents then use wording that needs no agreement);
    /// `None` when the form did not carry the field: the file's value is kept.
    pub debiteur_civilite: Option<String>,
    /// The civilité of the creditor's and of the debtor's legal representative (agreement
    /// of « domiciliée en cette qualité »), in the order of [`PARTIES`]; `None` as above.
    pub representant_civilite: [Option<String>; 2],
    pub diligences_amiables: String,
}

/// The parties whose legal representative the form can complete, as the case file names
/// them.
pub const PARTIES: [&str; 2] = ["creancier", "debiteur"];

/// The case-file field of each party's representative's civilité, in the order of
/// [`PARTIES`] (named in refusals).
const CHAMPS_CIVILITE_REPRESENTANT: [&str; 2] = [
    "creancier.representant.civilite",
    "debiteur.representant.civilite",
];

/// The values a civilité takes in the case file (empty: not stated).
const CIVILITES: [&str; 3] = ["", "madame", "monsieur"];

/// Why the case file was not written.
#[derive(Debug, thiserror::Error)]
pub enum CompleterError {
    #[error("le fichier du dossier a changé sur le disque depuis l'affichage de la page : rien n'a été écrit ; rechargez la page et refaites la saisie")]
    Modifie,
    #[error("{champ} : {message}")]
    Saisie {
        champ: &'static str,
        message: String,
    },
    #[error("le fichier du dossier n'est pas un TOML lisible ({0}) : corrigez-le d'abord dans un éditeur")]
    Toml(String),
    #[error("dans le fichier, « {0} » n'est pas une table : corrigez-le dans un éditeur")]
    PasUneTable(String),
    #[error("lecture ou écriture du fichier impossible : {0}")]
    Fichier(#[from] std::io::Error),
}

fn saisie(champ: &'static str, message: impl Into<String>) -> CompleterError {
    CompleterError::Saisie {
        champ,
        message: message.into(),
    }
}

/// The kinds of court, as the case file spells them, and as the form shows them.
pub const TYPES_JURIDICTION: &[(&str, &str)] = &[
    ("tribunal_de_commerce", "Tribunal de commerce"),
    (
        "tribunal_activites_economiques",
        "Tribunal des activités économiques",
    ),
    ("tribunal_judiciaire", "Tribunal judiciaire"),
    (
        "juge_contentieux_protection",
        "Juge des contentieux de la protection",
    ),
];

/// Longest free text accepted in one field.
const LONGUEUR_MAX: usize = 2000;

impl Saisie {
    /// Checks each field before anything is written; says which one and what to type.
    pub fn verifier(&self) -> Result<(), CompleterError> {
        if !self.juridiction_type.is_empty() {
            let ok = serde_json::from_value::<TypeJuridiction>(serde_json::Value::String(
                self.juridiction_type.clone(),
            ))
            .is_ok();
            if !ok {
                return Err(saisie("juridiction.type", "choisissez un type de la liste"));
            }
        }
        if !self.audience_date.is_empty()
            && chrono::NaiveDate::parse_from_str(&self.audience_date, "%Y-%m-%d").is_err()
        {
            return Err(saisie(
                "procedure.audience.date",
                format!("« {} » n'est pas une date AAAA-MM-JJ", self.audience_date),
            ));
        }
        if !self.audience_heure.is_empty() {
            if self.audience_date.is_empty() {
                return Err(saisie(
                    "procedure.audience.heure",
                    "donnez aussi la date de l'audience",
                ));
            }
            if chrono::NaiveTime::parse_from_str(&self.audience_heure, "%H:%M").is_err() {
                return Err(saisie(
                    "procedure.audience.heure",
                    format!("« {} » n'est pas une heure HH:MM", self.audience_heure),
                ));
            }
        }
        let civilites = std::iter::once(("debiteur.civilite", &self.debiteur_civilite)).chain(
            CHAMPS_CIVILITE_REPRESENTANT
                .into_iter()
                .zip(&self.representant_civilite),
        );
        for (champ, c) in civilites {
            if c.as_deref().is_some_and(|c| !CIVILITES.contains(&c)) {
                return Err(saisie(champ, "choisissez madame, monsieur, ou rien"));
            }
        }
        if !self.debiteur_email.is_empty()
            && (!self.debiteur_email.contains('@')
                || self.debiteur_email.contains(char::is_whitespace))
        {
            return Err(saisie(
                "debiteur.email",
                "adresse électronique invalide (exemple : nom@exemple.fr)",
            ));
        }
        for (champ, v) in [
            ("juridiction.ville", &self.juridiction_ville),
            ("avocat.nom", &self.avocat_nom),
            ("avocat.barreau", &self.avocat_barreau),
            ("debiteur.email", &self.debiteur_email),
            ("procedure.diligences_amiables", &self.diligences_amiables),
        ] {
            if v.chars().count() > LONGUEUR_MAX {
                return Err(saisie(champ, format!("{LONGUEUR_MAX} caractères au plus")));
            }
            if v.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
            {
                return Err(saisie(champ, "caractères de contrôle interdits"));
            }
        }
        Ok(())
    }
}

/// The table-like item at `cle` of `parent`, created as a table when absent.
fn table<'a>(
    parent: &'a mut dyn TableLike,
    cle: &str,
    nom: &str,
    en_ligne: bool,
) -> Result<&'a mut dyn TableLike, CompleterError> {
    if parent.get(cle).is_none() {
        let neuf = if en_ligne {
            Item::Value(Value::InlineTable(InlineTable::new()))
        } else {
            Item::Table(Table::new())
        };
        parent.insert(cle, neuf);
    }
    parent
        .get_mut(cle)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| CompleterError::PasUneTable(nom.to_owned()))
}

/// Sets or removes `cle` in the table at `chemin` (created if needed, removed once empty).
fn poser(
    racine: &mut dyn TableLike,
    chemin: &[&str],
    cle: &str,
    valeur: &str,
) -> Result<(), CompleterError> {
    let nom = chemin.join(".");
    if valeur.is_empty() {
        // Removing: walk only what exists.
        fn enlever(t: &mut dyn TableLike, chemin: &[&str], cle: &str) {
            match chemin.split_first() {
                None => {
                    t.remove(cle);
                }
                Some((tete, reste)) => {
                    if let Some(sous) = t.get_mut(tete).and_then(Item::as_table_like_mut) {
                        enlever(sous, reste, cle);
                        if sous.is_empty() {
                            t.remove(tete);
                        }
                    }
                }
            }
        }
        enlever(racine, chemin, cle);
        ranger(racine, chemin);
        return Ok(());
    }
    let mut t: &mut dyn TableLike = racine;
    for (i, c) in chemin.iter().enumerate() {
        // Top-level tables are `[table]` sections; deeper ones inline (`audience = { … }`).
        t = table(t, c, &nom, i > 0)?;
    }
    t.insert(cle, value(valeur));
    ranger(racine, chemin);
    Ok(())
}

/// An inline table at `chemin` stays on one tidy line, `{ a = "x", b = "y" }`, after a key
/// is added or removed (TOML allows no comment inside one: nothing of the user's is lost).
fn ranger(racine: &mut dyn TableLike, chemin: &[&str]) {
    let Some((tete, reste)) = chemin.split_first() else {
        return;
    };
    let mut item = racine.get_mut(tete);
    for c in reste {
        item = item.and_then(|i| i.get_mut(c));
    }
    if let Some(Item::Value(Value::InlineTable(it))) = item {
        it.fmt();
    }
}

/// The case file's text with the form's fields applied, everything else untouched.
pub fn appliquer(texte: &str, s: &Saisie) -> Result<String, CompleterError> {
    s.verifier()?;
    let mut doc: DocumentMut = texte
        .parse()
        .map_err(|e: toml_edit::TomlError| CompleterError::Toml(e.message().to_owned()))?;
    let racine = doc.as_table_mut() as &mut dyn TableLike;
    poser(racine, &["juridiction"], "type", &s.juridiction_type)?;
    poser(racine, &["juridiction"], "ville", &s.juridiction_ville)?;
    if s.audience_date.is_empty() {
        poser(racine, &["procedure", "audience"], "date", "")?;
        poser(racine, &["procedure", "audience"], "heure", "")?;
    } else {
        poser(racine, &["procedure", "audience"], "date", &s.audience_date)?;
        poser(
            racine,
            &["procedure", "audience"],
            "heure",
            &s.audience_heure,
        )?;
    }
    poser(racine, &["avocat"], "nom", &s.avocat_nom)?;
    poser(racine, &["avocat"], "barreau", &s.avocat_barreau)?;
    poser(racine, &["debiteur"], "email", &s.debiteur_email)?;
    if let Some(c) = &s.debiteur_civilite {
        poser(racine, &["debiteur"], "civilite", c)?;
    }
    for ((partie, champ), civilite) in PARTIES
        .iter()
        .zip(CHAMPS_CIVILITE_REPRESENTANT)
        .zip(&s.representant_civilite)
    {
        let Some(c) = civilite else { continue };
        let nomme = racine
            .get(partie)
            .and_then(|p| p.get("representant"))
            .is_some_and(|r| r.is_table_like());
        if !nomme {
            if c.is_empty() {
                continue;
            }
            return Err(saisie(
                champ,
                format!("le dossier ne nomme pas de représentant légal : ajoutez d'abord {partie}.representant (nom, qualité) dans le fichier"),
            ));
        }
        poser(racine, &[partie, "representant"], "civilite", c)?;
    }
    poser(
        racine,
        &["procedure"],
        "diligences_amiables",
        &s.diligences_amiables,
    )?;
    Ok(doc.to_string())
}

/// Applies the form to the case file `chemin` if its SHA-256 is still `empreinte`, and
/// writes it atomically (a temporary beside it, then a rename).
pub fn completer(chemin: &Path, empreinte: &str, s: &Saisie) -> Result<(), CompleterError> {
    let octets = std::fs::read(chemin)?;
    if hex(&Sha256::digest(&octets)) != empreinte {
        return Err(CompleterError::Modifie);
    }
    let texte = String::from_utf8(octets)
        .map_err(|_| CompleterError::Toml("le fichier n'est pas en UTF-8".into()))?;
    let neuf = appliquer(&texte, s)?;
    if neuf != texte {
        crate::sortie::ecrire_atomique(chemin, neuf.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAS: &str = "# Dossier de test\nreference = \"A-1\" # la référence\n\n[debiteur]\n# le débiteur\nnom = \"Moreau\"\n\n[procedure]\nvoie = \"injonction\" # choisie\n";

    #[test]
    fn keeps_comments_and_layout() {
        let s = Saisie {
            juridiction_type: "tribunal_judiciaire".into(),
            juridiction_ville: "Lyon".into(),
            audience_date: "2026-09-14".into(),
            audience_heure: "09:30".into(),
            debiteur_email: "j@exemple.fr".into(),
            debiteur_civilite: None,
            ..Saisie::default()
        };
        let r = appliquer(CAS, &s).unwrap();
        assert!(
            r.starts_with("# Dossier de test\nreference = \"A-1\" # la référence\n"),
            "{r}"
        );
        assert!(
            r.contains("# le débiteur\nnom = \"Moreau\"\nemail = \"j@exemple.fr\""),
            "{r}"
        );
        assert!(r.contains("voie = \"injonction\" # choisie"), "{r}");
        assert!(
            r.contains("audience = { date = \"2026-09-14\", heure = \"09:30\" }"),
            "{r}"
        );
        assert!(
            r.contains("[juridiction]\ntype = \"tribunal_judiciaire\"\nville = \"Lyon\""),
            "{r}"
        );
        // Clearing removes what was added, and the emptied table.
        let r2 = appliquer(&r, &Saisie::default()).unwrap();
        assert!(
            !r2.contains("juridiction") && !r2.contains("audience") && !r2.contains("email"),
            "{r2}"
        );
        assert!(r2.contains("voie = \"injonction\" # choisie"), "{r2}");
    }

    #[test]
    fn representatives_civilite_in_either_table_style() {
        let cas = "[creancier]\nrepresentant = { nom = \"Marc Garnier\", qualite = \"Gérant\" }\n\n[debiteur]\nnom = \"Moreau\"\n\n[debiteur.representant]\n# dirigeante\nnom = \"Anne Moreau\"\n";
        let s = Saisie {
            representant_civilite: [Some("monsieur".into()), Some("madame".into())],
            ..Saisie::default()
        };
        let r = appliquer(cas, &s).unwrap();
        assert!(
            r.contains("representant = { nom = \"Marc Garnier\", qualite = \"Gérant\", civilite = \"monsieur\" }"),
            "{r}"
        );
        assert!(
            r.contains("[debiteur.representant]\n# dirigeante\nnom = \"Anne Moreau\"\ncivilite = \"madame\""),
            "{r}"
        );
        // Not carried by the form: kept; emptied: removed, the representative stays.
        assert_eq!(appliquer(&r, &Saisie::default()).unwrap(), r);
        let vide = Saisie {
            representant_civilite: [Some(String::new()), Some(String::new())],
            ..Saisie::default()
        };
        assert_eq!(appliquer(&r, &vide).unwrap(), cas);
    }

    #[test]
    fn refuses_bad_input() {
        let mauvais = [
            Saisie {
                juridiction_type: "cour_supreme".into(),
                ..Saisie::default()
            },
            Saisie {
                audience_date: "14/09/2026".into(),
                ..Saisie::default()
            },
            Saisie {
                audience_heure: "09:30".into(),
                ..Saisie::default()
            },
            Saisie {
                debiteur_email: "pas une adresse".into(),
                ..Saisie::default()
            },
            Saisie {
                avocat_nom: "a\u{1b}[31m".into(),
                ..Saisie::default()
            },
            Saisie {
                debiteur_civilite: Some("mademoiselle".into()),
                ..Saisie::default()
            },
            Saisie {
                representant_civilite: [None, Some("Madame".into())],
                ..Saisie::default()
            },
            // CAS names no representative: nothing to agree.
            Saisie {
                representant_civilite: [None, Some("madame".into())],
                ..Saisie::default()
            },
        ];
        for s in mauvais {
            assert!(appliquer(CAS, &s).is_err(), "{s:?}");
        }
        assert!(matches!(
            appliquer(
                "debiteur = 3\n",
                &Saisie {
                    debiteur_email: "a@b.fr".into(),
                    ..Saisie::default()
                }
            ),
            Err(CompleterError::PasUneTable(_))
        ));
    }

    #[test]
    fn refuses_a_file_changed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.toml");
        std::fs::write(&p, CAS).unwrap();
        let s = Saisie {
            avocat_nom: "Me Durand".into(),
            ..Saisie::default()
        };
        assert!(matches!(
            completer(&p, "0000", &s),
            Err(CompleterError::Modifie)
        ));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), CAS);
        let h = hex(&Sha256::digest(CAS.as_bytes()));
        completer(&p, &h, &s).unwrap();
        assert!(std::fs::read_to_string(&p)
            .unwrap()
            .contains("[avocat]\nnom = \"Me Durand\""));
    }
}

//! The dated parameters of the law (`law/*.toml`), embedded in the binary and overridable
//! from a folder (`--law DIR` or `RECOUVRE_LAW`) without recompiling.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use super::juridictions::{CompetencesOfficielles, FICHIER_COMPETENCES};
use super::parametres::{self, Cle, ErreurParametre, LigneSerie, Serie, Valeur};
use crate::model::de;

const TAUX_LEGAL: &str = include_str!("../../law/taux-legal.toml");
const BCE: &str = include_str!("../../law/bce.toml");
const PARAMETRES: &str = include_str!("../../law/parametres.toml");
const JURIDICTIONS: &str = include_str!("../../law/juridictions.toml");

pub const FICHIER_TAUX_LEGAL: &str = "taux-legal.toml";
pub const FICHIER_BCE: &str = "bce.toml";
pub const FICHIER_PARAMETRES: &str = "parametres.toml";
pub const FICHIER_JURIDICTIONS: &str = "juridictions.toml";

/// A half-year: rates change on 1 January and 1 July (C. mon. fin. L313-2; C. com. L441-10 II).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Semestre {
    pub annee: i32,
    /// 1 (January-June) or 2 (July-December).
    pub numero: u8,
}

impl Semestre {
    pub fn de(date: NaiveDate) -> Self {
        Semestre {
            annee: date.year(),
            numero: if date.month() <= 6 { 1 } else { 2 },
        }
    }

    pub fn premier_jour(self) -> NaiveDate {
        let mois = if self.numero == 1 { 1 } else { 7 };
        NaiveDate::from_ymd_opt(self.annee, mois, 1).expect("valid half-year start")
    }

    pub fn dernier_jour(self) -> NaiveDate {
        let (m, j) = if self.numero == 1 { (6, 30) } else { (12, 31) };
        NaiveDate::from_ymd_opt(self.annee, m, j).expect("valid half-year end")
    }

    pub fn suivant(self) -> Self {
        if self.numero == 1 {
            Semestre {
                annee: self.annee,
                numero: 2,
            }
        } else {
            Semestre {
                annee: self.annee + 1,
                numero: 1,
            }
        }
    }

    /// `1er semestre 2026`
    pub fn libelle(self) -> String {
        if self.numero == 1 {
            format!("1er semestre {}", self.annee)
        } else {
            format!("2e semestre {}", self.annee)
        }
    }
}

impl fmt::Display for Semestre {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}-S{}", self.annee, self.numero)
    }
}

impl FromStr for Semestre {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let err = || format!("« {s} » n'est pas un semestre (attendu par exemple \"2026-S2\")");
        let (a, n) = s.trim().split_once("-S").ok_or_else(err)?;
        let annee: i32 = a.parse().map_err(|_| err())?;
        let numero: u8 = n.parse().map_err(|_| err())?;
        if !(1..=2).contains(&numero) || !(1900..=2200).contains(&annee) {
            return Err(err());
        }
        Ok(Semestre { annee, numero })
    }
}

/// Both columns of the taux de l'intérêt légal for one half-year (C. mon. fin. D313-1-A).
#[derive(Debug, Clone, PartialEq)]
pub struct TauxLegal {
    /// Column A: creditor is a natural person not acting for professional needs.
    pub particulier: Decimal,
    /// Column B: every other case.
    pub autres: Decimal,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TauxBce {
    pub date_effet: NaiveDate,
    pub taux: Decimal,
    pub source: String,
}

/// Which table a rate is missing from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    TauxLegal,
    Bce,
}

impl Table {
    pub fn fichier(self) -> &'static str {
        match self {
            Table::TauxLegal => FICHIER_TAUX_LEGAL,
            Table::Bce => FICHIER_BCE,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LoiError {
    #[error("{fichier} : {message}")]
    Fichier { fichier: String, message: String },
    #[error("taux {semestre} inconnu ({quoi}) : les tables de recouvre ne le contiennent pas")]
    TauxInconnu {
        semestre: Semestre,
        table: Table,
        quoi: &'static str,
    },
    #[error(transparent)]
    Parametre(#[from] ErreurParametre),
}

impl LoiError {
    /// What the user should do.
    pub fn aide(&self) -> String {
        match self {
            LoiError::TauxInconnu { semestre, table, .. } => match table {
                Table::TauxLegal => format!(
                    "ajoutez le taux publié par arrêté dans un fichier {f} d'un dossier de votre choix :\n    [[semestre]]\n    periode = \"{semestre}\"\n    particulier = \"…\"   # colonne A\n    autres = \"…\"        # colonne B\n    source = \"Arrêté du … (JORF …)\"\n  puis relancez avec --law <dossier> (ou RECOUVRE_LAW=<dossier>)",
                    f = table.fichier()
                ),
                Table::Bce => format!(
                    "ajoutez les décisions de la BCE et la date jusqu'à laquelle elles sont connues dans un fichier {f} d'un dossier de votre choix :\n    [table]\n    connu_jusqu_au = \"{jour}\"\n    [[taux]]\n    date_effet = \"AAAA-MM-JJ\"\n    taux = \"…\"\n    source = \"Décision BCE du …\"\n  puis relancez avec --law <dossier> (ou RECOUVRE_LAW=<dossier>)",
                    f = table.fichier(),
                    jour = semestre.premier_jour()
                ),
            },
            LoiError::Fichier { .. } => {
                "corrigez le fichier (voir le format des fichiers de law/ dans le README)".into()
            }
            LoiError::Parametre(_) => {
                "ajoutez la valeur en vigueur à cette date dans un fichier parametres.toml d'un dossier de votre choix (format de law/parametres.toml), puis relancez avec --law <dossier>".into()
            }
        }
    }
}

/// Every dated table the law engine needs.
#[derive(Debug, Clone)]
pub struct TablesLoi {
    taux_legal: BTreeMap<Semestre, TauxLegal>,
    bce: Vec<TauxBce>,
    bce_connu_jusqu_au: NaiveDate,
    parametres: BTreeMap<Cle, Serie>,
    juridictions: Juridictions,
    /// The Ministry's commune → TJ file, when the user supplied one (shared: it is large).
    competences: Option<Arc<CompetencesOfficielles>>,
    /// Folders whose files override the embedded tables, in order.
    pub surcharges: Vec<PathBuf>,
    /// Running digest of every table text merged, in order.
    empreinte: Sha256,
}

/// The seats of the tribunaux des activités économiques and where commercial matters go to
/// a chamber of the tribunal judiciaire.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Juridictions {
    #[serde(default, deserialize_with = "de::date_opt")]
    pub du: Option<NaiveDate>,
    #[serde(default, deserialize_with = "de::date_opt")]
    pub au: Option<NaiveDate>,
    #[serde(default)]
    pub sieges: Vec<String>,
    #[serde(default)]
    pub departements_chambre_commerciale: Vec<String>,
    /// Representation before the chambre commerciale of the tribunal judiciaire in
    /// Alsace-Moselle: the local rule, with its source.
    #[serde(default)]
    pub avocat_chambre_commerciale: Option<RegleRepresentation>,
    #[serde(default)]
    pub titre: String,
    #[serde(default)]
    pub texte: String,
    #[serde(default)]
    pub url: String,
}

/// A representation rule with the text that sets it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegleRepresentation {
    /// An avocat is required whatever the amount.
    pub obligatoire: bool,
    pub texte: String,
    #[serde(default)]
    pub url: String,
}

// --- file formats -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FichierJuridictions {
    table: Juridictions,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FichierTauxLegal {
    #[serde(default)]
    table: Option<toml::Table>,
    #[serde(default)]
    semestre: Vec<LigneTauxLegal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LigneTauxLegal {
    periode: String,
    #[serde(deserialize_with = "de::decimal")]
    particulier: Decimal,
    #[serde(deserialize_with = "de::decimal")]
    autres: Decimal,
    #[serde(default)]
    source: String,
    #[serde(default)]
    #[allow(dead_code)]
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FichierBce {
    #[serde(default)]
    table: Option<EnteteBce>,
    #[serde(default)]
    taux: Vec<LigneBce>,
}

#[derive(Deserialize)]
struct EnteteBce {
    #[serde(default, deserialize_with = "de::date_opt")]
    connu_jusqu_au: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LigneBce {
    #[serde(deserialize_with = "de::date")]
    date_effet: NaiveDate,
    #[serde(deserialize_with = "de::decimal")]
    taux: Decimal,
    #[serde(default)]
    source: String,
    #[serde(default)]
    #[allow(dead_code)]
    url: String,
}

fn lire<T: for<'de> Deserialize<'de>>(fichier: &str, texte: &str) -> Result<T, LoiError> {
    let erreur = |message: String| LoiError::Fichier {
        fichier: fichier.to_owned(),
        message,
    };
    let valeur: toml::Value = toml::from_str(texte).map_err(|e| erreur(e.to_string()))?;
    let valeur = crate::model::de::dates_toml_en_texte(valeur);
    serde_path_to_error::deserialize(valeur)
        .map_err(|e| erreur(format!("{} : {}", e.path(), e.inner())))
}

impl TablesLoi {
    fn noter(&mut self, fichier: &str, texte: &str) {
        let nom = Path::new(fichier)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.empreinte.update(nom.as_bytes());
        self.empreinte.update((texte.len() as u64).to_le_bytes());
        self.empreinte.update(texte.as_bytes());
    }

    /// Digest of the content of every table in effect (embedded, then overrides), not of
    /// their folders' names: the batch's skip fingerprint.
    pub fn empreinte(&self) -> String {
        crate::empreinte::hex(&self.empreinte.clone().finalize())
    }

    /// The tables embedded in the binary.
    pub fn embarquees() -> Result<Self, LoiError> {
        let mut t = TablesLoi {
            taux_legal: BTreeMap::new(),
            bce: Vec::new(),
            bce_connu_jusqu_au: NaiveDate::MIN,
            parametres: BTreeMap::new(),
            juridictions: Juridictions::default(),
            competences: None,
            surcharges: Vec::new(),
            empreinte: Sha256::new(),
        };
        t.fusionner_taux_legal(&format!("law/{FICHIER_TAUX_LEGAL}"), TAUX_LEGAL)?;
        t.fusionner_bce(&format!("law/{FICHIER_BCE}"), BCE)?;
        t.fusionner_parametres(&format!("law/{FICHIER_PARAMETRES}"), PARAMETRES)?;
        t.fusionner_juridictions(&format!("law/{FICHIER_JURIDICTIONS}"), JURIDICTIONS)?;
        Ok(t)
    }

    /// The embedded tables, then every file of `dir` that has one of the known names.
    pub fn avec_surcharge(mut self, dir: &Path) -> Result<Self, LoiError> {
        if !dir.is_dir() {
            return Err(LoiError::Fichier {
                fichier: dir.display().to_string(),
                message: "ce dossier de tables n'existe pas".into(),
            });
        }
        let mut trouve = false;
        for (nom, f) in [
            (
                FICHIER_TAUX_LEGAL,
                Self::fusionner_taux_legal as fn(&mut Self, &str, &str) -> Result<(), LoiError>,
            ),
            (FICHIER_BCE, Self::fusionner_bce),
            (FICHIER_PARAMETRES, Self::fusionner_parametres),
            (FICHIER_JURIDICTIONS, Self::fusionner_juridictions),
        ] {
            let chemin = dir.join(nom);
            if chemin.is_file() {
                trouve = true;
                let texte = std::fs::read_to_string(&chemin).map_err(|e| LoiError::Fichier {
                    fichier: chemin.display().to_string(),
                    message: format!("lecture impossible : {e}"),
                })?;
                f(&mut self, &chemin.display().to_string(), &texte)?;
            }
        }
        // The Ministry's commune → TJ list makes the TJ of each commune authoritative.
        let chemin = dir.join(FICHIER_COMPETENCES);
        if chemin.is_file() {
            trouve = true;
            self.competences = Some(Arc::new(CompetencesOfficielles::lire(&chemin)?));
            // Part of the skip fingerprint like every table (read once more: it was
            // bounded by `lire`).
            if let Ok(octets) = std::fs::read(&chemin) {
                self.empreinte.update(FICHIER_COMPETENCES.as_bytes());
                self.empreinte.update(Sha256::digest(&octets));
            }
        }
        if !trouve {
            return Err(LoiError::Fichier {
                fichier: dir.display().to_string(),
                message: format!(
                    "aucun fichier {FICHIER_TAUX_LEGAL}, {FICHIER_BCE}, {FICHIER_PARAMETRES}, {FICHIER_JURIDICTIONS} ou {FICHIER_COMPETENCES} dans ce dossier"
                ),
            });
        }
        self.surcharges.push(dir.to_owned());
        Ok(self)
    }

    fn fusionner_taux_legal(&mut self, fichier: &str, texte: &str) -> Result<(), LoiError> {
        self.noter(fichier, texte);
        let f: FichierTauxLegal = lire(fichier, texte)?;
        let _ = f.table;
        for (i, l) in f.semestre.into_iter().enumerate() {
            let semestre: Semestre = l.periode.parse().map_err(|m| LoiError::Fichier {
                fichier: fichier.to_owned(),
                message: format!("semestre[{i}].periode : {m}"),
            })?;
            for (col, v) in [("particulier", l.particulier), ("autres", l.autres)] {
                if v < Decimal::ZERO || v > Decimal::from(100) {
                    return Err(LoiError::Fichier {
                        fichier: fichier.to_owned(),
                        message: format!("semestre[{i}].{col} : taux {v} hors de 0..100"),
                    });
                }
            }
            self.taux_legal.insert(
                semestre,
                TauxLegal {
                    particulier: l.particulier,
                    autres: l.autres,
                    source: l.source,
                },
            );
        }
        Ok(())
    }

    fn fusionner_bce(&mut self, fichier: &str, texte: &str) -> Result<(), LoiError> {
        self.noter(fichier, texte);
        let f: FichierBce = lire(fichier, texte)?;
        for l in f.taux {
            self.bce.retain(|t| t.date_effet != l.date_effet);
            self.bce.push(TauxBce {
                date_effet: l.date_effet,
                taux: l.taux,
                source: l.source,
            });
        }
        self.bce.sort_by_key(|t| t.date_effet);
        if let Some(d) = f.table.and_then(|t| t.connu_jusqu_au) {
            self.bce_connu_jusqu_au = self.bce_connu_jusqu_au.max(d);
        }
        // A decision dated after the known horizon is itself known to be in force.
        if let Some(last) = self.bce.last() {
            self.bce_connu_jusqu_au = self.bce_connu_jusqu_au.max(last.date_effet);
        }
        Ok(())
    }

    fn fusionner_juridictions(&mut self, fichier: &str, texte: &str) -> Result<(), LoiError> {
        self.noter(fichier, texte);
        let f: FichierJuridictions = lire(fichier, texte)?;
        self.juridictions = f.table;
        Ok(())
    }

    fn fusionner_parametres(&mut self, fichier: &str, texte: &str) -> Result<(), LoiError> {
        self.noter(fichier, texte);
        let f: BTreeMap<String, LigneSerie> = lire(fichier, texte)?;
        parametres::fusionner(&mut self.parametres, f).map_err(|message| LoiError::Fichier {
            fichier: fichier.to_owned(),
            message,
        })
    }

    // --- queries ------------------------------------------------------------------------

    /// Taux de l'intérêt légal of a half-year (C. mon. fin. L313-2).
    pub fn taux_legal(&self, s: Semestre) -> Result<&TauxLegal, LoiError> {
        self.taux_legal.get(&s).ok_or(LoiError::TauxInconnu {
            semestre: s,
            table: Table::TauxLegal,
            quoi: "taux de l'intérêt légal",
        })
    }

    /// ECB main refinancing rate in force on the reference day of the half-year: 1 January
    /// or 1 July (C. com. L441-10 II). Never extrapolated past the known horizon.
    pub fn taux_bce(&self, s: Semestre) -> Result<&TauxBce, LoiError> {
        let jour = s.premier_jour();
        let inconnu = LoiError::TauxInconnu {
            semestre: s,
            table: Table::Bce,
            quoi: "taux de refinancement de la BCE pour les pénalités L441-10",
        };
        if jour > self.bce_connu_jusqu_au {
            return Err(inconnu);
        }
        self.bce
            .iter()
            .rev()
            .find(|t| t.date_effet <= jour)
            .ok_or(inconnu)
    }

    /// The value of a parameter in force at `date`, with its source. No value at that date
    /// is an error: never a default.
    pub fn valeur_au(&self, cle: Cle, date: NaiveDate) -> Result<Valeur<'_>, LoiError> {
        Ok(parametres::valeur_au(&self.parametres, cle, date)?)
    }

    /// A parameter's whole history (documents that state a rule changing over time).
    pub fn serie(&self, cle: Cle) -> Option<&Serie> {
        self.parametres.get(&cle)
    }

    /// Half-years with a legal rate, in order.
    pub fn semestres_taux_legal(&self) -> impl Iterator<Item = Semestre> + '_ {
        self.taux_legal.keys().copied()
    }

    pub fn juridictions(&self) -> &Juridictions {
        &self.juridictions
    }

    /// The official commune → TJ list supplied with `--law`, if any.
    pub fn competences_officielles(&self) -> Option<&CompetencesOfficielles> {
        self.competences.as_deref()
    }

    /// Whether `ville` is the seat of a tribunal des activités économiques at `date`.
    pub fn est_siege_tae(&self, ville: &str, date: NaiveDate) -> bool {
        let j = &self.juridictions;
        let en_vigueur = j.du.is_none_or(|d| date >= d) && j.au.is_none_or(|a| date <= a);
        en_vigueur && j.sieges.iter().any(|s| crate::format::meme_ville(s, ville))
    }

    pub fn bce_connu_jusqu_au(&self) -> NaiveDate {
        self.bce_connu_jusqu_au
    }

    /// A short version string for manifests: last known half-year of each table.
    pub fn version(&self) -> String {
        let dernier = self
            .taux_legal
            .keys()
            .next_back()
            .map(|s| s.to_string())
            .unwrap_or_default();
        let mut v = format!(
            "taux-legal {dernier}; bce {}",
            self.bce_connu_jusqu_au.format("%Y-%m-%d")
        );
        if !self.surcharges.is_empty() {
            v.push_str("; surchargé");
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn tables() -> TablesLoi {
        TablesLoi::embarquees().unwrap()
    }

    /// Every half-year from 2015-S1 to the last known one has both the legal rates and the
    /// ECB rate, and the floor multiple × B matches the published L441-10 floors
    /// (legal-research §6.1).
    #[test]
    fn every_half_year_has_both_rates_and_the_published_floor() {
        let t = tables();
        let last = t.semestres_taux_legal().last().unwrap();
        assert!(last.to_string().as_str() >= "2026-S1", "{last}");
        let mut s = Semestre {
            annee: 2015,
            numero: 1,
        };
        while s <= last {
            assert!(t.taux_legal(s).is_ok(), "taux légal {s}");
            assert!(t.taux_bce(s).is_ok(), "BCE {s}");
            s = s.suivant();
        }
        let floors = [
            ("2015-S1", "2.79"),
            ("2015-S2", "2.97"),
            ("2016-S1", "3.03"),
            ("2016-S2", "2.79"),
            ("2017-S1", "2.70"),
            ("2017-S2", "2.70"),
            ("2018-S1", "2.67"),
            ("2018-S2", "2.64"),
            ("2019-S1", "2.58"),
            ("2019-S2", "2.61"),
            ("2020-S1", "2.61"),
            ("2020-S2", "2.52"),
            ("2021-S1", "2.37"),
            ("2021-S2", "2.28"),
            ("2022-S1", "2.28"),
            ("2022-S2", "2.31"),
            ("2023-S1", "6.18"),
            ("2023-S2", "12.66"),
            ("2024-S1", "15.21"),
            ("2024-S2", "14.76"),
            ("2025-S1", "11.13"),
            ("2025-S2", "8.28"),
            ("2026-S1", "7.86"),
        ];
        for (s, floor) in floors {
            let s: Semestre = s.parse().unwrap();
            let mult = t
                .valeur_au(Cle::PlancherContractuel, s.premier_jour())
                .unwrap()
                .valeur;
            assert_eq!(t.taux_legal(s).unwrap().autres * mult, d(floor), "{s}");
        }
    }

    /// C. com. L441-10 II: the ECB rate in force on 1 January / 1 July (LAW.md §2).
    #[test]
    fn l441_10_rates_derive_from_the_ecb_history() {
        let t = tables();
        let expected = [
            ("2015-S1", "10.05"),
            ("2015-S2", "10.05"),
            ("2016-S1", "10.05"),
            ("2016-S2", "10.00"),
            ("2022-S1", "10.00"),
            ("2022-S2", "10.00"),
            ("2023-S1", "12.50"),
            ("2023-S2", "14.00"),
            ("2024-S1", "14.50"),
            ("2024-S2", "14.25"),
            ("2025-S1", "13.15"),
            ("2025-S2", "12.15"),
            ("2026-S1", "12.15"),
        ];
        for (s, rate) in expected {
            let s: Semestre = s.parse().unwrap();
            let maj = t
                .valeur_au(Cle::MajorationL441_10, s.premier_jour())
                .unwrap()
                .valeur;
            assert_eq!(t.taux_bce(s).unwrap().taux + maj, d(rate), "{s}");
        }
    }

    #[test]
    fn unknown_half_year_is_an_error_naming_it() {
        let t = tables();
        // A synthetic horizon: the test holds when real rates are added.
        let s: Semestre = "2190-S2".parse().unwrap();
        let e = t.taux_legal(s).unwrap_err();
        assert!(e.to_string().contains("taux 2190-S2 inconnu"));
        assert!(e.aide().contains("periode = \"2190-S2\""));
        let e = t.taux_bce(s).unwrap_err();
        assert!(e.to_string().contains("2190-S2"));
        assert!(t
            .taux_bce(Semestre {
                annee: 2014,
                numero: 1
            })
            .is_err());
    }

    #[test]
    fn override_folder_adds_a_half_year() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FICHIER_TAUX_LEGAL),
            "[[semestre]]\nperiode = \"2190-S2\"\nparticulier = \"6.50\"\nautres = \"2.50\"\nsource = \"test\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(FICHIER_BCE),
            "[table]\nconnu_jusqu_au = \"2190-07-01\"\n[[taux]]\ndate_effet = \"2190-03-01\"\ntaux = \"3.00\"\nsource = \"test\"\n",
        )
        .unwrap();
        let t = tables().avec_surcharge(dir.path()).unwrap();
        let s: Semestre = "2190-S2".parse().unwrap();
        assert_eq!(t.taux_legal(s).unwrap().autres, d("2.50"));
        assert_eq!(t.taux_bce(s).unwrap().taux, d("3.00"));
        assert!(t.version().contains("surchargé"));
    }

    #[test]
    fn bad_override_is_a_located_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FICHIER_TAUX_LEGAL),
            "[[semestre]]\nperiode = \"2026-S3\"\nparticulier = \"6.50\"\nautres = \"2.50\"\n",
        )
        .unwrap();
        let e = tables().avec_surcharge(dir.path()).unwrap_err();
        assert!(e.to_string().contains("semestre[0].periode"), "{e}");
    }
}

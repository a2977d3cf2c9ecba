//! The courts of the debtor's commune (CPC 42 and 1406: the court of the place where the
//! defendant lives or has its seat).
//!
//! The data is `law/juridictions/` (see its README for sources and dates), embedded in the
//! binary and loaded once:
//! - the commercial court of every commune, complete and sourced: tribunal de commerce
//!   (C. com. L721-3), tribunal des activités économiques in its twelve seats during the
//!   experiment (loi n° 2023-1059 art. 26), chambre commerciale of the tribunal judiciaire in
//!   Moselle, Bas-Rhin and Haut-Rhin (C. com. L731-1 s.), tribunaux mixtes de commerce
//!   overseas (C. com. L732-1);
//! - the tribunal judiciaire (COJ L211-1, R212-1 and annexe), derived with a status: certain,
//!   inferred, or unresolved with its candidates. The Ministry of Justice's official commune →
//!   TJ file, supplied by the user ([`CompetencesOfficielles`]), makes it authoritative.
//!
//! Commune resolution goes from (postal code, commune name): several communes may share a
//! postal code; the name chooses, accent-, case-, hyphen- and « St »-insensitive.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

use super::{LoiError, TablesLoi};
use crate::model::{Dossier, Matiere, TypeJuridiction};

const COMMUNES: &str = include_str!("../../law/juridictions/communes.csv");
const TRIBUNAUX_JUDICIAIRES: &str =
    include_str!("../../law/juridictions/tribunaux-judiciaires.csv");
const JURIDICTIONS_COMMERCIALES: &str =
    include_str!("../../law/juridictions/juridictions-commerciales.csv");

/// The Ministry's « Liste des juridictions compétentes pour les communes de France », placed
/// by the user in a `--law` folder under this name.
pub const FICHIER_COMPETENCES: &str = "competences-territoriales.csv";
/// The official file is about 10 MB; anything far larger is not it.
const TAILLE_MAX_COMPETENCES: u64 = 64 * 1024 * 1024;
const LONGUEUR_MAX_CHAMP: usize = 200;

// --- the embedded reference -----------------------------------------------------------

/// How the source obtained a commune's tribunal judiciaire (`tj_status`, README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatutTj {
    /// 57, 67, 68: the chambre commerciale's territory is its TJ's.
    AlsaceMoselle,
    /// The département has one TJ.
    TjUnique,
    /// Assumes the TC's territory equals the TJ's.
    RessortTc,
    /// Inferred across a département border (Dinan → Saint-Malo, Montbéliard).
    HorsDepartement,
    /// Several TJs in the département, none known for the commune: candidates.
    NonResolu,
    /// No court at all (TAAF, Clipperton).
    Aucun,
}

impl StatutTj {
    fn lire(code: &str) -> Option<Self> {
        Some(match code {
            "A" => StatutTj::AlsaceMoselle,
            "D" => StatutTj::TjUnique,
            "I" => StatutTj::RessortTc,
            "X" => StatutTj::HorsDepartement,
            "U" => StatutTj::NonResolu,
            "G" | "N" => StatutTj::Aucun,
            _ => return None,
        })
    }
}

/// Kind of commercial court.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NatureCommerciale {
    TribunalDeCommerce,
    /// Experiment 2025-2028 in twelve seats (loi n° 2023-1059 art. 26).
    TribunalActivitesEconomiques,
    /// Moselle, Bas-Rhin, Haut-Rhin (C. com. L731-1 s.).
    ChambreCommerciale,
    /// Overseas départements (C. com. L732-1).
    TribunalMixteDeCommerce,
    /// Saint-Pierre-et-Miquelon, Wallis-et-Futuna: the tribunal de première instance.
    TribunalPremiereInstance,
}

#[derive(Debug)]
struct RefCommerciale {
    cle: Box<str>,
    /// `None` for the source's catch-all entries (greffes of New Caledonia and French
    /// Polynesia) that name no court.
    nature: Option<NatureCommerciale>,
    nom: Box<str>,
}

#[derive(Debug)]
struct RefTj {
    insee: Box<str>,
    nom: Box<str>,
    cour_appel: Box<str>,
}

#[derive(Debug)]
struct Commune {
    insee: Box<str>,
    nom: Box<str>,
    arrondissement: bool,
    codes_postaux: Box<[Box<str>]>,
    commerce: Option<u16>,
    tj: Option<u16>,
    statut: StatutTj,
    candidats: Box<[u16]>,
}

impl Commune {
    fn departement(&self) -> &str {
        departement_insee(&self.insee)
    }

    /// Paris, Lyon, Marseille: the commune whose arrondissements have their own rows.
    fn a_des_arrondissements(&self) -> bool {
        matches!(&*self.insee, "75056" | "69123" | "13055")
    }

    /// The commune an arrondissement belongs to.
    fn insee_commune(&self) -> &str {
        if !self.arrondissement {
            return &self.insee;
        }
        match self.departement() {
            "75" => "75056",
            "69" => "69123",
            _ => "13055",
        }
    }
}

fn departement_insee(insee: &str) -> &str {
    let n = if insee.starts_with("97") || insee.starts_with("98") {
        3
    } else {
        2
    };
    insee.get(..n).unwrap_or(insee)
}

struct Referentiel {
    communes: Vec<Commune>,
    par_code_postal: HashMap<Box<str>, Vec<u32>>,
    tj: Vec<RefTj>,
    tj_par_insee: HashMap<Box<str>, u16>,
    commerce: Vec<RefCommerciale>,
}

static REFERENTIEL: LazyLock<Referentiel> = LazyLock::new(|| {
    charger(COMMUNES, TRIBUNAUX_JUDICIAIRES, JURIDICTIONS_COMMERCIALES)
        .expect("law/juridictions/*.csv embedded in the binary are well-formed (unit-tested)")
});

fn lecteur(texte: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(texte.as_bytes())
}

fn charger(communes: &str, tj: &str, commerce: &str) -> Result<Referentiel, String> {
    let mut r = Referentiel {
        communes: Vec::new(),
        par_code_postal: HashMap::new(),
        tj: Vec::new(),
        tj_par_insee: HashMap::new(),
        commerce: Vec::new(),
    };
    for (i, l) in lecteur(tj).records().enumerate() {
        let l = l.map_err(|e| format!("tribunaux-judiciaires.csv : {e}"))?;
        let insee: Box<str> = l[0].into();
        r.tj_par_insee.insert(insee.clone(), i as u16);
        r.tj.push(RefTj {
            insee,
            nom: l[1].into(),
            cour_appel: l[3].into(),
        });
    }
    let mut commerce_par_cle = HashMap::new();
    for (i, l) in lecteur(commerce).records().enumerate() {
        let l = l.map_err(|e| format!("juridictions-commerciales.csv : {e}"))?;
        let nature = match &l[1] {
            "TC" => Some(NatureCommerciale::TribunalDeCommerce),
            "TAE" => Some(NatureCommerciale::TribunalActivitesEconomiques),
            "TJ_CHAMBRE_COMMERCIALE" => Some(NatureCommerciale::ChambreCommerciale),
            "TMC" => Some(NatureCommerciale::TribunalMixteDeCommerce),
            "TPI_COM" => Some(NatureCommerciale::TribunalPremiereInstance),
            _ => None,
        };
        // « Tribunal de première instance de Mata-Utu (compétence commerciale) »: the court
        // is the TPI; the parenthesis only describes the source's row.
        let nom = l[2].trim_end_matches(" (compétence commerciale)");
        commerce_par_cle.insert(l[0].to_owned(), i as u16);
        r.commerce.push(RefCommerciale {
            cle: l[0].into(),
            nature,
            nom: nom.into(),
        });
    }
    for (i, l) in lecteur(communes).records().enumerate() {
        let l = l.map_err(|e| format!("communes.csv : {e}"))?;
        let tj_index = |insee: &str| {
            r.tj_par_insee
                .get(insee)
                .copied()
                .ok_or_else(|| format!("communes.csv ligne {} : TJ {insee} inconnu", i + 2))
        };
        let commune = Commune {
            insee: l[0].into(),
            nom: l[1].into(),
            arrondissement: &l[2] == "A",
            codes_postaux: l[3]
                .split('|')
                .filter(|c| !c.is_empty())
                .map(Into::into)
                .collect(),
            commerce: match &l[4] {
                "" => None,
                c => Some(*commerce_par_cle.get(c).ok_or_else(|| {
                    format!(
                        "communes.csv ligne {} : juridiction commerciale {c} inconnue",
                        i + 2
                    )
                })?),
            },
            tj: match &l[5] {
                "" => None,
                t => Some(tj_index(t)?),
            },
            statut: StatutTj::lire(&l[6])
                .ok_or_else(|| format!("communes.csv ligne {} : statut {}", i + 2, &l[6]))?,
            candidats: l[7]
                .split('|')
                .filter(|c| !c.is_empty())
                .map(tj_index)
                .collect::<Result<_, _>>()?,
        };
        let n = r.communes.len() as u32;
        for cp in commune.codes_postaux.iter() {
            r.par_code_postal.entry(cp.clone()).or_default().push(n);
        }
        r.communes.push(commune);
    }
    Ok(r)
}

/// A name reduced for comparison: no accents, lower case, words separated by one space,
/// `st`/`ste` → `saint`/`sainte`, and nothing from `cedex` on (`PESSAC CEDEX 2` → `pessac`).
pub fn cle_nom(nom: &str) -> String {
    let mut plat = String::with_capacity(nom.len());
    for c in nom.nfd() {
        match c {
            'œ' | 'Œ' => plat.push_str("oe"),
            'æ' | 'Æ' => plat.push_str("ae"),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c if c.is_alphanumeric() => plat.extend(c.to_lowercase()),
            _ => plat.push(' '),
        }
    }
    let mut mots = Vec::new();
    for m in plat.split_whitespace() {
        match m {
            "cedex" => break,
            "st" => mots.push("saint"),
            "ste" => mots.push("sainte"),
            m => mots.push(m),
        }
    }
    mots.join(" ")
}

// --- the official file supplied by the user ---------------------------------------------

/// One row of the Ministry's file, as kept.
#[derive(Debug, Clone, PartialEq)]
struct TjOfficiel {
    /// The court's name as we print it (the embedded spelling when we know the court).
    nom: String,
    cour_appel: Option<String>,
}

/// The Ministry of Justice's « Liste des juridictions compétentes pour les communes de
/// France » (data.gouv.fr, Licence Ouverte 2.0): INSEE code → tribunal judiciaire.
/// Authoritative for the TJ column where it has the commune.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetencesOfficielles {
    /// Where it was read from, for messages.
    pub fichier: String,
    par_insee: HashMap<String, TjOfficiel>,
}

impl CompetencesOfficielles {
    pub fn len(&self) -> usize {
        self.par_insee.len()
    }

    pub fn is_empty(&self) -> bool {
        self.par_insee.is_empty()
    }

    /// Reads the file (`;`-separated, UTF-8 or Windows-1252, as published), bounded in size.
    pub fn lire(chemin: &Path) -> Result<Self, LoiError> {
        let nom = chemin.display().to_string();
        let erreur = |message: String| LoiError::Fichier {
            fichier: nom.clone(),
            message,
        };
        let f =
            std::fs::File::open(chemin).map_err(|e| erreur(format!("lecture impossible : {e}")))?;
        let mut octets = Vec::new();
        f.take(TAILLE_MAX_COMPETENCES + 1)
            .read_to_end(&mut octets)
            .map_err(|e| erreur(format!("lecture impossible : {e}")))?;
        if octets.len() as u64 > TAILLE_MAX_COMPETENCES {
            return Err(erreur(format!(
                "fichier de plus de {} Mo : ce n'est pas la liste des compétences territoriales",
                TAILLE_MAX_COMPETENCES / (1024 * 1024)
            )));
        }
        Self::analyser(&nom, &octets)
    }

    /// Parses the file's bytes; `fichier` names it in errors.
    pub fn analyser(fichier: &str, octets: &[u8]) -> Result<Self, LoiError> {
        let erreur = |message: String| LoiError::Fichier {
            fichier: fichier.to_owned(),
            message,
        };
        // The Ministry's CSVs are published in UTF-8 or Windows-1252, sometimes with a BOM.
        let (texte, _, _) = match std::str::from_utf8(octets) {
            Ok(_) => encoding_rs::UTF_8.decode(octets),
            Err(_) => encoding_rs::WINDOWS_1252.decode(octets),
        };
        let mut lecteur = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(true)
            .from_reader(texte.as_bytes());
        let entete = lecteur
            .headers()
            .map_err(|e| erreur(format!("en-tête illisible : {e}")))?
            .clone();
        let colonne = |nom: &str| entete.iter().position(|h| cle_nom(h) == cle_nom(nom));
        let manque = |nom: &str| {
            erreur(format!(
                "colonne « {nom} » absente de l'en-tête (attendu : Commune;Libellé Commune;…;Tribunal judiciaire compétent;… séparés par « ; »)"
            ))
        };
        let c_commune = colonne("Commune").ok_or_else(|| manque("Commune"))?;
        let c_tj = colonne("Tribunal judiciaire compétent")
            .ok_or_else(|| manque("Tribunal judiciaire compétent"))?;
        let c_ca = colonne("Cour d'Appel compétente");
        let referentiel = &*REFERENTIEL;
        let mut par_insee: HashMap<String, TjOfficiel> = HashMap::new();
        let mut lignes: HashMap<String, u64> = HashMap::new();
        for enregistrement in lecteur.records() {
            let e = enregistrement.map_err(|e| {
                let ligne = e.position().map(|p| p.line()).unwrap_or(0);
                erreur(format!("ligne {ligne} : {e}"))
            })?;
            let ligne = e.position().map(|p| p.line()).unwrap_or(0);
            let champ = |i: usize| e.get(i).unwrap_or("").trim();
            let insee = champ(c_commune).to_ascii_uppercase();
            let tj = champ(c_tj);
            if insee.is_empty() && tj.is_empty() {
                continue;
            }
            if !code_insee_valide(&insee) {
                return Err(erreur(format!(
                    "ligne {ligne}, colonne Commune : code « {} » invalide (code INSEE de 5 caractères attendu, par exemple 33318)",
                    insee.chars().take(20).collect::<String>()
                )));
            }
            if tj.is_empty() {
                // Communes without a court (TAAF): nothing to say.
                continue;
            }
            if tj.chars().count() > LONGUEUR_MAX_CHAMP {
                return Err(erreur(format!(
                    "ligne {ligne}, colonne Tribunal judiciaire compétent : plus de {LONGUEUR_MAX_CHAMP} caractères"
                )));
            }
            let connu = referentiel.tj_par_nom(tj);
            let officiel = TjOfficiel {
                nom: connu
                    .map(|t| t.nom.to_string())
                    .unwrap_or_else(|| tj.to_owned()),
                cour_appel: connu.map(|t| t.cour_appel.to_string()).or_else(|| {
                    c_ca.map(champ)
                        .filter(|c| !c.is_empty() && c.chars().count() <= LONGUEUR_MAX_CHAMP)
                        .map(str::to_owned)
                }),
            };
            if let Some(avant) = par_insee.get(&insee) {
                if *avant != officiel {
                    return Err(erreur(format!(
                        "ligne {ligne} : la commune {insee} figure déjà ligne {} avec un autre tribunal ({})",
                        lignes[&insee], avant.nom
                    )));
                }
                continue;
            }
            lignes.insert(insee.clone(), ligne);
            par_insee.insert(insee, officiel);
        }
        if par_insee.is_empty() {
            return Err(erreur(
                "aucune commune lue : le fichier est vide ou n'est pas la liste des compétences territoriales".into(),
            ));
        }
        Ok(CompetencesOfficielles {
            fichier: fichier.to_owned(),
            par_insee,
        })
    }
}

fn code_insee_valide(c: &str) -> bool {
    let b = c.as_bytes();
    b.len() == 5
        && (b[..2].iter().all(u8::is_ascii_digit) || c.starts_with("2A") || c.starts_with("2B"))
        && b[2..].iter().all(u8::is_ascii_digit)
}

impl Referentiel {
    /// A TJ by its name, with or without « Tribunal judiciaire de », any case or accents.
    fn tj_par_nom(&self, nom: &str) -> Option<&RefTj> {
        let cle = cle_nom(nom);
        self.tj.iter().find(|t| {
            cle_nom(&t.nom) == cle || siege_de(&t.nom).is_some_and(|s| cle_nom(&s) == cle)
        })
    }
}

/// `Tribunal judiciaire de Bordeaux` → `Bordeaux`; `… du Havre` → `Le Havre`; the
/// parenthesis of a chamber is dropped.
fn siege_de(nom: &str) -> Option<String> {
    let nom = nom.split(" (").next().unwrap_or(nom);
    for prefixe in [
        "Tribunal judiciaire ",
        "Tribunal de commerce ",
        "Tribunal des activités économiques ",
        "Tribunal mixte de commerce ",
        "Tribunal de première instance ",
    ] {
        if let Some(reste) = nom.strip_prefix(prefixe) {
            if let Some(v) = reste.strip_prefix("de ") {
                return Some(v.to_owned());
            }
            if let Some(v) = reste.strip_prefix("d'") {
                return Some(v.to_owned());
            }
            if let Some(v) = reste.strip_prefix("du ") {
                return Some(format!("Le {v}"));
            }
            if let Some(v) = reste.strip_prefix("des ") {
                return Some(format!("Les {v}"));
            }
        }
    }
    None
}

// --- results ------------------------------------------------------------------------------

/// How sure the data is of a court.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certitude {
    /// Sourced (commercial court; TJ of a département with one TJ, Alsace-Moselle, a seat,
    /// or the official file).
    Certaine,
    /// Inferred from another court's territory: to be checked.
    Deduite,
    /// Several courts possible, or none known.
    Indeterminee,
}

impl Certitude {
    pub fn libelle(self) -> &'static str {
        match self {
            Certitude::Certaine => "certaine",
            Certitude::Deduite => "déduite",
            Certitude::Indeterminee => "indéterminée",
        }
    }
}

/// A court, as the data names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Juridiction {
    /// Official name, capitalised as at the head of a sentence: `Tribunal judiciaire de Bordeaux`.
    pub nom: String,
    /// City of the seat: `Bordeaux`.
    pub siege: String,
}

impl Juridiction {
    fn de(nom: &str) -> Self {
        Juridiction {
            nom: nom.to_owned(),
            siege: siege_de(nom).unwrap_or_default(),
        }
    }

    /// The seat's city, or the whole name when it has no recognisable seat.
    pub fn ville(&self) -> &str {
        if self.siege.is_empty() {
            &self.nom
        } else {
            &self.siege
        }
    }
}

/// One court chosen for a commune, or the possible ones, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choix<T> {
    pub certitude: Certitude,
    /// The court, when certain or inferred.
    pub retenue: Option<T>,
    /// The possible courts, when undetermined (may be empty: none known).
    pub candidats: Vec<T>,
    /// How the data obtained it (French, for messages).
    pub motif: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JuridictionCommerciale {
    pub nature: NatureCommerciale,
    #[serde(flatten)]
    pub juridiction: Juridiction,
}

/// How the debtor's commune was found from its postal code and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Correspondance {
    /// The name matches one of the communes of the postal code.
    Nom,
    /// Paris, Lyon, Marseille: the arrondissement of the postal code.
    Arrondissement,
    /// The name is part of one commune's name of the postal code (or the reverse).
    NomApproche,
    /// The postal code has one commune, whose name differs from the one written.
    CodePostalSeul,
    /// The postal code is unknown (CEDEX): the name found in its département.
    NomDansDepartement,
    /// Several communes possible.
    Ambigue,
    /// No commune found.
    Inconnue,
}

/// A commune of the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommuneTrouvee {
    pub insee: String,
    pub nom: String,
}

/// The debtor's commune as resolved, and its courts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Competence {
    /// One commune when identified; the candidates when ambiguous; none when unknown.
    pub communes: Vec<CommuneTrouvee>,
    pub correspondance: Correspondance,
    /// What was written: postal code and commune.
    pub code_postal: String,
    pub ville: String,
    pub commerciale: Choix<JuridictionCommerciale>,
    pub judiciaire: Choix<Juridiction>,
    pub cour_appel: Option<String>,
}

impl Competence {
    /// `Pessac (33318), reconnue par son nom parmi les communes du code postal 33600`
    pub fn explication(&self) -> String {
        let liste = |v: &[CommuneTrouvee]| {
            v.iter()
                .map(|c| format!("{} ({})", c.nom, c.insee))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let cp = &self.code_postal;
        match (self.correspondance, self.communes.first()) {
            (Correspondance::Nom, Some(c)) => format!(
                "{} ({}), reconnue par son nom parmi les communes du code postal {cp}",
                c.nom, c.insee
            ),
            (Correspondance::Arrondissement, Some(c)) => {
                format!("{} ({}), arrondissement du code postal {cp}", c.nom, c.insee)
            }
            (Correspondance::NomApproche, Some(c)) => format!(
                "{} ({}), nom le plus proche de « {} » parmi les communes du code postal {cp}",
                c.nom, c.insee, self.ville
            ),
            (Correspondance::CodePostalSeul, Some(c)) => format!(
                "{} ({}), seule commune du code postal {cp} (« {} » écrit dans le dossier)",
                c.nom, c.insee, self.ville
            ),
            (Correspondance::NomDansDepartement, Some(c)) => format!(
                "{} ({}), trouvée par son nom dans le département (code postal {cp} inconnu, CEDEX ?)",
                c.nom, c.insee
            ),
            (Correspondance::Ambigue, _) => format!(
                "« {} » ne désigne pas une seule commune du code postal {cp} : {}",
                self.ville,
                liste(&self.communes)
            ),
            _ => format!(
                "commune « {} » introuvable pour le code postal « {cp} »",
                self.ville
            ),
        }
    }

    pub fn commune_identifiee(&self) -> bool {
        self.communes.len() == 1
    }
}

// --- resolution -----------------------------------------------------------------------

/// The communes a (postal code, name) designates, and how.
fn localiser<'a>(
    r: &'a Referentiel,
    code_postal: &str,
    ville: &str,
) -> (Vec<&'a Commune>, Correspondance) {
    let cle = cle_nom(ville);
    let cp: String = code_postal.chars().filter(|c| !c.is_whitespace()).collect();
    if cp.len() != 5 || !cp.bytes().all(|b| b.is_ascii_digit()) {
        return (Vec::new(), Correspondance::Inconnue);
    }
    let communes =
        |v: &[u32]| -> Vec<&'a Commune> { v.iter().map(|&i| &r.communes[i as usize]).collect() };
    let Some(indices) = r.par_code_postal.get(cp.as_str()) else {
        // CEDEX and other special codes: the name, within the département.
        let dep = if cp.starts_with("97") || cp.starts_with("98") {
            &cp[..3]
        } else {
            &cp[..2]
        };
        let dans = |c: &&Commune| {
            let d = c.departement();
            d == dep || (dep == "20" && (d == "2A" || d == "2B"))
        };
        // Names are normalised only here and for the few communes of a postal code: loading
        // stays cheap.
        let mut trouves: Vec<&Commune> = r
            .communes
            .iter()
            .filter(|c| dans(c) && cle_nom(&c.nom) == cle)
            .collect();
        trouves.retain(|c| !c.arrondissement);
        return match trouves.len() {
            0 => (Vec::new(), Correspondance::Inconnue),
            1 => (trouves, Correspondance::NomDansDepartement),
            _ => (trouves, Correspondance::Ambigue),
        };
    };
    let tous = communes(indices);
    let cles: HashMap<&str, String> = tous.iter().map(|c| (&*c.insee, cle_nom(&c.nom))).collect();
    let cle_de = |c: &Commune| cles[&*c.insee].as_str();
    // Paris, Lyon, Marseille: the postal code gives the arrondissement when the name is the
    // city's (« Paris », « Paris 11e », « LYON 3EME »).
    let arrondissements: Vec<&Commune> =
        tous.iter().copied().filter(|c| c.arrondissement).collect();
    if let Some(ville_arr) = tous.iter().find(|c| c.a_des_arrondissements()) {
        if !arrondissements.is_empty()
            && (cle == cle_de(ville_arr) || cle.starts_with(&format!("{} ", cle_de(ville_arr))))
        {
            let exact: Vec<&Commune> = arrondissements
                .iter()
                .copied()
                .filter(|c| cle_de(c) == cle)
                .collect();
            let choix = if exact.len() == 1 {
                exact
            } else {
                arrondissements.clone()
            };
            if choix.len() == 1 {
                return (choix, Correspondance::Arrondissement);
            }
        }
    }
    let exact: Vec<&Commune> = tous.iter().copied().filter(|c| cle_de(c) == cle).collect();
    if exact.len() == 1 {
        return (exact, Correspondance::Nom);
    }
    let principales: Vec<&Commune> = tous.iter().copied().filter(|c| !c.arrondissement).collect();
    if !cle.is_empty() {
        let proches: Vec<&Commune> = principales
            .iter()
            .copied()
            .filter(|c| contient_mots(cle_de(c), &cle) || contient_mots(&cle, cle_de(c)))
            .collect();
        if proches.len() == 1 {
            return (proches, Correspondance::NomApproche);
        }
    }
    if principales.len() == 1 {
        return (principales, Correspondance::CodePostalSeul);
    }
    (principales, Correspondance::Ambigue)
}

/// Whether the words of `petit` appear, in order and whole, in `grand`.
fn contient_mots(grand: &str, petit: &str) -> bool {
    !petit.is_empty() && format!(" {grand} ").contains(&format!(" {petit} "))
}

/// The commercial court of one commune.
fn commerciale_de(
    r: &Referentiel,
    c: &Commune,
    date: NaiveDate,
    tables: &TablesLoi,
) -> Choix<JuridictionCommerciale> {
    let Some(rc) = c.commerce.map(|i| &r.commerce[i as usize]) else {
        return Choix {
            certitude: Certitude::Indeterminee,
            retenue: None,
            candidats: Vec::new(),
            motif: format!("aucune juridiction commerciale connue pour {}", c.nom),
        };
    };
    let Some(nature) = rc.nature else {
        return Choix {
            certitude: Certitude::Indeterminee,
            retenue: None,
            candidats: Vec::new(),
            motif: format!(
                "les données ne nomment pas la juridiction commerciale de {} (greffe « {} » seulement)",
                c.nom, rc.cle
            ),
        };
    };
    let mut juridiction = Juridiction::de(&rc.nom);
    let mut nature = nature;
    let mut motif = "ressort du greffe (référentiel Datainfogreffe)".to_owned();
    if nature == NatureCommerciale::TribunalActivitesEconomiques {
        // Loi n° 2023-1059 art. 26: outside the experiment, the tribunal de commerce of the seat.
        let j = tables.juridictions();
        let en_vigueur = j.du.is_none_or(|d| date >= d) && j.au.is_none_or(|a| date <= a);
        if en_vigueur {
            motif.push_str(" ; tribunal des activités économiques (loi n° 2023-1059, art. 26)");
        } else {
            nature = NatureCommerciale::TribunalDeCommerce;
            juridiction.nom = juridiction
                .nom
                .replace("Tribunal des activités économiques", "Tribunal de commerce");
            motif.push_str(" ; hors de l'expérimentation des tribunaux des activités économiques, tribunal de commerce du même siège");
        }
    }
    Choix {
        certitude: Certitude::Certaine,
        retenue: Some(JuridictionCommerciale {
            nature,
            juridiction,
        }),
        candidats: Vec::new(),
        motif,
    }
}

/// The tribunal judiciaire of one commune.
fn judiciaire_de(r: &Referentiel, c: &Commune, tables: &TablesLoi) -> Choix<Juridiction> {
    let tj = |i: u16| Juridiction::de(&r.tj[i as usize].nom);
    if let Some(o) = tables.competences_officielles() {
        let officiel = o
            .par_insee
            .get(&*c.insee)
            .or_else(|| o.par_insee.get(c.insee_commune()));
        if let Some(t) = officiel {
            return Choix {
                certitude: Certitude::Certaine,
                retenue: Some(Juridiction::de(&t.nom)),
                candidats: Vec::new(),
                motif: format!(
                    "liste officielle du ministère de la Justice ({})",
                    o.fichier
                ),
            };
        }
    }
    // A seat belongs to its own court (COJ R212-1 and annexe), whatever the status.
    if let Some(&i) = r.tj_par_insee.get(c.insee_commune()) {
        return Choix {
            certitude: Certitude::Certaine,
            retenue: Some(tj(i)),
            candidats: Vec::new(),
            motif: format!("{} est le siège du tribunal", c.nom),
        };
    }
    let (certitude, motif) = match c.statut {
        StatutTj::TjUnique => (Certitude::Certaine, "seul tribunal judiciaire du département".to_owned()),
        StatutTj::AlsaceMoselle => (
            Certitude::Certaine,
            "Alsace-Moselle : ressort de la chambre commerciale, qui est celui du tribunal judiciaire".to_owned(),
        ),
        StatutTj::RessortTc => (
            Certitude::Deduite,
            "le département compte plusieurs tribunaux judiciaires ; celui-ci est déduit du ressort du tribunal de commerce, supposé identique".to_owned(),
        ),
        StatutTj::HorsDepartement => (
            Certitude::Deduite,
            "déduit d'un ressort qui s'étend sur un autre département".to_owned(),
        ),
        StatutTj::NonResolu => (
            Certitude::Indeterminee,
            "le département compte plusieurs tribunaux judiciaires et les données intégrées ne disent pas lequel couvre cette commune".to_owned(),
        ),
        StatutTj::Aucun => (
            Certitude::Indeterminee,
            "aucun tribunal judiciaire connu pour cette commune".to_owned(),
        ),
    };
    match (certitude, c.tj) {
        (Certitude::Indeterminee, _) | (_, None) => Choix {
            certitude: Certitude::Indeterminee,
            retenue: None,
            candidats: c.candidats.iter().map(|&i| tj(i)).collect(),
            motif,
        },
        (certitude, Some(i)) => Choix {
            certitude,
            retenue: Some(tj(i)),
            candidats: Vec::new(),
            motif,
        },
    }
}

fn cour_appel_de(r: &Referentiel, c: &Commune, tables: &TablesLoi) -> Option<String> {
    if let Some(o) = tables.competences_officielles() {
        if let Some(t) = o
            .par_insee
            .get(&*c.insee)
            .or_else(|| o.par_insee.get(c.insee_commune()))
        {
            return t.cour_appel.clone();
        }
    }
    c.tj.or(c.candidats.first().copied())
        .map(|i| r.tj[i as usize].cour_appel.to_string())
}

/// Several communes' choices merged: the same court everywhere stays; otherwise every
/// possible court, undetermined.
fn fusionner<T: Clone + PartialEq>(choix: Vec<Choix<T>>, motif_ambigu: &str) -> Choix<T> {
    let Some(premier) = choix.first().cloned() else {
        return Choix {
            certitude: Certitude::Indeterminee,
            retenue: None,
            candidats: Vec::new(),
            motif: motif_ambigu.to_owned(),
        };
    };
    if choix.iter().all(|c| *c == premier) {
        return premier;
    }
    let mut candidats: Vec<T> = Vec::new();
    for c in choix {
        for t in c.retenue.into_iter().chain(c.candidats) {
            if !candidats.contains(&t) {
                candidats.push(t);
            }
        }
    }
    Choix {
        certitude: Certitude::Indeterminee,
        retenue: None,
        candidats,
        motif: motif_ambigu.to_owned(),
    }
}

/// The courts of the commune at (`code_postal`, `ville`) on `date`.
pub fn competence(
    code_postal: &str,
    ville: &str,
    date: NaiveDate,
    tables: &TablesLoi,
) -> Competence {
    let r = &*REFERENTIEL;
    let (communes, correspondance) = localiser(r, code_postal, ville);
    let motif_commune = match correspondance {
        Correspondance::Ambigue => format!(
            "plusieurs communes partagent le code postal {} et « {} » ne désigne aucune d'elles",
            code_postal.trim(),
            ville.trim()
        ),
        _ => format!(
            "commune « {} » introuvable pour le code postal « {} »",
            ville.trim(),
            code_postal.trim()
        ),
    };
    let commerciale = fusionner(
        communes
            .iter()
            .map(|c| commerciale_de(r, c, date, tables))
            .collect(),
        &motif_commune,
    );
    let judiciaire = fusionner(
        communes
            .iter()
            .map(|c| judiciaire_de(r, c, tables))
            .collect(),
        &motif_commune,
    );
    let mut cours: Vec<Option<String>> = communes
        .iter()
        .map(|c| cour_appel_de(r, c, tables))
        .collect();
    cours.dedup();
    let cour_appel = if cours.len() == 1 {
        cours.pop().flatten()
    } else {
        None
    };
    Competence {
        communes: communes
            .iter()
            .map(|c| CommuneTrouvee {
                insee: c.insee.to_string(),
                nom: c.nom.to_string(),
            })
            .collect(),
        correspondance,
        code_postal: code_postal.trim().to_owned(),
        ville: ville.trim().to_owned(),
        commerciale,
        judiciaire,
        cour_appel,
    }
}

/// The official name of a court named by its kind and seat city (`[juridiction]`), if the
/// data knows one: `tribunal_judiciaire` + `Agen` → `Tribunal judiciaire d'Agen`.
pub fn nom_officiel(commercial: Option<NatureCommerciale>, ville: &str) -> Option<String> {
    let r = &*REFERENTIEL;
    let cle = cle_nom(ville);
    let meme = |nom: &str| siege_de(nom).is_some_and(|s| cle_nom(&s) == cle);
    match commercial {
        None => {
            r.tj.iter()
                .find(|t| meme(&t.nom))
                .map(|t| t.nom.to_string())
        }
        Some(n) => r
            .commerce
            .iter()
            .find(|c| c.nature == Some(n) && meme(&c.nom))
            .map(|c| c.nom.to_string())
            .or_else(|| {
                // A TAE seat named as a tribunal de commerce (after the experiment).
                (n == NatureCommerciale::TribunalDeCommerce)
                    .then(|| {
                        r.commerce
                            .iter()
                            .find(|c| {
                                c.nature == Some(NatureCommerciale::TribunalActivitesEconomiques)
                                    && meme(&c.nom)
                            })
                            .map(|c| {
                                c.nom.replace(
                                    "Tribunal des activités économiques",
                                    "Tribunal de commerce",
                                )
                            })
                    })
                    .flatten()
            }),
    }
}

// --- the court of a case --------------------------------------------------------------

/// What the claim is about, for the choice of court.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Litige {
    /// Against a merchant: the commercial court (C. com. L721-3).
    Commercial,
    /// Consumer credit, residential lease: the juge des contentieux de la protection (COJ
    /// L213-4-3 s.).
    Protection,
    /// Everything else: the tribunal judiciaire (COJ L211-3).
    Civil,
}

pub fn litige(dossier: &Dossier) -> Litige {
    match dossier.creance.matiere {
        Some(Matiere::CreditConsommation | Matiere::BailHabitation) => Litige::Protection,
        _ if dossier.debiteur.nature.est_professionnel()
            && dossier.debiteur.commercant == Some(true) =>
        {
            Litige::Commercial
        }
        _ => Litige::Civil,
    }
}

/// The court the data designates for a case, without `[juridiction]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Designation {
    pub type_: TypeJuridiction,
    /// Alsace-Moselle: the chambre commerciale of the TJ (C. com. L731-1 s.).
    pub chambre_commerciale: bool,
    /// The court, when certain or inferred.
    pub juridiction: Option<Juridiction>,
    pub certitude: Certitude,
    /// The possible courts, when undetermined.
    pub possibles: Vec<Juridiction>,
    /// How the court was obtained (French): the commune, then the data's reason.
    pub motif: String,
    /// The debtor's commune and its courts; `None` without a French address.
    pub competence: Option<Competence>,
}

/// The debtor's commune and its courts, or why there is none (no address, abroad).
pub fn competence_debiteur(
    dossier: &Dossier,
    date: NaiveDate,
    tables: &TablesLoi,
) -> Result<Competence, String> {
    let Some(a) = dossier.debiteur.adresse.as_ref() else {
        return Err("adresse du débiteur manquante".into());
    };
    if let Some(pays) = a.pays.as_deref().filter(|p| !p.trim().is_empty()) {
        if cle_nom(pays) != "france" {
            return Err(format!(
                "débiteur domicilié hors de France ({pays}) : la compétence internationale n'est pas déterminée par recouvre"
            ));
        }
    }
    let cp = a.code_postal.as_deref().unwrap_or("").trim();
    let ville = a.ville.as_deref().unwrap_or("").trim();
    if cp.is_empty() || ville.is_empty() {
        return Err("code postal ou commune du débiteur manquant".into());
    }
    Ok(competence(cp, ville, date, tables))
}

/// The court of the debtor's domicile or seat (CPC 42, 1406) by the nature of the claim,
/// from the data.
pub fn designation(dossier: &Dossier, date: NaiveDate, tables: &TablesLoi) -> Designation {
    let litige = litige(dossier);
    let competence = competence_debiteur(dossier, date, tables);
    let alsace = tables
        .juridictions()
        .departements_chambre_commerciale
        .contains(&dossier.debiteur.departement().unwrap_or_default());
    let (type_, chambre_commerciale, choix): (_, _, Option<Choix<Juridiction>>) = match litige {
        Litige::Commercial => {
            let choix = competence.as_ref().ok().map(|c| &c.commerciale);
            let nature = choix.and_then(|c| c.retenue.as_ref()).map(|j| j.nature);
            let (t, chambre) = match nature {
                Some(NatureCommerciale::TribunalActivitesEconomiques) => {
                    (TypeJuridiction::TribunalActivitesEconomiques, false)
                }
                Some(NatureCommerciale::ChambreCommerciale) => {
                    (TypeJuridiction::TribunalJudiciaire, true)
                }
                Some(_) => (TypeJuridiction::TribunalDeCommerce, false),
                None if alsace => (TypeJuridiction::TribunalJudiciaire, true),
                None => (TypeJuridiction::TribunalDeCommerce, false),
            };
            let choix = choix.map(|c| Choix {
                certitude: c.certitude,
                retenue: c.retenue.as_ref().map(|j| j.juridiction.clone()),
                candidats: c.candidats.iter().map(|j| j.juridiction.clone()).collect(),
                motif: c.motif.clone(),
            });
            (t, chambre, choix)
        }
        Litige::Protection => (
            TypeJuridiction::JugeContentieuxProtection,
            false,
            competence.as_ref().ok().map(|c| c.judiciaire.clone()),
        ),
        Litige::Civil => (
            TypeJuridiction::TribunalJudiciaire,
            false,
            competence.as_ref().ok().map(|c| c.judiciaire.clone()),
        ),
    };
    let motif = match (&competence, &choix) {
        (Ok(c), Some(ch)) => format!("commune du débiteur : {} ; {}", c.explication(), ch.motif),
        (Err(m), _) => m.clone(),
        (Ok(c), None) => c.explication(),
    };
    let choix = choix.unwrap_or(Choix {
        certitude: Certitude::Indeterminee,
        retenue: None,
        candidats: Vec::new(),
        motif: String::new(),
    });
    Designation {
        type_,
        chambre_commerciale,
        juridiction: choix.retenue,
        certitude: choix.certitude,
        possibles: choix.candidats,
        motif,
        competence: competence.ok(),
    }
}

/// Every seat of a tribunal judiciaire, INSEE code → official name (tests, diagnostics).
pub fn tribunaux_judiciaires() -> impl Iterator<Item = (&'static str, &'static str)> {
    REFERENTIEL.tj.iter().map(|t| (&*t.insee, &*t.nom))
}

/// Number of communes (and arrondissements) in the embedded data.
pub fn nombre_communes() -> usize {
    REFERENTIEL.communes.len()
}

#[cfg(test)]
mod tests;

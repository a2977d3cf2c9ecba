//! The dated parameters of the law (`law/parametres.toml`): every amount, rate multiplier,
//! threshold and period the rules use, each a series of values with the date from which it
//! applies and the text that sets it (as OpenFisca does). One query, `valeur_au(cle, date)`,
//! returns the value in force and its source; a missing value is an error, never a default.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

use crate::format::{date_longue, montant_fr, nombre_entier_fr};
use crate::law::calendrier::Duree;
use crate::model::de;

macro_rules! cles {
    ($($variante:ident => $texte:literal,)*) => {
        /// A parameter of `law/parametres.toml`. Typed, so a misspelt key cannot compile;
        /// the test `every_key_has_a_series` checks each one has data.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Cle {
            $($variante,)*
        }

        impl Cle {
            pub const TOUTES: &'static [Cle] = &[$(Cle::$variante,)*];

            /// The key as written in `law/parametres.toml`.
            pub fn nom(self) -> &'static str {
                match self {
                    $(Cle::$variante => $texte,)*
                }
            }

            pub fn depuis_nom(nom: &str) -> Option<Cle> {
                match nom {
                    $($texte => Some(Cle::$variante),)*
                    _ => None,
                }
            }
        }
    };
}

cles! {
    IndemniteForfaitaire => "indemnite_forfaitaire",
    MajorationL441_10 => "majoration_l441_10",
    PlancherContractuel => "plancher_contractuel",
    Prescription => "prescription",
    PrescriptionConsommateur => "prescription_consommateur",
    AlertePrescription => "alerte_prescription",
    PlafondMontant => "plafond_montant",
    SeuilAvocatObligatoire => "seuil_avocat_obligatoire",
    SeuilTentativeAmiable => "seuil_tentative_amiable",
    SeuilContributionJusticeEconomique => "seuil_contribution_justice_economique",
    EffectifExonereContribution => "effectif_exonere_contribution",
    DelaiPaiementMiseEnDemeure => "delai_paiement_mise_en_demeure",
    DelaiSignificationInjonction => "delai_signification_injonction",
    DelaiOppositionInjonction => "delai_opposition_injonction",
    DelaiExecutionInjonction => "delai_execution_injonction",
    PlafondPetitesCreances => "plafond_petites_creances",
    DelaiReponsePetitesCreances => "delai_reponse_petites_creances",
    DelaiTitreApresMesureConservatoire => "delai_titre_apres_mesure_conservatoire",
    DelaiExecutionAutorisationConservatoire => "delai_execution_autorisation_conservatoire",
    DelaiPaiementCommandementIncontestees => "delai_paiement_commandement_incontestees",
    DelaiPvNonContestation => "delai_pv_non_contestation",
    DelaiDeclarationCreance => "delai_declaration_creance",
    AugmentationDeclarationHorsMetropole => "augmentation_declaration_hors_metropole",
    DelaiReleveForclusion => "delai_releve_forclusion",
    DelaiAssignationAudienceCommerce => "delai_assignation_audience_commerce",
    DelaiEnrolementCommerce => "delai_enrolement_commerce",
    DelaiPlacementJudiciaire => "delai_placement_judiciaire",
    DelaiConstitutionAvocat => "delai_constitution_avocat",
    DelaiAppel => "delai_appel",
}

impl fmt::Display for Cle {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.nom())
    }
}

/// What a value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unite {
    Euros,
    Points,
    Fois,
    Ans,
    Mois,
    Jours,
    Salaries,
}

impl Unite {
    fn depuis_texte(s: &str) -> Option<Unite> {
        Some(match s {
            "EUR" => Unite::Euros,
            "points" => Unite::Points,
            "fois" => Unite::Fois,
            "ans" => Unite::Ans,
            "mois" => Unite::Mois,
            "jours" => Unite::Jours,
            "salariés" => Unite::Salaries,
            _ => return None,
        })
    }
}

/// One value of a series: in force from `depuis` until the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct ValeurDatee {
    pub depuis: NaiveDate,
    pub valeur: Decimal,
    /// The text that sets it: « C. com. art. L441-10 II et D441-5 ».
    pub texte: String,
    pub url: String,
    /// Why our sources do not confirm this value (a new text not yet read in its final
    /// version); documents that rely on it stay PROJET and say so.
    pub non_confirme: Option<String>,
}

/// A parameter's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Serie {
    pub description: String,
    pub unite: Unite,
    /// Sorted by `depuis`.
    pub valeurs: Vec<ValeurDatee>,
}

/// The value of a parameter at a date, with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Valeur<'a> {
    pub cle: Cle,
    pub unite: Unite,
    pub valeur: Decimal,
    pub source: &'a ValeurDatee,
}

impl Valeur<'_> {
    /// The value as a document prints it, with its unit (« N € », « N points », « N mois »).
    pub fn en_texte(&self) -> String {
        en_texte(self.valeur, self.unite)
    }

    /// A period parameter as a deadline (CPC 640-642 count it).
    pub fn duree(&self) -> Result<Duree, ErreurParametre> {
        let n = u32::try_from(self.valeur).map_err(|_| ErreurParametre::Unite {
            cle: self.cle,
            attendu: "une durée entière",
        })?;
        match self.unite {
            Unite::Jours => Ok(Duree::Jours(n)),
            Unite::Mois => Ok(Duree::Mois(n)),
            Unite::Ans => Ok(Duree::Annees(n)),
            _ => Err(ErreurParametre::Unite {
                cle: self.cle,
                attendu: "une durée (jours, mois ou ans)",
            }),
        }
    }
}

/// A value with its unit, French typography (no-break space, plural): « 1 mois »,
/// « 2 jours », « 1 point ».
pub fn en_texte(v: Decimal, unite: Unite) -> String {
    let n = nombre_entier_fr(v);
    let pluriel = |un: &str, plusieurs: &str| {
        if v > Decimal::ONE {
            format!("{n}\u{a0}{plusieurs}")
        } else {
            format!("{n}\u{a0}{un}")
        }
    };
    match unite {
        Unite::Euros if v.fract().is_zero() => format!("{n}\u{a0}€"),
        Unite::Euros => montant_fr(v),
        Unite::Points => pluriel("point", "points"),
        Unite::Fois => format!("{n}\u{a0}fois"),
        Unite::Ans => pluriel("an", "ans"),
        Unite::Mois => format!("{n}\u{a0}mois"),
        Unite::Jours => pluriel("jour", "jours"),
        Unite::Salaries => pluriel("salarié", "salariés"),
    }
}

/// A parameter with no value at a date, or of the wrong kind.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ErreurParametre {
    #[error("paramètre « {cle} » sans valeur au {date} dans parametres.toml")]
    Absent { cle: Cle, date: String },
    #[error("paramètre « {cle} » : {attendu} est attendue")]
    Unite { cle: Cle, attendu: &'static str },
}

// --- file format ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LigneSerie {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    unite: Option<String>,
    #[serde(default)]
    valeurs: Vec<LigneValeur>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LigneValeur {
    #[serde(deserialize_with = "de::date")]
    depuis: NaiveDate,
    #[serde(deserialize_with = "de::decimal")]
    valeur: Decimal,
    texte: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    non_confirme: Option<String>,
}

/// Merges a file's series into `series`: a new key must be complete; a known key may add or
/// replace values (same `depuis`) and change its description. Errors name the key.
pub(super) fn fusionner(
    series: &mut BTreeMap<Cle, Serie>,
    lignes: BTreeMap<String, LigneSerie>,
) -> Result<(), String> {
    for (nom, l) in lignes {
        let cle = Cle::depuis_nom(&nom).ok_or_else(|| {
            let proche = Cle::TOUTES
                .iter()
                .map(|c| c.nom())
                .find(|c| c.starts_with(&nom[..nom.len().min(6)]));
            match proche {
                Some(p) => format!("paramètre « {nom} » inconnu (vouliez-vous dire « {p} » ?)"),
                None => format!("paramètre « {nom} » inconnu de recouvre"),
            }
        })?;
        let unite = match l.unite.as_deref() {
            Some(u) => Some(Unite::depuis_texte(u).ok_or_else(|| {
                format!("{nom}.unite : « {u} » inconnue (EUR, points, fois, ans, mois, jours, salariés)")
            })?),
            None => None,
        };
        for (i, v) in l.valeurs.iter().enumerate() {
            if v.texte.trim().is_empty() {
                return Err(format!(
                    "{nom}.valeurs[{i}].texte : le texte qui fixe la valeur est obligatoire"
                ));
            }
            if v.valeur.is_sign_negative() {
                return Err(format!("{nom}.valeurs[{i}].valeur : valeur négative"));
            }
        }
        let serie = match series.remove(&cle) {
            Some(mut s) => {
                if let Some(u) = unite {
                    if u != s.unite {
                        return Err(format!(
                            "{nom}.unite : l'unité ne peut pas changer d'un fichier à l'autre"
                        ));
                    }
                }
                if let Some(d) = l.description {
                    s.description = d;
                }
                s
            }
            None => Serie {
                description: l.description.unwrap_or_default(),
                unite: unite.ok_or_else(|| format!("{nom}.unite : unité manquante"))?,
                valeurs: Vec::new(),
            },
        };
        let mut serie = serie;
        for v in l.valeurs {
            serie.valeurs.retain(|x| x.depuis != v.depuis);
            serie.valeurs.push(ValeurDatee {
                depuis: v.depuis,
                valeur: v.valeur,
                texte: v.texte,
                url: v.url,
                non_confirme: v.non_confirme.filter(|m| !m.trim().is_empty()),
            });
        }
        serie.valeurs.sort_by_key(|v| v.depuis);
        if serie.valeurs.is_empty() {
            return Err(format!("{nom} : aucune valeur ([[{nom}.valeurs]])"));
        }
        series.insert(cle, serie);
    }
    Ok(())
}

/// The value of `cle` at `date`, from its series.
pub(super) fn valeur_au(
    series: &BTreeMap<Cle, Serie>,
    cle: Cle,
    date: NaiveDate,
) -> Result<Valeur<'_>, ErreurParametre> {
    let absent = || ErreurParametre::Absent {
        cle,
        date: date_longue(date),
    };
    let serie = series.get(&cle).ok_or_else(absent)?;
    let source = serie
        .valeurs
        .iter()
        .rev()
        .find(|v| v.depuis <= date)
        .ok_or_else(absent)?;
    Ok(Valeur {
        cle,
        unite: serie.unite,
        valeur: source.valeur,
        source,
    })
}

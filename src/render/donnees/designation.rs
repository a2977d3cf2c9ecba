//! How a party is designated in a filing (CPC 54 3° and 648): for a legal person its form,
//! name, registered office and the body that represents it; for a natural person surname,
//! first names, profession, domicile, nationality, date and place of birth (as far as
//! known).

use crate::format::{adresse_en_ligne, capital, date_longue, de, siren_espace};
use crate::model::Civilite;
use crate::model::{Nature, Partie};

/// `SAS` → `société par actions simplifiée`.
pub fn forme_longue(forme: &str) -> String {
    let f = forme.trim();
    let longue = match f.to_uppercase().replace('.', "").as_str() {
        "SAS" => "société par actions simplifiée",
        "SASU" => "société par actions simplifiée unipersonnelle",
        "SARL" => "société à responsabilité limitée",
        "EURL" => "entreprise unipersonnelle à responsabilité limitée",
        "SA" => "société anonyme",
        "SNC" => "société en nom collectif",
        "SCS" => "société en commandite simple",
        "SCA" => "société en commandite par actions",
        "SCI" => "société civile immobilière",
        "SC" => "société civile",
        "SELARL" => "société d'exercice libéral à responsabilité limitée",
        "SELAS" => "société d'exercice libéral par actions simplifiée",
        "SCOP" => "société coopérative de production",
        _ => return f.to_owned(),
    };
    longue.to_owned()
}

/// The designation of a party as CPC 54 3° and 648 require: for a legal person its form,
/// name, registered office and legal representative; for a natural person surname, first
/// names, profession, domicile, nationality, date and place of birth (as far as known).
pub fn designation(p: &Partie, devise: &str) -> String {
    let adresse = adresse_en_ligne(p.adresse.as_ref());
    let nom = p.nom_complet();
    match p.nature {
        Nature::Particulier | Nature::EntrepriseIndividuelle => {
            let personne = match (&p.prenoms, &p.nom) {
                (Some(pr), Some(n)) => format!("{} {}", pr.trim(), n.trim().to_uppercase()),
                (None, Some(n)) => n.trim().to_uppercase(),
                _ => nom.clone(),
            };
            // « né / née », « immatriculé / immatriculée » agree with the civilité; without
            // it, wording that needs no agreement (never « né(e) »).
            let civilite = p.civilite;
            let e = match civilite {
                Some(Civilite::Madame) => "e",
                _ => "",
            };
            let personne = match civilite {
                Some(Civilite::Madame) => format!("Madame {personne}"),
                Some(Civilite::Monsieur) => format!("Monsieur {personne}"),
                None => personne,
            };
            let mut parts = vec![personne];
            if p.nature == Nature::EntrepriseIndividuelle {
                parts.push("entrepreneur individuel".into());
                if let Some(d) = p.denomination.as_deref().filter(|d| !d.trim().is_empty()) {
                    parts.push(format!("exerçant sous la dénomination « {} »", d.trim()));
                }
                if let Some(s) = &p.siren {
                    parts.push(match civilite {
                        Some(_) => {
                            format!("immatriculé{e} sous le numéro SIREN {}", siren_espace(s))
                        }
                        None => format!("SIREN n°\u{a0}{}", siren_espace(s)),
                    });
                }
            }
            if let Some(x) = p.profession.as_deref().filter(|x| !x.trim().is_empty()) {
                parts.push(x.trim().to_owned());
            }
            if let Some(x) = p.nationalite.as_deref().filter(|x| !x.trim().is_empty()) {
                parts.push(format!("de nationalité {}", x.trim()));
            }
            let naissance = match (p.date_naissance, p.lieu_naissance.as_deref()) {
                (Some(d), Some(l)) => Some(format!("le {} à {}", date_longue(d), l.trim())),
                (Some(d), None) => Some(format!("le {}", date_longue(d))),
                (None, Some(l)) => Some(format!("à {}", l.trim())),
                _ => None,
            };
            if let Some(n) = naissance {
                parts.push(match civilite {
                    Some(_) => format!("né{e} {n}"),
                    None => format!("date et lieu de naissance : {n}"),
                });
            }
            if !adresse.is_empty() {
                parts.push(format!("demeurant {adresse}"));
            }
            parts.join(", ")
        }
        _ => {
            let mut parts = vec![nom];
            match p.nature {
                Nature::Association => parts.push("association déclarée".into()),
                Nature::PersonnePublique => parts.push("personne morale de droit public".into()),
                _ => {
                    if let Some(f) = p
                        .forme_juridique
                        .as_deref()
                        .filter(|f| !f.trim().is_empty())
                    {
                        let mut forme = forme_longue(f);
                        if let Some(c) = p.capital {
                            forme.push_str(&format!(" au capital de {}", capital(c, devise)));
                        }
                        parts.push(forme);
                    }
                }
            }
            match (&p.rcs, &p.siren) {
                (Some(r), Some(s)) => parts.push(format!(
                    "immatriculée au registre du commerce et des sociétés {} sous le numéro {}",
                    de(r),
                    siren_espace(s)
                )),
                (None, Some(s)) => parts.push(format!(
                    "immatriculée sous le numéro SIREN {}",
                    siren_espace(s)
                )),
                _ => {}
            }
            if !adresse.is_empty() {
                parts.push(format!("dont le siège est situé {adresse}"));
            }
            // CPC 54 3° b: the body that legally represents it.
            match &p.representant {
                Some(r) => {
                    let qualite = r.qualite.as_deref().map(str::trim).filter(|q| !q.is_empty());
                    let nom = r.nom.as_deref().map(str::trim).filter(|q| !q.is_empty());
                    // The representative's civilité agrees « son représentant / sa
                    // représentante » and « domicilié / domiciliée »; without it the
                    // designation needs no agreement (« demeurant en cette qualité »).
                    let (son, titre, domicile) = match r.civilite {
                        Some(Civilite::Madame) => ("sa représentante légale", "Madame ", "domiciliée en cette qualité audit siège"),
                        Some(Civilite::Monsieur) => ("son représentant légal", "Monsieur ", "domicilié en cette qualité audit siège"),
                        None => ("son représentant légal", "", "demeurant en cette qualité audit siège"),
                    };
                    let organe = match (qualite, nom) {
                        (Some(q), Some(n)) => format!("prise en la personne de {son}, {titre}{n}, {}", q.to_lowercase()),
                        (Some(q), None) => format!("prise en la personne de son {} en exercice", q.to_lowercase()),
                        (None, Some(n)) => format!("prise en la personne de {son}, {titre}{n}"),
                        (None, None) => "prise en la personne de son représentant légal".into(),
                    };
                    let domicile = if nom.is_some() { domicile } else { "domicilié en cette qualité audit siège" };
                    parts.push(format!("{organe}, {domicile}"));
                }
                None => parts.push("prise en la personne de son représentant légal domicilié en cette qualité audit siège".into()),
            }
            parts.join(", ")
        }
    }
}

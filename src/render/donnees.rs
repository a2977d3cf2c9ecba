//! The data a template receives: one JSON object where every amount, date and party
//! designation is already formatted in French. Templates lay it out; they never compute.

use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::format::{date_fr, date_longue, montant_devise, taux_fr};
use crate::law::Decompte;
use crate::model::PieceLue;
use crate::model::{
    Adresse, Dossier, Intervenant, ModeEnvoi, ModeInterets, Nature, Partie, QualiteMandataire,
    TypeEvenement, Voie,
};
use crate::plan::{DocumentPrevu, Plan, Representation};

/// Address lines: street lines, then `75002 Paris`, then the country when not France.
pub fn lignes_adresse(a: Option<&Adresse>) -> Vec<String> {
    let Some(a) = a else { return Vec::new() };
    let mut v: Vec<String> = a
        .lignes
        .iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let ville = [a.code_postal.as_deref(), a.ville.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !ville.is_empty() {
        v.push(ville);
    }
    if let Some(p) = a.pays.as_deref().map(str::trim) {
        if !p.is_empty() && !p.eq_ignore_ascii_case("france") {
            v.push(p.to_uppercase());
        }
    }
    v
}

fn adresse_en_ligne(a: Option<&Adresse>) -> String {
    lignes_adresse(a).join(", ")
}

/// Share capital: `50 000 €`, cents only when there are some.
fn capital(c: Decimal, devise: &str) -> String {
    let s = montant_devise(c, devise);
    if c.fract().is_zero() {
        s.replacen(",00", "", 1)
    } else {
        s
    }
}

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

fn siren_espace(s: &str) -> String {
    let d: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.len() == 9 {
        format!("{} {} {}", &d[0..3], &d[3..6], &d[6..9])
    } else {
        s.trim().to_owned()
    }
}

fn iban_groupes(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    t.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
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
            let mut parts = vec![personne];
            if p.nature == Nature::EntrepriseIndividuelle {
                parts.push("entrepreneur individuel".into());
                if let Some(d) = p.denomination.as_deref().filter(|d| !d.trim().is_empty()) {
                    parts.push(format!("exerçant sous la dénomination « {} »", d.trim()));
                }
                if let Some(s) = &p.siren {
                    parts.push(format!(
                        "immatriculé sous le numéro SIREN {}",
                        siren_espace(s)
                    ));
                }
            }
            if let Some(x) = p.profession.as_deref().filter(|x| !x.trim().is_empty()) {
                parts.push(x.trim().to_owned());
            }
            if let Some(x) = p.nationalite.as_deref().filter(|x| !x.trim().is_empty()) {
                parts.push(format!("de nationalité {}", x.trim()));
            }
            match (p.date_naissance, p.lieu_naissance.as_deref()) {
                (Some(d), Some(l)) => {
                    parts.push(format!("né(e) le {} à {}", date_longue(d), l.trim()))
                }
                (Some(d), None) => parts.push(format!("né(e) le {}", date_longue(d))),
                (None, Some(l)) => parts.push(format!("né(e) à {}", l.trim())),
                _ => {}
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
                    "immatriculée au registre du commerce et des sociétés de {} sous le numéro {}",
                    r.trim(),
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
                    let organe = match (qualite, nom) {
                        (Some(q), Some(n)) => format!("prise en la personne de son représentant légal, {n}, {}", q.to_lowercase()),
                        (Some(q), None) => format!("prise en la personne de son {} en exercice", q.to_lowercase()),
                        (None, Some(n)) => format!("prise en la personne de son représentant légal, {n}"),
                        (None, None) => "prise en la personne de son représentant légal".into(),
                    };
                    parts.push(format!("{organe}, domicilié en cette qualité audit siège"));
                }
                None => parts.push("prise en la personne de son représentant légal domicilié en cette qualité audit siège".into()),
            }
            parts.join(", ")
        }
    }
}

fn partie(p: &Partie, devise: &str) -> Value {
    let representant = p.representant.as_ref().map(|r| {
        [r.nom.as_deref(), r.qualite.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    json!({
        "nom": p.nom_complet(),
        "designation": designation(p, devise),
        "adresse": lignes_adresse(p.adresse.as_ref()),
        "ville": p.adresse.as_ref().and_then(|a| a.ville.clone()).unwrap_or_default(),
        "siren": p.siren.as_deref().map(siren_espace),
        "iban": p.iban.as_deref().map(iban_groupes),
        "bic": p.bic,
        "email": p.email,
        "telephone": p.telephone,
        "representant": representant,
        "particulier": p.nature == Nature::Particulier,
        "professionnel": p.nature.est_professionnel(),
    })
}

fn intervenant(i: &Intervenant) -> Value {
    json!({
        "nom": i.nom,
        "barreau": i.barreau,
        "adresse": lignes_adresse(i.adresse.as_ref()),
        "email": i.email,
        "telephone": i.telephone,
    })
}

fn mode_envoi(m: Option<ModeEnvoi>) -> &'static str {
    match m {
        Some(ModeEnvoi::Email) => "courriel",
        Some(ModeEnvoi::Courrier) => "courrier simple",
        Some(ModeEnvoi::Lrar) => "lettre recommandée avec demande d'avis de réception",
        Some(ModeEnvoi::Lre) => "lettre recommandée électronique",
        Some(ModeEnvoi::Commissaire) => "acte de commissaire de justice",
        None => "courrier",
    }
}

fn decompte(d: &Decompte) -> Value {
    let m = |x: Decimal| montant_devise(x, &d.devise);
    let factures: Vec<Value> = d
        .factures
        .iter()
        .map(|f| {
            json!({
                "numero": f.numero,
                "date": date_fr(f.date),
                "echeance": date_fr(f.echeance),
                "jours_retard": (d.arrete_au - f.echeance).num_days(),
                "montant": m(f.montant),
                "paye": m(f.paye),
                "paye_nul": f.paye.is_zero(),
                "principal": m(f.principal),
                "interets": m(f.interets),
                "interets_courus": m(f.interets_courus),
                "indemnite": m(f.indemnite),
                "total": m(f.principal + f.interets + f.indemnite),
                "periodes": f.periodes.iter().map(|p| json!({
                    "du": date_fr(p.du),
                    "au": date_fr(p.au),
                    "jours": p.jours,
                    "taux": taux_fr(p.taux),
                    "assiette": m(p.assiette),
                    "interets": m(p.interets),
                    "plancher": p.regle == crate::law::decompte::RegleTaux::Plancher,
                })).collect::<Vec<_>>(),
                "imputations": f.imputations.iter().map(|i| json!({
                    "date": date_fr(i.date),
                    "montant": m(i.montant),
                    "sur_interets": m(i.sur_interets),
                    "sur_principal": m(i.sur_principal),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let libelle = match d.mode_interets {
        ModeInterets::L441_10 => {
            "pénalités de retard au taux de la BCE majoré de 10 points (C. com. art. L441-10 II)"
        }
        ModeInterets::Legal => "intérêts au taux légal (C. civ. art. 1231-6 et 1344-1)",
        ModeInterets::Contractuel => "intérêts au taux contractuel",
        ModeInterets::Aucun => "aucun intérêt",
    };
    json!({
        "arrete_au": date_longue(d.arrete_au),
        "arrete_au_court": date_fr(d.arrete_au),
        "devise": d.devise,
        "devise_etrangere": d.devise != "EUR",
        "factures": factures,
        "non_exigibles": d.non_exigibles.iter().map(|n| json!({
            "numero": n.numero, "echeance": date_fr(n.echeance), "montant": m(n.montant),
        })).collect::<Vec<_>>(),
        "montant_factures": m(d.factures.iter().map(|f| f.montant).sum()),
        "paye": m(d.factures.iter().map(|f| f.paye).sum()),
        "principal": m(d.principal),
        "interets": m(d.interets),
        "indemnites": m(d.indemnites),
        "clause_penale": m(d.clause_penale),
        "taux_clause_penale": d.taux_clause_penale.map(taux_fr),
        "total": m(d.total),
        "a_interets": d.mode_interets != ModeInterets::Aucun,
        "a_indemnites": !d.indemnites.is_zero(),
        "a_clause_penale": d.taux_clause_penale.is_some(),
        "mode": d.mode_interets.code(),
        "libelle_interets": libelle,
        "libelle_interets_majuscule": majuscule(libelle),
        "methode": d.methode,
    })
}

/// `09:30` → `9 h 30`.
fn heure_fr(h: &str) -> String {
    match h.trim().split_once(':') {
        Some((hh, mm)) => {
            let hh = hh.trim().trim_start_matches('0');
            format!("{} h {}", if hh.is_empty() { "0" } else { hh }, mm.trim())
        }
        None => h.trim().to_owned(),
    }
}

fn majuscule(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn piece(p: &PieceLue) -> Value {
    json!({
        "numero": p.numero,
        "titre": p.titre,
        "date": p.date.map(date_fr),
        "pages": p.pages,
        "sha256": p.sha256,
    })
}

/// The numbered exhibits as templates print them.
pub fn liste_pieces(pieces: &[PieceLue]) -> Value {
    Value::Array(pieces.iter().map(piece).collect())
}

/// Sets which document the case data is for (title, legal basis, draft reasons).
pub fn pour_document(donnees: &mut Value, plan: &Plan, document: &DocumentPrevu) {
    donnees["document"] = json!({
        "code": document.forme.code,
        "titre": document.forme.titre,
        "fondement": document.forme.fondement,
        "projet": document.est_projet(),
        "motifs_projet": document.projet,
        "niveau": plan.niveau_relance,
    });
}

/// Everything a template of this case may print, built once per case; `pour_document`
/// then names the document.
pub fn donnees(dossier: &Dossier, dec: &Decompte, plan: &Plan, pieces: &[PieceLue]) -> Value {
    let devise = dossier.creance.devise();
    let creancier = partie(&dossier.creancier, devise);
    let debiteur = partie(&dossier.debiteur, devise);
    // Who writes and signs: the creditor, or its avocat / collection agency.
    let expediteur = match &dossier.mandataire {
        Some(m) => json!({
            "nom": m.nom,
            "adresse": lignes_adresse(m.adresse.as_ref()),
            "email": m.email,
            "telephone": m.telephone,
            "signataire": m.signataire.clone().unwrap_or_else(|| m.nom.clone()),
            "qualite": match m.qualite { QualiteMandataire::Avocat => "avocat", QualiteMandataire::SocieteRecouvrement => "societe_recouvrement" },
            "barreau": m.barreau,
            "pour_compte": true,
        }),
        None => {
            let c = &dossier.creancier;
            let signataire = c
                .representant
                .as_ref()
                .map(|r| {
                    [r.nom.as_deref(), r.qualite.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| c.nom_complet());
            json!({
                "nom": c.nom_complet(),
                "adresse": lignes_adresse(c.adresse.as_ref()),
                "email": c.email,
                "telephone": c.telephone,
                "signataire": signataire,
                "qualite": "creancier",
                "barreau": null,
                "pour_compte": false,
            })
        }
    };
    let ville_expediteur = dossier
        .mandataire
        .as_ref()
        .and_then(|m| m.adresse.as_ref())
        .or(dossier.creancier.adresse.as_ref())
        .and_then(|a| a.ville.clone())
        .unwrap_or_default();
    let lieu = dossier
        .procedure
        .as_ref()
        .and_then(|p| p.lieu_signature.clone())
        .unwrap_or(ville_expediteur);
    let evenements = |t: TypeEvenement| -> Vec<Value> {
        let mut v: Vec<_> = dossier
            .evenements
            .iter()
            .filter(|e| e.type_ == t && e.date <= plan.date)
            .collect();
        v.sort_by_key(|e| e.date);
        v.into_iter()
            .map(|e| json!({"date": date_longue(e.date), "date_courte": date_fr(e.date), "mode": mode_envoi(e.mode)}))
            .collect()
    };
    let relances = evenements(TypeEvenement::Relance);
    let mises_en_demeure = evenements(TypeEvenement::MiseEnDemeure);
    let tribunal = plan.tribunal.as_ref().map(|t| {
        json!({
            "nom": t.nom(),
            "juge": t.juge_requete(),
            "juge_nom": t.juge_nom(),
            "ville": t.ville,
            "adresse": lignes_adresse(t.adresse.as_ref()),
            "chambre": t.chambre,
            "commercial": t.est_commercial(),
            "designe": t.designe,
            "type": serde_json::to_value(t.type_).unwrap_or(Value::Null),
            "jcp": t.type_ == crate::model::TypeJuridiction::JugeContentieuxProtection,
        })
    });
    let procedure = dossier.procedure.as_ref();
    let audience = procedure.and_then(|p| p.audience.as_ref()).map(|a| {
        json!({
            "date": date_longue(a.date),
            "heure": a.heure.as_deref().map(heure_fr),
            "salle": a.salle,
        })
    });
    let avocat = dossier.avocat.as_ref().map(intervenant);
    let commissaire = dossier.commissaire.as_ref().map(intervenant);
    let delai = plan.delai_paiement.as_ref().map(|d| {
        json!({
            "duree": d.duree.to_string(),
            "date": date_longue(d.dernier_jour),
        })
    });
    let fondement = match dossier.creance.fondement {
        Some(crate::model::Fondement::Contrat) => "contractuelle",
        Some(crate::model::Fondement::Statutaire) => "statutaire",
        None => "",
    };
    json!({
        "document": null,
        "reference": dossier.reference,
        "date": date_longue(plan.date),
        "date_courte": date_fr(plan.date),
        "lieu": lieu,
        "voie": plan.voie.code(),
        "expediteur": expediteur,
        "creancier": creancier,
        "debiteur": debiteur,
        "entre_professionnels": dossier.entre_professionnels(),
        "creance": {
            "description": dossier.creance.description,
            "fondement": fondement,
            "devise": devise,
            "devise_etrangere": devise != "EUR",
        },
        "decompte": decompte(dec),
        "delai": delai,
        "relances": relances,
        "mises_en_demeure": mises_en_demeure,
        "tribunal": tribunal,
        "representation": plan.representation.map(|r| match r {
            Representation::AvocatObligatoire => "obligatoire",
            Representation::Facultative => "facultative",
        }),
        "seuil_avocat": montant_devise(plan.seuil_avocat, "EUR"),
        "tentative_amiable": {
            "requise": plan.tentative_amiable_requise,
            "diligences": procedure.and_then(|p| p.diligences_amiables.clone()),
            "dispense": procedure.and_then(|p| p.dispense_amiable.clone()),
        },
        "contribution_tae": plan.contribution_tae,
        "audience": audience,
        "avocat": avocat,
        "commissaire": commissaire,
        "article_700": procedure.and_then(|p| p.article_700).map(|x| montant_devise(x, devise)),
        "refere": plan.voie == Voie::Refere,
        "pieces": liste_pieces(pieces),
    })
}

//! `recouvre registre …`: record facts in the register, read it back, verify its chain.
//!
//! Exit codes: 0 done; 1 a fact or a row is invalid (nothing written), or the chain is
//! broken (`verifier`); 2 usage, or the register cannot be opened.

use chrono::NaiveDate;
use serde_json::json;
use std::path::{Path, PathBuf};

use super::{parse_date, terminal, ECHEC, OK, USAGE};
use crate::batch::{self, Source};
use crate::format::{date_fr, montant_fr};
use crate::ingest::{self, DossierLu};
use crate::law::calendrier::Zone;
use crate::law::TablesLoi;
use crate::model::TypeEvenement;
use crate::registre::echeances::{echeances, echeances_du_dossier, Echeance};
use crate::registre::saisie::{self, Saisie};
use crate::registre::{
    self, auteur, deposer_piece, Contenu, Entree, ErreurRegistre, NouvelleEntree, Ouverture,
    Registre, TypeFait,
};

#[derive(clap::Args)]
pub struct Args {
    /// Registre : fichier SQLite (créé au besoin) ou URL postgres://…
    #[arg(
        long,
        global = true,
        env = "RECOUVRE_REGISTRE",
        value_name = "CHEMIN|URL"
    )]
    registre: Option<String>,
    #[command(subcommand)]
    commande: Commande,
}

#[derive(clap::Subcommand)]
enum Commande {
    /// Enregistre un fait : paiement, envoi, événement de procédure (ordonnance_injonction…)
    Ajouter(ArgsAjouter),
    /// Enregistre tous les faits d'un CSV (reference,type,date,montant,mode,numero,note) : tout ou rien
    Importer {
        #[arg(value_name = "FICHIER.csv")]
        fichier: PathBuf,
    },
    /// Chronologie d'un dossier : fichier du dossier et registre, chaque événement avec son origine
    Historique {
        #[arg(value_name = "REF")]
        reference: String,
        /// Fichier du dossier, ou le portefeuille (dossier de fichiers ou CSV) où le trouver
        #[arg(long, value_name = "FICHIER|SRC")]
        dossier: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Échéances à venir du portefeuille (audience, remise au greffe, signification, opposition, appel, déclaration de créance, saisie conservatoire), les plus proches d'abord
    Echeances {
        /// Date à partir de laquelle lister (défaut : aujourd'hui)
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        au: Option<NaiveDate>,
        /// Portefeuille (dossier de fichiers ou CSV) : ajoute les événements des fichiers et le calendrier du débiteur
        #[arg(long, value_name = "SRC")]
        dossier: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Toutes les entrées du registre (CSV sur la sortie standard, ou JSON)
    Exporter {
        #[arg(long)]
        json: bool,
    },
    /// Vérifie la chaîne d'empreintes : code 1 et la première entrée rompue si une ligne a été modifiée ou supprimée
    Verifier,
}

#[derive(clap::Args)]
struct ArgsAjouter {
    #[arg(value_name = "REF")]
    reference: String,
    /// paiement, envoi, ou un type d'événement du fichier de dossier (mise_en_demeure, ordonnance_injonction, signification…)
    #[arg(value_name = "TYPE")]
    type_: String,
    /// Date du fait (AAAA-MM-JJ)
    #[arg(long, value_name = "DATE")]
    le: String,
    #[arg(long, value_name = "MONTANT")]
    montant: Option<String>,
    /// email, courrier, lrar, lre, commissaire
    #[arg(long, value_name = "MODE")]
    mode: Option<String>,
    /// Numéro de recommandé, référence de virement, numéro d'acte…
    #[arg(long, value_name = "N")]
    numero: Option<String>,
    /// Pièce justificative, copiée dans le registre et jointe aux bundles suivants
    #[arg(long, value_name = "FICHIER")]
    piece: Option<PathBuf>,
    #[arg(long, value_name = "TEXTE")]
    note: Option<String>,
}

fn ouvrir(args: &Args, mode: Ouverture) -> Result<Box<dyn Registre>, i32> {
    let Some(emplacement) = args.registre.as_deref().filter(|s| !s.trim().is_empty()) else {
        eprintln!("erreur : aucun registre indiqué\n  aide : ajoutez --registre CHEMIN (par exemple portefeuille/registre.sqlite, celui que `recouvre batch portefeuille` utilise) ou une URL postgres://…, ou définissez RECOUVRE_REGISTRE");
        return Err(USAGE);
    };
    registre::ouvrir(emplacement, mode).map_err(|e| {
        eprintln!("erreur : {}", terminal(&e.to_string()));
        USAGE
    })
}

fn echec_registre(e: ErreurRegistre) -> i32 {
    eprintln!("erreur : {}", terminal(&e.to_string()));
    USAGE
}

pub fn run(args: &Args, tables: &TablesLoi) -> i32 {
    match &args.commande {
        Commande::Ajouter(a) => ajouter(args, a),
        Commande::Importer { fichier } => importer(args, fichier),
        Commande::Historique {
            reference,
            dossier,
            json,
        } => historique(args, reference, dossier.as_deref(), *json),
        Commande::Echeances { au, dossier, json } => les_echeances(
            args,
            tables,
            au.unwrap_or_else(super::aujourdhui),
            dossier.as_deref(),
            *json,
        ),
        Commande::Exporter { json } => exporter(args, *json),
        Commande::Verifier => verifier(args),
    }
}

fn resume(n: &NouvelleEntree) -> String {
    match &n.contenu {
        Contenu::Fait(f) => {
            let mut s = format!(
                "dossier {}, {} du {}",
                n.reference,
                f.type_.libelle(),
                date_fr(n.date)
            );
            if let Some(m) = f.montant {
                s.push_str(&format!(", {}", montant_fr(m)));
            }
            s
        }
        Contenu::Etape(e) => format!(
            "dossier {}, étape {} du {}",
            n.reference,
            e.etape,
            date_fr(n.date)
        ),
    }
}

fn ajouter(args: &Args, a: &ArgsAjouter) -> i32 {
    let s = Saisie {
        reference: &a.reference,
        type_: &a.type_,
        date: &a.le,
        montant: a.montant.as_deref(),
        mode: a.mode.as_deref(),
        numero: a.numero.as_deref(),
        note: a.note.as_deref(),
    };
    // Checked before the register is touched: a wrong fact creates nothing.
    if let Err(d) = saisie::fait(&s, None) {
        for x in d {
            eprintln!(
                "erreur : dossier {} › {} : {}",
                terminal(a.reference.trim()),
                x.champ,
                terminal(&x.message)
            );
        }
        eprintln!("  aide : corrigez la commande ; rien n'a été enregistré");
        return USAGE;
    }
    let mut r = match ouvrir(args, Ouverture::Creer) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let piece = match &a.piece {
        Some(p) => match deposer_piece(r.as_ref(), p) {
            Ok(x) => Some(x),
            Err(e) => return echec_registre(e),
        },
        None => None,
    };
    let n = match saisie::fait(&s, piece) {
        Ok(n) => n,
        Err(_) => return USAGE,
    };
    match r.ajouter(std::slice::from_ref(&n), &auteur("registre ajouter")) {
        Ok(v) => {
            println!(
                "{}",
                terminal(&format!(
                    "entrée n° {} ajoutée au registre {} : {}",
                    v[0].id,
                    r.emplacement(),
                    resume(&n)
                ))
            );
            OK
        }
        Err(e) => echec_registre(e),
    }
}

const COLONNES_IMPORT: [&str; 7] = [
    "reference",
    "type",
    "date",
    "montant",
    "mode",
    "numero",
    "note",
];

fn importer(args: &Args, fichier: &Path) -> i32 {
    let nom = fichier.display().to_string();
    let octets = match std::fs::read(fichier) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("erreur : {} : illisible ({e})", terminal(&nom));
            return USAGE;
        }
    };
    let texte = match String::from_utf8(octets) {
        Ok(t) => t,
        Err(_) => {
            eprintln!("erreur : {} : le fichier n'est pas en UTF-8\n  aide : enregistrez-le en « CSV UTF-8 »", terminal(&nom));
            return ECHEC;
        }
    };
    let texte = texte.strip_prefix('\u{feff}').unwrap_or(&texte);
    // A spreadsheet's French export uses `;`.
    let premiere = texte.lines().next().unwrap_or("");
    let separateur = if premiere.matches(';').count() > premiere.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut lecteur = csv::ReaderBuilder::new()
        .delimiter(separateur)
        .flexible(true)
        .from_reader(texte.as_bytes());
    let entetes: Vec<String> = match lecteur.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            eprintln!("erreur : {} : en-tête illisible ({e})", terminal(&nom));
            return ECHEC;
        }
    };
    let mut index = [None; 7];
    for (i, c) in COLONNES_IMPORT.iter().enumerate() {
        index[i] = entetes.iter().position(|h| h == c);
    }
    let manquantes: Vec<&str> = COLONNES_IMPORT[..3]
        .iter()
        .zip(&index)
        .filter(|(_, i)| i.is_none())
        .map(|(c, _)| *c)
        .collect();
    if !manquantes.is_empty() {
        eprintln!(
            "erreur : {} : colonne(s) {} absente(s)\n  aide : la première ligne nomme les colonnes : {}",
            terminal(&nom),
            manquantes.join(", "),
            COLONNES_IMPORT.join(",")
        );
        return ECHEC;
    }
    let mut nouvelles = Vec::new();
    let mut erreurs = 0;
    for (n, ligne) in lecteur.records().enumerate() {
        let numero_ligne = n + 2;
        let ligne = match ligne {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "erreur : {} › ligne {numero_ligne} : illisible ({e})",
                    terminal(&nom)
                );
                erreurs += 1;
                continue;
            }
        };
        if ligne.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let champ = |i: usize| index[i].and_then(|k| ligne.get(k));
        let s = Saisie {
            reference: champ(0).unwrap_or(""),
            type_: champ(1).unwrap_or(""),
            date: champ(2).unwrap_or(""),
            montant: champ(3),
            mode: champ(4),
            numero: champ(5),
            note: champ(6),
        };
        match saisie::fait(&s, None) {
            Ok(x) => nouvelles.push(x),
            Err(d) => {
                for x in d {
                    eprintln!(
                        "erreur : {} › ligne {numero_ligne} (dossier {}) › {} : {}",
                        terminal(&nom),
                        terminal(s.reference.trim()),
                        x.champ,
                        terminal(&x.message)
                    );
                    erreurs += 1;
                }
            }
        }
    }
    if erreurs > 0 {
        eprintln!("{erreurs} erreur(s) : rien n'a été enregistré\n  aide : corrigez les lignes indiquées et relancez l'import (tout ou rien)");
        return ECHEC;
    }
    if nouvelles.is_empty() {
        eprintln!(
            "avertissement : {} : aucune ligne à importer",
            terminal(&nom)
        );
        return OK;
    }
    let mut r = match ouvrir(args, Ouverture::Creer) {
        Ok(r) => r,
        Err(c) => return c,
    };
    match r.ajouter(&nouvelles, &auteur("registre importer")) {
        Ok(v) => {
            println!(
                "{}",
                terminal(&format!(
                    "{} entrée(s) ajoutée(s) au registre {} (n° {} à {})",
                    v.len(),
                    r.emplacement(),
                    v[0].id,
                    v[v.len() - 1].id
                ))
            );
            OK
        }
        Err(e) => echec_registre(e),
    }
}

/// The case file of `reference`: the file itself, or found in a portfolio.
fn trouver_dossier(chemin: &Path, reference: &str) -> Result<Option<DossierLu>, String> {
    let meta = std::fs::metadata(chemin).map_err(|e| format!("{} : {e}", chemin.display()))?;
    let est_csv = chemin
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if meta.is_file() && !est_csv {
        return ingest::lire_dossier(chemin)
            .map(Some)
            .map_err(|e| e.diagnostic().message);
    }
    Ok(lire_portefeuille(chemin)?
        .into_iter()
        .find(|lu| lu.dossier.reference == reference))
}

/// Every readable case of a portfolio (unreadable ones are skipped: `check` reports them).
fn lire_portefeuille(src: &Path) -> Result<Vec<DossierLu>, String> {
    let sources = batch::sources(src, None).map_err(|e| e.to_string())?;
    Ok(sources
        .into_iter()
        .filter_map(|s| match s {
            Source::Fichier { chemin, .. } => ingest::lire_dossier(&chemin).ok(),
            Source::Csv { cas, .. } => (*cas).ok(),
        })
        .collect())
}

/// One line of a timeline.
#[derive(serde::Serialize)]
struct Fait {
    date: NaiveDate,
    quoi: String,
    detail: String,
    /// `dossier`, `registre`, or `dossier et registre`.
    origine: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entree: Option<i64>,
}

fn historique(args: &Args, reference: &str, dossier: Option<&Path>, en_json: bool) -> i32 {
    let mut r = match ouvrir(args, Ouverture::Existant) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let entrees = match r.entrees(Some(reference)) {
        Ok(e) => e,
        Err(e) => return echec_registre(e),
    };
    let lu = match dossier.map(|d| trouver_dossier(d, reference)) {
        None => None,
        Some(Ok(Some(lu))) => Some(lu),
        Some(Ok(None)) => {
            eprintln!(
                "erreur : dossier {} introuvable dans {}\n  aide : indiquez son fichier avec --dossier",
                terminal(reference),
                terminal(&dossier.map(|d| d.display().to_string()).unwrap_or_default())
            );
            return USAGE;
        }
        Some(Err(m)) => {
            eprintln!("erreur : {}", terminal(&m));
            return USAGE;
        }
    };
    if entrees.is_empty() && lu.is_none() {
        eprintln!(
            "erreur : aucune entrée pour le dossier {} dans le registre {}\n  aide : vérifiez la référence, ou ajoutez --dossier FICHIER pour voir l'historique du fichier",
            terminal(reference),
            r.emplacement()
        );
        return ECHEC;
    }
    let mut faits: Vec<Fait> = Vec::new();
    if let Some(lu) = &lu {
        for e in &lu.dossier.evenements {
            faits.push(Fait {
                date: e.date,
                quoi: e.type_.libelle().to_owned(),
                detail: [e.mode.map(|m| m.code().to_owned()), e.description.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ; "),
                origine: "dossier",
                entree: None,
            });
        }
        for p in &lu.dossier.paiements {
            faits.push(Fait {
                date: p.date,
                quoi: "paiement".into(),
                detail: montant_fr(p.montant),
                origine: "dossier",
                entree: None,
            });
        }
    }
    for e in &entrees {
        let (date, contenu) = match e.lire() {
            Ok(x) => x,
            Err(err) => return echec_registre(err),
        };
        let (quoi, detail) = match &contenu {
            Contenu::Etape(x) => (
                format!("étape produite : {}", x.etape.replace('_', " ")),
                format!(
                    "{} document(s), {} bundle(s), total {}",
                    x.documents.len(),
                    x.bundles.len(),
                    montant_fr(x.total)
                ),
            ),
            Contenu::Fait(f) => (
                f.type_.libelle().to_owned(),
                [
                    f.montant.map(montant_fr),
                    f.mode.map(|m| m.code().to_owned()),
                    f.numero.clone().map(|n| format!("n° {n}")),
                    f.note.clone(),
                    f.piece.clone().map(|p| format!("pièce {}", p.nom)),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ; "),
            ),
        };
        // The same event in the file and the register is one event (same kind, same date).
        let quoi_fichier = match &contenu {
            Contenu::Fait(f) => match f.type_ {
                TypeFait::Evenement(t) => Some(t.libelle().to_owned()),
                TypeFait::Paiement => Some("paiement".to_owned()),
                TypeFait::Envoi => None,
            },
            Contenu::Etape(_) => None,
        };
        if let Some(q) = quoi_fichier {
            if let Some(x) = faits
                .iter_mut()
                .find(|x| x.origine == "dossier" && x.date == date && x.quoi == q)
            {
                x.origine = "dossier et registre";
                x.entree = Some(e.id);
                continue;
            }
        }
        faits.push(Fait {
            date,
            quoi,
            detail,
            origine: "registre",
            entree: Some(e.id),
        });
    }
    faits.sort_by_key(|f| (f.date, f.entree.unwrap_or(0)));
    if en_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"reference": reference, "evenements": faits}))
                .unwrap_or_default()
        );
    } else {
        println!("Dossier {}", terminal(reference));
        for f in &faits {
            println!(
                "{}",
                terminal(&format!(
                    "{}  {:<32}  {:<19}  {}",
                    date_fr(f.date),
                    f.quoi,
                    f.origine,
                    f.detail
                ))
            );
        }
    }
    OK
}

fn les_echeances(
    args: &Args,
    tables: &TablesLoi,
    au: NaiveDate,
    src: Option<&Path>,
    en_json: bool,
) -> i32 {
    let mut r = match ouvrir(args, Ouverture::Existant) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let entrees = match r.entrees(None) {
        Ok(e) => e,
        Err(e) => return echec_registre(e),
    };
    let dossiers = match src.map(lire_portefeuille) {
        None => Vec::new(),
        Some(Ok(v)) => v,
        Some(Err(m)) => {
            eprintln!("erreur : {}", terminal(&m));
            return USAGE;
        }
    };
    // The register's events by case, each once.
    let mut du_registre: std::collections::BTreeMap<String, Vec<(TypeEvenement, NaiveDate)>> =
        Default::default();
    for e in &entrees {
        let (date, contenu) = match e.lire() {
            Ok(x) => x,
            Err(err) => return echec_registre(err),
        };
        if let Contenu::Fait(f) = contenu {
            if let TypeFait::Evenement(t) = f.type_ {
                let x = du_registre.entry(e.reference.clone()).or_default();
                if !x.contains(&(t, date)) {
                    x.push((t, date));
                }
            }
        }
    }
    let echec = |reference: &str, e: crate::law::LoiError| {
        eprintln!(
            "erreur : dossier {} : {e}\n  aide : {}",
            terminal(reference),
            e.aide()
        );
        ECHEC
    };
    let mut toutes: Vec<Echeance> = Vec::new();
    // Cases with a file: its history merged with the register's facts, and what the file
    // states (hearing, collective procedure, exhibits of the saisie).
    let mut vus = std::collections::BTreeSet::new();
    for lu in &dossiers {
        let mut dossier = lu.dossier.clone();
        for &(t, date) in du_registre
            .get(&dossier.reference)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if !dossier
                .evenements
                .iter()
                .any(|e| e.type_ == t && e.date == date)
            {
                dossier.evenements.push(crate::model::Evenement {
                    date,
                    type_: t,
                    mode: None,
                    description: None,
                    piece: None,
                    accuse_reception: None,
                });
            }
        }
        match echeances_du_dossier(&dossier, tables) {
            // An instalment still unpaid stays listed, late, until it is paid.
            Ok(v) => toutes.extend(v.into_iter().filter_map(|mut e| {
                e.en_retard = e.dernier_jour < au && e.nature == "versement_echeancier";
                (e.dernier_jour >= au || e.en_retard).then_some(e)
            })),
            Err(e) => return echec(&dossier.reference, e),
        }
        vus.insert(dossier.reference);
    }
    // Cases only the register knows: their events, in the metropolitan calendar.
    for (reference, ev) in &du_registre {
        if vus.contains(reference) {
            continue;
        }
        match echeances(reference, ev, Zone::du_departement(""), tables) {
            Ok(v) => toutes.extend(v.into_iter().filter(|e| e.dernier_jour >= au)),
            Err(e) => return echec(reference, e),
        }
    }
    toutes.sort_by(|a, b| (a.dernier_jour, &a.reference).cmp(&(b.dernier_jour, &b.reference)));
    if en_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"au": au, "echeances": toutes}))
                .unwrap_or_default()
        );
    } else if toutes.is_empty() {
        println!("aucune échéance à venir au {}", date_fr(au));
    } else {
        for e in &toutes {
            let duree = if e.duree.is_empty() {
                String::new()
            } else if e.duree.ends_with("avant l'audience") {
                format!("{} du {} ; ", e.duree, date_fr(e.depart))
            } else {
                format!("{} à compter du {} ; ", e.duree, date_fr(e.depart))
            };
            println!(
                "{}",
                terminal(&format!(
                    "{}  {}  {}{} ({duree}{})",
                    date_fr(e.dernier_jour),
                    e.reference,
                    if e.en_retard { "EN RETARD : " } else { "" },
                    e.libelle,
                    e.source
                ))
            );
        }
    }
    OK
}

fn exporter(args: &Args, en_json: bool) -> i32 {
    let mut r = match ouvrir(args, Ouverture::Existant) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let entrees = match r.entrees(None) {
        Ok(e) => e,
        Err(e) => return echec_registre(e),
    };
    if en_json {
        let v: Vec<serde_json::Value> = entrees.iter().map(entree_json).collect();
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return OK;
    }
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    let mut ecrire = || -> Result<(), csv::Error> {
        w.write_record([
            "id",
            "reference",
            "genre",
            "date",
            "type",
            "montant",
            "mode",
            "numero",
            "note",
            "piece",
            "cree_par",
            "empreinte",
        ])?;
        for e in &entrees {
            let (t, montant, mode, numero, note, piece) = match e.lire() {
                Ok((_, Contenu::Etape(x))) => (x.etape, Some(x.total), None, None, None, None),
                Ok((_, Contenu::Fait(f))) => (
                    f.type_.code().to_owned(),
                    f.montant,
                    f.mode.map(|m| m.code()),
                    f.numero,
                    f.note,
                    f.piece.map(|p| p.sha256),
                ),
                Err(_) => (String::new(), None, None, None, None, None),
            };
            let cellules = [
                e.id.to_string(),
                e.reference.clone(),
                e.kind.clone(),
                e.date.clone(),
                t,
                montant.map(|m| m.to_string()).unwrap_or_default(),
                mode.unwrap_or("").to_owned(),
                numero.unwrap_or_default(),
                note.unwrap_or_default(),
                piece.unwrap_or_default(),
                e.created_by.clone(),
                e.hash.clone(),
            ];
            w.write_record(
                cellules
                    .iter()
                    .map(|c| batch::rapport::cellule(c).into_owned()),
            )?;
        }
        w.flush()?;
        Ok(())
    };
    match ecrire() {
        Ok(()) => OK,
        Err(e) => {
            eprintln!("erreur : export : {e}");
            USAGE
        }
    }
}

fn entree_json(e: &Entree) -> serde_json::Value {
    json!({
        "id": e.id,
        "reference": e.reference,
        "genre": e.kind,
        "date": e.date,
        "contenu": serde_json::from_str::<serde_json::Value>(&e.payload).unwrap_or(serde_json::Value::String(e.payload.clone())),
        "cree_par": e.created_by,
        "empreinte_precedente": e.prev_hash,
        "empreinte": e.hash,
    })
}

fn verifier(args: &Args) -> i32 {
    let mut r = match ouvrir(args, Ouverture::Existant) {
        Ok(r) => r,
        Err(c) => return c,
    };
    match registre::verifier(r.as_mut()) {
        Ok(v) => match v.rupture {
            None => {
                println!(
                    "registre {} intègre : {} entrée(s), chaîne d'empreintes vérifiée{}",
                    terminal(&r.emplacement()),
                    v.entrees,
                    v.derniere
                        .map(|h| format!(" (dernière empreinte {h})"))
                        .unwrap_or_default()
                );
                OK
            }
            Some(x) => {
                eprintln!(
                    "{}",
                    terminal(&format!(
                        "erreur : registre {} altéré : entrée n° {} (dossier {}) : {}",
                        r.emplacement(),
                        x.id,
                        x.reference,
                        x.raison
                    ))
                );
                eprintln!("  aide : restaurez le registre depuis une sauvegarde ; les entrées suivantes ne sont plus garanties");
                ECHEC
            }
        },
        Err(e) => echec_registre(e),
    }
}

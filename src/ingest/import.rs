//! `recouvre import`: e-invoices, FEC and bulk CSV become case files (one per creditor and
//! debtor, and currency), with the list of what an invoice cannot tell.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;

use super::facture_electronique::{FactureLue, PartieLue};
use super::fec::FecLu;
use crate::law::identifiants;
use crate::model::{
    Adresse, Creance, Dossier, Facture, Fondement, Nature, Paiement, Partie, Piece,
};

/// A case ready to be written, with the files to copy beside it and what to complete.
#[derive(Debug, Clone)]
pub struct CasImporte {
    pub dossier: Dossier,
    /// `(source file, path relative to the case folder)`: exhibits copied byte for byte.
    pub copies: Vec<(PathBuf, String)>,
    /// What the user must add or check before `build` (in French).
    pub a_completer: Vec<String>,
    /// What import decided (in French), for the record.
    pub notes: Vec<String>,
    /// Source files read.
    pub sources: Vec<String>,
}

fn partie_vide(nature: Nature) -> Partie {
    Partie {
        nature,
        denomination: None,
        nom: None,
        prenoms: None,
        civilite: None,
        forme_juridique: None,
        capital: None,
        siren: None,
        siret: None,
        rcs: None,
        tva: None,
        representant: None,
        adresse: None,
        iban: None,
        bic: None,
        email: None,
        telephone: None,
        profession: None,
        nationalite: None,
        date_naissance: None,
        lieu_naissance: None,
        commercant: None,
        procedure_collective: None,
        effectif: None,
    }
}

/// An e-invoice party as a case party; identifiers that fail their check are dropped and listed.
fn partie(p: &PartieLue, role: &str, notes: &mut Vec<String>) -> Partie {
    let mut x = partie_vide(Nature::Societe);
    x.denomination = p.nom.clone();
    if let Some(s) = &p.siren {
        if identifiants::siren_valide(s) {
            x.siren = Some(s.clone());
        } else {
            notes.push(format!(
                "{role} : SIREN « {s} » invalide (clé de Luhn), ignoré"
            ));
        }
    }
    if let Some(s) = &p.siret {
        if identifiants::siret_valide(s) && x.siren.as_deref().is_some_and(|n| s.starts_with(n)) {
            x.siret = Some(s.clone());
        }
    }
    if let Some(t) = &p.tva {
        if identifiants::tva_valide(t) {
            x.tva = Some(t.clone());
            if x.siren.is_none()
                && t.starts_with("FR")
                && t.len() == 13
                && identifiants::siren_valide(&t[4..])
            {
                x.siren = Some(t[4..].to_owned());
            }
        } else {
            notes.push(format!("{role} : numéro de TVA « {t} » invalide, ignoré"));
        }
    }
    x.email = p.email.clone();
    if !p.lignes.is_empty() || p.ville.is_some() {
        x.adresse = Some(Adresse {
            lignes: p.lignes.clone(),
            code_postal: p.code_postal.clone(),
            ville: p.ville.clone(),
            pays: p.pays.clone().filter(|c| !c.eq_ignore_ascii_case("FR")),
        });
    }
    x
}

/// A case built from invoices: a contractual claim, no history yet, in `devise`.
fn dossier_importe(
    reference: String,
    creancier: Partie,
    debiteur: Partie,
    devise: &str,
    factures: Vec<Facture>,
    paiements: Vec<Paiement>,
    pieces: Vec<Piece>,
) -> Dossier {
    Dossier {
        reference,
        arrete_au: None,
        creancier,
        debiteur,
        creance: Creance {
            fondement: Some(Fondement::Contrat),
            devise: (devise != "EUR").then(|| devise.to_owned()),
            ..Creance::default()
        },
        factures,
        paiements,
        evenements: Vec::new(),
        pieces,
        procedure: None,
        juridiction: None,
        mandataire: None,
        avocat: None,
        commissaire: None,
        procedure_collective: None,
        echeancier: None,
        conciliateur: None,
    }
}

fn cle_partie(p: &PartieLue) -> String {
    p.siren
        .clone()
        .or_else(|| p.tva.clone())
        .or_else(|| p.nom.as_ref().map(|n| n.to_lowercase()))
        .unwrap_or_default()
}

/// `IMP-<debtor>[-<currency>]`: letters, digits and dashes, at most 64 characters. Both
/// parts come from the input and name a folder: both are reduced to a slug (a currency
/// `/../../X` becomes `X`), and the result is checked against the reference grammar.
fn reference(base: &str, devise: &str, prises: &mut Vec<String>) -> String {
    let slug = crate::format::slug(base).to_uppercase();
    let mut r = format!("IMP-{}", &slug[..slug.len().min(44)]);
    if devise != "EUR" {
        let devise = crate::format::slug(devise).to_uppercase();
        r.push('-');
        r.push_str(&devise[..devise.len().min(8)]);
    }
    let r = r.trim_end_matches('-').to_owned();
    let mut unique = r.clone();
    let mut n = 2;
    while prises.contains(&unique) {
        unique = format!("{r}-{n}");
        n += 1;
    }
    prises.push(unique.clone());
    unique
}

fn a_completer_commun(d: &Dossier, v: &mut Vec<String>) {
    for (role, p) in [("creancier", &d.creancier), ("debiteur", &d.debiteur)] {
        if p.adresse.as_ref().is_none_or(|a| !a.est_complete()) {
            v.push(format!(
                "{role}.adresse : adresse complète (lignes, code_postal, ville)"
            ));
        }
        if p.nature != Nature::Particulier && p.representant.is_none() {
            v.push(format!(
                "{role}.representant : organe représentant (nom, qualite)"
            ));
        }
        if p.nature == Nature::Societe && p.forme_juridique.is_none() {
            v.push(format!(
                "{role}.forme_juridique : forme juridique (SAS, SARL…)"
            ));
        }
    }
    if d.creancier.iban.is_none() {
        v.push("creancier.iban : IBAN où payer".into());
    }
    if d.debiteur.commercant.is_none() {
        v.push(
            "debiteur.commercant : true ou false (choix du tribunal de commerce ou judiciaire)"
                .into(),
        );
    }
    if d.creance.description.is_none() {
        v.push("creance.description : prestation ou marchandises, contrat et sa date".into());
    }
    if d.evenements.is_empty() {
        v.push("evenements : historique des relances et de la mise en demeure (sans lui, la prochaine étape est une première relance)".into());
    }
    v.push("debiteur.nature : vérifier (société par défaut ; particulier, entreprise_individuelle, association…)".into());
}

/// Groups e-invoices by seller, buyer and currency into cases. `delai`: days after the
/// invoice date used as échéance when the invoice has none (otherwise left missing, listed).
pub fn depuis_factures(
    lues: &[FactureLue],
    delai: Option<u32>,
    prises: &mut Vec<String>,
) -> Vec<CasImporte> {
    let mut groupes: BTreeMap<(String, String, String), Vec<&FactureLue>> = BTreeMap::new();
    for f in lues {
        let devise = f.devise.clone().unwrap_or_else(|| "EUR".into());
        groupes
            .entry((cle_partie(&f.vendeur), cle_partie(&f.acheteur), devise))
            .or_default()
            .push(f);
    }
    let mut cas = Vec::new();
    for ((_, _, devise), mut docs) in groupes {
        // Sorted on everything, so the result never depends on the order of the arguments.
        docs.sort_by(|a, b| (a.date, &a.numero, &a.source).cmp(&(b.date, &b.numero, &b.source)));
        let mut notes = Vec::new();
        let mut a_completer = Vec::new();
        // The same invoice in several files (XML and its Factur-X PDF, several profiles): keep
        // one, preferring the PDF (the exhibit a judge reads) and a known échéance.
        let mut uniques: Vec<&FactureLue> = Vec::new();
        for f in docs {
            match uniques
                .iter()
                .position(|u| u.numero == f.numero && u.est_avoir() == f.est_avoir())
            {
                Some(i) => {
                    let meilleur = (f.format == "factur-x", f.echeance.is_some())
                        > (
                            uniques[i].format == "factur-x",
                            uniques[i].echeance.is_some(),
                        );
                    let ecarte = if meilleur {
                        std::mem::replace(&mut uniques[i], f)
                    } else {
                        f
                    };
                    let garde = uniques[i];
                    let numero = ecarte.numero.clone().unwrap_or_default();
                    if (ecarte.date, ecarte.montant_du, ecarte.echeance)
                        == (garde.date, garde.montant_du, garde.echeance)
                    {
                        notes.push(format!(
                            "{} : même document que {} ({numero}), non repris",
                            ecarte.source, garde.source
                        ));
                    } else {
                        a_completer.push(format!(
                            "facture {numero} : deux fichiers la décrivent différemment ({} et {}) ; seule la seconde est reprise : vérifiez date, échéance et montant",
                            ecarte.source, garde.source
                        ));
                    }
                }
                None => uniques.push(f),
            }
        }
        let docs = uniques;
        let premiere = docs[0];
        let creancier = partie(&premiere.vendeur, "creancier", &mut notes);
        let debiteur = partie(&premiere.acheteur, "debiteur", &mut notes);
        let base = debiteur
            .siren
            .clone()
            .or_else(|| debiteur.denomination.clone())
            .unwrap_or_else(|| "DEBITEUR".into());
        let reference = reference(&base, &devise, prises);
        let mut factures: Vec<Facture> = Vec::new();
        let mut paiements = Vec::new();
        let mut pieces = Vec::new();
        let mut copies = Vec::new();
        let mut avoirs = Vec::new();
        for f in &docs {
            let fichier = std::path::Path::new(&f.source)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rel = format!(
                "pieces/{}",
                crate::format::slug(&fichier.replace('.', "-"))
                    .replace("-pdf", ".pdf")
                    .replace("-xml", ".xml")
            );
            let rel = if rel.ends_with(".pdf") || rel.ends_with(".xml") {
                rel
            } else {
                format!("{rel}.bin")
            };
            copies.push((PathBuf::from(&f.source), rel.clone()));
            let numero = f.numero.clone().unwrap_or_default();
            let Some(date) = f.date else {
                notes.push(format!(
                    "{numero} : date d'émission illisible, document ignoré"
                ));
                continue;
            };
            let du = f.montant_du.unwrap_or_default();
            if f.est_avoir() {
                avoirs.push((numero.clone(), date, du.abs(), f.facture_liee.clone()));
                pieces.push(Piece {
                    titre: format!("Avoir n° {numero} du {}", crate::format::date_fr(date)),
                    date: Some(date),
                    fichier: rel,
                });
                continue;
            }
            if du <= Decimal::ZERO {
                notes.push(format!(
                    "facture {numero} : montant dû nul (déjà payée), non reprise"
                ));
                continue;
            }
            let mut echeance = f.echeance;
            if echeance.is_none() {
                match delai {
                    Some(j) => {
                        echeance = date.checked_add_days(Days::new(j.into()));
                        notes.push(format!("facture {numero} : sans échéance, fixée à {j} jours après sa date (--delai)"));
                    }
                    None => a_completer.push(format!("factures : échéance de la facture {numero} absente de la facture (ajoutez echeance, ou relancez l'import avec --delai JOURS)")),
                }
            }
            if let Some(p) = f.paye.filter(|p| !p.is_zero()) {
                notes.push(format!(
                    "facture {numero} : acompte de {p} déjà déduit du montant dû (BT-113)"
                ));
            }
            if let Some(c) = &f.conditions {
                notes.push(format!("facture {numero} : conditions de paiement « {c} »"));
            }
            factures.push(Facture {
                numero,
                date,
                echeance,
                montant: du,
                libelle: None,
                piece: Some(rel),
            });
        }
        // Credit notes reduce what is due: on their invoice, else as a payment.
        for (numero, date, montant, liee) in avoirs {
            match liee.and_then(|l| factures.iter().position(|f| f.numero == l)) {
                Some(i) if factures[i].montant > montant => {
                    factures[i].montant -= montant;
                    notes.push(format!(
                        "avoir {numero} ({montant}) déduit de la facture {}",
                        factures[i].numero
                    ));
                }
                Some(i) => {
                    notes.push(format!(
                        "avoir {numero} ({montant}) solde la facture {}, retirée",
                        factures[i].numero
                    ));
                    factures.remove(i);
                }
                None => {
                    let du: Decimal = factures.iter().map(|f| f.montant).sum::<Decimal>()
                        - paiements
                            .iter()
                            .map(|p: &Paiement| p.montant)
                            .sum::<Decimal>();
                    if montant < du {
                        paiements.push(Paiement {
                            date,
                            montant,
                            facture: None,
                            mode: Some("avoir".into()),
                            reference: Some(numero.clone()),
                        });
                        notes.push(format!("avoir {numero} ({montant}) sans facture liée : imputé comme un paiement du {}", crate::format::date_fr(date)));
                    } else {
                        a_completer.push(format!("avoir {numero} ({montant}) supérieur à ce qui reste dû : à imputer à la main"));
                    }
                }
            }
        }
        if factures.is_empty() {
            continue;
        }
        let dossier = dossier_importe(
            reference, creancier, debiteur, &devise, factures, paiements, pieces,
        );
        if devise != "EUR" {
            notes.push(format!(
                "dossier en {devise} : les documents rappellent l'article 1343-3 du code civil"
            ));
        }
        notes.push("fondement = \"contrat\" : créance née de factures de biens ou de services (à vérifier)".into());
        a_completer_commun(&dossier, &mut a_completer);
        let sources = docs.iter().map(|f| f.source.clone()).collect();
        cas.push(CasImporte {
            dossier,
            copies,
            a_completer,
            notes,
            sources,
        });
    }
    cas
}

/// One case per customer with open items in a FEC.
pub fn depuis_fec(
    fec: &FecLu,
    source: &str,
    delai: Option<u32>,
    prises: &mut Vec<String>,
) -> Vec<CasImporte> {
    let mut cas = Vec::new();
    for c in &fec.clients {
        let mut notes = vec![format!(
            "FEC : compte client {} ({} écritures 411 ouvertes), encodage {}",
            c.compte,
            c.factures.len() + c.paiements.len(),
            fec.encodage
        )];
        let mut a_completer = Vec::new();
        let mut creancier = partie_vide(Nature::Societe);
        creancier.siren = fec.siren.clone().filter(|s| identifiants::siren_valide(s));
        a_completer.push("creancier.denomination : raison sociale du créancier (le FEC ne donne que son SIREN, dans le nom du fichier)".into());
        let mut debiteur = partie_vide(Nature::Societe);
        debiteur.denomination = Some(if c.nom.is_empty() {
            c.compte.clone()
        } else {
            c.nom.clone()
        });
        let factures: Vec<Facture> = c
            .factures
            .iter()
            .map(|(piece, date, montant)| {
                let echeance = delai.and_then(|j| date.checked_add_days(Days::new(j.into())));
                if echeance.is_none() {
                    a_completer.push(format!("factures : échéance de la facture {piece} (le FEC ne la donne pas ; ou --delai JOURS)"));
                }
                Facture { numero: piece.clone(), date: *date, echeance, montant: *montant, libelle: None, piece: None }
            })
            .collect();
        if delai.is_some() {
            notes.push(format!(
                "échéances fixées à {} jours après la date des pièces (--delai)",
                delai.unwrap_or(0)
            ));
        }
        let paiements: Vec<Paiement> = c
            .paiements
            .iter()
            .map(|(date, montant)| Paiement {
                date: *date,
                montant: *montant,
                facture: None,
                mode: None,
                reference: Some("FEC, non lettré".into()),
            })
            .collect();
        if !paiements.is_empty() {
            notes.push(format!(
                "{} règlements non lettrés imputés par ordre d'échéance (C. civ. 1342-10)",
                paiements.len()
            ));
        }
        let du: Decimal = factures.iter().map(|f| f.montant).sum::<Decimal>()
            - paiements.iter().map(|p| p.montant).sum::<Decimal>();
        if du <= Decimal::ZERO {
            notes.push(format!(
                "compte {} soldé ou créditeur : pas de dossier",
                c.compte
            ));
            continue;
        }
        let reference = reference(&format!("{}-{}", c.compte, c.nom), "EUR", prises);
        let dossier = dossier_importe(
            reference,
            creancier,
            debiteur,
            "EUR",
            factures,
            paiements,
            Vec::new(),
        );
        a_completer
            .push("factures[].piece : copie de chaque facture (le FEC n'en contient pas)".into());
        a_completer_commun(&dossier, &mut a_completer);
        cas.push(CasImporte {
            dossier,
            copies: Vec::new(),
            a_completer,
            notes,
            sources: vec![source.to_owned()],
        });
    }
    cas
}

/// Why an imported case could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ErreurImport {
    #[error("dossier {reference} : écriture TOML impossible ({detail})")]
    Toml { reference: String, detail: String },
    #[error("dossier {reference} : dossier produit illisible ({detail}) : signalez-le")]
    Relecture { reference: String, detail: String },
    #[error("référence « {reference} » inutilisable comme nom de dossier : {raison}")]
    Reference { reference: String, raison: String },
    #[error("dossier {reference} : copie « {chemin} » hors du dossier du cas : signalez-le")]
    Copie { reference: String, chemin: String },
    #[error("{0} existe déjà : rien n'a été écrasé")]
    Existe(String),
    #[error(transparent)]
    Source(#[from] super::fichier::ErreurFichier),
    #[error("{chemin} : écriture impossible ({source})")]
    Ecriture {
        chemin: String,
        #[source]
        source: std::io::Error,
    },
}

/// Checks every name derived from the input before it becomes a path: the reference (one
/// folder under `--out`) and each copy (`pieces/<one name>`).
pub fn verifier_chemins(c: &CasImporte) -> Result<(), ErreurImport> {
    let reference = &c.dossier.reference;
    if let Some(raison) = crate::chemin::defaut_reference(reference) {
        return Err(ErreurImport::Reference {
            reference: reference.escape_debug().to_string(),
            raison,
        });
    }
    for (_, rel) in &c.copies {
        let composants: Vec<_> = std::path::Path::new(rel).components().collect();
        let sur = crate::chemin::chemin_sur(rel)
            && composants.len() == 2
            && composants
                .iter()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !sur {
            return Err(ErreurImport::Copie {
                reference: reference.clone(),
                chemin: rel.escape_debug().to_string(),
            });
        }
    }
    Ok(())
}

/// The case file text: the TOML of the case, headed by what to complete.
pub fn toml_commente(c: &CasImporte, date: Option<NaiveDate>) -> Result<String, ErreurImport> {
    let corps = toml::to_string(&c.dossier).map_err(|e| ErreurImport::Toml {
        reference: c.dossier.reference.clone(),
        detail: e.to_string(),
    })?;
    // A comment is one line: texts from invoices may hold line breaks.
    let ligne = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut t = String::new();
    t.push_str(&format!(
        "# Dossier importé par recouvre{} depuis :\n",
        date.map(|d| format!(" le {d}")).unwrap_or_default()
    ));
    for s in &c.sources {
        t.push_str(&format!("#   {}\n", ligne(s)));
    }
    if !c.a_completer.is_empty() {
        t.push_str("#\n# À compléter avant `recouvre build` :\n");
        for a in &c.a_completer {
            t.push_str(&format!("#   - {}\n", ligne(a)));
        }
    }
    if !c.notes.is_empty() {
        t.push_str("#\n# Notes de l'import :\n");
        for n in &c.notes {
            t.push_str(&format!("#   - {}\n", ligne(n)));
        }
    }
    t.push('\n');
    t.push_str(&corps);
    Ok(t)
}

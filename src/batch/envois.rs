//! What the month-end run hands to the mailroom: a ready-to-send message for each relance that
//! goes by e-mail (`DIR/envois/<reference>-<step>.eml`, RFC 5322 with the PDFs attached) and one
//! line per registered letter in `DIR/envois/lrar.csv` (recipient, address, document).

use chrono::NaiveDate;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use serde::{Deserialize, Serialize};
use std::time::{Duration, UNIX_EPOCH};

use crate::format::{date_longue, montant_devise};
use crate::model::Voie;
use crate::pipeline::Traitement;
use crate::plan::CodeDocument;

/// The folder of `DIR` that holds the sending outputs.
pub const DOSSIER: &str = "envois";
/// The mailroom's list of registered letters.
pub const LISTE_LRAR: &str = "lrar.csv";

/// How the step's letter leaves the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Email,
    Lrar,
}

/// The sending of a case's letter, as the report records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envoi {
    pub mode: Mode,
    pub destinataire: String,
    /// Postal address, one line per element.
    pub adresse: Vec<String>,
    /// The letter, relative to `DIR` (`2026-0042/01-mise-en-demeure.pdf`).
    pub document: String,
    /// The message file, relative to `DIR`, for an e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub courriel: Option<String>,
}

fn adresse(a: Option<&crate::model::Adresse>) -> Vec<String> {
    crate::format::lignes_adresse(a)
}

/// How the step produced for `t` is sent: a first relance by e-mail when the debtor has an
/// address and the sender one to write from; a second relance, a mise en demeure and a
/// declaration of claim by registered letter (the documents say so); nothing otherwise.
pub fn envoi(t: &Traitement) -> Option<Envoi> {
    let (lu, plan) = (t.lu.as_ref()?, t.plan.as_ref()?);
    let d = &lu.dossier;
    let lettre = plan.documents.first()?;
    let document = format!("{}/{}", d.reference, lettre.fichier);
    let expediteur_email = d
        .mandataire
        .as_ref()
        .and_then(|m| m.email.clone())
        .or_else(|| d.creancier.email.clone());
    match plan.voie {
        Voie::Relance if plan.niveau_relance < 2 => {
            let email = d.debiteur.email.as_ref().filter(|e| !e.trim().is_empty())?;
            expediteur_email.as_ref()?;
            Some(Envoi {
                mode: Mode::Email,
                destinataire: format!("{} <{}>", d.debiteur.nom_complet(), email.trim()),
                adresse: adresse(d.debiteur.adresse.as_ref()),
                document,
                courriel: Some(format!(
                    "{DOSSIER}/{}-relance-{}.eml",
                    d.reference, plan.niveau_relance
                )),
            })
        }
        Voie::Relance | Voie::MiseEnDemeure => Some(Envoi {
            mode: Mode::Lrar,
            destinataire: d.debiteur.nom_complet(),
            adresse: adresse(d.debiteur.adresse.as_ref()),
            document,
            courriel: None,
        }),
        Voie::DeclarationDeCreance => {
            let m = d.procedure_collective.as_ref()?.mandataire.as_ref()?;
            Some(Envoi {
                mode: Mode::Lrar,
                destinataire: m.nom.clone(),
                adresse: adresse(m.adresse.as_ref()),
                document,
                courriel: None,
            })
        }
        _ => None,
    }
}

/// The RFC 5322 message of an e-mailed relance, with the letter and the décompte attached.
/// Same case, same date: same bytes (date, Message-ID and MIME boundary derived from the
/// documents, never from the clock or a random source).
pub fn courriel(t: &Traitement, envoi: &Envoi) -> Result<Vec<u8>, String> {
    let (Some(lu), Some(decompte), Some(arrete)) = (&t.lu, &t.decompte, t.arrete) else {
        return Err("dossier incomplet".into());
    };
    let d = &lu.dossier;
    let (expediteur, adresse_expediteur, signataire) = match &d.mandataire {
        Some(m) => (
            m.nom.clone(),
            m.email.clone().unwrap_or_default(),
            m.signataire.clone().unwrap_or_else(|| m.nom.clone()),
        ),
        None => (
            d.creancier.nom_complet(),
            d.creancier.email.clone().unwrap_or_default(),
            d.creancier
                .representant
                .as_ref()
                .and_then(|r| r.nom.clone())
                .unwrap_or_else(|| d.creancier.nom_complet()),
        ),
    };
    let de: Mailbox = format!("{expediteur} <{}>", adresse_expediteur.trim())
        .parse()
        .map_err(|e| format!("adresse de l'expéditeur « {adresse_expediteur} » invalide ({e})"))?;
    let a: Mailbox = envoi.destinataire.parse().map_err(|e| {
        format!(
            "adresse du débiteur « {} » invalide ({e})",
            envoi.destinataire
        )
    })?;
    let pieces: Vec<_> = t
        .documents
        .iter()
        .filter(|x| matches!(x.code, CodeDocument::Relance | CodeDocument::Decompte))
        .collect();
    let graine = crate::empreinte::sha256_hex(
        pieces
            .iter()
            .map(|p| p.sha256.as_str())
            .collect::<Vec<_>>()
            .concat()
            .as_bytes(),
    );
    let corps = format!(
        "Madame, Monsieur,\n\nVous trouverez ci-joint notre relance du {} concernant des factures demeurées impayées : au {}, la somme due s'élève à {}. Le décompte détaillé est également joint.\n\nSi vous avez réglé ces sommes entre-temps, nous vous remercions de ne pas tenir compte de ce message.\n\n{signataire}\n{expediteur}\nRéférence : {}\n",
        date_longue(arrete),
        date_longue(decompte.arrete_au),
        montant_devise(decompte.total, &decompte.devise),
        d.reference
    );
    let mut multi = MultiPart::mixed()
        .boundary(format!("recouvre-{}", &graine[..32]))
        .singlepart(SinglePart::plain(corps));
    for p in &pieces {
        let nom = p.fichier.clone();
        multi = multi.singlepart(Attachment::new(nom).body(
            p.pdf.clone(),
            ContentType::parse("application/pdf").map_err(|e| e.to_string())?,
        ));
    }
    let jour = arrete
        .and_hms_opt(9, 0, 0)
        .unwrap_or_else(|| NaiveDate::MIN.and_hms_opt(0, 0, 0).unwrap_or_default())
        .and_utc()
        .timestamp();
    let date = UNIX_EPOCH + Duration::from_secs(u64::try_from(jour).unwrap_or(0));
    let message = Message::builder()
        .from(de)
        .to(a)
        .subject(format!(
            "Relance — factures impayées — référence {}",
            d.reference
        ))
        .date(date)
        .message_id(Some(format!(
            "<{}.{}@recouvre.invalid>",
            &graine[..24],
            d.reference
        )))
        .multipart(multi)
        .map_err(|e| e.to_string())?;
    Ok(message.formatted())
}

/// The mailroom's list: one line per registered letter, by reference (CSV cells cannot become
/// formulas).
pub fn liste_lrar(envois: &[(&str, &Envoi)]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["reference", "destinataire", "adresse", "document"])
        .map_err(|e| e.to_string())?;
    let mut lignes: Vec<&(&str, &Envoi)> = envois
        .iter()
        .filter(|(_, e)| e.mode == Mode::Lrar)
        .collect();
    lignes.sort_by(|a, b| a.0.cmp(b.0));
    for (reference, e) in lignes {
        // Plain spaces for the mailroom's label software (documents keep their no-break spaces).
        let adresse = e.adresse.join(", ").replace(['\u{a0}', '\u{202f}'], " ");
        let cellules = [*reference, &e.destinataire, &adresse, &e.document];
        w.write_record(
            cellules
                .map(super::rapport::cellule)
                .iter()
                .map(|c| c.as_ref()),
        )
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

//! E-invoices: UBL 2.1 (Invoice, CreditNote), UN/CEFACT CII (EN 16931, Factur-X profiles) and
//! Factur-X / ZUGFeRD PDFs, read as streams with quick-xml: no DOM of untrusted size, no DTD,
//! no entity expansion. Field paths: reference/formats.md §5.

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

use super::fichier::{self, taille_lisible, ErreurFichier};
use super::pdf::{self, Lecture, RefusPdf};
use crate::model::de::parse_decimal;

/// XML or PDF files above this size are refused, and so is an embedded XML that inflates
/// beyond it (checked while inflating): an invoice is kilobytes, a PDF a few megabytes.
pub const TAILLE_MAX: u64 = 64 * 1024 * 1024;
/// Deepest nesting of XML elements accepted.
pub const PROFONDEUR_MAX_XML: usize = 64;
/// Most attributes one XML element may carry (an e-invoice element has a handful; the root
/// a few namespace declarations). quick-xml's duplicate check is quadratic, so it is off and
/// this bound is ours.
pub const ATTRIBUTS_MAX_XML: usize = 256;
/// Longest text of one XML element.
pub const TEXTE_MAX_XML: usize = 1024 * 1024;
/// Address lines kept per party (more are ignored).
const LIGNES_MAX: usize = 16;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PartieLue {
    pub nom: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub tva: Option<String>,
    pub lignes: Vec<String>,
    pub code_postal: Option<String>,
    pub ville: Option<String>,
    pub pays: Option<String>,
    pub email: Option<String>,
}

/// One e-invoice as read (before grouping into cases).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactureLue {
    pub source: String,
    /// `ubl`, `cii` or `factur-x`.
    pub format: String,
    pub numero: Option<String>,
    /// BT-3: 380 invoice, 381 credit note...
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub date: Option<NaiveDate>,
    pub echeance: Option<NaiveDate>,
    pub devise: Option<String>,
    /// BT-115.
    #[serde(serialize_with = "ser_opt")]
    pub montant_du: Option<Decimal>,
    /// BT-113.
    #[serde(serialize_with = "ser_opt")]
    pub paye: Option<Decimal>,
    /// BT-112.
    #[serde(serialize_with = "ser_opt")]
    pub total_ttc: Option<Decimal>,
    pub vendeur: PartieLue,
    pub acheteur: PartieLue,
    /// BT-20.
    pub conditions: Option<String>,
    /// A credit note's invoice (BT-25).
    pub facture_liee: Option<String>,
}

fn ser_opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&crate::format::deux_decimales(*d)),
        None => s.serialize_none(),
    }
}

impl FactureLue {
    fn vide(source: &str, format: &str) -> Self {
        FactureLue {
            source: source.to_owned(),
            format: format.to_owned(),
            numero: None,
            type_: None,
            date: None,
            echeance: None,
            devise: None,
            montant_du: None,
            paye: None,
            total_ttc: None,
            vendeur: PartieLue::default(),
            acheteur: PartieLue::default(),
            conditions: None,
            facture_liee: None,
        }
    }

    /// A credit note (UBL CreditNote, or type 381/261/262/396/532).
    pub fn est_avoir(&self) -> bool {
        matches!(
            self.type_.as_deref(),
            Some("381" | "261" | "262" | "296" | "308" | "396" | "420" | "458" | "532")
        )
    }
}

/// Why an e-invoice file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ErreurLecture {
    /// Missing, not a regular file, too large.
    #[error(transparent)]
    Fichier(#[from] ErreurFichier),
    #[error("{source_} : {raison}")]
    Contenu { source_: String, raison: Raison },
}

impl ErreurLecture {
    /// The reason alone, without the file name.
    pub fn raison(&self) -> String {
        match self {
            ErreurLecture::Fichier(e) => e.to_string(),
            ErreurLecture::Contenu { raison, .. } => raison.to_string(),
        }
    }
}

/// What is wrong inside an e-invoice (XML or Factur-X PDF).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Raison {
    #[error("XML illisible à l'octet {position} : {detail}")]
    XmlIllisible { position: u64, detail: String },
    #[error("DOCTYPE refusé : une facture électronique n'en contient pas (protection contre l'expansion d'entités)")]
    Doctype,
    #[error("document XML tronqué à l'octet {position} : élément « {element} » non fermé")]
    Tronque { position: u64, element: String },
    #[error("élément racine « {0} » : ni facture UBL (Invoice, CreditNote) ni CII (CrossIndustryInvoice)")]
    Racine(String),
    #[error("imbrication XML trop profonde (plus de {PROFONDEUR_MAX_XML} éléments)")]
    Profondeur,
    #[error("élément à plus de {ATTRIBUTS_MAX_XML} attributs à l'octet {position}")]
    Attributs { position: u64 },
    #[error("texte illisible à l'octet {position} : {detail}")]
    TexteIllisible { position: u64, detail: String },
    #[error("texte démesuré à l'octet {position} (plus de {})", taille_lisible(TEXTE_MAX_XML as u64))]
    TexteDemesure { position: u64 },
    #[error("entité « &{nom}; » refusée à l'octet {position}")]
    Entite { nom: String, position: u64 },
    #[error("document XML vide")]
    Vide,
    #[error("numéro de facture (BT-1) introuvable")]
    SansNumero,
    #[error("PDF refusé : {0}")]
    PdfRefuse(RefusPdf),
    #[error("PDF illisible ({0})")]
    PdfIllisible(&'static str),
    #[error("pièce jointe « {nom} » illisible ({detail})")]
    PieceJointeIllisible { nom: String, detail: String },
    #[error("pièce jointe « {nom} » trop volumineuse (plus de {limite} une fois décompressée)")]
    PieceJointeTropGrosse { nom: String, limite: String },
    #[error("PDF sans facture XML jointe : ce n'est pas un PDF Factur-X")]
    PasFacturX,
    #[error("aucune pièce jointe nommée factur-x.xml (pièces jointes : {0})")]
    AucunXmlNomme(String),
}

fn date_ubl(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn date_cii(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y%m%d")
        .ok()
        .or_else(|| date_ubl(t))
}

fn montant(s: &str) -> Option<Decimal> {
    parse_decimal(s).ok()
}

fn local(nom: &[u8]) -> String {
    let n = match nom.iter().position(|&b| b == b':') {
        Some(i) => &nom[i + 1..],
        None => nom,
    };
    String::from_utf8_lossy(n).into_owned()
}

/// Applies a legal identifier by its scheme: 0002 SIREN, 0009 SIRET (ISO 6523 ICD).
fn identifiant(p: &mut PartieLue, schema: Option<&str>, valeur: &str) {
    let v: String = valeur.chars().filter(|c| !c.is_whitespace()).collect();
    match schema {
        Some("0002") if v.len() == 9 => {
            p.siren.get_or_insert(v);
        }
        Some("0009") if v.len() == 14 => {
            p.siren.get_or_insert(v[..9].to_owned());
            p.siret.get_or_insert(v);
        }
        _ => {}
    }
}

/// Reads the XML of an e-invoice, UBL or CII, recognised by its root element.
pub fn lire_xml(octets: &[u8], source: &str) -> Result<FactureLue, ErreurLecture> {
    lire_xml_brut(octets, source).map_err(|raison| ErreurLecture::Contenu {
        source_: source.to_owned(),
        raison,
    })
}

/// The `schemeID` of an element, its attributes read once each and at most
/// [`ATTRIBUTS_MAX_XML`] of them.
fn schema(e: &BytesStart, position: u64) -> Result<Option<String>, Raison> {
    let mut schema = None;
    for (n, a) in e.attributes().with_checks(false).enumerate() {
        if n >= ATTRIBUTS_MAX_XML {
            return Err(Raison::Attributs { position });
        }
        let Ok(a) = a else { continue };
        if schema.is_none() && local(a.key.as_ref()) == "schemeID" {
            schema = a.unescape_value().ok().map(|v| v.into_owned());
        }
    }
    Ok(schema)
}

fn lire_xml_brut(octets: &[u8], source: &str) -> Result<FactureLue, Raison> {
    // Text is accumulated per element and trimmed at its end (entities split text events).
    let mut r = quick_xml::Reader::from_reader(octets);
    let mut pile: Vec<String> = Vec::new();
    let mut attributs: Vec<Option<String>> = Vec::new();
    let mut textes: Vec<String> = Vec::new();
    let mut f: Option<FactureLue> = None;
    let mut buf = Vec::new();
    let mut racine = String::new();
    loop {
        let pos = r.buffer_position();
        match r.read_event_into(&mut buf) {
            Err(e) => {
                return Err(Raison::XmlIllisible {
                    position: pos,
                    detail: e.to_string(),
                })
            }
            Ok(Event::DocType(_)) => return Err(Raison::Doctype),
            Ok(Event::Eof) => {
                if let Some(ouvert) = pile.last() {
                    return Err(Raison::Tronque {
                        position: pos,
                        element: ouvert.clone(),
                    });
                }
                break;
            }
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if pile.is_empty() && f.is_none() => {
                schema(&e, pos)?;
                let nom = local(e.name().as_ref());
                racine = nom.clone();
                f = Some(match nom.as_str() {
                    "Invoice" => FactureLue::vide(source, "ubl"),
                    "CreditNote" => {
                        let mut x = FactureLue::vide(source, "ubl");
                        x.type_ = Some("381".into());
                        x
                    }
                    "CrossIndustryInvoice" => FactureLue::vide(source, "cii"),
                    autre => return Err(Raison::Racine(autre.to_owned())),
                });
                pile.push(nom);
                attributs.push(None);
                textes.push(String::new());
            }
            Ok(Event::Start(e)) => {
                if pile.len() >= PROFONDEUR_MAX_XML {
                    return Err(Raison::Profondeur);
                }
                let schema = schema(&e, pos)?;
                pile.push(local(e.name().as_ref()));
                attributs.push(schema);
                textes.push(String::new());
            }
            Ok(Event::Empty(e)) => {
                schema(&e, pos)?;
            }
            Ok(Event::Text(t)) => {
                let texte = t.decode().map_err(|e| Raison::TexteIllisible {
                    position: pos,
                    detail: e.to_string(),
                })?;
                ajouter_texte(&mut textes, &texte, pos)?;
            }
            Ok(Event::CData(t)) => {
                let texte = t.decode().map_err(|e| Raison::TexteIllisible {
                    position: pos,
                    detail: e.to_string(),
                })?;
                ajouter_texte(&mut textes, &texte, pos)?;
            }
            Ok(Event::GeneralRef(e)) => {
                // Only the five predefined entities and character references: no DTD, no expansion.
                let c = if e.is_char_ref() {
                    e.resolve_char_ref().ok().flatten()
                } else {
                    let nom: &[u8] = &e;
                    match nom {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    }
                };
                let c = c.ok_or_else(|| Raison::Entite {
                    nom: String::from_utf8_lossy(&e).into_owned(),
                    position: pos,
                })?;
                ajouter_texte(&mut textes, c.encode_utf8(&mut [0; 4]), pos)?;
            }
            Ok(Event::End(_)) => {
                let texte = textes.pop().unwrap_or_default();
                let schema = attributs.pop().flatten();
                if let Some(x) = f.as_mut() {
                    let texte = texte.trim();
                    if !texte.is_empty() && pile.len() > 1 {
                        let chemin: Vec<&str> = pile.iter().map(String::as_str).collect();
                        if racine == "CrossIndustryInvoice" {
                            cii(x, &chemin[1..], schema.as_deref(), texte);
                        } else {
                            ubl(x, &chemin[1..], schema.as_deref(), texte);
                        }
                    }
                }
                pile.pop();
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    let f = f.ok_or(Raison::Vide)?;
    if f.numero.is_none() {
        return Err(Raison::SansNumero);
    }
    Ok(f)
}

/// Text is accumulated per element, at most [`TEXTE_MAX_XML`] bytes each.
fn ajouter_texte(textes: &mut [String], texte: &str, position: u64) -> Result<(), Raison> {
    if let Some(courant) = textes.last_mut() {
        if courant.len() + texte.len() > TEXTE_MAX_XML {
            return Err(Raison::TexteDemesure { position });
        }
        courant.push_str(texte);
    }
    Ok(())
}

fn ligne(p: &mut PartieLue, t: &str) {
    if p.lignes.len() < LIGNES_MAX {
        p.lignes.push(t.to_owned());
    }
}

fn partie_ubl(p: &mut PartieLue, c: &[&str], schema: Option<&str>, t: &str) {
    match c {
        ["PartyLegalEntity", "RegistrationName"] => p.nom = Some(t.to_owned()),
        ["PartyName", "Name"] => {
            p.nom.get_or_insert_with(|| t.to_owned());
        }
        ["PartyLegalEntity", "CompanyID"] | ["PartyIdentification", "ID"] => {
            identifiant(p, schema, t)
        }
        ["PartyTaxScheme", "CompanyID"] => {
            p.tva.get_or_insert_with(|| t.to_owned());
        }
        ["PostalAddress", "StreetName"]
        | ["PostalAddress", "AdditionalStreetName"]
        | ["PostalAddress", "AddressLine", "Line"] => ligne(p, t),
        ["PostalAddress", "PostalZone"] => p.code_postal = Some(t.to_owned()),
        ["PostalAddress", "CityName"] => p.ville = Some(t.to_owned()),
        ["PostalAddress", "Country", "IdentificationCode"] => p.pays = Some(t.to_owned()),
        ["Contact", "ElectronicMail"] => p.email = Some(t.to_owned()),
        _ => {}
    }
}

fn ubl(f: &mut FactureLue, c: &[&str], schema: Option<&str>, t: &str) {
    match c {
        ["ID"] => f.numero = Some(t.to_owned()),
        ["IssueDate"] => f.date = date_ubl(t),
        ["DueDate"] => f.echeance = date_ubl(t),
        ["PaymentMeans", "PaymentDueDate"] if f.echeance.is_none() => {
            f.echeance = date_ubl(t);
        }
        ["InvoiceTypeCode"] | ["CreditNoteTypeCode"] => f.type_ = Some(t.to_owned()),
        ["DocumentCurrencyCode"] => f.devise = Some(t.to_owned()),
        ["LegalMonetaryTotal", "PayableAmount"] => f.montant_du = montant(t),
        ["LegalMonetaryTotal", "PrepaidAmount"] => f.paye = montant(t),
        ["LegalMonetaryTotal", "TaxInclusiveAmount"] => f.total_ttc = montant(t),
        ["PaymentTerms", "Note"] => {
            f.conditions.get_or_insert_with(|| t.to_owned());
        }
        ["BillingReference", "InvoiceDocumentReference", "ID"] => {
            f.facture_liee.get_or_insert_with(|| t.to_owned());
        }
        ["AccountingSupplierParty", "Party", reste @ ..] => {
            partie_ubl(&mut f.vendeur, reste, schema, t)
        }
        ["AccountingCustomerParty", "Party", reste @ ..] => {
            partie_ubl(&mut f.acheteur, reste, schema, t)
        }
        _ => {}
    }
}

fn partie_cii(p: &mut PartieLue, c: &[&str], schema: Option<&str>, t: &str) {
    match c {
        ["Name"] => p.nom = Some(t.to_owned()),
        ["SpecifiedLegalOrganization", "ID"] | ["ID"] | ["GlobalID"] => identifiant(p, schema, t),
        ["SpecifiedTaxRegistration", "ID"] if schema == Some("VA") => p.tva = Some(t.to_owned()),
        ["PostalTradeAddress", "LineOne" | "LineTwo" | "LineThree"] => ligne(p, t),
        ["PostalTradeAddress", "PostcodeCode"] => p.code_postal = Some(t.to_owned()),
        ["PostalTradeAddress", "CityName"] => p.ville = Some(t.to_owned()),
        ["PostalTradeAddress", "CountryID"] => p.pays = Some(t.to_owned()),
        ["URIUniversalCommunication", "URIID"] => {
            p.email.get_or_insert_with(|| t.to_owned());
        }
        _ => {}
    }
}

fn cii(f: &mut FactureLue, c: &[&str], schema: Option<&str>, t: &str) {
    match c {
        ["ExchangedDocument", "ID"] => f.numero = Some(t.to_owned()),
        ["ExchangedDocument", "TypeCode"] => f.type_ = Some(t.to_owned()),
        ["ExchangedDocument", "IssueDateTime", "DateTimeString"] => f.date = date_cii(t),
        ["SupplyChainTradeTransaction", "ApplicableHeaderTradeAgreement", "SellerTradeParty", reste @ ..] => {
            partie_cii(&mut f.vendeur, reste, schema, t)
        }
        ["SupplyChainTradeTransaction", "ApplicableHeaderTradeAgreement", "BuyerTradeParty", reste @ ..] => {
            partie_cii(&mut f.acheteur, reste, schema, t)
        }
        ["SupplyChainTradeTransaction", "ApplicableHeaderTradeSettlement", reste @ ..] => {
            match reste {
                ["InvoiceCurrencyCode"] => f.devise = Some(t.to_owned()),
                ["SpecifiedTradePaymentTerms", "DueDateDateTime", "DateTimeString"]
                    if f.echeance.is_none() =>
                {
                    f.echeance = date_cii(t);
                }
                ["SpecifiedTradePaymentTerms", "Description"] => {
                    f.conditions.get_or_insert_with(|| t.to_owned());
                }
                ["SpecifiedTradeSettlementHeaderMonetarySummation", "DuePayableAmount"] => {
                    f.montant_du = montant(t)
                }
                ["SpecifiedTradeSettlementHeaderMonetarySummation", "TotalPrepaidAmount"] => {
                    f.paye = montant(t)
                }
                ["SpecifiedTradeSettlementHeaderMonetarySummation", "GrandTotalAmount"] => {
                    // Some profiles repeat it with the tax currency: keep the first.
                    f.total_ttc
                        .get_or_insert_with(|| montant(t).unwrap_or_default());
                }
                ["InvoiceReferencedDocument", "IssuerAssignedID"] => {
                    f.facture_liee.get_or_insert_with(|| t.to_owned());
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// Names of the XML a Factur-X / ZUGFeRD / XRechnung PDF embeds, in order of preference.
const NOMS_XML: &[&str] = &[
    "factur-x.xml",
    "zugferd-invoice.xml",
    "ZUGFeRD-invoice.xml",
    "xrechnung.xml",
    "order-x.xml",
];

/// Extracts the invoice XML embedded in a PDF/A-3, chosen by name among its attachments.
/// The PDF goes through the pre-scan of [`pdf`] first; each attachment is inflated through
/// a bounded reader, never beyond [`TAILLE_MAX`].
pub fn xml_de_pdf(octets: Arc<[u8]>, source: &str) -> Result<Vec<u8>, ErreurLecture> {
    xml_de_pdf_brut(octets).map_err(|raison| ErreurLecture::Contenu {
        source_: source.to_owned(),
        raison,
    })
}

fn xml_de_pdf_brut(octets: Arc<[u8]>) -> Result<Vec<u8>, Raison> {
    let jointes = match pdf::lire_pdf(octets, pieces_jointes) {
        Err(refus) => return Err(Raison::PdfRefuse(refus)),
        Ok(Lecture::NonLu(pourquoi)) => return Err(Raison::PdfIllisible(pourquoi)),
        Ok(Lecture::Lu(j)) => j,
    };
    let mut trouves: Vec<(String, Vec<u8>)> = Vec::new();
    for (nom, contenu) in jointes {
        trouves.push((nom, contenu?));
    }
    for voulu in NOMS_XML {
        if let Some(i) = trouves
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(voulu))
        {
            return Ok(trouves.swap_remove(i).1);
        }
    }
    let noms: Vec<&str> = trouves.iter().map(|(n, _)| n.as_str()).collect();
    Err(if noms.is_empty() {
        Raison::PasFacturX
    } else {
        Raison::AucunXmlNomme(noms.join(", "))
    })
}

/// The attachments of a PDF (file specifications with an embedded file), by name, each
/// decoded within [`TAILLE_MAX`] bytes. Runs on hayro's thread.
fn pieces_jointes(pdf: &hayro_syntax::Pdf) -> Vec<(String, Result<Vec<u8>, Raison>)> {
    use hayro_syntax::object::{Dict, Object, Stream};
    use hayro_syntax::Filter;
    let mut v = Vec::new();
    for o in pdf.objects() {
        let Object::Dict(d) = o else { continue };
        let Some(ef) = d.get::<Dict>(b"EF") else {
            continue;
        };
        let nom = d
            .get::<hayro_syntax::object::String>(b"UF")
            .or_else(|| d.get::<hayro_syntax::object::String>(b"F"))
            .map(|s| decoder_texte_pdf(s.as_bytes()))
            .unwrap_or_default();
        let Some(flux) = ef.get::<Stream>(b"F").or_else(|| ef.get::<Stream>(b"UF")) else {
            continue;
        };
        let brut = flux.raw_data();
        let contenu = match flux.filters().as_slice() {
            [] if brut.len() as u64 > TAILLE_MAX => Err(Raison::PieceJointeTropGrosse {
                nom: nom.clone(),
                limite: taille_lisible(TAILLE_MAX),
            }),
            [] => Ok(brut.into_owned()),
            [Filter::FlateDecode] => match pdf::inflater_borne(&brut, TAILLE_MAX) {
                Ok(x) => Ok(x),
                Err(pdf::ErreurInflation::TropGros) => Err(Raison::PieceJointeTropGrosse {
                    nom: nom.clone(),
                    limite: taille_lisible(TAILLE_MAX),
                }),
                Err(pdf::ErreurInflation::Illisible(detail)) => Err(Raison::PieceJointeIllisible {
                    nom: nom.clone(),
                    detail,
                }),
            },
            autres => Err(Raison::PieceJointeIllisible {
                nom: nom.clone(),
                detail: format!("filtres {autres:?} non pris en charge"),
            }),
        };
        v.push((nom, contenu));
    }
    v
}

/// PDF text strings: UTF-16BE with a BOM, or PDFDocEncoding (Latin-1 close enough for names).
fn decoder_texte_pdf(b: &[u8]) -> String {
    if b.starts_with(&[0xFE, 0xFF]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .filter(|c| c.len() == 2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&u)
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

/// Reads an e-invoice file: XML (UBL or CII) or Factur-X PDF, a regular file of at most
/// [`TAILLE_MAX`] bytes.
pub fn lire_fichier(chemin: &Path) -> Result<FactureLue, ErreurLecture> {
    let source = chemin.display().to_string();
    let octets = fichier::lire_borne(chemin, TAILLE_MAX)?;
    if octets.starts_with(b"%PDF") {
        let xml = xml_de_pdf(octets.into(), &source)?;
        let mut f = lire_xml(&xml, &source)?;
        f.format = "factur-x".into();
        Ok(f)
    } else {
        lire_xml(&octets, &source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(rel: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/einvoices")
            .join(rel)
    }

    #[test]
    fn hostile_xml_is_refused() {
        let bombe = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Invoice><ID>&lol2;</ID></Invoice>"#;
        assert!(lire_xml(bombe, "x")
            .unwrap_err()
            .raison()
            .contains("DOCTYPE"));
        let f = lire_xml(b"<Invoice><ID>A&amp;B&#233;</ID><AccountingSupplierParty><Party><PartyName><Name>Dupont &amp; Fils</Name></PartyName></Party></AccountingSupplierParty></Invoice>", "x").unwrap();
        assert_eq!(f.numero.as_deref(), Some("A&Bé"));
        assert_eq!(f.vendeur.nom.as_deref(), Some("Dupont & Fils"));
        assert!(lire_xml(b"<Invoice><ID>&xxe;</ID></Invoice>", "x")
            .unwrap_err()
            .raison()
            .contains("refusée"));
        assert!(lire_xml(b"<Invoice><ID>1</Invoic>", "x").is_err());
        assert!(lire_xml(b"\xff\xfe<\x00", "x").is_err());
        assert!(lire_xml(b"<Commande/>", "x")
            .unwrap_err()
            .raison()
            .contains("racine"));
        let profond = "<a>".repeat(10_000);
        assert!(lire_xml(format!("<Invoice>{profond}").as_bytes(), "x").is_err());
    }

    #[test]
    fn facturx_pdf_picks_the_xml_by_name() {
        let p = corpus("factur-x/invoice_EN16931.pdf");
        if !p.exists() {
            panic!("corpus absent : {}", p.display());
        }
        let f = lire_fichier(&p).unwrap();
        assert_eq!(f.format, "factur-x");
        assert!(f.numero.is_some());
        assert!(f.montant_du.is_some());
    }
}

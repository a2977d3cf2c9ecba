//! E-invoices: UBL 2.1 (Invoice, CreditNote), UN/CEFACT CII (EN 16931, Factur-X profiles) and
//! Factur-X / ZUGFeRD PDFs, read as streams with quick-xml: no DOM of untrusted size, no DTD,
//! no entity expansion. Field paths: reference/formats.md §5.

use chrono::NaiveDate;
use quick_xml::events::Event;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;

use crate::model::de::parse_decimal;

/// XML or PDF files above this size are refused (an invoice is kilobytes; a PDF a few MB).
pub const TAILLE_MAX: u64 = 64 * 1024 * 1024;
/// Deepest nesting accepted.
const PROFONDEUR_MAX: usize = 64;

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

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{source_} : {message}")]
pub struct ErreurLecture {
    pub source_: String,
    pub message: String,
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
    let err = |message: String| ErreurLecture {
        source_: source.to_owned(),
        message,
    };
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
            Err(e) => return Err(err(format!("XML illisible à l'octet {pos} : {e}"))),
            Ok(Event::DocType(_)) => {
                return Err(err("DOCTYPE refusé : une facture électronique n'en contient pas (protection contre l'expansion d'entités)".into()))
            }
            Ok(Event::Eof) => {
                if let Some(ouvert) = pile.last() {
                    return Err(err(format!("document XML tronqué à l'octet {pos} : élément « {ouvert} » non fermé")));
                }
                break;
            }
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if pile.is_empty() && f.is_none() => {
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
                    autre => {
                        return Err(err(format!(
                            "élément racine « {autre} » : ni facture UBL (Invoice, CreditNote) ni CII (CrossIndustryInvoice)"
                        )))
                    }
                });
                pile.push(nom);
                attributs.push(None);
                textes.push(String::new());
            }
            Ok(Event::Start(e)) => {
                let schema = e
                    .attributes()
                    .flatten()
                    .find(|a| local(a.key.as_ref()) == "schemeID")
                    .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
                pile.push(local(e.name().as_ref()));
                attributs.push(schema);
                textes.push(String::new());
                if pile.len() > PROFONDEUR_MAX {
                    return Err(err("imbrication XML trop profonde".into()));
                }
            }
            Ok(Event::Text(t)) => {
                let texte = t.decode().map_err(|e| err(format!("texte illisible à l'octet {pos} : {e}")))?;
                if let Some(courant) = textes.last_mut() {
                    if courant.len() + texte.len() > 1024 * 1024 {
                        return Err(err(format!("texte démesuré à l'octet {pos}")));
                    }
                    courant.push_str(&texte);
                }
            }
            Ok(Event::CData(t)) => {
                let texte = t.decode().map_err(|e| err(format!("texte illisible à l'octet {pos} : {e}")))?;
                if let Some(courant) = textes.last_mut() {
                    courant.push_str(&texte);
                }
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
                let c = c.ok_or_else(|| err(format!("entité « &{}; » refusée à l'octet {pos}", String::from_utf8_lossy(&e))))?;
                if let Some(courant) = textes.last_mut() {
                    courant.push(c);
                }
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
    let f = f.ok_or_else(|| err("document XML vide".into()))?;
    if f.numero.is_none() {
        return Err(err("numéro de facture (BT-1) introuvable".into()));
    }
    Ok(f)
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
        | ["PostalAddress", "AddressLine", "Line"] => p.lignes.push(t.to_owned()),
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
        ["PostalTradeAddress", "LineOne" | "LineTwo" | "LineThree"] => p.lignes.push(t.to_owned()),
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
pub fn xml_de_pdf(octets: &[u8], source: &str) -> Result<Vec<u8>, ErreurLecture> {
    use hayro_syntax::object::{Dict, Object, Stream};
    let err = |message: String| ErreurLecture {
        source_: source.to_owned(),
        message,
    };
    let pdf = hayro_syntax::Pdf::new(octets.to_vec())
        .map_err(|e| err(format!("PDF illisible ({e:?})")))?;
    let mut trouves: Vec<(String, Vec<u8>)> = Vec::new();
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
        let contenu = flux
            .decoded()
            .map_err(|e| err(format!("pièce jointe « {nom} » illisible ({e:?})")))?;
        if contenu.len() as u64 > TAILLE_MAX {
            return Err(err(format!("pièce jointe « {nom} » trop volumineuse")));
        }
        trouves.push((nom, contenu.into_owned()));
    }
    for voulu in NOMS_XML {
        if let Some((_, c)) = trouves.iter().find(|(n, _)| n.eq_ignore_ascii_case(voulu)) {
            return Ok(c.clone());
        }
    }
    let noms: Vec<&str> = trouves.iter().map(|(n, _)| n.as_str()).collect();
    Err(err(if noms.is_empty() {
        "PDF sans facture XML jointe : ce n'est pas un PDF Factur-X".into()
    } else {
        format!(
            "aucune pièce jointe nommée factur-x.xml (pièces jointes : {})",
            noms.join(", ")
        )
    }))
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

/// Reads an e-invoice file: XML (UBL or CII) or Factur-X PDF.
pub fn lire_fichier(chemin: &Path) -> Result<FactureLue, ErreurLecture> {
    let source = chemin.display().to_string();
    let err = |message: String| ErreurLecture {
        source_: source.clone(),
        message,
    };
    let meta = std::fs::metadata(chemin).map_err(|e| err(format!("lecture impossible ({e})")))?;
    if meta.len() > TAILLE_MAX {
        return Err(err(format!(
            "fichier trop volumineux ({} octets) pour une facture",
            meta.len()
        )));
    }
    let octets = std::fs::read(chemin).map_err(|e| err(format!("lecture impossible ({e})")))?;
    if octets.starts_with(b"%PDF") {
        let xml = xml_de_pdf(&octets, &source)?;
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
            .message
            .contains("DOCTYPE"));
        let f = lire_xml(b"<Invoice><ID>A&amp;B&#233;</ID><AccountingSupplierParty><Party><PartyName><Name>Dupont &amp; Fils</Name></PartyName></Party></AccountingSupplierParty></Invoice>", "x").unwrap();
        assert_eq!(f.numero.as_deref(), Some("A&Bé"));
        assert_eq!(f.vendeur.nom.as_deref(), Some("Dupont & Fils"));
        assert!(lire_xml(b"<Invoice><ID>&xxe;</ID></Invoice>", "x")
            .unwrap_err()
            .message
            .contains("refusée"));
        assert!(lire_xml(b"<Invoice><ID>1</Invoic>", "x").is_err());
        assert!(lire_xml(b"\xff\xfe<\x00", "x").is_err());
        assert!(lire_xml(b"<Commande/>", "x")
            .unwrap_err()
            .message
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

//! The readers of untrusted files never panic, never hang, stay bounded: random bytes and
//! mutations of real e-invoices (UBL, CII), FEC lines, bulk CSV rows and PDF exhibits go
//! through them and come out as a value or an error.

use proptest::prelude::*;
use recouvre::ingest::facture_electronique::lire_xml;
use recouvre::ingest::{csv::lire_csv, fec::lire_fec, pieces::compter_pages};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Small UBL and CII invoices written here, in the shapes of the public corpus.
const UBL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>F-2026-7</cbc:ID><cbc:IssueDate>2026-01-15</cbc:IssueDate><cbc:DueDate>2026-02-14</cbc:DueDate>
<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Vendeur &amp; Fils</cbc:Name></cac:PartyName>
<cac:PartyLegalEntity><cbc:CompanyID schemeID="0002">732829320</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Client SARL</cbc:Name></cac:PartyName>
<cac:PostalAddress><cbc:StreetName>1 rue A</cbc:StreetName><cbc:CityName>Lyon</cbc:CityName><cbc:PostalZone>69002</cbc:PostalZone></cac:PostalAddress></cac:Party></cac:AccountingCustomerParty>
<cac:LegalMonetaryTotal><cbc:TaxInclusiveAmount currencyID="EUR">1200.00</cbc:TaxInclusiveAmount><cbc:PrepaidAmount currencyID="EUR">200.00</cbc:PrepaidAmount><cbc:PayableAmount currencyID="EUR">1000.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>"#;
const CII: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocument><ram:ID>F-2026-8</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20260115</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
<ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Vendeur SA</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">732829320</ram:ID></ram:SpecifiedLegalOrganization></ram:SellerTradeParty>
<ram:BuyerTradeParty><ram:Name>Client SARL</ram:Name><ram:PostalTradeAddress><ram:PostcodeCode>69002</ram:PostcodeCode><ram:LineOne>1 rue A</ram:LineOne><ram:CityName>Lyon</ram:CityName></ram:PostalTradeAddress></ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20260214</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:GrandTotalAmount>1200.00</ram:GrandTotalAmount><ram:DuePayableAmount>1200.00</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"#;
const PDF: &[u8] = include_bytes!("../fixtures/exemple/pieces/F-2026-0101.pdf");
const FEC: &str = include_str!("../fixtures/import/732829320FEC20260630.txt");
const CSV: &str = include_str!("../fixtures/lot/portefeuille.csv");

/// Each reader call must come back quickly, even on hostile input (debug build).
fn vite<T>(f: impl FnOnce() -> T) -> T {
    let debut = Instant::now();
    let r = f();
    assert!(
        debut.elapsed() < Duration::from_secs(20),
        "{:?}",
        debut.elapsed()
    );
    r
}

/// Replaces `[debut, debut + n)` of `texte` with `insere`, on byte positions.
fn muter(texte: &[u8], debut: usize, n: usize, insere: &[u8]) -> Vec<u8> {
    let debut = debut % (texte.len() + 1);
    let fin = (debut + n).min(texte.len());
    let mut v = texte[..debut].to_vec();
    v.extend_from_slice(insere);
    v.extend_from_slice(&texte[fin..]);
    v
}

/// Bytes that break naive readers: syntax of each format, separators, high bytes, nesting.
fn insertion() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(b"<".to_vec()),
        Just(b"]]>".to_vec()),
        Just(b"&#0;".to_vec()),
        Just(b"&unknown;".to_vec()),
        Just(b"<!DOCTYPE x>".to_vec()),
        Just(b"<a b=\"1\" b=\"2\">".to_vec()),
        Just(b"|".to_vec()),
        Just(b"\t".to_vec()),
        Just(b";".to_vec()),
        Just(b",".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\x92\x9c\xe9".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"[[[[[[[[[[[[[[[[".repeat(8)),
        Just(b"<<<<<<<<<<<<<<<<".repeat(8)),
        Just(b"stream\n\x78\x9c".to_vec()),
        Just(b"/Pages /Page /Encrypt /FlateDecode".to_vec()),
        Just(b"99999999999999999999".to_vec()),
    ]
}

fn dans_un_fichier(nom: &str, octets: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join(nom);
    std::fs::write(&f, octets).unwrap();
    (dir, f)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn xml_readers_never_panic(debut in any::<usize>(), n in 0usize..64, insere in insertion(), cii in any::<bool>()) {
        let base = if cii { CII } else { UBL };
        let x = muter(base.as_bytes(), debut, n, &insere);
        match vite(|| lire_xml(&x, "x.xml")) {
            Ok(f) => prop_assert!(f.numero.is_some()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn random_bytes_as_xml_never_panic(octets in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = vite(|| lire_xml(&octets, "x.xml"));
    }

    #[test]
    fn fec_reader_never_panics(debut in any::<usize>(), n in 0usize..64, insere in insertion()) {
        let x = muter(FEC.as_bytes(), debut, n, &insere);
        let (_d, f) = dans_un_fichier("732829320FEC20260630.txt", &x);
        match vite(|| lire_fec(&f)) {
            Ok(l) => prop_assert!(!l.encodage.is_empty()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn csv_reader_never_panics(debut in any::<usize>(), n in 0usize..64, insere in insertion()) {
        let x = muter(CSV.as_bytes(), debut, n, &insere);
        let (_d, f) = dans_un_fichier("lot.csv", &x);
        if let Ok(cas) = vite(|| lire_csv(&f)) {
            for c in cas {
                prop_assert!(!c.reference.is_empty());
                if let Err(e) = c.resultat {
                    prop_assert!(!e.to_string().is_empty());
                }
            }
        }
    }
}

proptest! {
    // Each PDF goes through the pre-scan and a thread of its own: fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn pdf_page_count_never_panics(debut in any::<usize>(), n in 0usize..256, insere in insertion()) {
        let x: Arc<[u8]> = muter(PDF, debut, n, &insere).into();
        let _ = vite(|| compter_pages(&x));
    }

    #[test]
    fn truncated_pdfs_never_panic(coupe in 0usize..PDF.len()) {
        let x: Arc<[u8]> = PDF[..coupe].to_vec().into();
        let _ = vite(|| compter_pages(&x));
    }
}

#[test]
fn the_unmutated_inputs_read() {
    assert!(lire_xml(UBL.as_bytes(), "u").is_ok());
    assert!(lire_xml(CII.as_bytes(), "c").is_ok());
    let x: Arc<[u8]> = PDF.to_vec().into();
    assert_eq!(compter_pages(&x), Ok(Some(1)));
}

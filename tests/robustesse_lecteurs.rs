//! The readers of untrusted files never panic, never hang, stay bounded: random bytes and
//! mutations of real e-invoices (UBL, CII), FEC lines, bulk CSV rows and PDF exhibits go
//! through them and come out as a value or an error.

use proptest::prelude::*;
use recouvre::ingest::facture_electronique::lire_xml;
use recouvre::ingest::{csv::lire_csv, fec::lire_fec, pieces::compter_pages};
use std::sync::Arc;
use std::time::{Duration, Instant};

const UBL: &str = include_str!("../../shared/corpus/einvoices/en16931/ubl/ubl-tc434-example1.xml");
const CII: &str = include_str!("../../shared/corpus/einvoices/en16931/cii/CII_example1.xml");
const PDF: &[u8] = include_bytes!("../fixtures/exemple/pieces/F-2026-0101.pdf");
const FEC: &str = include_str!("../fixtures/import/732829320FEC20260630.txt");
const CSV: &str = include_str!("../fixtures/lot/portefeuille.csv");

/// Each reader call must come back quickly, even on hostile input (debug build).
fn vite<T>(f: impl FnOnce() -> T) -> T {
    let debut = Instant::now();
    let r = f();
    assert!(debut.elapsed() < Duration::from_secs(20), "{:?}", debut.elapsed());
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

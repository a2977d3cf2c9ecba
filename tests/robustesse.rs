//! Bad input never panics: random bytes and random mutations of real case files go through
//! ingest, validation and the décompte, and come out as diagnostics.

use proptest::prelude::*;
use recouvre::ingest::{analyser, Format};
use recouvre::law::{calculer, TablesLoi};
use recouvre::validate::{valider, Contexte};

const EXEMPLE: &str = include_str!("../fixtures/b2b-paiements-partiels/dossier.toml");

fn pipeline(bytes: &[u8], format: Format, tables: &TablesLoi) {
    match analyser(bytes, format) {
        Err(d) => assert!(!d.message.is_empty()),
        Ok(dossier) => {
            let ctx = Contexte {
                arrete: "2026-06-30".parse().unwrap(),
                tables,
                existe: None,
            };
            let diags = valider(&dossier, &ctx);
            if !diags.iter().any(|d| d.est_erreur()) {
                let _ = calculer(&dossier, ctx.arrete, tables);
            }
            // The décompte must not panic even on a case that failed validation.
            let _ = calculer(&dossier, ctx.arrete, tables);
        }
    }
}

/// Values that break naive code: huge, negative, many decimals, far dates.
fn valeur_hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"-1\"".to_owned()),
        Just("\"0\"".to_owned()),
        Just("\"79228162514264337593543950335\"".to_owned()),
        Just("\"0.0000000000000000000000000001\"".to_owned()),
        Just("1e308".to_owned()),
        Just("\"9999-12-31\"".to_owned()),
        Just("\"0001-01-01\"".to_owned()),
        Just("\"2026-02-29\"".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("true".to_owned()),
        Just("\"\"".to_owned()),
        Just("\"../../etc/passwd\"".to_owned()),
        any::<i64>().prop_map(|i| i.to_string()),
        "[a-z0-9 .,-]{0,12}".prop_map(|s| format!("\"{s}\"")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, .. ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let tables = TablesLoi::embarquees().unwrap();
        pipeline(&bytes, Format::Toml, &tables);
        pipeline(&bytes, Format::Json, &tables);
    }

    #[test]
    fn mutated_case_files_never_panic(ligne in 0usize..120, valeur in valeur_hostile(), coupe in 0usize..4000) {
        let tables = TablesLoi::embarquees().unwrap();
        // Replace the value of one `key = value` line with a hostile one.
        let mut lignes: Vec<String> = EXEMPLE.lines().map(str::to_owned).collect();
        let n = lignes.len();
        let l = &mut lignes[ligne % n];
        if let Some((k, _)) = l.split_once(" = ") {
            *l = format!("{k} = {valeur}");
        }
        let texte = lignes.join("\n");
        pipeline(texte.as_bytes(), Format::Toml, &tables);
        // And a truncated file.
        let cut = coupe.min(texte.len());
        pipeline(&texte.as_bytes()[..cut], Format::Toml, &tables);
    }

    /// Arbitrary amounts and dates within the model's range compute or fail cleanly, and
    /// a computed décompte always adds up.
    #[test]
    fn random_cases_compute_or_fail_cleanly(
        montants in proptest::collection::vec(1u64..10_000_000_000_000, 1..4),
        jours in proptest::collection::vec(0i64..40_000, 1..4),
        paiement in 0u64..10_000_000_000_000,
        arrete in 0i64..40_000,
        mode in prop_oneof![Just("l441-10"), Just("legal"), Just("contractuel"), Just("aucun")],
    ) {
        let tables = TablesLoi::embarquees().unwrap();
        let base = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let mut t = format!(
            "reference = \"P\"\narrete_au = \"{}\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n\
             [debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n[creance]\ninterets = \"{mode}\"\ntaux_contractuel = \"12\"\nclause_penale = \"10\"\n",
            base + chrono::Duration::days(arrete)
        );
        for (i, m) in montants.iter().enumerate() {
            let d = base + chrono::Duration::days(jours[i % jours.len()]);
            t.push_str(&format!(
                "[[factures]]\nnumero = \"F{i}\"\ndate = \"{d}\"\necheance = \"{}\"\nmontant = \"{}.{:02}\"\n",
                d + chrono::Duration::days(30), m / 100, m % 100
            ));
        }
        t.push_str(&format!("[[paiements]]\ndate = \"{}\"\nmontant = \"{paiement}\"\n", base + chrono::Duration::days(arrete / 2)));
        t.push_str(&format!("[[evenements]]\ndate = \"{}\"\ntype = \"mise_en_demeure\"\n", base + chrono::Duration::days(arrete / 3)));
        let dossier = analyser(t.as_bytes(), Format::Toml).unwrap();
        let arrete = dossier.arrete_au.unwrap();
        if let Ok(r) = calculer(&dossier, arrete, &tables) {
            let d = r.decompte;
            prop_assert_eq!(d.total, d.principal + d.interets + d.indemnites + d.clause_penale);
            let p: rust_decimal::Decimal = d.factures.iter().map(|f| f.principal).sum();
            prop_assert_eq!(p, d.principal);
            for f in &d.factures {
                prop_assert!(f.principal >= rust_decimal::Decimal::ZERO);
                prop_assert!(f.interets >= rust_decimal::Decimal::ZERO);
                prop_assert_eq!(f.interets_courus - f.interets + f.montant - f.principal, f.paye);
            }
        }
    }
}

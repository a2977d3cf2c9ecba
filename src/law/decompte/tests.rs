use super::*;
use crate::model::exemple::dossier_toml;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn jour(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn tables() -> TablesLoi {
    TablesLoi::embarquees().unwrap()
}

fn dossier(creancier: &str, debiteur: &str, creance: &str, reste: &str) -> Dossier {
    let partie = |nature: &str| {
        if nature == "particulier" {
            "nature = \"particulier\"\nnom = \"Durand\"\nprenoms = \"Léa\"".to_owned()
        } else {
            format!("nature = \"{nature}\"\ndenomination = \"X\"")
        }
    };
    let t = format!(
        "reference = \"T\"\n[creancier]\n{}\n[debiteur]\n{}\n[creance]\n{creance}\n{reste}",
        partie(creancier),
        partie(debiteur)
    );
    dossier_toml(&t)
}

fn calc(d: &Dossier, arrete: &str) -> Decompte {
    calculer(d, jour(arrete), &tables()).unwrap().decompte
}

/// LAW.md V1 (C. com. L441-10 II): 10 000 € due 15/01/2025, arrêté 15/03/2025 →
/// 59 days at 13.15 % = 212.56 €, plus 40 € (D441-5).
#[test]
fn v1_l441_10_single_half_year() {
    let x = dossier("societe", "societe", "interets = \"l441-10\"",
        "[[factures]]\nnumero = \"V1\"\ndate = \"2024-12-16\"\necheance = \"2025-01-15\"\nmontant = \"10000\"");
    let r = calc(&x, "2025-03-15");
    let f = &r.factures[0];
    assert_eq!(f.periodes.len(), 1);
    assert_eq!(f.periodes[0].jours, 59);
    assert_eq!(f.periodes[0].taux, d("13.15"));
    assert_eq!(f.interets, d("212.56"));
    assert_eq!(f.indemnite, d("40.00"));
    assert_eq!(r.total, d("10252.56"));
}

/// LAW.md V2 (L441-10 across half-years): 5 000 € due 15/06/2025, arrêté 31/07/2025 →
/// 27.02 € (15 d at 13.15 %) + 51.60 € (31 d at 12.15 %) = 78.62 €.
#[test]
fn v2_l441_10_across_half_years() {
    let x = dossier("societe", "societe", "",
        "[[factures]]\nnumero = \"V2\"\ndate = \"2025-05-15\"\necheance = \"2025-06-15\"\nmontant = \"5000\"");
    let r = calc(&x, "2025-07-31");
    let p = &r.factures[0].periodes;
    assert_eq!(
        (p[0].jours, p[0].taux, p[0].interets),
        (15, d("13.15"), d("27.02"))
    );
    assert_eq!(
        (p[1].jours, p[1].taux, p[1].interets),
        (31, d("12.15"), d("51.60"))
    );
    assert_eq!(r.interets, d("78.62"));
}

/// LAW.md V3 (C. civ. 1231-6, column B): 20 000 €, mise en demeure 04/11/2024, arrêté
/// 28/02/2025 → 153.67 € (57 d at 4.92 %) + 119.94 € (59 d at 3.71 %) = 273.61 €.
#[test]
fn v3_legal_rate_company_creditor() {
    let x = dossier("societe", "particulier", "interets = \"legal\"",
        "[[factures]]\nnumero = \"V3\"\ndate = \"2024-09-01\"\necheance = \"2024-10-01\"\nmontant = \"20000\"\n\
         [[evenements]]\ndate = \"2024-11-04\"\ntype = \"mise_en_demeure\"");
    let r = calc(&x, "2025-02-28");
    let p = &r.factures[0].periodes;
    assert_eq!(
        (p[0].jours, p[0].taux, p[0].interets),
        (57, d("4.92"), d("153.67"))
    );
    assert_eq!(
        (p[1].jours, p[1].taux, p[1].interets),
        (59, d("3.71"), d("119.94"))
    );
    assert_eq!(r.interets, d("273.61"));
    assert_eq!(r.indemnites, d("0.00"), "never 40 € against a consumer");
}

/// LAW.md V4 (column A, creditor a particulier): 3 000 €, mise en demeure 10/10/2025,
/// arrêté 10/03/2026 → 44.82 € (82 d at 6.65 %) + 37.83 € (69 d at 6.67 %) = 82.65 €.
#[test]
fn v4_legal_rate_private_creditor() {
    let x = dossier("particulier", "particulier", "",
        "[[factures]]\nnumero = \"V4\"\ndate = \"2025-08-01\"\necheance = \"2025-09-01\"\nmontant = \"3000\"\n\
         [[evenements]]\ndate = \"2025-10-10\"\ntype = \"mise_en_demeure\"");
    let r = calc(&x, "2026-03-10");
    assert_eq!(r.mode_interets, ModeInterets::Legal);
    let p = &r.factures[0].periodes;
    assert_eq!(
        (p[0].jours, p[0].taux, p[0].interets),
        (82, d("6.65"), d("44.82"))
    );
    assert_eq!(
        (p[1].jours, p[1].taux, p[1].interets),
        (69, d("6.67"), d("37.83"))
    );
    assert_eq!(r.interets, d("82.65"));
}

/// Service-public F783's formula example: 2 000 € × 30 d × 3.11 % / 36 500 = 5.11 €.
#[test]
fn service_public_formula_example() {
    assert_eq!(interet_periode(d("2000"), d("3.11"), 30), d("5.11"));
}

/// DESIGN.md's example: the 1 000 € paid on 10 March first settles the 38.35 € of
/// interest (C. civ. 1343-1), the rest reduces the principal.
#[test]
fn design_example_payment_pays_interest_first() {
    let x = dossier("societe", "societe", "interets = \"l441-10\"\nindemnite_forfaitaire = true",
        "[[factures]]\nnumero = \"F-2026-0101\"\ndate = \"2026-01-15\"\necheance = \"2026-02-14\"\nmontant = \"4800.00\"\n\
         [[paiements]]\ndate = \"2026-03-10\"\nmontant = \"1000.00\"\nfacture = \"F-2026-0101\"");
    let r = calc(&x, "2026-06-30");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["principal"], "3838.35");
    assert_eq!(json["interets"], "143.10");
    assert_eq!(json["indemnites"], "40.00");
    assert_eq!(json["clause_penale"], "0.00");
    assert_eq!(json["total"], "4021.45");
    let f = &json["factures"][0];
    assert_eq!(f["paye"], "1000.00");
    assert_eq!(f["periodes"][0]["du"], "2026-02-15");
    assert_eq!(f["periodes"][0]["au"], "2026-03-10");
    assert_eq!(f["periodes"][0]["jours"], 24);
    assert_eq!(f["periodes"][0]["taux"], "12.15");
    assert_eq!(f["periodes"][0]["assiette"], "4800.00");
    assert_eq!(f["periodes"][0]["interets"], "38.35");
    assert_eq!(f["periodes"][1]["du"], "2026-03-11");
    assert_eq!(f["periodes"][1]["jours"], 112);
    assert_eq!(f["periodes"][1]["assiette"], "3838.35");
    assert_eq!(f["periodes"][1]["interets"], "143.10");
}

/// C. civ. 1342-10: an unassigned payment goes to the invoice due first; an invoice
/// paid on time owes no 40 €; an invoice not yet due is not claimed.
#[test]
fn imputation_order_and_exigibility() {
    let x = dossier("societe", "societe", "clause_penale = \"10\"",
        "[[factures]]\nnumero = \"B\"\ndate = \"2026-02-01\"\necheance = \"2026-03-01\"\nmontant = \"500\"\n\
         [[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-02-01\"\nmontant = \"300\"\n\
         [[factures]]\nnumero = \"C\"\ndate = \"2026-06-01\"\necheance = \"2026-07-01\"\nmontant = \"900\"\n\
         [[paiements]]\ndate = \"2026-01-20\"\nmontant = \"300\"");
    let r = calc(&x, "2026-06-30");
    assert_eq!(r.factures.len(), 2);
    let a = r.factures.iter().find(|f| f.numero == "A").unwrap();
    assert_eq!(
        (a.paye, a.principal, a.indemnite),
        (d("300.00"), d("0.00"), d("0.00"))
    );
    let b = r.factures.iter().find(|f| f.numero == "B").unwrap();
    assert_eq!(b.indemnite, d("40.00"));
    assert_eq!(r.non_exigibles[0].numero, "C");
    assert_eq!(r.principal, d("500.00"));
    assert_eq!(r.clause_penale, d("50.00"));
}

#[test]
fn overpayment_is_an_error() {
    let x = dossier("societe", "societe", "",
        "[[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-02-01\"\nmontant = \"300\"\n\
         [[paiements]]\ndate = \"2026-01-20\"\nmontant = \"300.01\"");
    let e = calculer(&x, jour("2026-06-30"), &tables()).unwrap_err();
    assert_eq!(e[0].chemin, "paiements[0].montant");
    assert!(e[0].message.contains("dépasse de 0,01"), "{}", e[0].message);
}

/// C. com. L441-10 II: a contractual rate below 3 × the legal rate is raised to it.
#[test]
fn contractual_floor_between_professionals() {
    let x = dossier("societe", "societe", "interets = \"contractuel\"\ntaux_contractuel = \"5\"",
        "[[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"1000\"");
    let r = calculer(&x, jour("2026-03-02"), &tables()).unwrap();
    let p = &r.decompte.factures[0].periodes[0];
    assert_eq!((p.taux, p.regle), (d("7.86"), RegleTaux::Plancher));
    assert!(r
        .avertissements
        .iter()
        .any(|w| w.message.contains("plancher")));
    // Against a consumer the contractual rate applies as written.
    let x = dossier("societe", "particulier", "interets = \"contractuel\"\ntaux_contractuel = \"5\"",
        "[[factures]]\nnumero = \"A\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"1000\"");
    assert_eq!(calc(&x, "2026-03-02").factures[0].periodes[0].taux, d("5"));
}

/// A synthetic horizon (2190), so the test holds when real rates are added to `law/`.
#[test]
fn unknown_half_year_names_it() {
    let x = dossier("societe", "societe", "",
        "[[factures]]\nnumero = \"A\"\ndate = \"2190-01-01\"\necheance = \"2190-01-31\"\nmontant = \"1000\"");
    let e = calculer(&x, jour("2190-08-01"), &tables()).unwrap_err();
    assert!(
        e[0].message.contains("taux 2190-S1 inconnu"),
        "{}",
        e[0].message
    );
    assert!(e[0].aide.as_deref().unwrap().contains("--law"));
}

#[test]
fn exact_rounding_at_the_midpoint() {
    // 36.50 € × 10 % × 1 d / 36 500 = 0.01 exactly; 18.25 € → 0.005 exactly → 0.01 (half-up).
    assert_eq!(interet_periode(d("36.50"), d("10"), 1), d("0.01"));
    assert_eq!(interet_periode(d("18.25"), d("10"), 1), d("0.01"));
    assert_eq!(interet_periode(d("18.24"), d("10"), 1), d("0.00"));
    assert_eq!(
        interet_periode(d("1000000000000"), d("99.99"), 36500),
        d("99990000000000.00")
    );
}

/// C. civ. 1343-2, worked example: 10 000 € at a contractual 10 % (consumer debtor: no
/// floor), mise en demeure on 01/01/2024, arrêté 01/07/2025. First year: 495.89 € (181 d)
/// plus 504.11 € (184 d) plus 2.74 € (1 d) = 1 002.74 €, capitalised on 01/01/2025; then
/// on 11 002.74 €: 542.60 € (180 d) plus 3.01 € (1 d) = 545.61 €.
#[test]
fn capitalisation_yearly_from_the_demand() {
    let x = dossier(
        "societe",
        "particulier",
        "interets = \"contractuel\"\ntaux_contractuel = \"10\"\ncapitalisation = true",
        "[[factures]]\nnumero = \"C1\"\ndate = \"2023-12-01\"\necheance = \"2024-01-01\"\nmontant = \"10000\"\n[[evenements]]\ndate = \"2024-01-01\"\ntype = \"mise_en_demeure\"",
    );
    let r = calc(&x, "2025-07-01");
    let f = &r.factures[0];
    let interets: Vec<Decimal> = f.periodes.iter().map(|p| p.interets).collect();
    assert_eq!(
        interets,
        [d("495.89"), d("504.11"), d("2.74"), d("542.60"), d("3.01")]
    );
    assert_eq!(
        f.capitalisations,
        [Capitalisation {
            date: jour("2025-01-01"),
            montant: d("1002.74")
        }]
    );
    assert_eq!(f.periodes[3].assiette, d("11002.74"));
    assert_eq!(f.principal, d("11002.74"));
    assert_eq!(f.interets, d("545.61"));
    assert_eq!(r.total, d("11548.35"));
    assert!(r.methode.contains("1343-2"), "{}", r.methode);
    // Without the key, simple interest: 495.89 + 504.11 + 498.63 (181 d) + 2.74.
    let sans = dossier(
        "societe",
        "particulier",
        "interets = \"contractuel\"\ntaux_contractuel = \"10\"",
        "[[factures]]\nnumero = \"C1\"\ndate = \"2023-12-01\"\necheance = \"2024-01-01\"\nmontant = \"10000\"\n[[evenements]]\ndate = \"2024-01-01\"\ntype = \"mise_en_demeure\"",
    );
    let r = calc(&sans, "2025-07-01");
    assert!(r.factures[0].capitalisations.is_empty());
    assert_eq!(r.factures[0].principal, d("10000.00"));
}

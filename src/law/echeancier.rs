//! A payment plan (plan d'apurement): the instalments of a sum, equal, or as a constant
//! annuity when the parties agree an interest rate on the balance. Pure arithmetic; what the
//! plan means in law is said by the document (C. civ. 1376, 2240, 1343-5).

use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::format::json;
use crate::model::Periodicite;

use super::decompte::au_centime;

/// One instalment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Versement {
    pub numero: u32,
    pub date: NaiveDate,
    #[serde(serialize_with = "json::montant")]
    pub montant: Decimal,
    /// Part of the instalment that pays the agreed interest.
    #[serde(serialize_with = "json::montant")]
    pub interets: Decimal,
    #[serde(serialize_with = "json::montant")]
    pub capital: Decimal,
    /// Balance after this instalment.
    #[serde(serialize_with = "json::montant")]
    pub restant: Decimal,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ErreurEcheancier {
    #[error("échéancier : au moins un versement")]
    AucunVersement,
    #[error("échéancier : date de versement hors calendrier")]
    Date,
    #[error("échéancier : taux annuel négatif")]
    TauxNegatif,
}

/// The instalments paying `total`: `nombre` of them from `premiere`, every `periodicite`.
/// Without a rate they are equal to the cent, the last one taking the rounding; with an
/// annual rate `taux` (%) each pays the interest of the period on the balance (rate / 12 or
/// / 4) and a constant annuity, the last one settling the balance exactly.
pub fn plan_apurement(
    total: Decimal,
    nombre: u32,
    premiere: NaiveDate,
    periodicite: Periodicite,
    taux: Option<Decimal>,
) -> Result<Vec<Versement>, ErreurEcheancier> {
    if nombre == 0 {
        return Err(ErreurEcheancier::AucunVersement);
    }
    let taux = taux.unwrap_or_default();
    if taux < Decimal::ZERO {
        return Err(ErreurEcheancier::TauxNegatif);
    }
    let periodes_par_an = Decimal::from(12 / periodicite.mois());
    let i = taux / Decimal::from(100) / periodes_par_an;
    let n = Decimal::from(nombre);
    let annuite = if i.is_zero() {
        (total / n).round_dp_with_strategy(2, RoundingStrategy::ToZero)
    } else {
        // A = P·i / (1 − (1 + i)^−n), with (1 + i)^n by repeated products (n is small).
        let mut puissance = Decimal::ONE;
        for _ in 0..nombre {
            puissance = puissance
                .checked_mul(Decimal::ONE + i)
                .ok_or(ErreurEcheancier::Date)?;
        }
        au_centime(total * i * puissance / (puissance - Decimal::ONE))
    };
    let mut restant = total;
    let mut v = Vec::with_capacity(nombre as usize);
    for k in 0..nombre {
        let date = premiere
            .checked_add_months(Months::new(k * periodicite.mois()))
            .ok_or(ErreurEcheancier::Date)?;
        let interets = au_centime(restant * i);
        let capital = if k + 1 == nombre {
            restant
        } else {
            (annuite - interets).min(restant)
        };
        restant -= capital;
        v.push(Versement {
            numero: k + 1,
            date,
            montant: au_centime(capital + interets),
            interets,
            capital: au_centime(capital),
            restant: au_centime(restant),
        });
    }
    Ok(v)
}

/// Where a signed payment plan stands at a date.
#[derive(Debug, Clone, PartialEq)]
pub struct EtatEcheancier {
    /// The acknowledgment's date (the last `reconnaissance_de_dette` on or before the date).
    pub signee: NaiveDate,
    pub plan: Vec<Versement>,
    /// Paid since the acknowledgment, on or before the date.
    pub paye: Decimal,
    /// The first instalment not paid in full, with what remains of it; none: all paid.
    pub prochain: Option<(Versement, Decimal)>,
}

impl EtatEcheancier {
    /// The first unpaid instalment fell due before `date`.
    pub fn en_retard(&self, date: NaiveDate) -> bool {
        self.prochain.as_ref().is_some_and(|(v, _)| v.date < date)
    }
}

/// The plan of a case with `[echeancier]` whose debtor acknowledged the debt (an event
/// `reconnaissance_de_dette`, C. civ. 1376, 2240), as the acknowledgment states it: on the
/// décompte's total at its date; the payments made after it pay the instalments in order.
/// None without a plan or an acknowledgment, or when the décompte cannot be computed (the
/// case's validation says why).
pub fn etat_echeancier(
    dossier: &crate::model::Dossier,
    date: NaiveDate,
    tables: &super::TablesLoi,
) -> Option<EtatEcheancier> {
    let e = dossier.echeancier.as_ref()?;
    let signee = dossier
        .evenements_avant(crate::model::TypeEvenement::ReconnaissanceDeDette, date)
        .last()?
        .date;
    let total = super::decompte::calculer(dossier, signee, tables)
        .ok()?
        .decompte
        .total;
    let plan = plan_apurement(
        total,
        e.mensualites,
        e.premiere,
        e.periodicite.unwrap_or_default(),
        e.taux,
    )
    .ok()?;
    let paye: Decimal = dossier
        .paiements
        .iter()
        .filter(|p| p.date > signee && p.date <= date)
        .map(|p| p.montant)
        .sum();
    let mut cumul = Decimal::ZERO;
    let prochain = plan.iter().find_map(|v| {
        cumul += v.montant;
        (cumul > paye).then(|| (v.clone(), (cumul - paye).min(v.montant)))
    });
    Some(EtatEcheancier {
        signee,
        plan,
        paye,
        prochain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 1 000 € in 3 monthly payments: 333.33, 333.33, 333.34; dates from 31 January keep to
    /// the month's end (28 February, 31 March).
    #[test]
    fn equal_instalments_the_last_takes_the_rounding() {
        let v = plan_apurement(
            "1000".parse().unwrap(),
            3,
            d("2026-01-31"),
            Periodicite::Mensuelle,
            None,
        )
        .unwrap();
        let m: Vec<String> = v.iter().map(|x| x.montant.to_string()).collect();
        assert_eq!(m, ["333.33", "333.33", "333.34"]);
        assert_eq!(v[1].date, d("2026-02-28"));
        assert_eq!(v[2].date, d("2026-03-31"));
        assert!(v[2].restant.is_zero());
    }

    /// 1 200 € over 12 months at 6 % a year (0.5 % a month): the annuity is
    /// 1 200 × 0.005 / (1 − 1.005^−12) = 103.28 €; the first instalment pays 6.00 € of
    /// interest; the total paid is 1 239.36 € give or take the last cent.
    #[test]
    fn constant_annuity_with_interest() {
        let v = plan_apurement(
            "1200".parse().unwrap(),
            12,
            d("2026-07-05"),
            Periodicite::Mensuelle,
            Some("6".parse().unwrap()),
        )
        .unwrap();
        assert_eq!(v[0].montant.to_string(), "103.28");
        assert_eq!(v[0].interets.to_string(), "6.00");
        assert_eq!(v[0].capital.to_string(), "97.28");
        let capital: Decimal = v.iter().map(|x| x.capital).sum();
        assert_eq!(capital, "1200".parse::<Decimal>().unwrap());
        let paye: Decimal = v.iter().map(|x| x.montant).sum();
        assert!(
            (paye - "1239.36".parse::<Decimal>().unwrap()).abs() <= "0.05".parse().unwrap(),
            "{paye}"
        );
        assert!(v[11].restant.is_zero());
    }

    /// Quarterly: every three months.
    #[test]
    fn quarterly_dates() {
        let v = plan_apurement(
            "900".parse().unwrap(),
            3,
            d("2026-01-15"),
            Periodicite::Trimestrielle,
            None,
        )
        .unwrap();
        assert_eq!(v[2].date, d("2026-07-15"));
        assert_eq!(v[0].montant.to_string(), "300.00");
    }

    #[test]
    fn refuses_nonsense() {
        let t: Decimal = "10".parse().unwrap();
        assert!(plan_apurement(t, 0, d("2026-01-01"), Periodicite::Mensuelle, None).is_err());
        assert!(plan_apurement(
            t,
            2,
            d("2026-01-01"),
            Periodicite::Mensuelle,
            Some("-1".parse().unwrap())
        )
        .is_err());
    }
}

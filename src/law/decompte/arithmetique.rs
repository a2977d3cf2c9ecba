//! Interest arithmetic, exact to the cent (LAW.md §1).

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half-up to the cent (amounts here are never negative).
pub fn au_centime(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Simple interest of one period, base 365 even in leap years (service-public F783):
/// assiette × taux × jours / 36 500, rounded half-up to the cent, computed exactly.
pub fn interet_periode(assiette: Decimal, taux: Decimal, jours: i64) -> Decimal {
    let num = assiette * taux * Decimal::from(jours);
    exact_sur_36500(num).unwrap_or_else(|| au_centime(num / Decimal::from(36_500)))
}

/// num / 36 500 rounded half-up to the cent with integer arithmetic (no 28-digit truncation).
fn exact_sur_36500(num: Decimal) -> Option<Decimal> {
    let m = num.mantissa();
    let d = 36_500i128.checked_mul(10i128.checked_pow(num.scale())?)?;
    let n = m.checked_mul(100)?;
    let deux_d = d.checked_mul(2)?;
    let cents = n.checked_mul(2)?.checked_add(d)?.div_euclid(deux_d);
    Decimal::try_from_i128_with_scale(cents, 2).ok()
}

//! Public holidays and procedural deadlines (CPC 640-642; C. trav. L3133-1, L3134-13).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::fmt;
use std::str::FromStr;

/// Which calendar of public holidays applies: the seat of the court decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Metropole,
    /// Moselle (57), Bas-Rhin (67), Haut-Rhin (68): C. trav. L3134-13.
    AlsaceMoselle,
}

impl Zone {
    /// The calendar of a département (`"67"`); anything but 57, 67 and 68 is metropolitan.
    pub fn du_departement(dep: &str) -> Zone {
        match dep.trim() {
            "57" | "67" | "68" => Zone::AlsaceMoselle,
            _ => Zone::Metropole,
        }
    }
}

/// Easter Sunday, Gregorian calendar (anonymous algorithm, "Meeus/Jones/Butcher").
pub fn paques(annee: i32) -> NaiveDate {
    let a = annee % 19;
    let b = annee / 100;
    let c = annee % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let mois = (h + l - 7 * m + 114) / 31;
    let jour = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(annee, mois as u32, jour as u32).expect("Easter is a valid date")
}

/// The public holidays of a year, with their names, in date order.
pub fn jours_feries(annee: i32, zone: Zone) -> Vec<(NaiveDate, &'static str)> {
    let fixe = |m, j| NaiveDate::from_ymd_opt(annee, m, j).expect("fixed holiday");
    let p = paques(annee);
    let apres = |n| p.checked_add_days(Days::new(n)).expect("date after Easter");
    // C. trav. L3133-1: the eleven fêtes légales.
    let mut v = vec![
        (fixe(1, 1), "Jour de l'an"),
        (apres(1), "Lundi de Pâques"),
        (fixe(5, 1), "Fête du travail"),
        (fixe(5, 8), "Victoire 1945"),
        (apres(39), "Ascension"),
        (apres(50), "Lundi de Pentecôte"),
        (fixe(7, 14), "Fête nationale"),
        (fixe(8, 15), "Assomption"),
        (fixe(11, 1), "Toussaint"),
        (fixe(11, 11), "Armistice 1918"),
        (fixe(12, 25), "Noël"),
    ];
    if zone == Zone::AlsaceMoselle {
        // C. trav. L3134-13: Good Friday and 26 December.
        v.push((
            p.checked_sub_days(Days::new(2)).expect("Good Friday"),
            "Vendredi saint",
        ));
        v.push((fixe(12, 26), "Saint-Étienne"));
    }
    v.sort();
    // Ascension can fall on 1 or 8 May (2008, 2059...): one day, listed once.
    v.dedup_by_key(|(d, _)| *d);
    v
}

pub fn est_ferie(date: NaiveDate, zone: Zone) -> Option<&'static str> {
    jours_feries(date.year(), zone)
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, n)| n)
}

/// Why a day is not a working day (CPC 642), or `None` when it is one.
pub fn non_ouvrable(date: NaiveDate, zone: Zone) -> Option<&'static str> {
    match date.weekday() {
        Weekday::Sat => Some("samedi"),
        Weekday::Sun => Some("dimanche"),
        _ => est_ferie(date, zone),
    }
}

/// A deadline duration: `15j`, `1m`, `2a`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duree {
    Jours(u32),
    Mois(u32),
    Annees(u32),
}

impl FromStr for Duree {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().to_lowercase();
        let fin = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (n, unite) = t.split_at(fin);
        let err = || {
            format!("« {s} » n'est pas une durée : écrivez par exemple 15j (jours), 1m (mois) ou 2a (ans)")
        };
        let n: u32 = n.parse().map_err(|_| err())?;
        if n > 1200 {
            return Err(format!("« {s} » : durée trop longue (1200 au plus)"));
        }
        match unite.trim() {
            "j" | "jour" | "jours" => Ok(Duree::Jours(n)),
            "m" | "mois" => Ok(Duree::Mois(n)),
            "a" | "an" | "ans" | "annee" | "annees" | "année" | "années" => Ok(Duree::Annees(n)),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Duree {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            Duree::Jours(n) => write!(f, "{n} jour{}", if n > 1 { "s" } else { "" }),
            Duree::Mois(n) => write!(f, "{n} mois"),
            Duree::Annees(n) => write!(f, "{n} an{}", if n > 1 { "s" } else { "" }),
        }
    }
}

/// Adds a duration without prorogation (CPC 641): days do not count the starting day;
/// months and years end on the same day-number, or the month's last day if there is none.
pub fn ajouter(depart: NaiveDate, duree: Duree) -> Option<NaiveDate> {
    match duree {
        Duree::Jours(n) => depart.checked_add_days(Days::new(n.into())),
        // chrono clamps to the last day of the month, as CPC 641 al. 2 requires.
        Duree::Mois(n) => depart.checked_add_months(Months::new(n)),
        Duree::Annees(n) => depart.checked_add_months(Months::new(n.checked_mul(12)?)),
    }
}

/// The last day of a deadline and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delai {
    pub depart: NaiveDate,
    pub duree: Duree,
    /// Before prorogation (CPC 641).
    pub terme: NaiveDate,
    /// After prorogation to the next working day (CPC 642).
    pub dernier_jour: NaiveDate,
    /// The days skipped and why (`samedi`, `Noël`...).
    pub reports: Vec<(NaiveDate, &'static str)>,
}

/// CPC 640-642: the last day to act, extended to the next working day when the deadline
/// would end on a Saturday, Sunday or public holiday of the zone.
pub fn delai(depart: NaiveDate, duree: Duree, zone: Zone) -> Option<Delai> {
    let terme = ajouter(depart, duree)?;
    let mut jour = terme;
    let mut reports = Vec::new();
    while let Some(motif) = non_ouvrable(jour, zone) {
        reports.push((jour, motif));
        jour = jour.succ_opt()?;
    }
    Some(Delai {
        depart,
        duree,
        terme,
        dernier_jour: jour,
        reports,
    })
}

/// A period counted back from a day (« au plus tard quinze jours avant l'audience », CPC
/// 754, 857): the day `duree` before `jour` (CPC 641), and, when that day is not worked, the
/// working day before it. CPC 642 extends only a period that expires; counted back, a
/// prorogation would shorten the time the rule protects, so the act comes earlier instead.
pub fn avant(jour: NaiveDate, duree: Duree, zone: Zone) -> Option<NaiveDate> {
    let mut j = match duree {
        Duree::Jours(n) => jour.checked_sub_days(Days::new(n.into()))?,
        Duree::Mois(n) => jour.checked_sub_months(Months::new(n))?,
        Duree::Annees(n) => jour.checked_sub_months(Months::new(n.checked_mul(12)?))?,
    };
    while non_ouvrable(j, zone).is_some() {
        j = j.pred_opt()?;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dernier(depart: &str, duree: &str, zone: Zone) -> String {
        delai(d(depart), duree.parse().unwrap(), zone)
            .unwrap()
            .dernier_jour
            .to_string()
    }

    /// Counted back from a hearing: Thursday 26/11/2026 − 15 days = Wednesday 11/11/2026,
    /// Armistice day, so Tuesday 10/11/2026; − 8 days = Wednesday 18/11/2026.
    #[test]
    fn periods_counted_back_from_a_hearing() {
        let a = |duree: &str| {
            avant(d("2026-11-26"), duree.parse().unwrap(), Zone::Metropole)
                .unwrap()
                .to_string()
        };
        assert_eq!(a("15j"), "2026-11-10");
        assert_eq!(a("8j"), "2026-11-18");
        // Monday 07/12/2026 − 15 days = Sunday 22/11/2026 → Friday 20/11/2026.
        assert_eq!(
            avant(d("2026-12-07"), Duree::Jours(15), Zone::Metropole).map(|x| x.to_string()),
            Some("2026-11-20".to_owned())
        );
    }

    /// LAW.md §3 and legal-research §8 test vectors (CPC 641, 642).
    #[test]
    fn deadline_examples_of_law_md() {
        // 1 month from 31/01/2026 → 28/02/2026, a Saturday → 02/03/2026.
        assert_eq!(dernier("2026-01-31", "1m", Zone::Metropole), "2026-03-02");
        // 15 days from 11/12/2026 → 26/12/2026 (Saturday; Saint-Étienne in Alsace) → 28/12/2026.
        assert_eq!(
            dernier("2026-12-11", "15j", Zone::AlsaceMoselle),
            "2026-12-28"
        );
        assert_eq!(dernier("2026-12-11", "15j", Zone::Metropole), "2026-12-28");
        // IP ordonnance of 01/09/2026 + 3 months → 01/12/2026.
        assert_eq!(dernier("2026-09-01", "3m", Zone::Metropole), "2026-12-01");
        // of 31/08/2026 + 6 months → 28/02/2027, a Sunday → 01/03/2027.
        assert_eq!(dernier("2026-08-31", "6m", Zone::Metropole), "2027-03-01");
        assert_eq!(dernier("2026-11-30", "3m", Zone::Metropole), "2027-03-01");
    }

    #[test]
    fn alsace_moselle_adds_good_friday_and_saint_etienne() {
        // 2026-12-25 Friday (Noël) → Saturday → Sunday → 26/12 is a Saturday anyway; use 2025:
        // 26/12/2025 is a Friday: a working day in Paris, not in Strasbourg.
        assert_eq!(dernier("2025-12-25", "1j", Zone::Metropole), "2025-12-26");
        assert_eq!(
            dernier("2025-12-25", "1j", Zone::AlsaceMoselle),
            "2025-12-29"
        );
        // Good Friday 03/04/2026.
        assert_eq!(dernier("2026-04-02", "1j", Zone::Metropole), "2026-04-03");
        assert_eq!(
            dernier("2026-04-02", "1j", Zone::AlsaceMoselle),
            "2026-04-07"
        );
    }

    #[test]
    fn easter_dates_of_the_research_notes() {
        for (y, e) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2000, "2000-04-23"),
            (2100, "2100-03-28"),
        ] {
            assert_eq!(paques(y).to_string(), e);
        }
    }

    /// Every holiday 2000-2100, metropolitan and Alsace-Moselle, against a calendar produced
    /// independently with the `holidays` Python package (tests/independent/feries.py).
    #[test]
    fn holidays_match_an_independent_calendar_2000_2100() {
        let csv = include_str!("../../tests/data/jours-feries-2000-2100.csv");
        let mut attendu: Vec<String> = csv.lines().skip(1).map(str::to_owned).collect();
        attendu.sort();
        let mut calcule = Vec::new();
        for (nom, zone) in [
            ("alsace-moselle", Zone::AlsaceMoselle),
            ("metropole", Zone::Metropole),
        ] {
            for y in 2000..=2100 {
                for (date, _) in jours_feries(y, zone) {
                    calcule.push(format!("{nom},{date}"));
                }
            }
        }
        calcule.sort();
        assert_eq!(calcule.len(), attendu.len());
        assert_eq!(calcule, attendu);
    }

    #[test]
    fn durations_parse() {
        assert_eq!("15j".parse::<Duree>().unwrap(), Duree::Jours(15));
        assert_eq!("1m".parse::<Duree>().unwrap(), Duree::Mois(1));
        assert_eq!("2a".parse::<Duree>().unwrap(), Duree::Annees(2));
        assert_eq!("8 jours".parse::<Duree>().unwrap(), Duree::Jours(8));
        assert!("15x".parse::<Duree>().is_err());
        assert!("j".parse::<Duree>().is_err());
        assert!("99999999999j".parse::<Duree>().is_err());
    }
}

#!/usr/bin/env python3
"""Independent calendar of French public holidays, 2000..2100, for recouvre's tests.

This script does not share any code with recouvre: the dates come from the PyPI
package `holidays` (written and maintained by other people), and Easter is
cross-checked against `dateutil.easter`.

    Generated with: holidays 0.109, python-dateutil 2.9.0.post0, Python 3.11.7
    Install:        pip install holidays==0.109 python-dateutil

Usage:
    python3 tests/independent/feries.py > tests/data/jours-feries-2000-2100.csv
    python3 tests/independent/feries.py --check tests/data/jours-feries-2000-2100.csv

Output: CSV `calendrier,date`, one line per public holiday, sorted by calendrier
then date. Two calendars:
  - metropole:       `holidays` France with no subdivision;
  - alsace-moselle:  `holidays` France subdivision "57" (Moselle). The package
                     has no "67"/"68"; Bas-Rhin and Haut-Rhin are its "6AE"
                     (Alsace), which the script checks is identical to "57"; the
                     old name "Alsace-Moselle" is deprecated in the package.

The law: C. trav. L3133-1 lists 11 holidays (1 Jan, lundi de Pâques, 1 May,
8 May, Ascension = Easter+39, lundi de Pentecôte = Easter+50, 14 Jul, 15 Aug,
1 Nov, 11 Nov, 25 Dec); in Moselle, Bas-Rhin and Haut-Rhin, L3134-13 adds
Vendredi saint (Easter-2) and 26 Dec. Two holidays falling on the same day
(Ascension on 1 or 8 May, e.g. 2008-05-01, 2059-05-08) give one line.

Only known deviation of `holidays` 0.109 from that list, 2000..2100: it omits
lundi de Pentecôte in 2005, 2006 and 2007 (see PENTECOTE_2005_2007 below),
which this script adds back. Any other deviation makes the script fail (exit 3)
rather than be patched silently.

--check FILE regenerates the CSV and compares it with FILE: exit 0 if
identical, 1 on any difference (a unified diff is printed), 2 if FILE cannot
be read, 3 if the package deviates from the law in a new way.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from datetime import date, timedelta

import holidays
from dateutil.easter import easter

FIRST_YEAR = 2000
LAST_YEAR = 2100
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
HOLIDAYS_VERSION_USED = "0.109"

# Lundi de Pentecôte 2005-2007. Loi n° 2004-626 du 30 juin 2004 made the
# "journée de solidarité" (an extra unpaid working day) fall by default on
# lundi de Pentecôte from 2005; loi n° 2008-351 du 16 avril 2008 untied the
# two. The `holidays` package reads that as "removed from the holidays
# 2005-2007", but the law never struck lundi de Pentecôte from the list of
# public holidays (then C. trav. L222-1, now L3133-1): it remained a jour
# férié that employers could make worked. For procedural deadlines (CPC 642)
# it is a public holiday, so it is added back here explicitly.
PENTECOTE_2005_2007 = {y: easter(y) + timedelta(days=50) for y in (2005, 2006, 2007)}


def package_calendar(subdiv: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(
        "FR", subdiv=subdiv, years=YEARS, language="fr"
    )


def legal_dates(year: int, alsace_moselle: bool) -> set[date]:
    """L3133-1 (and L3134-13), computed by hand from dateutil's Easter."""
    e = easter(year)
    days = {
        date(year, 1, 1),
        e + timedelta(days=1),  # lundi de Pâques
        date(year, 5, 1),
        date(year, 5, 8),
        e + timedelta(days=39),  # Ascension
        e + timedelta(days=50),  # lundi de Pentecôte
        date(year, 7, 14),
        date(year, 8, 15),
        date(year, 11, 1),
        date(year, 11, 11),
        date(year, 12, 25),
    }
    if alsace_moselle:
        days |= {e - timedelta(days=2), date(year, 12, 26)}  # Vendredi saint, 26 déc.
    return days


def check_easter(cal: holidays.HolidayBase, alsace_moselle: bool) -> None:
    """The package's Easter-based feasts must agree with dateutil.easter."""
    named = {
        "Lundi de Pâques": 1,
        "Ascension": 39,
        "Lundi de Pentecôte": 50,
    }
    if alsace_moselle:
        named["Vendredi saint"] = -2
    for name, offset in named.items():
        found = {d.year: d for d in cal.get_named(name, lookup="exact")}
        for year in YEARS:
            if name == "Lundi de Pentecôte" and year in PENTECOTE_2005_2007:
                assert year not in found, f"{name} {year} is back in the package"
                continue
            expected = easter(year) + timedelta(days=offset)
            assert found.get(year) == expected, (
                f"{name} {year}: holidays gives {found.get(year)}, "
                f"dateutil.easter + {offset} gives {expected}"
            )


def build() -> list[tuple[str, date]]:
    metropole = package_calendar(None)
    moselle = package_calendar("57")
    alsace = package_calendar("6AE")
    assert set(moselle) == set(alsace), "holidays: subdivisions 57 and 6AE differ"
    check_easter(metropole, alsace_moselle=False)
    check_easter(moselle, alsace_moselle=True)

    rows: list[tuple[str, date]] = []
    deviations: list[str] = []
    for label, cal, am in (
        ("alsace-moselle", moselle, True),
        ("metropole", metropole, False),
    ):
        dates = {d for d in cal if FIRST_YEAR <= d.year <= LAST_YEAR}
        dates |= set(PENTECOTE_2005_2007.values())  # see PENTECOTE_2005_2007
        legal = set().union(*(legal_dates(y, am) for y in YEARS))
        for d in sorted(legal - dates):
            deviations.append(f"{label}: {d} missing from holidays {holidays.__version__}")
        for d in sorted(dates - legal):
            deviations.append(
                f"{label}: {d} ({', '.join(cal.get_list(d))}) added by "
                f"holidays {holidays.__version__}, not in L3133-1/L3134-13"
            )
        rows.extend((label, d) for d in dates)
    if deviations:
        print("feries.py: the holidays package deviates from the law:", file=sys.stderr)
        for line in deviations:
            print("  " + line, file=sys.stderr)
        sys.exit(3)
    rows.sort()
    return rows


def render(rows: list[tuple[str, date]]) -> str:
    return "calendrier,date\n" + "".join(f"{c},{d.isoformat()}\n" for c, d in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", metavar="FILE", help="regenerate and diff against FILE")
    args = parser.parse_args()

    if holidays.__version__ != HOLIDAYS_VERSION_USED:
        print(
            f"feries.py: note: holidays {holidays.__version__} installed, "
            f"the data was generated with {HOLIDAYS_VERSION_USED}",
            file=sys.stderr,
        )
    text = render(build())

    if args.check is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.check, encoding="utf-8", newline="") as f:
            current = f.read()
    except OSError as e:
        print(f"feries.py: cannot read {args.check}: {e}", file=sys.stderr)
        return 2
    if current == text:
        print(f"feries.py: {args.check} is up to date ({text.count(chr(10)) - 1} holidays)")
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=args.check,
            tofile="regenerated",
        )
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())

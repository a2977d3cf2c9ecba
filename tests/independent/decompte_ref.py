#!/usr/bin/env python3
"""Independent reference implementation of the recouvre décompte (statement of account).

Written only from LAW.md §1-2, DESIGN.md ("Case file", "Décompte JSON") and the
conventions handed to the test author; it deliberately does NOT read the Rust sources
nor the repository's law/ tables (rates are hardcoded below from LAW.md §2 and
reference/legal-research.md §6.3), so that a cross-check between the two is meaningful.

Usage:
    python3 decompte_ref.py CASE.toml [--at YYYY-MM-DD]

Prints the décompte JSON on stdout (exit 0), or {"error": "..."} (exit 1) when the case
cannot be computed (overpayment, unknown rate, invalid input).

Stdlib only (decimal, datetime, tomllib, json).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tomllib
from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
FORTY = Decimal("40.00")


class RefError(Exception):
    """A case that cannot be computed (the Rust tool must exit 1 on it)."""


# --------------------------------------------------------------------------------------
# Rate tables (hardcoded on purpose: independence from the repository's law/ folder)
# --------------------------------------------------------------------------------------

# Taux de l'intérêt légal, C. mon. fin. L313-2 / D313-1-A (LAW.md §2):
# (year, half) -> (A: creditor particulier, B: other cases)
LEGAL_RATES: dict[tuple[int, int], tuple[Decimal, Decimal]] = {
    (y, h): (Decimal(a), Decimal(b))
    for (y, h, a, b) in [
        (2015, 1, "4.06", "0.93"), (2015, 2, "4.29", "0.99"),
        (2016, 1, "4.54", "1.01"), (2016, 2, "4.35", "0.93"),
        (2017, 1, "4.16", "0.90"), (2017, 2, "3.94", "0.90"),
        (2018, 1, "3.73", "0.89"), (2018, 2, "3.60", "0.88"),
        (2019, 1, "3.40", "0.86"), (2019, 2, "3.26", "0.87"),
        (2020, 1, "3.15", "0.87"), (2020, 2, "3.11", "0.84"),
        (2021, 1, "3.14", "0.79"), (2021, 2, "3.12", "0.76"),
        (2022, 1, "3.13", "0.76"), (2022, 2, "3.15", "0.77"),
        (2023, 1, "4.47", "2.06"), (2023, 2, "6.82", "4.22"),
        (2024, 1, "8.01", "5.07"), (2024, 2, "8.16", "4.92"),
        (2025, 1, "7.21", "3.71"), (2025, 2, "6.65", "2.76"),
        (2026, 1, "6.67", "2.62"),
        # 2026-S2: not in our sources -> unknown (error if needed)
    ]
}

# ECB main refinancing operations rate, by date of effect (legal-research.md §6.3).
ECB_MRO_HISTORY: list[tuple[dt.date, Decimal]] = [
    (dt.date(2014, 9, 10), Decimal("0.05")),
    (dt.date(2016, 3, 16), Decimal("0.00")),
    (dt.date(2022, 7, 27), Decimal("0.50")),
    (dt.date(2022, 9, 14), Decimal("1.25")),
    (dt.date(2022, 11, 2), Decimal("2.00")),
    (dt.date(2022, 12, 21), Decimal("2.50")),
    (dt.date(2023, 2, 8), Decimal("3.00")),
    (dt.date(2023, 3, 22), Decimal("3.50")),
    (dt.date(2023, 5, 10), Decimal("3.75")),
    (dt.date(2023, 6, 21), Decimal("4.00")),
    (dt.date(2023, 8, 2), Decimal("4.25")),
    (dt.date(2023, 9, 20), Decimal("4.50")),
    (dt.date(2024, 6, 12), Decimal("4.25")),
    (dt.date(2024, 9, 18), Decimal("3.65")),
    (dt.date(2024, 10, 23), Decimal("3.40")),
    (dt.date(2024, 12, 18), Decimal("3.15")),
    (dt.date(2025, 2, 5), Decimal("2.90")),
    (dt.date(2025, 3, 12), Decimal("2.65")),
    (dt.date(2025, 4, 23), Decimal("2.40")),
    (dt.date(2025, 6, 11), Decimal("2.15")),
]
# The history is known (no change found) up to this reference day included; the
# 1 July 2026 rate is not in our sources.
ECB_KNOWN_UNTIL = dt.date(2026, 1, 1)


def half_year(d: dt.date) -> tuple[int, int]:
    return (d.year, 1 if d.month <= 6 else 2)


def half_year_label(hy: tuple[int, int]) -> str:
    return f"{hy[0]}-S{hy[1]}"


def half_year_end(d: dt.date) -> dt.date:
    return dt.date(d.year, 6, 30) if d.month <= 6 else dt.date(d.year, 12, 31)


def ecb_mro_on(day: dt.date) -> Decimal:
    if day > ECB_KNOWN_UNTIL:
        raise RefError(f"taux BCE au {day.isoformat()} inconnu")
    rate = None
    for eff, r in ECB_MRO_HISTORY:
        if eff <= day:
            rate = r
    if rate is None:
        raise RefError(f"taux BCE au {day.isoformat()} inconnu")
    return rate


def l441_10_rate(hy: tuple[int, int]) -> Decimal:
    # C. com. L441-10 II: MRO in force on 1 Jan (S1) / 1 Jul (S2) + 10 points
    ref_day = dt.date(hy[0], 1, 1) if hy[1] == 1 else dt.date(hy[0], 7, 1)
    try:
        return ecb_mro_on(ref_day) + Decimal(10)
    except RefError:
        raise RefError(f"taux {half_year_label(hy)} inconnu") from None


def legal_rate(hy: tuple[int, int], column: str) -> Decimal:
    if hy not in LEGAL_RATES:
        raise RefError(f"taux {half_year_label(hy)} inconnu")
    a, b = LEGAL_RATES[hy]
    return a if column == "A" else b


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

def money(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(x: Decimal) -> str:
    return str(money(x))


def parse_date(v, where: str) -> dt.date:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise RefError(f"{where}: date invalide {v!r}")


def parse_amount(v, where: str) -> Decimal:
    if isinstance(v, bool):
        raise RefError(f"{where}: montant invalide {v!r}")
    if isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, str):
        try:
            d = Decimal(v)
        except Exception:
            raise RefError(f"{where}: montant invalide {v!r}") from None
    else:
        raise RefError(f"{where}: montant invalide {v!r}")
    if not d.is_finite() or d < 0:
        raise RefError(f"{where}: montant invalide {v!r}")
    return d


def period_interest(assiette: Decimal, taux: Decimal, jours: int) -> Decimal:
    # Simple interest, base 365 even in leap years, rounded half-up per period.
    with localcontext() as ctx:
        ctx.prec = 60
        raw = assiette * taux * Decimal(jours) / Decimal(36500)
    return money(raw)


def is_pro(party: dict) -> bool:
    return party.get("nature") != "particulier"


# --------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------

class Invoice:
    def __init__(self, idx: int, raw: dict):
        self.idx = idx
        self.numero = str(raw["numero"])
        self.date = parse_date(raw.get("date"), f"factures[{idx}].date")
        self.echeance = parse_date(raw["echeance"], f"factures[{idx}].echeance")
        self.montant = money(parse_amount(raw["montant"], f"factures[{idx}].montant"))
        self.principal = self.montant
        self.paye = ZERO
        self.paid_by_echeance = ZERO  # imputed by payments dated <= echeance
        self.start: dt.date | None = None  # interest start S (exclusive)
        self.cut: dt.date | None = None    # last period end (exclusive start of next)
        self.unpaid_interest = ZERO
        self.interest_total = ZERO
        self.periods: list[dict] = []


def compute(case: dict, at: dt.date | None = None) -> dict:
    """Return the décompte dict; raise RefError when the case cannot be computed."""
    if at is None:
        if "arrete_au" not in case:
            raise RefError("arrete_au absent et --at non fourni")
        at = parse_date(case["arrete_au"], "arrete_au")
    arrete = at

    creancier = case["creancier"]
    debiteur = case["debiteur"]
    both_pro = is_pro(creancier) and is_pro(debiteur)
    creance = case.get("creance", {})
    mode = creance.get("interets")
    if mode is None:
        mode = "l441-10" if both_pro else "legal"
    if mode not in ("l441-10", "legal", "contractuel", "aucun"):
        raise RefError(f"creance.interets invalide {mode!r}")
    if mode == "l441-10" and not both_pro:
        raise RefError("interets l441-10 seulement entre professionnels")
    taux_contractuel = None
    if mode == "contractuel":
        if "taux_contractuel" not in creance:
            raise RefError("taux_contractuel requis")
        taux_contractuel = parse_amount(creance["taux_contractuel"], "creance.taux_contractuel")
    clause = creance.get("clause_penale")
    clause_pct = parse_amount(clause, "creance.clause_penale") if clause is not None else None
    indemnite_flag = creance.get("indemnite_forfaitaire", True)

    def rate_for(hy: tuple[int, int]) -> Decimal:
        if mode == "l441-10":
            return l441_10_rate(hy)
        if mode == "legal":
            # C. mon. fin. L313-2: column A when the creditor is a particulier
            return legal_rate(hy, "B" if is_pro(creancier) else "A")
        if mode == "contractuel":
            if both_pro:
                # C. com. L441-10 II: never below 3 x legal rate (B)
                return max(taux_contractuel, 3 * legal_rate(hy, "B"))
            return taux_contractuel
        raise AssertionError(mode)

    invoices = [Invoice(i, f) for i, f in enumerate(case.get("factures", []))]
    if not invoices:
        raise RefError("aucune facture")
    by_num: dict[str, Invoice] = {}
    for inv in invoices:
        if inv.numero in by_num:
            raise RefError(f"facture {inv.numero} en double")
        by_num[inv.numero] = inv

    # Interest start S
    med_dates = sorted(
        parse_date(e["date"], "evenements.date")
        for e in case.get("evenements", [])
        if e.get("type") == "mise_en_demeure"
    )
    med_dates = [d for d in med_dates if d <= arrete]
    for inv in invoices:
        if mode in ("l441-10", "contractuel"):
            inv.start = inv.echeance
        elif mode == "legal":
            inv.start = max(inv.echeance, med_dates[0]) if med_dates else None
        else:
            inv.start = None
        inv.cut = inv.start

    def tentative_periods(inv: Invoice, upto: dt.date) -> list[dict]:
        """Periods from inv.cut (exclusive) to upto (inclusive), cut at half-years."""
        out = []
        if inv.start is None or inv.cut is None or upto <= inv.cut:
            return out
        c = inv.cut
        while c < upto:
            first = c + dt.timedelta(days=1)
            end = min(half_year_end(first), upto)
            jours = (end - c).days
            if inv.principal > 0:
                taux = rate_for(half_year(first))
                out.append({
                    "du": first, "au": end, "jours": jours, "taux": taux,
                    "assiette": inv.principal,
                    "interets": period_interest(inv.principal, taux, jours),
                })
            c = end
        return out

    def owed_at(inv: Invoice, d: dt.date) -> tuple[Decimal, list[dict]]:
        ps = tentative_periods(inv, d)
        return inv.unpaid_interest + sum((p["interets"] for p in ps), ZERO) + inv.principal, ps

    def impute(inv: Invoice, d: dt.date, amount: Decimal, ps: list[dict]) -> None:
        # commit the cut at d (only when the invoice actually receives something)
        if inv.start is not None and d > inv.cut:
            for p in ps:
                inv.periods.append(p)
                inv.unpaid_interest += p["interets"]
                inv.interest_total += p["interets"]
            inv.cut = d
        # C. civ. 1343-1: interest first, then principal
        on_interest = min(amount, inv.unpaid_interest)
        inv.unpaid_interest -= on_interest
        inv.principal -= amount - on_interest
        inv.paye += amount
        if d <= inv.echeance:
            inv.paid_by_echeance += amount

    raw_payments = []
    for i, p in enumerate(case.get("paiements", [])):
        d = parse_date(p["date"], f"paiements[{i}].date")
        a = money(parse_amount(p["montant"], f"paiements[{i}].montant"))
        f = p.get("facture")
        if f is not None and f not in by_num:
            raise RefError(f"paiements[{i}].facture inconnue {f!r}")
        raw_payments.append((d, i, a, f))
    payments = sorted((p for p in raw_payments if p[0] <= arrete), key=lambda p: (p[0], p[1]))

    order = sorted(invoices, key=lambda inv: (inv.echeance, inv.idx))
    for d, i, amount, f in payments:
        if amount <= 0:
            continue
        if f is not None:
            inv = by_num[f]
            owed, ps = owed_at(inv, d)
            if amount > owed:
                raise RefError(
                    f"paiements[{i}] ({amount}) dépasse le dû de la facture {f} ({owed}) au {d}")
            impute(inv, d, amount, ps)
        else:
            remaining = amount
            for inv in order:
                if remaining <= 0:
                    break
                owed, ps = owed_at(inv, d)
                take = min(owed, remaining)
                if take > 0:
                    impute(inv, d, take, ps)
                    remaining -= take
            if remaining > 0:
                raise RefError(f"paiements[{i}]: trop-perçu de {remaining} au {d}")

    # Close at the arrêté
    for inv in invoices:
        if inv.start is not None and arrete > inv.cut:
            for p in tentative_periods(inv, arrete):
                inv.periods.append(p)
                inv.unpaid_interest += p["interets"]
                inv.interest_total += p["interets"]
            inv.cut = arrete

    claimed = [inv for inv in invoices if inv.echeance < arrete]
    not_due = [inv for inv in invoices if inv.echeance >= arrete]

    factures = []
    tot_principal = ZERO
    tot_interets = ZERO
    tot_indemnites = ZERO
    for inv in claimed:
        indemnite = ZERO
        # C. com. L441-10 II, D441-5: 40 € per invoice paid late or unpaid (B2B only)
        if both_pro and indemnite_flag is not False:
            if inv.montant - inv.paid_by_echeance > 0:
                indemnite = FORTY
        tot_principal += inv.principal
        tot_interets += inv.unpaid_interest
        tot_indemnites += indemnite
        factures.append({
            "numero": inv.numero,
            "montant": fmt(inv.montant),
            "paye": fmt(inv.paye),
            "principal": fmt(inv.principal),
            "interets": fmt(inv.unpaid_interest),
            "indemnite": fmt(indemnite),
            "periodes": [
                {
                    "du": p["du"].isoformat(), "au": p["au"].isoformat(),
                    "jours": p["jours"], "taux": fmt(p["taux"]),
                    "assiette": fmt(p["assiette"]), "interets": fmt(p["interets"]),
                }
                for p in inv.periods
                if p["jours"] > 0 and p["assiette"] > 0
            ],
        })
    clause_penale = money(clause_pct * tot_principal / 100) if clause_pct is not None else ZERO
    total = tot_principal + tot_interets + tot_indemnites + clause_penale
    return {
        "reference": case.get("reference"),
        "arrete_au": arrete.isoformat(),
        "devise": case.get("creance", {}).get("devise", "EUR"),
        "principal": fmt(tot_principal),
        "interets": fmt(tot_interets),
        "indemnites": fmt(tot_indemnites),
        "clause_penale": fmt(clause_penale),
        "total": fmt(total),
        "factures": factures,
        "non_exigibles": [
            {"numero": inv.numero, "echeance": inv.echeance.isoformat(),
             "montant": fmt(inv.montant), "paye": fmt(inv.paye)}
            for inv in not_due
        ],
    }


def compute_file(path: str, at: dt.date | None = None) -> dict:
    """Like compute() but never raises RefError: returns {"error": msg} instead."""
    with open(path, "rb") as fh:
        case = tomllib.load(fh)
    try:
        return compute(case, at)
    except RefError as e:
        return {"error": str(e)}


def main(argv: list[str]) -> int:
    args = list(argv)
    at = None
    if "--at" in args:
        k = args.index("--at")
        at = dt.date.fromisoformat(args[k + 1])
        del args[k:k + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = compute_file(args[0], at)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 1 if "error" in out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Generate random, valid recouvre case files (TOML) for the cross-check.

Usage:
    python3 gen_cases.py OUT_DIR [--n 500] [--seed 1]

Deterministic: case number i of seed s is always the same file (each case has its own
random.Random(s * 1_000_003 + i)), so a failing case can be regenerated alone.

Every rate needed is known: the arrêté lies in [2015-07-01, 2026-06-30] and all
invoices are dated on or before it (from 2015-01-01).
Invalid combinations are never produced: `l441-10` and `indemnite_forfaitaire = true`
only when both parties are professionals. Payments are usually modest; a few cases
deliberately overpay (both implementations must then report an error).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from decimal import Decimal

DAY = dt.timedelta(days=1)
ARRETE_MIN = dt.date(2015, 7, 1)
ARRETE_MAX = dt.date(2026, 6, 30)
FIRST_DATE = dt.date(2015, 1, 1)

SOCIETES = ["ACME SAS", "Boulangerie Martin SARL", "Dupuis & Fils SA", "Océane Logistique SAS",
            "Atelier Lévêque EURL", "Transports Girard SARL", "Cabinet Roux SELARL"]
NOMS = [("Dupont", "Jean Pierre"), ("Lefèvre", "Marie"), ("N'Diaye", "Awa"),
        ("Moreau", "Élodie Anne"), ("Bernard", "Luc")]


def q(s: str) -> str:
    """A TOML basic string (JSON escaping is valid TOML for these characters)."""
    return json.dumps(s, ensure_ascii=False)


def rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def cents(x: Decimal) -> str:
    return str(x.quantize(Decimal("0.01")))


def rand_amount(rng: random.Random, lo: int = 5000, hi: int = 5000000) -> Decimal:
    # log-uniform-ish between 50.00 and 50 000.00
    if rng.random() < 0.5:
        return Decimal(rng.randint(lo, hi)) / 100
    e = rng.uniform(0, 1)
    v = int(lo * (hi / lo) ** e)
    return Decimal(max(lo, min(hi, v))) / 100


def party(rng: random.Random, particulier: bool, index: int) -> list[str]:
    # index 0 = creditor, 1 = debtor: never the same name on both sides
    if particulier:
        nom, prenoms = rng.choice(NOMS[index::2])
        return ['nature = "particulier"', f"nom = {q(nom)}", f"prenoms = {q(prenoms)}"]
    return ['nature = "societe"', f"denomination = {q(rng.choice(SOCIETES[index::2]))}"]


def gen_case(seed: int, i: int) -> str:
    rng = random.Random(seed * 1_000_003 + i)
    arrete = rand_date(rng, ARRETE_MIN, ARRETE_MAX)

    cred_part = rng.random() < 0.25
    deb_part = rng.random() < 0.30
    both_pro = not cred_part and not deb_part

    modes = ["l441-10", "legal", "contractuel", "aucun", None] if both_pro \
        else ["legal", "contractuel", "aucun", None]
    weights = [3, 3, 3, 1, 2] if both_pro else [4, 3, 1, 2]
    mode = rng.choices(modes, weights)[0]
    effective = mode or ("l441-10" if both_pro else "legal")

    # invoices
    n_inv = rng.randint(1, 5)
    span = rng.choices([45, 120, 400, 1200], [1, 3, 3, 3])[0]
    inv_lo = max(FIRST_DATE, arrete - dt.timedelta(days=span))
    invoices = []
    for k in range(n_inv):
        d = rand_date(rng, inv_lo, arrete)
        r = rng.random()
        if r < 0.05:
            ech = max(d, arrete)                 # due exactly on the arrêté: not claimed
        elif r < 0.10:
            ech = max(d, arrete - DAY)           # due the day before: one day of interest
        elif r < 0.15:
            ech = d                              # payable on receipt
        else:
            ech = d + dt.timedelta(days=rng.randint(0, 90))
        invoices.append({"numero": f"F-{d.year}-{k + 1:03d}", "date": d, "echeance": ech,
                         "montant": rand_amount(rng)})
    max_inv_date = max(f["date"] for f in invoices)
    total = sum(f["montant"] for f in invoices)

    # payments
    payments = []
    n_pay = rng.choices([0, 1, 2, 3, 4], [3, 4, 3, 2, 1])[0]
    for _ in range(n_pay):
        explicit = rng.random() < 0.5
        inv = rng.choice(invoices)
        lo = inv["date"] if explicit else max_inv_date
        ech = inv["echeance"]
        kind = rng.choices(["early", "on_ech", "late", "on_arrete", "after"],
                           [3, 1, 5, 1, 1])[0]
        if kind == "early":
            d = rand_date(rng, lo, max(lo, ech - DAY))
        elif kind == "on_ech":
            d = max(lo, ech)
        elif kind == "late":
            d = rand_date(rng, max(lo, ech + DAY), max(lo, arrete))
        elif kind == "on_arrete":
            d = arrete
        else:
            d = arrete + dt.timedelta(days=rng.randint(1, 60))
        base = inv["montant"] if explicit else total
        r = rng.random()
        if r < 0.04:
            amt = base * Decimal("1.5") + Decimal("100")       # deliberate overpayment
        elif r < 0.14 and explicit:
            amt = inv["montant"]                               # settles the principal
        else:
            frac = Decimal(rng.randint(2, 40)) / 100 / max(1, n_pay)
            amt = base * frac
        amt = max(Decimal("0.01"), amt.quantize(Decimal("0.01")))
        if rng.random() < 0.15:
            amt = amt.quantize(Decimal("1"))  # round amounts too
            amt = max(Decimal("1"), amt)
        payments.append({"date": d, "montant": amt, "facture": inv["numero"] if explicit else None})

    # events
    events = []
    if effective == "legal":
        n_ev = rng.choices([0, 1, 2], [1, 4, 2])[0]
    else:
        n_ev = 1 if rng.random() < 0.15 else 0   # must be ignored outside legal mode
    min_inv_date = min(f["date"] for f in invoices)
    for _ in range(n_ev):
        if rng.random() < 0.1:
            d = arrete + dt.timedelta(days=rng.randint(0, 30))   # after/at the arrêté
        else:
            d = rand_date(rng, min_inv_date, arrete)
        events.append(d)

    # creance options
    taux = None
    if effective == "contractuel":
        c = rng.random()
        if c < 0.4:
            taux = str(rng.randint(1, 20))
        elif c < 0.7:
            taux = f"{rng.randint(10, 199) / 10:.1f}"
        else:
            taux = f"{rng.randint(100, 2000) / 100:.2f}"
    clause = rng.choice(["10", "7.5", "5", "15", "12.25"]) if rng.random() < 0.3 else None
    if both_pro:
        indem = rng.choice([True, False, None])
    else:
        indem = rng.choice([False, None])

    # write TOML
    lines = [f'reference = "R-{seed}-{i:05d}"', f'arrete_au = "{arrete.isoformat()}"', ""]
    lines += ["[creancier]", *party(rng, cred_part, 0), ""]
    lines += ["[debiteur]", *party(rng, deb_part, 1), ""]
    lines += ["[creance]", 'fondement = "contrat"']
    if mode is not None:
        lines.append(f"interets = {q(mode)}")
    if taux is not None:
        lines.append(f"taux_contractuel = {q(taux)}")
    if clause is not None:
        lines.append(f"clause_penale = {q(clause)}")
    if indem is not None:
        lines.append(f"indemnite_forfaitaire = {'true' if indem else 'false'}")
    for f in invoices:
        lines += ["", "[[factures]]", f"numero = {q(f['numero'])}",
                  f'date = "{f["date"].isoformat()}"', f'echeance = "{f["echeance"].isoformat()}"',
                  f'montant = "{cents(f["montant"])}"']
    for p in payments:
        lines += ["", "[[paiements]]", f'date = "{p["date"].isoformat()}"',
                  f'montant = "{cents(p["montant"])}"']
        if p["facture"] is not None:
            lines.append(f"facture = {q(p['facture'])}")
    for d in events:
        lines += ["", "[[evenements]]", f'date = "{d.isoformat()}"', 'type = "mise_en_demeure"']
    return "\n".join(lines) + "\n"


def generate(out_dir: str, n: int, seed: int) -> list[str]:
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for i in range(n):
        p = os.path.join(out_dir, f"case-{seed}-{i:05d}.toml")
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(gen_case(seed, i))
        paths.append(p)
    return paths


def main(argv: list[str]) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    paths = generate(a.out_dir, a.n, a.seed)
    print(f"{len(paths)} cases written to {a.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

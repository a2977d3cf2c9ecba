#!/usr/bin/env python3
"""Self-tests of the independent reference (decompte_ref.py).

Run with `python3 tests/independent/test_ref.py` (plain asserts) or with pytest.
Figures: LAW.md §1 V1-V4, DESIGN.md worked example, and hand-computed cases.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from decompte_ref import RefError, compute, period_interest  # noqa: E402
from decimal import Decimal  # noqa: E402

SOC_A = {"nature": "societe", "denomination": "ACME SAS"}
SOC_B = {"nature": "societe", "denomination": "Client SARL"}
PART = {"nature": "particulier", "nom": "Dupont", "prenoms": "Jean"}


def case(arrete, factures, interets=None, creancier=SOC_A, debiteur=SOC_B,
         paiements=(), evenements=(), **creance_extra):
    creance = {"fondement": "contrat", **creance_extra}
    if interets is not None:
        creance["interets"] = interets
    return {
        "reference": "T-1", "arrete_au": arrete, "creancier": creancier,
        "debiteur": debiteur, "creance": creance,
        "factures": [dict(zip(("numero", "date", "echeance", "montant"), f)) for f in factures],
        "paiements": [dict(p) for p in paiements],
        "evenements": [{"date": d, "type": "mise_en_demeure"} for d in evenements],
    }


def periods(out, i=0):
    return [(p["du"], p["au"], p["jours"], p["taux"], p["assiette"], p["interets"])
            for p in out["factures"][i]["periodes"]]


def test_formula_service_public():
    assert period_interest(Decimal("2000"), Decimal("3.11"), 30) == Decimal("5.11")


def test_design_worked_example():
    out = compute(case("2026-06-30", [("F1", "2026-01-15", "2026-02-14", "4800.00")],
                       interets="l441-10",
                       paiements=[{"date": "2026-03-10", "montant": "1000.00", "facture": "F1"}]))
    assert periods(out) == [
        ("2026-02-15", "2026-03-10", 24, "12.15", "4800.00", "38.35"),
        ("2026-03-11", "2026-06-30", 112, "12.15", "3838.35", "143.10"),
    ]
    f = out["factures"][0]
    assert (f["paye"], f["principal"], f["interets"], f["indemnite"]) == \
        ("1000.00", "3838.35", "143.10", "40.00")
    assert (out["principal"], out["interets"], out["indemnites"], out["clause_penale"],
            out["total"]) == ("3838.35", "143.10", "40.00", "0.00", "4021.45")
    # same without explicit imputation, and with the default mode (both professionals)
    out2 = compute(case("2026-06-30", [("F1", "2026-01-15", "2026-02-14", "4800.00")],
                        paiements=[{"date": "2026-03-10", "montant": "1000.00"}]))
    assert out2["factures"] == out["factures"] and out2["total"] == "4021.45"


def test_v1():
    out = compute(case("2025-03-15", [("F1", "2024-12-16", "2025-01-15", "10000.00")],
                       interets="l441-10"))
    assert periods(out) == [("2025-01-16", "2025-03-15", 59, "13.15", "10000.00", "212.56")]
    assert out["interets"] == "212.56" and out["indemnites"] == "40.00"


def test_v2():
    out = compute(case("2025-07-31", [("F1", "2025-05-16", "2025-06-15", "5000.00")]))
    assert periods(out) == [
        ("2025-06-16", "2025-06-30", 15, "13.15", "5000.00", "27.02"),
        ("2025-07-01", "2025-07-31", 31, "12.15", "5000.00", "51.60"),
    ]
    assert out["interets"] == "78.62"


def test_v3_legal_company_creditor():
    out = compute(case("2025-02-28", [("F1", "2024-09-01", "2024-10-01", "20000.00")],
                       interets="legal", evenements=["2024-11-04"]))
    assert periods(out) == [
        ("2024-11-05", "2024-12-31", 57, "4.92", "20000.00", "153.67"),
        ("2025-01-01", "2025-02-28", 59, "3.71", "20000.00", "119.94"),
    ]
    assert out["interets"] == "273.61"


def test_v4_legal_particulier_creditor():
    out = compute(case("2026-03-10", [("F1", "2025-09-01", "2025-09-30", "3000.00")],
                       creancier=PART, debiteur=PART, evenements=["2025-10-10"]))
    assert periods(out) == [
        ("2025-10-11", "2025-12-31", 82, "6.65", "3000.00", "44.82"),
        ("2026-01-01", "2026-03-10", 69, "6.67", "3000.00", "37.83"),
    ]
    assert out["interets"] == "82.65" and out["indemnites"] == "0.00"


def test_legal_without_mise_en_demeure_no_interest():
    out = compute(case("2026-03-10", [("F1", "2025-09-01", "2025-09-30", "3000.00")],
                       interets="legal", evenements=["2026-04-01"]))  # after the arrêté
    assert periods(out) == [] and out["interets"] == "0.00"
    assert out["indemnites"] == "40.00"  # still B2B, unpaid


def test_legal_med_before_echeance_starts_at_echeance():
    out = compute(case("2025-02-28", [("F1", "2024-09-01", "2024-12-01", "1000.00")],
                       interets="legal", evenements=["2024-11-04", "2024-11-20"]))
    assert periods(out)[0][:3] == ("2024-12-02", "2024-12-31", 30)


def test_contractual_floor_between_professionals():
    # 2026-S1: 3 x 2.62 = 7.86 > 5
    out = compute(case("2026-02-28", [("F1", "2025-12-01", "2025-12-31", "1000.00")],
                       interets="contractuel", taux_contractuel="5"))
    assert periods(out) == [("2026-01-01", "2026-02-28", 59, "7.86", "1000.00", "12.71")]
    # not between professionals: no floor
    out = compute(case("2026-02-28", [("F1", "2025-12-01", "2025-12-31", "1000.00")],
                       interets="contractuel", taux_contractuel="5", debiteur=PART))
    assert periods(out) == [("2026-01-01", "2026-02-28", 59, "5.00", "1000.00", "8.08")]
    assert out["indemnites"] == "0.00"


def test_l441_rate_history():
    expected = {
        "2015-03-01": "10.05", "2015-09-01": "10.05", "2016-03-01": "10.05",
        "2016-09-01": "10.00", "2022-09-01": "10.00", "2023-03-01": "12.50",
        "2023-09-01": "14.00", "2024-03-01": "14.50", "2024-09-01": "14.25",
        "2025-03-01": "13.15", "2025-09-01": "12.15", "2026-03-01": "12.15",
    }
    for day, taux in expected.items():
        d = day[:8] + "02"
        prev = day[:8] + "01"
        out = compute(case(d, [("F1", prev, prev, "100.00")]))
        assert periods(out)[0][3] == taux, (day, periods(out))


def test_unknown_rate_2026_s2():
    try:
        compute(case("2026-07-15", [("F1", "2026-06-01", "2026-06-30", "100.00")]))
    except RefError as e:
        assert "2026-S2" in str(e)
    else:
        raise AssertionError("expected unknown rate error")


def test_overpayment_errors():
    base = [("F1", "2025-01-01", "2025-01-31", "100.00")]
    for p in ({"date": "2025-01-10", "montant": "100.01", "facture": "F1"},
              {"date": "2025-01-10", "montant": "100.01"}):
        try:
            compute(case("2025-06-30", base, paiements=[p]))
        except RefError:
            pass
        else:
            raise AssertionError("expected overpayment error")
    # exactly what is owed is fine; a payment after the arrêté is ignored
    out = compute(case("2025-06-30", base, paiements=[
        {"date": "2025-01-10", "montant": "100.00"},
        {"date": "2025-07-10", "montant": "999.00"}]))
    f = out["factures"][0]
    assert (f["paye"], f["principal"], f["interets"], f["indemnite"]) == \
        ("100.00", "0.00", "0.00", "0.00")
    assert f["periodes"] == [] and out["total"] == "0.00"


def test_imputation_order_and_non_exigible():
    # F2 due first gets the untargeted payment first; F3 is not due at the arrêté
    out = compute(case("2025-03-31", [
        ("F1", "2025-01-01", "2025-02-28", "1000.00"),
        ("F2", "2025-01-01", "2025-01-31", "500.00"),
        ("F3", "2025-03-01", "2025-03-31", "300.00"),
    ], paiements=[{"date": "2025-02-10", "montant": "600.00"}]))
    f1, f2 = out["factures"]
    assert f1["numero"] == "F1" and f2["numero"] == "F2"
    # F2: 10 days of interest at 13.15% on 500 = 1.80; 600 pays 1.80 + 500 -> F2 settled
    assert periods(out, 1) == [("2025-02-01", "2025-02-10", 10, "13.15", "500.00", "1.80")]
    assert (f2["paye"], f2["principal"], f2["interets"], f2["indemnite"]) == \
        ("501.80", "0.00", "0.00", "40.00")
    # F1 (not yet due): 98.20 on principal before échéance -> 901.80 from 2025-03-01
    assert (f1["paye"], f1["principal"]) == ("98.20", "901.80")
    assert periods(out, 0) == [("2025-03-01", "2025-03-31", 31, "13.15", "901.80", "10.07")]
    assert f1["indemnite"] == "40.00"
    assert out["non_exigibles"] == [
        {"numero": "F3", "echeance": "2025-03-31", "montant": "300.00", "paye": "0.00"}]
    assert out["principal"] == "901.80" and out["interets"] == "10.07"
    assert out["total"] == "991.87"


def test_untargeted_payment_absorbed_by_not_due_invoice():
    out = compute(case("2025-03-31", [
        ("F1", "2025-01-01", "2025-01-31", "100.00"),
        ("F2", "2025-03-01", "2025-04-30", "300.00"),
    ], paiements=[{"date": "2025-01-20", "montant": "150.00"}]))
    assert out["factures"][0]["paye"] == "100.00"
    assert out["factures"][0]["indemnite"] == "0.00"
    assert out["non_exigibles"][0]["paye"] == "50.00"
    assert out["total"] == "0.00"


def test_clause_penale_and_indemnite_flag():
    out = compute(case("2025-03-15", [("F1", "2024-12-16", "2025-01-15", "10000.00"),
                                      ("F2", "2024-12-16", "2025-01-15", "333.33")],
                       interets="aucun", clause_penale="7.5", indemnite_forfaitaire=False))
    # 7.5% x 10333.33 = 774.99975 -> 775.00
    assert out["clause_penale"] == "775.00" and out["indemnites"] == "0.00"
    assert out["interets"] == "0.00" and out["total"] == "11108.33"


def test_payment_on_echeance_is_on_time_and_no_cut():
    out = compute(case("2025-03-15", [("F1", "2024-12-16", "2025-01-15", "10000.00")],
                       paiements=[{"date": "2025-01-15", "montant": "4000.00", "facture": "F1"}]))
    assert periods(out) == [("2025-01-16", "2025-03-15", 59, "13.15", "6000.00", "127.54")]
    assert out["factures"][0]["indemnite"] == "40.00"


if __name__ == "__main__":
    n = 0
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
            n += 1
            print(f"ok  {name}")
    print(f"{n} tests passed")

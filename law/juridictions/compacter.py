#!/usr/bin/env python3
"""Builds the compact court tables embedded in recouvre from the full extract.

    python3 law/juridictions/compacter.py ../shared/data/juridictions law/juridictions

Reads communes_juridictions.csv, ref_tribunaux_judiciaires.csv and
ref_juridictions_commerciales.csv; writes communes.csv, tribunaux-judiciaires.csv and
juridictions-commerciales.csv (see README.md beside this script). Deterministic: the same
input gives the same bytes.
"""
import csv
import sys
from pathlib import Path

STATUTS = {
    "exact_alsace_moselle": "A",
    "derived_single_tj": "D",
    "inferred_tc_ressort_equals_tj_ressort": "I",
    "inferred_cross_department": "X",
    "unresolved": "U",
    "no_greffe": "G",
    "no_tj": "N",
}


def lire(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ecrire(p, entete, lignes):
    with open(p, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(entete)
        w.writerows(lignes)


def main(source, cible):
    source, cible = Path(source), Path(cible)
    communes = lire(source / "communes_juridictions.csv")
    tj = lire(source / "ref_tribunaux_judiciaires.csv")
    tc = lire(source / "ref_juridictions_commerciales.csv")
    insee_tj = {r["tj_nom"]: r["tj_siege_insee"] for r in tj}
    ca_tj = {r["tj_siege_insee"]: r["ca_nom"] for r in tj}

    ecrire(
        cible / "tribunaux-judiciaires.csv",
        ["insee_siege", "nom", "departement", "cour_appel"],
        [[r["tj_siege_insee"], r["tj_nom"], r["departement"], r["ca_nom"]] for r in tj],
    )
    # Only the courts a commune points to ("Gie Infogreffe", the source's UNKNOWN row, is none).
    utilisees = {r["tc_greffe_label"] for r in communes if r["tc_greffe_label"]}
    ecrire(
        cible / "juridictions-commerciales.csv",
        ["cle", "nature", "nom", "code_greffe"],
        [
            [r["tc_greffe_label"], r["tc_kind"], r["tc_nom"], r["tc_code_greffe"]]
            for r in tc
            if r["tc_greffe_label"] in utilisees
        ],
    )
    lignes = []
    for r in communes:
        candidats = [insee_tj[n] for n in r["tj_candidates"].split("|") if n]
        siege = r["tj_siege_insee"]
        # The cour d'appel is the TJ's (or every candidate's): checked, then left out.
        cas = {ca_tj[i] for i in candidats + ([siege] if siege else [])}
        assert cas == ({r["ca_nom"]} if r["ca_nom"] else set()), r
        dep = r["insee"][:3] if r["insee"][:2] in ("97", "98") else r["insee"][:2]
        assert dep == r["departement"], r
        lignes.append(
            [
                r["insee"],
                r["nom"],
                "A" if r["type"] == "arrondissement-municipal" else "",
                r["codes_postaux"],
                r["tc_greffe_label"],
                siege,
                STATUTS[r["tj_status"]],
                "|".join(candidats),
            ]
        )
    ecrire(
        cible / "communes.csv",
        ["insee", "nom", "arr", "codes_postaux", "commerce", "tj", "statut", "candidats"],
        lignes,
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])

#!/usr/bin/env python3
"""Cross-check `recouvre decompte CASE --json` against the independent Python reference.

Usage:
    python3 tests/independent/crosscheck.py --bin target/debug/recouvre --n 500 --seed 1
        [--keep DIR] [--show 5] [--jobs 8]

Generates N random case files (gen_cases.py, deterministic for a seed) in a temporary
folder (or DIR with --keep), runs the binary on each (the arrêté is in the file, no --at)
and compares with decompte_ref.py:
  - top level: principal, interets, indemnites, clause_penale, total (and arrete_au);
  - per claimed invoice, matched by numero: montant, paye, principal, interets, indemnite,
    and the periods (du, au, jours, taux, assiette, interets), in order;
  - `non_exigibles` (numero, echeance, montant, paye) when the binary prints the key;
  - when the reference reports an error (overpayment...), the binary must exit 1, and
    when the binary exits 1 the reference must report an error.
Prints the first mismatches with the case file, then `crosscheck: P passed, F failed`;
exits 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from decompte_ref import compute_file  # noqa: E402
from gen_cases import generate  # noqa: E402

TOP_KEYS = ["arrete_au", "principal", "interets", "indemnites", "clause_penale", "total"]
INV_KEYS = ["montant", "paye", "principal", "interets", "indemnite"]
PER_KEYS = ["du", "au", "jours", "taux", "assiette", "interets"]
NE_KEYS = ["numero", "echeance", "montant", "paye"]


def run_bin(binary: str, path: str) -> tuple[int, str, str]:
    try:
        p = subprocess.run([binary, "decompte", path, "--json"], capture_output=True,
                           text=True, timeout=60)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -999, "", "timeout (60 s)"


def compare(ref: dict, rc: int, out: str, err: str, notes: set) -> list[str]:
    diffs: list[str] = []
    if "error" in ref:
        if rc != 1:
            diffs.append(f"reference error ({ref['error']}) but binary exit code {rc} (expected 1)")
        return diffs
    if rc != 0:
        return [f"binary exit code {rc}, reference computed a décompte"]
    try:
        got = json.loads(out)
    except json.JSONDecodeError as e:
        return [f"binary stdout is not JSON: {e}"]
    if not isinstance(got, dict):
        return ["binary JSON is not an object"]

    for k in TOP_KEYS:
        if got.get(k) != ref[k]:
            diffs.append(f"top.{k}: ref={ref[k]!r} bin={got.get(k)!r}")

    ref_inv = {f["numero"]: f for f in ref["factures"]}
    got_list = got.get("factures")
    if not isinstance(got_list, list):
        return diffs + ["binary JSON has no `factures` list"]
    got_inv = {}
    for f in got_list:
        if isinstance(f, dict):
            got_inv[f.get("numero")] = f
    for n in ref_inv.keys() - got_inv.keys():
        diffs.append(f"facture {n}: missing in binary output")
    for n in got_inv.keys() - ref_inv.keys():
        diffs.append(f"facture {n}: in binary `factures` but not claimed by the reference")
    for n in [f["numero"] for f in ref["factures"] if f["numero"] in got_inv]:
        r, g = ref_inv[n], got_inv[n]
        for k in INV_KEYS:
            if g.get(k) != r[k]:
                diffs.append(f"facture {n}.{k}: ref={r[k]!r} bin={g.get(k)!r}")
        rp, gp = r["periodes"], g.get("periodes")
        if not isinstance(gp, list):
            diffs.append(f"facture {n}.periodes: missing in binary output")
            continue
        if len(rp) != len(gp):
            diffs.append(f"facture {n}.periodes: ref has {len(rp)}, bin has {len(gp)}")
        for j in range(max(len(rp), len(gp))):
            a = rp[j] if j < len(rp) else {}
            b = gp[j] if j < len(gp) else {}
            bad = [k for k in PER_KEYS if a.get(k) != b.get(k)]
            if bad:
                diffs.append(
                    f"facture {n}.periodes[{j}]: ref={[a.get(k) for k in PER_KEYS]} "
                    f"bin={[b.get(k) for k in PER_KEYS]} (differs on {', '.join(bad)})")

    if "non_exigibles" in got:
        rn = [{k: e[k] for k in NE_KEYS} for e in ref["non_exigibles"]]
        gn_raw = got["non_exigibles"] if isinstance(got["non_exigibles"], list) else []
        gn = [{k: e.get(k) for k in NE_KEYS} for e in gn_raw if isinstance(e, dict)]
        if sorted(rn, key=lambda e: e["numero"]) != sorted(gn, key=lambda e: str(e["numero"])):
            diffs.append(f"non_exigibles: ref={rn} bin={gn}")
    elif ref["non_exigibles"]:
        notes.add("the binary does not print `non_exigibles` (not compared)")
    return diffs


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="cross-check recouvre decompte vs reference")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="write the cases to this folder and keep them")
    ap.add_argument("--show", type=int, default=5, help="mismatches printed in full")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 4)
    a = ap.parse_args(argv)

    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        print(f"crosscheck: binary not found or not executable: {binary}", file=sys.stderr)
        return 2

    tmp = None
    if a.keep:
        out_dir = a.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="recouvre-crosscheck-")
        out_dir = tmp.name
    paths = generate(out_dir, a.n, a.seed)

    def one(path: str):
        ref = compute_file(path)
        rc, out, err = run_bin(binary, path)
        return path, ref, rc, out, err

    notes: set = set()
    failures = []
    passed = 0
    ref_errors = 0
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for path, ref, rc, out, err in ex.map(one, paths):
            ref_errors += "error" in ref
            diffs = compare(ref, rc, out, err, notes)
            if diffs:
                failures.append((path, ref, rc, out, err, diffs))
            else:
                passed += 1

    for path, ref, rc, out, err, diffs in failures[:a.show]:
        print("=" * 78)
        print(f"MISMATCH {os.path.basename(path)}")
        for d in diffs:
            print(f"  - {d}")
        print("--- case file")
        with open(path, encoding="utf-8") as fh:
            print(fh.read().rstrip())
        print("--- reference")
        print(json.dumps(ref, ensure_ascii=False, indent=1))
        print(f"--- binary (exit {rc})")
        print(out.rstrip()[:6000])
        if err.strip():
            print("--- binary stderr")
            print(err.rstrip()[:3000])
    if len(failures) > a.show:
        print("=" * 78)
        print(f"... and {len(failures) - a.show} more mismatching cases:")
        for path, *_rest, diffs in failures[a.show:a.show + 40]:
            print(f"  {os.path.basename(path)}: {diffs[0]}")
    for n in sorted(notes):
        print(f"note: {n}")
    print(f"({ref_errors} of {len(paths)} cases are errors for the reference)"
          + (f"; cases kept in {out_dir}" if a.keep else ""))
    print(f"crosscheck: {passed} passed, {len(failures)} failed")
    if tmp is not None:
        tmp.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

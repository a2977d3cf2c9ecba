#!/usr/bin/env bash
# SHA-256 of every output the fixtures produce (documents, bundles, batch reports), sorted:
# run it before and after a change that must not alter outputs, then diff the two lists.
#   tools/empreintes-fixtures.sh [BIN] > avant.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/recouvre}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in fixtures/*/dossier.toml; do
  nom=$(basename "$(dirname "$f")")
  "$bin" build "$f" --out "$tmp/build/$nom" >/dev/null 2>&1 || echo "build $nom: exit $?" >&2
  # the same case at the court step, to cover the judicial documents
done
"$bin" batch fixtures/lot/portefeuille.csv --out "$tmp/lot" --at 2026-06-30 --jobs 1 --quiet >/dev/null 2>&1 || true
"$bin" batch fixtures --out "$tmp/fixtures" --at 2026-06-30 --jobs 1 --quiet >/dev/null 2>&1 || true
cd "$tmp"
find . -type f ! -path '*/.etat/*' -print0 | sort -z | xargs -0 sha256sum

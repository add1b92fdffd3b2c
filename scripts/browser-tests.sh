#!/usr/bin/env bash
# What residents see, checked in headless Chromium: builds the sample community, checks every
# page with the Nu HTML Checker (0 errors), audits every
# page with axe-core (and for scripts, text size and sideways scroll at 320 px), then prints
# every board sheet to PDF and checks paper size, page count and QR code, and the archive of
# 2024 (tests/browser/archive.mjs); searches the sample
# over HTTP (what it finds, marks, filters, suggests) and runs the relevance set
# (tests/browser/relevance.mjs: 35 queries residents would type, each with the pages they expect);
# then the form editor's TOML round trip (tests/browser/roundtrip.mjs) and its forms in the
# browser (tests/browser/editor.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-browser-deps.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
base=https://example.org/xingfuli/
# The dev-profile binary that `cargo test` has just built: a release build here would compile
# every dependency a second time (about 6 minutes of CI) to save a second on a 47-record site.
cargo run --quiet -- build --out "$out/site" --base-url "$base" 2>/dev/null
scripts/html-check.sh "$out/site"
node tests/browser/audit.mjs "$out/site"
node tests/browser/search.mjs "$out/site"
node tests/browser/relevance.mjs "$out/site"
scripts/print-check.sh "$out/site" "$base"
# The archive of 2024 (records with attachments) as an archivist checks it: the sums, the
# catalogue on A4 with its header on every page, each item's page printed.
cargo run --quiet -- archive 2024 --out "$out/archive/2024" 2>/dev/null
scripts/html-check.sh "$out/archive/2024"
node tests/browser/archive.mjs "$out/archive/2024"
# The form editor writes what yishi reads as staff meant it: every record of the sample and
# of the valid fixture rewritten by the editor's TOML code checks clean and gives the same
# open data.
roundtrip() { # NAME DIR [FLAGS…]
  local name=$1 dir=$2; shift 2
  node tests/browser/roundtrip.mjs "$dir" "$out/rt-$name"
  cargo run --quiet -- build --quiet --root "$dir" --out "$out/rt-$name-before" "$@"
  cargo run --quiet -- build --quiet --root "$out/rt-$name" --out "$out/rt-$name-after" "$@"
  set -- "$name"
  diff -r "$out/rt-$1-before/data" "$out/rt-$1-after/data"
  echo "roundtrip $1: open data identical"
}
roundtrip sample .
mkdir -p "$out/fixture"
cp -r tests/fixtures/base/. tests/fixtures/diagnostics/valid/. "$out/fixture/"
roundtrip fixture "$out/fixture" --today 2025-06-30
# The form editor in the browser: a meeting and a progress update with a photo made through
# its forms (test backend), read back out, checked and built; the outcome worked out by hand.
cp -r "$out/site" "$out/site-editor"
node tests/browser/editor.mjs "$out/site-editor" . "$out/edited"
cargo run --quiet -- check --quiet --root "$out/edited"
cargo run --quiet -- build --quiet --root "$out/edited" --out "$out/edited-site"
node tests/browser/editor-outcome.mjs "$out/edited-site" "$(cat "$out/edited.meeting")"

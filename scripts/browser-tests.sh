#!/usr/bin/env bash
# What residents see, checked in headless Chromium: builds the sample community, checks every
# page with the Nu HTML Checker (0 errors), audits every
# page with axe-core (and for scripts, text size and sideways scroll at 320 px), then prints
# every board sheet to PDF and checks paper size, page count and QR code; searches the sample
# over HTTP (what it finds, marks, filters, suggests) and runs the relevance set
# (tests/browser/relevance.mjs: 35 queries residents would type, each with the pages they expect).
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

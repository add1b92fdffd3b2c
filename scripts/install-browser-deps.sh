#!/usr/bin/env bash
# Installs what the browser checks need, each only when missing: Debian's Chromium, CJK fonts
# (without them Chinese renders as empty boxes), poppler (pdfinfo, pdftoppm) and zbar (zbarimg),
# a Java runtime for the Nu HTML Checker, then the npm packages axe-core, acorn (to check the
# search script parses as ES2019), playwright-core (no
# browser download: Debian's Chromium is used) and vnu-jar (the Nu HTML Checker). Safe to run
# again.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v zbarimg >/dev/null || missing+=(zbar-tools)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)   # not fc-list | grep -q: SIGPIPE under pipefail
command -v java >/dev/null || missing+=(default-jre-headless)
if (( ${#missing[@]} )); then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [[ ! -d tests/browser/node_modules/axe-core || ! -d tests/browser/node_modules/acorn || ! -d tests/browser/node_modules/playwright-core || ! -f tests/browser/node_modules/vnu-jar/build/dist/vnu.jar ]]; then
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi

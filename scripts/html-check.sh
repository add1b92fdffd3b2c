#!/usr/bin/env bash
# Every page of a built site through the Nu HTML Checker (the W3C validator's engine, from
# the npm package vnu-jar; needs Java): fails on any error, listing them. Warnings are left
# to the accessibility audit.
#   scripts/html-check.sh SITE_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:?usage: scripts/html-check.sh SITE_DIR}
jar=tests/browser/node_modules/vnu-jar/build/dist/vnu.jar
errors=$(java -jar "$jar" --errors-only --skip-non-html "$site" 2>&1 || true)
pages=$(find "$site" -name '*.html' | wc -l)
if [[ -n "$errors" ]]; then
  echo "$errors" | sed "s|file:$site/||"
  echo "html: errors in the pages above (of $pages checked)"
  exit 1
fi
echo "html: $pages pages, 0 errors (Nu HTML Checker)"

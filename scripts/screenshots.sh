#!/usr/bin/env bash
# Regenerates docs/screenshots/ from the sample community (phone 390 px, desktop 1280 px,
# and one printed sheet). Look at every image before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-browser-deps.sh
cargo run --quiet --release -- build 2>/dev/null
dir=docs/screenshots
mkdir -p "$dir"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --hide-scrollbars)
shot() { # page name width height
  chromium "${flags[@]}" --user-data-dir="$(mktemp -d)" --window-size="$3,$4" --screenshot="$dir/$2.png" "file://$PWD/site/$1" 2>/dev/null
}
for spec in "index.html home" "topics/2024-03-parking/index.html topic" "meetings/2024-04-18-parking-vote/index.html meeting" \
            "progress/index.html progress" "years/2025/index.html year"; do
  set -- $spec
  tall=1300; [[ $2 == meeting ]] && tall=2500   # down to the tallies
  shot "$1" "$2-390" 390 1500
  shot "$1" "$2-1280" 1280 "$tall"
done
# Revision 4 (spec 15): a decision declared without counts, an owners' vote, a record whose
# source leaves out the hour and the number expected — at 390 px, down to the results.
shot meetings/2024-06-15-warm-house/index.html meeting-declared-390 390 2500
shot meetings/2025-05-30-elevator-decision/index.html meeting-owners-390 390 2400
shot meetings/2024-12-20-festival/index.html meeting-unrecorded-390 390 2000
# A results sheet issued jointly by the Party committee and the residents' committee, on A4.
chromium "${flags[@]}" --user-data-dir="$(mktemp -d)" --no-pdf-header-footer --print-to-pdf=/tmp/yishi-issuer.pdf "file://$PWD/site/board/results-2025-12-23-snow-talk/index.html" 2>/dev/null
pdftoppm -r 70 -f 1 -l 1 -png /tmp/yishi-issuer.pdf "$dir/sheet-issuer-a4"
mv "$dir"/sheet-issuer-a4-*1.png "$dir/sheet-issuer-a4.png"
sheet=$(find site/board -mindepth 2 -maxdepth 2 -name index.html -path '*results-*' | sort | head -n 1)
chromium "${flags[@]}" --user-data-dir="$(mktemp -d)" --no-pdf-header-footer --print-to-pdf=/tmp/yishi-sheet.pdf "file://$PWD/$sheet" 2>/dev/null
pdftoppm -r 70 -f 1 -l 1 -png /tmp/yishi-sheet.pdf "$dir/sheet-a4"
mv "$dir"/sheet-a4-*1.png "$dir/sheet-a4.png"
node tests/browser/search-screenshots.mjs site "$dir"
# The form editor (test backend): the collections, a meeting's form, a progress update.
tmp=$(mktemp -d)
cp -r site "$tmp/site"
node tests/browser/editor.mjs "$tmp/site" . "$tmp/edited" "$dir"
rm -rf "$tmp"
ls -la "$dir"

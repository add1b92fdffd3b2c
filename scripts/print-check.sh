#!/usr/bin/env bash
# Prints every board sheet of a built site to PDF in headless Chromium and checks it:
# page size (A4, or A3 for the a3/ variant), at most 2 pages, and the QR code on it
# decodes (zbarimg, from a 150 dpi rendering) to the online page the sheet is about (a grid's
# sheet: its part of the grids page). Then
# prints ordinary pages (home, the first topic and meeting, a year) and checks that the QR code
# at their end decodes to their own address.
# Usage: scripts/print-check.sh SITE_DIR BASE_URL
set -euo pipefail
site=$(cd "$1" && pwd)
base=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chromium_flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync --no-pdf-header-footer)
passed=0 failed=0
for html in $(find "$site/board" -mindepth 2 -name index.html | sort); do
  rel=${html#"$site"/}
  dir=$(dirname "$rel")            # board/<kind>-<id> or board/<kind>-<id>/a3
  sheet=${dir#board/}; sheet=${sheet%/a3}
  kind=${sheet%%-*}; id=${sheet#*-}
  case $kind in
    notice|results) target="meetings/$id/index.html" ;;
    progress) target="topics/$id/index.html" ;;
    grid) target="grids/index.html#$id" ;;   # a grid's sheet leads to its part of the grids page
    *) echo "FAIL $rel: unknown sheet kind $kind"; failed=$((failed+1)); continue ;;
  esac
  want_size=A4; [[ $dir == */a3 ]] && want_size=A3
  pdf="$work/sheet.pdf"
  chromium "${chromium_flags[@]}" --user-data-dir="$work/profile" --print-to-pdf="$pdf" "file://$html" >/dev/null 2>&1
  info=$(pdfinfo "$pdf")
  pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
  size=$(grep -o '(A[0-9])' <<<"$info" | tr -d '()' || true)
  pdftoppm -r 150 -png "$pdf" "$work/page"
  qr=$(zbarimg -q --raw "$work"/page-*.png 2>/dev/null | head -n 1 || true)
  rm -f "$work"/page-*.png
  problems=()
  [[ $size == "$want_size" ]] || problems+=("paper ${size:-unknown}, want $want_size")
  (( pages <= 2 )) || problems+=("$pages pages")
  [[ $qr == "$base$target" ]] || problems+=("QR reads '${qr}', want '$base$target'")
  if (( ${#problems[@]} )); then
    echo "FAIL $rel: ${problems[*]}"; failed=$((failed+1))
  else
    echo "ok   $rel: $size, $pages page(s), QR → $qr"; passed=$((passed+1))
  fi
done
(( passed > 0 )) || { echo "no board sheets found under $site/board"; exit 1; }
topic=$(cd "$site" && find topics -mindepth 2 -maxdepth 2 -name index.html -not -path '*/status/*' -not -path '*/category/*' -not -path '*/page/*' | sort | head -n 1)
meeting=$(cd "$site" && find meetings -mindepth 2 -maxdepth 2 -name index.html -not -path '*/page/*' | sort | head -n 1)
year=$(cd "$site" && find years -mindepth 2 -maxdepth 2 -name index.html | sort | head -n 1)
for rel in index.html "$topic" "$meeting" "$year"; do
  pdf="$work/page.pdf"
  chromium "${chromium_flags[@]}" --user-data-dir="$work/profile" --print-to-pdf="$pdf" "file://$site/$rel" >/dev/null 2>&1
  pdftoppm -r 150 -png "$pdf" "$work/page"
  qr=$(zbarimg -q --raw "$work"/page-*.png 2>/dev/null | head -n 1 || true)
  rm -f "$work"/page-*.png
  if [[ $qr == "$base$rel" ]]; then
    echo "ok   $rel printed: QR → $qr"; passed=$((passed+1))
  else
    echo "FAIL $rel printed: QR reads '${qr}', want '$base$rel'"; failed=$((failed+1))
  fi
done
echo "print: $passed passed, $failed failed"
(( failed == 0 ))

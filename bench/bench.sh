#!/usr/bin/env bash
# Builds synthetic communities of N topics (both shapes of examples/gen_corpus.rs: long
# minutes, and short notes) with yishi, and the same Markdown as the same number of topic
# and meeting pages with Hugo (Debian's package, installed when missing),
# several times each, and prints a table of medians: wall time, peak RSS and pages per
# second. Output goes to tmpfs (/dev/shm) so disk speed does not decide. Then, per size,
# what `yishi serve` does after one meeting is edited, in its text and in a count
# (examples/rebuild.rs).
#   bench/bench.sh [RUNS] [N ...]        default: 3 runs of 1000 10000 50000
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; shift || true
saves=11 # edits timed per size for serve (each takes milliseconds)
sizes=("${@:-1000 10000 50000}"); read -r -a sizes <<<"${sizes[*]}"
command -v hugo >/dev/null || { apt-get update -qq && apt-get install -y -qq hugo >/dev/null; }
cargo build --quiet --release --bin yishi --example gen_corpus --example rebuild
work=/dev/shm/yishi-bench
mkdir -p "$work"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # command... → medians of "seconds kilobytes user-seconds system-seconds"
  local times=() rss=() user=() sys=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    local line
    /usr/bin/time -o "$work/time" -f "%e %M %U %S" "$@" >/dev/null 2>&1 || true
    read -r -a line < <(tail -n 1 "$work/time")
    times+=("${line[0]}"); rss+=("${line[1]}"); user+=("${line[2]}"); sys+=("${line[3]}")
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${rss[@]}" | median)" \
    "$(printf '%s\n' "${user[@]}" | median) $(printf '%s\n' "${sys[@]}" | median)"
}
echo "| shape | topics | yishi pages | yishi wall s | yishi peak MiB | yishi pages/s | yishi user µs/page | yishi sys µs/page | hugo pages | hugo wall s | hugo peak MiB | hugo pages/s | wall hugo/yishi | RSS yishi/hugo | yishi check s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
 for shape in minutes notes; do
  ./target/release/examples/gen_corpus "$n" "$work/c$n" --hugo "$work/h$n" --shape "$shape" 2>/dev/null
  read -r ywall yrss yuser ysys < <(measure ./target/release/yishi build --root "$work/c$n" --out "$work/out")
  ./target/release/yishi build --root "$work/c$n" --out "$work/out" 2>/dev/null
  ypages=$(find "$work/out" -name '*.html' | wc -l)
  read -r cwall _ _ _ < <(measure ./target/release/yishi check --root "$work/c$n")
  read -r hwall hrss _ _ < <(measure hugo --quiet -s "$work/h$n" -d "$work/out")
  hugo --quiet -s "$work/h$n" -d "$work/out" >/dev/null 2>&1
  hpages=$(find "$work/out" -name '*.html' | wc -l)
  awk -v sh="$shape" -v n="$n" -v yp="$ypages" -v yw="$ywall" -v yr="$yrss" -v yu="$yuser" -v ys="$ysys" -v hp="$hpages" -v hw="$hwall" -v hr="$hrss" -v cw="$cwall" 'BEGIN {
    printf "| %s | %d | %d | %.2f | %.0f | %.0f | %.0f | %.0f | %d | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f |\n",
      sh, n, yp, yw, yr/1024, yp/yw, yu*1e6/yp, ys*1e6/yp, hp, hw, hr/1024, hp/hw, hw/yw, yr/hr, cw }'
  # serve's saves are measured in a git repository, as staff keep their records.
  git -C "$work/c$n" init -q && git -C "$work/c$n" add -A
  git -C "$work/c$n" -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false commit -qm corpus
  ./target/release/examples/rebuild "$work/c$n" "$saves" >"$work/rebuild-$shape-$n.txt"
  rm -rf "$work/c$n" "$work/h$n" "$work/out"
 done
done
for n in "${sizes[@]}"; do
  for shape in minutes notes; do
    echo; echo "serve, $shape, $n topics: $(cat "$work/rebuild-$shape-$n.txt")"
  done
done

#!/usr/bin/env bash
# Builds yishi at two commits and runs them interleaved on both generated corpora (the
# `minutes` and `notes` shapes of examples/gen_corpus.rs, made by the current checkout's
# generator, so both commits build the same files), printing medians and the ratio B/A of
# wall time, user CPU and peak memory, and the files and bytes each writes (and `check`'s
# wall time). Run it, and quote it, for every change to rendering, the privacy scan or search.
#
#   bench/compare.sh A B [N ...]        e.g. bench/compare.sh 19003c9 HEAD 10000
#   RUNS=7 bench/compare.sh main HEAD 1000 10000
#   GEN_FLAGS=--no-rev3 bench/compare.sh fb59c89 HEAD     # a commit from before revision 3
#   GEN_FLAGS_A=--no-rev3 bench/compare.sh fb59c89 HEAD   # A on the corpus it knew, B on today's
#
# GEN_FLAGS are the generator's flags for both corpora; GEN_FLAGS_A, when set, A's alone
# (so A and B may build different corpora: the files and bytes columns then differ too).
#
# Binaries are kept under /dev/shm/yishi-compare/bin by commit id, so a second comparison
# with the same commit does not build it again. Output goes to tmpfs, so the disk does not
# decide; runs alternate A, B, A, B … so a slow moment of the machine hits both.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/compare.sh A B [N ...]" >&2; exit 2; }
a=$(git rev-parse --short=9 "$1"); b=$(git rev-parse --short=9 "$2"); shift 2
sizes=("${@:-10000}")
runs=${RUNS:-5}
work=/dev/shm/yishi-compare
mkdir -p "$work/bin"
binary() { # commit → path of its release binary, built once
  local rev=$1 bin="$work/bin/yishi-$1"
  if [ ! -x "$bin" ]; then
    local src="$work/src-$rev"
    rm -rf "$src"; mkdir -p "$src"
    git archive "$rev" | tar -x -C "$src"
    echo "building $rev …" >&2
    (cd "$src" && cargo build --quiet --release --bin yishi --target-dir "$work/target" >&2)
    cp "$work/target/release/yishi" "$bin"
    rm -rf "$src"
  fi
  echo "$bin"
}
bin_a=$(binary "$a"); bin_b=$(binary "$b")
cargo build --quiet --release --example gen_corpus
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo "| corpus | topics | commit | wall s | user s | peak MiB | check s | files | MB | wall B/A | user B/A | peak B/A |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  for shape in minutes notes; do
    corpus="$work/corpus-$shape-$n"
    # shellcheck disable=SC2086 # the flags are words
    ./target/release/examples/gen_corpus "$n" "$corpus" --shape "$shape" ${GEN_FLAGS:-} 2>/dev/null
    corpus_a=$corpus
    if [ -n "${GEN_FLAGS_A+set}" ]; then
      corpus_a="$work/corpus-a-$shape-$n"
      # shellcheck disable=SC2086
      ./target/release/examples/gen_corpus "$n" "$corpus_a" --shape "$shape" $GEN_FLAGS_A 2>/dev/null
    fi
    declare -A wall=() user=() rss=() chk=()
    for _ in $(seq "$runs"); do
      for side in a b; do
        bin=$bin_a; root=$corpus_a; [ "$side" = b ] && bin=$bin_b && root=$corpus
        rm -rf "$work/out-$side"
        /usr/bin/time -o "$work/time" -f "%e %U %M" "$bin" build --quiet --root "$root" --out "$work/out-$side" >/dev/null 2>&1 || true
        [ -f "$work/out-$side/index.html" ] || {
          echo "$bin did not build $root (errors in a corpus it does not know? see GEN_FLAGS)" >&2; exit 1; }
        read -r w u m <"$work/time"
        wall[$side]+="$w "; user[$side]+="$u "; rss[$side]+="$m "
        /usr/bin/time -o "$work/time" -f "%e" "$bin" check --quiet --root "$root" >/dev/null 2>&1 || true
        chk[$side]+="$(cat "$work/time") "
      done
    done
    declare -A mw=() mu=() mr=()
    for side in a b; do
      mw[$side]=$(tr ' ' '\n' <<<"${wall[$side]}" | grep . | median)
      mu[$side]=$(tr ' ' '\n' <<<"${user[$side]}" | grep . | median)
      mr[$side]=$(tr ' ' '\n' <<<"${rss[$side]}" | grep . | median)
      mc=$(tr ' ' '\n' <<<"${chk[$side]}" | grep . | median)
      files=$(find "$work/out-$side" -type f | wc -l)
      bytes=$(du -sb "$work/out-$side" | cut -f1)
      rev=$a; [ "$side" = b ] && rev=$b
      ratio=""
      if [ "$side" = b ]; then
        ratio=$(awk -v wa="${mw[a]}" -v wb="${mw[b]}" -v ua="${mu[a]}" -v ub="${mu[b]}" -v ra="${mr[a]}" -v rb="${mr[b]}" \
          'BEGIN { printf "%.2f | %.2f | %.2f", wb/wa, ub/ua, rb/ra }')
      else
        ratio=" | | "
      fi
      awk -v s="$shape" -v n="$n" -v r="$rev" -v w="${mw[$side]}" -v u="${mu[$side]}" -v m="${mr[$side]}" -v c="$mc" -v f="$files" -v by="$bytes" -v q="$ratio" \
        'BEGIN { printf "| %s | %d | %s | %.2f | %.2f | %.0f | %.2f | %d | %.0f | %s |\n", s, n, r, w, u, m/1024, c, f, by/1e6, q }'
    done
    rm -rf "$corpus" "$corpus_a" "$work/out-a" "$work/out-b"
    unset wall user rss chk mw mu mr
  done
done

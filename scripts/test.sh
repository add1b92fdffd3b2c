#!/usr/bin/env bash
# Every test: the Rust suite (unit, sample figures, errors, diagnostics fixtures, robustness,
# the time walk), the CI recipes installed from a tagged clone of this project, then the
# browser checks of the built sample (accessibility and printing).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test
# Slow (compiles yishi from a bare clone, as a community's CI installs it): kept out of a
# plain `cargo test`.
cargo test --test testsuite ci_recipes:: -- --ignored
scripts/browser-tests.sh

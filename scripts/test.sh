#!/usr/bin/env bash
# Every test: the Rust suite (unit, sample figures, errors, diagnostics fixtures, robustness),
# then the browser checks of the built sample (accessibility and printing).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test
scripts/browser-tests.sh

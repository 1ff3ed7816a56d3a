#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then checks formatting and
# lints, then runs every test in the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --workspace --locked

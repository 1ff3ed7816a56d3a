#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing and starts the services the
# tests need (PostgreSQL, localstripe), then checks formatting and lints, then runs every test in
# the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "==> PostgreSQL for the storage tests"
ALTLOOM_TEST_POSTGRES_URL="$(scripts/postgres.sh)"
export ALTLOOM_TEST_POSTGRES_URL

echo "==> localstripe for the end-to-end billing test"
if [ -z "${ALTLOOM_TEST_LOCALSTRIPE_URL:-}" ]; then
    ALTLOOM_TEST_LOCALSTRIPE_URL="$(scripts/localstripe.sh)"
    trap 'scripts/localstripe.sh stop' EXIT
fi
export ALTLOOM_TEST_LOCALSTRIPE_URL

echo "==> WordPress and MariaDB for the push tests"
if [ -z "${ALTLOOM_TEST_WORDPRESS:-}" ]; then
    ALTLOOM_TEST_WORDPRESS="$(scripts/wordpress.sh)"
fi
export ALTLOOM_TEST_WORDPRESS

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --workspace --locked

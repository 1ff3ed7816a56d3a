#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing and starts the services the
# tests need (PostgreSQL, localstripe), then checks formatting and lints, then runs every test in
# the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "==> shellcheck for the install.sh test, libavif's avifdec for the AVIF targeting test"
test_tools=()
command -v shellcheck >/dev/null 2>&1 || test_tools+=(shellcheck)
command -v avifdec >/dev/null 2>&1 || test_tools+=(libavif-bin)
if [ ${#test_tools[@]} -gt 0 ]; then
    sudo_prefix=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo_prefix=(sudo)
    fi
    "${sudo_prefix[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends \
        "${test_tools[@]}" >/dev/null
fi

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

echo "==> Chromium and chromedriver for the browser tests"
scripts/browser.sh

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --workspace --locked

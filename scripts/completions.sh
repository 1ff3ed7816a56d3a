#!/usr/bin/env bash
# Regenerates the committed shell completions and the manual page (man/altloom.1) from the CLI
# definitions; tests fail when either is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p altloom
binary=target/debug/altloom
"$binary" completions bash > completions/altloom.bash
"$binary" completions zsh > completions/_altloom
"$binary" completions fish > completions/altloom.fish
"$binary" completions powershell > completions/_altloom.ps1
"$binary" completions elvish > completions/altloom.elv
mkdir -p man
"$binary" man > man/altloom.1

#!/usr/bin/env bash
# Regenerates the committed shell completions from the CLI definitions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p altloom
binary=target/debug/altloom
"$binary" completions bash > completions/altloom.bash
"$binary" completions zsh > completions/_altloom
"$binary" completions fish > completions/altloom.fish
"$binary" completions powershell > completions/_altloom.ps1
"$binary" completions elvish > completions/altloom.elv

#!/usr/bin/env bash
# Installs what building Altloom needs on a fresh Debian machine that has only the Rust toolchain:
# nasm for the codecs' assembly (rav1e, libjpeg-turbo) and a C compiler for the bundled C libraries.
# Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
command -v nasm >/dev/null 2>&1 || missing+=(nasm)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install: ${missing[*]} (no apt-get found on this system)" >&2
    exit 1
  fi
  sudo_prefix=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_prefix=(sudo)
  fi
  echo "Installing ${missing[*]} ..." >&2
  "${sudo_prefix[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-unsafe-io "${missing[@]}" >/dev/null
fi

for tool in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^${tool}"; then
    rustup component add "$tool" >/dev/null 2>&1 || true
  fi
done

#!/bin/sh
# Installs altloom from this source checkout: builds it with cargo (installing nasm first when it
# is missing and apt-get is available), puts the binary in PREFIX/bin and the completion script for
# your shell where that shell looks for it. Running it again simply reinstalls.
#
#   ./install.sh [--prefix DIR] [--with-server]
#
# Release archives do not exist yet; when they do, this script will prefer them.
set -eu

prefix="${HOME}/.local"
with_server=no
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --with-server) with_server=yes; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$here/cli/Cargo.toml" ]; then
  echo "install.sh: run this from an altloom source checkout" >&2
  exit 1
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "install.sh: cargo is needed; install Rust from your package manager or rustup first" >&2
  exit 1
fi
if ! command -v nasm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && apt-get install -y -qq --no-install-recommends nasm >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends nasm >/dev/null
    fi
  else
    echo "install.sh: please install nasm (the AV1 and JPEG codecs need it), then run again" >&2
    exit 1
  fi
fi

cargo install --locked --quiet --force --path "$here/cli" --root "$prefix"
if [ "$with_server" = yes ]; then
  cargo install --locked --quiet --force --path "$here/server" --root "$prefix"
fi

shell_name=$(basename "${SHELL:-sh}")
completion=""
case "$shell_name" in
  bash) completion="${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion/completions/altloom" ;;
  zsh) completion="${XDG_DATA_HOME:-$HOME/.local/share}/zsh/site-functions/_altloom" ;;
  fish) completion="${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions/altloom.fish" ;;
esac
if [ -n "$completion" ]; then
  mkdir -p "$(dirname "$completion")"
  "$prefix/bin/altloom" completions "$shell_name" > "$completion"
fi

echo "Installed $("$prefix/bin/altloom" --version) to $prefix/bin"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to your PATH to run altloom." ;;
esac
echo "To uninstall: rm -f $prefix/bin/altloom $prefix/bin/altloom-server${completion:+ $completion}"

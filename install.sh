#!/bin/sh
# install.sh: installs altloom (and altloom-server with --with-server), its manual page and the
# completion script for your shell. It uses a release archive when one is published for this
# platform, verifying its SHA-256 checksum, and otherwise builds from this source checkout with
# cargo. Running it again reinstalls the same files; --uninstall removes them.
#
#   ./install.sh [--prefix DIR] [--version VERSION] [--with-server] [--dry-run]
#   ./install.sh --from-target DIR [--prefix DIR]     install binaries cargo already built
#   ./install.sh --uninstall [--prefix DIR]
#
#   --prefix DIR        install into DIR/bin and DIR/share/man (default: ~/.local)
#   --version VERSION   the version to install (default: this checkout's); from source, another
#                       version is built from the tag vVERSION of this repository
#   --with-server       also install altloom-server
#   --release-url URL   where release archives are published (also ALTLOOM_RELEASE_URL); none are
#                       published yet, so without it altloom is built from source
#   --from-target DIR   install the binaries in DIR (such as target/release) without building
#   --dry-run           say what would be installed, and from where; change nothing
#   --uninstall         remove what an earlier run installed under the prefix
set -eu

prefix="${HOME}/.local"
with_server=no
version=""
from_target=""
release_url="${ALTLOOM_RELEASE_URL:-}"
dry_run=no
uninstall=no

say() {
  printf '%s\n' "$*"
}

fail() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}

usage_error() {
  printf 'install.sh: %s (see ./install.sh --help)\n' "$*" >&2
  exit 2
}

# The value of an option that takes one, or a usage error when it is missing.
option_value() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    usage_error "$1 needs a value"
  fi
  printf '%s' "$2"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$(option_value "$@"); shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --version) version=$(option_value "$@"); shift 2 ;;
    --version=*) version="${1#--version=}"; shift ;;
    --release-url) release_url=$(option_value "$@"); shift 2 ;;
    --release-url=*) release_url="${1#--release-url=}"; shift ;;
    --from-target) from_target=$(option_value "$@"); shift 2 ;;
    --from-target=*) from_target="${1#--from-target=}"; shift ;;
    --with-server) with_server=yes; shift ;;
    --dry-run) dry_run=yes; shift ;;
    --uninstall) uninstall=yes; shift ;;
    -h|--help) sed -n '2,/^set -eu$/{/^set -eu$/d;s/^# \{0,1\}//;p;}' "$0"; exit 0 ;;
    *) usage_error "unknown option $1" ;;
  esac
done

# A version is part of file names and URLs, so only plain version characters are accepted.
version="${version#v}"
case "$version" in
  *[!0-9A-Za-z.+-]*) usage_error "--version $version is not a version such as 0.1.0" ;;
esac
case "$prefix" in
  /*) ;;
  *) prefix="$(pwd)/$prefix" ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
manifest="$prefix/share/altloom/install-manifest"

if [ "$uninstall" = yes ]; then
  if [ ! -f "$manifest" ]; then
    fail "nothing to uninstall: $manifest does not exist (was altloom installed with --prefix $prefix?)"
  fi
  while IFS= read -r path; do
    if [ -n "$path" ]; then
      rm -f "$path"
      say "Removed $path"
    fi
  done < "$manifest"
  rm -f "$manifest"
  rmdir "$prefix/share/altloom" 2>/dev/null || true
  say "altloom is uninstalled from $prefix."
  exit 0
fi

binaries="altloom"
if [ "$with_server" = yes ]; then
  binaries="altloom altloom-server"
fi

checkout_version=""
if [ -f "$here/cli/Cargo.toml" ] && [ -f "$here/Cargo.toml" ]; then
  checkout_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)
fi

# The Rust target name of this machine, which release archives are named after.
platform() {
  case "$(uname -m)" in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=aarch64 ;;
    *) arch=$(uname -m) ;;
  esac
  case "$(uname -s)" in
    Linux) printf '%s-unknown-linux-gnu' "$arch" ;;
    Darwin) printf '%s-apple-darwin' "$arch" ;;
    *) printf '%s-%s' "$arch" "$(uname -s | tr '[:upper:]' '[:lower:]')" ;;
  esac
}
target=$(platform)

work=$(mktemp -d "${TMPDIR:-/tmp}/altloom-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Downloads $1 to $2 over HTTPS (or from a file:// mirror); fails quietly so the caller can say
# what is missing.
fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl --fail --silent --location --proto '=https,file' --output "$2" "$1" 2>/dev/null
  elif command -v wget >/dev/null 2>&1; then
    case "$1" in
      https://*) wget --quiet --output-document "$2" "$1" ;;
      *) return 1 ;;
    esac
  else
    return 1
  fi
}

# The SHA-256 of file $1 in lower-case hex.
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "cannot verify the download: neither sha256sum nor shasum is installed; nothing was installed"
  fi
}

# Looks for the release archive of $version for $target under $release_url. A release is laid
# out as URL/vVERSION/SHA256SUMS (lines of `HASH  FILE`, as sha256sum writes them) beside
# URL/vVERSION/altloom-VERSION-TARGET.tar.gz, whose folder altloom-VERSION-TARGET/ holds the
# binaries. Succeeds when the archive's checksum is listed; the archive itself is downloaded and
# checked by install_from_release.
release_is_published() {
  [ -n "$release_url" ] || return 1
  archive="altloom-$version-$target.tar.gz"
  release_base="${release_url%/}/v$version"
  fetch "$release_base/SHA256SUMS" "$work/SHA256SUMS" || return 1
  expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$work/SHA256SUMS")
  [ -n "$expected" ]
}

# Downloads the archive, refuses it unless its SHA-256 is the published one, and unpacks it.
install_from_release() {
  fetch "$release_base/$archive" "$work/$archive" \
    || fail "$release_base/$archive is listed in SHA256SUMS but cannot be downloaded; nothing was installed"
  actual=$(sha256_of "$work/$archive")
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual; nothing was installed"
  fi
  say "Checksum verified: $archive (sha256 $actual)."
  mkdir "$work/release"
  tar -xzf "$work/$archive" -C "$work/release"
  binary_folder="$work/release/altloom-$version-$target"
  [ -d "$binary_folder" ] || binary_folder="$work/release"
}

# Runs a package manager as root: directly when root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

# Installs the packages named in "$@" with the system's package manager, or says exactly what to
# install when there is none this script knows.
install_packages() {
  if command -v apt-get >/dev/null 2>&1; then
    manager="apt-get install"
    as_root apt-get update -qq \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  elif command -v dnf >/dev/null 2>&1; then
    manager="dnf install"
    as_root dnf install -y -q "$@"
  elif command -v apk >/dev/null 2>&1; then
    manager="apk add"
    as_root apk add -q "$@"
  elif command -v pacman >/dev/null 2>&1; then
    manager="pacman -S"
    as_root pacman -S --needed --noconfirm "$@"
  elif command -v brew >/dev/null 2>&1; then
    manager="brew install"
    brew install "$@"
  else
    fail "please install $* (the image codecs need nasm and a C compiler), then run install.sh again"
  fi || fail "could not install $* with $manager; run \`sudo $manager $*\` yourself, then run install.sh again"
}

# Makes sure cargo, nasm and a C compiler are there before a build from source.
ensure_build_tools() {
  if ! command -v cargo >/dev/null 2>&1; then
    fail "cargo is needed to build altloom from source: install Rust with rustup (https://rustup.rs) or your package manager, then run install.sh again"
  fi
  missing=""
  if ! command -v nasm >/dev/null 2>&1; then
    missing="nasm"
  fi
  if ! command -v cc >/dev/null 2>&1; then
    if command -v brew >/dev/null 2>&1; then
      fail "a C compiler is needed: run \`xcode-select --install\`, then run install.sh again"
    elif command -v apk >/dev/null 2>&1; then
      missing="$missing build-base"
    else
      missing="$missing gcc"
    fi
  fi
  missing="${missing# }"
  if [ -n "$missing" ]; then
    say "Installing $missing for the build ..."
    # The list is split into package names on purpose.
    # shellcheck disable=SC2086
    install_packages $missing
  fi
}

# Which source builds $version: this checkout when it is that version, else the tag vVERSION of
# this repository; fails, before anything is built, when neither exists.
choose_source() {
  if [ -z "$checkout_version" ]; then
    fail "there is no release archive of altloom $version for $target, and this script is not in an altloom source checkout: clone the repository and run ./install.sh there"
  fi
  if [ "$version" = "$checkout_version" ]; then
    origin="source, this checkout ($here)"
  elif git -C "$here" rev-parse -q --verify "refs/tags/v$version" >/dev/null 2>&1; then
    origin="source, tag v$version of this repository"
  else
    fail "this checkout is altloom $checkout_version and has no tag v$version: check out that version and run its install.sh"
  fi
}

# Builds the binaries from the source choose_source picked (a tag is cloned into the work folder).
build_from_source() {
  source_folder="$here"
  if [ "$version" != "$checkout_version" ]; then
    git clone --quiet --branch "v$version" "$here" "$work/source"
    source_folder="$work/source"
  fi
  ensure_build_tools
  packages=""
  for binary in $binaries; do
    packages="$packages -p $binary"
  done
  say "Building altloom $version with cargo (the first build compiles the codecs and takes several minutes) ..."
  # The options are split into words on purpose.
  # shellcheck disable=SC2086
  cargo build --release --locked --manifest-path "$source_folder/Cargo.toml" $packages
  binary_folder="${CARGO_TARGET_DIR:-$source_folder/target}/release"
}

# Copies $1 to $2 with mode $3 through a temporary file and a rename, so a running altloom is
# never replaced by half a file.
put_file() {
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2.install-tmp.$$"
  chmod "$3" "$2.install-tmp.$$"
  mv -f "$2.install-tmp.$$" "$2"
}

# What would be installed, and from where.
if [ -n "$from_target" ]; then
  [ -d "$from_target" ] || fail "--from-target $from_target is not a folder"
  from_target=$(cd "$from_target" && pwd)
  origin="the binaries in $from_target"
  mode=target
  [ -n "$version" ] || version=$checkout_version
elif [ -z "$version" ] && [ -z "$checkout_version" ]; then
  fail "--version is needed outside a source checkout"
else
  [ -n "$version" ] || version=$checkout_version
  if release_is_published; then
    origin="the release archive $archive (checksum from $release_base/SHA256SUMS)"
    mode=release
  else
    if [ -n "$release_url" ]; then
      say "No release archive of altloom $version for $target at ${release_url%/}/v$version; building from source instead."
    else
      say "No release archives of altloom are published yet; building from source instead."
    fi
    choose_source
    mode=source
  fi
fi

say "altloom ${version:-(version of the binaries)} for $target from $origin into $prefix/bin ($binaries)."
if [ "$dry_run" = yes ]; then
  exit 0
fi

case "$mode" in
  target) binary_folder="$from_target" ;;
  release) install_from_release ;;
  source) build_from_source ;;
esac
for binary in $binaries; do
  [ -x "$binary_folder/$binary" ] || fail "$binary_folder has no $binary; nothing was installed"
done

previous=""
if [ -x "$prefix/bin/altloom" ]; then
  previous=$("$prefix/bin/altloom" --version 2>/dev/null || true)
fi
installed=""
for binary in $binaries; do
  put_file "$binary_folder/$binary" "$prefix/bin/$binary" 755
  installed="$installed
$prefix/bin/$binary"
done
now=$("$prefix/bin/altloom" --version)
if [ -n "$version" ] && [ "$now" != "altloom $version" ]; then
  say "warning: $prefix/bin/altloom says \"$now\", not altloom $version" >&2
fi

# The manual page and the completion script come from the installed binary, so they always
# describe the commands it has.
"$prefix/bin/altloom" man > "$work/altloom.1"
put_file "$work/altloom.1" "$prefix/share/man/man1/altloom.1" 644
installed="$installed
$prefix/share/man/man1/altloom.1"

shell_name=$(basename "${SHELL:-sh}")
completion=""
case "$shell_name" in
  bash) completion="${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion/completions/altloom" ;;
  zsh) completion="${XDG_DATA_HOME:-$HOME/.local/share}/zsh/site-functions/_altloom" ;;
  fish) completion="${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions/altloom.fish" ;;
esac
if [ -n "$completion" ]; then
  "$prefix/bin/altloom" completions "$shell_name" > "$work/completion"
  put_file "$work/completion" "$completion" 644
  installed="$installed
$completion"
fi

mkdir -p "$(dirname "$manifest")"
printf '%s\n' "$installed" | sed '/^$/d' > "$work/manifest"
put_file "$work/manifest" "$manifest" 644

if [ -n "$previous" ] && [ "$previous" != "$now" ]; then
  say "Replaced $previous with $now in $prefix/bin."
elif [ -n "$previous" ]; then
  say "Reinstalled $now in $prefix/bin."
else
  say "Installed $now in $prefix/bin."
fi
if [ -n "$completion" ]; then
  say "Completions for $shell_name: $completion"
  if [ "$shell_name" = zsh ]; then
    say "  (zsh reads it when ${completion%/*} is in fpath: add fpath+=(${completion%/*}) before compinit in ~/.zshrc)"
  fi
else
  say "No completion script installed for $shell_name; \`altloom completions bash|zsh|fish|powershell|elvish\` prints one."
fi
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) say "Add $prefix/bin to your PATH to run altloom (and to let \`man altloom\` find its page)." ;;
esac
say "To uninstall: $here/install.sh --uninstall --prefix $prefix"
say "  or: rm -f $(tr '\n' ' ' < "$manifest")$manifest"

#!/usr/bin/env bash
# Installs the peer tools the Altloom benchmark compares against.
# Idempotent: every tool is checked before it is installed.
#   Debian: webp (cwebp/dwebp), libavif-bin (avifenc/avifdec), jpegoptim, pngquant,
#           time (GNU /usr/bin/time), imagemagick (corpus preparation)
#   npm:    sharp-cli and @squoosh/cli, locally into bench/node_modules (pinned by
#           bench/package.json + package-lock.json)
#   crates: oxipng, dssim, rimage, into bench/tools/bin (cargo install --locked --root bench/tools)
#           rimage is built without its `avif` feature: that feature links dav1d >= 1.3 (for AVIF
#           decoding), newer than Debian 12's 1.0, and rimage has no AVIF encoder without it, so the
#           benchmark has no rimage AVIF row.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# --- Debian packages -------------------------------------------------------
# package:command-that-proves-it-is-installed
apt_need=()
for pair in webp:cwebp webp:dwebp libavif-bin:avifenc libavif-bin:avifdec \
            jpegoptim:jpegoptim pngquant:pngquant time:/usr/bin/time \
            imagemagick:convert imagemagick:identify; do
  pkg="${pair%%:*}"; cmd="${pair#*:}"
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "$cmd" ]; then
    apt_need+=("$pkg")
  fi
done
# /usr/bin/convert can be a stand-in on some images: make sure the real package is there.
if ! dpkg-query -W -f='${Status}' imagemagick 2>/dev/null | grep -q 'install ok installed'; then
  apt_need+=(imagemagick)
fi
if [ "${#apt_need[@]}" -gt 0 ]; then
  mapfile -t apt_need < <(printf '%s\n' "${apt_need[@]}" | sort -u)
  echo "setup: apt-get install ${apt_need[*]}"
  if ! $SUDO apt-get install -y --no-install-recommends "${apt_need[@]}"; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${apt_need[@]}"
  fi
else
  echo "setup: Debian peers present"
fi

# --- npm: sharp-cli, @squoosh/cli ---------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: npm missing, installing nodejs + npm from Debian"
  $SUDO apt-get install -y --no-install-recommends nodejs npm
fi
if [ -x "$BENCH/node_modules/.bin/sharp" ] && [ -x "$BENCH/node_modules/.bin/squoosh-cli" ]; then
  echo "setup: sharp-cli present ($("$BENCH/node_modules/.bin/sharp" --version 2>/dev/null || echo '?')), squoosh-cli present"
else
  echo "setup: npm install sharp-cli and @squoosh/cli into $BENCH/node_modules"
  if [ -f "$BENCH/package-lock.json" ]; then
    (cd "$BENCH" && npm ci --no-audit --no-fund)
  else
    (cd "$BENCH" && npm install --no-audit --no-fund)
  fi
fi

# --- crates: oxipng, dssim, rimage --------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is required (install Rust via rustup)" >&2
  exit 1
fi
if [ -x "$BENCH/tools/bin/oxipng" ]; then
  echo "setup: oxipng present ($BENCH/tools/bin/oxipng)"
else
  echo "setup: cargo install --locked --root $BENCH/tools oxipng"
  cargo install --locked --root "$BENCH/tools" oxipng
fi
# dssim is the quality metric, never a timed tool: it is built for this CPU (-C target-cpu=native),
# which makes it about 3x faster with the same scores (checked to 8 decimals). The marker file
# tells a native build from an older generic one, which is rebuilt.
if [ -x "$BENCH/tools/bin/dssim" ] && [ -f "$BENCH/tools/dssim.native" ]; then
  echo "setup: dssim present ($BENCH/tools/bin/dssim, native build)"
else
  echo "setup: RUSTFLAGS='-C target-cpu=native' cargo install --locked --force --root $BENCH/tools dssim"
  RUSTFLAGS="-C target-cpu=native" cargo install --locked --force --root "$BENCH/tools" dssim
  echo "built with RUSTFLAGS='-C target-cpu=native' on $(uname -m)" > "$BENCH/tools/dssim.native"
fi
# rimage: every default feature except `avif` (see the top of this file), plus `build-binary`,
# which its binary requires.
RIMAGE_VERSION=0.14.0
RIMAGE_FEATURES=build-binary,resize,quantization,mozjpeg,oxipng,webp,tiff,svg,threads,metadata
if [ -x "$BENCH/tools/bin/rimage" ]; then
  echo "setup: rimage present ($BENCH/tools/bin/rimage)"
else
  echo "setup: cargo install --locked --root $BENCH/tools rimage@$RIMAGE_VERSION --no-default-features --features $RIMAGE_FEATURES"
  cargo install --locked --root "$BENCH/tools" "rimage@$RIMAGE_VERSION" \
    --no-default-features --features "$RIMAGE_FEATURES"
fi

echo "setup: done"

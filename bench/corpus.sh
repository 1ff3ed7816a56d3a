#!/usr/bin/env bash
# Builds bench/work/corpus/ from real third-party images:
#   * Debian 12 packages (downloaded with `apt-get download`, unpacked with dpkg-deb -x, nothing is
#     installed): plasma-workspace-wallpapers, desktop-base, valgrind (its HTML manual's screenshots)
#   * Pillow's sdist (pip download --no-deps --no-binary pillow pillow==13.0.0), Tests/images
# The file list below is fixed and sorted, so the corpus is the same on every run (given the same
# package versions, which SOURCES.txt records along with each file's sha256).
#   corpus/jpeg/*.jpg  24 JPEGs (photographs and some digital art)
#   corpus/png/*.png   10 PNGs (screenshots, graphics, photos with alpha)
# Wallpapers larger than 2560 px wide are downscaled to 2560 px wide (2560x1440 / 2560x1600, about
# 3.7-4.1 MP) with ImageMagick at quality 92; every other file is copied byte for byte.
# Needs: apt-get, dpkg-deb, pip, ImageMagick (bench/setup.sh installs it), sha256sum.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$BENCH/work"
CACHE="$WORK/cache"
CORPUS="$WORK/corpus"
PILLOW_VERSION="13.0.0"
DEBS=(plasma-workspace-wallpapers desktop-base valgrind)

for cmd in apt-get dpkg-deb convert identify sha256sum; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "corpus: missing $cmd (run bench/setup.sh)" >&2; exit 1; }
done
PIP=(python3 -m pip)

mkdir -p "$CACHE/debs" "$CACHE/pkgs" "$CACHE/pypi"

# --- fetch and unpack the Debian packages (cached) ----------------------------
for pkg in "${DEBS[@]}"; do
  if ! compgen -G "$CACHE/debs/${pkg}_*.deb" >/dev/null; then
    echo "corpus: apt-get download $pkg"
    (cd "$CACHE/debs" && apt-get download "$pkg" 2>&1 | grep -v 'unsandboxed' || true)
    compgen -G "$CACHE/debs/${pkg}_*.deb" >/dev/null || {
      echo "corpus: could not download $pkg (try: apt-get update)" >&2; exit 1; }
  fi
  deb="$(ls "$CACHE/debs/${pkg}"_*.deb | sort | tail -1)"
  if [ ! -f "$CACHE/pkgs/$pkg/.unpacked" ] || [ "$(cat "$CACHE/pkgs/$pkg/.unpacked")" != "$(basename "$deb")" ]; then
    rm -rf "$CACHE/pkgs/$pkg"
    mkdir -p "$CACHE/pkgs/$pkg"
    dpkg-deb -x "$deb" "$CACHE/pkgs/$pkg"
    basename "$deb" > "$CACHE/pkgs/$pkg/.unpacked"
  fi
done

# --- fetch and unpack Pillow's sdist (cached) ---------------------------------
PIL_TGZ="$CACHE/pypi/pillow-$PILLOW_VERSION.tar.gz"
if [ ! -f "$PIL_TGZ" ]; then
  echo "corpus: pip download pillow==$PILLOW_VERSION (sdist)"
  "${PIP[@]}" download --quiet --no-deps --no-binary pillow -d "$CACHE/pypi" "pillow==$PILLOW_VERSION"
fi
PIL_DIR="$CACHE/pypi/pillow-$PILLOW_VERSION"
if [ ! -d "$PIL_DIR/Tests/images" ]; then
  tar -xzf "$PIL_TGZ" -C "$CACHE/pypi" "pillow-$PILLOW_VERSION/Tests/images"
fi

# --- the fixed list -----------------------------------------------------------
# name|origin|path inside the origin|what it is
WP=usr/share/wallpapers
LIST=(
  # JPEG: Plasma 5.27 wallpapers, photographs (2560x1600 files are copied as they are)
  "jpeg/plasma-BytheWater.jpg|plasma-workspace-wallpapers|$WP/BytheWater/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-ColdRipple.jpg|plasma-workspace-wallpapers|$WP/ColdRipple/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-ColorfulCups.jpg|plasma-workspace-wallpapers|$WP/ColorfulCups/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-DarkestHour.jpg|plasma-workspace-wallpapers|$WP/DarkestHour/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-EveningGlow.jpg|plasma-workspace-wallpapers|$WP/EveningGlow/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-FallenLeaf.jpg|plasma-workspace-wallpapers|$WP/FallenLeaf/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-Grey.jpg|plasma-workspace-wallpapers|$WP/Grey/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-Kite.jpg|plasma-workspace-wallpapers|$WP/Kite/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-OneStandsOut.jpg|plasma-workspace-wallpapers|$WP/OneStandsOut/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-Path.jpg|plasma-workspace-wallpapers|$WP/Path/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-summer_1am.jpg|plasma-workspace-wallpapers|$WP/summer_1am/contents/images/2560x1600.jpg|photo"
  "jpeg/plasma-Volna.jpg|plasma-workspace-wallpapers|$WP/Volna/contents/images/5120x2880.jpg|photo (aerial), downscaled"
  # JPEG: Plasma wallpapers, painting and digital art
  "jpeg/plasma-Autumn.jpg|plasma-workspace-wallpapers|$WP/Autumn/contents/images/2560x1600.jpg|painting"
  "jpeg/plasma-Flow.jpg|plasma-workspace-wallpapers|$WP/Flow/contents/images/5120x2880.jpg|digital art, downscaled"
  "jpeg/plasma-Honeywave.jpg|plasma-workspace-wallpapers|$WP/Honeywave/contents/images/5120x2880.jpg|digital art, downscaled"
  "jpeg/plasma-PastelHills.jpg|plasma-workspace-wallpapers|$WP/PastelHills/contents/images/3200x2000.jpg|digital art, downscaled"
  "jpeg/plasma-SafeLanding.jpg|plasma-workspace-wallpapers|$WP/SafeLanding/contents/images/5120x2880.jpg|illustration, downscaled"
  "jpeg/plasma-Shell.jpg|plasma-workspace-wallpapers|$WP/Shell/contents/images/5120x2880.jpg|digital art, downscaled"
  # JPEG: Pillow test images (real camera photos with EXIF/XMP/IPTC/ICC metadata)
  "jpeg/pillow-exif-72dpi-int.jpg|pillow|Tests/images/exif-72dpi-int.jpg|photo"
  "jpeg/pillow-exif_typeerror.jpg|pillow|Tests/images/exif_typeerror.jpg|photo"
  "jpeg/pillow-flower2.jpg|pillow|Tests/images/flower2.jpg|photo"
  "jpeg/pillow-icc_profile_big.jpg|pillow|Tests/images/icc_profile_big.jpg|photo, 500 KB ICC profile"
  "jpeg/pillow-sugarshack.jpg|pillow|Tests/images/sugarshack_bad_mpo_header.jpg|photo"
  "jpeg/pillow-xmp_test.jpg|pillow|Tests/images/xmp_test.jpg|photo, q99"
  # PNG: screenshots
  "png/debian-plasma-preview.png|desktop-base|usr/share/plasma/look-and-feel/org.debian.desktop/contents/previews/preview.png|desktop screenshot"
  "png/valgrind-kcachegrind_xtree.png|valgrind|usr/share/doc/valgrind/html/images/kcachegrind_xtree.png|application screenshot, alpha"
  "png/pillow-tiff_adobe_deflate.png|pillow|Tests/images/tiff_adobe_deflate.png|spreadsheet screenshot"
  # PNG: graphics
  "png/debian-softwaves-grub.png|desktop-base|usr/share/desktop-base/softwaves-theme/grub/grub-16x9.png|graphic 1920x1080"
  "png/valgrind-dh-tree.png|valgrind|usr/share/doc/valgrind/html/images/dh-tree.png|diagram with text, alpha"
  "png/pillow-test-card.png|pillow|Tests/images/test-card.png|test card graphic"
  "png/pillow-pil123rgba.png|pillow|Tests/images/pil123rgba.png|drawing with alpha"
  # PNG: photographs (with alpha)
  "png/plasma-MilkyWay-portrait.png|plasma-workspace-wallpapers|$WP/MilkyWay/contents/images/1080x1920.png|photo 1080x1920"
  "png/pillow-transparent.png|pillow|Tests/images/transparent.png|rendered photo-like image with alpha"
  "png/pillow-xmp_tags_orientation.png|pillow|Tests/images/xmp_tags_orientation.png|photo with alpha and ICC profile"
)

TMP="$WORK/corpus.tmp"
rm -rf "$TMP"
mkdir -p "$TMP/jpeg" "$TMP/png"
declare -A VERSION
for pkg in "${DEBS[@]}"; do
  VERSION[$pkg]="$(dpkg-deb -f "$(ls "$CACHE/debs/${pkg}"_*.deb | sort | tail -1)" Version)"
done
VERSION[pillow]="$PILLOW_VERSION"

{
  echo "# Altloom benchmark corpus, built by bench/corpus.sh"
  echo "# Columns: file | sha256 | bytes | WxH | origin (version) | path in origin | note"
  echo "# Debian packages come from Debian 12 (bookworm) via apt-get download; their licences are in"
  echo "# usr/share/doc/<package>/copyright inside each package. Pillow: PyPI sdist, Tests/images (see"
  echo "# Pillow's LICENSE; some test images carry their own notes in Tests/images/README)."
  echo "# 'downscaled' = ImageMagick: convert SRC -resize '2560x2560>' -quality 92 DST (metadata kept)."
} > "$TMP/SOURCES.txt"

for entry in "${LIST[@]}"; do
  IFS='|' read -r name origin rel note <<<"$entry"
  if [ "$origin" = "pillow" ]; then src="$PIL_DIR/$rel"; else src="$CACHE/pkgs/$origin/$rel"; fi
  [ -f "$src" ] || { echo "corpus: missing $origin:$rel" >&2; exit 1; }
  dst="$TMP/$name"
  case "$note" in
    *downscaled*) convert "$src" -resize '2560x2560>' -quality 92 "$dst" ;;
    *)            cp "$src" "$dst" ;;
  esac
  sum="$(sha256sum "$dst" | cut -d' ' -f1)"
  bytes="$(stat -c %s "$dst")"
  dims="$(identify -format '%wx%h' "$dst[0]" 2>/dev/null)"
  echo "$name | $sum | $bytes | $dims | $origin (${VERSION[$origin]}) | $rel | $note" >> "$TMP/SOURCES.txt"
done

rm -rf "$CORPUS"
mv "$TMP" "$CORPUS"
njpg=$(find "$CORPUS/jpeg" -name '*.jpg' | wc -l)
npng=$(find "$CORPUS/png" -name '*.png' | wc -l)
total=$(du -cb "$CORPUS"/jpeg/*.jpg "$CORPUS"/png/*.png | tail -1 | cut -f1)
echo "corpus: $njpg JPEG + $npng PNG, $total bytes in $CORPUS"

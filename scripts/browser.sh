#!/usr/bin/env bash
# Installs what the browser tests (tests/tests/web_browser.rs) drive: Debian's headless-capable
# Chromium, the matching chromedriver, and one font family so pages and screenshots render text.
# Safe to run again: it does nothing when /usr/bin/chromium, /usr/bin/chromedriver and the font
# are already there. Package lists are refreshed only when the packages are not known to apt yet
# or the install fails with the lists it has.
set -euo pipefail

chromium=/usr/bin/chromium
chromedriver=/usr/bin/chromedriver
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
packages=(chromium chromium-driver fonts-dejavu-core)

if [ -x "$chromium" ] && [ -x "$chromedriver" ] && [ -f "$font" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install Chromium and chromedriver (${packages[*]} on Debian); no apt-get found on this system" >&2
    exit 1
fi

sudo_prefix=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_prefix=(sudo)
fi

update() {
    "${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
}

install() {
    "${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "${packages[@]}" >&2
}

echo "Installing ${packages[*]} ..." >&2
updated=false
for package in "${packages[@]}"; do
    if ! apt-cache show "$package" >/dev/null 2>&1; then
        update
        updated=true
        break
    fi
done
if ! install; then
    if [ "$updated" = true ]; then
        exit 1
    fi
    update
    install
fi

for program in "$chromium" "$chromedriver"; do
    if [ ! -x "$program" ]; then
        echo "error: $program is still missing after installing ${packages[*]}" >&2
        exit 1
    fi
done
"$chromedriver" --version >&2

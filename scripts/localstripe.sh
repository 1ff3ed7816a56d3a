#!/usr/bin/env bash
# Starts localstripe, a stateful fake of the Stripe API (PyPI, GPL; run as a separate process,
# never linked into Altloom), for the end-to-end billing test, and prints its base URL.
#
#   scripts/localstripe.sh [start]   install it if needed, start it in the background, print the URL
#   scripts/localstripe.sh stop      stop the one this script started
#
# It is installed in a virtual environment under target/localstripe-venv (python3-venv comes
# from Debian when missing) and listens on 127.0.0.1 only, on a free port, with its state in a
# private temporary folder (see scripts/localstripe-server.py). Its log is target/localstripe/log.
# When ALTLOOM_TEST_LOCALSTRIPE_URL is already set, that server is used as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

version="1.15.10"
venv="target/localstripe-venv"
run_dir="target/localstripe"
pid_file="$run_dir/pid"

stop() {
    if [ -f "$pid_file" ]; then
        pid="$(cat "$pid_file")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
        rm -f "$pid_file"
    fi
}

case "${1:-start}" in
    start) ;;
    stop) stop; exit 0 ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac

if [ -n "${ALTLOOM_TEST_LOCALSTRIPE_URL:-}" ]; then
    echo "$ALTLOOM_TEST_LOCALSTRIPE_URL"
    exit 0
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! "$venv/bin/python" -c "import localstripe, aiohttp" >/dev/null 2>&1 \
    || [ "$("$venv/bin/pip" show localstripe 2>/dev/null | sed -n 's/^Version: //p')" != "$version" ]; then
    rm -rf "$venv"
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        echo "Installing python3-venv from Debian..." >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            -o Dpkg::Options::=--force-unsafe-io python3 python3-venv >&2
        python3 -m venv "$venv" >&2
    fi
    echo "Installing localstripe $version into $venv..." >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "localstripe==$version" >&2
fi

stop
mkdir -p "$run_dir"
rm -f "$run_dir/port"
"$venv/bin/python" scripts/localstripe-server.py "$run_dir/port" >"$run_dir/log" 2>&1 </dev/null &
echo $! >"$pid_file"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 150); do
    if [ -s "$run_dir/port" ] && port_open "$(cat "$run_dir/port")"; then
        echo "http://127.0.0.1:$(cat "$run_dir/port")"
        exit 0
    fi
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
echo "error: localstripe did not start; its log ($run_dir/log) says:" >&2
tail -n 20 "$run_dir/log" >&2 || true
stop
exit 1

#!/usr/bin/env bash
# Load benchmark of altloom-server (not a test): wrk against an authenticated read (`GET /v1/me`)
# and the job-report write (`POST /v1/workspaces/{id}/jobs`), on SQLite and on PostgreSQL, with the
# release build. Prints requests per second and latency percentiles for each.
#
#   bench/server.sh [DURATION_SECONDS] [CONNECTIONS]
#
# Needs wrk (installed from Debian when missing) and, for the PostgreSQL run, a server as
# scripts/postgres.sh provides.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20}"
connections="${2:-32}"

command -v wrk >/dev/null || apt-get install -y -qq --no-install-recommends wrk >/dev/null
cargo build --release -p altloom-server --quiet
server_binary="target/release/altloom-server"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/report.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = [[{"tool_version":"0.1.0","command":"optimize","started_at":"2026-12-04T10:00:00Z","duration_ms":5321,"files":240,"succeeded":238,"unchanged":0,"failed":2,"outputs_written":952,"bytes_in":98000000,"bytes_out":41000000,"formats":{"jpeg":238,"webp":238,"avif":238,"png":0},"failures":[{"reason":"not an image: truncated JPEG"},{"reason":"larger than --max-pixels"}]}]]
LUA

run_backend() {
    local name="$1" database_url="$2" port="$3"
    ALTLOOM_DATABASE_URL="$database_url" ALTLOOM_LOG=warn ALTLOOM_DATABASE_MAX_CONNECTIONS=16 \
        "$server_binary" serve --bind "127.0.0.1:$port" 2>"$work/$name.log" &
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    local session token workspace
    session="$(curl -fs -X POST "http://127.0.0.1:$port/v1/auth/signup" -H 'content-type: application/json' \
        -d '{"name":"Bench","email":"bench@example.com","password":"benchmark password here","workspace_name":"Bench"}')"
    token="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' <<<"$session")"
    workspace="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["workspaces"][0]["id"])' <<<"$session")"
    for endpoint in read report; do
        local url script=()
        if [ "$endpoint" = read ]; then
            url="http://127.0.0.1:$port/v1/me"
        else
            url="http://127.0.0.1:$port/v1/workspaces/$workspace/jobs"
            script=(-s "$work/report.lua")
        fi
        # A short warm-up, then the measured run.
        wrk -t2 -c"$connections" -d2s -H "authorization: Bearer $token" -H "altloom-api-version: 1" \
            "${script[@]}" "$url" >/dev/null
        wrk -t2 -c"$connections" -d"${duration}s" --latency -H "authorization: Bearer $token" \
            -H "altloom-api-version: 1" "${script[@]}" "$url" >"$work/$name-$endpoint.txt"
        python3 - "$name" "$endpoint" "$work/$name-$endpoint.txt" <<'PY'
import re, sys
name, endpoint, path = sys.argv[1:4]
text = open(path).read()
def latency(label):
    match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket = re.search(r"Socket errors: (.*)", text)
label = "GET /v1/me" if endpoint == "read" else "POST /v1/workspaces/{id}/jobs"
print(f"| {name} | {label} | {rate:,.0f} | {latency(50):.2f} | {latency(90):.2f} | {latency(99):.2f} | "
      f"{errors.group(1) if errors else 0}{' / ' + socket.group(1) if socket else ''} |")
PY
    done
    kill %1 2>/dev/null || true
    wait 2>/dev/null || true
}

echo "| Backend | Endpoint | Requests/s | p50 ms | p90 ms | p99 ms | Errors |"
echo "|---|---|---|---|---|---|---|"
run_backend SQLite "sqlite://$work/bench.db" 18181
postgres_admin="$(scripts/postgres.sh)"
database="altloom_bench_$$"
psql "$postgres_admin" -q -c "CREATE DATABASE $database" >/dev/null
run_backend PostgreSQL "${postgres_admin%/*}/$database" 18182
psql "$postgres_admin" -q -c "DROP DATABASE $database WITH (FORCE)" >/dev/null
echo
echo "wrk -t2 -c$connections -d${duration}s on $(nproc) cores, server and load generator on the same machine."

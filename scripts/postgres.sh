#!/usr/bin/env bash
# Makes a PostgreSQL server available for the tests and prints a URL for a role that may
# create databases (each test creates its own database and drops it afterwards).
#
# - ALTLOOM_TEST_POSTGRES_URL set: that server is used as it is.
# - Something already listens on 127.0.0.1:5432: a test role is created in it through the local
#   `postgres` superuser.
# - Nothing listens: PostgreSQL is installed from Debian when missing, and its cluster started.
set -euo pipefail

if [ -n "${ALTLOOM_TEST_POSTGRES_URL:-}" ]; then
    echo "$ALTLOOM_TEST_POSTGRES_URL"
    exit 0
fi

port_open() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! port_open; then
    if [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
        echo "Installing PostgreSQL from Debian..." >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            -o Dpkg::Options::=--force-unsafe-io postgresql >&2
    fi
    version="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
        as_root pg_createcluster "$version" main >&2
    fi
    as_root pg_ctlcluster "$version" main start >&2
    for _ in $(seq 1 50); do
        port_open && break
        sleep 0.2
    done
    port_open || { echo "error: PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

if ! as_root su postgres -c "psql -v ON_ERROR_STOP=1 -q -d postgres" >&2 <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'altloom_test') THEN
        CREATE ROLE altloom_test LOGIN CREATEDB PASSWORD 'altloom_test';
    ELSE
        ALTER ROLE altloom_test LOGIN CREATEDB PASSWORD 'altloom_test';
    END IF;
END
$$;
SQL
then
    echo "error: a PostgreSQL server runs on 127.0.0.1:5432 but its local postgres superuser is" \
        "not reachable; set ALTLOOM_TEST_POSTGRES_URL to a role with CREATEDB" >&2
    exit 1
fi
echo "postgres://altloom_test:altloom_test@127.0.0.1:5432/postgres"

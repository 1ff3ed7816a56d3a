#!/usr/bin/env bash
# Prepares a real WordPress (Debian's package, PHP 8.2, MariaDB) for the end-to-end push tests and
# prints, as its only line on stdout, the folder the tests read it from (ALTLOOM_TEST_WORDPRESS):
#
#   template.sql   a dump of a freshly installed site; every test site is a copy of it
#   users.json     {role: {username, user_id, application_password}} for administrator, editor,
#                  author, contributor and subscriber
#   site.json      how to reach MariaDB (a user that may create and drop altloom_wp_* databases)
#                  and where WordPress is
#
#   scripts/wordpress.sh [start]   install what is missing, start MariaDB if none runs, print the folder
#   scripts/wordpress.sh stop      stop the MariaDB server this script started, if it started one
#
# No web server runs here: each test starts its own `php -S` on a free port with its own database
# and content folder (tests/tests/common/wordpress.rs), through the one environment-driven
# configuration file this script installs as /etc/wordpress/config-altloom-test.php. The PHP helpers
# live in scripts/wordpress/. The folder is /tmp/altloom-wordpress unless
# ALTLOOM_WORDPRESS_STATE_DIR says otherwise. Safe to run again: a rerun installs nothing and reuses
# the template while the helpers and WordPress are unchanged and the database server answers.
set -euo pipefail
cd "$(dirname "$0")/.."

state="${ALTLOOM_WORDPRESS_STATE_DIR:-/tmp/altloom-wordpress}"
document_root="/usr/share/wordpress"
config_name="altloom-test"
config_file="/etc/wordpress/config-$config_name.php"
database_user="altloom_wp"
database_password="altloom_wp"
template_database="altloom_wp_template"
# The MariaDB this script starts itself (when none runs) is recorded here, so `stop` never touches
# a server someone else started.
mariadb_pid_file="/run/mysqld/altloom-mariadb.pid"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# The dedicated test user, over TCP: the way PHP and the tests reach the server.
as_test_user() { mariadb -h127.0.0.1 -P3306 -u"$database_user" -p"$database_password" "$@"; }

stop() {
    if [ -f "$mariadb_pid_file" ]; then
        echo "Stopping the MariaDB server scripts/wordpress.sh started..." >&2
        as_root start-stop-daemon --stop --quiet --pidfile "$mariadb_pid_file" \
            --exec /usr/sbin/mariadbd --retry TERM/30/KILL/5 || true
        as_root rm -f "$mariadb_pid_file"
    fi
}

case "${1:-start}" in
    start) ;;
    stop) stop; exit 0 ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac

# Packages. The server is only needed when no MariaDB answers on 127.0.0.1:3306 already.
# --no-install-recommends keeps this to about half a minute; apache2 still comes along as a
# dependency of the wordpress package but is never started here.
missing=()
for package in wordpress php8.2-cli php8.2-mysql php8.2-gd mariadb-client; do
    installed "$package" || missing+=("$package")
done
if ! port_open && ! installed mariadb-server; then
    missing+=(mariadb-server)
fi
if [ ${#missing[@]} -gt 0 ]; then
    # dpkg's progress lines would bury the tests' own output, so they are shown only on failure.
    echo "Installing ${missing[*]} from Debian..." >&2
    apt_log="$(mktemp)"
    if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "${missing[@]}"; } \
        >"$apt_log" 2>&1; then
        tail -n 30 "$apt_log" >&2
        echo "error: installing ${missing[*]} failed (the full log is $apt_log)" >&2
        exit 1
    fi
    rm -f "$apt_log"
fi

# An administrator's way into MariaDB: root over TCP when the server allows it (a CI service
# container), else root over the unix socket, which is all a fresh Debian MariaDB lets root use
# (over TCP it answers ERROR 1698).
admin=()
find_admin() {
    if mariadb -h127.0.0.1 -P3306 -uroot -e 'select 1' >/dev/null 2>&1; then
        admin=(mariadb -h127.0.0.1 -P3306 -uroot)
    elif as_root mariadb -uroot -e 'select 1' >/dev/null 2>&1; then
        admin=(as_root mariadb -uroot)
    else
        return 1
    fi
}

if ! port_open; then
    # The package's own start only works with an init system; in a container nothing runs, so the
    # installed server is started in the background directly. Flushing the log once a second
    # instead of at every commit makes restoring a site's database several times faster, and a
    # test database is worthless after a crash anyway.
    echo "Starting MariaDB on 127.0.0.1:3306..." >&2
    as_root install -d -o mysql -g mysql -m 755 /run/mysqld
    if [ ! -d /var/lib/mysql/mysql ]; then
        as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql >&2
    fi
    as_root start-stop-daemon --start --quiet --background --make-pidfile \
        --pidfile "$mariadb_pid_file" --exec /usr/sbin/mariadbd -- \
        --user=mysql --bind-address=127.0.0.1 --port=3306 \
        --log-error=/run/mysqld/altloom-mariadb.log --innodb-flush-log-at-trx-commit=2
    for _ in $(seq 1 100); do
        port_open && find_admin && break
        sleep 0.1
    done
fi
if ! find_admin; then
    if port_open; then
        echo "error: a database server listens on 127.0.0.1:3306 but root cannot log in to it" \
            "(neither over TCP without a password nor over the unix socket)" >&2
    else
        echo "error: MariaDB did not start on 127.0.0.1:3306; its log says:" >&2
        as_root tail -n 20 /run/mysqld/altloom-mariadb.log >&2 || true
    fi
    exit 1
fi

# The dedicated user may create and drop only databases named altloom_wp_*: each test site gets
# its own and drops it afterwards. Both host names, as a TCP login from 127.0.0.1 may resolve to
# either.
"${admin[@]}" <<SQL
CREATE USER IF NOT EXISTS '$database_user'@'localhost' IDENTIFIED BY '$database_password';
CREATE USER IF NOT EXISTS '$database_user'@'127.0.0.1' IDENTIFIED BY '$database_password';
ALTER USER '$database_user'@'localhost' IDENTIFIED BY '$database_password';
ALTER USER '$database_user'@'127.0.0.1' IDENTIFIED BY '$database_password';
GRANT ALL PRIVILEGES ON \`altloom\\_wp\\_%\`.* TO '$database_user'@'localhost';
GRANT ALL PRIVILEGES ON \`altloom\\_wp\\_%\`.* TO '$database_user'@'127.0.0.1';
SQL

# The one configuration file of every test site; rewritten only when the repository's copy changed.
if ! cmp -s scripts/wordpress/config-altloom-test.php "$config_file"; then
    as_root install -D -m 644 scripts/wordpress/config-altloom-test.php "$config_file"
fi

# The template is rebuilt when what made it changed: the helpers or the WordPress version.
stamp="$(cat scripts/wordpress/install.php scripts/wordpress/config-altloom-test.php \
    "$document_root/wp-includes/version.php" | sha256sum | cut -d' ' -f1)"
if [ -s "$state/template.sql" ] && [ -s "$state/users.json" ] && [ -s "$state/site.json" ] \
    && [ "$(cat "$state/stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$state"
    exit 0
fi

echo "Installing WordPress into a template database..." >&2
mkdir -p "$state"
rm -f "$state/template.sql" "$state/users.json" "$state/site.json" "$state/stamp"
install_content="$(mktemp -d)"
trap 'rm -rf "$install_content"' EXIT
as_test_user -e "DROP DATABASE IF EXISTS $template_database; CREATE DATABASE $template_database"
# The port only ends up in the template's home and siteurl options, which every test site overrides
# with its own through WP_HOME and WP_SITEURL.
ALTLOOM_WP_DB_NAME="$template_database" ALTLOOM_WP_PORT=80 \
    ALTLOOM_WP_CONTENT_DIR="$install_content" ALTLOOM_WP_DOCUMENT_ROOT="$document_root" \
    php scripts/wordpress/install.php "$state/users.json.new" >&2
mariadb-dump -h127.0.0.1 -P3306 -u"$database_user" -p"$database_password" \
    --single-transaction --skip-comments "$template_database" >"$state/template.sql.new"
as_test_user -e "DROP DATABASE $template_database"

version="$(php -r "include '$document_root/wp-includes/version.php'; echo \$wp_version;")"
cat >"$state/site.json.new" <<JSON
{
  "database": {
    "host": "127.0.0.1",
    "port": 3306,
    "user": "$database_user",
    "password": "$database_password",
    "name_prefix": "altloom_wp_"
  },
  "document_root": "$document_root",
  "config_name": "$config_name",
  "wordpress_version": "$version"
}
JSON
mv "$state/template.sql.new" "$state/template.sql"
mv "$state/users.json.new" "$state/users.json"
mv "$state/site.json.new" "$state/site.json"
echo "$stamp" >"$state/stamp"
echo "WordPress $version is ready as a template in $state" >&2
echo "$state"

<?php
// WordPress settings for Altloom's end-to-end tests, installed by scripts/wordpress.sh as
// /etc/wordpress/config-altloom-test.php. Debian's /usr/share/wordpress/wp-config.php loads it when
// $_SERVER['WORDPRESS_CONFIG'] is 'altloom-test' (router.php and install.php set that).
//
// One file serves every test site at once: each site is a `php -S` process whose environment names
// its own database, port and content folder, so the values below all come from getenv().

// A request that reaches this file without the environment (another web server, a stray CLI run)
// must not fall back to some other database: stop with a message that says where it comes from.
foreach (['ALTLOOM_WP_DB_NAME', 'ALTLOOM_WP_PORT', 'ALTLOOM_WP_CONTENT_DIR'] as $altloom_variable) {
    if ((string) getenv($altloom_variable) === '') {
        if (PHP_SAPI !== 'cli') {
            http_response_code(500);
        }
        die("$altloom_variable is not set: this WordPress configuration is only for Altloom's tests"
            . " (see scripts/wordpress.sh and tests/tests/common/wordpress.rs).\n");
    }
}
unset($altloom_variable);

// The database: one per test site, all on the same MariaDB server, reached over TCP because the
// dedicated test user has no unix-socket login.
define('DB_NAME', getenv('ALTLOOM_WP_DB_NAME'));
define('DB_USER', getenv('ALTLOOM_WP_DB_USER') ?: 'altloom_wp');
define('DB_PASSWORD', getenv('ALTLOOM_WP_DB_PASSWORD') ?: 'altloom_wp');
define('DB_HOST', getenv('ALTLOOM_WP_DB_HOST') ?: '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$table_prefix = 'wp_';

// The address the site believes it has. The constants win over the home and siteurl options that
// the template database was installed with, so every copy of it works on its own port.
define('WP_HOME', 'http://127.0.0.1:' . getenv('ALTLOOM_WP_PORT'));
define('WP_SITEURL', WP_HOME);

// Uploads (and any test mu-plugins) go to a folder of the test's own, outside the read-only
// /usr/share/wordpress; router.php serves /wp-content/... from it.
define('WP_CONTENT_DIR', rtrim(getenv('ALTLOOM_WP_CONTENT_DIR'), '/'));
define('WP_CONTENT_URL', WP_HOME . '/wp-content');

// Application Passwords are only honoured over HTTPS unless the site says it is a local one;
// without this every authenticated call over plain HTTP would be answered 401.
define('WP_ENVIRONMENT_TYPE', 'local');

// PHP notices printed into a response would corrupt the JSON the tests read, so errors go to the
// server's log (php -S's stderr) instead.
define('WP_DEBUG', false);
define('WP_DEBUG_DISPLAY', false);
@ini_set('display_errors', '0');

// A test site must never reach the internet or do work behind the tests' backs.
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('FS_METHOD', 'direct');

// Fixed keys and salts: the sites are throwaway, and fixed values keep cookies and nonces of the
// template database valid in every copy.
define('AUTH_KEY', 'altloom-test-auth-key-not-a-secret');
define('SECURE_AUTH_KEY', 'altloom-test-secure-auth-key-not-a-secret');
define('LOGGED_IN_KEY', 'altloom-test-logged-in-key-not-a-secret');
define('NONCE_KEY', 'altloom-test-nonce-key-not-a-secret');
define('AUTH_SALT', 'altloom-test-auth-salt-not-a-secret');
define('SECURE_AUTH_SALT', 'altloom-test-secure-auth-salt-not-a-secret');
define('LOGGED_IN_SALT', 'altloom-test-logged-in-salt-not-a-secret');
define('NONCE_SALT', 'altloom-test-nonce-salt-not-a-secret');

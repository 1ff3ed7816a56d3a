<?php
// Installs WordPress into an empty database for Altloom's end-to-end tests, without a browser, and
// writes what the tests need to log in as JSON to the file named by the first argument:
//
//   {"administrator": {"username": "...", "user_id": 1, "application_password": "..."}, ...}
//
// with one user of each built-in role (administrator, editor, author, contributor, subscriber),
// each with an Application Password. Run by scripts/wordpress.sh with php-cli and the same
// ALTLOOM_WP_* environment as a test site; the database it fills becomes the template that every
// test site is copied from.

if (PHP_SAPI !== 'cli' || !isset($argv[1])) {
    fwrite(STDERR, "usage: php install.php OUTPUT.json (with the ALTLOOM_WP_* environment)\n");
    exit(2);
}
$altloom_output = $argv[1];

// Debian's wp-config.php picks /etc/wordpress/config-altloom-test.php by this name, and WordPress
// needs a host to work out URLs; php-cli provides neither.
$_SERVER['WORDPRESS_CONFIG'] = 'altloom-test';
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . getenv('ALTLOOM_WP_PORT');
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = getenv('ALTLOOM_WP_PORT');
$_SERVER['REQUEST_URI'] = '/wp-admin/install.php';
$_SERVER['REQUEST_METHOD'] = 'GET';

define('WP_INSTALLING', true);

// wp_install() mails the new administrator. No mail may leave a test machine, and without sendmail
// PHPMailer would only print warnings, so this replaces the pluggable wp_mail() before it loads.
function wp_mail()
{
    return true;
}

// wp_install() also requests its own home page to see whether pretty permalinks work. Nothing
// serves the template's address, so every HTTP request is refused at once instead of waiting for a
// connection; WordPress turns filters set up in $wp_filter before it loads into real ones.
function altloom_refuse_http()
{
    return new WP_Error('http_request_failed', 'No HTTP while installing a test site');
}
$wp_filter = ['pre_http_request' => [10 => [['function' => 'altloom_refuse_http', 'accepted_args' => 3]]]];

require (getenv('ALTLOOM_WP_DOCUMENT_ROOT') ?: '/usr/share/wordpress') . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

function altloom_fail(string $what, $error): void
{
    $message = is_wp_error($error) ? $error->get_error_message() : var_export($error, true);
    fwrite(STDERR, "error: $what: $message\n");
    exit(1);
}

if (is_blog_installed()) {
    altloom_fail('WordPress is already installed in database ' . DB_NAME, null);
}

$altloom_users = [];
$altloom_installed = wp_install(
    'Altloom test site',
    'administrator',
    'administrator@example.com',
    false,
    '',
    wp_generate_password(24, false)
);
$altloom_users['administrator'] = (int) $altloom_installed['user_id'];

foreach (['editor', 'author', 'contributor', 'subscriber'] as $altloom_role) {
    $altloom_id = wp_insert_user([
        'user_login' => $altloom_role,
        'user_email' => "$altloom_role@example.com",
        'user_pass' => wp_generate_password(24, false),
        'role' => $altloom_role,
    ]);
    if (is_wp_error($altloom_id)) {
        altloom_fail("creating the $altloom_role user", $altloom_id);
    }
    $altloom_users[$altloom_role] = (int) $altloom_id;
}

// wp_install() cannot check offline whether pretty permalinks work, so it leaves them off, and then
// /wp-json/... answers 301 to ?rest_route=. router.php does make them work.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(false);

$altloom_result = [];
foreach ($altloom_users as $altloom_role => $altloom_id) {
    $altloom_created = WP_Application_Passwords::create_new_application_password(
        $altloom_id,
        ['name' => 'Altloom tests']
    );
    if (is_wp_error($altloom_created)) {
        altloom_fail("creating the Application Password of the $altloom_role user", $altloom_created);
    }
    $altloom_result[$altloom_role] = [
        'username' => get_userdata($altloom_id)->user_login,
        'user_id' => $altloom_id,
        'application_password' => $altloom_created[0],
    ];
}

if (file_put_contents($altloom_output, json_encode($altloom_result, JSON_PRETTY_PRINT) . "\n") === false) {
    altloom_fail("writing $altloom_output", null);
}

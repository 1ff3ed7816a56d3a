<?php
// The router for `php -S 127.0.0.1:PORT -t /usr/share/wordpress scripts/wordpress/router.php`, which
// serves one of the WordPress sites of Altloom's end-to-end tests (see scripts/wordpress.sh and
// tests/tests/common/wordpress.rs). It plays the part of Apache's rewrite rules:
//
// - /wp-content/... comes from the site's own content folder (ALTLOOM_WP_CONTENT_DIR), which lives
//   outside the document root;
// - files that exist in the document root are served as they are (static files) or run (PHP);
// - everything else, such as /wp-json/wp/v2/media, goes to index.php, which gives pretty
//   permalinks and so the /wp-json/ form of the REST API.

// Under `php -S` the process environment does not reach $_SERVER, so the name Debian's wp-config.php
// picks the configuration file by (/etc/wordpress/config-altloom-test.php) is set here.
$_SERVER['WORDPRESS_CONFIG'] = 'altloom-test';

$altloom_root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$altloom_path = '/' . ltrim(rawurldecode((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH)), '/');

if (str_starts_with($altloom_path, '/wp-content/')) {
    $altloom_content = realpath((string) getenv('ALTLOOM_WP_CONTENT_DIR'));
    $altloom_file = realpath($altloom_content . substr($altloom_path, strlen('/wp-content')));
    // Only plain files inside the content folder, and never PHP: uploads are data, not code.
    if ($altloom_content === false || $altloom_file === false
        || !str_starts_with($altloom_file, $altloom_content . '/') || !is_file($altloom_file)
        || str_ends_with(strtolower($altloom_file), '.php')) {
        http_response_code(404);
        header('Content-Type: text/plain');
        echo "Not found\n";
        return true;
    }
    $altloom_types = [
        'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'png' => 'image/png', 'gif' => 'image/gif',
        'webp' => 'image/webp', 'avif' => 'image/avif', 'svg' => 'image/svg+xml',
        'css' => 'text/css', 'js' => 'application/javascript', 'txt' => 'text/plain',
    ];
    $altloom_extension = strtolower(pathinfo($altloom_file, PATHINFO_EXTENSION));
    header('Content-Type: ' . ($altloom_types[$altloom_extension] ?? 'application/octet-stream'));
    header('Content-Length: ' . filesize($altloom_file));
    if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') {
        readfile($altloom_file);
    }
    return true;
}

$altloom_file = $altloom_root . $altloom_path;
if ($altloom_path !== '/' && file_exists($altloom_file)) {
    // A folder without its trailing slash would break relative links in wp-admin, as Apache's
    // mod_dir would redirect too.
    if (is_dir($altloom_file)) {
        if (!str_ends_with($altloom_path, '/')) {
            header('Location: ' . $altloom_path . '/', true, 301);
            return true;
        }
        $altloom_file .= 'index.php';
        if (!is_file($altloom_file)) {
            return false;
        }
    }
    if (str_ends_with($altloom_file, '.php')) {
        // The script runs in this same request, so it sees WORDPRESS_CONFIG above; WordPress reads
        // its own name from these to tell wp-admin and wp-login.php from the front end.
        $_SERVER['SCRIPT_FILENAME'] = $altloom_file;
        $_SERVER['SCRIPT_NAME'] = substr($altloom_file, strlen($altloom_root));
        $_SERVER['PHP_SELF'] = $_SERVER['SCRIPT_NAME'];
        chdir(dirname($altloom_file));
        require $altloom_file;
        return true;
    }
    // Static files of the document root (scripts and styles of wp-admin) are served by php -S itself.
    return false;
}

$_SERVER['SCRIPT_FILENAME'] = $altloom_root . '/index.php';
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
chdir($altloom_root);
require $altloom_root . '/index.php';
return true;

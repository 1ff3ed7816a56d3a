//! The WordPress the push tests run against is real and behaves as they assume: it is WordPress
//! 6.1, takes uploads with alt text and serves the very bytes back, refuses what a real site
//! refuses with the same status codes and error codes, and every test gets a site of its own.

mod common;

use common::wordpress::{unused_url, Role, WordPress};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("reading {path}: {error}"))
}

#[test]
fn the_site_is_wordpress_6_1() {
    let site = WordPress::start();
    // Debian's package ships no theme, so the home page is empty; the feed names the version.
    let feed = site.request("GET", "/?feed=rss2", None, &[], &[]);
    assert_eq!(feed.status, 200, "{}", feed.text());
    assert!(
        feed.text()
            .contains("<generator>https://wordpress.org/?v=6.1."),
        "the feed does not name WordPress 6.1:\n{}",
        feed.text()
    );
    // Pretty permalinks work, so the REST API answers under /wp-json/ and not only ?rest_route=.
    let index = site.request("GET", "/wp-json/", None, &[], &[]);
    assert_eq!(index.status, 200, "{}", index.text());
    assert_eq!(index.json()["url"], site.url());
    assert!(site.media_list().is_empty(), "the template has no media");
}

#[test]
fn an_administrator_uploads_a_jpeg_with_alt_text_and_gets_the_same_bytes_back() {
    let site = WordPress::start();
    let bytes = fixture("jpeg-baseline.jpg");
    let alt = "Rowing boats on a lake shore at sunset";
    let uploaded = site.upload_media(
        Role::Administrator,
        "boats.jpg",
        "image/jpeg",
        &bytes,
        Some(alt),
    );
    let id = uploaded["id"].as_u64().unwrap();
    assert_eq!(uploaded["alt_text"], alt);
    assert_eq!(uploaded["mime_type"], "image/jpeg");
    assert_eq!(uploaded["author"], site.user_id(Role::Administrator));

    let read_back = site.get_json(&format!("/wp/v2/media/{id}?context=edit"), Role::Editor);
    assert_eq!(read_back["alt_text"], alt);
    let source_url = read_back["source_url"].as_str().unwrap();
    assert!(
        source_url.starts_with(&format!("{}/wp-content/uploads/", site.url())),
        "{source_url}"
    );
    assert!(
        site.download(source_url) == bytes,
        "{source_url} does not serve the uploaded bytes"
    );
    // The file really lands in the site's own content folder.
    let relative = source_url.split("/wp-content/").nth(1).unwrap();
    assert!(site.content_dir().join(relative).is_file());

    let media = site.media_list();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0]["id"], id);
    assert_eq!(media[0]["alt_text"], alt);

    site.delete_media(id);
    assert!(site.media_list().is_empty());
    assert!(!site.content_dir().join(relative).exists());
}

#[test]
fn wordpress_refuses_a_subscriber_a_wrong_password_and_avif_with_the_codes_altloom_reports() {
    let site = WordPress::start();
    let jpeg = fixture("jpeg-baseline.jpg");

    let (username, password) = site.user(Role::Subscriber);
    let reply = site.try_upload_media((&username, &password), "boats.jpg", "image/jpeg", &jpeg);
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(reply.error_code(), "rest_cannot_create");

    // A wrong Application Password never surfaces as `incorrect_password` on a bare WordPress:
    // core checks for that error (filter priority 90) before it looks at the credentials
    // (priority 100), so the request simply runs as nobody. The status is always 401; the code
    // is whatever the endpoint says to an anonymous caller.
    let (username, _) = site.user(Role::Administrator);
    let wrong = (username.as_str(), "abcd efgh ijkl mnop qrst uvwx");
    let reply = site.try_upload_media(wrong, "boats.jpg", "image/jpeg", &jpeg);
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(reply.error_code(), "rest_cannot_create");
    let reply = site.request("GET", "/wp-json/wp/v2/users/me", Some(wrong), &[], &[]);
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(reply.error_code(), "rest_not_logged_in");

    // WordPress learnt AVIF in 6.5; 6.1 refuses the type with a server error, not a 4xx.
    let (username, password) = site.user(Role::Administrator);
    let avif = fixture("avif-photo.avif");
    let reply = site.try_upload_media((&username, &password), "photo.avif", "image/avif", &avif);
    assert_eq!(reply.status, 500, "{}", reply.text());
    assert_eq!(reply.error_code(), "rest_upload_sideload_error");

    assert!(site.media_list().is_empty(), "nothing refused was stored");
}

#[test]
fn two_sites_in_one_process_are_independent() {
    let first = WordPress::start();
    let second = WordPress::start();
    assert_ne!(first.url(), second.url());
    assert_ne!(first.database_name(), second.database_name());
    assert_ne!(first.content_dir(), second.content_dir());

    first.upload_media(
        Role::Author,
        "boats.jpg",
        "image/jpeg",
        &fixture("jpeg-baseline.jpg"),
        None,
    );
    assert_eq!(first.media_list().len(), 1);
    assert!(second.media_list().is_empty());
    assert!(!second.content_dir().join("uploads").exists());
}

#[test]
fn a_stopped_site_keeps_its_address_but_nothing_answers() {
    let mut site = WordPress::start();
    let url = site.url().to_owned();
    assert!(site.is_listening());
    site.stop_server();
    assert_eq!(site.url(), url);
    assert!(!site.is_listening());
    // The workers are stopped with the master: none of them still holds the port.
    let address = url.trim_start_matches("http://");
    assert!(std::net::TcpStream::connect(address).is_err());

    let nowhere = unused_url();
    assert!(std::net::TcpStream::connect(nowhere.trim_start_matches("http://")).is_err());
}

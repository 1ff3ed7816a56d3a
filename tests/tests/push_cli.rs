//! `altloom push` and `altloom optimize --push` end to end against a real WordPress 6.1 (served
//! by `php -S` over MariaDB, see `common::wordpress`), without an account: `--wp-url`,
//! `--wp-user` and `ALTLOOM_WP_APP_PASSWORD`. Uploads carry their text and are byte-identical,
//! reruns upload nothing, changed text is updated in place, deleted attachments come back,
//! refused formats fall back, bad credentials and roles get clear messages, and a push killed
//! midway resumes without duplicates.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use altloom_shared::metadata_file::{MetadataEntry, MetadataFile, MetadataSource};
use altloom_shared::report::OptimizeReport;
use altloom_shared::time::Timestamp;
use serde_json::Value;

use common::server::{Machine, Run};
use common::wordpress::{unused_url, Role, WordPress};

/// A machine without an account (its API URL answers nothing).
fn machine() -> Machine {
    Machine::new(&unused_url())
}

/// Runs `altloom` on `machine` with the Application Password of `role` in the environment.
fn run_as(machine: &Machine, wordpress: &WordPress, role: Role, arguments: &[&str]) -> Run {
    let (_, password) = wordpress.user(role);
    Run::from(
        machine
            .command()
            .env("ALTLOOM_WP_APP_PASSWORD", password)
            .args(arguments)
            .output()
            .expect("altloom runs"),
    )
}

/// `push` arguments for `wordpress` as `role`'s user, before `extra`.
fn push_arguments<'a>(
    wordpress: &'a WordPress,
    username: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut arguments = vec!["push", "--wp-url", wordpress.url(), "--wp-user", username];
    arguments.extend_from_slice(extra);
    arguments
}

/// Optimises `in` into `altloom-out` with `formats` and answers the report.
fn optimize(machine: &Machine, formats: &str) -> OptimizeReport {
    machine
        .run(&[
            "optimize",
            "in",
            "--formats",
            formats,
            "--report",
            "report.json",
            "--no-report-job",
        ])
        .expect_code(0);
    serde_json::from_slice(&std::fs::read(machine.path().join("report.json")).unwrap()).unwrap()
}

/// Writes `altloom-out/altloom-meta.json` with `alt` as each input's alt text (by file name)
/// and a title, caption and description derived from it.
fn write_metadata(machine: &Machine, report: &OptimizeReport, alt: &BTreeMap<&str, &str>) {
    let mut file = MetadataFile::default();
    for input in &report.files {
        let name = Path::new(&input.path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let Some(text) = alt.get(name.as_str()) else {
            continue;
        };
        file.entries.insert(
            input.content_hash.clone(),
            MetadataEntry {
                path: name.clone(),
                alt_text: Some(text.to_string()),
                title: Some(format!("Title of {name}")),
                caption: Some(format!("Caption of {name}")),
                description: Some(format!("Description of {name}")),
                source: MetadataSource::Human,
                reviewed: true,
                generated_at: Timestamp(1_700_000_000),
                ..MetadataEntry::default()
            },
        );
    }
    std::fs::write(
        machine.path().join("altloom-out/altloom-meta.json"),
        serde_json::to_vec_pretty(&file).unwrap(),
    )
    .unwrap();
}

/// The site's attachments by their file's name (`jpeg-baseline.webp`).
fn media_by_file(wordpress: &WordPress) -> BTreeMap<String, Value> {
    wordpress
        .media_list()
        .into_iter()
        .map(|attachment| {
            let url = attachment["source_url"].as_str().unwrap().to_string();
            (url.rsplit('/').next().unwrap().to_string(), attachment)
        })
        .collect()
}

#[test]
fn a_push_uploads_files_with_their_text_and_reruns_change_only_what_changed() {
    let wordpress = WordPress::start();
    let (admin, _) = wordpress.user(Role::Administrator);
    let machine = machine();
    machine.add_fixture("jpeg-baseline.jpg");
    machine.add_fixture("png-rgba8.png");
    let report = optimize(&machine, "original,webp");
    let mut alt = BTreeMap::from([
        ("jpeg-baseline.jpg", "A hillside at dusk"),
        ("png-rgba8.png", "A translucent blue shape"),
    ]);
    write_metadata(&machine, &report, &alt);

    let push = push_arguments(&wordpress, &admin, &["--report", "report.json"]);
    let run = run_as(&machine, &wordpress, Role::Administrator, &push);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("2 uploaded, 0 updated, 0 unchanged, 0 failed"),
        "{}",
        run.stderr
    );

    // The preferred format (WebP) went up byte for byte, with every field of its text.
    let media = media_by_file(&wordpress);
    assert_eq!(media.len(), 2, "{media:#?}");
    for (name, stem) in [
        ("jpeg-baseline.jpg", "jpeg-baseline"),
        ("png-rgba8.png", "png-rgba8"),
    ] {
        let attachment = &media[&format!("{stem}.webp")];
        assert_eq!(attachment["mime_type"], "image/webp");
        assert_eq!(attachment["alt_text"], alt[name]);
        assert_eq!(attachment["title"]["raw"], format!("Title of {name}"));
        assert_eq!(attachment["caption"]["raw"], format!("Caption of {name}"));
        assert_eq!(
            attachment["description"]["raw"],
            format!("Description of {name}")
        );
        let on_site = wordpress.download(attachment["source_url"].as_str().unwrap());
        let local = std::fs::read(machine.path().join(format!("altloom-out/{stem}.webp"))).unwrap();
        assert!(on_site == local, "{stem}.webp differs on the site");
    }

    // Nothing changed: nothing is uploaded.
    let run = run_as(&machine, &wordpress, Role::Administrator, &push);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("0 uploaded, 0 updated, 2 unchanged, 0 failed"),
        "{}",
        run.stderr
    );
    assert_eq!(wordpress.media_list().len(), 2);

    // Changed text: a dry run says so and changes nothing; the push updates it in place.
    alt.insert("jpeg-baseline.jpg", "A green hillside under an evening sky");
    write_metadata(&machine, &report, &alt);
    let mut dry_run = push.clone();
    dry_run.push("--dry-run");
    let run = run_as(&machine, &wordpress, Role::Administrator, &dry_run);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("would upload 0, would update 1, 1 already there"),
        "{}",
        run.stderr
    );
    assert_eq!(
        media_by_file(&wordpress)["jpeg-baseline.webp"]["alt_text"],
        "A hillside at dusk"
    );
    let run = run_as(&machine, &wordpress, Role::Administrator, &push);
    run.expect_code(0);
    assert!(
        run.stderr.contains("0 uploaded, 1 updated, 1 unchanged"),
        "{}",
        run.stderr
    );
    let media = media_by_file(&wordpress);
    assert_eq!(media.len(), 2);
    let updated = &media["jpeg-baseline.webp"];
    assert_eq!(updated["alt_text"], "A green hillside under an evening sky");
    assert_eq!(
        updated["id"], media["jpeg-baseline.webp"]["id"],
        "updated in place"
    );

    // An attachment deleted on the site is uploaded again.
    wordpress.delete_media(media["png-rgba8.webp"]["id"].as_u64().unwrap());
    let run = run_as(&machine, &wordpress, Role::Administrator, &push);
    run.expect_code(0);
    assert!(
        run.stderr.contains("1 uploaded, 0 updated, 1 unchanged"),
        "{}",
        run.stderr
    );
    let media = media_by_file(&wordpress);
    assert_eq!(media.len(), 2, "{media:#?}");
    assert_eq!(
        media["png-rgba8.webp"]["alt_text"],
        "A translucent blue shape"
    );
}

#[test]
fn files_named_directly_go_up_as_they_are_with_json_output() {
    let wordpress = WordPress::start();
    let (editor, _) = wordpress.user(Role::Editor);
    let machine = machine();
    machine.add_fixture("jpeg-progressive.jpg");
    let run = run_as(
        &machine,
        &wordpress,
        Role::Editor,
        &push_arguments(&wordpress, &editor, &["in", "--json"]),
    );
    run.expect_code(0);
    let report: Value = run.json();
    let item = &report["sites"][0]["items"][0];
    assert_eq!(item["action"], "uploaded", "{report:#}");
    let id = item["attachment_id"].as_u64().unwrap();
    let attachment = wordpress.get_json(&format!("/wp/v2/media/{id}"), Role::Editor);
    let on_site = wordpress.download(attachment["source_url"].as_str().unwrap());
    assert!(on_site == std::fs::read(machine.path().join("in/jpeg-progressive.jpg")).unwrap());
}

#[test]
fn avif_falls_back_to_webp_on_wordpress_6_1_and_says_so() {
    let wordpress = WordPress::start();
    let (author, _) = wordpress.user(Role::Author);
    let machine = machine();
    machine.add_fixture("jpeg-baseline.jpg");
    optimize(&machine, "avif,webp");
    let run = run_as(
        &machine,
        &wordpress,
        Role::Author,
        &push_arguments(&wordpress, &author, &["--report", "report.json"]),
    );
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("does not accept AVIF, so WebP was sent"),
        "{}",
        run.stderr
    );
    let media = wordpress.media_list();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0]["mime_type"], "image/webp");

    // An AVIF file named directly has nothing to fall back to: a clear failure, no upload.
    machine.add_fixture("avif-photo.avif");
    std::fs::remove_file(machine.path().join("in/jpeg-baseline.jpg")).unwrap();
    let run = run_as(
        &machine,
        &wordpress,
        Role::Author,
        &push_arguments(&wordpress, &author, &["in"]),
    );
    run.expect_code(1);
    assert!(run.stderr.contains("AVIF"), "{}", run.stderr);
    assert_eq!(wordpress.media_list().len(), 1);
}

#[test]
fn bad_credentials_roles_and_sites_get_clear_messages() {
    let mut wordpress = WordPress::start();
    let machine = machine();
    machine.add_fixture("jpeg-baseline.jpg");

    let (subscriber, _) = wordpress.user(Role::Subscriber);
    let run = run_as(
        &machine,
        &wordpress,
        Role::Subscriber,
        &push_arguments(&wordpress, &subscriber, &["in"]),
    );
    run.expect_code(1);
    assert!(
        run.stderr.contains("may not upload media") && run.stderr.contains("subscriber"),
        "{}",
        run.stderr
    );

    let (contributor, _) = wordpress.user(Role::Contributor);
    let run = run_as(
        &machine,
        &wordpress,
        Role::Contributor,
        &push_arguments(&wordpress, &contributor, &["in"]),
    );
    run.expect_code(1);
    assert!(
        run.stderr.contains("may not upload media"),
        "{}",
        run.stderr
    );

    let (admin, _) = wordpress.user(Role::Administrator);
    let wrong = Run::from(
        machine
            .command()
            .env("ALTLOOM_WP_APP_PASSWORD", "abcd efgh ijkl mnop qrst uvwx")
            .args(push_arguments(&wordpress, &admin, &["in"]))
            .output()
            .unwrap(),
    );
    wrong.expect_code(1);
    assert!(
        wrong.stderr.contains("refused the credentials"),
        "{}",
        wrong.stderr
    );
    assert!(
        !wrong.stderr.contains("abcd efgh"),
        "the password is never printed"
    );

    let missing = machine.run(&push_arguments(&wordpress, &admin, &["in"]));
    missing.expect_code(2);
    assert!(
        missing.stderr.contains("ALTLOOM_WP_APP_PASSWORD"),
        "{}",
        missing.stderr
    );

    assert_eq!(wordpress.media_list().len(), 0, "nothing was uploaded");

    let url = wordpress.url().to_string();
    wordpress.stop_server();
    let started = Instant::now();
    let down = run_as(
        &machine,
        &wordpress,
        Role::Administrator,
        &["push", "--wp-url", &url, "--wp-user", &admin, "in"],
    );
    down.expect_code(1);
    assert!(down.stderr.contains("cannot reach"), "{}", down.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "a site that is down fails at once"
    );
}

#[test]
fn a_push_killed_midway_resumes_without_duplicates() {
    let wordpress = WordPress::start();
    let (admin, password) = wordpress.user(Role::Administrator);
    let machine = machine();
    let fixtures = [
        "jpeg-baseline.jpg",
        "jpeg-progressive.jpg",
        "jpeg-gray.jpg",
        "jpeg-adobergb.jpg",
        "jpeg-display-p3.jpg",
        "jpeg-prophoto.jpg",
        "png-palette-trns.png",
        "png-rgb8.png",
        "png-rgba8.png",
        "png-palette.png",
        "png-gray8.png",
        "graphic-flat.png",
    ];
    for fixture in fixtures {
        machine.add_fixture(fixture);
    }
    let mut child = machine
        .command()
        .env("ALTLOOM_WP_APP_PASSWORD", &password)
        .args(push_arguments(
            &wordpress,
            &admin,
            &["in", "--concurrency", "2"],
        ))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while wordpress.media_list().len() < 3 {
        assert!(Instant::now() < deadline, "the push never got going");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the push finished before it could be interrupted"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // An upload the site was still taking in when the client died lands a moment later.
    std::thread::sleep(Duration::from_secs(1));
    let before = wordpress.media_list().len();
    assert!(before < fixtures.len(), "killed before the end");

    let run = run_as(
        &machine,
        &wordpress,
        Role::Administrator,
        &push_arguments(&wordpress, &admin, &["in"]),
    );
    run.expect_code(0);
    let media = wordpress.media_list();
    let mut names: Vec<String> = media
        .iter()
        .map(|attachment| {
            let url = attachment["source_url"].as_str().unwrap();
            url.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    names.sort();
    let mut expected: Vec<String> = fixtures.iter().map(|name| name.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "every image exactly once");

    // And a third run finds everything in place.
    let run = run_as(
        &machine,
        &wordpress,
        Role::Administrator,
        &push_arguments(&wordpress, &admin, &["in"]),
    );
    run.expect_code(0);
    assert!(
        run.stderr.contains(&format!(
            "0 uploaded, 0 updated, {} unchanged",
            fixtures.len()
        )),
        "{}",
        run.stderr
    );
}

//! `altloom wp fill-alt` and `altloom wp apply` end to end: the real CLI against a real
//! WordPress 6.1 (`common::wordpress`), without an account (`--wp-url`, `--wp-user`,
//! `ALTLOOM_WP_APP_PASSWORD`), with a request-checking stand-in for the model
//! (`--provider openai-compatible`). Only images without alt text are described, only their
//! empty fields are written, a dry run and a review run change nothing, `--limit` caps the
//! images described, a review file's edits win when it is applied while text added on the site
//! meanwhile is kept, and a rerun finds nothing to do.

mod common;

#[path = "../../shared/tests/support/fake_openai.rs"]
mod fake_openai;

use std::collections::BTreeMap;

use serde_json::{json, Value};

use common::server::{Machine, Run};
use common::wordpress::{unused_url, Role, WordPress};

/// What the stand-in model says about every image.
const MODEL_ALT: &str = "A red bicycle against a brick wall";
const MODEL_CAPTION: &str = "A red bicycle by a wall.";
const MODEL_DESCRIPTION: &str = "A red city bicycle leans against a brick wall.";

/// One site, one machine without an account, and the stand-in model.
struct Library {
    site: WordPress,
    machine: Machine,
    model: fake_openai::Fake,
    /// Runs the stand-in model's server; dropped last.
    _runtime: tokio::runtime::Runtime,
}

impl Library {
    fn start() -> Library {
        Library::start_with((0..40).map(|_| fake_openai::good(MODEL_ALT)).collect())
    }

    /// A library whose model answers `replies`, in the order the requests come.
    fn start_with(replies: Vec<fake_openai::Reply>) -> Library {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let model = runtime.block_on(fake_openai::start(replies));
        Library {
            site: WordPress::start(),
            machine: Machine::new(&unused_url()),
            model,
            _runtime: runtime,
        }
    }

    /// Runs `altloom wp SUBCOMMAND` as the administrator, on this site, with `extra` flags.
    fn wp(&self, subcommand: &[&str], extra: &[&str]) -> Run {
        self.wp_as(Role::Administrator, None, subcommand, extra)
    }

    /// The same as `role`, with `password` instead of the role's own when given.
    fn wp_as(
        &self,
        role: Role,
        password: Option<&str>,
        subcommand: &[&str],
        extra: &[&str],
    ) -> Run {
        let (username, own_password) = self.site.user(role);
        let mut command = self.machine.command();
        command
            .env("ALTLOOM_WP_APP_PASSWORD", password.unwrap_or(&own_password))
            .arg("wp")
            .args(subcommand)
            .args(["--wp-user", &username]);
        if subcommand[0] == "fill-alt" {
            command.args([
                "--wp-url",
                self.site.url(),
                "--provider",
                "openai-compatible",
                "--base-url",
                &self.model.url,
                "--model",
                "fake-vision-1",
            ]);
        }
        Run::from(command.args(extra).output().expect("altloom runs"))
    }

    /// Requests the model received so far; panics on any it would have refused.
    fn model_requests(&self) -> usize {
        let problems = self.model.problems.lock().unwrap();
        assert!(
            problems.is_empty(),
            "the model got bad requests: {problems:?}"
        );
        self.model.requests.lock().unwrap().len()
    }

    /// Uploads a fixture as the administrator, with `alt` when given; answers its id.
    fn upload(&self, fixture: &str, content_type: &str, alt: Option<&str>) -> u64 {
        let path = format!("{}/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        self.site
            .upload_media(Role::Administrator, fixture, content_type, &bytes, alt)["id"]
            .as_u64()
            .unwrap()
    }

    /// Sets text fields of an attachment through REST, as a person in wp-admin would.
    fn edit(&self, id: u64, fields: Value) {
        let (username, password) = self.site.user(Role::Editor);
        let reply = self.site.request(
            "POST",
            &format!("/wp-json/wp/v2/media/{id}"),
            Some((&username, &password)),
            &[("Content-Type", "application/json")],
            fields.to_string().as_bytes(),
        );
        assert_eq!(reply.status, 200, "editing media {id}: {}", reply.text());
    }

    /// Every attachment's text, by id: alt, title, caption and description as typed.
    fn texts(&self) -> BTreeMap<u64, [String; 4]> {
        self.site
            .media_list()
            .iter()
            .map(|attachment| {
                let raw = |field: &str| attachment[field]["raw"].as_str().unwrap().to_owned();
                (
                    attachment["id"].as_u64().unwrap(),
                    [
                        attachment["alt_text"].as_str().unwrap().to_owned(),
                        raw("title"),
                        raw("caption"),
                        raw("description"),
                    ],
                )
            })
            .collect()
    }
}

#[test]
fn fill_alt_describes_only_images_without_alt_and_writes_only_empty_fields() {
    let library = Library::start();
    let first = library.upload("jpeg-baseline.jpg", "image/jpeg", None);
    let second = library.upload("png-rgb8.png", "image/png", None);
    let third = library.upload("jpeg-progressive.jpg", "image/jpeg", None);
    let described_by_a_person =
        library.upload("jpeg-gray.jpg", "image/jpeg", Some("Written by a person"));
    library.edit(third, json!({"caption": "A caption a person wrote"}));
    let before = library.texts();

    // Credentials are checked before anything else, with the messages push gives.
    let refused = library.wp_as(
        Role::Administrator,
        Some("abcd efgh ijkl mnop qrst uvwx"),
        &["fill-alt"],
        &[],
    );
    refused.expect_code(1);
    assert!(
        refused.stderr.contains("refused the credentials"),
        "{}",
        refused.stderr
    );
    let subscriber = library.wp_as(Role::Subscriber, None, &["fill-alt"], &[]);
    subscriber.expect_code(1);
    assert!(
        subscriber.stderr.contains("may not upload media"),
        "{}",
        subscriber.stderr
    );

    // A dry run lists the three images without alt text, and changes and spends nothing.
    let dry_run = library.wp(&["fill-alt"], &["--dry-run"]);
    dry_run.expect_code(0);
    for id in [first, second, third] {
        assert!(
            dry_run
                .stdout
                .lines()
                .any(|line| line.starts_with(&format!("{id} "))),
            "{id} is not listed:\n{}",
            dry_run.stdout
        );
    }
    assert!(
        !dry_run
            .stdout
            .lines()
            .any(|line| line.starts_with(&format!("{described_by_a_person} "))),
        "{}",
        dry_run.stdout
    );
    assert!(
        dry_run.stderr.contains("3 images would be described"),
        "{}",
        dry_run.stderr
    );
    // The third's caption is a person's: only its alt text and description are asked for.
    let third_line = dry_run
        .stdout
        .lines()
        .find(|line| line.starts_with(&format!("{third} ")))
        .unwrap();
    assert!(third_line.ends_with("alt, description"), "{third_line}");
    assert_eq!(library.texts(), before);
    assert_eq!(library.model_requests(), 0);

    // Nothing was uploaded after the year 2999.
    let later = library.wp(&["fill-alt"], &["--since", "2999-01-01", "--dry-run"]);
    later.expect_code(0);
    assert!(later.stderr.contains("nothing to do"), "{}", later.stderr);
    let bad_date = library.wp(&["fill-alt"], &["--since", "last week"]);
    bad_date.expect_code(2);

    // --limit 1 describes the oldest image only.
    let limited = library.wp(&["fill-alt"], &["--limit", "1"]);
    limited.expect_code(0);
    assert_eq!(library.model_requests(), 1);
    let after_limit = library.texts();
    assert_eq!(after_limit[&first][0], MODEL_ALT);
    assert_eq!(after_limit[&second], before[&second]);
    assert_eq!(after_limit[&third], before[&third]);

    // The rest: the empty fields of the two others are filled; titles (WordPress made them from
    // the file names), the person's caption and the described image stay as they were.
    let filled = library.wp(&["fill-alt"], &[]);
    filled.expect_code(0);
    assert!(
        filled.stderr.contains("2 updated on the site"),
        "{}",
        filled.stderr
    );
    assert_eq!(library.model_requests(), 3);
    let after = library.texts();
    for id in [first, second, third] {
        assert_eq!(after[&id][0], MODEL_ALT, "alt text of {id}");
        assert_eq!(after[&id][1], before[&id][1], "title of {id}");
        assert_eq!(after[&id][3], MODEL_DESCRIPTION, "description of {id}");
    }
    assert_eq!(after[&first][2], MODEL_CAPTION);
    assert_eq!(after[&second][2], MODEL_CAPTION);
    assert_eq!(after[&third][2], "A caption a person wrote");
    assert_eq!(
        after[&described_by_a_person],
        before[&described_by_a_person]
    );

    // A rerun finds nothing to do and asks the model nothing.
    let rerun = library.wp(&["fill-alt"], &[]);
    rerun.expect_code(0);
    assert!(rerun.stderr.contains("nothing to do"), "{}", rerun.stderr);
    assert_eq!(library.model_requests(), 3);
    assert_eq!(library.texts(), after);
    assert_eq!(library.site.media_list().len(), 4, "nothing was uploaded");
}

#[test]
fn a_review_file_changes_nothing_until_applied_and_a_persons_words_win() {
    let library = Library::start();
    let edited = library.upload("jpeg-baseline.jpg", "image/jpeg", None);
    let conflicting = library.upload("png-rgb8.png", "image/png", None);
    let plain = library.upload("webp-lossy.webp", "image/webp", None);
    let before = library.texts();

    let review = library.wp(&["fill-alt"], &["--review", "review.csv"]);
    review.expect_code(0);
    assert!(
        review.stderr.contains("altloom wp apply review.csv"),
        "{}",
        review.stderr
    );
    assert_eq!(library.texts(), before, "a review run changes nothing");
    assert_eq!(library.model_requests(), 3);
    let path = library.machine.path().join("review.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 4, "a header and three rows:\n{text}");

    // A second review run would replace a file a person may be editing: refused.
    let again = library.wp(&["fill-alt"], &["--review", "review.csv"]);
    again.expect_code(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(library.model_requests(), 3);

    // A person rewrites one row's alt text in the spreadsheet...
    let row_start = format!(",{},{edited},", library.site.url());
    let edited_text = text
        .split("\r\n")
        .map(|line| {
            if line.starts_with(&row_start) {
                // A cell with a comma is quoted, as a spreadsheet would write it.
                line.replace(MODEL_ALT, "\"Rowing boats, written by a person\"")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    assert_ne!(edited_text, text);
    std::fs::write(&path, edited_text).unwrap();
    // ...and meanwhile an editor writes alt text for another image on the site.
    library.edit(
        conflicting,
        json!({"alt_text": "Set on the site meanwhile"}),
    );

    // The file names its site, so `wp apply` needs only the user and the password.
    let applied = library.wp(&["apply", "review.csv"], &[]);
    applied.expect_code(1);
    assert!(
        applied.stderr.contains("the site's text was kept"),
        "{}",
        applied.stderr
    );
    let after = library.texts();
    assert_eq!(after[&edited][0], "Rowing boats, written by a person");
    assert_eq!(after[&edited][2], MODEL_CAPTION);
    assert_eq!(after[&conflicting][0], "Set on the site meanwhile");
    assert_eq!(
        after[&conflicting][2], MODEL_CAPTION,
        "the other fields of a conflicting row are still empty on the site, so they are written"
    );
    assert_eq!(after[&plain][0], MODEL_ALT);
    assert_eq!(after[&plain][3], MODEL_DESCRIPTION);
    assert_eq!(
        library.model_requests(),
        3,
        "applying asks the model nothing"
    );

    // Applying again changes nothing; --overwrite settles the conflict in the file's favour.
    let dry_overwrite = library.wp(&["apply", "review.csv"], &["--overwrite", "--dry-run"]);
    dry_overwrite.expect_code(0);
    assert_eq!(library.texts(), after);
    library
        .wp(&["apply", "review.csv"], &["--overwrite"])
        .expect_code(0);
    assert_eq!(library.texts()[&conflicting][0], MODEL_ALT);
    library.wp(&["apply", "review.csv"], &[]).expect_code(0);

    // A file made for one site is never applied to another.
    let other = WordPress::start();
    let (username, password) = other.user(Role::Administrator);
    let elsewhere = Run::from(
        library
            .machine
            .command()
            .env("ALTLOOM_WP_APP_PASSWORD", password)
            .args([
                "wp",
                "apply",
                "review.csv",
                "--wp-url",
                other.url(),
                "--wp-user",
                &username,
            ])
            .output()
            .unwrap(),
    );
    elsewhere.expect_code(1);
    assert!(
        elsewhere.stderr.contains("nothing was applied"),
        "{}",
        elsewhere.stderr
    );

    // Every image has alt text now: a fill finds nothing to do.
    let rerun = library.wp(&["fill-alt"], &[]);
    rerun.expect_code(0);
    assert!(rerun.stderr.contains("nothing to do"), "{}", rerun.stderr);
    assert_eq!(library.model_requests(), 3);
}

#[test]
fn identical_images_cost_one_answer_and_decorative_ones_keep_an_empty_alt() {
    // One image at a time, so the replies meet the images in id order.
    let decorative = fake_openai::completion(
        json!({"alt_text": "", "title": "Flourish", "caption": "An ornament.",
               "description": "A flat ornamental graphic.", "decorative": true,
               "filename_slug": "flourish", "language": "en"}),
        "stop",
    );
    let library = Library::start_with(vec![fake_openai::good(MODEL_ALT), decorative]);
    let original = library.upload("jpeg-baseline.jpg", "image/jpeg", None);
    let copy = library.upload("jpeg-baseline.jpg", "image/jpeg", None);
    let ornament = library.upload("graphic-flat.png", "image/png", None);

    let filled = library.wp(&["fill-alt"], &["--concurrency", "1"]);
    filled.expect_code(0);
    assert_eq!(
        library.model_requests(),
        2,
        "the copy shares the original's answer"
    );
    let texts = library.texts();
    assert_eq!(texts[&original][0], MODEL_ALT);
    assert_eq!(texts[&copy][0], MODEL_ALT);
    assert_eq!(
        texts[&ornament][0], "",
        "a decorative image keeps an empty alt"
    );
    assert_eq!(texts[&ornament][3], "A flat ornamental graphic.");
    assert!(
        filled.stderr.contains("3 of 3 images needed text"),
        "{}",
        filled.stderr
    );

    // Its alt text is still empty, so a rerun takes it again, from the answer cache, for free.
    let rerun = library.wp(&["fill-alt"], &[]);
    rerun.expect_code(0);
    assert!(
        rerun.stderr.contains("1 from earlier answers") && rerun.stderr.contains("decorative"),
        "{}",
        rerun.stderr
    );
    assert_eq!(library.model_requests(), 2);
    assert_eq!(library.texts(), texts);
}

//! A real WordPress site for the push tests: Debian's WordPress 6.1 under `php -S` on a free
//! loopback port, with its own MariaDB database (a copy of the template `scripts/wordpress.sh`
//! installed) and its own uploads folder, so every test gets an isolated site and tests run in
//! parallel. Dropping the [`WordPress`] stops the server, drops the database and removes the
//! uploads. It also offers a few REST calls that tests use to check what a push did.
//!
//! `ALTLOOM_TEST_WORDPRESS` names the folder `scripts/wordpress.sh` prints (scripts/test.sh sets it);
//! it holds `template.sql`, `users.json` and `site.json`.

use std::collections::hash_map::RandomState;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

/// The environment variable that names the folder `scripts/wordpress.sh` prepared.
pub const STATE_VARIABLE: &str = "ALTLOOM_TEST_WORDPRESS";

/// How many requests one site serves at once: `php -S` forks this many workers, enough for a
/// push that uploads several files in parallel while a test reads the media library.
const SERVER_WORKERS: &str = "4";

/// The router that plays the part of Apache's rewrite rules for `php -S`.
const ROUTER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../scripts/wordpress/router.php"
);

/// The built-in roles of WordPress; `scripts/wordpress.sh` made one user of each, with an
/// Application Password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Editor,
    Author,
    Contributor,
    Subscriber,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Administrator,
        Role::Editor,
        Role::Author,
        Role::Contributor,
        Role::Subscriber,
    ];

    /// The role's name as WordPress and `users.json` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Editor => "editor",
            Role::Author => "author",
            Role::Contributor => "contributor",
            Role::Subscriber => "subscriber",
        }
    }
}

/// An answer from the site, whatever its status.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON; panics with the body when it is not JSON (an HTML error page, say).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "WordPress answered {} with a body that is not JSON ({error}):\n{}",
                self.status,
                self.text()
            )
        })
    }

    /// The body as text, for failure messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// WordPress's error code (`rest_cannot_create`, ...) from a JSON error body.
    pub fn error_code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_owned()
    }

    /// The first header of that name (names compare without regard to case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// How to reach the MariaDB server, from `site.json`.
struct Database {
    host: String,
    port: u16,
    user: String,
    password: String,
}

impl Database {
    /// The `mariadb` client logged in as the test user, which may create and drop `altloom_wp_*`.
    fn client(&self) -> Command {
        let mut command = Command::new("mariadb");
        command
            .arg(format!("--host={}", self.host))
            .arg(format!("--port={}", self.port))
            .arg(format!("--user={}", self.user))
            .arg(format!("--password={}", self.password));
        command
    }
}

/// One running WordPress site; see the module's documentation.
pub struct WordPress {
    url: String,
    port: u16,
    database: Database,
    database_name: String,
    users: Value,
    /// Holds `content/` (the site's WP_CONTENT_DIR) and `php.log` (the server's output), so the
    /// log is never served under /wp-content/.
    folder: tempfile::TempDir,
    server: Option<Child>,
    agent: ureq::Agent,
}

impl WordPress {
    /// Starts a fresh site and waits until its REST API answers. Panics when
    /// `ALTLOOM_TEST_WORDPRESS` is not set: these tests never skip themselves quietly.
    pub fn start() -> WordPress {
        let state = state_folder();
        let settings: Value = read_json(&state.join("site.json"));
        let users: Value = read_json(&state.join("users.json"));
        let database = Database {
            host: settings["database"]["host"].as_str().unwrap().to_owned(),
            port: settings["database"]["port"].as_u64().unwrap() as u16,
            user: settings["database"]["user"].as_str().unwrap().to_owned(),
            password: settings["database"]["password"]
                .as_str()
                .unwrap()
                .to_owned(),
        };
        let document_root = settings["document_root"].as_str().unwrap().to_owned();
        let prefix = settings["database"]["name_prefix"].as_str().unwrap();
        let database_name = format!("{prefix}{:016x}", unique_number());

        // The folder comes first so that, should anything below panic, dropping the half-built
        // site cleans up whatever was made already.
        let folder = tempfile::Builder::new()
            .prefix("altloom-wordpress-site-")
            .tempdir()
            .unwrap();
        std::fs::create_dir(folder.path().join("content")).unwrap();
        let port = super::server::free_port();
        let mut site = WordPress {
            url: format!("http://127.0.0.1:{port}"),
            port,
            database,
            database_name,
            users,
            folder,
            server: None,
            agent: ureq::Agent::new_with_config(
                ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .max_redirects(0)
                    .timeout_global(Some(Duration::from_secs(60)))
                    .build(),
            ),
        };

        site.create_database(&state.join("template.sql"));
        let log = File::create(site.folder.path().join("php.log")).unwrap();
        let server = Command::new("php")
            .args(["-S", &format!("127.0.0.1:{port}"), "-t", &document_root])
            .arg(ROUTER)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("PHP_CLI_SERVER_WORKERS", SERVER_WORKERS)
            .env("ALTLOOM_WP_DB_NAME", &site.database_name)
            .env(
                "ALTLOOM_WP_DB_HOST",
                format!("{}:{}", site.database.host, site.database.port),
            )
            .env("ALTLOOM_WP_DB_USER", &site.database.user)
            .env("ALTLOOM_WP_DB_PASSWORD", &site.database.password)
            .env("ALTLOOM_WP_PORT", port.to_string())
            .env("ALTLOOM_WP_CONTENT_DIR", site.content_dir())
            // The workers are the master's children; their own process group lets Drop stop
            // them all at once, and keeps a Ctrl-C in the terminal from reaching them twice.
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("php runs (scripts/wordpress.sh installs php8.2-cli)");
        site.server = Some(server);
        site.wait_until_ready();
        site
    }

    /// The site's address, such as `http://127.0.0.1:41234`, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The site's WP_CONTENT_DIR; uploads land in its `uploads/YEAR/MONTH/`.
    pub fn content_dir(&self) -> PathBuf {
        self.folder.path().join("content")
    }

    /// The name of the site's own MariaDB database.
    pub fn database_name(&self) -> &str {
        &self.database_name
    }

    /// The user name and Application Password of the user with that role.
    pub fn user(&self, role: Role) -> (String, String) {
        let user = &self.users[role.name()];
        (
            user["username"].as_str().unwrap().to_owned(),
            user["application_password"].as_str().unwrap().to_owned(),
        )
    }

    /// The WordPress user id of the user with that role.
    pub fn user_id(&self, role: Role) -> u64 {
        self.users[role.name()]["user_id"].as_u64().unwrap()
    }

    /// What `php -S` and PHP wrote so far (requests and PHP errors), for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.folder.path().join("php.log")).unwrap_or_default()
    }

    /// Sends one request and returns the answer whatever its status; panics only when nothing
    /// answers. `target` is a path on the site (`/wp-json/wp/v2/media?per_page=1`, `/?feed=rss2`)
    /// or an absolute URL; `credentials` are sent with HTTP Basic authentication, as an
    /// Application Password is.
    pub fn request(
        &self,
        method: &str,
        target: &str,
        credentials: Option<(&str, &str)>,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let url = if target.starts_with("http://") || target.starts_with("https://") {
            target.to_owned()
        } else {
            format!("{}{target}", self.url)
        };
        let mut request = ureq::http::Request::builder().method(method).uri(&url);
        if let Some((username, password)) = credentials {
            request = request.header(
                "Authorization",
                format!(
                    "Basic {}",
                    base64(format!("{username}:{password}").as_bytes())
                ),
            );
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(body).unwrap();
        let mut response = self.agent.run(request).unwrap_or_else(|error| {
            panic!(
                "{method} {url} got no answer: {error}\nphp -S log:\n{}",
                self.log()
            )
        });
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .unwrap_or_else(|error| panic!("reading the answer to {method} {url}: {error}"));
        Reply {
            status,
            headers,
            body,
        }
    }

    /// `GET /wp-json{route}` as the user with that role, where `route` may carry a query
    /// (`/wp/v2/media/7?context=edit`); panics unless the answer is a success.
    pub fn get_json(&self, route: &str, role: Role) -> Value {
        let (username, password) = self.user(role);
        let reply = self.request(
            "GET",
            &format!("/wp-json{route}"),
            Some((&username, &password)),
            &[],
            &[],
        );
        expect_success(&reply, &format!("GET /wp-json{route}"));
        reply.json()
    }

    /// Every attachment in the media library, as an administrator sees it (`context=edit`, so
    /// with `alt_text`, raw titles and `media_details`), oldest first.
    pub fn media_list(&self) -> Vec<Value> {
        let (username, password) = self.user(Role::Administrator);
        let mut media = Vec::new();
        for page in 1.. {
            let target = format!(
                "/wp-json/wp/v2/media?context=edit&per_page=100&page={page}&orderby=id&order=asc"
            );
            let reply = self.request("GET", &target, Some((&username, &password)), &[], &[]);
            expect_success(&reply, &format!("GET {target}"));
            let Value::Array(items) = reply.json() else {
                panic!("GET {target} did not answer a list: {}", reply.text());
            };
            let count = items.len();
            media.extend(items);
            let pages: u64 = reply
                .header("X-WP-TotalPages")
                .and_then(|pages| pages.parse().ok())
                .unwrap_or(1);
            if count < 100 || page >= pages {
                break;
            }
        }
        media
    }

    /// Uploads a file the way Altloom does (the raw bytes, with `Content-Type` and
    /// `Content-Disposition: attachment; filename="..."`), without checking the answer.
    pub fn try_upload_media(
        &self,
        credentials: (&str, &str),
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Reply {
        let disposition = format!("attachment; filename=\"{file_name}\"");
        self.request(
            "POST",
            "/wp-json/wp/v2/media",
            Some(credentials),
            &[
                ("Content-Type", content_type),
                ("Content-Disposition", &disposition),
            ],
            bytes,
        )
    }

    /// Uploads a file as the user with that role and, when given, sets its alt text with a
    /// second call; panics unless both succeed. Returns the attachment as the last call
    /// answered it (edit context).
    pub fn upload_media(
        &self,
        role: Role,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
        alt: Option<&str>,
    ) -> Value {
        let (username, password) = self.user(role);
        let reply = self.try_upload_media((&username, &password), file_name, content_type, bytes);
        assert_eq!(
            reply.status,
            201,
            "uploading {file_name} as {} failed: {}",
            role.name(),
            reply.text()
        );
        let attachment = reply.json();
        let Some(alt) = alt else {
            return attachment;
        };
        let id = attachment["id"].as_u64().unwrap();
        let body = serde_json::json!({ "alt_text": alt }).to_string();
        let reply = self.request(
            "POST",
            &format!("/wp-json/wp/v2/media/{id}"),
            Some((&username, &password)),
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        );
        expect_success(&reply, &format!("setting the alt text of media {id}"));
        reply.json()
    }

    /// Deletes an attachment and its files for good (`force=true`; attachments have no trash).
    pub fn delete_media(&self, id: u64) {
        let (username, password) = self.user(Role::Administrator);
        let reply = self.request(
            "DELETE",
            &format!("/wp-json/wp/v2/media/{id}?force=true"),
            Some((&username, &password)),
            &[],
            &[],
        );
        expect_success(&reply, &format!("deleting media {id}"));
    }

    /// The bytes at a URL of the site (an attachment's `source_url`), fetched without
    /// credentials as a visitor would.
    pub fn download(&self, url: &str) -> Vec<u8> {
        let reply = self.request("GET", url, None, &[], &[]);
        assert_eq!(reply.status, 200, "GET {url}: {}", reply.text());
        reply.body
    }

    /// Stops the web server, as when a site goes down: [`WordPress::url`] stays the same but
    /// nothing answers there any more. The database and uploads stay until the site is dropped.
    pub fn stop_server(&mut self) {
        if let Some(mut server) = self.server.take() {
            kill_process_group(server.id());
            let _ = server.wait();
            // Waiting for the master is not enough: the signal reaches the workers, which share
            // the listening socket, a moment later, and the port stays open until the last dies.
            let deadline = Instant::now() + Duration::from_secs(10);
            while self.is_listening() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }

    /// Whether anything accepts connections on the site's port.
    pub fn is_listening(&self) -> bool {
        std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
    }

    /// Creates the site's database and fills it from the template dump.
    fn create_database(&self, template: &Path) {
        let output = self
            .database
            .client()
            .arg(format!(
                "--execute=CREATE DATABASE `{}`",
                self.database_name
            ))
            .output()
            .expect("the mariadb client runs (scripts/wordpress.sh installs mariadb-client)");
        assert!(
            output.status.success(),
            "creating database {}: {}",
            self.database_name,
            String::from_utf8_lossy(&output.stderr)
        );
        let output = self
            .database
            .client()
            .arg(&self.database_name)
            .stdin(File::open(template).unwrap())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "loading {} into database {}: {}",
            template.display(),
            self.database_name,
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Waits until `/wp-json/` answers 200; the first request also warms PHP's opcache.
    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.server.as_mut().unwrap().try_wait().unwrap() {
                panic!(
                    "php -S exited ({status}) before WordPress was ready:\n{}",
                    self.log()
                );
            }
            let answer = self
                .agent
                .get(format!("{}/wp-json/", self.url))
                .call()
                .map(|response| response.status().as_u16());
            if let Ok(200) = answer {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "WordPress did not answer /wp-json/ with 200 within 30 s (last: {answer:?}):\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        self.stop_server();
        // A failure here must not turn a passing test into a panic while unwinding; a database
        // left behind only costs disk space, and its name says where it came from.
        let _ = self
            .database
            .client()
            .arg(format!(
                "--execute=DROP DATABASE IF EXISTS `{}`",
                self.database_name
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// An `http://127.0.0.1:PORT` address nothing listens on (free when asked), for a site that
/// never existed.
pub fn unused_url() -> String {
    format!("http://127.0.0.1:{}", super::server::free_port())
}

/// The folder `scripts/wordpress.sh` prepared, from `ALTLOOM_TEST_WORDPRESS`.
pub fn state_folder() -> PathBuf {
    let Some(folder) = std::env::var_os(STATE_VARIABLE).filter(|folder| !folder.is_empty()) else {
        panic!(
            "{STATE_VARIABLE} is not set. These tests need a real WordPress: run\n    \
             export {STATE_VARIABLE}=\"$(scripts/wordpress.sh)\"\n\
             from the repository's root first (scripts/test.sh does this)."
        );
    };
    let folder = PathBuf::from(folder);
    for file in ["template.sql", "users.json", "site.json"] {
        assert!(
            folder.join(file).is_file(),
            "{STATE_VARIABLE} is {}, which has no {file}; run scripts/wordpress.sh again",
            folder.display()
        );
    }
    folder
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

fn expect_success(reply: &Reply, what: &str) {
    assert!(
        (200..300).contains(&reply.status),
        "{what} answered {}: {}",
        reply.status,
        reply.text()
    );
}

/// A number no other site has: random per process (the standard library seeds `RandomState`
/// from the operating system), mixed with the process id, a counter and the time, so neither
/// parallel tests nor databases left behind by an earlier run collide.
fn unique_number() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    hasher.finish()
}

/// Sends SIGKILL to every process of the group (the `php -S` master and its workers). A test site
/// has nothing to save, so there is no point in asking nicely.
fn kill_process_group(group: u32) {
    extern "C" {
        fn kill(pid: i32, signal: i32) -> i32;
    }
    const SIGKILL: i32 = 9;
    let group = i32::try_from(group).expect("process ids fit in an i32");
    // SAFETY: kill(2) takes no pointers; a negative pid addresses the process group that
    // `process_group(0)` made for this child, whose id is the child's own.
    unsafe {
        kill(-group, SIGKILL);
    }
}

/// Standard base64 with padding, for the Authorization header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let value = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for index in 0..4 {
            if index <= chunk.len() {
                text.push(char::from(
                    ALPHABET[(value >> (18 - 6 * index)) as usize & 63],
                ));
            } else {
                text.push('=');
            }
        }
    }
    text
}

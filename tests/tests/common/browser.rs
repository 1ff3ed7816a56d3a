//! A real browser for the end-to-end tests of the server's HTML pages: headless Chromium driven
//! over WebDriver by `chromedriver`, one of each per [`Browser`], both stopped when it is dropped.
//!
//! The methods are synchronous (each one runs the fantoccini call on the browser's own tokio
//! runtime), so tests mix them freely with [`super::server::Machine`] runs. Every helper panics
//! with the page's address and text when something is not there, so a page that strays from its
//! contract says how. Nothing here skips: without Chromium or chromedriver the test fails and
//! says to run `scripts/browser.sh`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::server::free_port;

/// Where Debian's `chromium` and `chromium-driver` packages put the two programs.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The window of a desktop browser, and of a phone (an iPhone 12 to 15's CSS pixels).
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (390, 844);

/// How long a page, an element or a redirect may take before a helper gives up.
const WAIT: Duration = Duration::from_secs(15);

/// Panics (never skips) when either program is missing.
fn require_programs() {
    for (program, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
        assert!(
            Path::new(program).is_file(),
            "{program} is missing (Debian package {package}): run scripts/browser.sh"
        );
    }
}

/// The folder screenshots go to: `target/browser-artifacts` of the workspace, or of
/// `CARGO_TARGET_DIR` when that is set (a relative one is taken from the workspace root).
pub fn artifacts_folder() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(folder) if !folder.is_empty() => workspace.join(folder),
        _ => workspace.join("target"),
    };
    let folder = target.join("browser-artifacts");
    std::fs::create_dir_all(&folder)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", folder.display()));
    folder
}

/// `chromedriver` on a free loopback port; killed (with the browsers it started, which share its
/// process group) when dropped.
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Driver {
    fn start(folder: &Path) -> Driver {
        require_programs();
        let log = folder.join("chromedriver.log");
        let port = free_port();
        let child = {
            use std::os::unix::process::CommandExt;
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
                .stderr(Stdio::from(
                    std::fs::OpenOptions::new().append(true).open(&log).unwrap(),
                ))
                // Its own process group, so dropping the driver can stop every Chromium process it
                // started, even when a test panics before the session is closed.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|error| {
                    panic!("{CHROMEDRIVER} cannot start ({error}): run scripts/browser.sh")
                })
        };
        let mut driver = Driver { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = driver.child.try_wait().unwrap() {
                panic!(
                    "chromedriver exited ({status}) before it was ready:\n{}",
                    driver.log()
                );
            }
            if driver.ready() {
                return driver;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer /status within 10 s:\n{}",
                driver.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Whether `GET /status` answers 200 with `"ready": true`.
    fn ready(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        if write!(
            stream,
            "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .is_err()
        {
            return false;
        }
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer.starts_with("HTTP/1.1 200") && answer.contains("\"ready\":true")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any Chromium it left behind.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One headless Chromium with a fresh profile (so its own cookies), driven synchronously.
pub struct Browser {
    // Field order is drop order: the session closes before the driver is killed, and the
    // profile folder goes last.
    client: Option<Client>,
    runtime: tokio::runtime::Runtime,
    driver: Driver,
    folder: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a desktop-sized headless Chromium.
    pub fn start() -> Browser {
        let folder = tempfile::tempdir().unwrap();
        let profile = folder.path().join("profile");
        std::fs::create_dir_all(&profile).unwrap();
        let driver = Driver::start(folder.path());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        let client = runtime
            .block_on(async {
                tokio::time::timeout(
                    Duration::from_secs(60),
                    ClientBuilder::rustls()
                        .expect("rustls client")
                        .capabilities(capabilities)
                        .connect(&driver.url()),
                )
                .await
            })
            .unwrap_or_else(|_| {
                panic!(
                    "no Chromium session within 60 s:\n{}",
                    driver.log()
                )
            })
            .unwrap_or_else(|error| {
                panic!(
                    "Chromium did not start under chromedriver ({error}); run scripts/browser.sh\n{}",
                    driver.log()
                )
            });
        Browser {
            client: Some(client),
            runtime,
            driver,
            folder,
        }
    }

    /// The fantoccini client, for calls the helpers below do not cover (run them with
    /// [`Browser::block_on`]).
    pub fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    /// Runs a future on the browser's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Panics with `what`, the error, and where the browser is.
    #[track_caller]
    fn fail(&self, what: &str, error: impl std::fmt::Display) -> ! {
        let (url, text) = self.block_on(async {
            let url = self
                .client()
                .current_url()
                .await
                .map(|url| url.to_string())
                .unwrap_or_else(|error| format!("(no address: {error})"));
            let text = match self.client().find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => self.client().source().await.unwrap_or_default(),
            };
            (url, text)
        });
        let text: String = text.chars().take(3000).collect();
        panic!("{what}: {error}\nat {url}, whose page reads:\n{text}");
    }

    /// Opens `url` and waits for it to load.
    #[track_caller]
    pub fn goto(&self, url: &str) {
        if let Err(error) = self.block_on(self.client().goto(url)) {
            self.fail(&format!("cannot open {url}"), error);
        }
    }

    /// Loads the current page again.
    #[track_caller]
    pub fn refresh(&self) {
        if let Err(error) = self.block_on(self.client().refresh()) {
            self.fail("cannot reload the page", error);
        }
    }

    /// The address the browser is at now.
    pub fn url(&self) -> String {
        self.block_on(self.client().current_url())
            .expect("the current address")
            .to_string()
    }

    /// The address's path (and query), without the origin.
    pub fn path(&self) -> String {
        let url = self
            .block_on(self.client().current_url())
            .expect("the current address");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// The page's HTML as the browser has it now.
    pub fn source(&self) -> String {
        self.block_on(self.client().source())
            .expect("the page source")
    }

    /// The visible text of the whole page.
    #[track_caller]
    pub fn page_text(&self) -> String {
        self.text("body")
    }

    /// The first element matching the CSS selector, waiting up to 15 s for it.
    #[track_caller]
    pub fn find(&self, css: &str) -> Element {
        let found = self.block_on(async {
            self.client()
                .wait()
                .at_most(WAIT)
                .for_element(Locator::Css(css))
                .await
        });
        found.unwrap_or_else(|error| self.fail(&format!("no element `{css}`"), error))
    }

    /// Every element matching the CSS selector now (maybe none).
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.block_on(self.client().find_all(Locator::Css(css)))
            .unwrap_or_default()
    }

    /// The visible text of the first element matching the CSS selector.
    #[track_caller]
    pub fn text(&self, css: &str) -> String {
        let element = self.find(css);
        self.block_on(element.text())
            .unwrap_or_else(|error| self.fail(&format!("no text in `{css}`"), error))
    }

    /// An attribute of the first element matching the CSS selector (`None` when absent).
    #[track_caller]
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let element = self.find(css);
        self.block_on(element.attr(name))
            .unwrap_or_else(|error| self.fail(&format!("no attribute {name} on `{css}`"), error))
    }

    /// The text of the page's `<h1>`.
    #[track_caller]
    pub fn heading(&self) -> String {
        self.text("h1")
    }

    /// Types `value` into the field whose `id` is `id` (after clearing it).
    #[track_caller]
    pub fn fill(&self, id: &str, value: &str) {
        let field = self.find(&format!("[id=\"{id}\"]"));
        let typed = self.block_on(async {
            field.clear().await?;
            field.send_keys(value).await
        });
        if let Err(error) = typed {
            self.fail(&format!("cannot type into #{id}"), error);
        }
    }

    /// Ticks the checkbox (or picks the radio button) named `name` with value `value`.
    #[track_caller]
    pub fn check(&self, name: &str, value: &str) {
        self.set_checked(name, value, true);
    }

    /// Ticks or unticks the checkbox named `name` with value `value`, as a click would.
    #[track_caller]
    pub fn set_checked(&self, name: &str, value: &str, checked: bool) {
        let css = format!("input[name=\"{name}\"][value=\"{value}\"]");
        let tick = self.find(&css);
        let now = self
            .block_on(tick.is_selected())
            .unwrap_or_else(|error| self.fail(&format!("`{css}` has no checked state"), error));
        if now != checked {
            if let Err(error) = self.block_on(tick.click()) {
                self.fail(&format!("cannot click `{css}`"), error);
            }
        }
    }

    /// Picks the option with value `value` in the `<select>` whose `id` is `id`.
    #[track_caller]
    pub fn select(&self, id: &str, value: &str) {
        let select = self.find(&format!("select[id=\"{id}\"]"));
        if let Err(error) = self.block_on(select.select_by_value(value)) {
            self.fail(&format!("no option {value} in #{id}"), error);
        }
    }

    /// The first `<button>` (or submit `<input>`) whose text is `label`.
    #[track_caller]
    pub fn button(&self, label: &str) -> Element {
        self.button_by_xpath(label, &button_xpath("", label))
    }

    /// The button whose text is `label` in the table row whose text contains `row_text`.
    #[track_caller]
    pub fn button_in_row(&self, row_text: &str, label: &str) -> Element {
        let row = format!(
            "//tr[contains(normalize-space(.), {})]",
            xpath_literal(row_text)
        );
        self.button_by_xpath(
            &format!("{label} in the row of {row_text}"),
            &button_xpath(&row, label),
        )
    }

    #[track_caller]
    fn button_by_xpath(&self, label: &str, xpath: &str) -> Element {
        let found = self.block_on(async {
            self.client()
                .wait()
                .at_most(WAIT)
                .for_element(Locator::XPath(xpath))
                .await
        });
        found.unwrap_or_else(|error| self.fail(&format!("no button \"{label}\""), error))
    }

    /// Clicks the button whose text is `label` and waits for the page it leads to.
    #[track_caller]
    pub fn click_button(&self, label: &str) {
        let button = self.button(label);
        self.click_and_wait(button, &format!("button \"{label}\""));
    }

    /// Follows the link whose text is `label`.
    #[track_caller]
    pub fn click_link(&self, label: &str) {
        let xpath = format!("//a[normalize-space()={}]", xpath_literal(label));
        let link = self
            .block_on(async {
                self.client()
                    .wait()
                    .at_most(WAIT)
                    .for_element(Locator::XPath(&xpath))
                    .await
            })
            .unwrap_or_else(|error| self.fail(&format!("no link \"{label}\""), error));
        self.click_and_wait(link, &format!("link \"{label}\""));
    }

    /// Clicks `element` and waits until the page it was on is gone and the next one has loaded.
    #[track_caller]
    pub fn click_and_wait(&self, element: Element, what: &str) {
        let old_page = self.find("html");
        if let Err(error) = self.block_on(element.click()) {
            self.fail(&format!("cannot click {what}"), error);
        }
        self.wait_for_new_page(&old_page, what);
    }

    /// Waits until `old_page` (the `<html>` element of the page before) is gone and the new
    /// document has finished loading.
    #[track_caller]
    pub fn wait_for_new_page(&self, old_page: &Element, what: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            // A stale element (its document was replaced) errors when asked anything.
            let stale = self.block_on(old_page.tag_name()).is_err();
            if stale && self.ready_state() == "complete" {
                return;
            }
            if Instant::now() > deadline {
                self.fail(
                    &format!("{what} did not lead to a new page"),
                    "still on the old one after 15 s",
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn ready_state(&self) -> String {
        self.block_on(
            self.client()
                .execute("return document.readyState;", Vec::new()),
        )
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default()
    }

    /// Waits until the address satisfies `test` (after redirects), answering it.
    #[track_caller]
    pub fn wait_for_url(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.url();
            if test(&url) && self.ready_state() == "complete" {
                return url;
            }
            if Instant::now() > deadline {
                self.fail(&format!("never reached {what}"), format!("still at {url}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs JavaScript in the page (`arguments[0]`... are `arguments`) and answers its value.
    #[track_caller]
    pub fn execute(&self, script: &str, arguments: Vec<Value>) -> Value {
        self.block_on(self.client().execute(script, arguments))
            .unwrap_or_else(|error| self.fail("the script failed", error))
    }

    /// Presses and releases each key of `keys` in turn, as a keyboard would, into whatever has
    /// the focus (text, [`Browser::TAB`] and [`Browser::ENTER`] alike).
    #[track_caller]
    pub fn press(&self, keys: &str) {
        let mut actions = KeyActions::new("keyboard".to_string());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        let pressed = self.block_on(async {
            self.client().perform_actions(actions).await?;
            self.client().release_actions().await
        });
        if let Err(error) = pressed {
            self.fail("cannot press keys", error);
        }
    }

    /// The Tab key, for [`Browser::press`].
    pub const TAB: char = '\u{E004}';
    /// The Enter key, for [`Browser::press`].
    pub const ENTER: char = '\u{E007}';

    /// Presses Enter and waits for the page the keypress leads to.
    #[track_caller]
    pub fn press_enter_and_wait(&self) {
        let old_page = self.find("html");
        self.press(&Browser::ENTER.to_string());
        self.wait_for_new_page(&old_page, "Enter");
    }

    /// The `id` of the element that has the focus (empty when it has none).
    pub fn focused_id(&self) -> String {
        self.execute(
            "return document.activeElement ? (document.activeElement.id || '') : '';",
            Vec::new(),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Resizes the window (as [`PHONE`] or [`DESKTOP`]).
    #[track_caller]
    pub fn set_window(&self, (width, height): (u32, u32)) {
        if let Err(error) = self.block_on(self.client().set_window_size(width, height)) {
            self.fail(
                &format!("cannot resize the window to {width}×{height}"),
                error,
            );
        }
    }

    /// The width of the page's viewport in CSS pixels.
    pub fn viewport_width(&self) -> u64 {
        self.execute("return window.innerWidth;", Vec::new())
            .as_u64()
            .unwrap_or_default()
    }

    /// Saves a PNG of the viewport as `<target>/browser-artifacts/<name>.png` and answers its
    /// path.
    #[track_caller]
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .block_on(self.client().screenshot())
            .unwrap_or_else(|error| self.fail(&format!("no screenshot {name}"), error));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "the screenshot {name} is not a PNG"
        );
        let path = artifacts_folder().join(format!("{name}.png"));
        std::fs::write(&path, png)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        path
    }

    /// Forgets every cookie of the current site (the browser is then signed out there).
    pub fn delete_cookies(&self) {
        self.block_on(self.client().delete_all_cookies())
            .expect("cookies deleted");
    }

    /// The browser's cookies for the current site as a `Cookie` header value (HttpOnly ones
    /// too: WebDriver sees them).
    pub fn cookie_header(&self) -> String {
        let cookies = self
            .block_on(self.client().get_all_cookies())
            .expect("the cookies");
        cookies
            .iter()
            .map(|cookie| format!("{}={}", cookie.name(), cookie.value()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The form holding the element matching `inside`, as the browser would send it now: its
    /// absolute `action` and its fields urlencoded.
    #[track_caller]
    pub fn form_data(&self, inside: &str) -> (String, String) {
        let form = self.execute(
            r#"const element = document.querySelector(arguments[0]);
               if (!element) { return null; }
               const form = element.form || element.closest('form');
               if (!form) { return null; }
               return [form.action, new URLSearchParams(new FormData(form)).toString()];"#,
            vec![json!(inside)],
        );
        match form.as_array().map(Vec::as_slice) {
            Some([Value::String(action), Value::String(body)]) => (action.clone(), body.clone()),
            _ => self.fail(&format!("no form around `{inside}`"), form),
        }
    }

    /// Sends a request outside the page, with the browser's cookies and same-origin `Origin`,
    /// following no redirect: for what a page's Content-Security-Policy keeps scripts from
    /// checking (status codes, download headers). `body` is urlencoded form data.
    pub fn request(&self, method: &str, url: &str, body: Option<&str>) -> Answer {
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .timeout_global(Some(Duration::from_secs(30)))
                .build(),
        );
        // scheme://host:port, the part before the third slash.
        let origin: String = url.split('/').take(3).collect::<Vec<_>>().join("/");
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(url)
            .header("Cookie", self.cookie_header())
            .header("Origin", origin);
        if body.is_some() {
            request = request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        let request = request
            .body(body.unwrap_or_default().to_string())
            .expect("a request");
        let mut response = agent
            .run(request)
            .unwrap_or_else(|error| panic!("{method} {url} failed: {error}"));
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let content_type = header("content-type");
        let content_disposition = header("content-disposition");
        let location = header("location");
        Answer {
            status: response.status().as_u16(),
            content_type,
            content_disposition,
            location,
            body: response
                .body_mut()
                .read_to_string()
                .unwrap_or_else(|error| panic!("{method} {url}: unreadable body: {error}")),
        }
    }

    /// Submits the form holding the element matching `inside` with [`Browser::request`].
    #[track_caller]
    pub fn submit_outside(&self, inside: &str) -> Answer {
        let (action, body) = self.form_data(inside);
        self.request("POST", &action, Some(&body))
    }

    /// The temporary folder of this browser (its profile and chromedriver's log).
    pub fn folder(&self) -> &Path {
        self.folder.path()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // End the session so Chromium quits; the driver's drop kills whatever is left.
            let _ = self.runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
        }
    }
}

/// What [`Browser::request`] got back.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub content_disposition: String,
    pub location: String,
    pub body: String,
}

/// An XPath for a button, or a submit input, whose text is `label`, under the element that the
/// XPath `within` selects (the whole document when it is empty).
fn button_xpath(within: &str, label: &str) -> String {
    let label = xpath_literal(label);
    format!(
        "{within}//button[normalize-space()={label}] | {within}//input[(@type='submit' or @type='button') and @value={label}]"
    )
}

/// `text` as an XPath string literal (XPath 1 has no escapes: quotes pick the other kind).
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// A stand-in Stripe: every API call (`POST /v1/...`) answers one Stripe-shaped object whose
/// `url` is this server's own `/c/pay/cs_test_browser` (so a browser sent to Checkout or the
/// Portal lands here), and a `GET` of any other path answers a small HTML page whose `<h1>` is
/// "Stripe stand-in". It records each request line.
pub struct StripeStandIn {
    pub url: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl StripeStandIn {
    pub const CHECKOUT_PATH: &'static str = "/c/pay/cs_test_browser";

    pub fn start() -> StripeStandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let checkout = format!("{url}{}", StripeStandIn::CHECKOUT_PATH);
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut content_length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        content_length = value.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; content_length];
                let _ = reader.read_exact(&mut body);
                seen.lock().unwrap().push(request_line.trim().to_string());
                let (content_type, body) = if request_line.starts_with("GET /c/") {
                    (
                        "text/html; charset=utf-8",
                        "<!doctype html><html lang=\"en\"><title>Stripe stand-in</title><main><h1>Stripe stand-in</h1></main></html>".to_string(),
                    )
                } else {
                    (
                        "application/json",
                        json!({"id": "cs_test_browser", "object": "checkout.session", "url": checkout})
                            .to_string(),
                    )
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        StripeStandIn { url, requests }
    }

    /// Where the canned Checkout and Portal sessions send the browser.
    pub fn checkout_url(&self) -> String {
        format!("{}{}", self.url, StripeStandIn::CHECKOUT_PATH)
    }

    /// The request lines received so far (`POST /v1/checkout/sessions HTTP/1.1`, ...).
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

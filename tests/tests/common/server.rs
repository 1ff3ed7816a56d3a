//! The real `altloom-server` on a free loopback port with its own data folder, stopped when the
//! guard is dropped; the real `altloom` binary run in a clean environment pointed at it; and a
//! one-request stand-in server for answers no Altloom server would give.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The folder of the binaries cargo built (`target/debug`), found from this test executable.
fn binary_folder() -> PathBuf {
    let mut folder = std::env::current_exe().unwrap();
    folder.pop();
    if folder.ends_with("deps") {
        folder.pop();
    }
    folder
}

/// Builds both binaries once per test run, so the tests never drive a stale build.
fn build_binaries() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "-p",
                "altloom",
                "--bin",
                "altloom",
                "-p",
                "altloom-server",
                "--bin",
                "altloom-server",
            ])
            .status()
            .expect("cargo runs");
        assert!(
            status.success(),
            "building altloom and altloom-server failed"
        );
    });
}

/// The `altloom` binary.
pub fn altloom_binary() -> PathBuf {
    build_binaries();
    let binary = binary_folder().join("altloom");
    assert!(binary.is_file(), "no altloom at {}", binary.display());
    binary
}

/// The `altloom-server` binary.
pub fn server_binary() -> PathBuf {
    build_binaries();
    let binary = binary_folder().join("altloom-server");
    assert!(
        binary.is_file(),
        "no altloom-server at {}",
        binary.display()
    );
    binary
}

/// A loopback port nothing listens on (free when asked; the caller uses it right away).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `altloom-server`; dropping it kills the process.
pub struct ServerGuard {
    child: Child,
    pub url: String,
    log: PathBuf,
    _data: tempfile::TempDir,
}

impl ServerGuard {
    /// Starts `altloom-server serve` on a free port with SQLite in a temporary folder, and waits
    /// until `GET /readyz` answers 200.
    pub fn start() -> ServerGuard {
        ServerGuard::start_with(&[])
    }

    /// Like [`ServerGuard::start`], with extra environment variables (such as the AI model
    /// provider's `ALTLOOM_OPENAI_BASE_URL`).
    pub fn start_with(environment: &[(&str, &str)]) -> ServerGuard {
        let data = tempfile::tempdir().unwrap();
        let log = data.path().join("server.log");
        let port = free_port();
        let child = Command::new(server_binary())
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("ALTLOOM_DATA_DIR", data.path())
            .env("ALTLOOM_LOG", "warn")
            .envs(environment.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
            .stderr(Stdio::from(
                std::fs::OpenOptions::new().append(true).open(&log).unwrap(),
            ))
            .spawn()
            .expect("altloom-server starts");
        let mut server = ServerGuard {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            _data: data,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!(
                    "altloom-server exited ({status}) before it was ready:\n{}",
                    server.log()
                );
            }
            if get_status(port, "/readyz") == Some(200) {
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "altloom-server was not ready within 30 s:\n{}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What the server logged so far, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The status code of `GET path` on the loopback port, or `None` when nothing answers.
fn get_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line).ok()?;
    status_line.split_whitespace().nth(1)?.parse().ok()
}

/// Sends `POST path` with a JSON body and a bearer token to the server at `url` (an
/// `http://127.0.0.1:PORT` address), as a browser page would; answers the status code.
pub fn post_json(url: &str, path: &str, token: &str, body: &str) -> u16 {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\naltloom-api-version: 1\r\nAuthorization: Bearer {token}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line).unwrap();
    status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {status_line:?}"))
}

/// A stand-in server that answers every request with `response` (raw HTTP) until dropped.
pub struct CannedServer {
    pub url: String,
}

impl CannedServer {
    pub fn start(response: &'static str) -> CannedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                // Read the request head, then answer and close.
                let mut reader = BufReader::new(stream.try_clone().unwrap());
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
                let _ = stream.write_all(response.as_bytes());
            }
        });
        CannedServer { url }
    }
}

/// A person's (or CI's) machine: its own HOME and config folder, no D-Bus session (so no OS
/// keyring, as on a headless server), and the given API URL. Every run starts from a clean
/// environment.
pub struct Machine {
    pub folder: tempfile::TempDir,
    pub api_url: String,
    pub token: Option<String>,
}

impl Machine {
    pub fn new(api_url: &str) -> Machine {
        let folder = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(folder.path().join("home/.config")).unwrap();
        std::fs::create_dir_all(folder.path().join("in")).unwrap();
        Machine {
            folder,
            api_url: api_url.to_string(),
            token: None,
        }
    }

    /// A machine that uses `token` through ALTLOOM_TOKEN, as CI does.
    pub fn ci(api_url: &str, token: &str) -> Machine {
        let mut machine = Machine::new(api_url);
        machine.token = Some(token.to_string());
        machine
    }

    pub fn path(&self) -> &Path {
        self.folder.path()
    }

    /// The Altloom configuration folder (`$XDG_CONFIG_HOME/altloom`).
    pub fn config_folder(&self) -> PathBuf {
        self.path().join("home/.config/altloom")
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(altloom_binary());
        command
            .current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path().join("home"))
            .env("XDG_CONFIG_HOME", self.path().join("home/.config"))
            .env("XDG_CACHE_HOME", self.path().join("home/.cache"))
            // Nothing listens here, so the keyring fails fast, as on a headless machine, even
            // when the test runs on a desktop with a Secret Service.
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.path().join("no-bus").display()),
            )
            .env("XDG_RUNTIME_DIR", self.path().join("runtime"))
            .env("CI", "true")
            .env("NO_COLOR", "1")
            .env("ALTLOOM_API_URL", &self.api_url)
            .stdin(Stdio::null());
        if let Some(token) = &self.token {
            command.env("ALTLOOM_TOKEN", token);
        }
        command
    }

    /// Runs altloom with `arguments` and nothing on stdin.
    pub fn run(&self, arguments: &[&str]) -> Run {
        Run::from(
            self.command()
                .args(arguments)
                .output()
                .expect("altloom runs"),
        )
    }

    /// Runs altloom with `arguments` and `input` piped to stdin.
    pub fn run_with_input(&self, arguments: &[&str], input: &str) -> Run {
        let mut child = self
            .command()
            .args(arguments)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("altloom runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        Run::from(child.wait_with_output().unwrap())
    }

    /// The token `altloom login` stored in the credentials file for this machine's server.
    pub fn stored_token(&self) -> String {
        let text = std::fs::read_to_string(self.config_folder().join("credentials.toml"))
            .expect("a credentials file");
        text.lines()
            .find(|line| line.starts_with(&format!("\"{}\"", self.api_url)))
            .and_then(|line| line.split('"').nth(3))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no token for {} in:\n{text}", self.api_url))
    }

    /// Copies a shipped fixture into the machine's `in` folder.
    pub fn add_fixture(&self, name: &str) {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        std::fs::copy(&source, self.path().join("in").join(name)).unwrap();
    }
}

/// What one run of altloom did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().expect("altloom exited normally"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Panics with both streams unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code {} instead of {code}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "stdout is not the expected JSON ({error}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

//! Test harness: a real server on 127.0.0.1 with a free port, over a fresh SQLite file or a
//! fresh PostgreSQL database, and a small JSON client for calling it.

#![allow(dead_code)]

use std::time::Duration;

use altloom_server::config::Config;
use altloom_server::http::AppState;
use altloom_server::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test: a SQLite file in a temporary directory, or a PostgreSQL
/// database created in the server `ALTLOOM_TEST_POSTGRES_URL` names and dropped afterwards.
pub struct TestDatabase {
    pub url: String,
    _directory: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

/// The PostgreSQL server for tests. `scripts/test.sh` starts one and sets this; without it the
/// PostgreSQL tests fail with this message rather than pass without running.
pub fn postgres_admin_url() -> String {
    std::env::var("ALTLOOM_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "ALTLOOM_TEST_POSTGRES_URL is not set. The PostgreSQL tests need a server: run \
             `scripts/test.sh` (it starts one), or export \
             ALTLOOM_TEST_POSTGRES_URL=\"$(scripts/postgres.sh)\""
        )
    })
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let directory = tempfile::tempdir().unwrap();
                TestDatabase {
                    url: format!("sqlite://{}/altloom.db", directory.path().display()),
                    _directory: Some(directory),
                    postgres: None,
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!(
                    "altloom_test_{}",
                    altloom_server::secrets::new_id("db")
                        .trim_start_matches("db_")
                        .to_lowercase()
                );
                let mut admin = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|error| {
                        panic!("cannot reach PostgreSQL at the test URL: {error}")
                    });
                sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                let url = match admin_url.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => panic!("ALTLOOM_TEST_POSTGRES_URL must end with /DATABASE"),
                };
                TestDatabase {
                    url,
                    _directory: None,
                    postgres: Some((admin_url, name)),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.postgres.take() {
            // Drop runs outside async code, so the clean-up gets a small runtime of its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .execute(&mut admin)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A server running in this process.
pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    pub database: TestDatabase,
}

/// What a sign-up gave back.
#[derive(Clone, Debug)]
pub struct Account {
    pub token: String,
    pub user_id: String,
    pub workspace_id: String,
    pub email: String,
    pub password: String,
}

impl TestServer {
    /// Starts a server on `backend` with generous rate limits, a random site-vault key, and any
    /// `overrides` of the environment-style configuration (an empty value unsets a variable).
    pub async fn start(backend: Backend, overrides: &[(&str, &str)]) -> TestServer {
        TestServer::start_with(backend, overrides, |_| {}).await
    }

    /// Like [`TestServer::start`], with a last change to the state before it serves (a test's
    /// own client for site calls, say).
    pub async fn start_with(
        backend: Backend,
        overrides: &[(&str, &str)],
        adjust: impl FnOnce(&mut AppState),
    ) -> TestServer {
        let database = TestDatabase::new(backend).await;
        let mut variables: Vec<(String, String)> = vec![
            (
                "ALTLOOM_SECRET_KEY".into(),
                altloom_server::vault::SecretKey::generate().encode(),
            ),
            ("ALTLOOM_DATABASE_URL".into(), database.url.clone()),
            ("ALTLOOM_AUTH_RATE_PER_MINUTE".into(), "10000".into()),
            (
                "ALTLOOM_AUTH_ACCOUNT_RATE_PER_MINUTE".into(),
                "10000".into(),
            ),
            ("ALTLOOM_PUBLIC_URL".into(), "https://altloom.test".into()),
        ];
        for (name, value) in overrides {
            variables.retain(|(existing, _)| existing != name);
            variables.push((name.to_string(), value.to_string()));
        }
        let config = Config::from_environment(Some("127.0.0.1:0".into()), &|name| {
            variables
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
        .unwrap();
        let store = Store::connect(&config.database_url, 8).await.unwrap();
        store.migrate().await.unwrap();
        let mut state = AppState::new(store, config);
        adjust(&mut state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(altloom_server::serve_on(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        TestServer {
            base,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            state,
            shutdown: Some(shutdown),
            task: Some(task),
            database,
        }
    }

    /// Sends a request and answers the status and the JSON body (`Null` when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("altloom-api-version", "1");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        };
        (status, value)
    }

    pub async fn get(&self, path: impl AsRef<str>, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path.as_ref(), Some(token), None)
            .await
    }

    pub async fn post(
        &self,
        path: impl AsRef<str>,
        token: Option<&str>,
        body: Value,
    ) -> (StatusCode, Value) {
        self.call(Method::POST, path.as_ref(), token, Some(body))
            .await
    }

    /// Signs up `name` with a workspace of their own.
    pub async fn signup(&self, name: &str) -> Account {
        let email = format!("{}@example.com", name.to_lowercase());
        let password = format!("{name} correct horse battery");
        let (status, body) = self
            .post(
                "/v1/auth/signup",
                None,
                json!({"name": name, "email": email, "password": password,
                       "workspace_name": format!("{name}'s workspace")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        Account {
            token: body["token"].as_str().unwrap().to_string(),
            user_id: body["user"]["id"].as_str().unwrap().to_string(),
            workspace_id: body["workspaces"][0]["id"].as_str().unwrap().to_string(),
            email,
            password,
        }
    }

    /// Creates a workspace token in `workspace` with `scopes`, as `token`.
    pub async fn workspace_token(
        &self,
        token: &str,
        workspace: &str,
        scopes: &[&str],
    ) -> (String, String) {
        let (status, body) = self
            .post(
                &format!("/v1/workspaces/{workspace}/tokens"),
                Some(token),
                json!({"name": "ci", "scopes": scopes}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (
            body["token"].as_str().unwrap().to_string(),
            body["info"]["id"].as_str().unwrap().to_string(),
        )
    }

    /// Stops the server gracefully and checks it stopped cleanly.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let result = tokio::time::timeout(Duration::from_secs(10), task)
                .await
                .expect("server stops within 10 s");
            result.unwrap().unwrap();
        }
        self.state.store.close().await;
    }
}

/// A small job report that passes validation.
pub fn job_report(files: u64) -> Value {
    json!({
        "tool_version": "0.1.0",
        "command": "optimize",
        "started_at": "2026-12-04T10:00:00Z",
        "duration_ms": 1200,
        "files": files,
        "succeeded": files,
        "unchanged": 0,
        "failed": 0,
        "outputs_written": files * 2,
        "bytes_in": 1000 * files,
        "bytes_out": 600 * files,
        "formats": {"webp": files, "jpeg": files},
        "failures": []
    })
}

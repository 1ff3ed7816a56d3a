//! Secrets never reach the logs: the real server binary runs with JSON logs at the most verbose
//! level while a full flow uses passwords, user and workspace tokens, an invite, a device code
//! and a WordPress Application Password (added, released, re-checked, refused when wrong); then
//! the captured log is searched for every one of them and for the site vault's key.

mod wordpress_support;

use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;

struct Client {
    base: String,
    http: reqwest::Client,
}

impl Client {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, token, Some(body))
            .await
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_flow_leaves_no_secret_in_the_logs() {
    let directory = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_altloom-server"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env_clear()
        .env("ALTLOOM_DATA_DIR", directory.path())
        .env("ALTLOOM_LOG", "trace")
        .env("ALTLOOM_LOG_FORMAT", "json")
        .env("ALTLOOM_ALLOW_PRIVATE_SITES", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // The log is read while the server runs: at trace level the calls to the WordPress site
    // alone write more than a pipe holds, and a full pipe would stall the server.
    let mut stderr = server.stderr.take().unwrap();
    let collected = tokio::spawn(async move {
        let mut log = String::new();
        stderr.read_to_string(&mut log).await.map(|_| log)
    });
    let client = Client {
        base: format!("http://127.0.0.1:{port}"),
        http: reqwest::Client::new(),
    };
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(response) = client
            .http
            .get(format!("{}/readyz", client.base))
            .send()
            .await
        {
            ready = response.status() == StatusCode::OK;
            if ready {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the server did not become ready");

    let mut secrets: Vec<String> = Vec::new();
    let password = "Tr0ub4dor and three more words".to_string();
    let other_password = "another very long passphrase".to_string();
    secrets.push(password.clone());
    secrets.push(other_password.clone());

    let (status, ana) = client
        .post("/v1/auth/signup", None, json!({"name": "Ana", "email": "ana@example.com", "password": password, "workspace_name": "Ana Co"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ana}");
    let ana_token = ana["token"].as_str().unwrap().to_string();
    let workspace = ana["workspaces"][0]["id"].as_str().unwrap().to_string();
    secrets.push(ana_token.clone());
    let (_, ben) = client
        .post("/v1/auth/signup", None, json!({"name": "Ben", "email": "ben@example.com", "password": other_password, "workspace_name": "Ben Co"}))
        .await;
    let ben_token = ben["token"].as_str().unwrap().to_string();
    secrets.push(ben_token.clone());

    let (status, _) = client
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "ana@example.com", "password": "wrong guess of a password"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    secrets.push("wrong guess of a password".to_string());
    let (_, login) = client
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "ana@example.com", "password": password}),
        )
        .await;
    secrets.push(login["token"].as_str().unwrap().to_string());

    let (_, created) = client
        .post(
            &format!("/v1/workspaces/{workspace}/tokens"),
            Some(&ana_token),
            json!({"name": "ci"}),
        )
        .await;
    let ci_token = created["token"].as_str().unwrap().to_string();
    secrets.push(ci_token.clone());
    let (status, _) = client
        .post(
            &format!("/v1/workspaces/{workspace}/jobs"),
            Some(&ci_token),
            json!({"tool_version": "0.1.0", "command": "optimize", "started_at": "2026-12-04T10:00:00Z",
                   "duration_ms": 5, "files": 1, "succeeded": 1, "unchanged": 0, "failed": 0,
                   "outputs_written": 1, "bytes_in": 10, "bytes_out": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // A token sent in a query string is refused, and must not be logged either.
    let (status, _) = client
        .send(
            reqwest::Method::GET,
            &format!("/v1/me?access_token={ci_token}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The site vault: a wrong Application Password, the right one, its release, a new check.
    let site_password = "wXyZ 1234 aBcD 5678 eFgH 9012".to_string();
    let wrong_site_password = "nope NOPE nope NOPE nope NOPE".to_string();
    let wordpress = wordpress_support::FakeWordPress::start(
        wordpress_support::SiteSettings::editor(&site_password),
    )
    .await;
    secrets.push(site_password.clone());
    secrets.push(site_password.replace(' ', ""));
    secrets.push(wrong_site_password.clone());
    for password in [&site_password, &wrong_site_password] {
        // What a Basic authentication header to the site carries.
        secrets.push(base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("editor:{password}"),
        ));
    }
    let sites = format!("/v1/workspaces/{workspace}/sites");
    let (status, _) = client
        .post(
            &sites,
            Some(&ana_token),
            json!({"name": "blog", "url": wordpress.url, "username": "editor",
                   "application_password": wrong_site_password}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, site) = client
        .post(
            &sites,
            Some(&ana_token),
            json!({"name": "blog", "url": wordpress.url, "username": "editor",
                   "application_password": site_password}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");
    let (status, released) = client
        .post(
            &format!("{sites}/blog/credentials"),
            Some(&ci_token),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{released}");
    assert_eq!(released["application_password"], site_password.as_str());
    let (status, _) = client
        .post(&format!("{sites}/blog/test"), Some(&ana_token), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, invite) = client
        .post(
            &format!("/v1/workspaces/{workspace}/invites"),
            Some(&ana_token),
            json!({"role": "member"}),
        )
        .await;
    let invite_token = invite["token"].as_str().unwrap().to_string();
    secrets.push(invite_token.clone());
    let (status, _) = client
        .post(
            "/v1/invites/accept",
            Some(&ben_token),
            json!({"token": invite_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, device) = client.post("/v1/auth/device", None, json!({})).await;
    let device_code = device["device_code"].as_str().unwrap().to_string();
    secrets.push(device_code.clone());
    client
        .post(
            "/v1/auth/device/token",
            None,
            json!({"device_code": device_code}),
        )
        .await;
    client
        .post(
            "/v1/auth/device/approve",
            Some(&ana_token),
            json!({"user_code": device["user_code"]}),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (status, issued) = client
        .post(
            "/v1/auth/device/token",
            None,
            json!({"device_code": device_code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    secrets.push(issued["token"].as_str().unwrap().to_string());

    let (status, _) = client
        .send(
            reqwest::Method::GET,
            "/v1/account/export",
            Some(&ana_token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    client
        .send(
            reqwest::Method::POST,
            "/v1/auth/logout",
            Some(&ben_token),
            None,
        )
        .await;
    let (status, _) = client
        .send(
            reqwest::Method::DELETE,
            "/v1/account",
            Some(&ana_token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Stop gracefully (SIGTERM) and collect everything the server wrote.
    let pid = server.id().unwrap();
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    let log = collected.await.unwrap().unwrap();
    let exit = tokio::time::timeout(Duration::from_secs(10), server.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "server exit: {exit:?}\n{log}");
    // The site vault's key, from the key file the server made in its data directory.
    let key_file = std::fs::read_to_string(directory.path().join("secret-keys")).unwrap();
    let keys: Vec<String> = key_file
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect();
    assert_eq!(keys.len(), 1);
    secrets.extend(keys);

    let lines: Vec<Value> = log
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON log line: {line}"))
        })
        .collect();
    let requests = lines
        .iter()
        .filter(|line| line["message"] == "request")
        .count();
    assert!(
        requests >= 15,
        "expected an access-log line per request, found {requests}"
    );
    assert!(lines
        .iter()
        .any(|line| line["request_id"].is_string() || line["span"]["request_id"].is_string()));
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "the log contains the secret {}…",
            &secret[..6]
        );
        // Neither the part after a prefix, in case something trims it.
        let body = secret
            .split_once('_')
            .map(|(_, rest)| rest)
            .unwrap_or(secret);
        assert!(!log.contains(body), "the log contains part of a secret");
    }
    assert!(!log.contains("$argon2"), "the log contains a password hash");
}

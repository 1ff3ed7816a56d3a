//! The site vault through HTTP against a fake WordPress site: adding a site (checked against the
//! site first, every failure with its own code), the plan's site limit (also under concurrency),
//! the password encrypted at rest, its release with an audit record, the push ledger, export and
//! deletion; key rotation (with a key file through the real binary while the server runs, and
//! with `ALTLOOM_SECRET_KEY`); and the address guard, which refuses private addresses before
//! any connection is made, and when a public-looking site redirects or links to one.

mod common;
mod wordpress_support;

use altloom_server::site_guard::{self, AddressPolicy};
use altloom_server::vault::{self, site_associated_data, KeySource, SecretKey, Vault, VaultError};
use base64::Engine;
use common::{Backend, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;
use wordpress_support::{FakeWordPress, Listener, SiteSettings};

/// The Application Password the fake site accepts, in WordPress's groups of four.
const PASSWORD: &str = "abcd EFGH ijkl MNOP qrst UVWX";

fn code(body: &Value) -> &str {
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
}

fn add_body(name: &str, url: &str, password: &str) -> Value {
    json!({"name": name, "url": url, "username": "editor", "application_password": password})
}

/// A plans file whose free plan allows `sites` sites.
fn plans_file(sites: u64) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        file.path(),
        format!("[plans.free]\nai_credits = 10\nsites = {sites}\nmembers = 5\n"),
    )
    .unwrap();
    file
}

/// The sealed secrets as the database holds them: (site id, workspace id, key id, nonce,
/// ciphertext), read with a connection of the test's own.
async fn stored_secrets(server: &TestServer) -> Vec<(String, String, vault::SealedSecret)> {
    let mut connection = sqlx::AnyConnection::connect(&server.database.url)
        .await
        .unwrap();
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, workspace_id, secret_key_id, secret_nonce, secret_ciphertext FROM sites \
         ORDER BY id",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(id, workspace, key_id, nonce, ciphertext)| {
            (
                id,
                workspace,
                vault::SealedSecret {
                    key_id,
                    nonce,
                    ciphertext,
                },
            )
        })
        .collect()
}

/// Rows in `table`, counted with the test's own connection.
async fn count_rows(server: &TestServer, table: &str) -> i64 {
    let mut connection = sqlx::AnyConnection::connect(&server.database.url)
        .await
        .unwrap();
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut connection)
        .await
        .unwrap()
}

fn ledger_entry(hash: char, attachment_id: u64) -> Value {
    json!({
        "content_hash": hash.to_string().repeat(64),
        "attachment_id": attachment_id,
        "file_name": format!("photo-{hash}.webp"),
        "file_hash": "b".repeat(64),
        "mime_type": "image/webp",
        "metadata_hash": "c".repeat(64),
        "source_url": format!("https://example.com/wp-content/uploads/photo-{hash}.webp"),
        "pushed_at": "2026-12-04T10:00:00Z"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_vault_on_sqlite() {
    site_vault(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_vault_on_postgres() {
    site_vault(Backend::Postgres).await;
}

async fn site_vault(backend: Backend) {
    sqlx::any::install_default_drivers();
    let site = FakeWordPress::start(SiteSettings::editor(PASSWORD)).await;
    let server = TestServer::start(backend, &[("ALTLOOM_ALLOW_PRIVATE_SITES", "true")]).await;
    let ana = server.signup("Ana").await;
    let ben = server.signup("Ben").await;
    let workspace = &ana.workspace_id;
    let (_, invite) = server
        .post(
            format!("/v1/workspaces/{workspace}/invites"),
            Some(&ana.token),
            json!({"role": "member"}),
        )
        .await;
    let (status, _) = server
        .post(
            "/v1/invites/accept",
            Some(&ben.token),
            json!({"token": invite["token"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sites = format!("/v1/workspaces/{workspace}/sites");
    let client_a = format!("{sites}/client-a");

    // Requests that cannot be right are refused before the site is called.
    let before = site.requests();
    for (body, field) in [
        (add_body("Client A", &site.url, PASSWORD), "name"),
        (add_body("client-a", "ftp://example.com", PASSWORD), "ftp"),
        (add_body("client-a", "example.com", PASSWORD), "example.com"),
        (
            add_body("client-a", &site.url, "   "),
            "application_password",
        ),
        (
            json!({"name": "client-a", "url": site.url, "username": "", "application_password": PASSWORD}),
            "username",
        ),
    ] {
        let (status, answer) = server.post(&sites, Some(&ana.token), body).await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::BAD_REQUEST, "invalid_request"),
            "{answer}"
        );
        assert!(answer.to_string().contains(field), "{answer}");
    }
    assert_eq!(site.requests(), before, "nothing invalid reached the site");

    // What the site says decides, each failure with its own code; nothing is kept.
    let (status, answer) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("client-a", &site.url, "wrong pass word here"),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "site_rejected_credentials"
        ),
        "{answer}"
    );
    assert!(!answer.to_string().contains("wrong pass"), "{answer}");
    site.change(|settings| settings.can_upload = false);
    let (status, answer) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("client-a", &site.url, PASSWORD),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::UNPROCESSABLE_ENTITY, "site_cannot_upload"),
        "{answer}"
    );
    site.change(|settings| settings.can_upload = true);
    let not_wordpress = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let not_wordpress_url = format!("http://{}", not_wordpress.local_addr().unwrap());
    let plain = tokio::spawn(async move {
        let _ = axum::serve(not_wordpress, axum::Router::new()).await;
    });
    let (status, answer) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("client-a", &not_wordpress_url, PASSWORD),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::UNPROCESSABLE_ENTITY, "site_not_wordpress"),
        "{answer}"
    );
    plain.abort();
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let (status, answer) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("client-a", &format!("http://{closed}"), PASSWORD),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::BAD_GATEWAY, "site_unreachable"),
        "{answer}"
    );
    // A member cannot connect sites, and a token without the admin scope cannot either.
    let (status, answer) = server
        .post(
            &sites,
            Some(&ben.token),
            add_body("client-a", &site.url, PASSWORD),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let (push_token, _) = server
        .workspace_token(&ana.token, workspace, &["push"])
        .await;
    let (status, answer) = server
        .post(
            &sites,
            Some(&push_token),
            add_body("client-a", &site.url, PASSWORD),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::FORBIDDEN, "insufficient_scope")
    );
    assert_eq!(count_rows(&server, "sites").await, 0);

    // Connecting works, with what the site told.
    let (status, added) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("client-a", &format!("{}/", site.url), PASSWORD),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["name"], "client-a");
    assert_eq!(added["url"], site.url);
    assert_eq!(added["rest_url"], format!("{}/wp-json/", site.url));
    assert_eq!(added["username"], "editor");
    assert_eq!(added["wordpress_version"], "6.5.2");
    assert!(added["upload_types"]
        .as_array()
        .unwrap()
        .contains(&json!("image/avif")));
    assert!(!added.to_string().contains("abcd"), "{added}");
    let (status, list) = server.get(&sites, &ben.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["limit"], 1);
    assert_eq!(list["sites"], json!([added.clone()]));
    assert_eq!(server.get(&client_a, &push_token).await.1, added);
    let (status, answer) = server.get(format!("{sites}/nothing"), &ana.token).await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (_, usage) = server
        .get(format!("/v1/workspaces/{workspace}/usage"), &ana.token)
        .await;
    assert_eq!(usage["sites"], json!({"used": 1, "allowed": 1}), "{usage}");

    // The free plan allows one site.
    let (status, answer) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("client-b", &site.url, PASSWORD),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::PAYMENT_REQUIRED, "plan_limit"),
        "{answer}"
    );

    // At rest the password is AES-GCM ciphertext bound to its row: not the password, not its
    // base64, and not in the database's bytes.
    let stored = stored_secrets(&server).await;
    assert_eq!(stored.len(), 1);
    let (site_id, workspace_id, sealed) = &stored[0];
    assert_eq!(site_id, added["id"].as_str().unwrap());
    assert_eq!(sealed.key_id.len(), 8);
    let encoded = base64::engine::general_purpose::STANDARD.encode(PASSWORD);
    for column in [&sealed.nonce, &sealed.ciphertext] {
        assert!(!column.contains("abcd") && !column.contains(&encoded));
    }
    let server_vault = server.state.vault.as_ref().unwrap();
    assert_eq!(
        server_vault
            .open(sealed, &site_associated_data(workspace_id, site_id))
            .unwrap()
            .expose(),
        PASSWORD
    );
    assert!(matches!(
        server_vault.open(sealed, &site_associated_data(&ben.workspace_id, site_id)),
        Err(VaultError::Tampered { .. })
    ));
    if backend == Backend::Sqlite {
        let file = server
            .database
            .url
            .trim_start_matches("sqlite://")
            .to_string();
        for path in [file.clone(), format!("{file}-wal")] {
            if let Ok(bytes) = std::fs::read(&path) {
                assert!(
                    !bytes
                        .windows(PASSWORD.len())
                        .any(|window| window == PASSWORD.as_bytes()),
                    "{path} holds the password"
                );
            }
        }
    }

    // Credentials: released to members and push tokens, never to a token without the scope,
    // never cached, and every release recorded.
    let (jobs_token, _) = server
        .workspace_token(&ana.token, workspace, &["jobs"])
        .await;
    let (status, answer) = server
        .post(
            format!("{client_a}/credentials"),
            Some(&jobs_token),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::FORBIDDEN, "insufficient_scope")
    );
    for token in [&ana.token, &ben.token, &push_token] {
        let response = server
            .http
            .post(format!("{}{client_a}/credentials", server.base))
            .header("altloom-api-version", "1")
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["application_password"], PASSWORD);
        assert_eq!(body["username"], "editor");
        assert_eq!(body["site"], added);
    }
    let (status, answer) = server.get(format!("{client_a}/access"), &ben.token).await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let (status, access) = server.get(format!("{client_a}/access"), &ana.token).await;
    assert_eq!(status, StatusCode::OK, "{access}");
    let records = access["access"].as_array().unwrap();
    assert_eq!(records.len(), 3, "{access}");
    assert_eq!(records[0]["user_email"], ana.email);
    assert_eq!(records[0]["token_name"], "ci");
    assert_eq!(records[1]["user_email"], ben.email);
    assert_eq!(records[2]["user_email"], ana.email);
    assert!(records.iter().all(|record| record["ip"] == "127.0.0.1"));
    assert!(!access.to_string().contains("abcd"));

    // A new check refreshes what the site accepts, and notices a revoked password.
    site.change(|settings| settings.version = Some("6.1.1".to_string()));
    let (status, tested) = server
        .post(format!("{client_a}/test"), Some(&ben.token), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{tested}");
    assert_eq!(tested["wordpress_version"], "6.1.1");
    assert!(!tested["upload_types"]
        .as_array()
        .unwrap()
        .contains(&json!("image/avif")));
    site.change(|settings| settings.password = "revoked revoked revoked".to_string());
    let (status, answer) = server
        .post(format!("{client_a}/test"), Some(&ben.token), json!({}))
        .await;
    assert_eq!(
        (status, code(&answer)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "site_rejected_credentials"
        )
    );
    site.change(|settings| settings.password = PASSWORD.to_string());

    // The ledger: added, replaced by content hash, removed, all members may write it.
    let ledger = format!("{client_a}/ledger");
    assert_eq!(
        server.get(&ledger, &ben.token).await.1,
        json!({"entries": []})
    );
    let (status, _) = server
        .post(
            &ledger,
            Some(&push_token),
            json!({"upsert": [ledger_entry('e', 11), ledger_entry('a', 10)]}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, entries) = server.get(&ledger, &ana.token).await;
    assert_eq!(entries["entries"][0], ledger_entry('a', 10), "{entries}");
    assert_eq!(entries["entries"][1], ledger_entry('e', 11), "{entries}");
    let (status, _) = server
        .post(
            &ledger,
            Some(&ben.token),
            json!({"upsert": [ledger_entry('a', 42)], "remove": ["E".repeat(64)]}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, entries) = server.get(&ledger, &ana.token).await;
    assert_eq!(entries, json!({"entries": [ledger_entry('a', 42)]}));
    for bad in [
        json!({"upsert": [ledger_entry('a', 0)]}),
        json!({"remove": ["not-a-hash"]}),
        json!({"remove": vec!["a".repeat(64); 1_001]}),
        json!({"upsert": [ledger_entry('a', 1)], "remove": ["a".repeat(64)]}),
    ] {
        let (status, answer) = server.post(&ledger, Some(&ben.token), bad).await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::BAD_REQUEST, "invalid_request"),
            "{answer}"
        );
    }
    assert_eq!(
        server.get(&ledger, &ana.token).await.1["entries"][0]["attachment_id"],
        42
    );

    // The export holds the sites with their ledgers and the caller's own releases, never a
    // password.
    let (status, export) = server.get("/v1/account/export", &ana.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(export["sites"][0]["name"], "client-a");
    assert_eq!(export["sites"][0]["workspace_id"], *workspace);
    assert_eq!(export["sites"][0]["ledger"][0]["attachment_id"], 42);
    assert_eq!(export["site_access"].as_array().unwrap().len(), 2);
    assert!(
        export["user"]["email"].is_string(),
        "the shared fields stay"
    );
    assert!(!export.to_string().contains("abcd"), "{export}");

    // The audit trail (which holds client addresses) goes with the retention period; the site
    // and its ledger stay.
    let later = altloom_shared::time::Timestamp::now().plus_seconds(91 * 86_400);
    let pruned = altloom_server::retention::prune_once(&server.state, later)
        .await
        .unwrap();
    assert_eq!(pruned.site_access, 3);
    let (_, access) = server.get(format!("{client_a}/access"), &ana.token).await;
    assert_eq!(access, json!({"access": []}));
    assert_eq!(server.get(&client_a, &ana.token).await.0, StatusCode::OK);
    assert_eq!(count_rows(&server, "push_ledger").await, 1);

    // Removing the site takes its secret, ledger and audit trail; members cannot.
    let (status, _) = server
        .call(Method::DELETE, &client_a, Some(&ben.token), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call(Method::DELETE, &client_a, Some(&ana.token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.get(&client_a, &ana.token).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        server.get(&ledger, &ana.token).await.0,
        StatusCode::NOT_FOUND
    );
    for table in ["sites", "push_ledger", "site_access"] {
        assert_eq!(count_rows(&server, table).await, 0, "{table}");
    }

    // Deleting the account deletes the workspace it alone owned, and its sites with it.
    let (status, _) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("client-c", &site.url, PASSWORD),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    server
        .post(
            format!("{sites}/client-c/credentials"),
            Some(&ben.token),
            json!({}),
        )
        .await;
    let (status, _) = server
        .call(Method::DELETE, "/v1/account", Some(&ana.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    for table in ["sites", "push_ledger", "site_access"] {
        assert_eq!(count_rows(&server, table).await, 0, "{table}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_adds_never_pass_the_plan_limit_on_sqlite() {
    concurrent_adds(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_adds_never_pass_the_plan_limit_on_postgres() {
    concurrent_adds(Backend::Postgres).await;
}

/// With room for three sites, a taken name is a 409, and twelve adds at once leave exactly
/// three sites: every other add is a 402.
async fn concurrent_adds(backend: Backend) {
    sqlx::any::install_default_drivers();
    let plans = plans_file(3);
    let site = FakeWordPress::start(SiteSettings::editor(PASSWORD)).await;
    let server = std::sync::Arc::new(
        TestServer::start(
            backend,
            &[
                ("ALTLOOM_ALLOW_PRIVATE_SITES", "true"),
                ("ALTLOOM_PLANS_FILE", plans.path().to_str().unwrap()),
            ],
        )
        .await,
    );
    let ana = server.signup("Ana").await;
    let sites = format!("/v1/workspaces/{}/sites", ana.workspace_id);
    let (status, _) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("first", &site.url, PASSWORD),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, answer) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("first", &site.url, PASSWORD),
        )
        .await;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "conflict"));

    let adds = (0..12).map(|index| {
        let server = std::sync::Arc::clone(&server);
        let (sites, token, url) = (sites.clone(), ana.token.clone(), site.url.clone());
        tokio::spawn(async move {
            let (status, answer) = server
                .post(
                    &sites,
                    Some(&token),
                    add_body(&format!("site-{index}"), &url, PASSWORD),
                )
                .await;
            (status, answer)
        })
    });
    let mut created = 0;
    for add in adds.collect::<Vec<_>>() {
        let (status, answer) = add.await.unwrap();
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::PAYMENT_REQUIRED => assert_eq!(code(&answer), "plan_limit"),
            other => panic!("unexpected {other}: {answer}"),
        }
    }
    assert_eq!(created, 2, "three sites in all");
    assert_eq!(count_rows(&server, "sites").await, 3);
    let (_, list) = server.get(&sites, &ana.token).await;
    assert_eq!(list["sites"].as_array().unwrap().len(), 3);
    match std::sync::Arc::try_unwrap(server) {
        Ok(server) => server.stop().await,
        Err(_) => panic!("every add has finished"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_an_environment_key_on_sqlite() {
    environment_rotation(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_an_environment_key_on_postgres() {
    environment_rotation(Backend::Postgres).await;
}

/// `ALTLOOM_SECRET_KEY` rotation: with the new key current and the old one previous, every
/// secret moves to the new key; then the new key alone opens them all, the old one none. A
/// server that only has the old key answers with a clear error, not garbage or a panic.
async fn environment_rotation(backend: Backend) {
    sqlx::any::install_default_drivers();
    let old = SecretKey::generate();
    let new = SecretKey::generate();
    let plans = plans_file(3);
    let site = FakeWordPress::start(SiteSettings::editor(PASSWORD)).await;
    let server = TestServer::start(
        backend,
        &[
            ("ALTLOOM_ALLOW_PRIVATE_SITES", "true"),
            ("ALTLOOM_PLANS_FILE", plans.path().to_str().unwrap()),
            ("ALTLOOM_SECRET_KEY", &old.encode()),
        ],
    )
    .await;
    let ana = server.signup("Ana").await;
    let ben = server.signup("Ben").await;
    for (account, name) in [(&ana, "one"), (&ana, "two"), (&ben, "three")] {
        let (status, answer) = server
            .post(
                format!("/v1/workspaces/{}/sites", account.workspace_id),
                Some(&account.token),
                add_body(name, &site.url, PASSWORD),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let before = stored_secrets(&server).await;
    assert!(before
        .iter()
        .all(|(_, _, sealed)| sealed.key_id == old.id()));

    let source = KeySource::Environment {
        current: new.clone(),
        previous: vec![old.clone()],
    };
    let report = vault::rotate::rotate(&server.state.store, &source)
        .await
        .unwrap();
    assert_eq!(report.resealed, 3);
    assert_eq!(report.key_id, new.id());
    assert!(report.still_used.is_empty());
    assert!(report
        .to_string()
        .contains("ALTLOOM_SECRET_KEY_PREVIOUS can be removed"));

    let after = stored_secrets(&server).await;
    let only_new = Vault::from_keys(std::slice::from_ref(&new)).unwrap();
    let only_old = Vault::from_keys(std::slice::from_ref(&old)).unwrap();
    for ((site_id, workspace_id, sealed), (_, _, previous)) in after.iter().zip(&before) {
        assert_eq!(sealed.key_id, new.id());
        assert_ne!(sealed.nonce, previous.nonce);
        let row = site_associated_data(workspace_id, site_id);
        assert_eq!(only_new.open(sealed, &row).unwrap().expose(), PASSWORD);
        assert!(matches!(
            only_old.open(sealed, &row),
            Err(VaultError::UnknownKey { .. })
        ));
    }
    // A rotation without the old key cannot open anything, and changes nothing.
    let stranger = KeySource::Environment {
        current: SecretKey::generate(),
        previous: vec![],
    };
    let error = vault::rotate::rotate(&server.state.store, &stranger)
        .await
        .unwrap_err();
    assert!(error.to_string().contains(&new.id()), "{error}");
    assert_eq!(stored_secrets(&server).await, after);

    // This server still has only the old key: a clear error, which names no key material.
    let (status, answer) = server
        .post(
            format!("/v1/workspaces/{}/sites/one/credentials", ana.workspace_id),
            Some(&ana.token),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("secret key"),
        "{answer}"
    );
    assert!(!answer.to_string().contains(&new.encode()));
    server.stop().await;
}

/// `altloom-server rotate-key` with a key file, run as its own process while the server runs:
/// the file holds one new key afterwards, every secret is sealed with it, the running server
/// picks it up, and the old key is not needed any more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotate_key_with_a_key_file_while_the_server_runs() {
    sqlx::any::install_default_drivers();
    let folder = tempfile::tempdir().unwrap();
    let key_file = folder.path().join("keys/secret-keys");
    let plans = plans_file(3);
    let site = FakeWordPress::start(SiteSettings::editor(PASSWORD)).await;
    let server = TestServer::start(
        Backend::Sqlite,
        &[
            ("ALTLOOM_ALLOW_PRIVATE_SITES", "true"),
            ("ALTLOOM_PLANS_FILE", plans.path().to_str().unwrap()),
            ("ALTLOOM_SECRET_KEY", ""),
            ("ALTLOOM_SECRET_KEY_FILE", key_file.to_str().unwrap()),
        ],
    )
    .await;
    // The key file was made on start: private, one key.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let keys_in_file = || -> Vec<SecretKey> {
        std::fs::read_to_string(&key_file)
            .unwrap()
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| SecretKey::parse(line).unwrap())
            .collect()
    };
    let old = keys_in_file();
    assert_eq!(old.len(), 1);

    let ana = server.signup("Ana").await;
    let ben = server.signup("Ben").await;
    for (account, name) in [(&ana, "one"), (&ana, "two"), (&ben, "three")] {
        let (status, answer) = server
            .post(
                format!("/v1/workspaces/{}/sites", account.workspace_id),
                Some(&account.token),
                add_body(name, &site.url, PASSWORD),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let before = stored_secrets(&server).await;
    assert!(before
        .iter()
        .all(|(_, _, sealed)| sealed.key_id == old[0].id()));

    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_altloom-server"))
        .arg("rotate-key")
        .env_clear()
        .env("ALTLOOM_DATABASE_URL", &server.database.url)
        .env("ALTLOOM_SECRET_KEY_FILE", &key_file)
        .env("ALTLOOM_LOG", "warn")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("re-encrypted 3 site secret(s)"), "{stdout}");
    assert!(stdout.contains("only the new key"), "{stdout}");
    for key in &old {
        assert!(!stdout.contains(&key.encode()) && !stderr.contains(&key.encode()));
    }

    let new = keys_in_file();
    assert_eq!(new.len(), 1, "the old key is gone from the file");
    assert_ne!(new[0], old[0]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let after = stored_secrets(&server).await;
    let from_file = Vault::load(&KeySource::File(key_file.clone())).unwrap();
    let only_old = Vault::from_keys(&old).unwrap();
    for ((site_id, workspace_id, sealed), (_, _, previous)) in after.iter().zip(&before) {
        assert_eq!(sealed.key_id, new[0].id());
        assert_ne!(sealed.ciphertext, previous.ciphertext);
        let row = site_associated_data(workspace_id, site_id);
        assert_eq!(from_file.open(sealed, &row).unwrap().expose(), PASSWORD);
        assert!(only_old.open(sealed, &row).is_err());
    }

    // The running server re-reads the changed key file: it opens the re-sealed secrets and
    // seals new ones with the new key.
    let (status, credentials) = server
        .post(
            format!("/v1/workspaces/{}/sites/one/credentials", ana.workspace_id),
            Some(&ana.token),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{credentials}");
    assert_eq!(credentials["application_password"], PASSWORD);
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("/v1/workspaces/{}/sites/three", ben.workspace_id),
            Some(&ben.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server
        .post(
            format!("/v1/workspaces/{}/sites", ben.workspace_id),
            Some(&ben.token),
            add_body("four", &site.url, PASSWORD),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(stored_secrets(&server)
        .await
        .iter()
        .all(|(_, _, sealed)| sealed.key_id == new[0].id()));
    server.stop().await;
}

/// With private sites not allowed (the default), loopback, private and link-local addresses
/// are refused with `site_address_refused` before any connection: a listener on the loopback
/// address sees none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_addresses_are_refused_before_any_connection() {
    let listener = Listener::start("127.0.0.1").await.unwrap();
    let listener_v6 = Listener::start("[::1]").await;
    let port = listener.address.port();
    let port_v6 = listener_v6
        .as_ref()
        .map(|listener| listener.address.port())
        .unwrap_or(80);
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let ana = server.signup("Ana").await;
    let sites = format!("/v1/workspaces/{}/sites", ana.workspace_id);
    for url in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
        format!("http://[::1]:{port_v6}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://0x7f.1:{port}/"),
        format!("http://2130706433:{port}/"),
        "http://169.254.169.254/".to_string(),
        "http://10.0.0.1/".to_string(),
        "http://192.168.1.1/".to_string(),
        "http://[fd00::1]/".to_string(),
    ] {
        let (status, answer) = server
            .post(&sites, Some(&ana.token), add_body("probe", &url, PASSWORD))
            .await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::BAD_REQUEST, "site_address_refused"),
            "{url}: {answer}"
        );
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not a public internet address"),
            "{answer}"
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(listener.connections(), 0, "nothing connected to 127.0.0.1");
    if let Some(listener_v6) = &listener_v6 {
        assert_eq!(listener_v6.connections(), 0, "nothing connected to ::1");
    }
    assert_eq!(server.get(&sites, &ana.token).await.1["sites"], json!([]));
    server.stop().await;
}

/// A site that passes for public (a local server the guard is told to treat as public, reached
/// through a fixed DNS answer) redirects, or links its REST API, to a private address: refused
/// as `site_address_refused`, and no request reaches the private address. The same site with
/// no tricks can be added, so the set-up itself refuses nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_site_pointing_at_a_private_address_is_refused() {
    let target = Listener::start("127.0.0.1").await.unwrap();
    let site = FakeWordPress::start(SiteSettings::editor(PASSWORD)).await;
    let stand_in = site.address;
    let server = TestServer::start_with(Backend::Sqlite, &[], |state| {
        state.site_http = Some(
            site_guard::client_builder(AddressPolicy::new(false).with_stand_in(stand_in))
                .resolve("wordpress.example", stand_in)
                .build()
                .unwrap(),
        );
    })
    .await;
    let ana = server.signup("Ana").await;
    let sites = format!("/v1/workspaces/{}/sites", ana.workspace_id);
    let public_url = format!("http://wordpress.example:{}", stand_in.port());
    let private = target.address;

    /// How the site points away from itself.
    type Trick = Box<dyn Fn(&mut SiteSettings)>;
    let cases: [(&str, Trick); 2] = [
        (
            "a redirect to a loopback address",
            Box::new(move |settings| {
                settings.redirect_home_to = Some(format!("http://{private}/"))
            }),
        ),
        (
            "a redirect to a name of a loopback address",
            Box::new(move |settings| {
                settings.redirect_home_to = Some(format!("http://localhost:{}/", private.port()))
            }),
        ),
    ];
    for (case, change) in cases {
        site.change(change);
        let requests_before = site.requests();
        let (status, answer) = server
            .post(
                &sites,
                Some(&ana.token),
                add_body("probe", &public_url, PASSWORD),
            )
            .await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::BAD_REQUEST, "site_address_refused"),
            "{case}: {answer}"
        );
        assert!(
            site.requests() > requests_before,
            "{case}: the public-looking site was called"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert_eq!(
            target.bytes(),
            0,
            "{case}: no request reached the private address"
        );
    }
    // A REST API link to another origin is never followed (the password would go there): the
    // site's own `/wp-json/` is used, and the private address is never contacted.
    site.change(move |settings| {
        settings.redirect_home_to = None;
        settings.rest_link = Some(format!("http://{private}/wp-json/"));
    });
    let (status, answer) = server
        .post(
            &sites,
            Some(&ana.token),
            add_body("probe-link", &public_url, PASSWORD),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert!(
        answer["rest_url"]
            .as_str()
            .unwrap()
            .starts_with(&public_url),
        "{answer}"
    );
    // Redirects were refused before connecting.
    assert_eq!(target.connections(), 0);
    assert_eq!(target.bytes(), 0);

    server.stop().await;
}

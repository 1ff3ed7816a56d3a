//! The storage story, run the same way on SQLite and on PostgreSQL: accounts, log-in, tokens,
//! scopes, invites, roles, jobs, device log-in, retention, export and deletion, all through HTTP.

mod common;

use altloom_shared::time::Timestamp;
use common::{job_report, Backend, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_on_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_on_postgres() {
    story(Backend::Postgres).await;
}

fn code(body: &Value) -> &str {
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
}

async fn story(backend: Backend) {
    let server = TestServer::start(backend, &[]).await;
    let ana = server.signup("Ana").await;
    let ben = server.signup("Ben").await;

    // Sign-up rules: the same email (in another case) is taken; weak passwords are refused.
    let (status, body) = server
        .post(
            "/v1/auth/signup",
            None,
            json!({"name": "Ana 2", "email": " ANA@example.com", "password": "another good password",
                   "workspace_name": "x"}),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "email_taken"));
    let (status, body) = server
        .post(
            "/v1/auth/signup",
            None,
            json!({"name": "Cy", "email": "cy@example.com", "password": "short", "workspace_name": "x"}),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_request")
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("password"));

    // Log-in: wrong password and unknown email answer alike; the right one gives a new token.
    for (email, password) in [
        (ana.email.as_str(), "wrong password here"),
        ("nobody@example.com", "whatever at all"),
    ] {
        let (status, body) = server
            .post(
                "/v1/auth/login",
                None,
                json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNAUTHORIZED, "invalid_credentials")
        );
    }
    let (status, session) = server
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "Ana@Example.com", "password": ana.password, "token_name": "laptop"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let ana_laptop = session["token"].as_str().unwrap().to_string();
    assert_ne!(ana_laptop, ana.token);
    assert_eq!(session["token_info"]["name"], "laptop");
    assert_eq!(session["workspaces"][0]["id"], ana.workspace_id.as_str());

    // Who am I, with the token's last use recorded.
    let (status, me) = server.get("/v1/me", &ana_laptop).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["kind"], "user");
    assert_eq!(me["user"]["email"], "ana@example.com");
    assert!(me["token"]["last_used_at"].is_string());
    assert!(me.get("password_hash").is_none() && !me.to_string().contains("argon2"));

    // A workspace token for CI: limited to its workspace and scopes.
    let (ci_token, ci_token_id) = server
        .workspace_token(&ana.token, &ana.workspace_id, &["jobs"])
        .await;
    assert!(ci_token.starts_with("alt_"));
    let (status, me) = server.get("/v1/me", &ci_token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["kind"], "workspace");
    assert_eq!(me["workspaces"].as_array().unwrap().len(), 1);
    let jobs_path = format!("/v1/workspaces/{}/jobs", ana.workspace_id);
    let (status, job) = server
        .post(&jobs_path, Some(&ci_token), job_report(3))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{job}");
    assert_eq!(job["token_name"], "ci");
    assert_eq!(job["formats"]["webp"], 3);
    let (status, body) = server
        .get(
            &format!("/v1/workspaces/{}/tokens", ana.workspace_id),
            &ci_token,
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, "insufficient_scope")
    );
    let (status, body) = server
        .post(
            &format!("/v1/workspaces/{}/tokens", ana.workspace_id),
            Some(&ci_token),
            json!({"name": "escalate", "scopes": ["admin"]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = server
        .post("/v1/workspaces", Some(&ci_token), json!({"name": "sneaky"}))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));

    // Listing tokens shows the hint and last use, never the secret or its hash.
    let (status, list) = server
        .get(
            &format!("/v1/workspaces/{}/tokens", ana.workspace_id),
            &ana.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let listed = &list["tokens"][0];
    assert_eq!(listed["id"], ci_token_id.as_str());
    assert_eq!(listed["hint"], &ci_token[..8]);
    assert!(listed["last_used_at"].is_string());
    assert!(!list.to_string().contains(&ci_token[8..]));

    // Revoked: rejected at once, with a code that says so.
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("/v1/workspaces/{}/tokens/{ci_token_id}", ana.workspace_id),
            Some(&ana.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = server.get("/v1/me", &ci_token).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "token_revoked")
    );

    // Expired: a token whose time has passed is refused as expired.
    let expiring = altloom_server::secrets::new_api_token();
    server
        .state
        .store
        .insert_token(
            &altloom_server::store::NewToken {
                expires_at: Some(Timestamp::now().plus_seconds(-5)),
                ..altloom_server::store::NewToken::user_session(
                    &expiring.hash,
                    &expiring.hint,
                    "old",
                )
                .for_user(&ana.user_id)
            },
            Timestamp::now().plus_seconds(-100),
        )
        .await
        .unwrap();
    let (status, body) = server.get("/v1/me", &expiring.secret).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "token_expired")
    );
    let (status, body) = server.get("/v1/me", "alt_not-a-real-token").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );

    // Invites: Ben joins Ana's workspace as a member, once.
    let invites_path = format!("/v1/workspaces/{}/invites", ana.workspace_id);
    let (status, body) = server
        .post(&invites_path, Some(&ana.token), json!({"role": "owner"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, invite) = server
        .post(&invites_path, Some(&ana.token), json!({"role": "member"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invite}");
    let invite_token = invite["token"].as_str().unwrap().to_string();
    assert_eq!(
        invite["url"].as_str().unwrap(),
        format!("https://altloom.test/invite#{invite_token}")
    );
    let (status, joined) = server
        .post(
            "/v1/invites/accept",
            Some(&ben.token),
            json!({"token": invite_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["role"], "member");
    assert_eq!(joined["member_count"], 2);
    let (status, body) = server
        .post(
            "/v1/invites/accept",
            Some(&ben.token),
            json!({"token": invite_token}),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
    let (_, workspaces) = server.get("/v1/workspaces", &ben.token).await;
    assert_eq!(workspaces["workspaces"].as_array().unwrap().len(), 2);

    // Roles: a member reports jobs but cannot manage tokens; only owners touch owners; the last
    // owner cannot step down.
    let (status, _) = server
        .post(&jobs_path, Some(&ben.token), job_report(1))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = server
        .post(
            &format!("/v1/workspaces/{}/tokens", ana.workspace_id),
            Some(&ben.token),
            json!({"name": "mine"}),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let member_path = |user: &str| format!("/v1/workspaces/{}/members/{user}", ana.workspace_id);
    let (status, body) = server
        .call(
            Method::PATCH,
            &member_path(&ben.user_id),
            Some(&ana.token),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(
        (status, body["role"].as_str()),
        (StatusCode::OK, Some("admin"))
    );
    let (status, body) = server
        .call(
            Method::PATCH,
            &member_path(&ana.user_id),
            Some(&ben.token),
            Some(json!({"role": "member"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = server
        .call(
            Method::PATCH,
            &member_path(&ana.user_id),
            Some(&ana.token),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "conflict"));
    let (status, members) = server
        .get(
            &format!("/v1/workspaces/{}/members", ana.workspace_id),
            &ben.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(members["members"].as_array().unwrap().len(), 2);

    // Job history, newest first, paged.
    for files in 10..15 {
        server
            .post(&jobs_path, Some(&ana.token), job_report(files))
            .await;
    }
    let (status, page) = server
        .get(&format!("{jobs_path}?limit=4"), &ana.token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let first: Vec<u64> = page["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|job| job["files"].as_u64().unwrap())
        .collect();
    assert_eq!(first.len(), 4);
    let next = page["next_before"].as_str().unwrap();
    let (_, rest) = server
        .get(&format!("{jobs_path}?limit=100&before={next}"), &ana.token)
        .await;
    let rest: Vec<u64> = rest["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|job| job["files"].as_u64().unwrap())
        .collect();
    assert_eq!(first.len() + rest.len(), 7, "{first:?} {rest:?}");
    // Newest first, even for jobs reported within the same second.
    let all: Vec<u64> = first.iter().chain(rest.iter()).copied().collect();
    assert_eq!(all, vec![14, 13, 12, 11, 10, 1, 3]);
    let (status, _) = server
        .get(&format!("{jobs_path}?limit=0"), &ana.token)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Device log-in: pending, too fast, approved, issued once.
    let (status, device) = server
        .post("/v1/auth/device", None, json!({"token_name": "tablet"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{device}");
    let device_code = device["device_code"].as_str().unwrap().to_string();
    let poll = || {
        server.post(
            "/v1/auth/device/token",
            None,
            json!({"device_code": device_code}),
        )
    };
    let (status, body) = poll().await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "authorization_pending")
    );
    let (status, body) = poll().await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "slow_down")
    );
    let (status, _) = server
        .post(
            "/v1/auth/device/approve",
            Some(&ana.token),
            json!({"user_code": device["user_code"].as_str().unwrap().to_lowercase()}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, issued) = poll().await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert_eq!(issued["user"]["id"], ana.user_id.as_str());
    assert_eq!(issued["token_info"]["name"], "tablet");
    let (status, body) = poll().await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "expired_code")
    );
    let (status, _) = server
        .get("/v1/me", issued["token"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);

    // Log-out revokes only the calling token.
    let (status, _) = server
        .call(Method::POST, "/v1/auth/logout", Some(&ana_laptop), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.get("/v1/me", &ana_laptop).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(server.get("/v1/me", &ana.token).await.0, StatusCode::OK);

    // Export: everything about Ana, no secrets.
    let (status, export) = server.get("/v1/account/export", &ana.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(export["user"]["email"], "ana@example.com");
    assert_eq!(export["jobs"].as_array().unwrap().len(), 6);
    assert_eq!(export["invites"].as_array().unwrap().len(), 1);
    assert!(export["tokens"].as_array().unwrap().len() >= 4);
    let text = export.to_string();
    for secret in [&ana.token, &ana.password, &invite_token, &ci_token] {
        assert!(!text.contains(secret.as_str()));
    }
    assert!(!text.contains("argon2"));

    // Retention: a pass as of 91 days from now removes the jobs, not the accounts.
    let counts = altloom_server::retention::prune_once(
        &server.state,
        Timestamp::now().plus_seconds(91 * 86_400),
    )
    .await
    .unwrap();
    assert_eq!(counts.jobs, 7);
    let (_, page) = server.get(&jobs_path, &ana.token).await;
    assert!(page["jobs"].as_array().unwrap().is_empty());
    assert_eq!(server.get("/v1/me", &ana.token).await.0, StatusCode::OK);

    // Deletion: Ben leaves Ana's workspace and loses his own; Ana's workspace lives on.
    let (status, deletion) = server
        .call(Method::DELETE, "/v1/account", Some(&ben.token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{deletion}");
    assert_eq!(deletion["deleted_workspaces"], json!([ben.workspace_id]));
    assert_eq!(deletion["left_workspaces"], json!([ana.workspace_id]));
    assert_eq!(
        server.get("/v1/me", &ben.token).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = server
        .post(
            "/v1/auth/login",
            None,
            json!({"email": ben.email, "password": ben.password}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, workspace) = server
        .get(&format!("/v1/workspaces/{}", ana.workspace_id), &ana.token)
        .await;
    assert_eq!(workspace["member_count"], 1);
    let (status, deletion) = server
        .call(Method::DELETE, "/v1/account", Some(&ana.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(deletion["deleted_workspaces"], json!([ana.workspace_id]));

    server.stop().await;
}

//! Workspaces are isolated: every endpoint that takes a workspace id, called with another
//! workspace's ids (and with the caller's own workspace but another's object ids), answers 404
//! or 403, leaks none of the other workspace's data, and changes nothing there.
//!
//! The endpoints come from the OpenAPI document, so a new endpoint without a case here fails.

mod common;
mod wordpress_support;

use common::{job_report, Backend, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use wordpress_support::{FakeWordPress, SiteSettings};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspaces_are_isolated_on_sqlite() {
    isolation(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspaces_are_isolated_on_postgres() {
    isolation(Backend::Postgres).await;
}

/// The ids of one workspace's things.
struct Things {
    workspace: String,
    user: String,
    token: String,
    invite: String,
    job: String,
    reservation: String,
    site: String,
}

/// Ben's WordPress Application Password, which no answer to Ana may contain.
const BENS_SITE_PASSWORD: &str = "bens SITE pass word 2024";

fn body_for(method: &Method, template: &str) -> Option<Value> {
    match (method.as_str(), template) {
        ("POST", "/v1/workspaces/{workspace}/invites") => Some(json!({"role": "member"})),
        ("POST", "/v1/workspaces/{workspace}/tokens") => Some(json!({"name": "probe"})),
        ("POST", "/v1/workspaces/{workspace}/jobs") => Some(job_report(1)),
        ("PATCH", "/v1/workspaces/{workspace}/members/{user}") => Some(json!({"role": "admin"})),
        ("POST", "/v1/workspaces/{workspace}/usage/reservations") => Some(json!({"credits": 1})),
        ("POST", "/v1/workspaces/{workspace}/alt-text") => Some(json!({
            "image": {"media_type": "image/jpeg", "data_base64": "/9j/"}
        })),
        ("POST", "/v1/workspaces/{workspace}/usage/reservations/{reservation}/commit") => {
            Some(json!({"used": 1}))
        }
        ("POST", "/v1/workspaces/{workspace}/billing/checkout") => Some(json!({"plan": "pro"})),
        ("POST", "/v1/workspaces/{workspace}/billing/portal") => None,
        ("POST", "/v1/workspaces/{workspace}/sites") => Some(json!({
            "name": "probe", "url": "http://127.0.0.1:9", "username": "editor",
            "application_password": "probe probe probe"
        })),
        ("POST", "/v1/workspaces/{workspace}/sites/{site}/test") => None,
        ("POST", "/v1/workspaces/{workspace}/sites/{site}/credentials") => None,
        ("POST", "/v1/workspaces/{workspace}/sites/{site}/ledger") => Some(json!({
            "upsert": [{
                "content_hash": "a".repeat(64), "attachment_id": 1, "file_name": "probe.jpg",
                "file_hash": "b".repeat(64), "mime_type": "image/jpeg",
                "metadata_hash": "c".repeat(64), "pushed_at": "2026-12-04T10:00:00Z"
            }],
            "remove": ["d".repeat(64)]
        })),
        ("GET" | "DELETE", _) => None,
        other => panic!("no isolation case for {other:?}; add one"),
    }
}

fn fill(template: &str, workspace: &str, objects: &Things) -> String {
    template
        .replace("{workspace}", workspace)
        .replace("{user}", &objects.user)
        .replace("{token}", &objects.token)
        .replace("{invite}", &objects.invite)
        .replace("{job}", &objects.job)
        .replace("{reservation}", &objects.reservation)
        .replace("{site}", &objects.site)
}

async fn isolation(backend: Backend) {
    let wordpress = FakeWordPress::start(SiteSettings::editor(BENS_SITE_PASSWORD)).await;
    let server = TestServer::start(backend, &[("ALTLOOM_ALLOW_PRIVATE_SITES", "true")]).await;
    let ana = server.signup("Ana").await;
    let ben = server.signup("Ben").await;
    let (ana_ci, _) = server
        .workspace_token(
            &ana.token,
            &ana.workspace_id,
            &["jobs", "alt_text", "push", "admin"],
        )
        .await;
    let (ben_ci, ben_token_id) = server
        .workspace_token(&ben.token, &ben.workspace_id, &["jobs"])
        .await;
    let (_, invite) = server
        .post(
            &format!("/v1/workspaces/{}/invites", ben.workspace_id),
            Some(&ben.token),
            json!({"role": "member"}),
        )
        .await;
    let (_, job) = server
        .post(
            &format!("/v1/workspaces/{}/jobs", ben.workspace_id),
            Some(&ben.token),
            job_report(2),
        )
        .await;
    let (status, reservation) = server
        .post(
            &format!("/v1/workspaces/{}/usage/reservations", ben.workspace_id),
            Some(&ben.token),
            json!({"credits": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reservation}");
    let (status, site) = server
        .post(
            &format!("/v1/workspaces/{}/sites", ben.workspace_id),
            Some(&ben.token),
            json!({"name": "bens-site", "url": wordpress.url, "username": "editor",
                   "application_password": BENS_SITE_PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");
    let (status, _) = server
        .post(
            &format!("/v1/workspaces/{}/sites/bens-site/ledger", ben.workspace_id),
            Some(&ben.token),
            json!({"upsert": [{
                "content_hash": "e".repeat(64), "attachment_id": 77, "file_name": "ben.jpg",
                "file_hash": "f".repeat(64), "mime_type": "image/jpeg",
                "metadata_hash": "f".repeat(64), "pushed_at": "2026-12-04T10:00:00Z"
            }]}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let bens = Things {
        site: "bens-site".to_string(),
        reservation: reservation["id"].as_str().unwrap().to_string(),
        workspace: ben.workspace_id.clone(),
        user: ben.user_id.clone(),
        token: ben_token_id.clone(),
        invite: invite["invite"]["id"].as_str().unwrap().to_string(),
        job: job["id"].as_str().unwrap().to_string(),
    };
    // Anything of Ben's that must never appear in an answer to Ana.
    let bens_data = [
        ben.email.clone(),
        "Ben's workspace".to_string(),
        bens.job.clone(),
        bens.invite.clone(),
        bens.reservation.clone(),
        ben_token_id.clone(),
        ben_ci[..8].to_string(),
        "bens-site".to_string(),
        site["id"].as_str().unwrap().to_string(),
        BENS_SITE_PASSWORD.to_string(),
        "e".repeat(64),
    ];

    let document = altloom_server::http::openapi_document();
    let mut cases = 0;
    for (template, item) in &document.paths.paths {
        if !template.contains("{workspace}") {
            continue;
        }
        let methods = [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PATCH, item.patch.is_some()),
            (Method::DELETE, item.delete.is_some()),
            (Method::PUT, item.put.is_some()),
        ];
        for (method, present) in methods {
            if !present {
                continue;
            }
            let body = body_for(&method, template);
            let has_object = template.matches('{').count() > 1;
            // Ben's workspace with Ben's objects; and, where the path names an object, Ana's own
            // workspace with Ben's object ids.
            let mut paths = vec![fill(template, &bens.workspace, &bens)];
            if has_object {
                paths.push(fill(template, &ana.workspace_id, &bens));
            }
            for path in paths {
                for token in [&ana.token, &ana_ci] {
                    let (status, answer) = server
                        .call(method.clone(), &path, Some(token), body.clone())
                        .await;
                    assert!(
                        status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
                        "{method} {path} answered {status}: {answer}"
                    );
                    let text = answer.to_string();
                    for secret in &bens_data {
                        assert!(
                            !text.contains(secret.as_str()),
                            "{method} {path} leaked {secret}: {text}"
                        );
                    }
                    cases += 1;
                }
            }
        }
    }
    assert!(cases >= 30, "only {cases} cross-workspace calls were made");

    // Ana's own views hold nothing of Ben's.
    for path in ["/v1/me", "/v1/workspaces", "/v1/account/export"] {
        let (status, answer) = server.get(path, &ana.token).await;
        assert_eq!(status, StatusCode::OK);
        for secret in &bens_data {
            assert!(
                !answer.to_string().contains(secret.as_str()),
                "{path} leaked {secret}"
            );
        }
    }

    // Nothing of Ben's changed.
    assert_eq!(server.get("/v1/me", &ben_ci).await.0, StatusCode::OK);
    let (_, members) = server
        .get(
            &format!("/v1/workspaces/{}/members", ben.workspace_id),
            &ben.token,
        )
        .await;
    assert_eq!(members["members"].as_array().unwrap().len(), 1);
    assert_eq!(members["members"][0]["role"], "owner");
    let (_, invites) = server
        .get(
            &format!("/v1/workspaces/{}/invites", ben.workspace_id),
            &ben.token,
        )
        .await;
    assert_eq!(invites["invites"].as_array().unwrap().len(), 1);
    let (status, _) = server
        .get(
            &format!("/v1/workspaces/{}/jobs/{}", ben.workspace_id, bens.job),
            &ben.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, jobs) = server
        .get(
            &format!("/v1/workspaces/{}/jobs", ben.workspace_id),
            &ben.token,
        )
        .await;
    assert_eq!(jobs["jobs"].as_array().unwrap().len(), 1);
    let (_, tokens) = server
        .get(
            &format!("/v1/workspaces/{}/tokens", ben.workspace_id),
            &ben.token,
        )
        .await;
    assert!(tokens["tokens"][0]["revoked_at"].is_null());
    let (_, usage) = server
        .get(
            &format!("/v1/workspaces/{}/usage", ben.workspace_id),
            &ben.token,
        )
        .await;
    assert_eq!(usage["credits"]["reserved"], 2, "{usage}");
    assert_eq!(usage["credits"]["used"], 0, "{usage}");
    // Ben's site is intact: same facts, its one ledger entry, and no password released.
    let bens_site = format!("/v1/workspaces/{}/sites/bens-site", ben.workspace_id);
    let (status, now) = server.get(&bens_site, &ben.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(now, site);
    let (_, ledger) = server.get(format!("{bens_site}/ledger"), &ben.token).await;
    assert_eq!(ledger["entries"].as_array().unwrap().len(), 1, "{ledger}");
    assert_eq!(ledger["entries"][0]["attachment_id"], 77);
    let (_, access) = server.get(format!("{bens_site}/access"), &ben.token).await;
    assert_eq!(access, json!({"access": []}));

    server.stop().await;
}

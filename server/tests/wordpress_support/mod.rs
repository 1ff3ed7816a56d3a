//! A fake WordPress site for the server's tests, as a small axum server on 127.0.0.1: the home
//! page with the REST API's `Link` header and a generator tag, the REST index, and
//! `wp/v2/users/me?context=edit` behind Basic authentication with one user and one Application
//! Password (spaces ignored, as WordPress does). Its user, password, version and capabilities can
//! change while it runs; it counts the requests it answers.
//!
//! Beside it, [`Listener`] is a bare TCP listener that only counts connections and bytes: the
//! address guard's tests point refused addresses at it to show nothing reached it.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde_json::json;
use tokio::io::AsyncReadExt;

/// What the fake site says about itself and its one user.
#[derive(Clone, Debug)]
pub struct SiteSettings {
    pub username: String,
    pub password: String,
    /// The version in the home page's generator tag; `None` hides it.
    pub version: Option<String>,
    /// Whether the user has `upload_files` (false: a subscriber).
    pub can_upload: bool,
    /// When set, the home page answers 302 to this address instead.
    pub redirect_home_to: Option<String>,
    /// When set, the home page's `Link` header names this REST root instead of its own.
    pub rest_link: Option<String>,
}

impl SiteSettings {
    /// An editor `editor` with the given Application Password on WordPress 6.5.2.
    pub fn editor(password: &str) -> SiteSettings {
        SiteSettings {
            username: "editor".to_string(),
            password: password.to_string(),
            version: Some("6.5.2".to_string()),
            can_upload: true,
            redirect_home_to: None,
            rest_link: None,
        }
    }
}

struct Shared {
    settings: Mutex<SiteSettings>,
    base: String,
    requests: AtomicUsize,
}

/// A running fake site.
pub struct FakeWordPress {
    pub url: String,
    pub address: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeWordPress {
    pub async fn start(settings: SiteSettings) -> FakeWordPress {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let url = format!("http://{address}");
        let shared = Arc::new(Shared {
            settings: Mutex::new(settings),
            base: url.clone(),
            requests: AtomicUsize::new(0),
        });
        let app = Router::new()
            .route("/", get(home))
            .route("/wp-json/", get(index))
            .route("/wp-json/wp/v2/users/me", get(me))
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeWordPress {
            url,
            address,
            shared,
            task,
        }
    }

    /// Changes what the site says from now on.
    pub fn change(&self, change: impl FnOnce(&mut SiteSettings)) {
        change(&mut self.shared.settings.lock().unwrap());
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }
}

impl Drop for FakeWordPress {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn home(State(shared): State<Arc<Shared>>) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let settings = shared.settings.lock().unwrap().clone();
    if let Some(target) = settings.redirect_home_to {
        return (StatusCode::FOUND, [(header::LOCATION, target)]).into_response();
    }
    let link = settings
        .rest_link
        .unwrap_or_else(|| format!("{}/wp-json/", shared.base));
    let generator = settings
        .version
        .map(|version| format!("<meta name=\"generator\" content=\"WordPress {version}\" />"))
        .unwrap_or_default();
    (
        [(
            header::LINK,
            format!("<{link}>; rel=\"https://api.w.org/\""),
        )],
        axum::response::Html(format!(
            "<!doctype html><html><head>{generator}</head><body>A site</body></html>"
        )),
    )
        .into_response()
}

async fn index(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    Json(json!({
        "name": "A site",
        "url": shared.base,
        "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"],
    }))
}

async fn me(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let settings = shared.settings.lock().unwrap().clone();
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let without_spaces = |text: &str| text.replace(' ', "");
    let authorised = given
        .as_deref()
        .and_then(|text| text.split_once(':'))
        .is_some_and(|(username, password)| {
            username == settings.username
                && without_spaces(password) == without_spaces(&settings.password)
        });
    if !authorised {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({
                "code": "incorrect_password",
                "message": "The provided password is an invalid application password.",
                "data": {"status": 401}
            })),
        )
            .into_response();
    }
    let roles = if settings.can_upload {
        vec!["editor"]
    } else {
        vec!["subscriber"]
    };
    Json(json!({
        "id": 2,
        "name": "Eddie Editor",
        "roles": roles,
        "capabilities": {
            "read": true,
            "upload_files": settings.can_upload,
            "edit_posts": settings.can_upload,
            "edit_others_posts": settings.can_upload,
        }
    }))
    .into_response()
}

/// A TCP listener that accepts and counts connections and the bytes sent on them, and never
/// answers.
pub struct Listener {
    pub address: SocketAddr,
    connections: Arc<AtomicUsize>,
    bytes: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Listener {
    /// Listens on `host` (such as `127.0.0.1` or `[::1]`) and a free port; `None` when that
    /// address cannot be bound here (no IPv6, say).
    pub async fn start(host: &str) -> Option<Listener> {
        let listener = tokio::net::TcpListener::bind(format!("{host}:0"))
            .await
            .ok()?;
        let address = listener.local_addr().ok()?;
        let connections = Arc::new(AtomicUsize::new(0));
        let bytes = Arc::new(AtomicUsize::new(0));
        let (counted_connections, counted_bytes) = (Arc::clone(&connections), Arc::clone(&bytes));
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                counted_connections.fetch_add(1, Ordering::SeqCst);
                let counted_bytes = Arc::clone(&counted_bytes);
                tokio::spawn(async move {
                    let mut buffer = [0u8; 4096];
                    while let Ok(read) = stream.read(&mut buffer).await {
                        if read == 0 {
                            break;
                        }
                        counted_bytes.fetch_add(read, Ordering::SeqCst);
                    }
                });
            }
        });
        Some(Listener {
            address,
            connections,
            bytes,
            task,
        })
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::SeqCst)
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

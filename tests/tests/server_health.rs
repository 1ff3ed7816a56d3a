//! The server answers `/healthz` with the shared `Health` type, and shuts down gracefully.

use altloom_shared::health::Health;
use std::io::{Read, Write};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_with_the_shared_type_and_shutdown_is_graceful() {
    let directory = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/altloom.db", directory.path().display());
    let config = altloom_server::config::Config::from_environment(None, &|name| {
        (name == "ALTLOOM_DATABASE_URL").then(|| database_url.clone())
    })
    .unwrap();
    let store = altloom_server::open_store(&config).await.unwrap();
    let state = altloom_server::http::AppState::new(store, config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(altloom_server::serve_on(listener, state, async {
        let _ = stopped.await;
    }));

    let response = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    })
    .await
    .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let body = response.split("\r\n\r\n").nth(1).unwrap();
    let health: Health = serde_json::from_str(body).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));

    stop.send(()).unwrap();
    let result = tokio::time::timeout(std::time::Duration::from_secs(5), server).await;
    assert!(
        matches!(result, Ok(Ok(Ok(())))),
        "server stops cleanly: {result:?}"
    );
}

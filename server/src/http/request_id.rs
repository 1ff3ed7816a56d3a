//! The id of the request being handled, available anywhere in its task so error bodies and
//! log lines can carry it without threading it through every call.

use crate::secrets::new_id;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The current request's id, when called while a request is being handled.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(|id| id.clone()).ok()
}

/// Runs `future` with `id` as the current request id.
pub async fn scope<F: std::future::Future>(id: String, future: F) -> F::Output {
    REQUEST_ID.scope(id, future).await
}

/// Keeps a caller-supplied id when it is short and plain, so a proxy's id can be followed
/// through; otherwise makes a new one.
pub fn accept_or_generate(incoming: Option<&str>) -> String {
    match incoming {
        Some(id)
            if !id.is_empty()
                && id.len() <= 64
                && id.bytes().all(|byte| {
                    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')
                }) =>
        {
            id.to_string()
        }
        _ => new_id("req"),
    }
}

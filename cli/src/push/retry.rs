//! Retrying calls to a WordPress site that fail for a moment (a timeout, a 5xx, a 429), with
//! doubling waits; shared by the push and the library fill.

use std::future::Future;
use std::time::Duration;

use altloom_shared::wordpress::WordPressError;

/// How often a call to the site is tried when it fails for a moment (a timeout, a 5xx, a 429).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Tries in all (1: no retry).
    pub attempts: u32,
    /// The wait before the second try; it doubles after each further failure.
    pub first_wait: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 4,
            first_wait: Duration::from_secs(1),
        }
    }
}

impl Retry {
    /// Runs `call` until it succeeds, fails in a way that waiting cannot fix, or the tries run
    /// out; the last error is returned.
    pub async fn run<T, F, Fut>(&self, mut call: F) -> Result<T, WordPressError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, WordPressError>>,
    {
        let mut wait = self.first_wait;
        for attempt in 1.. {
            match call().await {
                Err(error) if error.is_transient() && attempt < self.attempts.max(1) => {
                    tokio::time::sleep(wait).await;
                    wait = wait.saturating_mul(2);
                }
                result => return result,
            }
        }
        unreachable!("the loop returns on its last attempt")
    }
}

/// Failures after which no other attachment can be written either: the credentials stopped
/// working, or the user's role may not upload or edit media.
pub fn stops_the_site(error: &WordPressError) -> bool {
    matches!(
        error,
        WordPressError::RejectedCredentials { .. } | WordPressError::NotAllowed { .. }
    )
}

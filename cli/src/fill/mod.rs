//! Filling in the text missing from a WordPress media library, without printing.
//!
//! [`select`] pages through the site's images and picks those without alt text; [`run`]
//! downloads a mid-size rendition of each, has it described by the AI metadata machinery
//! (`crate::alt`), and writes the text to the site or into a review file ([`review_file`]);
//! [`write`] decides, from what is on the site at that moment, which fields may be written to one
//! attachment, so a fill and a later `wp apply` of a review file keep a person's text the same
//! way. Everything is reported through traits the command layer implements.

pub mod review_file;
pub mod run;
pub mod select;
pub mod write;

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
/// working, or the user's role may not edit the media library.
pub fn stops_the_site(error: &WordPressError) -> bool {
    matches!(
        error,
        WordPressError::RejectedCredentials { .. } | WordPressError::NotAllowed { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn failure(status: u16) -> WordPressError {
        WordPressError::Failed {
            url: "https://example.com".into(),
            status,
            code: String::new(),
            message: "m".into(),
        }
    }

    #[test]
    fn transient_failures_are_tried_again_and_others_are_not() {
        let runtime = crate::api::runtime().unwrap();
        let retry = Retry {
            attempts: 3,
            first_wait: Duration::from_millis(1),
        };
        let calls = Cell::new(0);
        let result: Result<u32, _> = runtime.block_on(retry.run(|| {
            calls.set(calls.get() + 1);
            let call = calls.get();
            async move {
                if call < 3 {
                    Err(failure(503))
                } else {
                    Ok(call)
                }
            }
        }));
        assert_eq!(result.unwrap(), 3);

        calls.set(0);
        let result: Result<u32, _> = runtime.block_on(retry.run(|| {
            calls.set(calls.get() + 1);
            async { Err(failure(400)) }
        }));
        assert!(result.is_err());
        assert_eq!(calls.get(), 1, "a refusal is not tried again");

        calls.set(0);
        let result: Result<u32, _> = runtime.block_on(retry.run(|| {
            calls.set(calls.get() + 1);
            async { Err(failure(502)) }
        }));
        assert!(result.is_err());
        assert_eq!(calls.get(), 3, "the tries run out");
    }
}

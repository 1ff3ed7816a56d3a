//! Generating and checking secrets: random ids, API and invite tokens (stored only as SHA-256
//! hashes), and argon2id password hashes computed off the async threads.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::distr::{Alphanumeric, SampleString};
use sha2::{Digest, Sha256};

use altloom_shared::api::TOKEN_PREFIX;

/// Random characters in an API token after its prefix: 40 alphanumerics, about 238 bits.
const TOKEN_RANDOM_CHARACTERS: usize = 40;

/// Characters of a token kept in clear as its hint (`alt_AbCd`).
const HINT_CHARACTERS: usize = TOKEN_PREFIX.len() + 4;

/// A new random id such as `ws_3kT9...`: unguessable, so ids leak nothing about other rows.
pub fn new_id(prefix: &str) -> String {
    format!(
        "{prefix}_{}",
        Alphanumeric.sample_string(&mut rand::rng(), 20)
    )
}

/// A new random id that sorts by creation time (`job_0193a4f1c2e80000Xk3...`): milliseconds
/// since the epoch and a counter in fixed-width hex, then randomness. The time part never goes
/// backwards within a process, so lists ordered by id follow insertion order even for ids made
/// in the same millisecond.
pub fn new_time_ordered_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(0);
    let milliseconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as u64)
        .unwrap_or_default();
    let candidate = milliseconds << 16;
    let previous = LAST
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |last| {
            Some(candidate.max(last + 1))
        })
        .unwrap_or_default();
    let ordered = candidate.max(previous + 1);
    format!(
        "{prefix}_{ordered:016x}{}",
        Alphanumeric.sample_string(&mut rand::rng(), 10)
    )
}

/// A freshly generated secret token with the hash and hint that are stored instead of it.
pub struct GeneratedToken {
    pub secret: String,
    pub hash: String,
    pub hint: String,
}

impl std::fmt::Debug for GeneratedToken {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("GeneratedToken")
            .field("secret", &"<redacted>")
            .field("hint", &self.hint)
            .finish()
    }
}

/// A new API token, `alt_` followed by random alphanumerics.
pub fn new_api_token() -> GeneratedToken {
    generated(format!(
        "{TOKEN_PREFIX}{}",
        Alphanumeric.sample_string(&mut rand::rng(), TOKEN_RANDOM_CHARACTERS)
    ))
}

/// A new secret with another prefix (`inv_` for invites, `dev_` for device codes).
pub fn new_secret(prefix: &str) -> GeneratedToken {
    generated(format!(
        "{prefix}{}",
        Alphanumeric.sample_string(&mut rand::rng(), TOKEN_RANDOM_CHARACTERS)
    ))
}

fn generated(secret: String) -> GeneratedToken {
    let hash = hash_token(&secret);
    let hint = secret.chars().take(HINT_CHARACTERS).collect();
    GeneratedToken { secret, hash, hint }
}

/// The stored form of a token. Tokens carry ~238 random bits, so a fast hash is enough: no
/// dictionary exists to attack, and the lookup stays an index probe.
pub fn hash_token(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A short code people compare on screen during a device login: eight letters from an
/// alphabet without look-alikes, shown as `WDJB-MJHT`.
pub fn new_user_code() -> String {
    const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
    use rand::Rng;
    let mut generator = rand::rng();
    let letters: String = (0..8)
        .map(|_| ALPHABET[generator.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &letters[..4], &letters[4..])
}

/// Hashes a password with argon2id (the crate's OWASP-recommended defaults) on the blocking
/// pool, since one hash takes tens of milliseconds of CPU.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| anyhow::anyhow!("password hashing failed: {error}"))
    })
    .await?
}

/// Checks a password against a stored hash on the blocking pool. A missing user is checked
/// against a fixed dummy hash so both cases take the same time.
pub async fn verify_password(password: String, stored_hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = stored_hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        match PasswordHash::new(&stored) {
            Ok(parsed) => {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
                    && stored != DUMMY_HASH
            }
            Err(_) => false,
        }
    })
    .await
    .unwrap_or(false)
}

/// An argon2id hash of a random string nobody knows, used to equalise timing for unknown emails.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1Hc3S4S4P9RxPAZ9FmnUOP0N0BnYSgHNc0W5W2AHoBs";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_and_stored_as_hashes() {
        let first = new_api_token();
        let second = new_api_token();
        assert!(first.secret.starts_with("alt_"));
        assert_eq!(first.secret.len(), 4 + TOKEN_RANDOM_CHARACTERS);
        assert_ne!(first.secret, second.secret);
        assert_eq!(first.hash, hash_token(&first.secret));
        assert!(!first.hash.contains(&first.secret[4..]));
        assert_eq!(first.hint, &first.secret[..8]);
        assert!(!format!("{first:?}").contains(&first.secret));
    }

    #[test]
    fn time_ordered_ids_sort_by_creation() {
        let ids: Vec<String> = (0..1000).map(|_| new_time_ordered_id("job")).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "ids made in a row sort in creation order");
        assert!(ids[0].starts_with("job_"));
    }

    #[test]
    fn user_codes_are_readable() {
        let code = new_user_code();
        assert_eq!(code.len(), 9);
        assert_eq!(code.as_bytes()[4], b'-');
        assert!(code.chars().all(|c| c == '-' || c.is_ascii_uppercase()));
    }

    #[tokio::test]
    async fn passwords_verify_only_with_the_right_text() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
    }
}

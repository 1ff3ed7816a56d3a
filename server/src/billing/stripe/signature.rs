//! Verification of the `Stripe-Signature` header on a webhook delivery, on the raw body and
//! before anything is parsed.
//!
//! The header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...]` (other schemes such as `v0` are
//! ignored). Each `v1` is HMAC-SHA256 keyed with an endpoint's signing secret over
//! `"<t>.<raw body>"`. A delivery is genuine when any `v1` matches any configured secret (several
//! values arrive while Stripe rolls a secret, and several secrets are configured while we do),
//! compared in constant time, and its timestamp is within the tolerance of now.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::config::SecretText;

/// How far a delivery's timestamp may be from now, in seconds (Stripe's libraries use 300).
pub const TOLERANCE_SECONDS: i64 = 300;

/// Why a delivery was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no webhook signing secret is configured")]
    NoSecrets,
    #[error("the Stripe-Signature header is malformed: {0}")]
    Malformed(&'static str),
    #[error("the Stripe-Signature header carries no v1 signature")]
    NoSignature,
    #[error("no v1 signature matches a configured signing secret")]
    Mismatch,
    #[error("the signature's timestamp is {age_seconds} s away from now (at most {TOLERANCE_SECONDS} s is accepted)")]
    Stale { age_seconds: i64 },
}

/// The parts of a `Stripe-Signature` header that matter: the timestamp and every `v1` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHeader {
    pub timestamp: i64,
    pub signatures: Vec<Vec<u8>>,
}

/// Splits a `Stripe-Signature` header. Unknown schemes (`v0`, future ones) are skipped; a `v1`
/// value that is not hex can never match, so it is skipped too.
pub fn parse_header(header: &str) -> Result<SignatureHeader, SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let Some((key, value)) = item.trim().split_once('=') else {
            return Err(SignatureError::Malformed("an item is not `key=value`"));
        };
        match key.trim() {
            "t" if timestamp.is_none() => {
                let seconds = value
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| SignatureError::Malformed("`t` is not a number of seconds"))?;
                timestamp = Some(seconds);
            }
            "v1" => {
                if let Ok(bytes) = hex::decode(value.trim()) {
                    signatures.push(bytes);
                }
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed("there is no `t` timestamp"))?;
    if signatures.is_empty() {
        return Err(SignatureError::NoSignature);
    }
    Ok(SignatureHeader {
        timestamp,
        signatures,
    })
}

/// The `v1` signature of `body` sent at `timestamp` under `secret`: what Stripe computes.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// A whole header as Stripe would send it for one secret; for tests and tools.
pub fn header_for(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "t={timestamp},v1={}",
        hex::encode(sign(secret, timestamp, body))
    )
}

/// Checks a delivery: some `v1` matches some secret, and the timestamp is within
/// [`TOLERANCE_SECONDS`] of `now`. Every secret is tried against every value without stopping
/// early, so the time taken does not depend on which one matched.
pub fn verify(
    header: &str,
    body: &[u8],
    secrets: &[SecretText],
    now: i64,
) -> Result<(), SignatureError> {
    if secrets.is_empty() {
        return Err(SignatureError::NoSecrets);
    }
    let parsed = parse_header(header)?;
    let mut matched = subtle::Choice::from(0);
    for secret in secrets {
        let expected = sign(secret.expose(), parsed.timestamp, body);
        for candidate in &parsed.signatures {
            matched |= expected.as_slice().ct_eq(candidate.as_slice());
        }
    }
    if !bool::from(matched) {
        return Err(SignatureError::Mismatch);
    }
    let age_seconds = now.saturating_sub(parsed.timestamp);
    if age_seconds.abs() > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale { age_seconds });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":"evt_1","object":"event"}"#;
    const NOW: i64 = 1_780_000_000;

    fn secrets(list: &[&str]) -> Vec<SecretText> {
        list.iter()
            .map(|secret| SecretText::new(secret.to_string()))
            .collect()
    }

    #[test]
    fn a_known_vector_matches_stripe() {
        // Computed independently, with Python's hmac module, the way Stripe documents it.
        assert_eq!(
            header_for("whsec_test", 1_700_000_000, b"{}"),
            "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
    }

    #[test]
    fn a_valid_signature_passes() {
        let header = header_for("whsec_a", NOW, BODY);
        assert_eq!(verify(&header, BODY, &secrets(&["whsec_a"]), NOW), Ok(()));
        // Within the tolerance either way.
        assert_eq!(
            verify(&header, BODY, &secrets(&["whsec_a"]), NOW + 299),
            Ok(())
        );
    }

    #[test]
    fn a_forged_or_altered_delivery_fails() {
        let header = header_for("whsec_other", NOW, BODY);
        assert_eq!(
            verify(&header, BODY, &secrets(&["whsec_a"]), NOW),
            Err(SignatureError::Mismatch)
        );
        let header = header_for("whsec_a", NOW, BODY);
        assert_eq!(
            verify(&header, br#"{"id":"evt_2"}"#, &secrets(&["whsec_a"]), NOW),
            Err(SignatureError::Mismatch)
        );
        // The timestamp is signed too: moving it breaks the signature.
        let moved = header.replacen(&format!("t={NOW}"), &format!("t={}", NOW + 1), 1);
        assert_eq!(
            verify(&moved, BODY, &secrets(&["whsec_a"]), NOW),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_stale_delivery_fails_even_when_genuine() {
        let header = header_for("whsec_a", NOW - 301, BODY);
        assert_eq!(
            verify(&header, BODY, &secrets(&["whsec_a"]), NOW),
            Err(SignatureError::Stale { age_seconds: 301 })
        );
        let future = header_for("whsec_a", NOW + 3_600, BODY);
        assert!(matches!(
            verify(&future, BODY, &secrets(&["whsec_a"]), NOW),
            Err(SignatureError::Stale { .. })
        ));
    }

    #[test]
    fn any_of_several_v1_values_may_match() {
        let good = hex::encode(sign("whsec_a", NOW, BODY));
        let other = hex::encode(sign("whsec_old", NOW, BODY));
        let header = format!("t={NOW},v1={other},v1={good}");
        assert_eq!(verify(&header, BODY, &secrets(&["whsec_a"]), NOW), Ok(()));
        let header = format!("t={NOW},v1={good},v1={other}");
        assert_eq!(verify(&header, BODY, &secrets(&["whsec_a"]), NOW), Ok(()));
    }

    #[test]
    fn any_configured_secret_may_match_during_rotation() {
        let header = header_for("whsec_new", NOW, BODY);
        assert_eq!(
            verify(&header, BODY, &secrets(&["whsec_old", "whsec_new"]), NOW),
            Ok(())
        );
        assert_eq!(
            verify(&header, BODY, &secrets(&["whsec_old"]), NOW),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&header, BODY, &[], NOW),
            Err(SignatureError::NoSecrets)
        );
    }

    #[test]
    fn v0_values_are_ignored() {
        // A v0 computed with the right secret does not count: only v1 does.
        let v0 = hex::encode(sign("whsec_a", NOW, BODY));
        assert_eq!(
            verify(
                &format!("t={NOW},v0={v0}"),
                BODY,
                &secrets(&["whsec_a"]),
                NOW
            ),
            Err(SignatureError::NoSignature)
        );
        let header = format!(
            "t={NOW},v0=00ff,{}",
            header_for("whsec_a", NOW, BODY).split_once(',').unwrap().1
        );
        assert_eq!(verify(&header, BODY, &secrets(&["whsec_a"]), NOW), Ok(()));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let keys = secrets(&["whsec_a"]);
        let good = hex::encode(sign("whsec_a", NOW, BODY));
        for (header, expected) in [
            ("", SignatureError::Malformed("an item is not `key=value`")),
            (
                "garbage",
                SignatureError::Malformed("an item is not `key=value`"),
            ),
            (
                &format!("v1={good}") as &str,
                SignatureError::Malformed("there is no `t` timestamp"),
            ),
            (
                &format!("t=yesterday,v1={good}"),
                SignatureError::Malformed("`t` is not a number of seconds"),
            ),
            (&format!("t={NOW}"), SignatureError::NoSignature),
            (&format!("t={NOW},v1=not-hex"), SignatureError::NoSignature),
        ] {
            assert_eq!(verify(header, BODY, &keys, NOW), Err(expected), "{header}");
        }
        // A v1 of the wrong length is simply not a match.
        assert_eq!(
            verify(&format!("t={NOW},v1=abcd"), BODY, &keys, NOW),
            Err(SignatureError::Mismatch)
        );
    }
}

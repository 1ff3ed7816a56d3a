//! Rate limits for the endpoints that take passwords or mint secrets, per client IP and per
//! account, so neither one address nor a botnet aimed at one account gets unlimited guesses.
//!
//! Limits live in this process. Behind a load balancer each instance counts on its own, which
//! multiplies the allowance by the instance count; that is acceptable for slowing guessing.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::error::ApiError;

/// The per-IP and per-account limiters.
pub struct RateLimits {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl RateLimits {
    /// Allows `per_ip` and `per_account` attempts a minute, with that many as the burst.
    pub fn new(per_ip: u32, per_account: u32) -> RateLimits {
        let quota = |per_minute: u32| {
            Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
        };
        RateLimits {
            per_ip: RateLimiter::keyed(quota(per_ip)),
            per_account: RateLimiter::keyed(quota(per_account)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt from `ip`, and against `account` when known; a 429 error when either
    /// is over its limit.
    pub fn check(&self, ip: IpAddr, account: Option<&str>) -> Result<(), ApiError> {
        if let Err(not_until) = self.per_ip.check_key(&ip) {
            return Err(ApiError::rate_limited(seconds_until(
                not_until.wait_time_from(self.clock.now()),
            )));
        }
        if let Some(account) = account {
            if let Err(not_until) = self.per_account.check_key(&account.to_string()) {
                return Err(ApiError::rate_limited(seconds_until(
                    not_until.wait_time_from(self.clock.now()),
                )));
            }
        }
        Ok(())
    }

    /// Forgets keys whose limits have fully recovered, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_ip.retain_recent();
        self.per_account.retain_recent();
    }
}

/// Whole seconds to wait, at least one.
fn seconds_until(wait: std::time::Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_ip_and_each_account() {
        let limits = RateLimits::new(3, 2);
        let first: IpAddr = "192.0.2.1".parse().unwrap();
        let second: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(limits.check(first, None).is_ok());
        assert!(limits.check(first, None).is_ok());
        assert!(limits.check(first, None).is_ok());
        let refused = limits.check(first, None).unwrap_err();
        assert_eq!(refused.status, axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.retry_after_seconds.unwrap() >= 1);
        // Another address is unaffected, but the account limit applies across addresses.
        assert!(limits.check(second, Some("a@example.com")).is_ok());
        assert!(limits.check(second, Some("a@example.com")).is_ok());
        assert!(limits.check(second, Some("a@example.com")).is_err());
        assert!(limits.check(second, Some("b@example.com")).is_err());
    }
}

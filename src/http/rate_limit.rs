//! Fixed-window rate limits: a request count per key per minute.
//!
//! Each limit has its own [`RateLimiter`]. The catalog and query limits use
//! one key for all clients (they protect the machine); the state limit keys
//! by client IP (it protects one student's neighbours from another).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Length of one counting window.
const WINDOW: Duration = Duration::from_secs(60);
/// Keys kept before expired windows are swept out.
const SWEEP_AT_KEYS: usize = 10_000;

/// Counts requests per key in one-minute windows.
#[derive(Debug)]
pub struct RateLimiter {
    /// Requests allowed per key per window.
    per_minute: u32,
    /// Window start and count by key.
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// A limiter that allows `per_minute` requests per key.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one request for `key`; `Err` carries the seconds until the
    /// window resets when the key is over its limit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= SWEEP_AT_KEYS {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }

        let (start, count) = windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_minute {
            let remaining = WINDOW.saturating_sub(now.duration_since(*start));
            return Err(remaining.as_secs().max(1));
        }
        *count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_rejects_past_the_limit() {
        let limiter = RateLimiter::new(3);
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
        }
        let retry_after = limiter.check("a").unwrap_err();
        assert!((1..=60).contains(&retry_after));
    }

    #[test]
    fn limiter_counts_keys_separately() {
        let limiter = RateLimiter::new(1);
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("b").is_ok());
        assert!(limiter.check("a").is_err());
    }
}

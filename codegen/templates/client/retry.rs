//! When and how long to wait before retrying a request.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::time::{Duration, SystemTime};

/// The first delay of the exponential backoff.
const BASE_RETRY_DELAY: Duration = Duration::from_millis(200);

/// A random number, without a dependency: std's hasher keys are random per process.
pub(super) fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    hasher.finish()
}

/// Statuses worth retrying: timeouts, rate limits and server errors that may pass.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The delay a `Retry-After` header asks for: seconds, or an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::from(date.with_timezone(&chrono::Utc));
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff with full jitter: a random delay up to 200 ms × 2^attempt.
pub(super) fn backoff(attempt: u32) -> Duration {
    jittered(attempt, random())
}

/// The backoff before retry `attempt` for the random number `random`: its share, in
/// thousandths, of 200 ms × 2^attempt (2^10 at most).
fn jittered(attempt: u32, random: u64) -> Duration {
    let ceiling = BASE_RETRY_DELAY.saturating_mul(1 << attempt.min(10));
    let fraction = (random % 1_000) as u32;
    ceiling * fraction / 1_000
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:40 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn backoff_grows_and_spreads_from_zero_to_its_ceiling() {
        for attempt in 0..12 {
            let ceiling = BASE_RETRY_DELAY * (1 << attempt.min(10));
            assert_eq!(jittered(attempt, 0), Duration::ZERO);
            assert_eq!(jittered(attempt, 500), ceiling / 2);
            assert_eq!(jittered(attempt, 999), ceiling * 999 / 1_000);
            assert_eq!(jittered(attempt, 1_250), ceiling / 4);
        }
        // The random delays fall on both halves of the range, and never past its ceiling.
        for attempt in 0..5 {
            let ceiling = BASE_RETRY_DELAY * (1 << attempt);
            let delays: Vec<Duration> = (0..64).map(|_| backoff(attempt)).collect();
            assert!(delays.iter().all(|delay| *delay < ceiling), "{delays:?}");
            assert!(
                delays.iter().any(|delay| *delay >= ceiling / 2),
                "{delays:?}"
            );
            assert!(
                delays.iter().any(|delay| *delay < ceiling / 2),
                "{delays:?}"
            );
        }
    }
}

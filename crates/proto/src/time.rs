//! Timestamps of the wire (milliseconds since the Unix epoch) as people and other systems read
//! them.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// RFC 3339 in UTC; falls back to the epoch for times outside the representable range.
pub fn rfc3339(ts_ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ts_ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_in_utc_and_survives_any_input() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_780_000_000_000), "2026-05-28T20:26:40Z");
        assert_eq!(super::rfc3339(i64::MAX), "1970-01-01T00:00:00Z");
    }
}

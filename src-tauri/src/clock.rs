//! The wall clock and the user's time zone, read here at the edge and passed
//! into the core (which never reads the clock itself).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rapport_core::ContactBook;

use crate::error::{AppError, AppResult};

/// Setting key of the user's IANA zone (shared with the CLI's `settings set time_zone`).
pub const SETTING_TIME_ZONE: &str = "time_zone";

/// Now.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The zone the today list is computed in: the `time_zone` setting, else the
/// system's IANA zone, else UTC.
pub fn zone(book: &ContactBook) -> AppResult<Tz> {
    if let Some(name) = book.store().setting(SETTING_TIME_ZONE)? {
        return name.parse::<Tz>().map_err(|_| {
            AppError::new(
                "invalid_input",
                format!("the time_zone setting '{name}' is not a time zone"),
            )
        });
    }
    Ok(system_zone())
}

/// The system's IANA zone, UTC when it cannot be read.
pub fn system_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|n| n.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}

/// The local date in `tz` at `now`.
pub fn local_date(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Parses a local date `YYYY-MM-DD` given by the UI.
pub fn parse_date(field: &str, s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::new(
            "invalid_input",
            format!("invalid {field}: '{s}' is not a date in the form YYYY-MM-DD"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_date_follows_the_zone() {
        let now: DateTime<Utc> = "2026-03-01T20:30:00Z".parse().unwrap();
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        assert_eq!(local_date(now, shanghai).to_string(), "2026-03-02");
        assert_eq!(local_date(now, Tz::UTC).to_string(), "2026-03-01");
    }

    #[test]
    fn dates_must_be_iso() {
        assert_eq!(
            parse_date("to", "2026-12-01").unwrap().to_string(),
            "2026-12-01"
        );
        let e = parse_date("to", "01/12/2026").unwrap_err();
        assert_eq!(e.code, "invalid_input");
        assert!(e.message.contains("01/12/2026"), "{}", e.message);
    }
}

//! The wall clock and the user's time zone, read here at the edge and passed
//! into the core (which never reads the clock itself).

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rapport_core::ContactBook;

/// Setting key: the user's IANA time zone.
pub const SETTING_TIME_ZONE: &str = "time_zone";

/// Parses an IANA zone name such as `Asia/Shanghai`.
pub fn parse_tz(name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| {
        anyhow::anyhow!("'{name}' is not a time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)")
    })
}

/// The zone to use: `--tz`, else the setting, else the system's, else UTC.
pub fn zone(book: &ContactBook, flag: Option<&str>) -> Result<Tz> {
    if let Some(name) = flag {
        return parse_tz(name);
    }
    if let Some(name) = book.store().setting(SETTING_TIME_ZONE)? {
        return parse_tz(&name).context("the time_zone setting is invalid");
    }
    Ok(iana_time_zone::get_timezone()
        .ok()
        .and_then(|n| n.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC))
}

/// Now.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Today's date in `tz`.
pub fn today(tz: Tz) -> NaiveDate {
    now().with_timezone(&tz).date_naive()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow::anyhow!("'{s}' is not a date in the form YYYY-MM-DD"))
}

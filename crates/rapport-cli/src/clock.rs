//! The wall clock, the system's time zone and locale, and where the desktop's files
//! are, read here at the edge and passed into the core (which never reads them itself).

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rapport_core::api::Env;
use rapport_core::desktop::DesktopPaths;
use rapport_core::ContactBook;

/// Parses an IANA zone name such as `Asia/Shanghai`.
pub fn parse_tz(name: &str) -> Result<Tz> {
    Ok(rapport_core::settings::parse_zone(name)?)
}

/// The system's IANA zone, UTC when it cannot be read.
pub fn system_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|n| n.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}

/// The system's locale (`LC_ALL`, else `LANG`).
pub fn system_locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default()
}

/// What the core's commands need from the world, now.
pub fn env() -> Env {
    Env {
        now: now(),
        system_zone: system_zone(),
        locale: system_locale(),
        desktop: desktop_paths(),
    }
}

/// The user's config folder and Rapport's two programs, from this one.
pub fn desktop_paths() -> Option<DesktopPaths> {
    DesktopPaths::seen_from(
        std::env::current_exe().ok()?,
        false,
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

/// The zone to use: `--tz`, else the user's (their setting, else the system's).
pub fn zone(book: &ContactBook, flag: Option<&str>) -> Result<Tz> {
    match flag {
        Some(name) => parse_tz(name),
        None => Ok(book.zone(system_zone())?),
    }
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

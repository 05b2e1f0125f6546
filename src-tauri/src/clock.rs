//! The wall clock, the system's time zone and locale, read here at the edge and
//! passed into the core (which never reads them itself).

use chrono_tz::Tz;
use rapport_core::api::Env;

/// The system's IANA zone, UTC when it cannot be read.
fn system_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|n| n.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}

/// What the core's commands need from the world, now.
pub fn env() -> Env {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    Env {
        now: chrono::Utc::now(),
        system_zone: system_zone(),
        locale,
    }
}

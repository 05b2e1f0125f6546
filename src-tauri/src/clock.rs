//! The wall clock, the system's time zone and locale, and where the desktop's files
//! are, read here at the edge and passed into the core (which never reads them itself).

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
        desktop: desktop_paths(),
    }
}

/// The user's config folder and Rapport's two programs, from this app. Linux only: the
/// autostart entry and the systemd timer are the freedesktop ways.
fn desktop_paths() -> Option<rapport_core::desktop::DesktopPaths> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    rapport_core::desktop::DesktopPaths::seen_from(
        std::env::current_exe().ok()?,
        true,
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

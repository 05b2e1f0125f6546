//! The daily reminder: once a day, at the chosen time or the first moment the
//! app runs after it, a desktop notification with the number of people due.
//! On Linux, clicking it (its default action) brings the window up on Today;
//! elsewhere the notification plugin shows it without a click action.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use tauri::{AppHandle, Emitter, Manager};

use crate::clock;
use crate::commands::settings::reminder_time;
use crate::error::AppResult;
use crate::state::AppState;
use crate::webview;

/// Setting key: the local date the last reminder went out.
const SETTING_REMINDER_SENT_ON: &str = "reminder_sent_on";
/// Event the UI answers by showing Today.
pub const OPEN_TODAY_EVENT: &str = "open-today";
/// How often the clock is looked at.
const TICK: Duration = Duration::from_secs(20);

/// Whether the reminder is due at local time `now`: past `at` and not yet sent that day.
pub fn is_due(now: NaiveDateTime, at: NaiveTime, last_sent: Option<NaiveDate>) -> bool {
    now.time() >= at && last_sent != Some(now.date())
}

/// Starts the reminder thread.
pub fn spawn(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("reminder".into())
        .spawn(move || loop {
            if let Err(e) = tick(&app) {
                eprintln!("rapport: reminder: {e}");
            }
            std::thread::sleep(TICK);
        });
    if let Err(e) = spawned {
        eprintln!("rapport: could not start the daily reminder: {e}");
    }
}

fn tick(app: &AppHandle) -> AppResult<()> {
    let state = app.state::<AppState>();
    let due = {
        let mut book = state.book();
        let Some(at) = reminder_time(&book)? else {
            return Ok(());
        };
        let tz = clock::zone(&book)?;
        let local = clock::now().with_timezone(&tz).naive_local();
        let last_sent = book
            .store()
            .setting(SETTING_REMINDER_SENT_ON)?
            .and_then(|d| d.parse::<NaiveDate>().ok());
        if !is_due(local, at, last_sent) {
            return Ok(());
        }
        let due = book.today(local.date(), tz)?.due_count();
        book.store_mut()
            .set_setting(SETTING_REMINDER_SENT_ON, &local.date().to_string())?;
        due
    };
    if due > 0 {
        notify(app, due);
    }
    Ok(())
}

fn message(due: usize) -> String {
    match due {
        1 => "1 person to get back to today".to_string(),
        n => format!("{n} people to get back to today"),
    }
}

#[cfg(target_os = "linux")]
fn notify(app: &AppHandle, due: usize) {
    let app = app.clone();
    // Waiting for the click blocks, so it gets its own thread.
    std::thread::spawn(move || {
        let shown = notify_rust::Notification::new()
            .appname("Rapport")
            .summary("Rapport")
            .body(&message(due))
            .icon("rapport-app")
            .action("default", "Open Today")
            .show();
        match shown {
            Ok(handle) => handle.wait_for_action(|action| {
                if action == "default" {
                    webview::focus_main(&app);
                    let _ = app.emit(OPEN_TODAY_EVENT, ());
                }
            }),
            Err(e) => eprintln!("rapport: could not show the reminder: {e}"),
        }
    });
}

#[cfg(not(target_os = "linux"))]
fn notify(app: &AppHandle, due: usize) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app
        .notification()
        .builder()
        .title("Rapport")
        .body(message(due))
        .show()
    {
        eprintln!("rapport: could not show the reminder: {e}");
    }
    let _ = webview::MAIN_WINDOW;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn once_a_day_from_the_chosen_time() {
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let today: NaiveDate = "2026-05-01".parse().unwrap();
        let yesterday: NaiveDate = "2026-04-30".parse().unwrap();
        assert!(!is_due(at("2026-05-01 07:59"), eight, Some(yesterday)));
        assert!(is_due(at("2026-05-01 08:00"), eight, Some(yesterday)));
        assert!(
            is_due(at("2026-05-01 15:00"), eight, None),
            "app started late"
        );
        assert!(
            !is_due(at("2026-05-01 15:00"), eight, Some(today)),
            "already sent"
        );
    }

    #[test]
    fn message_counts_people() {
        assert_eq!(message(1), "1 person to get back to today");
        assert_eq!(message(12), "12 people to get back to today");
    }
}

//! The daily reminder: once a day, at the chosen time or the first moment the
//! app runs after it, a desktop notification with the number of people due.
//! On Linux, clicking it (its default action) brings the window up on Today;
//! elsewhere the notification plugin shows it without a click action.

use std::sync::Arc;
use std::time::Duration;

use rapport_core::api::{self, NoArgs, Session};
use rapport_core::reminder::Reminder;
use tauri::{AppHandle, Emitter, Manager};

use crate::webview;

/// Event the UI answers by showing Today.
pub const OPEN_TODAY_EVENT: &str = "open-today";
/// How often the clock is looked at.
const TICK: Duration = Duration::from_secs(20);

/// Brings the window up on Today.
pub fn open_today(app: &AppHandle) {
    webview::focus_main(app);
    let _ = app.emit(OPEN_TODAY_EVENT, ());
}

/// Starts the reminder thread.
pub fn spawn(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("reminder".into())
        .spawn(move || loop {
            if let Err(e) = tick(&app) {
                eprintln!("rapport: reminder: {e}");
            }
            crate::tray::show_count(&app);
            std::thread::sleep(TICK);
        });
    if let Err(e) = spawned {
        eprintln!("rapport: could not start the daily reminder: {e}");
    }
}

fn tick(app: &AppHandle) -> rapport_core::Result<()> {
    let session = app.state::<Arc<Session>>();
    let env = crate::clock::env();
    let Some(reminder) = api::reminder_due(&session, &env, NoArgs {})? else {
        return Ok(());
    };
    api::reminder_sent(&session, &env, NoArgs {})?;
    if reminder.people > 0 {
        notify(app, reminder);
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn notify(app: &AppHandle, reminder: Reminder) {
    let app = app.clone();
    // Waiting for the click blocks, so it gets its own thread.
    std::thread::spawn(move || {
        let shown = notify_rust::Notification::new()
            .appname("Rapport")
            .summary(&reminder.title)
            .body(&reminder.body)
            .icon(rapport_core::desktop::APP)
            .action("default", "Open Today")
            .show();
        match shown {
            Ok(handle) => handle.wait_for_action(|action| {
                if action == "default" {
                    open_today(&app);
                }
            }),
            Err(e) => eprintln!("rapport: could not show the reminder: {e}"),
        }
    });
}

#[cfg(not(target_os = "linux"))]
fn notify(app: &AppHandle, reminder: Reminder) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app
        .notification()
        .builder()
        .title(reminder.title)
        .body(reminder.body)
        .show()
    {
        eprintln!("rapport: could not show the reminder: {e}");
    }
    let _ = webview::MAIN_WINDOW;
}

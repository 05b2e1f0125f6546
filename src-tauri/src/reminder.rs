//! The daily reminder: once a day, at the chosen time or the first moment the
//! app runs after it, a desktop notification with the number of people due.
//! On Linux, clicking it (its default action) brings the window up on Today;
//! elsewhere the notification plugin shows it without a click action.

use std::sync::Arc;
use std::time::Duration;

use rapport_core::api::{self, NoArgs, Session};
use tauri::{AppHandle, Emitter, Manager};

use crate::webview;

/// Event the UI answers by showing Today.
pub const OPEN_TODAY_EVENT: &str = "open-today";
/// How often the clock is looked at.
const TICK: Duration = Duration::from_secs(20);

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

fn tick(app: &AppHandle) -> rapport_core::Result<()> {
    let session = app.state::<Arc<Session>>();
    let env = crate::clock::env();
    let Some(due) = api::reminder_due(&session, &env, NoArgs {})? else {
        return Ok(());
    };
    api::reminder_sent(&session, &env, NoArgs {})?;
    if due > 0 {
        notify(app, due);
    }
    Ok(())
}

fn message(due: u64) -> String {
    rapport_core::reminder::message(due)
}

#[cfg(target_os = "linux")]
fn notify(app: &AppHandle, due: u64) {
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
fn notify(app: &AppHandle, due: u64) {
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

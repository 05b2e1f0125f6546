//! The tray icon: the number of things Today asks for (the core's "N to do") beside the
//! icon, refreshed with the reminder's clock; its menu opens Today or quits. On Linux
//! it is an AppIndicator (libayatana-appindicator, loaded when the app starts): where
//! that library is missing the app runs without a tray.

use std::sync::Arc;

use rapport_core::api::{self, Session, TodayListRequest};
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager};

use crate::reminder;

const TRAY_ID: &str = "today";

/// Puts the icon in the tray (best effort: a desktop without a tray shows none).
pub fn spawn(app: &AppHandle) {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    match built {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("rapport: no tray icon: {e}"),
        Err(_) => eprintln!("rapport: no tray icon (no AppIndicator library on this desktop)"),
    }
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open-today", "Open Today", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Rapport", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu)
        .tooltip("Rapport")
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open-today" => reminder::open_today(app),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Shows how many things Today asks for now beside the icon (nothing when none).
pub fn show_count(app: &AppHandle) {
    let Some(tray): Option<TrayIcon> = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let session = app.state::<Arc<Session>>();
    let request = TodayListRequest {
        date: None,
        rows_per_section: Some(1),
        past_workload: false,
    };
    match api::today_list(&session, &crate::clock::env(), request) {
        Ok(list) => {
            let due = list.totals.due;
            let label = (due > 0).then(|| due.to_string());
            let _ = tray.set_title(label.as_deref());
            let _ = tray.set_tooltip(Some(format!("Rapport: {due}")));
        }
        Err(e) => eprintln!("rapport: tray count: {e}"),
    }
}

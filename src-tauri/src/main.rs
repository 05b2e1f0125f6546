//! Rapport's desktop app: a Tauri 2 window over `rapport-core`. The UI (in
//! `ui/`) calls the commands in [`commands`]; all rules live in the core.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod backup;
mod clock;
mod command_names;
mod commands;
mod error;
mod reminder;
mod state;
mod webview;

fn main() {
    webview::note_launch();
    let app = tauri::Builder::default()
        // First: a second launch hands over to the running one (focus) and exits
        // before it opens the database.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            webview::focus_main(app);
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let dir = state::data_dir()?;
            let state = state::AppState::open(&dir)?;
            tauri::Manager::manage(app, state);
            webview::tune(app.handle());
            backup::start_auto_backup(dir);
            reminder::spawn(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::today::today_list,
            commands::contacts::list_contacts,
            commands::contacts::count_contacts,
            commands::contacts::list_tags,
            commands::contacts::get_contact,
            commands::contacts::add_contact,
            commands::contacts::update_contact,
            commands::contacts::delete_contact,
            commands::contacts::restore_contact,
            commands::contacts::set_archived,
            commands::contacts::merge_contacts,
            commands::history::log_interaction,
            commands::history::delete_interaction,
            commands::history::interactions_of,
            commands::history::add_follow_up,
            commands::history::complete_follow_up,
            commands::history::snooze_follow_up,
            commands::history::follow_ups_of,
            commands::import::import_preview,
            commands::import::import_run,
            commands::import::import_cancel,
            commands::import::import_undo,
            commands::import::import_batches,
            commands::export::export_contacts,
            commands::settings::get_settings,
            commands::settings::set_default_region,
            commands::settings::set_reminder_time,
            commands::settings::set_language,
            commands::today::cadence_rules,
            commands::today::set_cadence_rule,
            commands::today::remove_cadence_rule,
            commands::contacts::contact_value,
            commands::today::report,
            commands::search::search,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = app {
        eprintln!("rapport: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    /// The capability grants exactly the app's commands (one `allow-` each) and
    /// only the plugin permissions the UI uses.
    #[test]
    fn capability_grants_exactly_the_commands() {
        let text = include_str!("../capabilities/main.json");
        let cap: serde_json::Value = serde_json::from_str(text).unwrap();
        let granted: Vec<&str> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let mut own: Vec<String> = granted
            .iter()
            .filter(|p| !p.contains(':'))
            .map(|p| p.to_string())
            .collect();
        own.sort();
        let mut expected: Vec<String> = crate::command_names::COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        expected.sort();
        assert_eq!(own, expected);
        for p in granted.iter().filter(|p| p.contains(':')) {
            assert!(
                !p.ends_with(":default") && !p.contains("allow-all"),
                "{p} grants more than the UI uses"
            );
        }
    }
}

//! Rapport's desktop app: a Tauri 2 window over `rapport-core`. Every command
//! the UI calls comes from the core's command table (one generated handler each,
//! see [`app_commands`]); all rules live in the core.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod backup;
mod clock;
mod command_names;
mod open_files;
mod reminder;
mod tray;
mod webview;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rapport_core::api::{self, ApiError, Session};

/// Environment variable that overrides the data folder (tests use it).
pub const DATA_DIR_ENV: &str = "RAPPORT_DATA_DIR";

/// The data folder: `RAPPORT_DATA_DIR` when set, else the platform's.
fn data_dir() -> Result<PathBuf, ApiError> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(d) if !d.is_empty() => Ok(PathBuf::from(d)),
        _ => rapport_core::book::default_data_dir().ok_or_else(|| {
            ApiError::new(
                "no_data_dir",
                format!("no home folder to keep data in; set {DATA_DIR_ENV}"),
            )
        }),
    }
}

/// The files this launch was asked to open (see [`open_files`]).
fn launch_files() -> Vec<String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    open_files::files_in(&args, &cwd)
}

/// Runs one command of the table on a blocking thread (the book's work never
/// holds up the webview's event loop).
async fn run(
    session: &Arc<Session>,
    name: &'static str,
    request: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let session = session.clone();
    let answer = tauri::async_runtime::spawn_blocking(move || {
        api::call(&session, &clock::env(), name, request)
    })
    .await
    .map_err(|e| ApiError::new("internal", format!("{name} stopped unexpectedly: {e}")))?;
    if name == "today_list" {
        webview::note_today_served();
    }
    answer
}

/// One Tauri command per line of the core's table, and the handler list.
macro_rules! app_commands {
    ($($(#[doc = $doc:literal])* $name:ident($req:ty) -> $resp:ty, $access:ident, $cli:literal;)*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            async fn $name(
                session: tauri::State<'_, Arc<Session>>,
                request: serde_json::Value,
            ) -> Result<serde_json::Value, ApiError> {
                run(&session, stringify!($name), request).await
            }
        )*

        fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}
rapport_core::for_each_command!(app_commands);

fn main() {
    webview::note_launch();
    let app = tauri::Builder::default()
        // First: a second launch hands over to the running one (focus) and exits
        // before it opens the database.
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            if argv
                .iter()
                .any(|a| a == rapport_core::desktop::OPEN_TODAY_ARG)
            {
                reminder::open_today(app);
            } else {
                webview::focus_main(app);
                let args = argv.get(1..).unwrap_or_default();
                open_files::hand_over(app, open_files::files_in(args, Path::new(&cwd)));
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let dir = data_dir()?;
            let region = rapport_core::phone::Region::of_system_locale();
            let session = Session::open(&dir, region).map_err(ApiError::from)?;
            tauri::Manager::manage(app, Arc::new(session));
            webview::open_main(app.handle(), &launch_files())?;
            webview::tune(app.handle());
            backup::start_auto_backup(dir);
            tray::spawn(app.handle());
            reminder::spawn(app.handle().clone());
            Ok(())
        })
        .invoke_handler(handler())
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = app {
        eprintln!("rapport: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    /// The capability grants exactly the table's commands (one `allow-` each) and
    /// only the plugin permissions the UI uses; the list `build.rs` reads is the table's.
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
        let mut expected: Vec<String> = rapport_core::api::COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-")))
            .collect();
        expected.sort();
        assert_eq!(
            own, expected,
            "capabilities/main.json and the command table differ"
        );
        let names: Vec<&str> = rapport_core::api::COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(crate::command_names::COMMANDS, names.as_slice());
        for p in granted.iter().filter(|p| p.contains(':')) {
            assert!(
                !p.ends_with(":default") && !p.contains("allow-all"),
                "{p} grants more than the UI uses"
            );
        }
    }
}

//! Files the app is asked to open ("Open with Rapport" on a `.vcf`, `.csv`, `.ics` or
//! `.mbox`; the desktop entry passes them as `%F`). The first launch's files reach the
//! page before its scripts run (an initialization script); a second launch's arrive at
//! the running app as the [`EVENT`] event. The UI opens the import preview of the first:
//! the same path a file dropped on the window takes.

use std::path::Path;

use tauri::{AppHandle, Emitter, Runtime};

use crate::webview::MAIN_WINDOW;

/// The event a second launch's files arrive with (a list of absolute paths).
pub const EVENT: &str = "open-files";

/// The files among a launch's arguments (the program name excluded): those that are
/// not options and name an existing file, made absolute against `cwd`.
pub fn files_in(args: &[String], cwd: &Path) -> Vec<String> {
    args.iter()
        .filter(|a| !a.starts_with('-'))
        .map(|a| cwd.join(a))
        .filter(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

/// The script that hands the first launch's files to the page.
pub fn init_script(files: &[String]) -> String {
    let list = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
    format!("window.__RAPPORT_OPEN_FILES__ = {list};")
}

/// Hands a second launch's files to the running app's page.
pub fn hand_over<R: Runtime>(app: &AppHandle<R>, files: Vec<String>) {
    if files.is_empty() {
        return;
    }
    if let Err(e) = app.emit_to(MAIN_WINDOW, EVENT, files) {
        eprintln!("rapport: could not open the files: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_existing_files_made_absolute() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("people.vcf"),
            "BEGIN:VCARD\r\nEND:VCARD\r\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("folder")).unwrap();
        let args: Vec<String> = ["--open-today", "people.vcf", "missing.csv", "folder"]
            .map(String::from)
            .to_vec();
        let files = files_in(&args, dir.path());
        assert_eq!(
            files,
            [dir.path().join("people.vcf").to_string_lossy().into_owned()]
        );
        // An absolute path stays as it is, whatever the folder.
        let absolute = files_in(&files, Path::new("/nonexistent"));
        assert_eq!(absolute, files);
    }

    #[test]
    fn the_script_quotes_paths_as_json() {
        let script = init_script(&["/tmp/a \"b\"</script>.csv".into()]);
        assert_eq!(
            script,
            r#"window.__RAPPORT_OPEN_FILES__ = ["/tmp/a \"b\"</script>.csv"];"#
        );
    }
}

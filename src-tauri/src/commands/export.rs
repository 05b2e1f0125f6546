//! Export to CSV, Google CSV, vCard 3.0/4.0, or ICS (open follow-ups).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rapport_core::export::vcard::VcardVersion;
use rapport_core::export::{self, ExportFilter};
use rapport_core::ContactBook;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use ts_rs::TS;

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The file formats the app exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// CSV that round-trips through import.
    Csv,
    /// Google Contacts CSV.
    GoogleCsv,
    /// vCard 3.0.
    Vcard3,
    /// vCard 4.0.
    Vcard4,
    /// Open follow-ups as an iCalendar file.
    Ics,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// Contacts (or follow-ups, for ICS) written.
    #[ts(type = "number")]
    pub count: u64,
}

/// Writes the selected contacts to `path` (a temporary file renamed into
/// place, so a failed export never leaves a half-written file behind).
#[tauri::command]
pub async fn export_contacts(
    app: AppHandle,
    format: ExportFormat,
    filter: ExportFilter,
    path: PathBuf,
) -> AppResult<ExportResult> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let _job = state.start_job("an export")?;
        let book = state.book();
        let count = write_atomically(&path, |out| write(&book, format, &filter, out))?;
        Ok(ExportResult {
            path: path.display().to_string(),
            count,
        })
    })
    .await
    .map_err(|e| AppError::internal(format!("the export stopped unexpectedly: {e}")))?
}

fn write(
    book: &ContactBook,
    format: ExportFormat,
    filter: &ExportFilter,
    out: &mut dyn Write,
) -> rapport_core::Result<u64> {
    match format {
        ExportFormat::Csv => export::csv::export_csv(book, filter, out),
        ExportFormat::Vcard3 => export::vcard::export_vcard(book, filter, VcardVersion::V3, out),
        ExportFormat::Vcard4 => export::vcard::export_vcard(book, filter, VcardVersion::V4, out),
        ExportFormat::Ics => export::ics::export_ics(book, clock::now(), out),
        // Notes and opt-outs as the CLI's export: one rule, in the core.
        ExportFormat::GoogleCsv => export::google::export_google_csv(book, filter, out),
    }
}

fn write_atomically(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> rapport_core::Result<u64>,
) -> AppResult<u64> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| AppError::from(rapport_core::Error::Io { path: p, source })
    };
    let name = path
        .file_name()
        .ok_or_else(|| AppError::new("invalid_input", "the export needs a file name"))?;
    let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    let mut out = BufWriter::new(file);
    let written = body(&mut out).and_then(|n| {
        out.flush().map_err(|source| rapport_core::Error::Io {
            path: tmp.clone(),
            source,
        })?;
        Ok(n)
    });
    drop(out);
    match written {
        Ok(n) => {
            std::fs::rename(&tmp, path).map_err(io(path))?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_export_leaves_no_file() {
        let dir = std::env::temp_dir().join(format!("rapport-app-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        let e = write_atomically(&target, |out| {
            out.write_all(b"half").unwrap();
            Err(rapport_core::Error::invalid("export", "disk full"))
        })
        .unwrap_err();
        assert_eq!(e.code, "invalid_input");
        assert!(
            std::fs::read_dir(&dir).unwrap().next().is_none(),
            "nothing left behind"
        );

        let n = write_atomically(&target, |out| {
            out.write_all(b"whole").unwrap();
            Ok(1)
        })
        .unwrap();
        assert_eq!(n, 1);
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

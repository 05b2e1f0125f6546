//! The import wizard: preview (a dry run), import, cancel, undo, recent imports.
//! Preview and import run on a blocking thread, emit `import-progress` events
//! (at most ten a second, and the last one always) and stop on `import_cancel`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use rapport_core::import::{self, ImportOptions, ImportReport, Preview, Progress};
use rapport_core::store::{BatchInfo, UndoSummary};
use rapport_core::ContactBook;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Event carrying a [`Progress`] while a preview or import reads the file.
pub const PROGRESS_EVENT: &str = "import-progress";

/// Reads the whole file without writing: format, encoding, mapping, the first
/// `sample_rows` rows, and what importing would do.
#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    path: PathBuf,
    options: ImportOptions,
    sample_rows: Option<usize>,
) -> AppResult<Preview> {
    let rows = sample_rows.unwrap_or(20);
    run_import_job(app, move |book, progress, cancel| {
        import::preview(book, &path, &options, rows, progress, cancel)
    })
    .await
}

/// Imports the file as one batch (undoable). A cancelled import keeps nothing.
#[tauri::command]
pub async fn import_run(
    app: AppHandle,
    path: PathBuf,
    options: ImportOptions,
) -> AppResult<ImportReport> {
    run_import_job(app, move |book, progress, cancel| {
        import::import_file(book, &path, &options, clock::now(), progress, cancel)
    })
    .await
}

/// Cancels the running preview or import (nothing happens when none runs).
#[tauri::command]
pub async fn import_cancel(state: State<'_, AppState>) -> AppResult<()> {
    state.cancel_job();
    Ok(())
}

/// Undoes an import batch.
#[tauri::command]
pub async fn import_undo(state: State<'_, AppState>, batch: i64) -> AppResult<UndoSummary> {
    Ok(import::undo_import(&mut state.book(), batch, clock::now())?)
}

/// Import batches, newest first.
#[tauri::command]
pub async fn import_batches(state: State<'_, AppState>) -> AppResult<Vec<BatchInfo>> {
    Ok(import::batches(&state.book())?)
}

/// Runs `work` on a blocking thread as the one cancellable job, with progress events.
async fn run_import_job<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&mut ContactBook, &mut dyn FnMut(&Progress), &AtomicBool) -> rapport_core::Result<T>
        + Send
        + 'static,
) -> AppResult<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        // Registered before the book is locked, so a cancel works while waiting for it.
        let job = state.start_job("an import")?;
        let mut book = state.book();
        let mut events = ThrottledProgress::new(&app);
        let result = work(&mut book, &mut |p| events.send(p), job.cancel_flag());
        events.flush();
        Ok(result?)
    })
    .await
    .map_err(|e| AppError::internal(format!("the import stopped unexpectedly: {e}")))?
}

/// Sends progress events at most every 100 ms; `flush` sends the last one held back.
struct ThrottledProgress<'a> {
    app: &'a AppHandle,
    last_sent: Option<Instant>,
    held: Option<Progress>,
}

impl<'a> ThrottledProgress<'a> {
    const EVERY: Duration = Duration::from_millis(100);

    fn new(app: &'a AppHandle) -> Self {
        ThrottledProgress {
            app,
            last_sent: None,
            held: None,
        }
    }

    fn send(&mut self, p: &Progress) {
        if self.last_sent.is_some_and(|t| t.elapsed() < Self::EVERY) {
            self.held = Some(*p);
            return;
        }
        self.emit(p);
    }

    fn flush(&mut self) {
        if let Some(p) = self.held.take() {
            self.emit(&p);
        }
    }

    fn emit(&mut self, p: &Progress) {
        // A window that is gone cannot show progress; the import goes on regardless.
        let _ = self.app.emit(PROGRESS_EVENT, p);
        self.last_sent = Some(Instant::now());
        self.held = None;
    }
}

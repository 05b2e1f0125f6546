//! Files in and out (import, export, backup, restore), the data folder's health,
//! the running job, and settings.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Env, JobStatus, NoArgs, Session};
use crate::desktop::{self, DesktopIntegration, DesktopIntegrationChange};
use crate::error::{Error, Result};
use crate::export::{ExportFilter, ExportFormat};
use crate::import::{self, ImportOptions, ImportReport, Preview};
use crate::search::IndexHealth;
use crate::settings::{SettingChange, Settings};
use crate::store::{BatchInfo, StoreHealth, UndoSummary};

/// Rows of a file a preview shows.
pub const PREVIEW_ROWS: u32 = 20;

/// A file to preview or import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportFileRequest {
    /// The file.
    pub path: String,
    /// Mapping, duplicates, encoding...
    #[serde(default)]
    pub options: ImportOptions,
    /// Rows shown by a preview (default [`PREVIEW_ROWS`], at most 1000).
    #[serde(default)]
    pub sample_rows: Option<u32>,
}

/// An import to undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportUndoRequest {
    /// Its batch id.
    #[ts(type = "number")]
    pub batch: i64,
}

/// What to export, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportRequest {
    /// The file format.
    pub format: ExportFormat,
    /// Which contacts (tag, ids, outreach, channel, archived).
    #[serde(default)]
    pub filter: ExportFilter,
    /// The file to write (replaced as a whole only once complete).
    pub path: String,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// Contacts (or follow-ups, for ICS) written.
    #[ts(type = "number")]
    pub count: u64,
}

/// One setting to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeSettingRequest {
    /// The change.
    pub change: SettingChange,
}

/// A backup written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupResult {
    /// The file.
    pub path: String,
}

/// A backup to restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestoreRequest {
    /// The backup file.
    pub file: String,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestoreResult {
    /// Contacts in the restored data.
    #[ts(type = "number")]
    pub contacts: u64,
    /// Where the data from before the restore was kept.
    pub previous_data: String,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckResult {
    /// `ok`, `corrupt` or `index_out_of_step`.
    pub status: String,
    /// The database.
    pub store: StoreHealth,
    /// The search index (not looked at when the database is damaged).
    pub search_index: Option<IndexHealth>,
}

fn path_of(s: &str, what: &str) -> Result<PathBuf> {
    match s.trim() {
        "" => Err(Error::invalid(what, "no file given")),
        p => Ok(PathBuf::from(p)),
    }
}

/// Reads the whole file without writing: what importing it would do.
pub fn import_preview(s: &Session, _: &Env, r: ImportFileRequest) -> Result<Preview> {
    let path = path_of(&r.path, "file")?;
    let rows = r.sample_rows.unwrap_or(PREVIEW_ROWS).min(1000) as usize;
    let job = s.start_job("an import preview")?;
    // A preview only reads: it runs beside a write.
    let book = s.read();
    import::preview(
        &book,
        &path,
        &r.options,
        rows,
        &mut |p| job.report(p),
        job.cancel_flag(),
    )
}

/// Imports a file as one undoable batch; a cancelled import keeps nothing.
pub fn import_run(s: &Session, env: &Env, r: ImportFileRequest) -> Result<ImportReport> {
    let path = path_of(&r.path, "file")?;
    let job = s.start_job("an import")?;
    let mut book = s.write()?;
    let book = &mut *book;
    let run = |book: &mut crate::ContactBook| {
        import::import_file(
            book,
            &path,
            &r.options,
            env.now,
            &mut |p| job.report(p),
            job.cancel_flag(),
        )
    };
    if std::fs::metadata(&path).map_or(true, |m| m.len() < BEHIND_READS_BYTES) {
        // Over in a moment: the open index writer serves it as it is.
        return run(book);
    }
    // The import and the index's threads run behind the user's reads.
    crate::background::run_behind_reads(|| {
        book.release_index_writer();
        let imported = run(book);
        // Later writes get a writer whose threads run at the normal priority.
        book.release_index_writer();
        imported
    })
}

/// Files from this size up (about 5,000 CSV rows, half a second's import) import behind
/// the user's reads. Below it, starting the index's threads again at the job's priority
/// cost more than the import could hold a read up: a 1,000-row import took 1.49× as long
/// (170 against 114 ms, median of 9, `--bench import`).
pub const BEHIND_READS_BYTES: u64 = 1 << 20;

/// Undoes an import batch.
pub fn import_undo(s: &Session, env: &Env, r: ImportUndoRequest) -> Result<UndoSummary> {
    import::undo_import(&mut *s.write()?, r.batch, env.now)
}

/// Import batches, newest first.
pub fn import_batches(s: &Session, _: &Env, _: NoArgs) -> Result<Vec<BatchInfo>> {
    import::batches(&s.read())
}

/// Writes the selected contacts to a file, in one path for every format (opt-outs honoured).
pub fn export_contacts(s: &Session, env: &Env, r: ExportRequest) -> Result<ExportResult> {
    let path = path_of(&r.path, "file")?;
    let _job = s.start_job("an export")?;
    let book = s.read();
    let count = crate::files::write_atomically(&path, |out| {
        crate::export::write(&book, r.format, &r.filter, env.now, out)
    })?;
    Ok(ExportResult {
        path: path.display().to_string(),
        count,
    })
}

/// The running job.
pub fn job_status(s: &Session, _: &Env, _: NoArgs) -> Result<Option<JobStatus>> {
    Ok(s.job_status())
}

/// Asks the running job to stop.
pub fn job_cancel(s: &Session, _: &Env, _: NoArgs) -> Result<bool> {
    Ok(s.cancel_job())
}

/// Every setting.
pub fn get_settings(s: &Session, env: &Env, _: NoArgs) -> Result<Settings> {
    s.read().settings(env.system_zone, &env.locale)
}

/// Changes one setting.
pub fn change_setting(s: &Session, env: &Env, r: ChangeSettingRequest) -> Result<Settings> {
    let mut book = s.write()?;
    book.change_setting_with_timer(r.change, env.desktop.as_ref())?;
    book.settings(env.system_zone, &env.locale)
}

/// Whether Rapport starts at login and reminds while closed (and whether that can be
/// changed here).
pub fn desktop_integration(s: &Session, env: &Env, _: NoArgs) -> Result<DesktopIntegration> {
    Ok(desktop::state(env.desktop.as_ref(), s.data_dir()))
}

/// Starts Rapport at login or not; raises the daily reminder while it is closed or not.
pub fn set_desktop_integration(
    s: &Session,
    env: &Env,
    r: DesktopIntegrationChange,
) -> Result<DesktopIntegration> {
    let at = s.read().reminder_time()?;
    desktop::apply(env.desktop.as_ref(), s.data_dir(), at, r)
}

/// A consistent copy of the database, in the data folder's backups.
pub fn backup(s: &Session, env: &Env, _: NoArgs) -> Result<BackupResult> {
    let _job = s.start_job("a backup")?;
    let dir = s.data_dir().join(crate::backup::BACKUP_DIR);
    crate::files::private_dir(&dir)?;
    let dest = dir.join(format!(
        "rapport-manual-{}.db",
        env.now.format("%Y%m%dT%H%M%S")
    ));
    s.read().backup_to(&dest)?;
    Ok(BackupResult {
        path: dest.display().to_string(),
    })
}

/// Replaces the data with a backup.
pub fn restore(s: &Session, env: &Env, r: RestoreRequest) -> Result<RestoreResult> {
    let file = path_of(&r.file, "backup")?;
    let _job = s.start_job("a restore")?;
    let (previous, info) = s.restore(&file, env.now)?;
    Ok(RestoreResult {
        contacts: info.contacts,
        previous_data: previous.display().to_string(),
    })
}

/// Checks the database, then the search index.
pub fn check(s: &Session, _: &Env, _: NoArgs) -> Result<CheckResult> {
    let _job = s.start_job("a check")?;
    let mut book = s.write()?;
    let store = book.check()?;
    let search_index = match store.is_ok() {
        true => Some(book.check_search()?),
        false => None,
    };
    let status = match (&search_index, store.is_ok()) {
        (_, false) => "corrupt",
        (Some(i), true) if !i.is_ok() => "index_out_of_step",
        _ => "ok",
    };
    Ok(CheckResult {
        status: status.to_string(),
        store,
        search_index,
    })
}

/// Rebuilds the search index; how many contacts it holds.
pub fn reindex(s: &Session, _: &Env, _: NoArgs) -> Result<u64> {
    let job = s.start_job("a reindex")?;
    let mut book = s.write()?;
    let mut progress = |done: usize, total: usize| {
        job.report(&import::Progress {
            rows_done: done as u64,
            bytes_done: done as u64,
            bytes_total: total as u64,
            ..Default::default()
        })
    };
    let n = book.reindex(&mut progress, job.cancel_flag())?;
    Ok(n as u64)
}

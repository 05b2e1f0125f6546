//! What the commands share: the open contact book and the running job's cancel flag.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rapport_core::ContactBook;

use crate::error::{AppError, AppResult};

/// Environment variable that overrides the data folder (tests use it).
pub const DATA_DIR_ENV: &str = "RAPPORT_DATA_DIR";

/// The data folder: `RAPPORT_DATA_DIR` when set, else the platform's.
pub fn data_dir() -> AppResult<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(d) if !d.is_empty() => Ok(PathBuf::from(d)),
        _ => rapport_core::book::default_data_dir().ok_or_else(|| {
            AppError::new(
                "no_data_dir",
                format!("no home folder to keep data in; set {DATA_DIR_ENV}"),
            )
        }),
    }
}

/// Shared by every command.
pub struct AppState {
    book: Mutex<ContactBook>,
    data_dir: PathBuf,
    job: Mutex<Option<Arc<AtomicBool>>>,
}

impl AppState {
    /// Opens the book in `dir`.
    pub fn open(dir: &Path) -> AppResult<Self> {
        let mut book = ContactBook::open(dir)?;
        book.set_fallback_region(rapport_core::phone::Region::of_system_locale());
        Ok(AppState {
            book: Mutex::new(book),
            data_dir: dir.to_path_buf(),
            job: Mutex::new(None),
        })
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The book, locked for this call. A panic in an earlier call cannot have
    /// left it half-written (every write is one SQLite transaction), so a
    /// poisoned lock is taken over.
    pub fn book(&self) -> MutexGuard<'_, ContactBook> {
        self.book.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts a cancellable job (import preview or run, export); only one at a time.
    pub fn start_job(&self, what: &str) -> AppResult<JobGuard<'_>> {
        let mut slot = self.job.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return Err(AppError::busy(what));
        }
        let flag = Arc::new(AtomicBool::new(false));
        *slot = Some(flag.clone());
        Ok(JobGuard { state: self, flag })
    }

    /// Asks the running job, if any, to stop. Returns whether one was running.
    pub fn cancel_job(&self) -> bool {
        let slot = self.job.lock().unwrap_or_else(|p| p.into_inner());
        match slot.as_ref() {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// The running job; it ends when this is dropped.
pub struct JobGuard<'a> {
    state: &'a AppState,
    flag: Arc<AtomicBool>,
}

impl JobGuard<'_> {
    /// The flag the core's pipelines poll.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.flag
    }
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        let mut slot = self.state.job.lock().unwrap_or_else(|p| p.into_inner());
        *slot = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_job_at_a_time_and_cancel_reaches_it() {
        let dir = std::env::temp_dir().join(format!("rapport-app-state-{}", std::process::id()));
        let state = AppState::open(&dir).unwrap();
        assert!(!state.cancel_job(), "nothing is running yet");
        {
            let job = state.start_job("an import").unwrap();
            let second = state.start_job("an export").err().unwrap();
            assert_eq!(second.code, "job_running");
            assert!(state.cancel_job());
            assert!(job.cancel_flag().load(Ordering::Relaxed));
        }
        let again = state.start_job("an import").unwrap();
        assert!(!again.cancel_flag().load(Ordering::Relaxed));
        drop(again);
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

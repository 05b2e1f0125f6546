//! [`Session`]: one open data folder as the commands see it. One writer (every
//! write goes through it, one at a time), one reader on its own connection (reads
//! never wait for a long write: SQLite's WAL lets it see the last commit while an
//! import writes the next chunk), and the running job, which can be cancelled and
//! reports its progress.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use serde::Serialize;
use ts_rs::TS;

use crate::book::ContactBook;
use crate::error::{Error, Result};
use crate::import::Progress;
use crate::phone::Region;

/// What runs in the background of a session, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JobStatus {
    /// What runs, in words: "an import", "an export"...
    pub what: String,
    /// How far it got, when it reports progress.
    pub progress: Option<Progress>,
}

struct Job {
    what: &'static str,
    cancel: Arc<AtomicBool>,
    progress: Arc<Mutex<Option<Progress>>>,
}

/// An open data folder shared by every command of a shell (the app, `rapport serve`).
pub struct Session {
    data_dir: PathBuf,
    fallback_region: Option<Region>,
    writer: Mutex<ContactBook>,
    reader: Mutex<ContactBook>,
    job: Mutex<Option<Job>>,
}

/// A lock that a panic left poisoned is taken over: every write is one SQLite
/// transaction, so a panic cannot have left the book half-written.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// Opens the book in `dir` (creating it), and a second connection for reads.
    /// `fallback_region` is the region of phone numbers when the user chose none
    /// (the shells pass the system locale's).
    pub fn open(dir: &Path, fallback_region: Option<Region>) -> Result<Self> {
        let mut writer = ContactBook::open(dir)?;
        writer.set_fallback_region(fallback_region);
        // The index is brought up to date once, so the reader finds it current.
        writer.index_changes();
        let mut reader = ContactBook::open(dir)?;
        reader.set_fallback_region(fallback_region);
        Ok(Session {
            data_dir: dir.to_path_buf(),
            fallback_region,
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            job: Mutex::new(None),
        })
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The book for a read. It answers while a long write runs.
    pub fn read(&self) -> MutexGuard<'_, ContactBook> {
        lock(&self.reader)
    }

    /// The book for a write. While a job holds it (an import, a restore...), a
    /// write fails at once with [`Error::BookBusy`] instead of waiting for it.
    pub fn write(&self) -> Result<MutexGuard<'_, ContactBook>> {
        match self.writer.try_lock() {
            Ok(book) => Ok(book),
            Err(TryLockError::Poisoned(p)) => Ok(p.into_inner()),
            Err(TryLockError::WouldBlock) => match self.running() {
                Some(what) => Err(Error::BookBusy {
                    running: format!("{what} is running"),
                }),
                None => Ok(lock(&self.writer)),
            },
        }
    }

    fn running(&self) -> Option<&'static str> {
        lock(&self.job).as_ref().map(|j| j.what)
    }

    /// Starts the one cancellable job (`what`: "an import", "an export"...).
    /// Fails with [`Error::BookBusy`] while another runs.
    pub fn start_job(&self, what: &'static str) -> Result<JobGuard<'_>> {
        let mut slot = lock(&self.job);
        if let Some(j) = slot.as_ref() {
            return Err(Error::BookBusy {
                running: format!("{} is running", j.what),
            });
        }
        let job = Job {
            what,
            cancel: Arc::new(AtomicBool::new(false)),
            progress: Arc::new(Mutex::new(None)),
        };
        let guard = JobGuard {
            session: self,
            cancel: job.cancel.clone(),
            progress: job.progress.clone(),
        };
        *slot = Some(job);
        Ok(guard)
    }

    /// Asks the running job to stop; returns whether one was running.
    pub fn cancel_job(&self) -> bool {
        match lock(&self.job).as_ref() {
            Some(j) => {
                j.cancel.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    /// The running job and its progress, if any.
    pub fn job_status(&self) -> Option<JobStatus> {
        lock(&self.job).as_ref().map(|j| JobStatus {
            what: j.what.to_string(),
            progress: *lock(&j.progress),
        })
    }

    /// Replaces the data with a backup: both connections are closed first and
    /// opened again on the restored file. Returns where the previous data went.
    pub fn restore(
        &self,
        file: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(PathBuf, crate::store::BackupInfo)> {
        let mut writer = self.write()?;
        let mut reader = lock(&self.reader);
        // Connections to the file being replaced are closed during the swap.
        let placeholder = || ContactBook::open_in_memory();
        drop(std::mem::replace(&mut *reader, placeholder()?));
        drop(std::mem::replace(&mut *writer, placeholder()?));
        let restored = ContactBook::restore(&self.data_dir, file, now);
        let mut w = ContactBook::open(&self.data_dir)?;
        w.set_fallback_region(self.fallback_region);
        w.index_changes();
        let mut r = ContactBook::open(&self.data_dir)?;
        r.set_fallback_region(self.fallback_region);
        *writer = w;
        *reader = r;
        restored
    }
}

/// The running job; it ends when this is dropped.
pub struct JobGuard<'a> {
    session: &'a Session,
    cancel: Arc<AtomicBool>,
    progress: Arc<Mutex<Option<Progress>>>,
}

impl JobGuard<'_> {
    /// The flag the core's pipelines poll.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Records how far the job got (what [`Session::job_status`] reports).
    pub fn report(&self, p: &Progress) {
        *lock(&self.progress) = Some(*p);
    }
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        *lock(&self.session.job) = None;
    }
}

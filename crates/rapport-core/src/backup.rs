//! Backups: one a day while the app runs (keeping the last 7 days and the last
//! 4 weeks), on demand, and restore with a safety copy of the current data.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::book::{ContactBook, DB_FILE};
use crate::error::{Error, Result};
use crate::store::{inspect_backup, BackupInfo};

/// Folder inside the data folder that holds automatic backups.
pub const BACKUP_DIR: &str = "backups";

const DAILY_KEEP: usize = 7;
const WEEKLY_KEEP: usize = 4;

fn file_name(day: NaiveDate) -> String {
    format!("rapport-{}.db", day.format("%Y-%m-%d"))
}

fn day_of(name: &str) -> Option<NaiveDate> {
    let d = name.strip_prefix("rapport-")?.strip_suffix(".db")?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Which of these backup days to keep: the newest 7 days, and the newest backup of each
/// of the 4 newest ISO weeks.
pub fn days_to_keep(mut days: Vec<NaiveDate>) -> Vec<NaiveDate> {
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    let mut keep: Vec<NaiveDate> = days.iter().take(DAILY_KEEP).copied().collect();
    let mut weeks = Vec::new();
    for d in &days {
        let w = d.iso_week();
        if !weeks.contains(&w) {
            weeks.push(w);
            if weeks.len() > WEEKLY_KEEP {
                break;
            }
            keep.push(*d);
        }
    }
    keep.sort_unstable();
    keep.dedup();
    keep
}

impl ContactBook {
    /// Writes a consistent copy of the database to `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.store().backup_to(dest)
    }

    /// Makes today's automatic backup if there is none yet, and prunes old ones.
    /// Returns the new backup's path, `None` when today's already exists (or in memory).
    pub fn auto_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        let Some(data) = self.data_dir() else {
            return Ok(None);
        };
        let dir = data.join(BACKUP_DIR);
        crate::files::private_dir(&dir)?;
        let path = dir.join(file_name(today));
        let made = if path.exists() {
            None
        } else {
            // Write under a temporary name so a crash never leaves a torn "backup".
            let tmp = dir.join(format!(".{}.partial", file_name(today)));
            let _ = std::fs::remove_file(&tmp);
            self.backup_to(&tmp)?;
            std::fs::rename(&tmp, &path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            Some(path)
        };
        prune(&dir)?;
        Ok(made)
    }

    /// Replaces the database in `data_dir` with `file` after checking it. The current
    /// database is first copied to `backups/before-restore-<time>.db`, whose path is
    /// returned. The search index is removed so it is rebuilt on the next open.
    pub fn restore(
        data_dir: &Path,
        file: &Path,
        now: DateTime<Utc>,
    ) -> Result<(PathBuf, BackupInfo)> {
        let info = inspect_backup(file)?;
        // Not under an import, an undo or another restore: their rows would be lost.
        let _long =
            crate::operation::begin(Some(data_dir), crate::operation::LongOperation::Restore)?;
        let dir = data_dir.join(BACKUP_DIR);
        crate::files::private_dir(&dir)?;
        let stamp = now.format("%Y%m%dT%H%M%S");
        let db = data_dir.join(DB_FILE);
        let safety = match ContactBook::open(data_dir) {
            Ok(current) => {
                let safety = dir.join(format!("before-restore-{stamp}.db"));
                current.backup_to(&safety)?;
                safety
            }
            // A damaged book is what a restore is for: its bytes are kept as they are.
            Err(e) if is_damaged(&e) => {
                let safety = dir.join(format!("damaged-before-restore-{stamp}.db"));
                std::fs::copy(&db, &safety).map_err(|source| Error::Io {
                    path: safety.clone(),
                    source,
                })?;
                crate::files::make_private(&safety)?;
                safety
            }
            Err(e) => return Err(e),
        };
        let tmp = data_dir.join(format!("{DB_FILE}.restoring"));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        std::fs::copy(file, &tmp).map_err(io(&tmp))?;
        // A copy takes the backup's mode; the book is the user's alone.
        crate::files::make_private(&tmp)?;
        for suffix in ["-wal", "-shm"] {
            let side = data_dir.join(format!("{DB_FILE}{suffix}"));
            if side.exists() {
                std::fs::remove_file(&side).map_err(io(&side))?;
            }
        }
        std::fs::rename(&tmp, &db).map_err(io(&db))?;
        let index = data_dir.join("index");
        if index.exists() {
            std::fs::remove_dir_all(&index).map_err(io(&index))?;
        }
        // Opening migrates an older backup and proves the result is usable.
        ContactBook::open(data_dir)?;
        Ok((safety, info))
    }
}

/// The book's file is not a database, or a damaged one (not busy, not newer).
fn is_damaged(e: &Error) -> bool {
    matches!(
        e,
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

fn prune(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut found = Vec::new();
    for e in entries.flatten() {
        if let Some(day) = e.file_name().to_str().and_then(day_of) {
            found.push((day, e.path()));
        }
    }
    let keep = days_to_keep(found.iter().map(|(d, _)| *d).collect());
    for (day, path) in found {
        if !keep.contains(&day) {
            std::fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContactDraft;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn keeps_seven_days_and_four_weeks() {
        let days: Vec<_> = (0..60)
            .map(|i| d("2026-11-23") - chrono::Days::new(i))
            .collect();
        let keep = days_to_keep(days);
        // 7 newest days: 17–23 Nov; plus the newest of each of the 4 newest ISO weeks:
        // 23 Nov (Mon, week 48), 22 Nov (week 47), 15 Nov (week 46), 8 Nov (week 45).
        let want: Vec<_> = [
            "2026-11-08",
            "2026-11-15",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20",
            "2026-11-21",
            "2026-11-22",
            "2026-11-23",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        assert_eq!(keep, want);
    }

    #[test]
    fn auto_backup_once_a_day_and_restore_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let now = "2026-11-23T08:00:00Z".parse().unwrap();
        let mut book = ContactBook::open(&data).unwrap();
        book.add_contact(ContactDraft::named("Before"), now)
            .unwrap();
        let first = book.auto_backup(d("2026-11-23")).unwrap().unwrap();
        assert!(
            book.auto_backup(d("2026-11-23")).unwrap().is_none(),
            "once a day"
        );
        assert_eq!(inspect_backup(&first).unwrap().contacts, 1);

        book.add_contact(ContactDraft::named("After"), now).unwrap();
        drop(book);
        let (safety, info) = ContactBook::restore(&data, &first, now).unwrap();
        assert_eq!(info.contacts, 1);
        assert_eq!(
            inspect_backup(&safety).unwrap().contacts,
            2,
            "current data kept"
        );
        let book = ContactBook::open(&data).unwrap();
        assert_eq!(book.store().count_contacts().unwrap(), 1);
    }

    #[test]
    fn restore_refuses_a_bad_file_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let now = "2026-11-23T08:00:00Z".parse().unwrap();
        let mut book = ContactBook::open(&data).unwrap();
        book.add_contact(ContactDraft::named("Keep me"), now)
            .unwrap();
        drop(book);
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, vec![0x42; 10_000]).unwrap();
        let err = ContactBook::restore(&data, &junk, now).unwrap_err();
        assert!(err.to_string().contains("junk.db"), "{err}");
        assert!(ContactBook::restore(&data, &dir.path().join("missing.db"), now).is_err());
        let book = ContactBook::open(&data).unwrap();
        assert_eq!(book.store().count_contacts().unwrap(), 1);
    }
}

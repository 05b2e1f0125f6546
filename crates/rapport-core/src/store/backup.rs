//! Consistent copies of the database file.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{Store, SCHEMA_VERSION};
use crate::error::{Error, Result};

impl Store {
    /// Writes a consistent, compacted copy of the database to `dest` (which must not
    /// exist) with `VACUUM INTO`: it reads one snapshot, so writes made meanwhile by this
    /// or another process do not tear it.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::invalid(
                "backup",
                format!("{} already exists", dest.display()),
            ));
        }
        let dest_text = dest
            .to_str()
            .ok_or_else(|| Error::invalid("backup", "the backup path is not valid UTF-8"))?;
        // Created owner-only first: VACUUM INTO keeps an empty file's mode.
        crate::files::create_private_new(dest)?;
        if let Err(e) = self.conn.execute("VACUUM INTO ?1", [dest_text]) {
            let _ = std::fs::remove_file(dest);
            return Err(e.into());
        }
        Ok(())
    }
}

/// What a candidate backup file holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupInfo {
    /// Its schema version.
    pub schema_version: i64,
    /// Live contacts in it.
    pub contacts: u64,
}

/// Checks that `file` is a sound Rapport database this build can open, without changing it.
pub fn inspect_backup(file: &Path) -> Result<BackupInfo> {
    let bad = |reason: String| Error::invalid("backup", format!("{}: {reason}", file.display()));
    if !file.is_file() {
        return Err(bad("no such file".into()));
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(format!("cannot be opened: {e}")))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| bad(format!("is not an SQLite database ({e})")))?;
    if version > SCHEMA_VERSION {
        return Err(bad(format!(
            "was written by a newer Rapport (schema {version}, this build knows {SCHEMA_VERSION})"
        )));
    }
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| bad(format!("failed its integrity check ({e})")))?;
    if integrity != "ok" {
        return Err(bad(format!("failed its integrity check: {integrity}")));
    }
    let contacts: u64 = conn
        .query_row(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .map_err(|_| bad("is not a Rapport database (no contacts table)".into()))?;
    Ok(BackupInfo {
        schema_version: version,
        contacts,
    })
}

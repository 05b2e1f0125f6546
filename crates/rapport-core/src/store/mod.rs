//! The SQLite store: the source of truth. All SQL of Rapport lives in this
//! module and its children.

mod backup;
mod bulk;
mod campaigns;
mod capture;
mod care;
mod cases;
mod contact_list;
mod contacts;
mod damaged;
mod deals;
mod export;
mod followups;
mod import;
mod interactions;
mod journal;
mod mail_accounts;
mod optout;
mod phrase;
mod report;
mod row_buffer;
mod search;
mod segments;
mod settings;
mod today;
mod undo;
mod value;

pub use deals::OpenStageRow;
pub use today::{CadenceRow, DueFollowUpRow, ListedContact, OccasionRow};
pub use value::{CustomerRow, WonDealRow};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use backup::{inspect_backup, BackupInfo};
pub use capture::{CapturedInteraction, ChunkOutcome, SentToRow, SuggestionRow};
pub use damaged::{DamagedRow, Repair};
pub use export::ExportWidths;
pub use import::{BatchCounts, BatchInfo, ChunkWriter};
pub use journal::{UndoStep, UndoStepId};
pub use mail_accounts::FolderState;
pub use undo::UndoSummary;

use crate::error::{Error, Result};

/// Numbered migrations, embedded in the binary. Never edit a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_cadence_rules.sql"),
    include_str!("migrations/0003_cadence_due.sql"),
    include_str!("migrations/0004_import.sql"),
    include_str!("migrations/0005_value.sql"),
    include_str!("migrations/0006_cadence_guards.sql"),
    include_str!("migrations/0007_cadence_on_insert_in_code.sql"),
    include_str!("migrations/0008_tag_links_in_code.sql"),
    include_str!("migrations/0009_stage_check_without_in.sql"),
    include_str!("migrations/0010_drop_company_index.sql"),
    include_str!("migrations/0012_import_source.sql"),
    include_str!("migrations/0014_undo_in_chunks.sql"),
    include_str!("migrations/0016_capture.sql"),
    include_str!("migrations/0018_segments.sql"),
    include_str!("migrations/0019_follow_up_references.sql"),
    include_str!("migrations/0020_name_sort_key.sql"),
    include_str!("migrations/0021_mail_accounts.sql"),
    include_str!("migrations/0022_book_id.sql"),
    include_str!("migrations/0023_list_order_index.sql"),
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// A handle on the database file.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// What reads skipped for a bad stored value.
    skipped: damaged::Skipped,
}

/// What `check` reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StoreHealth {
    /// `ok` or the problems `PRAGMA integrity_check` found.
    pub integrity: Vec<String>,
    /// The schema version of the file.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Problems with foreign keys.
    #[ts(type = "number")]
    pub foreign_key_violations: usize,
    /// Contacts not deleted (archived ones included).
    #[ts(type = "number")]
    pub contacts: u64,
    /// Interactions of those contacts.
    #[ts(type = "number")]
    pub interactions: u64,
}

impl StoreHealth {
    /// No problem found.
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"] && self.foreign_key_violations == 0
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A file written by a newer Rapport is refused without being changed.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::init(conn, Some(path.to_path_buf()))
    }

    /// A second, read-only connection to the database of this store (`None`
    /// for one in memory): another thread reads what this one has committed
    /// while it goes on writing (WAL).
    pub fn open_reader(&self) -> Result<Option<Self>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // It reads each chunk a bulk write commits once, right after the
        // commit: a small cache serves that, and a large one would only grow
        // with the write (to 32 MB more heap in a 1M-row import).
        conn.execute_batch("PRAGMA cache_size = -4000;")?;
        Ok(Some(Store {
            conn,
            path: Some(path.clone()),
            skipped: Default::default(),
        }))
    }

    /// A private in-memory database, for tests and dry runs.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        conn.busy_timeout(Duration::from_secs(5))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                path: path.unwrap_or_default(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        // Not a database at all: fail before writing anything.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        if path.is_some() {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            debug_assert_eq!(mode.to_lowercase(), "wal");
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32000;",
        )?;
        let mut store = Store {
            conn,
            path,
            skipped: Default::default(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Applies the migrations this file lacks, all in one transaction.
    fn migrate(&mut self) -> Result<()> {
        Self::migrate_to(&mut self.conn, SCHEMA_VERSION)?;
        self.fill_name_sort_keys()
    }

    /// Computes the sort key of names written without one (rows from before the
    /// key existed, or written by another program): at most once per row.
    fn fill_name_sort_keys(&mut self) -> Result<()> {
        let missing: Vec<(i64, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, display_name FROM contacts WHERE name_sort_key IS NULL")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if missing.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        {
            let mut update = tx.prepare("UPDATE contacts SET name_sort_key = ?2 WHERE id = ?1")?;
            for (id, name) in &missing {
                update.execute(rusqlite::params![id, crate::contacts::name_sort_key(name)])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
        // A book already at the schema needs no lock at all: a read command opens it
        // while another process writes (the write lock is taken only to migrate).
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found >= target {
            return Ok(());
        }
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().take(target as usize) {
            let version = i as i64 + 1;
            if version > current {
                tx.execute_batch(sql)?;
            }
        }
        if target > current {
            tx.pragma_update(None, "user_version", target)?;
            // A migration may edit a table's text in place (0009), which does not
            // change the schema cookie: other connections must reread the schema.
            let cookie: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
            tx.pragma_update(None, "schema_version", cookie + 1)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The database file, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `PRAGMA integrity_check` and `foreign_key_check`.
    pub fn health(&self) -> Result<StoreHealth> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let integrity = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let foreign_key_violations = stmt.query_map([], |_| Ok(()))?.count();
        let contacts = self.conn.query_row(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        let interactions = self.conn.query_row(
            "SELECT count(*) FROM interactions i JOIN contacts c ON c.id = i.contact_id
             WHERE c.deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(StoreHealth {
            integrity,
            schema_version: self.schema_version()?,
            foreign_key_violations,
            contacts,
            interactions,
        })
    }

    /// Highest search-outbox sequence number ever handed out, 0 when none
    /// (still known after the entries are trimmed).
    pub fn outbox_head(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'search_outbox'), 0),
                            coalesce((SELECT max(seq) FROM search_outbox), 0))",
                [],
                |r| r.get::<_, i64>(0),
            )?)
    }

    /// Contacts changed after outbox sequence `after`, with the newest sequence number.
    pub fn outbox_since(&self, after: i64) -> Result<(Vec<crate::ContactId>, i64)> {
        let (entries, head) = self.outbox_entries_since(after)?;
        Ok((entries.into_iter().map(|(id, _)| id).collect(), head))
    }

    /// [`Store::outbox_since`] with how many entries each contact has (more than
    /// one: it changed again after the change that queued it).
    pub fn outbox_entries_since(&self, after: i64) -> Result<(Vec<(crate::ContactId, u32)>, i64)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, max(seq), count(*) FROM search_outbox WHERE seq > ?1
             GROUP BY contact_id",
        )?;
        let mut entries = Vec::new();
        let mut head = after;
        let rows = stmt.query_map([after], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?;
        for row in rows {
            let (id, seq, n) = row?;
            entries.push((crate::ContactId(id), n));
            head = head.max(seq);
        }
        Ok((entries, head))
    }

    /// Forgets outbox entries up to `upto` (they are in the index).
    pub fn outbox_trim(&self, upto: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM search_outbox WHERE seq <= ?1", [upto])?;
        Ok(())
    }

    /// Runs `f` in an immediate transaction; inside [`Store::begin`] it is part
    /// of that transaction (so several writes commit together or not at all).
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f(&self.conn);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Starts one immediate transaction that every write until
    /// [`Store::commit`] or [`Store::rollback`] joins. Immediate: the write
    /// lock is taken before the first read, so what a command reads is still
    /// what it writes over (no other process writes in between).
    pub(crate) fn begin(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// Commits the transaction [`Store::begin`] started (rolled back if the commit fails).
    pub(crate) fn commit(&mut self) -> Result<()> {
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            self.rollback();
            return Err(e.into());
        }
        Ok(())
    }

    /// Drops everything written since [`Store::begin`].
    pub(crate) fn rollback(&mut self) {
        if !self.conn.is_autocommit() {
            // Fails only when SQLite already rolled back on its own.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// Whether a transaction from [`Store::begin`] is open.
    pub(crate) fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }
}

fn opt_row<T>(r: rusqlite::Result<T>) -> Result<Option<T>> {
    Ok(r.optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_check_needs_no_ephemeral_table_and_still_holds() {
        let s = Store::open_in_memory().unwrap();
        let sql: String = s
            .conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'contacts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            sql.contains("stage = 'lead' OR stage = 'prospect'"),
            "{sql}"
        );
        let insert =
            "INSERT INTO contacts (display_name, stage, do_not_contact, created_at, updated_at)
                      VALUES ('a', ?1, 0, 'x', 'x')";
        let plan: Vec<String> = s
            .conn
            .prepare(&format!("EXPLAIN {insert}"))
            .unwrap()
            .query_map(["lead"], |r| r.get(1))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!plan.iter().any(|op| op == "OpenEphemeral"), "{plan:?}");
        for stage in ["lead", "prospect", "customer", "dormant", "lost"] {
            s.conn.execute(insert, [stage]).unwrap();
        }
        s.conn
            .execute(insert, [rusqlite::types::Null])
            .expect("no stage is allowed");
        assert!(s.conn.execute(insert, ["partner"]).is_err());
        assert!(s.health().unwrap().is_ok());
    }

    #[test]
    fn the_company_order_needs_no_company_index() {
        use crate::contacts::{ContactDraft, ContactQuery, ContactSort};
        let mut s = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        for (name, company) in [
            ("Zoe", Some("acme")),
            ("Bo", None),
            ("Al", Some("Beta")),
            ("Cy", Some("ACME")),
        ] {
            let d = ContactDraft {
                display_name: name.into(),
                company: company.map(String::from),
                ..Default::default()
            };
            s.insert_contact(&d, now).unwrap();
        }
        let q = ContactQuery {
            sort: ContactSort::Company,
            ..Default::default()
        };
        let names: Vec<String> = s
            .list_contacts(&q)
            .unwrap()
            .into_iter()
            .map(|c| c.display_name)
            .collect();
        // Company case-insensitively, then name; no company last.
        let no_company_last = names.last().map(String::as_str) == Some("Bo");
        assert!(no_company_last, "{names:?}");
        let with_company: Vec<&str> = names[..3].iter().map(String::as_str).collect();
        assert_eq!(with_company, ["Cy", "Zoe", "Al"]);
        // Migration 0010: an index no query used cost every imported contact an insert.
        let indexes: i64 = s
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'contacts_by_company'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 0);
    }

    #[test]
    fn new_store_is_at_latest_version_and_healthy() {
        let s = Store::open_in_memory().unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(s.health().unwrap().is_ok());
    }

    #[test]
    fn old_file_is_upgraded_keeping_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Store::migrate_to(&mut conn, 1).unwrap();
            conn.execute(
                "INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('老客户', 't', 't')",
                [],
            )
            .unwrap();
            let v: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, 1);
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let name: String = s
            .conn
            .query_row("SELECT display_name FROM contacts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "老客户");
        let rules: i64 = s
            .conn
            .query_row("SELECT count(*) FROM cadence_rules", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rules, 0);
    }

    #[test]
    fn newer_file_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert_eq!(err.code(), "schema_too_new");
        assert!(err.to_string().contains("999"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("new.db-wal").exists());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, b"this is not sqlite at all, just some text").unwrap();
        assert!(Store::open(&path).is_err());
    }
}

//! Key/value settings.

use rusqlite::params;

use super::{opt_row, Store};
use crate::error::Result;

impl Store {
    /// A setting's value, `None` when unset.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        opt_row(
            self.conn
                .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
                .query_row([key], |r| r.get(0)),
        )
    }

    /// This book's identity (made by its migration; a book in memory has a fixed one).
    pub fn book_id(&self) -> Result<String> {
        Ok(self.setting("book_id")?.unwrap_or_default())
    }

    /// Sets a setting.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Removes a setting.
    pub fn clear_setting(&mut self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }
}

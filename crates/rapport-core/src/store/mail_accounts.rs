//! Mail accounts, and how far each of their folders has been read.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::Store;
use crate::capture::mail_accounts::{MailAccount, MailServer, Security};
use crate::dates::{instant_from_text, instant_to_text};
use crate::error::{Error, Result};

/// How far a folder has been read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderState {
    /// The folder's UIDVALIDITY when it was read.
    pub uid_validity: u32,
    /// Every message up to this UID has been read.
    pub last_uid: u32,
}

const COLUMNS: &str =
    "id, host, port, security, login, folders, pinned_sha256, last_sync_at FROM mail_accounts";

fn account(r: &Row) -> rusqlite::Result<(MailAccount, Option<String>, Option<String>)> {
    let security: String = r.get(3)?;
    Ok((
        MailAccount {
            id: r.get(0)?,
            server: MailServer {
                host: r.get(1)?,
                port: r.get(2)?,
                security: if security == "starttls" {
                    Security::Starttls
                } else {
                    Security::Tls
                },
                pinned_certificate: r.get(6)?,
            },
            login: r.get(4)?,
            folders: Vec::new(),
            last_sync_at: None,
        },
        r.get(5)?,
        r.get(7)?,
    ))
}

fn finish(row: (MailAccount, Option<String>, Option<String>)) -> Result<MailAccount> {
    let (mut a, folders, last) = row;
    if let Some(f) = folders {
        a.folders = serde_json::from_str(&f).map_err(|e| {
            Error::invalid("folders", format!("stored folder list unreadable: {e}"))
        })?;
    }
    a.last_sync_at = last.as_deref().map(instant_from_text).transpose()?;
    Ok(a)
}

/// Refuses a server and login an account already has.
fn refuse_added(conn: &rusqlite::Connection, server: &MailServer, login: &str) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM mail_accounts WHERE host = ?1 AND port = ?2 AND login = ?3)",
        params![server.host, server.port, login],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::invalid(
            "account",
            format!("{login} on {server} is already added"),
        ));
    }
    Ok(())
}

impl Store {
    /// Refuses a server and login an account already has ("already added").
    pub fn refuse_added_mail_account(&self, server: &MailServer, login: &str) -> Result<()> {
        refuse_added(&self.conn, server, login)
    }

    /// Every mail account, oldest first.
    pub fn mail_accounts(&self) -> Result<Vec<MailAccount>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} ORDER BY id"))?;
        let rows = stmt.query_map([], account)?;
        rows.map(|r| finish(r?)).collect()
    }

    /// One mail account.
    pub fn mail_account(&self, id: i64) -> Result<Option<MailAccount>> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} WHERE id = ?1"), [id], account)
            .optional()?
            .map(finish)
            .transpose()
    }

    /// Adds an account (its `id` is ignored); returns its id. The same server and
    /// login twice is refused.
    pub fn insert_mail_account(&mut self, a: &MailAccount, now: DateTime<Utc>) -> Result<i64> {
        let folders =
            (!a.folders.is_empty()).then(|| serde_json::to_string(&a.folders).unwrap_or_default());
        self.write(|tx| {
            refuse_added(tx, &a.server, &a.login)?;
            tx.execute(
                "INSERT INTO mail_accounts (host, port, security, login, folders, pinned_sha256, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    a.server.host,
                    a.server.port,
                    a.server.security.as_str(),
                    a.login,
                    folders,
                    a.server.pinned_certificate,
                    instant_to_text(now),
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Removes an account and what it knew of its folders (the interactions stay).
    /// Whether there was one.
    pub fn remove_mail_account(&mut self, id: i64) -> Result<bool> {
        self.write(|tx| Ok(tx.execute("DELETE FROM mail_accounts WHERE id = ?1", [id])? > 0))
    }

    /// How far a folder of an account has been read, if at all.
    pub fn folder_state(&self, account: i64, folder: &str) -> Result<Option<FolderState>> {
        Ok(self
            .conn
            .query_row(
                "SELECT uid_validity, last_uid FROM mail_folder_state WHERE account_id = ?1 AND folder = ?2",
                params![account, folder],
                |r| {
                    Ok(FolderState {
                        uid_validity: r.get(0)?,
                        last_uid: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records how far a folder has been read (joins the open transaction, if any).
    pub fn set_folder_state(
        &mut self,
        account: i64,
        folder: &str,
        state: FolderState,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO mail_folder_state (account_id, folder, uid_validity, last_uid)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id, folder) DO UPDATE
                 SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid",
                params![account, folder, state.uid_validity, state.last_uid],
            )?;
            Ok(())
        })
    }

    /// Records when an account was last read to the end.
    pub fn set_mail_account_synced(&mut self, account: i64, at: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE mail_accounts SET last_sync_at = ?2 WHERE id = ?1",
                params![account, instant_to_text(at)],
            )?;
            Ok(())
        })
    }
}

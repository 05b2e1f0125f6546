//! `mail sync`: the new messages of a mail account's folders become email
//! interactions, by the rules of [`super::mail_import`].
//!
//! - Read-only: folders are opened with EXAMINE and only the header fields
//!   the rules need are fetched (`BODY.PEEK[HEADER.FIELDS ...]`), so a 50 MB
//!   attachment costs nothing and no flag changes on the server.
//! - Incremental: each folder remembers its UIDVALIDITY and the last UID
//!   read, written in the same transaction as the interactions of each
//!   chunk. A sync cut short (the connection lost, the app closed) keeps
//!   what it wrote and the next one goes on from there; nothing is doubled.
//!   When the server renumbers a folder (a new UIDVALIDITY), it is read
//!   again from the start and what was captured is recognised by its
//!   Message-ID.
//! - Messages in the Sent folder, and messages from the login when it is an
//!   address, are outbound, beside the user's own addresses.
//! - Each sync is one import batch: undoing it removes what it added (later
//!   syncs go on from where it got to; they do not bring it back).
//! - The book is held only while a chunk is written, never while the
//!   server is being waited for: the app stays usable during a sync.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::imap::{self, ImapSession};
use super::mail_accounts::{self, MailAccount};
use super::mail_import::{MailImportSummary, Matcher, Pending};
use super::message::{HeaderBlock, HeaderEnd, MAX_HEADER_BYTES};
use super::BookAccess;
use crate::book::ContactBook;
use crate::error::{Error, Result};
use crate::secrets;
use crate::store::{BatchCounts, FolderState};

/// Setting key: minutes between syncs while the app runs.
pub const SETTING_SYNC_MINUTES: &str = "mail_sync_minutes";

/// Minutes between syncs while the app runs; `None`: only when the user asks.
pub fn sync_minutes(book: &ContactBook) -> Result<Option<u32>> {
    Ok(book
        .store()
        .setting(SETTING_SYNC_MINUTES)?
        .and_then(|v| v.parse().ok()))
}

/// Sets the minutes between syncs (5–1440), or turns the background sync off.
pub fn set_sync_minutes(book: &mut ContactBook, minutes: Option<u32>) -> Result<()> {
    match minutes {
        None => book.store_mut().clear_setting(SETTING_SYNC_MINUTES),
        Some(m) if (5..=1440).contains(&m) => book
            .store_mut()
            .set_setting(SETTING_SYNC_MINUTES, &m.to_string()),
        Some(_) => Err(Error::invalid(
            "mail sync minutes",
            "must be 5–1440 minutes (or off)",
        )),
    }
}

/// Messages fetched and written per round.
pub const CHUNK: usize = 500;

/// The header fields the rules read; nothing else is fetched.
const FIELDS: &str = "FROM TO CC BCC DATE SUBJECT MESSAGE-ID LIST-ID LIST-UNSUBSCRIBE PRECEDENCE AUTO-SUBMITTED X-AUTOREPLY X-AUTORESPOND";

/// Which accounts to sync.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailSyncRequest {
    /// One account; none: every account.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub account: Option<i64>,
}

/// What a sync read of one folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FolderSync {
    /// The folder.
    pub folder: String,
    /// New messages read.
    #[ts(type = "number")]
    pub messages: u64,
    /// The server renumbered the folder, so it was read again from the start.
    pub renumbered: bool,
}

/// What a sync of one account did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailSyncSummary {
    /// The account.
    #[ts(type = "number")]
    pub account: i64,
    /// `login@host:port`.
    pub name: String,
    /// Each folder read.
    pub folders: Vec<FolderSync>,
    /// What the messages became (as for a file import; `files` counts folders).
    pub counts: MailImportSummary,
}

/// How far a sync has got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    /// The folder being read.
    pub folder: String,
    /// New messages of the folder read so far.
    #[ts(type = "number")]
    pub done: u64,
    /// New messages in the folder.
    #[ts(type = "number")]
    pub total: u64,
}

/// Syncs one account with the password from the keyring.
pub fn sync(
    book: &impl BookAccess,
    account: i64,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&SyncProgress),
    cancel: &AtomicBool,
) -> Result<MailSyncSummary> {
    let account = book.with_book(|b| mail_accounts::account(b, account))?;
    let password = secrets::password(&account.uri())?;
    sync_with_password(book, &account, &password, now, progress, cancel)
}

/// Syncs one account (see the module's rules).
pub fn sync_with_password(
    book: &impl BookAccess,
    account: &MailAccount,
    password: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&SyncProgress),
    cancel: &AtomicBool,
) -> Result<MailSyncSummary> {
    let server = &account.server;
    // One import at a time per data folder (another process's sync or file import).
    let _lock = book.with_book(|b| b.import_lock())?;
    let mut session = imap::login(server, &account.login, password)?;
    let listed = imap::list_folders(server, &mut session)?;
    let (folders, sent) = mail_accounts::folders_to_read(&account.folders, &listed)?;
    let (contacts, mut own, batch) = book.with_book(|b| {
        let contacts = b.store().contacts_by_email()?;
        let own = super::own_set(b)?;
        let batch = b.store_mut().begin_import_batch(
            &account.uri(),
            &serde_json::json!({ "kind": "imap", "account": account.id }).to_string(),
            now,
        )?;
        Ok((contacts, own, batch))
    })?;
    if crate::contacts::looks_like_email(&account.login) {
        own.insert(super::address::key(&account.login));
    }
    let matcher = Matcher {
        own,
        contacts: &contacts,
    };
    let mut summary = MailSyncSummary {
        account: account.id,
        name: account.name(),
        folders: Vec::new(),
        counts: MailImportSummary {
            batch,
            own_addresses: matcher.own.len() as u64,
            ..Default::default()
        },
    };
    let mut outcome = Ok(());
    for folder in &folders {
        let sent_folder = sent.as_deref() == Some(folder.as_str());
        let mut round = Round {
            book,
            session: &mut session,
            account,
            matcher: &matcher,
            summary: &mut summary,
            now,
        };
        outcome = round.folder(folder, sent_folder, progress, cancel);
        if outcome.is_err() {
            break;
        }
    }
    let _ = session.logout();
    let s = &mut summary.counts;
    let counts = BatchCounts {
        rows: s.messages,
        skipped: s.messages - s.created.min(s.messages),
        errors: s.problems.len() as u64,
        ..Default::default()
    };
    let status = match &outcome {
        Ok(()) => "complete",
        Err(Error::Cancelled) => "cancelled",
        Err(_) => "failed",
    };
    let created = s.created;
    book.with_book(|b| {
        b.store_mut()
            .finish_import_batch(batch, status, &counts, now)?;
        if outcome.is_ok() {
            b.store_mut().set_mail_account_synced(account.id, now)?;
        }
        s.suggestions = b
            .store()
            .mail_suggestions(super::suggestions::MIN_MESSAGES)?
            .len() as u64;
        // The store holds the sync; an index that cannot follow now catches up later.
        let _ = b.sync_search();
        Ok(())
    })?;
    match outcome {
        Ok(()) => Ok(summary),
        Err(Error::MailServer { server, reason }) => Err(Error::MailServer {
            server,
            reason: format!(
                "{reason}. The {created} interactions written before it are kept; the next sync goes on from there"
            ),
        }),
        Err(e) => Err(e),
    }
}

/// One folder's sync, a chunk at a time.
struct Round<'a, B: BookAccess> {
    book: &'a B,
    session: &'a mut ImapSession,
    account: &'a MailAccount,
    matcher: &'a Matcher<'a>,
    summary: &'a mut MailSyncSummary,
    now: DateTime<Utc>,
}

impl<B: BookAccess> Round<'_, B> {
    fn folder(
        &mut self,
        folder: &str,
        sent_folder: bool,
        progress: &mut dyn FnMut(&SyncProgress),
        cancel: &AtomicBool,
    ) -> Result<()> {
        let server = &self.account.server;
        let mailbox = self
            .session
            .examine(folder)
            .map_err(|e| imap::imap_error(server, e))?;
        let Some(uid_validity) = mailbox.uid_validity else {
            return Err(Error::MailServer {
                server: server.to_string(),
                reason: format!("folder '{folder}' has no UIDVALIDITY"),
            });
        };
        let account = self.account.id;
        let known = self
            .book
            .with_book(|b| b.store().folder_state(account, folder))?;
        let renumbered = known.is_some_and(|k| k.uid_validity != uid_validity);
        let last = match known {
            Some(k) if k.uid_validity == uid_validity => k.last_uid,
            _ => 0,
        };
        let mut uids: Vec<u32> = if mailbox.exists == 0 {
            Vec::new()
        } else {
            self.session
                .uid_search(format!("UID {}:*", last.saturating_add(1)))
                .map_err(|e| imap::imap_error(server, e))?
                .into_iter()
                .filter(|&u| u > last)
                .collect()
        };
        uids.sort_unstable();
        self.summary.counts.files += 1;
        let mut done = FolderSync {
            folder: folder.to_string(),
            messages: 0,
            renumbered,
        };
        let total = uids.len() as u64;
        progress(&SyncProgress {
            folder: folder.to_string(),
            done: 0,
            total,
        });
        if uids.is_empty() {
            let state = FolderState {
                uid_validity,
                last_uid: last,
            };
            self.book
                .with_book(|b| b.store_mut().set_folder_state(account, folder, state))?;
        }
        let source = PathBuf::from(format!("{}/{folder}", self.summary.name));
        let query = format!("(UID BODY.PEEK[HEADER.FIELDS ({FIELDS})])");
        for chunk in uids.chunks(CHUNK) {
            if cancel.load(Ordering::Relaxed) {
                self.summary.folders.push(done);
                return Err(Error::Cancelled);
            }
            let fetches = self
                .session
                .uid_fetch(imap::uid_set(chunk), &query)
                .map_err(|e| imap::imap_error(server, e))?;
            let mut pending = Pending::default();
            let counts = &mut self.summary.counts;
            for f in fetches.iter() {
                let Some(uid) = f.uid else { continue };
                let header = f.header().unwrap_or_default();
                let block = HeaderBlock {
                    bytes: header[..header.len().min(MAX_HEADER_BYTES)].to_vec(),
                    oversized: header.len() > MAX_HEADER_BYTES,
                    end: HeaderEnd::Blank,
                };
                counts.messages += 1;
                done.messages += 1;
                self.matcher.consider(
                    &source,
                    u64::from(uid),
                    &block,
                    true,
                    sent_folder,
                    counts,
                    &mut pending,
                );
            }
            let state = FolderState {
                uid_validity,
                last_uid: chunk.last().copied().unwrap_or(last),
            };
            let (batch, now) = (counts.batch, self.now);
            let written = self.book.with_book(|b| {
                b.atomically_unsynced(|b| {
                    let o = b.store_mut().write_captured(
                        Some(batch),
                        &pending.items,
                        &pending.sent_to,
                        now,
                    )?;
                    b.store_mut().set_folder_state(account, folder, state)?;
                    Ok(o)
                })
            })?;
            counts.created += written.created;
            counts.already_imported += written.known;
            progress(&SyncProgress {
                folder: folder.to_string(),
                done: done.messages,
                total,
            });
        }
        self.summary.folders.push(done);
        Ok(())
    }
}

//! Logging in plain words, and what mail and calendar files bring in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Env, NoArgs, Session};
use crate::book::ContactBook;
use crate::capture::calendar::{self, CalendarImportRequest, CalendarImportSummary};
use crate::capture::mail_accounts::{
    self, MailAccount, MailAccountAdded, MailAccountDraft, MailAccountRequest,
};
use crate::capture::mail_import::{self, MailImportRequest, MailImportSummary};
use crate::capture::mail_sync::{self, MailSyncRequest, MailSyncSummary};
use crate::capture::suggestions::{self, AcceptedSuggestion, Suggestion};
use crate::capture::BookAccess;
use crate::error::Result;
use crate::import::Progress;
use crate::phrase::{CapturePreview, CaptureRequest, CaptureUndo, Captured};

/// A suggested contact, by its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SuggestionRequest {
    /// The address the suggestion is for.
    pub address: String,
}

/// What a phrase would write (contact, interaction, follow-up), without writing.
pub fn capture_preview(s: &Session, env: &Env, r: CaptureRequest) -> Result<CapturePreview> {
    // On the writer: naming the contact searches, and the writer's index is current.
    let mut book = s.write()?;
    let tz = env.zone(&book)?;
    book.preview_capture(&r, env.now, tz)
}

/// Writes what a phrase says; undoable with [`capture_undo`].
pub fn capture(s: &Session, env: &Env, r: CaptureRequest) -> Result<Captured> {
    let mut book = s.write()?;
    let tz = env.zone(&book)?;
    book.capture(&r, env.now, tz)
}

/// Which capture to undo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaptureUndoRequest {
    /// What the capture wrote (its `undo`); none: the latest capture not yet undone.
    #[serde(default)]
    pub undo: Option<CaptureUndo>,
}

/// Undoes a capture: the one given, else the latest not yet undone.
pub fn capture_undo(s: &Session, _: &Env, r: CaptureUndoRequest) -> Result<CaptureUndo> {
    let mut book = s.write()?;
    match r.undo {
        Some(undo) => {
            book.undo_capture(undo)?;
            Ok(undo)
        }
        None => book.undo_last_capture(),
    }
}

/// Logs the emails of an mbox, `.eml`, Maildir or folder as interactions (undoable batch).
pub fn mail_import(s: &Session, env: &Env, r: MailImportRequest) -> Result<MailImportSummary> {
    let job = s.start_job("a mail import")?;
    let mut book = s.write()?;
    let mut progress = |p: &mail_import::MailProgress| {
        job.report(&Progress {
            rows_done: p.messages,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
            ..Default::default()
        })
    };
    mail_import::import_mail(&mut book, &r, env.now, &mut progress, job.cancel_flag())
}

/// Logs the past meetings of an `.ics` file as interactions (undoable batch).
pub fn calendar_import(
    s: &Session,
    env: &Env,
    r: CalendarImportRequest,
) -> Result<CalendarImportSummary> {
    let _job = s.start_job("a calendar import")?;
    let mut book = s.write()?;
    let zone = env.zone(&book)?;
    calendar::import_calendar(&mut book, &r, env.now, zone)
}

/// People the user emails often who are not contacts yet.
pub fn mail_suggestions(s: &Session, _: &Env, _: NoArgs) -> Result<Vec<Suggestion>> {
    suggestions::suggestions(&s.read())
}

/// Makes a suggestion a contact, with its emails on the timeline.
pub fn accept_suggestion(
    s: &Session,
    env: &Env,
    r: SuggestionRequest,
) -> Result<AcceptedSuggestion> {
    suggestions::accept_suggestion(&mut *s.write()?, &r.address, env.now)
}

/// Never suggests this address again.
pub fn dismiss_suggestion(s: &Session, env: &Env, r: SuggestionRequest) -> Result<()> {
    suggestions::dismiss_suggestion(&mut *s.write()?, &r.address, env.now)
}

/// A session lends its writer for one step at a time.
impl BookAccess for Session {
    fn with_book<T>(&self, f: impl FnOnce(&mut ContactBook) -> Result<T>) -> Result<T> {
        f(&mut *self.write()?)
    }
}

/// The mail accounts.
pub fn mail_accounts(s: &Session, _: &Env, _: NoArgs) -> Result<Vec<MailAccount>> {
    mail_accounts::accounts(&s.read())
}

/// Tries an account's server and login without storing anything.
pub fn test_mail_account(_: &Session, _: &Env, r: MailAccountDraft) -> Result<MailAccountAdded> {
    mail_accounts::test_account(&r)
}

/// Adds a mail account once its server accepted the login (the password goes to the keyring).
pub fn add_mail_account(s: &Session, env: &Env, r: MailAccountDraft) -> Result<MailAccountAdded> {
    mail_accounts::add_account(s, &r, env.now)
}

/// Removes a mail account and forgets its password (its interactions stay).
pub fn remove_mail_account(s: &Session, _: &Env, r: MailAccountRequest) -> Result<MailAccount> {
    mail_accounts::remove_account(&mut *s.write()?, r.account)
}

/// Reads the new messages of one account, or of every account (each an undoable batch).
pub fn mail_sync(s: &Session, env: &Env, r: MailSyncRequest) -> Result<Vec<MailSyncSummary>> {
    let job = s.start_job("a mail sync")?;
    let ids = mail_accounts::ids_to_sync(&s.read(), r.account)?;
    let mut progress = |p: &mail_sync::SyncProgress| {
        // The job's fraction is bytes_done / bytes_total: here, messages.
        job.report(&Progress {
            rows_done: p.done,
            bytes_done: p.done,
            bytes_total: p.total,
            ..Default::default()
        })
    };
    ids.into_iter()
        .map(|id| mail_sync::sync(s, id, env.now, &mut progress, job.cancel_flag()))
        .collect()
}

//! `mail import PATH`: the messages of mail files become email interactions
//! on the contacts they involve.
//!
//! Rules, per message:
//! - skipped and counted: automatic replies, mailing lists and bulk mail,
//!   no-reply senders, more than [`MAX_RECIPIENTS`] recipients;
//! - direction: outbound when it is from one of the user's own addresses
//!   (setting `own_addresses`), else inbound;
//! - matched contacts: the recipients of an outbound message, the sender and
//!   the other recipients of an inbound one (the user's own addresses never);
//! - the subject is the interaction's text; the body is never read;
//! - recipients of an outbound message who are not contacts are remembered
//!   for [`super::suggestions`], never created.
//!
//! A message that cannot be read (a header cut short, over 256 KiB, no
//! sender or date) is reported with its file and number and skipped. The
//! whole import is one batch (undone in one step with
//! [`crate::import::undo_import`]); an import that fails or is cancelled
//! partway is undone before the error is returned, so nothing is half
//! written.

use std::collections::{HashMap, HashSet};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lines::LineReader;
use super::mail_files::{mail_files, MailFile};
use super::mbox::MboxReader;
use super::message::{
    is_no_reply, parse_headers, read_header_block, HeaderBlock, HeaderEnd, MAX_HEADER_BYTES,
};
use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::interactions::{Direction, InteractionKind};
use crate::store::{BatchCounts, CapturedInteraction, SentToRow};

/// More recipients than this: a mass mailing, not a conversation.
pub const MAX_RECIPIENTS: usize = 20;

/// Messages written per transaction.
const CHUNK: usize = 2000;

/// Chunks between two catch-ups of the search index during an import.
const INDEX_EVERY_CHUNKS: u32 = 4;

/// What to import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailImportRequest {
    /// An mbox file, an `.eml` file, a Maildir, or a folder of them.
    pub path: PathBuf,
}

/// Messages skipped by rule, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SkipCounts {
    /// More than [`MAX_RECIPIENTS`] recipients.
    #[ts(type = "number")]
    pub too_many_recipients: u64,
    /// Mailing lists and bulk mail.
    #[ts(type = "number")]
    pub mailing_list: u64,
    /// From a no-reply address.
    #[ts(type = "number")]
    pub no_reply: u64,
    /// Automatic replies (out of office...).
    #[ts(type = "number")]
    pub automatic_reply: u64,
    /// Messages that could not be read (see the problems).
    #[ts(type = "number")]
    pub unreadable: u64,
}

/// A message that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MessageProblem {
    /// The file.
    pub file: PathBuf,
    /// The message's number in the file, from 1.
    #[ts(type = "number")]
    pub message: u64,
    /// What is wrong, in words.
    pub problem: String,
}

impl std::fmt::Display for MessageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, message {}: {}",
            self.file.display(),
            self.message,
            self.problem
        )
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailImportSummary {
    /// The batch (undo it to remove what this import added).
    #[ts(type = "number")]
    pub batch: i64,
    /// Mail files read.
    #[ts(type = "number")]
    pub files: u64,
    /// Messages read.
    #[ts(type = "number")]
    pub messages: u64,
    /// Email interactions created.
    #[ts(type = "number")]
    pub created: u64,
    /// Interactions an earlier import had already captured (nothing new).
    #[ts(type = "number")]
    pub already_imported: u64,
    /// Messages involving no contact.
    #[ts(type = "number")]
    pub unmatched: u64,
    /// Messages skipped, by reason.
    pub skipped: SkipCounts,
    /// Messages that could not be read, with where they are.
    pub problems: Vec<MessageProblem>,
    /// People now suggested as contacts (see [`super::suggestions`]).
    #[ts(type = "number")]
    pub suggestions: u64,
    /// How many own addresses were set (none: every message counts as inbound).
    #[ts(type = "number")]
    pub own_addresses: u64,
}

/// How far an import has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailProgress {
    /// Bytes of mail read.
    #[ts(type = "number")]
    pub bytes_done: u64,
    /// Bytes of mail in all.
    #[ts(type = "number")]
    pub bytes_total: u64,
    /// Messages read.
    #[ts(type = "number")]
    pub messages: u64,
}

/// What a message turned into, before it is written.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) items: Vec<CapturedInteraction>,
    pub(super) sent_to: Vec<SentToRow>,
}

/// The rules of the module, applied to one message's header at a time.
pub(super) struct Matcher<'a> {
    /// The user's own addresses (normalised).
    pub(super) own: HashSet<String>,
    /// Every contact's addresses.
    pub(super) contacts: &'a HashMap<String, Vec<ContactId>>,
}

impl Matcher<'_> {
    /// Applies the rules to one header; counts go into `s`. `single`: the
    /// header is a whole file's (its end is not a cut); `sent_folder`: the
    /// message is in the user's Sent folder, so outbound whoever it is from.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn consider(
        &self,
        file: &Path,
        number: u64,
        block: &HeaderBlock,
        single: bool,
        sent_folder: bool,
        s: &mut MailImportSummary,
        out: &mut Pending,
    ) {
        let mut problem = |p: String| {
            s.skipped.unreadable += 1;
            s.problems.push(MessageProblem {
                file: file.to_path_buf(),
                message: number,
                problem: p,
            });
        };
        if block.oversized {
            return problem(format!(
                "its header is larger than {} KiB (skipped)",
                MAX_HEADER_BYTES / 1024
            ));
        }
        if block.bytes.iter().all(u8::is_ascii_whitespace) {
            return problem("it is empty".into());
        }
        match block.end {
            HeaderEnd::NextMessage => {
                return problem("cut short: the next message starts inside its header".into())
            }
            HeaderEnd::EndOfFile if !single => {
                return problem("cut short: the file ends inside its header (truncated?)".into())
            }
            _ => {}
        }
        let h = parse_headers(&block.bytes);
        // What is skipped anyway is counted as such, whatever else its header lacks
        // (a list's digest without a Date is a list message, not an unreadable one).
        if h.automatic {
            s.skipped.automatic_reply += 1;
            return;
        }
        if h.list {
            s.skipped.mailing_list += 1;
            return;
        }
        let Some(sender) = h.from.first() else {
            return problem("it has no From address".into());
        };
        if is_no_reply(sender) {
            s.skipped.no_reply += 1;
            return;
        }
        if h.recipients.len() > MAX_RECIPIENTS {
            s.skipped.too_many_recipients += 1;
            return;
        }
        let Some(date) = h.date else {
            return problem("it has no valid Date".into());
        };
        let outbound = sent_folder || self.own.contains(&sender.key);
        let direction = if outbound {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        let key = h.key();
        let people = h
            .recipients
            .iter()
            .chain(if outbound { None } else { Some(sender) })
            .filter(|m| !self.own.contains(&m.key));
        let mut matched: Vec<ContactId> = Vec::new();
        for m in people {
            match self.contacts.get(&m.key) {
                Some(ids) => matched.extend(ids),
                None if outbound => out.sent_to.push(SentToRow {
                    message_key: key.clone(),
                    address_key: m.key.clone(),
                    address: m.address.clone(),
                    name: m.name.clone(),
                    subject: h.subject.clone(),
                    occurred_at: date,
                }),
                None => {}
            }
        }
        matched.sort_unstable();
        matched.dedup();
        if matched.is_empty() {
            s.unmatched += 1;
        }
        out.items
            .extend(matched.into_iter().map(|contact| CapturedInteraction {
                key: key.clone(),
                contact,
                kind: InteractionKind::Email,
                occurred_at: date,
                direction,
                text: h.subject.clone(),
            }));
    }
}

/// Imports the messages under `req.path` (see the module's rules).
/// `progress` is called every few hundred messages; setting `cancel` stops
/// the import and undoes what it wrote.
pub fn import_mail(
    book: &mut ContactBook,
    req: &MailImportRequest,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&MailProgress),
    cancel: &AtomicBool,
) -> Result<MailImportSummary> {
    let (files, bytes_total) = mail_files(&req.path)?;
    let _lock = book.import_lock()?;
    let contacts = book.store().contacts_by_email()?;
    let matcher = Matcher {
        own: super::own_set(book)?,
        contacts: &contacts,
    };
    let batch = book.store_mut().begin_import_batch(
        &req.path.display().to_string(),
        r#"{"kind":"mail"}"#,
        now,
    )?;
    let mut s = MailImportSummary {
        batch,
        own_addresses: matcher.own.len() as u64,
        ..Default::default()
    };
    let outcome = read_all(
        book,
        &matcher,
        &files,
        bytes_total,
        &mut s,
        now,
        progress,
        cancel,
    );
    match outcome {
        Ok(()) => {
            let counts = BatchCounts {
                rows: s.messages,
                skipped: s.messages - s.created.min(s.messages),
                errors: s.problems.len() as u64,
                ..Default::default()
            };
            book.store_mut()
                .finish_import_batch(batch, "complete", &counts, now)?;
            s.suggestions = book
                .store()
                .mail_suggestions(super::suggestions::MIN_MESSAGES)?
                .len() as u64;
            // The store holds the import; an index that cannot follow now catches up later.
            let _ = book.sync_search();
            Ok(s)
        }
        Err(e) => {
            let status = if cancel.load(Ordering::Relaxed) {
                "cancelled"
            } else {
                "failed"
            };
            book.store_mut().undo_import_batch(batch, now)?;
            book.store_mut()
                .finish_import_batch(batch, status, &BatchCounts::default(), now)?;
            let _ = book.sync_search();
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn read_all(
    book: &mut ContactBook,
    matcher: &Matcher,
    files: &[MailFile],
    bytes_total: u64,
    s: &mut MailImportSummary,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&MailProgress),
    cancel: &AtomicBool,
) -> Result<()> {
    let mut pending = Pending::default();
    let mut bytes_before = 0u64;
    let mut flushes = 0u32;
    let mut flush = |book: &mut ContactBook, pending: &mut Pending, s: &mut MailImportSummary| {
        let o = book.store_mut().write_captured(
            Some(s.batch),
            &pending.items,
            &pending.sent_to,
            now,
        )?;
        s.created += o.created;
        s.already_imported += o.known;
        *pending = Pending::default();
        flushes += 1;
        // The index follows every few chunks, not only at the end: what it holds
        // until a commit grows with the contacts touched, so memory stays flat
        // however long the mailbox is.
        if flushes.is_multiple_of(INDEX_EVERY_CHUNKS) {
            let _ = book.sync_search();
        }
        Ok::<(), Error>(())
    };
    for file in files {
        let path = file.path();
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let f = std::fs::File::open(path).map_err(io)?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        let reader = BufReader::with_capacity(256 * 1024, f);
        s.files += 1;
        match file {
            MailFile::Message(_) => {
                s.messages += 1;
                let mut lines = LineReader::new(reader);
                let block = read_header_block(&mut lines, &|_| false).map_err(io)?;
                matcher.consider(path, 1, &block, true, false, s, &mut pending);
            }
            MailFile::Mbox(_) => {
                let mut mbox = MboxReader::new(reader)
                    .map_err(io)?
                    .map_err(|why| Error::invalid("mail", format!("{}: {why}", path.display())))?;
                while let Some(m) = mbox.next_message().map_err(io)? {
                    s.messages += 1;
                    matcher.consider(path, m.number, &m.header, false, false, s, &mut pending);
                    if s.messages.is_multiple_of(256) {
                        if cancel.load(Ordering::Relaxed) {
                            return Err(Error::Cancelled);
                        }
                        progress(&MailProgress {
                            bytes_done: bytes_before + mbox.offset(),
                            bytes_total,
                            messages: s.messages,
                        });
                    }
                    if pending.items.len() + pending.sent_to.len() >= CHUNK {
                        flush(book, &mut pending, s)?;
                    }
                }
            }
        }
        bytes_before += size;
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        if pending.items.len() + pending.sent_to.len() >= CHUNK {
            flush(book, &mut pending, s)?;
        }
        progress(&MailProgress {
            bytes_done: bytes_before,
            bytes_total,
            messages: s.messages,
        });
    }
    flush(book, &mut pending, s)
}

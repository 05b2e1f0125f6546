//! Interactions captured from the mail and calendars already on the laptop:
//! each message or event involving a contact becomes an email or a meeting
//! on that contact, so "last contacted" and the cadence stay true without
//! the user logging anything.
//!
//! - [`mail_import::import_mail`]: mbox files, `.eml` files and Maildirs,
//!   streamed (only headers are read), one undoable batch per import.
//! - [`calendar::import_calendar`]: `.ics` files, recurring events expanded.
//! - [`mail_sync::sync`]: the INBOX and Sent folder of IMAP accounts
//!   ([`mail_accounts`]), incrementally, read-only, over TLS ([`imap`]).
//! - [`suggestions`]: people the user wrote to twice who are not contacts.
//!
//! Identity: a message is known by its Message-ID, an event by its UID and
//! occurrence; what was captured once is recorded per contact, so importing
//! the same file again creates nothing. Bodies are never stored.

pub mod address;
pub mod calendar;
pub mod imap;
pub mod lines;
pub mod mail_accounts;
pub mod mail_files;
pub mod mail_import;
pub mod mail_sync;
pub mod mbox;
pub mod message;
pub mod suggestions;

use std::collections::HashSet;

use crate::book::ContactBook;
use crate::error::{Error, Result};

/// Who holds the book: work that waits on a server (a mail sync, trying an
/// account) takes it only to read or write, so the app stays usable meanwhile.
pub trait BookAccess {
    /// Runs `f` on the book.
    fn with_book<T>(&self, f: impl FnOnce(&mut ContactBook) -> Result<T>) -> Result<T>;
}

/// A book the caller holds (the CLI).
impl BookAccess for std::cell::RefCell<&mut ContactBook> {
    fn with_book<T>(&self, f: impl FnOnce(&mut ContactBook) -> Result<T>) -> Result<T> {
        f(&mut self.borrow_mut())
    }
}

/// Setting key: the user's own addresses, comma-separated and normalised.
pub const SETTING_OWN_ADDRESSES: &str = "own_addresses";

/// The user's own addresses (normalised): a message from one of them is
/// outbound, and they are never matched or suggested.
pub fn own_addresses(book: &ContactBook) -> Result<Vec<String>> {
    Ok(book
        .store()
        .setting(SETTING_OWN_ADDRESSES)?
        .map(|v| {
            v.split(',')
                .map(address::key)
                .filter(|a| !a.is_empty())
                .collect()
        })
        .unwrap_or_default())
}

/// Replaces the user's own addresses; returns them as stored.
pub fn set_own_addresses(book: &mut ContactBook, addresses: &[String]) -> Result<Vec<String>> {
    let mut keys: Vec<String> = Vec::new();
    for a in addresses
        .iter()
        .flat_map(|a| a.split([',', ';', ' ']))
        .filter(|a| !a.trim().is_empty())
    {
        if !crate::contacts::looks_like_email(a.trim()) {
            return Err(Error::invalid(
                "own_addresses",
                format!("'{}' is not an email address", a.trim()),
            ));
        }
        let k = address::key(a);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    if keys.is_empty() {
        book.store_mut().clear_setting(SETTING_OWN_ADDRESSES)?;
    } else {
        book.store_mut()
            .set_setting(SETTING_OWN_ADDRESSES, &keys.join(","))?;
    }
    Ok(keys)
}

pub(crate) fn own_set(book: &ContactBook) -> Result<HashSet<String>> {
    Ok(own_addresses(book)?.into_iter().collect())
}

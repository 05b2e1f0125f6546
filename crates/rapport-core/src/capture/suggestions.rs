//! Suggested contacts: people the user wrote to in at least
//! [`MIN_MESSAGES`] messages who are not contacts. They are offered, never
//! created silently; accepting one creates the contact with the emails the
//! user sent them, dismissing one hides it for good.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{Contact, ContactDraft, Email};
use crate::error::{Error, Result};
use crate::interactions::{Direction, InteractionKind};
use crate::store::CapturedInteraction;

/// Messages the user must have sent someone before they are suggested.
pub const MIN_MESSAGES: u32 = 2;

/// Someone the user writes to who is not a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Suggestion {
    /// Their address.
    pub address: String,
    /// The display name the messages gave, if any.
    pub name: Option<String>,
    /// Messages the user sent them.
    #[ts(type = "number")]
    pub messages: u64,
    /// The latest.
    pub last_at: DateTime<Utc>,
}

/// The suggestions, most written-to first.
pub fn suggestions(book: &ContactBook) -> Result<Vec<Suggestion>> {
    Ok(book
        .store()
        .mail_suggestions(MIN_MESSAGES)?
        .into_iter()
        .map(|r| Suggestion {
            address: r.address,
            name: r.name,
            messages: r.messages,
            last_at: r.last_at,
        })
        .collect())
}

/// What accepting a suggestion did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AcceptedSuggestion {
    /// The new contact.
    pub contact: Contact,
    /// Emails to them now on the contact's timeline.
    #[ts(type = "number")]
    pub emails: u64,
}

fn find(book: &ContactBook, address: &str) -> Result<crate::store::SuggestionRow> {
    let key = super::address::key(address);
    book.store()
        .mail_suggestions(MIN_MESSAGES)?
        .into_iter()
        .find(|r| r.address_key == key)
        .ok_or_else(|| {
            Error::invalid(
                "suggestion",
                format!("{address} is not among the suggested contacts"),
            )
        })
}

/// Creates the contact a suggestion offers, with the emails the user sent them.
pub fn accept_suggestion(
    book: &mut ContactBook,
    address: &str,
    now: DateTime<Utc>,
) -> Result<AcceptedSuggestion> {
    let row = find(book, address)?;
    let draft = ContactDraft {
        display_name: row.name.clone().unwrap_or_default(),
        emails: vec![Email {
            address: row.address.clone(),
            label: None,
        }],
        source: Some("email".into()),
        ..Default::default()
    };
    let contact = book.add_contact(draft, now)?;
    let items: Vec<CapturedInteraction> = book
        .store()
        .mail_sent_to(&row.address_key)?
        .into_iter()
        .map(|s| CapturedInteraction {
            key: s.message_key,
            contact: contact.id,
            kind: InteractionKind::Email,
            occurred_at: s.occurred_at,
            direction: Direction::Outbound,
            text: s.subject,
        })
        .collect();
    let written = book.store_mut().write_captured(None, &items, &[], now)?;
    let _ = book.sync_search();
    Ok(AcceptedSuggestion {
        contact: book.contact(contact.id)?,
        emails: written.created,
    })
}

/// Hides a suggestion for good.
pub fn dismiss_suggestion(book: &mut ContactBook, address: &str, now: DateTime<Utc>) -> Result<()> {
    let row = find(book, address)?;
    book.store_mut()
        .dismiss_mail_suggestion(&row.address_key, now)
}

//! Contacts: list, count, read, write, merge.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Env, NoArgs, Session};
use crate::contacts::{Contact, ContactDraft, ContactId, ContactQuery, ContactSummary};
use crate::error::Result;
use crate::optout::OptOutChannel;
use crate::value::RfmScore;

/// The contact list's query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListContactsRequest {
    /// Filters, order and page (default: every live contact, by name).
    #[serde(default)]
    pub query: ContactQuery,
    /// Only contacts with an overdue follow-up or a lapsed keep-in-touch cadence.
    #[serde(default)]
    pub overdue: bool,
}

/// One contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContactRequest {
    /// The contact.
    pub id: ContactId,
}

/// A new contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddContactRequest {
    /// What the user entered.
    pub draft: ContactDraft,
}

/// A contact's new fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UpdateContactRequest {
    /// The contact.
    pub id: ContactId,
    /// Every user-set field.
    pub draft: ContactDraft,
}

/// Archive or un-archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetArchivedRequest {
    /// The contact.
    pub id: ContactId,
    /// Archived or not.
    pub archived: bool,
}

/// A channel opted out of, or back in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetOptOutRequest {
    /// The contact.
    pub id: ContactId,
    /// Email, phone, SMS or mail.
    pub channel: OptOutChannel,
    /// Out (`true`) or back in.
    pub opted_out: bool,
}

/// A pasted block of text: an email signature, a business card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContactFromTextRequest {
    /// The text.
    pub text: String,
}

/// Two contacts to merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MergeContactsRequest {
    /// Goes away.
    pub from: ContactId,
    /// Stays, with the other's details added.
    pub into: ContactId,
}

/// One page of the contact list.
pub fn list_contacts(
    s: &Session,
    env: &Env,
    r: ListContactsRequest,
) -> Result<Vec<ContactSummary>> {
    let book = s.read();
    if !r.overdue {
        return book.list_contacts(&r.query);
    }
    let (today, tz) = (env.today(&book)?, env.zone(&book)?);
    book.list_overdue_contacts(&r.query, today, tz)
}

/// How many rows [`list_contacts`] has for the same query.
pub fn count_contacts(s: &Session, env: &Env, r: ListContactsRequest) -> Result<u64> {
    let book = s.read();
    if !r.overdue {
        return book.count_contacts(&r.query);
    }
    let (today, tz) = (env.today(&book)?, env.zone(&book)?);
    book.count_overdue_contacts(&r.query, today, tz)
}

/// Every tag in use.
pub fn list_tags(s: &Session, _: &Env, _: NoArgs) -> Result<Vec<String>> {
    s.read().tags()
}

/// One contact.
pub fn get_contact(s: &Session, _: &Env, r: ContactRequest) -> Result<Contact> {
    s.read().contact(r.id)
}

/// A contact's value; `None` when it bought nothing.
pub fn contact_value(s: &Session, env: &Env, r: ContactRequest) -> Result<Option<RfmScore>> {
    let book = s.read();
    let (today, tz) = (env.today(&book)?, env.zone(&book)?);
    book.contact_value(r.id, today, tz)
}

/// Creates a contact.
pub fn add_contact(s: &Session, env: &Env, r: AddContactRequest) -> Result<Contact> {
    s.write()?.add_contact(r.draft, env.now)
}

/// Replaces every user-set field of a contact.
pub fn update_contact(s: &Session, env: &Env, r: UpdateContactRequest) -> Result<Contact> {
    s.write()?.update_contact(r.id, r.draft, env.now)
}

/// Deletes a contact (restorable).
pub fn delete_contact(s: &Session, env: &Env, r: ContactRequest) -> Result<()> {
    s.write()?.delete_contact(r.id, env.now)
}

/// Undoes a delete.
pub fn restore_contact(s: &Session, env: &Env, r: ContactRequest) -> Result<()> {
    s.write()?.restore_contact(r.id, env.now)
}

/// Archives or un-archives a contact.
pub fn set_archived(s: &Session, env: &Env, r: SetArchivedRequest) -> Result<()> {
    s.write()?.set_archived(r.id, r.archived, env.now)
}

/// Merges `from` into `into`.
pub fn merge_contacts(s: &Session, env: &Env, r: MergeContactsRequest) -> Result<Contact> {
    s.write()?.merge_contacts(r.from, r.into, env.now)
}

/// The channels a contact opted out of.
pub fn opt_outs(s: &Session, _: &Env, r: ContactRequest) -> Result<Vec<OptOutChannel>> {
    s.read().opt_outs(r.id)
}

/// Opts a contact out of a channel (or back in); the channels it is out of now.
pub fn set_opt_out(s: &Session, _: &Env, r: SetOptOutRequest) -> Result<Vec<OptOutChannel>> {
    let mut book = s.write()?;
    book.set_opt_out(r.id, r.channel, r.opted_out)?;
    book.opt_outs(r.id)
}

/// A new contact's draft read from a pasted signature (nothing is written: the
/// user checks it, then saves it with [`add_contact`]).
pub fn contact_from_text(s: &Session, _: &Env, r: ContactFromTextRequest) -> Result<ContactDraft> {
    let region = s.read().default_region()?;
    crate::signature::contact_from_text(&r.text, region)
}

//! Opt-out per channel. `do_not_contact` keeps a contact off every list and outreach
//! export; a channel opt-out is narrower: the contact asked not to be emailed (or phoned,
//! texted, mailed). Lists and exports honour both:
//! - the today list leaves out a contact who opted out of every channel (as if
//!   do-not-contact) and shows the others' opted-out channels on their rows;
//! - an outreach export leaves out the details of opted-out channels (emails for `email`,
//!   phone numbers when both `phone` and `sms` are out, addresses for `mail`), and leaves
//!   out a contact with nothing left to reach, or who cannot be reached on the export's
//!   channel.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{Contact, ContactId};
use crate::error::{Error, Result};

/// A way of reaching a contact that they can opt out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum OptOutChannel {
    /// Email.
    Email,
    /// Phone calls.
    Phone,
    /// Text messages.
    Sms,
    /// Postal mail.
    Mail,
}

impl OptOutChannel {
    /// Every channel.
    pub const ALL: [OptOutChannel; 4] = [
        OptOutChannel::Email,
        OptOutChannel::Phone,
        OptOutChannel::Sms,
        OptOutChannel::Mail,
    ];

    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            OptOutChannel::Email => "email",
            OptOutChannel::Phone => "phone",
            OptOutChannel::Sms => "sms",
            OptOutChannel::Mail => "mail",
        }
    }
}

impl FromStr for OptOutChannel {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase();
        OptOutChannel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "channel",
                    format!("'{s}' is not one of email, phone, sms, mail"),
                )
            })
    }
}

impl fmt::Display for OptOutChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// True when `opted_out` names every channel: the contact is as good as do-not-contact.
pub fn opted_out_of_all(opted_out: &[OptOutChannel]) -> bool {
    OptOutChannel::ALL.iter().all(|c| opted_out.contains(c))
}

/// Removes from `c` the details of the channels it opted out of. Returns whether the
/// contact can still be reached: on `channel` when one is given, else on any channel.
pub fn strip_opted_out(
    c: &mut Contact,
    opted_out: &[OptOutChannel],
    channel: Option<OptOutChannel>,
) -> bool {
    let out = |ch| opted_out.contains(&ch);
    if out(OptOutChannel::Email) {
        c.draft.emails.clear();
    }
    if out(OptOutChannel::Phone) && out(OptOutChannel::Sms) {
        c.draft.phones.clear();
    }
    if out(OptOutChannel::Mail) {
        c.draft.addresses.clear();
    }
    let reachable = |ch: OptOutChannel| {
        !out(ch)
            && match ch {
                OptOutChannel::Email => !c.draft.emails.is_empty(),
                OptOutChannel::Phone | OptOutChannel::Sms => !c.draft.phones.is_empty(),
                OptOutChannel::Mail => !c.draft.addresses.is_empty(),
            }
    };
    match channel {
        Some(ch) => reachable(ch),
        None => !opted_out_of_all(opted_out),
    }
}

impl ContactBook {
    /// Opts a contact out of a channel (`true`) or back in (`false`).
    pub fn set_opt_out(
        &mut self,
        id: ContactId,
        channel: OptOutChannel,
        opted_out: bool,
    ) -> Result<()> {
        self.store().live_contact(id)?;
        self.store_mut().set_opt_out(id, channel, opted_out)
    }

    /// The channels a contact opted out of.
    pub fn opt_outs(&self, id: ContactId) -> Result<Vec<OptOutChannel>> {
        self.store().opt_outs(id)
    }
}

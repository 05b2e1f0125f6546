//! What the store hands the search index for one contact: every searchable
//! text, loaded in bulk by [`crate::store::Store::search_sources`].

use crate::contacts::ContactId;

/// Where a note-like text comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum NoteOrigin {
    /// An interaction of this kind (`call`, `note`, ...).
    Interaction(crate::interactions::InteractionKind),
    /// A follow-up.
    FollowUp,
}

/// The text of one interaction or follow-up, with its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText {
    /// Interaction or follow-up.
    pub origin: NoteOrigin,
    /// When it happened (interactions, RFC 3339) or is due (follow-ups, `YYYY-MM-DD`).
    pub date: String,
    /// The text (and outcome, for interactions).
    pub text: String,
}

/// A phone as entered with its E.164 form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneText {
    /// As entered.
    pub raw: String,
    /// Normalised, when valid.
    pub e164: Option<String>,
}

/// Everything searchable about one live contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSource {
    /// The contact.
    pub id: ContactId,
    /// Display name.
    pub display_name: String,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Phonetic reading (from vCards).
    pub phonetic_name: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Email addresses.
    pub emails: Vec<String>,
    /// Phones.
    pub phones: Vec<PhoneText>,
    /// Tags.
    pub tags: Vec<String>,
    /// Addresses, each on one line.
    pub addresses: Vec<String>,
    /// Custom fields: key and value.
    pub custom_fields: Vec<(String, String)>,
    /// Interactions (newest first) and follow-ups.
    pub notes: Vec<NoteText>,
    /// Archived contacts are found too, and say so.
    pub archived: bool,
    /// Unix seconds of the latest interaction, else of creation: breaks ranking ties.
    pub last_activity: i64,
}

impl SearchSource {
    /// The name texts: display, given + family (when not already the display name), phonetic.
    pub fn names(&self) -> Vec<&str> {
        let mut out = vec![self.display_name.as_str()];
        for n in [&self.given_name, &self.family_name, &self.phonetic_name]
            .into_iter()
            .flatten()
        {
            let n = n.trim();
            if !n.is_empty() && !self.display_name.contains(n) {
                out.push(n);
            }
        }
        out
    }
}

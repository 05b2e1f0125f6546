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
    /// What [`crate::store::Store::search_sources`] reads back for a contact just
    /// inserted from `draft` (normalised, as stored) with no interactions or
    /// follow-ups yet: `tags` are the names as stored (an existing tag keeps its
    /// own case) and `created` is its creation time in Unix seconds. An import
    /// hands these to the index instead of reading each chunk back.
    pub fn of_new_contact(
        id: ContactId,
        draft: &crate::contacts::ContactDraft,
        tags: Vec<String>,
        created: i64,
    ) -> SearchSource {
        SearchSource {
            id,
            display_name: draft.display_name.clone(),
            given_name: draft.given_name.clone(),
            family_name: draft.family_name.clone(),
            phonetic_name: draft.phonetic_name.clone(),
            company: draft.company.clone(),
            title: draft.title.clone(),
            emails: draft.emails.iter().map(|e| e.address.clone()).collect(),
            phones: draft
                .phones
                .iter()
                .map(|p| PhoneText {
                    raw: p.raw.clone(),
                    e164: p.e164.clone(),
                })
                .collect(),
            tags,
            addresses: draft
                .addresses
                .iter()
                .map(|a| a.one_line())
                .filter(|l| !l.is_empty())
                .collect(),
            custom_fields: draft
                .custom_fields
                .iter()
                .map(|f| (f.key.clone(), f.value.clone()))
                .collect(),
            notes: Vec::new(),
            archived: false,
            last_activity: created,
        }
    }

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

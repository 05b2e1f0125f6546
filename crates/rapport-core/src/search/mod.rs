//! Search: one query string finds contacts by any of their fields and by the
//! text of their history, in English and Chinese (PRODUCT.md §4).
//!
//! The index is a tantivy cache beside the database (`<data dir>/index`),
//! derived from SQLite, which stays the source of truth:
//!
//! - [`analyzer`] folds text (case, accents, full-width, traditional → simplified)
//!   and cuts it into tokens (words; CJK unigrams + bigrams with real positions).
//! - [`pinyin`] reads Chinese names in full and initial pinyin, surnames right.
//! - [`digits`] turns phone numbers into digit runs.
//! - [`tokenizer`] registers these as tantivy tokenizers, so documents carry text.
//! - [`schema`] makes one document per contact.
//! - [`query`] parses queries and holds the match rules; [`ranking`] orders results.
//! - [`highlight`] finds matched fields and snippets (and is the exact scan).
//! - [`index`] is the tantivy index, kept in step with the store's outbox.
//!
//! **Consistency rule.** Every store write that affects search adds the
//! contact to the `search_outbox` table in the same transaction. Every write
//! method of [`crate::ContactBook`] applies the outbox to the index before it
//! returns, and [`crate::ContactBook::search`] does so first too, so a search
//! always sees every committed write, including writes made through
//! [`crate::ContactBook::store_mut`] or by another process. The index commit
//! records the outbox sequence and [`ANALYZER_VERSION`]; on open the outbox is
//! replayed from that sequence, and a missing, unreadable or outdated index is
//! rebuilt from the store.

pub mod analyzer;
pub mod digits;
pub mod document;
pub mod highlight;
mod id_ranges;
pub mod index;
pub mod pinyin;
pub mod query;
pub mod ranking;
pub mod schema;
mod tantivy_query;
pub mod tokenizer;

use serde::Serialize;
use ts_rs::TS;

use crate::contacts::ContactId;
pub use index::{IndexHealth, SearchIndex};
pub use ranking::MatchRank;

/// Version of everything that decides which terms a document gets. Bump it
/// whenever the analyzer, pinyin, digits or schema change: indexes written
/// with another version are rebuilt on open.
pub const ANALYZER_VERSION: u32 = 3;

/// Which field of a contact matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MatchedField {
    /// Display, given, family or phonetic name, or its pinyin.
    Name,
    /// Company.
    Company,
    /// Job title.
    Title,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A tag.
    Tag,
    /// An address.
    Address,
    /// A custom field (its key is the label).
    Custom,
    /// An interaction (its kind is the label).
    Interaction,
    /// A follow-up.
    FollowUp,
}

/// A piece of a snippet, highlighted when it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Part of the match.
    pub hit: bool,
}

/// A matched field with a highlighted snippet of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldMatch {
    /// Which field.
    pub field: MatchedField,
    /// The custom field's key or the interaction's kind.
    pub label: Option<String>,
    /// When the interaction happened or the follow-up is due.
    pub date: Option<String>,
    /// The text, cut around the match, in parts.
    pub snippet: Vec<SnippetPart>,
}

/// One found contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    /// The contact.
    pub contact_id: ContactId,
    /// Its display name.
    pub display_name: String,
    /// Its company.
    pub company: Option<String>,
    /// Archived contacts are found too.
    pub archived: bool,
    /// Why it ranks where it does.
    pub rank: MatchRank,
    /// Where it matched, best first (at most three).
    pub matches: Vec<FieldMatch>,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SearchResults {
    /// The best hits, best first.
    pub hits: Vec<SearchHit>,
    /// How many contacts match in all.
    #[ts(type = "number")]
    pub total: usize,
}

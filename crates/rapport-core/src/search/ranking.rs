//! Ranking: exact name > name prefix > name > other contact fields > note
//! text; recent activity breaks ties.
//!
//! Every way a segment can match carries a constant score (no term
//! statistics: a rare word in a note must not outrank a name). A segment
//! scores its best match; a contact scores the sum over segments, plus a large
//! bonus when the whole query is its name ([`EXACT_NAME`]) or starts it
//! ([`NAME_PREFIX`]). Equal scores are ordered by the latest activity.

use serde::Serialize;
use ts_rs::TS;

/// A segment matched in a name (fuzzy and prefix matches a little less).
pub const NAME: f32 = 100.0;
/// A segment matched in another contact field.
pub const FIELDS: f32 = 10.0;
/// A segment matched in a note, interaction or follow-up.
pub const NOTES: f32 = 1.0;
/// The whole query starts a name (or its pinyin).
pub const NAME_PREFIX: f32 = 10_000.0;
/// The whole query is a name (or its pinyin, or its initials).
pub const EXACT_NAME: f32 = 100_000.0;

/// Why a contact was found, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MatchRank {
    /// The query is the contact's name (or its pinyin or initials).
    ExactName,
    /// The query starts the contact's name.
    NamePrefix,
    /// Every word matched in the name.
    Name,
    /// Matched in contact fields (and maybe the name).
    Field,
    /// Needed the text of notes, interactions or follow-ups.
    Note,
}

/// The sort key of a hit: score first, then the latest activity.
pub type RankKey = (f32, i64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_cannot_be_overtaken_by_lower_ones() {
        let most_segments = super::super::query::MAX_SEGMENTS as f32;
        assert!(NAME_PREFIX > NAME * most_segments);
        assert!(EXACT_NAME > NAME_PREFIX + NAME * most_segments);
        assert!(NAME * 0.7 > FIELDS);
        assert!(FIELDS * 0.7 > NOTES);
        assert!(MatchRank::ExactName < MatchRank::Note);
    }
}

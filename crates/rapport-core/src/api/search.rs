//! The search palette. The core's snippets come in highlighted parts; the
//! palette takes each as text plus `[start, end)` ranges in characters.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Env, Session};
use crate::contacts::ContactId;
use crate::error::Result;
use crate::search::{FieldMatch, SearchHit};

/// Most hits one search returns.
pub const MAX_HITS: u32 = 500;

/// What the user typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchRequest {
    /// The query.
    pub query: String,
    /// At most this many hits (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Where a contact matched, as the palette shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaletteMatch {
    /// `name`, `company`, `email`, `phone`, `tag`, `note`, `interaction`, `follow_up`, ...
    pub field: String,
    /// A short excerpt around the match.
    pub snippet: String,
    /// Ranges of `snippet` to highlight, in characters, end exclusive.
    pub highlights: Vec<(u32, u32)>,
}

/// One contact found, with its matches, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaletteHit {
    /// The contact.
    pub contact_id: ContactId,
    /// Its display name.
    pub display_name: String,
    /// Its company.
    pub company: Option<String>,
    /// Where it matched.
    pub matches: Vec<PaletteMatch>,
}

/// Finds contacts (prefix, typo, CJK, pinyin, phone digits). Runs on the read
/// connection with the index as the last write left it, so it answers during an import.
pub fn search(s: &Session, _: &Env, r: SearchRequest) -> Result<Vec<PaletteHit>> {
    let limit = r.limit.unwrap_or(50).clamp(1, MAX_HITS) as usize;
    let results = s.read().search_as_reader(&r.query, limit)?;
    Ok(results.hits.into_iter().map(palette_hit).collect())
}

fn palette_hit(h: SearchHit) -> PaletteHit {
    PaletteHit {
        contact_id: h.contact_id,
        display_name: h.display_name,
        company: h.company,
        matches: h.matches.into_iter().map(palette_match).collect(),
    }
}

fn palette_match(m: FieldMatch) -> PaletteMatch {
    let field = serde_json::to_value(m.field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut snippet = String::new();
    let mut highlights = Vec::new();
    let mut at = 0u32;
    for part in m.snippet {
        let len = part.text.chars().count() as u32;
        if part.hit && len > 0 {
            match highlights.last_mut() {
                Some((_, end)) if *end == at => *end = at + len,
                _ => highlights.push((at, at + len)),
            }
        }
        snippet.push_str(&part.text);
        at += len;
    }
    PaletteMatch {
        field,
        snippet,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{MatchedField, SnippetPart};

    #[test]
    fn snippet_parts_become_text_and_char_ranges() {
        let part = |text: &str, hit| SnippetPart {
            text: text.into(),
            hit,
        };
        let m = FieldMatch {
            field: MatchedField::FollowUp,
            label: None,
            date: None,
            snippet: vec![
                part("给", false),
                part("张伟", true),
                part("明", true),
                part(" 回电", false),
            ],
        };
        let p = palette_match(m);
        assert_eq!(p.field, "follow_up");
        assert_eq!(p.snippet, "给张伟明 回电");
        assert_eq!(p.highlights, vec![(1, 4)]);
    }
}

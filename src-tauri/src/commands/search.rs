//! The search palette. The core answers with snippets in highlighted parts; the
//! palette takes each snippet as text plus `[start, end)` ranges in characters
//! (the shape agreed in `ui/IPC-NOTES.md`), so the parts are joined here.

use rapport_core::search::{FieldMatch, SearchHit};
use rapport_core::ContactId;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::AppResult;
use crate::state::AppState;

/// Where a contact matched, as the palette shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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

/// Finds contacts as the user types (prefix, typo, CJK, pinyin, phone digits).
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<usize>,
) -> AppResult<Vec<PaletteHit>> {
    let results = state.book().search(&query, limit.unwrap_or(50))?;
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
    use rapport_core::search::{MatchedField, SnippetPart};

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

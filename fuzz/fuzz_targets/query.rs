//! Search query parsing and highlighting never panic on any input, keep their
//! limits, and a contact named exactly like the query is always found, as an
//! exact name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport_core::contacts::ContactId;
use rapport_core::search::document::{NoteOrigin, NoteText, PhoneText, SearchSource};
use rapport_core::search::query::{self, alternatives, Segment, MAX_QUERY_CHARS, MAX_SEGMENTS};
use rapport_core::search::{analyzer, highlight, MatchRank};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let q = query::parse(input);
    assert!(q.segments.len() <= MAX_SEGMENTS);
    assert!(q.name_key.chars().count() <= analyzer::MAX_KEY_CHARS);
    for seg in &q.segments {
        assert!(!alternatives(seg).is_empty());
        match seg {
            Segment::Word { text, fuzzy, .. } => {
                assert!(!text.is_empty() && *fuzzy <= 2);
                assert!(text.chars().count() <= analyzer::MAX_TOKEN_CHARS);
            }
            Segment::Cjk { text } => assert!(!text.is_empty()),
            Segment::Phrase { words } => assert!(words.len() >= 2),
        }
    }
    for p in analyzer::pieces(input) {
        assert!(p.from < p.to && input.is_char_boundary(p.from) && input.is_char_boundary(p.to));
    }
    let source = SearchSource {
        id: ContactId(1),
        display_name: input.to_string(),
        given_name: None,
        family_name: None,
        phonetic_name: None,
        company: Some(input.to_string()),
        title: None,
        emails: vec![],
        phones: vec![PhoneText { raw: input.to_string(), e164: None }],
        tags: vec![],
        addresses: vec![],
        custom_fields: vec![],
        notes: vec![NoteText {
            origin: NoteOrigin::FollowUp,
            date: "2026-01-01".into(),
            text: input.to_string(),
        }],
        archived: false,
        last_activity: 0,
    };
    let found = highlight::explain(&q, &source);
    if !q.segments.is_empty() && input.chars().count() <= MAX_QUERY_CHARS {
        let (rank, matches) = found.expect("a contact named like the query matches it");
        assert_eq!(rank, MatchRank::ExactName);
        for m in matches {
            let text: String = m.snippet.iter().map(|p| p.text.as_str()).collect();
            let inner = text.trim_start_matches('…').trim_end_matches('…');
            assert!(input.contains(inner), "snippet {text:?} of {input:?}");
        }
    }
});

//! Query parsing: what the user typed, cut into segments that must each match
//! somewhere in a contact, and for each segment the ways it may match (the
//! same table drives the tantivy query and the highlighter).
//!
//! - A Latin word matches exactly; the last word also as a prefix while the
//!   user is still typing it (no trailing space); words of 4+ characters also
//!   with one typo, 8+ with two (a transposition counts as one).
//! - A run of Chinese characters matches as a substring (a phrase of bigrams).
//! - `"quoted words"` match as a phrase, exactly.
//! - A query of only digits and phone punctuation with 4+ digits also matches
//!   phone numbers containing those digits.

use super::analyzer::{self, RunKind};
use super::digits;

/// Longest query looked at, in characters (the rest is ignored).
pub const MAX_QUERY_CHARS: usize = 256;
/// Most segments looked at.
pub const MAX_SEGMENTS: usize = 16;

/// A part of the query that must match somewhere in the contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A word of letters and/or digits (folded).
    Word {
        /// The folded word.
        text: String,
        /// Also as a prefix (the last word, still being typed).
        prefix: bool,
        /// Edit distance allowed (0, 1 or 2).
        fuzzy: u8,
    },
    /// Chinese (CJK) characters, matched as a substring.
    Cjk {
        /// Simplified characters.
        text: String,
    },
    /// Quoted words, matched in order.
    Phrase {
        /// The folded words.
        words: Vec<String>,
    },
}

/// Groups of indexed fields, from the most to the least important.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldGroup {
    /// Display, given, family and phonetic names.
    Name,
    /// Pinyin readings of Chinese names.
    Pinyin,
    /// Pinyin initials of Chinese names.
    Initials,
    /// Company, title, emails, tags, addresses, custom field values.
    Fields,
    /// Phone digits.
    Phone,
    /// Interaction and follow-up text.
    Notes,
}

/// How a segment matches a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The same term.
    Exact,
    /// A term starting with the word.
    Prefix,
    /// A term within this edit distance (of one of its prefixes when `prefix`).
    Fuzzy {
        /// Edits allowed.
        distance: u8,
        /// Compare with prefixes of the term.
        prefix: bool,
    },
    /// Terms at consecutive positions (CJK bigrams or quoted words).
    Phrase,
}

/// One way a segment can match, and what it is worth for ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alternative {
    /// Where.
    pub group: FieldGroup,
    /// How.
    pub mode: Mode,
    /// Its score (see [`super::ranking`]).
    pub score: f32,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// Every segment must match.
    pub segments: Vec<Segment>,
    /// Digits of a phone-like query (matched as an alternative to all segments).
    pub phone: Option<String>,
    /// The whole query folded to a name key (for exact-name and name-prefix ranking).
    pub name_key: String,
}

impl ParsedQuery {
    /// Nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty() && self.phone.is_none()
    }
}

/// The edit distance allowed for a word: 1 from 4 characters, 2 from 8; none for numbers.
pub fn typo_distance(word: &str) -> u8 {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return 0;
    }
    match word.chars().count() {
        n if n >= 8 => 2,
        n if n >= 4 => 1,
        _ => 0,
    }
}

/// Parses what the user typed.
pub fn parse(input: &str) -> ParsedQuery {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let still_typing = !input.ends_with(|c: char| c.is_whitespace() || c == '"');
    let mut segments = Vec::new();
    // Odd parts of a split on quotes are quoted.
    let parts: Vec<&str> = input.split('"').collect();
    let last_part = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1 && i != last_part;
        let runs = analyzer::runs(part);
        if quoted {
            let words: Vec<String> = runs
                .iter()
                .filter(|r| r.kind == RunKind::Word)
                .map(|r| r.text.clone())
                .collect();
            match words.len() {
                0 => {}
                1 => segments.push(Segment::Word {
                    text: words[0].clone(),
                    prefix: false,
                    fuzzy: 0,
                }),
                _ => segments.push(Segment::Phrase { words }),
            }
            for r in runs.into_iter().filter(|r| r.kind == RunKind::Cjk) {
                segments.push(Segment::Cjk { text: r.text });
            }
            continue;
        }
        for r in runs {
            segments.push(match r.kind {
                RunKind::Word => Segment::Word {
                    fuzzy: typo_distance(&r.text),
                    text: r.text,
                    prefix: false,
                },
                RunKind::Cjk => Segment::Cjk { text: r.text },
            });
        }
    }
    // Only the very last word of the input is still being typed.
    if still_typing {
        let unquoted_tail = !analyzer::runs(parts[last_part]).is_empty();
        if let (true, Some(Segment::Word { prefix, .. })) = (unquoted_tail, segments.last_mut()) {
            *prefix = true;
        }
    }
    segments.dedup();
    segments.truncate(MAX_SEGMENTS);
    ParsedQuery {
        segments,
        phone: digits::phone_like(&input),
        name_key: analyzer::key(&input),
    }
}

/// The ways `segment` may match, best first. Prefixes of one or two letters
/// only look at names (a note word starting with `a` says nothing).
pub fn alternatives(segment: &Segment) -> Vec<Alternative> {
    use super::ranking::{FIELDS, NAME, NOTES};
    let mut out = Vec::new();
    let mut add = |group, mode, score| {
        out.push(Alternative { group, mode, score });
    };
    match segment {
        Segment::Word {
            text,
            prefix,
            fuzzy,
        } => {
            let len = text.chars().count();
            let ascii = text.is_ascii();
            let letters = text.chars().all(|c| c.is_ascii_lowercase());
            let fuzzy_mode = Mode::Fuzzy {
                distance: *fuzzy,
                prefix: *prefix,
            };
            for (group, base) in [(FieldGroup::Name, NAME), (FieldGroup::Pinyin, NAME)] {
                if group == FieldGroup::Pinyin && !letters {
                    continue;
                }
                add(group, Mode::Exact, base);
                if *prefix {
                    add(group, Mode::Prefix, base * 0.9);
                }
                if *fuzzy > 0 && ascii {
                    add(group, fuzzy_mode, base * 0.7);
                }
            }
            if letters && len >= 2 {
                add(FieldGroup::Initials, Mode::Exact, NAME * 0.95);
                if *prefix {
                    add(FieldGroup::Initials, Mode::Prefix, NAME * 0.85);
                }
            }
            add(FieldGroup::Fields, Mode::Exact, FIELDS);
            if *prefix && len >= 2 {
                add(FieldGroup::Fields, Mode::Prefix, FIELDS * 0.9);
            }
            if *fuzzy > 0 && ascii {
                add(FieldGroup::Fields, fuzzy_mode, FIELDS * 0.7);
            }
            if len >= digits::MIN_DIGITS && text.chars().all(|c| c.is_ascii_digit()) {
                add(FieldGroup::Phone, Mode::Prefix, FIELDS);
            }
            add(FieldGroup::Notes, Mode::Exact, NOTES);
            if *prefix && len >= 3 {
                add(FieldGroup::Notes, Mode::Prefix, NOTES * 0.9);
            }
            if *fuzzy > 0 && ascii {
                add(FieldGroup::Notes, fuzzy_mode, NOTES * 0.7);
            }
        }
        Segment::Cjk { .. } | Segment::Phrase { .. } => {
            add(FieldGroup::Name, Mode::Phrase, NAME);
            add(FieldGroup::Fields, Mode::Phrase, FIELDS);
            add(FieldGroup::Notes, Mode::Phrase, NOTES);
        }
    }
    out
}

/// The terms of a phrase-like segment, in order (CJK bigrams, or the words).
pub fn phrase_terms(segment: &Segment) -> Vec<String> {
    match segment {
        Segment::Cjk { text } => analyzer::cjk_terms(text),
        Segment::Phrase { words } => words.clone(),
        Segment::Word { text, .. } => vec![text.clone()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, prefix: bool, fuzzy: u8) -> Segment {
        Segment::Word {
            text: text.into(),
            prefix,
            fuzzy,
        }
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        let q = parse("zhang wei");
        assert_eq!(q.segments, [word("zhang", false, 1), word("wei", true, 0)]);
        let q = parse("zhang wei ");
        assert_eq!(q.segments[1], word("wei", false, 0));
        assert_eq!(q.name_key, "zhangwei");
    }

    #[test]
    fn typo_distance_grows_with_length() {
        assert_eq!(typo_distance("bob"), 0);
        assert_eq!(typo_distance("john"), 1);
        assert_eq!(typo_distance("jennifer"), 2);
        assert_eq!(typo_distance("8123"), 0);
    }

    #[test]
    fn chinese_runs_and_folding() {
        let q = parse("張偉明 ACME");
        assert_eq!(
            q.segments,
            [
                Segment::Cjk {
                    text: "张伟明".into()
                },
                word("acme", true, 1)
            ]
        );
        let q = parse("Ｊｏｓé");
        assert_eq!(q.segments, [word("jose", true, 1)]);
    }

    #[test]
    fn quotes_make_phrases() {
        let q = parse("\"follow up\" acme");
        assert_eq!(
            q.segments,
            [
                Segment::Phrase {
                    words: vec!["follow".into(), "up".into()]
                },
                word("acme", true, 1)
            ]
        );
        // An unclosed quote is just text.
        let q = parse("\"follow");
        assert_eq!(q.segments, [word("follow", true, 1)]);
    }

    #[test]
    fn phone_queries() {
        let q = parse("+1 (415) 555-8123");
        assert_eq!(q.phone.as_deref(), Some("14155558123"));
        assert!(parse("acme 8123").phone.is_none());
        let alts = alternatives(&word("8123", true, 0));
        assert!(alts.iter().any(|a| a.group == FieldGroup::Phone));
    }

    #[test]
    fn short_prefixes_only_look_at_names() {
        let alts = alternatives(&word("z", true, 0));
        assert!(alts
            .iter()
            .filter(|a| a.mode == Mode::Prefix)
            .all(|a| a.group == FieldGroup::Name || a.group == FieldGroup::Pinyin));
    }

    #[test]
    fn empty_and_odd_queries() {
        assert!(parse("").is_empty());
        assert!(parse("  !!! ").is_empty());
        assert!(parse("\"\"\"").is_empty());
        let long = "word ".repeat(100);
        assert!(parse(&long).segments.len() <= MAX_SEGMENTS);
    }
}

//! Which fields of a found contact matched, with highlighted snippets, and
//! how it ranks. Works on the texts from the store with the same analyzer and
//! the same match rules ([`super::query::alternatives`]) as the index, so it
//! also serves as the exact scan the index is tested and measured against.

use super::analyzer::{self, Piece};
use super::digits::{digits_of, phone_terms};
use super::document::{NoteOrigin, SearchSource};
use super::query::{alternatives, phrase_terms, FieldGroup, Mode, ParsedQuery, Segment};
use super::ranking::MatchRank;
use super::schema::{field_texts, name_keys, name_syllables};
use super::{FieldMatch, MatchedField, SnippetPart};
use crate::search::pinyin;

/// Most matched fields reported per contact.
const MAX_MATCHES: usize = 3;
/// Characters of context kept around the first hit in a long text.
const SNIPPET_CONTEXT: usize = 32;
/// Texts longer than this (in characters) are cut to a window around the first hit.
const SNIPPET_MAX: usize = 96;

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and transpositions of neighbours each cost one.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    osa(a, b, usize::MAX, false)
}

/// Longest word compared without allocating (longer ones are cut, as tokens are).
const DP_MAX: usize = super::analyzer::MAX_TOKEN_CHARS + 4;

/// Optimal-string-alignment distance of `a` to `b`, or with `prefix` to the
/// closest prefix of `b`; gives up (returning more than `limit`) as soon as
/// no alignment can stay within `limit`. One pass, no allocation.
fn osa(a: &[char], b: &[char], limit: usize, prefix: bool) -> usize {
    let (a, b) = (&a[..a.len().min(DP_MAX)], &b[..b.len().min(DP_MAX)]);
    let (n, m) = (a.len(), b.len());
    // Rows i-2, i-1 and i of the table, over columns 0..=m.
    let mut rows = [[0usize; DP_MAX + 1]; 3];
    // Row i lives at rows[i % 3]; row 0 is the distance to each prefix of `b`.
    for (j, cell) in rows[0].iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    if n == 0 {
        return if prefix { 0 } else { m };
    }
    for i in 1..=n {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return row_min;
        }
    }
    let last = &rows[n % 3][..=m];
    if prefix {
        last.iter().copied().min().unwrap_or(n)
    } else {
        last[m]
    }
}

/// Whether `term` matches `word` under `mode` (phrases are handled apart).
pub fn term_matches(mode: Mode, word: &str, term: &str) -> bool {
    match mode {
        Mode::Exact | Mode::Phrase => term == word,
        Mode::Prefix => term.starts_with(word),
        Mode::Fuzzy { distance, prefix } => {
            let d = usize::from(distance);
            let mut w = ['\0'; DP_MAX];
            let mut t = ['\0'; DP_MAX];
            let wn = fill(&mut w, word);
            let tn = fill(&mut t, term);
            if !prefix && wn.abs_diff(tn) > d {
                return false;
            }
            osa(&w[..wn], &t[..tn], d, prefix) <= d
        }
    }
}

fn fill(buf: &mut [char; DP_MAX], s: &str) -> usize {
    let mut n = 0;
    for (slot, c) in buf.iter_mut().zip(s.chars()) {
        *slot = c;
        n += 1;
    }
    n
}

/// Byte ranges of `pieces` where `segment` matches under `mode`.
fn spans(segment: &Segment, mode: Mode, pieces: &[Piece]) -> Vec<(usize, usize)> {
    match (segment, mode) {
        (Segment::Word { text, .. }, m) if m != Mode::Phrase => pieces
            .iter()
            .filter(|p| term_matches(m, text, &p.text))
            .map(|p| (p.from, p.to))
            .collect(),
        (_, Mode::Phrase) => {
            let terms = phrase_terms(segment);
            let mut out = Vec::new();
            for first in pieces.iter().filter(|p| p.text == terms[0]) {
                let mut end = first.to;
                let found = terms.iter().enumerate().skip(1).all(|(j, t)| {
                    pieces
                        .iter()
                        .find(|p| p.position == first.position + j && &p.text == t)
                        .map(|p| end = end.max(p.to))
                        .is_some()
                });
                if found {
                    out.push((first.from, end));
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// One searchable text of a contact.
struct Value {
    group: FieldGroup,
    field: MatchedField,
    label: Option<String>,
    date: Option<String>,
    text: String,
    pieces: Vec<Piece>,
}

fn values(s: &SearchSource) -> Vec<Value> {
    let mut out = Vec::new();
    for n in s.names() {
        out.push(Value {
            group: FieldGroup::Name,
            field: MatchedField::Name,
            label: None,
            date: None,
            text: n.to_string(),
            pieces: analyzer::pieces(n),
        });
    }
    let (name, syl) = name_syllables(s);
    if !syl.is_empty() {
        // Pinyin and initials highlight the Chinese characters they read.
        for (group, pieces) in [
            (FieldGroup::Pinyin, pinyin::full_pieces(&syl)),
            (FieldGroup::Initials, pinyin::initials_pieces(&syl)),
        ] {
            out.push(Value {
                group,
                field: MatchedField::Name,
                label: None,
                date: None,
                text: name.clone(),
                pieces,
            });
        }
    }
    for (field, label, text) in field_texts(s) {
        out.push(Value {
            group: FieldGroup::Fields,
            field,
            label: label.map(str::to_string),
            date: None,
            text: text.to_string(),
            pieces: analyzer::pieces(text),
        });
    }
    for p in &s.phones {
        out.push(Value {
            group: FieldGroup::Phone,
            field: MatchedField::Phone,
            label: None,
            date: None,
            text: p.raw.clone(),
            pieces: phone_terms(&p.raw, p.e164.as_deref())
                .into_iter()
                .map(|t| Piece {
                    text: t,
                    position: 0,
                    from: 0,
                    to: p.raw.len(),
                })
                .collect(),
        });
    }
    out
}

/// The texts of a contact's notes, interactions and follow-ups (examined
/// only when the contact fields do not already match every segment: they
/// are most of the text and cannot change the rank then).
fn note_values(s: &SearchSource) -> Vec<Value> {
    let mut out = Vec::new();
    for n in &s.notes {
        let (field, label) = match &n.origin {
            NoteOrigin::Interaction(k) => (MatchedField::Interaction, Some(k.as_str().to_string())),
            NoteOrigin::FollowUp => (MatchedField::FollowUp, None),
        };
        out.push(Value {
            group: FieldGroup::Notes,
            field,
            label,
            date: Some(n.date.clone()),
            text: n.text.clone(),
            pieces: analyzer::pieces(&n.text),
        });
    }
    out
}

/// Matches every segment against `values[start..]`, recording the spans of
/// each value and the best group each segment matched in.
fn evaluate(
    q: &ParsedQuery,
    values: &[Value],
    start: usize,
    value_spans: &mut [Vec<(usize, usize)>],
    best_group: &mut [Option<FieldGroup>],
) {
    for (si, seg) in q.segments.iter().enumerate() {
        for alt in alternatives(seg) {
            for (vi, v) in values
                .iter()
                .enumerate()
                .skip(start)
                .filter(|(_, v)| v.group == alt.group)
            {
                let found = if v.group == FieldGroup::Phone {
                    match seg {
                        Segment::Word { text, .. }
                            if v.pieces.iter().any(|p| p.text.starts_with(text.as_str())) =>
                        {
                            vec![phone_span(&v.text, text)]
                        }
                        _ => Vec::new(),
                    }
                } else {
                    spans(seg, alt.mode, &v.pieces)
                };
                if !found.is_empty() {
                    value_spans[vi].extend(found);
                    best_group[si] = Some(best_group[si].map_or(alt.group, |g| g.min(alt.group)));
                }
            }
        }
    }
}

/// Byte ranges of the digits `digits` inside `raw` (a phone as typed), or all of it.
fn phone_span(raw: &str, digits: &str) -> (usize, usize) {
    let positions: Vec<usize> = raw
        .char_indices()
        .filter(|(_, c)| analyzer::half_width(*c).is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    match digits_of(raw).find(digits) {
        Some(start) if !digits.is_empty() => {
            let from = positions[start];
            let last = positions[start + digits.len() - 1];
            (
                from,
                last + raw[last..].chars().next().map_or(1, char::len_utf8),
            )
        }
        _ => (0, raw.len()),
    }
}

/// How a contact matched a query: its rank and matched fields, best first;
/// `None` when it does not match (every segment must match somewhere, or the
/// phone digits must).
pub fn explain(q: &ParsedQuery, s: &SearchSource) -> Option<(MatchRank, Vec<FieldMatch>)> {
    let mut values = values(s);
    let mut value_spans: Vec<Vec<(usize, usize)>> = vec![Vec::new(); values.len()];
    let mut best_group: Vec<Option<FieldGroup>> = vec![None; q.segments.len()];
    evaluate(q, &values, 0, &mut value_spans, &mut best_group);
    let mut words_match = !q.segments.is_empty() && best_group.iter().all(Option::is_some);
    let mut phone_match = false;
    if let Some(d) = &q.phone {
        for (vi, v) in values.iter().enumerate() {
            if v.group == FieldGroup::Phone
                && v.pieces.iter().any(|p| p.text.starts_with(d.as_str()))
            {
                value_spans[vi].push(phone_span(&v.text, d));
                phone_match = true;
            }
        }
    }
    if !q.segments.is_empty() && !words_match && !phone_match {
        let start = values.len();
        values.extend(note_values(s));
        value_spans.resize(values.len(), Vec::new());
        evaluate(q, &values, start, &mut value_spans, &mut best_group);
        words_match = best_group.iter().all(Option::is_some);
    }
    if !words_match && !phone_match {
        return None;
    }
    let keys = name_keys(s, &name_syllables(s).1);
    let rank = if !q.name_key.is_empty() && keys.contains(&q.name_key) {
        MatchRank::ExactName
    } else if !q.name_key.is_empty() && keys.iter().any(|k| k.starts_with(&q.name_key)) {
        MatchRank::NamePrefix
    } else if words_match {
        let worst = best_group.iter().flatten().max().copied();
        match worst {
            Some(FieldGroup::Name | FieldGroup::Pinyin | FieldGroup::Initials) => MatchRank::Name,
            Some(FieldGroup::Fields | FieldGroup::Phone) => MatchRank::Field,
            _ => MatchRank::Note,
        }
    } else {
        MatchRank::Field
    };
    type Matched<'v> = (usize, &'v Value, Vec<(usize, usize)>);
    let mut matched: Vec<Matched> = values
        .iter()
        .zip(value_spans)
        .enumerate()
        .filter(|(_, (_, sp))| !sp.is_empty())
        .map(|(i, (v, sp))| (i, v, sp))
        .collect();
    matched.sort_by_key(|(i, v, _)| (v.group, *i));
    let mut out: Vec<FieldMatch> = Vec::new();
    for (_, v, sp) in matched {
        // Pinyin and initials highlight the same name: report it once.
        if v.field == MatchedField::Name && out.iter().any(|m| m.field == MatchedField::Name) {
            continue;
        }
        out.push(FieldMatch {
            field: v.field,
            label: v.label.clone(),
            date: v.date.clone(),
            snippet: snippet(&v.text, sp),
        });
        if out.len() == MAX_MATCHES {
            break;
        }
    }
    Some((rank, out))
}

/// Whether a contact matches a query: the exact scan the index must agree with.
pub fn matches(q: &ParsedQuery, s: &SearchSource) -> bool {
    explain(q, s).is_some()
}

/// `text` cut into plain and highlighted parts (a window around the first hit when long).
pub fn snippet(text: &str, mut spans: Vec<(usize, usize)>) -> Vec<SnippetPart> {
    spans.retain(|(a, b)| {
        a < b && *b <= text.len() && text.is_char_boundary(*a) && text.is_char_boundary(*b)
    });
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let (mut start, mut end) = (0, text.len());
    if text.chars().count() > SNIPPET_MAX {
        let first = merged.first().map_or(0, |s| s.0);
        start = text[..first]
            .char_indices()
            .rev()
            .nth(SNIPPET_CONTEXT.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        end = text[start..]
            .char_indices()
            .nth(SNIPPET_MAX)
            .map_or(text.len(), |(i, _)| start + i);
    }
    let mut parts = Vec::new();
    let mut push = |t: &str, hit: bool| {
        if !t.is_empty() {
            parts.push(SnippetPart {
                text: t.to_string(),
                hit,
            });
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for (a, b) in merged {
        let (a, b) = (a.max(start), b.min(end));
        if a >= b {
            continue;
        }
        push(&text[at..a], false);
        push(&text[a..b], true);
        at = b;
    }
    push(&text[at..end], false);
    if end < text.len() {
        push("…", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distance_counts_transpositions_as_one() {
        assert_eq!(edit_distance(&chars("john"), &chars("jhon")), 1);
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
        // Leading and trailing insertions are not free.
        assert_eq!(edit_distance(&chars("ab"), &chars("xxab")), 2);
        assert_eq!(edit_distance(&chars("ab"), &chars("abxx")), 2);
        assert_eq!(edit_distance(&chars("abcdef"), &chars("abcdfe")), 1);
    }

    #[test]
    fn fuzzy_prefix_compares_with_prefixes() {
        let m = Mode::Fuzzy {
            distance: 1,
            prefix: true,
        };
        assert!(term_matches(m, "jhon", "johnson"));
        assert!(!term_matches(m, "xxon", "johnson"));
        assert!(!term_matches(m, "jenn", "chenna"));
        assert!(term_matches(m, "jenn", "jennifer"));
        assert!(term_matches(m, "jenm", "jennifer"));
        let exact = Mode::Fuzzy {
            distance: 1,
            prefix: false,
        };
        assert!(!term_matches(exact, "jhon", "johnson"));
        assert!(term_matches(exact, "jhon", "john"));
    }

    #[test]
    fn snippets_highlight_and_cut_long_text() {
        let parts = snippet("Call Ann about ACME", vec![(15, 19)]);
        assert_eq!(parts.len(), 2);
        assert!(parts[1].hit && parts[1].text == "ACME");
        let long = format!("{} 报价 {}", "x".repeat(200), "y".repeat(200));
        let at = long.find("报价").unwrap();
        let parts = snippet(&long, vec![(at, at + "报价".len())]);
        assert_eq!(parts.first().unwrap().text, "…");
        assert_eq!(parts.last().unwrap().text, "…");
        assert!(parts.iter().any(|p| p.hit && p.text == "报价"));
        let total: usize = parts.iter().map(|p| p.text.chars().count()).sum();
        assert!(total <= SNIPPET_MAX + 2, "{total}");
    }

    #[test]
    fn phone_spans_cover_the_typed_digits() {
        let raw = "+1 (415) 555-8123";
        let (a, b) = phone_span(raw, "5558123");
        assert_eq!(&raw[a..b], "555-8123");
    }
}

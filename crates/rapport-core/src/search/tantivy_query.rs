//! The tantivy query of a parsed query: each segment must match one of its
//! alternatives (the best counts), the whole name adds a bonus, and a query of
//! phone digits may match a phone instead.

use tantivy::query::{
    BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::digits;
use super::query::{
    alternatives, phrase_terms, Alternative, FieldGroup, Mode, ParsedQuery, Segment,
};
use super::ranking::{EXACT_NAME, FIELDS, NAME_PREFIX};
use super::schema::Fields;

/// The tantivy query of a parsed query.
pub(super) fn of(f: &Fields, q: &ParsedQuery) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for seg in &q.segments {
        let alts: Vec<Box<dyn Query>> = alternatives(seg)
            .into_iter()
            .filter_map(|a| leaf(f, seg, a))
            .collect();
        clauses.push((Occur::Must, Box::new(DisjunctionMaxQuery::new(alts))));
    }
    if !q.segments.is_empty() && !q.name_key.is_empty() {
        let key = Term::from_field_text(f.name_key, &q.name_key);
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(term(key.clone()), EXACT_NAME)),
        ));
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                Box::new(FuzzyTermQuery::new_prefix(key, 0, true)),
                NAME_PREFIX,
            )),
        ));
    }
    let words: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    // `phone` holds 4+ digits, so it always has a query.
    match q.phone.as_deref().and_then(|d| phone_query(f, d)) {
        None => words,
        Some(phone) => {
            let mut either: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Should, Box::new(ConstScoreQuery::new(phone, FIELDS)))];
            if !q.segments.is_empty() {
                either.push((Occur::Should, words));
            }
            Box::new(BooleanQuery::new(either))
        }
    }
}

fn term(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::Basic))
}

/// Phones holding the digits `d` (4 or more): the phrase of their 4-digit grams
/// ([`digits::query_grams`]), or the one gram.
fn phone_query(f: &Fields, d: &str) -> Option<Box<dyn Query>> {
    let mut grams: Vec<(usize, Term)> = digits::query_grams(d)
        .into_iter()
        .map(|(at, g)| (at, Term::from_field_text(f.phone, &g)))
        .collect();
    match grams.len() {
        0 => None,
        1 => Some(term(grams.pop()?.1)),
        _ => Some(Box::new(PhraseQuery::new_with_offset(grams))),
    }
}

/// The tantivy query of one alternative of a segment.
fn leaf(f: &Fields, seg: &Segment, alt: Alternative) -> Option<Box<dyn Query>> {
    let field: Field = f.of(alt.group);
    let q: Box<dyn Query> = match (seg, alt.mode) {
        // Phone digits are indexed as grams: a digit word is found inside a number.
        (Segment::Word { text, .. }, _) if alt.group == FieldGroup::Phone => phone_query(f, text)?,
        (Segment::Word { text, .. }, Mode::Exact) => term(Term::from_field_text(field, text)),
        (Segment::Word { text, .. }, Mode::Prefix) => Box::new(FuzzyTermQuery::new_prefix(
            Term::from_field_text(field, text),
            0,
            true,
        )),
        (Segment::Word { text, .. }, Mode::Fuzzy { distance, prefix }) => {
            let t = Term::from_field_text(field, text);
            Box::new(if prefix {
                FuzzyTermQuery::new_prefix(t, distance, true)
            } else {
                FuzzyTermQuery::new(t, distance, true)
            })
        }
        (_, Mode::Phrase) => {
            let terms: Vec<Term> = phrase_terms(seg)
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect();
            match terms.len() {
                0 => return None,
                1 => term(terms.into_iter().next()?),
                _ => Box::new(PhraseQuery::new(terms)),
            }
        }
        _ => return None,
    };
    Some(Box::new(ConstScoreQuery::new(q, alt.score)))
}

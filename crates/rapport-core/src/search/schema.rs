//! The tantivy schema and the document of one contact.
//!
//! One document per live contact holds all its searchable text, so results
//! are grouped per contact by construction and an update is one delete and
//! one add. Documents hold plain text that tantivy analyses with our own
//! tokenizers ([`super::tokenizer`]); pinyin and phone fields hold the
//! syllables and digit runs computed here. Nothing is stored but the contact
//! id, because SQLite is the source of truth and snippets are made from it.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};
use tantivy::TantivyDocument;

use super::analyzer;
use super::digits::phone_runs;
use super::document::SearchSource;
use super::pinyin;
use super::query::FieldGroup;
use super::tokenizer;

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The contact (indexed for deletes, fast for results).
    pub contact_id: Field,
    /// Names.
    pub name: Field,
    /// Pinyin spans of Chinese names.
    pub pinyin: Field,
    /// Pinyin initials of Chinese names.
    pub initials: Field,
    /// Whole-name keys (display name, pinyin, initials) for exact and prefix ranking.
    pub name_key: Field,
    /// Company, title, emails, tags, addresses, custom values.
    pub fields: Field,
    /// Phone digit runs, as 4-digit grams.
    pub phone: Field,
    /// Interaction and follow-up text.
    pub notes: Field,
    /// Unix seconds of the latest activity.
    pub activity: Field,
}

impl Fields {
    /// The field of a group.
    pub fn of(&self, group: FieldGroup) -> Field {
        match group {
            FieldGroup::Name => self.name,
            FieldGroup::Pinyin => self.pinyin,
            FieldGroup::Initials => self.initials,
            FieldGroup::Fields => self.fields,
            FieldGroup::Phone => self.phone,
            FieldGroup::Notes => self.notes,
        }
    }
}

fn text(tokenizer: &str, with_positions: bool) -> TextOptions {
    let record = if with_positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::Basic
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_fieldnorms(false)
            .set_index_option(record),
    )
}

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        contact_id: b.add_u64_field(
            "contact_id",
            NumericOptions::default().set_indexed().set_fast(),
        ),
        name: b.add_text_field("name", text(tokenizer::TEXT, true)),
        pinyin: b.add_text_field("pinyin", text(tokenizer::PINYIN, true)),
        initials: b.add_text_field("initials", text(tokenizer::INITIALS, false)),
        name_key: b.add_text_field("name_key", STRING),
        fields: b.add_text_field("fields", text(tokenizer::TEXT, true)),
        phone: b.add_text_field("phone", text(tokenizer::DIGITS, true)),
        notes: b.add_text_field("notes", text(tokenizer::TEXT, true)),
        activity: b.add_i64_field("activity", NumericOptions::default().set_fast()),
    };
    (b.build(), fields)
}

/// The texts of the contact-field group, in display order: (label, text).
pub fn field_texts(s: &SearchSource) -> Vec<(super::MatchedField, Option<&str>, &str)> {
    use super::MatchedField as F;
    let mut out = Vec::new();
    if let Some(c) = &s.company {
        out.push((F::Company, None, c.as_str()));
    }
    if let Some(t) = &s.title {
        out.push((F::Title, None, t.as_str()));
    }
    out.extend(s.emails.iter().map(|e| (F::Email, None, e.as_str())));
    out.extend(s.tags.iter().map(|t| (F::Tag, None, t.as_str())));
    out.extend(s.addresses.iter().map(|a| (F::Address, None, a.as_str())));
    out.extend(
        s.custom_fields
            .iter()
            .map(|(k, v)| (F::Custom, Some(k.as_str()), v.as_str())),
    );
    out
}

/// The pinyin syllables of a contact's Chinese name (display name, else family + given).
pub fn name_syllables(s: &SearchSource) -> (String, Vec<pinyin::Syllable>) {
    let family = s.family_name.as_deref();
    let from_display = pinyin::syllables(&s.display_name, family);
    if !from_display.is_empty() {
        return (s.display_name.clone(), from_display);
    }
    let joined = format!(
        "{}{}",
        s.family_name.as_deref().unwrap_or(""),
        s.given_name.as_deref().unwrap_or("")
    );
    let syl = pinyin::syllables(&joined, family);
    (joined, syl)
}

/// Whole-name keys: the folded names, both orders of given and family name,
/// and the full pinyin and initials of a Chinese name (`syl`, from
/// [`name_syllables`]).
pub fn name_keys(s: &SearchSource, syl: &[pinyin::Syllable]) -> Vec<String> {
    let mut keys: Vec<String> = s.names().into_iter().map(analyzer::key).collect();
    if let (Some(g), Some(f)) = (&s.given_name, &s.family_name) {
        keys.push(analyzer::key(&format!("{g} {f}")));
        keys.push(analyzer::key(&format!("{f} {g}")));
    }
    if !syl.is_empty() {
        keys.push(syl.iter().map(|s| s.reading.as_str()).collect());
        keys.push(
            syl.iter()
                .filter_map(|s| s.reading.chars().next())
                .collect(),
        );
    }
    keys.retain(|k| !k.is_empty());
    keys.sort();
    keys.dedup();
    keys
}

/// The document of one contact.
pub fn document(f: &Fields, s: &SearchSource) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.contact_id, s.id.0 as u64);
    doc.add_i64(f.activity, s.last_activity);
    for n in s.names() {
        doc.add_text(f.name, n);
    }
    let (_, syl) = name_syllables(s);
    if !syl.is_empty() {
        let readings = tokenizer::syllables_text(&syl);
        if syl.len() > 1 {
            doc.add_text(f.initials, readings.clone());
        }
        doc.add_text(f.pinyin, readings);
    }
    for k in name_keys(s, &syl) {
        doc.add_text(f.name_key, k);
    }
    for (_, _, t) in field_texts(s) {
        doc.add_text(f.fields, t);
    }
    // One value for all phones: the tokenizer keeps runs apart (a phrase of
    // grams never spans two), which separate values would not promise.
    let runs: Vec<String> = s
        .phones
        .iter()
        .flat_map(|p| phone_runs(&p.raw, p.e164.as_deref()))
        .collect();
    if !runs.is_empty() {
        doc.add_text(f.phone, runs.join(" "));
    }
    for n in &s.notes {
        doc.add_text(f.notes, &n.text);
    }
    doc
}

//! vCard 3.0 and 4.0 export, read back by the importer field for field.
//! Labels vCard has no type for go in Apple's grouped `X-ABLabel` form.

use std::io::Write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{escape_text, selected_for_others, write_folded, ExportFilter};
use crate::book::ContactBook;
use crate::contacts::{is_cjk, Contact};
use crate::dates::PartialDate;
use crate::error::Result;
use crate::import::values::NO_YEAR_MARKER;

/// Which vCard version to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum VcardVersion {
    /// vCard 3.0 (RFC 2426): what most address books read.
    #[default]
    #[serde(rename = "3.0")]
    V3,
    /// vCard 4.0 (RFC 6350).
    #[serde(rename = "4.0")]
    V4,
}

/// Writes the selected contacts as vCards; returns how many.
pub fn export_vcard(
    book: &ContactBook,
    filter: &ExportFilter,
    version: VcardVersion,
    out: &mut dyn Write,
) -> Result<u64> {
    let mut n = 0;
    for c in selected_for_others(book, filter)? {
        let c = c?;
        let notes = book.store().note_texts(c.id)?;
        write_card(&c, &notes, version, out)?;
        n += 1;
    }
    Ok(n)
}

fn date(d: PartialDate, version: VcardVersion) -> (String, String) {
    match (d.year, version) {
        (Some(y), VcardVersion::V3) => {
            (String::new(), format!("{y:04}-{:02}-{:02}", d.month, d.day))
        }
        (Some(y), VcardVersion::V4) => (String::new(), format!("{y:04}{:02}{:02}", d.month, d.day)),
        // vCard 3 has no date without a year: Apple's convention.
        (None, VcardVersion::V3) => (
            format!(";X-APPLE-OMIT-YEAR={NO_YEAR_MARKER}"),
            format!("{NO_YEAR_MARKER}-{:02}-{:02}", d.month, d.day),
        ),
        (None, VcardVersion::V4) => (String::new(), format!("--{:02}{:02}", d.month, d.day)),
    }
}

/// The vCard TYPE for a label, if it has one.
fn type_of(label: Option<&str>, for_phone: bool) -> Option<&'static str> {
    match label? {
        "mobile" if for_phone => Some("CELL"),
        "work" => Some("WORK"),
        "home" => Some("HOME"),
        "fax" if for_phone => Some("FAX"),
        "pager" if for_phone => Some("PAGER"),
        "other" => Some("OTHER"),
        _ => None,
    }
}

/// Writes one card.
pub fn write_card(
    c: &Contact,
    notes: &[String],
    version: VcardVersion,
    out: &mut dyn Write,
) -> Result<()> {
    let d = &c.draft;
    let mut lines: Vec<String> = vec!["BEGIN:VCARD".into()];
    lines.push(match version {
        VcardVersion::V3 => "VERSION:3.0".into(),
        VcardVersion::V4 => "VERSION:4.0".into(),
    });
    lines.push("PRODID:-//Rapport//Rapport CRM//EN".into());
    let e = |s: &Option<String>| escape_text(s.as_deref().unwrap_or(""));
    lines.push(format!("N:{};{};;;", e(&d.family_name), e(&d.given_name)));
    lines.push(format!("FN:{}", escape_text(&d.display_name)));
    if let Some(p) = &d.phonetic_name {
        lines.push(format!("X-RAPPORT-PHONETIC:{}", escape_text(p)));
        // Apple's reading fields, in the name's own order.
        let words: Vec<&str> = p.split_whitespace().collect();
        let cjk = d.display_name.chars().any(is_cjk);
        let (first, last) = match (words.as_slice(), cjk) {
            ([one], _) => (Some(one.to_string()), None),
            ([fam, rest @ ..], true) => (Some(rest.join(" ")), Some(fam.to_string())),
            ([rest @ .., fam], false) => (Some(rest.join(" ")), Some(fam.to_string())),
            _ => (None, None),
        };
        if let Some(f) = first {
            lines.push(format!("X-PHONETIC-FIRST-NAME:{}", escape_text(&f)));
        }
        if let Some(l) = last {
            lines.push(format!("X-PHONETIC-LAST-NAME:{}", escape_text(&l)));
        }
    }
    if let Some(co) = &d.company {
        lines.push(format!("ORG:{}", escape_text(co)));
    }
    if let Some(t) = &d.title {
        lines.push(format!("TITLE:{}", escape_text(t)));
    }
    let mut group = 0;
    let mut grouped = |lines: &mut Vec<String>, prop: String, label: &str| {
        group += 1;
        lines.push(format!("item{group}.{prop}"));
        lines.push(format!("item{group}.X-ABLabel:{}", escape_text(label)));
    };
    for m in &d.emails {
        let addr = escape_text(&m.address);
        match (m.label.as_deref(), type_of(m.label.as_deref(), false)) {
            (_, Some(t)) => lines.push(format!("EMAIL;TYPE=INTERNET,{t}:{addr}")),
            (Some(l), None) => grouped(&mut lines, format!("EMAIL;TYPE=INTERNET:{addr}"), l),
            (None, None) => lines.push(format!("EMAIL;TYPE=INTERNET:{addr}")),
        }
    }
    for p in &d.phones {
        let raw = escape_text(&p.raw);
        match (p.label.as_deref(), type_of(p.label.as_deref(), true)) {
            (_, Some(t)) => lines.push(format!("TEL;TYPE={t}:{raw}")),
            (Some(l), None) => grouped(&mut lines, format!("TEL:{raw}"), l),
            (None, None) => lines.push(format!("TEL:{raw}")),
        }
    }
    for a in &d.addresses {
        let value = format!(
            ";;{};{};{};{};{}",
            e(&a.street),
            e(&a.city),
            e(&a.region),
            e(&a.postal_code),
            e(&a.country)
        );
        match (a.label.as_deref(), type_of(a.label.as_deref(), false)) {
            (_, Some(t)) => lines.push(format!("ADR;TYPE={t}:{value}")),
            (Some(l), None) => grouped(&mut lines, format!("ADR:{value}"), l),
            (None, None) => lines.push(format!("ADR:{value}")),
        }
    }
    if let Some(b) = d.birthday {
        let (param, v) = date(b, version);
        lines.push(format!("BDAY{param}:{v}"));
    }
    if let Some(a) = d.anniversary {
        let (param, v) = date(a, version);
        let name = match version {
            VcardVersion::V3 => "X-ANNIVERSARY",
            VcardVersion::V4 => "ANNIVERSARY",
        };
        lines.push(format!("{name}{param}:{v}"));
    }
    if !d.tags.is_empty() {
        let tags: Vec<String> = d.tags.iter().map(|t| escape_text(t)).collect();
        lines.push(format!("CATEGORIES:{}", tags.join(",")));
    }
    if !notes.is_empty() {
        lines.push(format!("NOTE:{}", escape_text(&notes.join("\n\n"))));
    }
    if let Some(s) = d.stage {
        lines.push(format!("X-RAPPORT-STAGE:{s}"));
    }
    if let Some(s) = &d.source {
        lines.push(format!("X-RAPPORT-SOURCE:{}", escape_text(s)));
    }
    if d.do_not_contact {
        lines.push("X-RAPPORT-DO-NOT-CONTACT:yes".into());
    }
    if let Some(n) = d.cadence_days {
        lines.push(format!("X-RAPPORT-CADENCE:{n}"));
    }
    for f in &d.custom_fields {
        grouped(
            &mut lines,
            format!("X-RAPPORT-CUSTOM:{}", escape_text(&f.value)),
            &f.key,
        );
    }
    lines.push(format!("UID:urn:rapport:contact:{}", c.id));
    lines.push("END:VCARD".into());
    for l in lines {
        write_folded(out, &l)?;
    }
    Ok(())
}

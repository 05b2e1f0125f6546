//! Exports: CSV (round-trips through import), vCard 3.0 and 4.0, and open
//! follow-ups as an iCalendar (ICS) file. CSV cells never start with a
//! character that makes a spreadsheet run them as a formula.

pub mod csv;
pub mod google;
pub mod ics;
pub mod vcard;

use std::io::Write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{Contact, ContactId};
use crate::error::{Error, Result};
use crate::optout::{strip_opted_out, OptOutChannel};

/// Which contacts to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ExportFilter {
    /// Only contacts with this tag (case-insensitive).
    pub tag: Option<String>,
    /// Only these contacts (in this order).
    pub ids: Option<Vec<ContactId>>,
    /// For outreach (mailings, campaigns): leave out contacts marked do-not-contact.
    pub for_outreach: bool,
    /// Include archived contacts.
    pub include_archived: bool,
    /// For outreach on this channel: only contacts reachable on it (implies `for_outreach`).
    pub channel: Option<OptOutChannel>,
}

impl ExportFilter {
    fn outreach(&self) -> bool {
        self.for_outreach || self.channel.is_some()
    }
}

/// The contacts a filter selects, one at a time (the store is read as they are written),
/// with every detail (Rapport's own CSV: what it exports, it imports back).
pub(crate) fn selected<'a>(
    book: &'a ContactBook,
    filter: &ExportFilter,
) -> Result<impl Iterator<Item = Result<Contact>> + 'a> {
    selected_for(book, filter, false)
}

/// [`selected`] for a file meant for another program (Google Contacts, a vCard
/// address book): the details a contact opted out of are left out even when the
/// export is not for outreach, since that program would use them.
pub(crate) fn selected_for_others<'a>(
    book: &'a ContactBook,
    filter: &ExportFilter,
) -> Result<impl Iterator<Item = Result<Contact>> + 'a> {
    selected_for(book, filter, true)
}

fn selected_for<'a>(
    book: &'a ContactBook,
    filter: &ExportFilter,
    strip_always: bool,
) -> Result<impl Iterator<Item = Result<Contact>> + 'a> {
    let ids = match &filter.ids {
        Some(ids) => {
            let mut out = Vec::new();
            for id in ids {
                let c = book.contact(*id)?;
                let archived_ok = filter.include_archived || c.archived_at.is_none();
                let outreach_ok = !filter.outreach() || !c.draft.do_not_contact;
                let tag_ok = filter.tag.as_ref().is_none_or(|t| {
                    c.draft
                        .tags
                        .iter()
                        .any(|x| x.to_lowercase() == t.to_lowercase())
                });
                if archived_ok && outreach_ok && tag_ok {
                    out.push(*id);
                }
            }
            out
        }
        None => book.store().export_contact_ids(
            filter.tag.as_deref(),
            filter.include_archived,
            filter.outreach(),
        )?,
    };
    let outreach = filter.outreach();
    let channel = filter.channel;
    // Outreach honours per-channel opt-out: opted-out details are left out, and so is a
    // contact with nothing left to reach.
    Ok(ids.into_iter().filter_map(move |id| {
        let mut c = match book.contact(id) {
            Ok(c) => c,
            Err(e) => return Some(Err(e)),
        };
        if !outreach && !strip_always {
            return Some(Ok(c));
        }
        match book.opt_outs(id) {
            Ok(out) => {
                let reachable = strip_opted_out(&mut c, &out, channel);
                (reachable || !outreach).then_some(Ok(c))
            }
            Err(e) => Some(Err(e)),
        }
    }))
}

/// The file formats Rapport exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// Rapport's CSV: every field, imports back as it was.
    Csv,
    /// Google Contacts CSV.
    GoogleCsv,
    /// vCard 3.0.
    Vcard3,
    /// vCard 4.0.
    Vcard4,
    /// Open follow-ups and birthdays as an iCalendar file.
    Ics,
}

/// Writes the contacts `filter` selects (follow-ups for ICS) in `format`; how many.
/// The one export path of the CLI and the app.
pub fn write(
    book: &ContactBook,
    format: ExportFormat,
    filter: &ExportFilter,
    now: chrono::DateTime<chrono::Utc>,
    out: &mut dyn Write,
) -> Result<u64> {
    match format {
        ExportFormat::Csv => csv::export_csv(book, filter, out),
        ExportFormat::GoogleCsv => google::export_google_csv(book, filter, out),
        ExportFormat::Vcard3 => vcard::export_vcard(book, filter, vcard::VcardVersion::V3, out),
        ExportFormat::Vcard4 => vcard::export_vcard(book, filter, vcard::VcardVersion::V4, out),
        ExportFormat::Ics => ics::export_ics(book, now, out),
    }
}

pub(crate) fn io(e: std::io::Error) -> Error {
    Error::Io {
        path: "export".into(),
        source: e,
    }
}

/// Writes `s` with CRLF line ends folded at 75 octets (RFC 6350 / RFC 5545),
/// never inside a UTF-8 character.
pub(crate) fn write_folded(out: &mut dyn Write, line: &str) -> Result<()> {
    let mut start = 0;
    let mut first = true;
    while start < line.len() {
        let limit = if first { 75 } else { 74 };
        let mut end = (start + limit).min(line.len());
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        if !first {
            out.write_all(b" ").map_err(io)?;
        }
        out.write_all(&line.as_bytes()[start..end]).map_err(io)?;
        out.write_all(b"\r\n").map_err(io)?;
        start = end;
        first = false;
    }
    if line.is_empty() {
        out.write_all(b"\r\n").map_err(io)?;
    }
    Ok(())
}

/// Escapes a text value for vCard and iCalendar: `\`, `,`, `;` and line breaks.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole() {
        let line = format!("NOTE:{}", "张".repeat(40));
        let mut out = Vec::new();
        write_folded(&mut out, &line).unwrap();
        let text = String::from_utf8(out).unwrap();
        for l in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{}", l.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}

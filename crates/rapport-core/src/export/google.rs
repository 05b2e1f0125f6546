//! Writing contacts in Google Contacts' CSV layout: for people moving their
//! list to Google, and to make realistic Google-format files for the import
//! benchmark. Every value Google has a column for is written: all emails,
//! phones and addresses (as many numbered columns as the widest contact
//! needs), the notes, the anniversary as an event, custom fields, and the
//! display name as `File As`.

use std::io::Write;

use super::{io, selected_for_others, ExportFilter};
use crate::book::ContactBook;
use crate::contacts::ContactDraft;
use crate::error::{Error, Result};
use crate::import::values::FORMULA_TRIGGERS;

/// The columns before the numbered groups, as Google Contacts writes them today.
const NAME_COLUMNS: &[&str] = &[
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
];

/// The parts of an address group (`Address 1 - Street`...).
const ADDRESS_PARTS: &[&str] = &[
    "Label",
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
];

/// How many numbered groups of each kind a file has. Google's own export has
/// at least two emails, two phones, one address, one event and one custom field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoogleWidths {
    /// `E-mail N` groups.
    pub emails: usize,
    /// `Phone N` groups.
    pub phones: usize,
    /// `Address N` groups.
    pub addresses: usize,
    /// `Custom Field N` groups.
    pub custom_fields: usize,
}

impl Default for GoogleWidths {
    fn default() -> Self {
        GoogleWidths {
            emails: 2,
            phones: 2,
            addresses: 1,
            custom_fields: 1,
        }
    }
}

impl GoogleWidths {
    /// Wide enough for every contact of `drafts` (and never narrower than Google's own).
    pub fn of<'a>(drafts: impl IntoIterator<Item = &'a ContactDraft>) -> Self {
        let mut w = GoogleWidths::default();
        for d in drafts {
            w.emails = w.emails.max(d.emails.len());
            w.phones = w.phones.max(d.phones.len());
            w.addresses = w.addresses.max(d.addresses.len());
            w.custom_fields = w.custom_fields.max(
                d.custom_fields
                    .iter()
                    .filter(|f| f.key != DEPARTMENT)
                    .count(),
            );
        }
        w
    }

    /// The header row.
    pub fn header(&self) -> Vec<String> {
        let mut h: Vec<String> = NAME_COLUMNS.iter().map(|s| s.to_string()).collect();
        for i in 1..=self.emails {
            h.push(format!("E-mail {i} - Label"));
            h.push(format!("E-mail {i} - Value"));
        }
        for i in 1..=self.phones {
            h.push(format!("Phone {i} - Label"));
            h.push(format!("Phone {i} - Value"));
        }
        for i in 1..=self.addresses {
            for p in ADDRESS_PARTS {
                h.push(format!("Address {i} - {p}"));
            }
        }
        h.push("Event 1 - Label".into());
        h.push("Event 1 - Value".into());
        for i in 1..=self.custom_fields {
            h.push(format!("Custom Field {i} - Label"));
            h.push(format!("Custom Field {i} - Value"));
        }
        h
    }
}

/// The custom field Google has a column of its own for.
const DEPARTMENT: &str = "Department";

/// A label as Google writes it: its own labels capitalised (`Work`,
/// `Mobile`), anyone else's as the user wrote it (so it reads back the same).
fn label(l: &Option<String>) -> String {
    match l.as_deref() {
        None => String::new(),
        Some(l @ ("work" | "home" | "mobile" | "other" | "main" | "pager" | "fax")) => {
            let mut c = l.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        Some(l) => l.to_string(),
    }
}

/// A cell made safe for a spreadsheet the way Google Contacts reads back
/// cleanly: Google keeps an apostrophe as part of the value, so a cell that
/// would start a formula gets a leading space instead (a spreadsheet reads it
/// as text, Google and Rapport trim it). A cell of phone-number characters
/// (`+44 20 7946 0018`, `-5000`) cannot run anything and is written as it is.
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let inert = cell
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.' | '/'));
    if !inert && cell.starts_with(FORMULA_TRIGGERS) {
        format!(" {cell}").into()
    } else {
        cell.into()
    }
}

/// Splits a reading into Google's phonetic first and last name, in the
/// name's own order (family first for a Chinese name), as the importer joins them.
fn reading_parts(d: &ContactDraft) -> (String, String) {
    let Some(p) = &d.phonetic_name else {
        return (String::new(), String::new());
    };
    let words: Vec<&str> = p.split_whitespace().collect();
    let cjk = d.display_name.chars().any(crate::contacts::is_cjk);
    match (words.as_slice(), cjk) {
        ([], _) => (String::new(), String::new()),
        ([one], _) => (one.to_string(), String::new()),
        ([fam, rest @ ..], true) => (rest.join(" "), fam.to_string()),
        ([rest @ .., fam], false) => (rest.join(" "), fam.to_string()),
    }
}

/// One contact in Google's columns.
fn row(d: &ContactDraft, notes: &[String], w: &GoogleWidths, header: &[String]) -> Vec<String> {
    let mut row = vec![String::new(); header.len()];
    let mut set = |col: &str, v: String| {
        if let Some(i) = header.iter().position(|h| h == col) {
            row[i] = formula_safe(&v).into_owned();
        }
    };
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    if d.given_name.is_none() && d.family_name.is_none() {
        // Google shows a contact by its name parts: one known only by its
        // display name would have none.
        set("First Name", d.display_name.clone());
    } else {
        set("First Name", o(&d.given_name));
        set("Last Name", o(&d.family_name));
    }
    let (pf, pl) = reading_parts(d);
    set("Phonetic First Name", pf);
    set("Phonetic Last Name", pl);
    set("File As", d.display_name.clone());
    set("Organization Name", o(&d.company));
    set("Organization Title", o(&d.title));
    if let Some(dep) = d.custom_fields.iter().find(|f| f.key == DEPARTMENT) {
        set("Organization Department", dep.value.clone());
    }
    set(
        "Birthday",
        d.birthday.map(|b| b.to_string()).unwrap_or_default(),
    );
    set("Notes", notes.join("\n\n"));
    let mut labels = vec!["* myContacts".to_string()];
    labels.extend(d.tags.iter().cloned());
    set("Labels", labels.join(" ::: "));
    for (i, e) in d.emails.iter().take(w.emails).enumerate() {
        set(&format!("E-mail {} - Label", i + 1), label(&e.label));
        set(&format!("E-mail {} - Value", i + 1), e.address.clone());
    }
    for (i, p) in d.phones.iter().take(w.phones).enumerate() {
        set(&format!("Phone {} - Label", i + 1), label(&p.label));
        set(&format!("Phone {} - Value", i + 1), p.raw.clone());
    }
    for (i, a) in d.addresses.iter().take(w.addresses).enumerate() {
        let n = i + 1;
        set(&format!("Address {n} - Label"), label(&a.label));
        set(&format!("Address {n} - Formatted"), a.one_line());
        set(&format!("Address {n} - Street"), o(&a.street));
        set(&format!("Address {n} - City"), o(&a.city));
        set(&format!("Address {n} - Region"), o(&a.region));
        set(&format!("Address {n} - Postal Code"), o(&a.postal_code));
        set(&format!("Address {n} - Country"), o(&a.country));
    }
    if let Some(a) = d.anniversary {
        set("Event 1 - Label", "Anniversary".into());
        set("Event 1 - Value", a.to_string());
    }
    let customs = d.custom_fields.iter().filter(|f| f.key != DEPARTMENT);
    for (i, f) in customs.take(w.custom_fields).enumerate() {
        set(&format!("Custom Field {} - Label", i + 1), f.key.clone());
        set(&format!("Custom Field {} - Value", i + 1), f.value.clone());
    }
    row
}

/// Writes contacts and their notes as a Google Contacts CSV (UTF-8, no
/// byte-order mark, like Google) with the columns `w` gives; returns how many.
pub fn write_google_rows<'a>(
    contacts: impl IntoIterator<Item = (&'a ContactDraft, &'a [String])>,
    w: &GoogleWidths,
    out: &mut dyn Write,
) -> Result<u64> {
    let mut wr = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let err = |e: ::csv::Error| Error::invalid("export", e.to_string());
    let header = w.header();
    wr.write_record(&header).map_err(err)?;
    let mut n = 0;
    for (d, notes) in contacts {
        wr.write_record(row(d, notes, w, &header)).map_err(err)?;
        n += 1;
    }
    wr.flush().map_err(io)?;
    Ok(n)
}

/// Writes drafts (without notes) as a Google Contacts CSV as wide as they need; returns how many.
pub fn write_google_csv<'a>(
    drafts: impl IntoIterator<Item = &'a ContactDraft>,
    out: &mut dyn Write,
) -> Result<u64> {
    let drafts: Vec<&ContactDraft> = drafts.into_iter().collect();
    let w = GoogleWidths::of(drafts.iter().copied());
    write_google_rows(drafts.into_iter().map(|d| (d, &[][..])), &w, out)
}

/// Exports the contacts a filter selects, with their notes, in Google
/// Contacts' CSV layout; returns how many.
pub fn export_google_csv(
    book: &ContactBook,
    filter: &ExportFilter,
    out: &mut dyn Write,
) -> Result<u64> {
    let mut contacts = Vec::new();
    for c in selected_for_others(book, filter)? {
        let c = c?;
        let notes = book.store().note_texts(c.id)?;
        contacts.push((c.draft, notes));
    }
    let w = GoogleWidths::of(contacts.iter().map(|(d, _)| d));
    write_google_rows(contacts.iter().map(|(d, n)| (d, n.as_slice())), &w, out)
}

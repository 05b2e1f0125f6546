//! Writing contacts in Google Contacts' CSV layout: for people moving their
//! list to Google, and to make realistic Google-format files for the import
//! benchmark.

use std::io::Write;

use super::{io, selected, ExportFilter};
use crate::book::ContactBook;
use crate::contacts::ContactDraft;
use crate::error::{Error, Result};
use crate::import::values::escape_formula;

/// The header Google Contacts writes today (2 emails, 2 phones, 1 address).
pub const GOOGLE_HEADER: &[&str] = &[
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
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "E-mail 2 - Label",
    "E-mail 2 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Phone 2 - Label",
    "Phone 2 - Value",
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Address 1 - Street",
    "Address 1 - City",
    "Address 1 - PO Box",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Address 1 - Extended Address",
];

fn label(l: &Option<String>) -> String {
    match l.as_deref() {
        None => String::new(),
        Some(l) => {
            let mut c = l.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
    }
}

/// Writes drafts as a Google Contacts CSV (UTF-8, no byte-order mark, like Google); returns how many.
pub fn write_google_csv<'a>(
    drafts: impl IntoIterator<Item = &'a ContactDraft>,
    out: &mut dyn Write,
) -> Result<u64> {
    let mut wr = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let err = |e: ::csv::Error| Error::invalid("export", e.to_string());
    wr.write_record(GOOGLE_HEADER).map_err(err)?;
    let mut n = 0;
    let mut row = vec![String::new(); GOOGLE_HEADER.len()];
    for d in drafts {
        row.iter_mut().for_each(String::clear);
        let mut set = |col: &str, v: String| {
            if let Some(i) = GOOGLE_HEADER.iter().position(|h| *h == col) {
                row[i] = escape_formula(&v).into_owned();
            }
        };
        set("First Name", d.given_name.clone().unwrap_or_default());
        set("Last Name", d.family_name.clone().unwrap_or_default());
        set("Organization Name", d.company.clone().unwrap_or_default());
        set("Organization Title", d.title.clone().unwrap_or_default());
        set(
            "Birthday",
            d.birthday.map(|b| b.to_string()).unwrap_or_default(),
        );
        let mut labels = vec!["* myContacts".to_string()];
        labels.extend(d.tags.iter().cloned());
        set("Labels", labels.join(" ::: "));
        for (i, e) in d.emails.iter().take(2).enumerate() {
            set(&format!("E-mail {} - Label", i + 1), label(&e.label));
            set(&format!("E-mail {} - Value", i + 1), e.address.clone());
        }
        for (i, p) in d.phones.iter().take(2).enumerate() {
            set(&format!("Phone {} - Label", i + 1), label(&p.label));
            set(&format!("Phone {} - Value", i + 1), p.raw.clone());
        }
        if let Some(a) = d.addresses.first() {
            set("Address 1 - Label", label(&a.label));
            set("Address 1 - Formatted", a.one_line());
            set("Address 1 - Street", a.street.clone().unwrap_or_default());
            set("Address 1 - City", a.city.clone().unwrap_or_default());
            set("Address 1 - Region", a.region.clone().unwrap_or_default());
            set(
                "Address 1 - Postal Code",
                a.postal_code.clone().unwrap_or_default(),
            );
            set("Address 1 - Country", a.country.clone().unwrap_or_default());
        }
        wr.write_record(&row).map_err(err)?;
        n += 1;
    }
    wr.flush().map_err(io)?;
    Ok(n)
}

/// Exports the contacts a filter selects in Google Contacts' CSV layout; returns how many.
pub fn export_google_csv(
    book: &ContactBook,
    filter: &ExportFilter,
    out: &mut dyn Write,
) -> Result<u64> {
    let contacts = selected(book, filter)?
        .map(|c| c.map(|c| c.draft))
        .collect::<Result<Vec<_>>>()?;
    write_google_csv(&contacts, out)
}

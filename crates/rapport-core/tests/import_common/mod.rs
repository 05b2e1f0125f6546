//! What the import and export tests share: the fixture files of
//! `tests/fixtures/import/`, a book with a default region, and readers of
//! what arrived in the store.

#![allow(dead_code)] // each test file uses its own part of these

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use rapport_core::import::{self, ImportOptions, ImportReport, Preview};
use rapport_core::{Contact, ContactBook, ContactQuery, PartialDate};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
}

pub fn now() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

pub fn book(region: &str) -> ContactBook {
    let mut b = ContactBook::open_in_memory().unwrap();
    b.set_default_region(region).unwrap();
    b
}

pub fn run(
    book: &mut ContactBook,
    path: &Path,
    opts: &ImportOptions,
) -> rapport_core::Result<ImportReport> {
    import::import_file(
        book,
        path,
        opts,
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

pub fn import(book: &mut ContactBook, name: &str) -> ImportReport {
    run(book, &fixture(name), &ImportOptions::default()).unwrap()
}

pub fn all(book: &ContactBook) -> Vec<Contact> {
    book.list_contacts(&ContactQuery {
        include_archived: true,
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|s| book.contact(s.id).unwrap())
    .collect()
}

pub fn named(book: &ContactBook, name: &str) -> Contact {
    all(book)
        .into_iter()
        .find(|c| c.draft.display_name == name)
        .unwrap_or_else(|| panic!("no contact named {name}"))
}

pub fn notes(book: &ContactBook, c: &Contact) -> Vec<String> {
    book.interactions_of(c.id, None)
        .unwrap()
        .into_iter()
        .map(|i| i.text)
        .collect()
}

pub fn custom<'a>(c: &'a Contact, key: &str) -> Option<&'a str> {
    c.draft
        .custom_fields
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.value.as_str())
}

pub fn e164s(c: &Contact) -> Vec<&str> {
    c.draft
        .phones
        .iter()
        .filter_map(|p| p.e164.as_deref())
        .collect()
}

/// Each phone's E.164 form and label (both must be there).
pub fn labelled_e164s(c: &Contact) -> Vec<(&str, &str)> {
    c.draft
        .phones
        .iter()
        .map(|p| (p.e164.as_deref().unwrap(), p.label.as_deref().unwrap()))
        .collect()
}

pub fn emails(c: &Contact) -> Vec<&str> {
    c.draft.emails.iter().map(|e| e.address.as_str()).collect()
}

pub fn date(s: &str) -> Option<PartialDate> {
    Some(s.parse().unwrap())
}

/// The preview of a fixture with default options, showing its first `rows`.
pub fn preview(book: &ContactBook, name: &str, rows: usize) -> Preview {
    import::preview(
        book,
        &fixture(name),
        &ImportOptions::default(),
        rows,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

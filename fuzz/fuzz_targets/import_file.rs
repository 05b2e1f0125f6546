//! The whole import pipeline (sniff, decode, parse CSV/vCard, map, dedup) on
//! arbitrary bytes: a preview and a real import into a fresh book never
//! panic, and an import either fails cleanly or writes what it counted.
#![no_main]

use std::sync::atomic::AtomicBool;

use libfuzzer_sys::fuzz_target;
use rapport_core::import::{self, ImportOptions};
use rapport_core::ContactBook;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("rapport-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("input.csv");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(mut book) = ContactBook::open_in_memory() else { return };
    let opts = ImportOptions::default();
    let cancel = AtomicBool::new(false);
    let _ = import::preview(&book, &path, &opts, 3, &mut |_| {}, &cancel);
    let now = "2026-11-23T09:00:00Z".parse().unwrap();
    if let Ok(report) = import::import_file(&mut book, &path, &opts, now, &mut |_| {}, &cancel) {
        let health = book.check().unwrap();
        assert!(health.is_ok());
        assert_eq!(health.contacts, report.counts.created);
    }
});

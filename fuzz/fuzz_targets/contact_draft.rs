//! Normalising any draft never panics, and normalising twice changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport_core::contacts::{ContactDraft, Email};
use rapport_core::PartialDate;

fuzz_target!(|parts: (String, String, String, Vec<String>, String)| {
    let (name, given, email, tags, date) = parts;
    let _ = date.parse::<PartialDate>();
    let d = ContactDraft {
        display_name: name,
        given_name: Some(given),
        emails: vec![Email { address: email, label: None }],
        tags,
        ..Default::default()
    };
    if let Ok(n) = d.normalised() {
        assert!(!n.display_name.is_empty());
        assert_eq!(n.clone().normalised().ok(), Some(n));
    }
});

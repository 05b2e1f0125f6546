//! Phone normalisation never panics, and what it returns is E.164 and stable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport_core::phone::{to_e164, Region};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for code in ["US", "CN", "DE", "GB"] {
        let region = Region::parse(code).unwrap_or_default();
        if let Some(e) = to_e164(s, region) {
            assert!(e.starts_with('+') && e[1..].bytes().all(|b| b.is_ascii_digit()), "{e}");
            assert_eq!(to_e164(&e, region).as_deref(), Some(e.as_str()), "E.164 is a fixed point");
        }
    }
});

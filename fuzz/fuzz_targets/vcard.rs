//! The vCard reader and mapper on arbitrary text: unfolding, parameters,
//! quoted-printable, escapes; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport_core::import::vcard::{self, CardReader};

fuzz_target!(|data: &[u8]| {
    let _ = vcard::decode_qp(&String::from_utf8_lossy(data));
    for line in String::from_utf8_lossy(data).lines() {
        if let Some(p) = vcard::parse_prop(line) {
            let _ = vcard::components(&p.value, ';');
            let _ = vcard::text(&p.value);
        }
    }
    for card in CardReader::new(data).flatten() {
        let ctx = rapport_core::import::mapping::RowContext {
            write_chunk: 100,
            region: Default::default(),
            date_order: Default::default(),
            delimiter: None,
            source: "fuzz.vcf".into(),
        };
        let _ = vcard::map_card(&card, &ctx);
    }
});

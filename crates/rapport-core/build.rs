//! Splits the phone metadata by calling code.
//!
//! The `phonenumber` crate loads the metadata of every region at once, checking
//! the syntax of each of its thousands of patterns: about 0.6 G instructions
//! (a fifth of a second of CPU), more than the rest of a 1,000-row import. The
//! core instead loads the regions of one calling code when a number of that
//! code first needs them (`phone::metadata`). This script writes the crate's
//! metadata, as the crate holds it, as one postcard blob per calling code and an
//! index of the blobs and of the regions' codes.

use std::fmt::Write as _;
use std::path::PathBuf;

use phonenumber::metadata::{loader, Descriptor, Format, Metadata, DATABASE};

fn descriptor(d: &Descriptor) -> loader::Descriptor {
    loader::Descriptor {
        national_number: Some(d.national_number().as_str().to_string()),
        possible_length: d.possible_length().to_vec(),
        possible_local_length: d.possible_local_length().to_vec(),
        example: d.example().map(str::to_string),
    }
}

fn format(f: &Format) -> loader::Format {
    loader::Format {
        pattern: Some(f.pattern().as_str().to_string()),
        format: Some(f.format().to_string()),
        leading_digits: f
            .leading_digits()
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
        national_prefix_formatting_rule: f.national_prefix().map(str::to_string),
        national_prefix_optional_when_formatting: f.is_national_prefix_optional(),
        domestic_carrier: f.domestic_carrier().map(str::to_string),
    }
}

/// The loader's form of a region's metadata: what `Database::from` builds it from.
fn metadata(m: &Metadata) -> loader::Metadata {
    let d = m.descriptors();
    let opt = |d: Option<&Descriptor>| d.map(descriptor);
    let text = |s: Option<&str>| s.map(str::to_string);
    loader::Metadata {
        general: Some(descriptor(d.general())),
        fixed_line: opt(d.fixed_line()),
        mobile: opt(d.mobile()),
        toll_free: opt(d.toll_free()),
        premium_rate: opt(d.premium_rate()),
        shared_cost: opt(d.shared_cost()),
        personal_number: opt(d.personal_number()),
        voip: opt(d.voip()),
        pager: opt(d.pager()),
        uan: opt(d.uan()),
        emergency: opt(d.emergency()),
        voicemail: opt(d.voicemail()),
        short_code: opt(d.short_code()),
        standard_rate: opt(d.standard_rate()),
        carrier: opt(d.carrier()),
        no_international: opt(d.no_international()),
        id: Some(m.id().to_string()),
        country_code: Some(m.country_code()),
        international_prefix: m.international_prefix().map(|r| r.as_str().to_string()),
        preferred_international_prefix: text(m.preferred_international_prefix()),
        national_prefix: text(m.national_prefix()),
        preferred_extension_prefix: text(m.preferred_extension_prefix()),
        national_prefix_for_parsing: m
            .national_prefix_for_parsing()
            .map(|r| r.as_str().to_string()),
        national_prefix_transform_rule: text(m.national_prefix_transform_rule()),
        formats: m.formats().iter().map(format).collect(),
        international_formats: m.international_formats().iter().map(format).collect(),
        main_country_for_code: m.is_main_country_for_code(),
        leading_digits: m.leading_digits().map(|r| r.as_str().to_string()),
        mobile_number_portable: m.is_mobile_number_portable(),
        defaults: Default::default(),
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut blob = Vec::new();
    let mut index = String::from(
        "/// Calling codes with the byte range of their regions' metadata in the blob.\n\
         const CODES: &[(u16, usize, usize)] = &[\n",
    );
    let mut regions: Vec<(String, u16)> = Vec::new();
    for code in 1..1000_u16 {
        let Some(metas) = DATABASE.by_code(&code) else {
            continue;
        };
        // The crate's order: the main region of the code first, then the others
        // in the metadata's order (the parser tries them in it).
        let list: Vec<loader::Metadata> = metas.iter().map(|m| metadata(m)).collect();
        let bytes = postcard::to_allocvec(&list).expect("serialise phone metadata");
        let start = blob.len();
        blob.extend_from_slice(&bytes);
        let _ = writeln!(index, "    ({code}, {start}, {}),", blob.len());
        for m in &metas {
            if m.id() != "001" {
                regions.push((m.id().to_string(), code));
            }
        }
    }
    index.push_str("];\n\n");
    regions.sort();
    index.push_str(
        "/// Region ids (ISO 3166 alpha-2) with their calling code, by id.\n\
         const REGIONS: &[(&str, u16)] = &[\n",
    );
    for (id, code) in &regions {
        let _ = writeln!(index, "    ({id:?}, {code}),");
    }
    index.push_str("];\n");
    std::fs::write(out.join("phone_metadata.bin"), &blob).expect("write phone metadata");
    std::fs::write(out.join("phone_metadata_index.rs"), index).expect("write phone index");
}

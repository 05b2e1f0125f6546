//! CSV export in Rapport's own layout (headers the importer maps back
//! exactly), UTF-8 with a byte-order mark so that Excel reads Chinese right.

use std::io::Write;

use super::{io, selected, ExportFilter};
use crate::book::ContactBook;
use crate::error::{Error, Result};
use crate::import::values::escape_formula;

/// Separator of several tags in one cell (the importer splits on it).
pub const TAG_SEPARATOR: &str = " ::: ";

fn csv_err(e: ::csv::Error) -> Error {
    Error::invalid("export", e.to_string())
}

/// Writes the selected contacts as CSV; returns how many.
pub fn export_csv(book: &ContactBook, filter: &ExportFilter, out: &mut dyn Write) -> Result<u64> {
    let w = book.store().export_widths()?;
    out.write_all("\u{FEFF}".as_bytes()).map_err(io)?;
    let mut wr = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let mut header: Vec<String> = [
        "Display Name",
        "Given Name",
        "Family Name",
        "Phonetic Name",
        "Company",
        "Title",
    ]
    .map(String::from)
    .to_vec();
    for i in 1..=w.emails {
        header.push(format!("E-mail {i} - Label"));
        header.push(format!("E-mail {i} - Value"));
    }
    for i in 1..=w.phones {
        header.push(format!("Phone {i} - Label"));
        header.push(format!("Phone {i} - Value"));
    }
    for i in 1..=w.addresses {
        for part in [
            "Label",
            "Street",
            "City",
            "Region",
            "Postal Code",
            "Country",
        ] {
            header.push(format!("Address {i} - {part}"));
        }
    }
    for h in [
        "Birthday",
        "Anniversary",
        "Tags",
        "Stage",
        "Source",
        "Do Not Contact",
        "Cadence Days",
        "Notes",
    ] {
        header.push(h.into());
    }
    for i in 1..=w.custom_fields {
        header.push(format!("Custom Field {i} - Label"));
        header.push(format!("Custom Field {i} - Value"));
    }
    wr.write_record(&header).map_err(csv_err)?;
    let mut n = 0;
    for c in selected(book, filter)? {
        let c = c?;
        let d = &c.draft;
        let o = |s: &Option<String>| s.clone().unwrap_or_default();
        let mut row: Vec<String> = vec![
            d.display_name.clone(),
            o(&d.given_name),
            o(&d.family_name),
            o(&d.phonetic_name),
            o(&d.company),
            o(&d.title),
        ];
        for i in 0..w.emails {
            let e = d.emails.get(i);
            row.push(e.and_then(|e| e.label.clone()).unwrap_or_default());
            row.push(e.map(|e| e.address.clone()).unwrap_or_default());
        }
        for i in 0..w.phones {
            let p = d.phones.get(i);
            row.push(p.and_then(|p| p.label.clone()).unwrap_or_default());
            row.push(p.map(|p| p.raw.clone()).unwrap_or_default());
        }
        for i in 0..w.addresses {
            let a = d.addresses.get(i).cloned().unwrap_or_default();
            for part in [
                a.label,
                a.street,
                a.city,
                a.region,
                a.postal_code,
                a.country,
            ] {
                row.push(part.unwrap_or_default());
            }
        }
        row.push(d.birthday.map(|b| b.to_string()).unwrap_or_default());
        row.push(d.anniversary.map(|b| b.to_string()).unwrap_or_default());
        let mut tags = d.tags.join(TAG_SEPARATOR);
        if d.tags.len() == 1 && tags.contains([',', ';', '、', '，', '；']) {
            // One tag with a comma: the separator tells the importer not to split it.
            tags.push_str(TAG_SEPARATOR);
        }
        row.push(tags);
        row.push(d.stage.map(|s| s.to_string()).unwrap_or_default());
        row.push(o(&d.source));
        row.push(if d.do_not_contact {
            "yes".into()
        } else {
            String::new()
        });
        row.push(d.cadence_days.map(|n| n.to_string()).unwrap_or_default());
        row.push(book.store().note_texts(c.id)?.join("\n\n"));
        for i in 0..w.custom_fields {
            let f = d.custom_fields.get(i);
            row.push(f.map(|f| f.key.clone()).unwrap_or_default());
            row.push(f.map(|f| f.value.clone()).unwrap_or_default());
        }
        wr.write_record(row.iter().map(|cell| escape_formula(cell).into_owned()))
            .map_err(csv_err)?;
        n += 1;
    }
    wr.flush().map_err(io)?;
    Ok(n)
}

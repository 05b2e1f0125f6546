//! The generated contacts as the CSV files users bring: Google Contacts,
//! Outlook, and a Chinese spreadsheet saved in GBK. Seeded like
//! [`crate::datagen`], for the import benchmark and the crash tests.

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::contacts::ContactDraft;
use crate::datagen::Generator;
use crate::error::{Error, Result};
use crate::export::google::{write_google_rows, GoogleWidths};

/// A file layout to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsvLayout {
    /// Google Contacts' current CSV (UTF-8).
    Google,
    /// Outlook's "Comma Separated Values" export (UTF-8 here; Outlook writes the ANSI code page).
    Outlook,
    /// A hand-made Chinese sheet (姓名, 手机, 邮箱...) saved by Excel in GBK.
    ChineseGbk,
}

impl std::str::FromStr for CsvLayout {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "google" => Ok(CsvLayout::Google),
            "outlook" => Ok(CsvLayout::Outlook),
            "chinese-gbk" | "gbk" => Ok(CsvLayout::ChineseGbk),
            _ => Err(Error::invalid(
                "layout",
                format!("'{s}' is not a layout (google, outlook, chinese-gbk)"),
            )),
        }
    }
}

const OUTLOOK_HEADER: &[&str] = &[
    "First Name",
    "Middle Name",
    "Last Name",
    "Company",
    "Job Title",
    "Business Street",
    "Business City",
    "Business Postal Code",
    "Business Country/Region",
    "Business Phone",
    "Mobile Phone",
    "E-mail Address",
    "E-mail 2 Address",
    "Birthday",
    "Categories",
    "Notes",
];

const CHINESE_HEADER: &[&str] = &[
    "姓名", "手机", "电话", "邮箱", "公司", "职位", "生日", "地址", "标签", "备注",
];

fn csv_err(e: ::csv::Error) -> Error {
    Error::invalid("csv", e.to_string())
}

/// Writes `count` seeded contacts in `layout` to `out`; returns the bytes written.
pub fn write_contacts_csv(
    seed: u64,
    count: usize,
    layout: CsvLayout,
    out: &mut dyn Write,
) -> Result<u64> {
    crate::datagen::check_contacts(count)?;
    let mut g = Generator::new(seed);
    let mut counter = CountingWriter { inner: out, n: 0 };
    const CHUNK: usize = 10_000;
    match layout {
        CsvLayout::Google => {
            // Google's writer emits its header with every call: write the
            // first chunk with it and later chunks without.
            let mut i = 0;
            while i < count {
                let end = (i + CHUNK).min(count);
                let drafts: Vec<ContactDraft> =
                    (i..end).map(|k| g.contact(k as u64).draft).collect();
                // Google's own widths, the same for every chunk.
                let w = GoogleWidths::default();
                let rows = || drafts.iter().map(|d| (d, &[][..]));
                if i == 0 {
                    write_google_rows(rows(), &w, &mut counter)?;
                } else {
                    let mut buf = Vec::new();
                    write_google_rows(rows(), &w, &mut buf)?;
                    let body = buf
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(&buf[..], |p| &buf[p + 1..]);
                    counter.write_all(body).map_err(crate::export::io)?;
                }
                i = end;
            }
        }
        CsvLayout::Outlook => {
            let mut w = ::csv::Writer::from_writer(&mut counter);
            w.write_record(OUTLOOK_HEADER).map_err(csv_err)?;
            for k in 0..count {
                let d = g.contact(k as u64).draft;
                w.write_record(outlook_row(&d)).map_err(csv_err)?;
            }
            w.flush().map_err(crate::export::io)?;
        }
        CsvLayout::ChineseGbk => {
            // Encoded to GBK chunk by chunk, so memory stays flat at 1M rows.
            let mut k = 0;
            loop {
                let mut w = ::csv::WriterBuilder::new()
                    .terminator(::csv::Terminator::CRLF)
                    .from_writer(Vec::new());
                if k == 0 {
                    w.write_record(CHINESE_HEADER).map_err(csv_err)?;
                }
                let end = (k + CHUNK).min(count);
                for i in k..end {
                    let d = g.contact(i as u64).draft;
                    w.write_record(chinese_row(&d)).map_err(csv_err)?;
                }
                let text = w
                    .into_inner()
                    .map_err(|e| Error::invalid("csv", e.to_string()))?;
                let text = String::from_utf8_lossy(&text);
                let (gbk, _, _) = encoding_rs::GBK.encode(&text);
                counter.write_all(&gbk).map_err(crate::export::io)?;
                k = end;
                if k >= count {
                    break;
                }
            }
        }
    }
    Ok(counter.n)
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn outlook_row(d: &ContactDraft) -> Vec<String> {
    let a = d.addresses.first();
    let part = |f: fn(&crate::contacts::Address) -> &Option<String>| {
        a.map(|a| opt(f(a))).unwrap_or_default()
    };
    let phone = |i: usize| d.phones.get(i).map(|p| p.raw.clone()).unwrap_or_default();
    let email = |i: usize| {
        d.emails
            .get(i)
            .map(|e| e.address.clone())
            .unwrap_or_default()
    };
    vec![
        opt(&d.given_name),
        String::new(),
        opt(&d.family_name),
        opt(&d.company),
        opt(&d.title),
        part(|a| &a.street),
        part(|a| &a.city),
        part(|a| &a.postal_code),
        part(|a| &a.country),
        phone(1),
        phone(0),
        email(0),
        email(1),
        d.birthday
            .map(|b| match b.year {
                Some(y) => format!("{}/{}/{y}", b.month, b.day),
                None => String::new(),
            })
            .unwrap_or_default(),
        d.tags.join(";"),
        String::new(),
    ]
}

fn chinese_row(d: &ContactDraft) -> Vec<String> {
    vec![
        d.display_name.clone(),
        d.phones.first().map(|p| p.raw.clone()).unwrap_or_default(),
        d.phones.get(1).map(|p| p.raw.clone()).unwrap_or_default(),
        d.emails
            .first()
            .map(|e| e.address.clone())
            .unwrap_or_default(),
        opt(&d.company),
        opt(&d.title),
        d.birthday
            .map(|b| match b.year {
                Some(y) => format!("{y}年{}月{}日", b.month, b.day),
                None => format!("{}月{}日", b.month, b.day),
            })
            .unwrap_or_default(),
        d.addresses
            .first()
            .map(|a| a.one_line())
            .unwrap_or_default(),
        d.tags.join("、"),
        String::new(),
    ]
}

struct CountingWriter<'a> {
    inner: &'a mut dyn Write,
    n: u64,
}

impl Write for CountingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{self, ImportOptions};
    use crate::ContactBook;
    use std::sync::atomic::AtomicBool;

    /// Every layout reads back through the import pipeline with all rows,
    /// the right names and phones normalised.
    #[test]
    fn generated_files_import_whole() {
        for layout in [CsvLayout::Google, CsvLayout::Outlook, CsvLayout::ChineseGbk] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("contacts.csv");
            let mut f = std::fs::File::create(&path).unwrap();
            write_contacts_csv(7, 300, layout, &mut f).unwrap();
            drop(f);
            let mut book = ContactBook::open_in_memory().unwrap();
            let opts = ImportOptions {
                on_duplicate: import::OnDuplicate::Create,
                ..Default::default()
            };
            let now = "2026-11-23T09:00:00Z".parse().unwrap();
            let report = import::import_file(
                &mut book,
                &path,
                &opts,
                now,
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
            assert_eq!(report.counts.rows, 300, "{layout:?}");
            assert_eq!(
                report.counts.created, 300,
                "{layout:?}: {:?}",
                report.issues
            );
            let mut g = Generator::new(7);
            let first = g.contact(0).draft;
            let stored = book
                .store()
                .list_contacts(&Default::default())
                .unwrap()
                .into_iter()
                .find(|c| c.display_name == first.display_name);
            assert!(
                stored.is_some(),
                "{layout:?}: {} missing",
                first.display_name
            );
        }
    }
}

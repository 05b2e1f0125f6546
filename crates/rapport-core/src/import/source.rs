//! Step 2 of an import: opening a file as rows. Recognises what the file is
//! (CSV/TSV text, spreadsheet, vCard, or something that is no contact list at
//! all), finds the delimiter and the header row, and streams the records.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use calamine::{Data, Range};
use encoding_rs::Encoding;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::decode::{
    self, ByteCounter, CountingReader, DecodeReader, EncodingGuess, MixedUtf8Reader, Sniffed,
};
use super::headers::known_header_count;
use super::sheet;
use super::vcard::{Card, CardReader};
use crate::error::{Error, Result};

/// What kind of file is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FileFormat {
    /// Delimited text: CSV, semicolon-separated, TSV ("Unicode text").
    Csv,
    /// `.xlsx`, `.xls`, `.ods`.
    Spreadsheet,
    /// vCard 2.1/3.0/4.0.
    Vcard,
    /// LDIF: Thunderbird's and other address books' LDAP export.
    Ldif,
}

/// How to open a file; everything is detected when `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SourceOptions {
    /// Encoding label (`gbk`, `utf-16le`, `windows-1252`...) overriding detection.
    pub encoding: Option<String>,
    /// Sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
    /// Delimiter overriding detection (`,` `;` tab `|`).
    pub delimiter: Option<String>,
    /// Whether the first row is data, not a header (`None`: detected; a row
    /// of e-mail addresses or phone numbers without header words is data).
    #[serde(default)]
    pub no_header: Option<bool>,
}

/// What was found out about a file, shown in the preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SourceInfo {
    /// The file.
    #[ts(type = "string")]
    pub path: PathBuf,
    /// Its kind.
    pub format: FileFormat,
    /// Text encoding (text files only).
    pub encoding: Option<EncodingGuess>,
    /// Delimiter (CSV only): `,` `;` `\t` or `|`.
    pub delimiter: Option<String>,
    /// Sheets of a spreadsheet.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: Option<String>,
    /// Row number of the header row (lines before it, such as LinkedIn's `Notes:`, are skipped).
    #[ts(type = "number")]
    pub header_row: u64,
    /// The column headers (empty for vCards). A file without a header row
    /// has columns named `Column 1`, `Column 2`...
    pub headers: Vec<String>,
    /// True when the file has no header row: every row is a contact and
    /// the columns are mapped by their values.
    #[serde(default)]
    pub no_header: bool,
    /// Size of the file.
    #[ts(type = "number")]
    pub bytes_total: u64,
}

/// One record of the file: a row of cells, or a vCard.
#[derive(Debug, Clone)]
pub enum Record {
    /// A row; `row` is its number in the file (1-based line or sheet row).
    Cells {
        /// Row number.
        row: u64,
        /// The cells.
        cells: csv::StringRecord,
    },
    /// A vCard.
    Card(Card),
}

pub(super) enum Kind {
    Csv {
        encoding: &'static Encoding,
        fallback: Option<&'static Encoding>,
        bom_len: u64,
        delimiter: u8,
        /// Records before the first row of data (preamble and header row).
        skip: usize,
        /// Fields of the header row (to re-split a row written with another delimiter).
        width: usize,
    },
    Sheet {
        range: Range<Data>,
        /// Rows before the first row of data.
        skip: usize,
    },
    Vcard {
        encoding: &'static Encoding,
        bom_len: u64,
        /// The user chose the encoding: it is also the charset of
        /// QUOTED-PRINTABLE values that name none.
        chosen: bool,
    },
    Ldif {
        encoding: &'static Encoding,
        bom_len: u64,
    },
}

/// An opened file, ready to stream its records.
pub struct Source {
    /// What was detected.
    pub info: SourceInfo,
    pub(super) kind: Kind,
    /// The first rows of data (after the header), to map columns by their values.
    pub(super) sample: Vec<Vec<String>>,
}

/// Rows looked at to find the header row.
pub(super) const HEADER_SEARCH_ROWS: usize = 20;

pub(super) fn fail(path: &Path, reason: impl Into<String>) -> Error {
    Error::Import {
        file: path.to_path_buf(),
        row: None,
        column: None,
        reason: reason.into(),
    }
}

pub(super) fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Source {
    /// Opens `path`: refuses folders, empty files and files that are not contact
    /// lists with a clear message; detects format, encoding, delimiter and header row.
    pub fn open(path: &Path, opts: &SourceOptions) -> Result<Source> {
        let meta = std::fs::metadata(path).map_err(io_err(path))?;
        if meta.is_dir() {
            return Err(fail(path, "this is a folder, not a file"));
        }
        let bytes_total = meta.len();
        let mut f = File::open(path).map_err(io_err(path))?;
        let mut sample = Vec::with_capacity(decode::SAMPLE_BYTES.min(bytes_total as usize));
        (&mut f)
            .take(decode::SAMPLE_BYTES as u64)
            .read_to_end(&mut sample)
            .map_err(io_err(path))?;
        let complete = (sample.len() as u64) >= bytes_total;
        if sample.is_empty() {
            return Err(fail(path, "the file is empty"));
        }
        match decode::sniff_kind(&sample) {
            Sniffed::Zip | Sniffed::Ole => return sheet::open(path, opts, bytes_total),
            Sniffed::Binary(what) => {
                return Err(fail(
                    path,
                    format!("this is {what}, not a contact list (CSV, vCard or spreadsheet)"),
                ))
            }
            Sniffed::Text => {}
        }
        let (encoding, guess) = match &opts.encoding {
            Some(label) => {
                let e = decode::encoding_for_label(label).ok_or_else(|| {
                    fail(path, format!("'{label}' is not an encoding this program knows (try utf-8, gbk, big5, shift_jis, utf-16le, windows-1252)"))
                })?;
                (
                    e,
                    EncodingGuess {
                        name: e.name().to_string(),
                        confidence: 1.0,
                        reason: "chosen by the user".into(),
                        fallback: None,
                    },
                )
            }
            None => {
                let g = decode::guess_encoding(&sample, complete).map_err(|r| fail(path, r))?;
                let e = Encoding::for_label(g.name.as_bytes()).unwrap_or(encoding_rs::UTF_8);
                (e, g)
            }
        };
        let bom_len = match decode::bom(&sample) {
            Some((e, n)) if e == encoding => n,
            _ => 0,
        };
        let fallback = guess
            .fallback
            .as_deref()
            .and_then(|l| Encoding::for_label(l.as_bytes()));
        let text = match fallback {
            Some(other) => {
                let mut t = String::new();
                // Decoding from memory cannot fail.
                let _ = std::io::Read::read_to_string(
                    &mut MixedUtf8Reader::new(&sample[bom_len..], other),
                    &mut t,
                );
                std::borrow::Cow::Owned(t)
            }
            None => encoding.decode_without_bom_handling(&sample[bom_len..]).0,
        };
        if decode::looks_binary(&text) {
            return Err(fail(
                path,
                format!(
                    "it does not read as text in {} (binary data or a different encoding; try --encoding)",
                    encoding.name()
                ),
            ));
        }
        if text.trim().is_empty() {
            return Err(fail(path, "the file is empty"));
        }
        let mut info = SourceInfo {
            path: path.to_path_buf(),
            format: FileFormat::Csv,
            encoding: Some(guess),
            delimiter: None,
            sheets: vec![],
            sheet: None,
            header_row: 0,
            headers: vec![],
            no_header: false,
            bytes_total,
        };
        // The extension is believed first: a broken `.vcf` is still a vCard,
        // and its problems are told as a vCard's.
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let vcard_text = text
            .trim_start()
            .get(..11)
            .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"));
        if vcard_text || matches!(ext.as_str(), "vcf" | "vcard") {
            info.format = FileFormat::Vcard;
            return Ok(Source {
                info,
                kind: Kind::Vcard {
                    encoding,
                    bom_len: bom_len as u64,
                    chosen: opts.encoding.is_some(),
                },
                sample: vec![],
            });
        }
        if matches!(ext.as_str(), "ldif" | "ldi") || super::ldif::looks_like_ldif(&text) {
            info.format = FileFormat::Ldif;
            info.headers = super::ldif::headers();
            return Ok(Source {
                info,
                kind: Kind::Ldif {
                    encoding,
                    bom_len: bom_len as u64,
                },
                sample: vec![],
            });
        }
        let delimiter = match opts.delimiter.as_deref() {
            Some(d) => parse_delimiter(d).ok_or_else(|| {
                fail(path, format!("'{d}' is not a delimiter (use , ; tab or |)"))
            })?,
            None => sniff_delimiter(&text, complete),
        };
        let rows: Vec<(u64, Vec<String>)> = sample_rows(&text, delimiter, complete)
            .into_iter()
            .map(|(line, cells)| (line, resplit(cells, delimiter, usize::MAX)))
            .collect();
        let header_index = find_header(&rows);
        let no_header = opts.no_header.unwrap_or_else(|| {
            rows.get(header_index)
                .is_some_and(|(_, r)| super::headers::is_data_row(r))
        });
        let (header_row, headers, skip) = if no_header {
            let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
            let names = (1..=width)
                .map(|i| format!("{}{i}", super::headers::NO_HEADER_COLUMN))
                .collect();
            (0, names, 0)
        } else {
            match rows.get(header_index) {
                Some((line, cells)) => (*line, clean_headers(cells), header_index + 1),
                None => (1, vec![], header_index + 1),
            }
        };
        let sample = rows
            .iter()
            .skip(skip)
            .take(50)
            .map(|(_, r)| r.clone())
            .collect();
        info.delimiter = Some((delimiter as char).to_string());
        info.header_row = header_row;
        info.no_header = no_header;
        let width = headers.len();
        info.headers = headers;
        Ok(Source {
            info,
            kind: Kind::Csv {
                encoding,
                fallback,
                bom_len: bom_len as u64,
                delimiter,
                skip,
                width,
            },
            sample,
        })
    }

    /// The records after the header row, read on the calling thread as the
    /// iterator is advanced. `bytes` counts the bytes read (progress);
    /// `replacements` counts bytes that were invalid in the encoding.
    pub fn records(
        self,
        bytes: ByteCounter,
        replacements: Arc<AtomicU64>,
    ) -> Result<Box<dyn Iterator<Item = Result<Record>> + Send>> {
        let path = self.info.path.clone();
        match self.kind {
            Kind::Csv {
                encoding,
                fallback,
                bom_len,
                delimiter,
                skip,
                width,
            } => {
                let mut f = File::open(&path).map_err(io_err(&path))?;
                f.seek(SeekFrom::Start(bom_len)).map_err(io_err(&path))?;
                bytes.fetch_add(bom_len, Ordering::Relaxed);
                let f = CountingReader::new(f, bytes);
                let r: Box<dyn std::io::Read + Send> = match fallback {
                    Some(other) => Box::new(MixedUtf8Reader::new(f, other)),
                    None => Box::new(DecodeReader::new(f, encoding, replacements)),
                };
                let lines = LineCounter::default();
                let r = LineTracking::new(r, lines.clone());
                let rdr = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .has_headers(false)
                    .flexible(true)
                    .buffer_capacity(256 * 1024)
                    .from_reader(r);
                let mut index = 0usize;
                Ok(Box::new(rdr.into_records().filter_map(move |rec| {
                    let i = index;
                    index += 1;
                    match rec {
                        Ok(_) if i < skip => None,
                        Ok(r) => {
                            let row = lines.line_of(r.position().map(|p| p.byte()).unwrap_or(0));
                            // A row written with another delimiter than the file's.
                            let cells = if r.len() == 1 && width > 1 {
                                let cells = resplit(vec![r[0].to_string()], delimiter, width);
                                csv::StringRecord::from(cells)
                            } else {
                                r
                            };
                            Some(Ok(Record::Cells { row, cells }))
                        }
                        Err(e) => Some(Err(Error::Import {
                            file: path.clone(),
                            row: e.position().map(|p| lines.line_of(p.byte())),
                            column: None,
                            reason: csv_reason(&e),
                        })),
                    }
                })))
            }
            Kind::Sheet { range, skip } => {
                let start = range.start().map(|(r, _)| r as u64).unwrap_or(0);
                let total = self.info.bytes_total;
                let height = range.height().max(1) as u64;
                let rows: Vec<(u64, csv::StringRecord)> = range
                    .rows()
                    .enumerate()
                    .skip(skip)
                    .map(|(i, r)| {
                        (
                            start + i as u64 + 1,
                            r.iter()
                                .map(sheet::cell_text)
                                .collect::<csv::StringRecord>(),
                        )
                    })
                    .collect();
                drop(range);
                Ok(Box::new(rows.into_iter().map(move |(row, cells)| {
                    // A sheet is read whole; progress in bytes is its share of rows.
                    bytes.store(total * row.min(height) / height, Ordering::Relaxed);
                    Ok(Record::Cells { row, cells })
                })))
            }
            Kind::Vcard {
                encoding,
                bom_len,
                chosen,
            } => {
                let open = || -> std::io::Result<BufReader<DecodeReader<CountingReader<File>>>> {
                    let mut f = File::open(&path)?;
                    f.seek(SeekFrom::Start(bom_len))?;
                    Ok(BufReader::with_capacity(
                        256 * 1024,
                        DecodeReader::new(
                            CountingReader::new(f, ByteCounter::default()),
                            encoding,
                            Arc::new(AtomicU64::new(0)),
                        ),
                    ))
                };
                // Groups (`KIND:group`) are read first: they become tags of their members.
                let groups = super::vcard::Groups::read(open).map_err(io_err(&path))?;
                let mut f = File::open(&path).map_err(io_err(&path))?;
                f.seek(SeekFrom::Start(bom_len)).map_err(io_err(&path))?;
                bytes.fetch_add(bom_len, Ordering::Relaxed);
                let r = DecodeReader::new(CountingReader::new(f, bytes), encoding, replacements);
                let mut cards = CardReader::new(BufReader::with_capacity(256 * 1024, r));
                if chosen {
                    cards = cards.with_charset(encoding);
                }
                Ok(Box::new(cards.map(move |c| match c {
                    Ok(mut card) => {
                        groups.tag(&mut card);
                        Ok(Record::Card(card))
                    }
                    Err(e) => Err(Error::Import {
                        file: path.clone(),
                        row: e.line,
                        column: e.property,
                        reason: e.reason,
                    }),
                })))
            }
            Kind::Ldif { encoding, bom_len } => {
                let mut f = File::open(&path).map_err(io_err(&path))?;
                f.seek(SeekFrom::Start(bom_len)).map_err(io_err(&path))?;
                bytes.fetch_add(bom_len, Ordering::Relaxed);
                let r = DecodeReader::new(CountingReader::new(f, bytes), encoding, replacements);
                let entries =
                    super::ldif::EntryReader::new(BufReader::with_capacity(256 * 1024, r));
                Ok(Box::new(entries.map(move |e| {
                    e.map(|e| Record::Cells {
                        row: e.line,
                        cells: csv::StringRecord::from(e.cells),
                    })
                    .map_err(|e| Error::Import {
                        file: path.clone(),
                        row: None,
                        column: None,
                        reason: e.to_string(),
                    })
                })))
            }
        }
    }
}

/// Line numbers of CSV records. The `csv` crate's own positions are wrong
/// after blank lines and with CRLF line ends, so the line breaks passing
/// through the reader are noted here and a record's line is worked out from
/// its byte offset (which points just after the previous record's first
/// line-end byte; blank lines between are skipped over).
#[derive(Clone, Default)]
pub struct LineCounter(Arc<std::sync::Mutex<LineState>>);

#[derive(Default)]
struct LineState {
    breaks: std::collections::VecDeque<(u64, bool)>,
    seen: u64,
    lf_before: u64,
}

impl LineCounter {
    /// The 1-based line on which the record whose csv byte offset is `byte` starts.
    pub fn line_of(&self, byte: u64) -> u64 {
        let Ok(mut st) = self.0.lock() else { return 0 };
        while let Some(&(off, lf)) = st.breaks.front() {
            if off >= byte {
                break;
            }
            st.breaks.pop_front();
            st.lf_before += u64::from(lf);
        }
        let mut at = byte;
        while let Some(&(off, lf)) = st.breaks.front() {
            if off != at {
                break;
            }
            st.breaks.pop_front();
            st.lf_before += u64::from(lf);
            at += 1;
        }
        st.lf_before + 1
    }

    fn note(&self, buf: &[u8]) {
        let Ok(mut st) = self.0.lock() else { return };
        let base = st.seen;
        for (i, b) in buf.iter().enumerate() {
            if *b == b'\n' || *b == b'\r' {
                st.breaks.push_back((base + i as u64, *b == b'\n'));
            }
        }
        st.seen += buf.len() as u64;
    }
}

/// A reader that tells a [`LineCounter`] about the line breaks it passes on.
pub struct LineTracking<R> {
    inner: R,
    lines: LineCounter,
}

impl<R: Read> LineTracking<R> {
    /// Wraps `inner`.
    pub fn new(inner: R, lines: LineCounter) -> Self {
        LineTracking { inner, lines }
    }
}

impl<R: Read> Read for LineTracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.lines.note(&buf[..n]);
        Ok(n)
    }
}

/// A row read as one field that holds another delimiter (a file whose rows
/// mix tabs and commas) split on that delimiter; any other row as it is.
/// `width` is the header's number of fields (`usize::MAX` while it is not known).
fn resplit(cells: Vec<String>, delimiter: u8, width: usize) -> Vec<String> {
    if cells.len() != 1 {
        return cells;
    }
    for other in [b'\t', b',', b';'] {
        if other == delimiter || !cells[0].as_bytes().contains(&other) {
            continue;
        }
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(other)
            .has_headers(false)
            .flexible(true)
            .from_reader(cells[0].as_bytes());
        if let Some(Ok(r)) = rdr.records().next() {
            if r.len() > 1 && (width == usize::MAX || r.len() <= width) {
                return r.iter().map(str::to_string).collect();
            }
        }
    }
    cells
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

fn parse_delimiter(d: &str) -> Option<u8> {
    match d {
        "," | "comma" => Some(b','),
        ";" | "semicolon" => Some(b';'),
        "\t" | "\\t" | "tab" => Some(b'\t'),
        "|" | "pipe" => Some(b'|'),
        _ => None,
    }
}

/// The delimiter among `,` `;` tab `|` that splits the most rows into the
/// same number (at least two) of fields.
/// A delimiter under which some row reads as a header of known names wins
/// first: the one with most known names (so that a multi-line quoted cell full
/// of another delimiter cannot outvote the header).
pub fn sniff_delimiter(text: &str, complete: bool) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    let mut by_header = (b',', 1usize);
    for d in [b',', b';', b'\t', b'|'] {
        let rows = sample_rows(text, d, complete);
        let known = rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .map(|(_, r)| known_header_count(r))
            .max()
            .unwrap_or(0);
        if known > by_header.1 {
            by_header = (d, known);
        }
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        for (_, r) in rows.iter().take(50) {
            *counts.entry(r.len()).or_default() += 1;
        }
        let Some((&width, &count)) = counts
            .iter()
            .filter(|(w, _)| **w >= 2)
            .max_by_key(|(w, c)| (**c, **w))
        else {
            continue;
        };
        if (count, width) > (best.1, best.2) {
            best = (d, count, width);
        }
    }
    if by_header.1 >= 2 {
        return by_header.0;
    }
    best.0
}

/// The first records of a text sample, with their line numbers; the last
/// one is dropped when the sample is cut.
fn sample_rows(text: &str, delimiter: u8, complete: bool) -> Vec<(u64, Vec<String>)> {
    let lines = LineCounter::default();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(LineTracking::new(text.as_bytes(), lines.clone()));
    let mut rows: Vec<(u64, Vec<String>)> = rdr
        .records()
        .take(60)
        .map_while(|r| r.ok())
        .map(|r| {
            (
                lines.line_of(r.position().map(|p| p.byte()).unwrap_or(0)),
                r.iter().map(str::to_string).collect(),
            )
        })
        .collect();
    if !complete && rows.len() > 1 {
        rows.pop();
    }
    rows
}

/// The header row: the first of the first rows with at least two recognised
/// headers (skipping preambles such as LinkedIn's `Notes:`), else the first
/// row with the most filled cells.
pub(super) fn find_header<T: AsRef<[String]>>(rows: &[(u64, T)]) -> usize {
    let rows = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    if let Some(i) = rows
        .iter()
        .position(|(_, r)| known_header_count(r.as_ref()) >= 2)
    {
        return i;
    }
    let filled = |r: &[String]| r.iter().filter(|c| !c.trim().is_empty()).count();
    let max = rows
        .iter()
        .map(|(_, r)| filled(r.as_ref()))
        .max()
        .unwrap_or(0);
    rows.iter()
        .position(|(_, r)| filled(r.as_ref()) == max)
        .unwrap_or(0)
}

pub(super) fn clean_headers(cells: &[String]) -> Vec<String> {
    cells
        .iter()
        .map(|c| c.trim_start_matches('\u{FEFF}').trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n", true), b',');
        assert_eq!(
            sniff_delimiter(
                "Name;Adresse\nMüller;Hauptstr. 5, Köln\nDupont;Rue 1, Paris\n",
                true
            ),
            b';'
        );
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n", true), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n", true), b'|');
        assert_eq!(sniff_delimiter("\"x, y\";b\n\"1, 2\";3\n", true), b';');
    }

    #[test]
    fn the_header_row_is_found_after_a_preamble() {
        let text = "Notes:\n\"When exporting your connection data, you may notice that some addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,https://x,ada@x.com,Engines,CTO,01 Jan 2024\n";
        let rows = sample_rows(text, b',', true);
        let i = find_header(&rows);
        assert_eq!(rows[i].1[0], "First Name");
        assert_eq!(rows[i].0, 4);
    }

    #[test]
    fn line_numbers_survive_blank_lines_crlf_and_quoted_newlines() {
        for (text, want) in [
            ("a\n\nb\nc\n", vec![1, 3, 4]),
            ("a\r\n\r\nb\r\nc\r\n", vec![1, 3, 4]),
            ("x\n\"q\nq\"\n\nb\nc", vec![1, 2, 5, 6]),
            ("\n\na,b\n", vec![3]),
        ] {
            let got: Vec<u64> = sample_rows(text, b',', true).iter().map(|r| r.0).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}

//! Contact import: one pipeline shared by the CLI and the app.
//!
//! 1. **Decode** ([`decode`]): byte-order mark, UTF-16 by NUL pattern, strict
//!    UTF-8, then a statistical guess; streamed, never loaded whole.
//! 2. **Parse** ([`source`]): CSV with a sniffed delimiter and header row,
//!    spreadsheets (`.xlsx`, `.xls`, `.ods`), or vCards ([`vcard`]).
//! 3. **Map** ([`mapping`]): columns by header name into contact fields.
//! 4. **Dedup**: against the store and within the file, on lower-cased email
//!    and E.164 phone; skip, merge or create.
//! 5. **Write**: chunks of rows, each one transaction tagged with the batch id;
//!    progress and cancel; per-row problems collected in a report.
//! 6. **Undo** ([`undo_import`]): the batch is removed and merged contacts
//!    restored exactly.
//!
//! [`preview`] runs steps 1–4 without writing: it is both the preview the UI
//! shows and `--dry-run`.
//!
//! Parsing, mapping and phone normalisation (the costly part) run on other
//! threads than the writer, with mapping spread over the cores, so the stages
//! overlap. Memory stays flat whatever the file size: rows flow through
//! bounded channels, and duplicate detection keeps one 8-byte hash per key.

pub mod decode;
pub mod headers;
pub mod mapping;
pub mod names;
pub mod source;
pub mod values;
pub mod vcard;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{ContactDraft, ContactId};
use crate::error::{Error, Result};
use crate::phone::Region;
use crate::store::{BatchCounts, BatchInfo, Store, UndoSummary};
use headers::Mapping;
use mapping::{Compiled, MappedRow, RowContext};
use source::{FileFormat, Record, Source, SourceInfo, SourceOptions};
use values::DateOrder;

/// What to do with a row that matches an existing contact (or an earlier row).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum OnDuplicate {
    /// Leave the existing contact alone; the row is not imported.
    #[default]
    Skip,
    /// Fill the existing contact's empty fields and add new emails, phones, tags.
    Merge,
    /// Import the row as a new contact anyway.
    Create,
}

/// Everything the user can choose about an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// Encoding, sheet and delimiter overrides.
    pub source: SourceOptions,
    /// Column mapping; `None` maps automatically. Applied by header name.
    pub mapping: Option<Mapping>,
    /// What to do with duplicates.
    pub on_duplicate: OnDuplicate,
    /// How to read ambiguous dates.
    pub date_order: DateOrder,
    /// Region of phones without a country code (default: the book's setting).
    pub region: Option<String>,
    /// Rows per transaction (default 10,000): each chunk is all-or-nothing.
    #[serde(default)]
    pub chunk_rows: Option<u32>,
}

/// How bad a row problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Severity {
    /// The row was not imported.
    Error,
    /// The row was imported; a value was kept as a custom field or ignored.
    Warning,
}

/// A problem with one row: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowIssue {
    /// Row number in the file (line of a CSV, row of a sheet, first line of a vCard).
    #[ts(type = "number")]
    pub row: u64,
    /// The column (header) or vCard property, when it is about one.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Whether the row was still imported.
    pub severity: Severity,
}

/// A row that matches a contact already in the book, or an earlier row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicateMatch {
    /// Row number in the file.
    #[ts(type = "number")]
    pub row: u64,
    /// The name in the row.
    pub name: String,
    /// The matching contact (`None` when it is an earlier row of the same file not yet imported).
    pub contact_id: Option<ContactId>,
    /// The earlier row of the file it matches, when it is one.
    #[ts(type = "number | null")]
    pub earlier_row: Option<u64>,
    /// The email or phone they share.
    pub matched_on: String,
}

/// Progress of a running import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Progress {
    /// Rows read so far.
    #[ts(type = "number")]
    pub rows_done: u64,
    /// Bytes of the file read so far.
    #[ts(type = "number")]
    pub bytes_done: u64,
    /// Size of the file.
    #[ts(type = "number")]
    pub bytes_total: u64,
    /// Running totals.
    pub counts: BatchCounts,
}

/// Most row problems and duplicates listed in a report (all are counted).
pub const MAX_LISTED: usize = 1000;

/// What an import (or its dry run) did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// The batch id (for undo); `None` for a dry run or when nothing was kept.
    #[ts(type = "number | null")]
    pub batch: Option<i64>,
    /// True for a dry run: nothing was written.
    pub dry_run: bool,
    /// `complete`, or `cancelled` (nothing kept).
    pub status: String,
    /// Rows, created, merged, skipped, failed.
    pub counts: BatchCounts,
    /// Rows imported with a warning.
    #[ts(type = "number")]
    pub warnings: u64,
    /// Row problems (the first [`MAX_LISTED`]).
    pub issues: Vec<RowIssue>,
    /// Duplicates found (the first [`MAX_LISTED`]).
    pub duplicates: Vec<DuplicateMatch>,
    /// Number of duplicates found.
    #[ts(type = "number")]
    pub duplicate_count: u64,
    /// Characters that were not valid in the chosen encoding (a sign the encoding is wrong).
    #[ts(type = "number")]
    pub undecodable: u64,
}

/// The preview of an import: what the file is, how its columns map, the
/// first rows as contacts, and what importing would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Preview {
    /// Format, encoding, delimiter, sheets, headers.
    pub source: SourceInfo,
    /// The mapping that would be used.
    pub mapping: Mapping,
    /// The first rows as they would be imported.
    pub sample: Vec<PreviewRow>,
    /// What importing would do (a dry run over the whole file).
    pub report: ImportReport,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// Row number in the file.
    #[ts(type = "number")]
    pub row: u64,
    /// The contact it becomes (`None` when the row fails).
    pub draft: Option<ContactDraft>,
    /// The note it adds.
    pub note: Option<String>,
    /// Its problems.
    pub issues: Vec<RowIssue>,
}

/// Rows mapped together by one worker.
const MAP_CHUNK: usize = 1000;
/// Rows written in one transaction (and then indexed).
/// Rows per write transaction unless the options say otherwise.
pub const WRITE_CHUNK: usize = 10_000;

fn key_hash(k: &str) -> u64 {
    let mut h = DefaultHasher::new();
    k.hash(&mut h);
    h.finish()
}

/// Counts and lists kept while rows go by.
#[derive(Default)]
struct Tally {
    report: ImportReport,
    sample: Vec<PreviewRow>,
    sample_rows: usize,
}

impl Tally {
    fn note_row(&mut self, r: &MappedRow) {
        self.report.counts.rows += 1;
        let mut warned = false;
        for i in &r.issues {
            match i.severity {
                Severity::Error => {}
                Severity::Warning => warned = true,
            }
            if self.report.issues.len() < MAX_LISTED {
                self.report.issues.push(i.clone());
            }
        }
        if r.draft.is_none() {
            self.report.counts.errors += 1;
        } else if warned {
            self.report.warnings += 1;
        }
        if self.sample.len() < self.sample_rows {
            self.sample.push(PreviewRow {
                row: r.row,
                draft: r.draft.clone(),
                note: r.note.clone(),
                issues: r.issues.clone(),
            });
        }
    }

    fn duplicate(&mut self, m: DuplicateMatch) {
        self.report.duplicate_count += 1;
        if self.report.duplicates.len() < MAX_LISTED {
            self.report.duplicates.push(m);
        }
    }
}

/// Where mapped rows go: the store (import) or nowhere (preview, dry run).
trait Sink {
    fn rows(&mut self, rows: Vec<MappedRow>, tally: &mut Tally) -> Result<()>;
}

/// Opens a file and works out the mapping and row context for it.
/// The region a file's local phone numbers most likely belong to, when the
/// user has not chosen a default region: a sheet with Chinese headers or a GBK
/// file is from mainland China, Big5 from Taiwan, Shift-JIS from Japan.
fn implied_region(info: &SourceInfo, mapping: &Mapping) -> Option<Region> {
    let encoding = info.encoding.as_ref().map(|e| e.name.to_ascii_lowercase());
    let code = match encoding.as_deref() {
        Some("gbk" | "gb18030") => "CN",
        Some("big5") => "TW",
        Some("shift_jis" | "euc-jp") => "JP",
        _ if mapping.profile.as_deref() == Some(headers::PROFILE_CHINESE) => "CN",
        _ => return None,
    };
    Region::parse(code)
}

fn prepare(
    book: &ContactBook,
    path: &Path,
    opts: &ImportOptions,
) -> Result<(Source, Mapping, Option<Compiled>, RowContext)> {
    let source = Source::open(path, &opts.source)?;
    let mapping = match (&opts.mapping, source.info.format) {
        (_, FileFormat::Vcard) => Mapping {
            profile: Some("vCard".into()),
            columns: vec![],
        },
        (Some(m), _) => m.applied_to(&source.info.headers),
        (None, _) => headers::auto_map(&source.info.headers),
    };
    let compiled = (source.info.format != FileFormat::Vcard)
        .then(|| Compiled::new(&mapping, &source.info.headers));
    let region = match &opts.region {
        Some(code) => Region::parse(code).ok_or_else(|| {
            Error::invalid(
                "region",
                format!("'{code}' is not a country code such as US or CN"),
            )
        })?,
        None => match book.chosen_region()? {
            Some(r) => r,
            None => implied_region(&source.info, &mapping).unwrap_or_default(),
        },
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ctx = RowContext {
        region,
        date_order: opts.date_order,
        delimiter: source
            .info
            .delimiter
            .as_deref()
            .and_then(|d| d.bytes().next()),
        source: format!("import: {name}"),
        write_chunk: opts.chunk_rows.map_or(WRITE_CHUNK, |n| n as usize),
    };
    Ok((source, mapping, compiled, ctx))
}

fn map_record(compiled: Option<&Compiled>, ctx: &RowContext, rec: &Record) -> MappedRow {
    match (rec, compiled) {
        (Record::Cells { row, cells }, Some(c)) => {
            let v: Vec<&str> = cells.iter().collect();
            mapping::map_row(c, ctx, *row, &v)
        }
        (Record::Card(card), _) => vcard::map_card(card, ctx),
        (Record::Cells { row, .. }, None) => MappedRow {
            row: *row,
            ..Default::default()
        },
    }
}

type Chunk = (usize, Result<Vec<MappedRow>>);

/// Runs the pipeline: a reader thread, mapping workers, and `sink` on this thread.
#[allow(clippy::too_many_arguments)]
fn run_pipeline(
    source: Source,
    compiled: Option<Compiled>,
    ctx: RowContext,
    sink: &mut dyn Sink,
    tally: &mut Tally,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<()> {
    let write_chunk = ctx.write_chunk.max(1);
    let bytes = Arc::new(AtomicU64::new(0));
    let undecodable = Arc::new(AtomicU64::new(0));
    let bytes_total = source.info.bytes_total;
    let records = source.records(bytes.clone(), undecodable.clone())?;
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 4);
    let result = std::thread::scope(|s| -> Result<()> {
        let (raw_tx, raw_rx) = mpsc::sync_channel::<(usize, Result<Vec<Record>>)>(workers * 2);
        let (mapped_tx, mapped_rx) = mpsc::sync_channel::<Chunk>(workers * 2 + 2);
        s.spawn(move || {
            let mut records = records;
            let mut idx = 0;
            loop {
                if cancel.load(Ordering::Relaxed) {
                    return;
                }
                let mut chunk = Vec::with_capacity(MAP_CHUNK);
                let mut err = None;
                for r in records.by_ref().take(MAP_CHUNK) {
                    match r {
                        Ok(r) => chunk.push(r),
                        Err(e) => {
                            err = Some(e);
                            break;
                        }
                    }
                }
                let last = chunk.len() < MAP_CHUNK || err.is_some();
                if !chunk.is_empty() && raw_tx.send((idx, Ok(chunk))).is_err() {
                    return;
                }
                idx += 1;
                if let Some(e) = err {
                    let _ = raw_tx.send((idx, Err(e)));
                    return;
                }
                if last {
                    return;
                }
            }
        });
        let raw_rx = Arc::new(Mutex::new(raw_rx));
        for _ in 0..workers {
            let raw_rx = raw_rx.clone();
            let mapped_tx = mapped_tx.clone();
            let (compiled, ctx) = (compiled.as_ref(), &ctx);
            s.spawn(move || loop {
                let next = match raw_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((idx, chunk)) = next else { return };
                let mapped = chunk.map(|recs| {
                    recs.iter()
                        .map(|r| map_record(compiled, ctx, r))
                        .collect::<Vec<_>>()
                });
                if mapped_tx.send((idx, mapped)).is_err() {
                    return;
                }
            });
        }
        drop(mapped_tx);
        // Chunks come back out of order from the workers; rows are written in file order.
        let mut waiting: BTreeMap<usize, Result<Vec<MappedRow>>> = BTreeMap::new();
        let mut next = 0usize;
        let mut pending: Vec<MappedRow> = Vec::new();
        let mut flush = |pending: &mut Vec<MappedRow>, tally: &mut Tally| -> Result<()> {
            if pending.is_empty() {
                return Ok(());
            }
            sink.rows(std::mem::take(pending), tally)?;
            progress(&Progress {
                rows_done: tally.report.counts.rows,
                bytes_done: bytes.load(Ordering::Relaxed).min(bytes_total),
                bytes_total,
                counts: tally.report.counts,
            });
            Ok(())
        };
        for (idx, chunk) in mapped_rx.iter() {
            waiting.insert(idx, chunk);
            while let Some(chunk) = waiting.remove(&next) {
                next += 1;
                let rows = chunk?;
                pending.extend(
                    rows.into_iter()
                        .filter(|r| r.draft.is_some() || !r.issues.is_empty()),
                );
                if pending.len() >= write_chunk {
                    if cancel.load(Ordering::Relaxed) {
                        return Ok(());
                    }
                    flush(&mut pending, tally)?;
                }
            }
        }
        if cancel.load(Ordering::Relaxed) {
            return Ok(());
        }
        flush(&mut pending, tally)
    });
    tally.report.undecodable = undecodable.load(Ordering::Relaxed);
    result
}

/// Dry run over the whole file: what importing would do, plus the first rows for display.
struct Analysis<'a> {
    book: &'a ContactBook,
    store_keys: HashSet<u64>,
    file_keys: HashMap<u64, u64>,
    on_duplicate: OnDuplicate,
}

impl Sink for Analysis<'_> {
    fn rows(&mut self, rows: Vec<MappedRow>, tally: &mut Tally) -> Result<()> {
        for r in rows {
            tally.note_row(&r);
            let Some(d) = &r.draft else { continue };
            let hashes: Vec<u64> = r.keys.iter().map(|k| key_hash(k)).collect();
            let mut found = None;
            if hashes.iter().any(|h| self.store_keys.contains(h)) {
                let ids = self.book.store().contacts_matching_keys(&r.keys)?;
                if let Some(id) = ids.first() {
                    let c = self.book.contact(*id)?;
                    let on = shared_key(&r.keys, &c.draft);
                    found = Some(DuplicateMatch {
                        row: r.row,
                        name: d.display_name.clone(),
                        contact_id: Some(*id),
                        earlier_row: None,
                        matched_on: on,
                    });
                }
            }
            if found.is_none() {
                if let Some((k, row)) = r
                    .keys
                    .iter()
                    .zip(&hashes)
                    .find_map(|(k, h)| self.file_keys.get(h).map(|row| (k, *row)))
                {
                    found = Some(DuplicateMatch {
                        row: r.row,
                        name: d.display_name.clone(),
                        contact_id: None,
                        earlier_row: Some(row),
                        matched_on: k.clone(),
                    });
                }
            }
            let c = &mut tally.report.counts;
            match (&found, self.on_duplicate) {
                (None, _) | (Some(_), OnDuplicate::Create) => c.created += 1,
                (Some(_), OnDuplicate::Merge) => c.merged += 1,
                (Some(_), OnDuplicate::Skip) => c.skipped += 1,
            }
            let skipped = found.is_some() && self.on_duplicate == OnDuplicate::Skip;
            if let Some(m) = found {
                tally.duplicate(m);
            }
            if !skipped {
                for h in hashes {
                    self.file_keys.entry(h).or_insert(r.row);
                }
            }
        }
        Ok(())
    }
}

fn shared_key(keys: &[String], d: &ContactDraft) -> String {
    keys.iter()
        .find(|k| {
            d.emails.iter().any(|e| e.address.to_lowercase() == **k)
                || d.phones
                    .iter()
                    .any(|p| p.e164.as_deref() == Some(k.as_str()))
        })
        .cloned()
        .unwrap_or_default()
}

fn store_key_hashes(book: &ContactBook) -> Result<HashSet<u64>> {
    let mut set = HashSet::new();
    book.store().contact_match_keys(|k| {
        set.insert(key_hash(k));
    })?;
    Ok(set)
}

/// Previews an import without writing anything: the detected format and
/// encoding, the mapping, the first `sample_rows` rows as contacts, and a dry
/// run over the whole file (counts, duplicates, row problems).
pub fn preview(
    book: &ContactBook,
    path: &Path,
    opts: &ImportOptions,
    sample_rows: usize,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<Preview> {
    let (source, mapping, compiled, ctx) = prepare(book, path, opts)?;
    let info = source.info.clone();
    let mut sink = Analysis {
        book,
        store_keys: store_key_hashes(book)?,
        file_keys: HashMap::new(),
        on_duplicate: opts.on_duplicate,
    };
    let mut tally = Tally {
        sample_rows,
        ..Default::default()
    };
    tally.report.dry_run = true;
    run_pipeline(
        source, compiled, ctx, &mut sink, &mut tally, progress, cancel,
    )?;
    tally.report.status = if cancel.load(Ordering::Relaxed) {
        "cancelled".into()
    } else {
        "complete".into()
    };
    no_rows_check(&info, &tally.report)?;
    Ok(Preview {
        source: info,
        mapping,
        sample: tally.sample,
        report: tally.report,
    })
}

fn no_rows_check(info: &SourceInfo, r: &ImportReport) -> Result<()> {
    if r.counts.rows == 0 && r.status != "cancelled" {
        let reason = match info.format {
            FileFormat::Vcard => "no vCards found (no BEGIN:VCARD … END:VCARD)".to_string(),
            _ if info.headers.is_empty() => "no rows found".to_string(),
            _ => format!(
                "no contact rows after the header row (row {})",
                info.header_row
            ),
        };
        return Err(Error::Import {
            file: info.path.clone(),
            row: None,
            column: None,
            reason,
        });
    }
    Ok(())
}

/// Writes rows to the store, chunk by chunk.
struct Writer<'a> {
    book: &'a mut ContactBook,
    /// A second connection the index reads committed chunks through while the
    /// next is written (`None` for a book in memory).
    reader: Option<Store>,
    batch: i64,
    /// Rows at the start of the file already written (a resumed import).
    skip: u64,
    now: DateTime<Utc>,
    keys: HashSet<u64>,
    on_duplicate: OnDuplicate,
}

impl Sink for Writer<'_> {
    fn rows(&mut self, mut rows: Vec<MappedRow>, tally: &mut Tally) -> Result<()> {
        if self.skip > 0 {
            let n = rows
                .len()
                .min(usize::try_from(self.skip).unwrap_or(usize::MAX));
            rows.drain(..n);
            self.skip -= n as u64;
            if rows.is_empty() {
                return Ok(());
            }
        }
        let on_duplicate = self.on_duplicate;
        let keys = &mut self.keys;
        let mut counts = tally.report.counts;
        let mut dups = Vec::new();
        let (batch, now) = (self.batch, self.now);
        self.book
            .write_while_staging(self.reader.as_mut(), |store| {
                store.import_chunk(batch, now, |w| {
                    for r in &rows {
                        counts.rows += 1;
                        let Some(draft) = &r.draft else {
                            counts.errors += 1;
                            continue;
                        };
                        let maybe = r.keys.iter().any(|k| keys.contains(&key_hash(k)));
                        let matches = if maybe { w.matching(&r.keys)? } else { vec![] };
                        let id = match matches.first() {
                            None => {
                                counts.created += 1;
                                w.create(draft)?
                            }
                            Some(&target) => {
                                let earlier = w.created_here(target)?;
                                dups.push(DuplicateMatch {
                                    row: r.row,
                                    name: draft.display_name.clone(),
                                    contact_id: Some(target),
                                    earlier_row: None,
                                    matched_on: if earlier {
                                        "an earlier row of this file".into()
                                    } else {
                                        String::new()
                                    },
                                });
                                match on_duplicate {
                                    OnDuplicate::Skip => {
                                        counts.skipped += 1;
                                        continue;
                                    }
                                    OnDuplicate::Create => {
                                        counts.created += 1;
                                        w.create(draft)?
                                    }
                                    OnDuplicate::Merge => {
                                        if w.merge(target, draft.clone())? {
                                            counts.merged += 1;
                                        } else {
                                            counts.skipped += 1;
                                        }
                                        target
                                    }
                                }
                            }
                        };
                        if let Some(note) = &r.note {
                            w.add_note(id, note)?;
                        }
                        for k in &r.keys {
                            keys.insert(key_hash(k));
                        }
                    }
                    Ok(((), counts))
                })
            })?;
        // `note_row` lists the issues (and counts rows the same way).
        for r in &rows {
            tally.note_row(r);
        }
        tally.report.counts = counts;
        for mut d in dups {
            if d.matched_on.is_empty() {
                d.matched_on = rows
                    .iter()
                    .find(|r| r.row == d.row)
                    .and_then(|r| {
                        let c = self.book.store().contact(d.contact_id?).ok()??;
                        Some(shared_key(&r.keys, &c.draft))
                    })
                    .unwrap_or_default();
            }
            tally.duplicate(d);
        }
        Ok(())
    }
}

/// Imports a file into the book as one batch. Rows are written in chunks of
/// one transaction each; the search index indexes each chunk while the next
/// is written, and commits at the end.
/// Row problems are collected in the report while good rows import. When the
/// import is cancelled, or the file turns out to be unreadable part-way, the
/// chunks already written are undone, so the book is as it was.
pub fn import_file(
    book: &mut ContactBook,
    path: &Path,
    opts: &ImportOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let _lock = book.import_lock()?;
    let (source, _mapping, compiled, ctx) = prepare(book, path, opts)?;
    let options_json = serde_json::to_string(opts).unwrap_or_else(|_| "{}".into());
    let name = path.display().to_string();
    let batch = book
        .store_mut()
        .begin_import_batch(&name, &options_json, now)?;
    let run = Resumable {
        batch,
        skip: 0,
        counts: BatchCounts::default(),
    };
    write_batch(
        book, source, compiled, ctx, opts, run, now, progress, cancel,
    )
}

/// Resumes an `interrupted` import batch (the process was killed or the
/// machine stopped): the rows it already wrote are kept, the rest of the
/// same file is imported into the same batch with the options it started with.
pub fn resume_import(
    book: &mut ContactBook,
    batch: i64,
    path: &Path,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let _lock = book.import_lock()?;
    let info = book
        .store()
        .import_batch(batch)?
        .ok_or_else(|| Error::invalid("batch", format!("no import batch {batch}")))?;
    // We hold the import lock, so a `running` batch has no live process.
    if info.status != "running" {
        return Err(Error::invalid(
            "batch",
            format!(
                "import {batch} is {}, only an interrupted import can be resumed",
                info.status
            ),
        ));
    }
    let opts: ImportOptions = book
        .store()
        .import_batch_options(batch)?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    let (source, _mapping, compiled, ctx) = prepare(book, path, &opts)?;
    let counts = BatchCounts {
        rows: info.rows_done.max(0) as u64,
        created: info.created.max(0) as u64,
        merged: info.merged.max(0) as u64,
        skipped: info.skipped.max(0) as u64,
        errors: info.errors.max(0) as u64,
    };
    let run = Resumable {
        batch,
        skip: counts.rows,
        counts,
    };
    write_batch(
        book, source, compiled, ctx, &opts, run, now, progress, cancel,
    )
}

/// Where a batch's writing starts.
struct Resumable {
    batch: i64,
    skip: u64,
    counts: BatchCounts,
}

#[allow(clippy::too_many_arguments)] // one private step shared by import and resume
fn write_batch(
    book: &mut ContactBook,
    source: Source,
    compiled: Option<Compiled>,
    ctx: RowContext,
    opts: &ImportOptions,
    run: Resumable,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let info = source.info.clone();
    let keys = store_key_hashes(book)?;
    let batch = run.batch;
    let mut tally = Tally::default();
    tally.report.counts = run.counts;
    // The index must not need a rebuild while chunks are written: it could
    // not do one through the reader.
    book.sync_search()?;
    let reader = book.store().open_reader()?;
    let mut sink = Writer {
        book,
        reader,
        batch,
        skip: run.skip,
        now,
        keys,
        on_duplicate: opts.on_duplicate,
    };
    let outcome = run_pipeline(
        source, compiled, ctx, &mut sink, &mut tally, progress, cancel,
    );
    let book = sink.book;
    let cancelled = cancel.load(Ordering::Relaxed);
    let failed = outcome.is_err() || (tally.report.counts.rows == 0 && !cancelled);
    if cancelled || failed {
        // Nothing half-imported: take back the chunks already written.
        book.store_mut().undo_import_batch(batch, now)?;
        let status = if cancelled { "cancelled" } else { "failed" };
        book.store_mut()
            .finish_import_batch(batch, status, &tally.report.counts, now)?;
        book.sync_search()?;
        outcome?;
        tally.report.status = status.into();
        no_rows_check(&info, &tally.report)?;
        tally.report.batch = None;
        return Ok(tally.report);
    }
    book.store_mut()
        .finish_import_batch(batch, "complete", &tally.report.counts, now)?;
    book.sync_search()?;
    tally.report.batch = Some(batch);
    tally.report.status = "complete".into();
    Ok(tally.report)
}

/// Undoes an import batch: contacts it created are removed, contacts it
/// merged into are put back exactly as they were, its notes and new tags go.
pub fn undo_import(book: &mut ContactBook, batch: i64, now: DateTime<Utc>) -> Result<UndoSummary> {
    let s = book.store_mut().undo_import_batch(batch, now)?;
    book.sync_search()?;
    Ok(s)
}

/// Import batches, newest first. A batch still `running` while nobody holds
/// the import lock was cut off (crash, kill, power loss) and is reported as
/// `interrupted`: every chunk it wrote is whole, and it can be resumed or undone.
pub fn batches(book: &ContactBook) -> Result<Vec<BatchInfo>> {
    let mut list = book.store().import_batches()?;
    if list.iter().any(|b| b.status == "running") {
        let alive = match book.import_lock() {
            Ok(_lock) => false,
            Err(Error::ImportRunning) => true,
            Err(e) => return Err(e),
        };
        if !alive {
            for b in list.iter_mut().filter(|b| b.status == "running") {
                b.status = "interrupted".into();
            }
        }
    }
    Ok(list)
}

/// The column mapping an import of `path` with `opts` uses (the user's, applied to the
/// file's headers, or the automatic one), without reading past the header.
pub fn resolved_mapping(book: &ContactBook, path: &Path, opts: &ImportOptions) -> Result<Mapping> {
    Ok(prepare(book, path, opts)?.1)
}

/// Saves a mapping under a name for reuse.
pub fn save_mapping(
    book: &mut ContactBook,
    name: &str,
    mapping: &Mapping,
    now: DateTime<Utc>,
) -> Result<()> {
    let json =
        serde_json::to_string(mapping).map_err(|e| Error::invalid("mapping", e.to_string()))?;
    book.store_mut().save_mapping(name, &json, now)
}

/// A saved mapping, by name.
pub fn saved_mapping(book: &ContactBook, name: &str) -> Result<Option<Mapping>> {
    book.store()
        .saved_mapping(name)?
        .map(|j| {
            serde_json::from_str(&j).map_err(|e| {
                Error::invalid("mapping", format!("saved mapping '{name}' is damaged: {e}"))
            })
        })
        .transpose()
}

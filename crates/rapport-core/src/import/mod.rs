//! Contact import: one pipeline shared by the CLI and the app.
//!
//! 1. **Decode** ([`decode`]): byte-order mark, UTF-16 by NUL pattern, strict
//!    UTF-8, then a statistical guess; streamed, never loaded whole.
//! 2. **Parse** ([`source`]): CSV with a sniffed delimiter and header row (or
//!    none), spreadsheets (`.xlsx`, `.xls`, `.ods`), vCards ([`vcard`]) or
//!    LDIF ([`ldif`]).
//! 3. **Map** ([`mapping`]): columns by header name, by the field words in
//!    it, or by their values, into contact fields.
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
//! bounded channels, and the import's duplicate detection is a fixed-size
//! filter of key hashes before an exact lookup in the store. (The preview
//! still keeps one 8-byte hash per key of the file, to name the earlier row
//! a duplicate repeats.)

pub mod decode;
mod header_names;
pub mod headers;
mod key_filter;
pub mod ldif;
pub mod mapping;
pub mod names;
mod row_fields;
mod rows;
mod sheet;
pub mod source;
pub mod values;
pub mod vcard;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{ContactDraft, ContactId};
use crate::error::{Error, Result};
use crate::operation::LongOperation;
use crate::phone::Region;
use crate::search::document::SearchSource;
use crate::store::{BatchCounts, BatchInfo, UndoSummary};
use headers::Mapping;
use mapping::{Compiled, RowContext};
use rows::{run_pipeline, store_key_filter, Analysis, Tally, Writer};
use source::{FileFormat, Source, SourceInfo, SourceOptions};
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
#[serde(default)]
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
    /// Rows per transaction (default [`WRITE_CHUNK`], 5,000): each chunk is all-or-nothing.
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
    /// Why the search index could not follow the import, when it could not: the
    /// contacts are stored all the same and the index catches up (or is rebuilt)
    /// at the next search.
    #[serde(default)]
    pub index_problem: Option<String>,
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

/// Rows per write transaction unless the options say otherwise. Each chunk is
/// indexed while the next is written, and the last one after the others: 5,000
/// rows keep that tail short (100k rows: 3.7 s, against 4.0 s with 10,000).
pub const WRITE_CHUNK: usize = 5_000;

/// The most rows one chunk may hold ([`ImportOptions::chunk_rows`]): a chunk is
/// held in memory and written in one transaction (a count of billions
/// allocated room for it up front and aborted).
pub const MAX_CHUNK_ROWS: u32 = 100_000;

/// `chunk_rows` when it is 1 to [`MAX_CHUNK_ROWS`].
fn chunk_rows(n: Option<u32>) -> Result<usize> {
    match n {
        None => Ok(WRITE_CHUNK),
        Some(n @ 1..=MAX_CHUNK_ROWS) => Ok(n as usize),
        Some(n) => Err(Error::invalid(
            "chunk_rows",
            format!("{n} rows per chunk: give 1 to {MAX_CHUNK_ROWS}"),
        )),
    }
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
        (_, FileFormat::Ldif) => ldif::mapping(),
        (Some(m), _) => m.applied_to(&source.info.headers),
        (None, _) => headers::auto_map_with_values(&source.info.headers, &source.sample),
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
            None => implied_region(&source.info, &mapping)
                .or(book.fallback_region())
                .unwrap_or_default(),
        },
    };
    // Rows with phones are near: load the region's metadata while the index opens.
    crate::phone::load_in_background(region);
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
        write_chunk: chunk_rows(opts.chunk_rows)?,
    };
    Ok((source, mapping, compiled, ctx))
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
        store_keys: store_key_filter(book)?,
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
            FileFormat::Ldif => "no LDIF entries found (no dn: lines)".to_string(),
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
    let _lock = match book.import_lock() {
        Ok(lock) => lock,
        // An undo of an import holds the import lock too: say what really runs.
        Err(Error::ImportRunning) => match book.begin_long(LongOperation::Import) {
            Err(Error::BookBusy { running }) if running != LongOperation::Import.running() => {
                return Err(Error::BookBusy { running })
            }
            _ => return Err(Error::ImportRunning),
        },
        Err(e) => return Err(e),
    };
    let _long = book.begin_long(LongOperation::Import)?;
    let (source, _mapping, compiled, ctx) = prepare(book, path, opts)?;
    let options_json = serde_json::to_string(opts).unwrap_or_else(|_| "{}".into());
    let name = path.display().to_string();
    let source_id = SourceFingerprint::of(path)?;
    // The index follows in `write_batch`.
    let batch = book.atomically_unsynced(|book| {
        let batch = book
            .store_mut()
            .begin_import_batch(&name, &options_json, now)?;
        book.store_mut()
            .set_import_source(batch, source_id.bytes, &source_id.sha256)?;
        Ok(batch)
    })?;
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
    let _long = book.begin_long(LongOperation::Import)?;
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
    if let Some((bytes, sha256)) = book.store().import_source(batch)? {
        let found = SourceFingerprint::of(path)?;
        if found.bytes != bytes || found.sha256 != sha256 {
            return Err(Error::Import {
                file: path.to_path_buf(),
                row: None,
                column: None,
                reason: format!(
                    "this is not the file import {batch} read ({} bytes, SHA-256 {}; this one: {} bytes, {}); resume with that file, or undo the batch",
                    bytes,
                    &sha256[..12.min(sha256.len())],
                    found.bytes,
                    &found.sha256[..12.min(found.sha256.len())],
                ),
            });
        }
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

/// Which file a batch reads: its size and the SHA-256 of its bytes, stored
/// with the batch when it starts and compared when it is resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFingerprint {
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

impl SourceFingerprint {
    /// Reads `path` once, in 64 KiB blocks (memory stays flat).
    pub fn of(path: &Path) -> Result<Self> {
        use sha2::Digest;
        use std::io::Read;
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(io)?;
        let mut hasher = sha2::Sha256::new();
        let mut buf = vec![0_u8; 64 * 1024];
        let mut bytes = 0_u64;
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io(e)),
            };
            hasher.update(&buf[..n]);
            bytes += n as u64;
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(SourceFingerprint { bytes, sha256 })
    }
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
    let keys = store_key_filter(book)?;
    let batch = run.batch;
    let mut tally = Tally::default();
    tally.report.counts = run.counts;
    // The index must not need a rebuild while chunks are written: it could
    // not do one through the reader. Staged, not committed: the import's end
    // commits once (a new book's empty index took a commit of its own). An
    // index that cannot follow does not stop the import: chunks are written
    // without it and the next sync replays them.
    if let Err(e) = book.stage_search() {
        tally.report.index_problem = Some(e.to_string());
    }
    let reader = book.store().open_reader()?;
    let mut sink = Writer {
        book,
        reader,
        batch,
        skip: run.skip,
        now,
        keys,
        on_duplicate: opts.on_duplicate,
        new_sources: Vec::new(),
    };
    let outcome = run_pipeline(
        source, compiled, ctx, &mut sink, &mut tally, progress, cancel,
    );
    let last_sources = std::mem::take(&mut sink.new_sources);
    let book = sink.book;
    let cancelled = cancel.load(Ordering::Relaxed);
    let failed = outcome.is_err() || (tally.report.counts.rows == 0 && !cancelled);
    if cancelled || failed {
        // Nothing half-imported: take back the chunks already written.
        book.store_mut().undo_import_batch(batch, now)?;
        let status = if cancelled { "cancelled" } else { "failed" };
        book.store_mut()
            .finish_import_batch(batch, status, &tally.report.counts, now)?;
        follow_in_index(book, &mut tally.report, Vec::new());
        outcome?;
        tally.report.status = status.into();
        no_rows_check(&info, &tally.report)?;
        tally.report.batch = None;
        return Ok(tally.report);
    }
    book.store_mut()
        .finish_import_batch(batch, "complete", &tally.report.counts, now)?;
    follow_in_index(book, &mut tally.report, last_sources);
    tally.report.batch = Some(batch);
    tally.report.status = "complete".into();
    Ok(tally.report)
}

/// Commits the import to the search index. The store is the source of truth and
/// its outbox keeps what the index lacks, so a failure here is reported with the
/// import (it is not the import's failure); the next sync retries. `last`: the
/// search sources of the contacts the last chunk created (not read back).
fn follow_in_index(book: &mut ContactBook, report: &mut ImportReport, last: Vec<SearchSource>) {
    report.index_problem = book
        .sync_search_after_bulk(last)
        .err()
        .map(|e| e.to_string());
}

/// Undoes an import batch: contacts it created are removed, contacts it
/// merged into are put back exactly as they were, its notes and new tags go.
///
/// Refused (`busy`) while an import or another long operation runs on the
/// book: an undo under a running import would remove rows it then marks
/// complete. The removal and the re-ranking of tiers are one transaction.
pub fn undo_import(book: &mut ContactBook, batch: i64, now: DateTime<Utc>) -> Result<UndoSummary> {
    let _long = book.begin_long(LongOperation::UndoImport)?;
    // The import lock too: mail and calendar imports hold only that one.
    let _lock = book.import_lock()?;
    let s = book.atomically(|book| {
        let s = book.store_mut().undo_import_batch(batch, now)?;
        // Contacts it created go with any deals added to them since: rank the
        // customers left again.
        book.refresh_value_tiers()?;
        Ok(s)
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/RELIABILITY.md tells users how many rows a chunk holds (it said
    /// 10,000 while the code wrote 5,000).
    #[test]
    fn the_documented_chunk_is_the_one_written() {
        let doc = include_str!("../../../../docs/RELIABILITY.md");
        let n = WRITE_CHUNK.to_string();
        let (thousands, rest) = n.split_at(n.len() - 3);
        let said = format!("chunks ({thousands},{rest} rows by default)");
        assert!(doc.contains(&said), "RELIABILITY.md should say {said}");
        let options = ImportOptions::default();
        assert_eq!(options.chunk_rows, None, "the default applies");
    }
}

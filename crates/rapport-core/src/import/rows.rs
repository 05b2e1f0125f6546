//! The row pipeline of an import: a reader thread, mapping workers, and a
//! sink on the calling thread (the dry-run `Analysis` behind a preview, or
//! the `Writer` of an import), with the `Tally` of counts and problems
//! kept while rows go by.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use chrono::{DateTime, Utc};

use super::key_filter::{key_hash, KeyFilter};
use super::mapping::{self, Compiled, MappedRow, RowContext};
use super::source::{Record, Source};
use super::vcard;
use super::{
    DuplicateMatch, ImportReport, OnDuplicate, PreviewRow, Progress, Severity, MAX_LISTED,
};
use crate::book::ContactBook;
use crate::contacts::ContactDraft;
use crate::error::Result;
use crate::search::document::SearchSource;
use crate::store::Store;

/// Rows mapped together by one worker.
const MAP_CHUNK: usize = 1000;

/// Counts and lists kept while rows go by.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) report: ImportReport,
    pub(super) sample: Vec<PreviewRow>,
    pub(super) sample_rows: usize,
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
pub(super) trait Sink {
    fn rows(&mut self, rows: Vec<MappedRow>, tally: &mut Tally) -> Result<()>;
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
pub(super) fn run_pipeline(
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
        // Room for a write chunk of mapped rows and then some: the workers keep
        // mapping the next chunk while one is written (with room for fewer rows
        // than a chunk, the writer waited for the rest after each write: 150 ms
        // a chunk at 20,000 rows).
        let room = workers * 2 + write_chunk.div_ceil(MAP_CHUNK);
        let (mapped_tx, mapped_rx) = mpsc::sync_channel::<Chunk>(room);
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
                // An error right after a full chunk (or before any row) takes
                // the next index: the writer waits for indexes in order.
                if !chunk.is_empty() {
                    if raw_tx.send((idx, Ok(chunk))).is_err() {
                        return;
                    }
                    idx += 1;
                }
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
pub(super) struct Analysis<'a> {
    pub(super) book: &'a ContactBook,
    pub(super) store_keys: KeyFilter,
    pub(super) file_keys: HashMap<u64, u64>,
    pub(super) on_duplicate: OnDuplicate,
}

impl Sink for Analysis<'_> {
    fn rows(&mut self, rows: Vec<MappedRow>, tally: &mut Tally) -> Result<()> {
        for r in rows {
            tally.note_row(&r);
            let Some(d) = &r.draft else { continue };
            let hashes: Vec<u64> = r.keys.iter().map(|k| key_hash(k)).collect();
            let mut found = None;
            if hashes.iter().any(|&h| self.store_keys.may_contain(h)) {
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

/// The match keys of the store's live contacts.
pub(super) fn store_key_filter(book: &ContactBook) -> Result<KeyFilter> {
    let mut filter = KeyFilter::new();
    book.store()
        .contact_match_keys(|k| filter.insert(key_hash(k)))?;
    Ok(filter)
}

/// Writes rows to the store, chunk by chunk.
pub(super) struct Writer<'a> {
    pub(super) book: &'a mut ContactBook,
    /// A second connection the index reads committed chunks through while the
    /// next is written (`None` for a book in memory).
    pub(super) reader: Option<Store>,
    pub(super) batch: i64,
    /// Rows at the start of the file already written (a resumed import).
    pub(super) skip: u64,
    pub(super) now: DateTime<Utc>,
    /// Match keys of the store and of the rows written so far: a row none of
    /// whose keys it may contain needs no lookup for duplicates.
    pub(super) keys: KeyFilter,
    pub(super) on_duplicate: OnDuplicate,
    /// The searchable text of the contacts the last chunk created, handed to
    /// the index with the next chunk (it then reads back only the others).
    pub(super) new_sources: Vec<SearchSource>,
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
        let staged = std::mem::take(&mut self.new_sources);
        // Sized for the chunk: growing it moved every source built so far.
        let mut created = HashMap::with_capacity(rows.len());
        self.book
            .write_while_staging(self.reader.as_mut(), staged, |store| {
                store.import_chunk(batch, now, |w| {
                    for r in &rows {
                        counts.rows += 1;
                        let Some(draft) = &r.draft else {
                            counts.errors += 1;
                            continue;
                        };
                        let maybe = r.keys.iter().any(|k| keys.may_contain(key_hash(k)));
                        let matches = if maybe { w.matching(&r.keys)? } else { vec![] };
                        let target = matches.first().copied();
                        if let Some(target) = target {
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
                        }
                        let id = match (target, on_duplicate) {
                            (Some(_), OnDuplicate::Skip) => {
                                counts.skipped += 1;
                                continue;
                            }
                            (Some(target), OnDuplicate::Merge) => {
                                // Changed since it was created: the index reads it back.
                                created.remove(&target.0);
                                if w.merge(target, draft.clone())? {
                                    counts.merged += 1;
                                } else {
                                    counts.skipped += 1;
                                }
                                target
                            }
                            _ => {
                                counts.created += 1;
                                let id = w.create(draft)?;
                                // A note changes it at once: the index reads that one back.
                                if r.note.is_none() {
                                    created.insert(id.0, w.new_contact_source(id, draft));
                                }
                                id
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
        self.new_sources = created.into_values().collect();
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

//! The tantivy index and how it follows the store.
//!
//! One [`SearchIndex`] per open book: one `IndexWriter` (taken on first need,
//! kept for the life of the book) and one reader, reloaded after each commit.
//! Each commit carries a payload with the outbox sequence it includes and the
//! [`ANALYZER_VERSION`]; [`SearchIndex::sync`] replays the outbox after that
//! sequence, or rebuilds everything when there is no usable payload (new,
//! damaged or outdated index, or one that is ahead of the store, e.g. after a
//! restore). When another process holds the writer, sync leaves the outbox to
//! it and only reloads the reader.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::indexer::UserOperation;
use tantivy::query::TermSetQuery;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyDocument, TantivyError, Term,
};

use super::document::SearchSource;
use super::highlight;
use super::id_ranges::IdRanges;
use super::query::{self, ParsedQuery};
use super::ranking::{MatchRank, RankKey};
use super::schema::{self, Fields};
use super::tantivy_query;
use super::{SearchHit, SearchResults, ANALYZER_VERSION};
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::store::Store;

/// Name of the index folder inside the data folder.
pub const INDEX_DIR: &str = "index";
/// Contacts loaded and indexed per step of a rebuild or replay.
const PAGE: usize = 2_000;
/// Indexing threads and memory of the writer.
const WRITER_THREADS: usize = 2;
const WRITER_MEMORY: usize = 64_000_000;
const WRITER_MEMORY_IN_RAM: usize = 15_000_000;
/// How long to wait for another process to release the writer.
const LOCK_WAIT: Duration = Duration::from_millis(1_500);

/// What a commit records.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    outbox_seq: i64,
    analyzer_version: u32,
    /// The book the index was built from (its `book_id`): an index copied from
    /// another data folder is not trusted, it is rebuilt.
    #[serde(default)]
    book: Option<String>,
}

/// How the index and the store compare (`rapport check`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct IndexHealth {
    /// Documents in the index.
    #[ts(type = "number")]
    pub documents: u64,
    /// Live contacts in the store.
    #[ts(type = "number")]
    pub contacts: u64,
    /// Outbox sequence of the index's last commit (-1 when none).
    #[ts(type = "number")]
    pub index_seq: i64,
    /// Latest outbox sequence of the store.
    #[ts(type = "number")]
    pub outbox_head: i64,
    /// Changes the index had not applied yet when it was checked.
    #[ts(type = "number")]
    pub pending_before_sync: u64,
    /// Analyzer version of the index.
    pub analyzer_version: u32,
}

impl IndexHealth {
    /// Index and store agree.
    pub fn is_ok(&self) -> bool {
        self.documents == self.contacts
            && self.index_seq == self.outbox_head
            && self.analyzer_version == ANALYZER_VERSION
    }
}

/// What one [`SearchIndex::sync`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Contacts re-indexed.
    pub contacts: usize,
    /// Everything was rebuilt.
    pub rebuilt: bool,
    /// Another process holds the writer: nothing was applied.
    pub deferred: bool,
}

/// The search index of one book.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    path: Option<PathBuf>,
    /// Outbox sequence included in the index; `None` means rebuild.
    applied: Option<i64>,
    /// Outbox sequence added to the writer but not committed yet.
    staged: Option<i64>,
    /// Contacts added to the writer since the last commit (runs of ids: an
    /// import's new contacts are consecutive, so this stays small).
    staged_ids: IdRanges,
    /// Commits this handle made (each writes and syncs files).
    commits: u64,
    /// The files could not be read at open: they were moved aside (see [`SearchIndex::was_healed`]).
    healed: bool,
    /// The book the last commit says the index holds.
    applied_book: Option<String>,
    /// The book of the store this handle syncs with (known at the first sync).
    book: Option<String>,
}

impl SearchIndex {
    /// Opens the index in `dir` (creating it; a damaged one or one of another
    /// schema is replaced), or a new one in memory when `dir` is `None`.
    pub fn open(dir: Option<&Path>) -> Result<Self> {
        match (Self::open_once(dir), dir) {
            // Files the index cannot read (a segment missing, cut short or overwritten,
            // a file where its folder should be): it is a cache of the store, so it is
            // moved aside and made again, and the next sync rebuilds it from the store.
            (Err(first), Some(d)) => {
                if move_aside(d).is_err() {
                    return Err(first);
                }
                let mut index = Self::open_once(dir)?;
                index.healed = true;
                Ok(index)
            }
            (opened, _) => opened,
        }
    }

    fn open_once(dir: Option<&Path>) -> Result<Self> {
        let (schema, fields) = schema::build();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(d) => open_dir(d, schema)?,
        };
        super::tokenizer::register(&index);
        let path = dir.map(Path::to_path_buf);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_error(&path, e))?;
        let (applied, applied_book) = read_payload(&index).unzip();
        Ok(SearchIndex {
            index,
            fields,
            reader,
            writer: None,
            path,
            applied,
            staged: None,
            staged_ids: IdRanges::new(),
            commits: 0,
            healed: false,
            applied_book: applied_book.flatten(),
            book: None,
        })
    }

    /// The index's files could not be read when it was opened: they were moved
    /// aside (to `index.damaged` beside it) and the index is rebuilt from the store.
    pub fn was_healed(&self) -> bool {
        self.healed
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        index_error(&self.path, e)
    }

    /// Takes the writer if this process does not hold it yet; `false` when
    /// another process keeps it past [`LOCK_WAIT`].
    fn take_writer(&mut self) -> Result<bool> {
        if self.writer.is_some() {
            return Ok(true);
        }
        let started = Instant::now();
        loop {
            // An index in memory (tests, fuzzing) is small: one thread and tantivy's
            // smallest budget instead of allocating the full arenas on every open.
            let (threads, memory) = match self.path {
                Some(_) => (WRITER_THREADS, WRITER_MEMORY),
                None => (1, WRITER_MEMORY_IN_RAM),
            };
            match self.index.writer_with_num_threads(threads, memory) {
                Ok(w) => {
                    // A writer killed mid-commit leaves files that meta.json
                    // does not list; one (a segment's `.del` file) has the
                    // very name the replayed commit writes, which then fails
                    // with FileAlreadyExists. Holding the lock, clear them.
                    w.garbage_collect_files().wait().map_err(|e| self.err(e))?;
                    self.writer = Some(w);
                    // Another process may have committed since we opened: the
                    // reader must see its documents too, or a change to one of
                    // them would be added without deleting the old one.
                    let (applied, book) = read_payload(&self.index).unzip();
                    self.applied = applied;
                    self.applied_book = book.flatten();
                    self.reader.reload().map_err(|e| self.err(e))?;
                    return Ok(true);
                }
                Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                    if started.elapsed() >= LOCK_WAIT {
                        return Ok(false);
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(e) => return Err(self.err(e)),
            }
        }
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        let path = self.path.clone();
        self.writer
            .as_mut()
            .ok_or_else(|| index_error(&path, "the index writer is not open"))
    }

    /// Sees what was committed since the last look (by this or another writer),
    /// without taking the writer.
    pub fn refresh(&mut self) -> Result<()> {
        self.reader.reload().map_err(|e| self.err(e))
    }

    /// Applies the store's outbox (or rebuilds when needed) and commits.
    pub fn sync(&mut self, store: &Store) -> Result<SyncReport> {
        self.sync_with(store, Vec::new())
    }

    /// [`SearchIndex::sync`] given what the store holds for contacts just
    /// created (as [`SearchIndex::stage_concurrently`] takes them): the end of an
    /// import hands over its last chunk's instead of reading them back.
    pub fn sync_with(
        &mut self,
        store: &Store,
        new_sources: Vec<SearchSource>,
    ) -> Result<SyncReport> {
        let report = self.stage_with(store, true, new_sources)?;
        // Set only by a stage that added changes, cleared by every commit.
        if let Some(seq) = self.staged {
            self.commit(seq)?;
            store.outbox_trim(seq)?;
        }
        Ok(report)
    }

    /// Adds the store's outbox to the writer without committing (or rebuilds
    /// when needed): tantivy indexes it on its own threads while the caller goes
    /// on writing the store. A bulk write (import) stages after each chunk and
    /// syncs once at the end; staged changes not committed when the process
    /// dies stay in the outbox and are applied by the next sync.
    pub fn stage(&mut self, store: &Store) -> Result<SyncReport> {
        self.stage_with(store, true, Vec::new())
    }

    /// [`SearchIndex::stage`] through a second, read-only connection while the
    /// main one writes (a bulk write stages each chunk during the next). It
    /// never rebuilds (a rebuild trims the outbox, a write): when the index needs
    /// one it stages nothing and says `deferred`, and the next sync rebuilds.
    ///
    /// `new_sources` are what the store would give for contacts just created
    /// (by the chunk being staged): they are used instead of reading those
    /// contacts back, unless a contact was queued more than once (changed again).
    pub fn stage_concurrently(
        &mut self,
        reader: &Store,
        new_sources: Vec<SearchSource>,
    ) -> Result<SyncReport> {
        self.stage_with(reader, false, new_sources)
    }

    fn stage_with(
        &mut self,
        store: &Store,
        may_rebuild: bool,
        new_sources: Vec<SearchSource>,
    ) -> Result<SyncReport> {
        let deferred = SyncReport {
            deferred: true,
            ..Default::default()
        };
        if !self.take_writer()? {
            self.reader.reload().map_err(|e| self.err(e))?;
            return Ok(deferred);
        }
        let head = store.outbox_head()?;
        let book = store.book_id()?;
        // What another book's store committed says nothing of this one's.
        let trusted = self.staged.is_some() || self.applied_book.as_deref() == Some(book.as_str());
        self.book = Some(book);
        let seq = match self.staged.or(self.applied.filter(|_| trusted)) {
            Some(seq) if seq <= head => seq,
            _ if !may_rebuild => return Ok(deferred),
            _ => {
                let n = self.rebuild_with(store, &mut |_, _| {}, &AtomicBool::new(false), false)?;
                return Ok(SyncReport {
                    contacts: n,
                    rebuilt: true,
                    deferred: false,
                });
            }
        };
        if seq == head {
            return Ok(SyncReport::default());
        }
        let (entries, new_head) = store.outbox_entries_since(seq)?;
        if entries.is_empty() {
            // Entries after our sequence are gone: this index is not the one
            // that applied them.
            if !may_rebuild {
                return Ok(deferred);
            }
            let n = self.rebuild_with(store, &mut |_, _| {}, &AtomicBool::new(false), false)?;
            return Ok(SyncReport {
                contacts: n,
                rebuilt: true,
                deferred: false,
            });
        }
        let fields = self.fields;
        let searcher = self.reader.searcher();
        let mut new_sources: HashMap<i64, SearchSource> =
            new_sources.into_iter().map(|s| (s.id.0, s)).collect();
        for chunk in entries.chunks(PAGE) {
            let mut sources = Vec::with_capacity(chunk.len());
            let mut read_back = Vec::new();
            for &(id, queued) in chunk {
                match new_sources.remove(&id.0) {
                    Some(s) if queued == 1 => sources.push(s),
                    _ => read_back.push(id),
                }
            }
            sources.extend(store.search_sources(&read_back)?);
            let chunk: Vec<ContactId> = chunk.iter().map(|&(id, _)| id).collect();
            let docs = build_documents(&fields, &sources);
            let path = self.path.clone();
            // A delete is kept (about 1 KB) until the commit: only contacts the index
            // may hold get one, not the new contacts of an import.
            let mut deletes = Vec::new();
            for id in &chunk {
                let term = Term::from_field_u64(fields.contact_id, id.0 as u64);
                if self.staged_ids.contains(&id.0)
                    || searcher
                        .doc_freq(&term)
                        .map_err(|e| index_error(&path, e))?
                        > 0
                {
                    deletes.push(term);
                }
            }
            let writer = self.writer()?;
            // One delete for the chunk (applied to each segment in one pass at
            // the commit) and one batch of adds (one hand-over to the indexing
            // threads instead of one per document).
            if !deletes.is_empty() {
                writer
                    .delete_query(Box::new(TermSetQuery::new(deletes)))
                    .map_err(|e| index_error(&path, e))?;
            }
            writer
                .run(docs.into_iter().map(UserOperation::Add).collect::<Vec<_>>())
                .map_err(|e| index_error(&path, e))?;
            self.staged_ids.extend(chunk.iter().map(|id| id.0));
        }
        self.staged = Some(new_head.max(seq));
        Ok(SyncReport {
            contacts: entries.len(),
            rebuilt: false,
            deferred: false,
        })
    }

    /// Rebuilds the whole index from the store and merges it into one segment.
    /// `progress` gets (done, total) contacts; setting `cancel` stops it with
    /// [`Error::Cancelled`], leaving the index as it was.
    pub fn rebuild(
        &mut self,
        store: &Store,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> Result<usize> {
        self.rebuild_with(store, progress, cancel, true)
    }

    /// Rebuilds the whole index; `merge` commits and merges it into one
    /// segment. The rebuild a sync or a stage needs (a new or outdated index,
    /// often at the start of an import) is only staged, for the caller's commit,
    /// and leaves merging to the background merges.
    fn rebuild_with(
        &mut self,
        store: &Store,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
        merge: bool,
    ) -> Result<usize> {
        if !self.take_writer()? {
            return Err(self.err(
                "another Rapport process is writing the search index; close it and try again",
            ));
        }
        let head = store.outbox_head()?;
        self.book = Some(store.book_id()?);
        let total = usize::try_from(store.count_contacts()?).unwrap_or(usize::MAX);
        let fields = self.fields;
        let path = self.path.clone();
        self.writer()?
            .delete_all_documents()
            .map_err(|e| index_error(&path, e))?;
        let mut after = ContactId(0);
        let mut done = 0;
        loop {
            if cancel.load(Ordering::Relaxed) {
                self.writer()?
                    .rollback()
                    .map_err(|e| index_error(&path, e))?;
                self.staged = None;
                self.staged_ids.clear();
                return Err(Error::Cancelled);
            }
            let ids = store.live_contact_ids_after(after, PAGE)?;
            let Some(last) = ids.last() else { break };
            after = *last;
            let sources = store.search_sources(&ids)?;
            let docs = build_documents(&fields, &sources);
            let writer = self.writer()?;
            for d in docs {
                writer.add_document(d).map_err(|e| index_error(&path, e))?;
            }
            self.staged_ids.extend(ids.iter().map(|id| id.0));
            done += sources.len();
            progress(done, total.max(done));
        }
        if !merge {
            // Committed by the sync that needed it, or at the end of the bulk
            // write it starts (an import's first commit is then its only one).
            self.staged = Some(head);
            return Ok(done);
        }
        // No background merge of part of the segments during the one below.
        self.writer()?
            .set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        self.commit(head)?;
        store.outbox_trim(head)?;
        self.merge_all()?;
        Ok(done)
    }

    /// Merges every segment into one and waits (after an explicit rebuild: the
    /// pile of segments bulk indexing leaves makes queries slower).
    fn merge_all(&mut self) -> Result<()> {
        let segments = self
            .index
            .searchable_segment_ids()
            .map_err(|e| self.err(e))?;
        let writer = self.writer()?;
        if segments.len() > 1 {
            // Best effort: a merge already under way keeps its segments, and
            // the result is the same index either way.
            let _ = writer.merge(&segments).wait();
        }
        writer.set_merge_policy(Box::new(tantivy::indexer::LogMergePolicy::default()));
        self.reader.reload().map_err(|e| self.err(e))
    }

    fn commit(&mut self, seq: i64) -> Result<()> {
        let payload = serde_json::to_string(&Payload {
            outbox_seq: seq,
            analyzer_version: ANALYZER_VERSION,
            book: self.book.clone(),
        })
        .map_err(|e| self.err(e))?;
        let path = self.path.clone();
        let writer = self.writer()?;
        let mut prepared = writer.prepare_commit().map_err(|e| index_error(&path, e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| index_error(&path, e))?;
        self.commits += 1;
        // tantivy writes its files with the umask's mode; they hold names and notes.
        if let Some(dir) = &self.path {
            crate::files::make_private_files_in(dir)?;
        }
        self.applied = Some(seq);
        self.applied_book = self.book.clone();
        self.staged = None;
        self.staged_ids.clear();
        self.reader.reload().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The best `limit` contacts for `query`, with their matched fields.
    /// Call [`SearchIndex::sync`] first (the book does).
    pub fn search(&self, store: &Store, query: &str, limit: usize) -> Result<SearchResults> {
        let parsed = query::parse(query);
        if parsed.is_empty() {
            return Ok(SearchResults {
                hits: Vec::new(),
                total: 0,
            });
        }
        let q = tantivy_query::of(&self.fields, &parsed);
        let searcher = self.reader.searcher();
        // A count from the user is bounded by what exists: tantivy reserves
        // room for `limit` hits up front (a huge one aborts or overflows).
        let limit = limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        let top = TopDocs::with_limit(limit.max(1)).tweak_score(recency);
        let (docs, total) = searcher
            .search(&q, &(top, Count))
            .map_err(|e| self.err(e))?;
        let ids = docs
            .iter()
            .take(limit)
            .map(|(_, addr)| contact_id_of(&searcher, *addr))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        let sources = store.search_sources(&ids)?;
        let hits = sources.iter().map(|s| hit(&parsed, s)).collect();
        Ok(SearchResults { hits, total })
    }

    /// Every contact matching `query`, unordered (for recall checks and tests).
    pub fn matching_ids(&self, query: &str) -> Result<Vec<ContactId>> {
        let parsed = query::parse(query);
        if parsed.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let found = searcher
            .search(&tantivy_query::of(&self.fields, &parsed), &DocSetCollector)
            .map_err(|e| self.err(e))?;
        let mut ids = found
            .into_iter()
            .map(|addr| contact_id_of(&searcher, addr))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        ids.sort();
        Ok(ids)
    }

    /// How the index compares with the store (after the sync the caller did).
    pub fn health(&self, store: &Store, pending_before_sync: u64) -> Result<IndexHealth> {
        self.reader.reload().map_err(|e| self.err(e))?;
        let meta = self.index.load_metas().map_err(|e| self.err(e))?;
        let payload = meta
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<Payload>(p).ok());
        Ok(IndexHealth {
            documents: self.reader.searcher().num_docs(),
            contacts: store.count_contacts()?,
            index_seq: payload.as_ref().map_or(-1, |p| p.outbox_seq),
            outbox_head: store.outbox_head()?,
            pending_before_sync,
            analyzer_version: payload.map_or(0, |p| p.analyzer_version),
        })
    }

    /// How many commits this handle has made since it was opened.
    pub fn commits(&self) -> u64 {
        self.commits
    }

    /// Lets go of the writer and its threads (after their merges); the next write takes
    /// a new one, whose threads start from the thread that asks (and run at its
    /// priority: see [`crate::background`]). Changes staged and not committed are
    /// dropped with it; they stay in the outbox, and the next sync applies them.
    pub fn release_writer(&mut self) {
        self.staged = None;
        self.staged_ids.clear();
        if let Some(w) = self.writer.take() {
            let _ = w.wait_merging_threads();
            // The segments those merges wrote.
            if let Some(dir) = &self.path {
                let _ = crate::files::make_private_files_in(dir);
            }
        }
    }

    /// Outbox sequence the index includes (`None` before the first build).
    pub fn applied_seq(&self) -> Option<i64> {
        self.applied
    }
}

impl Drop for SearchIndex {
    fn drop(&mut self) {
        // Let background merges finish so short-lived processes (the CLI) do
        // not leave a growing pile of small segments behind.
        self.release_writer();
    }
}

fn index_error(path: &Option<PathBuf>, e: impl std::fmt::Display) -> Error {
    Error::SearchIndex {
        path: path.clone(),
        reason: e.to_string(),
    }
}

/// Moves a damaged index folder to `<name>.damaged` beside it (replacing an
/// older one), or removes it when it cannot be moved.
fn move_aside(dir: &Path) -> Result<()> {
    let path = Some(dir.to_path_buf());
    let mut aside = dir.as_os_str().to_owned();
    aside.push(".damaged");
    let aside = std::path::PathBuf::from(aside);
    if aside.is_dir() {
        std::fs::remove_dir_all(&aside).map_err(|e| index_error(&path, e))?;
    } else if aside.exists() {
        std::fs::remove_file(&aside).map_err(|e| index_error(&path, e))?;
    }
    if std::fs::rename(dir, &aside).is_err() {
        if dir.is_dir() {
            std::fs::remove_dir_all(dir).map_err(|e| index_error(&path, e))?;
        } else {
            std::fs::remove_file(dir).map_err(|e| index_error(&path, e))?;
        }
    }
    Ok(())
}

/// Opens the index folder, replacing it when it cannot be read or has another schema.
fn open_dir(dir: &Path, schema: tantivy::schema::Schema) -> Result<Index> {
    let path = Some(dir.to_path_buf());
    if dir.join("meta.json").exists() {
        match Index::open_in_dir(dir) {
            Ok(index) if index.schema() == schema => {
                // An older Rapport's files kept the umask's mode.
                crate::files::make_private_files_in(dir)?;
                return Ok(index);
            }
            _ => std::fs::remove_dir_all(dir).map_err(|e| index_error(&path, e))?,
        }
    }
    crate::files::private_dir(dir)?; // it holds the user's names and notes
    let index = Index::create_in_dir(dir, schema).map_err(|e| index_error(&path, e))?;
    crate::files::make_private_files_in(dir)?;
    Ok(index)
}

/// The outbox sequence of the last commit, when it was made by this analyzer version.
fn read_payload(index: &Index) -> Option<(i64, Option<String>)> {
    let meta = index.load_metas().ok()?;
    let p: Payload = serde_json::from_str(meta.payload.as_deref()?).ok()?;
    (p.analyzer_version == ANALYZER_VERSION).then_some((p.outbox_seq, p.book))
}

/// Builds documents on two threads (analysis, pinyin and digits cost more than indexing).
fn build_documents(fields: &Fields, sources: &[SearchSource]) -> Vec<TantivyDocument> {
    if sources.len() < 64 {
        return sources
            .iter()
            .map(|s| schema::document(fields, s))
            .collect();
    }
    let (a, b) = sources.split_at(sources.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            b.iter()
                .map(|s| schema::document(fields, s))
                .collect::<Vec<_>>()
        });
        let mut docs: Vec<TantivyDocument> =
            a.iter().map(|s| schema::document(fields, s)).collect();
        match other.join() {
            Ok(rest) => docs.extend(rest),
            // A panic while building is a bug; build those again here so it surfaces.
            Err(_) => docs.extend(b.iter().map(|s| schema::document(fields, s))),
        }
        docs
    })
}

/// Score first, then the contact's latest activity.
fn recency(segment: &SegmentReader) -> impl FnMut(DocId, Score) -> RankKey {
    let activity = segment.fast_fields().i64("activity").ok();
    move |doc, score| {
        (
            score,
            activity.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
        )
    }
}

fn contact_id_of(searcher: &Searcher, addr: DocAddress) -> tantivy::Result<ContactId> {
    let column = searcher
        .segment_reader(addr.segment_ord)
        .fast_fields()
        .u64("contact_id")?;
    Ok(ContactId(column.first(addr.doc_id).unwrap_or(0) as i64))
}

fn hit(q: &ParsedQuery, s: &SearchSource) -> SearchHit {
    let (rank, matches) = highlight::explain(q, s).unwrap_or((MatchRank::Note, Vec::new()));
    SearchHit {
        contact_id: s.id,
        display_name: s.display_name.clone(),
        company: s.company.clone(),
        archived: s.archived,
        rank,
        matches,
    }
}

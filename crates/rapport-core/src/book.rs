//! [`ContactBook`]: one data folder (the SQLite store, and the search index
//! beside it) and the domain operations on it. The CLI and the app both go
//! through this type, so every rule holds the same way in both.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::contacts::{
    Contact, ContactDraft, ContactEdit, ContactId, ContactQuery, ContactSummary, Phone,
};
use crate::error::{Error, Result};
use crate::followups::{FollowUp, FollowUpDraft, FollowUpId};
use crate::interactions::{Interaction, InteractionDraft, InteractionId};
use crate::operation::LongOperation;
use crate::phone::Region;
use crate::search::document::SearchSource;
use crate::search::index::{SyncReport, INDEX_DIR};
use crate::search::{IndexHealth, SearchIndex, SearchResults};
use crate::store::{Store, StoreHealth};

/// The platform data folder (`~/.local/share/rapport` on Linux), shared by the CLI and the app.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "rapport").map(|d| d.data_dir().to_path_buf())
}

/// File name of the database inside the data folder.
pub const DB_FILE: &str = "rapport.db";

/// Setting key: the region for phone numbers written without a country code.
/// File in the data folder locked while an import runs.
pub const IMPORT_LOCK_FILE: &str = "import.lock";

pub const SETTING_DEFAULT_REGION: &str = "default_region";

/// One user's contact book.
pub struct ContactBook {
    store: Store,
    data_dir: Option<PathBuf>,
    /// Opened (and reconciled with the store) on first use.
    search: Option<SearchIndex>,
    /// The region of numbers without a country code when the user has chosen
    /// none and a file does not imply one (the system locale's: see
    /// [`ContactBook::set_fallback_region`]).
    fallback_region: Option<Region>,
}

impl ContactBook {
    /// Opens the book in `data_dir`, creating the folder (owner-only) and the database if needed.
    pub fn open(data_dir: &Path) -> Result<Self> {
        crate::files::private_dir(data_dir)?;
        let db = data_dir.join(DB_FILE);
        // SQLite gives -wal and -shm the database file's mode.
        crate::files::create_private(&db)?;
        for file in [DB_FILE, "rapport.db-wal", "rapport.db-shm"] {
            crate::files::make_private(&data_dir.join(file))?;
        }
        for dir in [INDEX_DIR, crate::backup::BACKUP_DIR] {
            if data_dir.join(dir).is_dir() {
                crate::files::private_dir(&data_dir.join(dir))?;
            }
        }
        let store = Store::open(&db)?;
        Ok(ContactBook {
            store,
            data_dir: Some(data_dir.to_path_buf()),
            search: None,
            fallback_region: None,
        })
    }

    /// Holds the data folder's import lock while an import runs (another
    /// process opening the book then knows the import is alive). `None` in
    /// memory. Fails with `ImportRunning` when another import holds it.
    pub fn import_lock(&self) -> Result<Option<std::fs::File>> {
        let Some(dir) = &self.data_dir else {
            return Ok(None);
        };
        let path = dir.join(IMPORT_LOCK_FILE);
        let file = crate::files::private_file_options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::ImportRunning),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Io { path, source }),
        }
    }

    /// A book held in memory only, for tests and previews.
    pub fn open_in_memory() -> Result<Self> {
        Ok(ContactBook {
            store: Store::open_in_memory()?,
            data_dir: None,
            search: None,
            fallback_region: None,
        })
    }

    /// The data folder, `None` in memory.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// The underlying store, for reads the book does not wrap: for the core's
    /// own modules, tests and benchmarks. The shells go through the book and
    /// [`crate::api`] (a test of the CLI checks that they do).
    #[doc(hidden)]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The underlying store, for writes of other core modules (and tests).
    #[doc(hidden)]
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The region phone numbers without a country code belong to: the one the
    /// user chose, else the fallback (the system locale's), else `US`.
    pub fn default_region(&self) -> Result<Region> {
        Ok(self
            .chosen_region()?
            .or(self.fallback_region)
            .unwrap_or_default())
    }

    /// The region used when the user has chosen none (the shells pass the
    /// system locale's, [`Region::of_system_locale`]); never stored.
    pub fn set_fallback_region(&mut self, region: Option<Region>) {
        self.fallback_region = region;
    }

    /// The region set by [`ContactBook::set_fallback_region`].
    pub fn fallback_region(&self) -> Option<Region> {
        self.fallback_region
    }

    /// The default phone region when the user has set one.
    pub fn chosen_region(&self) -> Result<Option<Region>> {
        Ok(self
            .store
            .setting(SETTING_DEFAULT_REGION)?
            .and_then(|c| Region::parse(&c)))
    }

    /// Sets the default phone region (`CN`, `US`, ...).
    pub fn set_default_region(&mut self, code: &str) -> Result<()> {
        let region = Region::parse(code).ok_or_else(|| {
            Error::invalid(
                "region",
                format!("'{code}' is not a country code such as US or CN"),
            )
        })?;
        self.store
            .set_setting(SETTING_DEFAULT_REGION, &region.code())
    }

    /// Normalises a draft: trims, de-duplicates, and re-derives every phone's E.164 form.
    pub fn prepare_draft(&self, mut draft: ContactDraft) -> Result<ContactDraft> {
        let region = self.default_region()?;
        draft.phones = draft
            .phones
            .into_iter()
            .map(|p| Phone::new(&p.raw, p.label, region))
            .collect();
        draft.normalised()
    }

    /// Creates a contact.
    pub fn add_contact(&mut self, draft: ContactDraft, now: DateTime<Utc>) -> Result<Contact> {
        let draft = self.prepare_draft(draft)?;
        let id = self.store.insert_contact(&draft, now)?;
        self.index_changes();
        self.store.live_contact(id)
    }

    /// Replaces every user-set field of a contact.
    pub fn update_contact(
        &mut self,
        id: ContactId,
        draft: ContactDraft,
        now: DateTime<Utc>,
    ) -> Result<Contact> {
        let draft = self.prepare_draft(draft)?;
        self.store.replace_contact(id, &draft, now)?;
        self.index_changes();
        self.store.live_contact(id)
    }

    /// Applies `edit` to a contact as one transaction: the contact is read
    /// after the write lock is taken, so two edits at once both land (each
    /// sees the other's tags), and its fields and opt-outs are stored together.
    pub fn edit_contact(
        &mut self,
        id: ContactId,
        edit: &ContactEdit,
        now: DateTime<Utc>,
    ) -> Result<Contact> {
        self.atomically(|book| {
            let draft = edit.apply(book.store.live_contact(id)?.draft);
            let draft = book.prepare_draft(draft)?;
            book.store.replace_contact(id, &draft, now)?;
            for ch in &edit.opt_out {
                book.set_opt_out(id, *ch, true)?;
            }
            for ch in &edit.opt_in {
                book.set_opt_out(id, *ch, false)?;
            }
            Ok(())
        })?;
        self.store.live_contact(id)
    }

    /// A live contact.
    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        self.store.live_contact(id)
    }

    /// The contact list.
    pub fn list_contacts(&self, q: &ContactQuery) -> Result<Vec<ContactSummary>> {
        self.store.list_contacts(q)
    }

    /// How many rows the contact list for `q` has (its limit and offset ignored).
    pub fn count_contacts(&self, q: &ContactQuery) -> Result<u64> {
        self.store.count_listed(q)
    }

    /// Every tag on a live contact, by name.
    pub fn tags(&self) -> Result<Vec<String>> {
        self.store.tags_in_use()
    }

    /// Archives or un-archives a contact.
    pub fn set_archived(
        &mut self,
        id: ContactId,
        archived: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.store.set_archived(id, archived, now)?;
        self.index_changes();
        Ok(())
    }

    /// Deletes a contact (restorable with [`ContactBook::restore_contact`]).
    pub fn delete_contact(&mut self, id: ContactId, now: DateTime<Utc>) -> Result<()> {
        self.atomically(|book| {
            book.store.delete_contact(id, now)?;
            // Tiers rank every customer: one fewer moves the others.
            book.refresh_value_tiers()
        })
    }

    /// Undoes a delete.
    pub fn restore_contact(&mut self, id: ContactId, now: DateTime<Utc>) -> Result<()> {
        self.atomically(|book| {
            book.store.restore_contact(id, now)?;
            book.refresh_value_tiers()
        })
    }

    /// Merges `from` into `into`: empty fields of `into` are filled from `from`, emails,
    /// phones, addresses, tags and custom fields are combined, history moves over, and
    /// `from` is deleted (restorable).
    pub fn merge_contacts(
        &mut self,
        from: ContactId,
        into: ContactId,
        now: DateTime<Utc>,
    ) -> Result<Contact> {
        if from == into {
            return Err(Error::invalid(
                "merge",
                "cannot merge a contact into itself",
            ));
        }
        let a = self.store.live_contact(into)?;
        let b = self.store.live_contact(from)?;
        // One step of the undo journal, as a merge of duplicates is (the tiers move with it).
        let label = format!(
            "merge {} into {}",
            b.draft.display_name, a.draft.display_name
        );
        self.merge_groups_as(&[vec![into, from]], Some(label), now)?;
        self.store.live_contact(into)
    }

    /// Logs an interaction.
    pub fn log_interaction(
        &mut self,
        mut d: InteractionDraft,
        now: DateTime<Utc>,
    ) -> Result<Interaction> {
        d.text = d.text.trim().to_string();
        d.outcome = d
            .outcome
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty());
        let id = self.store.insert_interaction(&d, now)?;
        self.index_changes();
        self.store.interaction(id)
    }

    /// Deletes a logged interaction.
    pub fn delete_interaction(&mut self, id: InteractionId) -> Result<()> {
        self.store.delete_interaction(id)?;
        self.index_changes();
        Ok(())
    }

    /// A contact's interactions, newest first.
    pub fn interactions_of(&self, id: ContactId, limit: Option<u32>) -> Result<Vec<Interaction>> {
        self.store.interactions_of(id, limit)
    }

    /// Adds a follow-up.
    pub fn add_follow_up(&mut self, mut d: FollowUpDraft, now: DateTime<Utc>) -> Result<FollowUp> {
        d.text = d.text.trim().to_string();
        let id = self.store.insert_follow_up(&d, now)?;
        self.index_changes();
        self.store.follow_up(id)
    }

    /// Completes a follow-up. With `next_in_days`, adds the next one that many days after
    /// `today` with the same text, and returns it.
    pub fn complete_follow_up(
        &mut self,
        id: FollowUpId,
        next_in_days: Option<u32>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<FollowUp>> {
        self.atomically(|book| book.complete_follow_up_now(id, next_in_days, today, now))
    }

    /// [`ContactBook::complete_follow_up`] inside its transaction. A follow-up
    /// already done stays as it is and gets no second next one: running the
    /// same `done` twice (at once or one after the other) is one completion.
    fn complete_follow_up_now(
        &mut self,
        id: FollowUpId,
        next_in_days: Option<u32>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<FollowUp>> {
        let f = self.store.follow_up(id)?;
        if f.status == crate::followups::FollowUpStatus::Done {
            return Ok(None);
        }
        let next = next_in_days
            .map(|n| -> Result<FollowUpDraft> {
                Ok(FollowUpDraft {
                    contact_id: f.contact_id,
                    due_date: add_days(today, n)?,
                    due_time: f.due_time,
                    text: f.text.clone(),
                })
            })
            .transpose()?;
        // An open service case always keeps a pending follow-up.
        let next = match next {
            Some(n) => Some(n),
            None => self.case_refollow(id, today)?,
        };
        let next_id = self.store.complete_follow_up(id, next.as_ref(), now)?;
        next_id.map(|id| self.store.follow_up(id)).transpose()
    }

    /// Moves a follow-up to `to`.
    pub fn snooze_follow_up(&mut self, id: FollowUpId, to: NaiveDate) -> Result<FollowUp> {
        self.store.snooze_follow_up(id, to)?;
        self.index_changes();
        self.store.follow_up(id)
    }

    /// The stored rows reads skipped since the last call (a value they could not
    /// use), each once: the shells tell the user, with the way to repair them.
    pub fn take_skipped_rows(&self) -> Vec<crate::store::DamagedRow> {
        self.store.take_skipped()
    }

    /// Whether the search index's files could not be read when it was opened, so
    /// they were moved aside (`index.damaged`) and the index rebuilt from the store:
    /// the shells say so once.
    pub fn search_index_healed(&self) -> bool {
        self.search.as_ref().is_some_and(SearchIndex::was_healed)
    }

    /// One follow-up.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        self.store.follow_up(id)
    }

    /// A contact's follow-ups.
    pub fn follow_ups_of(&self, id: ContactId) -> Result<Vec<FollowUp>> {
        self.store.follow_ups_of(id)
    }

    /// Runs `f` as one store transaction (immediate: the write lock is taken
    /// before `f` reads, so no other process writes between what it reads and
    /// what it writes): everything `f` writes, derived values included, is
    /// committed together or not at all, also when the process is killed.
    /// The search index follows after the commit. Nested calls join the
    /// outer transaction.
    pub fn atomically<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.store.in_transaction() {
            return f(self);
        }
        self.store.begin()?;
        let out = match f(self) {
            Ok(v) => self.store.commit().map(|()| v),
            Err(e) => {
                self.store.rollback();
                Err(e)
            }
        };
        if out.is_ok() {
            self.index_changes();
        }
        out
    }

    /// Every stored value a read cannot use (dates past 9999 an older version
    /// stored, times that are no time); lists skip the rows holding them.
    pub fn damaged_rows(&self) -> Result<Vec<crate::store::DamagedRow>> {
        self.store.damaged_rows()
    }

    /// Fixes what [`ContactBook::damaged_rows`] finds where it can (see
    /// [`Store::repair_damaged_rows`]), in one transaction; the index follows.
    pub fn repair_damaged_rows(&mut self) -> Result<Vec<crate::store::Repair>> {
        let done = self.store.repair_damaged_rows()?;
        self.index_changes();
        Ok(done)
    }

    /// [`ContactBook::atomically`] without bringing the index up to date after
    /// the commit: for the first step of a bulk write, which stages the index
    /// itself and commits it once at its end (on a new book that sync was a
    /// commit of an empty index of its own).
    pub(crate) fn atomically_unsynced<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        if self.store.in_transaction() {
            return f(self);
        }
        self.store.begin()?;
        match f(self) {
            Ok(v) => self.store.commit().map(|()| v),
            Err(e) => {
                self.store.rollback();
                Err(e)
            }
        }
    }

    /// Brings the search index up to date with the store's outbox (see the
    /// consistency rule in [`crate::search`]). Inside
    /// [`ContactBook::atomically`] it waits for the commit (the index must
    /// never hold what might yet be rolled back). Every write method of the book
    /// calls this before it returns and [`ContactBook::search`] calls it
    /// first; other modules that write through [`ContactBook::store_mut`]
    /// (import) stage after each chunk and call it at the end.
    pub fn sync_search(&mut self) -> Result<()> {
        if self.store.in_transaction() {
            return Ok(());
        }
        self.sync_search_report().map(|_| ())
    }

    /// Hands the index what the store's outbox holds (rebuilding it when it is
    /// new or outdated) without committing: the start of a bulk write, which
    /// commits once when it ends ([`ContactBook::sync_search_after_bulk`]).
    pub fn stage_search(&mut self) -> Result<()> {
        if self.store.in_transaction() {
            return Ok(());
        }
        open_index(&mut self.search, self.data_dir.as_deref())?
            .stage(&self.store)
            .map(|_| ())
    }

    /// [`ContactBook::sync_search`] at the end of a bulk write: `new_sources` are
    /// what the store holds for the contacts its last step created (see
    /// [`SearchIndex::stage_concurrently`]), indexed without reading them back.
    pub fn sync_search_after_bulk(&mut self, new_sources: Vec<SearchSource>) -> Result<()> {
        open_index(&mut self.search, self.data_dir.as_deref())?
            .sync_with(&self.store, new_sources)
            .map(|_| ())
    }

    /// A bulk write step (an import chunk): runs `write` on the store while the
    /// changes committed before it are handed to the index's own threads on
    /// another thread, through `reader` (a second connection from
    /// [`Store::open_reader`]); without one (a store in memory) they are staged
    /// after `write`. Nothing is committed to the index: call
    /// [`ContactBook::sync_search`] when the bulk write ends. An index that
    /// fails here is dropped and rebuilt or replayed by that sync; the store
    /// write stands. `new_sources`: what the store holds for contacts the
    /// previous step created (see [`SearchIndex::stage_concurrently`]).
    pub fn write_while_staging<T>(
        &mut self,
        reader: Option<&mut Store>,
        new_sources: Vec<SearchSource>,
        write: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        // An index that cannot be opened does not stop the write; the next sync
        // opens (or replaces) it and replays the outbox.
        let Ok(index) = open_index(&mut self.search, self.data_dir.as_deref()) else {
            return write(&mut self.store);
        };
        let (out, staged) = match reader {
            None => {
                let out = write(&mut self.store);
                drop(new_sources); // in memory: read back, it costs nothing
                (out, index.stage(&self.store).map(|_| ()))
            }
            Some(reader) => {
                let store = &mut self.store;
                std::thread::scope(|s| {
                    let staging = s.spawn(move || index.stage_concurrently(reader, new_sources));
                    let out = write(store);
                    let staged = match staging.join() {
                        Ok(r) => r.map(|_| ()),
                        Err(_) => Err(Error::invalid("search", "indexing stopped")),
                    };
                    (out, staged)
                })
            }
        };
        if staged.is_err() {
            self.search = None;
        }
        out
    }

    fn sync_search_report(&mut self) -> Result<SyncReport> {
        open_index(&mut self.search, self.data_dir.as_deref())?.sync(&self.store)
    }

    /// After a committed store write: the write stands even when the index
    /// cannot follow (the change stays in the outbox; the next sync retries
    /// and [`ContactBook::search`] reports the error), so an index problem is
    /// never reported as a failed write.
    pub(crate) fn index_changes(&mut self) {
        if self.store.in_transaction() {
            return;
        }
        if self.sync_search().is_err() {
            // Reopen next time: a damaged index is then replaced and rebuilt.
            self.search = None;
        }
    }

    /// Lets go of the search index's writer and its threads (see
    /// [`SearchIndex::release_writer`]); the next write takes a new one.
    pub fn release_index_writer(&mut self) {
        if let Some(index) = self.search.as_mut() {
            index.release_writer();
        }
    }

    /// Finds contacts: the best `limit`, with where they matched (PRODUCT.md §4).
    pub fn search(&mut self, query: &str, limit: usize) -> Result<SearchResults> {
        let index = open_index(&mut self.search, self.data_dir.as_deref())?;
        index.sync(&self.store)?;
        index.search(&self.store, query, limit)
    }

    /// [`ContactBook::search`] for a book that only reads (a second connection
    /// beside the writer): the index as the last committed write left it, never
    /// waiting for the writer's lock.
    pub fn search_as_reader(&mut self, query: &str, limit: usize) -> Result<SearchResults> {
        let index = open_index(&mut self.search, self.data_dir.as_deref())?;
        index.refresh()?;
        index.search(&self.store, query, limit)
    }

    /// The search index, synced with the store (for tests and benchmarks).
    pub fn search_index(&mut self) -> Result<&SearchIndex> {
        let index = open_index(&mut self.search, self.data_dir.as_deref())?;
        index.sync(&self.store)?;
        Ok(index)
    }

    /// Rebuilds the search index from the store; `progress` gets (done, total).
    pub fn reindex(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<usize> {
        let _long = self.begin_long(LongOperation::Reindex)?;
        open_index(&mut self.search, self.data_dir.as_deref())?.rebuild(
            &self.store,
            progress,
            cancel,
        )
    }

    /// Whether the search index agrees with the store: it is synced first,
    /// and the number of changes it had not yet applied is reported.
    pub fn check_search(&mut self) -> Result<IndexHealth> {
        let applied = open_index(&mut self.search, self.data_dir.as_deref())?.applied_seq();
        let pending = match applied {
            Some(seq) => self.store.outbox_since(seq)?.0.len() as u64,
            None => self.store.count_contacts()?,
        };
        open_index(&mut self.search, self.data_dir.as_deref())?.sync(&self.store)?;
        open_index(&mut self.search, self.data_dir.as_deref())?.health(&self.store, pending)
    }

    /// Integrity of the store.
    pub fn check(&self) -> Result<StoreHealth> {
        self.store.health()
    }
}

/// `date` plus `n` days, with a clear error past the calendar's end.
pub fn add_days(date: NaiveDate, n: u32) -> Result<NaiveDate> {
    date.checked_add_days(Days::new(u64::from(n)))
        .filter(|d| crate::dates::YEARS.contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| Error::invalid("days", format!("{date} + {n} days is past 9999-12-31")))
}

/// The book's search index, opened on first use.
fn open_index<'a>(
    slot: &'a mut Option<SearchIndex>,
    data_dir: Option<&Path>,
) -> Result<&'a mut SearchIndex> {
    if slot.is_none() {
        let dir = data_dir.map(|d| d.join(INDEX_DIR));
        *slot = Some(SearchIndex::open(dir.as_deref())?);
    }
    slot.as_mut()
        .ok_or_else(|| Error::invalid("search", "the search index is not open"))
}

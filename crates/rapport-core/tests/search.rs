//! Search over a realistic mixed book (English, Chinese, accented names,
//! phones in several formats, notes in both languages): every rule of
//! PRODUCT.md §4, consistency with the store, and reconciliation after a
//! crash or an analyzer change.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{DateTime, Utc};
use rapport_core::contacts::{Email, Phone};
use rapport_core::search::document::SearchSource;
use rapport_core::search::{MatchRank, MatchedField, SearchHit, SearchIndex};
use rapport_core::store::Store;
use rapport_core::{ContactBook, ContactDraft, ContactId, InteractionDraft, InteractionKind};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-11-23T08:00:00Z")
}

fn phone(raw: &str) -> Phone {
    Phone {
        raw: raw.into(),
        e164: None,
        label: None,
    }
}

fn person(name: &str) -> ContactDraft {
    ContactDraft::named(name)
}

struct Fixture {
    book: ContactBook,
    ids: std::collections::HashMap<&'static str, ContactId>,
}

impl Fixture {
    fn id(&self, name: &str) -> ContactId {
        self.ids[name]
    }

    fn names(&mut self, q: &str) -> Vec<String> {
        self.hits(q).into_iter().map(|h| h.display_name).collect()
    }

    fn hits(&mut self, q: &str) -> Vec<SearchHit> {
        self.book.search(q, 50).unwrap().hits
    }

    fn finds(&mut self, q: &str, name: &str) -> bool {
        let id = self.id(name);
        self.hits(q).iter().any(|h| h.contact_id == id)
    }

    fn top(&mut self, q: &str) -> String {
        self.names(q).into_iter().next().unwrap_or_default()
    }

    fn log(&mut self, name: &str, when: &str, text: &str) {
        let id = self.id(name);
        self.book
            .log_interaction(
                InteractionDraft {
                    contact_id: id,
                    kind: InteractionKind::Call,
                    occurred_at: at(when),
                    direction: None,
                    text: text.into(),
                    outcome: None,
                },
                now(),
            )
            .unwrap();
    }
}

/// A store in a new data folder (kept while the returned guard lives), for the
/// tests that drive the index and the store directly.
fn store_in_a_new_folder() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let store = Store::open(&data.join("rapport.db")).unwrap();
    (dir, data, store)
}

fn fixture() -> Fixture {
    let mut book = ContactBook::open_in_memory().unwrap();
    book.set_default_region("CN").unwrap();
    let mut ids = std::collections::HashMap::new();
    let mut add = |key: &'static str, d: ContactDraft| {
        let c = book.add_contact(d, now()).unwrap();
        ids.insert(key, c.id);
    };
    add(
        "张伟明",
        ContactDraft {
            company: Some("腾讯科技".into()),
            phones: vec![phone("138 0013 8000")],
            emails: vec![Email {
                address: "weiming.zhang@example.cn".into(),
                label: None,
            }],
            tags: vec!["vip".into()],
            ..person("张伟明")
        },
    );
    add("李明伟", person("李明伟"));
    add("張偉", person("張偉"));
    for name in [
        "单伟",
        "單明",
        "曾明",
        "解静",
        "区华",
        "仇强",
        "朴海",
        "查文",
        "翟军",
        "尉迟恭",
    ] {
        add(name, person(name));
    }
    add(
        "José Martínez",
        ContactDraft {
            given_name: Some("José".into()),
            family_name: Some("Martínez".into()),
            company: Some("Acme Corp".into()),
            phones: vec![phone("+1 (415) 555-8123")],
            ..person("José Martínez")
        },
    );
    add(
        "John Smith",
        ContactDraft {
            title: Some("Sales Director".into()),
            emails: vec![Email {
                address: "john.smith@acme.example".into(),
                label: None,
            }],
            phones: vec![phone("+44 20 7946 0958")],
            ..person("John Smith")
        },
    );
    add("John", person("John"));
    add("Mary Johnson", person("Mary Johnson"));
    add(
        "Pat Lee",
        ContactDraft {
            company: Some("Johnson & Co".into()),
            ..person("Pat Lee")
        },
    );
    add("Kim Park", person("Kim Park"));
    add("Alex Chen A", person("Alex Chen"));
    add("Alex Chen B", person("Alex Chen"));
    add(
        "王芳",
        ContactDraft {
            phones: vec![phone("021 6234 5678")],
            custom_fields: vec![rapport_core::contacts::CustomField {
                key: "微信".into(),
                value: "wangfang_sh".into(),
            }],
            ..person("王芳")
        },
    );
    add("Ｆｕｌｌ Ｗｉｄｔｈ", person("Ｆｕｌｌ Ｗｉｄｔｈ"));
    let mut f = Fixture { book, ids };
    f.log(
        "Kim Park",
        "2026-10-01T09:00:00Z",
        "John mentioned the merger",
    );
    f.log(
        "José Martínez",
        "2026-11-02T09:00:00Z",
        "Discussed the renewal of the home policy",
    );
    f.log(
        "王芳",
        "2026-11-03T09:00:00Z",
        "伟大的明天，讨论了明年的保险方案",
    );
    f.log("Alex Chen A", "2026-01-01T09:00:00Z", "coffee");
    f.log("Alex Chen B", "2026-11-20T09:00:00Z", "lunch");
    f
}

#[test]
fn any_chinese_substring_of_a_name_matches() {
    let mut f = fixture();
    assert!(f.finds("伟", "张伟明"));
    assert!(f.finds("伟明", "张伟明"));
    assert!(f.finds("张伟明", "张伟明"));
    assert!(f.finds("明", "李明伟"));
}

#[test]
fn cjk_phrases_keep_order_and_adjacency() {
    let mut f = fixture();
    // 李明伟 has 明 and 伟 but not 伟明; 王芳's note has 伟…明 apart.
    assert!(!f.finds("伟明", "李明伟"));
    assert!(!f.finds("伟明", "王芳"));
    assert!(f.finds("明伟", "李明伟"));
    // A phrase across CJK characters in a note.
    assert!(f.finds("保险方案", "王芳"));
    assert!(!f.finds("方案保险", "王芳"));
}

#[test]
fn pinyin_full_spaced_partial_and_initials() {
    let mut f = fixture();
    for q in [
        "zwm",
        "zhangweiming",
        "zhang wei ming",
        "zhang wei m",
        "ZhangWeiMing",
    ] {
        assert_eq!(f.top(q), "张伟明", "{q}");
    }
    // `zhangwei` is exactly 張偉's name, and starts 张伟明's.
    assert_eq!(f.names("zhangwei")[..2], ["張偉", "张伟明"]);
    assert!(f.finds("zhang wei", "张伟明"));
    // Initials as typed: a prefix of the initials.
    assert!(f.finds("zw", "张伟明"));
    assert!(f.finds("weiming", "张伟明"));
}

#[test]
fn surname_readings_are_right() {
    let mut f = fixture();
    for (q, name) in [
        ("shanwei", "单伟"),
        ("shan wei", "单伟"),
        ("sw", "单伟"),
        ("shanming", "單明"),
        ("zengming", "曾明"),
        ("xiejing", "解静"),
        ("ouhua", "区华"),
        ("qiuqiang", "仇强"),
        ("piaohai", "朴海"),
        ("zhawen", "查文"),
        ("zhaijun", "翟军"),
        ("yuchigong", "尉迟恭"),
        ("ycg", "尉迟恭"),
    ] {
        assert_eq!(f.top(q), name, "{q}");
    }
    // The common readings of those characters do not find the surnames
    // (syllables short enough that no typo is allowed).
    assert!(!f.finds("dan wei ", "单伟"));
    assert!(!f.finds("jie jing ", "解静"));
    assert!(!f.finds("qu hua ", "区华"));
    assert!(!f.finds("cha wen ", "查文"));
}

#[test]
fn traditional_and_simplified_match_each_other() {
    let mut f = fixture();
    assert_eq!(f.top("張偉明"), "张伟明");
    assert!(f.finds("张伟", "張偉"));
    assert!(f.finds("張偉", "張偉"));
    assert!(f.finds("单", "單明"));
    assert!(f.finds("單", "单伟"));
}

#[test]
fn phone_digit_runs_match_whatever_the_punctuation() {
    let mut f = fixture();
    for q in [
        "8123",
        "555-8123",
        "5558123",
        "(415) 555",
        "415 555 8123",
        "+1 415 555 8123",
        "14155558123",
    ] {
        assert!(f.finds(q, "José Martínez"), "{q}");
    }
    for q in [
        "0013 8000",
        "13800138000",
        "+86 138-0013-8000",
        "8613800138000",
    ] {
        assert!(f.finds(q, "张伟明"), "{q}");
    }
    assert!(f.finds("7946 0958", "John Smith"));
    // The trunk prefix as typed is kept.
    assert!(f.finds("021 6234", "王芳"));
    assert!(f.finds("6234-5678", "王芳"));
    // A digit word beside other words is found inside a number too (not only as
    // one 4-digit gram of the index).
    for q in ["josé 5558123", "martínez 55581", "josé 8123"] {
        assert!(f.finds(q, "José Martínez"), "{q}");
    }
    assert!(f.finds("张伟明 13800138", "张伟明"));
    assert!(!f.finds("josé 5559123", "José Martínez"));
    // Three digits are not a phone fragment.
    assert!(!f.finds("812", "José Martínez"));
    let hit = f
        .hits("555-8123")
        .into_iter()
        .find(|h| h.display_name == "José Martínez")
        .unwrap();
    assert_eq!(hit.matches[0].field, MatchedField::Phone);
    let highlighted: String = hit.matches[0]
        .snippet
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(highlighted, "555-8123");
}

#[test]
fn typos_are_tolerated_by_word_length() {
    let mut f = fixture();
    assert!(
        f.finds("Jhon Smith", "John Smith"),
        "transposition counts as one"
    );
    assert!(f.finds("Smiht", "John Smith"));
    assert!(f.finds("Martinex", "José Martínez"));
    // 8+ characters allow two edits.
    assert!(f.finds("Martinnex ", "José Martínez"));
    // Under 4 characters, no typo allowed.
    assert!(!f.finds("Jhn ", "John Smith"));
    // 4–7 characters allow only one.
    assert!(!f.finds("Smxhx ", "John Smith"));
}

#[test]
fn case_accents_and_full_width_are_folded() {
    let mut f = fixture();
    for q in ["jose", "JOSÉ", "josé martínez", "Ｊｏｓｅ", "martinez"] {
        assert!(f.finds(q, "José Martínez"), "{q}");
    }
    assert!(f.finds("full width", "Ｆｕｌｌ Ｗｉｄｔｈ"));
    assert!(f.finds("ＶＩＰ", "张伟明"));
}

#[test]
fn prefix_matching_on_the_last_word_only() {
    let mut f = fixture();
    assert!(f.finds("Mart", "José Martínez"));
    assert!(f.finds("jose mart", "José Martínez"));
    // A finished word (followed by a space) is not a prefix.
    assert!(!f.finds("mart ", "José Martínez"));
}

#[test]
fn every_contact_field_and_history_is_searchable() {
    let mut f = fixture();
    assert!(f.finds("腾讯", "张伟明"));
    assert!(f.finds("acme", "José Martínez"));
    assert!(f.finds("director", "John Smith"));
    assert!(f.finds("weiming.zhang", "张伟明"));
    assert!(f.finds("vip", "张伟明"));
    assert!(f.finds("wangfang_sh", "王芳"));
    assert!(f.finds("renewal", "José Martínez"));
    assert!(f.finds("保险", "王芳"));
    let hit = f.hits("renewal policy").remove(0);
    assert_eq!(hit.rank, MatchRank::Note);
    let m = &hit.matches[0];
    assert_eq!(m.field, MatchedField::Interaction);
    assert_eq!(m.label.as_deref(), Some("call"));
    assert!(m.date.as_deref().unwrap().starts_with("2026-11-02"));
    let hits: Vec<&str> = m
        .snippet
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(hits, ["renewal", "policy"]);
}

#[test]
fn ranking_exact_name_then_prefix_then_name_then_fields_then_notes() {
    let mut f = fixture();
    let names = f.names("john");
    let pos = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert_eq!(pos("John"), 0, "{names:?}");
    assert!(pos("John") < pos("John Smith"));
    assert!(pos("John Smith") < pos("Mary Johnson"));
    assert!(pos("Mary Johnson") < pos("Pat Lee"));
    assert!(pos("Pat Lee") < pos("Kim Park"));
    let hits = f.hits("john");
    let rank = |n: &str| hits.iter().find(|h| h.display_name == n).unwrap().rank;
    assert_eq!(rank("John"), MatchRank::ExactName);
    assert_eq!(rank("John Smith"), MatchRank::NamePrefix);
    assert_eq!(rank("Mary Johnson"), MatchRank::Name);
    assert_eq!(rank("Pat Lee"), MatchRank::Field);
    assert_eq!(rank("Kim Park"), MatchRank::Note);
}

#[test]
fn recent_activity_breaks_ties() {
    let mut f = fixture();
    let hits = f.hits("alex chen");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].contact_id, f.id("Alex Chen B"));
    f.log("Alex Chen A", "2026-11-22T09:00:00Z", "dinner");
    let hits = f.hits("alex chen");
    assert_eq!(hits[0].contact_id, f.id("Alex Chen A"));
}

#[test]
fn search_follows_every_write() {
    let mut f = fixture();
    let smith = f.id("John Smith");
    // Update: the old name goes, the new one comes.
    let mut d = f.book.contact(smith).unwrap().draft;
    d.display_name = "Jonathan Smythe".into();
    d.emails.clear();
    f.book.update_contact(smith, d, now()).unwrap();
    assert!(f
        .book
        .search("smith ", 10)
        .unwrap()
        .hits
        .iter()
        .all(|h| h.contact_id != smith));
    assert_eq!(f.top("smythe"), "Jonathan Smythe");
    // A logged note is found; deleting it removes it.
    let i = f
        .book
        .log_interaction(
            InteractionDraft {
                contact_id: smith,
                kind: InteractionKind::Note,
                occurred_at: now(),
                direction: None,
                text: "quarterly zeppelin review".into(),
                outcome: None,
            },
            now(),
        )
        .unwrap();
    assert_eq!(f.top("zeppelin"), "Jonathan Smythe");
    f.book.delete_interaction(i.id).unwrap();
    assert!(f.names("zeppelin").is_empty());
    // Follow-ups.
    f.book
        .add_follow_up(
            rapport_core::FollowUpDraft {
                contact_id: smith,
                due_date: "2026-12-01".parse().unwrap(),
                due_time: None,
                text: "send the brochure".into(),
            },
            now(),
        )
        .unwrap();
    let hit = f.hits("brochure").remove(0);
    assert_eq!(hit.matches[0].field, MatchedField::FollowUp);
    // Delete and restore.
    f.book.delete_contact(smith, now()).unwrap();
    assert!(f.names("smythe").is_empty());
    f.book.restore_contact(smith, now()).unwrap();
    assert_eq!(f.top("smythe"), "Jonathan Smythe");
    // Archived contacts are found and say so.
    f.book.set_archived(smith, true, now()).unwrap();
    assert!(f.hits("smythe")[0].archived);
    // Merge: the merged-away contact disappears, its history follows.
    let kim = f.id("Kim Park");
    f.book.merge_contacts(kim, smith, now()).unwrap();
    assert!(f
        .book
        .search("kim park", 10)
        .unwrap()
        .hits
        .iter()
        .all(|h| h.contact_id != kim));
    assert!(f.finds("merger", "John Smith"));
}

#[test]
fn writes_through_the_store_are_seen_by_the_next_search() {
    let mut f = fixture();
    let draft = f.book.prepare_draft(person("Quentin Quill")).unwrap();
    f.book.store_mut().insert_contact(&draft, now()).unwrap();
    assert_eq!(f.top("quentin"), "Quentin Quill");
}

#[test]
fn empty_and_odd_queries_find_nothing_and_never_fail() {
    let mut f = fixture();
    for q in [
        "",
        "   ",
        "\"",
        "!!!",
        "\u{0}",
        "🙂",
        "*",
        "a\"b\"c\"",
        "((((",
        "-1",
    ] {
        let r = f.book.search(q, 10).unwrap();
        assert!(r.hits.len() <= 10, "{q}");
    }
    assert_eq!(f.book.search("", 10).unwrap().total, 0);
    assert_eq!(f.book.search("john", 0).unwrap().hits.len(), 0);
}

#[test]
fn an_index_behind_the_outbox_is_caught_up_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let mut book = ContactBook::open(&data).unwrap();
        book.add_contact(person("Ada Lovelace"), now()).unwrap();
        assert_eq!(book.search("ada", 5).unwrap().total, 1);
        // A write whose process dies before the index commits: only the outbox knows.
        let d = book.prepare_draft(person("Grace Hopper")).unwrap();
        book.store_mut().insert_contact(&d, now()).unwrap();
    }
    let mut book = ContactBook::open(&data).unwrap();
    let health = book.check_search().unwrap();
    assert_eq!(health.pending_before_sync, 1);
    assert!(health.is_ok(), "{health:?}");
    assert_eq!(health.documents, 2);
    assert_eq!(
        book.search("grace", 5).unwrap().hits[0].display_name,
        "Grace Hopper"
    );
}

#[test]
fn a_change_to_a_contact_another_process_indexed_replaces_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut other = ContactBook::open(&data).unwrap();
    other.add_contact(person("Ada Lovelace"), now()).unwrap(); // holds the index writer
    let mut book = ContactBook::open(&data).unwrap();
    // Opens this book's index (its reader) while the other process holds the writer.
    book.sync_search().unwrap();
    let grace = other.add_contact(person("Grace Hopper"), now()).unwrap().id;
    drop(other);
    // This book now takes the writer; Grace was indexed by the other one.
    let note = InteractionDraft {
        contact_id: grace,
        kind: InteractionKind::Call,
        occurred_at: now(),
        direction: None,
        text: "compilers".into(),
        outcome: None,
    };
    book.log_interaction(note, now()).unwrap();
    let health = book.check_search().unwrap();
    assert_eq!(health.documents, 2, "{health:?}");
    assert!(health.is_ok(), "{health:?}");
    assert_eq!(book.search("grace", 5).unwrap().total, 1);
}

#[test]
fn staged_changes_commit_with_the_next_sync_or_replay_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let mut book = ContactBook::open(&data).unwrap();
        book.add_contact(person("Ada Lovelace"), now()).unwrap();
        // Staged through a second connection while the next write goes on, as an
        // import does; `stage` stages what is committed and writes nothing.
        let mut reader = book.store().open_reader().unwrap().expect("a file store");
        let stage = |book: &mut ContactBook, reader: &mut Store| {
            book.write_while_staging(Some(reader), Vec::new(), |_| Ok(()))
                .unwrap()
        };
        let mut ids = Vec::new();
        for name in ["Grace Hopper", "Alan Turing"] {
            let d = book.prepare_draft(person(name)).unwrap();
            let id = book
                .write_while_staging(Some(&mut reader), Vec::new(), |s| {
                    s.insert_contact(&d, now())
                })
                .unwrap();
            ids.push(id);
            // Staged twice: the second stage must not add Grace again.
            stage(&mut book, &mut reader);
        }
        // Changed again before the commit: the staged document is replaced, not doubled.
        let d = book.prepare_draft(person("Grace Brewster Hopper")).unwrap();
        book.store_mut().replace_contact(ids[0], &d, now()).unwrap();
        stage(&mut book, &mut reader);
        // Staged, not committed: the store's outbox still holds both.
        let on_disk = ContactBook::open(&data).unwrap().check_search().unwrap();
        assert_eq!(on_disk.pending_before_sync, 2, "{on_disk:?}");
        assert_eq!(book.search("grace", 5).unwrap().total, 1);
        assert_eq!(book.search("brewster", 5).unwrap().total, 1);
        assert_eq!(book.search("alan", 5).unwrap().total, 1);
        let health = book.check_search().unwrap();
        assert_eq!(health.documents, 3, "{health:?}");
        assert!(health.is_ok(), "{health:?}");

        // The process dies with a change staged and not committed.
        let d = book.prepare_draft(person("Edsger Dijkstra")).unwrap();
        book.store_mut().insert_contact(&d, now()).unwrap();
        stage(&mut book, &mut reader);
    }
    let mut book = ContactBook::open(&data).unwrap();
    let health = book.check_search().unwrap();
    assert_eq!(health.pending_before_sync, 1, "{health:?}");
    assert!(health.is_ok(), "{health:?}");
    assert_eq!(health.documents, 4);
    assert_eq!(book.search("dijkstra", 5).unwrap().total, 1);
}

/// A write step while the index stages: an index that needs a rebuild is not
/// rebuilt through the read-only connection (deferred to the next sync), and
/// a book in memory stages after the write.
#[test]
fn staging_during_a_write_defers_a_rebuild_and_works_without_a_reader() {
    let (_dir, data, mut store) = store_in_a_new_folder();
    let draft = person("Grace Hopper").normalised().unwrap();
    store.insert_contact(&draft, now()).unwrap();
    let reader = store.open_reader().unwrap().expect("a file store");
    // A fresh index needs a rebuild: staging through the reader defers it
    // (and so does not fail trying to trim the outbox through it).
    let mut index = SearchIndex::open(Some(&data.join("index"))).unwrap();
    let report = index.stage_concurrently(&reader, Vec::new()).unwrap();
    assert!(report.deferred && !report.rebuilt, "{report:?}");
    // The next sync through the store does it.
    assert!(index.sync(&store).unwrap().rebuilt);
    // Then a change is staged through the reader, and committed by a sync.
    store
        .insert_contact(&person("Ada Lovelace").normalised().unwrap(), now())
        .unwrap();
    let report = index.stage_concurrently(&reader, Vec::new()).unwrap();
    assert_eq!((report.contacts, report.deferred), (1, false), "{report:?}");
    index.sync(&store).unwrap();
    assert!(index.health(&store, 0).unwrap().is_ok());

    let mut memory = ContactBook::open_in_memory().unwrap();
    let d = memory.prepare_draft(person("Ada Lovelace")).unwrap();
    memory
        .write_while_staging(None, Vec::new(), |s| s.insert_contact(&d, now()))
        .unwrap();
    assert_eq!(memory.search("ada", 5).unwrap().total, 1);
}

/// Sources handed to staging for new contacts are used instead of reading them
/// back, unless the contact was queued again (changed after it was created):
/// then the store's version is read.
#[test]
fn staging_uses_new_contacts_sources_only_when_queued_once() {
    let (_dir, data, mut store) = store_in_a_new_folder();
    let reader = store.open_reader().unwrap().expect("a file store");
    let mut index = SearchIndex::open(Some(&data.join("index"))).unwrap();
    index.sync(&store).unwrap();
    let once = store
        .insert_contact(&person("Ada Lovelace").normalised().unwrap(), now())
        .unwrap();
    let twice = store
        .insert_contact(&person("Grace Hopper").normalised().unwrap(), now())
        .unwrap();
    let mut edited = store.contact(twice).unwrap().unwrap().draft;
    edited.display_name = "Grace Brewster".into();
    store.replace_contact(twice, &edited, now()).unwrap();
    // Sources that differ from the store, to see which one the index took.
    let source = |id, name: &str| {
        let d = person(name).normalised().unwrap();
        SearchSource::of_new_contact(id, &d, Vec::new(), 0)
    };
    let given = vec![source(once, "Ada Byron"), source(twice, "Grace Murray")];
    let report = index.stage_concurrently(&reader, given).unwrap();
    assert_eq!(report.contacts, 2, "{report:?}");
    index.sync(&store).unwrap();
    let total = |q: &str| index.search(&store, q, 5).unwrap().total;
    assert_eq!(
        total("byron"),
        1,
        "queued once: the given source is indexed"
    );
    assert_eq!(total("murray"), 0, "queued twice: read back instead");
    assert_eq!(total("brewster"), 1);
}

#[test]
fn an_analyzer_version_change_or_a_damaged_index_triggers_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let index_dir = data.join("index");
    {
        let mut book = ContactBook::open(&data).unwrap();
        book.add_contact(person("张伟明"), now()).unwrap();
        book.add_contact(person("Ada Lovelace"), now()).unwrap();
        book.sync_search().unwrap();
    }
    // Pretend the index was written by another analyzer version.
    let meta = index_dir.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let marker = format!(
        "\\\"analyzer_version\\\":{}",
        rapport_core::search::ANALYZER_VERSION
    );
    assert!(text.contains(&marker), "{text}");
    std::fs::write(&meta, text.replace(&marker, "\\\"analyzer_version\\\":0")).unwrap();
    {
        let store = rapport_core::store::Store::open(&data.join("rapport.db")).unwrap();
        let mut index = SearchIndex::open(Some(&index_dir)).unwrap();
        assert_eq!(index.applied_seq(), None);
        let report = index.sync(&store).unwrap();
        assert!(report.rebuilt);
        assert_eq!(report.contacts, 2);
        // Caught up: the next sync has nothing to do.
        assert_eq!(index.sync(&store).unwrap().contacts, 0);
    }
    // A damaged index is replaced and rebuilt.
    std::fs::write(&meta, b"{ not json").unwrap();
    let mut book = ContactBook::open(&data).unwrap();
    assert_eq!(
        book.search("zwm", 5).unwrap().hits[0].display_name,
        "张伟明"
    );
    assert!(book.check_search().unwrap().is_ok());
    // So is a missing one.
    drop(book);
    std::fs::remove_dir_all(&index_dir).unwrap();
    let mut book = ContactBook::open(&data).unwrap();
    assert_eq!(book.search("ada", 5).unwrap().total, 1);
}

#[test]
fn reindex_rebuilds_with_progress_and_can_be_cancelled() {
    let mut f = fixture();
    let total = f.book.store().count_contacts().unwrap() as usize;
    let mut seen = Vec::new();
    let n = f
        .book
        .reindex(&mut |done, all| seen.push((done, all)), &Default::default())
        .unwrap();
    assert_eq!(n, total);
    assert_eq!(seen.last(), Some(&(total, total)));
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let err = f.book.reindex(&mut |_, _| {}, &cancel).unwrap_err();
    assert_eq!(err.code(), "cancelled");
    // The index is as it was.
    assert_eq!(f.top("zwm"), "张伟明");
    assert!(f.book.check_search().unwrap().is_ok());
}

mod agrees_with_the_store {
    use super::*;
    use proptest::prelude::*;
    use rapport_core::search::{highlight, query};

    const NAMES: &[&str] = &[
        "张伟明",
        "李明伟",
        "單明",
        "José Martínez",
        "John Smith",
        "Mary Johnson",
        "尉迟恭",
        "Ｆｕｌｌ Ｗｉｄｔｈ",
    ];
    const PHONES: &[&str] = &["+1 (415) 555-8123", "138 0013 8000", "021 6234 5678"];
    const NOTES: &[&str] = &[
        "Discussed the renewal",
        "讨论了明年的保险方案",
        "zeppelin review",
        "merger 并购 john",
    ];
    const QUERIES: &[&str] = &[
        "伟明",
        "伟",
        "zwm",
        "zhangwei",
        "shan",
        "john",
        "jhon",
        "smith ",
        "保险",
        "方案保险",
        "8123",
        "0013 8000",
        "renewal",
        "martinez",
        "full w",
        "yuchi",
        "zeppelin",
        "並購",
    ];

    #[derive(Debug, Clone)]
    enum Op {
        Add { name: usize, phone: Option<usize> },
        Update { who: usize, name: usize },
        Delete { who: usize },
        Log { who: usize, note: usize },
        DeleteLog { which: usize },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0..NAMES.len(), proptest::option::of(0..PHONES.len()))
                .prop_map(|(name, phone)| Op::Add { name, phone }),
            1 => (0..8usize, 0..NAMES.len()).prop_map(|(who, name)| Op::Update { who, name }),
            1 => (0..8usize).prop_map(|who| Op::Delete { who }),
            2 => (0..8usize, 0..NOTES.len()).prop_map(|(who, note)| Op::Log { who, note }),
            1 => (0..8usize).prop_map(|which| Op::DeleteLog { which }),
        ]
    }

    fn apply(book: &mut ContactBook, op: &Op, logs: &mut Vec<rapport_core::InteractionId>) {
        let ids: Vec<ContactId> = book
            .store()
            .live_contact_ids_after(ContactId(0), 1000)
            .unwrap();
        let pick = |i: usize| (!ids.is_empty()).then(|| ids[i % ids.len()]);
        match op {
            Op::Add { name, phone: p } => {
                let d = ContactDraft {
                    phones: p.map(|p| vec![phone(PHONES[p])]).unwrap_or_default(),
                    ..person(NAMES[*name])
                };
                book.add_contact(d, now()).unwrap();
            }
            Op::Update { who, name } => {
                if let Some(id) = pick(*who) {
                    let mut d = book.contact(id).unwrap().draft;
                    d.display_name = NAMES[*name].into();
                    book.update_contact(id, d, now()).unwrap();
                }
            }
            Op::Delete { who } => {
                if let Some(id) = pick(*who) {
                    book.delete_contact(id, now()).unwrap();
                }
            }
            Op::Log { who, note } => {
                if let Some(id) = pick(*who) {
                    let i = book
                        .log_interaction(
                            InteractionDraft {
                                contact_id: id,
                                kind: InteractionKind::Note,
                                occurred_at: now(),
                                direction: None,
                                text: NOTES[*note].into(),
                                outcome: None,
                            },
                            now(),
                        )
                        .unwrap();
                    logs.push(i.id);
                }
            }
            Op::DeleteLog { which } => {
                if !logs.is_empty() {
                    let id = logs.remove(which % logs.len());
                    // Its contact may be deleted by now; the interaction is then gone too or stays hidden.
                    let _ = book.delete_interaction(id);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn search_results_match_an_exact_scan(ops in proptest::collection::vec(op(), 1..24)) {
            let mut book = ContactBook::open_in_memory().unwrap();
            book.set_default_region("CN").unwrap();
            let mut logs = Vec::new();
            for op in &ops {
                apply(&mut book, op, &mut logs);
            }
            let live = book.store().live_contact_ids_after(ContactId(0), 1000).unwrap();
            let sources = book.store().search_sources(&live).unwrap();
            let index = book.search_index().unwrap();
            for q in QUERIES {
                let parsed = query::parse(q);
                let mut expected: Vec<ContactId> = sources
                    .iter()
                    .filter(|s| highlight::matches(&parsed, s))
                    .map(|s| s.id)
                    .collect();
                expected.sort();
                let found = index.matching_ids(q).unwrap();
                prop_assert_eq!(&found, &expected, "query {:?} after {:?}", q, ops);
            }
            let health = book.check_search().unwrap();
            prop_assert!(health.is_ok(), "{:?}", health);
        }
    }
}

/// On generated data (English and Chinese names, emails, phones, bilingual
/// notes), the index finds exactly what an exact scan with the same rules finds.
#[cfg(feature = "datagen")]
#[test]
fn a_generated_book_agrees_with_an_exact_scan() {
    use rapport_core::search::{highlight, query};
    let mut book = ContactBook::open_in_memory().unwrap();
    rapport_core::datagen::populate(book.store_mut(), 42, 600, 3, now()).unwrap();
    let ids = book
        .store()
        .live_contact_ids_after(ContactId(0), 10_000)
        .unwrap();
    let sources = book.store().search_sources(&ids).unwrap();
    let index = book.search_index().unwrap();
    for q in [
        "jenn",
        "mich",
        "jhonson ",
        "wang",
        "zh",
        "伟",
        "伟明",
        "138",
        "1380",
        "13800",
        "+86 138",
        "8613",
        "415 555",
        "555-0",
        "0100",
        "1415555",
        "proposal",
        "报价",
        "follow up",
        "\"follow up\"",
        "vip",
        "acme",
        "jennifer smith",
    ] {
        let p = query::parse(q);
        let truth: Vec<ContactId> = sources
            .iter()
            .filter(|s| highlight::matches(&p, s))
            .map(|s| s.id)
            .collect();
        assert_eq!(index.matching_ids(q).unwrap(), truth, "{q}");
    }
}

/// An import chunk is written even when the index cannot be opened (here its
/// folder's name is taken by a file); the index follows once it can be.
#[test]
fn a_write_goes_on_when_the_index_cannot_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut book = ContactBook::open(&data).unwrap();
    std::fs::write(data.join("index"), b"not a folder").unwrap();
    let mut reader = book.store().open_reader().unwrap().expect("a file store");
    let d = book.prepare_draft(person("Grace Hopper")).unwrap();
    let id = book
        .write_while_staging(Some(&mut reader), Vec::new(), |s| {
            s.insert_contact(&d, now())
        })
        .unwrap();
    assert_eq!(book.contact(id).unwrap().draft.display_name, "Grace Hopper");
    // The file where the index's folder should be was moved aside and the index made again.
    assert_eq!(book.search("grace", 5).unwrap().total, 1);
    assert!(book.search_index_healed());
    assert!(data.join("index").is_dir());
    assert_eq!(
        std::fs::read(data.join("index.damaged")).unwrap(),
        b"not a folder"
    );
}

/// Regression: letting go of the writer (a long job does, to start the index's threads at
/// its own priority) with changes staged and not committed dropped them, and the next
/// sync committed as if they were indexed: a cancelled import's contacts went unfound.
#[test]
fn changes_staged_when_the_writer_is_released_are_indexed_by_the_next_sync() {
    let (_dir, data, mut store) = store_in_a_new_folder();
    let mut index = SearchIndex::open(Some(&data.join("index"))).unwrap();
    index.sync(&store).unwrap();
    store
        .insert_contact(&person("Ada Lovelace").normalised().unwrap(), now())
        .unwrap();
    index.stage(&store).unwrap();
    index.release_writer();
    index.sync(&store).unwrap();
    assert_eq!(index.search(&store, "lovelace", 5).unwrap().total, 1);
    assert!(index.health(&store, 0).unwrap().is_ok());
}

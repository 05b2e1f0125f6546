//! Opening a 100k-contact database and reading a page of the contact list,
//! next to plain SQLite doing the same reads.

mod support;

use chrono::Utc;
use rapport_core::{ContactBook, ContactQuery, ContactSort};
use support::{data_dir, measure, quick, row};

fn main() {
    let n = if quick() { 20_000 } else { 100_000 };
    let dir = data_dir().join(format!("store-{n}"));
    if !dir.join("rapport.db").exists() {
        let mut book = ContactBook::open(&dir).expect("open");
        rapport_core::datagen::populate(book.store_mut(), 42, n, 10, Utc::now()).expect("populate");
        book.sync_search().expect("index");
    }
    let db = dir.join("rapport.db");
    let reps = if quick() { 5 } else { 15 };
    let open = measure(reps, || ContactBook::open(&dir).expect("open"));
    let peer = measure(reps, || {
        let c = rusqlite::Connection::open(&db).expect("sqlite open");
        c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect("schema")
    });
    row(
        "store",
        &format!("open database ({n} contacts)"),
        open,
        Some(("SQLite open + read schema", peer)),
    );

    let book = ContactBook::open(&dir).expect("open");
    let q = ContactQuery {
        sort: ContactSort::LastContacted,
        limit: Some(100),
        ..Default::default()
    };
    let page = measure(reps * 4, || book.list_contacts(&q).expect("list"));
    let c = rusqlite::Connection::open(&db).expect("sqlite open");
    let peer = measure(reps * 4, || {
        let mut s = c
            .prepare_cached(
                "SELECT id, display_name, company FROM contacts WHERE deleted_at IS NULL
                 ORDER BY last_contacted_at DESC LIMIT 100",
            )
            .expect("prepare");
        s.query_map([], |r| r.get::<_, i64>(0))
            .expect("query")
            .count()
    });
    row(
        "store",
        "contact list, first page of 100 by last contacted",
        page,
        Some(("bare SQL, 3 columns", peer)),
    );
}

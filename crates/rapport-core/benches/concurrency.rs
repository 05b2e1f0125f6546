//! Reads while a long write runs: search and the today list, answered through the
//! command surface (`api::call`, as the app and `rapport serve` call it) while a
//! 100k-row import runs in the same session, beside the same reads on an idle
//! session (the peer). Target: each under 100 ms during the import.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport_core::api::{self, Env, Session};
use serde_json::{json, Value};
use support::{data_dir, measure, quick, row, Stats};

fn env() -> Env {
    Env {
        now: chrono::Utc::now(),
        system_zone: chrono_tz::Tz::UTC,
        locale: "en_US.UTF-8".into(),
        desktop: None,
    }
}

fn call(s: &Session, name: &str, request: Value) -> Value {
    api::call(s, &env(), name, request).expect("command")
}

fn main() {
    let rows = if quick() { 20_000 } else { 100_000 };
    let base = if quick() { 5_000 } else { 20_000 };
    let root = data_dir();
    let csv = root.join(format!("concurrency-{rows}.csv"));
    if !csv.exists() {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&csv).expect("csv"));
        rapport_core::datagen_csv::write_contacts_csv(
            9,
            rows,
            rapport_core::datagen_csv::CsvLayout::Google,
            &mut out,
        )
        .expect("write csv");
    }
    let dir = tempfile::tempdir_in(&root).expect("tempdir");
    {
        let mut book = rapport_core::ContactBook::open(dir.path()).expect("open");
        rapport_core::datagen::populate_book(&mut book, 3, base, 5, chrono::Utc::now())
            .expect("populate");
    }
    let s = Arc::new(Session::open(dir.path(), None).expect("session"));
    let reps = if quick() { 10 } else { 30 };
    let search = || call(&s, "search", json!({ "query": "zhang wei" }));
    let today = || call(&s, "today_list", json!({}));
    let idle_search = measure(reps, search);
    let idle_today = measure(reps, today);

    let importer = {
        let s = s.clone();
        let path = csv.to_str().expect("path").to_string();
        std::thread::spawn(move || api::call(&s, &env(), "import_run", json!({ "path": path })))
    };
    let (mut during_search, mut during_today) = (Vec::new(), Vec::new());
    while s.job_status().is_none() && !importer.is_finished() {
        std::thread::sleep(Duration::from_millis(2));
    }
    while s.job_status().is_some() {
        let t = Instant::now();
        search();
        during_search.push(t.elapsed());
        let t = Instant::now();
        today();
        during_today.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(50));
    }
    importer.join().expect("import thread").expect("import");
    // The book is 5× larger now: the same reads on it, idle, tell the cost of the size
    // from the cost of the import running beside them.
    let after_search = measure(reps, search);
    let after_today = measure(reps, today);
    if during_search.is_empty() {
        eprintln!("the import ended before a read could be made");
        return;
    }
    let n = during_search.len();
    let worst = |v: &[Duration]| v.iter().max().copied().unwrap_or_default();
    eprintln!(
        "during the import: {n} searches (worst {:?}), today lists (worst {:?}); \
         after it, on the grown book, idle: search {:?}, today list {:?} (medians)",
        worst(&during_search),
        worst(&during_today),
        after_search.median,
        after_today.median,
    );
    row(
        "concurrency",
        &format!("search during a {rows}-row import ({n} samples)"),
        Stats::of(during_search),
        Some(("the same search, no import running", idle_search)),
    );
    row(
        "concurrency",
        &format!("today list during a {rows}-row import ({n} samples)"),
        Stats::of(during_today),
        Some(("the same list, no import running", idle_today)),
    );
}

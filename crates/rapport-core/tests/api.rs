//! The command surface as the shells use it: JSON in, JSON out, through
//! `api::call`, on a real data folder.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport_core::api::{self, Env, Session};
use serde_json::{json, Value};

fn env() -> Env {
    Env {
        now: "2026-03-10T09:00:00Z".parse().unwrap(),
        system_zone: chrono_tz::Tz::UTC,
        locale: "en_US.UTF-8".into(),
        desktop: None,
    }
}

fn call(s: &Session, name: &str, request: Value) -> Value {
    api::call(s, &env(), name, request).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn add(s: &Session, name: &str, email: &str) -> i64 {
    let draft = json!({ "display_name": name, "emails": [{ "address": email }] });
    call(s, "add_contact", json!({ "draft": draft }))["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn the_apps_google_csv_export_leaves_out_an_opted_out_email() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::open(dir.path(), None).unwrap();
    let ada = add(&s, "Ada Lovelace", "ada@example.com");
    let bob = add(&s, "Bob Byte", "bob@example.com");
    call(
        &s,
        "set_opt_out",
        json!({ "id": ada, "channel": "email", "opted_out": true }),
    );
    let out = dir.path().join("google.csv");
    let r = call(
        &s,
        "export_contacts",
        json!({ "format": "google_csv", "path": out.to_str().unwrap() }),
    );
    assert_eq!(r["count"], 2, "both contacts are exported");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Ada Lovelace"), "{text}");
    assert!(
        !text.contains("ada@example.com"),
        "opted-out email kept:\n{text}"
    );
    assert!(text.contains("bob@example.com"), "{text}");
    // Rapport's own CSV keeps everything: it imports back as it was.
    let own = dir.path().join("own.csv");
    call(
        &s,
        "export_contacts",
        json!({ "format": "csv", "path": own.to_str().unwrap() }),
    );
    assert!(std::fs::read_to_string(&own)
        .unwrap()
        .contains("ada@example.com"));
    let _ = bob;
}

#[test]
fn errors_carry_stable_codes() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::open(dir.path(), None).unwrap();
    let e = api::call(&s, &env(), "no_such_thing", Value::Null).unwrap_err();
    assert_eq!(e.code, "unknown_command");
    let e = api::call(&s, &env(), "get_contact", json!({ "id": "seven" })).unwrap_err();
    assert_eq!(e.code, "bad_request");
    assert!(e.message.starts_with("get_contact:"), "{}", e.message);
    let e = api::call(&s, &env(), "get_contact", json!({ "id": 7 })).unwrap_err();
    assert_eq!(e.code, "contact_not_found");
    let e = api::call(
        &s,
        &env(),
        "change_setting",
        json!({ "change": { "key": "time_zone", "value": "Mars/Base" } }),
    )
    .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    assert!(e.message.contains("Mars/Base"));
}

#[test]
fn settings_and_the_zone_rule_live_in_the_core() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::open(dir.path(), None).unwrap();
    let shanghai = Env {
        system_zone: "Asia/Shanghai".parse().unwrap(),
        locale: "zh_CN.UTF-8".into(),
        // 20:30 UTC is already the 11th in Shanghai.
        now: "2026-03-10T20:30:00Z".parse().unwrap(),
        desktop: None,
    };
    let got = api::call(&s, &shanghai, "get_settings", Value::Null).unwrap();
    assert_eq!(got["time_zone"], "Asia/Shanghai");
    assert_eq!(got["language"], "zh-CN");
    let today = api::call(&s, &shanghai, "today_list", json!({})).unwrap();
    assert_eq!(today["date"], "2026-03-11");
    let changed = api::call(
        &s,
        &shanghai,
        "change_setting",
        json!({ "change": { "key": "time_zone", "value": "Europe/Berlin" } }),
    )
    .unwrap();
    assert_eq!(changed["time_zone"], "Europe/Berlin");
    assert_eq!(changed["time_zone_chosen"], true);
    let today = api::call(&s, &shanghai, "today_list", json!({})).unwrap();
    assert_eq!(today["date"], "2026-03-10");
}

#[test]
fn deals_and_cases_reach_the_contact() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::open(dir.path(), None).unwrap();
    let ada = add(&s, "Ada Lovelace", "ada@example.com");
    let deal = call(
        &s,
        "add_deal",
        json!({ "contact_id": ada, "amount": "1,234.50", "currency": "usd", "status": "open" }),
    );
    assert_eq!(deal["amount_minor"], 123450);
    assert_eq!(deal["currency"], "USD");
    let won = call(
        &s,
        "close_deal",
        json!({ "id": deal["id"], "status": "won" }),
    );
    assert_eq!(won["status"], "won");
    let case = call(
        &s,
        "open_case",
        json!({ "contact_id": ada, "text": "late delivery", "severity": "high" }),
    );
    let open = call(&s, "list_cases", json!({}));
    assert_eq!(open.as_array().unwrap().len(), 1);
    let today = call(&s, "today_list", json!({}));
    assert_eq!(today["open_cases"][0]["case_id"], case["id"]);
    call(
        &s,
        "close_case",
        json!({ "id": case["id"], "resolution": "refunded the shipping" }),
    );
    assert_eq!(call(&s, "list_cases", json!({})), json!([]));
    let mine = call(&s, "list_cases", json!({ "contact_id": ada }));
    assert_eq!(mine[0]["resolution"], "refunded the shipping");
}

#[test]
fn backup_and_restore_through_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::open(dir.path(), None).unwrap();
    add(&s, "Ada Lovelace", "ada@example.com");
    let backup = call(&s, "backup", json!({}));
    add(&s, "Bob Byte", "bob@example.com");
    assert_eq!(call(&s, "count_contacts", json!({ "query": {} })), 2);
    let r = call(&s, "restore", json!({ "file": backup["path"] }));
    assert_eq!(r["contacts"], 1);
    // Both connections see the restored data, and the index agrees.
    assert_eq!(call(&s, "count_contacts", json!({ "query": {} })), 1);
    assert_eq!(call(&s, "search", json!({ "query": "bob" })), json!([]));
    assert_eq!(call(&s, "check", json!({}))["status"], "ok");
}

/// Reads answer while an import writes: they are served by the read connection
/// while the import still holds the writer.
#[test]
fn reads_answer_while_an_import_runs_and_writes_say_busy() {
    let dir = tempfile::tempdir().unwrap();
    let s = Arc::new(Session::open(dir.path(), None).unwrap());
    add(&s, "Ada Lovelace", "ada@example.com");
    let file = dir.path().join("big.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    rapport_core::datagen_csv::write_contacts_csv(
        7,
        60_000,
        rapport_core::datagen_csv::CsvLayout::Google,
        &mut out,
    )
    .unwrap();
    drop(out);
    let importer = {
        let s = s.clone();
        let path = file.to_str().unwrap().to_string();
        std::thread::spawn(move || api::call(&s, &env(), "import_run", json!({ "path": path })))
    };
    // Wait until the import has written rows.
    let started = Instant::now();
    loop {
        let status = call(&s, "job_status", Value::Null);
        if status["progress"]["counts"]["created"]
            .as_u64()
            .unwrap_or(0)
            > 0
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the import never reported progress: {status}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let hits = call(&s, "search", json!({ "query": "ada" }));
    assert_eq!(hits[0]["display_name"], "Ada Lovelace");
    let today = call(&s, "today_list", json!({}));
    assert!(today["date"].is_string());
    let count = call(&s, "count_contacts", json!({ "query": {} }));
    let e = api::call(
        &s,
        &env(),
        "add_contact",
        json!({ "draft": { "display_name": "X" } }),
    );
    let still_running = call(&s, "job_status", Value::Null);
    assert!(
        !still_running.is_null(),
        "the import ended before the reads: make the file larger"
    );
    assert!(count.as_u64().unwrap() >= 1);
    let e = e.unwrap_err();
    assert_eq!(e.code, "busy", "{e}");
    assert!(e.message.contains("an import is running"), "{}", e.message);
    let report = importer.join().unwrap().unwrap();
    let created = report["counts"]["created"].as_u64().unwrap();
    assert!(created > 59_000, "{report}");
    assert!(call(&s, "job_status", Value::Null).is_null());
    assert_eq!(
        call(&s, "count_contacts", json!({ "query": {} })),
        created + 1
    );
}

/// Regression: the capture box's undo undid the latest capture, whichever box it was in, so
/// after two captures the first one's undo removed the second. It now names what it undoes.
#[test]
fn a_capture_undo_removes_the_capture_it_names_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::open(dir.path(), None).unwrap();
    let ada = add(&s, "Ada Lovelace", "ada@example.com");
    let first = call(
        &s,
        "capture",
        json!({ "text": "called Ada about the engine", "contact_id": null }),
    );
    let second = call(
        &s,
        "capture",
        json!({ "text": "emailed Ada the notes", "contact_id": null }),
    );
    let texts = |s: &Session| -> Vec<String> {
        call(s, "interactions_of", json!({ "contact_id": ada }))
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["text"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(texts(&s).len(), 2, "{:?}", texts(&s));
    let undone = call(&s, "capture_undo", json!({ "undo": first["undo"] }));
    assert_eq!(undone, first["undo"]);
    let left = texts(&s);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        left[0].contains("notes"),
        "the second capture stays: {left:?}"
    );
    // Undoing it again is an error, and the other capture is still there.
    assert!(api::call(&s, &env(), "capture_undo", json!({ "undo": first["undo"] })).is_err());
    // With no capture named, the latest not yet undone goes.
    assert_eq!(call(&s, "capture_undo", json!({})), second["undo"]);
    assert!(texts(&s).is_empty());
}

// ---- the app (or `rapport serve`) and another process on one data folder, the real `sqlite3` as the other ----

/// `sqlite3` on the data folder's database, as another process: its output.
fn sqlite3(db: &std::path::Path, sql: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the sqlite3 command (Debian package sqlite3) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Regression: opening the session's second book (its reader) opened and closed the
/// database file outside SQLite, which dropped every POSIX lock the process held on it.
/// The next process to close the database then took itself for the last one, checkpointed
/// and deleted the WAL under the running app, whose later writes went into a deleted file:
/// another process never saw them and they were lost at exit (a contact the app imported
/// and a contact the CLI added got the same id).
#[test]
fn another_process_closing_the_database_never_takes_the_apps_wal() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::open(dir.path(), None).unwrap();
    let add = |name: &str| {
        api::call(
            &s,
            &env(),
            "add_contact",
            json!({ "draft": { "display_name": name } }),
        )
        .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let db = dir.path().join("rapport.db");
    let ada = add("Ada Lovelace");
    // Another process reads and exits (as `rapport contact list` would).
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM contacts"), "1");
    assert!(
        dir.path().join("rapport.db-wal").exists(),
        "the WAL of the open session is still there"
    );
    // What the session writes next reaches the file the other processes read.
    let grace = add("Grace Hopper");
    assert_ne!(ada, grace);
    assert_eq!(
        sqlite3(
            &db,
            "SELECT group_concat(display_name, ', ') FROM contacts ORDER BY id"
        ),
        "Ada Lovelace, Grace Hopper"
    );
    // And another process's write is seen by the session, with its own id.
    sqlite3(
        &db,
        "INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Alan Turing', '2026-03-10T09:00:00Z', '2026-03-10T09:00:00Z')",
    );
    let count = api::call(
        &s,
        &env(),
        "count_contacts",
        json!({ "query": { "tag": null, "stage": null, "tier": null, "never_contacted": false,
                 "include_archived": true, "sort": "name", "limit": null, "offset": 0 },
                "overdue": false }),
    )
    .unwrap();
    assert_eq!(count, json!(3));
}

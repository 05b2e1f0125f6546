//! The app (or `rapport serve`) and another process on one data folder at once, with the
//! real `sqlite3` as the other process.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::Path;
use std::process::Command;

use rapport_core::api::{self, Env, Session};
use serde_json::json;

fn env() -> Env {
    Env {
        now: "2026-03-10T09:00:00Z".parse().unwrap(),
        system_zone: chrono_tz::Tz::UTC,
        locale: "en_US.UTF-8".into(),
        desktop: None,
    }
}

/// `sqlite3` on the data folder's database, as another process: its output.
fn sqlite3(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3")
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

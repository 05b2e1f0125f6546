//! Reliability classes of docs/RELIABILITY.md, each driven through the real
//! binary: long operations exclude each other across processes, concurrent
//! short writes lose nothing, repeated commands are idempotent, values that
//! would brick the book are refused, and the user's files are private.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{json, rapport, spawn};
use serde_json::Value;

/// The error JSON of a command that must fail.
fn failure(out: &Output) -> Value {
    assert!(
        !out.status.success(),
        "expected a failure, got: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|_| {
        panic!(
            "stderr is no JSON: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["error"].clone()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes a generated CSV of `rows` contacts to `file`.
fn generated_csv(scratch: &Path, file: &Path, rows: u64) {
    json(&rapport(
        scratch,
        &[
            "--json",
            "generate",
            "--contacts",
            &rows.to_string(),
            "--csv",
            file.to_str().unwrap(),
        ],
    ));
}

/// Starts an import of `file` and waits until its batch is `running` with
/// rows written; returns the child, still importing.
#[allow(clippy::zombie_processes)] // the caller waits for it (or kills it)
fn import_in_progress(data: &Path, file: &Path) -> Child {
    let child = spawn(
        data,
        &["import", file.to_str().unwrap(), "--chunk-rows", "500"],
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let batches = json(&rapport(data, &["--json", "imports"]));
        let running = batches
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["status"] == "running" && b["rows_done"].as_u64().unwrap_or(0) > 0);
        if running {
            return child;
        }
        assert!(Instant::now() < deadline, "the import never got going");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_ok(mut child: Child) {
    assert!(child.wait().unwrap().success(), "the import failed");
}

fn contacts(data: &Path) -> u64 {
    json(&rapport(data, &["--json", "check"]))["contacts"]
        .as_u64()
        .unwrap()
}

const BIG: u64 = 40_000;

#[test]
fn restore_undo_merge_reindex_and_import_are_refused_while_an_import_runs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("big.csv");
    generated_csv(&dir.path().join("scratch"), &file, BIG);
    json(&rapport(
        &data,
        &["contact", "add", "--name", "A", "--json"],
    ));
    json(&rapport(
        &data,
        &["contact", "add", "--name", "B", "--json"],
    ));
    let backup = dir.path().join("two.db");
    json(&rapport(
        &data,
        &["--json", "backup", "--out", backup.to_str().unwrap()],
    ));

    let child = import_in_progress(&data, &file);
    let backup_s = backup.to_str().unwrap();
    let attempts: [&[&str]; 4] = [
        &["--json", "restore", backup_s, "--yes"],
        &["--json", "undo-import", "1", "--yes"],
        &["--json", "contact", "merge", "1", "2", "--yes"],
        &["--json", "reindex"],
    ];
    for args in attempts {
        let e = failure(&rapport(&data, args));
        assert_eq!(e["code"], "busy", "{args:?}: {e}");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("busy: an import is running"),
            "{args:?}: {e}"
        );
    }
    let e = failure(&rapport(
        &data,
        &["--json", "import", file.to_str().unwrap()],
    ));
    assert_eq!(e["code"], "import_running", "{e}");
    wait_ok(child);
    // Nothing interleaved: every row of the file was read, and what it
    // created is there beside both contacts.
    let batches = json(&rapport(&data, &["--json", "imports"]));
    assert_eq!(batches[0]["status"], "complete");
    assert_eq!(batches[0]["rows_done"], BIG);
    assert_eq!(contacts(&data), batches[0]["created"].as_u64().unwrap() + 2);
}

#[test]
fn an_import_is_refused_while_a_restore_or_an_undo_runs() {
    // The other order of the pairs: a long operation holds the book, and an
    // import started meanwhile waits for nobody and changes nothing.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("some.csv");
    generated_csv(&dir.path().join("scratch"), &file, 3_000);
    json(&rapport(
        &data,
        &["--json", "import", file.to_str().unwrap()],
    ));
    // An undo of 3,000 rows takes long enough to start an import under it.
    let mut undo = spawn(&data, &["undo-import", "1", "--yes"]);
    std::thread::sleep(Duration::from_millis(150));
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "Name,Email\nZed,zed@example.com\n").unwrap();
    let out = rapport(&data, &["--json", "import", small.to_str().unwrap()]);
    let undone = undo.wait().unwrap().success();
    assert!(undone);
    if !out.status.success() {
        let e = failure(&out);
        assert_eq!(e["code"], "busy", "{e}");
        assert!(e["message"].as_str().unwrap().contains("undo"), "{e}");
        assert_eq!(contacts(&data), 0);
    } else {
        // The undo was already done: the import ran after it, whole.
        assert_eq!(contacts(&data), 1);
        eprintln!("the undo ended before the import started: the pair was not tested");
    }
}

#[test]
fn two_edits_of_one_contact_at_once_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["contact", "add", "--name", "Ann", "--json"],
    ));
    for round in 0..12 {
        let a = format!("alpha{round}");
        let b = format!("beta{round}");
        let d1 = data.clone();
        let d2 = data.clone();
        let t1 = std::thread::spawn(move || rapport(&d1, &["contact", "edit", "1", "--tag", &a]));
        let t2 = std::thread::spawn(move || rapport(&d2, &["contact", "edit", "1", "--tag", &b]));
        for out in [t1.join().unwrap(), t2.join().unwrap()] {
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let c = json(&rapport(&data, &["--json", "contact", "show", "1"]));
        let tags: Vec<&str> = c["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        for want in [format!("alpha{round}"), format!("beta{round}")] {
            assert!(tags.contains(&want.as_str()), "round {round}: {tags:?}");
        }
    }
}

fn open_follow_ups(data: &Path) -> usize {
    let c = json(&rapport(data, &["--json", "contact", "show", "1"]));
    c["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "done")
        .count()
}

#[test]
fn followup_done_twice_makes_one_next_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["contact", "add", "--name", "Ann", "--json"],
    ));
    let add = |text: &str| {
        json(&rapport(
            &data,
            &[
                "--json",
                "followup",
                "add",
                "1",
                "--due",
                "2026-11-25",
                "--text",
                text,
            ],
        ))["id"]
            .as_i64()
            .unwrap()
    };
    // One after the other.
    let first = add("call back").to_string();
    for _ in 0..2 {
        json(&rapport(
            &data,
            &["--json", "followup", "done", &first, "--next", "7"],
        ));
    }
    assert_eq!(open_follow_ups(&data), 1);
    // At once, several times.
    for _ in 0..6 {
        let id = add("send quote").to_string();
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let d = data.clone();
                let id = id.clone();
                std::thread::spawn(move || rapport(&d, &["followup", "done", &id, "--next", "7"]))
            })
            .collect();
        for r in runs {
            let out = r.join().unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        }
    }
    // The first one's next, and one next per completed "send quote".
    assert_eq!(open_follow_ups(&data), 1 + 6);
}

#[test]
fn merge_and_edit_at_once_keep_both() {
    // A merge (a long operation) and an edit of the contact that stays, at
    // once: the edit lands on the merged contact, nothing is lost.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for round in 0..6 {
        let keep = json(&rapport(
            &data,
            &["--json", "contact", "add", "--name", "Keep", "--tag", "k"],
        ))["id"]
            .to_string();
        let gone = json(&rapport(
            &data,
            &["--json", "contact", "add", "--name", "Gone", "--tag", "g"],
        ))["id"]
            .to_string();
        let tag = format!("edit{round}");
        let (d1, d2) = (data.clone(), data.clone());
        let (k1, k2) = (keep.clone(), keep.clone());
        let m =
            std::thread::spawn(move || rapport(&d1, &["contact", "merge", &gone, &k1, "--yes"]));
        let e = std::thread::spawn(move || rapport(&d2, &["contact", "edit", &k2, "--tag", &tag]));
        for out in [m.join().unwrap(), e.join().unwrap()] {
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let c = json(&rapport(&data, &["--json", "contact", "show", &keep]));
        let tags = c["tags"].to_string();
        for want in ["\"k\"", "\"g\"", &format!("\"edit{round}\"")] {
            assert!(tags.contains(want), "round {round}: {tags}");
        }
    }
}

/// Kills an import of `file` once it has written some chunks; the batch is then interrupted.
fn interrupted_import(data: &Path, file: &Path) {
    let mut child = import_in_progress(data, file);
    let _ = child.kill();
    child.wait().unwrap();
    let batches = json(&rapport(data, &["--json", "imports"]));
    assert_eq!(batches[0]["status"], "interrupted", "{batches}");
}

#[test]
fn resume_with_another_file_is_refused_and_the_right_file_completes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let scratch = dir.path().join("scratch");
    let file = dir.path().join("big.csv");
    generated_csv(&scratch, &file, BIG);
    interrupted_import(&data, &file);
    let before = contacts(&data);

    // Same size, one byte changed (a different last row), and a shorter file.
    let mut bytes = std::fs::read(&file).unwrap();
    let other = dir.path().join("other.csv");
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'x' { b'y' } else { b'x' };
    std::fs::write(&other, &bytes).unwrap();
    let shorter = dir.path().join("shorter.csv");
    generated_csv(&scratch, &shorter, 1_000);
    for wrong in [&other, &shorter] {
        let e = failure(&rapport(
            &data,
            &["--json", "import", wrong.to_str().unwrap(), "--resume", "1"],
        ));
        let msg = e["message"].as_str().unwrap();
        assert!(msg.contains("not the file import 1 read"), "{msg}");
        assert!(msg.contains(wrong.to_str().unwrap()), "{msg}");
    }
    assert_eq!(contacts(&data), before, "a refused resume writes nothing");
    let batches = json(&rapport(&data, &["--json", "imports"]));
    assert_eq!(batches[0]["status"], "interrupted");

    json(&rapport(
        &data,
        &["--json", "import", file.to_str().unwrap(), "--resume", "1"],
    ));
    let batches = json(&rapport(&data, &["--json", "imports"]));
    assert_eq!(batches[0]["status"], "complete");
    assert_eq!(batches[0]["rows_done"], BIG);
    assert_eq!(contacts(&data), batches[0]["created"].as_u64().unwrap());
}

// ---- values that must never brick a book ----

/// The reads that once failed for the whole book after one bad value.
fn whole_book_reads_work(data: &Path, context: &str) {
    let reads: [&[&str]; 9] = [
        &["--json", "today", "--tz", "UTC"],
        &["--json", "contact", "show", "1"],
        &["--json", "contact", "list"],
        &["--json", "deal", "list"],
        &["--json", "report", "--tz", "UTC"],
        &["--json", "tier"],
        &["export", "--format", "csv"],
        &["export", "--format", "vcard"],
        &["export", "--format", "ics"],
    ];
    for args in reads {
        let out = rapport(data, args);
        assert!(
            out.status.success(),
            "{context}: {args:?} failed: {}",
            stderr(&out)
        );
    }
    let check = json(&rapport(data, &["--json", "check"]));
    assert_eq!(check["status"], "ok", "{context}: {check}");
}

#[test]
fn a_reader_beside_an_importing_process_is_never_blocked_and_never_sees_half_a_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("big.csv");
    // Every row a new contact (distinct names, e-mails and phones: nothing merges).
    let rows: u64 = 20_000;
    let mut csv = String::from("Name,E-mail,Mobile\n");
    for i in 0..rows {
        csv.push_str(&format!("Person {i},p{i}@example.com,+86 138{i:08}\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let mut child = import_in_progress(&data, &file);
    let mut seen = Vec::new();
    let mut slowest = Duration::ZERO;
    while child.try_wait().unwrap().is_none() {
        let started = Instant::now();
        let out = rapport(&data, &["--json", "contact", "list", "--limit", "100000"]);
        slowest = slowest.max(started.elapsed());
        assert!(
            out.status.success(),
            "the reader failed beside the import: {}",
            stderr(&out)
        );
        let list: Value = serde_json::from_slice(&out.stdout).unwrap();
        let list = list.as_array().unwrap();
        // Every generated row is a new contact with an e-mail and a phone, and a chunk
        // (500 rows) is one transaction: a reader sees whole chunks, child rows included.
        assert_eq!(
            list.len() % 500,
            0,
            "half a chunk visible: {} contacts",
            list.len()
        );
        assert!(
            list.iter()
                .all(|c| !c["email"].is_null() && !c["phone"].is_null()),
            "a contact visible without its e-mail or phone"
        );
        seen.push(list.len());
    }
    assert!(child.wait().unwrap().success(), "the import failed");
    assert!(
        seen.iter().any(|&n| n > 0 && n < rows as usize),
        "the reader never saw the import part-way: {seen:?}"
    );
    let done = json(&rapport(
        &data,
        &["--json", "contact", "list", "--limit", "100000"],
    ));
    assert_eq!(done.as_array().unwrap().len(), rows as usize);
    eprintln!(
        "reads beside the import: {} (slowest {slowest:?}): {seen:?}",
        seen.len()
    );
}

fn first_file(dir: &Path, ext: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} file in {}", dir.display()))
}

#[test]
fn a_damaged_search_index_is_moved_aside_and_rebuilt_by_the_next_command() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["--json", "generate", "--contacts", "300"],
    ));
    let name = json(&rapport(
        &data,
        &["--json", "contact", "list", "--limit", "1"],
    ))[0]["display_name"]
        .as_str()
        .unwrap()
        .to_string();
    let index = data.join("index");
    let damages: [(&str, &dyn Fn()); 4] = [
        ("random bytes over a .fast file", &|| {
            let f = first_file(&index, "fast");
            let mut bytes = std::fs::read(&f).unwrap();
            for (i, b) in bytes.iter_mut().take(30_000).enumerate() {
                *b = (i * 7919 % 251) as u8;
            }
            std::fs::write(&f, bytes).unwrap();
        }),
        ("an empty .term file", &|| {
            std::fs::write(first_file(&index, "term"), b"").unwrap()
        }),
        ("a segment file removed", &|| {
            std::fs::remove_file(first_file(&index, "idx")).unwrap()
        }),
        ("a file where the index folder was", &|| {
            std::fs::remove_dir_all(&index).unwrap();
            std::fs::write(&index, b"not a folder").unwrap();
        }),
    ];
    for (what, damage) in damages {
        damage();
        let out = rapport(&data, &["--json", "search", &name]);
        assert!(out.status.success(), "{what}: {}", stderr(&out));
        let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            hits["hits"][0]["display_name"],
            name.as_str(),
            "{what}: {hits}"
        );
        assert!(
            stderr(&out).contains("it was moved to index.damaged and rebuilt"),
            "{what}: {}",
            stderr(&out)
        );
        let check = json(&rapport(&data, &["--json", "check"]));
        assert_eq!(check["status"], "ok", "{what}: {check}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn an_index_copied_from_another_book_is_rebuilt_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let (ours, theirs) = (dir.path().join("ours"), dir.path().join("theirs"));
    // Both books have seen as many changes: the copied index's place in the
    // outbox is exactly ours, so only its book's identity tells.
    json(&rapport(
        &ours,
        &["contact", "add", "--name", "Ada Lovelace", "--json"],
    ));
    json(&rapport(
        &theirs,
        &["contact", "add", "--name", "Zebediah Other", "--json"],
    ));
    let hits = |data: &Path, q: &str| -> Vec<String> {
        let v = json(&rapport(data, &["--json", "search", q]));
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["display_name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(hits(&theirs, "zebediah"), ["Zebediah Other"]);
    std::fs::remove_dir_all(ours.join("index")).unwrap();
    copy_tree(&theirs.join("index"), &ours.join("index"));
    assert_eq!(
        hits(&ours, "zebediah"),
        Vec::<String>::new(),
        "another book's names"
    );
    assert_eq!(hits(&ours, "ada"), ["Ada Lovelace"]);
    assert_eq!(json(&rapport(&ours, &["--json", "check"]))["status"], "ok");
}

#[test]
fn restore_replaces_a_damaged_book_and_keeps_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["contact", "add", "--name", "Ann", "--json"],
    ));
    let backup = dir.path().join("good.db");
    json(&rapport(
        &data,
        &["--json", "backup", "--out", backup.to_str().unwrap()],
    ));
    // The book's file is overwritten with garbage (a bad disk, another program).
    let garbage: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(data.join("rapport.db"), &garbage).unwrap();
    for side in ["rapport.db-wal", "rapport.db-shm"] {
        let _ = std::fs::remove_file(data.join(side));
    }
    assert!(!rapport(&data, &["--json", "contact", "list"])
        .status
        .success());
    let restored = json(&rapport(
        &data,
        &["--json", "restore", backup.to_str().unwrap(), "--yes"],
    ));
    assert_eq!(restored["contacts"], 1);
    let kept = std::path::PathBuf::from(restored["previous_data"].as_str().unwrap());
    assert!(kept
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("damaged-before-restore-"));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        garbage,
        "the damaged file is kept as it was"
    );
    let list = json(&rapport(&data, &["--json", "contact", "list"]));
    assert_eq!(list[0]["display_name"], "Ann");
}

#[test]
fn reads_work_while_another_program_holds_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["contact", "add", "--name", "Ann", "--json"],
    ));
    // sqlite3 as the other writer, holding the write lock longer than the busy timeout (5 s).
    let mut writer = Command::new("sqlite3")
        .arg(data.join("rapport.db"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("sqlite3 (Debian package sqlite3) is needed");
    let mut stdin = writer.stdin.take().unwrap();
    use std::io::Write;
    stdin
        .write_all(b"BEGIN IMMEDIATE;\nINSERT INTO settings (key, value) VALUES ('held', 'yes');\n")
        .unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    for args in [
        &["--json", "contact", "list"][..],
        &["--json", "today", "--tz", "UTC"],
        &["--json", "imports"],
        &["--json", "deal", "list"],
    ] {
        let out = rapport(&data, args);
        assert!(
            out.status.success(),
            "{args:?} while another program writes: {}",
            stderr(&out)
        );
    }
    // Each read opened the book without waiting for the writer (which still holds it).
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    stdin.write_all(b"COMMIT;\n").unwrap();
    drop(stdin);
    assert!(writer.wait().unwrap().success());
}

#[test]
fn a_damaged_deal_or_case_date_never_bricks_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["contact", "add", "--name", "Ann", "--json"],
    ));
    for args in [
        &[
            "deal",
            "add",
            "1",
            "--amount",
            "100",
            "--date",
            "2026-11-01",
            "--status",
            "won",
        ][..],
        &["deal", "add", "1", "--amount", "50", "--date", "2026-11-02"],
        &["case", "open", "1", "--text", "broken"],
    ] {
        json(&rapport(&data, &[&["--json"], args].concat()));
    }
    // Another program (or an older version) wrote values no read can use.
    let db = rusqlite::Connection::open(data.join("rapport.db")).unwrap();
    db.execute_batch(
        "UPDATE deals SET deal_date = '+10000-01-01', closed_on = 'nope' WHERE id = 1;
         UPDATE service_cases SET opened_at = '+12000-05-05T00:00:00Z';",
    )
    .unwrap();
    drop(db);
    let deals = json(&rapport(&data, &["--json", "deal", "list"]));
    assert_eq!(
        deals.as_array().unwrap().len(),
        1,
        "the readable deal is listed: {deals}"
    );
    let out = rapport(&data, &["--json", "case", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped service_cases 1"),
        "{}",
        stderr(&out)
    );
    for args in [
        &["--json", "today", "--tz", "UTC"][..],
        &["--json", "report", "--tz", "UTC"],
        &["--json", "contact", "show", "1"],
    ] {
        let out = rapport(&data, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    // `check` finds each one (and fails, saying how to fix them).
    let e = failure(&rapport(&data, &["--json", "check"]));
    let msg = e["message"].as_str().unwrap();
    assert!(msg.contains("3 stored values cannot be read"), "{msg}");
    assert!(msg.contains("deals 1: deal_date"), "{msg}");
    json(&rapport(&data, &["--json", "check", "--repair"]));
    whole_book_reads_work(&data, "after the repair");
    let deals = json(&rapport(&data, &["--json", "deal", "list"]));
    assert_eq!(deals.as_array().unwrap().len(), 2);
}

#[test]
fn dates_past_9999_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["contact", "add", "--name", "Ann", "--json"],
    ));
    json(&rapport(
        &data,
        &[
            "--json",
            "followup",
            "add",
            "1",
            "--due",
            "2026-11-25",
            "--text",
            "x",
        ],
    ));
    let bad: [&[&str]; 8] = [
        &[
            "--json",
            "followup",
            "add",
            "1",
            "--due",
            "+10000-01-01",
            "--text",
            "far",
        ],
        &["--json", "followup", "snooze", "1", "--to", "+10000-01-01"],
        &["--json", "followup", "snooze", "1", "--days", "4294967295"],
        &[
            "--json",
            "case",
            "open",
            "1",
            "--text",
            "broken",
            "--follow-up",
            "+10000-01-01",
        ],
        &[
            "--json",
            "deal",
            "add",
            "1",
            "--amount",
            "5",
            "--date",
            "+10000-01-01",
            "--status",
            "won",
        ],
        // A purchase on the last day: its care check would land past it.
        &[
            "--json",
            "deal",
            "add",
            "1",
            "--amount",
            "5",
            "--date",
            "9999-12-31",
            "--status",
            "won",
        ],
        &[
            "--json",
            "contact",
            "edit",
            "1",
            "--birthday",
            "+10000-01-01",
        ],
        &[
            "--json",
            "log",
            "1",
            "--kind",
            "call",
            "--at",
            "9999-12-31T23:00:00-05:00",
        ],
    ];
    for args in bad {
        let e = failure(&rapport(&data, args));
        assert_eq!(e["code"], "invalid_input", "{args:?}: {e}");
    }
    let c = json(&rapport(&data, &["--json", "contact", "show", "1"]));
    assert_eq!(c["follow_ups"].as_array().unwrap().len(), 1, "{c}");
    assert_eq!(c["deals"].as_array().unwrap().len(), 0, "{c}");
    assert_eq!(c["cases"].as_array().unwrap().len(), 0, "{c}");
    assert_eq!(c["interactions"].as_array().unwrap().len(), 0, "{c}");
    assert!(c["birthday"].is_null(), "{c}");
    whole_book_reads_work(&data, "after refused dates");
}

#[test]
fn search_limits_of_any_size_answer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &["contact", "add", "--name", "Ann", "--json"],
    ));
    for limit in ["18446744073709551615", "1000000000000", "0", "1"] {
        let out = rapport(&data, &["--json", "search", "Ann", "--limit", limit]);
        assert!(out.status.success(), "--limit {limit}: {}", stderr(&out));
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["total"], 1, "--limit {limit}");
    }
}

mod hostile_values {
    //! Arbitrary dates, numbers and counts to every command that takes one;
    //! whatever each answers, the whole book still reads afterwards.
    use super::*;
    use proptest::prelude::*;

    fn date() -> impl Strategy<Value = String> {
        prop_oneof![
            (-300_000_i64..300_000, 0_u32..14, 0_u32..33)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (9_990_i64..10_010, 1_u32..13, 1_u32..29)
                .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
            (9_990_i64..10_010, 1_u32..13, 1_u32..29)
                .prop_map(|(y, m, d)| format!("+{y}-{m:02}-{d:02}")),
            Just("9999-12-31".to_string()),
            Just("0000-01-01".to_string()),
            Just("0001-01-01".to_string()),
            Just("--02-29".to_string()),
        ]
    }

    fn count() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<u32>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            Just("0".to_string()),
            Just("4294967295".to_string()),
            Just("18446744073709551615".to_string()),
            Just("-1".to_string()),
        ]
    }

    fn amount() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| format!("{n}.99")),
            Just("92233720368547758.07".to_string()),
            Just("1e308".to_string()),
        ]
    }

    /// Every command that takes a date, a number or a count, with these values.
    fn commands(d: &str, n: &str, a: &str) -> Vec<Vec<String>> {
        let v = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        vec![
            v(&[
                "contact",
                "add",
                "--name",
                "P",
                "--birthday",
                d,
                "--anniversary",
                d,
                "--cadence",
                n,
            ]),
            v(&["contact", "edit", "1", "--birthday", d, "--cadence", n]),
            v(&["contact", "list", "--limit", n]),
            v(&[
                "log",
                "1",
                "--kind",
                "call",
                "--at",
                &format!("{d}T10:00:00Z"),
                "--satisfaction",
                n,
            ]),
            v(&["followup", "add", "1", "--due", d, "--text", "p"]),
            v(&["followup", "done", "1", "--next", n]),
            v(&["followup", "snooze", "1", "--to", d]),
            v(&["followup", "snooze", "1", "--days", n]),
            v(&["case", "open", "1", "--text", "p", "--follow-up", d]),
            v(&[
                "deal", "add", "1", "--amount", a, "--date", d, "--status", "won",
            ]),
            v(&[
                "deal", "add", "1", "--amount", "10", "--date", d, "--status", "open",
            ]),
            v(&["deal", "won", "2", "--date", d]),
            v(&["deal", "lost", "2", "--date", d]),
            v(&["today", "--date", d, "--tz", "UTC"]),
            v(&[
                "report",
                "--date",
                d,
                "--weeks",
                n,
                "--rfm-rows",
                n,
                "--tz",
                "UTC",
            ]),
            v(&["cadence", "set", "--tag", "p", "--days", n]),
            v(&["settings", "set", "care_days", n]),
            v(&["search", "P", "--limit", n]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn hostile_dates_numbers_and_counts_never_brick_the_book(
            d in date(), n in count(), a in amount()
        ) {
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().join("data");
            json(&rapport(&data, &["contact", "add", "--name", "Ann", "--json"]));
            json(&rapport(&data, &["--json", "followup", "add", "1", "--due", "2026-11-25", "--text", "x"]));
            json(&rapport(&data, &["--json", "deal", "add", "1", "--amount", "10", "--date", "2026-01-05", "--status", "won"]));
            for args in commands(&d, &n, &a) {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let out = rapport(&data, &args);
                // An answer either way (1: refused, 2: not a value of the
                // argument's type), never a panic or an abort.
                let code = out.status.code();
                prop_assert!(matches!(code, Some(0..=2)), "{args:?}: {:?} {}", code, stderr(&out));
                let shown = rapport(&data, &["--json", "contact", "show", "1"]);
                prop_assert!(shown.status.success(), "after {args:?}: {}", stderr(&shown));
            }
            whole_book_reads_work(&data, &format!("after every command with {d} {n} {a}"));
        }
    }
}

// ---- private files ----

/// Runs `rapport` under umask 022 (the usual default: files 0644, folders 0755).
fn rapport_umask_022(dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn every_file_with_the_users_data_is_private_under_umask_022() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ok = |out: Output| json(&out);
    ok(rapport_umask_022(
        &data,
        &["--json", "contact", "add", "--name", "Ann"],
    ));
    ok(rapport_umask_022(&data, &["--json", "search", "Ann"]));
    let manual = ok(rapport_umask_022(&data, &["--json", "backup"]));
    let out_file = dir.path().join("copy.db");
    ok(rapport_umask_022(
        &data,
        &["--json", "backup", "--out", out_file.to_str().unwrap()],
    ));
    // A backup given away with a loose mode stays loose; its restored copy does not.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&out_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let restored = ok(rapport_umask_022(
        &data,
        &["--json", "restore", out_file.to_str().unwrap(), "--yes"],
    ));
    ok(rapport_umask_022(
        &data,
        &["--json", "contact", "add", "--name", "Bo"],
    ));

    assert_eq!(mode(&data), 0o700);
    for file in ["rapport.db", "rapport.db-wal", "rapport.db-shm"] {
        let p = data.join(file);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{file}");
        }
    }
    assert_eq!(mode(&data.join("rapport.db")), 0o600);
    assert_eq!(mode(&data.join("index")), 0o700);
    assert_eq!(mode(&data.join("backups")), 0o700);
    assert_eq!(mode(Path::new(manual["backup"].as_str().unwrap())), 0o600);
    let safety = restored["previous_data"].as_str().unwrap();
    assert_eq!(mode(Path::new(safety)), 0o600);
    std::fs::set_permissions(&out_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out2 = dir.path().join("copy2.db");
    ok(rapport_umask_022(
        &data,
        &["--json", "backup", "--out", out2.to_str().unwrap()],
    ));
    assert_eq!(mode(&out2), 0o600);

    // An import (many segments, merged in the background), a search and a
    // reindex later, every file in the data folder is the user's alone:
    // the search index's segments and meta.json too (tantivy writes them with
    // the umask's mode).
    let csv = dir.path().join("people.csv");
    generated_csv(&dir.path().join("scratch"), &csv, 3_000);
    ok(rapport_umask_022(
        &data,
        &[
            "--json",
            "import",
            csv.to_str().unwrap(),
            "--chunk-rows",
            "500",
        ],
    ));
    ok(rapport_umask_022(&data, &["--json", "search", "Ann"]));
    ok(rapport_umask_022(&data, &["--json", "reindex"]));
    ok(rapport_umask_022(
        &data,
        &["--json", "contact", "add", "--name", "Cy"],
    ));
    let mut files = 0;
    let mut folders = vec![data.clone()];
    while let Some(folder) = folders.pop() {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
                files += 1;
            }
        }
    }
    assert!(files > 10, "{files} files checked");
}

#[test]
fn an_existing_open_data_folder_and_database_are_tightened() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport_umask_022(
        &data,
        &["--json", "contact", "add", "--name", "Ann"],
    ));
    json(&rapport_umask_022(&data, &["--json", "backup"]));
    // As an older Rapport (or a copy) left them.
    for (p, m) in [
        (data.clone(), 0o755),
        (data.join("rapport.db"), 0o644),
        (data.join("index"), 0o755),
        (data.join("backups"), 0o755),
    ] {
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m)).unwrap();
    }
    json(&rapport_umask_022(&data, &["--json", "contact", "list"]));
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("rapport.db")), 0o600);
    assert_eq!(mode(&data.join("index")), 0o700);
    assert_eq!(mode(&data.join("backups")), 0o700);
}

// ---- counts a user gives ----

/// Rows per chunk and the generator's counts are bounded with an error naming
/// the argument and the bound, before anything is written (a chunk of 2^32−1
/// rows allocated its room up front and aborted; `generate` held billions of
/// interactions in memory).
#[test]
fn chunk_rows_and_generate_counts_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let csv = dir.path().join("c.csv");
    generated_csv(&dir.path().join("scratch"), &csv, 20);
    for rows in ["0", "100001", "4294967295"] {
        let out = rapport(
            &data,
            &[
                "--json",
                "import",
                csv.to_str().unwrap(),
                "--chunk-rows",
                rows,
            ],
        );
        let e = failure(&out);
        assert_eq!(e["code"], "invalid_input", "--chunk-rows {rows}: {e}");
        let message = e["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("chunk_rows") && message.contains("100000"),
            "--chunk-rows {rows}: {message}"
        );
    }
    assert_eq!(contacts(&data), 0, "nothing imported");
    let ok = json(&rapport(
        &data,
        &[
            "--json",
            "import",
            csv.to_str().unwrap(),
            "--chunk-rows",
            "1",
        ],
    ));
    assert_eq!(ok["counts"]["created"], 20, "{ok}");

    let fresh = dir.path().join("fresh");
    for args in [
        &["--contacts", "18446744073709551615"][..],
        &["--contacts", "10000001"],
        &["--contacts", "10", "--interactions", "1000000000"],
    ] {
        let mut all = vec!["--json", "generate"];
        all.extend_from_slice(args);
        let e = failure(&rapport(&fresh, &all));
        assert_eq!(e["code"], "invalid_input", "{args:?}: {e}");
        assert!(
            e["message"]
                .as_str()
                .unwrap_or_default()
                .contains("at most"),
            "{args:?}: {e}"
        );
    }
    assert_eq!(contacts(&fresh), 0, "nothing generated");
    let big_csv = dir.path().join("big.csv");
    let e = failure(&rapport(
        &fresh,
        &[
            "--json",
            "generate",
            "--contacts",
            "99999999999",
            "--csv",
            big_csv.to_str().unwrap(),
        ],
    ));
    assert_eq!(e["code"], "invalid_input", "{e}");
    assert!(!big_csv.exists(), "no empty file is left");
}

/// Values an older version stored past 9999 (a birthday, a last-contacted
/// time, a follow-up's due date, an interaction's time), written here
/// straight into the file: the lists skip the rows holding them and say so
/// on stderr instead of failing for the whole book, `contact show` leaves the
/// value out, `check` lists each one and fails, `check --repair` moves each to
/// the last day of 9999, and then the whole book reads and checks ok.
#[test]
fn bad_stored_values_are_skipped_listed_and_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for name in ["Ann", "Bo", "Cy"] {
        json(&rapport(
            &data,
            &["--json", "contact", "add", "--name", name],
        ));
    }
    json(&rapport(
        &data,
        &["--json", "contact", "edit", "1", "--birthday", "1990-03-04"],
    ));
    json(&rapport(
        &data,
        &[
            "--json",
            "log",
            "2",
            "--kind",
            "call",
            "--at",
            "2026-11-20T10:00:00Z",
        ],
    ));
    json(&rapport(
        &data,
        &[
            "--json",
            "followup",
            "add",
            "3",
            "--due",
            "2026-12-01",
            "--text",
            "call",
        ],
    ));
    {
        let db = rusqlite::Connection::open(data.join("rapport.db")).unwrap();
        db.execute_batch(
            "UPDATE contacts SET birthday = '+10000-03-04',
                 last_contacted_at = '+10000-01-01T00:00:00Z', last_contacted_kind = 'call'
             WHERE id = 1;
             UPDATE follow_ups SET due_date = '+10000-01-01' WHERE contact_id = 3;
             UPDATE interactions SET occurred_at = '+10000-06-01T00:00:00Z' WHERE contact_id = 2;",
        )
        .unwrap();
    }
    // The list answers with the rows it can read and names the one it skipped.
    let out = rapport(&data, &["--json", "contact", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .or_else(|| listed["contacts"].as_array())
        .unwrap()
        .iter()
        .filter_map(|c| c["display_name"].as_str())
        .collect();
    assert!(names.contains(&"Bo") && names.contains(&"Cy"), "{listed}");
    assert!(!names.contains(&"Ann"), "{listed}");
    let warned = stderr(&out);
    assert!(
        warned.contains("skipped contacts 1") && warned.contains("check --repair"),
        "{warned}"
    );
    // The today list skips the follow-up it cannot read.
    let out = rapport(&data, &["--json", "today", "--tz", "UTC"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("follow_ups"), "{}", stderr(&out));
    // The contact shows without the values it cannot read, and says which.
    let out = rapport(&data, &["--json", "contact", "show", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ann: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ann["display_name"], "Ann", "{ann}");
    assert!(ann["birthday"].is_null(), "{ann}");
    assert!(stderr(&out).contains("birthday"), "{}", stderr(&out));
    // The search finds them all the same.
    for name in ["Ann", "Bo", "Cy"] {
        let found = json(&rapport(&data, &["--json", "search", name]));
        assert_eq!(found["total"], 1, "{name}: {found}");
    }
    // And a contact's history without the interaction it cannot read.
    let out = rapport(&data, &["--json", "contact", "show", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("interactions"), "{}", stderr(&out));

    // `check` lists every bad value and fails.
    let out = rapport(&data, &["--json", "check"]);
    let e = failure(&out);
    assert!(
        e["message"]
            .as_str()
            .unwrap_or_default()
            .contains("--repair"),
        "{e}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["status"], "damaged_values", "{report}");
    let found: Vec<(String, String)> = report["damaged_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["table"].as_str().unwrap().to_string(),
                d["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (table, column) in [
        ("contacts", "birthday"),
        ("contacts", "last_contacted_at"),
        ("follow_ups", "due_date"),
        ("interactions", "occurred_at"),
    ] {
        assert!(
            found.contains(&(table.to_string(), column.to_string())),
            "{table}.{column} in {found:?}"
        );
    }
    // The repair fixes them all; afterwards every read and the check are ok.
    let repaired = json(&rapport(&data, &["--json", "check", "--repair"]));
    assert_eq!(repaired["status"], "ok", "{repaired}");
    assert_eq!(
        repaired["repaired"].as_array().unwrap().len(),
        4,
        "{repaired}"
    );
    let db = rusqlite::Connection::open(data.join("rapport.db")).unwrap();
    let due: String = db
        .query_row("SELECT due_date FROM follow_ups", [], |r| r.get(0))
        .unwrap();
    assert_eq!(due, "9999-12-31");
    let birthday: String = db
        .query_row("SELECT birthday FROM contacts WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(birthday, "9999-12-31");
    whole_book_reads_work(&data, "after the repair");
    let out = rapport(&data, &["--json", "contact", "list"]);
    assert!(!stderr(&out).contains("skipped"), "{}", stderr(&out));
}

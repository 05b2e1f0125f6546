//! The `rapport` binary's contract: JSON output, exit codes, clear errors.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::process::{Command, Output};

use serde_json::Value;

fn rapport(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn add_show_check_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = json(&rapport(
        d,
        &[
            "contact",
            "add",
            "--name",
            "张伟明",
            "--email",
            "zwm@example.com",
            "--phone",
            "+86 138 0013 8000",
            "--json",
        ],
    ));
    assert_eq!(c["id"], 1);
    assert_eq!(c["display_name"], "张伟明");
    assert_eq!(c["phones"][0]["e164"], "+8613800138000");
    assert_eq!(c["emails"][0]["address"], "zwm@example.com");

    let check = json(&rapport(d, &["check", "--json"]));
    assert_eq!(check["status"], "ok");
    assert!(check["schema_version"].as_i64().unwrap() >= 2);

    json(&rapport(
        d,
        &[
            "log",
            "1",
            "--kind",
            "call",
            "--at",
            "2026-11-20T10:00:00+08:00",
            "--text",
            "报价",
            "--json",
        ],
    ));
    let f = json(&rapport(
        d,
        &[
            "followup",
            "add",
            "1",
            "--due",
            "2026-11-25",
            "--text",
            "send quote",
            "--json",
        ],
    ));
    assert_eq!(f["status"], "open");
    let done = json(&rapport(
        d,
        &[
            "followup",
            "done",
            "1",
            "--next",
            "7",
            "--tz",
            "Asia/Shanghai",
            "--json",
        ],
    ));
    assert_eq!(done["done"]["status"], "done");
    assert_eq!(done["next"]["text"], "send quote");

    let shown = json(&rapport(d, &["contact", "show", "1", "--json"]));
    assert_eq!(shown["last_contacted"]["kind"], "call");
    assert_eq!(shown["last_contacted"]["at"], "2026-11-20T02:00:00Z");
    assert_eq!(shown["interactions"][0]["text"], "报价");
    assert_eq!(shown["follow_ups"].as_array().unwrap().len(), 2);
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapport(dir.path(), &["contact", "show", "42", "--json"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "contact_not_found");

    let out = rapport(
        dir.path(),
        &["contact", "add", "--name", "X", "--email", "not-an-email"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not-an-email"));

    // Destructive commands refuse without a terminal unless --yes.
    json(&rapport(
        dir.path(),
        &["contact", "add", "--name", "Y", "--json"],
    ));
    let out = rapport(dir.path(), &["contact", "delete", "1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    json(&rapport(
        dir.path(),
        &["contact", "delete", "1", "--yes", "--json"],
    ));
    json(&rapport(dir.path(), &["contact", "restore", "1", "--json"]));
}

#[test]
fn edit_changes_fields_and_tags() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(&rapport(
        d,
        &["contact", "add", "--name", "Ann", "--tag", "lead", "--json"],
    ));
    let c = json(&rapport(
        d,
        &[
            "contact",
            "edit",
            "1",
            "--company",
            "Acme",
            "--tag",
            "VIP",
            "--untag",
            "lead",
            "--stage",
            "customer",
            "--cadence",
            "30",
            "--do-not-contact",
            "true",
            "--birthday",
            "--02-29",
            "--json",
        ],
    ));
    assert_eq!(c["company"], "Acme");
    assert_eq!(c["tags"], serde_json::json!(["VIP"]));
    assert_eq!(c["stage"], "customer");
    assert_eq!(c["cadence_days"], 30);
    assert_eq!(c["do_not_contact"], true);
    assert_eq!(c["birthday"], "--02-29");
}

#[test]
fn backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("data");
    json(&rapport(
        &d,
        &["contact", "add", "--name", "First", "--json"],
    ));
    let file = dir.path().join("b.db");
    let b = json(&rapport(
        &d,
        &["backup", "--out", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(b["backup"], file.to_str().unwrap());
    json(&rapport(
        &d,
        &["contact", "add", "--name", "Second", "--json"],
    ));

    let out = rapport(&d, &["restore", file.to_str().unwrap()]);
    assert!(!out.status.success(), "asks first; no terminal here");
    let r = json(&rapport(
        &d,
        &["restore", file.to_str().unwrap(), "--yes", "--json"],
    ));
    assert_eq!(r["contacts"], 1);
    let list = json(&rapport(&d, &["contact", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["display_name"], "First");

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"PK\x03\x04 not a database").unwrap();
    let out = rapport(&d, &["restore", junk.to_str().unwrap(), "--yes"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.db"));
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("data");
    json(&rapport(&d, &["check", "--json"]));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let d = d.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let name = format!("writer{w}-{i}");
                    let out = rapport(&d, &["contact", "add", "--name", &name, "--json"]);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let id = json(&out)["id"].to_string();
                    json(&rapport(
                        &d,
                        &["log", &id, "--kind", "call", "--text", "hi", "--json"],
                    ));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let list = json(&rapport(&d, &["contact", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 50);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["last_contacted"]["kind"] == "call"));
    assert_eq!(json(&rapport(&d, &["check", "--json"]))["status"], "ok");
}

#[test]
fn data_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("fresh");
    json(&rapport(&d, &["check", "--json"]));
    let mode = std::fs::metadata(&d).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn search_reindex_and_check_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let zhang = json(&rapport(
        d,
        &[
            "contact",
            "add",
            "--name",
            "张伟明",
            "--phone",
            "+1 (415) 555-8123",
            "--json",
        ],
    ));
    json(&rapport(
        d,
        &["contact", "add", "--name", "Ada Lovelace", "--json"],
    ));
    let id = zhang["id"].to_string();
    json(&rapport(
        d,
        &[
            "log",
            &id,
            "--kind",
            "note",
            "--text",
            "讨论了保险方案",
            "--json",
        ],
    ));

    let r = json(&rapport(d, &["search", "zwm", "--json"]));
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["display_name"], "张伟明");
    assert_eq!(r["hits"][0]["rank"], "exact_name");
    let r = json(&rapport(d, &["search", "555-8123", "--json"]));
    assert_eq!(r["hits"][0]["matches"][0]["field"], "phone");
    let r = json(&rapport(d, &["search", "保险", "--json"]));
    assert_eq!(r["hits"][0]["matches"][0]["field"], "interaction");
    let r = json(&rapport(d, &["search", "a", "--limit", "1", "--json"]));
    assert_eq!(r["hits"].as_array().unwrap().len(), 1);
    let text = rapport(d, &["search", "ada"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("[Ada]"));

    let r = json(&rapport(d, &["reindex", "--json"]));
    assert_eq!(r["contacts"], 2);
    let c = json(&rapport(d, &["check", "--json"]));
    assert_eq!(c["status"], "ok");
    assert_eq!(c["search_index"]["documents"], 2);
    assert_eq!(c["search_index"]["pending_before_sync"], 0);

    // A lost index is rebuilt and check still agrees.
    std::fs::remove_dir_all(d.join("index")).unwrap();
    let c = json(&rapport(d, &["check", "--json"]));
    assert_eq!(c["status"], "ok");
    assert_eq!(c["search_index"]["contacts"], 2);
}

//! The `rapport` binary's contract: JSON output, exit codes, clear errors.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;

use common::{json, rapport, rapport_in_locale, spawn_piped};
use serde_json::Value;

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
fn numbers_without_a_country_code_follow_the_locale_until_a_region_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let add = |locale: &str, name: &str| {
        let c = json(&rapport_in_locale(
            d,
            locale,
            &[
                "contact",
                "add",
                "--name",
                name,
                "--phone",
                "138 0013 8000",
                "--json",
            ],
        ));
        c["phones"][0]["e164"].clone()
    };
    assert_eq!(add("zh_CN.UTF-8", "张伟"), "+8613800138000");
    // No territory in the locale: the US, where this is no valid number.
    assert_eq!(add("C", "李娜"), Value::Null);
    let settings = json(&rapport_in_locale(
        d,
        "zh_CN.UTF-8",
        &["settings", "show", "--json"],
    ));
    assert_eq!(settings["default_region"], "CN");
    // A region the user chose wins over the locale's.
    rapport(d, &["settings", "set", "default_region", "GB"]);
    assert_eq!(add("zh_CN.UTF-8", "王芳"), Value::Null);
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

fn fixture(name: &str) -> String {
    format!(
        "{}/../../tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn import_gbk_then_export_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gbk = fixture("chinese_gbk.csv");

    let preview = json(&rapport(d, &["--json", "import", &gbk, "--dry-run"]));
    assert_eq!(preview["source"]["encoding"]["name"], "GBK");
    assert_eq!(preview["report"]["counts"]["created"], 3);
    // A dry run writes nothing.
    let listed = json(&rapport(d, &["--json", "contact", "list"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(0));

    let report = json(&rapport(d, &["--json", "import", &gbk]));
    assert_eq!(report["status"], "complete");
    let batch = report["batch"].as_i64().unwrap();
    let listed = json(&rapport(d, &["--json", "contact", "list"]));
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["display_name"].as_str())
        .collect();
    assert!(names.contains(&"张伟明"), "{names:?}");

    // Importing the same file again finds every row already there.
    let again = json(&rapport(d, &["--json", "import", &gbk]));
    assert_eq!(again["counts"]["skipped"], 3);
    assert_eq!(again["counts"]["created"], 0);

    let out = rapport(d, &["export", "--format", "vcard"]);
    let vcf = String::from_utf8(out.stdout).unwrap();
    assert_eq!(vcf.matches("BEGIN:VCARD").count(), 3);
    assert!(vcf.contains("FN:张伟明"));

    // Undo needs confirmation off a terminal.
    let refused = rapport(d, &["undo-import", &batch.to_string()]);
    assert!(!refused.status.success());
    let undone = json(&rapport(
        d,
        &["--json", "undo-import", &batch.to_string(), "--yes"],
    ));
    assert_eq!(undone["removed"], 3);
    let listed = json(&rapport(d, &["--json", "contact", "list"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(0));
    let batches = json(&rapport(d, &["--json", "imports"]));
    // Newest first: the re-import (nothing created), then the undone one.
    assert_eq!(batches[0]["status"], "complete");
    assert_eq!(batches[1]["id"], batch);
    assert_eq!(batches[1]["status"], "undone");
}

#[test]
fn import_of_a_non_contact_file_fails_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let png = fixture("broken/image.csv");
    let out = rapport(dir.path(), &["--json", "import", &png]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    let msg = err["error"]["message"].as_str().unwrap();
    assert!(msg.contains("image.csv") && msg.contains("PNG"), "{msg}");
    let listed = json(&rapport(dir.path(), &["--json", "contact", "list"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(0));
}

#[test]
fn no_header_says_the_first_row_is_a_contact() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("pasted.csv");
    std::fs::write(
        &file,
        "Info,Email\nAda Lovelace,ada@engines.example\nGrace Hopper,grace@navy.example\nAlan Turing,alan@bletchley.example\nLin Hua,lin@example.cn\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    // Read as a header, its first row is no contact...
    let preview = json(&rapport(d, &["--json", "import", file, "--dry-run"]));
    assert_eq!(preview["report"]["counts"]["rows"], 4);
    assert_eq!(preview["source"]["no_header"], false);
    // ...and with --no-header it is, with the columns mapped by their values.
    let preview = json(&rapport(
        d,
        &["--json", "import", file, "--dry-run", "--no-header"],
    ));
    assert_eq!(preview["report"]["counts"]["rows"], 5);
    assert_eq!(preview["source"]["no_header"], true);
    assert_eq!(preview["mapping"]["columns"][1]["target"]["field"], "email");
    assert_eq!(preview["mapping"]["columns"][1]["guessed"], true);
    let text = String::from_utf8(rapport(d, &["import", file, "--dry-run", "--no-header"]).stdout)
        .unwrap();
    assert!(
        text.contains("Column 2") && text.contains("(a guess)"),
        "{text}"
    );
}

#[test]
fn deals_cases_and_report_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["张伟明", "Ada"] {
        json(&rapport(d, &["contact", "add", "--name", name, "--json"]));
    }
    let won = json(&rapport(
        d,
        &[
            "deal",
            "add",
            "1",
            "--amount",
            "12,000.50",
            "--date",
            "2026-11-20",
            "--status",
            "won",
            "--product",
            "保险",
            "--tz",
            "UTC",
            "--json",
        ],
    ));
    assert_eq!(won["amount_minor"], 1_200_050);
    assert_eq!(won["currency"], "CNY");
    assert_eq!(won["stage"], "signed");
    let open = json(&rapport(
        d,
        &[
            "deal",
            "add",
            "2",
            "--amount",
            "800",
            "--date",
            "2026-11-21",
            "--stage",
            "会客面谈",
            "--json",
        ],
    ));
    assert_eq!(open["stage"], "intent_meeting");
    let list = json(&rapport(d, &["deal", "list", "--status", "open", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);

    let case = json(&rapport(
        d,
        &[
            "case",
            "open",
            "2",
            "--text",
            "late claim",
            "--severity",
            "high",
            "--json",
        ],
    ));
    assert_eq!(case["severity"], "high");
    assert!(case["follow_up_id"].is_number());

    let r = json(&rapport(
        d,
        &[
            "report",
            "--date",
            "2026-11-23",
            "--tz",
            "UTC",
            "--weeks",
            "2",
            "--json",
        ],
    ));
    assert_eq!(r["customers"], 1);
    assert_eq!(r["tiers"][0]["tier"], "vip");
    assert_eq!(r["rfm"][0]["display_name"], "张伟明");
    let meeting = r["pipeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "intent_meeting")
        .unwrap();
    assert_eq!(meeting["value_minor"], 80_000);
    assert_eq!(r["open_cases"][0]["text"], "late claim");
    assert_eq!(r["interactions_per_week"].as_array().unwrap().len(), 2);

    let closed = json(&rapport(
        d,
        &["case", "close", "1", "--resolution", "paid", "--json"],
    ));
    assert_eq!(closed["resolution"], "paid");
    let tier = json(&rapport(d, &["tier", "--method", "abc", "--json"]));
    assert_eq!(tier["method"], "abc");
    let a = json(&rapport(d, &["contact", "list", "--tier", "a", "--json"]));
    assert_eq!(a[0]["tier"], "a");

    let bad = rapport(d, &["deal", "won", "99", "--json"]);
    assert!(!bad.status.success());
    let err: Value = serde_json::from_slice(&bad.stderr).unwrap();
    assert_eq!(err["error"]["code"], "deal_not_found");
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

/// Regression: a reader that stops early (`rapport export | head`) made the
/// command panic with a backtrace ("failed printing to stdout: Broken pipe");
/// it now ends quietly as other Unix tools do.
#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = d.join("many.csv");
    let mut text = String::from("Name,Email,Notes\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Person {i},p{i}@example.com,met at the fair in booth {i}\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    json(&rapport(d, &["--json", "import", csv.to_str().unwrap()]));
    for args in [
        &["export", "--format", "csv"][..],
        &["--json", "contact", "list"],
    ] {
        let mut child = spawn_piped(d, args);
        let mut head = [0u8; 64];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        // The pipe is closed here, with far more than a pipe's buffer still to print.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
    }
}

#[test]
fn capture_previews_writes_asks_when_ambiguous_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["张伟明", "Ada Lovelace", "Bob Smith", "Bob Jones"] {
        json(&rapport(d, &["contact", "add", "--name", name, "--json"]));
    }
    // A dry run says what it would write and writes nothing.
    let p = json(&rapport(
        d,
        &[
            "capture",
            "明天下午3点回访张总 续保",
            "--dry-run",
            "--tz",
            "Asia/Shanghai",
            "--json",
        ],
    ));
    assert_eq!(p["contact"]["display_name"], "张伟明");
    assert_eq!(p["action"]["action"], "follow_up");
    assert_eq!(p["action"]["due_time"], "15:00:00");
    assert_eq!(p["text"], "回访 续保");
    let shown = json(&rapport(d, &["contact", "show", "1", "--json"]));
    assert_eq!(
        shown["follow_ups"].as_array().map(Vec::len).unwrap_or(0),
        0,
        "{shown}"
    );

    // Without a terminal and without --yes, nothing is written.
    let out = rapport(d, &["capture", "called Ada about the renewal"]);
    assert!(!out.status.success());

    let done = json(&rapport(
        d,
        &["capture", "called Ada about the renewal", "--yes", "--json"],
    ));
    assert_eq!(done["interaction"]["kind"], "call");
    assert_eq!(done["interaction"]["text"], "called about the renewal");
    assert_eq!(done["undo"]["written"], "interaction");

    // A name that fits two contacts lists them and writes nothing; --contact chooses.
    let out = rapport(d, &["capture", "call Bob tomorrow", "--yes"]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Bob Smith") && text.contains("Bob Jones"),
        "{text}"
    );
    let chosen = json(&rapport(
        d,
        &[
            "capture",
            "call Bob tomorrow",
            "--contact",
            "4",
            "--yes",
            "--json",
        ],
    ));
    assert_eq!(chosen["follow_up"]["contact_id"], 4);

    // A phrase it cannot read says why.
    let out = rapport(d, &["capture", "call someone soon", "--yes"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no contact found"));

    // Undo removes the latest capture's follow-up.
    let undone = json(&rapport(d, &["capture", "--undo", "--json"]));
    assert_eq!(undone["undone"]["written"], "follow_up");
    let bob = json(&rapport(d, &["contact", "show", "4", "--json"]));
    assert_eq!(
        bob["follow_ups"].as_array().map(Vec::len).unwrap_or(0),
        0,
        "{bob}"
    );
}

#[test]
fn log_sets_the_next_contact_in_the_same_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(&rapport(d, &["contact", "add", "--name", "李娜", "--json"]));
    let out = json(&rapport(
        d,
        &[
            "log", "1", "--kind", "call", "--text", "续保", "--next", "7d", "--tz", "UTC", "--json",
        ],
    ));
    assert_eq!(out["interaction"]["kind"], "call");
    let due: chrono::NaiveDate = out["next_follow_up"]["due_date"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    assert_eq!((due - today).num_days(), 7);
    let none = json(&rapport(
        d,
        &["log", "1", "--kind", "note", "--next", "none", "--json"],
    ));
    assert!(none["next_follow_up"].is_null());
    let bad = rapport(d, &["log", "1", "--kind", "call", "--next", "soon"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not 3d, 7d, 30d"));
}

#[test]
fn today_says_day_counts_right_aligns_wide_names_and_counts_the_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, cadence) in [("王芳🙂", "1"), ("Ann", "2"), ("张伟明", "2")] {
        json(&rapport(
            d,
            &[
                "contact",
                "add",
                "--name",
                name,
                "--cadence",
                cadence,
                "--json",
            ],
        ));
    }
    json(&rapport(
        d,
        &["settings", "set", "cadence_workload", "2", "--json"],
    ));
    let later = (chrono::Utc::now().date_naive() + chrono::Days::new(3)).to_string();
    let out = rapport(d, &["today", "--date", &later, "--tz", "UTC"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("2 days late"), "{text}");
    assert!(text.contains("1 day late"), "{text}");
    assert!(!text.contains("1 days"), "{text}");
    assert!(text.contains("1 more waiting"), "{text}");
    // Columns line up on screen: the company column starts at the same display column.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("keep in touch"))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    let at = |l: &str| {
        let i = l.find("days late").or(l.find("day late")).unwrap();
        unicode_width::UnicodeWidthStr::width(&l[..i])
    };
    assert_eq!(at(rows[0]), at(rows[1]), "{text}");
    let more = rapport(d, &["today", "--date", &later, "--tz", "UTC", "--more"]);
    let more = String::from_utf8_lossy(&more.stdout).to_string();
    assert_eq!(
        more.lines().filter(|l| l.contains("keep in touch")).count(),
        3,
        "{more}"
    );
}

#[test]
fn mail_and_calendar_import_with_suggestions_and_undo_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json(&rapport(
        &data,
        &[
            "--json",
            "contact",
            "add",
            "--name",
            "Ann",
            "--email",
            "ann@x.com",
        ],
    ));
    let own = json(&rapport(
        &data,
        &["--json", "mail", "addresses", "set", "Me@Rapport.example"],
    ));
    assert_eq!(own["own_addresses"][0], "me@rapport.example");
    let mbox = dir.path().join("Sent");
    let m = |id: &str, to: &str| {
        format!("From - Mon Dec  1 10:00:00 2026\nMessage-ID: <{id}>\nDate: Mon, 30 Nov 2026 09:00:00 +0000\nFrom: me@rapport.example\nTo: {to}\nSubject: =?UTF-8?B?57ut5L+d5oql5Lu3?=\n\nbody\n\n")
    };
    std::fs::write(
        &mbox,
        [m("1@x", "ann@x.com, li4@y.cn"), m("2@x", "li4@y.cn")].concat(),
    )
    .unwrap();
    let s = json(&rapport(
        &data,
        &["--json", "mail", "import", mbox.to_str().unwrap()],
    ));
    assert_eq!(
        (
            s["messages"].as_u64(),
            s["created"].as_u64(),
            s["suggestions"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    let again = json(&rapport(
        &data,
        &["--json", "mail", "import", mbox.to_str().unwrap()],
    ));
    assert_eq!(again["created"], 0);
    let shown = json(&rapport(&data, &["--json", "contact", "show", "1"]));
    assert_eq!(shown["last_contacted"]["kind"], "email", "{shown}");
    assert_eq!(shown["interactions"][0]["text"], "续保报价");
    let list = json(&rapport(&data, &["--json", "mail", "suggestions", "list"]));
    assert_eq!(list[0]["address"], "li4@y.cn");
    let accepted = json(&rapport(
        &data,
        &["--json", "mail", "suggestions", "accept", "li4@y.cn"],
    ));
    assert_eq!(accepted["emails"], 2);
    let undone = json(&rapport(
        &data,
        &["--json", "mail", "undo", &s["batch"].to_string(), "--yes"],
    ));
    assert_eq!(undone["notes_removed"], 1);

    let ics = dir.path().join("cal.ics");
    std::fs::write(&ics, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u1\nDTSTART:20261101T090000Z\nSUMMARY:Visit\nATTENDEE:mailto:ann@x.com\nEND:VEVENT\nEND:VCALENDAR\n").unwrap();
    let c = json(&rapport(
        &data,
        &[
            "--json",
            "calendar",
            "import",
            ics.to_str().unwrap(),
            "--tz",
            "UTC",
        ],
    ));
    assert_eq!(c["created"], 1);

    let empty = dir.path().join("empty.mbox");
    std::fs::write(&empty, "").unwrap();
    let out = rapport(&data, &["mail", "import", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("empty.mbox") && err.contains("empty"), "{err}");
}

#[test]
fn a_contact_from_a_pasted_signature() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sig = d.join("sig.txt");
    std::fs::write(
        &sig,
        "张伟明 | 销售总监\n华为技术有限公司\n手机：138 0013 8000\n邮箱：zwm@huawei.com\n",
    )
    .unwrap();
    // Numbers without a country code are read in the user's region.
    json(&rapport(
        d,
        &["settings", "set", "default_region", "CN", "--json"],
    ));
    let preview = json(&rapport(
        d,
        &[
            "contact",
            "add",
            "--from-text",
            sig.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(preview["display_name"], "张伟明");
    assert_eq!(preview["title"], "销售总监");
    let none = json(&rapport(d, &["contact", "list", "--json"]));
    assert_eq!(
        none.as_array().unwrap().len(),
        0,
        "a dry run writes nothing"
    );
    let c = json(&rapport(
        d,
        &[
            "contact",
            "add",
            "--from-text",
            sig.to_str().unwrap(),
            "--tag",
            "VIP",
            "--json",
        ],
    ));
    assert_eq!(c["company"], "华为技术有限公司");
    assert_eq!(c["emails"][0]["address"], "zwm@huawei.com");
    assert_eq!(c["phones"][0]["e164"], "+8613800138000");
    assert_eq!(c["tags"][0], "VIP");
    let bad = d.join("bad.txt");
    std::fs::write(&bad, "see you tomorrow\n").unwrap();
    let out = rapport(d, &["contact", "add", "--from-text", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.txt") && err.contains("no name, email or phone"),
        "{err}"
    );
}

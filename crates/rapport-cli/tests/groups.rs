//! `rapport segment`, `bulk`, `undo`, `duplicates` and `campaign`: the values they print
//! as JSON and as text, and their errors.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;

use std::path::Path;

use common::{json, rapport};
use serde_json::Value;

/// Adds a contact; returns its id.
fn add(d: &Path, args: &[&str]) -> i64 {
    let mut all = vec!["contact", "add"];
    all.extend_from_slice(args);
    all.push("--json");
    json(&rapport(d, &all))["id"].as_i64().unwrap()
}

/// The stderr of a command that must fail.
fn fails(d: &Path, args: &[&str]) -> String {
    let out = rapport(d, args);
    assert!(
        !out.status.success(),
        "{args:?} succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["display_name"].as_str().unwrap().to_string())
        .collect()
}

/// Ada and 张伟明 are VIP customers, Bob a VIP lead, Carol untagged.
fn small_book(d: &Path) -> [i64; 4] {
    [
        add(
            d,
            &[
                "--name",
                "Ada Lovelace",
                "--tag",
                "VIP",
                "--stage",
                "customer",
                "--company",
                "Acme",
            ],
        ),
        add(d, &["--name", "Bob", "--tag", "vip", "--stage", "lead"]),
        add(d, &["--name", "Carol", "--company", "Acme Labs"]),
        add(
            d,
            &["--name", "张伟明", "--tag", "VIP", "--stage", "customer"],
        ),
    ]
}

#[test]
fn a_segment_is_saved_listed_shown_edited_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_book(d);
    let s = json(&rapport(
        d,
        &["segment", "add", "vips", "--tag", "vip", "--pin", "--json"],
    ));
    assert_eq!(s["segment"]["name"], "vips");
    assert_eq!(s["segment"]["pinned"], true);
    assert_eq!(s["count"], 3);
    assert_eq!(s["segment"]["condition"]["kind"], "tags");
    json(&rapport(
        d,
        &[
            "segment",
            "save",
            "acme customers",
            "--company",
            "acme",
            "--contains",
            "--stage",
            "customer",
            "--json",
        ],
    ));

    let list = json(&rapport(d, &["segment", "list", "--json"]));
    let rows = list["segments"].as_array().unwrap();
    // Pinned first, then by name; the count is today's.
    assert_eq!(rows[0]["segment"]["name"], "vips");
    assert_eq!(rows[0]["count"], 3);
    assert_eq!(rows[1]["segment"]["name"], "acme customers");
    assert_eq!(rows[1]["count"], 1);
    let pinned = json(&rapport(d, &["segment", "list", "--pinned", "--json"]));
    assert_eq!(pinned["segments"].as_array().unwrap().len(), 1);
    let text = rapport(d, &["segment", "list"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("vips") && text.contains("pinned"), "{text}");

    let m = json(&rapport(d, &["segment", "members", "VIPS", "--json"]));
    assert_eq!(m["total"], 3);
    assert_eq!(names(&m["contacts"]), ["Ada Lovelace", "Bob", "张伟明"]);
    let page = json(&rapport(
        d,
        &[
            "segment", "members", "vips", "--limit", "1", "--offset", "1", "--json",
        ],
    ));
    assert_eq!(
        (page["total"].as_i64(), names(&page["contacts"])),
        (Some(3), vec!["Bob".to_string()])
    );

    // A new condition replaces the old one whole; the pin stays.
    let e = json(&rapport(
        d,
        &[
            "segment",
            "edit",
            "vips",
            "--rename",
            "vip customers",
            "--tag",
            "vip",
            "--stage",
            "customer",
            "--json",
        ],
    ));
    assert_eq!(e["segment"]["name"], "vip customers");
    assert_eq!(e["segment"]["pinned"], true);
    assert_eq!(e["count"], 2);
    assert_eq!(e["segment"]["condition"]["kind"], "all");
    let shown = json(&rapport(d, &["segment", "show", "vip customers", "--json"]));
    assert_eq!(shown["count"], 2);
    let unpinned = json(&rapport(
        d,
        &["segment", "edit", "vip customers", "--unpin", "--json"],
    ));
    assert_eq!(
        (
            unpinned["segment"]["pinned"].as_bool(),
            unpinned["count"].as_i64()
        ),
        (Some(false), Some(2))
    );

    // --any, and a tree given as JSON.
    let p = json(&rapport(
        d,
        &[
            "segment",
            "preview",
            "--stage",
            "lead",
            "--where",
            r#"{"kind":"company","op":"equals","value":"acme labs"}"#,
            "--any",
            "--json",
        ],
    ));
    assert_eq!(p["total"], 2);
    assert_eq!(p["segment"], Value::Null);
    assert_eq!(names(&p["contacts"]), ["Bob", "Carol"]);

    let r = json(&rapport(
        d,
        &["segment", "remove", "vip customers", "--json"],
    ));
    assert_eq!(r["removed"]["name"], "vip customers");
    let list = json(&rapport(d, &["segment", "list", "--json"]));
    assert_eq!(list["segments"].as_array().unwrap().len(), 1);
}

#[test]
fn segment_errors_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_book(d);
    rapport(d, &["segment", "add", "vips", "--tag", "vip"]);
    let e = fails(d, &["segment", "show", "nobody"]);
    assert!(e.contains("there is no segment named 'nobody'"), "{e}");
    let e = fails(d, &["segment", "add", "VIPS", "--tag", "x"]);
    assert!(e.contains("a segment named 'VIPS' exists already"), "{e}");
    let e = fails(d, &["segment", "add", "empty"]);
    assert!(e.contains("a segment needs a condition"), "{e}");
    let e = fails(d, &["segment", "add", "m", "--birthday-month", "13"]);
    assert!(e.contains("birthday months are 1–12"), "{e}");
    let e = fails(d, &["segment", "add", "m", "--recency", "4-x"]);
    assert!(
        e.contains("--recency takes a score or a range 1-5, not '4-x'"),
        "{e}"
    );
    let e = fails(
        d,
        &["segment", "add", "m", "--where", "{\"kind\":\"nope\"}"],
    );
    assert!(e.contains("--where is not a condition tree"), "{e}");
    let e = fails(d, &["segment", "edit", "vips"]);
    assert!(e.contains("nothing to change in segment 'vips'"), "{e}");
    // With --json the error is an object with a stable code.
    let out = rapport(d, &["segment", "members", "nobody", "--json"]);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "invalid_input");
}

#[test]
fn contact_list_and_export_take_a_segment() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_book(d);
    rapport(d, &["segment", "add", "customers", "--stage", "customer"]);
    let list = json(&rapport(
        d,
        &["contact", "list", "--segment", "customers", "--json"],
    ));
    assert_eq!(names(&list), ["Ada Lovelace", "张伟明"]);
    let list = json(&rapport(
        d,
        &[
            "contact",
            "list",
            "--segment",
            "customers",
            "--sort",
            "company",
            "--limit",
            "1",
            "--json",
        ],
    ));
    assert_eq!(list.as_array().unwrap().len(), 1);
    let out = rapport(d, &["export", "--format", "csv", "--segment", "customers"]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("Ada Lovelace") && csv.contains("张伟明") && !csv.contains("Bob"));
    let e = fails(d, &["export", "--format", "csv", "--segment", "nope"]);
    assert!(e.contains("there is no segment named 'nope'"), "{e}");
}

fn tags_of(d: &Path, id: i64) -> Vec<String> {
    let c = json(&rapport(d, &["contact", "show", &id.to_string(), "--json"]));
    c["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bulk_actions_on_a_segment_or_ids_and_undo_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let [ada, bob, carol, zhang] = small_book(d);
    rapport(d, &["segment", "add", "vips", "--tag", "vip"]);

    let dry = json(&rapport(
        d,
        &[
            "bulk",
            "tag",
            "春节",
            "--segment",
            "vips",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(dry["contacts"], 3);
    assert_eq!(dry["ids"], serde_json::json!([ada, bob, zhang]));
    assert!(
        tags_of(d, ada).iter().all(|t| t != "春节"),
        "a dry run changes nothing"
    );

    let tagged = json(&rapport(
        d,
        &["bulk", "tag", "春节", "card", "--segment", "vips", "--json"],
    ));
    assert_eq!(
        (tagged["contacts"].as_i64(), tagged["changed"].as_i64()),
        (Some(3), Some(6))
    );
    // A tag is one tag whatever its case: Bob's "vip" reads as the first spelling, "VIP".
    assert_eq!(tags_of(d, bob), ["VIP", "春节", "card"]);
    let staged = json(&rapport(
        d,
        &[
            "bulk",
            "stage",
            "dormant",
            "--ids",
            &format!("{bob},{carol}"),
            "--json",
        ],
    ));
    assert_eq!(
        (staged["contacts"].as_i64(), staged["changed"].as_i64()),
        (Some(2), Some(2))
    );
    let logged = rapport(
        d,
        &[
            "bulk",
            "log",
            "--segment",
            "vips",
            "--kind",
            "message",
            "--text",
            "sent the new-year card",
            "--direction",
            "outbound",
            "--at",
            "2026-01-28T09:00:00+08:00",
        ],
    );
    let text = String::from_utf8(logged.stdout).unwrap();
    assert!(
        text.starts_with("log message: sent the new-year card: 3 contacts, 3 changes"),
        "{text}"
    );
    let shown = json(&rapport(
        d,
        &["contact", "show", &zhang.to_string(), "--json"],
    ));
    assert_eq!(shown["last_contacted"]["at"], "2026-01-28T01:00:00Z");

    let steps = json(&rapport(d, &["undo", "--list", "--json"]));
    let steps = steps["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[0]["action"], "log");
    assert_eq!(steps[2]["label"], "add tags 春节, card");
    let first = steps[2]["id"].as_i64().unwrap();
    let e = fails(d, &["undo", &first.to_string()]);
    assert!(e.contains("is not the latest"), "{e}");

    let undone = json(&rapport(d, &["undo", "--json"]));
    assert_eq!(undone["action"], "log");
    let shown = json(&rapport(
        d,
        &["contact", "show", &zhang.to_string(), "--json"],
    ));
    assert_eq!(shown["last_contacted"], Value::Null);
    assert!(shown["interactions"].as_array().unwrap().is_empty());
    json(&rapport(d, &["undo", "--json"]));
    let bob_now = json(&rapport(
        d,
        &["contact", "show", &bob.to_string(), "--json"],
    ));
    assert_eq!(bob_now["stage"], "lead");
    let out = rapport(d, &["undo"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("add tags 春节, card (3 contacts)"), "{text}");
    assert_eq!(tags_of(d, bob), ["VIP"]);
    let e = fails(d, &["undo"]);
    assert!(e.contains("there is nothing to undo"), "{e}");
    let steps = json(&rapport(d, &["undo", "--list", "--json"]));
    assert!(steps["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["undone_at"].is_string()));
}

#[test]
fn bulk_delete_asks_first_and_is_undone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_book(d);
    rapport(d, &["segment", "add", "vips", "--tag", "vip"]);
    let e = fails(d, &["bulk", "delete", "--segment", "vips"]);
    assert!(
        e.contains("Delete 3 contacts") && e.contains("pass --yes"),
        "{e}"
    );
    let out = json(&rapport(
        d,
        &["bulk", "delete", "--segment", "vips", "--yes", "--json"],
    ));
    assert_eq!(out["contacts"], 3);
    assert_eq!(
        json(&rapport(d, &["contact", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The segment is empty now: acting on it is refused, and no step is written.
    let e = fails(d, &["bulk", "archive", "--segment", "vips"]);
    assert!(e.contains("segment 'vips' has no members now"), "{e}");
    json(&rapport(d, &["undo", "--json"]));
    assert_eq!(
        json(&rapport(d, &["contact", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(json(&rapport(d, &["check", "--json"]))["status"], "ok");
}

#[test]
fn bulk_errors_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_book(d);
    let e = fails(d, &["bulk", "archive"]);
    assert!(e.contains("--segment NAME or --ids"), "{e}");
    let e = fails(d, &["bulk", "archive", "--ids", "1,99"]);
    assert!(e.contains("contact 99 not found"), "{e}");
    let e = fails(d, &["bulk", "cadence", "often", "--ids", "1"]);
    assert!(e.contains("a number of days or none, not 'often'"), "{e}");
    let e = fails(d, &["bulk", "cadence", "0", "--ids", "1"]);
    assert!(e.contains("1–3660"), "{e}");
    let e = fails(d, &["bulk", "opt-out", "fax", "--ids", "1"]);
    assert!(e.contains("fax"), "{e}");
    let e = fails(d, &["bulk", "stage", "none", "--segment", "nope"]);
    assert!(e.contains("there is no segment named 'nope'"), "{e}");
    let steps = json(&rapport(d, &["undo", "--list", "--json"]));
    assert!(steps["steps"].as_array().unwrap().is_empty());
}

#[test]
fn duplicates_are_listed_merged_one_group_or_all_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = add(d, &["--name", "Ada Lovelace", "--email", "ada@example.org"]);
    let b = add(
        d,
        &[
            "--name",
            "Ada L.",
            "--email",
            "ADA@example.org",
            "--tag",
            "vip",
        ],
    );
    let z1 = add(d, &["--name", "張偉明", "--company", "星辰科技"]);
    let z2 = add(d, &["--name", "Zhang Weiming", "--company", "星辰科技"]);
    add(d, &["--name", "李雷"]);
    add(d, &["--name", "李雷"]);

    let list = json(&rapport(d, &["duplicates", "list", "--json"]));
    let groups = list["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "a name alone is not a duplicate: {list}");
    assert_eq!(list["contacts"], 4);
    assert_eq!(groups[0]["keep"], a);
    assert_eq!(groups[0]["reasons"][0]["kind"], "email");
    assert_eq!(groups[0]["reasons"][0]["address"], "ada@example.org");
    assert_eq!(groups[1]["keep"], z1);
    assert_eq!(groups[1]["reasons"][0]["name"], "zhangweiming");
    let text = String::from_utf8(rapport(d, &["duplicates", "list"]).stdout).unwrap();
    assert!(text.contains("keep #1  (email ada@example.org)"), "{text}");
    assert!(text.contains("2 groups, 4 contacts; merge one"), "{text}");

    let one = json(&rapport(
        d,
        &["duplicates", "merge", &b.to_string(), "--json"],
    ));
    assert_eq!(
        (one["groups"].as_i64(), one["merged"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(tags_of(d, a), ["vip"]);
    let e = fails(d, &["duplicates", "merge", &a.to_string()]);
    assert!(
        e.contains(&format!("contact {a} has no likely duplicate")),
        "{e}"
    );
    json(&rapport(d, &["undo", "--json"]));
    assert_eq!(
        json(&rapport(d, &["duplicates", "list", "--json"]))["groups"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let e = fails(d, &["duplicates", "merge", "--all"]);
    assert!(
        e.contains("Merge 2 groups") && e.contains("pass --yes"),
        "{e}"
    );
    let all = json(&rapport(
        d,
        &["duplicates", "merge", "--all", "--yes", "--json"],
    ));
    assert_eq!(
        (all["groups"].as_i64(), all["merged"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        json(&rapport(d, &["contact", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        4
    );
    json(&rapport(d, &["undo", "--json"]));
    assert_eq!(
        json(&rapport(d, &["contact", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        6
    );

    // Groups given by hand: the first id keeps.
    let given = json(&rapport(
        d,
        &[
            "duplicates",
            "merge",
            "--group",
            &format!("{z2},{z1}"),
            "--json",
        ],
    ));
    assert_eq!(given["merged"], 1);
    let kept = json(&rapport(d, &["contact", "show", &z2.to_string(), "--json"]));
    assert_eq!(kept["display_name"], "Zhang Weiming");
    let e = fails(d, &["contact", "show", &z1.to_string()]);
    assert!(e.contains("not found"), "{e}");
    let e = fails(d, &["duplicates", "merge", "--group", "1,x"]);
    assert!(e.contains("--group takes contact ids like 3,7,12"), "{e}");
}

fn date_in(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

fn control_ids(d: &Path, name: &str) -> Vec<i64> {
    let shown = json(&rapport(
        d,
        &["campaign", "show", name, "--tz", "UTC", "--json"],
    ));
    shown["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["arm"] == "control")
        .map(|m| m["contact_id"].as_i64().unwrap())
        .collect()
}

#[test]
fn a_campaign_is_created_shown_reported_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ids: Vec<i64> = (0..12)
        .map(|n| {
            add(
                d,
                &[
                    "--name",
                    &format!("客户{n:02}"),
                    "--tag",
                    "春节",
                    "--email",
                    &format!("c{n}@example.cn"),
                ],
            )
        })
        .collect();
    rapport(d, &["settings", "set", "currency", "CNY"]);
    rapport(d, &["segment", "add", "new year", "--tag", "春节"]);
    json(&rapport(
        d,
        &[
            "bulk",
            "opt-out",
            "email",
            "--ids",
            &ids[11].to_string(),
            "--json",
        ],
    ));
    let (start, end) = (date_in(0), date_in(3));
    let create = |name: &str| {
        rapport(
            d,
            &[
                "campaign",
                "create",
                name,
                "--segment",
                "new year",
                "--channel",
                "email",
                "--start",
                &start,
                "--end",
                &end,
                "--offer",
                "10% off",
                "--cost",
                "600",
                "--control",
                "25%",
                "--seed",
                "2026",
                "--daily-cap",
                "2",
                "--tz",
                "UTC",
                "--json",
            ],
        )
    };
    let created = json(&create("New year"));
    let c = &created["campaign"];
    // 12 members, one opted out of email: 11 reachable, round(0.25 × 11) = 3 held out.
    assert_eq!(
        (
            c["treatment"].as_i64(),
            c["control"].as_i64(),
            c["excluded_opted_out"].as_i64()
        ),
        (Some(8), Some(3), Some(1))
    );
    assert_eq!(
        (c["seed"].as_i64(), c["control_permille"].as_i64()),
        (Some(2026), Some(250))
    );
    assert_eq!(c["cost_minor"], 60_000);
    assert_eq!(c["currency"], "CNY");

    let shown = json(&rapport(
        d,
        &["campaign", "show", "new year", "--tz", "UTC", "--json"],
    ));
    let members = shown["members"].as_array().unwrap();
    assert_eq!(members.len(), 11);
    assert!(members.iter().all(|m| m["contact_id"] != ids[11]));
    // Treatment first by due day: 8 over 4 days at most 2 a day.
    let due: Vec<&str> = members[..8]
        .iter()
        .map(|m| m["due_date"].as_str().unwrap())
        .collect();
    assert_eq!(due.iter().filter(|x| **x == start).count(), 2);
    assert_eq!(due.last().copied(), Some(end.as_str()));
    assert!(members[8..]
        .iter()
        .all(|m| m["arm"] == "control" && m["due_date"].is_null()));
    let control = control_ids(d, "new year");
    let treated = members[0]["contact_id"].as_i64().unwrap();

    let e = fails(
        d,
        &["campaign", "outreach", "new year", &control[0].to_string()],
    );
    assert!(e.contains("control group"), "{e}");
    let i = json(&rapport(
        d,
        &[
            "campaign",
            "outreach",
            "new year",
            &treated.to_string(),
            "--text",
            "card",
            "--json",
        ],
    ));
    assert_eq!(
        (i["kind"].as_str(), i["direction"].as_str()),
        (Some("email"), Some("outbound"))
    );
    // The member writes back: a response in the treatment group.
    json(&rapport(
        d,
        &[
            "log",
            &treated.to_string(),
            "--kind",
            "email",
            "--direction",
            "inbound",
            "--text",
            "thanks",
            "--json",
        ],
    ));
    let r = json(&rapport(
        d,
        &["campaign", "report", "new year", "--tz", "UTC", "--json"],
    ));
    assert_eq!(r["complete"], false);
    assert_eq!(
        (
            r["treatment"]["members"].as_i64(),
            r["treatment"]["contacted"].as_i64(),
            r["treatment"]["responders"].as_i64()
        ),
        (Some(8), Some(1), Some(1))
    );
    assert_eq!(
        (
            r["control"]["members"].as_i64(),
            r["control"]["responders"].as_i64()
        ),
        (Some(3), Some(0))
    );
    assert_eq!(r["treatment"]["rate"], 0.125);
    // By hand, z = 1.959964: Wilson 1/8 = (0.022418, 0.470888), Wilson 0/3 = (0, 0.561497);
    // Newcombe low = 0.125 − √(0.102582² + 0.561497²) = −0.445791, high = 0.125 +
    // √(0.345888² + 0²) = 0.470888.
    let lift = &r["lift"];
    assert_eq!(lift["difference"], 0.125);
    assert!(
        (lift["low"].as_f64().unwrap() - -0.445791).abs() < 2e-6,
        "{lift}"
    );
    assert!(
        (lift["high"].as_f64().unwrap() - 0.470888).abs() < 2e-6,
        "{lift}"
    );
    // ¥600 for one response; above control ¥600 / (0.125 × 8) = ¥600.
    assert_eq!(r["cost_per_response_minor"], 60_000.0);
    assert_eq!(r["cost_per_incremental_response_minor"], 60_000.0);
    assert_eq!(r["responders"][0]["contact_id"], treated);
    let text =
        String::from_utf8(rapport(d, &["campaign", "result", "new year", "--tz", "UTC"]).stdout)
            .unwrap();
    assert!(
        text.contains("lift +12.5 points, 95% interval -44.6 to +47.1"),
        "{text}"
    );
    assert!(text.contains("cost per response CNY 600.00"), "{text}");

    // Once outreach is logged its creation stays; a second campaign with the same seed
    // and members holds out the same control group, and its creation is undone.
    let e = fails(d, &["campaign", "undo", "new year"]);
    assert!(e.contains("outreach was logged to 1 member"), "{e}");
    json(&create("New year again"));
    assert_eq!(control_ids(d, "new year again"), control);
    let e = fails(
        d,
        &[
            "campaign",
            "create",
            "new year",
            "--segment",
            "new year",
            "--channel",
            "email",
            "--end",
            &end,
        ],
    );
    assert!(
        e.contains("a campaign named 'new year' exists already"),
        "{e}"
    );
    let undone = json(&rapport(
        d,
        &["campaign", "undo", "new year again", "--json"],
    ));
    assert_eq!(undone["action"], "create_campaign");
    let list = json(&rapport(d, &["campaign", "list", "--json"]));
    let list = list["campaigns"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "New year");
    // The undone campaign's follow-ups went with it: one outreach a treatment member left.
    for m in &members[..8] {
        let id = m["contact_id"].as_i64().unwrap().to_string();
        let f = json(&rapport(d, &["followup", "list", &id, "--json"]));
        assert_eq!(f.as_array().map(Vec::len), Some(1), "{f}");
    }
    for id in &control {
        let f = json(&rapport(
            d,
            &["followup", "list", &id.to_string(), "--json"],
        ));
        assert_eq!(f.as_array().map(Vec::len), Some(0), "{f}");
    }
}

#[test]
fn campaign_errors_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_book(d);
    rapport(d, &["segment", "add", "vips", "--tag", "vip"]);
    let base = ["campaign", "create", "x", "--segment", "vips"];
    let run = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        fails(d, &a)
    };
    let e = run(&["--channel", "fax", "--end", "2030-01-01"]);
    assert!(
        e.contains("'fax' is not one of call, email, message, visit, mail"),
        "{e}"
    );
    let e = run(&[
        "--channel",
        "call",
        "--start",
        "2030-01-05",
        "--end",
        "2030-01-01",
    ]);
    assert!(
        e.contains("it ends (2030-01-01) before it starts (2030-01-05)"),
        "{e}"
    );
    let e = run(&[
        "--channel",
        "call",
        "--end",
        "2030-01-01",
        "--control",
        "95%",
    ]);
    assert!(e.contains("0.95 is not between 0 and 0.9"), "{e}");
    let e = run(&[
        "--channel",
        "call",
        "--end",
        "2030-01-01",
        "--control",
        "lots",
    ]);
    assert!(
        e.contains("--control takes a share like 10% or 0.1, not 'lots'"),
        "{e}"
    );
    let e = run(&["--channel", "call", "--end", "someday"]);
    assert!(
        e.contains("'someday' is not a date in the form YYYY-MM-DD"),
        "{e}"
    );
    let e = fails(d, &["campaign", "report", "nope"]);
    assert!(e.contains("there is no campaign named 'nope'"), "{e}");
    let list = json(&rapport(d, &["campaign", "list", "--json"]));
    assert!(list["campaigns"].as_array().unwrap().is_empty());
}

#[test]
fn the_value_risk_matrix_is_counted_and_saved_as_segments() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_book(d);
    let m = json(&rapport(d, &["segment", "matrix", "--json"]));
    let rows = m["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "pyramid tiers: {m}");
    assert_eq!(rows[0]["tier"], "vip");
    assert_eq!(rows[0]["cells"].as_array().unwrap().len(), 3);
    let saved = json(&rapport(d, &["segment", "matrix", "--save", "--json"]));
    assert_eq!(saved["saved"].as_array().unwrap().len(), 12);
    assert_eq!(saved["saved"][0], "vip · steady");
    let list = json(&rapport(d, &["segment", "list", "--json"]));
    assert_eq!(list["segments"].as_array().unwrap().len(), 12);
}

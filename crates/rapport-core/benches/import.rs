//! Import speed and memory: Rapport importing a Google Contacts CSV (decode,
//! parse, map, normalise phones, dedup, store, index) next to the `sqlite3` CLI
//! writing the same rows into Rapport's own schema with an FTS5 index (the
//! floor for the same work) and `sqlite3 .import` of the file into a bare table;
//! a 1,000-row import as a whole process; undo of a batch next to its import;
//! and the peak memory of importing a small and a large file, to show memory
//! stays flat and time linear.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use rapport_core::datagen_csv::{write_contacts_csv, CsvLayout};
use rapport_core::import::{self, ImportOptions};
use rapport_core::ContactBook;
use support::{data_dir, measure, note, quick, row, Stats};

fn csv_file(layout: CsvLayout, n: usize) -> PathBuf {
    let name = format!("{layout:?}-{n}.csv").to_lowercase();
    let path = data_dir().join(name);
    if !path.exists() {
        let tmp = path.with_extension("part");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp).expect("create csv"));
        write_contacts_csv(42, n, layout, &mut f).expect("write csv");
        drop(f);
        std::fs::rename(&tmp, &path).expect("rename csv");
    }
    path
}

fn fresh_dir(tag: &str) -> PathBuf {
    let dir = data_dir().join("tmp").join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn import_into(dir: &Path, file: &Path) -> u64 {
    let mut book = ContactBook::open(dir).expect("open");
    let report = import::import_file(
        &mut book,
        file,
        &ImportOptions::default(),
        Utc::now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .expect("import");
    report.counts.created
}

/// A memory figure of this process from /proc/self/status (`VmHWM`, `RssAnon`...), in MiB.
fn status_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Runs `f` while sampling the anonymous (heap) memory every 20 ms; returns its peak
/// in MiB. VmHWM also counts the mapped index and database files the kernel can drop.
fn peak_anon_during(f: impl FnOnce()) -> f64 {
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        let sampler = s.spawn(|| {
            let mut peak: f64 = 0.0;
            while !done.load(Ordering::Relaxed) {
                peak = peak.max(status_mib("RssAnon"));
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            peak.max(status_mib("RssAnon"))
        });
        f();
        done.store(true, Ordering::Relaxed);
        sampler.join().unwrap_or(f64::NAN)
    })
}

/// What one import in a child process of this benchmark measured.
struct Child {
    /// Peak resident memory (MiB).
    hwm: f64,
    /// Peak anonymous (heap) memory (MiB).
    anon: f64,
    /// The whole process, start to exit, as the parent saw it.
    wall: Duration,
    /// Its CPU time, every thread, user + system.
    cpu: Duration,
}

/// A 1,000-row import in the running app: through the command (`api::import_run`: a file
/// this small imports on the open index writer; a large one runs behind the user's reads,
/// letting go of the writer to make one at the job's priority, which cost a small import
/// 1.49× its time), next to the same import called on the open book directly. Each import
/// comes after an edit, so a writer is open as in real use; the two alternate over files
/// of other seeds on one growing book.
fn session_import(reps: usize) {
    use rapport_core::api::{self, Env, ImportFileRequest, Session};
    use rapport_core::ContactDraft;

    let dir = fresh_dir("session");
    let session = Session::open(&dir, None).expect("session");
    let env = Env {
        now: Utc::now(),
        system_zone: chrono_tz::UTC,
        locale: "en_US.UTF-8".into(),
        desktop: None,
    };
    let mut command = Vec::new();
    let mut direct = Vec::new();
    for i in 0..reps * 2 {
        let file = data_dir().join(format!("google-1000-seed{i}.csv"));
        if !file.exists() {
            let mut f = std::io::BufWriter::new(std::fs::File::create(&file).expect("csv"));
            write_contacts_csv(1_000 + i as u64, 1_000, CsvLayout::Google, &mut f).expect("csv");
        }
        {
            let mut book = session.write().expect("writer");
            book.add_contact(ContactDraft::named(&format!("Edit {i}")), env.now)
                .expect("edit");
        }
        let t = Instant::now();
        let created = if i % 2 == 0 {
            let request = ImportFileRequest {
                path: file.display().to_string(),
                options: ImportOptions::default(),
                sample_rows: None,
            };
            let report = api::import_run(&session, &env, request).expect("import_run");
            command.push(t.elapsed());
            report.counts.created
        } else {
            let mut book = session.write().expect("writer");
            let report = import::import_file(
                &mut book,
                &file,
                &ImportOptions::default(),
                env.now,
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .expect("import");
            direct.push(t.elapsed());
            report.counts.created
        };
        assert!(created > 900, "{created} of 1000 rows created");
    }
    row(
        "import",
        "1000 Google CSV rows into an open book, through the command (api::import_run)",
        Stats::of(command),
        Some((
            "the same import called on the open book (writer kept)",
            Stats::of(direct),
        )),
    );
}

/// Runs one import in a child process of this benchmark.
fn child_import(file: &Path, tag: &str) -> Child {
    let dir = fresh_dir(tag);
    let exe = std::env::current_exe().expect("own path");
    let cpu = children_cpu();
    let t = Instant::now();
    let out = Command::new(exe)
        .arg("--child-import")
        .arg(file)
        .arg(&dir)
        .output()
        .expect("child import");
    let wall = t.elapsed();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let mut next = || it.next().unwrap_or(f64::NAN);
    Child {
        hwm: next(),
        anon: next(),
        wall,
        cpu: children_cpu().saturating_sub(cpu),
    }
}

/// Fields 14–17 of /proc/self/stat: user and system time of this process and of
/// its waited-for children, in clock ticks.
fn stat_ticks() -> [u64; 4] {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .skip(11)
        .take(4)
        .filter_map(|v| v.parse().ok())
        .collect();
    [0, 1, 2, 3].map(|i| f.get(i).copied().unwrap_or(0))
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on Linux).
const TICKS: u64 = 100;

/// CPU time of this process so far, every thread, user + system.
fn own_cpu() -> Duration {
    let t = stat_ticks();
    Duration::from_millis((t[0] + t[1]) * 1000 / TICKS)
}

/// CPU time of the finished child processes of this one.
fn children_cpu() -> Duration {
    let t = stat_ticks();
    Duration::from_millis((t[2] + t[3]) * 1000 / TICKS)
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-import") {
        let anon = peak_anon_during(|| {
            import_into(Path::new(&args[i + 2]), Path::new(&args[i + 1]));
        });
        println!("{:.1} {anon:.1}", status_mib("VmHWM"));
        return;
    }
    session_import(if quick() { 5 } else { 9 });
    if args.iter().any(|a| a == "--session-only") {
        return;
    }
    let n = if quick() { 20_000 } else { 100_000 };
    let reps = if quick() { 2 } else { 3 };
    let google = csv_file(CsvLayout::Google, n);

    // Rapport, then the same rows written by sqlite3 into the same schema.
    let mut cpu = Vec::new();
    let ours = measure(reps, || {
        let dir = fresh_dir("import");
        let before = own_cpu();
        let created = import_into(&dir, &google);
        cpu.push(own_cpu().saturating_sub(before));
        created
    });
    let sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();
    if sqlite3 {
        let sql = data_dir().join(format!("google-{n}.same-schema.sql"));
        if !sql.exists() {
            let part = sql.with_extension("part");
            same_schema::write_sql(&data_dir().join("tmp").join("import"), &part);
            std::fs::rename(&part, &sql).expect("rename sql");
        }
        let template = same_schema::template(&fresh_dir("peer-template"));
        let mut peer_cpu = Vec::new();
        let peer = measure(reps, || {
            let dir = fresh_dir("peer");
            std::fs::create_dir_all(&dir).expect("dir");
            let db = dir.join("peer.db");
            std::fs::copy(&template, &db).expect("copy template");
            let before = children_cpu();
            let status = Command::new("sqlite3")
                .arg("-bail")
                .arg(&db)
                .stdin(std::fs::File::open(&sql).expect("sql"))
                .stdout(std::process::Stdio::null())
                .status()
                .expect("sqlite3");
            assert!(status.success(), "sqlite3 failed on {}", sql.display());
            peer_cpu.push(children_cpu().saturating_sub(before));
        });
        row(
            "import",
            &format!("{n} Google CSV rows: decode, map, dedup, store, index (committed)"),
            ours,
            Some((
                "sqlite3 CLI: same rows, Rapport's schema + FTS5, 1 transaction, WAL",
                peer,
            )),
        );
        let (ours_cpu, peer_cpu) = (median(cpu), median(peer_cpu));
        note(
            "import",
            &format!(
                "CPU time of that import, every thread (wall {:.2} s)",
                secs(ours.median)
            ),
            &format!("{:.2} s", secs(ours_cpu)),
            &format!("sqlite3, same work (wall {:.2} s)", secs(peer.median)),
            &format!("{:.2} s", secs(peer_cpu)),
            &format!("{:.2}×", secs(ours_cpu) / secs(peer_cpu).max(1e-9)),
        );
        let bare = measure(reps, || {
            let dir = fresh_dir("sqlite3");
            std::fs::create_dir_all(&dir).expect("dir");
            let status = Command::new("sqlite3")
                .arg(dir.join("bare.db"))
                .arg(".mode csv")
                .arg(format!(".import {} contacts", google.display()))
                .status()
                .expect("sqlite3");
            assert!(status.success(), "sqlite3 .import failed");
        });
        row(
            "import",
            &format!("{n} Google CSV rows, as above"),
            ours,
            Some(("sqlite3 .import (bare table)", bare)),
        );
    }

    let gbk = csv_file(CsvLayout::ChineseGbk, n);
    let ours = measure(reps, || {
        let dir = fresh_dir("import-gbk");
        import_into(&dir, &gbk)
    });
    row(
        "import",
        &format!("{n} Chinese GBK CSV rows (detect + decode GBK)"),
        ours,
        None,
    );

    // A small import as the user runs it: a whole process, start to exit,
    // beside the sqlite3 CLI doing the same-schema work for the same rows
    // (its process start, the file's creation and schema included).
    let small_file = csv_file(CsvLayout::Google, 1_000);
    let runs: Vec<Child> = (0..7).map(|_| child_import(&small_file, "small")).collect();
    let walls = Stats::of(runs.iter().map(|c| c.wall).collect());
    let small_cpu = median(runs.iter().map(|c| c.cpu).collect());
    if sqlite3 {
        let dir = fresh_dir("small-source");
        import_into(&dir, &small_file);
        let sql = data_dir().join("tmp").join("google-1000.same-schema.sql");
        same_schema::write_sql(&dir, &sql);
        let template = same_schema::template(&fresh_dir("small-template"));
        let peer: Vec<Duration> = (0..7)
            .map(|_| {
                let dir = fresh_dir("small-peer");
                std::fs::create_dir_all(&dir).expect("dir");
                let db = dir.join("peer.db");
                let t = Instant::now();
                std::fs::copy(&template, &db).expect("copy template");
                let status = Command::new("sqlite3")
                    .arg("-bail")
                    .arg(&db)
                    .stdin(std::fs::File::open(&sql).expect("sql"))
                    .stdout(std::process::Stdio::null())
                    .status()
                    .expect("sqlite3");
                assert!(status.success(), "sqlite3 failed on {}", sql.display());
                t.elapsed()
            })
            .collect();
        let peer = Stats::of(peer);
        note(
            "import",
            "1000 Google CSV rows, whole process, fresh data folder (target < 150 ms)",
            &format!(
                "{:.1} ({:.1}–{:.1})",
                secs(walls.median) * 1e3,
                secs(walls.min) * 1e3,
                secs(walls.max) * 1e3
            ),
            "sqlite3 CLI: same rows, Rapport's schema + FTS5, whole process",
            &format!(
                "{:.1} ({:.1}–{:.1})",
                secs(peer.median) * 1e3,
                secs(peer.min) * 1e3,
                secs(peer.max) * 1e3
            ),
            &format!("{:.2}×", secs(walls.median) / secs(peer.median).max(1e-9)),
        );
    }
    note(
        "import",
        "1000 Google CSV rows, whole process (open, import, index, exit; target < 150 ms)",
        &format!(
            "{:.1} ({:.1}–{:.1})",
            secs(walls.median) * 1e3,
            secs(walls.min) * 1e3,
            secs(walls.max) * 1e3
        ),
        "its CPU time, every thread",
        &format!("{:.1}", secs(small_cpu) * 1e3),
        &format!("{:.2}×", secs(walls.median) / secs(small_cpu).max(1e-9)),
    );

    // Undo of a whole batch, next to the import that made it.
    let dir = fresh_dir("undo");
    let t = Instant::now();
    let created = import_into(&dir, &google);
    let imported = t.elapsed();
    let mut book = ContactBook::open(&dir).expect("open");
    let t = Instant::now();
    let undone = import::undo_import(&mut book, 1, Utc::now()).expect("undo");
    let undo = t.elapsed();
    assert_eq!(undone.removed, created, "undo removes the batch");
    drop(book);
    note(
        "import",
        &format!("undo-import of that {n}-row batch (target ≤ 2× its import)"),
        &format!("{:.1}", secs(undo) * 1e3),
        "the import of the batch",
        &format!("{:.1}", secs(imported) * 1e3),
        &format!("{:.2}×", secs(undo) / secs(imported).max(1e-9)),
    );

    // Memory stays flat and time linear: a 10× and a 50× larger import.
    let big = if quick() { 200_000 } else { 1_000_000 };
    let mid = big / 10;
    let small = 20_000;
    let s = child_import(&csv_file(CsvLayout::Google, small), "mem-small");
    let m = if mid == small {
        None
    } else {
        Some(child_import(&csv_file(CsvLayout::Google, mid), "mem-mid"))
    };
    let b = child_import(&csv_file(CsvLayout::Google, big), "mem-big");
    for (base, rows) in [(m.as_ref(), mid), (Some(&s), small)] {
        let Some(base) = base else { continue };
        note(
            "import",
            &format!(
                "peak resident memory, {big}-row import ({:.1} s)",
                secs(b.wall)
            ),
            &format!("{:.0} MiB", b.hwm),
            &format!("{rows}-row import ({:.1} s)", secs(base.wall)),
            &format!("{:.0} MiB", base.hwm),
            &format!("{:.2}×", b.hwm / base.hwm),
        );
        note(
            "import",
            &format!("peak heap (anonymous) memory, {big}-row import"),
            &format!("{:.0} MiB", b.anon),
            &format!("{rows}-row import"),
            &format!("{:.0} MiB", base.anon),
            &format!("{:.2}×", b.anon / base.anon),
        );
        note(
            "import",
            &format!("time per row, {big}-row import (linear: 1.00×)"),
            &format!("{:.1} µs", secs(b.wall) * 1e6 / big as f64),
            &format!("{rows}-row import"),
            &format!("{:.1} µs", secs(base.wall) * 1e6 / rows as f64),
            &format!(
                "{:.2}×",
                (secs(b.wall) / big as f64) / (secs(base.wall) / rows as f64).max(1e-12)
            ),
        );
    }
    let _ = std::fs::remove_dir_all(data_dir().join("tmp"));
}

/// The fair floor of an import (issue 24): the `sqlite3` CLI writing the rows
/// Rapport stored into Rapport's own schema (its tables and indexes, the child
/// rows, the outbox, the batch's records) plus an FTS5 index over the same
/// searchable text, in one transaction in WAL mode. The SQL is generated from
/// what Rapport's own import of the same file stored (not timed); only sqlite3
/// runs inside the timing.
mod same_schema {
    use std::collections::HashMap;
    use std::fmt::Write as _;
    use std::io::Write as _;
    use std::path::{Path, PathBuf};

    use rapport_core::search::{digits, schema};
    use rapport_core::{ContactBook, ContactId};
    use rusqlite::types::Value;
    use rusqlite::Connection;

    /// Tables holding one contact's rows, keyed by its id.
    const PER_CONTACT: [(&str, &str); 7] = [
        ("contacts", "id"),
        ("contact_emails", "contact_id"),
        ("contact_phones", "contact_id"),
        ("contact_addresses", "contact_id"),
        ("contact_tags", "contact_id"),
        ("custom_fields", "contact_id"),
        ("interactions", "contact_id"),
    ];

    /// The FTS5 table of the peer: the search bench's columns and tokenizer.
    pub const FTS: &str = "CREATE VIRTUAL TABLE contacts_fts USING fts5(name, fields, phones, notes, tokenize = 'trigram')";

    fn columns(c: &Connection, table: &str) -> Vec<String> {
        let mut stmt = c
            .prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0")
            .expect("columns");
        stmt.query_map([table], |r| r.get(0))
            .expect("columns")
            .collect::<rusqlite::Result<_>>()
            .expect("columns")
    }

    fn literal(out: &mut String, v: &Value) {
        match v {
            Value::Null => out.push_str("NULL"),
            Value::Integer(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Real(f) => {
                let _ = write!(out, "{f:?}");
            }
            Value::Text(s) => {
                out.push('\'');
                out.push_str(&s.replace('\'', "''"));
                out.push('\'');
            }
            Value::Blob(b) => {
                out.push_str("X'");
                for byte in b {
                    let _ = write!(out, "{byte:02x}");
                }
                out.push('\'');
            }
        }
    }

    fn tuple(values: &[Value]) -> String {
        let mut s = String::from("(");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            literal(&mut s, v);
        }
        s.push(')');
        s
    }

    /// Every row of `table` as value tuples, with their columns.
    fn rows(c: &Connection, table: &str) -> (Vec<String>, Vec<Vec<Value>>) {
        let cols = columns(c, table);
        let sql = format!(
            "SELECT {} FROM {table}",
            cols.iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut stmt = c.prepare(&sql).expect("select");
        let n = cols.len();
        let rows = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
            .expect("rows")
            .collect::<rusqlite::Result<Vec<Vec<Value>>>>()
            .expect("rows");
        (cols, rows)
    }

    fn insert_head(table: &str, cols: &[String]) -> String {
        format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "))
    }

    /// An empty Rapport database (every migration) with the peer's FTS5 table.
    pub fn template(dir: &Path) -> PathBuf {
        let _ = std::fs::remove_dir_all(dir);
        drop(ContactBook::open(dir).expect("open"));
        let path = dir.join(rapport_core::book::DB_FILE);
        let c = Connection::open(&path).expect("template");
        c.execute_batch(FTS).expect("fts table");
        drop(c);
        path
    }

    /// Writes the peer's SQL for what the book in `imported` holds (one import).
    pub fn write_sql(imported: &Path, out: &Path) {
        let book = ContactBook::open(imported).expect("open imported");
        let c = Connection::open(imported.join(rapport_core::book::DB_FILE)).expect("db");
        let mut per_contact: Vec<(String, HashMap<i64, Vec<String>>)> = Vec::new();
        for (table, key) in PER_CONTACT {
            let (cols, all) = rows(&c, table);
            let k = cols.iter().position(|c| c == key).expect("key column");
            let mut by: HashMap<i64, Vec<String>> = HashMap::new();
            for r in &all {
                let Value::Integer(id) = r[k] else { continue };
                by.entry(id).or_default().push(tuple(r));
            }
            per_contact.push((insert_head(table, &cols), by));
        }
        let mut f = std::io::BufWriter::new(std::fs::File::create(out).expect("sql file"));
        let mut w = |s: &str| f.write_all(s.as_bytes()).expect("write sql");
        w("PRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\nPRAGMA foreign_keys = ON;\n");
        w("PRAGMA cache_size = -32000;\nBEGIN IMMEDIATE;\n");
        // The batch as it started, its tags; the counts are set at the end.
        let (cols, batches) = rows(&c, "import_batches");
        for b in &batches {
            let mut started = b.clone();
            let status = cols.iter().position(|c| c == "status").expect("status");
            started[status] = Value::Text("running".into());
            w(&format!(
                "{}{};\n",
                insert_head("import_batches", &cols),
                tuple(&started)
            ));
        }
        for table in ["tags", "import_tags", "import_changes"] {
            let (cols, all) = rows(&c, table);
            for r in &all {
                w(&format!("{}{};\n", insert_head(table, &cols), tuple(r)));
            }
        }
        let mut after = ContactId(0);
        loop {
            let ids = book
                .store()
                .live_contact_ids_after(after, 2000)
                .expect("ids");
            let Some(last) = ids.last() else { break };
            after = *last;
            let sources = book.store().search_sources(&ids).expect("sources");
            for s in &sources {
                for (head, by) in &per_contact {
                    if let Some(values) = by.get(&s.id.0) {
                        w(&format!("{head}{};\n", values.join(", ")));
                    }
                }
                w(&format!(
                    "INSERT INTO search_outbox (contact_id) VALUES ({});\n",
                    s.id.0
                ));
                let fields = schema::field_texts(s)
                    .into_iter()
                    .map(|(_, _, t)| t)
                    .collect::<Vec<_>>()
                    .join(" ; ");
                let phones = s
                    .phones
                    .iter()
                    .map(|p| {
                        format!(
                            "{} {}",
                            digits::digits_of(&p.raw),
                            digits::digits_of(p.e164.as_deref().unwrap_or(""))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let notes = s
                    .notes
                    .iter()
                    .map(|n| n.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ; ");
                w(&format!(
                    "INSERT INTO contacts_fts (rowid, name, fields, phones, notes) VALUES {};\n",
                    tuple(&[
                        Value::Integer(s.id.0),
                        Value::Text(s.names().join(" ")),
                        Value::Text(fields),
                        Value::Text(phones),
                        Value::Text(notes),
                    ])
                ));
            }
        }
        for b in &batches {
            let set: Vec<String> = cols
                .iter()
                .zip(b)
                .filter(|(c, _)| *c != "id")
                .map(|(c, v)| {
                    let mut s = format!("{c} = ");
                    literal(&mut s, v);
                    s
                })
                .collect();
            w(&format!(
                "UPDATE import_batches SET {} WHERE id = {};\n",
                set.join(", "),
                tuple(&b[..1]).trim_matches(|c| c == '(' || c == ')')
            ));
        }
        w("COMMIT;\n");
        f.flush().expect("flush sql");
    }
}

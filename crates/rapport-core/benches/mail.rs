//! Mail import speed and memory: a generated mbox of 100k messages imported
//! with matching against 100k contacts (headers read, rules applied,
//! interactions written, index updated), next to Python's `mailbox` +
//! `email.parser` reading the same headers of the same file; and the peak
//! memory of importing a small and a 10× larger mbox, to show it stays flat.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono::Utc;
use rapport_core::capture::mail_import::{import_mail, MailImportRequest};
use rapport_core::ContactBook;
use support::{data_dir, measure, note, quick, row};

const ME: &str = "me@rapport.example";

/// An mbox of `n` messages, each between the user and one of `contacts`
/// contacts (every tenth to or from a stranger), with a small body; every
/// twentieth message is from a mailing list.
fn mbox_file(n: usize, contacts: usize) -> PathBuf {
    let path = data_dir().join(format!("mail-{n}.mbox"));
    if path.exists() {
        return path;
    }
    let tmp = path.with_extension("part");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp).expect("create mbox"));
    for i in 0..n {
        let who = if i % 10 == 9 {
            format!("stranger{}@elsewhere.example", i % 500)
        } else {
            format!("contact{}@example.com", (i * 7919) % contacts)
        };
        let (from, to) = if i % 2 == 0 {
            (ME.to_string(), who)
        } else {
            (who, ME.to_string())
        };
        let list = if i % 20 == 19 {
            "List-Id: <news.example.com>\n"
        } else {
            ""
        };
        write!(
            f,
            "From - Mon Dec  1 10:00:00 2026\nReturn-Path: <{from}>\nMessage-ID: <m{i}@rapport.bench>\nDate: Mon, 30 Nov 2026 {:02}:{:02}:00 +0800\nFrom: =?UTF-8?B?5byg5Lyf?= <{from}>\nTo: {to}\nSubject: =?UTF-8?B?57ut5L+d5oql5Lu3?= {i}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n{list}\nHello,\n\nthe quote for order {i} is attached.\nregards, the sales team\n\n",
            (i / 60) % 24,
            i % 60
        )
        .expect("write mbox");
    }
    drop(f);
    std::fs::rename(&tmp, &path).expect("rename mbox");
    path
}

fn fresh_dir(tag: &str) -> PathBuf {
    let dir = data_dir().join("tmp").join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A data folder with `n` contacts, each with one address, kept as a template.
fn book_template(n: usize) -> PathBuf {
    let dir = data_dir().join(format!("mail-contacts-{n}"));
    if dir.join("rapport.db").exists() {
        return dir;
    }
    let mut book = ContactBook::open(&dir).expect("open");
    let drafts = support::addressed_contacts(n);
    book.store_mut()
        .insert_contacts_bulk(&drafts, Utc::now())
        .expect("contacts");
    rapport_core::capture::set_own_addresses(&mut book, &[ME.to_string()]).expect("own");
    book.sync_search().expect("index");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for e in std::fs::read_dir(from).expect("read") {
        let e = e.expect("entry");
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).expect("copy");
        }
    }
}

fn import_into(dir: &Path, file: &Path) -> u64 {
    let mut book = ContactBook::open(dir).expect("open");
    let req = MailImportRequest {
        path: file.to_path_buf(),
    };
    import_mail(
        &mut book,
        &req,
        Utc::now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .expect("import")
    .created
}

/// Python's standard library reading the headers capture reads.
const PYTHON_PEER: &str = r#"
import mailbox, sys
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import getaddresses, parsedate_to_datetime
p = BytesHeaderParser(policy=default)
n = 0
box = mailbox.mbox(sys.argv[1], factory=None, create=False)
for key in box.iterkeys():
    h = p.parse(box.get_file(key))
    str(h.get("Subject", ""))
    getaddresses([str(v) for v in h.get_all("To", []) + h.get_all("From", [])])
    h.get("Message-ID"); h.get("List-Id")
    d = h.get("Date")
    if d: parsedate_to_datetime(str(d))
    n += 1
print(n)
"#;

/// Peak anonymous memory of this process, in MiB.
fn status_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

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

fn child_peak(file: &Path, template: &Path, tag: &str) -> (f64, f64) {
    let dir = fresh_dir(tag);
    copy_dir(template, &dir);
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .arg("--child-import")
        .arg(file)
        .arg(&dir)
        .output()
        .expect("child import");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let mut next = || it.next().unwrap_or(f64::NAN);
    (next(), next())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-import") {
        let t = Instant::now();
        let anon = peak_anon_during(|| {
            import_into(Path::new(&args[i + 2]), Path::new(&args[i + 1]));
        });
        println!("{anon:.1} {:.2}", t.elapsed().as_secs_f64());
        return;
    }
    let n = if quick() { 20_000 } else { 100_000 };
    let reps = if quick() { 2 } else { 3 };
    let template = book_template(n);
    let mbox = mbox_file(n, n);
    let ours = measure(reps, || {
        let dir = fresh_dir("mail");
        copy_dir(&template, &dir);
        import_into(&dir, &mbox)
    });
    let python = Command::new("python3").arg("-c").arg("1").output().is_ok();
    let peer = python.then(|| {
        measure(reps, || {
            let out = Command::new("python3")
                .arg("-c")
                .arg(PYTHON_PEER)
                .arg(&mbox)
                .output()
                .expect("python3");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        })
    });
    row(
        "mail",
        &format!("{n}-message mbox matched against {n} contacts: headers, rules, store, index"),
        ours,
        peer.map(|p| ("Python mailbox + email.parser (headers only, no store)", p)),
    );
    let big = if quick() { 50_000 } else { 200_000 };
    let small = big / 10;
    let (small_anon, _) = child_peak(&mbox_file(small, n), &template, "mail-small");
    let (big_anon, big_secs) = child_peak(&mbox_file(big, n), &template, "mail-big");
    note(
        "mail",
        &format!("peak heap (anonymous) memory, {big}-message mbox ({big_secs:.1} s)"),
        &format!("{big_anon:.0} MiB"),
        &format!("{small}-message mbox"),
        &format!("{small_anon:.0} MiB"),
        &format!("{:.2}×", big_anon / small_anon),
    );
    let _ = std::fs::remove_dir_all(data_dir().join("tmp"));
}

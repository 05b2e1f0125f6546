//! Import speed and memory: Rapport importing a Google Contacts CSV (decode,
//! parse, map, normalise phones, dedup, store, index) next to `sqlite3 .import`
//! of the same file into a bare table; and the peak memory of importing a
//! small and a large file, to show memory stays flat.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono::Utc;
use rapport_core::datagen_csv::{write_contacts_csv, CsvLayout};
use rapport_core::import::{self, ImportOptions};
use rapport_core::ContactBook;
use support::{data_dir, measure, note, quick, row};

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

/// Runs one import in a child process of this benchmark; returns its peak resident
/// memory, its peak anonymous memory (MiB) and its time (s).
fn child_peak(file: &Path, tag: &str) -> (f64, f64, f64) {
    let dir = fresh_dir(tag);
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
    (next(), next(), next())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-import") {
        let t = Instant::now();
        let anon = peak_anon_during(|| {
            import_into(Path::new(&args[i + 2]), Path::new(&args[i + 1]));
        });
        let secs = t.elapsed().as_secs_f64();
        println!("{:.1} {anon:.1} {secs:.2}", status_mib("VmHWM"));
        return;
    }
    let n = if quick() { 20_000 } else { 100_000 };
    let reps = if quick() { 2 } else { 3 };
    let google = csv_file(CsvLayout::Google, n);

    let ours = measure(reps, || {
        let dir = fresh_dir("import");
        import_into(&dir, &google)
    });
    let sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();
    let peer = sqlite3.then(|| {
        measure(reps, || {
            let dir = fresh_dir("sqlite3");
            std::fs::create_dir_all(&dir).expect("dir");
            let status = Command::new("sqlite3")
                .arg(dir.join("bare.db"))
                .arg(".mode csv")
                .arg(format!(".import {} contacts", google.display()))
                .status()
                .expect("sqlite3");
            assert!(status.success(), "sqlite3 .import failed");
        })
    });
    row(
        "import",
        &format!("{n} Google CSV rows: decode, map, dedup, store, index"),
        ours,
        peer.map(|p| ("sqlite3 .import (bare table)", p)),
    );

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

    // Memory stays flat: the peak of a 10× larger import is about the same.
    let big = if quick() { 200_000 } else { 1_000_000 };
    let small = big / 10;
    let (small_peak, small_anon, _) = child_peak(&csv_file(CsvLayout::Google, small), "mem-small");
    let (big_peak, big_anon, big_secs) = child_peak(&csv_file(CsvLayout::Google, big), "mem-big");
    note(
        "import",
        &format!("peak resident memory, {big}-row import ({big_secs:.1} s)"),
        &format!("{big_peak:.0} MiB"),
        &format!("{small}-row import"),
        &format!("{small_peak:.0} MiB"),
        &format!("{:.2}×", big_peak / small_peak),
    );
    note(
        "import",
        &format!("peak heap (anonymous) memory, {big}-row import"),
        &format!("{big_anon:.0} MiB"),
        &format!("{small}-row import"),
        &format!("{small_anon:.0} MiB"),
        &format!("{:.2}×", big_anon / small_anon),
    );
    let _ = std::fs::remove_dir_all(data_dir().join("tmp"));
}

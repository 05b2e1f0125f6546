//! Shared by the benchmarks: timing with repetitions, and the one row format
//! `bench/run` collects into its table.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Median, min and max of repeated timings.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Median.
    pub median: Duration,
    /// Fastest.
    pub min: Duration,
    /// Slowest.
    pub max: Duration,
}

impl Stats {
    /// From raw samples (at least one).
    pub fn of(mut samples: Vec<Duration>) -> Stats {
        samples.sort_unstable();
        Stats {
            median: samples[samples.len() / 2],
            min: samples[0],
            max: samples[samples.len() - 1],
        }
    }

    /// The `p`-th percentile (0–100) of raw samples.
    pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
        samples.sort_unstable();
        let i = ((samples.len() as f64 - 1.0) * p / 100.0).round() as usize;
        samples[i.min(samples.len() - 1)]
    }
}

/// Runs `f` `reps` times and returns the timings.
pub fn measure<T>(reps: usize, mut f: impl FnMut() -> T) -> Stats {
    Stats::of(
        (0..reps.max(1))
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// True when `--quick` was passed or `RAPPORT_BENCH_QUICK` is set.
pub fn quick() -> bool {
    std::env::args().any(|a| a == "--quick") || std::env::var_os("RAPPORT_BENCH_QUICK").is_some()
}

/// Where generated data is cached between runs (`bench/data/` in the repository).
pub fn data_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/data");
    std::fs::create_dir_all(&root).expect("bench/data can be created");
    root
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Prints one result row: `ROW<TAB>group<TAB>what<TAB>rapport median/min/max ms<TAB>peer…<TAB>ratio`.
/// `bench/run` turns these into one table; run alone, they are readable as they are.
pub fn row(group: &str, what: &str, rapport: Stats, peer: Option<(&str, Stats)>) {
    let (peer_name, peer_cell, ratio) = match peer {
        Some((name, p)) => (
            name.to_string(),
            format!("{} ({}–{})", ms(p.median), ms(p.min), ms(p.max)),
            format!(
                "{:.2}×",
                rapport.median.as_secs_f64() / p.median.as_secs_f64().max(1e-9)
            ),
        ),
        None => ("-".into(), "-".into(), "-".into()),
    };
    println!(
        "ROW\t{group}\t{what}\t{} ({}–{})\t{peer_name}\t{peer_cell}\t{ratio}",
        ms(rapport.median),
        ms(rapport.min),
        ms(rapport.max)
    );
}

/// Prints a free-form result row (e.g. a percentile or a memory figure).
pub fn note(group: &str, what: &str, rapport: &str, peer_name: &str, peer: &str, ratio: &str) {
    println!("ROW\t{group}\t{what}\t{rapport}\t{peer_name}\t{peer}\t{ratio}");
}

/// `n` contacts named `Contact i`, each with the address `contact{i}@example.com`
/// (the mail benches match messages against them).
#[allow(dead_code)]
pub fn addressed_contacts(n: usize) -> Vec<rapport_core::ContactDraft> {
    (0..n)
        .map(|i| rapport_core::ContactDraft {
            display_name: format!("Contact {i}"),
            emails: vec![rapport_core::contacts::Email {
                address: format!("contact{i}@example.com"),
                label: None,
            }],
            ..Default::default()
        })
        .collect()
}

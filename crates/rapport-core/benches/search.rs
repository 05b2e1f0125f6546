//! Search at 100k contacts and ~1M interactions: index build time, and p50/p99
//! per keystroke query for each kind of query (prefix, typo, CJK substring,
//! pinyin initials, phone digits, note words), next to an SQLite FTS5 index
//! (trigram tokenizer, LIKE for queries under three characters) over the same
//! texts in the same run. Recall of both is measured against an exact scan
//! with the rules of PRODUCT.md §4 over a sample of contacts.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use rapport_core::search::document::SearchSource;
use rapport_core::search::{digits, highlight, pinyin, query};
use rapport_core::{ContactBook, ContactId};
use rusqlite::Connection;
use support::{data_dir, note, quick, Stats};

/// Results per keystroke query, as the search box shows.
const LIMIT: usize = 20;

/// A tiny deterministic generator, so the query mix is the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// The first keystrokes of a name (1–3 letters): what the palette asks while typing.
    Short,
    Prefix,
    Typo,
    Cjk,
    Initials,
    Phone,
    Note,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Short,
        Kind::Prefix,
        Kind::Typo,
        Kind::Cjk,
        Kind::Initials,
        Kind::Phone,
        Kind::Note,
    ];

    fn label(self) -> &'static str {
        match self {
            Kind::Short => "first keystrokes (`w`, `wa`, `wan`)",
            Kind::Prefix => "prefix (`jenn`)",
            Kind::Typo => "typo (`jhonson`)",
            Kind::Cjk => "CJK substring (`伟明`)",
            Kind::Initials => "pinyin initials (`zwm`)",
            Kind::Phone => "phone digits (`5558123`)",
            Kind::Note => "note words (`proposal`)",
        }
    }

    /// A query of this kind made from contact `s`, when it has what it needs.
    fn query_from(self, s: &SearchSource, rng: &mut Lcg) -> Option<String> {
        let cjk = s.display_name.chars().any(rapport_core::contacts::is_cjk);
        match self {
            Kind::Short if !cjk => {
                let w = s.display_name.split_whitespace().next()?;
                let take = 1 + rng.next(3);
                let q: String = w.chars().take(take).collect::<String>().to_lowercase();
                (q.chars().count() == take && q.chars().all(|c| c.is_ascii_alphabetic()))
                    .then_some(q)
            }
            Kind::Prefix if !cjk => {
                let w = s.display_name.split_whitespace().next()?;
                Some(w.chars().take(4).collect::<String>().to_lowercase())
            }
            Kind::Typo if !cjk => {
                let w: Vec<char> = s.display_name.split_whitespace().last()?.chars().collect();
                if w.len() < 5 {
                    return None;
                }
                let mut t = w.clone();
                let i = 1 + rng.next(w.len() - 3);
                t.swap(i, i + 1);
                (t != w).then(|| t.iter().collect::<String>().to_lowercase() + " ")
            }
            Kind::Cjk if cjk => {
                let c: Vec<char> = s.display_name.chars().collect();
                if c.len() < 3 {
                    return None;
                }
                Some(c[1..3].iter().collect())
            }
            Kind::Initials if cjk => {
                let syl = pinyin::syllables(&s.display_name, s.family_name.as_deref());
                (syl.len() >= 2).then(|| {
                    syl.iter()
                        .filter_map(|x| x.reading.chars().next())
                        .collect()
                })
            }
            Kind::Phone => {
                let p = s.phones.first()?;
                let d = digits::digits_of(p.e164.as_deref().unwrap_or(&p.raw));
                if d.len() < 10 {
                    return None;
                }
                let start = d.len() - 7;
                Some(format!("{}-{}", &d[start..start + 3], &d[start + 3..]))
            }
            Kind::Note => {
                let n = s.notes.get(rng.next(s.notes.len().max(1)))?;
                let words: Vec<&str> = n
                    .text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 5 && w.is_ascii())
                    .collect();
                if words.is_empty() {
                    // A Chinese note: two characters of it.
                    let c: Vec<char> = n
                        .text
                        .chars()
                        .filter(|c| rapport_core::contacts::is_cjk(*c))
                        .collect();
                    return (c.len() >= 4).then(|| c[2..4].iter().collect());
                }
                Some(words[rng.next(words.len())].to_lowercase())
            }
            _ => None,
        }
    }
}

/// The FTS5 peer: one row per contact with the same texts.
fn build_fts(book: &ContactBook, path: &std::path::Path) -> Duration {
    let _ = std::fs::remove_file(path);
    let started = Instant::now();
    let mut c = Connection::open(path).expect("fts db");
    c.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE VIRTUAL TABLE f USING fts5(name, fields, phones, notes, tokenize = 'trigram');",
    )
    .expect("fts schema");
    let tx = c.transaction().expect("tx");
    {
        let mut ins = tx
            .prepare(
                "INSERT INTO f (rowid, name, fields, phones, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .expect("insert");
        let mut after = ContactId(0);
        loop {
            let ids = book
                .store()
                .live_contact_ids_after(after, 2000)
                .expect("ids");
            let Some(last) = ids.last() else { break };
            after = *last;
            for s in book.store().search_sources(&ids).expect("sources") {
                let fields = rapport_core::search::schema::field_texts(&s)
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
                ins.execute(rusqlite::params![
                    s.id.0,
                    s.names().join(" "),
                    fields,
                    phones,
                    notes
                ])
                .expect("insert row");
            }
        }
    }
    tx.commit().expect("commit");
    started.elapsed()
}

/// The FTS5 query for what the user typed: trigram MATCH, or LIKE under three characters.
fn fts_query(c: &Connection, q: &str, limit: Option<usize>) -> Vec<i64> {
    let q = q.trim();
    let phone = digits::phone_like(q);
    let text = phone.clone().unwrap_or_else(|| q.to_string());
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| !w.is_empty())
        .collect();
    let lim = limit.map_or(-1, |l| l as i64);
    if words.iter().any(|w| w.chars().count() < 3) {
        let like = format!("%{}%", words.join("%"));
        let mut s = c
            .prepare_cached(
                "SELECT rowid FROM f WHERE name LIKE ?1 OR fields LIKE ?1 OR notes LIKE ?1 LIMIT ?2",
            )
            .expect("like");
        return s
            .query_map(rusqlite::params![like, lim], |r| r.get(0))
            .expect("q")
            .map(|r| r.expect("row"))
            .collect();
    }
    let m = words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" AND ");
    let sql = if limit.is_some() {
        "SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY rank LIMIT ?2"
    } else {
        "SELECT rowid FROM f WHERE f MATCH ?1 LIMIT ?2"
    };
    let mut s = c.prepare_cached(sql).expect("match");
    s.query_map(rusqlite::params![m, lim], |r| r.get(0))
        .map(|rows| rows.map(|r| r.expect("row")).collect())
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let n = if quick() { 20_000 } else { 100_000 };
    let per_kind = if quick() { 12 } else { 30 };
    let reps = if quick() { 3 } else { 5 };
    let sample_size = if quick() { 500 } else { 1500 };
    let dir = data_dir().join(format!("search-{n}"));
    let generated = !dir.join("rapport.db").exists();
    let mut book = ContactBook::open(&dir).expect("open");
    if generated {
        let p = rapport_core::datagen::populate(book.store_mut(), 42, n, 10, Utc::now())
            .expect("populate");
        eprintln!(
            "generated {} contacts, {} interactions",
            p.contacts, p.interactions
        );
    }
    let contacts = book.store().count_contacts().expect("count");

    // Index build, next to the FTS5 build over the same texts.
    let started = Instant::now();
    book.reindex(&mut |_, _| {}, &Default::default())
        .expect("reindex");
    let build = started.elapsed();
    let fts_path = dir.join("fts5.db");
    let fts_build = build_fts(&book, &fts_path);
    note(
        "search",
        &format!("index build, {contacts} contacts with their history"),
        &format!("{:.1} s", build.as_secs_f64()),
        "SQLite FTS5 (trigram)",
        &format!("{:.1} s", fts_build.as_secs_f64()),
        &format!(
            "{:.2}×",
            build.as_secs_f64() / fts_build.as_secs_f64().max(1e-9)
        ),
    );
    let fts = Connection::open(&fts_path).expect("fts open");

    // The query mix, made from seeded random contacts.
    let mut rng = Lcg(7);
    let max_id = book
        .store()
        .live_contact_ids_after(ContactId(0), usize::MAX >> 1)
        .expect("ids");
    let mut queries: Vec<(Kind, String, ContactId)> = Vec::new();
    for kind in Kind::ALL {
        let mut made = 0;
        let mut tries = 0;
        while made < per_kind && tries < 20_000 {
            tries += 1;
            let id = max_id[rng.next(max_id.len())];
            let s = book.store().search_sources(&[id]).expect("source");
            if let Some(q) = s.first().and_then(|s| kind.query_from(s, &mut rng)) {
                queries.push((kind, q, id));
                made += 1;
            }
        }
    }

    // The exact scan runs over a sample: random contacts plus each query's own.
    let mut sample_ids: Vec<ContactId> = (0..sample_size)
        .map(|_| max_id[rng.next(max_id.len())])
        .collect();
    sample_ids.extend(queries.iter().map(|q| q.2));
    sample_ids.sort();
    sample_ids.dedup();
    let sample = book.store().search_sources(&sample_ids).expect("sample");

    // Warm up both (first-touch page faults are not a keystroke's cost).
    for (_, q, _) in &queries {
        book.search(q, LIMIT).expect("search");
        fts_query(&fts, q, Some(LIMIT));
    }

    let mut all_r = Vec::new();
    let mut all_p = Vec::new();
    for kind in Kind::ALL {
        let mut rt = Vec::new();
        let mut pt = Vec::new();
        let (mut expected, mut r_found, mut p_found) = (0usize, 0usize, 0usize);
        for (_, q, _) in queries.iter().filter(|x| x.0 == kind) {
            for _ in 0..reps {
                let t = Instant::now();
                std::hint::black_box(book.search(q, LIMIT).expect("search"));
                rt.push(t.elapsed());
                let t = Instant::now();
                std::hint::black_box(fts_query(&fts, q, Some(LIMIT)));
                pt.push(t.elapsed());
            }
            let parsed = query::parse(q);
            let truth: HashSet<i64> = sample
                .iter()
                .filter(|s| highlight::matches(&parsed, s))
                .map(|s| s.id.0)
                .collect();
            let rapport: HashSet<i64> = book
                .search_index()
                .expect("index")
                .matching_ids(q)
                .expect("ids")
                .into_iter()
                .map(|i| i.0)
                .collect();
            let peer: HashSet<i64> = fts_query(&fts, q, None).into_iter().collect();
            expected += truth.len();
            r_found += truth.intersection(&rapport).count();
            p_found += truth.intersection(&peer).count();
        }
        let recall = |f: usize| f as f64 / expected.max(1) as f64;
        let (r50, r99) = (
            Stats::percentile(&mut rt, 50.0),
            Stats::percentile(&mut rt, 99.0),
        );
        let (p50, p99) = (
            Stats::percentile(&mut pt, 50.0),
            Stats::percentile(&mut pt, 99.0),
        );
        note(
            "search",
            &format!(
                "{} ({} queries, top {LIMIT})",
                kind.label(),
                rt.len() / reps
            ),
            &format!(
                "p50 {} / p99 {}, recall {:.2}",
                ms(r50),
                ms(r99),
                recall(r_found)
            ),
            "SQLite FTS5 (trigram)",
            &format!(
                "p50 {} / p99 {}, recall {:.2}",
                ms(p50),
                ms(p99),
                recall(p_found)
            ),
            &format!("{:.2}×", r50.as_secs_f64() / p50.as_secs_f64().max(1e-9)),
        );
        all_r.extend(rt);
        all_p.extend(pt);
    }
    let (r50, r99) = (
        Stats::percentile(&mut all_r, 50.0),
        Stats::percentile(&mut all_r, 99.0),
    );
    let (p50, p99) = (
        Stats::percentile(&mut all_p, 50.0),
        Stats::percentile(&mut all_p, 99.0),
    );
    note(
        "search",
        "all query kinds (target p50 < 2 ms, p99 < 15 ms)",
        &format!("p50 {} / p99 {}", ms(r50), ms(r99)),
        "SQLite FTS5 (trigram)",
        &format!("p50 {} / p99 {}", ms(p50), ms(p99)),
        &format!("{:.2}×", r50.as_secs_f64() / p50.as_secs_f64().max(1e-9)),
    );
}

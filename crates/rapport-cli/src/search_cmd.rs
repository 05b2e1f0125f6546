//! `rapport search`, `rapport reindex`, and the index half of `rapport check`.

use std::sync::atomic::AtomicBool;

use anyhow::Result;
use clap::Args;
use rapport_core::search::{FieldMatch, IndexHealth, MatchedField, SearchResults};

use crate::output::{self, pad};
use crate::Ctx;

#[derive(Args)]
pub struct SearchArgs {
    /// What to look for: a name, pinyin (zwm), company, email, phone digits, a word from a note...
    query: String,
    /// At most this many contacts.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub fn search(ctx: &mut Ctx, a: SearchArgs) -> Result<()> {
    let results = ctx.book.search(&a.query, a.limit)?;
    if ctx.json {
        return output::json(&results);
    }
    print_results(&results);
    Ok(())
}

fn field_name(m: &FieldMatch) -> String {
    let base = match m.field {
        MatchedField::Name => "name",
        MatchedField::Company => "company",
        MatchedField::Title => "title",
        MatchedField::Email => "email",
        MatchedField::Phone => "phone",
        MatchedField::Tag => "tag",
        MatchedField::Address => "address",
        MatchedField::Custom => "custom",
        MatchedField::Interaction => "history",
        MatchedField::FollowUp => "follow-up",
    };
    let mut s = base.to_string();
    if let Some(l) = &m.label {
        s.push_str(&format!(" ({l})"));
    }
    if let Some(d) = &m.date {
        s.push_str(&format!(" {}", d.get(..10).unwrap_or(d)));
    }
    s
}

/// A snippet with its matched parts in brackets.
fn snippet_text(m: &FieldMatch) -> String {
    m.snippet
        .iter()
        .map(|p| {
            let t = p.text.replace('\n', " ");
            if p.hit {
                format!("[{t}]")
            } else {
                t
            }
        })
        .collect()
}

fn print_results(r: &SearchResults) {
    if r.hits.is_empty() {
        println!("No contact matches.");
        return;
    }
    for h in &r.hits {
        let archived = if h.archived { "  (archived)" } else { "" };
        println!(
            "{:>7}  {}  {}{archived}",
            h.contact_id,
            pad(&h.display_name, 24),
            h.company.as_deref().unwrap_or("")
        );
        for m in &h.matches {
            println!("         {}  {}", pad(&field_name(m), 28), snippet_text(m));
        }
    }
    if r.total > r.hits.len() {
        println!(
            "\n{} of {} matching contacts shown (--limit N for more)",
            r.hits.len(),
            r.total
        );
    }
}

pub fn reindex(ctx: &mut Ctx) -> Result<()> {
    let started = std::time::Instant::now();
    let bar = if ctx.json {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} contacts {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    };
    let n = ctx.book.reindex(
        &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
        &AtomicBool::new(false),
    )?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    if ctx.json {
        output::json(&serde_json::json!({ "contacts": n, "seconds": seconds }))
    } else {
        println!("search index rebuilt: {n} contacts in {seconds:.1} s");
        Ok(())
    }
}

/// The index half of `check`: synced first, then compared with the store.
pub fn check_index(ctx: &mut Ctx) -> Result<IndexHealth> {
    Ok(ctx.book.check_search()?)
}

pub fn print_index_health(h: &IndexHealth) {
    let status = if h.is_ok() { "ok" } else { "out of step" };
    println!(
        "search index: {status} ({} documents for {} contacts, outbox {}/{}, {} change(s) caught up)",
        h.documents, h.contacts, h.index_seq, h.outbox_head, h.pending_before_sync
    );
}

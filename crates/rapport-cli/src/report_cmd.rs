//! `rapport report` and `rapport tier`.

use anyhow::Result;
use clap::Args;
use rapport_core::deals::format_amount;
use rapport_core::report::{Report, ReportOptions};
use rapport_core::value::TierMethod;

use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Args)]
pub struct ReportArgs {
    /// The day to report on (default: today in the time zone).
    #[arg(long)]
    date: Option<String>,
    /// IANA time zone (default: setting, then the system's).
    #[arg(long)]
    tz: Option<String>,
    /// Weeks the trends cover.
    #[arg(long, default_value_t = 12)]
    weeks: u32,
    /// How many customers' RFM rows to list.
    #[arg(long, default_value_t = 50)]
    rfm_rows: u32,
}

#[derive(Args)]
pub struct TierArgs {
    /// Switch the tier method: pyramid (VIP 1% / major 4% / ordinary 15% / small) or abc.
    #[arg(long)]
    method: Option<String>,
}

pub fn report(ctx: &mut Ctx, a: ReportArgs) -> Result<()> {
    let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
    let date = match a.date {
        Some(d) => clock::parse_date(&d)?,
        None => clock::today(tz),
    };
    let r = ctx.book.report(
        date,
        tz,
        ReportOptions {
            weeks: a.weeks,
            rfm_rows: a.rfm_rows,
        },
    )?;
    if ctx.json {
        return output::json(&r);
    }
    print_report(&r);
    Ok(())
}

fn print_report(r: &Report) {
    let money = |m: i64| format!("{} {}", format_amount(m, &r.currency), r.currency);
    println!(
        "Report, {}: {} customers, revenue {} ({} tiers)",
        r.date,
        r.customers,
        money(r.revenue_minor),
        r.tier_method.as_str()
    );
    println!("\nTiers");
    for t in &r.tiers {
        println!(
            "  {:<9} {:>7}  {}",
            t.tier.as_str(),
            t.customers,
            money(t.revenue_minor)
        );
    }
    println!("\nPipeline (open deals)");
    for s in &r.pipeline {
        let other = if s.other_currency_deals > 0 {
            format!("  (+{} in other currencies)", s.other_currency_deals)
        } else {
            String::new()
        };
        println!(
            "  {} {:>5}  {}{other}",
            pad(&s.name, 28),
            s.open_deals,
            money(s.value_minor)
        );
    }
    println!("\nContacts made per week            Overdue follow-ups");
    for (w, o) in r.interactions_per_week.iter().zip(&r.overdue_trend) {
        println!(
            "  week of {}  {:>6}        {}  {:>6}",
            w.week_start, w.interactions, o.date, o.overdue
        );
    }
    if !r.rfm.is_empty() {
        println!("\nMost valuable customers (RFM)");
        for s in &r.rfm {
            println!(
                "  #{:<6} {} {}  {:<8} {:>4} days  {:>3}×  {}",
                s.contact_id,
                pad(&s.display_name, 20),
                s.code(),
                s.tier.as_str(),
                s.recency_days,
                s.frequency,
                money(s.monetary_minor)
            );
        }
    }
    if !r.drifting.is_empty() {
        println!("\nDrifting away");
        for d in &r.drifting {
            println!(
                "  #{:<6} {} {:<8} usually every {}, silent {} (last purchase {})",
                d.contact_id,
                pad(&d.display_name, 20),
                d.tier.as_str(),
                output::days(d.usual_interval_days, ""),
                output::days(d.days_silent, ""),
                d.last_purchase
            );
        }
    }
    if !r.open_cases.is_empty() {
        println!("\nOpen cases");
        for c in &r.open_cases {
            println!("  {}", crate::case_cmd::row(c));
        }
    }
}

pub fn tier(ctx: &mut Ctx, a: TierArgs) -> Result<()> {
    if let Some(m) = a.method {
        ctx.book.set_tier_method(m.parse::<TierMethod>()?)?;
    }
    let method = ctx.book.tier_method()?;
    let tz = clock::zone(&ctx.book, None)?;
    let scores = ctx.book.rfm(clock::today(tz), tz)?;
    let counts: Vec<(String, usize)> = method
        .tiers()
        .iter()
        .map(|t| {
            (
                t.as_str().to_string(),
                scores.iter().filter(|s| s.tier == *t).count(),
            )
        })
        .collect();
    if ctx.json {
        return output::json(&serde_json::json!({
            "method": method,
            "currency": ctx.book.report_currency()?,
            "tiers": counts.iter().map(|(t, n)| serde_json::json!({ "tier": t, "customers": n })).collect::<Vec<_>>(),
        }));
    }
    println!("tier method: {}", method.as_str());
    for (t, n) in counts {
        println!("  {t:<9} {n:>7}");
    }
    Ok(())
}

//! `rapport today` and `rapport cadence ...`.

use anyhow::Result;
use clap::{Args, Subcommand};
use rapport_core::today::{CadenceRule, RuleKind, TodayItem, TodayList, TodayReason};

use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Args)]
pub struct TodayArgs {
    /// The day to list (default: today in the time zone).
    #[arg(long)]
    date: Option<String>,
    /// IANA time zone, e.g. Asia/Shanghai (default: setting, then the system's).
    #[arg(long)]
    tz: Option<String>,
    /// Every row of every section (default: the first 200 of each, with totals).
    #[arg(long)]
    all: bool,
    /// Every contact due by cadence, beyond the daily workload (setting cadence_workload).
    #[arg(long)]
    more: bool,
}

#[derive(Subcommand)]
pub enum CadenceCmd {
    /// Set the default keep-in-touch cadence for a tag or a stage.
    Set {
        /// The tag.
        #[arg(long, conflicts_with_all = ["stage", "tier"], required_unless_present_any = ["stage", "tier"])]
        tag: Option<String>,
        /// The stage (lead, prospect, customer, dormant, lost).
        #[arg(long, conflicts_with = "tier")]
        stage: Option<String>,
        /// The value tier (vip, major, ordinary, small, a, b, c).
        #[arg(long)]
        tier: Option<String>,
        /// Days.
        #[arg(long)]
        days: u32,
    },
    /// Remove the default for a tag or a stage.
    Clear {
        /// The tag.
        #[arg(long, conflicts_with_all = ["stage", "tier"], required_unless_present_any = ["stage", "tier"])]
        tag: Option<String>,
        /// The stage.
        #[arg(long, conflicts_with = "tier")]
        stage: Option<String>,
        /// The value tier.
        #[arg(long)]
        tier: Option<String>,
    },
    /// List the defaults.
    List,
}

pub fn today(ctx: &mut Ctx, a: TodayArgs) -> Result<()> {
    let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
    let date = match a.date {
        Some(d) => clock::parse_date(&d)?,
        None => clock::today(tz),
    };
    let list = if a.all {
        ctx.book.today_limited(date, tz, None)?
    } else if a.more {
        ctx.book
            .today_with(date, tz, Some(rapport_core::today::SECTION_LIMIT), None)?
    } else {
        ctx.book.today(date, tz)?
    };
    if ctx.json {
        return output::json(&list);
    }
    print_list(&list);
    Ok(())
}

fn print_list(list: &TodayList) {
    println!("Today, {} ({})", list.date, list.date.format("%A"));
    if list.is_empty() {
        println!(
            "\nNothing due. Add follow-ups with `rapport followup add`, set a keep-in-touch cadence \
             with `rapport contact edit ID --cadence DAYS`, or import contacts."
        );
        return;
    }
    let t = &list.totals;
    let sections = [
        ("Overdue", &list.overdue, t.overdue),
        ("Today", &list.today, t.today),
        ("Birthdays and anniversaries", &list.occasions, 0),
        ("Upcoming (next 7 days)", &list.upcoming, t.upcoming),
        (
            "At risk: valuable customers drifting away",
            &list.at_risk,
            0,
        ),
        ("Open service cases", &list.open_cases, 0),
    ];
    for (title, items, total) in sections {
        if items.is_empty() {
            continue;
        }
        let total = (total as usize).max(items.len());
        println!("\n{title} ({total})");
        for i in items {
            println!("  {}", row(i));
        }
        let waiting = if title == "Today" {
            t.waiting as usize
        } else {
            0
        };
        let beyond = total - items.len();
        if waiting > 0 {
            println!(
                "  … {waiting} more waiting by cadence, past today's workload (rapport today --more)"
            );
        }
        if beyond > waiting {
            println!("  … and {} more (rapport today --all)", beyond - waiting);
        }
    }
}

fn row(i: &TodayItem) -> String {
    let what = match i.reason {
        TodayReason::FollowUp => format!(
            "follow-up #{}: {}",
            i.follow_up_id.map(|f| f.0).unwrap_or(0),
            i.text.as_deref().unwrap_or("")
        ),
        TodayReason::AtRisk => match &i.drift {
            Some(d) => format!(
                "{} customer, usually every {}, silent {}",
                d.tier,
                output::days(d.usual_interval_days, ""),
                output::days(d.days_silent, "")
            ),
            None => "at risk".into(),
        },
        TodayReason::ServiceCase => format!(
            "case #{} ({}): {}",
            i.case_id.map(|c| c.0).unwrap_or(0),
            i.severity.map(|s| s.as_str()).unwrap_or(""),
            i.text.as_deref().unwrap_or("").lines().next().unwrap_or("")
        ),
        TodayReason::Cadence => format!(
            "keep in touch every {}",
            output::days(i64::from(i.cadence_days.unwrap_or(0)), "")
        ),
        TodayReason::Birthday => match i.years {
            Some(y) => format!("birthday, turns {y}"),
            None => "birthday".into(),
        },
        TodayReason::Anniversary => match i.years {
            Some(y) => format!("anniversary, {y} years"),
            None => "anniversary".into(),
        },
    };
    let occasion = matches!(i.reason, TodayReason::Birthday | TodayReason::Anniversary);
    let when = match i.days_late {
        _ if occasion => "today".to_string(),
        n if i.reason == TodayReason::ServiceCase => format!("open {}", output::days(n, "")),
        0 => "due today".to_string(),
        n if n > 0 => output::days(n, "late"),
        n => format!("in {} ({})", output::days(-n, ""), i.due_date),
    };
    let last = i
        .last_contacted
        .as_ref()
        .map(|l| format!("last {} {}", l.kind, l.date))
        .unwrap_or_else(|| "never contacted".into());
    let opted_out = if i.opted_out.is_empty() {
        String::new()
    } else {
        let list: Vec<&str> = i.opted_out.iter().map(|c| c.as_str()).collect();
        format!("  [no {}]", list.join("/"))
    };
    format!(
        "#{:<6} {} {} {} {}  {}{opted_out}",
        i.contact_id.0,
        pad(&i.display_name, 20),
        pad(i.company.as_deref().unwrap_or(""), 16),
        pad(&when, 22),
        pad(&last, 24),
        what
    )
}

pub fn cadence(ctx: &mut Ctx, cmd: CadenceCmd) -> Result<()> {
    let target =
        |tag: Option<String>, stage: Option<String>, tier: Option<String>| match (tag, stage, tier)
        {
            (Some(t), _, _) => Ok((RuleKind::Tag, t)),
            (None, Some(s), _) => Ok((RuleKind::Stage, s)),
            (None, None, Some(t)) => Ok((RuleKind::Tier, t)),
            (None, None, None) => Err(anyhow::anyhow!("say which: --tag T, --stage S or --tier T")),
        };
    match cmd {
        CadenceCmd::Set {
            tag,
            stage,
            tier,
            days,
        } => {
            let (kind, name) = target(tag, stage, tier)?;
            ctx.book
                .set_cadence_rule(CadenceRule { kind, name, days })?;
        }
        CadenceCmd::Clear { tag, stage, tier } => {
            let (kind, name) = target(tag, stage, tier)?;
            if !ctx.book.remove_cadence_rule(kind, &name)? {
                anyhow::bail!("there is no cadence default for {kind} '{name}'");
            }
        }
        CadenceCmd::List => {}
    }
    let rules = ctx.book.cadence_rules()?;
    if ctx.json {
        return output::json(&rules);
    }
    if rules.is_empty() {
        println!("No cadence defaults. Example: rapport cadence set --tag VIP --days 14");
    }
    for r in rules {
        println!("{:<6} {}  every {} days", r.kind, pad(&r.name, 16), r.days);
    }
    Ok(())
}

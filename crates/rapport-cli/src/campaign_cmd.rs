//! `rapport campaign ...`: campaigns from a segment, measured against a control group.

use anyhow::Result;
use clap::{Args, Subcommand};
use rapport_core::campaigns::{
    self, ArmResult, Campaign, CampaignDraft, CampaignListRequest, CampaignRef, OutreachRequest,
};
use rapport_core::deals::{format_amount, parse_amount};
use rapport_core::ContactId;

use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Args)]
pub struct CampaignArgs {
    #[command(subcommand)]
    cmd: CampaignCmd,
    /// IANA time zone of the campaign's days (default: setting, then system).
    #[arg(long, global = true)]
    tz: Option<String>,
}

#[derive(Subcommand)]
enum CampaignCmd {
    /// Create a campaign from a saved segment's members now: a seeded control group is
    /// held out, the others get outreach follow-ups spread over the days (undo with
    /// `rapport campaign undo NAME`).
    Create {
        /// Its name (unique).
        name: String,
        /// The saved segment it reaches.
        #[arg(long)]
        segment: String,
        /// call, email, message, visit or mail.
        #[arg(long)]
        channel: String,
        /// First day, YYYY-MM-DD (default today).
        #[arg(long)]
        start: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: String,
        /// What is offered.
        #[arg(long)]
        offer: Option<String>,
        /// What it costs, in the report currency (e.g. 600 or 1234.50).
        #[arg(long)]
        cost: Option<String>,
        /// Share held out as control: 10%, 0.1 (default 10%).
        #[arg(long)]
        control: Option<String>,
        /// Seed of the control group's draw (default: from the time of creation; shown).
        #[arg(long)]
        seed: Option<u64>,
        /// Most outreach follow-ups a day (default 20).
        #[arg(long)]
        daily_cap: Option<u32>,
        /// Days a member's response is counted in (default 30).
        #[arg(long)]
        window: Option<u32>,
    },
    /// Every campaign, newest first.
    List,
    /// A campaign and its members (treatment by due day, then control).
    Show {
        /// Its name.
        name: String,
    },
    /// Response per group, the lift with its 95% interval, cost per response, responders.
    #[command(visible_alias = "result")]
    Report {
        /// Its name.
        name: String,
    },
    /// Log the outreach to a treatment member (completes their follow-up).
    Outreach {
        /// The campaign's name.
        name: String,
        /// The member's contact id.
        contact_id: i64,
        /// What was said or sent.
        #[arg(long)]
        text: Option<String>,
    },
    /// Undo a campaign's creation: it, its members and their follow-ups go (refused once
    /// outreach was logged).
    Undo {
        /// Its name.
        name: String,
    },
}

fn share(s: &str) -> Result<f64> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
        None => t.parse::<f64>(),
    };
    v.ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| anyhow::anyhow!("--control takes a share like 10% or 0.1, not '{s}'"))
}

pub fn run(ctx: &mut Ctx, a: CampaignArgs) -> Result<()> {
    let now = clock::now();
    let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
    match a.cmd {
        CampaignCmd::Create {
            name,
            segment,
            channel,
            start,
            end,
            offer,
            cost,
            control,
            seed,
            daily_cap,
            window,
        } => {
            let currency = ctx.book.report_currency()?;
            let draft = CampaignDraft {
                name,
                segment,
                channel: channel.parse()?,
                starts_on: match start {
                    Some(s) => clock::parse_date(&s)?,
                    None => clock::today(tz),
                },
                ends_on: clock::parse_date(&end)?,
                offer,
                cost_minor: cost.map(|c| parse_amount(&c, &currency)).transpose()?,
                control_share: control.as_deref().map(share).transpose()?,
                seed,
                daily_cap,
                window_days: window,
            };
            let created = campaigns::create_campaign(&mut ctx.book, draft, now, tz)?;
            if ctx.json {
                return output::json(&created);
            }
            let c = &created.campaign;
            println!("created campaign '{}' (#{})", c.name, c.id.0);
            print_campaign(c);
            println!("undo with `rapport campaign undo '{}'`", c.name);
            Ok(())
        }
        CampaignCmd::List => {
            let list = campaigns::list_campaigns(&ctx.book, CampaignListRequest {}, now, tz)?;
            if ctx.json {
                return output::json(&list);
            }
            if list.campaigns.is_empty() {
                println!("No campaigns. Create one from a segment with `rapport campaign create NAME --segment S --channel email --end DATE`.");
            }
            for c in &list.campaigns {
                println!(
                    "{}  {}  {} to {}  {:>5} treatment  {:>5} control",
                    pad(&c.name, 24),
                    pad(c.channel.as_str(), 7),
                    c.starts_on,
                    c.ends_on,
                    c.treatment,
                    c.control
                );
            }
            Ok(())
        }
        CampaignCmd::Show { name } => {
            let d = campaigns::show_campaign(&ctx.book, CampaignRef { name }, now, tz)?;
            if ctx.json {
                return output::json(&d);
            }
            println!("campaign '{}' (#{})", d.campaign.name, d.campaign.id.0);
            print_campaign(&d.campaign);
            println!("  contacted    {} of {}", d.contacted, d.campaign.treatment);
            for m in &d.members {
                println!(
                    "  {:>7}  {}  {:<9}  {}",
                    m.contact_id,
                    pad(&m.display_name, 24),
                    m.arm.as_str(),
                    match (m.contacted_at, m.due_date) {
                        (Some(at), _) =>
                            format!("contacted {}", at.with_timezone(&tz).format("%Y-%m-%d")),
                        (None, Some(due)) => format!("due {due}"),
                        (None, None) => String::new(),
                    }
                );
            }
            Ok(())
        }
        CampaignCmd::Report { name } => {
            let r = campaigns::campaign_result(&ctx.book, CampaignRef { name }, now, tz)?;
            if ctx.json {
                return output::json(&r);
            }
            let cur = r.campaign.currency.as_str();
            let money = |minor: f64| format_amount(minor.round() as i64, cur);
            println!(
                "campaign '{}'{}",
                r.campaign.name,
                if r.complete {
                    ""
                } else {
                    "  (windows still open: numbers may change)"
                }
            );
            println!(
                "  {}{:>8}{:>11}{:>8}{:>14}{:>14}",
                pad("group", 10),
                "members",
                "responders",
                "rate",
                format!("revenue {cur}"),
                "per member"
            );
            let arm = |label: &str, a: &ArmResult| {
                println!(
                    "  {}{:>8}{:>11}{:>7.1}%{:>14}{:>14}",
                    pad(label, 10),
                    a.members,
                    a.responders,
                    a.rate * 100.0,
                    format_amount(a.revenue_minor, cur),
                    money(a.revenue_per_member_minor)
                );
            };
            arm("treatment", &r.treatment);
            arm("control", &r.control);
            match &r.lift {
                Some(l) => println!(
                    "  lift {:+.1} points, 95% interval {:+.1} to {:+.1} ({})",
                    l.difference * 100.0,
                    l.low * 100.0,
                    l.high * 100.0,
                    l.method
                ),
                None => println!("  lift: none (a group is empty)"),
            }
            if let Some(c) = r.cost_per_response_minor {
                println!("  cost per response {cur} {}", money(c));
            }
            if let Some(c) = r.cost_per_incremental_response_minor {
                println!("  cost per response above control {cur} {}", money(c));
            }
            if !r.responders.is_empty() {
                println!("  responders:");
            }
            for m in &r.responders {
                println!(
                    "  {:>7}  {}  {:<9}  {}",
                    m.contact_id,
                    pad(&m.display_name, 24),
                    m.arm.as_str(),
                    if m.revenue_minor > 0 {
                        format!("{cur} {}", format_amount(m.revenue_minor, cur))
                    } else {
                        String::new()
                    }
                );
            }
            Ok(())
        }
        CampaignCmd::Outreach {
            name,
            contact_id,
            text,
        } => {
            let i = campaigns::log_outreach(
                &mut ctx.book,
                OutreachRequest {
                    campaign: name,
                    contact_id: ContactId(contact_id),
                    text,
                },
                now,
                tz,
            )?;
            if ctx.json {
                return output::json(&i);
            }
            println!(
                "logged {} #{} for contact {} (outreach done)",
                i.kind, i.id.0, i.contact_id
            );
            Ok(())
        }
        CampaignCmd::Undo { name } => {
            let step = campaigns::undo_campaign(&mut ctx.book, CampaignRef { name }, now, tz)?;
            if ctx.json {
                return output::json(&step);
            }
            println!("undone: {} (step {})", step.label, step.id);
            Ok(())
        }
    }
}

fn print_campaign(c: &Campaign) {
    println!("  segment      {}", c.segment);
    println!("  channel      {}", c.channel);
    println!("  days         {} to {}", c.starts_on, c.ends_on);
    if let Some(o) = &c.offer {
        println!("  offer        {o}");
    }
    if let Some(cost) = c.cost_minor {
        println!(
            "  cost         {} {}",
            c.currency,
            format_amount(cost, &c.currency)
        );
    }
    println!(
        "  groups       {} treatment, {} control ({}% held out, seed {}), {} left out (opted out or do-not-contact)",
        c.treatment,
        c.control,
        f64::from(c.control_permille) / 10.0,
        c.seed,
        c.excluded_opted_out
    );
    println!(
        "  outreach     at most {} a day; responses counted {} days",
        c.daily_cap, c.window_days
    );
}

//! `rapport segment ...`: saved, named queries over contacts, and the value × risk matrix.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use rapport_core::deals::{parse_amount, DealStatus};
use rapport_core::segments::{
    self, Condition, ContactedWhen, MatrixRequest, PlacePart, ScoreRange, SegmentCount,
    SegmentDraft, SegmentEdit, SegmentListRequest, SegmentMembers, SegmentMembersRequest,
    SegmentPreviewRequest, SegmentRef, TagMatch, TextOp,
};
use rapport_core::ContactSummary;

use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Args)]
pub struct SegmentArgs {
    #[command(subcommand)]
    cmd: SegmentCmd,
    /// IANA time zone whose calendar days the conditions use (default: setting, then system).
    #[arg(long, global = true)]
    tz: Option<String>,
}

#[derive(Subcommand)]
enum SegmentCmd {
    /// Save a segment: a name and a condition (the flags below, and/or --where JSON).
    #[command(visible_alias = "save")]
    Add {
        /// Its name (unique, case-insensitively).
        name: String,
        #[command(flatten)]
        cond: ConditionArgs,
        /// Pin it to the app's sidebar.
        #[arg(long)]
        pin: bool,
    },
    /// Saved segments with how many contacts each holds now.
    List {
        /// Only the pinned ones.
        #[arg(long)]
        pinned: bool,
    },
    /// A segment: its condition and its count now.
    Show {
        /// Its name.
        name: String,
    },
    /// The contacts in a segment now, by name.
    Members {
        /// Its name.
        name: String,
        /// At most this many.
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many.
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Rename a segment, give it a new condition (any condition flag replaces the old
    /// condition whole), pin or unpin it.
    Edit {
        /// Its current name.
        name: String,
        /// A new name.
        #[arg(long)]
        rename: Option<String>,
        #[command(flatten)]
        cond: ConditionArgs,
        /// Pin it.
        #[arg(long, conflicts_with = "unpin")]
        pin: bool,
        /// Unpin it.
        #[arg(long)]
        unpin: bool,
    },
    /// Remove a saved segment (its contacts are not touched).
    #[command(visible_alias = "delete")]
    Remove {
        /// Its name.
        name: String,
    },
    /// Who a condition selects now, without saving it.
    Preview {
        #[command(flatten)]
        cond: ConditionArgs,
        /// List at most this many members.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Customers by value tier against risk of leaving; each cell is a segment.
    Matrix {
        /// Save every cell as a segment named `TIER · RISK`.
        #[arg(long)]
        save: bool,
    },
}

/// A condition from flags: each flag given is one condition; they combine with "all"
/// (or "any" with --any), together with the tree of --where.
#[derive(Args, Default)]
pub struct ConditionArgs {
    /// Has this tag (repeat: any of them).
    #[arg(long = "tag", value_name = "TAG")]
    tag_any: Vec<String>,
    /// Has every one of these tags (repeat).
    #[arg(long = "all-tags", value_name = "TAG")]
    tag_all: Vec<String>,
    /// Has none of these tags (repeat).
    #[arg(long = "no-tag", value_name = "TAG")]
    tag_none: Vec<String>,
    /// In this stage (repeat: any of them): lead, prospect, customer, dormant, lost.
    #[arg(long = "stage", value_name = "STAGE")]
    stages: Vec<String>,
    /// A customer in this value tier (repeat): vip, major, ordinary, small, a, b, c.
    #[arg(long = "tier", value_name = "TIER")]
    tiers: Vec<String>,
    /// At this risk of leaving (repeat): steady, at_risk, drifting.
    #[arg(long = "risk", value_name = "RISK")]
    risks: Vec<String>,
    /// RFM recency score range, e.g. 4-5 (or 5).
    #[arg(long, value_name = "LOW-HIGH")]
    recency: Option<String>,
    /// RFM frequency score range.
    #[arg(long, value_name = "LOW-HIGH")]
    frequency: Option<String>,
    /// RFM monetary score range.
    #[arg(long, value_name = "LOW-HIGH")]
    monetary: Option<String>,
    /// Last contacted before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    contacted_before: Option<String>,
    /// Last contacted after this day.
    #[arg(long, value_name = "DATE")]
    contacted_after: Option<String>,
    /// Last contacted between two days, inclusive: FROM..TO.
    #[arg(long, value_name = "FROM..TO")]
    contacted_between: Option<String>,
    /// Never contacted.
    #[arg(long)]
    never_contacted: bool,
    /// The keep-in-touch cadence has lapsed.
    #[arg(long)]
    cadence_lapsed: bool,
    /// Has an open follow-up.
    #[arg(long)]
    open_followup: bool,
    /// Has an open service case.
    #[arg(long)]
    open_case: bool,
    /// Born in this month, 1–12 (repeat).
    #[arg(long = "birthday-month", value_name = "MONTH")]
    birthday_months: Vec<u32>,
    /// An address's city.
    #[arg(long)]
    city: Option<String>,
    /// An address's state or province.
    #[arg(long)]
    region: Option<String>,
    /// An address's country.
    #[arg(long)]
    country: Option<String>,
    /// The company.
    #[arg(long)]
    company: Option<String>,
    /// The source (referral, "import: google.csv"...).
    #[arg(long)]
    source: Option<String>,
    /// Text conditions (city, region, country, company, source, field) match part of the
    /// value instead of the whole.
    #[arg(long)]
    contains: bool,
    /// Created by this import batch (see `rapport imports`).
    #[arg(long, value_name = "BATCH")]
    import_batch: Option<i64>,
    /// A custom field's value: KEY=VALUE (repeat).
    #[arg(long = "field", value_name = "KEY=VALUE")]
    fields: Vec<String>,
    /// Has a deal with this status: open, won or lost (with --deal-from/-to/-min/-max).
    #[arg(long, value_name = "STATUS")]
    deal: Option<String>,
    /// The deal dated on or after this day (won or lost on it, or the open deal's date).
    #[arg(long, value_name = "DATE", requires = "deal")]
    deal_from: Option<String>,
    /// The deal dated on or before this day.
    #[arg(long, value_name = "DATE", requires = "deal")]
    deal_to: Option<String>,
    /// The deal's amount at least this (in the report currency).
    #[arg(long, value_name = "AMOUNT", requires = "deal")]
    deal_min: Option<String>,
    /// The deal's amount at most this.
    #[arg(long, value_name = "AMOUNT", requires = "deal")]
    deal_max: Option<String>,
    /// A condition tree as JSON, e.g. '{"kind":"not","of":{"kind":"open_case"}}'.
    #[arg(long = "where", value_name = "JSON")]
    where_json: Option<String>,
    /// Combine the conditions with "any" instead of "all".
    #[arg(long)]
    any: bool,
}

fn score_range(flag: &str, s: &str) -> Result<ScoreRange> {
    let (lo, hi) = s.split_once('-').unwrap_or((s, s));
    let n = |v: &str| -> Result<u8> {
        v.trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("--{flag} takes a score or a range 1-5, not '{s}'"))
    };
    Ok(ScoreRange {
        min: n(lo)?,
        max: n(hi)?,
    })
}

impl ConditionArgs {
    /// The condition the flags say; `None` when no flag was given.
    fn condition(&self, currency: &str) -> Result<Option<Condition>> {
        let mut of = Vec::new();
        let text_op = if self.contains {
            TextOp::Contains
        } else {
            TextOp::Equals
        };
        for (mode, tags) in [
            (TagMatch::Any, &self.tag_any),
            (TagMatch::All, &self.tag_all),
            (TagMatch::None, &self.tag_none),
        ] {
            if !tags.is_empty() {
                of.push(Condition::Tags {
                    mode,
                    tags: tags.clone(),
                });
            }
        }
        if !self.stages.is_empty() {
            of.push(Condition::Stage {
                stages: self
                    .stages
                    .iter()
                    .map(|s| s.parse())
                    .collect::<rapport_core::Result<_>>()?,
            });
        }
        if !self.tiers.is_empty() {
            of.push(Condition::Tier {
                tiers: self
                    .tiers
                    .iter()
                    .map(|s| s.parse())
                    .collect::<rapport_core::Result<_>>()?,
            });
        }
        if !self.risks.is_empty() {
            of.push(Condition::Risk {
                levels: self
                    .risks
                    .iter()
                    .map(|s| s.replace('-', "_").parse())
                    .collect::<rapport_core::Result<_>>()?,
            });
        }
        if self.recency.is_some() || self.frequency.is_some() || self.monetary.is_some() {
            of.push(Condition::Rfm {
                r: self
                    .recency
                    .as_deref()
                    .map(|s| score_range("recency", s))
                    .transpose()?,
                f: self
                    .frequency
                    .as_deref()
                    .map(|s| score_range("frequency", s))
                    .transpose()?,
                m: self
                    .monetary
                    .as_deref()
                    .map(|s| score_range("monetary", s))
                    .transpose()?,
            });
        }
        if let Some(d) = &self.contacted_before {
            of.push(Condition::LastContacted {
                when: ContactedWhen::Before {
                    date: clock::parse_date(d)?,
                },
            });
        }
        if let Some(d) = &self.contacted_after {
            of.push(Condition::LastContacted {
                when: ContactedWhen::After {
                    date: clock::parse_date(d)?,
                },
            });
        }
        if let Some(range) = &self.contacted_between {
            let (from, to) = range.split_once("..").ok_or_else(|| {
                anyhow::anyhow!(
                    "--contacted-between takes FROM..TO, e.g. 2026-01-01..2026-03-31, not '{range}'"
                )
            })?;
            of.push(Condition::LastContacted {
                when: ContactedWhen::Between {
                    from: clock::parse_date(from)?,
                    to: clock::parse_date(to)?,
                },
            });
        }
        if self.never_contacted {
            of.push(Condition::LastContacted {
                when: ContactedWhen::Never,
            });
        }
        if self.cadence_lapsed {
            of.push(Condition::CadenceLapsed);
        }
        if self.open_followup {
            of.push(Condition::OpenFollowUp);
        }
        if self.open_case {
            of.push(Condition::OpenCase);
        }
        if !self.birthday_months.is_empty() {
            of.push(Condition::BirthdayMonth {
                months: self.birthday_months.clone(),
            });
        }
        for (part, value) in [
            (PlacePart::City, &self.city),
            (PlacePart::Region, &self.region),
            (PlacePart::Country, &self.country),
        ] {
            if let Some(value) = value {
                of.push(Condition::Place {
                    part,
                    op: text_op,
                    value: value.clone(),
                });
            }
        }
        if let Some(value) = &self.company {
            of.push(Condition::Company {
                op: text_op,
                value: value.clone(),
            });
        }
        if let Some(value) = &self.source {
            of.push(Condition::Source {
                op: text_op,
                value: value.clone(),
            });
        }
        if let Some(batch) = self.import_batch {
            of.push(Condition::ImportBatch { batch });
        }
        for f in &self.fields {
            let (key, value) = f.split_once('=').ok_or_else(|| {
                anyhow::anyhow!("--field takes KEY=VALUE, e.g. 微信=zwm88, not '{f}'")
            })?;
            of.push(Condition::CustomField {
                key: key.to_string(),
                op: text_op,
                value: value.to_string(),
            });
        }
        if let Some(status) = &self.deal {
            let amount =
                |s: &Option<String>| s.as_deref().map(|a| parse_amount(a, currency)).transpose();
            of.push(Condition::Deal {
                status: status.parse::<DealStatus>()?,
                from: self
                    .deal_from
                    .as_deref()
                    .map(clock::parse_date)
                    .transpose()?,
                to: self.deal_to.as_deref().map(clock::parse_date).transpose()?,
                min_minor: amount(&self.deal_min)?,
                max_minor: amount(&self.deal_max)?,
            });
        }
        if let Some(json) = &self.where_json {
            let tree: Condition = serde_json::from_str(json)
                .with_context(|| format!("--where is not a condition tree: {json}"))?;
            of.push(tree);
        }
        Ok(match of.len() {
            0 => None,
            1 if !self.any => of.pop(),
            _ if self.any => Some(Condition::any(of)),
            _ => Some(Condition::all(of)),
        })
    }

    /// The condition, required.
    fn required(&self, ctx: &Ctx, what: &str) -> Result<Condition> {
        self.condition(&ctx.book.report_currency()?)?
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{what} needs a condition: e.g. --tag vip, --tier vip --risk drifting, \
                 --contacted-before 2026-01-01, or --where JSON (see `rapport segment add --help`)"
                )
            })
    }
}

pub fn run(ctx: &mut Ctx, a: SegmentArgs) -> Result<()> {
    let now = clock::now();
    let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
    match a.cmd {
        SegmentCmd::Add { name, cond, pin } => {
            let condition = cond.required(ctx, "a segment")?;
            let s = segments::save_segment(
                &mut ctx.book,
                SegmentDraft {
                    name,
                    condition,
                    pinned: pin,
                },
                now,
                tz,
            )?;
            print_count(ctx, &s, "saved")
        }
        SegmentCmd::List { pinned } => {
            let list = segments::list_segments(
                &ctx.book,
                SegmentListRequest {
                    pinned_only: pinned,
                },
                now,
                tz,
            )?;
            if ctx.json {
                return output::json(&list);
            }
            if list.segments.is_empty() {
                println!(
                    "No segments. Save one with `rapport segment add NAME --tag vip` (see --help)."
                );
            }
            for s in &list.segments {
                println!(
                    "{:>7}  {}{}",
                    s.count,
                    pad(&s.segment.name, 28),
                    if s.segment.pinned { "  pinned" } else { "" }
                );
            }
            Ok(())
        }
        SegmentCmd::Show { name } => {
            let s = segments::show_segment(&ctx.book, SegmentRef { name }, now, tz)?;
            print_count(ctx, &s, "")
        }
        SegmentCmd::Members {
            name,
            limit,
            offset,
        } => {
            let m = segments::segment_members(
                &ctx.book,
                SegmentMembersRequest {
                    name,
                    limit,
                    offset,
                },
                now,
                tz,
            )?;
            print_members(ctx, &m)
        }
        SegmentCmd::Edit {
            name,
            rename,
            cond,
            pin,
            unpin,
        } => {
            let condition = cond.condition(&ctx.book.report_currency()?)?;
            let pinned = match (pin, unpin) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            };
            let s = segments::edit_segment(
                &mut ctx.book,
                SegmentEdit {
                    name,
                    rename,
                    condition,
                    pinned,
                },
                now,
                tz,
            )?;
            print_count(ctx, &s, "changed")
        }
        SegmentCmd::Remove { name } => {
            let s = segments::remove_segment(&mut ctx.book, SegmentRef { name }, now, tz)?;
            if ctx.json {
                output::json(&serde_json::json!({ "removed": s }))
            } else {
                println!("removed segment '{}' (its contacts are untouched)", s.name);
                Ok(())
            }
        }
        SegmentCmd::Preview { cond, limit } => {
            let condition = cond.required(ctx, "a preview")?;
            let m = segments::preview_segment(
                &ctx.book,
                SegmentPreviewRequest {
                    condition,
                    limit: Some(limit),
                },
                now,
                tz,
            )?;
            print_members(ctx, &m)
        }
        SegmentCmd::Matrix { save } => {
            let (matrix, saved) = if save {
                let s = segments::save_value_risk_matrix(&mut ctx.book, MatrixRequest {}, now, tz)?;
                (s.matrix, Some(s.saved))
            } else {
                (
                    segments::value_risk_matrix(&ctx.book, MatrixRequest {}, now, tz)?,
                    None,
                )
            };
            if ctx.json {
                return match saved {
                    Some(saved) => output::json(&serde_json::json!({
                        "matrix": matrix, "saved": saved,
                    })),
                    None => output::json(&matrix),
                };
            }
            println!(
                "{}{:>9}{:>9}{:>9}",
                pad("tier", 10),
                "steady",
                "at_risk",
                "drifting"
            );
            for row in &matrix.rows {
                print!("{}", pad(&row.tier.to_string(), 10));
                for cell in &row.cells {
                    print!("{:>9}", cell.count);
                }
                println!();
            }
            if let Some(saved) = saved {
                println!(
                    "saved {} segments ('{}' ... '{}')",
                    saved.len(),
                    saved.first().map(String::as_str).unwrap_or(""),
                    saved.last().map(String::as_str).unwrap_or("")
                );
            }
            Ok(())
        }
    }
}

fn print_count(ctx: &Ctx, s: &SegmentCount, verb: &str) -> Result<()> {
    if ctx.json {
        return output::json(s);
    }
    if !verb.is_empty() {
        println!("{verb} segment '{}' (#{})", s.segment.name, s.segment.id);
    } else {
        println!("segment '{}' (#{})", s.segment.name, s.segment.id);
    }
    println!("  members now  {}", s.count);
    println!(
        "  pinned       {}",
        if s.segment.pinned { "yes" } else { "no" }
    );
    println!(
        "  condition    {}",
        serde_json::to_string(&s.segment.condition)?
    );
    Ok(())
}

/// Prints contact rows as `contact list` does.
pub fn print_rows(list: &[ContactSummary]) {
    for c in list {
        println!(
            "{:>7}  {}  {}  {}",
            c.id,
            pad(&c.display_name, 24),
            pad(c.company.as_deref().unwrap_or(""), 24),
            c.last_contacted
                .as_ref()
                .map(|l| format!("{} {}", l.at.format("%Y-%m-%d"), l.kind))
                .unwrap_or_else(|| "never contacted".into())
        );
    }
}

fn print_members(ctx: &Ctx, m: &SegmentMembers) -> Result<()> {
    if ctx.json {
        return output::json(m);
    }
    print_rows(&m.contacts);
    let shown = m.contacts.len() as u64;
    if shown < m.total {
        println!("({shown} of {} members shown)", m.total);
    } else {
        println!(
            "({} member{})",
            m.total,
            if m.total == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

//! `rapport deal ...`: deals and purchases, and the pipeline's stages.

use anyhow::Result;
use clap::Subcommand;
use rapport_core::deals::{
    format_amount, parse_amount, Deal, DealDraft, DealId, DealQuery, DealStatus,
};
use rapport_core::ContactId;

use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Subcommand)]
pub enum DealCmd {
    /// Record a deal or a purchase (a won deal).
    Add {
        /// Contact id.
        contact_id: i64,
        /// Amount, e.g. 1234.50.
        #[arg(long)]
        amount: String,
        /// The deal's (or purchase's) date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// open, won or lost.
        #[arg(long, default_value = "open")]
        status: String,
        /// Pipeline stage (key or name; see `rapport deal stages`).
        #[arg(long)]
        stage: Option<String>,
        /// Product or service.
        #[arg(long)]
        product: Option<String>,
        /// ISO 4217 currency (default: the `currency` setting).
        #[arg(long)]
        currency: Option<String>,
        /// Time zone for "today" (default: setting, then system).
        #[arg(long)]
        tz: Option<String>,
    },
    /// List deals.
    List {
        /// Only this contact's.
        #[arg(long)]
        contact: Option<i64>,
        /// Only open, won or lost ones.
        #[arg(long)]
        status: Option<String>,
    },
    /// Mark a deal won: a purchase (schedules the satisfaction check).
    Won {
        /// Deal id.
        id: i64,
        /// Date won, YYYY-MM-DD (default today).
        #[arg(long)]
        date: Option<String>,
        /// Time zone for "today".
        #[arg(long)]
        tz: Option<String>,
    },
    /// Mark a deal lost.
    Lost {
        /// Deal id.
        id: i64,
        /// Date lost, YYYY-MM-DD (default today).
        #[arg(long)]
        date: Option<String>,
        /// Time zone for "today".
        #[arg(long)]
        tz: Option<String>,
    },
    /// Move a deal to another pipeline stage.
    Move {
        /// Deal id.
        id: i64,
        /// Stage key or name.
        #[arg(long)]
        to: String,
    },
    /// List the pipeline stages.
    Stages,
    /// Rename a pipeline stage.
    RenameStage {
        /// Stage key or current name.
        stage: String,
        /// New name.
        name: String,
    },
}

pub fn run(ctx: &mut Ctx, cmd: DealCmd) -> Result<()> {
    let now = clock::now();
    match cmd {
        DealCmd::Add {
            contact_id,
            amount,
            date,
            status,
            stage,
            product,
            currency,
            tz,
        } => {
            let today = clock::today(clock::zone(&ctx.book, tz.as_deref())?);
            let currency = rapport_core::deals::normalise_currency(
                &currency.map_or_else(|| ctx.book.report_currency(), Ok)?,
            )?;
            let deal = ctx.book.add_deal(
                DealDraft {
                    contact_id: ContactId(contact_id),
                    product,
                    amount_minor: parse_amount(&amount, &currency)?,
                    currency,
                    date: clock::parse_date(&date)?,
                    status: status.parse()?,
                    stage,
                },
                today,
                now,
            )?;
            print(ctx, &deal, "added")
        }
        DealCmd::List { contact, status } => {
            let deals = ctx.book.deals(&DealQuery {
                contact_id: contact.map(ContactId),
                status: status.as_deref().map(str::parse).transpose()?,
            })?;
            if ctx.json {
                return output::json(&deals);
            }
            let stages = ctx.book.pipeline_stages()?;
            for d in &deals {
                println!("{}", row(d, &stages));
            }
            if deals.is_empty() {
                println!("No deals. Add one with `rapport deal add CONTACT_ID --amount N --date YYYY-MM-DD`.");
            }
            Ok(())
        }
        DealCmd::Won { id, date, tz } => close(ctx, id, DealStatus::Won, date, tz),
        DealCmd::Lost { id, date, tz } => close(ctx, id, DealStatus::Lost, date, tz),
        DealCmd::Move { id, to } => {
            let deal = ctx.book.move_deal(DealId(id), &to, now)?;
            print(ctx, &deal, "moved")
        }
        DealCmd::Stages => stages(ctx, ctx.book.pipeline_stages()?),
        DealCmd::RenameStage { stage, name } => {
            let list = ctx.book.rename_pipeline_stage(&stage, &name)?;
            stages(ctx, list)
        }
    }
}

fn close(
    ctx: &mut Ctx,
    id: i64,
    status: DealStatus,
    date: Option<String>,
    tz: Option<String>,
) -> Result<()> {
    let today = clock::today(clock::zone(&ctx.book, tz.as_deref())?);
    let on = date
        .as_deref()
        .map(clock::parse_date)
        .transpose()?
        .unwrap_or(today);
    let deal = ctx
        .book
        .close_deal(DealId(id), status, on, today, clock::now())?;
    if ctx.json {
        return output::json(&deal);
    }
    print(ctx, &deal, status.as_str())?;
    if let Some(f) = deal.care_follow_up_id {
        let f = ctx.book.follow_up(f)?;
        println!("satisfaction check #{} due {}", f.id, f.due_date);
    }
    Ok(())
}

fn stages(ctx: &Ctx, list: Vec<rapport_core::pipeline::PipelineStage>) -> Result<()> {
    if ctx.json {
        return output::json(&list);
    }
    for s in &list {
        println!("{}  {:<8} {}", pad(&s.key, 22), s.group.to_string(), s.name);
    }
    Ok(())
}

fn row(d: &Deal, stages: &[rapport_core::pipeline::PipelineStage]) -> String {
    let stage = stages
        .iter()
        .find(|s| s.key == d.stage)
        .map_or(d.stage.as_str(), |s| s.name.as_str());
    format!(
        "#{:<6} contact {:<6} {}  {:>14} {}  {:<5} {}  {}",
        d.id,
        d.contact_id,
        d.date,
        format_amount(d.amount_minor, &d.currency),
        d.currency,
        d.status.as_str(),
        pad(stage, 26),
        d.product.as_deref().unwrap_or("")
    )
}

fn print(ctx: &Ctx, d: &Deal, what: &str) -> Result<()> {
    if ctx.json {
        return output::json(d);
    }
    println!(
        "deal #{} {what}: {} {} for contact {} ({}, stage {})",
        d.id,
        format_amount(d.amount_minor, &d.currency),
        d.currency,
        d.contact_id,
        d.status,
        d.stage
    );
    Ok(())
}

//! `rapport bulk ...` (one action on a segment's members or on listed contacts, one
//! undoable step) and `rapport undo` (the journal of those steps).

use anyhow::Result;
use clap::{Args, Subcommand};
use rapport_core::bulk::{
    self, BulkAction, BulkOutcome, BulkRequest, BulkTarget, UndoHistoryRequest, UndoRequest,
};
use rapport_core::store::UndoStepId;
use rapport_core::ContactId;

use crate::output::{self, pad};
use crate::{clock, contact_cmd, Ctx};

#[derive(Args)]
pub struct BulkArgs {
    #[command(subcommand)]
    cmd: BulkCmd,
    /// The members of this saved segment now.
    #[arg(long, global = true, conflicts_with = "ids")]
    segment: Option<String>,
    /// These contacts: ids separated by commas (e.g. 3,7,12).
    #[arg(long, global = true, value_delimiter = ',')]
    ids: Vec<i64>,
    /// Say how many contacts it would touch, and change nothing.
    #[arg(long, global = true)]
    dry_run: bool,
    /// IANA time zone for the segment's dates (default: setting, then system).
    #[arg(long, global = true)]
    tz: Option<String>,
}

#[derive(Subcommand)]
enum BulkCmd {
    /// Add tags.
    Tag {
        /// The tags.
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags.
    Untag {
        /// The tags.
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Set the stage (lead, prospect, customer, dormant, lost), or `none` to clear it.
    Stage {
        /// The stage or none.
        stage: String,
    },
    /// Set the keep-in-touch cadence in days, or `none` to go back to the defaults.
    Cadence {
        /// Days or none.
        days: String,
    },
    /// Opt out of a channel (email, phone, sms, mail), or clear it with --clear.
    OptOut {
        /// The channel.
        channel: String,
        /// Clear the opt-out instead.
        #[arg(long)]
        clear: bool,
    },
    /// Archive.
    Archive,
    /// Delete (restorable with `rapport undo`).
    Delete {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Log one interaction on each ("sent the new-year card").
    Log {
        /// call, email, meeting, message or note.
        #[arg(long)]
        kind: String,
        /// What happened.
        #[arg(long)]
        text: String,
        /// inbound or outbound.
        #[arg(long)]
        direction: Option<String>,
        /// When (RFC 3339, e.g. 2026-11-23T09:30:00+08:00); default now.
        #[arg(long)]
        at: Option<String>,
    },
}

fn none_or<T>(s: &str, parse: impl Fn(&str) -> Result<T>) -> Result<Option<T>> {
    if s.trim().eq_ignore_ascii_case("none") {
        Ok(None)
    } else {
        parse(s).map(Some)
    }
}

pub fn run(ctx: &mut Ctx, a: BulkArgs) -> Result<()> {
    let now = clock::now();
    let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
    let target = match (a.segment, a.ids) {
        (Some(name), _) => BulkTarget::Segment { name },
        (None, ids) if !ids.is_empty() => BulkTarget::Ids {
            ids: ids.into_iter().map(ContactId).collect(),
        },
        _ => anyhow::bail!("say which contacts: --segment NAME or --ids 3,7,12"),
    };
    let mut confirm = false;
    let action = match a.cmd {
        BulkCmd::Tag { tags } => BulkAction::AddTags { tags },
        BulkCmd::Untag { tags } => BulkAction::RemoveTags { tags },
        BulkCmd::Stage { stage } => BulkAction::SetStage {
            stage: none_or(&stage, |s| Ok(s.parse()?))?,
        },
        BulkCmd::Cadence { days } => BulkAction::SetCadence {
            days: none_or(&days, |s| {
                s.trim().parse().map_err(|_| {
                    anyhow::anyhow!("the cadence is a number of days or none, not '{s}'")
                })
            })?,
        },
        BulkCmd::OptOut { channel, clear } => BulkAction::OptOut {
            channel: channel.parse()?,
            opted_out: !clear,
        },
        BulkCmd::Archive => BulkAction::Archive,
        BulkCmd::Delete { yes } => {
            confirm = !yes;
            BulkAction::Delete
        }
        BulkCmd::Log {
            kind,
            text,
            direction,
            at,
        } => BulkAction::Log {
            interaction: kind.parse()?,
            text,
            direction: direction.as_deref().map(str::parse).transpose()?,
            at: at
                .as_deref()
                .map(rapport_core::dates::instant_from_text)
                .transpose()?,
        },
    };
    if a.dry_run || confirm {
        let preview = bulk::preview_bulk(&ctx.book, target.clone(), now, tz)?;
        if a.dry_run {
            return if ctx.json {
                output::json(&serde_json::json!({
                    "dry_run": true, "action": action.describe(), "contacts": preview.contacts,
                    "ids": preview.ids,
                }))
            } else {
                println!(
                    "would {} on {} (nothing changed)",
                    action.describe(),
                    output::count(preview.contacts, "contact")
                );
                Ok(())
            };
        }
        if !contact_cmd::confirm(&format!(
            "Delete {} contacts (undo with `rapport undo`)?",
            preview.contacts
        ))? {
            anyhow::bail!("not deleted");
        }
    }
    let label = action.describe();
    let out = bulk::apply_bulk(&mut ctx.book, BulkRequest { target, action }, now, tz)?;
    print_outcome(ctx, &out, &label)
}

fn print_outcome(ctx: &Ctx, out: &BulkOutcome, label: &str) -> Result<()> {
    if ctx.json {
        return output::json(out);
    }
    println!(
        "{label}: {}, {} (step {}; undo with `rapport undo`)",
        output::count(out.contacts, "contact"),
        output::count(out.changed, "change"),
        out.step
    );
    Ok(())
}

#[derive(Args)]
pub struct UndoArgs {
    /// The step to undo (default: the newest); only the newest standing step can be undone.
    step: Option<i64>,
    /// List the journal's steps instead, newest first.
    #[arg(long, conflicts_with = "step")]
    list: bool,
    /// How many steps --list shows.
    #[arg(long, default_value_t = 20, requires = "list")]
    limit: u32,
}

pub fn undo(ctx: &mut Ctx, a: UndoArgs) -> Result<()> {
    let now = clock::now();
    let tz = clock::zone(&ctx.book, None)?;
    if a.list {
        let h = bulk::undo_history(
            &ctx.book,
            UndoHistoryRequest {
                limit: Some(a.limit),
            },
            now,
            tz,
        )?;
        if ctx.json {
            return output::json(&h);
        }
        if h.steps.is_empty() {
            println!("Nothing to undo: bulk actions, merges of duplicates and new campaigns are listed here.");
        }
        for s in &h.steps {
            println!(
                "{:>5}  {}  {}  {:>6} contacts  {}",
                s.id,
                s.created_at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                pad(&s.label, 40),
                s.contacts,
                s.undone_at
                    .map(|u| format!("undone {}", u.with_timezone(&tz).format("%Y-%m-%d %H:%M")))
                    .unwrap_or_default()
            );
        }
        return Ok(());
    }
    let step = bulk::undo_step(
        &mut ctx.book,
        UndoRequest {
            step: a.step.map(UndoStepId),
        },
        now,
        tz,
    )?;
    if ctx.json {
        return output::json(&step);
    }
    println!(
        "undone step {}: {} ({} contacts)",
        step.id, step.label, step.contacts
    );
    Ok(())
}

//! `rapport followup ...`.

use anyhow::Result;
use chrono::NaiveTime;
use clap::Subcommand;
use rapport_core::{ContactId, FollowUp, FollowUpDraft, FollowUpId};

use crate::{clock, output, Ctx};

#[derive(Subcommand)]
pub enum FollowupCmd {
    /// Add a follow-up to a contact.
    Add {
        /// Contact id.
        contact_id: i64,
        /// Due date, YYYY-MM-DD.
        #[arg(long)]
        due: String,
        /// Optional time of day, HH:MM.
        #[arg(long)]
        time: Option<String>,
        /// What to do.
        #[arg(long, default_value = "")]
        text: String,
    },
    /// Mark a follow-up done.
    Done {
        /// Follow-up id.
        id: i64,
        /// Add the next follow-up this many days from today.
        #[arg(long)]
        next: Option<u32>,
        /// Time zone for "today" (default: setting, then system).
        #[arg(long)]
        tz: Option<String>,
    },
    /// Move a follow-up to a later date.
    Snooze {
        /// Follow-up id.
        id: i64,
        /// New due date, YYYY-MM-DD.
        #[arg(long, conflicts_with = "days")]
        to: Option<String>,
        /// Or: this many days from today.
        #[arg(long)]
        days: Option<u32>,
        /// Time zone for "today".
        #[arg(long)]
        tz: Option<String>,
    },
    /// List a contact's follow-ups.
    List {
        /// Contact id.
        contact_id: i64,
    },
}

pub fn run(ctx: &mut Ctx, cmd: FollowupCmd) -> Result<()> {
    let now = clock::now();
    match cmd {
        FollowupCmd::Add {
            contact_id,
            due,
            time,
            text,
        } => {
            let due_time = time
                .map(|t| {
                    NaiveTime::parse_from_str(&t, "%H:%M")
                        .map_err(|_| anyhow::anyhow!("'{t}' is not a time in the form HH:MM"))
                })
                .transpose()?;
            let f = ctx.book.add_follow_up(
                FollowUpDraft {
                    contact_id: ContactId(contact_id),
                    due_date: clock::parse_date(&due)?,
                    due_time,
                    text,
                },
                now,
            )?;
            print(ctx, &f, "added")
        }
        FollowupCmd::Done { id, next, tz } => {
            let today = clock::today(clock::zone(&ctx.book, tz.as_deref())?);
            let next = ctx
                .book
                .complete_follow_up(FollowUpId(id), next, today, now)?;
            let f = ctx.book.follow_up(FollowUpId(id))?;
            if ctx.json {
                return output::json(&serde_json::json!({ "done": f, "next": next }));
            }
            print(ctx, &f, "done")?;
            if let Some(n) = next {
                print(ctx, &n, "next")?;
            }
            Ok(())
        }
        FollowupCmd::Snooze { id, to, days, tz } => {
            let to = match (to, days) {
                (Some(d), _) => clock::parse_date(&d)?,
                (None, Some(n)) => rapport_core::book::add_days(
                    clock::today(clock::zone(&ctx.book, tz.as_deref())?),
                    n,
                )?,
                (None, None) => anyhow::bail!("say when: --to YYYY-MM-DD or --days N"),
            };
            let f = ctx.book.snooze_follow_up(FollowUpId(id), to)?;
            print(ctx, &f, "snoozed")
        }
        FollowupCmd::List { contact_id } => {
            let list = ctx.book.follow_ups_of(ContactId(contact_id))?;
            if ctx.json {
                return output::json(&list);
            }
            for f in &list {
                println!(
                    "#{:<6} {}  {:<8} {}",
                    f.id,
                    f.due_date,
                    f.status.as_str(),
                    f.text
                );
            }
            Ok(())
        }
    }
}

fn print(ctx: &Ctx, f: &FollowUp, what: &str) -> Result<()> {
    if ctx.json {
        return output::json(f);
    }
    println!(
        "follow-up #{} {what}: due {} for contact {}: {}",
        f.id, f.due_date, f.contact_id, f.text
    );
    Ok(())
}

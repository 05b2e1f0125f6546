//! `rapport case ...`: complaints and service cases.

use anyhow::Result;
use clap::Subcommand;
use rapport_core::cases::{CaseDraft, CaseId, ServiceCase};
use rapport_core::ContactId;

use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Open a case on a contact; it gets a follow-up until it is closed.
    Open {
        /// Contact id.
        contact_id: i64,
        /// What happened.
        #[arg(long)]
        text: String,
        /// low, medium or high.
        #[arg(long, default_value = "medium")]
        severity: String,
        /// When it happened (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        /// First follow-up, YYYY-MM-DD (default today).
        #[arg(long)]
        follow_up: Option<String>,
        /// Time zone for "today".
        #[arg(long)]
        tz: Option<String>,
    },
    /// Close a case with its resolution (completes its follow-up).
    Close {
        /// Case id.
        id: i64,
        /// How it was resolved.
        #[arg(long)]
        resolution: String,
    },
    /// List open cases, or a contact's cases.
    List {
        /// Only this contact's (open and closed).
        #[arg(long)]
        contact: Option<i64>,
    },
}

pub fn run(ctx: &mut Ctx, cmd: CaseCmd) -> Result<()> {
    let now = clock::now();
    match cmd {
        CaseCmd::Open {
            contact_id,
            text,
            severity,
            at,
            follow_up,
            tz,
        } => {
            let today = clock::today(clock::zone(&ctx.book, tz.as_deref())?);
            let opened_at = match at {
                Some(t) => rapport_core::dates::instant_from_text(&t)?,
                None => now,
            };
            let case = ctx.book.open_case(
                CaseDraft {
                    contact_id: ContactId(contact_id),
                    text,
                    severity: severity.parse()?,
                    opened_at,
                    follow_up_on: follow_up
                        .as_deref()
                        .map(clock::parse_date)
                        .transpose()?
                        .unwrap_or(today),
                },
                now,
            )?;
            print(ctx, &case, "opened")
        }
        CaseCmd::Close { id, resolution } => {
            let case = ctx.book.close_case(CaseId(id), &resolution, now)?;
            print(ctx, &case, "closed")
        }
        CaseCmd::List { contact } => {
            let cases = match contact {
                Some(c) => ctx.book.cases_of(ContactId(c))?,
                None => ctx.book.open_cases()?,
            };
            if ctx.json {
                return output::json(&cases);
            }
            for c in &cases {
                println!("{}", row(c));
            }
            if cases.is_empty() {
                println!("No open cases.");
            }
            Ok(())
        }
    }
}

/// One line for a case.
pub fn row(c: &ServiceCase) -> String {
    format!(
        "#{:<6} {} {:<6} {}  {}  {}",
        c.id,
        pad(&c.display_name, 20),
        c.severity.as_str(),
        c.opened_at.format("%Y-%m-%d"),
        if c.is_open() { "open  " } else { "closed" },
        c.text.lines().next().unwrap_or("")
    )
}

fn print(ctx: &Ctx, c: &ServiceCase, what: &str) -> Result<()> {
    if ctx.json {
        return output::json(c);
    }
    println!(
        "case #{} {what} for {} (#{})",
        c.id, c.display_name, c.contact_id
    );
    if let Some(r) = &c.resolution {
        println!("  resolution: {r}");
    } else if let Some(f) = c.follow_up_id {
        let f = ctx.book.follow_up(f)?;
        println!("  follow-up #{} due {}", f.id, f.due_date);
    }
    Ok(())
}

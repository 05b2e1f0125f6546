//! `rapport mail ...` and `rapport calendar import`: interactions captured
//! from mail files and calendars (the rules are in `rapport_core::capture`).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use rapport_core::capture::{
    self,
    calendar::{self, CalendarImportRequest},
    mail_import::{self, MailImportRequest, MailProgress},
    suggestions,
};

use crate::contact_cmd::confirm;
use crate::import_cmd::bar;
use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Subcommand)]
pub enum MailCmd {
    /// Import an mbox file, an .eml file, a Maildir or a folder of them (headers only).
    Import {
        /// The file or folder.
        path: PathBuf,
    },
    /// Your own addresses: mail from them is outbound (`set a@x.com b@y.cn`, `show`).
    #[command(subcommand)]
    Addresses(AddressesCmd),
    /// People you wrote to at least twice who are not contacts.
    #[command(subcommand)]
    Suggestions(SuggestionsCmd),
    /// Undo a mail or calendar import batch (see `rapport imports`).
    Undo(UndoArgs),
}

#[derive(Subcommand)]
pub enum AddressesCmd {
    /// Show them.
    Show,
    /// Replace them (none: clear).
    Set {
        /// The addresses.
        addresses: Vec<String>,
    },
}

#[derive(Subcommand)]
pub enum SuggestionsCmd {
    /// List them.
    List,
    /// Create the contact, with the emails you sent them.
    Accept {
        /// Their address.
        address: String,
    },
    /// Never suggest them again.
    Dismiss {
        /// Their address.
        address: String,
    },
}

#[derive(Args)]
pub struct UndoArgs {
    /// The batch number.
    batch: i64,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// Import the meetings of an .ics file (Google, Outlook, Apple).
    Import {
        /// The .ics file.
        file: PathBuf,
        /// Time zone for floating times and all-day events (default: the setting, else the system's).
        #[arg(long)]
        tz: Option<String>,
    },
}

pub fn run(ctx: &mut Ctx, cmd: MailCmd) -> Result<()> {
    match cmd {
        MailCmd::Import { path } => import(ctx, path),
        MailCmd::Addresses(AddressesCmd::Show) => {
            let own = capture::own_addresses(&ctx.book)?;
            print_addresses(ctx, &own)
        }
        MailCmd::Addresses(AddressesCmd::Set { addresses }) => {
            let own = capture::set_own_addresses(&mut ctx.book, &addresses)?;
            print_addresses(ctx, &own)
        }
        MailCmd::Suggestions(SuggestionsCmd::List) => {
            let list = suggestions::suggestions(&ctx.book)?;
            if ctx.json {
                return output::json(&list);
            }
            if list.is_empty() {
                println!("no suggestions");
            }
            for s in &list {
                println!(
                    "{} {} {} emails, last {}",
                    pad(&s.address, 32),
                    pad(s.name.as_deref().unwrap_or("-"), 20),
                    s.messages,
                    s.last_at.format("%Y-%m-%d")
                );
            }
            Ok(())
        }
        MailCmd::Suggestions(SuggestionsCmd::Accept { address }) => {
            let a = suggestions::accept_suggestion(&mut ctx.book, &address, clock::now())?;
            if ctx.json {
                return output::json(&a);
            }
            println!(
                "contact {} created: {} ({} emails)",
                a.contact.id.0, a.contact.draft.display_name, a.emails
            );
            Ok(())
        }
        MailCmd::Suggestions(SuggestionsCmd::Dismiss { address }) => {
            suggestions::dismiss_suggestion(&mut ctx.book, &address, clock::now())?;
            if ctx.json {
                return output::json(&serde_json::json!({ "dismissed": address }));
            }
            println!("{address} will not be suggested again");
            Ok(())
        }
        MailCmd::Undo(a) => undo(ctx, a),
    }
}

fn print_addresses(ctx: &Ctx, own: &[String]) -> Result<()> {
    if ctx.json {
        return output::json(&serde_json::json!({ "own_addresses": own }));
    }
    if own.is_empty() {
        println!("no own addresses set: every message counts as inbound");
    }
    for a in own {
        println!("{a}");
    }
    Ok(())
}

fn import(ctx: &mut Ctx, path: PathBuf) -> Result<()> {
    let cancel = AtomicBool::new(false);
    let pb = bar(ctx.json);
    let mut progress = |p: &MailProgress| {
        pb.set_length(p.bytes_total);
        pb.set_position(p.bytes_done);
        pb.set_message(format!("{} messages", p.messages));
    };
    let req = MailImportRequest { path };
    let s = mail_import::import_mail(&mut ctx.book, &req, clock::now(), &mut progress, &cancel);
    pb.finish_and_clear();
    let s = s?;
    if ctx.json {
        return output::json(&s);
    }
    println!(
        "mail import {}: {} files, {} messages; {} emails logged, {} already imported, {} with no contact",
        s.batch, s.files, s.messages, s.created, s.already_imported, s.unmatched
    );
    let k = &s.skipped;
    println!(
        "skipped: {} mailing lists, {} no-reply, {} automatic replies, {} with over {} recipients, {} unreadable",
        k.mailing_list, k.no_reply, k.automatic_reply, k.too_many_recipients,
        mail_import::MAX_RECIPIENTS, k.unreadable
    );
    for p in &s.problems {
        eprintln!("  {p}");
    }
    if s.suggestions > 0 {
        println!(
            "{} suggested contacts: rapport mail suggestions list",
            s.suggestions
        );
    }
    if s.own_addresses == 0 {
        println!("note: no own addresses set (rapport mail addresses set you@example.com): nothing was counted as sent by you");
    }
    println!("undo: rapport mail undo {} --yes", s.batch);
    Ok(())
}

fn undo(ctx: &mut Ctx, a: UndoArgs) -> Result<()> {
    let info = rapport_core::import::batches(&ctx.book)?
        .into_iter()
        .find(|b| b.id == a.batch)
        .with_context(|| format!("no import batch {}", a.batch))?;
    if !a.yes && !confirm(&format!("Undo import {} of {}?", info.id, info.source_name))? {
        anyhow::bail!("not undone");
    }
    let s = rapport_core::import::undo_import(&mut ctx.book, a.batch, clock::now())?;
    if ctx.json {
        return output::json(&s);
    }
    println!(
        "import {} undone: {} interactions removed",
        s.batch, s.notes_removed
    );
    Ok(())
}

pub fn calendar(ctx: &mut Ctx, cmd: CalendarCmd) -> Result<()> {
    match cmd {
        CalendarCmd::Import { file, tz } => {
            let zone = clock::zone(&ctx.book, tz.as_deref())?;
            let req = CalendarImportRequest { path: file };
            let s = calendar::import_calendar(&mut ctx.book, &req, clock::now(), zone)?;
            if ctx.json {
                return output::json(&s);
            }
            println!(
                "calendar import {}: {} events, {} occurrences; {} meetings logged, {} already imported, {} with no contact",
                s.batch, s.events, s.occurrences, s.created, s.already_imported, s.unmatched
            );
            println!(
                "skipped: {} cancelled, {} still to come; {} recurring events cut at {} occurrences or {} days back",
                s.cancelled, s.future, s.capped, calendar::MAX_OCCURRENCES, calendar::WINDOW_DAYS
            );
            for z in &s.unknown_zones {
                eprintln!("  unknown time zone '{z}': read in {}", zone.name());
            }
            for p in &s.problems {
                eprintln!(
                    "  event {} ({}): {}",
                    p.event,
                    p.uid.as_deref().unwrap_or("no UID"),
                    p.problem
                );
            }
            println!("undo: rapport mail undo {} --yes", s.batch);
            Ok(())
        }
    }
}

//! `rapport mail ...` and `rapport calendar import`: interactions captured
//! from mail files and calendars (the rules are in `rapport_core::capture`).

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use rapport_core::capture::{
    self,
    calendar::{self, CalendarImportRequest},
    mail_accounts::{self, MailAccountDraft, Security},
    mail_import::{self, MailImportRequest, MailProgress},
    mail_sync::{self, MailSyncSummary, SyncProgress},
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
    /// IMAP accounts: `add`, `list`, `remove` (passwords live in the system keyring).
    #[command(subcommand)]
    Account(AccountCmd),
    /// Read the new messages of every IMAP account (or one), read-only.
    Sync {
        /// Only this account (see `rapport mail account list`).
        #[arg(long)]
        account: Option<i64>,
    },
}

#[derive(Subcommand)]
pub enum AccountCmd {
    /// Add an account once its server accepts the login.
    Add(AccountAddArgs),
    /// List the accounts.
    List,
    /// Remove an account and forget its password (its emails stay logged).
    Remove {
        /// The account's number.
        account: i64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args)]
pub struct AccountAddArgs {
    /// The IMAP server (imap.example.com).
    #[arg(long)]
    host: String,
    /// The port (default 993, or 143 with --starttls).
    #[arg(long)]
    port: Option<u16>,
    /// Connect in the clear and upgrade with STARTTLS (never a password unencrypted).
    #[arg(long)]
    starttls: bool,
    /// The login, usually the address.
    #[arg(long)]
    login: String,
    /// A folder to read (repeat; default: the INBOX and the Sent folder).
    #[arg(long = "folder")]
    folders: Vec<String>,
    /// Trust a self-signed server: its certificate's SHA-256 (shown when it is refused).
    #[arg(long)]
    pin: Option<String>,
    /// Read the password from standard input (first line) instead of asking.
    #[arg(long)]
    password_stdin: bool,
    /// Only try the server and login; store nothing.
    #[arg(long)]
    test: bool,
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
        MailCmd::Account(AccountCmd::Add(a)) => add_account(ctx, a),
        MailCmd::Account(AccountCmd::List) => {
            let list = mail_accounts::accounts(&ctx.book)?;
            if ctx.json {
                return output::json(&list);
            }
            if list.is_empty() {
                println!("no mail accounts (rapport mail account add --host ... --login ...)");
            }
            for a in &list {
                let folders = if a.folders.is_empty() {
                    "INBOX and Sent".to_string()
                } else {
                    a.folders.join(", ")
                };
                let last = a.last_sync_at.map_or("never".to_string(), |t| {
                    t.format("%Y-%m-%d %H:%M UTC").to_string()
                });
                println!(
                    "{:>3}  {} ({}) {folders}; last sync {last}",
                    a.id,
                    a.name(),
                    a.server.security.as_str()
                );
            }
            Ok(())
        }
        MailCmd::Account(AccountCmd::Remove { account, yes }) => {
            let a = mail_accounts::account(&ctx.book, account)?;
            if !yes
                && !confirm(&format!(
                    "Remove mail account {} and forget its password?",
                    a.name()
                ))?
            {
                anyhow::bail!("not removed");
            }
            let a = mail_accounts::remove_account(&mut ctx.book, account)?;
            if ctx.json {
                return output::json(&a);
            }
            println!(
                "mail account {} removed ({}); its emails stay logged",
                a.id,
                a.name()
            );
            Ok(())
        }
        MailCmd::Sync { account } => sync(ctx, account),
    }
}

fn read_password(from_stdin: bool) -> Result<String> {
    use std::io::IsTerminal;
    if from_stdin || !std::io::stdin().is_terminal() {
        if !from_stdin {
            anyhow::bail!(
                "not on a terminal: pass the password on standard input with --password-stdin"
            );
        }
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    rpassword::prompt_password("Password (kept in the system keyring): ")
        .context("reading the password")
}

fn add_account(ctx: &mut Ctx, a: AccountAddArgs) -> Result<()> {
    let draft = MailAccountDraft {
        host: a.host,
        port: a.port,
        security: if a.starttls {
            Security::Starttls
        } else {
            Security::Tls
        },
        login: a.login,
        password: read_password(a.password_stdin)?,
        folders: a.folders,
        pinned_certificate: a.pin,
    };
    let added = if a.test {
        mail_accounts::test_account(&draft)?
    } else {
        mail_accounts::add_account(&RefCell::new(&mut ctx.book), &draft, clock::now())?
    };
    if ctx.json {
        return output::json(&added);
    }
    let what = if a.test {
        "the server accepted the login (nothing stored)".to_string()
    } else {
        format!("mail account {} added", added.account.id)
    };
    println!(
        "{what}: {}; each sync reads {}",
        added.account.name(),
        added.folders.join(", ")
    );
    if added.sent_folder.is_none() {
        println!("note: no Sent folder found: pick one with --folder to count what you send");
    }
    if !a.test {
        println!("next: rapport mail sync");
    }
    Ok(())
}

fn sync(ctx: &mut Ctx, account: Option<i64>) -> Result<()> {
    let ids = mail_accounts::ids_to_sync(&ctx.book, account)?;
    if ids.is_empty() {
        anyhow::bail!("no mail accounts to sync (rapport mail account add --host ... --login ...)");
    }
    let cancel = AtomicBool::new(false);
    let json = ctx.json;
    let book = RefCell::new(&mut ctx.book);
    let mut done = Vec::new();
    let mut failed = 0;
    for id in ids {
        let pb = bar(json);
        let mut progress = |p: &SyncProgress| {
            pb.set_length(p.total);
            pb.set_position(p.done);
            pb.set_message(p.folder.clone());
        };
        let s = mail_sync::sync(&book, id, clock::now(), &mut progress, &cancel);
        pb.finish_and_clear();
        match s {
            Ok(s) => {
                if !json {
                    print_sync(&s);
                }
                done.push(s);
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: mail account {id}: {e}");
            }
        }
    }
    if json {
        output::json(&done)?;
    }
    if failed > 0 {
        anyhow::bail!("{failed} of the accounts could not be synced");
    }
    Ok(())
}

fn print_sync(s: &MailSyncSummary) {
    let c = &s.counts;
    let folders: Vec<String> = s
        .folders
        .iter()
        .map(|f| {
            let again = if f.renumbered {
                ", renumbered by the server: read again"
            } else {
                ""
            };
            format!("{} {} new{again}", f.folder, f.messages)
        })
        .collect();
    println!(
        "mail sync {} ({}): {}; {} emails logged, {} already logged, {} with no contact",
        c.batch,
        s.name,
        folders.join(", "),
        c.created,
        c.already_imported,
        c.unmatched
    );
    print_skips(c);
}

/// What a mail import or sync skipped, what it could not read, and who it suggests.
fn print_skips(s: &mail_import::MailImportSummary) {
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
    print_skips(&s);
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

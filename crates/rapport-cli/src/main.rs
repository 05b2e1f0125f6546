//! `rapport`: the command-line face of Rapport. Every command takes `--json`
//! for machine-readable output; errors go to stderr with a non-zero exit code.

mod capture_cmd;
mod case_cmd;
mod clock;
mod contact_cmd;
mod deal_cmd;
mod followup_cmd;
mod import_cmd;
mod mail_cmd;
mod output;
mod report_cmd;
mod search_cmd;
mod today_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use rapport_core::phone::Region;
use rapport_core::ContactBook;

/// Rapport: a local-first CRM. Your contacts, follow-ups and history, on your own machine.
#[derive(Parser)]
#[command(name = "rapport", version, about, propagate_version = true)]
pub struct Cli {
    /// Data folder (default: the platform data folder, e.g. ~/.local/share/rapport).
    #[arg(long, global = true, env = "RAPPORT_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add, show, list, edit, merge, archive and delete contacts.
    #[command(subcommand)]
    Contact(contact_cmd::ContactCmd),
    /// Log a call, email, meeting, message or note.
    Log(contact_cmd::LogArgs),
    /// Log or plan in plain words: "called Ada about the renewal", "明天下午3点回访张总 续保".
    Capture(capture_cmd::CaptureArgs),
    /// Add, complete and snooze follow-ups.
    #[command(subcommand)]
    Followup(followup_cmd::FollowupCmd),
    /// The today list: overdue, due today, birthdays, upcoming.
    Today(today_cmd::TodayArgs),
    /// Import contacts from CSV (any encoding), Excel/ODS or vCard, with dedup; `--dry-run` previews.
    Import(import_cmd::ImportArgs),
    /// List import batches, newest first.
    Imports,
    /// Undo an import batch: remove what it created, restore what it merged.
    UndoImport(import_cmd::UndoArgs),
    /// Export contacts as CSV, Google CSV or vCard, or follow-ups and birthdays as a calendar.
    Export(import_cmd::ExportArgs),
    /// Deals and purchases, and the pipeline's stages.
    #[command(subcommand)]
    Deal(deal_cmd::DealCmd),
    /// Complaints and service cases.
    #[command(subcommand)]
    Case(case_cmd::CaseCmd),
    /// Tiers, RFM scores, pipeline by stage, trends, drifting customers, open cases.
    Report(report_cmd::ReportArgs),
    /// Value tiers: counts per tier, and the tier method.
    Tier(report_cmd::TierArgs),
    /// Default keep-in-touch cadence per tag, stage or value tier.
    #[command(subcommand)]
    Cadence(today_cmd::CadenceCmd),
    /// Read or change settings (default_region, time_zone, currency, tier_method, care_days,
    /// cadence_workload).
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Emails captured from mail files: import, own addresses, suggested contacts, undo.
    #[command(subcommand)]
    Mail(mail_cmd::MailCmd),
    /// Meetings captured from calendar files (.ics).
    #[command(subcommand)]
    Calendar(mail_cmd::CalendarCmd),
    /// Find contacts by name, pinyin, company, email, phone digits, tags, or note text.
    Search(search_cmd::SearchArgs),
    /// Rebuild the search index from the database.
    Reindex,
    /// Check the integrity of the database and that the search index agrees with it.
    Check,
    /// Write a consistent copy of the database (default: into the data folder's backups/).
    Backup {
        /// Where to write it (must not exist).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Replace the database with a backup (checked first; the current data is kept as a backup).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Fill the data folder with seeded, realistic demo data (for benchmarks and demos).
    Generate {
        /// How many contacts.
        #[arg(long, default_value_t = 1000)]
        contacts: usize,
        /// Mean interactions per contact.
        #[arg(long, default_value_t = 10)]
        interactions: usize,
        /// Seed: the same seed gives the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Write the contacts to this CSV file instead of the data folder.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Layout of the CSV file: google, outlook or chinese-gbk.
        #[arg(long, default_value = "google", requires = "csv")]
        layout: String,
    },
}

#[derive(Subcommand)]
enum SettingsCmd {
    /// Show all settings.
    Show,
    /// Set a setting: `default_region CN`, `time_zone Asia/Shanghai`, `currency CNY`,
    /// `tier_method abc`, `care_days 15`, `cadence_workload 15`.
    Set {
        /// default_region, time_zone, currency, tier_method, care_days or cadence_workload.
        key: String,
        /// The value.
        value: String,
    },
}

/// What a command needs: the open book, the clock, and the output mode.
pub struct Ctx {
    /// The user's contact book.
    pub book: ContactBook,
    /// Print JSON.
    pub json: bool,
}

fn open_book(cli: &Cli) -> Result<ContactBook> {
    let dir = match &cli.data_dir {
        Some(d) => d.clone(),
        None => rapport_core::book::default_data_dir()
            .context("no home folder found: pass --data-dir or set RAPPORT_DATA_DIR")?,
    };
    let mut book = ContactBook::open(&dir)
        .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
    book.set_fallback_region(Region::of_system_locale());
    Ok(book)
}

fn run(cli: Cli) -> Result<()> {
    if let Command::Restore { file, yes } = &cli.command {
        // Restore works on the folder, not on an open book.
        return restore(&cli, file, *yes);
    }
    let mut ctx = Ctx {
        book: open_book(&cli)?,
        json: cli.json,
    };
    match cli.command {
        Command::Contact(cmd) => contact_cmd::run(&mut ctx, cmd),
        Command::Log(args) => contact_cmd::log(&mut ctx, args),
        Command::Capture(args) => capture_cmd::capture(&mut ctx, args),
        Command::Followup(cmd) => followup_cmd::run(&mut ctx, cmd),
        Command::Today(args) => today_cmd::today(&mut ctx, args),
        Command::Import(args) => import_cmd::import(&mut ctx, args),
        Command::Imports => import_cmd::imports(&mut ctx),
        Command::UndoImport(args) => import_cmd::undo(&mut ctx, args),
        Command::Export(args) => import_cmd::export(&mut ctx, args),
        Command::Cadence(cmd) => today_cmd::cadence(&mut ctx, cmd),
        Command::Deal(cmd) => deal_cmd::run(&mut ctx, cmd),
        Command::Case(cmd) => case_cmd::run(&mut ctx, cmd),
        Command::Report(args) => report_cmd::report(&mut ctx, args),
        Command::Tier(args) => report_cmd::tier(&mut ctx, args),
        Command::Settings(cmd) => settings(&mut ctx, cmd),
        Command::Mail(cmd) => mail_cmd::run(&mut ctx, cmd),
        Command::Calendar(cmd) => mail_cmd::calendar(&mut ctx, cmd),
        Command::Search(args) => search_cmd::search(&mut ctx, args),
        Command::Reindex => search_cmd::reindex(&mut ctx),
        Command::Check => check(&mut ctx),
        Command::Backup { out } => {
            let dest = match out {
                Some(p) => p,
                None => {
                    let dir = ctx
                        .book
                        .data_dir()
                        .context("no data folder")?
                        .join(rapport_core::backup::BACKUP_DIR);
                    rapport_core::files::private_dir(&dir)?;
                    dir.join(format!(
                        "rapport-manual-{}.db",
                        clock::now().format("%Y%m%dT%H%M%S")
                    ))
                }
            };
            ctx.book.backup_to(&dest)?;
            if ctx.json {
                output::json(&serde_json::json!({ "backup": dest }))
            } else {
                println!("backup written to {}", dest.display());
                Ok(())
            }
        }
        Command::Restore { .. } => unreachable!("handled before the book is opened"),
        Command::Generate {
            contacts,
            seed,
            csv: Some(path),
            layout,
            ..
        } => {
            let layout: rapport_core::datagen_csv::CsvLayout = layout.parse()?;
            // Before the file is created: a refused count leaves no empty file.
            rapport_core::datagen::check_contacts(contacts)?;
            let file = std::fs::File::create_new(&path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let bytes =
                rapport_core::datagen_csv::write_contacts_csv(seed, contacts, layout, &mut out)?;
            std::io::Write::flush(&mut out).context("writing the CSV file")?;
            if ctx.json {
                output::json(
                    &serde_json::json!({ "csv": path, "contacts": contacts, "bytes": bytes }),
                )
            } else {
                println!(
                    "wrote {contacts} contacts ({bytes} bytes) to {}",
                    path.display()
                );
                Ok(())
            }
        }
        Command::Generate {
            contacts,
            interactions,
            seed,
            csv: None,
            ..
        } => {
            let started = std::time::Instant::now();
            let p = rapport_core::datagen::populate(
                ctx.book.store_mut(),
                seed,
                contacts,
                interactions,
                clock::now(),
            )?;
            let deals = rapport_core::datagen_deals::populate_deals(
                &mut ctx.book,
                seed,
                p.contacts as u64,
                clock::now(),
            )?;
            ctx.book.sync_search()?;
            if ctx.json {
                output::json(&serde_json::json!({
                    "contacts": p.contacts, "interactions": p.interactions, "follow_ups": p.follow_ups,
                    "deals": deals, "seconds": started.elapsed().as_secs_f64(),
                }))
            } else {
                println!(
                    "generated {} contacts, {} interactions, {} follow-ups, {deals} deals in {:.1} s",
                    p.contacts,
                    p.interactions,
                    p.follow_ups,
                    started.elapsed().as_secs_f64()
                );
                Ok(())
            }
        }
    }
}

fn restore(cli: &Cli, file: &std::path::Path, yes: bool) -> Result<()> {
    let dir = match &cli.data_dir {
        Some(d) => d.clone(),
        None => rapport_core::book::default_data_dir()
            .context("no home folder found: pass --data-dir")?,
    };
    let info = rapport_core::store::inspect_backup(file)?;
    if !yes
        && !contact_cmd::confirm(&format!(
            "Replace the data in {} with {} ({} contacts)?",
            dir.display(),
            file.display(),
            info.contacts
        ))?
    {
        anyhow::bail!("not restored");
    }
    let (safety, info) = ContactBook::restore(&dir, file, clock::now())?;
    if cli.json {
        output::json(
            &serde_json::json!({ "restored": file, "contacts": info.contacts, "previous_data": safety }),
        )
    } else {
        println!(
            "restored {} contacts from {}; the previous data is in {}",
            info.contacts,
            file.display(),
            safety.display()
        );
        Ok(())
    }
}

fn settings(ctx: &mut Ctx, cmd: SettingsCmd) -> Result<()> {
    match cmd {
        SettingsCmd::Show => {}
        SettingsCmd::Set { key, value } => match key.as_str() {
            "default_region" => ctx.book.set_default_region(&value)?,
            "time_zone" => {
                clock::parse_tz(&value)?;
                ctx.book
                    .store_mut()
                    .set_setting(clock::SETTING_TIME_ZONE, &value)?;
            }
            "currency" => ctx.book.set_report_currency(&value)?,
            "tier_method" => ctx.book.set_tier_method(value.parse()?)?,
            "own_addresses" => {
                let list: Vec<String> = vec![value.clone()];
                rapport_core::capture::set_own_addresses(&mut ctx.book, &list)?;
            }
            "care_days" => ctx.book.set_care_days(
                value
                    .parse()
                    .map_err(|_| anyhow::anyhow!("care_days takes a number of days"))?,
            )?,
            "cadence_workload" => ctx.book.set_cadence_workload(value.parse().map_err(|_| {
                anyhow::anyhow!("cadence_workload takes a number of contacts a day")
            })?)?,
            other => anyhow::bail!(
                "unknown setting '{other}' (known: default_region, time_zone, currency, tier_method, care_days, cadence_workload, own_addresses)"
            ),
        },
    }
    let region = ctx.book.default_region()?.code();
    let tz = clock::zone(&ctx.book, None)?;
    let currency = ctx.book.report_currency()?;
    let method = ctx.book.tier_method()?;
    let care = ctx.book.care_days()?;
    let workload = ctx.book.cadence_workload()?;
    let own = rapport_core::capture::own_addresses(&ctx.book)?;
    if ctx.json {
        output::json(&serde_json::json!({
            "default_region": region, "time_zone": tz.name(), "currency": currency,
            "tier_method": method, "care_days": care, "cadence_workload": workload,
            "own_addresses": own,
        }))
    } else {
        println!(
            "default_region    {region}\ntime_zone         {}\ncurrency          {currency}\ntier_method       {}\ncare_days         {care}\ncadence_workload  {workload}\nown_addresses     {}",
            tz.name(),
            method.as_str(),
            own.join(", ")
        );
        Ok(())
    }
}

fn check(ctx: &mut Ctx) -> Result<()> {
    let health = ctx.book.check()?;
    // A damaged store is reported before the index is touched.
    let index = if health.is_ok() {
        Some(search_cmd::check_index(ctx)?)
    } else {
        None
    };
    let index_ok = index.as_ref().is_none_or(|i| i.is_ok());
    let status = if !health.is_ok() {
        "corrupt"
    } else if !index_ok {
        "index_out_of_step"
    } else {
        "ok"
    };
    if ctx.json {
        output::json(&serde_json::json!({
            "status": status,
            "schema_version": health.schema_version,
            "integrity": health.integrity,
            "foreign_key_violations": health.foreign_key_violations,
            "contacts": health.contacts,
            "interactions": health.interactions,
            "search_index": index,
        }))?;
    } else {
        let store_status = if health.is_ok() { "ok" } else { "corrupt" };
        println!(
            "store: {store_status} (schema version {}; {} contacts, {} interactions)",
            health.schema_version, health.contacts, health.interactions
        );
        if !health.is_ok() {
            for line in &health.integrity {
                println!("  {line}");
            }
        }
        if let Some(i) = &index {
            search_cmd::print_index_health(i);
        }
    }
    if !health.is_ok() {
        anyhow::bail!("the database failed its integrity check");
    }
    if !index_ok {
        anyhow::bail!("the search index does not agree with the database; run `rapport reindex`");
    }
    Ok(())
}

fn main() -> ExitCode {
    // A reader that stops early (`rapport export | head`) ends the output the
    // way it ends `cat`'s, instead of a panic on the first print after it.
    sigpipe::reset();
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&e, json);
            ExitCode::FAILURE
        }
    }
}

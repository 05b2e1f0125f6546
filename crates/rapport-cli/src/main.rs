//! `rapport`: the command-line face of Rapport. Every command takes `--json`
//! for machine-readable output; errors go to stderr with a non-zero exit code.

mod bulk_cmd;
mod campaign_cmd;
mod capture_cmd;
mod case_cmd;
mod clock;
mod contact_cmd;
mod deal_cmd;
mod duplicates_cmd;
mod followup_cmd;
mod import_cmd;
mod mail_cmd;
mod output;
mod remind_cmd;
mod report_cmd;
mod search_cmd;
mod segment_cmd;
mod serve_cmd;
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
// Parsed once per process: boxing the larger argument sets would buy nothing.
#[allow(clippy::large_enum_variant)]
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
    /// cadence_workload, reminder_time, language, own_addresses).
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Emails captured from mail files: import, own addresses, suggested contacts, undo.
    #[command(subcommand)]
    Mail(mail_cmd::MailCmd),
    /// Meetings captured from calendar files (.ics).
    #[command(subcommand)]
    Calendar(mail_cmd::CalendarCmd),
    /// Saved segments: named conditions over contacts (tags, stage, tier, RFM, risk, last
    /// contact, place, deals...), counted live; the value × risk matrix.
    Segment(Box<segment_cmd::SegmentArgs>),
    /// One action on a segment's members or on listed contacts (tag, stage, cadence,
    /// opt-out, archive, delete, log), as one undoable step.
    Bulk(bulk_cmd::BulkArgs),
    /// Undo the newest bulk action, merge of duplicates or campaign creation; --list shows them.
    Undo(bulk_cmd::UndoArgs),
    /// Likely duplicates across the book, and merging them (undoable).
    #[command(subcommand)]
    Duplicates(duplicates_cmd::DuplicatesCmd),
    /// Campaigns from a segment, measured against a seeded control group.
    Campaign(campaign_cmd::CampaignArgs),
    /// Find contacts by name, pinyin, company, email, phone digits, tags, or note text.
    Search(search_cmd::SearchArgs),
    /// Rebuild the search index from the database.
    Reindex,
    /// Check the integrity of the database, the stored values, and that the search index
    /// agrees with the database.
    Check {
        /// Fix the stored values that cannot be read (dates past 9999 become 9999-12-31;
        /// one that is no date is cleared where the field may be empty).
        #[arg(long)]
        repair: bool,
    },
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
    /// Serve the commands over HTTP on 127.0.0.1 (for the UI in a browser and its tests).
    Serve(serve_cmd::ServeArgs),
    /// The daily reminder: how many people to get back to, when it is due (`--mark-sent` records it).
    Remind {
        /// Record that today's reminder went out.
        #[arg(long)]
        mark_sent: bool,
        /// Show it as a desktop notification (and record it); clicking it opens the app on
        /// Today. Waits until the notification is clicked or closed.
        #[arg(long)]
        notify: bool,
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
    /// Set a setting: `default_region CN`, `time_zone Asia/Shanghai` (`none`: the system's),
    /// `currency CNY`, `tier_method abc`, `care_days 15`, `cadence_workload 15`,
    /// `reminder_time 08:30` (`none`: off), `language zh-CN`, `own_addresses a@x.cn,b@y.com`.
    Set {
        /// default_region, time_zone, currency, tier_method, care_days, cadence_workload,
        /// reminder_time, language or own_addresses.
        key: String,
        /// The value.
        value: String,
    },
    /// Start the app at login, and raise the daily reminder while it is closed (a systemd
    /// user timer at the reminder time): shows both, or changes them.
    Desktop {
        /// on or off.
        #[arg(long, value_parser = ["on", "off"])]
        start_at_login: Option<String>,
        /// on or off (needs a reminder_time).
        #[arg(long, value_parser = ["on", "off"])]
        remind_when_closed: Option<String>,
    },
}

/// What a command needs: the open book, the clock, and the output mode.
pub struct Ctx {
    /// The user's contact book.
    pub book: ContactBook,
    /// Print JSON.
    pub json: bool,
}

fn data_dir(cli: &Cli) -> Result<PathBuf> {
    match &cli.data_dir {
        Some(d) => Ok(d.clone()),
        None => rapport_core::book::default_data_dir()
            .context("no home folder found: pass --data-dir or set RAPPORT_DATA_DIR"),
    }
}

fn open_book(cli: &Cli) -> Result<ContactBook> {
    let dir = data_dir(cli)?;
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
    if matches!(cli.command, Command::Serve(_)) {
        // The server keeps its own connections: a writer and a reader.
        let dir = data_dir(&cli)?;
        let Command::Serve(args) = cli.command else {
            unreachable!("matched above")
        };
        let session = rapport_core::api::Session::open(&dir, Region::of_system_locale())
            .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
        return serve_cmd::serve(session, args);
    }
    let mut ctx = Ctx {
        book: open_book(&cli)?,
        json: cli.json,
    };
    let result = match cli.command {
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
        Command::Segment(args) => segment_cmd::run(&mut ctx, *args),
        Command::Bulk(args) => bulk_cmd::run(&mut ctx, args),
        Command::Undo(args) => bulk_cmd::undo(&mut ctx, args),
        Command::Duplicates(cmd) => duplicates_cmd::run(&mut ctx, cmd),
        Command::Campaign(args) => campaign_cmd::run(&mut ctx, args),
        Command::Search(args) => search_cmd::search(&mut ctx, args),
        Command::Reindex => search_cmd::reindex(&mut ctx),
        Command::Check { repair } => check(&mut ctx, repair),
        Command::Remind { mark_sent, notify } => remind_cmd::run(&mut ctx, mark_sent, notify),
        Command::Serve(_) => unreachable!("handled before the book is opened"),
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
            let p = rapport_core::datagen::populate_book(
                &mut ctx.book,
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
    };
    // Rows a read skipped for a value it could not use: said on stderr (the
    // output stays what the command promises), with the way to fix them.
    let skipped = ctx.book.take_skipped_rows();
    for row in &skipped {
        eprintln!("warning: skipped {row}: it cannot be read");
    }
    if !skipped.is_empty() {
        eprintln!(
            "warning: `rapport check` lists such values; `rapport check --repair` fixes them"
        );
    }
    if ctx.book.search_index_healed() {
        eprintln!("note: the search index could not be read; it was moved to index.damaged and rebuilt from the database (nothing of your data was lost)");
    }
    result
}

fn restore(cli: &Cli, file: &std::path::Path, yes: bool) -> Result<()> {
    let dir = data_dir(cli)?;
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
    use rapport_core::desktop;
    let data_dir = ctx.book.data_dir().map(std::path::Path::to_path_buf);
    let data_dir = data_dir.unwrap_or_default();
    match cmd {
        SettingsCmd::Set { key, value } => {
            let change = rapport_core::settings::SettingChange::parse(&key, &value)?;
            ctx.book
                .change_setting_with_timer(change, clock::desktop_paths().as_ref())?;
        }
        SettingsCmd::Desktop {
            start_at_login,
            remind_when_closed,
        } => {
            let on = |v: Option<String>| v.map(|v| v == "on");
            let change = desktop::DesktopIntegrationChange {
                start_at_login: on(start_at_login),
                remind_when_closed: on(remind_when_closed),
            };
            let paths = clock::desktop_paths();
            let state = if change == desktop::DesktopIntegrationChange::default() {
                desktop::state(paths.as_ref(), &data_dir)
            } else {
                let at = ctx.book.reminder_time()?;
                desktop::apply(paths.as_ref(), &data_dir, at, change)?
            };
            if ctx.json {
                return output::json(&state);
            }
            let word = |b: bool| if b { "on" } else { "off" };
            println!(
                "start_at_login      {}\nremind_when_closed  {}",
                word(state.start_at_login),
                word(state.remind_when_closed)
            );
            return Ok(());
        }
        SettingsCmd::Show => {}
    }
    let s = ctx
        .book
        .settings(clock::system_zone(), &clock::system_locale())?;
    if ctx.json {
        return output::json(&s);
    }
    let zone_note = if s.time_zone_chosen {
        ""
    } else {
        " (the system's)"
    };
    println!(
        "default_region    {}\ntime_zone         {}{zone_note}\ncurrency          {}\ntier_method       {}\ncare_days         {}\ncadence_workload  {}\nreminder_time     {}\nlanguage          {}\nown_addresses     {}",
        s.default_region,
        s.time_zone,
        s.currency,
        s.tier_method.as_str(),
        s.care_days,
        s.cadence_workload,
        s.reminder_time.as_deref().unwrap_or("off"),
        s.language.as_str(),
        s.own_addresses.join(", ")
    );
    Ok(())
}

fn check(ctx: &mut Ctx, repair: bool) -> Result<()> {
    let repaired = if repair {
        ctx.book.repair_damaged_rows()?
    } else {
        Vec::new()
    };
    let damaged = ctx.book.damaged_rows()?;
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
    } else if !damaged.is_empty() {
        "damaged_values"
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
            "damaged_values": damaged,
            "repaired": repaired,
        }))?;
    } else {
        for r in &repaired {
            match &r.now {
                Some(v) => println!("repaired {}: now '{v}'", r.damaged),
                None => println!("repaired {}: cleared", r.damaged),
            }
        }
        if !damaged.is_empty() {
            println!("stored values that cannot be read: {}", damaged.len());
            for d in &damaged {
                println!("  {d}");
            }
        }
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
    if !damaged.is_empty() {
        let hint = if repair {
            "they are not dates, in fields that need one: edit or delete those rows"
        } else {
            "`rapport check --repair` fixes what it can"
        };
        anyhow::bail!(
            "{} stored values cannot be read ({}); {hint}",
            damaged.len(),
            damaged[0]
        );
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

#[cfg(test)]
mod parity {
    //! Every command of the core's table is reachable from the CLI and from the
    //! app, and every CLI command is one of the table's (or said to be CLI-only).
    use clap::CommandFactory;
    use rapport_core::api::COMMANDS;

    /// CLI commands with no app counterpart, and why.
    const CLI_ONLY: &[(&str, &str)] = &[
        (
            "generate",
            "fills a data folder with demo data for benchmarks",
        ),
        ("serve", "is the server the UI in a browser talks to"),
    ];

    /// The path of words of every leaf command (`contact add`).
    fn leaves(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        let subs: Vec<_> = cmd
            .get_subcommands()
            .filter(|s| s.get_name() != "help")
            .collect();
        if subs.is_empty() {
            out.push(prefix.trim().to_string());
        }
        for s in subs {
            leaves(s, &format!("{prefix} {}", s.get_name()), out);
        }
    }

    /// Whether `path` (`import --dry-run`) names a CLI command and its flags.
    fn cli_has(root: &clap::Command, path: &str) -> bool {
        let mut cmd = root;
        let mut words = path.split_whitespace().peekable();
        while let Some(w) = words.next_if(|w| !w.starts_with("--")) {
            match cmd.find_subcommand(w) {
                Some(c) => cmd = c,
                None => return false,
            }
        }
        words.all(|flag| {
            cmd.get_arguments()
                .any(|a| a.get_long() == flag.strip_prefix("--"))
        })
    }

    /// The app's sources: the UI, and the shell (which calls a few commands itself,
    /// such as the daily reminder's).
    fn app_sources() -> String {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut text = String::new();
        let mut stack = vec![repo.join("ui/src"), repo.join("src-tauri/src")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if p.is_dir() && name != "bindings" {
                    stack.push(p);
                } else if (name.ends_with(".ts")
                    || name.ends_with(".svelte")
                    || name.ends_with(".rs"))
                    && name != "client.ts"
                    && name != "command_names.rs"
                {
                    text.push_str(&std::fs::read_to_string(&p).unwrap());
                }
            }
        }
        text
    }

    fn camel(name: &str) -> String {
        let mut parts = name.split('_');
        let mut out = parts.next().unwrap_or_default().to_string();
        for p in parts {
            let mut ch = p.chars();
            if let Some(first) = ch.next() {
                out.extend(first.to_uppercase());
                out.push_str(ch.as_str());
            }
        }
        out
    }

    /// One test for every place a command must be: the capability file, the list
    /// the shell's build makes permissions from (its handlers are generated from the
    /// table itself), the TypeScript client, a caller in the app, and the CLI.
    #[test]
    fn every_command_has_a_cli_side_and_an_app_side() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let read = |p: &str| std::fs::read_to_string(repo.join(p)).unwrap();
        let capability = read("src-tauri/capabilities/main.json");
        let shell_list = read("src-tauri/src/command_names.rs");
        let client = read("ui/src/lib/client.ts");
        let root = super::Cli::command();
        let app = app_sources();
        let mut missing = Vec::new();
        for c in COMMANDS {
            let permission = format!("\"allow-{}\"", c.name.replace('_', "-"));
            if !capability.contains(&permission) {
                missing.push(format!("{}: not granted in capabilities/main.json", c.name));
            }
            if !shell_list.contains(&format!("\"{}\",", c.name)) {
                missing.push(format!("{}: not in src-tauri/src/command_names.rs", c.name));
            }
            if !client.contains(&format!("return call('{}', request);", c.name)) {
                missing.push(format!("{}: not in the TypeScript client", c.name));
            }
            if !c.cli.starts_with('(') {
                for path in c.cli.split(" | ") {
                    if !cli_has(&root, path) {
                        missing.push(format!("{}: no CLI command `rapport {path}`", c.name));
                    }
                }
            }
            let called = app.contains(&format!("{}(", camel(c.name)))
                || app.contains(&format!("api::{}(", c.name));
            if !called {
                missing.push(format!(
                    "{}: the app never calls {}()",
                    c.name,
                    camel(c.name)
                ));
            }
        }
        let mut cli = Vec::new();
        leaves(&root, "", &mut cli);
        for leaf in cli {
            let in_table = COMMANDS.iter().any(|c| {
                c.cli
                    .split(" | ")
                    .any(|p| p.split(" --").next() == Some(leaf.as_str()))
            });
            let cli_only = CLI_ONLY.iter().any(|(name, _)| *name == leaf);
            if !in_table && !cli_only {
                missing.push(format!("`rapport {leaf}` is in no command of the table"));
            }
        }
        assert!(
            missing.is_empty(),
            "parity gaps:\n  {}",
            missing.join("\n  ")
        );
    }

    /// The shells reach the data through the book and the command table only.
    #[test]
    fn the_shells_never_touch_the_store() {
        let cli = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut text = String::new();
        for e in std::fs::read_dir(cli).unwrap().flatten() {
            text.push_str(&std::fs::read_to_string(e.path()).unwrap());
        }
        text.push_str(&app_sources());
        for needle in [".store_mut()", ".store()"] {
            let uses = text
                .lines()
                .filter(|l| l.contains(needle) && !l.contains("needle"))
                .count();
            assert_eq!(uses, 0, "{needle} is used outside the core");
        }
    }

    #[test]
    fn the_check_sees_what_is_there_and_what_is_not() {
        let root = super::Cli::command();
        assert!(cli_has(&root, "import --dry-run"));
        assert!(cli_has(&root, "contact add"));
        assert!(!cli_has(&root, "contact fly"));
        assert!(!cli_has(&root, "import --teleport"));
        assert_eq!(camel("today_list"), "todayList");
    }
}

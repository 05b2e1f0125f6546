//! `rapport import`, `rapport imports`, `rapport undo-import` and `rapport export`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rapport_core::export::{self, vcard::VcardVersion, ExportFilter};
use rapport_core::import::{
    self, mapping::Mapping, values::DateOrder, ImportOptions, ImportReport, OnDuplicate, Progress,
    Severity,
};

use crate::contact_cmd::confirm;
use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Args)]
pub struct ImportArgs {
    /// The file: CSV/TSV (any encoding), .xlsx, .xls, .ods or .vcf.
    file: PathBuf,
    /// Text encoding overriding detection (utf-8, gbk, gb18030, big5, shift_jis, utf-16le, windows-1252...).
    #[arg(long)]
    encoding: Option<String>,
    /// Delimiter overriding detection: , ; tab |
    #[arg(long)]
    delimiter: Option<String>,
    /// Sheet of a spreadsheet (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// The first row is a contact, not a header (detected when it holds emails or phones and no header words).
    #[arg(long)]
    no_header: bool,
    /// `auto`, a saved mapping's name, or a JSON mapping file (as printed by `--dry-run --json`).
    #[arg(long, default_value = "auto")]
    mapping: String,
    /// Save the mapping used under this name for later imports.
    #[arg(long, value_name = "NAME")]
    save_mapping: Option<String>,
    /// Only show what would happen: format, encoding, mapping, counts, duplicates, row problems.
    #[arg(long)]
    dry_run: bool,
    /// What to do with rows matching an existing contact (same email or phone).
    #[arg(long, value_enum, default_value_t = DupArg::Skip)]
    on_duplicate: DupArg,
    /// How to read ambiguous dates such as 03/04/1980.
    #[arg(long, value_enum, default_value_t = DateArg::Auto)]
    date_order: DateArg,
    /// Region of phone numbers without a country code (default: the `default_region` setting).
    #[arg(long)]
    region: Option<String>,
    /// Rows per transaction (each chunk is all-or-nothing).
    #[arg(long, hide = true)]
    chunk_rows: Option<u32>,
    /// Resume this interrupted import batch (see `rapport imports`) from where it stopped.
    #[arg(long, value_name = "BATCH")]
    resume: Option<i64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DupArg {
    Skip,
    Merge,
    Create,
}

#[derive(Clone, Copy, ValueEnum)]
enum DateArg {
    Auto,
    Mdy,
    Dmy,
}

#[derive(Args)]
pub struct UndoArgs {
    /// The batch id (see `rapport imports`).
    batch: i64,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// Spreadsheet-friendly CSV (UTF-8 with BOM).
    Csv,
    /// Google Contacts CSV layout.
    Google,
    /// vCard 3.0.
    Vcard,
    /// vCard 4.0.
    Vcard4,
    /// Calendar of open follow-ups, birthdays and anniversaries.
    Ics,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Format.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// File to write (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only contacts with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// For a mailing: leave out contacts who asked not to be contacted.
    #[arg(long)]
    for_outreach: bool,
    /// Include archived contacts.
    #[arg(long)]
    include_archived: bool,
    /// Only the members of this saved segment now.
    #[arg(long)]
    segment: Option<String>,
    /// For outreach on this channel (email, phone, sms, mail): only contacts reachable on it.
    #[arg(long)]
    channel: Option<String>,
    /// IANA time zone for the segment's dates (default: setting, then system).
    #[arg(long, requires = "segment")]
    tz: Option<String>,
}

fn options(ctx: &Ctx, a: &ImportArgs) -> Result<ImportOptions> {
    let mapping = match a.mapping.as_str() {
        "auto" => None,
        m => Some(load_mapping(ctx, m)?),
    };
    Ok(ImportOptions {
        source: import::source::SourceOptions {
            encoding: a.encoding.clone(),
            sheet: a.sheet.clone(),
            delimiter: a.delimiter.as_deref().map(|d| match d {
                "tab" | "\\t" => "\t".to_string(),
                d => d.to_string(),
            }),
            no_header: a.no_header.then_some(true),
        },
        mapping,
        on_duplicate: match a.on_duplicate {
            DupArg::Skip => OnDuplicate::Skip,
            DupArg::Merge => OnDuplicate::Merge,
            DupArg::Create => OnDuplicate::Create,
        },
        date_order: match a.date_order {
            DateArg::Auto => DateOrder::Auto,
            DateArg::Mdy => DateOrder::Mdy,
            DateArg::Dmy => DateOrder::Dmy,
        },
        region: a.region.clone(),
        chunk_rows: a.chunk_rows,
    })
}

fn load_mapping(ctx: &Ctx, m: &str) -> Result<Mapping> {
    let path = Path::new(m);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the mapping file {}", path.display()))?;
        // Accept a bare mapping or a whole `--dry-run --json` preview.
        let value: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", path.display()))?;
        let inner = value.get("mapping").cloned().unwrap_or(value);
        return serde_json::from_value(inner)
            .with_context(|| format!("{} is not a Rapport column mapping", path.display()));
    }
    import::saved_mapping(&ctx.book, m)?
        .with_context(|| format!("no saved mapping and no file called '{m}'"))
}

/// A progress bar on a terminal's stderr; nothing otherwise.
pub(crate) fn bar(json: bool) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(
        None,
        if json {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    );
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb
}

fn on_progress(pb: &ProgressBar) -> impl FnMut(&Progress) + '_ {
    move |p: &Progress| {
        pb.set_length(p.bytes_total);
        pb.set_position(p.bytes_done);
        pb.set_message(format!("{} rows", p.rows_done));
    }
}

pub fn import(ctx: &mut Ctx, a: ImportArgs) -> Result<()> {
    let opts = options(ctx, &a)?;
    let cancel = AtomicBool::new(false);
    let pb = bar(ctx.json);
    if a.dry_run {
        let preview =
            import::preview(&ctx.book, &a.file, &opts, 5, &mut on_progress(&pb), &cancel)?;
        pb.finish_and_clear();
        if ctx.json {
            return output::json(&preview);
        }
        let s = &preview.source;
        println!("file      {}", s.path.display());
        println!("format    {:?}", s.format);
        if let Some(e) = &s.encoding {
            println!(
                "encoding  {} ({:.0}% sure: {})",
                e.name,
                e.confidence * 100.0,
                e.reason
            );
        }
        if let Some(d) = &s.delimiter {
            println!("delimiter {}", if d == "\t" { "tab" } else { d });
        }
        if let Some(p) = &preview.mapping.profile {
            println!("layout    {p}");
        }
        if s.no_header {
            println!("header    none: every row is a contact, columns mapped by their values");
        }
        println!("\ncolumns:");
        for c in &preview.mapping.columns {
            let guess = if c.guessed { "  (a guess)" } else { "" };
            println!("  {} → {}{guess}", pad(&c.column, 28), c.target.describe());
        }
        println!("\nwould import:");
        print_report(&preview.report);
        return Ok(());
    }
    let report = match a.resume {
        Some(batch) => import::resume_import(
            &mut ctx.book,
            batch,
            &a.file,
            clock::now(),
            &mut on_progress(&pb),
            &cancel,
        )?,
        None => import::import_file(
            &mut ctx.book,
            &a.file,
            &opts,
            clock::now(),
            &mut on_progress(&pb),
            &cancel,
        )?,
    };
    pb.finish_and_clear();
    if let Some(name) = &a.save_mapping {
        let mapping = import::resolved_mapping(&ctx.book, &a.file, &opts)?;
        import::save_mapping(&mut ctx.book, name, &mapping, clock::now())?;
    }
    let c = &report.counts;
    let nothing = c.errors > 0 && c.created + c.merged + c.skipped == 0;
    if ctx.json {
        output::json(&report)?;
    } else {
        print_report(&report);
        if let (Some(b), false) = (report.batch, nothing) {
            println!("\nimport batch {b}: undo with `rapport undo-import {b}`");
        }
    }
    if nothing {
        anyhow::bail!(
            "{}: nothing imported: all {} rows had errors",
            a.file.display(),
            c.errors
        );
    }
    Ok(())
}

fn print_report(r: &ImportReport) {
    let c = &r.counts;
    println!(
        "  {} rows: {} created, {} merged, {} skipped (duplicates), {} with errors, {} with warnings",
        c.rows, c.created, c.merged, c.skipped, c.errors, r.warnings
    );
    if r.undecodable > 0 {
        println!(
            "  {} characters could not be decoded (try --encoding)",
            r.undecodable
        );
    }
    if let Some(p) = &r.index_problem {
        println!("  the search index could not follow ({p}); it catches up at the next search");
    }
    if r.duplicate_count > 0 {
        println!("  duplicates ({}):", r.duplicate_count);
        for d in r.duplicates.iter().take(20) {
            let with = match (d.contact_id, d.earlier_row) {
                (Some(id), _) => format!("contact #{id}"),
                (None, Some(row)) => format!("row {row}"),
                (None, None) => String::new(),
            };
            println!(
                "    row {:>6}  {}  same {} as {with}",
                d.row,
                pad(&d.name, 24),
                d.matched_on
            );
        }
    }
    if !r.issues.is_empty() {
        println!("  problems:");
        for i in r.issues.iter().take(50) {
            let sev = match i.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let col = i
                .column
                .as_deref()
                .map(|c| format!(", column {c}"))
                .unwrap_or_default();
            println!("    row {}{col}: {sev}: {}", i.row, i.message);
        }
        if r.issues.len() > 50 {
            println!("    … and {} more (see --json)", r.issues.len() - 50);
        }
    }
}

pub fn imports(ctx: &mut Ctx) -> Result<()> {
    let list = import::batches(&ctx.book)?;
    if ctx.json {
        return output::json(&list);
    }
    if list.is_empty() {
        println!("no imports yet");
    }
    for b in list {
        println!(
            "{:>5}  {}  {}  {} rows: {} created, {} merged, {} skipped, {} errors  {}",
            b.id,
            &b.started_at,
            pad(&b.status, 11),
            b.rows_done,
            b.created,
            b.merged,
            b.skipped,
            b.errors,
            b.source_name
        );
    }
    Ok(())
}

pub fn undo(ctx: &mut Ctx, a: UndoArgs) -> Result<()> {
    let info = import::batches(&ctx.book)?
        .into_iter()
        .find(|b| b.id == a.batch)
        .with_context(|| format!("no import batch {}", a.batch))?;
    if !a.yes
        && !confirm(&format!(
            "Undo import {} of {} ({} contacts created, {} merged)?",
            info.id, info.source_name, info.created, info.merged
        ))?
    {
        anyhow::bail!("not undone");
    }
    let s = import::undo_import(&mut ctx.book, a.batch, clock::now())?;
    if ctx.json {
        return output::json(&s);
    }
    println!(
        "import {} undone: {} contacts removed, {} restored, {} notes removed",
        s.batch, s.removed, s.restored, s.notes_removed
    );
    Ok(())
}

pub fn export(ctx: &mut Ctx, a: ExportArgs) -> Result<()> {
    let ids = match &a.segment {
        Some(name) => {
            let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
            let seg = ctx.book.segment(name)?;
            Some(ctx.book.contacts_where(&seg.condition, clock::now(), tz)?)
        }
        None => None,
    };
    let filter = ExportFilter {
        tag: a.tag,
        ids,
        for_outreach: a.for_outreach,
        include_archived: a.include_archived,
        channel: a.channel.as_deref().map(str::parse).transpose()?,
    };
    let mut out: Box<dyn Write> = match &a.out {
        Some(p) => Box::new(BufWriter::new(
            File::create_new(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let book = &ctx.book;
    let n = match a.format {
        ExportFormat::Csv => export::csv::export_csv(book, &filter, &mut out)?,
        ExportFormat::Google => export::google::export_google_csv(book, &filter, &mut out)?,
        ExportFormat::Vcard => {
            export::vcard::export_vcard(book, &filter, VcardVersion::V3, &mut out)?
        }
        ExportFormat::Vcard4 => {
            export::vcard::export_vcard(book, &filter, VcardVersion::V4, &mut out)?
        }
        ExportFormat::Ics => export::ics::export_ics(book, clock::now(), &mut out)?,
    };
    out.flush().context("writing the export")?;
    if let Some(p) = &a.out {
        if ctx.json {
            output::json(&serde_json::json!({ "out": p, "count": n }))?;
        } else {
            eprintln!("wrote {n} entries to {}", p.display());
        }
    }
    Ok(())
}

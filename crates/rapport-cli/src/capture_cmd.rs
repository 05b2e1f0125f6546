//! `rapport capture "..."`: log or plan in plain words (the rules are the core's
//! [`rapport_core::capture`]); this only reads the arguments and prints.

use anyhow::Result;
use clap::Args;
use rapport_core::phrase::{CaptureAction, CapturePreview, CaptureRequest};
use rapport_core::ContactId;

use crate::contact_cmd::confirm;
use crate::output;
use crate::{clock, Ctx};

#[derive(Args)]
pub struct CaptureArgs {
    /// The phrase: "called Ada about the renewal", "明天下午3点回访张总 续保".
    #[arg(required_unless_present = "undo")]
    phrase: Option<String>,
    /// Show what would be written, write nothing.
    #[arg(long, conflicts_with = "undo")]
    dry_run: bool,
    /// Write without asking.
    #[arg(long)]
    yes: bool,
    /// The contact, when the phrase's name fits several.
    #[arg(long, value_name = "ID")]
    contact: Option<i64>,
    /// Undo the latest capture.
    #[arg(long)]
    undo: bool,
    /// IANA time zone (default: setting, then the system's).
    #[arg(long)]
    tz: Option<String>,
}

pub fn capture(ctx: &mut Ctx, a: CaptureArgs) -> Result<()> {
    if a.undo {
        let undone = ctx.book.undo_last_capture()?;
        return if ctx.json {
            output::json(&serde_json::json!({ "undone": undone }))
        } else {
            println!("undone: {}", describe_undo(&undone));
            Ok(())
        };
    }
    let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
    let now = clock::now();
    let req = CaptureRequest {
        text: a.phrase.unwrap_or_default(),
        contact_id: a.contact.map(ContactId),
    };
    let preview = ctx.book.preview_capture(&req, now, tz)?;
    if preview.contact.is_none() {
        if ctx.json {
            output::json(&preview)?;
        } else {
            println!(
                "'{}' fits several contacts; pass --contact ID:",
                preview.mention
            );
            for c in &preview.candidates {
                let extra: Vec<&str> = [c.company.as_deref(), c.title.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                println!(
                    "  #{:<6} {}  {}",
                    c.contact_id,
                    c.display_name,
                    extra.join(", ")
                );
            }
        }
        anyhow::bail!("nothing written: choose the contact with --contact ID");
    }
    if a.dry_run {
        return if ctx.json {
            output::json(&preview)
        } else {
            println!("{}", describe(&preview));
            println!("(dry run: nothing written)");
            Ok(())
        };
    }
    if !a.yes && !ctx.json && !confirm(&format!("{}\nWrite it?", describe(&preview)))? {
        anyhow::bail!("nothing written");
    }
    let done = ctx.book.capture(&req, now, tz)?;
    if ctx.json {
        output::json(&done)
    } else {
        println!("{}", describe(&done.preview));
        println!(
            "written ({}); undo with `rapport capture --undo`",
            describe_undo(&done.undo)
        );
        Ok(())
    }
}

/// One line saying what a capture writes.
fn describe(p: &CapturePreview) -> String {
    let who = p
        .contact
        .as_ref()
        .map(|c| format!("{} (#{})", c.display_name, c.contact_id))
        .unwrap_or_default();
    let text = if p.text.is_empty() {
        String::new()
    } else {
        format!(": {}", p.text)
    };
    match &p.action {
        CaptureAction::Log { kind, local, .. } => {
            format!(
                "log {kind} with {who} at {}{text}",
                local.format("%Y-%m-%d %H:%M")
            )
        }
        CaptureAction::FollowUp { due_date, due_time } => {
            let time = due_time
                .map(|t| format!(" {}", t.format("%H:%M")))
                .unwrap_or_default();
            format!("follow up with {who} on {due_date}{time}{text}")
        }
    }
}

fn describe_undo(u: &rapport_core::phrase::CaptureUndo) -> String {
    match u {
        rapport_core::phrase::CaptureUndo::Interaction(id) => format!("interaction #{}", id.0),
        rapport_core::phrase::CaptureUndo::FollowUp(id) => format!("follow-up #{}", id.0),
    }
}

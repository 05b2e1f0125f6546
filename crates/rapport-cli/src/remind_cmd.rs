//! `rapport remind`: the daily reminder when the app is not running. It prints what
//! the reminder says; with `--notify` it raises the same desktop notification as the
//! app, and clicking it opens the app on Today (a running app takes the click over).

use anyhow::Result;
use rapport_core::reminder::Reminder;

use crate::{clock, output, Ctx};

pub fn run(ctx: &mut Ctx, mark_sent: bool, notify: bool) -> Result<()> {
    let tz = clock::zone(&ctx.book, None)?;
    let local = clock::now().with_timezone(&tz).naive_local();
    let due = ctx.book.reminder_due(local, tz, &clock::system_locale())?;
    if (mark_sent || notify) && due.is_some() {
        ctx.book.record_reminder_sent(local.date())?;
    }
    if ctx.json {
        output::json(&serde_json::json!({
            "due": due.is_some(),
            "people": due.as_ref().map(|r| r.people),
            "names": due.as_ref().map(|r| r.names.clone()),
            "title": due.as_ref().map(|r| r.title.clone()),
            "body": due.as_ref().map(|r| r.body.clone()),
        }))?;
    } else {
        match &due {
            Some(r) if r.body.is_empty() => println!("{}", r.title),
            Some(r) => println!("{}: {}", r.title, r.body),
            None => println!(
                "no reminder due now (rapport settings set reminder_time 08:30 to have one)"
            ),
        }
    }
    match due {
        Some(r) if notify && r.people > 0 => show(&r),
        _ => Ok(()),
    }
}

/// Shows the notification and waits until it is clicked or closed.
#[cfg(target_os = "linux")]
fn show(r: &Reminder) -> Result<()> {
    let handle = notify_rust::Notification::new()
        .appname("Rapport")
        .summary(&r.title)
        .body(&r.body)
        .icon(rapport_core::desktop::APP)
        .action("default", "Open Today")
        .show()
        .map_err(|e| {
            anyhow::anyhow!("could not show the reminder (is a notification daemon running?): {e}")
        })?;
    let mut opened = Ok(());
    handle.wait_for_action(|action| {
        if action == "default" {
            opened = open_app();
        }
    });
    opened
}

#[cfg(not(target_os = "linux"))]
fn show(_: &Reminder) -> Result<()> {
    anyhow::bail!("--notify shows a desktop notification on Linux only")
}

/// Starts the app on Today (it hands over to a running one) and does not wait for it.
#[cfg(target_os = "linux")]
fn open_app() -> Result<()> {
    use rapport_core::desktop::{program_beside, APP, OPEN_TODAY_ARG};
    let program = match std::env::current_exe() {
        Ok(exe) => program_beside(&exe, APP),
        Err(_) => APP.into(),
    };
    std::process::Command::new(&program)
        .arg(OPEN_TODAY_ARG)
        .stdin(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| anyhow::anyhow!("could not start {}: {e}", program.display()))
}

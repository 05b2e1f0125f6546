//! `rapport duplicates ...`: likely duplicates across the whole book, and merging them.

use anyhow::Result;
use clap::Subcommand;
use rapport_core::duplicates::{self, DuplicatesRequest, MatchReason, MergeRequest};
use rapport_core::ContactId;

use crate::output::{self, pad};
use crate::{clock, contact_cmd, Ctx};

#[derive(Subcommand)]
pub enum DuplicatesCmd {
    /// List likely duplicates: the same e-mail, the same phone, or the same name (as read:
    /// 張偉明 = 张伟明 = Zhang Weiming) at the same company.
    List,
    /// Merge one group (the one holding CONTACT_ID), the contacts given with --group, or
    /// every group (--all), into each group's oldest contact; one undoable step.
    Merge {
        /// A contact of the group to merge.
        #[arg(conflicts_with_all = ["all", "group"], required_unless_present_any = ["all", "group"])]
        contact_id: Option<i64>,
        /// Merge every group found now.
        #[arg(long)]
        all: bool,
        /// Merge these contacts (ids separated by commas; the first keeps), repeatable.
        #[arg(long, value_name = "ID,ID,...", conflicts_with = "all")]
        group: Vec<String>,
        /// Do not ask for confirmation (merging all).
        #[arg(long)]
        yes: bool,
    },
}

fn reason(r: &MatchReason) -> String {
    match r {
        MatchReason::Email { address } => format!("email {address}"),
        MatchReason::Phone { e164 } => format!("phone {e164}"),
        MatchReason::NameAndCompany { name, company } => {
            format!("name '{name}' at '{company}'")
        }
    }
}

fn ids_of(list: &str) -> Result<Vec<ContactId>> {
    list.split(',')
        .map(|s| {
            s.trim()
                .parse::<i64>()
                .map(ContactId)
                .map_err(|_| anyhow::anyhow!("--group takes contact ids like 3,7,12, not '{list}'"))
        })
        .collect()
}

pub fn run(ctx: &mut Ctx, cmd: DuplicatesCmd) -> Result<()> {
    let now = clock::now();
    let tz = clock::zone(&ctx.book, None)?;
    match cmd {
        DuplicatesCmd::List => {
            let list = duplicates::find_duplicates(&ctx.book, DuplicatesRequest {}, now, tz)?;
            if ctx.json {
                return output::json(&list);
            }
            if list.groups.is_empty() {
                println!("No likely duplicates.");
                return Ok(());
            }
            for g in &list.groups {
                println!(
                    "keep #{}  ({})",
                    g.keep,
                    g.reasons.iter().map(reason).collect::<Vec<_>>().join("; ")
                );
                for m in &g.members {
                    println!(
                        "  {:>7}  {}  {}",
                        m.id,
                        pad(&m.display_name, 24),
                        m.company.as_deref().unwrap_or("")
                    );
                }
            }
            println!(
                "{}, {}; merge one with `rapport duplicates merge ID`, all with --all",
                output::count(list.groups.len() as u64, "group"),
                output::count(list.contacts, "contact")
            );
            Ok(())
        }
        DuplicatesCmd::Merge {
            contact_id,
            all,
            group,
            yes,
        } => {
            let req = if all {
                if !yes {
                    let n = duplicates::find_duplicates(&ctx.book, DuplicatesRequest {}, now, tz)?;
                    if !contact_cmd::confirm(&format!(
                        "Merge {} groups of likely duplicates ({} contacts; undo with `rapport undo`)?",
                        n.groups.len(),
                        n.contacts
                    ))? {
                        anyhow::bail!("not merged");
                    }
                }
                MergeRequest::All
            } else if !group.is_empty() {
                MergeRequest::Groups {
                    groups: group.iter().map(|g| ids_of(g)).collect::<Result<_>>()?,
                }
            } else {
                MergeRequest::Group {
                    contact: ContactId(contact_id.unwrap_or_default()),
                }
            };
            let out = duplicates::merge_duplicates(&mut ctx.book, req, now, tz)?;
            if ctx.json {
                return output::json(&out);
            }
            println!(
                "merged {} in {} (step {}; undo with `rapport undo`)",
                output::count(out.merged, "contact"),
                output::count(out.groups, "group"),
                out.step
            );
            Ok(())
        }
    }
}

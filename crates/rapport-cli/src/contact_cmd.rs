//! `rapport contact ...` and `rapport log`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use rapport_core::contacts::ContactEdit;
use rapport_core::contacts::{Email, Phone};
use rapport_core::deals::DealQuery;
use rapport_core::optout::OptOutChannel;
use rapport_core::{
    Contact, ContactDraft, ContactId, ContactQuery, ContactSort, InteractionDraft, PartialDate,
    Stage,
};
use serde::Serialize;

use crate::output::{self, pad};
use crate::{clock, Ctx};

#[derive(Subcommand)]
pub enum ContactCmd {
    /// Add a contact.
    Add(AddArgs),
    /// Show a contact with its history and follow-ups.
    Show {
        /// Contact id.
        id: i64,
    },
    /// List contacts.
    List(ListArgs),
    /// Change fields of a contact.
    Edit(EditArgs),
    /// Merge contact ID into INTO_ID (ID's history moves over; ID is deleted).
    Merge {
        /// The contact that goes away.
        id: i64,
        /// The contact that stays.
        into_id: i64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Archive a contact (hidden from lists, history kept).
    Archive {
        /// Contact id.
        id: i64,
    },
    /// Bring an archived contact back.
    Unarchive {
        /// Contact id.
        id: i64,
    },
    /// Delete a contact (restorable with `contact restore`).
    Delete {
        /// Contact id.
        id: i64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Restore a deleted contact.
    Restore {
        /// Contact id.
        id: i64,
    },
    /// List every tag in use, with how many contacts carry it.
    Tags,
    /// Delete a logged interaction (its id is in `contact show`).
    Unlog {
        /// Interaction id.
        id: i64,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// Display name (e.g. 张伟明 or "Ada Lovelace").
    #[arg(long)]
    name: Option<String>,
    /// Read the contact from a pasted signature or business card text in FILE (`-`: standard
    /// input); the other flags add to or replace what it finds.
    #[arg(long, value_name = "FILE")]
    from_text: Option<PathBuf>,
    /// With --from-text: print what was found, write nothing.
    #[arg(long, requires = "from_text")]
    dry_run: bool,
    /// Given name.
    #[arg(long)]
    given: Option<String>,
    /// Family name.
    #[arg(long)]
    family: Option<String>,
    /// Email address (repeat for more).
    #[arg(long)]
    email: Vec<String>,
    /// Phone number as you write it (repeat for more).
    #[arg(long)]
    phone: Vec<String>,
    /// Company.
    #[arg(long)]
    company: Option<String>,
    /// Job title.
    #[arg(long)]
    title: Option<String>,
    /// Tag (repeat for more).
    #[arg(long)]
    tag: Vec<String>,
    /// lead, prospect, customer, dormant or lost.
    #[arg(long)]
    stage: Option<String>,
    /// Keep-in-touch cadence in days.
    #[arg(long)]
    cadence: Option<u32>,
    /// Birthday, YYYY-MM-DD or --MM-DD.
    #[arg(long, allow_hyphen_values = true)]
    birthday: Option<String>,
    /// Anniversary, YYYY-MM-DD or --MM-DD.
    #[arg(long, allow_hyphen_values = true)]
    anniversary: Option<String>,
    /// Where the contact came from.
    #[arg(long)]
    source: Option<String>,
    /// Never list or export for outreach.
    #[arg(long)]
    do_not_contact: bool,
}

#[derive(Args)]
pub struct ListArgs {
    /// Only contacts with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only contacts in this stage.
    #[arg(long)]
    stage: Option<String>,
    /// Only customers in this value tier (vip, major, ordinary, small, a, b, c).
    #[arg(long)]
    tier: Option<String>,
    /// Only contacts never contacted.
    #[arg(long)]
    never_contacted: bool,
    /// Include archived contacts.
    #[arg(long)]
    archived: bool,
    /// name, last-contacted or company.
    #[arg(long, default_value = "name")]
    sort: String,
    /// At most this many.
    #[arg(long)]
    limit: Option<u32>,
    /// Only the members of this saved segment (with the other filters).
    #[arg(long)]
    segment: Option<String>,
    /// IANA time zone for the segment's dates (default: setting, then system).
    #[arg(long, requires = "segment")]
    tz: Option<String>,
}

#[derive(Args)]
pub struct EditArgs {
    /// Contact id.
    id: i64,
    /// New display name.
    #[arg(long)]
    name: Option<String>,
    /// New company ("" clears it).
    #[arg(long)]
    company: Option<String>,
    /// New title ("" clears it).
    #[arg(long)]
    title: Option<String>,
    /// Add an email.
    #[arg(long)]
    email: Vec<String>,
    /// Add a phone.
    #[arg(long)]
    phone: Vec<String>,
    /// Add a tag.
    #[arg(long)]
    tag: Vec<String>,
    /// Remove a tag.
    #[arg(long)]
    untag: Vec<String>,
    /// New stage ("" clears it).
    #[arg(long)]
    stage: Option<String>,
    /// New cadence in days (0 clears it).
    #[arg(long)]
    cadence: Option<u32>,
    /// New birthday, YYYY-MM-DD or --MM-DD ("" clears it).
    #[arg(long, allow_hyphen_values = true)]
    birthday: Option<String>,
    /// true or false.
    #[arg(long)]
    do_not_contact: Option<bool>,
    /// Opt out of a channel: email, phone, sms or mail (repeat for more).
    #[arg(long)]
    opt_out: Vec<String>,
    /// Opt back in to a channel (repeat for more).
    #[arg(long)]
    opt_in: Vec<String>,
}

#[derive(Args)]
pub struct LogArgs {
    /// Contact id.
    contact_id: i64,
    /// call, email, meeting, message or note.
    #[arg(long)]
    kind: String,
    /// When (RFC 3339, e.g. 2026-11-23T09:30:00+08:00); default now.
    #[arg(long)]
    at: Option<String>,
    /// What was said or done.
    #[arg(long, default_value = "")]
    text: String,
    /// inbound or outbound.
    #[arg(long)]
    direction: Option<String>,
    /// Outcome.
    #[arg(long)]
    outcome: Option<String>,
    /// The customer's satisfaction, 1–5 (completes pending satisfaction checks).
    #[arg(long)]
    satisfaction: Option<u8>,
    /// The next contact, set with the log: 3d, 7d, 30d (any number of days), a date
    /// YYYY-MM-DD, or none.
    #[arg(long, value_name = "WHEN", conflicts_with = "satisfaction")]
    next: Option<String>,
    /// IANA time zone the days of --next count in (default: setting, then the system's).
    #[arg(long)]
    tz: Option<String>,
}

fn opt_date(s: Option<&str>) -> Result<Option<PartialDate>> {
    Ok(s.filter(|s| !s.trim().is_empty())
        .map(str::parse)
        .transpose()?)
}

fn opt_text(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn emails(list: &[String]) -> impl Iterator<Item = Email> + '_ {
    list.iter().map(|a| Email {
        address: a.clone(),
        label: None,
    })
}

fn phones(list: &[String]) -> impl Iterator<Item = Phone> + '_ {
    // The book re-derives E.164 with the user's default region.
    list.iter().map(|p| Phone {
        raw: p.clone(),
        e164: None,
        label: None,
    })
}

pub fn run(ctx: &mut Ctx, cmd: ContactCmd) -> Result<()> {
    let now = clock::now();
    match cmd {
        ContactCmd::Tags => {
            let tags = ctx.book.tags()?;
            if ctx.json {
                return output::json(&tags);
            }
            for t in tags {
                println!("{t}");
            }
            Ok(())
        }
        ContactCmd::Unlog { id } => {
            ctx.book
                .delete_interaction(rapport_core::InteractionId(id))?;
            if ctx.json {
                return output::json(&serde_json::json!({ "deleted": id }));
            }
            println!("interaction {id} deleted");
            Ok(())
        }
        ContactCmd::Add(a) => {
            let found = match &a.from_text {
                Some(path) => {
                    let text = if path.as_os_str() == "-" {
                        std::io::read_to_string(std::io::stdin())
                            .context("reading standard input")?
                    } else {
                        std::fs::read_to_string(path)
                            .with_context(|| format!("cannot read {}", path.display()))?
                    };
                    rapport_core::signature::contact_from_text(&text, ctx.book.default_region()?)
                        .with_context(|| format!("{}", path.display()))?
                }
                None => ContactDraft::default(),
            };
            let mut draft = ContactDraft {
                display_name: a.name.unwrap_or(found.display_name),
                given_name: a.given,
                family_name: a.family,
                company: a.company.or(found.company),
                title: a.title.or(found.title),
                emails: found.emails,
                phones: found.phones,
                addresses: found.addresses,
                custom_fields: found.custom_fields,
                tags: a.tag,
                stage: a.stage.as_deref().map(str::parse).transpose()?,
                cadence_days: a.cadence,
                birthday: opt_date(a.birthday.as_deref())?,
                anniversary: opt_date(a.anniversary.as_deref())?,
                source: a.source,
                do_not_contact: a.do_not_contact,
                ..Default::default()
            };
            draft.emails.extend(emails(&a.email));
            draft.phones.extend(phones(&a.phone));
            if a.dry_run {
                let draft = ctx.book.prepare_draft(draft)?;
                if ctx.json {
                    return output::json(&draft);
                }
                println!("{}", draft.display_name);
                for line in [draft.title.as_deref(), draft.company.as_deref()]
                    .into_iter()
                    .flatten()
                {
                    println!("  {line}");
                }
                for e in &draft.emails {
                    println!("  {}", e.address);
                }
                for p in &draft.phones {
                    println!("  {}", p.e164.as_deref().unwrap_or(&p.raw));
                }
                println!("(dry run: nothing written)");
                return Ok(());
            }
            let c = ctx.book.add_contact(draft, now)?;
            print_contact(ctx, &c)
        }
        ContactCmd::Show { id } => {
            let c = ctx.book.contact(ContactId(id))?;
            let interactions = ctx.book.interactions_of(c.id, Some(50))?;
            let follow_ups = ctx.book.follow_ups_of(c.id)?;
            let deals = ctx.book.deals(&DealQuery {
                contact_id: Some(c.id),
                status: None,
            })?;
            let cases = ctx.book.cases_of(c.id)?;
            let opted_out = ctx.book.opt_outs(c.id)?;
            let tz = clock::zone(&ctx.book, None)?;
            let value = ctx.book.contact_value(c.id, clock::today(tz), tz)?;
            if ctx.json {
                #[derive(Serialize)]
                struct Full<'a> {
                    #[serde(flatten)]
                    contact: &'a Contact,
                    interactions: &'a [rapport_core::Interaction],
                    follow_ups: &'a [rapport_core::FollowUp],
                    deals: &'a [rapport_core::deals::Deal],
                    cases: &'a [rapport_core::cases::ServiceCase],
                    opted_out: &'a [OptOutChannel],
                    value: Option<&'a rapport_core::value::RfmScore>,
                }
                return output::json(&Full {
                    contact: &c,
                    interactions: &interactions,
                    follow_ups: &follow_ups,
                    deals: &deals,
                    cases: &cases,
                    opted_out: &opted_out,
                    value: value.as_ref(),
                });
            }
            print_contact(ctx, &c)?;
            if !opted_out.is_empty() {
                let list: Vec<&str> = opted_out.iter().map(|o| o.as_str()).collect();
                println!("  {}{}", pad("opted out of", 14), list.join(", "));
            }
            if let Some(v) = &value {
                println!(
                    "  {}{} (RFM {}, {} purchases, {} {})",
                    pad("value", 14),
                    v.tier,
                    v.code(),
                    v.frequency,
                    rapport_core::deals::format_amount(
                        v.monetary_minor,
                        &ctx.book.report_currency()?
                    ),
                    ctx.book.report_currency()?
                );
            }
            if !deals.is_empty() {
                println!("\nDeals");
                for d in &deals {
                    println!(
                        "  #{:<6} {}  {:>12} {}  {:<5} {}",
                        d.id,
                        d.date,
                        rapport_core::deals::format_amount(d.amount_minor, &d.currency),
                        d.currency,
                        d.status.as_str(),
                        d.product.as_deref().unwrap_or("")
                    );
                }
            }
            if !cases.is_empty() {
                println!("\nCases");
                for k in &cases {
                    println!("  {}", crate::case_cmd::row(k));
                }
            }
            if !follow_ups.is_empty() {
                println!("\nFollow-ups");
                for f in &follow_ups {
                    println!(
                        "  #{:<6} {}  {:<8} {}",
                        f.id,
                        f.due_date,
                        f.status.as_str(),
                        f.text
                    );
                }
            }
            if !interactions.is_empty() {
                println!("\nHistory");
                for i in &interactions {
                    println!(
                        "  {}  {:<8} {}",
                        i.occurred_at.format("%Y-%m-%d %H:%M"),
                        i.kind.as_str(),
                        i.text
                    );
                }
            }
            Ok(())
        }
        ContactCmd::List(a) => {
            let q = ContactQuery {
                tag: a.tag,
                stage: a.stage.as_deref().map(str::parse::<Stage>).transpose()?,
                tier: a.tier.as_deref().map(str::parse).transpose()?,
                never_contacted: a.never_contacted,
                include_archived: a.archived,
                sort: match a.sort.as_str() {
                    "name" => ContactSort::Name,
                    "last-contacted" | "last_contacted" => ContactSort::LastContacted,
                    "company" => ContactSort::Company,
                    other => {
                        anyhow::bail!("--sort takes name, last-contacted or company, not '{other}'")
                    }
                },
                limit: a.limit,
                offset: 0,
            };
            let list = match &a.segment {
                None => ctx.book.list_contacts(&q)?,
                Some(name) => {
                    let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
                    let members = ctx.book.segment_contacts(name, clock::now(), tz)?;
                    let mut q = q;
                    let limit = q.limit.take();
                    let members: std::collections::HashSet<ContactId> =
                        members.iter().map(|c| c.id).collect();
                    // The list's own filters and order, narrowed to the segment.
                    let mut rows = ctx.book.list_contacts(&q)?;
                    rows.retain(|c| members.contains(&c.id));
                    if let Some(l) = limit {
                        rows.truncate(l as usize);
                    }
                    rows
                }
            };
            if ctx.json {
                return output::json(&list);
            }
            for c in &list {
                println!(
                    "{:>7}  {}  {}  {}",
                    c.id,
                    pad(&c.display_name, 24),
                    pad(c.company.as_deref().unwrap_or(""), 24),
                    c.last_contacted
                        .as_ref()
                        .map(|l| format!("{} {}", l.at.format("%Y-%m-%d"), l.kind))
                        .unwrap_or_else(|| "never contacted".into())
                );
            }
            if list.is_empty() {
                println!("No contacts. Add one with `rapport contact add --name NAME`, or import a file.");
            }
            Ok(())
        }
        ContactCmd::Edit(a) => {
            let id = ContactId(a.id);
            let channels = |list: &[String]| -> Result<Vec<OptOutChannel>> {
                Ok(list.iter().map(|c| c.parse()).collect::<Result<_, _>>()?)
            };
            let edit = ContactEdit {
                display_name: a.name,
                company: a.company.map(|c| opt_text(Some(c))),
                title: a.title.map(|t| opt_text(Some(t))),
                add_emails: emails(&a.email).collect(),
                add_phones: phones(&a.phone).collect(),
                add_tags: a.tag,
                remove_tags: a.untag,
                stage: a
                    .stage
                    .map(|s| opt_text(Some(s)).as_deref().map(str::parse).transpose())
                    .transpose()?,
                cadence_days: a.cadence.map(|c| Some(c).filter(|c| *c > 0)),
                birthday: a.birthday.map(|b| opt_date(Some(&b))).transpose()?,
                do_not_contact: a.do_not_contact,
                opt_out: channels(&a.opt_out)?,
                opt_in: channels(&a.opt_in)?,
            };
            let c = ctx.book.edit_contact(id, &edit, now)?;
            print_contact(ctx, &c)
        }
        ContactCmd::Merge { id, into_id, yes } => {
            let (from, into) = (
                ctx.book.contact(ContactId(id))?,
                ctx.book.contact(ContactId(into_id))?,
            );
            let question = format!(
                "Merge {} (#{id}) into {} (#{into_id})?",
                from.draft.display_name, into.draft.display_name
            );
            if !yes && !confirm(&question)? {
                anyhow::bail!("not merged");
            }
            let c = ctx
                .book
                .merge_contacts(ContactId(id), ContactId(into_id), now)?;
            print_contact(ctx, &c)?;
            if !ctx.json {
                println!("undo: rapport undo");
            }
            Ok(())
        }
        ContactCmd::Archive { id } => done(
            ctx.json,
            ctx.book.set_archived(ContactId(id), true, now),
            id,
            "archived",
        ),
        ContactCmd::Unarchive { id } => done(
            ctx.json,
            ctx.book.set_archived(ContactId(id), false, now),
            id,
            "unarchived",
        ),
        ContactCmd::Delete { id, yes } => {
            let c = ctx.book.contact(ContactId(id))?;
            if !yes && !confirm(&format!("Delete {} (#{id})?", c.draft.display_name))? {
                anyhow::bail!("not deleted");
            }
            done(
                ctx.json,
                ctx.book.delete_contact(ContactId(id), now),
                id,
                "deleted (undo: rapport contact restore ID)",
            )
        }
        ContactCmd::Restore { id } => done(
            ctx.json,
            ctx.book.restore_contact(ContactId(id), now),
            id,
            "restored",
        ),
    }
}

fn done(json: bool, r: rapport_core::Result<()>, id: i64, what: &str) -> Result<()> {
    r?;
    if json {
        output::json(&serde_json::json!({ "id": id, "status": what.split(' ').next() }))
    } else {
        println!("contact {id} {what}");
        Ok(())
    }
}

/// Asks yes/no on a terminal; with no terminal, refuses (use `--yes`).
pub fn confirm(question: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("{question} Not on a terminal: pass --yes to confirm");
    }
    eprint!("{question} [y/N] ");
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .context("reading the answer")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

fn print_contact(ctx: &Ctx, c: &Contact) -> Result<()> {
    if ctx.json {
        return output::json(c);
    }
    let d = &c.draft;
    println!("#{}  {}", c.id, d.display_name);
    let line = |k: &str, v: String| {
        if !v.is_empty() {
            println!("  {}{v}", pad(k, 14));
        }
    };
    line("company", d.company.clone().unwrap_or_default());
    line("title", d.title.clone().unwrap_or_default());
    for e in &d.emails {
        line("email", e.address.clone());
    }
    for p in &d.phones {
        line(
            "phone",
            format!(
                "{}{}",
                p.raw,
                p.e164
                    .as_ref()
                    .map(|e| format!("  ({e})"))
                    .unwrap_or_default()
            ),
        );
    }
    for a in &d.addresses {
        line("address", a.one_line());
    }
    line(
        "birthday",
        d.birthday.map(|b| b.to_string()).unwrap_or_default(),
    );
    line(
        "anniversary",
        d.anniversary.map(|b| b.to_string()).unwrap_or_default(),
    );
    line("tags", d.tags.join(", "));
    line("stage", d.stage.map(|s| s.to_string()).unwrap_or_default());
    line(
        "cadence",
        d.cadence_days
            .map(|n| format!("every {}", output::days(i64::from(n), "")))
            .unwrap_or_default(),
    );
    for f in &d.custom_fields {
        line(&f.key, f.value.clone());
    }
    if d.do_not_contact {
        line("do not contact", "yes".into());
    }
    line(
        "last contact",
        c.last_contacted
            .as_ref()
            .map(|l| format!("{} ({})", l.at.format("%Y-%m-%d %H:%M UTC"), l.kind))
            .unwrap_or_else(|| "never".into()),
    );
    Ok(())
}

pub fn log(ctx: &mut Ctx, a: LogArgs) -> Result<()> {
    let now = clock::now();
    let occurred_at = match a.at {
        Some(t) => rapport_core::dates::instant_from_text(&t)?,
        None => now,
    };
    let draft = InteractionDraft {
        contact_id: ContactId(a.contact_id),
        kind: a.kind.parse()?,
        occurred_at,
        direction: a.direction.as_deref().map(str::parse).transpose()?,
        text: a.text,
        outcome: a.outcome,
    };
    if let Some(next) = a.next {
        let next: rapport_core::next_contact::NextContact = next.parse()?;
        let tz = clock::zone(&ctx.book, a.tz.as_deref())?;
        let today = clock::today(tz);
        let (i, f) = ctx.book.log_with_next(draft, next, today, now)?;
        return if ctx.json {
            output::json(&serde_json::json!({ "interaction": i, "next_follow_up": f }))
        } else {
            println!("logged {} #{} for contact {}", i.kind, i.id.0, i.contact_id);
            match f {
                Some(f) => println!("next: follow-up #{} on {}", f.id, f.due_date),
                None => println!("next: none"),
            }
            Ok(())
        };
    }
    let i = match a.satisfaction {
        Some(rating) => ctx.book.log_satisfaction(draft, rating, now)?,
        None => ctx.book.log_interaction(draft, now)?,
    };
    if ctx.json {
        output::json(&i)
    } else {
        println!("logged {} #{} for contact {}", i.kind, i.id.0, i.contact_id);
        Ok(())
    }
}

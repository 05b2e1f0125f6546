//! Capture in plain words: "明天下午3点回访张总 续保", "called Ada about the renewal",
//! "next Tue lunch with 王芳", "3天后 给李娜发报价", "met zwm yesterday" become a logged
//! interaction or a follow-up, with no form. Deterministic and offline: fixed word lists
//! and patterns, the book's own search, and `now` and the zone passed in.
//!
//! A phrase is read in four parts:
//! - **when** ([`when`]): a day and a time of day, in the user's zone;
//! - **who**: the contact, found with the book's search: a whole name (李娜, Ada Lovelace),
//!   its pinyin or initials (zwm), a word of a Latin name (Ada), or a surname with a title
//!   (张总, 王经理, 老李; a contact whose job title fits the title is preferred). A name that
//!   fits several contacts gives the candidates and writes nothing until one is chosen;
//! - **kind** ([`words`]): call/电话/打电话/回访, meeting/见面/拜访/lunch, email/邮件,
//!   message/微信/短信, note/备注; the first kind word wins;
//! - **text**: the rest of the phrase, without the time and the name (and the word that
//!   joined the name: with, 给, 跟).
//!
//! **Past or future.** A day before today is a logged interaction (at the time said, else
//! 12:00); a day after today is a follow-up (with the time said, if any). Today, or no day
//! said: with a time, an instant already passed is logged and a later one is a follow-up;
//! without one, a phrase in the past tense ("called", "met", 了, 已, 刚) or a note is logged
//! now and any other is a follow-up due today. A logged phrase with no kind word is a note.
//!
//! **Local times to instants.** A local time that a daylight-saving change skips is moved
//! on by the gap (02:30 on a spring-forward night is 03:30); one that happens twice is the
//! first.
//!
//! [`ContactBook::preview_capture`] says what would be written; [`ContactBook::capture`]
//! writes it; [`ContactBook::undo_capture`] removes what a capture wrote.

pub mod when;
pub mod words;

use std::collections::HashSet;
use std::ops::Range;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{is_cjk, ContactId};
use crate::error::{Error, Result};
use crate::followups::{FollowUp, FollowUpDraft, FollowUpId};
use crate::interactions::{Interaction, InteractionDraft, InteractionId, InteractionKind};
use crate::search::MatchRank;

/// Setting key: what the latest capture wrote (JSON of [`CaptureUndo`]), for undo.
pub const SETTING_LAST_CAPTURE: &str = "last_capture";

/// Longest phrase read, in characters: a capture is a line, not a document.
pub const MAX_PHRASE_CHARS: usize = 500;

/// What to capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaptureRequest {
    /// The phrase as typed.
    pub text: String,
    /// The contact chosen when the phrase's name fits several (or to override it).
    pub contact_id: Option<ContactId>,
}

/// A contact a phrase may mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaptureCandidate {
    /// The contact.
    pub contact_id: ContactId,
    /// Its display name.
    pub display_name: String,
    /// Its company.
    pub company: Option<String>,
    /// Its job title.
    pub title: Option<String>,
}

/// What a capture writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum CaptureAction {
    /// An interaction that happened.
    Log {
        /// What kind (a note when the phrase said none).
        kind: InteractionKind,
        /// When, in UTC.
        occurred_at: DateTime<Utc>,
        /// When, in the user's zone.
        #[ts(type = "string")]
        local: NaiveDateTime,
    },
    /// A follow-up to do.
    FollowUp {
        /// Local due date.
        due_date: NaiveDate,
        /// Local due time, when said.
        due_time: Option<NaiveTime>,
    },
}

/// What a phrase reads as, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CapturePreview {
    /// The words that named the contact (empty when the contact was chosen by id).
    pub mention: String,
    /// The contact, when the phrase names exactly one (or one was chosen).
    pub contact: Option<CaptureCandidate>,
    /// The contacts the name fits when it fits several: choose one.
    pub candidates: Vec<CaptureCandidate>,
    /// The kind the phrase said, if any.
    pub kind: Option<InteractionKind>,
    /// What would be written.
    pub action: CaptureAction,
    /// The rest of the phrase, kept as the interaction's or follow-up's text.
    pub text: String,
}

/// What a capture wrote, to undo it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "written", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum CaptureUndo {
    /// A logged interaction.
    Interaction(InteractionId),
    /// A follow-up.
    FollowUp(FollowUpId),
}

/// The result of a capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Captured {
    /// What was read.
    pub preview: CapturePreview,
    /// The interaction logged, for a log.
    pub interaction: Option<Interaction>,
    /// The follow-up added, for a follow-up.
    pub follow_up: Option<FollowUp>,
    /// What to pass to [`ContactBook::undo_capture`].
    pub undo: CaptureUndo,
}

/// The instant of local `date` `time` in `tz`: a time skipped by a daylight-saving change
/// is moved on by the gap (read with the offset in force before it), a time that happens
/// twice is the first.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> Result<DateTime<Utc>> {
    let local = date.and_time(time);
    if let Some(at) = tz.from_local_datetime(&local).earliest() {
        return Ok(at.with_timezone(&Utc));
    }
    let before = tz
        .from_local_datetime(&(local - Duration::hours(6)))
        .latest()
        .ok_or_else(|| {
            Error::invalid("when", format!("{local} does not exist in {}", tz.name()))
        })?;
    let offset = before.offset().fix().local_minus_utc();
    Ok(Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(offset)))))
}

/// One way the phrase may name a contact.
struct Mention {
    span: Range<usize>,
    /// Lower is surer: 0 a whole name, 1 a capitalised name word, 2 any name word, 3 a
    /// surname with a title.
    strength: u8,
    contacts: Vec<ContactId>,
}

impl ContactBook {
    /// Reads `req` as of `now` in `tz`: what [`ContactBook::capture`] would write. Writes
    /// nothing. A phrase with no contact in it, or whose time cannot be read, is an error
    /// that says so; a name that fits several contacts gives them in `candidates`.
    pub fn preview_capture(
        &mut self,
        req: &CaptureRequest,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<CapturePreview> {
        let phrase = normalise_width(req.text.trim());
        if phrase.is_empty() {
            return Err(Error::invalid(
                "capture",
                "the phrase is empty: say who and what, e.g. 'called Ada about the renewal'",
            ));
        }
        if phrase.chars().count() > MAX_PHRASE_CHARS {
            return Err(Error::invalid(
                "capture",
                format!("the phrase is longer than {MAX_PHRASE_CHARS} characters"),
            ));
        }
        let today = now.with_timezone(&tz).date_naive();
        let past = words::speaks_of_past(&phrase);
        let when = when::read_time(&phrase, today, past)?;
        let mut masked = phrase.clone();
        for r in &when.spans {
            mask(&mut masked, r.clone());
        }

        let (mention_span, contact, candidates) = match req.contact_id {
            Some(id) => {
                let found = self.find_mention(&masked)?;
                let span = found.map(|m| m.span);
                (span, Some(self.candidate(id)?), Vec::new())
            }
            None => match self.find_mention(&masked)? {
                None => {
                    return Err(Error::invalid(
                        "capture",
                        format!("no contact found in '{}': name someone in the book (a name, its pinyin or initials such as zwm, or 张总)", req.text.trim()),
                    ))
                }
                Some(m) => {
                    let mut cands = m
                        .contacts
                        .iter()
                        .map(|id| self.candidate(*id))
                        .collect::<Result<Vec<_>>>()?;
                    if cands.len() == 1 {
                        (Some(m.span), cands.pop(), Vec::new())
                    } else {
                        (Some(m.span), None, cands)
                    }
                }
            },
        };
        let mention = mention_span
            .clone()
            .map(|r| phrase[r].to_string())
            .unwrap_or_default();
        // A name is no sign of the past (吴刚 holds 刚): read it again without the name.
        let mut unnamed = phrase.clone();
        if let Some(r) = mention_span.clone() {
            mask(&mut unnamed, r);
        }
        let past = words::speaks_of_past(&unnamed);
        let when = when::read_time(&phrase, today, past)?;
        if let Some(r) = mention_span {
            let wide = widen_to_joiner(&masked, r);
            mask(&mut masked, wide);
        }
        let kind = words::kind_of(&unnamed);
        let action = decide(&when, kind, past, now, today, tz)?;
        Ok(CapturePreview {
            mention,
            contact,
            candidates,
            kind,
            action,
            text: tidy(&masked),
        })
    }

    /// Writes what [`ContactBook::preview_capture`] reads, in one transaction, and keeps
    /// what it wrote for [`ContactBook::undo_last_capture`]. A name that fits several
    /// contacts is an error listing them: choose one with `contact_id`.
    pub fn capture(
        &mut self,
        req: &CaptureRequest,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Captured> {
        let preview = self.preview_capture(req, now, tz)?;
        let Some(contact) = &preview.contact else {
            let names: Vec<String> = preview
                .candidates
                .iter()
                .map(|c| format!("#{} {}", c.contact_id, c.display_name))
                .collect();
            return Err(Error::invalid(
                "contact",
                format!(
                    "'{}' fits {} contacts ({}); choose one",
                    preview.mention,
                    names.len(),
                    names.join(", ")
                ),
            ));
        };
        let (interaction, follow_up, undo) = match &preview.action {
            CaptureAction::Log {
                kind, occurred_at, ..
            } => {
                let i = self.log_interaction(
                    InteractionDraft {
                        contact_id: contact.contact_id,
                        kind: *kind,
                        occurred_at: *occurred_at,
                        direction: None,
                        text: preview.text.clone(),
                        outcome: None,
                    },
                    now,
                )?;
                let undo = CaptureUndo::Interaction(i.id);
                (Some(i), None, undo)
            }
            CaptureAction::FollowUp { due_date, due_time } => {
                let f = self.add_follow_up(
                    FollowUpDraft {
                        contact_id: contact.contact_id,
                        due_date: *due_date,
                        due_time: *due_time,
                        text: preview.text.clone(),
                    },
                    now,
                )?;
                let undo = CaptureUndo::FollowUp(f.id);
                (None, Some(f), undo)
            }
        };
        let kept =
            serde_json::to_string(&undo).map_err(|e| Error::invalid("capture", e.to_string()))?;
        self.store_mut().set_setting(SETTING_LAST_CAPTURE, &kept)?;
        Ok(Captured {
            preview,
            interaction,
            follow_up,
            undo,
        })
    }

    /// Removes what a capture wrote.
    pub fn undo_capture(&mut self, undo: CaptureUndo) -> Result<()> {
        match undo {
            CaptureUndo::Interaction(id) => self.delete_interaction(id)?,
            CaptureUndo::FollowUp(id) => {
                self.store_mut().delete_follow_up(id)?;
                self.sync_search()?;
            }
        }
        let last = self.store().setting(SETTING_LAST_CAPTURE)?;
        if last.and_then(|s| serde_json::from_str::<CaptureUndo>(&s).ok()) == Some(undo) {
            self.store_mut().clear_setting(SETTING_LAST_CAPTURE)?;
        }
        Ok(())
    }

    /// Undoes the latest capture not yet undone; returns what it removed.
    pub fn undo_last_capture(&mut self) -> Result<CaptureUndo> {
        let undo = self
            .store()
            .setting(SETTING_LAST_CAPTURE)?
            .and_then(|s| serde_json::from_str::<CaptureUndo>(&s).ok())
            .ok_or_else(|| Error::invalid("undo", "there is no capture to undo"))?;
        self.undo_capture(undo)?;
        Ok(undo)
    }

    fn candidate(&self, id: ContactId) -> Result<CaptureCandidate> {
        let c = self.contact(id)?;
        Ok(CaptureCandidate {
            contact_id: id,
            display_name: c.draft.display_name,
            company: c.draft.company,
            title: c.draft.title,
        })
    }

    /// The surest way `masked` names contacts: whole names first (and, among equals, the
    /// first in the phrase, the longest), then name words, then a surname with a title.
    fn find_mention(&mut self, masked: &str) -> Result<Option<Mention>> {
        let mut found: Vec<Mention> = Vec::new();
        // Chinese names: every run of 2–4 Han characters that is a whole name.
        for run in han_runs(masked) {
            let chars: Vec<(usize, char)> = masked[run.clone()].char_indices().collect();
            for len in (2..=4).rev() {
                for start in 0..chars.len().saturating_sub(len - 1) {
                    let from = run.start + chars[start].0;
                    let to = chars
                        .get(start + len)
                        .map_or(run.end, |(i, _)| run.start + i);
                    let ids = self.exact_name_hits(&masked[from..to])?;
                    if !ids.is_empty() {
                        found.push(Mention {
                            span: from..to,
                            strength: 0,
                            contacts: ids,
                        });
                    }
                }
            }
        }
        // Latin names, pinyin and initials: word pairs, then single words.
        let latin: Vec<_> = words::latin_words(masked)
            .into_iter()
            .filter(|(_, w)| !words::is_stop_word(w))
            .collect();
        for pair in latin.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if !masked[a.0.end..b.0.start].trim().is_empty() {
                continue;
            }
            let span = a.0.start..b.0.end;
            let ids = self.name_word_hits(&masked[span.clone()], &[&a.1, &b.1])?;
            if !ids.is_empty() {
                found.push(Mention {
                    span,
                    strength: 0,
                    contacts: ids,
                });
            }
        }
        for (range, w) in &latin {
            if found
                .iter()
                .any(|m| m.span.start <= range.start && range.end <= m.span.end)
            {
                continue;
            }
            let exact = self.exact_name_hits(w)?;
            if !exact.is_empty() {
                found.push(Mention {
                    span: range.clone(),
                    strength: 0,
                    contacts: exact,
                });
                continue;
            }
            let ids = self.name_word_hits(w, &[w])?;
            if !ids.is_empty() {
                let capital = masked[range.clone()].starts_with(|c: char| c.is_ascii_uppercase());
                found.push(Mention {
                    span: range.clone(),
                    strength: if capital { 1 } else { 2 },
                    contacts: ids,
                });
            }
        }
        if found.is_empty() {
            found.extend(self.titled_mentions(masked)?);
        }
        found.sort_by_key(|m| (m.strength, m.span.start, std::cmp::Reverse(m.span.len())));
        Ok(found.into_iter().next())
    }

    /// Contacts whose whole name (or pinyin, or initials) is `q`.
    fn exact_name_hits(&mut self, q: &str) -> Result<Vec<ContactId>> {
        Ok(self
            .search(q, 20)?
            .hits
            .into_iter()
            .filter(|h| h.rank == MatchRank::ExactName && !h.archived)
            .map(|h| h.contact_id)
            .collect())
    }

    /// Contacts named exactly `q`, or one of whose name words is each of `parts`.
    fn name_word_hits(&mut self, q: &str, parts: &[&String]) -> Result<Vec<ContactId>> {
        let hits = self.search(q, 20)?.hits;
        let mut out = Vec::new();
        for h in hits {
            if h.archived || h.rank > MatchRank::Name {
                continue;
            }
            if h.rank == MatchRank::ExactName {
                out.push(h.contact_id);
                continue;
            }
            let c = self.contact(h.contact_id)?;
            let words = name_words(&[
                Some(c.draft.display_name.as_str()),
                c.draft.given_name.as_deref(),
                c.draft.family_name.as_deref(),
                c.draft.phonetic_name.as_deref(),
            ]);
            if parts
                .iter()
                .all(|p| words.contains(&deunicode::deunicode(p).to_lowercase()))
            {
                out.push(h.contact_id);
            }
        }
        Ok(out)
    }

    /// 张总, 王经理, 老李, 小王: contacts with that surname; those whose job title fits the
    /// title, when there are any.
    fn titled_mentions(&mut self, masked: &str) -> Result<Vec<Mention>> {
        let mut out = Vec::new();
        for run in han_runs(masked) {
            let text = &masked[run.clone()];
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            for (i, &(at, c)) in chars.iter().enumerate() {
                let rest = &text[at + c.len_utf8()..];
                let title = words::TITLES_CN.iter().find(|(t, _)| rest.starts_with(t));
                let elder = (c == '老' || c == '小') && chars.len() > i + 1;
                let (surname, span, fits): (char, Range<usize>, &[&str]) =
                    if let Some((t, fits)) = title {
                        (
                            c,
                            run.start + at..run.start + at + c.len_utf8() + t.len(),
                            fits,
                        )
                    } else if elder {
                        let s = chars[i + 1].1;
                        (
                            s,
                            run.start + at..run.start + at + c.len_utf8() + s.len_utf8(),
                            &[],
                        )
                    } else {
                        continue;
                    };
                let people = self.store().contacts_with_surname(surname, 50)?;
                if people.is_empty() {
                    continue;
                }
                let fitting: Vec<ContactId> = people
                    .iter()
                    .filter(|(_, title)| {
                        let t = title.as_deref().unwrap_or("").to_lowercase();
                        !fits.is_empty() && fits.iter().any(|f| t.contains(f))
                    })
                    .map(|(id, _)| *id)
                    .collect();
                let contacts = if fitting.is_empty() {
                    people.into_iter().map(|(id, _)| id).collect()
                } else {
                    fitting
                };
                out.push(Mention {
                    span,
                    strength: 3,
                    contacts,
                });
            }
        }
        Ok(out)
    }
}

/// What the phrase writes (see the module's rules).
fn decide(
    when: &when::TimeReading,
    kind: Option<InteractionKind>,
    past: bool,
    now: DateTime<Utc>,
    today: NaiveDate,
    tz: Tz,
) -> Result<CaptureAction> {
    let log = |date: NaiveDate, time: NaiveTime| -> Result<CaptureAction> {
        Ok(CaptureAction::Log {
            kind: kind.unwrap_or(InteractionKind::Note),
            occurred_at: local_instant(tz, date, time)?,
            local: date.and_time(time),
        })
    };
    let follow_up = |due_date, due_time| Ok(CaptureAction::FollowUp { due_date, due_time });
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
    let date = when.date.unwrap_or(today);
    if date < today {
        return log(date, when.time.unwrap_or(noon));
    }
    if date > today {
        return follow_up(date, when.time);
    }
    match when.time {
        Some(t) if local_instant(tz, date, t)? <= now => log(date, t),
        Some(t) => follow_up(date, Some(t)),
        None if past || kind == Some(InteractionKind::Note) => Ok(CaptureAction::Log {
            kind: kind.unwrap_or(InteractionKind::Note),
            occurred_at: now,
            local: now.with_timezone(&tz).naive_local(),
        }),
        None => follow_up(date, None),
    }
}

/// Full-width letters, digits and punctuation as their ASCII forms (１５：００ → 15:00), so
/// one set of patterns reads both.
fn normalise_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// What stands in for a part of the phrase that was read (one per byte, so other ranges
/// stay valid); neither a word nor CJK, so it splits names and words.
const MASK: char = '\u{1}';

/// Blanks `r` of `s` with [`MASK`].
fn mask(s: &mut String, r: Range<usize>) {
    let blank = MASK.to_string().repeat(r.len());
    s.replace_range(r, &blank);
}

/// The byte ranges of the runs of CJK characters in `s`.
fn han_runs(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (start, is_cjk(c)) {
            (None, true) => start = Some(i),
            (Some(st), false) => {
                out.push(st..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `r` widened over the joining word just before it (给, 跟, with, to, Mr.).
fn widen_to_joiner(s: &str, r: Range<usize>) -> Range<usize> {
    let before = s[..r.start].trim_end_matches(|c: char| c.is_whitespace() || c == MASK);
    if let Some(c) = before.chars().next_back() {
        if words::JOIN_CN.contains(&c) {
            return before.len() - c.len_utf8()..r.end;
        }
    }
    let word_start = before
        .rfind(|c: char| !(c.is_ascii_alphabetic() || c == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if !word.is_empty() && words::is_join_word(&word.to_ascii_lowercase()) {
        return word_start..r.end;
    }
    r
}

/// The kept text: what was read between two CJK characters closes up (刚给李娜打电话 →
/// 刚打电话), elsewhere it is a space; runs of spaces as one, none before a comma, no stray
/// punctuation at either end.
fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != MASK {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == MASK {
            i += 1;
        }
        let before = start.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(i).copied();
        if !(before.is_some_and(is_cjk) && after.is_some_and(is_cjk)) {
            out.push(' ');
        }
    }
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let joined = joined.replace(" ,", ",").replace(" ，", "，");
    joined
        .trim_matches(|c: char| c.is_whitespace() || ",.;:!?，。；：！、-–—".contains(c))
        .to_string()
}

/// The folded words of names (lowercase, accents off).
fn name_words(names: &[Option<&str>]) -> HashSet<String> {
    names
        .iter()
        .flatten()
        .flat_map(|n| {
            deunicode::deunicode(n)
                .to_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests;

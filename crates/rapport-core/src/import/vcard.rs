//! vCard 2.1, 3.0 and 4.0 import: folded lines, QUOTED-PRINTABLE with a
//! charset, Apple's grouped properties (`item1.EMAIL` + `item1.X-ABLabel`),
//! name readings (`X-PHONETIC-FIRST-NAME`), birthdays without a year (`1604`,
//! `--0314`), photos skipped, many cards per file. Cards come out of the
//! same mapping step as spreadsheet rows (a fixed property → field mapping).

use std::collections::HashMap;
use std::io::BufRead;

use super::mapping::{fill_reading, MappedRow, RowContext};
use super::values::{clean_label, parse_date, parse_flag, shorten};
use super::{RowIssue, Severity};
use crate::contacts::looks_like_email;
use crate::contacts::{Address, ContactDraft, CustomField, Email, Phone, MAX_FIELD_CHARS};

/// One property of a card: `item1.TEL;TYPE=CELL:+1 415 555 8123`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prop {
    /// Apple's group (`item1`), if any.
    pub group: Option<String>,
    /// Upper-case name (`TEL`).
    pub name: String,
    /// Parameters, names upper-case (`TYPE` values lower-case, one entry each).
    pub params: Vec<(String, String)>,
    /// The value, QUOTED-PRINTABLE decoded, escapes still in place.
    pub value: String,
    /// The charset a QUOTED-PRINTABLE value naming none was read in, when it
    /// was a guess (its bytes were not UTF-8).
    pub guessed_charset: Option<&'static str>,
}

impl Prop {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Marked as the preferred one of its kind (`PREF=1`, `TYPE=pref`).
    fn is_pref(&self) -> bool {
        self.param("PREF").is_some() || self.types().any(|t| t == "pref")
    }

    fn types(&self) -> impl Iterator<Item = &str> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .map(|(_, v)| v.as_str())
    }
}

/// A card as read from the file, with the line it starts on.
#[derive(Debug, Clone, Default)]
pub struct Card {
    /// Line of `BEGIN:VCARD`.
    pub line: u64,
    /// Its properties in order.
    pub props: Vec<Prop>,
    /// Problems met while reading it.
    pub issues: Vec<RowIssue>,
}

/// Longest logical (unfolded) line kept; longer ones (giant photos) are dropped.
const MAX_LOGICAL_LINE: usize = 16 * 1024 * 1024;

/// Why a file cannot be read as vCards, with the line and property it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardError {
    /// The line, when the problem is on one.
    pub line: Option<u64>,
    /// The property, when the problem is about one.
    pub property: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl From<std::io::Error> for CardError {
    fn from(e: std::io::Error) -> Self {
        CardError {
            line: None,
            property: None,
            reason: e.to_string(),
        }
    }
}

/// Reads cards one by one from decoded text.
pub struct CardReader<R> {
    lines: std::io::Lines<R>,
    line_no: u64,
    pending: Option<(u64, String)>,
    done: bool,
    /// Charset of QUOTED-PRINTABLE values that name none, when the user chose one.
    charset: Option<&'static encoding_rs::Encoding>,
    cards_seen: u64,
    /// The first line with content outside any card (line, property).
    stray: Option<(u64, String)>,
}

impl<R: BufRead> CardReader<R> {
    /// Reads cards from `r`.
    pub fn new(r: R) -> Self {
        CardReader {
            lines: r.lines(),
            line_no: 0,
            pending: None,
            done: false,
            charset: None,
            cards_seen: 0,
            stray: None,
        }
    }

    /// Reads QUOTED-PRINTABLE values without a CHARSET parameter in `charset`
    /// (the encoding the user chose for the file) instead of detecting it.
    pub fn with_charset(mut self, charset: &'static encoding_rs::Encoding) -> Self {
        self.charset = Some(charset);
        self
    }

    /// The next physical line, without its line break.
    fn physical(&mut self) -> Option<std::io::Result<(u64, String)>> {
        if let Some(p) = self.pending.take() {
            return Some(Ok(p));
        }
        let l = self.lines.next()?;
        self.line_no += 1;
        Some(l.map(|l| (self.line_no, l.trim_end_matches('\r').to_string())))
    }

    /// The next logical line: folded continuations joined, QUOTED-PRINTABLE soft breaks joined.
    fn logical(&mut self) -> Option<std::io::Result<(u64, String)>> {
        let (no, mut line) = match self.physical()? {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        let qp = is_quoted_printable(&line);
        loop {
            let next = match self.physical() {
                None => break,
                Some(Err(e)) => return Some(Err(e)),
                Some(Ok(x)) => x,
            };
            if qp && line.ends_with('=') {
                line.pop();
                line.push_str(next.1.trim_start());
            } else if next.1.starts_with([' ', '\t']) {
                if line.len() < MAX_LOGICAL_LINE {
                    line.push_str(&next.1[1..]);
                }
            } else {
                self.pending = Some(next);
                break;
            }
        }
        Some(Ok((no, line)))
    }
}

/// The property name a line starts with (`EMAIL` of `item1.EMAIL;TYPE=x:...`).
fn property_name(line: &str) -> String {
    let head: String = line
        .chars()
        .take_while(|c| *c != ':' && *c != ';')
        .take(40)
        .collect();
    let name = head.rsplit('.').next().unwrap_or(&head);
    name.trim().to_ascii_uppercase()
}

impl<R: BufRead> Iterator for CardReader<R> {
    type Item = Result<Card, CardError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut card: Option<Card> = None;
        loop {
            let (no, line) = match self.logical() {
                None => {
                    self.done = true;
                    if card.is_none() && self.cards_seen == 0 {
                        // Not one card: say where the file goes wrong.
                        return self.stray.take().map(|(line, property)| {
                            Err(CardError {
                                line: Some(line),
                                reason: format!(
                                    "line {line}: {property} is outside any card: the file has no BEGIN:VCARD before it, so it is not a readable vCard"
                                ),
                                property: Some(property),
                            })
                        });
                    }
                    return card.map(|mut c| {
                        c.issues.push(RowIssue {
                            row: c.line,
                            column: None,
                            message: "the card has no END:VCARD (the file is cut short?)".into(),
                            severity: Severity::Warning,
                        });
                        Ok(c)
                    });
                }
                Some(Err(e)) => return Some(Err(e.into())),
                Some(Ok(x)) => x,
            };
            let trimmed = line.trim();
            if trimmed.eq_ignore_ascii_case("BEGIN:VCARD") {
                self.cards_seen += 1;
                match &mut card {
                    // A card nested in another (a 2.1 AGENT): ignore its BEGIN.
                    Some(_) => continue,
                    None => {
                        card = Some(Card {
                            line: no,
                            ..Default::default()
                        })
                    }
                }
                continue;
            }
            if trimmed.eq_ignore_ascii_case("END:VCARD") {
                if let Some(c) = card.take() {
                    return Some(Ok(c));
                }
                continue;
            }
            let Some(c) = &mut card else {
                if !trimmed.is_empty() && self.stray.is_none() {
                    self.stray = Some((no, property_name(trimmed)));
                }
                continue;
            };
            if trimmed.is_empty() {
                continue;
            }
            if line.len() >= MAX_LOGICAL_LINE {
                let name: String = line
                    .chars()
                    .take_while(|c| *c != ':' && *c != ';')
                    .collect();
                if !name.to_ascii_uppercase().ends_with("PHOTO") {
                    c.issues.push(RowIssue {
                        row: no,
                        column: Some(name),
                        message: "the property is longer than 16 MiB and was skipped".into(),
                        severity: Severity::Warning,
                    });
                }
                continue;
            }
            match parse_prop_in(&line, self.charset) {
                Some(p) => {
                    if let Some(charset) = p.guessed_charset {
                        c.issues.push(RowIssue {
                            row: no,
                            column: Some(p.name.clone()),
                            message: format!(
                                "line {no}: a QUOTED-PRINTABLE value without CHARSET, read as {charset} (a guess: choose the encoding if it reads wrong)"
                            ),
                            severity: Severity::Warning,
                        });
                    }
                    c.props.push(p);
                }
                None => c.issues.push(RowIssue {
                    row: no,
                    column: Some(property_name(trimmed)),
                    message: format!(
                        "line {no}: '{}' is not a vCard property (no ':' after its name); skipped",
                        shorten(trimmed)
                    ),
                    severity: Severity::Warning,
                }),
            }
        }
    }
}

fn is_quoted_printable(line: &str) -> bool {
    let head = line.split(':').next().unwrap_or("").to_ascii_uppercase();
    head.contains("QUOTED-PRINTABLE")
}

/// Parses one logical line.
pub fn parse_prop(line: &str) -> Option<Prop> {
    parse_prop_in(line, None)
}

/// Parses one logical line; a QUOTED-PRINTABLE value without a CHARSET is
/// read in `charset` when given, else as UTF-8 when its bytes are valid
/// UTF-8, else in the charset its bytes look like (noted as a guess).
pub fn parse_prop_in(line: &str, charset: Option<&'static encoding_rs::Encoding>) -> Option<Prop> {
    // The name and parameters end at the first colon outside double quotes.
    let mut in_quotes = false;
    let mut colon = None;
    for (i, ch) in line.char_indices() {
        match ch {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let full_name = parts.next()?.trim().to_string();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (Some(g.to_string()), n.to_ascii_uppercase()),
        None => (None, full_name.to_ascii_uppercase()),
    };
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    for p in parts {
        let (k, v) = match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_ascii_uppercase(),
                v.trim().trim_matches('"').to_string(),
            ),
            // vCard 2.1 bare parameters: `TEL;WORK;VOICE:`, `;QUOTED-PRINTABLE`.
            None => {
                let bare = p.trim().to_ascii_uppercase();
                match bare.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" | "B" => {
                        ("ENCODING".into(), bare)
                    }
                    _ => ("TYPE".into(), bare),
                }
            }
        };
        if k == "TYPE" {
            for t in v.split(',') {
                params.push((k.clone(), t.trim().to_ascii_lowercase()));
            }
        } else {
            params.push((k, v));
        }
    }
    let mut prop = Prop {
        group,
        name,
        params,
        value: value.to_string(),
        guessed_charset: None,
    };
    if prop
        .param("ENCODING")
        .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    {
        let bytes = decode_qp(value);
        let named = prop
            .param("CHARSET")
            .and_then(super::decode::encoding_for_label);
        let charset = match (named, charset) {
            (Some(named), _) => named,
            (None, Some(chosen)) => chosen,
            (None, None) if std::str::from_utf8(&bytes).is_ok() => encoding_rs::UTF_8,
            (None, None) => {
                let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                det.feed(&bytes, true);
                let guess = det.guess(None, chardetng::Utf8Detection::Deny);
                prop.guessed_charset = Some(guess.name());
                guess
            }
        };
        prop.value = charset.decode_without_bom_handling(&bytes).0.into_owned();
    }
    Some(prop)
}

fn split_unquoted(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_quotes = false;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        if ch == '"' {
            in_quotes = !in_quotes;
        } else if ch == sep && !in_quotes {
            out.push(&s[start..i]);
            start = i + 1;
        }
    }
    out.push(&s[start..]);
    out
}

/// Decodes QUOTED-PRINTABLE (`=E5=BC=A0` → bytes).
pub fn decode_qp(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Splits a structured value on unescaped `sep` and unescapes each component.
pub fn components(value: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.last_mut().map(|s| s.push('\n')),
                Some(x) => out.last_mut().map(|s| s.push(x)),
                None => None,
            };
        } else if c == sep {
            out.push(String::new());
        } else if let Some(s) = out.last_mut() {
            s.push(c);
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

/// Unescapes a text value (`\n`, `\,`, `\;`, `\\`).
pub fn text(value: &str) -> String {
    components(value, '\u{0}').join("")
}

/// The label a property's TYPE parameters (or its group's `X-ABLabel`) give it.
fn label_of(p: &Prop, ab_labels: &HashMap<String, String>) -> Option<String> {
    if let Some(l) = p
        .group
        .as_ref()
        .and_then(|g| ab_labels.get(&g.to_ascii_lowercase()))
    {
        return clean_label(l);
    }
    let types: Vec<&str> = p
        .types()
        .filter(|t| {
            !matches!(
                *t,
                "pref"
                    | "internet"
                    | "voice"
                    | "x400"
                    | "text"
                    | "msg"
                    | "dom"
                    | "intl"
                    | "postal"
                    | "parcel"
            )
        })
        .collect();
    if types.contains(&"fax") {
        return Some("fax".into());
    }
    for t in [
        "cell", "iphone", "mobile", "work", "home", "main", "pager", "other",
    ] {
        if types.contains(&t) {
            return clean_label(t);
        }
    }
    types.first().and_then(|t| clean_label(t))
}

/// Properties of which a contact has one: with several, the preferred
/// (`PREF`) or else the first wins, and the others are kept as custom fields
/// under these names.
const SINGLE: [(&str, &str); 4] = [
    ("FN", "Other name"),
    ("N", "Other name"),
    ("ORG", "Other organisation"),
    ("TITLE", "Other title"),
];

/// The one of several properties named `name` that wins: the first marked
/// preferred, else the first.
fn winner(card: &Card, name: &str) -> Option<usize> {
    let mut of_name = card
        .props
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == name);
    let first = of_name.clone().next().map(|(i, _)| i);
    of_name.find(|(_, p)| p.is_pref()).map(|(i, _)| i).or(first)
}

/// True for a card that is a group of other cards (`KIND:group`, Apple's
/// `X-ADDRESSBOOKSERVER-KIND:group`), not a person.
pub fn is_group_card(card: &Card) -> bool {
    card.props.iter().any(|p| {
        matches!(p.name.as_str(), "KIND" | "X-ADDRESSBOOKSERVER-KIND")
            && p.value.trim().eq_ignore_ascii_case("group")
    })
}

/// A member reference as cards name each other: a UID without its
/// `urn:uuid:` prefix, or `mailto:` and an address, in lower case.
fn member_key(v: &str) -> String {
    let v = v.trim().to_lowercase();
    let v = v.strip_prefix("urn:uuid:").unwrap_or(&v);
    v.to_string()
}

/// The groups of a file (`KIND:group` cards and their `MEMBER`s), read
/// before its cards so that each member gets its groups as tags.
#[derive(Debug, Default)]
pub struct Groups {
    of_member: HashMap<String, Vec<String>>,
}

impl Groups {
    /// Reads the groups of a whole file, opened by `open` (twice when it has
    /// groups: a file without a group card is only scanned line by line).
    pub fn read<R: BufRead, E: From<std::io::Error>>(
        open: impl Fn() -> Result<R, E>,
    ) -> Result<Groups, E> {
        let mut r = open()?;
        let mut line = String::new();
        let mut any = false;
        loop {
            line.clear();
            if r.read_line(&mut line)? == 0 {
                break;
            }
            if line.len() > 10 && line.to_ascii_uppercase().contains("KIND:GROUP") {
                any = true;
                break;
            }
        }
        if !any {
            return Ok(Groups::default());
        }
        let groups: Vec<Card> = CardReader::new(open()?)
            .flatten()
            .filter(is_group_card)
            .collect();
        Ok(Groups::of_cards(&groups))
    }

    /// The groups of `cards` (all of a file's cards).
    pub fn of_cards<'a>(cards: impl IntoIterator<Item = &'a Card>) -> Groups {
        let mut groups = Groups::default();
        for c in cards.into_iter().filter(|c| is_group_card(c)) {
            let Some(name) = c
                .props
                .iter()
                .find(|p| p.name == "FN")
                .map(|p| text(&p.value))
                .filter(|n| !n.trim().is_empty())
            else {
                continue;
            };
            for p in c
                .props
                .iter()
                .filter(|p| matches!(p.name.as_str(), "MEMBER" | "X-ADDRESSBOOKSERVER-MEMBER"))
            {
                groups
                    .of_member
                    .entry(member_key(&p.value))
                    .or_default()
                    .push(name.clone());
            }
        }
        groups
    }

    /// True when the file has no groups.
    pub fn is_empty(&self) -> bool {
        self.of_member.is_empty()
    }

    /// Gives a member card its groups, as categories.
    pub fn tag(&self, card: &mut Card) {
        if self.of_member.is_empty() {
            return;
        }
        let mut names: Vec<String> = Vec::new();
        for p in &card.props {
            let key = match p.name.as_str() {
                "UID" => member_key(&p.value),
                "EMAIL" => format!("mailto:{}", text(&p.value).trim().to_lowercase()),
                _ => continue,
            };
            if let Some(g) = self.of_member.get(&key) {
                names.extend(g.iter().cloned());
            }
        }
        for n in names {
            card.props.push(Prop {
                name: "CATEGORIES".into(),
                value: n.replace('\\', "\\\\").replace(',', "\\,"),
                ..Default::default()
            });
        }
    }
}

/// Reads a card into a contact.
pub fn map_card(card: &Card, ctx: &RowContext) -> MappedRow {
    let row = card.line;
    let mut out = MappedRow {
        row,
        issues: card.issues.clone(),
        ..Default::default()
    };
    if is_group_card(card) {
        // A group is not a contact: its members got its name as a tag.
        return MappedRow {
            row,
            ..Default::default()
        };
    }
    let winners: Vec<(&str, Option<usize>)> =
        SINGLE.iter().map(|(n, _)| (*n, winner(card, n))).collect();
    let loses = |i: usize, name: &str| winners.iter().any(|(n, w)| *n == name && *w != Some(i));
    let mut nickname: Option<String> = None;
    let mut labels: Vec<(Option<String>, String)> = Vec::new();
    let warn = |out: &mut MappedRow, column: &str, message: String| {
        out.issues.push(RowIssue {
            row,
            column: Some(column.to_string()),
            message,
            severity: Severity::Warning,
        })
    };
    let ab_labels: HashMap<String, String> = card
        .props
        .iter()
        .filter(|p| p.name == "X-ABLABEL")
        .filter_map(|p| Some((p.group.clone()?.to_ascii_lowercase(), text(&p.value))))
        .collect();
    let mut d = ContactDraft::default();
    let (mut ph_given, mut ph_family) = (None, None);
    let mut notes = Vec::new();
    for (i, p) in card.props.iter().enumerate() {
        if p.value.len() > MAX_FIELD_CHARS && p.name != "PHOTO" {
            return MappedRow::failed(
                row,
                Some(p.name.clone()),
                format!(
                    "the value is longer than {MAX_FIELD_CHARS} characters: not a contact detail"
                ),
            );
        }
        let v = text(&p.value);
        let group_label = || {
            p.group
                .as_ref()
                .and_then(|g| ab_labels.get(&g.to_ascii_lowercase()))
                .and_then(|l| clean_label(l))
        };
        if loses(i, &p.name) {
            // A second FN, N, ORG or TITLE: kept, not lost.
            let value = match p.name.as_str() {
                "N" | "ORG" => {
                    let c = components(&p.value, ';');
                    let parts: Vec<&String> = if p.name == "N" {
                        [c.get(1), c.get(2), c.first()]
                            .into_iter()
                            .flatten()
                            .collect()
                    } else {
                        c.iter().collect()
                    };
                    parts
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(if p.name == "N" { " " } else { ", " })
                }
                _ => v,
            };
            let key = SINGLE
                .iter()
                .find(|(n, _)| *n == p.name)
                .map_or("Other", |(_, k)| k);
            if !value.trim().is_empty() {
                keep_custom(&mut d, key, value);
            }
            continue;
        }
        match p.name.as_str() {
            "FN" => d.display_name = v,
            "N" => {
                let c = components(&p.value, ';');
                let get = |i: usize| c.get(i).filter(|s| !s.is_empty()).cloned();
                d.family_name = get(0);
                d.given_name = match (get(1), get(2)) {
                    (Some(g), Some(m)) => Some(format!("{g} {m}")),
                    (g, m) => g.or(m),
                };
            }
            "X-PHONETIC-FIRST-NAME" => ph_given = Some(v).filter(|s| !s.is_empty()),
            "X-PHONETIC-LAST-NAME" => ph_family = Some(v).filter(|s| !s.is_empty()),
            "X-RAPPORT-PHONETIC" => d.phonetic_name = Some(v),
            "ORG" => {
                let c = components(&p.value, ';');
                d.company = c.first().filter(|s| !s.is_empty()).cloned();
                if let Some(dept) = c.get(1).filter(|s| !s.is_empty()) {
                    d.custom_fields.push(CustomField {
                        key: "Department".into(),
                        value: dept.clone(),
                    });
                }
            }
            "TITLE" => d.title = Some(v),
            "ROLE" if d.title.is_none() => d.title = Some(v),
            "EMAIL" => {
                if looks_like_email(v.trim()) {
                    d.emails.push(Email {
                        address: v,
                        label: label_of(p, &ab_labels),
                    });
                } else if !v.trim().is_empty() {
                    warn(
                        &mut out,
                        "EMAIL",
                        format!(
                            "'{}' is not an email address; kept as a custom field",
                            shorten(&v)
                        ),
                    );
                    d.custom_fields.push(CustomField {
                        key: "EMAIL".into(),
                        value: v,
                    });
                }
            }
            "TEL" => {
                let raw = v.trim().trim_start_matches("tel:").to_string();
                if !raw.is_empty() && !raw.chars().any(|c| c.is_ascii_digit()) {
                    warn(
                        &mut out,
                        "TEL",
                        format!(
                            "'{}' has no digits: kept as written, it cannot be dialled",
                            shorten(&raw)
                        ),
                    );
                }
                if !raw.is_empty() {
                    d.phones
                        .push(Phone::new(&raw, label_of(p, &ab_labels), ctx.region));
                }
            }
            "ADR" => {
                let c = components(&p.value, ';');
                let get = |i: usize| c.get(i).filter(|s| !s.is_empty()).cloned();
                let mut street = [get(2), get(1), get(0)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n");
                // vCard 4 may give the address only as its LABEL parameter.
                if c.iter().all(|x| x.is_empty()) {
                    if let Some(l) = p.param("LABEL") {
                        street = l.replace("\\n", "\n").replace("^n", "\n");
                    }
                }
                d.addresses.push(Address {
                    label: label_of(p, &ab_labels),
                    street: (!street.is_empty()).then_some(street),
                    city: get(3),
                    region: get(4),
                    postal_code: get(5),
                    country: get(6),
                });
            }
            "BDAY" | "ANNIVERSARY" | "X-ANNIVERSARY" | "X-MS-ANNIVERSARY" | "X-ABDATE" => {
                let is_anniversary = match p.name.as_str() {
                    "BDAY" => false,
                    "X-ABDATE" => group_label().as_deref() == Some("anniversary"),
                    _ => true,
                };
                if p.name == "X-ABDATE" && !is_anniversary {
                    let key = group_label().unwrap_or_else(|| "Date".into());
                    d.custom_fields.push(CustomField { key, value: v });
                    continue;
                }
                // Apple marks a missing year with X-APPLE-OMIT-YEAR=1604.
                let omit = p.param("X-APPLE-OMIT-YEAR").is_some();
                match parse_date(&v, ctx.date_order) {
                    Ok(Some(mut date)) => {
                        if omit {
                            date.year = None;
                        }
                        if is_anniversary {
                            d.anniversary = d.anniversary.or(Some(date));
                        } else {
                            d.birthday = d.birthday.or(Some(date));
                        }
                    }
                    Ok(None) => {}
                    Err(e) => {
                        warn(&mut out, &p.name, format!("{e}; kept as a custom field"));
                        d.custom_fields.push(CustomField {
                            key: p.name.clone(),
                            value: v,
                        });
                    }
                }
            }
            "NOTE" => notes.push(v),
            "LABEL" => labels.push((label_of(p, &ab_labels), v)),
            "CATEGORIES" => d.tags.extend(components(&p.value, ',')),
            "X-RAPPORT-STAGE" => match v.parse() {
                Ok(s) => d.stage = Some(s),
                Err(_) => warn(
                    &mut out,
                    &p.name,
                    format!("'{}' is not a stage; ignored", shorten(&v)),
                ),
            },
            "X-RAPPORT-SOURCE" => d.source = Some(v),
            "X-RAPPORT-DO-NOT-CONTACT" => d.do_not_contact = parse_flag(&v).unwrap_or(false),
            "X-RAPPORT-CADENCE" => d.cadence_days = v.trim().parse().ok().filter(|n| *n <= 3660),
            "NICKNAME" if nickname.is_none() => {
                nickname = Some(v.clone()).filter(|n| !n.trim().is_empty());
                keep_custom(&mut d, "Nickname", v);
            }
            "X-RAPPORT-CUSTOM" | "URL" | "NICKNAME" | "IMPP" | "X-SOCIALPROFILE" | "X-WECHAT"
            | "X-QQ" | "X-ABRELATEDNAMES" | "X-SKYPE" | "X-TWITTER" => {
                let key = p
                    .group
                    .as_ref()
                    .and_then(|g| ab_labels.get(&g.to_ascii_lowercase()))
                    .map(|l| {
                        l.trim_start_matches("_$!<")
                            .trim_end_matches(">!$_")
                            .to_string()
                    })
                    .unwrap_or_else(|| match p.name.as_str() {
                        "URL" => "Website".into(),
                        "NICKNAME" => "Nickname".into(),
                        "X-WECHAT" => "微信".into(),
                        "X-QQ" => "QQ".into(),
                        other => other.trim_start_matches("X-").to_string(),
                    });
                if p.name == "X-RAPPORT-CUSTOM" {
                    d.custom_fields.push(CustomField { key, value: v });
                } else {
                    // Every URL (and every other repeated one) is kept: `Website 2`...
                    keep_custom(&mut d, &key, v);
                }
            }
            _ => {}
        }
    }
    // An address given only as its printed label (vCard 2.1/3.0 LABEL) is the address.
    if d.addresses.is_empty() {
        for (label, text) in labels {
            if !text.trim().is_empty() {
                d.addresses.push(Address {
                    label,
                    street: Some(text),
                    ..Default::default()
                });
            }
        }
    }
    // A card named only by its nickname is that person.
    if d.display_name.trim().is_empty() && d.given_name.is_none() && d.family_name.is_none() {
        if let Some(n) = nickname {
            d.display_name = n;
        }
    }
    fill_reading(&mut d, ph_given, ph_family);
    if d.source.is_none() {
        d.source = Some(ctx.source.clone());
    }
    if !notes.is_empty() {
        out.note = Some(notes.join("\n\n"));
    }
    if card.props.is_empty() {
        return out;
    }
    out.finish(d)
}

/// Adds a custom field; a key the card already has gets a number (`Website
/// 2`), so that a repeated property is not lost.
fn keep_custom(d: &mut ContactDraft, key: &str, value: String) {
    let taken = |k: &str| d.custom_fields.iter().any(|f| f.key == k);
    let key = if !taken(key) {
        key.to_string()
    } else {
        (2..)
            .map(|n| format!("{key} {n}"))
            .find(|k| !taken(k))
            .unwrap_or_else(|| key.to_string())
    };
    d.custom_fields.push(CustomField { key, value });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::values::DateOrder;
    use crate::phone::Region;

    fn ctx() -> RowContext {
        RowContext {
            region: Region::parse("US").unwrap(),
            date_order: DateOrder::Auto,
            delimiter: None,
            source: "t.vcf".into(),
            write_chunk: 100,
        }
    }

    fn cards(s: &str) -> Vec<Card> {
        CardReader::new(s.as_bytes()).map(|c| c.unwrap()).collect()
    }

    #[test]
    fn apple_card_with_groups_readings_and_no_year_birthday() {
        let s = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:张;伟明;;;\r\nFN:张伟明\r\nX-PHONETIC-FIRST-NAME:Weiming\r\nX-PHONETIC-LAST-NAME:Zhang\r\nORG:北京科技;销售部\r\nitem1.EMAIL;type=INTERNET;type=pref:zwm@example.cn\r\nitem1.X-ABLabel:_$!<Work>!$_\r\nitem2.TEL:+86 138 0013 8000\r\nitem2.X-ABLabel:WeChat phone\r\nTEL;type=CELL;type=VOICE:(415) 555-8123\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14\r\nNOTE:Met at the fair\\, booth 12\\nlikes tea\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n  /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR\r\nEND:VCARD\r\n";
        let c = cards(s);
        assert_eq!(c.len(), 1);
        let r = map_card(&c[0], &ctx());
        let d = r.draft.unwrap();
        assert_eq!(d.display_name, "张伟明");
        assert_eq!(d.family_name.as_deref(), Some("张"));
        assert_eq!(d.phonetic_name.as_deref(), Some("Zhang Weiming"));
        assert_eq!(d.company.as_deref(), Some("北京科技"));
        assert_eq!(d.emails[0].label.as_deref(), Some("work"));
        assert_eq!(d.phones[0].label.as_deref(), Some("WeChat phone"));
        assert_eq!(d.phones[0].e164.as_deref(), Some("+8613800138000"));
        assert_eq!(d.phones[1].label.as_deref(), Some("mobile"));
        assert_eq!(d.birthday.unwrap().to_string(), "--03-14");
        assert_eq!(
            r.note.as_deref(),
            Some("Met at the fair, booth 12\nlikes tea")
        );
        assert_eq!(d.custom_fields[0].value, "销售部");
    }

    #[test]
    fn vcard21_quoted_printable_with_charset_and_folding() {
        // 李娜 in GBK, quoted-printable, with a soft line break.
        let s = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:=C0=EE;=C4=C8\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E=\n=E5=A8=9C\nTEL;CELL:13912345678\nEMAIL;INTERNET;HOME:lina@exam\n ple.com\nBDAY:--0314\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Ada Lovelace\nTEL;VALUE=uri;TYPE=work:tel:+44-20-7946-0018\nBDAY:18151210\nEND:VCARD\n";
        let c = cards(s);
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].line, 11);
        let mut ctx = ctx();
        ctx.region = Region::parse("CN").unwrap();
        let d = map_card(&c[0], &ctx).draft.unwrap();
        assert_eq!(d.display_name, "李娜");
        assert_eq!(d.family_name.as_deref(), Some("李"));
        assert_eq!(d.given_name.as_deref(), Some("娜"));
        assert_eq!(d.phones[0].e164.as_deref(), Some("+8613912345678"));
        assert_eq!(d.phones[0].label.as_deref(), Some("mobile"));
        assert_eq!(d.emails[0].address, "lina@example.com");
        assert_eq!(d.emails[0].label.as_deref(), Some("home"));
        assert_eq!(d.birthday.unwrap().to_string(), "--03-14");
        let d = map_card(&c[1], &ctx).draft.unwrap();
        assert_eq!(d.phones[0].e164.as_deref(), Some("+442079460018"));
        assert_eq!(d.phones[0].label.as_deref(), Some("work"));
        assert_eq!(d.birthday.unwrap().to_string(), "1815-12-10");
    }

    #[test]
    fn a_card_cut_short_is_still_read_with_a_warning() {
        let c = cards("BEGIN:VCARD\nFN:Half\nEMAIL:h@x.com\n");
        assert_eq!(c.len(), 1);
        let r = map_card(&c[0], &ctx());
        assert_eq!(r.draft.unwrap().display_name, "Half");
        assert_eq!(r.issues.len(), 1);
    }

    #[test]
    fn escapes_and_components() {
        assert_eq!(components("a\\;b;c\\,d;", ';'), vec!["a;b", "c,d", ""]);
        assert_eq!(text("x\\ny\\\\z"), "x\ny\\z");
        assert_eq!(decode_qp("=E5=BC=A0x="), "张x=".as_bytes());
    }
}

//! LDIF (RFC 2849) import: the address books Thunderbird exports as LDIF
//! (`mozillaSecondEmail`, `mozillaHomeStreet`, `birthyear`...) and the
//! standard `inetOrgPerson` entries other address books write (macOS,
//! directory exports): folded lines, base64 values (`cn:: 5byg5LiJ`),
//! comments. Each entry becomes a row of fixed columns, one per attribute
//! that means something to a contact, mapped like a spreadsheet's row.

use std::io::BufRead;

use base64::Engine;

use super::headers::{AddressPart, ColumnMapping, Mapping, Target};

/// The profile of LDIF files.
pub const PROFILE_LDIF: &str = "LDIF";

/// One attribute kept from an entry and what it is imported into.
struct Column {
    attr: &'static str,
    target: fn() -> Target,
    /// Several values of the attribute are all kept (`mail`, `telephoneNumber`).
    multi: bool,
}

fn address(slot: u32, part: AddressPart, label: &str) -> Target {
    Target::Address {
        slot,
        part,
        label: Some(label.to_string()),
    }
}

fn phone(label: &str) -> Target {
    Target::Phone {
        slot: 0,
        label: Some(label.to_string()),
    }
}

fn custom(key: &str) -> Target {
    Target::Custom {
        key: key.to_string(),
    }
}

macro_rules! col {
    ($attr:literal, $multi:literal, $target:expr) => {
        Column {
            attr: $attr,
            target: || $target,
            multi: $multi,
        }
    };
}

/// The attributes read, in the order their values are taken (the first
/// name found wins: `displayName` before `cn`).
const COLUMNS: &[Column] = &[
    col!("displayname", false, Target::FullName),
    col!("cn", false, Target::FullName),
    col!("givenname", false, Target::GivenName),
    col!("sn", false, Target::FamilyName),
    col!("mozillanickname", false, custom("Nickname")),
    col!(
        "mail",
        true,
        Target::Email {
            slot: 1,
            label: None
        }
    ),
    col!(
        "mozillasecondemail",
        true,
        Target::Email {
            slot: 2,
            label: None
        }
    ),
    col!("telephonenumber", true, phone("work")),
    col!("homephone", true, phone("home")),
    col!("mobile", true, phone("mobile")),
    col!("facsimiletelephonenumber", true, phone("fax")),
    col!("pager", true, phone("pager")),
    col!("street", false, address(1, AddressPart::Street, "work")),
    col!(
        "mozillaworkstreet2",
        false,
        address(1, AddressPart::Street, "work")
    ),
    col!("l", false, address(1, AddressPart::City, "work")),
    col!("st", false, address(1, AddressPart::Region, "work")),
    col!(
        "postalcode",
        false,
        address(1, AddressPart::PostalCode, "work")
    ),
    col!("c", false, address(1, AddressPart::Country, "work")),
    col!("co", false, address(1, AddressPart::Country, "work")),
    col!(
        "postaladdress",
        false,
        address(1, AddressPart::Formatted, "work")
    ),
    col!(
        "mozillahomestreet",
        false,
        address(2, AddressPart::Street, "home")
    ),
    col!(
        "mozillahomestreet2",
        false,
        address(2, AddressPart::Street, "home")
    ),
    col!(
        "mozillahomelocalityname",
        false,
        address(2, AddressPart::City, "home")
    ),
    col!(
        "mozillahomestate",
        false,
        address(2, AddressPart::Region, "home")
    ),
    col!(
        "mozillahomepostalcode",
        false,
        address(2, AddressPart::PostalCode, "home")
    ),
    col!(
        "mozillahomecountryname",
        false,
        address(2, AddressPart::Country, "home")
    ),
    col!(
        "homepostaladdress",
        false,
        address(2, AddressPart::Formatted, "home")
    ),
    col!("o", false, Target::Company),
    col!("company", false, Target::Company),
    col!("title", false, Target::Title),
    col!("ou", false, custom("Department")),
    col!("department", false, custom("Department")),
    col!("mozillaworkurl", false, custom("Website")),
    col!("labeleduri", false, custom("Website")),
    col!("mozillahomeurl", false, custom("Website 2")),
    col!("birthyear", false, Target::BirthYear),
    col!("birthmonth", false, Target::BirthMonth),
    col!("birthday", false, Target::BirthDay),
    col!("mozillacustom1", false, custom("Custom 1")),
    col!("mozillacustom2", false, custom("Custom 2")),
    col!("mozillacustom3", false, custom("Custom 3")),
    col!("mozillacustom4", false, custom("Custom 4")),
    col!("nsaimid", false, custom("AIM")),
    col!("description", true, Target::Notes),
];

/// The column names of an LDIF file's rows (its attribute names).
pub fn headers() -> Vec<String> {
    COLUMNS.iter().map(|c| c.attr.to_string()).collect()
}

/// The fixed mapping of LDIF attributes to contact fields. Slots of phones
/// are made unique per column here.
pub fn mapping() -> Mapping {
    Mapping {
        profile: Some(PROFILE_LDIF.into()),
        columns: COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| ColumnMapping {
                column: c.attr.to_string(),
                target: match (c.target)() {
                    Target::Phone { label, .. } => Target::Phone {
                        slot: 200 + i as u32,
                        label,
                    },
                    t => t,
                },
                guessed: false,
            })
            .collect(),
    }
}

/// One entry: the line its `dn:` is on and its cells (one per column).
pub struct Entry {
    /// Line of the entry's first attribute.
    pub line: u64,
    /// Values in the order of [`headers`].
    pub cells: Vec<String>,
}

/// Reads entries one by one from decoded text.
pub struct EntryReader<R> {
    lines: std::io::Lines<R>,
    line_no: u64,
    pending: Option<(u64, String)>,
}

impl<R: BufRead> EntryReader<R> {
    /// Reads entries from `r`.
    pub fn new(r: R) -> Self {
        EntryReader {
            lines: r.lines(),
            line_no: 0,
            pending: None,
        }
    }

    fn physical(&mut self) -> Option<std::io::Result<(u64, String)>> {
        if let Some(p) = self.pending.take() {
            return Some(Ok(p));
        }
        let l = self.lines.next()?;
        self.line_no += 1;
        Some(l.map(|l| (self.line_no, l.trim_end_matches('\r').to_string())))
    }

    /// The next logical line: continuation lines (starting with one space) joined.
    fn logical(&mut self) -> Option<std::io::Result<(u64, String)>> {
        let (no, mut line) = match self.physical()? {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        loop {
            match self.physical() {
                None => break,
                Some(Err(e)) => return Some(Err(e)),
                Some(Ok((n, next))) => {
                    if let Some(rest) = next.strip_prefix(' ') {
                        line.push_str(rest);
                    } else {
                        self.pending = Some((n, next));
                        break;
                    }
                }
            }
        }
        Some(Ok((no, line)))
    }
}

/// An attribute line's name (lower case) and value (base64 decoded).
fn attribute(line: &str) -> Option<(String, String)> {
    let (name, rest) = line.split_once(':')?;
    // Options such as `cn;lang-de` are dropped.
    let name = name.split(';').next()?.trim().to_ascii_lowercase();
    let value = if let Some(b64) = rest.strip_prefix(':') {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .ok()?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else if rest.starts_with('<') {
        // A value in a file elsewhere (`jpegPhoto:< file:///...`): not read.
        return None;
    } else {
        rest.trim_start().to_string()
    };
    Some((name, value))
}

/// An entry whose object classes say it is a mailing list, not a person.
fn is_group(classes: &[String]) -> bool {
    classes.iter().any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "groupofnames" | "groupofuniquenames"
        )
    })
}

impl<R: BufRead> Iterator for EntryReader<R> {
    type Item = std::io::Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut values: Vec<Vec<String>> = vec![Vec::new(); COLUMNS.len()];
        let mut classes = Vec::new();
        let mut start: Option<u64> = None;
        loop {
            let (no, line) = match self.logical() {
                None => break,
                Some(Err(e)) => return Some(Err(e)),
                Some(Ok(x)) => x,
            };
            if line.trim().is_empty() {
                if start.is_some() {
                    break;
                }
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let Some((name, value)) = attribute(&line) else {
                continue;
            };
            if name == "version" && start.is_none() {
                continue;
            }
            start.get_or_insert(no);
            if name == "objectclass" {
                classes.push(value);
                continue;
            }
            if let Some(i) = COLUMNS.iter().position(|c| c.attr == name) {
                if !value.trim().is_empty() {
                    values[i].push(value);
                }
            }
        }
        let line = start?;
        if is_group(&classes) {
            // A mailing list: not a contact (an empty row is skipped).
            return Some(Ok(Entry {
                line,
                cells: vec![String::new(); COLUMNS.len()],
            }));
        }
        let cells = COLUMNS
            .iter()
            .zip(values)
            .map(|(c, v)| {
                let v: Vec<String> = v
                    .into_iter()
                    // LDIF postal addresses separate their lines with `$`.
                    .map(|s| match c.attr {
                        "postaladdress" | "homepostaladdress" => s.replace('$', "\n"),
                        _ => s,
                    })
                    .collect();
                match (c.multi, c.attr) {
                    (true, "description") => v.join("\n\n"),
                    (true, _) => v.join(" ::: "),
                    (false, _) => v.into_iter().next().unwrap_or_default(),
                }
            })
            .collect();
        Some(Ok(Entry { line, cells }))
    }
}

/// True when a text sample starts like an LDIF file (`dn:` or `version: 1`
/// as its first line that is not a comment).
pub fn looks_like_ldif(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| {
            let l = l.to_ascii_lowercase();
            l.starts_with("dn:") || l.starts_with("version:")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_fold_decode_and_skip_lists() {
        let text = "version: 1\n# a comment\ndn: cn=Ada,mail=ada@x.com\nobjectclass: top\nobjectclass: person\ncn:: 5byg5LiJ\nmail: ada@x.c\n om\nmail: ada2@x.com\ndescription: one\n\ndn: cn=List\nobjectclass: groupOfNames\ncn: List\n";
        let entries: Vec<Entry> = EntryReader::new(text.as_bytes())
            .map(|e| e.unwrap())
            .collect();
        assert_eq!(entries.len(), 2);
        let h = headers();
        let cell =
            |e: &Entry, name: &str| e.cells[h.iter().position(|x| x == name).unwrap()].clone();
        assert_eq!(entries[0].line, 3);
        assert_eq!(cell(&entries[0], "cn"), "张三");
        assert_eq!(cell(&entries[0], "mail"), "ada@x.com ::: ada2@x.com");
        assert_eq!(cell(&entries[0], "description"), "one");
        assert!(entries[1].cells.iter().all(|c| c.is_empty()));
        assert!(looks_like_ldif("\n# x\ndn: cn=a\n"));
        assert!(!looks_like_ldif("Name,Email\n"));
    }
}

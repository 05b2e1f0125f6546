//! One message's header: read from a stream up to the blank line that ends
//! it (the body is never read into memory), then parsed with `mail-parser`,
//! which decodes RFC 2047 encoded words in every charset `encoding_rs` knows
//! (UTF-8, GB2312/GBK, Big5, ISO-2022-JP, ISO-8859-x...). A header written in
//! raw 8-bit bytes that are not UTF-8 (old Chinese clients write GBK as is)
//! is first decoded with the import's charset detection.

use std::io::{self, BufRead};

use chrono::{DateTime, Utc};
use mail_parser::MessageParser;

use super::address::{self, Mailbox};
use super::lines::{is_blank, LineReader};

/// The largest header kept: beyond it a message is reported and skipped (a
/// real header is a few KB; a megabyte is an attack or a broken file).
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Longest subject stored (characters); a longer one is cut.
pub const MAX_SUBJECT_CHARS: usize = 500;

/// How a header block ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderEnd {
    /// The blank line before the body.
    Blank,
    /// The end of the file, before any blank line.
    EndOfFile,
    /// A line that starts the next message (an mbox separator).
    NextMessage,
}

/// The raw header of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderBlock {
    /// Its bytes (at most [`MAX_HEADER_BYTES`]).
    pub bytes: Vec<u8>,
    /// It was longer than [`MAX_HEADER_BYTES`].
    pub oversized: bool,
    /// How it ended.
    pub end: HeaderEnd,
}

/// Reads header lines up to the blank line that ends them. `is_next` tells
/// a line that starts another message (for an mbox), which then stays in
/// `lines.line` for the caller.
pub fn read_header_block<R: BufRead>(
    lines: &mut LineReader<R>,
    is_next: &dyn Fn(&[u8]) -> bool,
) -> io::Result<HeaderBlock> {
    let mut bytes = Vec::new();
    let mut oversized = false;
    loop {
        let room = MAX_HEADER_BYTES - bytes.len();
        // One byte more than the room: a line that does not fit is seen to overflow.
        let Some(info) = lines.next_line(room.max(80) + 1)? else {
            return Ok(HeaderBlock {
                bytes,
                oversized,
                end: HeaderEnd::EndOfFile,
            });
        };
        if is_blank(&lines.line) && info.ended {
            return Ok(HeaderBlock {
                bytes,
                oversized,
                end: HeaderEnd::Blank,
            });
        }
        if is_next(&lines.line) {
            return Ok(HeaderBlock {
                bytes,
                oversized,
                end: HeaderEnd::NextMessage,
            });
        }
        if oversized || info.len > room as u64 {
            oversized = true;
        } else {
            bytes.extend_from_slice(&lines.line);
        }
        if !info.ended {
            return Ok(HeaderBlock {
                bytes,
                oversized,
                end: HeaderEnd::EndOfFile,
            });
        }
    }
}

/// What capture reads from a message's header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageHeaders {
    /// `Message-ID`, without its angle brackets.
    pub message_id: Option<String>,
    /// `Date`, when present and valid.
    pub date: Option<DateTime<Utc>>,
    /// `Subject`, decoded (empty when there is none).
    pub subject: String,
    /// `From` (and `Sender` when there is no `From`).
    pub from: Vec<Mailbox>,
    /// `To`, `Cc` and `Bcc`.
    pub recipients: Vec<Mailbox>,
    /// A mailing list or bulk mail: `List-Id`, `List-Unsubscribe`, or
    /// `Precedence: bulk`/`list`/`junk`.
    pub list: bool,
    /// An automatic reply: `Auto-Submitted` other than `no`, `X-Autoreply`,
    /// `X-Autorespond`.
    pub automatic: bool,
}

/// Parses a header block. Never fails: what cannot be read is left empty.
pub fn parse_headers(raw: &[u8]) -> MessageHeaders {
    match std::str::from_utf8(raw) {
        Ok(_) => parse_utf8(raw),
        Err(_) => parse_utf8(decode_8bit(raw).as_bytes()),
    }
}

/// Raw 8-bit header text in a legacy charset, as UTF-8 (the charset guessed
/// by the contact import's detector: GBK, Big5, Shift-JIS, Windows-1252...).
fn decode_8bit(raw: &[u8]) -> String {
    let name = crate::import::decode::guess_encoding(raw, true)
        .map(|g| g.name)
        .unwrap_or_else(|_| "windows-1252".into());
    let enc = crate::import::decode::encoding_for_label(&name).unwrap_or(encoding_rs::WINDOWS_1252);
    let (text, _, _) = enc.decode(raw);
    text.into_owned()
}

fn parse_utf8(raw: &[u8]) -> MessageHeaders {
    let mut h = MessageHeaders::default();
    scan_flags(raw, &mut h);
    let Some(m) = MessageParser::default().parse_headers(raw) else {
        return h;
    };
    h.message_id = m
        .message_id()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    h.date = m
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0));
    h.subject = clean_subject(m.subject().unwrap_or(""));
    let from = m.from().or_else(|| m.sender());
    h.from = from.map(|a| mailboxes(a.iter())).unwrap_or_default();
    for list in [m.to(), m.cc(), m.bcc()].into_iter().flatten() {
        h.recipients.extend(mailboxes(list.iter()));
    }
    h
}

fn mailboxes<'a>(addrs: impl Iterator<Item = &'a mail_parser::Addr<'a>>) -> Vec<Mailbox> {
    addrs
        .filter_map(|a| Mailbox::new(a.address()?, a.name()))
        .collect()
}

/// One line of text, control characters turned into spaces, at most
/// [`MAX_SUBJECT_CHARS`].
fn clean_subject(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = one_line.split_whitespace().collect();
    words.join(" ").chars().take(MAX_SUBJECT_CHARS).collect()
}

/// Sets the list and automatic-reply flags from the field names (and the
/// values of `Precedence` and `Auto-Submitted`), read straight from the raw
/// lines.
fn scan_flags(raw: &[u8], h: &mut MessageHeaders) {
    for line in raw.split(|&b| b == b'\n') {
        if line.first().is_none_or(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let name = String::from_utf8_lossy(&line[..colon])
            .trim()
            .to_ascii_lowercase();
        let value = String::from_utf8_lossy(&line[colon + 1..])
            .trim()
            .to_ascii_lowercase();
        match name.as_str() {
            "list-id" | "list-unsubscribe" => h.list = true,
            "precedence" if ["bulk", "list", "junk"].contains(&value.as_str()) => h.list = true,
            "auto-submitted" if !value.starts_with("no") => h.automatic = true,
            "x-autoreply" | "x-autorespond" => h.automatic = true,
            _ => {}
        }
    }
}

impl MessageHeaders {
    /// The identity of the message: its Message-ID, else its date, sender and
    /// subject (the same message read twice gives the same key).
    pub fn key(&self) -> String {
        match &self.message_id {
            Some(id) => format!("mid:{id}"),
            None => format!(
                "nomid:{}|{}|{}",
                self.date.map(|d| d.timestamp()).unwrap_or_default(),
                self.from.first().map(|m| m.key.as_str()).unwrap_or(""),
                self.subject
            ),
        }
    }
}

/// Whether an address is one no person answers (`noreply@`, `no-reply@`,
/// `donotreply@`, `mailer-daemon@`...).
pub fn is_no_reply(m: &Mailbox) -> bool {
    address::is_no_reply(&m.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> MessageHeaders {
        parse_headers(raw.as_bytes())
    }

    #[test]
    fn encoded_words_decode_in_every_common_charset() {
        let cases = [
            ("=?UTF-8?B?5L2g5aW977yM5byg5LyfIQ==?=", "你好，张伟!"),
            ("=?gb2312?B?xOO6w6Osw/fM7A==?=", "你好，明天"),
            ("=?GBK?B?1cXOsMP3?=", "张伟明"),
            ("=?big5?B?sWmwtqn6?=", "張偉明"),
            ("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=", "テスト"),
            ("=?ISO-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème"),
            ("=?iso-8859-2?Q?=A9koda?=", "Škoda"),
            ("=?ISO-8859-15?Q?=A4uro?=", "€uro"),
        ];
        for (word, want) in cases {
            let h = parsed(&format!("Subject: {word}\r\nFrom: a@x.cn\r\n"));
            assert_eq!(h.subject, want, "{word}");
        }
    }

    #[test]
    fn display_names_in_encoded_words_decode() {
        let h = parsed("From: =?GB2312?B?1cXOsMP3?= <ZWM@Example.CN>\nTo: =?big5?B?sWmwtqn6?= <b@x.tw>, c@y.com\n");
        assert_eq!(h.from[0].name.as_deref(), Some("张伟明"));
        assert_eq!(h.from[0].key, "zwm@example.cn");
        assert_eq!(h.recipients.len(), 2);
        assert_eq!(h.recipients[0].name.as_deref(), Some("張偉明"));
    }

    #[test]
    fn raw_8bit_gbk_headers_are_detected_not_mojibake() {
        let (subject, _, _) = encoding_rs::GBK.encode("关于续保报价的问题，请您尽快回复");
        let (name, _, _) = encoding_rs::GBK.encode("张伟明");
        let mut raw = b"Subject: ".to_vec();
        raw.extend_from_slice(&subject);
        raw.extend_from_slice(b"\r\nFrom: ");
        raw.extend_from_slice(&name);
        raw.extend_from_slice(b" <zwm@example.cn>\r\n");
        let h = parse_headers(&raw);
        assert_eq!(h.subject, "关于续保报价的问题，请您尽快回复");
        assert_eq!(h.from[0].name.as_deref(), Some("张伟明"));
    }

    #[test]
    fn bad_base64_in_an_encoded_word_does_not_break_the_header() {
        let h = parsed("Subject: =?UTF-8?B?!!!not*base64$$?=\nFrom: a@x.com\nMessage-ID: <m1@x>\nDate: Tue, 1 Dec 2026 09:00:00 +0800\n");
        assert_eq!(h.message_id.as_deref(), Some("m1@x"));
        assert_eq!(h.from[0].key, "a@x.com");
        assert_eq!(
            h.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-12-01T01:00:00+00:00")
        );
    }

    #[test]
    fn lists_and_automatic_replies_are_flagged() {
        assert!(parsed("From: a@x\nList-Id: <l.x>\n").list);
        assert!(parsed("From: a@x\nlist-unsubscribe: <mailto:u@x>\n").list);
        assert!(parsed("From: a@x\nPrecedence: bulk\n").list);
        assert!(!parsed("From: a@x\nPrecedence: first-class\n").list);
        assert!(parsed("From: a@x\nAuto-Submitted: auto-replied\n").automatic);
        assert!(!parsed("From: a@x\nAuto-Submitted: no\n").automatic);
        assert!(parsed("From: a@x\nX-Autoreply: yes\n").automatic);
    }

    #[test]
    fn a_header_of_a_megabyte_is_cut_and_flagged() {
        let mut text = b"Subject: ".to_vec();
        text.extend(std::iter::repeat_n(b'x', 1 << 20));
        text.extend_from_slice(b"\nFrom: a@x\n\nbody\n");
        let mut lines = LineReader::new(&text[..]);
        let b = read_header_block(&mut lines, &|_| false).unwrap();
        assert!(b.oversized);
        assert!(b.bytes.len() <= MAX_HEADER_BYTES);
        assert_eq!(b.end, HeaderEnd::Blank);
    }
}

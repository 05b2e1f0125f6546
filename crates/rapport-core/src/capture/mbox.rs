//! An mbox file (Thunderbird's folders, Gmail Takeout's `.mbox`, Apple
//! Mail's export), read as a stream: each message's header is kept, its body
//! is only scanned for the line that starts the next message.
//!
//! A message starts at a `From ` line in `asctime` form (`From - Sat Jan  3
//! 01:05:34 1996`, `From 17826…@xxx Wed Nov 26 06:43:21 +0000 2025`). Writers
//! escape a body line starting with `From ` as `>From `, but not all of them
//! do, so a body line like `From the desk of…` is not taken for a new message:
//! only the full separator form is.

use std::io::{self, BufRead};
use std::sync::OnceLock;

use regex::bytes::Regex;

use super::lines::LineReader;
use super::message::{read_header_block, HeaderBlock, HeaderEnd};

/// Whether a line starts a new message.
pub fn is_separator(line: &[u8]) -> bool {
    static SEPARATOR: OnceLock<Regex> = OnceLock::new();
    if !line.starts_with(b"From ") {
        return false;
    }
    SEPARATOR
        .get_or_init(|| {
            #[allow(clippy::unwrap_used)] // a constant pattern
            Regex::new(
                r"^From \S+\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?\s+(\S+\s+)?\d{4}(\s+[+-]\d{4})?\s*$",
            )
            .unwrap()
        })
        .is_match(line)
}

/// Why a file cannot be read as an mbox at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotMbox {
    /// The file has no bytes.
    Empty,
    /// Its first line is not a `From ` separator.
    NoSeparator,
}

impl std::fmt::Display for NotMbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotMbox::Empty => f.write_str("the file is empty (0 bytes): no messages"),
            NotMbox::NoSeparator => f.write_str(
                "it is not an mbox file: its first line is not a `From ` line starting a message",
            ),
        }
    }
}

/// Reads an mbox message by message.
pub struct MboxReader<R> {
    lines: LineReader<R>,
    number: u64,
    done: bool,
}

/// One message of an mbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MboxMessage {
    /// Its place in the file, from 1.
    pub number: u64,
    /// Its header.
    pub header: HeaderBlock,
}

impl<R: BufRead> MboxReader<R> {
    /// Starts reading; fails when the stream is empty or does not start with a separator.
    pub fn new(inner: R) -> io::Result<Result<Self, NotMbox>> {
        let mut lines = LineReader::new(inner);
        let Some(_) = lines.next_line(512)? else {
            return Ok(Err(NotMbox::Empty));
        };
        if !lines.line.starts_with(b"From ") {
            return Ok(Err(NotMbox::NoSeparator));
        }
        Ok(Ok(MboxReader {
            lines,
            number: 0,
            done: false,
        }))
    }

    /// Bytes read so far (for progress).
    pub fn offset(&self) -> u64 {
        self.lines.offset
    }

    /// The next message, `None` after the last.
    pub fn next_message(&mut self) -> io::Result<Option<MboxMessage>> {
        if self.done {
            return Ok(None);
        }
        self.number += 1;
        let header = read_header_block(&mut self.lines, &is_separator)?;
        match header.end {
            HeaderEnd::EndOfFile => self.done = true,
            HeaderEnd::NextMessage => {}
            HeaderEnd::Blank => loop {
                // Only a line's first bytes are needed to tell a separator.
                match self.lines.next_line(200)? {
                    None => {
                        self.done = true;
                        break;
                    }
                    Some(_) if is_separator(&self.lines.line) => break,
                    Some(_) => {}
                }
            },
        }
        Ok(Some(MboxMessage {
            number: self.number,
            header,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<MboxMessage> {
        let mut r = MboxReader::new(text.as_bytes()).unwrap().unwrap();
        let mut out = Vec::new();
        while let Some(m) = r.next_message().unwrap() {
            out.push(m);
        }
        out
    }

    #[test]
    fn separators_of_thunderbird_gmail_and_apple_mail_are_recognised() {
        for line in [
            "From - Sat Jan  3 01:05:34 1996\n",
            "From 1782623434262193473@xxx Wed Nov 26 06:43:21 +0000 2025\r\n",
            "From zwm@example.cn Mon Dec  1 10:00:00 2026\n",
            "From MAILER-DAEMON Fri Jul  8 12:08:34 2011 +0200\n",
        ] {
            assert!(is_separator(line.as_bytes()), "{line}");
        }
        for line in [
            "From the desk of 张伟明, Mon Dec 1 at 10:00 in 2026\n",
            "From: a@x\n",
            ">From - Sat Jan  3 01:05:34 1996\n",
            "From here on we meet at 10:30, 2026\n",
        ] {
            assert!(!is_separator(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn a_from_line_inside_a_body_does_not_split_the_message() {
        let m = messages(
            "From - Mon Dec  1 10:00:00 2026\nSubject: one\n\nFrom the desk of Wei:\nFrom here on\n\nFrom - Tue Dec  2 10:00:00 2026\nSubject: two\n\nbody\n",
        );
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].header.bytes, b"Subject: one\n");
        assert_eq!(
            (m[1].number, &m[1].header.bytes[..]),
            (2, &b"Subject: two\n"[..])
        );
    }

    #[test]
    fn a_truncated_mbox_ends_in_a_message_whose_header_did_not_end() {
        let m = messages("From - Mon Dec  1 10:00:00 2026\nSubject: one\n\nx\nFrom - Tue Dec  2 10:00:00 2026\nSubject: tw");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].header.end, HeaderEnd::Blank);
        assert_eq!(m[1].header.end, HeaderEnd::EndOfFile);
    }

    #[test]
    fn empty_and_foreign_files_are_refused() {
        assert_eq!(
            MboxReader::new(&b""[..]).unwrap().err(),
            Some(NotMbox::Empty)
        );
        assert_eq!(
            MboxReader::new(&b"name,email\n"[..]).unwrap().err(),
            Some(NotMbox::NoSeparator)
        );
    }
}

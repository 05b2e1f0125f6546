//! Reading a mail file line by line without ever holding a long line whole:
//! a body can be a 50 MB base64 attachment or a binary blob without a single
//! newline, and only the first bytes of a body line matter (is it the next
//! message's `From ` line?).

use std::io::{self, BufRead};

/// A line read by [`LineReader::next_line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInfo {
    /// Bytes of the line, its newline included.
    pub len: u64,
    /// Whether the line ended in `\n` (false: the file ended first).
    pub ended: bool,
}

/// Splits a stream into lines, keeping at most a given number of each line's bytes.
pub struct LineReader<R> {
    inner: R,
    /// The kept bytes of the last line read.
    pub line: Vec<u8>,
    /// Bytes consumed so far.
    pub offset: u64,
}

impl<R: BufRead> LineReader<R> {
    /// Reads from `inner`.
    pub fn new(inner: R) -> Self {
        LineReader {
            inner,
            line: Vec::with_capacity(256),
            offset: 0,
        }
    }

    /// Reads the next line into [`LineReader::line`], keeping at most `keep`
    /// of its bytes; `None` at the end of the stream.
    pub fn next_line(&mut self, keep: usize) -> io::Result<Option<LineInfo>> {
        self.line.clear();
        let mut len = 0u64;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.offset += len;
                return Ok((len > 0).then_some(LineInfo { len, ended: false }));
            }
            let (take, ended) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            let room = keep.saturating_sub(self.line.len());
            self.line.extend_from_slice(&buf[..take.min(room)]);
            self.inner.consume(take);
            len += take as u64;
            if ended {
                self.offset += len;
                return Ok(Some(LineInfo { len, ended: true }));
            }
        }
    }
}

/// Whether a line (with or without its line ending) is empty.
pub fn is_blank(line: &[u8]) -> bool {
    matches!(line, b"\n" | b"\r\n" | b"" | b"\r")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_counted_whole_but_kept_short() {
        let mut text = vec![b'x'; 100_000];
        text.extend_from_slice(b"\nshort\nlast");
        let mut r = LineReader::new(io::BufReader::with_capacity(1024, &text[..]));
        let a = r.next_line(10).unwrap().unwrap();
        assert_eq!((a.len, a.ended, r.line.len()), (100_001, true, 10));
        let b = r.next_line(10).unwrap().unwrap();
        assert_eq!((b.len, &r.line[..]), (6, &b"short\n"[..]));
        let c = r.next_line(10).unwrap().unwrap();
        assert_eq!((c.ended, &r.line[..]), (false, &b"last"[..]));
        assert_eq!(r.next_line(10).unwrap(), None);
        assert_eq!(r.offset, text.len() as u64);
    }
}

//! Step 1 of an import: find out what a file is and which text encoding it
//! uses, then turn it into a stream of UTF-8 without ever loading it whole.
//!
//! Order of evidence: a byte-order mark; the NUL pattern of UTF-16 written
//! without one; strict UTF-8; then the statistical detector `chardetng` for
//! the legacy encodings salespeople's files really come in (GBK/GB18030, Big5,
//! Shift-JIS, Windows-1252). The guess and a confidence are shown in the
//! preview and can be overridden.

use std::io::{self, Read};

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many bytes of the file are looked at to guess its kind and encoding.
pub const SAMPLE_BYTES: usize = 256 * 1024;

/// The encoding chosen for a file, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EncodingGuess {
    /// WHATWG name, e.g. `UTF-8`, `GBK`, `UTF-16LE`, `windows-1252`.
    pub name: String,
    /// 0–1: how sure the guess is (1 for a byte-order mark or a user's choice).
    pub confidence: f32,
    /// In words: `byte-order mark`, `valid UTF-8`, `statistical guess`...
    pub reason: String,
    /// A file that is mostly UTF-8 with some lines in a legacy encoding (rows
    /// pasted from another file): the encoding of those lines.
    #[serde(default)]
    pub fallback: Option<String>,
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Text (CSV, TSV, vCard...).
    Text,
    /// A zip container: `.xlsx`, `.ods`, or some other zip.
    Zip,
    /// An OLE2 compound file: legacy `.xls`.
    Ole,
    /// Something that is certainly not a contact list (the name of what it looks like).
    Binary(&'static str),
}

/// Recognises file types by their magic numbers.
pub fn sniff_kind(sample: &[u8]) -> Sniffed {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\x7FELF", "a program (ELF)"),
        (b"MZ", "a Windows program"),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
    ];
    if sample.starts_with(b"PK\x03\x04") || sample.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if sample.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Sniffed::Ole;
    }
    for (magic, what) in MAGIC {
        if sample.starts_with(magic) {
            return Sniffed::Binary(what);
        }
    }
    Sniffed::Text
}

/// Length of a byte-order mark at the start of `sample`, with its encoding.
pub fn bom(sample: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(sample)
}

/// Guesses the encoding of a text sample (the first [`SAMPLE_BYTES`] of a file;
/// `complete` when that is the whole file). `Err` says why it is not text.
pub fn guess_encoding(sample: &[u8], complete: bool) -> Result<EncodingGuess, String> {
    let guess = |e: &'static Encoding, confidence: f32, reason: &str| EncodingGuess {
        name: e.name().to_string(),
        confidence,
        reason: reason.to_string(),
        fallback: None,
    };
    if let Some((enc, _)) = bom(sample) {
        return Ok(guess(enc, 1.0, "byte-order mark"));
    }
    if let Some(enc) = utf16_by_nul_pattern(sample) {
        return Ok(guess(
            enc,
            0.95,
            "NUL-byte pattern of UTF-16 without a byte-order mark",
        ));
    }
    if sample.contains(&0) {
        return Err("it contains NUL bytes: binary data, not a text file".into());
    }
    match std::str::from_utf8(sample) {
        Ok(s) if s.is_ascii() => return Ok(guess(UTF_8, 1.0, "plain ASCII")),
        Ok(_) => return Ok(guess(UTF_8, 0.99, "valid UTF-8")),
        // The sample may end in the middle of a character.
        Err(e) if e.error_len().is_none() && !complete => {
            return Ok(guess(UTF_8, 0.99, "valid UTF-8"))
        }
        // The whole file is UTF-8 but cut inside its last character.
        Err(e) if e.error_len().is_none() => {
            return Ok(guess(
                UTF_8,
                0.95,
                "UTF-8, cut short inside the last character",
            ))
        }
        Err(_) => {}
    }
    if let Some(other) = mixed_utf8_fallback(sample, complete) {
        return Ok(EncodingGuess {
            fallback: Some(other.name().to_string()),
            ..guess(
                UTF_8,
                0.8,
                &format!("UTF-8, with some lines in {}", other.name()),
            )
        });
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(sample, complete);
    let winner = det.guess(None, chardetng::Utf8Detection::Deny);
    Ok(guess(
        winner,
        plausibility(sample, winner),
        "statistical guess",
    ))
}

/// A file mostly in UTF-8 whose invalid bytes are confined to some lines
/// (rows pasted from a GBK or Windows-1252 file): the encoding of those lines.
/// `None` when the sample is not mostly UTF-8.
fn mixed_utf8_fallback(sample: &[u8], complete: bool) -> Option<&'static Encoding> {
    let end = if complete {
        sample.len()
    } else {
        // Leave out a last line that may be cut.
        sample.iter().rposition(|&b| b == b'\n')? + 1
    };
    let (mut utf8_chars, mut bad_lines) = (0usize, Vec::new());
    for line in sample[..end].split(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => utf8_chars += s.chars().filter(|c| !c.is_ascii()).count(),
            Err(_) => bad_lines.extend_from_slice(line),
        }
    }
    // Real UTF-8 text in the valid lines, and at least as much of it as there
    // are bytes in the other lines' legacy text.
    let legacy = bad_lines.iter().filter(|b| !b.is_ascii()).count();
    if utf8_chars < 4 || utf8_chars * 2 < legacy {
        return None;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bad_lines, true);
    Some(det.guess(None, chardetng::Utf8Detection::Deny))
}

/// Decodes a file that is mostly UTF-8 line by line: a line that is valid
/// UTF-8 is kept, any other line is decoded from `fallback`.
pub struct MixedUtf8Reader<R> {
    inner: io::BufReader<R>,
    fallback: &'static Encoding,
    line: Vec<u8>,
    out: Vec<u8>,
    out_start: usize,
}

impl<R: Read> MixedUtf8Reader<R> {
    /// Decodes `inner`, taking lines that are not UTF-8 as `fallback`.
    pub fn new(inner: R, fallback: &'static Encoding) -> Self {
        MixedUtf8Reader {
            inner: io::BufReader::with_capacity(256 * 1024, inner),
            fallback,
            line: Vec::new(),
            out: Vec::new(),
            out_start: 0,
        }
    }
}

impl<R: Read> Read for MixedUtf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use io::BufRead;
        if self.out_start == self.out.len() {
            self.line.clear();
            self.out.clear();
            self.out_start = 0;
            let limit = MAX_LINE_BYTES as u64 + 1;
            let n = (&mut self.inner)
                .take(limit)
                .read_until(b'\n', &mut self.line)?;
            if n == 0 {
                return Ok(0);
            }
            if n as u64 >= limit {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "a line is longer than {} MiB: this is not a contact list",
                        MAX_LINE_BYTES / 1024 / 1024
                    ),
                ));
            }
            match std::str::from_utf8(&self.line) {
                Ok(_) => std::mem::swap(&mut self.out, &mut self.line),
                Err(_) => {
                    let (text, _) = self.fallback.decode_without_bom_handling(&self.line);
                    self.out.extend_from_slice(text.as_bytes());
                }
            }
        }
        let n = buf.len().min(self.out.len() - self.out_start);
        buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

/// A confidence for a statistical guess (chardetng gives none): how much of
/// the decoded non-ASCII text is made of letters or CJK characters, lowered
/// when bytes do not decode or when another common encoding decodes them as well.
fn plausibility(sample: &[u8], enc: &'static Encoding) -> f32 {
    let (text, had_errors) = enc.decode_without_bom_handling(&sample[..trim_partial(sample)]);
    if had_errors {
        return 0.3;
    }
    let (mut non_ascii, mut plausible) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if c.is_alphabetic()
            || crate::contacts::is_cjk(c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        {
            plausible += 1;
        }
    }
    if non_ascii == 0 {
        return 0.9;
    }
    let mut conf = 0.5 + 0.45 * plausible as f32 / non_ascii as f32;
    let rivals = [
        encoding_rs::GBK,
        encoding_rs::BIG5,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_KR,
    ]
    .into_iter()
    .filter(|&e| e != enc && enc != encoding_rs::GB18030)
    .filter(|e| {
        !e.decode_without_bom_handling(&sample[..trim_partial(sample)])
            .1
    })
    .count();
    if rivals > 0 {
        conf = conf.min(0.85);
    }
    conf
}

/// The sample without its last 4 bytes when they may be a cut character.
fn trim_partial(sample: &[u8]) -> usize {
    sample
        .len()
        .saturating_sub(if sample.len() >= SAMPLE_BYTES { 4 } else { 0 })
}

/// UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte.
fn utf16_by_nul_pattern(sample: &[u8]) -> Option<&'static Encoding> {
    let n = sample.len() / 2 * 2;
    if n < 4 {
        return None;
    }
    let pairs = n / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample[..n].iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    // At least a third of the code units have a NUL high byte, the other side almost none.
    if odd * 3 >= pairs && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 3 >= pairs && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Checks decoded text for signs of binary data: control characters that text files do not contain.
pub fn looks_binary(text: &str) -> bool {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}' {
            controls += 1;
        }
    }
    total > 0 && controls * 20 > total
}

/// A byte counter shared between the reading thread and the progress report.
pub type ByteCounter = std::sync::Arc<std::sync::atomic::AtomicU64>;

/// Counts the bytes read through it (for progress in bytes).
pub struct CountingReader<R> {
    inner: R,
    count: ByteCounter,
}

impl<R: Read> CountingReader<R> {
    /// Wraps `inner`, adding each read's length to `count`.
    pub fn new(inner: R, count: ByteCounter) -> Self {
        CountingReader { inner, count }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Longest run of bytes without a line break accepted: a longer "line" is not
/// a contact list, and refusing it keeps memory bounded (PRODUCT §9: a 1 GB line).
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Decodes any supported encoding to UTF-8 on the fly, counting replacement
/// characters (bytes that were not valid in the chosen encoding) and
/// refusing absurdly long lines.
pub struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    out: Vec<u8>,
    out_start: usize,
    eof: bool,
    finished: bool,
    since_newline: usize,
    replacements: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> DecodeReader<R> {
    /// Decodes `inner` (positioned after any byte-order mark) from `encoding`.
    pub fn new(
        inner: R,
        encoding: &'static Encoding,
        replacements: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Self {
        DecodeReader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 64 * 1024],
            raw_start: 0,
            raw_end: 0,
            out: Vec::with_capacity(3 * 64 * 1024 + 16),
            out_start: 0,
            eof: false,
            finished: false,
            since_newline: 0,
            replacements,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_start = 0;
        while self.out.is_empty() && !self.finished {
            if self.raw_start == self.raw_end && !self.eof {
                let n = self.inner.read(&mut self.raw)?;
                self.raw_start = 0;
                self.raw_end = n;
                if n == 0 {
                    self.eof = true;
                }
            }
            if self.eof && self.raw_start == self.raw_end {
                // Flush what the decoder holds (an incomplete last character).
                let cap = self.decoder.max_utf8_buffer_length(0).unwrap_or(16);
                self.out.resize(cap, 0);
                let (_, _, written, had) = self.decoder.decode_to_utf8(&[], &mut self.out, true);
                self.out.truncate(written);
                self.finished = true;
                if had {
                    self.count_replacements();
                }
                return Ok(());
            }
            let input = &self.raw[self.raw_start..self.raw_end];
            let cap = self
                .decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            self.out.resize(cap, 0);
            let (_, read, written, had) = self.decoder.decode_to_utf8(input, &mut self.out, false);
            self.raw_start += read;
            self.out.truncate(written);
            if had {
                self.count_replacements();
            }
        }
        Ok(())
    }

    fn count_replacements(&self) {
        let n = String::from_utf8_lossy(&self.out)
            .matches('\u{FFFD}')
            .count() as u64;
        self.replacements
            .fetch_add(n.max(1), std::sync::atomic::Ordering::Relaxed);
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_start == self.out.len() {
            self.fill()?;
            if self.out.is_empty() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.out_start);
        let chunk = &self.out[self.out_start..self.out_start + n];
        match memrchr_newline(chunk) {
            Some(i) => self.since_newline = n - i - 1,
            None => self.since_newline += n,
        }
        if self.since_newline > MAX_LINE_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a line is longer than {} MiB: this is not a contact list",
                    MAX_LINE_BYTES / 1024 / 1024
                ),
            ));
        }
        buf[..n].copy_from_slice(chunk);
        self.out_start += n;
        Ok(n)
    }
}

fn memrchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().rposition(|&c| c == b'\n')
}

/// Looks an encoding up by any of its labels (`gbk`, `gb2312`, `utf-16le`, `latin1`, `sjis`...).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "utf8" => "utf-8",
        "utf16" | "utf16le" | "unicode" => "utf-16le",
        "utf16be" => "utf-16be",
        "sjis" | "shift-jis" => "shift_jis",
        "cp936" | "936" => "gbk",
        "cp1252" | "1252" => "windows-1252",
        "cp950" | "950" => "big5",
        other => other,
    };
    Encoding::for_label(l.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;

    fn decode_all(bytes: &[u8], enc: &'static Encoding) -> (String, u64) {
        let reps = Arc::new(AtomicU64::new(0));
        let mut r = DecodeReader::new(bytes, enc, reps.clone());
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, reps.load(std::sync::atomic::Ordering::Relaxed))
    }

    #[test]
    fn guesses_the_encodings_salespeople_have() {
        let text =
            "姓名,手机,公司\n张伟明,13800138000,北京科技有限公司\n李娜,13912345678,上海贸易公司\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(guess_encoding(&gbk, true).unwrap().name, "GBK");
        let (big5, _, _) = encoding_rs::BIG5.encode(
            "姓名,電話,公司\n張偉明,0912345678,臺北貿易股份有限公司\n陳美玲,0922333444,高雄電子\n",
        );
        assert_eq!(guess_encoding(&big5, true).unwrap().name, "Big5");
        let (w1252, _, _) = encoding_rs::WINDOWS_1252.encode("Name;Straße;Ort\nJürgen Müller;Hauptstraße 5;Köln\nFrançois Dupré;Rue de l'Église;Genève\n");
        assert_eq!(guess_encoding(&w1252, true).unwrap().name, "windows-1252");
        assert_eq!(guess_encoding(text.as_bytes(), true).unwrap().name, "UTF-8");
        let mut le = vec![];
        for u in "Name\tPhone\nAda\t123\n".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(guess_encoding(&le, true).unwrap().name, "UTF-16LE");
        let mut be = vec![];
        for u in "Name\tPhone\nAda\t123\n".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(guess_encoding(&be, true).unwrap().name, "UTF-16BE");
        assert!(guess_encoding(b"\xEF\xBB\xBFa,b", true)
            .unwrap()
            .reason
            .contains("byte-order"));
        assert!(guess_encoding(b"ab\0\0\0\x01\x02", true).is_err());
    }

    /// Regression: a UTF-8 file with one row pasted from a GBK file was read
    /// whole as Windows-1252, turning every Chinese name into mojibake.
    #[test]
    fn mostly_utf8_with_a_gbk_line_decodes_each_line_right() {
        let mut bytes = "姓名,公司\n张伟明,北京科技\n李娜,武汉网球\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(&encoding_rs::GBK.encode("王芳,上海贸易\n").0);
        let g = guess_encoding(&bytes, true).unwrap();
        assert_eq!(
            (g.name.as_str(), g.fallback.as_deref()),
            ("UTF-8", Some("GBK"))
        );
        let mut out = String::new();
        MixedUtf8Reader::new(&bytes[..], encoding_rs::GBK)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(
            out,
            "姓名,公司\n张伟明,北京科技\n李娜,武汉网球\n王芳,上海贸易\n"
        );
        // A file wholly in GBK is still GBK.
        let gbk = encoding_rs::GBK
            .encode("姓名,公司\n张伟明,北京科技\n李娜,武汉网球\n")
            .0;
        assert_eq!(guess_encoding(&gbk, true).unwrap().fallback, None);
    }

    /// Regression: a UTF-8 file cut inside its last character was taken for
    /// "mostly UTF-8" and its last line decoded as Windows-1252.
    #[test]
    fn a_file_cut_inside_its_last_character_is_utf8() {
        let mut bytes = "Name,City\n李娜,武汉".as_bytes().to_vec();
        bytes.extend_from_slice(&"网".as_bytes()[..2]);
        let g = guess_encoding(&bytes, true).unwrap();
        assert_eq!((g.name.as_str(), g.fallback), ("UTF-8", None));
    }

    #[test]
    fn a_sample_cut_inside_a_character_is_still_utf8() {
        let s = "张伟明".as_bytes();
        assert_eq!(guess_encoding(&s[..4], false).unwrap().name, "UTF-8");
    }

    #[test]
    fn decodes_in_a_stream_and_counts_bad_bytes() {
        let text = "张伟明,13800138000\n".repeat(10_000);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let (out, reps) = decode_all(&gbk, encoding_rs::GBK);
        assert_eq!(out, text);
        assert_eq!(reps, 0);
        let (out, reps) = decode_all(b"ok \xFF\xFE end", UTF_8);
        assert!(out.starts_with("ok ") && out.ends_with(" end"));
        assert!(reps >= 1);
    }

    #[test]
    fn refuses_a_giant_line() {
        let big = vec![b'a'; MAX_LINE_BYTES + 10];
        let reps = Arc::new(AtomicU64::new(0));
        let mut r = DecodeReader::new(&big[..], UTF_8, reps);
        let mut sink = Vec::new();
        let err = r.read_to_end(&mut sink).unwrap_err();
        assert!(err.to_string().contains("longer than"), "{err}");
    }

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff_kind(b"\x89PNG\r\n"), Sniffed::Binary("a PNG image"));
        assert_eq!(sniff_kind(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(sniff_kind(b"Name,Email"), Sniffed::Text);
        assert_eq!(encoding_for_label("GB2312").unwrap().name(), "GBK");
        assert_eq!(encoding_for_label("utf16").unwrap().name(), "UTF-16LE");
        assert!(encoding_for_label("klingon").is_none());
    }
}

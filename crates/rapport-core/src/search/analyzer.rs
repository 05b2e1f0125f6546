//! Text analysis shared by indexing, querying and highlighting, so the three
//! can never disagree about what a word is.
//!
//! Every character is folded on its own (full-width → half-width, lower case,
//! Latin accents removed, traditional → simplified Chinese), which keeps byte
//! offsets into the original text exact for highlighting. The folded text is
//! cut into *runs*: a Latin/digit word, or a stretch of CJK characters. Words
//! become one token each; a CJK run of `n` characters becomes `n` unigrams and
//! `n - 1` bigrams, the unigram and bigram starting at character `i` both at
//! position `p + i`. So `伟` finds 张伟明 (unigram), and a phrase of bigrams at
//! consecutive positions finds `伟明` or `张伟明` anywhere, in order.

use crate::contacts::is_cjk;

/// Longest token kept, in characters; longer words are cut (the same way at
/// query time, so they still match).
pub const MAX_TOKEN_CHARS: usize = 48;

/// What a run of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Letters and digits of alphabetic scripts (folded to lower-case ASCII where possible).
    Word,
    /// Chinese, Japanese or Korean characters, one token per character plus bigrams.
    Cjk,
}

/// A run of folded text with its byte range in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Word or CJK.
    pub kind: RunKind,
    /// The folded text.
    pub text: String,
    /// Byte offset of each folded character's original character (one entry
    /// per char of `text`), and the end of the run in the original text.
    pub char_offsets: Vec<(usize, usize)>,
}

impl Run {
    /// Byte offset where the run starts in the original text.
    pub fn from(&self) -> usize {
        self.char_offsets.first().map(|o| o.0).unwrap_or(0)
    }

    /// Byte offset just past the run in the original text.
    pub fn to(&self) -> usize {
        self.char_offsets.last().map(|o| o.1).unwrap_or(0)
    }
}

/// One indexed token: folded text, position, and byte range in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The term.
    pub text: String,
    /// Position in the field value (for phrase queries).
    pub position: usize,
    /// Start byte in the original text.
    pub from: usize,
    /// End byte in the original text.
    pub to: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Cjk,
    /// Apostrophes join the letters around them (`O'Brien` → `obrien`).
    Joiner,
    Separator,
}

/// Full-width ASCII forms and the ideographic space, to their half-width forms.
pub fn half_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// True for the Latin letters whose accents and ligatures are folded away.
fn is_foldable_latin(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// Folds one (already simplified) character, appending the result to `out`.
fn fold_into(c: char, out: &mut String) {
    let c = half_width(c);
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_foldable_latin(c) {
        match deunicode::deunicode_char(c) {
            Some(s) if !s.is_empty() && s.chars().all(|a| a.is_ascii_alphanumeric()) => {
                out.extend(s.chars().map(|a| a.to_ascii_lowercase()))
            }
            _ => out.extend(c.to_lowercase()),
        }
    } else if c == '\u{2019}' || c == '\u{02BC}' {
        out.push('\'');
    } else {
        out.extend(c.to_lowercase());
    }
}

fn class_of(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c == '\'' {
        Class::Joiner
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Separator
    }
}

/// Traditional Chinese to simplified, character by character (the result has
/// exactly as many characters as the input).
pub fn simplified(text: &str) -> String {
    if text.chars().any(is_cjk) {
        fast2s::convert(text)
    } else {
        text.to_string()
    }
}

/// [`simplified`] of an owned text, which is returned as it is (no copy) when
/// it holds no Chinese.
pub fn into_simplified(text: String) -> String {
    if text.chars().any(is_cjk) {
        fast2s::convert(&text)
    } else {
        text
    }
}

/// Calls `emit` with each folded word or CJK run of `text` in order: its kind,
/// folded text and the original byte range of each of its characters (a word
/// cut at [`MAX_TOKEN_CHARS`]). The buffers are reused from run to run, so
/// indexing allocates nothing per word here.
fn scan_runs(text: &str, mut emit: impl FnMut(RunKind, &str, &[(usize, usize)])) {
    let simple = simplified_cow(text);
    let mut kind: Option<RunKind> = None;
    let mut run = String::new();
    let mut offsets: Vec<(usize, usize)> = Vec::new();
    let mut folded = String::new();
    let mut flush = |kind: &mut Option<RunKind>, run: &mut String, offsets: &mut Vec<_>| {
        if let Some(k) = kind.take() {
            if k == RunKind::Word && offsets.len() > MAX_TOKEN_CHARS {
                offsets.truncate(MAX_TOKEN_CHARS);
                let cut = run
                    .char_indices()
                    .nth(MAX_TOKEN_CHARS)
                    .map_or(run.len(), |(i, _)| i);
                run.truncate(cut);
            }
            emit(k, run, offsets);
        }
        run.clear();
        offsets.clear();
    };
    let mut push = |c: char,
                    at: (usize, usize),
                    kind: &mut Option<RunKind>,
                    run: &mut String,
                    offsets: &mut Vec<(usize, usize)>| {
        let next = match class_of(c) {
            Class::Word => RunKind::Word,
            Class::Cjk => RunKind::Cjk,
            // Inside a word it joins; elsewhere it separates.
            Class::Joiner => return,
            Class::Separator => {
                flush(kind, run, offsets);
                return;
            }
        };
        if *kind != Some(next) {
            flush(kind, run, offsets);
            *kind = Some(next);
        }
        run.push(c);
        offsets.push(at);
    };
    // `simplified` keeps one char per char, so the two iterate in step.
    for ((offset, original), simple_c) in text.char_indices().zip(simple.chars()) {
        let at = (offset, offset + original.len_utf8());
        if simple_c.is_ascii() {
            push(
                simple_c.to_ascii_lowercase(),
                at,
                &mut kind,
                &mut run,
                &mut offsets,
            );
            continue;
        }
        folded.clear();
        fold_into(simple_c, &mut folded);
        for c in folded.chars() {
            push(c, at, &mut kind, &mut run, &mut offsets);
        }
    }
    flush(&mut kind, &mut run, &mut offsets);
}

/// [`simplified`] without a copy when there is nothing to convert.
fn simplified_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_cjk) {
        std::borrow::Cow::Owned(fast2s::convert(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Cuts `text` into folded word and CJK runs.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    scan_runs(text, |kind, text, offsets| {
        out.push(Run {
            kind,
            text: text.to_string(),
            char_offsets: offsets.to_vec(),
        })
    });
    out
}

/// The indexed tokens of `text`: words, and CJK unigrams + bigrams with real positions.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    for_each_piece(text, |term, position, from, to| {
        out.push(Piece {
            text: term.to_string(),
            position,
            from,
            to,
        })
    });
    out
}

/// [`pieces`] handed to `f` one by one as (term, position, from, to), without
/// an allocation per piece (the indexer copies each term into its own buffer).
pub fn for_each_piece(text: &str, mut f: impl FnMut(&str, usize, usize, usize)) {
    let mut position = 0;
    let mut bigram = String::new();
    scan_runs(text, |kind, run, offsets| match kind {
        RunKind::Word => {
            f(
                run,
                position,
                offsets.first().map_or(0, |o| o.0),
                offsets.last().map_or(0, |o| o.1),
            );
            position += 1;
        }
        RunKind::Cjk => {
            let mut chars = run.char_indices().peekable();
            let mut i = 0;
            while let Some((at, c)) = chars.next() {
                let (from, to) = offsets[i];
                f(&run[at..at + c.len_utf8()], position + i, from, to);
                if let Some(&(next_at, next)) = chars.peek() {
                    bigram.clear();
                    bigram.push_str(&run[at..next_at + next.len_utf8()]);
                    f(&bigram, position + i, from, offsets[i + 1].1);
                }
                i += 1;
            }
            position += i;
        }
    });
}

/// The bigram terms of a CJK run, in order (a single character is its own term).
pub fn cjk_terms(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() < 2 {
        return vec![run.to_string()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Longest whole-name key, in characters.
pub const MAX_KEY_CHARS: usize = 64;

/// A whole name or query folded to one key without spaces or punctuation:
/// `José  Martínez` → `josemartinez`, `張偉明` → `张伟明` (at most [`MAX_KEY_CHARS`]).
pub fn key(text: &str) -> String {
    runs(text)
        .into_iter()
        .flat_map(|r| r.text.chars().collect::<Vec<_>>())
        .take(MAX_KEY_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(String, usize)> {
        pieces(text)
            .into_iter()
            .map(|p| (p.text, p.position))
            .collect()
    }

    #[test]
    fn latin_words_are_lower_cased_and_folded() {
        assert_eq!(
            texts("José Müller-Øster"),
            [
                ("jose".into(), 0),
                ("muller".into(), 1),
                ("oster".into(), 2)
            ]
        );
        assert_eq!(texts("Straße"), [("strasse".into(), 0)]);
        assert_eq!(
            texts("O'Brien O’Neil"),
            [("obrien".into(), 0), ("oneil".into(), 1)]
        );
    }

    #[test]
    fn full_width_forms_fold_to_half_width() {
        assert_eq!(
            texts("ＡＢＣ１２３　Ｘ"),
            [("abc123".into(), 0), ("x".into(), 1)]
        );
        assert_eq!(key("ＡＢＣ"), "abc");
    }

    #[test]
    fn cjk_gets_unigrams_and_bigrams_at_real_positions() {
        assert_eq!(
            texts("张伟明"),
            [
                ("张".into(), 0),
                ("张伟".into(), 0),
                ("伟".into(), 1),
                ("伟明".into(), 1),
                ("明".into(), 2)
            ]
        );
        // Positions continue across scripts.
        let t = texts("ACME 北京 office");
        assert_eq!(t[0], ("acme".into(), 0));
        assert!(t.contains(&("北京".into(), 1)));
        assert_eq!(t.last().unwrap(), &("office".into(), 3));
    }

    #[test]
    fn traditional_is_folded_to_simplified() {
        assert_eq!(key("張偉明"), "张伟明");
        assert_eq!(key("單"), "单");
        let p = pieces("張偉明");
        assert!(p.iter().any(|p| p.text == "伟明"));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Dr. José 張偉明";
        for p in pieces(text) {
            assert!(text.is_char_boundary(p.from) && text.is_char_boundary(p.to));
        }
        let jose = pieces(text).into_iter().find(|p| p.text == "jose").unwrap();
        assert_eq!(&text[jose.from..jose.to], "José");
        let wm = pieces(text).into_iter().find(|p| p.text == "伟明").unwrap();
        assert_eq!(&text[wm.from..wm.to], "偉明");
    }

    #[test]
    fn cjk_query_terms_are_bigrams() {
        assert_eq!(cjk_terms("伟"), ["伟"]);
        assert_eq!(cjk_terms("伟明"), ["伟明"]);
        assert_eq!(cjk_terms("张伟明"), ["张伟", "伟明"]);
    }

    #[test]
    fn keys_drop_spaces_and_punctuation() {
        assert_eq!(key("  José   Martínez "), "josemartinez");
        assert_eq!(key("Zhang, Wei-Ming"), "zhangweiming");
    }

    #[test]
    fn very_long_words_are_cut_consistently() {
        let long = "a".repeat(200);
        let p = pieces(&long);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].text.len(), MAX_TOKEN_CHARS);
        assert_eq!(key(&long).len(), MAX_TOKEN_CHARS);
        assert_eq!(key(&"ab ".repeat(100)).chars().count(), MAX_KEY_CHARS);
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "",
            "   ",
            "'",
            "''a",
            "\u{0}",
            "🙂🙂",
            "ǅ",
            "İstanbul",
            "\u{FFFF}",
        ] {
            let _ = pieces(s);
            let _ = key(s);
        }
    }
}

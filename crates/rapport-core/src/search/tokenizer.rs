//! The analysers of [`super::analyzer`], [`super::pinyin`] and
//! [`super::digits`] as tantivy tokenizers, registered on every index the
//! schema opens. Documents then carry plain text and tantivy analyses it on
//! its own indexing threads; pre-tokenized fields would be serialised to JSON
//! inside each document and parsed back (an eighth of an import's time).

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

use super::analyzer::{self, Piece};
use super::pinyin::{self, Syllable};

/// Words, and CJK unigrams and bigrams ([`analyzer::pieces`]).
pub const TEXT: &str = "rapport_text";
/// Full-pinyin spans of a name given as its syllables separated by spaces.
pub const PINYIN: &str = "rapport_pinyin";
/// Initials spans of a name given as its syllables separated by spaces.
pub const INITIALS: &str = "rapport_initials";
/// Phone digit runs separated by spaces, as 4-digit grams ([`super::digits::gram_pieces`]).
pub const DIGITS: &str = "rapport_digits";

/// Registers the tokenizers the schema names.
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(TEXT, TextAnalyzer::from(TextTokenizer));
    tokenizers.register(PINYIN, TextAnalyzer::from(PieceTokenizer(pinyin_pieces)));
    tokenizers.register(
        INITIALS,
        TextAnalyzer::from(PieceTokenizer(initials_pieces)),
    );
    tokenizers.register(
        DIGITS,
        TextAnalyzer::from(PieceTokenizer(super::digits::gram_pieces)),
    );
}

/// The syllables of a name for the [`PINYIN`] and [`INITIALS`] fields.
pub fn syllables_text(syllables: &[Syllable]) -> String {
    let readings: Vec<&str> = syllables.iter().map(|s| s.reading.as_str()).collect();
    readings.join(" ")
}

/// The words of `text` separated by single spaces, with their byte offsets.
fn spaced(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ')
        .scan(0, |from, word| {
            let at = *from;
            *from += word.len() + 1;
            Some((at, word))
        })
        .filter(|(_, word)| !word.is_empty())
}

fn split_syllables(text: &str) -> Vec<Syllable> {
    spaced(text)
        .map(|(from, reading)| Syllable {
            reading: reading.to_string(),
            from,
            to: from + reading.len(),
        })
        .collect()
}

fn pinyin_pieces(text: &str) -> Vec<Piece> {
    pinyin::full_pieces(&split_syllables(text))
}

fn initials_pieces(text: &str) -> Vec<Piece> {
    pinyin::initials_pieces(&split_syllables(text))
}

/// A tokenizer made of a function from text to pieces.
#[derive(Clone, Copy)]
struct PieceTokenizer(fn(&str) -> Vec<Piece>);

impl Tokenizer for PieceTokenizer {
    type TokenStream<'a> = PieceStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PieceStream {
        PieceStream {
            pieces: (self.0)(text).into_iter(),
            token: Token::default(),
        }
    }
}

struct PieceStream {
    pieces: std::vec::IntoIter<Piece>,
    token: Token,
}

impl TokenStream for PieceStream {
    fn advance(&mut self) -> bool {
        let Some(p) = self.pieces.next() else {
            return false;
        };
        self.token = Token {
            offset_from: p.from,
            offset_to: p.to,
            position: p.position,
            text: p.text,
            position_length: 1,
        };
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The [`TEXT`] tokenizer: [`analyzer::for_each_piece`], its terms kept in one
/// buffer (notes are most of what is indexed: no allocation per token).
#[derive(Clone, Copy)]
struct TextTokenizer;

impl Tokenizer for TextTokenizer {
    type TokenStream<'a> = TextStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TextStream {
        let mut terms = String::with_capacity(text.len());
        let mut spans = Vec::with_capacity(text.len() / 4);
        analyzer::for_each_piece(text, |term, position, from, to| {
            let start = terms.len();
            terms.push_str(term);
            spans.push(Span {
                term: start..terms.len(),
                position,
                from,
                to,
            });
        });
        TextStream {
            terms,
            spans: spans.into_iter(),
            token: Token::default(),
        }
    }
}

/// Where a piece's term lies in [`TextStream::terms`], and its place in the text.
struct Span {
    term: std::ops::Range<usize>,
    position: usize,
    from: usize,
    to: usize,
}

struct TextStream {
    terms: String,
    spans: std::vec::IntoIter<Span>,
    token: Token,
}

impl TokenStream for TextStream {
    fn advance(&mut self) -> bool {
        let Some(s) = self.spans.next() else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(&self.terms[s.term]);
        self.token.offset_from = s.from;
        self.token.offset_to = s.to;
        self.token.position = s.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(tokenizer: &str, text: &str) -> Vec<(String, usize)> {
        let index = Index::create_in_ram(tantivy::schema::Schema::builder().build());
        register(&index);
        let mut analyzer = index.tokenizers().get(tokenizer).expect("registered");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    fn pieces(pieces: Vec<Piece>) -> Vec<(String, usize)> {
        pieces.into_iter().map(|p| (p.text, p.position)).collect()
    }

    #[test]
    fn text_tokens_are_the_analyzer_pieces() {
        let text = "Called 张伟明 about the O'Brien deal";
        assert_eq!(tokens(TEXT, text), pieces(analyzer::pieces(text)));
        assert!(tokens(TEXT, text).contains(&("伟明".to_string(), 2)));
    }

    #[test]
    fn pinyin_and_initials_tokens_are_those_of_the_syllables() {
        let syl = pinyin::syllables("张伟明", None);
        let text = syllables_text(&syl);
        assert_eq!(text, "zhang wei ming");
        assert_eq!(tokens(PINYIN, &text), pieces(pinyin::full_pieces(&syl)));
        assert_eq!(
            tokens(INITIALS, &text),
            pieces(pinyin::initials_pieces(&syl))
        );
        assert!(tokens(PINYIN, &text).contains(&("weiming".to_string(), 1)));
    }

    #[test]
    fn digit_tokens_are_the_grams_of_the_runs() {
        let text = "14155558123 04155558123";
        assert_eq!(
            tokens(DIGITS, text),
            pieces(super::super::digits::gram_pieces(text))
        );
        let t = tokens(DIGITS, text);
        assert_eq!(t[0], ("1415".to_string(), 0));
        assert_eq!(t[7], ("8123".to_string(), 7));
        assert!(
            t[8].1 > 7 + 11,
            "the second run starts after a gap: {:?}",
            t[8]
        );
    }
}

//! Pinyin readings of Chinese names, so `zhangweiming`, `zhang wei ming`,
//! `zhangwei` and `zwm` all find 张伟明.
//!
//! Readings come from the `pinyin` crate, except for surnames whose reading
//! differs from the character's common one (单 is `shan` as a surname, not
//! `dan`): those come from [`SURNAME_READINGS`], applied to the first
//! character(s) of the name only.

use pinyin::ToPinyin;

use super::analyzer::{simplified, Piece};
use crate::contacts::is_cjk;

/// Surnames read differently from their characters' common reading, and
/// compound surnames with a fixed reading (simplified forms).
pub const SURNAME_READINGS: &[(&str, &[&str])] = &[
    ("尉迟", &["yu", "chi"]),
    ("万俟", &["mo", "qi"]),
    ("长孙", &["zhang", "sun"]),
    ("澹台", &["tan", "tai"]),
    ("令狐", &["ling", "hu"]),
    ("单", &["shan"]),
    ("曾", &["zeng"]),
    ("解", &["xie"]),
    ("区", &["ou"]),
    ("仇", &["qiu"]),
    ("朴", &["piao"]),
    ("查", &["zha"]),
    ("翟", &["zhai"]),
    ("盖", &["ge"]),
    ("乐", &["yue"]),
    ("缪", &["miao"]),
    ("覃", &["qin"]),
    ("召", &["shao"]),
    ("种", &["chong"]),
    ("秘", &["bi"]),
    ("员", &["yun"]),
    ("繁", &["po"]),
    ("黑", &["he"]),
    ("藏", &["zang"]),
    ("蕃", &["pi"]),
    ("冼", &["xian"]),
];

/// Compound surnames read with their characters' common readings; listed so
/// that a single-character override never applies to their first character.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "夏侯", "司徒", "慕容", "宇文", "公孙", "轩辕",
    "端木", "独孤", "南宫", "西门", "呼延", "闻人",
];

/// Longest name (in characters) for which every span of syllables is indexed.
const MAX_SPAN_CHARS: usize = 8;

/// One syllable of a name: its reading and the byte range of its character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// Plain pinyin, lower case, `ü` written `u`.
    pub reading: String,
    /// Start byte in the name.
    pub from: usize,
    /// End byte in the name.
    pub to: usize,
}

/// How many leading characters of `name` (simplified) are the surname, and
/// their readings when they differ from the common ones. `family` is the
/// stored family name, when there is one.
fn surname_of(name: &str, family: Option<&str>) -> (usize, Option<&'static [&'static str]>) {
    let lookup = |s: &str| {
        SURNAME_READINGS
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, r)| *r)
    };
    if let Some(f) = family.map(simplified) {
        let f = f.trim();
        if !f.is_empty() && f.chars().all(is_cjk) && name.starts_with(f) {
            return (f.chars().count(), lookup(f));
        }
    }
    let two: String = name.chars().take(2).collect();
    if two.chars().count() == 2 {
        if let Some(r) = lookup(&two) {
            return (2, Some(r));
        }
        if COMPOUND_SURNAMES.contains(&two.as_str()) {
            return (2, None);
        }
    }
    let one: String = name.chars().take(1).collect();
    (1, lookup(&one))
}

/// The syllables of the first run of Chinese characters in `name`, with the
/// surname reading applied. Empty when the name has no Chinese characters.
pub fn syllables(name: &str, family: Option<&str>) -> Vec<Syllable> {
    let Some(start) = name.find(|c: char| is_cjk(c) && c.to_pinyin().is_some()) else {
        return Vec::new();
    };
    let original = &name[start..];
    let simple = simplified(original);
    let run: Vec<(usize, char, char)> = original
        .char_indices()
        .zip(simple.chars())
        .map(|((i, o), s)| (start + i, o, s))
        .take_while(|(_, _, s)| is_cjk(*s) && s.to_pinyin().is_some())
        .collect();
    let simple_run: String = run.iter().map(|(_, _, s)| *s).collect();
    // The surname rule applies only when the run starts the name.
    let (surname_len, readings) = if start == 0 {
        surname_of(&simple_run, family)
    } else {
        (0, None)
    };
    let mut out = Vec::with_capacity(run.len());
    for (i, (from, original_c, simple_c)) in run.iter().enumerate() {
        let common = simple_c.to_pinyin().map(|p| p.plain()).unwrap_or_default();
        let reading = match readings {
            Some(r) if i < surname_len => r.get(i).copied().unwrap_or(common),
            _ => common,
        };
        out.push(Syllable {
            reading: reading.replace('ü', "u"),
            from: *from,
            to: from + original_c.len_utf8(),
        });
    }
    out
}

/// Full-pinyin tokens of a name: every contiguous span of syllables joined
/// (`zhang`, `zhangwei`, `zhangweiming`, `wei`, `weiming`, `ming`), each at the
/// position of its first syllable.
pub fn full_pieces(syllables: &[Syllable]) -> Vec<Piece> {
    let n = syllables.len();
    let mut out = Vec::new();
    for i in 0..n {
        let last = if n <= MAX_SPAN_CHARS { n } else { i + 1 };
        let mut joined = String::new();
        for j in i..last {
            joined.push_str(&syllables[j].reading);
            out.push(Piece {
                text: joined.clone(),
                position: i,
                from: syllables[i].from,
                to: syllables[j].to,
            });
        }
        if n > MAX_SPAN_CHARS && i == 0 {
            let all: String = syllables.iter().map(|s| s.reading.as_str()).collect();
            out.push(Piece {
                text: all,
                position: 0,
                from: syllables[0].from,
                to: syllables[n - 1].to,
            });
        }
    }
    out
}

/// Initials tokens of a name: every span of two or more first letters (`zw`, `zwm`, `wm`).
pub fn initials_pieces(syllables: &[Syllable]) -> Vec<Piece> {
    let n = syllables.len().min(MAX_SPAN_CHARS);
    let letters: Vec<char> = syllables
        .iter()
        .take(n)
        .map(|s| s.reading.chars().next().unwrap_or('_'))
        .collect();
    let mut out = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            out.push(Piece {
                text: letters[i..=j].iter().collect(),
                position: i,
                from: syllables[i].from,
                to: syllables[j].to,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(name: &str, family: Option<&str>) -> String {
        syllables(name, family)
            .iter()
            .map(|s| s.reading.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn common_readings() {
        assert_eq!(readings("张伟明", None), "zhang wei ming");
        assert_eq!(readings("欧阳娜娜", None), "ou yang na na");
        assert_eq!(readings("吕芳", None), "lu fang");
    }

    #[test]
    fn surname_readings_differ_from_common_ones() {
        for (name, expected) in [
            ("单伟", "shan wei"),
            ("曾明", "zeng ming"),
            ("解静", "xie jing"),
            ("区华", "ou hua"),
            ("仇强", "qiu qiang"),
            ("朴海", "piao hai"),
            ("查文", "zha wen"),
            ("翟军", "zhai jun"),
            ("尉迟恭", "yu chi gong"),
        ] {
            assert_eq!(readings(name, None), expected, "{name}");
        }
        // Traditional forms read the same.
        assert_eq!(readings("單偉", None), "shan wei");
        // Only the surname: 曾 elsewhere keeps its common reading.
        assert_eq!(readings("李曾", None), "li ceng");
        // A stored family name decides where the surname ends.
        assert_eq!(readings("单明", Some("单")), "shan ming");
    }

    #[test]
    fn spans_and_initials() {
        let s = syllables("张伟明", None);
        let full: Vec<_> = full_pieces(&s).into_iter().map(|p| p.text).collect();
        for t in [
            "zhang",
            "zhangwei",
            "zhangweiming",
            "wei",
            "weiming",
            "ming",
        ] {
            assert!(full.contains(&t.to_string()), "{t}: {full:?}");
        }
        let ini: Vec<_> = initials_pieces(&s).into_iter().map(|p| p.text).collect();
        assert_eq!(ini, ["zw", "zwm", "wm"]);
    }

    #[test]
    fn pieces_point_at_the_characters_they_read() {
        let name = "Mr 張偉明";
        let s = syllables(name, None);
        let wm = full_pieces(&s)
            .into_iter()
            .find(|p| p.text == "weiming")
            .unwrap();
        assert_eq!(&name[wm.from..wm.to], "偉明");
    }

    #[test]
    fn names_without_chinese_have_no_pinyin() {
        assert!(syllables("John Smith", None).is_empty());
        assert!(syllables("", None).is_empty());
        assert!(full_pieces(&[]).is_empty());
    }
}

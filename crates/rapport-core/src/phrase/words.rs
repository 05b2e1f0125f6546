//! The words of a capture phrase that say its kind, that it happened already, or that
//! only connect (with, 给, 跟): fixed lists, English and Chinese.

use crate::interactions::InteractionKind;

/// English words (lowercase) and the kind each says.
const KINDS_EN: &[(&str, InteractionKind)] = {
    use InteractionKind::*;
    &[
        ("call", Call),
        ("called", Call),
        ("calls", Call),
        ("calling", Call),
        ("phone", Call),
        ("phoned", Call),
        ("rang", Call),
        ("ring", Call),
        ("dialed", Call),
        ("dialled", Call),
        ("spoke", Call),
        ("talked", Call),
        ("meet", Meeting),
        ("met", Meeting),
        ("meeting", Meeting),
        ("lunch", Meeting),
        ("lunched", Meeting),
        ("dinner", Meeting),
        ("breakfast", Meeting),
        ("coffee", Meeting),
        ("drinks", Meeting),
        ("visit", Meeting),
        ("visited", Meeting),
        ("saw", Meeting),
        ("demo", Meeting),
        ("email", Email),
        ("emailed", Email),
        ("emailing", Email),
        ("e-mail", Email),
        ("e-mailed", Email),
        ("mail", Email),
        ("mailed", Email),
        ("message", Message),
        ("messaged", Message),
        ("text", Message),
        ("texted", Message),
        ("sms", Message),
        ("wechat", Message),
        ("wechatted", Message),
        ("whatsapp", Message),
        ("whatsapped", Message),
        ("dm", Message),
        ("dmed", Message),
        ("chat", Message),
        ("chatted", Message),
        ("note", Note),
        ("noted", Note),
        ("memo", Note),
    ]
};

/// Chinese words and the kind each says; longer words first where one holds another.
const KINDS_CN: &[(&str, InteractionKind)] = {
    use InteractionKind::*;
    &[
        ("打电话", Call),
        ("电话", Call),
        ("致电", Call),
        ("来电", Call),
        ("回电", Call),
        ("通话", Call),
        ("回访", Call),
        ("见面", Meeting),
        ("拜访", Meeting),
        ("面谈", Meeting),
        ("会面", Meeting),
        ("约见", Meeting),
        ("见了", Meeting),
        ("见过", Meeting),
        ("开会", Meeting),
        ("会议", Meeting),
        ("吃饭", Meeting),
        ("午饭", Meeting),
        ("午餐", Meeting),
        ("晚饭", Meeting),
        ("晚餐", Meeting),
        ("早餐", Meeting),
        ("喝茶", Meeting),
        ("喝咖啡", Meeting),
        ("上门", Meeting),
        ("邮件", Email),
        ("电邮", Email),
        ("邮箱", Email),
        ("微信", Message),
        ("短信", Message),
        ("消息", Message),
        ("信息", Message),
        ("留言", Message),
        ("私信", Message),
        ("备注", Note),
        ("笔记", Note),
        ("记录", Note),
    ]
};

/// English words that put a phrase in the past.
const PAST_EN: &[&str] = &[
    "called",
    "phoned",
    "rang",
    "met",
    "emailed",
    "e-mailed",
    "mailed",
    "messaged",
    "texted",
    "chatted",
    "visited",
    "saw",
    "spoke",
    "talked",
    "had",
    "sent",
    "wrote",
    "discussed",
    "lunched",
    "got",
    "gave",
    "told",
    "asked",
    "heard",
    "received",
    "replied",
    "left",
    "did",
    "went",
    "was",
    "were",
    "just",
    "dialed",
    "dialled",
    "wechatted",
    "whatsapped",
    "dmed",
    "noted",
];

/// Words that are never a contact's name: the kinds, the past, and small words.
const STOP_EN: &[&str] = &[
    "a",
    "an",
    "the",
    "about",
    "with",
    "to",
    "for",
    "and",
    "on",
    "at",
    "by",
    "in",
    "of",
    "re",
    "regarding",
    "his",
    "her",
    "their",
    "my",
    "our",
    "i",
    "we",
    "he",
    "she",
    "they",
    "him",
    "them",
    "it",
    "is",
    "will",
    "need",
    "needs",
    "should",
    "must",
    "please",
    "remind",
    "me",
    "follow",
    "up",
    "back",
    "again",
    "from",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "next",
    "last",
    "this",
    "that",
    "am",
    "pm",
    "or",
    "not",
    "no",
    "new",
];

/// English words that join a name to the phrase, dropped with it.
const JOIN_EN: &[&str] = &[
    "with", "to", "for", "and", "mr", "mrs", "ms", "miss", "dr", "prof",
];

/// Chinese characters that join a name to the phrase (给李娜, 跟王芳), dropped with it.
pub(crate) const JOIN_CN: &[char] = &['给', '跟', '和', '与', '同', '找', '向', '对', '约'];

/// Lowercase words of `text` (letters and digits other than CJK, `-`, `'`), with their byte
/// ranges.
pub(crate) fn latin_words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word_char = (c.is_alphanumeric() && !crate::contacts::is_cjk(c))
            || c == '-'
            || c == '\''
            || c == '’';
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let w = text[s..i].trim_matches(|c| c == '-' || c == '\'' || c == '’');
                if !w.is_empty() {
                    let lead = text[s..i].find(w).unwrap_or(0);
                    out.push((s + lead..s + lead + w.len(), w.to_lowercase()));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The kind the phrase says, by its first kind word.
pub fn kind_of(text: &str) -> Option<InteractionKind> {
    let mut best: Option<(usize, InteractionKind)> = None;
    let mut consider = |at: usize, kind| {
        if best.is_none_or(|(b, _)| at < b) {
            best = Some((at, kind));
        }
    };
    for (range, w) in latin_words(text) {
        if let Some((_, k)) = KINDS_EN.iter().find(|(word, _)| *word == w) {
            consider(range.start, *k);
        }
    }
    for (word, kind) in KINDS_CN {
        if let Some(at) = text.find(word) {
            consider(at, *kind);
        }
    }
    best.map(|(_, k)| k)
}

/// Whether the phrase says it happened already: a past verb (called, met, emailed, any
/// first word in -ed), or 了/已/刚 (not 了解).
pub fn speaks_of_past(text: &str) -> bool {
    let words = latin_words(text);
    let first_ed = words
        .first()
        .is_some_and(|(_, w)| w.len() >= 5 && w.ends_with("ed") && !w.ends_with("need"));
    first_ed
        || words.iter().any(|(_, w)| PAST_EN.contains(&w.as_str()))
        || text.replace("了解", "").contains('了')
        || text.contains('已')
        || text.contains('刚')
}

/// Whether a lowercase word can never be a name.
pub(crate) fn is_stop_word(w: &str) -> bool {
    STOP_EN.contains(&w)
        || PAST_EN.contains(&w)
        || KINDS_EN.iter().any(|(k, _)| *k == w)
        || w.chars().all(|c| c.is_ascii_digit())
}

/// Whether a lowercase word only joins a name to the phrase.
pub(crate) fn is_join_word(w: &str) -> bool {
    JOIN_EN.contains(&w.trim_end_matches('.'))
}

/// Chinese titles after a surname (张总, 王经理), longest first, and words a contact's job
/// title holds for each (empty: any title).
pub(crate) const TITLES_CN: &[(&str, &[&str])] = &[
    ("总经理", &["总", "ceo", "general manager"]),
    ("董事长", &["董事", "chair"]),
    ("总监", &["总监", "director"]),
    ("经理", &["经理", "manager"]),
    ("老板", &[]),
    ("主任", &["主任", "director"]),
    ("老师", &[]),
    ("先生", &[]),
    ("女士", &[]),
    ("小姐", &[]),
    ("医生", &["医", "doctor"]),
    ("律师", &["律师", "lawyer", "attorney"]),
    ("教授", &["教授", "professor"]),
    ("博士", &[]),
    ("总", &["总", "董", "ceo", "president", "director", "vp"]),
    ("董", &["董"]),
    ("工", &["工程", "engineer"]),
    ("姐", &[]),
    ("哥", &[]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_kind_word_wins() {
        assert_eq!(
            kind_of("called Ada about the email"),
            Some(InteractionKind::Call)
        );
        assert_eq!(
            kind_of("发邮件给李娜，然后打电话"),
            Some(InteractionKind::Email)
        );
        assert_eq!(kind_of("给李娜发报价"), None);
    }

    #[test]
    fn past_is_read_from_verbs_and_particles() {
        assert!(speaks_of_past("called Ada"));
        assert!(speaks_of_past("见了王芳"));
        assert!(speaks_of_past("reviewed the quote with Bob"));
        assert!(!speaks_of_past("call Ada"));
        assert!(!speaks_of_past("了解需求 李娜"));
        assert!(!speaks_of_past("need to call Bob"));
    }
}

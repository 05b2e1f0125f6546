//! Splitting a full name written in one column into family and given name.

use crate::contacts::is_cjk;

/// Two-character Chinese family names (复姓). A name starting with one of
/// these has it as its family name; any other Chinese name has one character.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "西门", "南宫", "独孤", "钟离", "澹台", "公冶", "太史", "申屠",
    "赫连", "呼延", "闻人", "万俟", "拓跋", "百里", "东郭", "濮阳", "淳于", "单于", "司空", "第五",
    "左丘", "梁丘", "仲孙", "亓官", "乐正", "公良", "羊舌", "微生", "漆雕", "谷梁", "宰父", "夹谷",
    "巫马", "公西", "颛孙", "段干", "鲜于", "闾丘", "歐陽", "司馬", "諸葛", "東方", "皇甫", "尉遲",
    "長孫", "夏侯", "軒轅", "令狐", "鍾離", "南宮", "獨孤", "呼延", "聞人",
];

/// `(given, family)` of a full name: `张伟明` → (`伟明`, `张`), `欧阳娜娜` →
/// (`娜娜`, `欧阳`), `Ada Lovelace` → (`Ada`, `Lovelace`), `Lovelace, Ada` →
/// (`Ada`, `Lovelace`). A single word is a given name.
pub fn split_full_name(full: &str) -> (Option<String>, Option<String>) {
    let full = full.trim();
    if full.is_empty() {
        return (None, None);
    }
    let chars: Vec<char> = full.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.iter().all(|&c| is_cjk(c) || c == '·' || c == '•') && chars.len() >= 2 {
        // A name with a middle dot is a transliterated foreign name: 约翰·史密斯.
        if let Some((given, family)) = full.split_once(['·', '•']) {
            return (some(given), some(family));
        }
        let compound = chars.len() >= 3 && COMPOUND_SURNAMES.iter().any(|s| full.starts_with(s));
        let cut = if compound { 2 } else { 1 };
        let family: String = chars[..cut].iter().collect();
        let given: String = chars[cut..].iter().collect();
        return (some(&given), some(&family));
    }
    if let Some((family, given)) = full.split_once(',') {
        if !given.trim().is_empty() && !family.trim().is_empty() {
            return (some(given), some(family));
        }
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.as_slice() {
        [one] => (some(one), None),
        [given @ .., family] => (some(&given.join(" ")), some(family)),
        [] => (None, None),
    }
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (String, String) {
        let (g, f) = split_full_name(s);
        (g.unwrap_or_default(), f.unwrap_or_default())
    }

    #[test]
    fn chinese_names_split_after_the_family_name() {
        assert_eq!(split("张伟明"), ("伟明".into(), "张".into()));
        assert_eq!(split("李娜"), ("娜".into(), "李".into()));
        assert_eq!(split("欧阳娜娜"), ("娜娜".into(), "欧阳".into()));
        assert_eq!(split("司马光"), ("光".into(), "司马".into()));
        assert_eq!(split("诸葛亮"), ("亮".into(), "诸葛".into()));
        // Two characters starting like a compound surname are still family + given.
        assert_eq!(split("欧阳"), ("阳".into(), "欧".into()));
        assert_eq!(split("约翰·史密斯"), ("约翰".into(), "史密斯".into()));
        assert_eq!(split("张 伟明"), ("伟明".into(), "张".into()));
    }

    #[test]
    fn western_names() {
        assert_eq!(split("Ada Lovelace"), ("Ada".into(), "Lovelace".into()));
        assert_eq!(split("Mary Ann Evans"), ("Mary Ann".into(), "Evans".into()));
        assert_eq!(split("Lovelace, Ada"), ("Ada".into(), "Lovelace".into()));
        assert_eq!(split("Cher"), ("Cher".into(), "".into()));
        assert_eq!(split_full_name("  "), (None, None));
    }
}

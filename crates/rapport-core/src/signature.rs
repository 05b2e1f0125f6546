//! A contact from a pasted block of text: an email signature or a business card's
//! text, in English or Chinese. What it finds becomes a [`ContactDraft`] the user
//! checks before saving; nothing is written here.
//!
//! Lines are read one by one: an email address, a phone number (with its label:
//! mobile, tel, fax, 手机, 电话, 传真...), a web address, a postal address (street
//! words or 省/市/区/路/号), a job title (by its words: Director, 经理...), a
//! company (Inc., Ltd, 有限公司...). The name is the first line that is none of
//! these; "Name | Title" and "Name, Title" are split.

use std::sync::OnceLock;

use regex::Regex;

use crate::contacts::{Address, ContactDraft, CustomField, Email, Phone};
use crate::error::{Error, Result};
use crate::phone::Region;

/// Longest text read (a signature, not a document).
pub const MAX_TEXT: usize = 8 * 1024;

const TITLE_WORDS: &[&str] = &[
    "manager",
    "director",
    "head of",
    "vp",
    "vice president",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "founder",
    "president",
    "engineer",
    "consultant",
    "officer",
    "partner",
    "sales",
    "account",
    "lead",
    "specialist",
    "analyst",
    "representative",
    "executive",
    "owner",
    "advisor",
    "adviser",
    "architect",
    "developer",
    "designer",
    "assistant",
    "coordinator",
    "admiral",
    "captain",
    "colonel",
    "professor",
    "scientist",
    "researcher",
    "chairman",
    "chairwoman",
    "secretary",
    "treasurer",
    "attorney",
    "lawyer",
    "physician",
    "editor",
    "recruiter",
    "lecturer",
    "经理",
    "总监",
    "主管",
    "总裁",
    "董事",
    "工程师",
    "顾问",
    "主任",
    "销售",
    "总经理",
    "经理人",
    "创始人",
    "合伙人",
    "专员",
    "代表",
    "助理",
    "会计",
    "律师",
    "医生",
    "教授",
    "老师",
    "部长",
    "处长",
    "科长",
    "店长",
    "理财师",
    "规划师",
    "代理人",
    "经纪人",
];

const COMPANY_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "gmbh",
    "corp",
    "corp.",
    "corporation",
    "co.",
    "company",
    "group",
    "limited",
    "plc",
    "s.a.",
    "ag",
    "bv",
    "pty",
    "university",
    "bank",
    "lab",
    "labs",
    "laboratories",
    "institute",
    "foundation",
    "association",
    "agency",
    "studio",
    "studios",
    "llp",
    "有限公司",
    "公司",
    "集团",
    "银行",
    "大学",
    "研究院",
    "研究所",
    "事务所",
    "保险",
    "医院",
    "学校",
    "中心",
    "工作室",
    "商行",
];

const ADDRESS_WORDS: &[&str] = &[
    "street",
    "st.",
    "road",
    "rd.",
    "avenue",
    "ave",
    "suite",
    "floor",
    "blvd",
    "boulevard",
    "lane",
    "drive",
    "way",
    "plaza",
    "building",
    "p.o. box",
    "straße",
    "strasse",
];

const ADDRESS_CJK: &[char] = &[
    '省', '市', '区', '县', '路', '街', '号', '楼', '室', '镇', '道', '巷',
];

fn email_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
            .expect("a valid pattern")
    })
}

fn phone_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\+?\(?\d[\d\s().\-/]{5,}\d(?:\s*(?:ext\.?|x|转)\s*\d+)?")
            .expect("a valid pattern")
    })
}

fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\b(?:https?://|www\.)[^\s,;|]+").expect("a valid pattern"))
}

/// The label a phone line gives, normalised (`mobile`, `work`, `fax`...).
fn phone_label(line: &str) -> Option<String> {
    let l = line.to_lowercase();
    let label = if l.contains("fax") || l.contains("传真") {
        "fax"
    } else if l.contains("mob")
        || l.contains("cell")
        || l.contains("手机")
        || l.contains("移动")
        || l.trim_start().starts_with("m:")
        || l.trim_start().starts_with("m ")
    {
        "mobile"
    } else if l.contains("tel")
        || l.contains("phone")
        || l.contains("电话")
        || l.contains("座机")
        || l.contains("office")
        || l.trim_start().starts_with("t:")
        || l.trim_start().starts_with("p:")
    {
        "work"
    } else {
        return None;
    };
    Some(label.to_string())
}

fn has_word(line: &str, words: &[&str]) -> bool {
    let lower = line.to_lowercase();
    words.iter().any(|w| {
        if w.is_ascii() {
            lower
                .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == ' '))
                .any(|part| {
                    let part = format!(" {} ", part.trim());
                    part.contains(&format!(" {w} ")) || part.contains(&format!(" {w}. "))
                })
        } else {
            line.contains(w)
        }
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// A short line that reads like a person's name.
fn looks_like_name(line: &str) -> bool {
    let cjk = line.chars().filter(|c| is_cjk(*c)).count();
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 || line.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if cjk > 0 && cjk == line.chars().filter(|c| !c.is_whitespace()).count() {
        return (2..=4).contains(&cjk);
    }
    let words = line.split_whitespace().count();
    (1..=4).contains(&words)
        && line.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_ascii_alphabetic())
        })
}

/// Strips a leading label (`Tel:`, `邮箱：`, `M.`) from a value.
fn without_label(s: &str) -> &str {
    match s.find([':', '：']) {
        Some(i) if i <= 12 => s[i + s[i..].chars().next().map_or(1, char::len_utf8)..].trim(),
        _ => s.trim(),
    }
}

fn ends_with_company_word(line: &str) -> bool {
    let lower = line.to_lowercase();
    let lower = lower.trim_end_matches('.');
    COMPANY_WORDS
        .iter()
        .any(|w| lower.ends_with(w.trim_end_matches('.')))
}

/// A line (or part of one) that is not a name, contact detail or address: the
/// job title, the company, or (after the title) the company by its place.
fn place_title_or_company(d: &mut ContactDraft, part: &str) {
    let title = has_word(part, TITLE_WORDS);
    let company = has_word(part, COMPANY_WORDS) && (!title || ends_with_company_word(part));
    if company && d.company.is_none() {
        d.company = Some(part.to_string());
    } else if title && d.title.is_none() {
        d.title = Some(part.to_string());
    } else if d.company.is_none() && !d.display_name.is_empty() && d.title.is_some() {
        d.company = Some(part.to_string());
    }
}

/// Reads `text` into a draft; `region` reads numbers without a country code.
pub fn contact_from_text(text: &str, region: Region) -> Result<ContactDraft> {
    if text.len() > MAX_TEXT {
        return Err(Error::invalid(
            "text",
            format!(
                "a signature is at most {} KB; this text is longer",
                MAX_TEXT / 1024
            ),
        ));
    }
    let mut d = ContactDraft::default();
    let mut rest: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = raw
            .trim()
            .trim_matches(|c| c == '|' || c == '•' || c == '·')
            .trim();
        if line.is_empty() || line.chars().all(|c| "-_=*~—–.".contains(c)) {
            continue;
        }
        let mut line = line.to_string();
        for m in email_re().find_iter(&line.clone()) {
            let address = m.as_str().trim_end_matches('.').to_string();
            if !d
                .emails
                .iter()
                .any(|e: &Email| e.address.eq_ignore_ascii_case(&address))
            {
                d.emails.push(Email {
                    address,
                    label: None,
                });
            }
            line = line.replace(m.as_str(), " ");
        }
        for m in url_re().find_iter(&line.clone()) {
            let url = m.as_str().trim_end_matches(['.', ')']).to_string();
            if !d.custom_fields.iter().any(|f| f.key == "website") {
                d.custom_fields.push(CustomField {
                    key: "website".into(),
                    value: url,
                });
            }
            line = line.replace(m.as_str(), " ");
        }
        let label = phone_label(&line);
        let mut found_phone = false;
        for m in phone_re().find_iter(&line.clone()) {
            let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
            if !(7..=16).contains(&digits) {
                continue;
            }
            d.phones
                .push(Phone::new(m.as_str().trim(), label.clone(), region));
            line = line.replace(m.as_str(), " ");
            found_phone = true;
        }
        let left = without_label(&line)
            .trim_matches(|c: char| c.is_whitespace() || "|,;/·•".contains(c))
            .to_string();
        if found_phone && (left.is_empty() || phone_label(&left).is_some() || left.len() <= 12) {
            continue;
        }
        if left.is_empty() || (left.chars().count() <= 8 && phone_label(&left).is_some()) {
            continue;
        }
        rest.push(left);
    }
    for line in rest {
        let lower = line.to_lowercase();
        let is_address = has_word(&line, ADDRESS_WORDS)
            || (line.chars().filter(|c| ADDRESS_CJK.contains(c)).count() >= 2
                && !line.contains("公司"))
            || (line.chars().any(|c| c.is_ascii_digit())
                && line.contains(',')
                && !lower.contains('@'));
        if d.display_name.is_empty() && !is_address {
            // "Ada Lovelace | Head of Sales", "张伟明，销售总监"
            let parts: Vec<&str> = line
                .split(['|', ',', '，', '/', '–', '—'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            if let Some(first) = parts.first() {
                if looks_like_name(first) && !has_word(first, TITLE_WORDS) {
                    d.display_name = first.to_string();
                    for p in &parts[1..] {
                        if d.title.is_none() && has_word(p, TITLE_WORDS) {
                            d.title = Some(p.to_string());
                        } else if d.company.is_none() {
                            d.company = Some(p.to_string());
                        }
                    }
                    continue;
                }
                // "张伟明 销售总监": a Chinese name, then the title.
                if let Some((name, title)) = first.split_once(' ') {
                    let chinese = name.chars().all(is_cjk);
                    if chinese && looks_like_name(name) && has_word(title, TITLE_WORDS) {
                        d.display_name = name.to_string();
                        d.title = Some(title.trim().to_string());
                        continue;
                    }
                }
            }
        }
        if is_address {
            if d.addresses.is_empty() {
                d.addresses.push(Address {
                    label: None,
                    street: Some(line),
                    city: None,
                    region: None,
                    postal_code: None,
                    country: None,
                });
            } else if let Some(street) = d.addresses[0].street.as_mut() {
                street.push_str(", ");
                street.push_str(&line);
            }
        } else {
            // "Head of Asia, Fintech Ltd.", "Customer Success Lead · Soylent"
            let parts: Vec<&str> = line
                .split(['|', '·', '•', ',', '，', '—', '–'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            for part in parts {
                place_title_or_company(&mut d, part);
            }
        }
    }
    if d.display_name.is_empty() && d.emails.is_empty() && d.phones.is_empty() {
        return Err(Error::invalid(
            "text",
            "no name, email or phone number found in the text",
        ));
    }
    Ok(d)
}

//! Header classification: what each column of a file means, recognised by
//! its header name, never by its position (exports of the same tool change
//! column order and count between versions), for Google Contacts (both
//! layouts), Outlook, LinkedIn, Rapport's own export and Chinese headers;
//! the tool that wrote the header row; and the savable [`Mapping`] of columns
//! to contact fields. Unknown columns become custom fields unless mapped by hand.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::header_names::{classify, guess_by_words};

/// A part of a postal address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AddressPart {
    /// The whole address in one cell (used as the street when there are no parts).
    Formatted,
    /// Street and number.
    Street,
    /// PO box (added to the street).
    PoBox,
    /// Extended address, e.g. apartment (added to the street).
    Extended,
    /// City.
    City,
    /// State or province.
    Region,
    /// ZIP or postal code.
    PostalCode,
    /// Country.
    Country,
}

/// What a column is imported into. Columns with the same `slot` belong
/// together (Google's `E-mail 2 - Label` and `E-mail 2 - Value`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "field", rename_all = "snake_case")]
#[ts(export, rename = "ImportTarget")]
pub enum Target {
    /// Not imported.
    Ignore,
    /// The whole name (display name; split into given and family name when those are not mapped).
    FullName,
    /// Given name.
    GivenName,
    /// Middle name (added to the given name).
    MiddleName,
    /// Family name.
    FamilyName,
    /// The reading of the whole name.
    PhoneticName,
    /// The reading of the given name.
    PhoneticGiven,
    /// The reading of the family name.
    PhoneticFamily,
    /// Company.
    Company,
    /// Job title.
    Title,
    /// An email address (several in one cell separated by `:::`).
    Email {
        /// Groups value and label columns.
        slot: u32,
        /// Label implied by the header (`Work Email` → `work`).
        label: Option<String>,
    },
    /// The label of the email in the same slot.
    EmailLabel {
        /// Groups value and label columns.
        slot: u32,
    },
    /// A phone number (several in one cell separated by `:::`).
    Phone {
        /// Groups value and label columns.
        slot: u32,
        /// Label implied by the header (`Mobile Phone` → `mobile`).
        label: Option<String>,
    },
    /// The label of the phone in the same slot.
    PhoneLabel {
        /// Groups value and label columns.
        slot: u32,
    },
    /// A part of the address in this slot.
    Address {
        /// Groups the parts of one address.
        slot: u32,
        /// Which part.
        part: AddressPart,
        /// Label implied by the header (`Business Street` → `work`).
        label: Option<String>,
    },
    /// The label of the address in the same slot.
    AddressLabel {
        /// Groups the parts of one address.
        slot: u32,
    },
    /// The display name only (Google's `File As`): never split into given and family name.
    DisplayName,
    /// Birthday.
    Birthday,
    /// The year of the birthday (Thunderbird's `Birth Year`, LDIF's `birthyear`).
    BirthYear,
    /// The month of the birthday (Thunderbird's `Birth Month`).
    BirthMonth,
    /// The day of the month of the birthday (Thunderbird's `Birth Day`).
    BirthDay,
    /// Anniversary.
    Anniversary,
    /// Tags, separated by `:::`, `;`, `,` or `、`.
    Tags,
    /// A note, imported as a note in the contact's history.
    Notes,
    /// Pipeline stage.
    Stage,
    /// Where the contact came from.
    Source,
    /// Do not contact (yes/no).
    DoNotContact,
    /// Keep-in-touch cadence in days.
    Cadence,
    /// The name of the custom field in this slot (Google `Custom Field 1 - Label`).
    CustomLabel {
        /// Groups label and value columns.
        slot: u32,
    },
    /// The value of the custom field in this slot.
    CustomValue {
        /// Groups label and value columns.
        slot: u32,
    },
    /// The kind of the dated event in this slot (Google `Event 1 - Label`: `Anniversary`...).
    EventLabel {
        /// Groups label and value columns.
        slot: u32,
    },
    /// The date of the event in this slot.
    EventValue {
        /// Groups label and value columns.
        slot: u32,
    },
    /// A custom field with this name.
    Custom {
        /// The field's name.
        key: String,
    },
}

impl Target {
    /// In words, for previews: `email 1 (work)`, `address 1 city`, `custom field "WeChat"`.
    pub fn describe(&self) -> String {
        // Slots of auto-numbered columns (Chinese sheets) are internal: not shown.
        let n = |slot: &u32| {
            if *slot < 100 {
                format!(" {slot}")
            } else {
                String::new()
            }
        };
        let with = |s: String, l: &Option<String>| match l {
            Some(l) => format!("{s} ({l})"),
            None => s,
        };
        match self {
            Target::Ignore => "(not imported)".into(),
            Target::FullName => "full name".into(),
            Target::GivenName => "given name".into(),
            Target::MiddleName => "middle name".into(),
            Target::FamilyName => "family name".into(),
            Target::PhoneticName => "name reading".into(),
            Target::PhoneticGiven => "given name reading".into(),
            Target::PhoneticFamily => "family name reading".into(),
            Target::Company => "company".into(),
            Target::Title => "title".into(),
            Target::Email { slot, label } => with(format!("email{}", n(slot)), label),
            Target::EmailLabel { slot } => format!("email{} label", n(slot)),
            Target::Phone { slot, label } => with(format!("phone{}", n(slot)), label),
            Target::PhoneLabel { slot } => format!("phone{} label", n(slot)),
            Target::Address { slot, part, label } => {
                with(format!("address{} {part:?}", n(slot)).to_lowercase(), label)
            }
            Target::AddressLabel { slot } => format!("address{} label", n(slot)),
            Target::DisplayName => "display name".into(),
            Target::Birthday => "birthday".into(),
            Target::BirthYear => "birthday year".into(),
            Target::BirthMonth => "birthday month".into(),
            Target::BirthDay => "birthday day".into(),
            Target::Anniversary => "anniversary".into(),
            Target::Tags => "tags".into(),
            Target::Notes => "note".into(),
            Target::Stage => "stage".into(),
            Target::Source => "source".into(),
            Target::DoNotContact => "do not contact".into(),
            Target::Cadence => "cadence (days)".into(),
            Target::CustomLabel { slot } => format!("custom field {slot} name"),
            Target::CustomValue { slot } => format!("custom field {slot} value"),
            Target::EventLabel { slot } => format!("event {slot} kind"),
            Target::EventValue { slot } => format!("event {slot} date"),
            Target::Custom { key } => format!("custom field \"{key}\""),
        }
    }
}

/// One column and what it is imported into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMapping {
    /// The header as written in the file.
    pub column: String,
    /// Where its values go.
    pub target: Target,
    /// True when the header is not a known name and the target was guessed
    /// from a word in it (`Contact Email`) or from the column's values (a
    /// column of e-mail addresses): the preview says so.
    #[serde(default)]
    pub guessed: bool,
}

/// How the columns of a file are imported; savable and reusable by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Mapping {
    /// The tool the headers were recognised as (`Google Contacts`, `Outlook`...).
    pub profile: Option<String>,
    /// One entry per column, by header name.
    pub columns: Vec<ColumnMapping>,
}

impl Mapping {
    /// The mapping for `headers`: entries of `self` apply by header name
    /// (case- and punctuation-insensitive); other headers are auto-mapped.
    pub fn applied_to(&self, headers: &[String]) -> Mapping {
        let auto = auto_map(headers);
        let columns = auto
            .columns
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let key = squash(&c.column);
                // The column at the same place first: two columns may share a name.
                let same = |m: &&ColumnMapping| squash(&m.column) == key;
                match self
                    .columns
                    .get(i)
                    .filter(same)
                    .or_else(|| self.columns.iter().find(same))
                {
                    Some(m) => ColumnMapping {
                        column: c.column,
                        target: m.target.clone(),
                        guessed: false,
                    },
                    None => c,
                }
            })
            .collect();
        Mapping {
            profile: self.profile.clone().or(auto.profile),
            columns,
        }
    }
}

/// A header in the form used for matching: lower case, half-width,
/// simplified Chinese, without spaces or punctuation (`E-mail 1 - Value` →
/// `email1value`, `電子郵件` → `电子邮件`).
pub fn squash(header: &str) -> String {
    let s: String = header
        .chars()
        .map(|c| match c {
            // Full-width ASCII (ＡＢＣ１２３) to half-width.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    crate::search::analyzer::into_simplified(s)
}

/// The profile of sheets with Chinese headers (姓名, 手机...).
pub const PROFILE_CHINESE: &str = "中文表格";

/// The profile of Thunderbird's address-book CSV (any language).
pub const PROFILE_THUNDERBIRD: &str = "Thunderbird";

/// The profile of files without a header row, mapped by their values.
pub const PROFILE_NO_HEADER: &str = "no header row";

/// The fields of Thunderbird's CSV export in the order it writes them, whatever its
/// language (the `exportAttributes` of its address book): only the header words are
/// translated, and some translations name two columns alike (French `Ville` and
/// Chinese `城市` are both the home and the work city). Builds from before the screen
/// name wrote the same without it; older builds end every row with a comma.
const THUNDERBIRD_FIELDS: [&str; 37] = [
    "First Name",
    "Last Name",
    "Display Name",
    "Nickname",
    "Primary Email",
    "Secondary Email",
    "Screen Name",
    "Work Phone",
    "Home Phone",
    "Fax Number",
    "Pager Number",
    "Mobile Number",
    "Home Address",
    "Home Address 2",
    "Home City",
    "Home State",
    "Home ZipCode",
    "Home Country",
    "Work Address",
    "Work Address 2",
    "Work City",
    "Work State",
    "Work ZipCode",
    "Work Country",
    "Job Title",
    "Department",
    "Organization",
    "Web Page 1",
    "Web Page 2",
    "Birth Year",
    "Birth Month",
    "Birth Day",
    "Custom 1",
    "Custom 2",
    "Custom 3",
    "Custom 4",
    "Notes",
];

/// The English Thunderbird field of every column when `headers` is a Thunderbird
/// export in any language, known by its shape: 37 columns (36 without the screen
/// name), perhaps one empty after them, whose two web pages end in 1 and 2 and whose
/// four custom fields end in 1 to 4 after the same words.
pub fn thunderbird_fields(headers: &[String]) -> Option<Vec<&'static str>> {
    let width = match headers.last() {
        Some(h) if h.trim().is_empty() => headers.len() - 1,
        _ => headers.len(),
    };
    let mut fields: Vec<&'static str> = match width {
        37 => THUNDERBIRD_FIELDS.to_vec(),
        36 => THUNDERBIRD_FIELDS
            .iter()
            .copied()
            .filter(|f| *f != "Screen Name")
            .collect(),
        _ => return None,
    };
    let numbered = |first: &str, count: usize| {
        let Some(start) = fields.iter().position(|f| *f == first) else {
            return false;
        };
        let stems: Vec<Option<&str>> = (1..=count)
            .map(|k| {
                let h = headers[start + k - 1].trim();
                h.strip_suffix(k.to_string().as_str())
                    .map(str::trim_end)
                    .filter(|stem| !stem.is_empty())
            })
            .collect();
        stems.iter().all(Option::is_some) && stems.windows(2).all(|w| w[0] == w[1])
    };
    if !(numbered("Web Page 1", 2) && numbered("Custom 1", 4)) {
        return None;
    }
    fields.resize(headers.len(), "");
    Some(fields)
}

/// Recognises which tool wrote a header row.
pub fn detect_profile(headers: &[String]) -> Option<&'static str> {
    let h: Vec<String> = headers.iter().map(|h| squash(h)).collect();
    let has = |k: &str| h.iter().any(|x| x == k);
    let thunderbird = [
        "primaryemail",
        "secondaryemail",
        "birthyear",
        "primäreemailadresse",
        "geburtsjahr",
        "adresseélectroniqueprincipale",
        "adresseemailprincipale",
        "annéedenaissance",
        "主要电子邮件",
        "首选邮件",
        "出生年份",
    ];
    if has("displayname") && has("phoneticname") && has("donotcontact") {
        Some("Rapport")
    } else if thunderbird.iter().any(|k| has(k)) {
        Some(PROFILE_THUNDERBIRD)
    } else if has("email1value") || has("phone1value") || has("groupmembership") {
        Some("Google Contacts")
    } else if has("connectedon") {
        Some("LinkedIn")
    } else if has("jobtitle") && (has("emailaddress") || has("businessphone") || has("mobilephone"))
    {
        Some("Outlook")
    } else if headers
        .iter()
        .any(|x| x.chars().any(crate::contacts::is_cjk))
    {
        Some(PROFILE_CHINESE)
    } else {
        None
    }
}

/// Maps every header automatically. A header that is no known name is
/// mapped by the field words it contains (`Contact Email`), else by its
/// values in `sample` (rows after the header: a column of e-mail addresses
/// is an e-mail column), both marked as guesses; the rest become custom
/// fields named after the header; empty headers are ignored.
pub fn auto_map_with_values(headers: &[String], sample: &[Vec<String>]) -> Mapping {
    let thunderbird = thunderbird_fields(headers);
    let profile = match thunderbird {
        Some(_) => Some(PROFILE_THUNDERBIRD),
        None => detect_profile(headers),
    };
    let mut columns: Vec<ColumnMapping> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let target = match &thunderbird {
                // By position: Thunderbird's own field; its custom fields keep the
                // file's names for them (`Divers 1`).
                Some(fields) => match classify(fields[i], profile, i as u32) {
                    Target::Custom { key } if fields[i].starts_with("Custom ") => Target::Custom {
                        key: if h.trim().is_empty() {
                            key
                        } else {
                            h.trim().to_string()
                        },
                    },
                    target => target,
                },
                None => classify(h, profile, i as u32),
            };
            match target {
                // Only a header that is no known name (not `Department`, `QQ`...).
                Target::Custom { ref key } if key == h.trim() => {
                    match guess_by_words(h, i as u32) {
                        Some(t) => ColumnMapping {
                            column: h.clone(),
                            target: t,
                            guessed: true,
                        },
                        None => ColumnMapping {
                            column: h.clone(),
                            target,
                            guessed: false,
                        },
                    }
                }
                target => ColumnMapping {
                    column: h.clone(),
                    target,
                    guessed: false,
                },
            }
        })
        .collect();
    let no_header = profile.is_none() && headers.iter().all(|h| h.starts_with(NO_HEADER_COLUMN));
    let mut named = columns
        .iter()
        .any(|c| matches!(c.target, Target::FullName | Target::GivenName));
    for (i, c) in columns.iter_mut().enumerate() {
        let unknown = matches!(&c.target, Target::Custom { key } if *key == c.column.trim());
        if !unknown || c.guessed {
            continue;
        }
        let values: Vec<&str> = sample
            .iter()
            .filter_map(|r| r.get(i))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if let Some(t) = super::values::column_kind(&values, i as u32) {
            c.target = t;
            c.guessed = true;
        } else if no_header && !named && super::values::are_names(&values) {
            // A file without a header: its first column of words is the name.
            c.target = Target::FullName;
            c.guessed = true;
            named = true;
        }
    }
    Mapping {
        profile: if no_header {
            Some(PROFILE_NO_HEADER.to_string())
        } else {
            profile.map(str::to_string)
        },
        columns,
    }
}

/// Maps every header automatically by name (see [`auto_map_with_values`]).
pub fn auto_map(headers: &[String]) -> Mapping {
    auto_map_with_values(headers, &[])
}

/// How the columns of a file without a header row are named: `Column 1`, `Column 2`...
pub const NO_HEADER_COLUMN: &str = "Column ";

/// True when a row is data rather than a header: it holds an e-mail address
/// or a phone number and no cell is a known header or holds a field word.
pub fn is_data_row(cells: &[String]) -> bool {
    let values = cells.iter().any(|c| {
        let c = c.trim();
        crate::contacts::looks_like_email(c) || super::values::looks_like_phone(c)
    });
    values && known_header_count(cells) == 0 && cells.iter().all(|c| guess_by_words(c, 0).is_none())
}

/// Number of headers in `headers` that are recognised (used to find the header row).
pub fn known_header_count(cells: &[String]) -> usize {
    cells
        .iter()
        .filter(|h| !matches!(classify(h, None, 0), Target::Custom { .. } | Target::Ignore))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn thunderbird_is_known_by_its_shape_in_any_language() {
        let english = strings(&THUNDERBIRD_FIELDS);
        assert_eq!(
            thunderbird_fields(&english),
            Some(THUNDERBIRD_FIELDS.to_vec())
        );
        // Another language, a trailing empty column, no screen name.
        let mut older: Vec<String> = THUNDERBIRD_FIELDS
            .iter()
            .filter(|f| **f != "Screen Name")
            .map(|f| {
                f.replace("Web Page", "Página web")
                    .replace("Custom", "Personalizado")
            })
            .collect();
        older.push(String::new());
        let fields = thunderbird_fields(&older).unwrap();
        assert_eq!((fields[6], fields[36]), ("Work Phone", ""));
        // 37 columns of another shape are not Thunderbird's.
        let mut other = english.clone();
        other[33] = "Custom".into();
        assert_eq!(thunderbird_fields(&other), None);
        other = english.clone();
        other[28] = "Blog 2".into();
        assert_eq!(thunderbird_fields(&other), None);
        assert_eq!(thunderbird_fields(&english[..30]), None);
    }

    #[test]
    fn columns_that_share_a_name_are_mapped_by_place() {
        let mut french = strings(&THUNDERBIRD_FIELDS);
        french[14] = "Ville".into();
        french[20] = "Ville".into();
        let m = auto_map(&french);
        let city = |i: usize| m.columns[i].target.clone();
        assert_ne!(city(14), city(20), "home and work cities differ");
        let again = m.applied_to(&french);
        assert_eq!(again.columns[14].target, city(14));
        assert_eq!(again.columns[20].target, city(20));
    }

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    /// What each header is auto-mapped to, in words.
    fn described(h: &[String]) -> Vec<String> {
        auto_map(h)
            .columns
            .iter()
            .map(|c| c.target.describe())
            .collect()
    }

    #[test]
    fn profiles_are_recognised_by_header_names() {
        assert_eq!(
            detect_profile(&headers(&["First Name", "Last Name", "E-mail 1 - Value"])),
            Some("Google Contacts")
        );
        assert_eq!(
            detect_profile(&headers(&["Name", "Given Name", "Group Membership"])),
            Some("Google Contacts")
        );
        assert_eq!(
            detect_profile(&headers(&["First Name", "Job Title", "E-mail Address"])),
            Some("Outlook")
        );
        assert_eq!(
            detect_profile(&headers(&["First Name", "Connected On"])),
            Some("LinkedIn")
        );
        assert_eq!(
            detect_profile(&headers(&["姓名", "手机"])),
            Some("中文表格")
        );
    }

    #[test]
    fn traditional_chinese_headers_map_like_simplified_ones() {
        let h = headers(&[
            "聯絡人",
            "行動電話",
            "住家電話",
            "電子信箱",
            "公司名稱",
            "職稱",
            "備註",
            "標籤",
        ]);
        let t = described(&h);
        assert_eq!(
            t,
            vec![
                "full name",
                "phone (mobile)",
                "phone (home)",
                "email",
                "company",
                "title",
                "note",
                "tags"
            ]
        );
        // An unknown column keeps its header as written.
        assert_eq!(
            classify("興趣", None, 0),
            Target::Custom {
                key: "興趣".into()
            }
        );
    }

    #[test]
    fn salesforce_and_zoho_contact_exports() {
        let h = headers(&[
            "First Name",
            "Last Name",
            "Account Name",
            "Mailing Street",
            "Mailing City",
            "Mailing State/Province",
            "Mailing Zip/Postal Code",
            "Mailing Country",
            "Description",
            "Lead Source",
        ]);
        let t = described(&h);
        assert_eq!(
            t,
            vec![
                "given name",
                "family name",
                "company",
                "address 4 street",
                "address 4 city",
                "address 4 region",
                "address 4 postalcode",
                "address 4 country",
                "note",
                "source"
            ]
        );
    }

    #[test]
    fn chinese_crm_export_customer_is_the_company() {
        let h = headers(&["客户名称", "联系人", "联系电话", "客户级别"]);
        let t = described(&h);
        assert_eq!(
            t,
            vec!["company", "full name", "phone", "custom field \"客户级别\""]
        );
    }

    #[test]
    fn import_template_headers_with_marks_and_remarks() {
        let h = headers(&[
            "*姓名",
            "*手机号码(必填)",
            "生日（格式：2020-01-01）",
            "Email [work]",
            "备注【选填】",
            "级别(A/B/C)",
        ]);
        let t = described(&h);
        assert_eq!(
            t,
            vec![
                "full name",
                "phone (mobile)",
                "birthday",
                "email",
                "note",
                "custom field \"级别(A/B/C)\""
            ]
        );
    }

    #[test]
    fn saved_mapping_applies_by_header_name() {
        let h = headers(&["Code", "Courriel"]);
        let saved = Mapping {
            profile: None,
            columns: vec![ColumnMapping {
                column: "courriel".into(),
                target: Target::Email {
                    slot: 1,
                    label: None,
                },
                guessed: false,
            }],
        };
        let m = saved.applied_to(&h);
        assert_eq!(m.columns[0].target, Target::Custom { key: "Code".into() });
        assert!(matches!(m.columns[1].target, Target::Email { .. }));
    }

    #[test]
    fn outlook_title_is_a_prefix_not_a_job() {
        let h = headers(&[
            "Title",
            "First Name",
            "Last Name",
            "Job Title",
            "E-mail Address",
        ]);
        let m = auto_map(&h);
        assert_eq!(
            m.columns[0].target,
            Target::Custom {
                key: "Name Prefix".into()
            }
        );
        assert_eq!(m.columns[3].target, Target::Title);
        // Outlook on the web calls the company's switchboard so.
        assert_eq!(
            classify("Company Main Telephone", Some("Outlook"), 7).describe(),
            "phone (work)"
        );
    }
}

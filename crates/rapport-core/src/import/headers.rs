//! Header classification: what each column of a file means, recognised by
//! its header name, never by its position (exports of the same tool change
//! column order and count between versions), for Google Contacts (both
//! layouts), Outlook, LinkedIn, Rapport's own export and Chinese headers;
//! the tool that wrote the header row; and the savable [`Mapping`] of columns
//! to contact fields. Unknown columns become custom fields unless mapped by hand.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::values::clean_label;

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
    /// Birthday.
    Birthday,
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
            Target::Birthday => "birthday".into(),
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
            .map(|c| {
                let key = squash(&c.column);
                match self.columns.iter().find(|m| squash(&m.column) == key) {
                    Some(m) => ColumnMapping {
                        column: c.column,
                        target: m.target.clone(),
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

/// A header in the form used for matching: lower case, half-width, without
/// spaces or punctuation (`E-mail 1 - Value` → `email1value`).
pub fn squash(header: &str) -> String {
    header
        .chars()
        .map(|c| match c {
            // Full-width ASCII (ＡＢＣ１２３) to half-width.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The profile of sheets with Chinese headers (姓名, 手机...).
pub const PROFILE_CHINESE: &str = "中文表格";

/// Recognises which tool wrote a header row.
pub fn detect_profile(headers: &[String]) -> Option<&'static str> {
    let h: Vec<String> = headers.iter().map(|h| squash(h)).collect();
    let has = |k: &str| h.iter().any(|x| x == k);
    if has("displayname") && has("phoneticname") && has("donotcontact") {
        Some("Rapport")
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

/// Maps every header automatically. Unknown headers become custom fields
/// named after the header; empty headers are ignored.
pub fn auto_map(headers: &[String]) -> Mapping {
    let profile = detect_profile(headers);
    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, h)| ColumnMapping {
            column: h.clone(),
            target: classify(h, profile, i as u32),
        })
        .collect();
    Mapping {
        profile: profile.map(str::to_string),
        columns,
    }
}

/// Number of headers in `headers` that are recognised (used to find the header row).
pub fn known_header_count(cells: &[String]) -> usize {
    cells
        .iter()
        .filter(|h| !matches!(classify(h, None, 0), Target::Custom { .. } | Target::Ignore))
        .count()
}

/// Splits `email2value` into (`email`, 2, `value`).
fn numbered(s: &str) -> Option<(&str, u32, &str)> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let end = start
        + s[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(s.len() - start);
    let n = s[start..end].parse().ok()?;
    Some((&s[..start], n, &s[end..]))
}

fn label(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// What one header means. `index` makes slots unique for columns that are not numbered.
pub fn classify(header: &str, profile: Option<&str>, index: u32) -> Target {
    let key = squash(header);
    if key.is_empty() {
        return Target::Ignore;
    }
    let own = 10_000 + index;
    if let Some(t) = classify_numbered(&key, own) {
        return t;
    }
    use Target::*;
    let phone = |l: &str| Phone {
        slot: own,
        label: label(l),
    };
    let email = |l: Option<&str>| Email {
        slot: own,
        label: l.map(str::to_string),
    };
    let addr = |part: AddressPart, l: Option<&str>, slot: u32| Address {
        slot,
        part,
        label: l.map(str::to_string),
    };
    let outlook = profile == Some("Outlook");
    // Outlook: Business/Home/Other Street, City, State... belong together per prefix.
    for (prefix, l, slot) in [
        ("business", "work", 1),
        ("home", "home", 2),
        ("other", "other", 3),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            let rest = rest.trim_end_matches(|c: char| c.is_ascii_digit());
            let part = match rest {
                "street" | "address" => Some(AddressPart::Street),
                "city" => Some(AddressPart::City),
                "state" | "province" => Some(AddressPart::Region),
                "postalcode" | "zip" | "zipcode" => Some(AddressPart::PostalCode),
                "countryregion" | "country" => Some(AddressPart::Country),
                "pobox" => Some(AddressPart::PoBox),
                _ => None,
            };
            if let Some(part) = part {
                return addr(part, Some(l), slot);
            }
        }
    }
    match key.as_str() {
        "name" | "fullname" | "displayname" | "contactname" | "姓名" | "名字" | "联系人"
        | "联系人姓名" | "客户姓名" => FullName,
        "firstname" | "givenname" | "first" | "名" => GivenName,
        "middlename" | "additionalname" => MiddleName,
        "lastname" | "familyname" | "surname" | "last" | "姓" => FamilyName,
        "phoneticname" | "yominame" | "拼音" | "读音" | "姓名拼音" => PhoneticName,
        "phoneticfirstname" | "givennameyomi" | "givenyomi" | "firstnameyomi" => PhoneticGiven,
        "phoneticlastname" | "familynameyomi" | "surnameyomi" | "lastnameyomi" => PhoneticFamily,
        "phoneticmiddlename" | "additionalnameyomi" => Ignore,
        "company" | "organization" | "organisation" | "organizationname" | "companyname"
        | "公司" | "单位" | "公司名称" | "工作单位" | "企业" | "机构" | "单位名称" => {
            Company
        }
        "title" if outlook => Custom {
            key: "Name Prefix".into(),
        },
        "jobtitle" | "title" | "position" | "organizationtitle" | "role" | "职位" | "职务"
        | "头衔" | "岗位" => Title,
        "email" | "emailaddress" | "mail" | "emails" | "邮箱" | "电子邮件" | "电子邮箱"
        | "邮件" | "邮箱地址" | "电子邮件地址" => email(None),
        "workemail" | "businessemail" | "工作邮箱" | "办公邮箱" => email(Some("work")),
        "homeemail" | "personalemail" | "个人邮箱" | "私人邮箱" => email(Some("home")),
        "phone" | "telephone" | "phonenumber" | "tel" | "电话" | "联系电话" | "电话号码"
        | "联系方式" => Phone {
            slot: own,
            label: None,
        },
        "mobile" | "mobilephone" | "mobilenumber" | "cell" | "cellphone" | "手机" | "手机号"
        | "手机号码" | "移动电话" => phone("mobile"),
        "workphone" | "businessphone" | "officephone" | "companymainphone" | "办公电话"
        | "单位电话" | "工作电话" | "公司电话" => phone("work"),
        "座机" | "固定电话" | "固话" => phone("landline"),
        "homephone" | "家庭电话" | "住宅电话" | "家里电话" => phone("home"),
        "fax" | "businessfax" | "homefax" | "otherfax" | "传真" => phone("fax"),
        "otherphone" => phone("other"),
        "primaryphone" => phone("main"),
        "pager" => phone("pager"),
        "carphone" | "radiophone" | "callback" | "assistantsphone" | "ttytddphone" | "isdn"
        | "telex" => phone(&header.trim().to_lowercase()),
        "birthday" | "birthdate" | "dateofbirth" | "dob" | "生日" | "出生日期" | "出生年月"
        | "出生年月日" | "生日日期" => Birthday,
        "anniversary" | "纪念日" | "结婚纪念日" => Anniversary,
        "address" | "postaladdress" | "地址" | "住址" | "联系地址" | "通讯地址" | "详细地址" => {
            addr(AddressPart::Formatted, None, 1)
        }
        "家庭地址" | "家庭住址" => addr(AddressPart::Formatted, Some("home"), 2),
        "公司地址" | "单位地址" | "办公地址" | "工作地址" => {
            addr(AddressPart::Formatted, Some("work"), 3)
        }
        "street" | "streetaddress" | "街道" => addr(AddressPart::Street, None, 1),
        "city" | "城市" | "市" | "所在城市" => addr(AddressPart::City, None, 1),
        "state" | "province" | "region" | "省" | "省份" | "所在省份" => {
            addr(AddressPart::Region, None, 1)
        }
        "zip" | "zipcode" | "postalcode" | "postcode" | "邮编" | "邮政编码" => {
            addr(AddressPart::PostalCode, None, 1)
        }
        "country" | "countryregion" | "国家" | "国家地区" => {
            addr(AddressPart::Country, None, 1)
        }
        "notes" | "note" | "comments" | "comment" | "备注" | "说明" | "附注" | "描述"
        | "备注信息" => Notes,
        "labels" | "tags" | "tag" | "categories" | "groupmembership" | "groups" | "标签"
        | "分组" | "分类" | "群组" => Tags,
        "stage" | "客户阶段" | "阶段" | "客户状态" => Stage,
        "source" | "leadsource" | "来源" | "客户来源" => Source,
        "donotcontact" | "optout" | "请勿联系" | "勿扰" => DoNotContact,
        "cadence" | "cadencedays" | "keepintouchdays" | "联系周期" => Cadence,
        "微信" | "微信号" | "wechat" | "wechatid" | "weixin" => Custom {
            key: "微信".into()
        },
        "qq" | "qq号" | "qq号码" => Custom { key: "QQ".into() },
        "url" if profile == Some("LinkedIn") => Custom {
            key: "LinkedIn".into(),
        },
        // German, French and Spanish exports (Outlook and others translate their headers).
        "vorname" | "prénom" | "prenom" | "nombre" => GivenName,
        "nachname" | "nom" | "apellidos" | "apellido" => FamilyName,
        "emailadresse" | "courriel" | "adresseemail" | "adressecourriel" | "correoelectrónico"
        | "correo" => email(None),
        "telefon" | "téléphone" | "teléfono" | "telefono" => Phone {
            slot: own,
            label: None,
        },
        "mobiltelefon" | "handy" | "portable" | "móvil" | "movil" => phone("mobile"),
        "telefongeschäftlich" | "telefonbüro" | "téléphonebureau" => phone("work"),
        "firma" | "unternehmen" | "société" | "societe" | "entreprise" | "empresa" => Company,
        "berufsbezeichnung" | "fonction" | "poste" | "cargo" => Title,
        "geburtstag" | "anniversaire" | "datedenaissance" | "cumpleaños" | "fechadenacimiento" => {
            Birthday
        }
        "straße" | "strasse" | "rue" | "calle" | "dirección" => {
            addr(AddressPart::Street, None, 1)
        }
        "adresse" => addr(AddressPart::Formatted, None, 1),
        "plz" | "postleitzahl" | "codepostal" | "códigopostal" => {
            addr(AddressPart::PostalCode, None, 1)
        }
        "ort" | "stadt" | "ville" | "ciudad" => addr(AddressPart::City, None, 1),
        "bundesland" | "région" => addr(AddressPart::Region, None, 1),
        "land" | "pays" | "país" => addr(AddressPart::Country, None, 1),
        "notizen" | "bemerkungen" | "remarques" | "notas" => Notes,
        "kategorien" | "catégories" | "categorías" => Tags,
        // Columns that carry no information about the person.
        "photo" | "fileas" | "initials" | "sensitivity" | "priority" | "private" | "emailtype"
        | "emaildisplayname" | "billinginformation" | "mileage" | "directoryserver" => Ignore,
        _ => Custom {
            key: header.trim().to_string(),
        },
    }
}

/// Google (`E-mail 2 - Value`, `Address 1 - City`...) and Outlook
/// (`E-mail 2 Address`, `Home Phone 2`) numbered headers.
fn classify_numbered(key: &str, own: u32) -> Option<Target> {
    use Target::*;
    let (prefix, n, suffix) = numbered(key)?;
    Some(match (prefix, suffix) {
        ("email", "value" | "address") => Email {
            slot: n,
            label: None,
        },
        ("email", "label" | "type") => EmailLabel { slot: n },
        ("email", "displayname") => Ignore,
        ("phone", "value") => Phone {
            slot: 100 + n,
            label: None,
        },
        ("phone", "label" | "type") => PhoneLabel { slot: 100 + n },
        ("homephone" | "businessphone" | "mobilephone" | "otherphone", "") => Phone {
            slot: own,
            label: clean_label(prefix.trim_end_matches("phone")),
        },
        ("address", "label" | "type") => AddressLabel { slot: 100 + n },
        ("address", part) => {
            let part = match part {
                "formatted" => AddressPart::Formatted,
                "street" => AddressPart::Street,
                "city" => AddressPart::City,
                "pobox" => AddressPart::PoBox,
                "region" => AddressPart::Region,
                "postalcode" => AddressPart::PostalCode,
                "country" => AddressPart::Country,
                "extendedaddress" => AddressPart::Extended,
                _ => return None,
            };
            Address {
                slot: 100 + n,
                part,
                label: None,
            }
        }
        ("organization", "name") if n == 1 => Company,
        ("organization", "title") if n == 1 => Title,
        ("organization", "department") if n == 1 => Custom {
            key: "Department".into(),
        },
        ("organization", "type" | "yominame" | "symbol" | "location" | "jobdescription") => Ignore,
        ("website", "value") => Custom {
            key: if n == 1 {
                "Website".into()
            } else {
                format!("Website {n}")
            },
        },
        ("website", "label" | "type") => Ignore,
        ("customfield", "label" | "type") => CustomLabel { slot: n },
        ("customfield", "value") => CustomValue { slot: n },
        ("event", "label" | "type") => EventLabel { slot: n },
        ("event", "value") => EventValue { slot: n },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
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
    }
}

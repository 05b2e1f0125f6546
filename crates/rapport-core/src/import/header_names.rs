//! What a header name means: the header names of Google Contacts (both
//! layouts), Outlook (English and Chinese), LinkedIn, Rapport's own export,
//! hand-made Chinese sheets and a few European exports, each to the
//! [`Target`] its column is imported into.

use super::headers::{squash, AddressPart, Target};
use super::values::clean_label;

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
/// A header with a remark in brackets, as import templates write them
/// (`*手机号码(必填)`, `生日（格式：2020-01-01）`, `Email [work]`), means what it
/// means without the remark when that is recognised.
pub fn classify(header: &str, profile: Option<&str>, index: u32) -> Target {
    let target = classify_key(header, profile, index);
    if !matches!(target, Target::Custom { .. }) {
        return target;
    }
    let bare = without_remarks(header);
    if bare.trim().is_empty() || bare == header {
        return target;
    }
    match classify_key(&bare, profile, index) {
        Target::Custom { .. } | Target::Ignore => target,
        found => found,
    }
}

/// `header` without its bracketed remarks: `(...)`, `（...）`, `[...]`, `【...】`.
fn without_remarks(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn classify_key(header: &str, profile: Option<&str>, index: u32) -> Target {
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
    let thunderbird = profile == Some(super::headers::PROFILE_THUNDERBIRD);
    if thunderbird {
        if let Some(t) = thunderbird_key(&key, own) {
            return t;
        }
    }
    // Outlook: Business/Home/Other Street, City, State... belong together per prefix.
    // Chinese Outlook: 商务地址 街道, 商务地址 市/县, 住宅地址 省/市/自治区...
    // Salesforce and Zoho CRM: Mailing Street, Mailing State/Province...
    for (prefix, l, slot) in [
        ("business", Some("work"), 1),
        // Thunderbird: Work Address, Work Address 2, Work City, Work ZipCode...
        ("work", Some("work"), 1),
        ("home", Some("home"), 2),
        ("other", Some("other"), 3),
        ("商务地址", Some("work"), 1),
        ("住宅地址", Some("home"), 2),
        ("其他地址", Some("other"), 3),
        ("mailing", None, 4),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            let rest = rest.trim_end_matches(|c: char| c.is_ascii_digit());
            let part = match rest {
                "street" | "address" => Some(AddressPart::Street),
                "city" => Some(AddressPart::City),
                "state" | "province" | "stateprovince" => Some(AddressPart::Region),
                "postalcode" | "zip" | "zipcode" | "zippostalcode" | "postcode" => {
                    Some(AddressPart::PostalCode)
                }
                // Thunderbird on a UK build: Home County, Work County.
                "county" => Some(AddressPart::Region),
                "countryregion" | "country" => Some(AddressPart::Country),
                "pobox" => Some(AddressPart::PoBox),
                "街道" => Some(AddressPart::Street),
                "市县" | "城市" => Some(AddressPart::City),
                "省市自治区" | "省份" => Some(AddressPart::Region),
                "邮政编码" => Some(AddressPart::PostalCode),
                "国家地区" => Some(AddressPart::Country),
                "邮政信箱" => Some(AddressPart::PoBox),
                _ => None,
            };
            if let Some(part) = part {
                return addr(part, l, slot);
            }
        }
    }
    match key.as_str() {
        "name" | "fullname" | "displayname" | "contactname" | "姓名" | "名字" | "联系人"
        | "联系人姓名" | "客户姓名" | "联络人" => FullName,
        "firstname" | "givenname" | "first" | "名" => GivenName,
        // Thunderbird's addresses (both are kept, the first is primary).
        "primaryemail" => Email {
            slot: 1,
            label: None,
        },
        "secondaryemail" => Email {
            slot: 2,
            label: None,
        },
        "middlename" | "additionalname" | "中间名" => MiddleName,
        "lastname" | "familyname" | "surname" | "last" | "姓" => FamilyName,
        "phoneticname" | "yominame" | "拼音" | "读音" | "姓名拼音" => PhoneticName,
        "phoneticfirstname" | "givennameyomi" | "givenyomi" | "firstnameyomi" => PhoneticGiven,
        "phoneticlastname" | "familynameyomi" | "surnameyomi" | "lastnameyomi" => PhoneticFamily,
        "phoneticmiddlename" | "additionalnameyomi" => Ignore,
        "company" | "organization" | "organisation" | "organizationname" | "companyname"
        | "accountname" | "公司" | "单位" | "公司名称" | "工作单位" | "企业" | "机构"
        | "单位名称" | "企业名称" | "公司全称" | "客户单位"
        // In CRM exports (纷享销客, 销售易...) the customer is an organisation; a
        // person is 客户姓名 or 联系人.
        | "客户名称" => Company,
        "title" if outlook => Custom {
            key: "Name Prefix".into(),
        },
        "jobtitle" | "title" | "position" | "organizationtitle" | "role" | "职位" | "职务"
        | "头衔" | "岗位" | "职称" => Title,
        // Outlook's first address, before its `E-mail 2 Address` (slot 2).
        "emailaddress" | "电子邮件地址" => Email {
            slot: 1,
            label: None,
        },
        "email" | "mail" | "emails" | "邮箱" | "电子邮件" | "电子邮箱" | "邮件" | "邮箱地址"
        | "电子信箱" | "电邮" | "电邮地址" => email(None),
        "workemail" | "businessemail" | "工作邮箱" | "办公邮箱" | "企业邮箱" | "公司邮箱"
        | "单位邮箱" => email(Some("work")),
        "homeemail" | "personalemail" | "个人邮箱" | "私人邮箱" => email(Some("home")),
        "phone" | "telephone" | "phonenumber" | "tel" | "电话" | "联系电话" | "电话号码"
        | "联系方式" | "联络电话" => Phone {
            slot: own,
            label: None,
        },
        "mobile" | "mobilephone" | "mobilenumber" | "cell" | "cellphone" | "手机" | "手机号"
        | "手机号码" | "移动电话" | "行动电话" => phone("mobile"),
        "workphone"
        | "businessphone"
        | "officephone"
        | "companymainphone"
        | "companymaintelephone"
        | "办公电话"
        | "单位电话"
        | "工作电话"
        | "公司电话"
        | "商务电话"
        | "公司主要电话" => phone("work"),
        "座机" | "固定电话" | "固话" => phone("landline"),
        "homephone" | "家庭电话" | "住宅电话" | "家里电话" | "住家电话" => {
            phone("home")
        }
        "fax" | "businessfax" | "homefax" | "otherfax" | "传真" | "商务传真" | "住宅传真"
        | "其他传真" => phone("fax"),
        "otherphone" | "其他电话" => phone("other"),
        "primaryphone" | "主要电话" => phone("main"),
        "pager" | "寻呼机" => phone("pager"),
        "carphone" | "radiophone" | "callback" | "assistantsphone" | "ttytddphone" | "isdn"
        | "telex" | "车载电话" | "无线电话" | "回电话" | "助理的电话" | "ttytdd电话" | "电报" => {
            phone(&header.trim().to_lowercase())
        }
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
        "notes" | "note" | "comments" | "comment" | "description" | "备注" | "说明" | "附注"
        | "描述" | "备注信息" => Notes,
        "labels" | "tags" | "tag" | "categories" | "groupmembership" | "groups" | "标签"
        | "分组" | "分类" | "群组" | "类别" => Tags,
        "stage" | "客户阶段" | "阶段" | "客户状态" => Stage,
        "source" | "leadsource" | "来源" | "客户来源" => Source,
        "donotcontact" | "optout" | "请勿联系" | "勿扰" => DoNotContact,
        "cadence" | "cadencedays" | "keepintouchdays" | "联系周期" => Cadence,
        "微信" | "微信号" | "wechat" | "wechatid" | "weixin" => Custom {
            key: "微信".into()
        },
        "qq" | "qq号" | "qq号码" => Custom { key: "QQ".into() },
        // Google's current layout; its older one says `Organization 1 - Department`.
        "organizationdepartment" => Custom {
            key: "Department".into(),
        },
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
        // Google's `File As` is the name shown: what Rapport calls the display name.
        "fileas" if profile == Some("Google Contacts") => DisplayName,
        // Columns that carry no information about the person.
        "photo" | "fileas" | "initials" | "sensitivity" | "priority" | "private" | "emailtype"
        | "emaildisplayname" | "billinginformation" | "mileage" | "directoryserver"
        | "internetfreebusy" => Ignore,
        // The same in Chinese Outlook, and a hand-made sheet's row numbers.
        "缩写"
        | "敏感度"
        | "优先级"
        | "私有"
        | "电子邮件类型"
        | "电子邮件显示名称"
        | "账单信息"
        | "帐单信息"
        | "里程"
        | "目录服务器"
        | "internet忙闲" => Ignore,
        "序号" | "行号" | "no" | "sno" | "srno" => Ignore,
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
        // Chinese Outlook: 电子邮件 2 地址, 电子邮件 2 类型 (SMTP).
        ("电子邮件", "地址") => Email {
            slot: n,
            label: None,
        },
        ("电子邮件", "类型" | "显示名称") => Ignore,
        ("phone", "value") => Phone {
            slot: 100 + n,
            label: None,
        },
        ("phone", "label" | "type") => PhoneLabel { slot: 100 + n },
        // `Home Phone 2`, `Business Phone 2`; Chinese Outlook's `商务电话 2`, `住宅电话 2`.
        (
            "homephone" | "businessphone" | "mobilephone" | "otherphone" | "商务电话" | "住宅电话",
            "",
        ) => Phone {
            slot: own,
            label: clean_label(match prefix {
                "商务电话" => "business",
                "住宅电话" => "home",
                english => english.trim_end_matches("phone"),
            }),
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

/// Thunderbird's address-book CSV headers by name, in English and as its German,
/// French and Chinese builds write them (only with the Thunderbird profile: its
/// `Birth Day` is the day of the month, not a birthday). A whole export is mapped
/// by place instead ([`super::headers::thunderbird_fields`]); names serve a file
/// whose columns were edited.
fn thunderbird_key(key: &str, own: u32) -> Option<Target> {
    use Target::*;
    let addr = |part: AddressPart, home: bool| Address {
        slot: if home { 2 } else { 1 },
        part,
        label: Some(if home { "home" } else { "work" }.to_string()),
    };
    let phone = |l: &str| Phone {
        slot: own,
        label: label(l),
    };
    let custom = |k: &str| Custom { key: k.to_string() };
    let number = key.trim_start_matches(|c: char| !c.is_ascii_digit());
    let key = key.trim_end_matches(|c: char| c.is_ascii_digit());
    if matches!(key, "webpage" | "webseite" | "siteweb" | "网页") {
        return Some(match number {
            "" | "1" => custom("Website"),
            n => Custom {
                key: format!("Website {n}"),
            },
        });
    }
    Some(match key {
        "displayname" | "anzeigename" | "nomàafficher" | "显示名称" => FullName,
        "nomdefamille" => FamilyName,
        "primaryemail"
        | "primäreemailadresse"
        | "adresseélectroniqueprincipale"
        | "adresseemailprincipale"
        | "首选邮件"
        | "主要电子邮件" => Email {
            slot: 1,
            label: None,
        },
        "secondaryemail"
        | "sekundäreemailadresse"
        | "adresseélectroniquesecondaire"
        | "adresseemailsecondaire"
        | "第二邮件"
        | "备用电子邮件"
        | "次要电子邮件" => Email {
            slot: 2,
            label: None,
        },
        "nickname" | "spitzname" | "surnom" | "昵称" => custom("Nickname"),
        "screenname" | "messengername" | "chatname" | "nomdécran" | "网名" | "聊天名称" => {
            custom("Screen Name")
        }
        "workphone" | "teldienstlich" | "télprofessionnel" | "工作电话" => phone("work"),
        "homephone" | "telprivat" | "télpersonnel" | "家庭电话" => phone("home"),
        "faxnumber" | "faxnummer" | "fax" | "télécopie" | "传真号码" | "传真" => {
            phone("fax")
        }
        "pagernumber" | "pagernummer" | "pager" | "寻呼机号码" | "寻呼机" => phone("pager"),
        "mobilenumber" | "mobiltelnr" | "portable" | "移动电话号码" | "手机号码" | "移动电话" => {
            phone("mobile")
        }
        "privatadresse" | "adresseprivée" | "家庭地址" => addr(AddressPart::Street, true),
        "privatort" | "villeprivée" | "家庭城市" | "家庭所在城市" => {
            addr(AddressPart::City, true)
        }
        "privatbundesland" | "régionprivée" | "家庭省份" | "家庭省市" => {
            addr(AddressPart::Region, true)
        }
        "privatplz" | "codepostalprivé" | "家庭邮编" => addr(AddressPart::PostalCode, true),
        "privatland" | "paysprivé" | "家庭国家" | "家庭国家地区" => {
            addr(AddressPart::Country, true)
        }
        "dienstlichadresse" | "adresseprofessionnelle" | "工作地址" => {
            addr(AddressPart::Street, false)
        }
        "dienstlichort" | "villeprofessionnelle" | "工作城市" | "工作所在城市" => {
            addr(AddressPart::City, false)
        }
        "dienstlichbundesland" | "régionprofessionnelle" | "工作省份" | "工作省市" => {
            addr(AddressPart::Region, false)
        }
        "dienstlichplz" | "codepostalprofessionnel" | "工作邮编" => {
            addr(AddressPart::PostalCode, false)
        }
        "dienstlichland" | "paysprofessionnel" | "工作国家" | "工作国家地区" => {
            addr(AddressPart::Country, false)
        }
        "arbeitstitel" | "profession" | "职位" | "职务" => Title,
        "department" | "abteilung" | "service" | "部门" => custom("Department"),
        "organization" | "organisation" | "société" | "组织" | "单位" => Company,
        "birthyear" | "geburtsjahr" | "annéedenaissance" | "出生年份" => BirthYear,
        "birthmonth" | "geburtsmonat" | "moisdenaissance" | "出生月份" => BirthMonth,
        "birthday" | "geburtstag" | "jourdenaissance" | "出生日期" | "出生日" => BirthDay,
        "custom" | "benutzerdef" | "divers" | "自定义" => return None,
        "notes" | "notizen" | "备注" => Notes,
        _ => return None,
    })
}

/// Words that say what a column holds, whatever else its header says
/// (`Contact Email`, `Email Home`, `Business`, `Additional Info`, `客户邮箱`).
const EMAIL_WORDS: &[&str] = &["email", "mail", "emails", "courriel", "correo"];
const EMAIL_CJK: &[&str] = &["邮箱", "邮件", "电邮", "信箱"];
const PHONE_WORDS: &[&str] = &[
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "cellphone",
    "fax",
    "handy",
    "telefon",
    "téléphone",
    "whatsapp",
];
const PHONE_CJK: &[&str] = &["手机", "电话", "传真", "手機"];
const COMPANY_WORDS: &[&str] = &[
    "company",
    "organisation",
    "organization",
    "business",
    "employer",
    "firm",
    "firma",
    "société",
];
const COMPANY_CJK: &[&str] = &["单位", "公司"];
const NOTE_WORDS: &[&str] = &[
    "note",
    "notes",
    "comment",
    "comments",
    "remark",
    "remarks",
    "info",
    "information",
    "memo",
];
const NOTE_CJK: &[&str] = &["备注", "说明"];
/// Words of a header that are no label (`Contact Email`, `Email Address 2`).
const FILLER_WORDS: &[&str] = &[
    "contact",
    "address",
    "addr",
    "number",
    "no",
    "nr",
    "id",
    "of",
    "the",
    "value",
    "additional",
    "primary",
    "e",
];

/// What a header that is not one of the known names means, from the field
/// words it contains: `Contact Email` is an email, `Email Home` a home email,
/// `Business` a company, `Additional Info` a note. The rest of the header is
/// the label. `None` when no field word is in it (or it looks like a value,
/// not a header). The caller marks the mapping as a guess.
pub fn guess_by_words(header: &str, index: u32) -> Option<Target> {
    let h = header.trim();
    if h.is_empty() || h.contains('@') || h.chars().count() > 40 {
        return None;
    }
    let lower = h.to_lowercase().replace("e-mail", "email");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let squashed = squash(h);
    let has = |list: &[&str], cjk: &[&str]| {
        words.iter().position(|w| list.contains(w)).or_else(|| {
            cjk.iter()
                .any(|c| squashed.contains(c))
                .then_some(usize::MAX)
        })
    };
    let rest = |at: usize| -> Option<String> {
        let rest: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                *i != at && !FILLER_WORDS.contains(w) && !w.chars().all(|c| c.is_ascii_digit())
            })
            .map(|(_, w)| *w)
            .collect();
        if rest.is_empty() || at == usize::MAX {
            return None;
        }
        clean_label(&rest.join(" "))
    };
    let own = 20_000 + index;
    if let Some(at) = has(EMAIL_WORDS, EMAIL_CJK) {
        return Some(Target::Email {
            slot: own,
            label: rest(at),
        });
    }
    if let Some(at) = has(PHONE_WORDS, PHONE_CJK) {
        let word = words.get(at).copied().unwrap_or("");
        let label = match word {
            "mobile" | "cell" | "cellphone" | "handy" => Some("mobile".to_string()),
            "fax" => Some("fax".to_string()),
            _ => rest(at),
        };
        return Some(Target::Phone { slot: own, label });
    }
    if has(NOTE_WORDS, NOTE_CJK).is_some() {
        return Some(Target::Notes);
    }
    if has(COMPANY_WORDS, COMPANY_CJK).is_some() {
        return Some(Target::Company);
    }
    None
}

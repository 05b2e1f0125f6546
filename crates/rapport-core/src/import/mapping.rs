//! Step 3 of an import, row by row: a [`Mapping`] (which column means what,
//! see [`super::headers`]) compiled against the file's header row turns each
//! record into a normalised contact draft, with the row's problems (bad
//! dates, phones, emails, cells too long) noted by row and column.

pub use super::headers::{auto_map, ColumnMapping, Mapping, Target};

use super::headers::{classify, squash};
use super::row_fields::{NameColumns, RowFields};
use super::values::{unescape_formula, unwrap_text_formula, DateOrder};
use super::{RowIssue, Severity};
use crate::contacts::{ContactDraft, MAX_FIELD_CHARS};
use crate::phone::Region;

/// A mapping resolved against a file's header row.
#[derive(Debug, Clone)]
pub struct Compiled {
    cols: Vec<(usize, Target, String)>,
    headers: Vec<String>,
    names: NameColumns,
}

impl Compiled {
    /// Resolves `mapping` against `headers` (by name).
    pub fn new(mapping: &Mapping, headers: &[String]) -> Self {
        let mut cols = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let key = squash(h);
            // The column at the same place first: two columns may share a name.
            let target = mapping
                .columns
                .get(i)
                .filter(|m| m.column == *h)
                .or_else(|| mapping.columns.iter().find(|m| m.column == *h))
                .or_else(|| mapping.columns.iter().find(|m| squash(&m.column) == key))
                .map(|m| m.target.clone())
                .unwrap_or_else(|| classify(h, mapping.profile.as_deref(), i as u32));
            if target != Target::Ignore {
                cols.push((i, target, h.clone()));
            }
        }
        let has_split_name = cols
            .iter()
            .any(|(_, t, _)| matches!(t, Target::GivenName | Target::FamilyName));
        // Rapport's own export has given and family name columns: never split
        // (a contact without them has none).
        let names = if mapping.profile.as_deref() == Some("Rapport") {
            NameColumns::NeverSplit
        } else if has_split_name {
            NameColumns::Split
        } else {
            NameColumns::WholeOnly
        };
        Compiled {
            cols,
            headers: headers.to_vec(),
            names,
        }
    }
}

/// How rows are read into contacts.
#[derive(Debug, Clone)]
pub struct RowContext {
    /// Rows per write transaction.
    pub write_chunk: usize,
    /// Region of phone numbers written without a country code.
    pub region: Region,
    /// How to read ambiguous dates.
    pub date_order: DateOrder,
    /// The CSV delimiter (to recognise a field that swallowed lines after an unclosed quote).
    pub delimiter: Option<u8>,
    /// `source` of contacts that do not say where they came from.
    pub source: String,
}

/// One row of the file, read into a contact.
#[derive(Debug, Clone, Default)]
pub struct MappedRow {
    /// The row number in the file (line for CSV, sheet row, card's first line).
    pub row: u64,
    /// The contact, normalised; `None` when the row is empty or failed.
    pub draft: Option<ContactDraft>,
    /// A note for the contact's history.
    pub note: Option<String>,
    /// Problems found in this row.
    pub issues: Vec<RowIssue>,
    /// Lower-cased emails and E.164 phones, for duplicate detection.
    pub keys: Vec<String>,
}

impl MappedRow {
    /// A row that failed as a whole.
    pub fn failed(row: u64, column: Option<String>, message: String) -> Self {
        MappedRow {
            row,
            issues: vec![RowIssue {
                row,
                column,
                message,
                severity: Severity::Error,
            }],
            ..Default::default()
        }
    }

    /// Notes a warning about `column` of this row.
    pub(super) fn warn(&mut self, column: &str, message: String) {
        self.issues.push(RowIssue {
            row: self.row,
            column: Some(column.to_string()),
            message,
            severity: Severity::Warning,
        });
    }

    /// Fills in keys and normalises; a draft that cannot be normalised fails the row.
    pub fn finish(mut self, draft: ContactDraft) -> Self {
        match draft.normalised() {
            Ok(d) => {
                self.keys = d
                    .emails
                    .iter()
                    .map(|e| e.address.to_lowercase())
                    .chain(d.phones.iter().filter_map(|p| p.e164.clone()))
                    .collect();
                self.draft = Some(d);
            }
            Err(e) => {
                let (column, message) = match &e {
                    crate::Error::Invalid { field, reason } => {
                        (Some(field.clone()), reason.clone())
                    }
                    other => (None, other.to_string()),
                };
                self.issues.push(RowIssue {
                    row: self.row,
                    column,
                    message,
                    severity: Severity::Error,
                });
            }
        }
        self
    }
}

/// Reads one row of cells into a contact.
pub fn map_row(c: &Compiled, ctx: &RowContext, row: u64, cells: &[&str]) -> MappedRow {
    let mut out = MappedRow {
        row,
        ..Default::default()
    };
    if cells.iter().all(|c| c.trim().is_empty()) {
        return out;
    }
    if let Some(failed) = check_shape(c, ctx, cells, &mut out) {
        return failed;
    }
    let mut fields = RowFields::default();
    for (i, target, header) in &c.cols {
        let Some(cell) = cells.get(*i) else { continue };
        let v = unwrap_text_formula(unescape_formula(cell.trim()).trim());
        let v = v.trim();
        if !v.is_empty() {
            fields.take(target, header, v, ctx, &mut out);
        }
    }
    let (draft, note) = fields.into_draft(c.names, ctx, &mut out);
    if draft.emails.is_empty() && draft.phones.is_empty() {
        if let Some((i, word)) = totals_label(cells) {
            return MappedRow::failed(
                row,
                c.headers.get(i).cloned(),
                format!("'{word}': a totals row, not a contact (not imported)"),
            );
        }
    }
    out.note = note;
    out.finish(draft)
}

/// The first filled cell of a row, when it is the label of a totals row
/// (`合计`, `总计`, `Total`...) as hand-made sheets end with: its column and text.
fn totals_label<'a>(cells: &[&'a str]) -> Option<(usize, &'a str)> {
    let (i, cell) = cells
        .iter()
        .enumerate()
        .find(|(_, c)| !c.trim().is_empty())?;
    let word: String = cell
        .trim()
        .trim_end_matches([':', '：'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let totals = matches!(
        word.as_str(),
        "合计"
            | "总计"
            | "小计"
            | "共计"
            | "总数"
            | "累计"
            | "合計"
            | "總計"
            | "小計"
            | "total"
            | "totals"
            | "grandtotal"
            | "subtotal"
            | "sum"
    );
    totals.then(|| (i, cell.trim()))
}

/// A row whose field count differs from the header's is noted; a cell too long
/// to be a contact detail, or one that swallowed the lines after an unclosed
/// quote, fails the row (the failed row is returned).
fn check_shape(
    c: &Compiled,
    ctx: &RowContext,
    cells: &[&str],
    out: &mut MappedRow,
) -> Option<MappedRow> {
    let row = out.row;
    if !c.headers.is_empty() && cells.len() != c.headers.len() {
        let message = if cells.len() > c.headers.len() {
            format!(
                "the row has {} fields but the header has {}: the extra fields were ignored",
                cells.len(),
                c.headers.len()
            )
        } else {
            format!(
                "the row has {} fields but the header has {}: the missing ones are left empty",
                cells.len(),
                c.headers.len()
            )
        };
        out.issues.push(RowIssue {
            row,
            column: None,
            message,
            severity: Severity::Warning,
        });
    }
    for (i, _, header) in &c.cols {
        let Some(cell) = cells.get(*i) else { continue };
        if cell.len() > MAX_FIELD_CHARS && cell.chars().count() > MAX_FIELD_CHARS {
            return Some(MappedRow::failed(
                row,
                Some(header.clone()),
                format!(
                    "the field is {} characters long (at most {MAX_FIELD_CHARS}): not a contact detail",
                    cell.chars().count()
                ),
            ));
        }
        if let Some(d) = ctx.delimiter {
            match swallowed_lines(cell, d, c.headers.len()) {
                0 => {}
                1 => out.warn(
                    header,
                    "this field holds a line that looks like a whole row: probably a quote that is never closed (check the next row is not missing)".into(),
                ),
                _ => {
                    return Some(MappedRow::failed(
                        row,
                        Some(header.clone()),
                        "a quote opened in this field is never closed, so it swallowed the lines after it; close the quote and import again".into(),
                    ))
                }
            }
        }
    }
    None
}

/// Gives the draft a phonetic name from the reading's parts (a file's
/// "phonetic given/family name" columns, a vCard's `X-PHONETIC-*`), in the
/// name's own order (family first for a Chinese name), unless it has one.
pub fn fill_reading(d: &mut ContactDraft, given: Option<String>, family: Option<String>) {
    if d.phonetic_name.is_some() || (given.is_none() && family.is_none()) {
        return;
    }
    let cjk = d
        .display_name
        .chars()
        .chain(d.family_name.iter().flat_map(|f| f.chars()))
        .any(crate::contacts::is_cjk);
    let parts: Vec<String> = if cjk {
        [family, given].into_iter().flatten().collect()
    } else {
        [given, family].into_iter().flatten().collect()
    };
    d.phonetic_name = Some(parts.join(" "));
}

/// A field that contains several lines each looking like a whole row: an
/// unclosed quote made the parser read the rest of the file into it.
/// How many lines after the first of a multi-line field have as many
/// delimiters as a whole row (0, 1 or 2: counting stops there).
fn swallowed_lines(cell: &str, delimiter: u8, header_len: usize) -> usize {
    if header_len < 3 || !cell.contains('\n') {
        return 0;
    }
    let d = delimiter as char;
    cell.lines()
        .skip(1)
        .filter(|l| l.matches(d).count() + 1 >= header_len)
        .take(2)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> RowContext {
        RowContext {
            region: Region::parse("CN").unwrap(),
            date_order: DateOrder::Auto,
            delimiter: Some(b','),
            source: "test".into(),
            write_chunk: 100,
        }
    }

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    fn map(h: &[&str], row: &[&str]) -> MappedRow {
        let h = headers(h);
        let m = auto_map(&h);
        let c = Compiled::new(&m, &h);
        map_row(&c, &ctx(), 2, row)
    }

    fn raw_and_e164(d: &ContactDraft) -> Vec<(&str, Option<&str>)> {
        d.phones
            .iter()
            .map(|p| (p.raw.as_str(), p.e164.as_deref()))
            .collect()
    }

    #[test]
    fn cells_holding_several_emails_or_phones_and_excel_text() {
        let h = ["姓名", "手机", "邮箱", "电话"];
        let r = map(
            &h,
            &[
                "张三",
                "13800138000/13912345678",
                "zs@example.com; zhangsan@corp.example",
                "=\"075588881234\"",
            ],
        );
        let d = r.draft.unwrap();
        let phones = raw_and_e164(&d);
        assert_eq!(
            phones,
            vec![
                ("13800138000", Some("+8613800138000")),
                ("13912345678", Some("+8613912345678")),
                ("075588881234", Some("+8675588881234")),
            ]
        );
        let emails: Vec<_> = d.emails.iter().map(|e| e.address.as_str()).collect();
        assert_eq!(emails, vec!["zs@example.com", "zhangsan@corp.example"]);
        assert!(r.issues.is_empty(), "{:?}", r.issues);

        let r = map(
            &h,
            &[
                "李四",
                "'13800138001，13912345679",
                "李四 <lisi@example.com>",
                "010-65521234转123",
            ],
        );
        let d = r.draft.unwrap();
        let phones = raw_and_e164(&d);
        assert_eq!(
            phones,
            vec![
                ("13800138001", Some("+8613800138001")),
                ("13912345679", Some("+8613912345679")),
                ("010-65521234转123", Some("+861065521234")),
            ]
        );
        assert_eq!(d.emails[0].address, "lisi@example.com");

        // One number with a short tail stays one; a cell that is not only
        // addresses stays a custom field, noted.
        let r = map(&h, &["王五", "010-6552123/4", "ww@example.com or ask", ""]);
        let d = r.draft.unwrap();
        assert_eq!(d.phones.len(), 1);
        assert!(d.emails.is_empty());
        assert_eq!(d.custom_fields[0].value, "ww@example.com or ask");
        assert_eq!(r.issues.len(), 1);
    }

    #[test]
    fn a_totals_row_is_not_a_contact_but_a_person_called_so_is() {
        let h = ["No.", "Name", "Email"];
        for label in ["Total", "TOTAL:", "Grand Total", "合 计", "总计：", "小计"] {
            let r = map(&h, &["", label, ""]);
            assert!(r.draft.is_none(), "{label}");
            assert_eq!(r.issues[0].column.as_deref(), Some("Name"));
            assert!(r.issues[0].message.contains("totals row"), "{label}");
        }
        // With contact details it is somebody, whatever the name.
        let r = map(&h, &["3", "Total", "total@example.com"]);
        assert_eq!(r.draft.unwrap().display_name, "Total");
        // A total further right is a cell of an ordinary row.
        let r = map(&h, &["", "Sum Li", ""]);
        assert_eq!(r.draft.unwrap().display_name, "Sum Li");
    }

    #[test]
    fn columns_map_by_name_whatever_their_order() {
        let a = map(
            &[
                "E-mail 1 - Value",
                "Last Name",
                "First Name",
                "Phone 1 - Label",
                "Phone 1 - Value",
            ],
            &[
                "ada@example.com",
                "Lovelace",
                "Ada",
                "Mobile",
                "+44 20 7946 0018",
            ],
        );
        let b = map(
            &[
                "Phone 1 - Value",
                "First Name",
                "Phone 1 - Label",
                "E-mail 1 - Value",
                "Last Name",
            ],
            &[
                "+44 20 7946 0018",
                "Ada",
                "Mobile",
                "ada@example.com",
                "Lovelace",
            ],
        );
        let (a, b) = (a.draft.unwrap(), b.draft.unwrap());
        assert_eq!(a, b);
        assert_eq!(a.display_name, "Ada Lovelace");
        assert_eq!(a.phones[0].label.as_deref(), Some("mobile"));
        assert_eq!(a.phones[0].e164.as_deref(), Some("+442079460018"));
    }

    #[test]
    fn chinese_headers_and_name_split() {
        let r = map(
            &[
                "姓名",
                "手机号",
                "座机",
                "邮箱",
                "单位",
                "职务",
                "生日",
                "地址",
                "备注",
                "标签",
                "微信",
            ],
            &[
                "欧阳娜娜",
                "138 0013 8000",
                "010-6552 9988",
                "nana@example.cn",
                "北京科技",
                "总经理",
                "1985年3月14日",
                "北京市朝阳区建国路88号",
                "老客户",
                "VIP、重点",
                "nana_oy",
            ],
        );
        let d = r.draft.unwrap();
        assert_eq!(d.display_name, "欧阳娜娜");
        assert_eq!(d.family_name.as_deref(), Some("欧阳"));
        assert_eq!(d.given_name.as_deref(), Some("娜娜"));
        assert_eq!(d.phones[0].e164.as_deref(), Some("+8613800138000"));
        assert_eq!(d.phones[0].label.as_deref(), Some("mobile"));
        assert_eq!(d.phones[1].e164.as_deref(), Some("+861065529988"));
        assert_eq!(d.phones[1].label.as_deref(), Some("landline"));
        assert_eq!(d.company.as_deref(), Some("北京科技"));
        assert_eq!(d.title.as_deref(), Some("总经理"));
        assert_eq!(d.birthday.unwrap().to_string(), "1985-03-14");
        assert_eq!(
            d.addresses[0].street.as_deref(),
            Some("北京市朝阳区建国路88号")
        );
        assert_eq!(d.tags, vec!["VIP", "重点"]);
        assert_eq!(d.custom_fields[0].key, "微信");
        assert_eq!(r.note.as_deref(), Some("老客户"));
        assert_eq!(
            r.keys,
            vec!["nana@example.cn", "+8613800138000", "+861065529988"]
        );
    }

    #[test]
    fn bad_values_are_reported_and_kept() {
        let r = map(
            &["Name", "Email", "Mobile", "Birthday"],
            &["Bob", "bob at example", "1.38001E+10", "someday"],
        );
        let d = r.draft.unwrap();
        assert!(d.emails.is_empty() && d.phones.is_empty());
        assert_eq!(d.custom_fields.len(), 3);
        let cols: Vec<_> = r.issues.iter().map(|i| i.column.clone().unwrap()).collect();
        assert_eq!(cols, vec!["Birthday", "Email", "Mobile"]);
        assert!(r.issues.iter().all(|i| i.severity == Severity::Warning));
    }

    #[test]
    fn a_row_without_any_identity_fails_with_a_reason() {
        let r = map(&["Name", "Notes"], &["", "just a note"]);
        assert!(r.draft.is_none());
        assert_eq!(r.issues[0].severity, Severity::Error);
        let empty = map(&["Name", "Notes"], &["", " "]);
        assert!(empty.draft.is_none() && empty.issues.is_empty());
    }

    #[test]
    fn google_multi_values_and_system_groups() {
        let r = map(
            &[
                "First Name",
                "E-mail 1 - Label",
                "E-mail 1 - Value",
                "Labels",
            ],
            &[
                "Ann",
                "* Work",
                "a@x.com ::: b@x.com",
                "* myContacts ::: Friends",
            ],
        );
        let d = r.draft.unwrap();
        assert_eq!(d.emails.len(), 2);
        assert_eq!(d.emails[1].label.as_deref(), Some("work"));
        assert_eq!(d.tags, vec!["Friends"]);
    }
}

//! Spreadsheets (`.xlsx`, `.xls`, `.ods`, whatever their extension says) as a
//! source of rows: the chosen sheet, its header row, and cells as text.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader};

use super::source::{
    clean_headers, fail, find_header, io_err, FileFormat, Kind, Source, SourceInfo, SourceOptions,
    HEADER_SEARCH_ROWS,
};
use crate::error::Result;

/// The most a workbook may unpack to. calamine reads a sheet's cells into
/// memory whole (several times their text), so a bigger workbook, or a "zip
/// bomb" made to exhaust memory, is refused before it is read.
const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// Fails when a workbook kept in a zip (`.xlsx`, `.ods`) unpacks to more than
/// `limit` bytes, counting what actually comes out, not the sizes the archive
/// declares (a bomb lies about them). Anything else (`.xls`, a damaged
/// archive) is left to calamine to read or to reject.
fn check_unpacked(path: &Path, bytes: &[u8], limit: u64) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        let left = limit.saturating_sub(total);
        // A read error (damaged data) ends the count of this entry: calamine reports it.
        let mut counted = std::io::sink();
        total += std::io::copy(&mut entry.by_ref().take(left + 1), &mut counted).unwrap_or(0);
        if total > limit {
            return Err(fail(
                path,
                format!(
                    "the spreadsheet unpacks to more than {} MB, too big to read as a sheet: save it as CSV (UTF-8) and import that file",
                    limit >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// A spreadsheet cell as text: whole numbers without `.0` or exponent (a
/// phone stored as a number stays `13800138000`), dates as `YYYY-MM-DD`.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, h, min, s, _) = dt.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}")
            }
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// Opens the chosen (else the first) sheet of a workbook as a source of rows.
pub(super) fn open(path: &Path, opts: &SourceOptions, bytes_total: u64) -> Result<Source> {
    let not_sheet = |e: calamine::Error| {
        fail(
            path,
            format!("it is a zip or Office file but not a spreadsheet that can be read ({e})"),
        )
    };
    // Read whole (calamine needs a seekable, clonable reader): spreadsheets are
    // small next to CSV exports, and this also reads one whose extension lies.
    let bytes = std::fs::read(path).map_err(io_err(path))?;
    check_unpacked(path, &bytes, MAX_UNPACKED)?;
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(not_sheet)?;
    let sheets = book.sheet_names();
    let sheet = match &opts.sheet {
        Some(s) => sheets.iter().find(|n| *n == s).cloned().ok_or_else(|| {
            fail(
                path,
                format!("there is no sheet '{s}' (sheets: {})", sheets.join(", ")),
            )
        })?,
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| fail(path, "the spreadsheet has no sheets"))?,
    };
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| fail(path, format!("sheet '{sheet}' cannot be read: {e}")))?;
    if range.is_empty() {
        return Err(fail(path, format!("sheet '{sheet}' is empty")));
    }
    let start = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let first: Vec<(u64, Vec<String>)> = range
        .rows()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(i, r)| (start + i as u64 + 1, r.iter().map(cell_text).collect()))
        .collect();
    let header_index = find_header(&first);
    let no_header = opts.no_header.unwrap_or_else(|| {
        first
            .get(header_index)
            .is_some_and(|(_, r)| super::headers::is_data_row(r))
    });
    let (header_row, headers, skip) = if no_header {
        let width = first.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        let names = (1..=width)
            .map(|i| format!("{}{i}", super::headers::NO_HEADER_COLUMN))
            .collect();
        (0, names, 0)
    } else {
        first
            .get(header_index)
            .map(|(n, r)| (*n, clean_headers(r), header_index + 1))
            .unwrap_or((1, vec![], header_index + 1))
    };
    let sample = first.iter().skip(skip).map(|(_, r)| r.clone()).collect();
    Ok(Source {
        info: SourceInfo {
            path: path.to_path_buf(),
            format: FileFormat::Spreadsheet,
            encoding: None,
            delimiter: None,
            sheets,
            sheet: Some(sheet),
            header_row,
            headers,
            no_header,
            bytes_total,
        },
        kind: Kind::Sheet { range, skip },
        sample,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A zip holding one entry of `size` bytes of the same character.
    fn zip_of(size: usize) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        w.write_all(&vec![b'<'; size]).unwrap();
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_workbook_that_unpacks_too_far_is_refused_before_it_is_read() {
        let bomb = zip_of(3 << 20);
        assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
        let e = check_unpacked(Path::new("bomb.xlsx"), &bomb, 1 << 20).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("bomb.xlsx") && text.contains("more than 1 MB"),
            "{text}"
        );
        assert!(text.contains("CSV"), "{text}");
        // Within the limit, and files that are no zip, pass to calamine.
        assert!(check_unpacked(Path::new("ok.xlsx"), &bomb, 4 << 20).is_ok());
        assert!(check_unpacked(Path::new("old.xls"), b"\xD0\xCF\x11\xE0", 1).is_ok());
    }

    #[test]
    fn numbers_in_sheets_stay_whole() {
        assert_eq!(cell_text(&Data::Float(13800138000.0)), "13800138000");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(&Data::Int(42)), "42");
    }
}

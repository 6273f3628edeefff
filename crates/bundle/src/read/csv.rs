//! CSV catalogs: encoding detection (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030, which
//! covers GBK) and parsing into a grid.

use super::grid::Grid;
use super::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::path::Path;

/// Decodes a CSV file's bytes. Returns the text and whether undecodable bytes were replaced.
/// Excel on Chinese Windows saves "CSV" as GBK and clerks rarely know which they have, so the
/// encoding is detected, never asked: valid UTF-8 is UTF-8, anything else is read as GB18030.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text, had_errors);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text, had_errors)
        }
    }
}

/// Reads a CSV file into a grid. Problems that stop the reading are errors; a grid is still returned
/// with the rows read so far.
pub fn read(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Grid> {
    let bytes = match read_bounded(path) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (text, replaced) = decode(&bytes);
    if replaced {
        diags.push(Diagnostic::warning(
            path,
            "文件中有无法识别的字符，已用「�」代替：请用 Excel/WPS 另存为「CSV UTF-8」或 GBK 编码的 CSV",
            "The file has characters that could not be decoded and were replaced with �: save it again as CSV UTF-8 (or GBK CSV)",
        ));
    }
    // A tab-separated export (some "Unicode text" saves) has tabs but no commas in its lines.
    let first_lines: String = text.lines().take(5).collect();
    let delimiter = if !first_lines.contains(',') && first_lines.contains('\t') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Grid::default();
    let mut too_wide = false;
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            diags.push(too_many_rows(path, None));
            break;
        }
        match record {
            Ok(rec) => {
                if rec.len() > MAX_COLUMNS {
                    too_wide = true;
                }
                grid.rows.push(rec.iter().take(MAX_COLUMNS).map(str::to_string).collect());
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        path,
                        format!("CSV 格式错误（{e}）：请用 Excel/WPS 打开后重新另存为 CSV"),
                        format!("Malformed CSV ({e}): open it in Excel or WPS and save it as CSV again"),
                    )
                    .at_row(i as u32 + 1),
                );
                break;
            }
        }
    }
    if too_wide {
        diags.push(too_many_columns(path, None));
    }
    Some(grid)
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            path,
            format!("无法读取文件（{e}）：请检查文件是否存在、是否被其他程序占用"),
            format!("Cannot read the file ({e}): check that it exists and is not locked by another program"),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, meta.len()));
    }
    std::fs::read(path).map_err(|e| unreadable(&e))
}

pub fn too_big(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("文件过大（{} MB，上限 {} MB）：目录文件不应这么大，请检查是否混入了其他数据", len / 1_000_000, MAX_FILE_BYTES / 1_000_000),
        format!("The file is too large ({} MB, the limit is {} MB): a catalog should be far smaller; check it for stray data", len / 1_000_000, MAX_FILE_BYTES / 1_000_000),
    )
}

pub fn too_many_rows(path: &Path, sheet: Option<&str>) -> Diagnostic {
    let d = Diagnostic::error(
        path,
        format!("表格超过 {MAX_ROWS} 行，已停止读取：目录不会这么长，请检查是否有大量空行或误填的数据，或把表格拆分"),
        format!("The table has more than {MAX_ROWS} rows and reading stopped: a catalog is never that long; look for stray rows or split the table"),
    )
    .at_row(MAX_ROWS as u32 + 1);
    match sheet {
        Some(s) => d.in_sheet(s),
        None => d,
    }
}

pub fn too_many_columns(path: &Path, sheet: Option<&str>) -> Diagnostic {
    let d = Diagnostic::warning(
        path,
        format!("表格超过 {MAX_COLUMNS} 列，多出的列已忽略"),
        format!("The table has more than {MAX_COLUMNS} columns; the columns beyond were ignored"),
    );
    match sheet {
        Some(s) => d.in_sheet(s),
        None => d,
    }
}

//! The small tabular files of a source folder that the build step reads itself (`places.csv`,
//! `entries/*.csv`, `links/*.csv`): decoded from UTF-8 (with or without BOM) or GBK/GB18030, split into
//! records, with columns found by header name. Catalog files go through [`crate::read`] instead.

use crate::diagnostic::Diagnostic;
use crate::sanitize::clean_text;
use std::path::Path;

/// A CSV file as read: its header cells and its data records, each with the row number a spreadsheet
/// shows for it (the header is row 1).
#[derive(Debug, Default)]
pub struct CsvFile {
    pub header: Vec<String>,
    pub records: Vec<CsvRecord>,
}

#[derive(Debug)]
pub struct CsvRecord {
    pub row: u32,
    pub cells: Vec<String>,
}

impl CsvRecord {
    /// The trimmed cell in column `index`, or "" where the record is short.
    pub fn cell(&self, index: Option<usize>) -> &str {
        index.and_then(|i| self.cells.get(i)).map_or("", |s| s.trim())
    }
}

impl CsvFile {
    /// The index of the first column whose header is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.iter().any(|n| h.trim() == *n))
    }
}

/// Decodes bytes as UTF-8 (dropping a BOM), falling back to GB18030, which covers GBK, for files saved
/// by Excel on Chinese Windows.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Reads a CSV file. A file that cannot be read gives an error diagnostic and `None`; invisible
/// characters are removed from cells (with one warning per file, naming the first row).
pub fn read_csv(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<CsvFile> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(path, format!("无法读取文件：{e}"), format!("cannot read the file: {e}")));
            return None;
        }
    };
    let text = decode(&bytes);
    drop(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = CsvFile::default();
    let mut first_cleaned: Option<u32> = None;
    let mut record = csv::StringRecord::new();
    let mut index: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                diags.push(
                    Diagnostic::error(path, format!("CSV格式错误：{e}"), format!("malformed CSV: {e}"))
                        .at_row(index + 1),
                );
                return None;
            }
        }
        index += 1;
        let mut cells = Vec::with_capacity(record.len());
        for c in record.iter() {
            let (clean, changed) = clean_text(c);
            if changed && first_cleaned.is_none() {
                first_cleaned = Some(index);
            }
            cells.push(clean);
        }
        if index == 1 {
            out.header = cells;
        } else if cells.iter().any(|c| !c.trim().is_empty()) {
            out.records.push(CsvRecord { row: index, cells });
        }
    }
    if let Some(row) = first_cleaned {
        diags.push(
            Diagnostic::warning(
                path,
                "已删除不可见字符（零宽或双向控制字符）",
                "invisible characters (zero-width or bidi controls) were removed",
            )
            .at_row(row),
        );
    }
    Some(out)
}

/// Checks that the header has every required column; reports the missing ones as one error.
pub fn require_columns(path: &Path, file: &CsvFile, required: &[&[&str]], diags: &mut Vec<Diagnostic>) -> bool {
    let missing: Vec<&str> = required.iter().filter(|names| file.column(names).is_none()).map(|n| n[0]).collect();
    if missing.is_empty() {
        return true;
    }
    let list = missing.join("、");
    diags.push(
        Diagnostic::error(path, format!("缺少列：{list}"), format!("missing columns: {list}")).at_row(1),
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_bytes_decode_as_chinese() {
        let (gbk, _, _) = encoding_rs::GBK.encode("地区代码,标题");
        assert_eq!(decode(&gbk), "地区代码,标题");
        assert_eq!(decode("\u{FEFF}代码".as_bytes()), "代码");
    }
}

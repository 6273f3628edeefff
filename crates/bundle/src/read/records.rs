//! The small tables of a source folder that are not catalogs (`places.csv`, `entries/*.csv`,
//! `links/*.csv`): read through the same bounded decoder and strict splitter as catalog CSVs
//! ([`super::text`]), with columns found by header name and every row accounted for in a
//! [`RowLedger`]: a row with broken quoting or text past the last header column is refused here, and
//! the caller reads or refuses each of the others.

use super::header::column_letter;
use super::text::{delimiter, read_text, records};
use crate::diagnostic::{Diagnostic, RowLedger};
use crate::sanitize::clean_text;
use std::path::Path;

/// A CSV file as read: its header cells (row 1), its data records, and the ledger of its rows.
#[derive(Debug)]
pub struct CsvFile {
    pub header: Vec<String>,
    pub records: Vec<CsvRecord>,
    pub ledger: RowLedger,
}

#[derive(Debug)]
pub struct CsvRecord {
    pub row: u32,
    pub cells: Vec<String>,
}

impl CsvRecord {
    /// The trimmed cell in column `index`, or "" where the record is short (exports drop trailing
    /// empty cells).
    pub fn cell(&self, index: Option<usize>) -> &str {
        index.and_then(|i| self.cells.get(i)).map_or("", |s| s.trim())
    }
}

impl CsvFile {
    /// The index of the first column whose header is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.iter().any(|n| h.trim() == *n))
    }

    /// Refuses a row with the diagnostic that names it.
    pub fn refuse(&mut self, diags: &mut Vec<Diagnostic>, d: Diagnostic) {
        self.ledger.refuse(&d);
        diags.push(d);
    }
}

/// Reads a CSV file. A file that cannot be read gives an error and `None`. Invisible characters are
/// removed from cells (with one warning per file, naming the first row). Each non-empty row below the
/// header is in the ledger; rows with broken quoting or text past the header are already refused.
pub fn read_csv(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<CsvFile> {
    let text = read_text(path, diags)?;
    let mut out = CsvFile { header: Vec::new(), records: Vec::new(), ledger: RowLedger::new(path, None) };
    let mut first_cleaned: Option<u32> = None;
    for rec in records(&text, delimiter(&text)) {
        if rec.row == 1 {
            if let Some(d) = rec.problem_diagnostic(path, column_letter) {
                diags.push(d);
            }
            out.header = rec.cells.iter().map(|c| clean_text(c).0.trim().to_string()).collect();
            continue;
        }
        if rec.is_empty() && rec.problem.is_none() {
            continue;
        }
        out.ledger.expect(rec.row);
        if let Some(d) = rec.problem_diagnostic(path, column_letter) {
            out.refuse(diags, d);
            continue;
        }
        let width = out.header.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1);
        if let Some(c) = rec.cells.iter().skip(width).position(|c| !c.trim().is_empty()) {
            let c = width + c;
            let shown: String = rec.cells[c].trim().chars().take(20).collect();
            let d = Diagnostic::error(
                path,
                format!("这一行在最后一列表头之后还有内容「{shown}」：可能是单元格里有未加引号的逗号，或内容写错了列"),
                format!("This row has text past the last header column ({shown:?}): perhaps an unquoted comma inside a cell, or text in the wrong column"),
            )
            .at_row(rec.row)
            .in_column(column_letter(c));
            out.refuse(diags, d);
            continue;
        }
        // The catalog reader's bound: no place, entry or link field is this long, and a longer one
        // would make every later step slow.
        if let Some(c) = rec.cells.iter().position(|c| c.len() > super::MAX_CELL_BYTES) {
            let d = super::cell_too_long(path, rec.cells[c].len()).at_row(rec.row).in_column(column_name(&out.header, c));
            out.refuse(diags, d);
            continue;
        }
        let mut cells = Vec::with_capacity(rec.cells.len());
        for c in &rec.cells {
            let (clean, changed) = clean_text(c);
            if changed && first_cleaned.is_none() {
                first_cleaned = Some(rec.row);
            }
            cells.push(clean);
        }
        out.records.push(CsvRecord { row: rec.row, cells });
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

/// The column's header as written, or its letter when it has none.
fn column_name(header: &[String], c: usize) -> String {
    header.get(c).filter(|h| !h.is_empty()).cloned().unwrap_or_else(|| column_letter(c))
}

/// Checks that the header has every required column (each given as its accepted names, the first
/// being the one to write). The missing ones are one error naming them and the columns found, and
/// every row of the file is refused by it.
pub fn require_columns(path: &Path, file: &mut CsvFile, required: &[&[&str]], diags: &mut Vec<Diagnostic>) -> bool {
    let missing: Vec<&str> = required.iter().filter(|names| file.column(names).is_none()).map(|n| n[0]).collect();
    if missing.is_empty() {
        return true;
    }
    let list = missing.join("、");
    let found: Vec<&str> = file.header.iter().map(String::as_str).filter(|h| !h.is_empty()).collect();
    let found = if found.is_empty() { "（无）".to_string() } else { found.join("、") };
    let rows = match file.ledger.span() {
        Some((a, b)) if a == b => (format!("；第{a}行没有读取"), format!("; row {a} was not read")),
        Some((a, b)) => (format!("；第{a}行至第{b}行都没有读取"), format!("; rows {a} to {b} were not read")),
        None => (String::new(), String::new()),
    };
    let d = Diagnostic::error(
        path,
        format!("缺少列：{list}。表头（第1行）中找到的列：{found}{}", rows.0),
        format!("missing columns: {list}. Columns found in the header (row 1): {found}{}", rows.1),
    )
    .at_row(1)
    .in_column(missing[0]);
    file.ledger.refuse_rest(&d);
    diags.push(d);
    false
}

//! Problems found in the sources, said so that a county clerk can act on them: which file, sheet, row
//! and column, what is wrong and how to fix it, in Chinese with English.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; the build goes on.
    Warning,
    /// The build stops with exit code 1 and writes nothing.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row number as a spreadsheet shows it.
    pub row: Option<u32>,
    /// The column's header as the file writes it (or its letter when it has no header).
    pub column: Option<String>,
    /// What is wrong and how to fix it, in Chinese, then in English.
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &Path, zh: impl AsRef<str>, en: impl AsRef<str>) -> Self {
        Self::new(Severity::Error, file, zh, en)
    }

    pub fn warning(file: &Path, zh: impl AsRef<str>, en: impl AsRef<str>) -> Self {
        Self::new(Severity::Warning, file, zh, en)
    }

    fn new(severity: Severity, file: &Path, zh: impl AsRef<str>, en: impl AsRef<str>) -> Self {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            sheet: None,
            row: None,
            column: None,
            message: format!("{} / {}", zh.as_ref(), en.as_ref()),
        }
    }

    pub fn at_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    /// `错误 data/catalogs/430121/社会救助.xlsx [Sheet1] 第5行 「二级事项」: …`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "错误 error",
            Severity::Warning => "警告 warning",
        };
        write!(f, "{sev}: {}", self.file.display())?;
        if let Some(s) = &self.sheet {
            write!(f, " [{s}]")?;
        }
        if let Some(r) = self.row {
            write!(f, " 第{r}行 row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, " 「{c}」")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// How the rows of one file ended up, for `check --json`. `rows` counts the non-empty rows below the
/// header (up to where reading stopped, and a stop is always an error); each of them was either `read`
/// (it became an item, entry, place or link, or is a recognised heading, repeated header or notes row,
/// or an exact duplicate of an entry read, or a links row without links, each named by a warning) or
/// `refused` (an error names it, so the build fails while any row is refused). So `rows == read + refused`, unless the build step itself
/// has a bug, which then shows as an error and breaks the equation that the tests and fuzzers check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCount {
    pub rows: usize,
    pub read: usize,
    pub refused: usize,
}

impl std::ops::AddAssign for RowCount {
    fn add_assign(&mut self, o: RowCount) {
        self.rows += o.rows;
        self.read += o.read;
        self.refused += o.refused;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pending,
    Read,
    Refused,
}

/// The outcome of every non-empty row below one table's header (a CSV file or one sheet). A reader
/// registers each such row with [`expect`](Self::expect) as it meets it, independently of what it then
/// does with the row, and ends each one with [`read`](Self::read) or [`refuse`](Self::refuse) (which
/// takes the diagnostic that names the row). [`finish`](Self::finish) turns a row left without an
/// outcome into an error, so a row can never vanish without a word.
#[derive(Debug)]
pub struct RowLedger {
    file: PathBuf,
    sheet: Option<String>,
    /// (row, outcome) in the order met, rows increasing.
    rows: Vec<(u32, Outcome)>,
    /// Rows given an outcome they were never expected to have, or two conflicting ones.
    conflicts: Vec<u32>,
}

impl RowLedger {
    pub fn new(file: &Path, sheet: Option<&str>) -> Self {
        RowLedger { file: file.to_path_buf(), sheet: sheet.map(str::to_string), rows: Vec::new(), conflicts: Vec::new() }
    }

    /// A non-empty row below the header.
    pub fn expect(&mut self, row: u32) {
        match self.rows.last() {
            Some(&(last, _)) if last >= row => self.conflicts.push(row),
            _ => self.rows.push((row, Outcome::Pending)),
        }
    }

    fn slot(&mut self, row: u32) -> Option<&mut Outcome> {
        match self.rows.binary_search_by_key(&row, |&(r, _)| r) {
            Ok(i) => Some(&mut self.rows[i].1),
            Err(_) => None,
        }
    }

    /// The row became data, or is a recognised heading, repeated header or notes row.
    pub fn read(&mut self, row: u32) {
        match self.slot(row) {
            Some(o @ Outcome::Pending) => *o = Outcome::Read,
            _ => self.conflicts.push(row),
        }
    }

    /// The row is refused; `d`, an error, names it (a row that was read and is refused by a later
    /// check, such as an unknown 解读对象, moves from read to refused). A warning cannot refuse a row:
    /// the build would pass with the row missing, so it counts as a conflict (an internal error).
    pub fn refuse(&mut self, d: &Diagnostic) {
        let Some(row) = d.row.filter(|_| d.is_error()) else {
            self.conflicts.push(d.row.unwrap_or(0));
            return;
        };
        match self.slot(row) {
            Some(o) => *o = Outcome::Refused,
            None => self.conflicts.push(row),
        }
    }

    /// Refuses the row `d` names and reports `d`.
    pub fn refuse_with(&mut self, diags: &mut Vec<Diagnostic>, d: Diagnostic) {
        self.refuse(&d);
        diags.push(d);
    }

    /// Every row still without an outcome is refused by `d`, a table-level error whose message names
    /// the rows (e.g. a missing column).
    pub fn refuse_rest(&mut self, d: &Diagnostic) {
        if !d.is_error() {
            self.conflicts.push(d.row.unwrap_or(0));
            return;
        }
        for (_, o) in &mut self.rows {
            if *o == Outcome::Pending {
                *o = Outcome::Refused;
            }
        }
    }

    /// The first and last row registered so far, for messages that refuse a range.
    pub fn span(&self) -> Option<(u32, u32)> {
        Some((self.rows.first()?.0, self.rows.last()?.0))
    }

    /// The counts. A row left without an outcome, or given conflicting ones, is a bug of the build
    /// step: it becomes an error naming the row (so the clerk is never told "valid" while a row is
    /// missing) and is counted in neither `read` nor `refused`, so the row equation fails in tests.
    pub fn finish(self, diags: &mut Vec<Diagnostic>) -> RowCount {
        let mut count = RowCount { rows: self.rows.len(), ..RowCount::default() };
        let internal = |row: u32| {
            let mut d = Diagnostic::error(
                &self.file,
                "内部错误：这一行既未读取也未报告问题，请把文件发给开发者",
                "internal error: this row was neither read nor reported; please send the file to the developers",
            );
            d.row = (row > 0).then_some(row);
            d.sheet = self.sheet.clone();
            d
        };
        for &(row, o) in &self.rows {
            match o {
                Outcome::Read => count.read += 1,
                Outcome::Refused => count.refused += 1,
                Outcome::Pending => diags.push(internal(row)),
            }
        }
        for &row in &self.conflicts {
            diags.push(internal(row));
            // Double-booked rows break the equation too.
            count.rows += 1;
        }
        count
    }
}

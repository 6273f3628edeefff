//! Problems found in the sources, said so that a county clerk can act on them: which file, sheet, row
//! and column, what is wrong and how to fix it, in Chinese with English.

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; the build goes on.
    Warning,
    /// The build stops with exit code 1 and writes nothing.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

//! Readers for catalog files as counties publish them: XLSX and CSV (UTF-8 with or without BOM, GBK,
//! GB18030), title rows, one- or two-row merged headers, ticks, column variants.
//!
//! A file becomes one or more [`Grid`](grid::Grid)s (text cells at spreadsheet positions, with merged
//! regions) in `xlsx`/`csv`; `header` finds the header and names each column's role; `table` turns the
//! rows into items; `cells` reads single cells (ticks, content lists, legal bases, channels).
//!
//! Architecture invariant: reading never panics and never runs unbounded. Files, rows, columns, cells,
//! merged regions and the unpacked size of a workbook all have limits, and going past one is a
//! diagnostic, not a crash or a hang.

mod cells;
mod csv;
mod grid;
mod header;
pub mod known;
pub mod records;
mod table;
pub mod text;
mod xlsx;

use crate::diagnostic::{Diagnostic, RowCount};
use crate::source::SourceTable;
use std::path::Path;

pub use table::MAX_CELL_BYTES;
pub use xlsx::{MAX_RATIO, MAX_UNCOMPRESSED_BYTES};

/// Rows read from one sheet or CSV file before reading stops with an error.
pub const MAX_ROWS: usize = 100_000;
/// Columns read; cells further right are ignored with a warning.
pub const MAX_COLUMNS: usize = 256;
/// Size of any CSV or catalog file on disk (catalogs, places, entries, links).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// The error for a cell over [`MAX_CELL_BYTES`], which refuses its row (the caller adds row and column).
pub fn cell_too_long(path: &Path, len: usize) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("单元格内容过长（{len} 字节，上限 64 KB），这一行没有读取：请删减，或拆分到多行"),
        format!("Cell is too long ({len} bytes, the limit is 64 KB), so this row was not read: shorten it or split it over several rows"),
    )
}

/// What reading one catalog file gives: its tables (one per CSV file or per catalog sheet) and every
/// problem found. Reading never panics; a file that cannot be read at all gives no table and an error.
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReadOutcome {
    pub tables: Vec<SourceTable>,
    pub diagnostics: Vec<Diagnostic>,
    /// How the rows below each table's header ended up, summed over the file's tables.
    pub rows: RowCount,
}

/// Reads one catalog file (`.xlsx` or `.csv`), detecting its encoding and header shape.
pub fn read_catalog_file(path: &Path) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let grids = match ext.as_str() {
        "xlsx" | "xlsm" => xlsx::read(path, &mut out.diagnostics),
        "csv" => csv::read(path, &mut out.diagnostics).map(|g| vec![g]),
        _ => {
            let hint = if ext == "xls" || ext == "et" { "（Excel/WPS：文件 → 另存为 → .xlsx）" } else { "" };
            out.diagnostics.push(Diagnostic::error(
                path,
                format!("不支持的文件类型「.{ext}」：目录请保存为 .xlsx 或 .csv{hint}"),
                format!("Unsupported file type \".{ext}\": save the catalog as .xlsx or .csv"),
            ));
            None
        }
    };
    let Some(grids) = grids else { return out };

    let mut no_header: Vec<Option<String>> = Vec::new();
    let mut failed = false;
    for grid in grids {
        let sheet = grid.sheet.clone();
        match table::read(path, grid, &mut out.diagnostics, &mut out.rows) {
            table::TableRead::Table(t) => out.tables.push(t),
            table::TableRead::NoHeader => no_header.push(sheet),
            table::TableRead::Empty => {}
            table::TableRead::Failed => failed = true,
        }
    }
    if out.tables.is_empty() && !failed {
        // Nothing in the file looks like a catalog: say what a header should hold.
        let d = Diagnostic::error(
            path,
            format!("找不到目录表头：前30行中没有一行含有目录的列名。表头应有这些列：{}", header::EXPECTED),
            "No recognisable header: none of the first 30 rows has the catalog's column names. The header should have: 序号, 一级事项, 二级事项 (or 事项名称), 公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式, 公开层级",
        );
        out.diagnostics.push(match no_header.first() {
            Some(Some(s)) => d.in_sheet(s.clone()),
            _ => d,
        });
    } else {
        // Other sheets of a workbook with catalog sheets are often notes (填表说明); say they were skipped.
        for sheet in no_header.into_iter().flatten() {
            out.diagnostics.push(
                Diagnostic::warning(path, "这个工作表没有目录表头，已跳过", "This sheet has no catalog header and was skipped").in_sheet(sheet),
            );
        }
    }
    out
}

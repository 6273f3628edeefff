//! CSV catalogs: read and decoded by [`super::text`], split strictly into records, laid out as a grid.

use super::grid::Grid;
use super::header::column_letter;
use super::text::{delimiter, read_text, records};
use super::{MAX_COLUMNS, MAX_ROWS};
use crate::diagnostic::Diagnostic;
use std::path::Path;

pub use super::text::too_big;

/// Reads a CSV file into a grid. A record with broken quoting keeps its cells in the grid (so it is
/// counted as a row) and its error in `grid.broken`, for the table reader to refuse the row.
pub fn read(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Grid> {
    let text = read_text(path, diags)?;
    let mut grid = Grid::default();
    for rec in records(&text, delimiter(&text)) {
        if rec.row as usize > MAX_ROWS {
            diags.push(too_many_rows(path, None));
            break;
        }
        let r = rec.row as usize - 1;
        if let Some(d) = rec.problem_diagnostic(path, column_letter) {
            grid.broken.insert(r, d);
        } else if let Some(c) = rec.cells.iter().skip(MAX_COLUMNS).position(|c| !c.trim().is_empty()) {
            grid.broken.insert(r, too_many_columns(path, None, rec.row, MAX_COLUMNS + c));
        }
        grid.rows.push(rec.cells.into_iter().take(MAX_COLUMNS).collect());
    }
    Some(grid)
}

pub fn too_many_rows(path: &Path, sheet: Option<&str>) -> Diagnostic {
    let d = Diagnostic::error(
        path,
        format!("表格超过 {MAX_ROWS} 行，已停止读取：第{}行起的内容都没有读取。目录不会这么长，请检查是否有大量空行或误填的数据，或把表格拆分", MAX_ROWS + 1),
        format!("The table has more than {MAX_ROWS} rows and reading stopped: nothing from row {} on was read. A catalog is never that long; look for stray rows or split the table", MAX_ROWS + 1),
    )
    .at_row(MAX_ROWS as u32 + 1);
    match sheet {
        Some(s) => d.in_sheet(s),
        None => d,
    }
}

/// A row with text beyond the last column read is refused: its cells cannot be trusted to be in the
/// right columns, and the text would otherwise be lost without a word.
pub fn too_many_columns(path: &Path, sheet: Option<&str>, row: u32, column: usize) -> Diagnostic {
    let d = Diagnostic::error(
        path,
        format!("这一行在第 {MAX_COLUMNS} 列之后还有内容：目录不会这么宽，请检查是否有多余的分隔符或误填的数据"),
        format!("This row has text beyond column {MAX_COLUMNS}: a catalog is never that wide; look for stray separators or data"),
    )
    .at_row(row)
    .in_column(column_letter(column));
    match sheet {
        Some(s) => d.in_sheet(s),
        None => d,
    }
}

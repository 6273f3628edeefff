//! XLSX catalogs: a zip-bomb check on the central directory, then each visible worksheet streamed into
//! a grid (cached values of formulas, as calamine gives them) with its merged regions.

use super::csv::{too_big, too_many_columns, too_many_rows};
use super::grid::Grid;
use super::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use crate::diagnostic::Diagnostic;
use calamine::{Data, Reader, SheetType, SheetVisible, Xlsx};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// The uncompressed size a workbook may have in all. Real catalogs are a few MB.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 200 * 1024 * 1024;
/// The compression ratio a large part may have. XML compresses about 10:1; a bomb compresses 1000:1.
pub const MAX_RATIO: u64 = 100;
/// Parts smaller than this are not held to the ratio: tiny, repetitive parts compress well and harmlessly.
const RATIO_MIN_BYTES: u64 = 1024 * 1024;

/// Sizes of the zip entries as (compressed, uncompressed), from the central directory only.
pub fn check_sizes(entries: &[(u64, u64)]) -> Result<(), (String, String)> {
    let total: u64 = entries.iter().map(|&(_, u)| u).fold(0, u64::saturating_add);
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err((
            format!("文件解压后达 {} MB，超过上限 {} MB：可能已损坏或是恶意文件，已拒绝读取", total / (1024 * 1024), MAX_UNCOMPRESSED_BYTES / (1024 * 1024)),
            format!("The file unpacks to {} MB, over the {} MB limit: it may be damaged or hostile, and was not read", total / (1024 * 1024), MAX_UNCOMPRESSED_BYTES / (1024 * 1024)),
        ));
    }
    for &(c, u) in entries {
        if u >= RATIO_MIN_BYTES && u / c.max(1) > MAX_RATIO {
            return Err((
                format!("文件的压缩比异常（{}:1，上限 {MAX_RATIO}:1）：可能是压缩炸弹，已拒绝读取。请用 Excel/WPS 重新另存为 .xlsx", u / c.max(1)),
                format!("The file's compression ratio is abnormal ({}:1, the limit is {MAX_RATIO}:1): it may be a zip bomb and was not read. Save it again as .xlsx from Excel or WPS", u / c.max(1)),
            ));
        }
    }
    Ok(())
}

fn corrupt(path: &Path, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("无法读取 Excel 文件（{e}）：文件可能已损坏或不是 .xlsx。请用 Excel/WPS 打开后另存为 .xlsx 再试"),
        format!("Cannot read the Excel file ({e}): it may be damaged or not really .xlsx. Open it in Excel or WPS and save it as .xlsx again"),
    )
}

/// Reads the central directory and refuses the file if it would unpack too large.
fn check_zip(path: &Path) -> Result<(), Diagnostic> {
    let len = std::fs::metadata(path).map_err(|e| corrupt(path, &e))?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big(path, len));
    }
    let file = File::open(path).map_err(|e| corrupt(path, &e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| corrupt(path, &e))?;
    let mut entries = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| corrupt(path, &e))?;
        entries.push((f.compressed_size(), f.size()));
    }
    check_sizes(&entries).map_err(|(zh, en)| Diagnostic::error(path, zh, en))
}

/// Reads every visible worksheet of a workbook into a grid. `None` when the file cannot be read.
pub fn read(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Vec<Grid>> {
    if let Err(d) = check_zip(path) {
        diags.push(d);
        return None;
    }
    // calamine has panicked on malformed files in the past; a clerk's damaged file must give an
    // error, not stop the build.
    let result = std::panic::catch_unwind(|| {
        let mut local = Vec::new();
        let grids = read_sheets(path, &mut local);
        (grids, local)
    });
    match result {
        Ok((grids, local)) => {
            diags.extend(local);
            grids
        }
        Err(_) => {
            diags.push(corrupt(path, &"解析时出错 / parser failure"));
            None
        }
    }
}

fn read_sheets(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Vec<Grid>> {
    let mut wb: Xlsx<BufReader<File>> = match calamine::open_workbook(path) {
        Ok(wb) => wb,
        Err(e) => {
            diags.push(corrupt(path, &e));
            return None;
        }
    };
    let sheets: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    // Hidden sheets are usually drafts or lookup lists, so they are not read; but a clerk must know,
    // since a hidden catalog sheet would otherwise be missing without a word.
    for s in wb.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet && s.visible != SheetVisible::Visible) {
        diags.push(
            Diagnostic::warning(
                path,
                "这个工作表是隐藏的，没有读取：如其中有目录，请在 Excel/WPS 中取消隐藏",
                "This sheet is hidden and was not read: if it holds catalog rows, unhide it in Excel or WPS",
            )
            .in_sheet(s.name.clone()),
        );
    }
    let mut grids = Vec::new();
    for name in sheets {
        let mut grid = Grid { sheet: Some(name.clone()), ..Grid::default() };
        let merges = match wb.worksheet_merge_cells(&name) {
            Some(Ok(m)) => m,
            Some(Err(e)) => {
                diags.push(corrupt(path, &e).in_sheet(&name));
                continue;
            }
            None => vec![],
        };
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(e) => {
                diags.push(corrupt(path, &e).in_sheet(&name));
                continue;
            }
        };
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (r, c) = cell.get_position();
                    let (r, c) = (r as usize, c as usize);
                    let text = Data::from(cell.get_value().clone()).to_string();
                    // Formatted but empty cells (a whole column styled down to row 1048576) are not
                    // content; skipping them keeps memory bounded by the text, not the styling.
                    if text.is_empty() {
                        continue;
                    }
                    if r >= MAX_ROWS {
                        // Streaming stops here, so a sheet with a million rows costs nothing more.
                        diags.push(too_many_rows(path, Some(&name)));
                        break;
                    }
                    if c >= MAX_COLUMNS {
                        if !text.trim().is_empty() {
                            grid.broken.entry(r).or_insert_with(|| too_many_columns(path, Some(&name), r as u32 + 1, c));
                            if grid.rows.len() <= r {
                                grid.rows.resize_with(r + 1, Vec::new);
                            }
                        }
                        continue;
                    }
                    if grid.rows.len() <= r {
                        grid.rows.resize_with(r + 1, Vec::new);
                    }
                    let row = &mut grid.rows[r];
                    if row.len() <= c {
                        row.resize(c + 1, String::new());
                    }
                    row[c] = text;
                }
                Ok(None) => break,
                Err(e) => {
                    diags.push(corrupt(path, &e).in_sheet(&name));
                    break;
                }
            }
        }
        let rows = grid.rows.len();
        grid.merges = merges
            .iter()
            // A region written backwards ("B2:A1") is malformed; drop it rather than trust it.
            .filter(|d| d.start.0 <= d.end.0 && d.start.1 <= d.end.1)
            .filter(|d| (d.start.0 as usize) < rows && (d.start.1 as usize) < MAX_COLUMNS)
            .map(|d| (d.start.0 as usize, d.start.1 as usize, d.end.0 as usize, d.end.1 as usize))
            .collect();
        grids.push(grid);
    }
    Some(grids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_unpacking_past_the_total_limit_is_refused() {
        let parts = vec![(10 * 1024 * 1024, 90 * 1024 * 1024); 3];
        assert!(check_sizes(&parts).is_err());
        assert!(check_sizes(&[(1_000_000, 5_000_000), (20_000, 100_000)]).is_ok());
    }

    #[test]
    fn a_large_part_compressed_beyond_the_ratio_is_refused_but_a_small_one_is_not() {
        assert!(check_sizes(&[(10_000, 50 * 1024 * 1024)]).is_err());
        assert!(check_sizes(&[(100, 500_000)]).is_ok());
    }
}

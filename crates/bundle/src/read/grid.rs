//! A sheet as text cells at their spreadsheet positions, with its merged regions: what both the XLSX
//! and the CSV reader produce, and all that the table reader needs.

/// One sheet (or CSV file). `rows[0]` is spreadsheet row 1 and column 0 is column A, so positions
/// in diagnostics are those a clerk sees.
#[derive(Debug, Default)]
pub struct Grid {
    pub sheet: Option<String>,
    pub rows: Vec<Vec<String>>,
    /// Merged regions as (first row, first column, last row, last column), 0-based, inclusive.
    pub merges: Vec<(usize, usize, usize, usize)>,
    /// Rows (0-based) the file reader found broken (quoting, text beyond the last column read), with
    /// the error that refuses each.
    pub broken: std::collections::BTreeMap<usize, crate::diagnostic::Diagnostic>,
}

/// Merged cells copied down past this many cells in one sheet are refused: real catalogs have
/// thousands, and copying is what a hostile file would use to blow up memory.
pub const MAX_MERGE_FILL: usize = 1_000_000;

impl Grid {
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Whether row `r` counts as a row: it has text, or the file reader found it broken.
    pub fn is_row(&self, r: usize) -> bool {
        self.broken.contains_key(&r) || self.rows.get(r).is_some_and(|row| row.iter().any(|c| !c.trim().is_empty()))
    }

    pub fn cell(&self, r: usize, c: usize) -> &str {
        self.rows.get(r).and_then(|row| row.get(c)).map_or("", String::as_str)
    }

    /// Header row `r` as `width` cells, each reading the value of the merged region it lies in, in any
    /// direction: a group header merged over its sub-columns names each of them. One pass over the
    /// merges, so a sheet with very many merged regions stays fast.
    pub fn header_row(&self, r: usize, width: usize) -> Vec<String> {
        let mut out: Vec<String> = (0..width).map(|c| self.cell(r, c).to_string()).collect();
        for &(r0, c0, r1, c1) in &self.merges {
            if (r0..=r1).contains(&r) && c0 < width && c0 <= c1 {
                let value = self.cell(r0, c0);
                for cell in &mut out[c0..=c1.min(width - 1)] {
                    cell.clear();
                    cell.push_str(value);
                }
            }
        }
        out
    }

    /// Copies each merged region's value down its first column from row `from` on: a first-level item
    /// (or a 公开依据) merged over several rows applies to each. Values are not copied sideways, so a
    /// first-level item merged across the 二级事项 column stays a one-level item. Returns false (and
    /// copies nothing more) when the copying would exceed [`MAX_MERGE_FILL`] cells.
    pub fn fill_merges_down(&mut self, from: usize) -> bool {
        let mut budget = MAX_MERGE_FILL;
        let merges = std::mem::take(&mut self.merges);
        let mut ok = true;
        for &(r0, c0, r1, _) in &merges {
            if r1 <= r0 || r1 < from || r0 >= self.rows.len() {
                continue;
            }
            let value = self.cell(r0, c0).to_string();
            let last = r1.min(self.rows.len() - 1);
            for r in (r0 + 1).max(from)..=last {
                if budget == 0 {
                    ok = false;
                    break;
                }
                budget -= 1;
                let row = &mut self.rows[r];
                if row.len() <= c0 {
                    row.resize(c0 + 1, String::new());
                }
                row[c0] = value.clone();
            }
        }
        self.merges = merges;
        ok
    }

    /// Whether column `c` has any text from row `from` on.
    pub fn column_has_data(&self, c: usize, from: usize) -> bool {
        self.rows.iter().skip(from).any(|row| row.get(c).is_some_and(|s| !s.trim().is_empty()))
    }
}

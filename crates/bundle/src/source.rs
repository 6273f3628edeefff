//! What the readers produce: catalog tables as read from one sheet or CSV file, before places are
//! resolved and ids are given. This is the interface between `read` (file formats, header variants) and
//! `assemble` (places, inheritance, ids).

use gongkai_catalog::{DisclosureItem, NotApplicable};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One catalog table: a CSV file, or one sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceTable {
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// Level labels of this table's 公开层级 columns, in column order (e.g. ["县级", "乡级"]).
    pub level_labels: Vec<String>,
    /// Headers of the columns the standard does not name, in column order.
    pub extra_columns: Vec<String>,
    pub rows: Vec<SourceRow>,
    /// Domains the table declares not applicable (未涉及领域事项说明).
    pub not_applicable: Vec<NotApplicable>,
}

/// One catalog row (a lowest-level item) and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    /// 1-based row number as a spreadsheet shows it.
    pub row: u32,
    /// The item as read. `id` is empty until assembly; `levels` index into the table's `level_labels`
    /// and `extras` into its `extra_columns`; `domain` is set from the 领域 column, the sheet name, the
    /// title row or the file name.
    pub item: DisclosureItem,
}

//! Diagnostics of one source file with a cap, shared by the CSV sources (entries, links), so a file of a
//! million bad rows reports quickly and readably.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// At most this many diagnostics are listed per file; the rest are counted in one closing line.
pub const DIAGNOSTICS_PER_FILE: usize = 200;

/// Per-file diagnostics with a cap, so a file of a million bad rows reports quickly and readably.
pub(crate) struct FileReport<'a> {
    path: &'a Path,
    listed: usize,
    unlisted_errors: usize,
    unlisted_warnings: usize,
}

impl<'a> FileReport<'a> {
    pub(crate) fn new(path: &'a Path) -> Self {
        FileReport { path, listed: 0, unlisted_errors: 0, unlisted_warnings: 0 }
    }

    /// Whether another diagnostic will be listed (callers skip costly suggestions when not).
    pub(crate) fn has_room(&self) -> bool {
        self.listed < DIAGNOSTICS_PER_FILE
    }

    pub(crate) fn push(&mut self, diags: &mut Vec<Diagnostic>, d: Diagnostic) {
        if self.has_room() {
            self.listed += 1;
            diags.push(d);
        } else if d.is_error() {
            self.unlisted_errors += 1;
        } else {
            self.unlisted_warnings += 1;
        }
    }

    pub(crate) fn finish(self, diags: &mut Vec<Diagnostic>) {
        let (e, w) = (self.unlisted_errors, self.unlisted_warnings);
        if e + w == 0 {
            return;
        }
        let zh = format!("另有{e}个错误、{w}个警告未列出");
        let en = format!("{e} more errors and {w} more warnings not listed");
        diags.push(if e > 0 { Diagnostic::error(self.path, zh, en) } else { Diagnostic::warning(self.path, zh, en) });
    }
}

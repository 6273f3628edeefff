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
    /// The lowest and highest row named by a diagnostic not listed.
    unlisted_rows: Option<(u32, u32)>,
}

impl<'a> FileReport<'a> {
    pub(crate) fn new(path: &'a Path) -> Self {
        FileReport { path, listed: 0, unlisted_errors: 0, unlisted_warnings: 0, unlisted_rows: None }
    }

    /// Whether another diagnostic will be listed (callers skip costly suggestions when not).
    pub(crate) fn has_room(&self) -> bool {
        self.listed < DIAGNOSTICS_PER_FILE
    }

    pub(crate) fn push(&mut self, diags: &mut Vec<Diagnostic>, d: Diagnostic) {
        if self.has_room() {
            self.listed += 1;
            diags.push(d);
        } else {
            if d.is_error() {
                self.unlisted_errors += 1;
            } else {
                self.unlisted_warnings += 1;
            }
            if let Some(r) = d.row {
                self.unlisted_rows = Some(self.unlisted_rows.map_or((r, r), |(a, b)| (a.min(r), b.max(r))));
            }
        }
    }

    pub(crate) fn finish(self, diags: &mut Vec<Diagnostic>) {
        let (e, w) = (self.unlisted_errors, self.unlisted_warnings);
        if e + w == 0 {
            return;
        }
        // Name where the unlisted ones are, so a clerk can find them (the rows refused by unlisted
        // errors lie in this range; the ledger counts each).
        let (zh_at, en_at) = match self.unlisted_rows {
            Some((a, b)) if a == b => (format!("（在第{a}行）"), format!(" (on row {a})")),
            Some((a, b)) => (format!("（在第{a}行至第{b}行之间）"), format!(" (between rows {a} and {b})")),
            None => (String::new(), String::new()),
        };
        let zh = format!("另有{e}个错误、{w}个警告未列出{zh_at}");
        let en = format!("{e} more errors and {w} more warnings not listed{en_at}");
        let d = if e > 0 { Diagnostic::error(self.path, zh, en) } else { Diagnostic::warning(self.path, zh, en) };
        diags.push(match self.unlisted_rows {
            Some((a, _)) => d.at_row(a),
            None => d,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn closing(rows_past_the_cap: &[(Option<u32>, bool)]) -> Option<Diagnostic> {
        let path = Path::new("entries/430121.csv");
        let mut diags = Vec::new();
        let mut report = FileReport::new(path);
        for r in 0..DIAGNOSTICS_PER_FILE as u32 {
            report.push(&mut diags, Diagnostic::error(path, "错", "wrong").at_row(r + 2));
        }
        for &(row, error) in rows_past_the_cap {
            let d = if error { Diagnostic::error(path, "错", "wrong") } else { Diagnostic::warning(path, "警", "warn") };
            report.push(&mut diags, match row {
                Some(r) => d.at_row(r),
                None => d,
            });
        }
        report.finish(&mut diags);
        assert!(diags.len() <= DIAGNOSTICS_PER_FILE + 1);
        (diags.len() > DIAGNOSTICS_PER_FILE).then(|| diags.pop().unwrap())
    }

    #[test]
    fn the_closing_line_names_the_first_and_last_unlisted_rows() {
        // (diagnostics past the cap, the closing line's severity, row and words)
        type Case<'a> = (&'a [(Option<u32>, bool)], Option<(Severity, Option<u32>, &'a str, &'a str)>);
        let cases: &[Case] = &[
            (&[], None),
            (&[(Some(300), true)], Some((Severity::Error, Some(300), "另有1个错误、0个警告未列出（在第300行）", "(on row 300)"))),
            (
                &[(Some(250), true), (Some(990), true), (Some(205), false)],
                Some((Severity::Error, Some(205), "另有2个错误、1个警告未列出（在第205行至第990行之间）", "(between rows 205 and 990)")),
            ),
            (&[(Some(7), false), (None, false)], Some((Severity::Warning, Some(7), "另有0个错误、2个警告未列出（在第7行）", "2 more warnings"))),
            (&[(None, true)], Some((Severity::Error, None, "另有1个错误、0个警告未列出 /", "not listed"))),
        ];
        for (past, want) in cases {
            let got = closing(past);
            match (got, want) {
                (None, None) => {}
                (Some(d), Some((severity, row, zh, en))) => {
                    assert_eq!((d.severity, d.row), (*severity, *row), "{past:?}: {d}");
                    assert!(d.message.contains(zh) && d.message.contains(en), "{past:?}: {}", d.message);
                }
                (got, _) => panic!("{past:?}: {got:?}"),
            }
        }
    }
}

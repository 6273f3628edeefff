//! Every CSV the build step reads — catalogs, `places.csv`, `entries/*.csv`, `links/*.csv` — goes
//! through here: read with a size cap, decoded with the encoding detected (UTF-8 with or without BOM,
//! UTF-16 with BOM, else GB18030, which covers GBK), and split into records by a strict splitter that
//! says where quoting breaks. The `csv` crate is lenient by design: a quote that never closes swallows
//! the rest of the file into one cell, and a stray quote is kept or dropped silently. A clerk must be
//! told instead, at the row where the damage starts, and the rows after it must still be read.

use super::MAX_FILE_BYTES;
use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::path::Path;

/// Decodes a CSV file's bytes. Returns the text and whether undecodable bytes were replaced.
/// Excel on Chinese Windows saves "CSV" as GBK and clerks rarely know which they have, so the
/// encoding is detected, never asked: a BOM decides; else valid UTF-8 is UTF-8, anything else GB18030.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text, had_errors);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes),
    }
}

/// Reads a text file of at most [`MAX_FILE_BYTES`] and decodes it; replaced bytes give a warning.
/// A file that cannot be read, or is too large, gives an error and `None`.
pub fn read_text(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let bytes = match read_bounded(path) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (text, replaced) = decode(&bytes);
    if replaced {
        diags.push(Diagnostic::warning(
            path,
            "文件中有无法识别的字符，已用「�」代替：请用 Excel/WPS 另存为「CSV UTF-8」或 GBK 编码的 CSV",
            "The file has characters that could not be decoded and were replaced with �: save it again as CSV UTF-8 (or GBK CSV)",
        ));
    }
    Some(text.into_owned())
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            path,
            format!("无法读取文件（{e}）：请检查文件是否存在、是否被其他程序占用"),
            format!("Cannot read the file ({e}): check that it exists and is not locked by another program"),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, meta.len()));
    }
    // Read through `take` as well: the file may grow between the check and the read.
    use std::io::Read;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| unreadable(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(path, bytes.len() as u64));
    }
    Ok(bytes)
}

pub fn too_big(path: &Path, len: u64) -> Diagnostic {
    const MB: u64 = 1024 * 1024;
    // Rounded down, so a file just over the limit does not read as "100 MB, the limit is 100 MB".
    let size = if len / MB == MAX_FILE_BYTES / MB { format!("{} MB 以上", len / MB) } else { format!("{} MB", len / MB) };
    let size_en = if len / MB == MAX_FILE_BYTES / MB { format!("over {} MB", len / MB) } else { format!("{} MB", len / MB) };
    Diagnostic::error(
        path,
        format!("文件过大（{size}，上限 {} MB）：请检查是否混入了其他数据，或把文件拆分", MAX_FILE_BYTES / MB),
        format!("The file is too large ({size_en}, the limit is {} MB): check it for stray data, or split it", MAX_FILE_BYTES / MB),
    )
}

/// The field separator: a tab-separated export (some "Unicode text" saves) has tabs but no commas in
/// its first lines.
pub fn delimiter(text: &str) -> char {
    let first_lines: String = text.lines().take(5).collect();
    if !first_lines.contains(',') && first_lines.contains('\t') {
        '\t'
    } else {
        ','
    }
}

/// What is wrong with a record's quoting. `cell` is 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteProblem {
    /// A quoted cell whose closing quote never comes: only the line where it opens is taken as the
    /// record, and reading goes on with the next line.
    Unclosed { cell: usize },
    /// A quote inside a cell that does not start with one (`他说"好"`).
    Stray { cell: usize },
    /// Text after a quoted cell's closing quote (`"好"吗`).
    AfterClosing { cell: usize },
}

/// One record: the spreadsheet row it is (1-based: records are rows, as Excel shows them), its cells,
/// the text lines it spans, and what is wrong with its quoting, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub row: u32,
    pub cells: Vec<String>,
    pub first_line: u32,
    pub last_line: u32,
    pub problem: Option<QuoteProblem>,
}

impl Record {
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// The error for a broken record, at its row.
    pub fn problem_diagnostic(&self, path: &Path, column: impl Fn(usize) -> String) -> Option<Diagnostic> {
        let (zh, en, cell) = match self.problem? {
            QuoteProblem::Unclosed { cell } => (
                format!("引号没有配对：这一行（文本第{}行）有一个单元格以英文引号 \" 开头，但到文件末尾都没有结束的引号。请补上引号，或用 Excel/WPS 打开后重新另存为 CSV", self.first_line),
                format!("Unbalanced quote: a cell on this row (text line {}) opens with \" and no closing quote follows before the end of the file. Add the closing quote, or open the file in Excel or WPS and save it as CSV again", self.first_line),
                cell,
            ),
            QuoteProblem::Stray { cell } => (
                "单元格中间有多余的英文引号 \"：单元格含引号时，整个单元格要用引号括起来，里面的引号写两遍（\"\"）。请用 Excel/WPS 重新另存为 CSV".to_string(),
                "A stray \" inside a cell: a cell holding a quote must be quoted as a whole, with the quote doubled (\"\"). Open the file in Excel or WPS and save it as CSV again".to_string(),
                cell,
            ),
            QuoteProblem::AfterClosing { cell } => {
                let lines = if self.last_line > self.first_line {
                    (format!("（从文本第{}行到第{}行）", self.first_line, self.last_line), format!(" (text lines {} to {})", self.first_line, self.last_line))
                } else {
                    (String::new(), String::new())
                };
                (
                    format!("引号没有配对{}：一个以引号开头的单元格在结束引号之后还有文字。请检查引号，或用 Excel/WPS 重新另存为 CSV", lines.0),
                    format!("Unbalanced quotes{}: a quoted cell has text after its closing quote. Check the quotes, or open the file in Excel or WPS and save it as CSV again", lines.1),
                    cell,
                )
            }
        };
        Some(Diagnostic::error(path, zh, en).at_row(self.row).in_column(column(cell)))
    }
}

/// Splits CSV text into records, strictly (RFC 4180 as Excel writes it): a cell is quoted as a whole
/// or not at all, a quote inside a quoted cell is doubled, and records end at CR, LF or CRLF outside
/// quotes. Empty lines are records too, so row numbers are those a spreadsheet shows.
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    row: u32,
    line: u32,
    delimiter: char,
}

pub fn records(text: &str, delimiter: char) -> Records<'_> {
    Records { text, pos: 0, row: 0, line: 1, delimiter }
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if self.pos >= self.text.len() {
            return None;
        }
        self.row += 1;
        let start = self.pos;
        let first_line = self.line;
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut problem = None;
        let mut chars = self.text[start..].char_indices().peekable();
        // Where the record ends (byte offset into text) and how many line breaks it consumed.
        let end;
        'record: loop {
            // At the start of a cell.
            if chars.peek().map(|&(_, c)| c) == Some('"') {
                chars.next();
                loop {
                    match chars.next() {
                        None => {
                            // The quote never closes: take the opening line alone as this record and
                            // go on reading at the next line, so nothing after it is swallowed.
                            let line_end = self.text[start..].find(['\n', '\r']).map_or(self.text.len(), |i| start + i);
                            let cells_so_far = cells.len();
                            let line_text = &self.text[start..line_end];
                            self.pos = skip_line_break(self.text, line_end);
                            self.line = first_line + 1;
                            return Some(Record {
                                row: self.row,
                                cells: line_text.split(self.delimiter).map(str::to_string).collect(),
                                first_line,
                                last_line: first_line,
                                problem: Some(QuoteProblem::Unclosed { cell: cells_so_far }),
                            });
                        }
                        Some((_, '"')) => {
                            if chars.peek().map(|&(_, c)| c) == Some('"') {
                                chars.next();
                                cell.push('"');
                            } else {
                                break;
                            }
                        }
                        Some((i, '\r')) => {
                            if chars.peek().map(|&(_, c)| c) == Some('\n') {
                                chars.next();
                            }
                            let _ = i;
                            self.line += 1;
                            cell.push('\n');
                        }
                        Some((_, '\n')) => {
                            self.line += 1;
                            cell.push('\n');
                        }
                        Some((_, c)) => cell.push(c),
                    }
                }
                // After the closing quote: only a delimiter or the end of the record may follow.
                loop {
                    match chars.peek().copied() {
                        None => {
                            cells.push(std::mem::take(&mut cell));
                            end = self.text.len();
                            break 'record;
                        }
                        Some((_, c)) if c == self.delimiter => {
                            chars.next();
                            cells.push(std::mem::take(&mut cell));
                            continue 'record;
                        }
                        Some((i, '\n' | '\r')) => {
                            cells.push(std::mem::take(&mut cell));
                            end = start + i;
                            break 'record;
                        }
                        Some((_, c)) => {
                            chars.next();
                            problem.get_or_insert(QuoteProblem::AfterClosing { cell: cells.len() });
                            cell.push(c);
                        }
                    }
                }
            }
            // An unquoted cell.
            loop {
                match chars.peek().copied() {
                    None => {
                        cells.push(std::mem::take(&mut cell));
                        end = self.text.len();
                        break 'record;
                    }
                    Some((_, c)) if c == self.delimiter => {
                        chars.next();
                        cells.push(std::mem::take(&mut cell));
                        continue 'record;
                    }
                    Some((i, '\n' | '\r')) => {
                        cells.push(std::mem::take(&mut cell));
                        end = start + i;
                        break 'record;
                    }
                    Some((_, c)) => {
                        chars.next();
                        if c == '"' {
                            problem.get_or_insert(QuoteProblem::Stray { cell: cells.len() });
                        }
                        cell.push(c);
                    }
                }
            }
        }
        let last_line = self.line;
        self.pos = skip_line_break(self.text, end);
        if self.pos > end {
            self.line += 1;
        }
        Some(Record { row: self.row, cells, first_line, last_line, problem })
    }
}

/// The offset after the line break at `at` (CR, LF or CRLF), or `at` at the end of the text.
fn skip_line_break(text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at..];
    match rest {
        [b'\r', b'\n', ..] => at + 2,
        [b'\r' | b'\n', ..] => at + 1,
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(u32, Vec<String>, Option<QuoteProblem>)> {
        records(text, ',').map(|r| (r.row, r.cells, r.problem)).collect()
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn records_are_split_as_excel_writes_them() {
        type Case<'a> = (&'a str, &'a [(u32, &'a [&'a str])]);
        let cases: &[Case] = &[
            ("a,b\r\nc,d\r\n", &[(1, &["a", "b"]), (2, &["c", "d"])]),
            ("a,b\nc", &[(1, &["a", "b"]), (2, &["c"])]),
            ("a\n\nb\n", &[(1, &["a"]), (2, &[""]), (3, &["b"])]),
            ("\"x,y\",\"他说\"\"好\"\"\"\n", &[(1, &["x,y", "他说\"好\""])]),
            ("\"两\n行\",z\nq\n", &[(1, &["两\n行", "z"]), (2, &["q"])]),
            ("a,,\n", &[(1, &["a", "", ""])]),
            ("\"\"\n", &[(1, &[""])]),
        ];
        for (text, want) in cases {
            let got = split(text);
            let want: Vec<_> = want.iter().map(|(r, c)| (*r, cells(c), None)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn broken_quoting_is_found_at_the_row_where_it_starts_and_later_rows_are_still_read() {
        let got = split("h1,h2\n1,\"never closes\n2,two\n3,three\n");
        assert_eq!(got[1], (2, cells(&["1", "\"never closes"]), Some(QuoteProblem::Unclosed { cell: 1 })));
        assert_eq!(got[2], (3, cells(&["2", "two"]), None));
        assert_eq!(got[3], (4, cells(&["3", "three"]), None));
        assert_eq!(got.len(), 4);

        let got = split("1,他说\"好\"\n2,ok\n");
        assert_eq!(got[0].2, Some(QuoteProblem::Stray { cell: 1 }));
        assert_eq!(got[1], (2, cells(&["2", "ok"]), None));

        let got = split("\"好\"吗,x\n2,ok\n");
        assert_eq!(got[0].2, Some(QuoteProblem::AfterClosing { cell: 0 }));
        assert_eq!(got[1].0, 2);
    }

    #[test]
    fn a_bom_decides_and_gbk_is_read_when_the_bytes_are_not_utf8() {
        let (gbk, _, _) = encoding_rs::GBK.encode("地区代码,标题");
        assert_eq!(decode(&gbk), (Cow::Borrowed("地区代码,标题"), false));
        assert_eq!(decode("\u{FEFF}代码".as_bytes()).0, "代码");
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("代码".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16).0, "代码");
    }
}

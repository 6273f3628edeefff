//! Scratch files for what a national build cannot hold in memory: resolved entry rows (read file by
//! file, then taken back place by place) and the search index's entry docs (written place by place,
//! then read back in rank order). A compact binary record of length-prefixed strings; the files live
//! in the build's scratch folder and never reach the bundle.

use chrono::NaiveDate;
use gongkai_catalog::{EntryKind, ENTRY_KINDS};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// An append-only scratch file.
#[derive(Debug)]
pub struct SpillWriter {
    path: PathBuf,
    out: BufWriter<File>,
    len: u64,
    buf: Vec<u8>,
}

impl SpillWriter {
    pub fn create(path: &Path) -> std::io::Result<SpillWriter> {
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        Ok(SpillWriter { path: path.to_path_buf(), out: BufWriter::with_capacity(1 << 16, File::create(path)?), len: 0, buf: Vec::new() })
    }

    /// Appends one record (built with [`Record`]); returns its start offset.
    pub fn push(&mut self, record: &Record) -> std::io::Result<u64> {
        let at = self.len;
        self.out.write_all(&record.0)?;
        self.len += record.0.len() as u64;
        Ok(at)
    }

    /// Bytes written so far (the next record's offset).
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Flushes and reopens the file for reading.
    pub fn into_reader(mut self) -> std::io::Result<SpillReader> {
        self.out.flush()?;
        drop(std::mem::take(&mut self.buf));
        Ok(SpillReader { file: File::open(&self.path)?, path: self.path })
    }
}

/// A scratch file read back by byte ranges.
#[derive(Debug)]
pub struct SpillReader {
    file: File,
    path: PathBuf,
}

impl SpillReader {
    /// The bytes of `start..end`.
    pub fn read_range(&self, start: u64, end: u64) -> std::io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0u8; (end - start) as usize];
        self.file.read_exact_at(&mut buf, start)?;
        Ok(buf)
    }

    /// The whole file.
    pub fn read_all(&self) -> std::io::Result<Vec<u8>> {
        std::fs::read(&self.path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// One record being encoded.
#[derive(Debug, Default)]
pub struct Record(pub Vec<u8>);

impl Record {
    /// Starts a record; its length is patched in by [`Record::done`] so a reader can skip it.
    pub fn new() -> Record {
        Record(vec![0; 4])
    }

    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }

    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend(v.to_le_bytes());
        self
    }

    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend(v.to_le_bytes());
        self
    }

    pub fn date(&mut self, d: NaiveDate) -> &mut Self {
        self.0.extend(date_code(d).to_le_bytes());
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.u32(s.len() as u32);
        self.0.extend(s.as_bytes());
        self
    }

    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.str(s),
            None => self.u32(u32::MAX),
        }
    }

    pub fn opt_date(&mut self, d: Option<NaiveDate>) -> &mut Self {
        self.0.extend(d.map_or(i32::MIN, date_code).to_le_bytes());
        self
    }

    pub fn kind(&mut self, k: Option<EntryKind>) -> &mut Self {
        self.u8(k.and_then(|k| ENTRY_KINDS.iter().position(|x| *x == k)).map_or(0, |i| i as u8 + 1))
    }

    /// Finishes the record: writes its length in front.
    pub fn done(&mut self) -> &Record {
        let n = (self.0.len() - 4) as u32;
        self.0[..4].copy_from_slice(&n.to_le_bytes());
        self
    }
}

/// Days since 1970-01-01 (a date's order is the code's order).
pub fn date_code(d: NaiveDate) -> i32 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")).num_days() as i32
}

pub fn date_of(code: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date") + chrono::TimeDelta::days(code as i64)
}

/// Reads the records of a byte buffer in order.
#[derive(Debug)]
pub struct Records<'a> {
    buf: &'a [u8],
}

impl<'a> Records<'a> {
    pub fn new(buf: &'a [u8]) -> Records<'a> {
        Records { buf }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Fields<'a>;

    fn next(&mut self) -> Option<Fields<'a>> {
        if self.buf.len() < 4 {
            return None;
        }
        let n = u32::from_le_bytes(self.buf[..4].try_into().ok()?) as usize;
        let (rec, rest) = self.buf[4..].split_at(n);
        self.buf = rest;
        Some(Fields { buf: rec })
    }
}

/// The fields of one record, read in the order they were written.
#[derive(Debug)]
pub struct Fields<'a> {
    buf: &'a [u8],
}

impl<'a> Fields<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (a, b) = self.buf.split_at(n);
        self.buf = b;
        a
    }

    pub fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take(2).try_into().expect("2 bytes"))
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().expect("4 bytes"))
    }

    pub fn date(&mut self) -> NaiveDate {
        date_of(i32::from_le_bytes(self.take(4).try_into().expect("4 bytes")))
    }

    pub fn opt_date(&mut self) -> Option<NaiveDate> {
        let c = i32::from_le_bytes(self.take(4).try_into().expect("4 bytes"));
        (c != i32::MIN).then(|| date_of(c))
    }

    pub fn str(&mut self) -> &'a str {
        let n = self.u32() as usize;
        std::str::from_utf8(self.take(n)).expect("written from a str")
    }

    pub fn opt_str(&mut self) -> Option<&'a str> {
        let n = self.u32();
        if n == u32::MAX {
            return None;
        }
        Some(std::str::from_utf8(self.take(n as usize)).expect("written from a str"))
    }

    pub fn kind(&mut self) -> Option<EntryKind> {
        let k = self.u8();
        (k > 0).then(|| ENTRY_KINDS.get(k as usize - 1).copied()).flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_written() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        let mut buf = Vec::new();
        for (i, title) in ["低保名单", "", "a\u{0}b"].iter().enumerate() {
            let mut r = Record::new();
            r.u16(i as u16).u32(7).date(d).opt_date(None).str(title).opt_str(None).opt_str(Some("x")).kind(Some(EntryKind::Guide));
            buf.extend(&r.done().0);
        }
        let got: Vec<_> = Records::new(&buf)
            .map(|mut f| (f.u16(), f.u32(), f.date(), f.opt_date(), f.str().to_string(), f.opt_str(), f.opt_str().map(str::to_string), f.kind()))
            .collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (0, 7, d, None, "低保名单".into(), None, Some("x".into()), Some(EntryKind::Guide)));
        assert_eq!(got[2].4, "a\u{0}b");
        assert_eq!(date_of(date_code(d)), d);
    }
}

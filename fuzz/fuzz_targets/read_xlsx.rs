//! The XLSX catalog reader on hostile workbooks. The first byte picks how the rest is used:
//! - even: the rest is the .xlsx file itself (zip structure, central directory, sizes, compression);
//! - odd: the rest is the XML of the parts that matter — sheet, shared strings and workbook, split by
//!   `PART_SEPARATOR` — packed by this target into a well-formed zip, so that the fuzzer spends its
//!   time in the XML and the table reader rather than on checksums.
//! Never panics or hangs; the outcome is always well-formed (see `common::check_outcome`).
#![no_main]

mod common;

use gongkai_bundle::read::read_catalog_file;
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use zip::write::SimpleFileOptions;

const PART_SEPARATOR: &[u8] = b"\n<!--part-->\n";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="社会救助" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

fn split_parts(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(i) = rest
        .windows(PART_SEPARATOR.len())
        .position(|w| w == PART_SEPARATOR)
    {
        parts.push(&rest[..i]);
        rest = &rest[i + PART_SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

fn workbook_from_parts(data: &[u8]) -> Vec<u8> {
    let parts = split_parts(data);
    let sheet = parts[0];
    let shared = parts.get(1).copied();
    let workbook = parts.get(2).copied().unwrap_or(WORKBOOK.as_bytes());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, body: &[u8]| {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(body).expect("zip write");
    };
    add("[Content_Types].xml", CONTENT_TYPES.as_bytes());
    add("_rels/.rels", ROOT_RELS.as_bytes());
    add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes());
    add("xl/workbook.xml", workbook);
    add("xl/worksheets/sheet1.xml", sheet);
    if let Some(s) = shared {
        add("xl/sharedStrings.xml", s);
    }
    zip.finish().expect("zip finish").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        workbook_from_parts(rest)
    };
    let path = common::scratch_file("社会救助.xlsx", &bytes);
    common::run_like_the_build_step(|| {
        let out = read_catalog_file(&path);
        common::check_outcome(&path, &out);
    });
});

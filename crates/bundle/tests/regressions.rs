//! Inputs the fuzzers found (fuzz/, scripts/fuzz.sh, fuzz/RUNS.md), kept so they stay fixed. Each
//! test is named after what went wrong.

use gongkai_bundle::read::read_catalog_file;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use tempfile::TempDir;

/// A fresh scratch folder, removed when the returned guard is dropped.
fn scratch(name: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("gongkai-regressions-{name}-"))
        .tempdir()
        .unwrap()
}

/// `bytes` as 社会救助.xlsx in a scratch folder, with the folder's guard (keep it while the file is used).
fn scratch_file(name: &str, bytes: &[u8]) -> (TempDir, PathBuf) {
    let dir = scratch(name);
    let path = dir.path().join("社会救助.xlsx");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// A workbook of the five parts Excel needs, with `sheet_xml` as its only sheet and no shared strings.
fn workbook(sheet_xml: &str) -> Vec<u8> {
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="社会救助" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const DANGLING_SHARED_STRING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;

/// fuzz target `read_xlsx`, 2026-11-22, within 12 runs: a cell of type "s" (shared string) whose index
/// is past the shared-strings table makes calamine 0.31 index out of bounds and panic. The reader's
/// `catch_unwind` turns that into "无法读取 Excel 文件", but the release profile had `panic = "abort"`,
/// so the real build step (`cargo run --release`, as Trunk's hook runs it) died with SIGABRT instead.
#[test]
fn a_shared_string_index_past_the_table_is_a_diagnostic_not_a_crash() {
    let (_dir, path) = scratch_file("dangling_shared_string", &workbook(DANGLING_SHARED_STRING));
    let out = read_catalog_file(&path);
    let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(!errors.is_empty(), "{:#?}", out.diagnostics);
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("无法读取 Excel 文件")),
        "{:#?}",
        errors
    );
    assert!(out.tables.iter().all(|t| t.rows.is_empty()));
}

/// The same file through the command line, built with the profile the tests run under: under
/// `cargo test --release` (scripts/test.sh) this is the release build step itself, which must report
/// the error and exit with 1, not abort.
#[test]
fn the_build_step_binary_survives_a_parser_panic_and_exits_with_an_error() {
    let (_dir, path) = scratch_file(
        "dangling_shared_string_cli",
        &workbook(DANGLING_SHARED_STRING),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai-bundle"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "status {:?}\nstdout: {stdout}\nstderr: {stderr}",
        out.status
    );
    assert!(
        stdout.contains("无法读取 Excel 文件") || stderr.contains("无法读取 Excel 文件"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
}

/// read_csv (2026-12-02): a record of blanks with broken quoting (`"" ` — an empty quoted cell, then a
/// space) was refused with an error, but not counted as a row, because only rows with text were
/// counted and the broken ones had been set aside first. The row equation failed (rows 244 =
/// read 23 + refused 220 + 1 double-booked).
#[test]
fn a_broken_record_of_blanks_is_counted_as_a_refused_row() {
    let header = "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,全社会,主动,依申请,县级,乡级,事项类型,公开内容标题";
    let row = "1,政策,法规文件,名单,《社会救助暂行办法》,20个工作日内,县民政局,政府网站,√,√,,√,,公共服务,";
    let dir = scratch("blank-quote");
    let path = dir.path().join("社会救助.csv");
    std::fs::write(&path, format!("{header}\n{row}\n\"\" \n{}\n", row.replacen("法规文件", "办事指南", 1))).unwrap();
    let out = read_catalog_file(&path);
    assert_eq!((out.rows.rows, out.rows.read, out.rows.refused), (3, 2, 1), "{:#?}", out.diagnostics);
    let e: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].row, Some(3));
    assert!(e[0].message.contains("引号"), "{}", e[0].message);
}

/// read_xlsx (2026-12-02): rows that only a merged region gives text (一级事项 merged down over rows
/// holding only blanks) were read after the merge was copied down, but had not been counted as rows,
/// which were counted before the copying: "neither read nor reported" for rows that were read.
#[test]
fn rows_reached_only_by_a_merged_cell_are_counted_as_rows() {
    let header = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级", "事项类型", "公开内容标题"];
    let row = ["1", "最低生活保障", "政策", "名单", "《社会救助暂行办法》", "20个工作日内", "县民政局", "政府网站", "全社会", "主动", "县级", "", ""];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("社会救助").unwrap();
    for (c, (h, v)) in header.iter().zip(row).enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        if c != 1 {
            ws.write_string(1, c as u16, v).unwrap();
        }
    }
    // 一级事项 merged over rows 2–4; rows 3 and 4 hold nothing else but a space (as the fuzzed sheet did).
    ws.merge_range(1, 1, 3, 1, "最低生活保障", &rust_xlsxwriter::Format::new()).unwrap();
    ws.write_string(2, 12, " ").unwrap();
    ws.write_string(3, 12, " ").unwrap();
    let dir = scratch("merged-rows");
    let path = dir.path().join("社会救助.xlsx");
    wb.save(&path).unwrap();
    let out = read_catalog_file(&path);
    assert!(out.diagnostics.iter().all(|d| !d.message.contains("内部错误")), "{:#?}", out.diagnostics);
    // Row 2 is the item; rows 3 and 4 read as the heading 最低生活保障 repeated by the merge.
    assert_eq!((out.rows.rows, out.rows.read, out.rows.refused), (3, 3, 0), "{:#?}", out.diagnostics);
    assert_eq!(out.tables[0].rows.len(), 1);
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// fuzz read_links, 2026-12-03: a links file of 236 bad rows had 225 named (200 listed, and the 25 rows
/// of the closing line, which named only a count), so the fuzzer's row equation could not see the
/// unlisted ones. The closing line now names the range of the unlisted rows, and counts the errors in
/// it: every refused row is named by a listed error or lies in that range.
#[test]
fn refused_rows_past_the_diagnostics_cap_are_named_by_the_closing_line() {
    let tmp = scratch("cap");
    let root = tmp.path();
    copy_tree(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial/base"), root);
    let mut links = String::from("领域,一级事项,二级事项,三级事项,我要看,我要办,地区代码\n");
    for i in 0..235 {
        links.push_str(&format!("政策{i},最低生活保障,政策,,https://example.gov.cn/,,\n"));
    }
    std::fs::write(root.join("links/links.csv"), links).unwrap();
    let out = gongkai_bundle::build::build_source(root);
    let path = root.join("links/links.csv");
    let rows = out.files.iter().find(|f| f.path == path).and_then(|f| f.rows).unwrap();
    assert_eq!((rows.rows, rows.read, rows.refused), (235, 0, 235));
    let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.file == path && d.is_error()).collect();
    assert_eq!(errors.len(), 201, "200 listed and the closing line");
    let closing = errors.last().unwrap();
    assert_eq!(closing.row, Some(202));
    assert!(closing.message.contains("另有35个错误、0个警告未列出（在第202行至第236行之间）"), "{}", closing.message);
    assert!(closing.message.contains("(between rows 202 and 236)"), "{}", closing.message);
}

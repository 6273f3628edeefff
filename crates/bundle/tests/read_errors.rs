//! Problems in catalog files, reported so that a county clerk can act: file, sheet, row as the
//! spreadsheet shows it, column header, what is wrong and how to fix it, in Chinese then English.
//! Reading never panics and never hangs, whatever the file.

use gongkai_bundle::diagnostic::{Diagnostic, Severity};
use gongkai_bundle::read::{read_catalog_file, ReadOutcome};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read").join(name)
}

fn read(name: &str) -> ReadOutcome {
    read_catalog_file(&fixture(name))
}

/// A scratch file for inputs too large or too hostile to commit.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("read_errors");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn errors(out: &ReadOutcome) -> Vec<&Diagnostic> {
    out.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

fn warnings(out: &ReadOutcome) -> Vec<&Diagnostic> {
    out.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect()
}

/// Every message says it in Chinese, then in English.
fn assert_bilingual(d: &Diagnostic) {
    let (zh, en) = d.message.split_once(" / ").unwrap_or_else(|| panic!("not bilingual: {}", d.message));
    assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", d.message);
    assert!(en.chars().any(|c| c.is_ascii_alphabetic()), "{}", d.message);
}

fn only_error(out: &ReadOutcome) -> &Diagnostic {
    let e = errors(out);
    assert_eq!(e.len(), 1, "{:#?}", out.diagnostics);
    assert_bilingual(e[0]);
    e[0]
}

#[test]
fn a_file_that_is_not_really_xlsx_is_reported_as_unreadable() {
    let out = read("社会救助_corrupt.xlsx");
    let e = only_error(&out);
    assert!(e.message.contains("无法读取") && e.message.contains("另存为"), "{}", e.message);
    assert!(e.file.ends_with("社会救助_corrupt.xlsx"));
    assert!(out.tables.is_empty());
}

#[test]
fn an_old_xls_workbook_is_refused_with_how_to_convert_it() {
    let out = read("社会救助.xls");
    let e = only_error(&out);
    assert!(e.message.contains(".xls") && e.message.contains(".xlsx"), "{}", e.message);
}

#[test]
fn a_file_of_another_kind_is_refused() {
    let path = scratch("目录.pdf", b"%PDF-1.4");
    let out = read_catalog_file(&path);
    assert!(only_error(&out).message.contains("不支持的文件类型"));
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let out = read_catalog_file(Path::new("/nonexistent/社会救助.csv"));
    assert!(only_error(&out).message.contains("无法读取"));
}

#[test]
fn a_file_without_a_catalog_header_says_which_columns_are_expected() {
    let out = read("no_header.csv");
    let e = only_error(&out);
    assert!(e.message.contains("找不到目录表头"));
    assert!(e.message.contains("二级事项") && e.message.contains("公开内容"), "{}", e.message);
}

#[test]
fn a_missing_content_column_is_named() {
    let out = read("社会救助_no_content.csv");
    let e = only_error(&out);
    assert_eq!(e.column.as_deref(), Some("公开内容（要素）"));
    assert_eq!(e.row, Some(1));
    assert!(out.tables.is_empty());
}

#[test]
fn a_missing_item_column_is_named() {
    let out = read("社会救助_no_item.csv");
    let e = only_error(&out);
    assert_eq!(e.column.as_deref(), Some("二级事项"));
    assert!(e.message.contains("事项名称"));
}

#[test]
fn a_table_whose_domain_cannot_be_told_says_what_to_add() {
    let out = read("目录.csv");
    let e = only_error(&out);
    assert!(e.message.contains("无法确定领域") && e.message.contains("领域"), "{}", e.message);
}

#[test]
fn an_unknown_domain_name_is_an_error_at_its_cell() {
    let out = read("unknown_domain.csv");
    let e = only_error(&out);
    assert!(e.message.contains("社会保障"));
    assert_eq!((e.row, e.column.as_deref()), (Some(2), Some("领域")));
}

#[test]
fn an_empty_item_name_with_nothing_above_is_an_error_at_its_row_and_column() {
    let out = read("社会救助_empty_item.csv");
    let e = errors(&out);
    assert_eq!(e.len(), 2, "{:#?}", out.diagnostics);
    // Row 2: nothing above to repeat; row 4: 一级事项 repeats, but 二级事项 is empty.
    assert_eq!((e[0].row, e[0].column.as_deref()), (Some(2), Some("一级事项")));
    assert_eq!((e[1].row, e[1].column.as_deref()), (Some(4), Some("二级事项")));
    e.iter().for_each(|d| assert_bilingual(d));
    assert_eq!(out.tables[0].rows.len(), 1);
}

#[test]
fn an_unrecognised_tick_is_a_warning_and_reads_as_not_ticked() {
    let out = read("社会救助_tick_x.csv");
    assert!(errors(&out).is_empty());
    let w = warnings(&out);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].row, w[0].column.as_deref()), (Some(2), Some("主动")));
    assert!(w[0].message.contains("「X」"));
    assert!(out.tables[0].rows[0].item.modes.is_empty());
}

#[test]
fn an_unknown_channel_is_kept_as_written_with_a_warning() {
    let out = read("社会救助_unknown_channel.csv");
    assert!(errors(&out).is_empty());
    let w = warnings(&out);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].row, w[0].column.as_deref()), (Some(2), Some("公开渠道和载体")));
    assert!(w[0].message.contains("微信群"));
    assert_eq!(out.tables[0].rows[0].item.channels, ["政府网站", "微信群"]);
}

#[test]
fn level_columns_without_labels_are_an_error() {
    let out = read("社会救助_unlabelled_levels.csv");
    let e = errors(&out);
    assert_eq!(e.len(), 2, "{:#?}", out.diagnostics);
    assert!(e[0].message.contains("公开层级"));
    assert_eq!(e[0].row, Some(2));
    assert!(e[0].column.as_deref().unwrap().contains("G"));
}

#[test]
fn a_duplicate_item_names_both_rows() {
    let out = read("社会救助_duplicate.csv");
    let e = only_error(&out);
    assert!(e.message.contains("第2行") && e.message.contains("第4行"), "{}", e.message);
    assert_eq!((e.row, e.column.as_deref()), (Some(4), Some("二级事项")));
    assert_eq!(out.tables[0].rows.len(), 2);
}

#[test]
fn a_time_limit_that_does_not_parse_is_kept_as_text_without_complaint() {
    let out = read("社会救助_unparsed_time.csv");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let t = &out.tables[0].rows[0].item.time_limit;
    assert_eq!((t.text.as_str(), t.parsed.as_ref()), ("每年3月底前", None));
}

#[test]
fn formula_like_cells_are_kept_as_inert_text_with_a_warning() {
    let out = read("社会救助_formula.csv");
    assert!(errors(&out).is_empty());
    let w = warnings(&out);
    assert_eq!(w.len(), 2, "{:#?}", out.diagnostics);
    assert_eq!(w[0].column.as_deref(), Some("二级事项"));
    let item = &out.tables[0].rows[0].item;
    assert_eq!(item.path[1], "=HYPERLINK(\"http://example.com\",\"点击\")");
    assert_eq!(item.content, ["=cmd|' /C calc'!A0"]);
}

#[test]
fn undecodable_bytes_are_replaced_with_a_warning() {
    let out = read("社会救助_bad_bytes.csv");
    assert!(errors(&out).is_empty());
    let w = warnings(&out);
    assert_eq!(w.len(), 1, "{:#?}", out.diagnostics);
    assert!(w[0].message.contains("�"));
    assert!(out.tables[0].rows[0].item.content[0].contains('\u{fffd}'));
}

#[test]
fn a_cell_over_64_kb_is_an_error_and_a_1_mb_cell_does_not_blow_up() {
    for size in [70 * 1024, 1024 * 1024] {
        let big = "名".repeat(size / 3);
        let csv = format!("序号,一级事项,二级事项,公开内容（要素）\n1,政策,法规文件,{big}\n2,政策,办事指南,名单\n");
        let path = scratch(&format!("社会救助_big_{size}.csv"), csv.as_bytes());
        let out = read_catalog_file(&path);
        let e = only_error(&out);
        assert_eq!((e.row, e.column.as_deref()), (Some(2), Some("公开内容（要素）")));
        assert!(e.message.contains("64 KB"));
        assert_eq!(out.tables[0].rows.len(), 2);
    }
}

#[test]
fn a_csv_over_100000_rows_is_an_error_not_a_hang() {
    let mut csv = String::from("序号,一级事项,二级事项,公开内容（要素）\n");
    for i in 0..100_050 {
        csv.push_str(&format!("{i},政策,事项{i},名单\n"));
    }
    let path = scratch("社会救助_rows.csv", csv.as_bytes());
    let out = read_catalog_file(&path);
    let e = only_error(&out);
    assert!(e.message.contains("100000"), "{}", e.message);
}

#[test]
fn an_xlsx_over_100000_rows_is_an_error_not_a_hang() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("社会救助").unwrap();
    for (c, h) in ["一级事项", "二级事项", "公开内容（要素）"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=100_010u32 {
        ws.write_number(r, 0, r as f64).unwrap();
    }
    let path = scratch("社会救助_rows.xlsx", &wb.save_to_buffer().unwrap());
    let out = read_catalog_file(&path);
    let e = errors(&out);
    assert!(e.iter().any(|d| d.message.contains("100000") && d.sheet.as_deref() == Some("社会救助")), "{:#?}", out.diagnostics);
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..20 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    let path = scratch("社会救助_bomb.xlsx", buf.get_ref());
    let out = read_catalog_file(&path);
    let e = only_error(&out);
    assert!(e.message.contains("压缩比"), "{}", e.message);
    assert!(out.tables.is_empty());
}

#[test]
fn every_diagnostic_names_its_file() {
    for name in ["社会救助_duplicate.csv", "社会救助_tick_x.csv", "目录.csv", "社会救助_corrupt.xlsx"] {
        let out = read(name);
        assert!(!out.diagnostics.is_empty());
        for d in &out.diagnostics {
            assert!(d.file.ends_with(name), "{d}");
            assert_bilingual(d);
        }
    }
}

#[test]
fn a_damaged_workbook_is_an_error_never_a_panic() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("社会救助").unwrap();
    for (c, h) in ["一级事项", "二级事项", "公开内容（要素）"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        ws.write_string(1, c as u16, "最低生活保障").unwrap();
    }
    let good = wb.save_to_buffer().unwrap();
    let len = good.len();
    for (i, cut) in [4, 30, len / 3, len / 2, len - 30].into_iter().enumerate() {
        let path = scratch(&format!("社会救助_cut{i}.xlsx"), &good[..cut]);
        let out = read_catalog_file(&path);
        assert!(!errors(&out).is_empty(), "cut at {cut}: {:#?}", out.diagnostics);
    }
    // Flipped bytes in the middle: the file may still read, but must not panic.
    let mut flipped = good.clone();
    for b in flipped[len / 3..len / 3 + 64].iter_mut() {
        *b ^= 0x5a;
    }
    let path = scratch("社会救助_flipped.xlsx", &flipped);
    let out = read_catalog_file(&path);
    assert!(!out.tables.is_empty() || !errors(&out).is_empty());
}

#[test]
fn arbitrary_bytes_as_csv_never_panic() {
    let mut bytes = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    bytes.extend_from_slice("\n序号,一级事项,二级事项,公开内容（要素）\n1,\"政策,法规\n".as_bytes());
    let path = scratch("社会救助_noise.csv", &bytes);
    let out = read_catalog_file(&path);
    assert!(out.diagnostics.iter().all(|d| !d.message.is_empty()));
}

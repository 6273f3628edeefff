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

/// Reads `bytes` as a catalog file named `name`, written to a scratch folder of its own (for inputs
/// too large or too hostile to commit); the folder is removed on return.
fn read_scratch(name: &str, bytes: &[u8]) -> ReadOutcome {
    let dir = tempfile::Builder::new().prefix("gongkai-read-errors-").tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    read_catalog_file(&path)
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

/// A header with every standard and optional column, and one row of it.
const HEADER: &str = "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,全社会,主动,依申请,县级,乡级,事项类型,公开内容标题";

fn row(n: usize, first: &str, second: &str, content: &str) -> String {
    format!("{n},{first},{second},{content},《社会救助暂行办法》,20个工作日内,县民政局,政府网站,√,√,,√,,公共服务,")
}

/// Every non-empty row below the header was read or refused by a diagnostic naming it.
fn assert_rows_accounted(out: &ReadOutcome) {
    let r = out.rows;
    assert_eq!(r.rows, r.read + r.refused, "{r:?}: {:#?}", out.diagnostics);
    assert!(!out.diagnostics.iter().any(|d| d.message.contains("内部错误")), "{:#?}", out.diagnostics);
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
    let out = read_scratch("目录.pdf", b"%PDF-1.4");
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

/// The errors of a table refused for missing columns: one per missing column, naming it and the
/// columns found, then one naming the rows not read.
fn missing_columns(name: &str) -> (Vec<String>, ReadOutcome) {
    let out = read(name);
    assert!(out.tables.is_empty());
    let e = errors(&out);
    let (per_column, rest): (Vec<&Diagnostic>, Vec<&Diagnostic>) = e.iter().partition(|d| d.message.starts_with("缺少"));
    for d in &per_column {
        assert_bilingual(d);
        assert_eq!(d.row, Some(1), "{d}");
        assert!(d.message.contains("表头中找到的列：序号、一级事项"), "{d}");
    }
    assert_eq!(rest.len(), 1, "{:#?}", out.diagnostics);
    assert!(rest[0].message.contains("第2行都没有读取"), "{}", rest[0].message);
    assert_eq!((out.rows.rows, out.rows.read, out.rows.refused), (1, 0, 1));
    let named = per_column.iter().map(|d| d.column.clone().unwrap()).collect();
    (named, out)
}

#[test]
fn a_table_missing_standard_columns_names_each_and_lists_the_columns_found() {
    let cases: &[(&str, &[&str])] = &[
        ("社会救助_no_content.csv", &["公开内容", "公开时限", "公开主体", "公开渠道和载体"]),
        ("社会救助_no_item.csv", &["二级事项", "公开时限", "公开主体", "公开渠道和载体"]),
    ];
    for (file, missing) in cases {
        let (named, out) = missing_columns(file);
        assert_eq!(named, *missing, "{file}: {:#?}", out.diagnostics);
    }
    let (_, out) = missing_columns("社会救助_no_item.csv");
    assert!(out.diagnostics[0].message.contains("事项名称"), "{}", out.diagnostics[0].message);
}

#[test]
fn each_standard_column_is_required() {
    let full: Vec<&str> = HEADER.split(',').collect();
    for missing in ["一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"] {
        let header: Vec<&str> = full.iter().copied().filter(|h| *h != missing).collect();
        let csv = format!("{}\n1,政策,法规文件,名单\n", header.join(","));
        let out = read_scratch(&format!("社会救助_without_{missing}.csv"), csv.as_bytes());
        let e = errors(&out);
        assert_eq!(e.len(), 2, "{missing}: {:#?}", out.diagnostics);
        let short = missing.split('（').next().unwrap();
        assert_eq!(e[0].column.as_deref(), Some(short), "{missing}");
        assert!(e[0].message.contains(&format!("缺少「{missing}")), "{}", e[0].message);
        assert!(out.tables.is_empty());
        assert_rows_accounted(&out);
    }
}

#[test]
fn missing_optional_columns_are_one_warning_saying_what_the_explorer_cannot_show() {
    let csv = "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体\n1,政策,法规文件,名单,《社会救助暂行办法》,20个工作日内,县民政局,政府网站\n";
    let out = read_scratch("社会救助_minimal.csv", csv.as_bytes());
    assert!(errors(&out).is_empty(), "{:#?}", out.diagnostics);
    let w = warnings(&out);
    assert_eq!(w.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(w[0].row, Some(1));
    assert_bilingual(w[0]);
    let cases = [("公开对象", "筛选"), ("公开方式", "依申请"), ("公开层级", "继承"), ("事项类型", "按事项类型筛选"), ("公开内容标题", "列出这些事项的公开内容标题")];
    for (column, consequence) in cases {
        assert!(w[0].message.contains(&format!("「{column}」")) && w[0].message.contains(consequence), "{column}: {}", w[0].message);
    }
    assert_eq!(out.tables[0].rows.len(), 1);
}

#[test]
fn a_table_with_every_optional_column_is_not_warned_and_one_lacking_some_names_only_those() {
    let full = "序号,一级事项,二级事项,事项类型,公开内容（要素）,公开内容标题,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级";
    let row = "1,政策,法规文件,公共服务,名单,低保名单,《社会救助暂行办法》,20个工作日内,县民政局,政府网站,全社会,主动,县级";
    let out = read_scratch("社会救助_all_optional.csv", format!("{full}\n{row}\n").as_bytes());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.tables[0].rows[0].item.item_type.as_deref(), Some("公共服务"));
    // Without 事项类型 and 公开内容标题 (the national template): one warning naming those two only.
    let drop = |line: &str| line.split(',').enumerate().filter(|(i, _)| ![3, 5].contains(i)).map(|(_, c)| c).collect::<Vec<_>>().join(",");
    let out = read_scratch("社会救助_national.csv", format!("{}\n{}\n", drop(full), drop(row)).as_bytes());
    let w = warnings(&out);
    assert_eq!(w.len(), 1, "{:#?}", out.diagnostics);
    assert!(w[0].message.contains("「事项类型」") && w[0].message.contains("「公开内容标题」"), "{}", w[0].message);
    assert!(!w[0].message.contains("「公开对象」") && !w[0].message.contains("「公开层级」"), "{}", w[0].message);
    assert_eq!(out.rows.read, 1);
}

#[test]
fn an_unknown_table_domain_quotes_the_texts_searched_and_suggests_the_closest_domain() {
    // (file name, title row above the header, quoted in the error, suggestion if any)
    let cases: &[(&str, &str, &[&str], Option<&str>)] = &[
        ("长沙县社会求助领域目录.csv", "", &["文件名「长沙县社会求助领域目录」", "标题行（无）"], Some("社会救助")),
        ("目录一.csv", "长沙县户籍管里领域基层政务公开标准目录", &["文件名「目录一」", "标题行「长沙县户籍管里领域基层政务公开标准目录」"], Some("户籍管理")),
        ("目录二.csv", "XX县基层政务公开标准目录,,制表单位：县政务公开办", &["标题行「XX县基层政务公开标准目录 制表单位：县政务公开办」"], None),
    ];
    for (file, title, quoted, near) in cases {
        let above = if title.is_empty() { String::new() } else { format!("{title}\n") };
        let csv = format!("{above}{HEADER}\n{}\n", row(1, "政策", "法规文件", "名单"));
        let out = read_scratch(file, csv.as_bytes());
        let e = errors(&out);
        assert!(e[0].message.contains("无法确定领域"), "{file}: {}", e[0].message);
        assert_bilingual(e[0]);
        for q in *quoted {
            assert!(e[0].message.contains(q), "{file}: wants {q}: {}", e[0].message);
        }
        match near {
            Some(d) => assert!(e[0].message.contains(&format!("是不是「{d}」")) && e[0].message.contains(&format!("Did you mean \"{d}\"")), "{file}: {}", e[0].message),
            None => assert!(!e[0].message.contains("是不是"), "{file}: {}", e[0].message),
        }
        assert!(e[0].message.contains("docs/source-format.md「已知取值」"), "{}", e[0].message);
        assert_rows_accounted(&out);
    }
}

#[test]
fn a_table_whose_domain_cannot_be_told_says_what_to_add() {
    let out = read("目录.csv");
    let e = errors(&out);
    assert_eq!(e.len(), 2, "{:#?}", out.diagnostics);
    assert!(e[0].message.contains("无法确定领域") && e[0].message.contains("标题行"), "{}", e[0].message);
    assert_eq!((e[1].row, e[1].message.contains("第2行都没有读取")), (Some(2), true), "{}", e[1].message);
    assert_rows_accounted(&out);
}

#[test]
fn an_unknown_domain_name_is_an_error_at_its_cell_quoting_it() {
    let out = read("unknown_domain.csv");
    let e = only_error(&out);
    assert!(e.message.contains("领域「社会保障」") && e.message.contains("docs/source-format.md"), "{}", e.message);
    assert_eq!((e.row, e.column.as_deref()), (Some(2), Some("领域")));
    assert_eq!((out.rows.rows, out.rows.refused), (1, 1));
}

#[test]
fn unknown_values_quote_the_text_suggest_the_closest_known_one_and_say_where_the_list_is() {
    // (cell, column header, what the message must quote and suggest)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("领域", "社会求助", "「社会求助」", "是不是「社会救助」"),
        ("公开渠道和载体", "政府网", "「政府网」", "是不是「政府网站」"),
        ("主动", "yse", "「yse」", "是不是「yes」"),
        ("县级", "√√", "「√√」", "是不是「√」"),
    ];
    for (column, cell, quoted, suggested) in cases {
        let header = format!("领域,{HEADER}");
        let mut cells: Vec<String> = std::iter::once("社会救助".to_string()).chain(row(1, "政策", "法规文件", "名单").split(',').map(str::to_string)).collect();
        let c = header.split(',').position(|h| h == *column).unwrap();
        cells[c] = cell.to_string();
        let out = read_scratch(&format!("unknown_{c}.csv"), format!("{header}\n{}\n", cells.join(",")).as_bytes());
        let d = out.diagnostics.iter().find(|d| d.column.as_deref() == Some(*column)).unwrap_or_else(|| panic!("{column}: {:#?}", out.diagnostics));
        assert_eq!(d.row, Some(2));
        assert!(d.message.contains(quoted) && d.message.contains(suggested) && d.message.contains("docs/source-format.md「已知取值」"), "{}", d.message);
        assert_bilingual(d);
        assert_rows_accounted(&out);
    }
    // A level label naming no tier is read by position, with a warning quoting it.
    let csv = HEADER.replace("县级,乡级", "公开层级") + "\n1,政策,法规文件,名单,《社会救助暂行办法》,20个工作日内,县民政局,政府网站,√,√,,县级、全域,公共服务,\n";
    let out = read_scratch("社会救助_level.csv", csv.as_bytes());
    let w = warnings(&out);
    assert_eq!(w.len(), 1, "{:#?}", out.diagnostics);
    assert!(w[0].message.contains("「全域」") && w[0].message.contains("乡级") && w[0].message.contains("已知取值"), "{}", w[0].message);
    assert_eq!((w[0].row, w[0].column.as_deref()), (Some(2), Some("公开层级")));
}

#[test]
fn broken_quoting_is_an_error_at_the_row_where_it_starts_and_later_rows_are_read() {
    // (what is broken, the data rows, the broken row and its column)
    let cases: &[(&str, String, u32, &str)] = &[
        ("a quote that never closes", format!("{}\n1,政策,\"法规文件,名单\n{}\n{}\n", "", row(2, "政策", "办事指南", "名单"), row(3, "政策", "审批信息", "名单")), 2, "C"),
        ("a stray quote inside a cell", format!("\n{}\n1,政策,法\"规\"文件,名单\n{}\n", row(2, "政策", "办事指南", "名单"), row(3, "政策", "审批信息", "名单")), 3, "C"),
        ("text after a closing quote", format!("\n{}\n{}\n\"政策\"说明,法规文件,名单\n", row(2, "政策", "办事指南", "名单"), row(3, "政策", "审批信息", "名单")), 4, "A"),
    ];
    for (what, rows, bad_row, column) in cases {
        let csv = format!("{HEADER}{rows}");
        let out = read_scratch("社会救助_quotes.csv", csv.as_bytes());
        let e = only_error(&out);
        assert_eq!((e.row, e.column.as_deref()), (Some(*bad_row), Some(*column)), "{what}: {e}");
        assert!(e.message.contains("引号"), "{what}: {e}");
        assert_eq!(out.tables[0].rows.len(), 2, "{what}: the rows around it are read");
        assert_eq!((out.rows.rows, out.rows.read, out.rows.refused), (3, 2, 1), "{what}");
    }
}

#[test]
fn text_past_the_last_header_column_is_an_error_at_its_row_but_short_rows_are_fine() {
    let csv = format!(
        "{HEADER}\n{}\n{},多出来的\n1,政策,审批信息,名单\n",
        row(1, "政策", "法规文件", "名单"),
        row(2, "政策", "办事指南", "办理条件，申请材料"),
    );
    let out = read_scratch("社会救助_wide.csv", csv.as_bytes());
    let e = only_error(&out);
    assert_eq!((e.row, e.column.as_deref()), (Some(3), Some("P")));
    assert!(e.message.contains("「多出来的」"), "{}", e.message);
    assert_eq!(out.tables[0].rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 4], "the short row 4 is read");
    assert_rows_accounted(&out);
}

#[test]
fn rows_with_nothing_an_item_holds_are_named_and_notes_below_the_table_are_recognised() {
    let csv = format!("{HEADER}\n{}\n7,,,,,,,,,,,,,,\n注：本目录随政策调整动态更新\n", row(1, "政策", "法规文件", "名单"));
    let out = read_scratch("社会救助_notes.csv", csv.as_bytes());
    let w = warnings(&out);
    assert_eq!(w.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(w[0].row, Some(3));
    assert!(w[0].message.contains("没有事项名称"), "{}", w[0].message);
    // Nothing of the row is lost, so it is counted read (a warning never refuses a row).
    assert_eq!((out.rows.rows, out.rows.read, out.rows.refused), (3, 3, 0));
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
    assert_eq!(e.len(), 3, "{:#?}", out.diagnostics);
    for (d, column) in e.iter().zip(["K（公开层级）", "L（公开层级）"]) {
        assert!(d.message.contains("没有层级名称"), "{d}");
        assert_eq!((d.row, d.column.as_deref()), (Some(2), Some(column)));
    }
    assert_eq!(e[2].row, Some(3));
    assert_rows_accounted(&out);
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
fn a_cell_over_64_kb_refuses_its_row_and_a_1_mb_cell_does_not_blow_up() {
    for size in [70 * 1024, 1024 * 1024] {
        let big = "名".repeat(size / 3);
        let csv = format!("{HEADER}\n{}\n{}\n", row(1, "政策", "法规文件", &big), row(2, "政策", "办事指南", "名单"));
        let out = read_scratch(&format!("社会救助_big_{size}.csv"), csv.as_bytes());
        let e = only_error(&out);
        assert_eq!((e.row, e.column.as_deref()), (Some(2), Some("公开内容（要素）")));
        assert!(e.message.contains("64 KB") && e.message.contains("没有读取"), "{}", e.message);
        // Refused once, not kept as an item with an emptied cell.
        assert_eq!(out.tables[0].rows.iter().map(|r| r.row).collect::<Vec<_>>(), [3]);
        assert_eq!((out.rows.rows, out.rows.read, out.rows.refused), (2, 1, 1));
    }
}

#[test]
fn a_csv_over_100000_rows_is_an_error_not_a_hang() {
    let mut csv = format!("{HEADER}\n");
    for i in 0..100_050 {
        csv.push_str(&row(i, "政策", &format!("事项{i}"), "名单"));
        csv.push('\n');
    }
    let out = read_scratch("社会救助_rows.csv", csv.as_bytes());
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
    let out = read_scratch("社会救助_rows.xlsx", &wb.save_to_buffer().unwrap());
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
    let out = read_scratch("社会救助_bomb.xlsx", buf.get_ref());
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
    for (c, (h, v)) in HEADER.split(',').zip(row(1, "最低生活保障", "政策", "名单").split(',')).enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
        ws.write_string(1, c as u16, v).unwrap();
    }
    let good = wb.save_to_buffer().unwrap();
    let out = read_scratch("社会救助_whole.xlsx", &good);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let len = good.len();
    for (i, cut) in [4, 30, len / 3, len / 2, len - 30].into_iter().enumerate() {
        let out = read_scratch(&format!("社会救助_cut{i}.xlsx"), &good[..cut]);
        assert!(!errors(&out).is_empty(), "cut at {cut}: {:#?}", out.diagnostics);
        assert!(out.tables.is_empty(), "cut at {cut}");
    }
    // Flipped bytes anywhere in the file: refused as damaged, or read exactly as written. Never a
    // silently different item.
    for at in [len / 5, len / 3, len / 2, 2 * len / 3] {
        let mut flipped = good.clone();
        for b in flipped[at..at + 16].iter_mut() {
            *b ^= 0x5a;
        }
        let out = read_scratch("社会救助_flipped.xlsx", &flipped);
        assert_rows_accounted(&out);
        if errors(&out).is_empty() {
            let items: Vec<_> = out.tables.iter().flat_map(|t| &t.rows).map(|r| r.item.path.join("/")).collect();
            assert_eq!(items, ["最低生活保障/政策"], "flipped at {at}: {:#?}", out.diagnostics);
        }
    }
}

#[test]
fn arbitrary_bytes_as_csv_are_refused_with_located_errors_never_a_panic() {
    let mut bytes = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    bytes.extend_from_slice("\n序号,一级事项,二级事项,公开内容（要素）\n1,\"政策,法规\n".as_bytes());
    let out = read_scratch("社会救助_noise.csv", &bytes);
    assert!(out.tables.is_empty());
    let e = errors(&out);
    // Not UTF-8, so decoded as GB18030 with replacements; no header among the first rows; quotes
    // broken on many rows, each named.
    assert!(warnings(&out).iter().any(|d| d.message.contains("�")), "{:#?}", out.diagnostics);
    assert!(e.iter().any(|d| d.message.contains("找不到目录表头")), "{e:#?}");
    let quote_rows: Vec<u32> = e.iter().filter(|d| d.message.contains("引号")).map(|d| d.row.unwrap()).collect();
    assert!(quote_rows.len() > 10 && quote_rows.windows(2).all(|w| w[0] < w[1]), "{quote_rows:?}");
    out.diagnostics.iter().for_each(assert_bilingual);
    assert_eq!(out.rows.rows, 0, "no header, so no rows below it");
}

#[test]
fn random_text_inside_a_table_never_swallows_the_rows_after_it() {
    // Cells of quotes, separators and line breaks in every order, between a real first and last row.
    let alphabet = ["\"", ",", "\n", "\r\n", "政策", "名单", " ", "\"\"", "√"];
    let mut x: u32 = 7;
    let mut noise = String::new();
    for _ in 0..3_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push_str(alphabet[(x >> 16) as usize % alphabet.len()]);
    }
    let csv = format!("{HEADER}\n{}\n{noise}\n{}\n", row(1, "政策", "第一行", "名单"), row(2, "政策", "最后一行", "名单"));
    let out = read_scratch("社会救助_noise_inside.csv", csv.as_bytes());
    assert_rows_accounted(&out);
    let items: Vec<_> = out.tables[0].rows.iter().map(|r| r.item.path[1].clone()).collect();
    assert_eq!(items.first().map(String::as_str), Some("第一行"));
    assert_eq!(items.last().map(String::as_str), Some("最后一行"), "the row after the noise is read");
    // Every refused row is named: as many distinct rows in diagnostics as rows refused, at least.
    let named: std::collections::BTreeSet<u32> = out.diagnostics.iter().filter_map(|d| d.row).filter(|&r| r > 1).collect();
    assert!(out.rows.refused > 0 && named.len() >= out.rows.refused, "{:?} {named:?}", out.rows);
}

//! XLSX catalogs as counties publish them: a merged title row, a two-row header with merged group
//! cells, merged first- and second-level cells, a 三级事项 column, level labels 区级/镇街级, extra
//! columns, several sheets. The workbooks are written by rust_xlsxwriter, as Excel would.

use gongkai_bundle::diagnostic::Severity;
use gongkai_bundle::read::{read_catalog_file, ReadOutcome};
use gongkai_bundle::source::SourceTable;
use gongkai_catalog::{Audience, Mode};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::PathBuf;

/// One sheet: its name, its cells row by row ("" = empty), merged regions (first row, first column,
/// last row, last column; the first cell's text is the region's), and formula cells (row, column,
/// formula, cached result).
struct Sheet<'a> {
    name: &'a str,
    rows: Vec<Vec<&'a str>>,
    merges: Vec<(u32, u16, u32, u16)>,
    formulas: Vec<(u32, u16, &'a str, &'a str)>,
    /// Formatted cells without a value, as Excel keeps after a whole column is styled.
    styled_blanks: Vec<(u32, u16)>,
}

/// The workbook of these sheets, as the bytes of an .xlsx file.
fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let fmt = Format::new();
    for s in sheets {
        let ws = wb.add_worksheet().set_name(s.name).unwrap();
        for (r, row) in s.rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    ws.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        }
        for &(r0, c0, r1, c1) in &s.merges {
            let text = s.rows[r0 as usize][c0 as usize];
            ws.merge_range(r0, c0, r1, c1, text, &fmt).unwrap();
        }
        for &(r, c, f, v) in &s.formulas {
            ws.write_formula(r, c, Formula::new(f).set_result(v)).unwrap();
        }
        for &(r, c) in &s.styled_blanks {
            ws.write_blank(r, c, &Format::new().set_bold()).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Reads `bytes` as the catalog file `file`, written to a scratch folder of its own; the folder is
/// removed on return.
fn read_xlsx(file: &str, bytes: &[u8]) -> ReadOutcome {
    let dir = tempfile::Builder::new().prefix("gongkai-read-xlsx-").tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::write(&path, bytes).unwrap();
    read_catalog_file(&path)
}

const BASIS: &str = "《社会救助暂行办法》《中华人民共和国政府信息公开条例》";
const LIMIT: &str = "制定或获取信息之日起10个工作日内";
const BODY: &str = "区民政局、街道办事处";

/// 社会救助 as a district publishes it: title row, two-row merged header, 三级事项, 区级/镇街级,
/// 事项类型 and 五公开, merged item cells.
fn shehui_jiuzhu() -> Sheet<'static> {
    #[rustfmt::skip]
    let rows = vec![
        vec!["雨花区社会救助领域基层政务公开标准目录"],
        vec!["序号", "公开事项", "", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "事项类型", "五公开", "公开对象", "", "公开方式", "", "公开层级", ""],
        vec!["", "一级事项", "二级事项", "三级事项", "", "", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "区级", "镇街级"],
        vec!["", "最低生活保障", "办事指南", "", "办理事项；办理条件；最低生活保障标准；申请材料；办理流程；办理时间、地点；联系方式", BASIS, LIMIT, BODY, "■政府网站 □政府公报 ■两微一端", "公共服务", "服务", "✓", "", "✓", "", "✓", "是"],
        vec!["2", "", "审核信息", "", "初审对象名单及相关信息", BASIS, "制定或获取信息之日起10个工作日内，公示7个工作日", BODY, "村公示栏", "公共服务", "结果", "", "申请人", "■", "", "", "■"],
        vec!["3", "", "审批信息", "", "低保对象名单及相关信息", BASIS, LIMIT, BODY, "政府网站", "", "结果", "√", "", "√", "√", "√", "√"],
        vec!["4", "特困人员救助供养", "审核审批", "初审对象名单", "初审对象名单", BASIS, LIMIT, BODY, "政府网站", "", "结果", "√", "", "√", "", "√", "√"],
        vec!["5", "", "", "终止供养名单", "终止供养名单", BASIS, LIMIT, BODY, "政府网站", "", "结果", "√", "", "√", "", "√", "√"],
        vec!["6", "社会救助政策解读", "", "", "政策解读材料", BASIS, "实时", BODY, "政府网站", "", "", "√", "", "√", "", "√", ""],
        vec!["注：本目录随政策调整动态更新"],
        vec!["", "一级事项", "二级事项", "三级事项", "", "", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "区级", "镇街级"],
        vec!["7", "临时救助", "政策", "", "临时救助政策文件", BASIS, "长期公开", BODY, "政府网站", "", "", "√", "", "√", "", "√", ""],
    ];
    Sheet {
        name: "Sheet1",
        rows,
        merges: vec![
            (0, 0, 0, 16),
            (1, 0, 2, 0),
            (1, 1, 1, 3),
            (1, 4, 2, 4),
            (1, 5, 2, 5),
            (1, 6, 2, 6),
            (1, 7, 2, 7),
            (1, 8, 2, 8),
            (1, 9, 2, 9),
            (1, 10, 2, 10),
            (1, 11, 1, 12),
            (1, 13, 1, 14),
            (1, 15, 1, 16),
            (3, 1, 5, 1),
            (6, 1, 7, 1),
            (6, 2, 7, 2),
            (8, 1, 8, 3),
            (9, 0, 9, 16),
        ],
        // 序号 of the first row is a formula; calamine reads the value Excel cached.
        formulas: vec![(3, 0, "=ROW()-3", "1")],
        styled_blanks: vec![(300_000, 2), (20, 300)],
    }
}

/// 户籍管理 on a sheet named after the domain, levels labelled 市级/镇(街)级, 特定群众, 依申请公开.
fn huji() -> Sheet<'static> {
    #[rustfmt::skip]
    let rows = vec![
        vec!["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "", "公开方式", "", "公开层级", ""],
        vec!["", "", "", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请公开", "市级", "镇(街)级"],
        vec!["1", "出生登记", "出生登记", "受理部门、办理条件、办理流程、所需材料、办理时限、收费依据及标准", "《中华人民共和国户口登记条例》", "形成或者变更之日起20个工作日内", "市公安局、派出所", "政府网站、入户/现场", "√", "", "√", "", "√", "√"],
        vec!["2", "注销登记", "死亡注销", "受理部门、办理条件、办理流程、所需材料、办理时限、收费依据及标准", "《中华人民共和国户口登记条例》", "形成或者变更之日起20个工作日内", "市公安局、派出所", "政府网站、入户/现场", "√", "", "√", "", "√", "√"],
        vec!["3", "", "服现役注销", "受理部门、办理条件、办理流程、所需材料、办理时限、收费依据及标准", "《中华人民共和国户口登记条例》", "形成或者变更之日起20个工作日内", "市公安局、派出所", "政府网站、入户/现场", "√", "", "", "√", "", "√"],
    ];
    Sheet {
        name: "户籍管理",
        rows,
        merges: vec![(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 8, 0, 9), (0, 10, 0, 11), (0, 12, 0, 13), (3, 1, 4, 1)],
        formulas: vec![],
        styled_blanks: vec![],
    }
}

fn notes() -> Sheet<'static> {
    Sheet { name: "填表说明", rows: vec![vec!["请按标准目录填写"], vec!["勾选请用 √"]], merges: vec![], formulas: vec![], styled_blanks: vec![] }
}

fn read_workbook() -> ReadOutcome {
    // Built once; each test reads its own copy of the file (tests run in parallel).
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    read_xlsx("社会救助_区.xlsx", BYTES.get_or_init(|| workbook(&[shehui_jiuzhu(), huji(), notes()])))
}

fn table(out: &ReadOutcome, sheet: &str) -> SourceTable {
    out.tables.iter().find(|t| t.sheet.as_deref() == Some(sheet)).unwrap_or_else(|| panic!("{sheet}: {:#?}", out.diagnostics)).clone()
}

fn paths(t: &SourceTable) -> Vec<String> {
    t.rows.iter().map(|r| r.item.path.join("/")).collect()
}

#[test]
fn a_title_row_and_a_two_row_merged_header_read_every_item() {
    let out = read_workbook();
    let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let t = table(&out, "Sheet1");
    assert_eq!(
        paths(&t),
        [
            "最低生活保障/办事指南", "最低生活保障/审核信息", "最低生活保障/审批信息",
            "特困人员救助供养/审核审批/初审对象名单", "特困人员救助供养/审核审批/终止供养名单",
            "社会救助政策解读", "临时救助/政策",
        ]
    );
}

#[test]
fn the_domain_comes_from_the_title_row_when_the_sheet_name_has_none() {
    let t = table(&read_workbook(), "Sheet1");
    assert!(!t.rows.is_empty() && t.rows.iter().all(|r| r.item.domain == 20), "{:?}", paths(&t));
}

#[test]
fn the_domain_comes_from_the_sheet_name() {
    let t = table(&read_workbook(), "户籍管理");
    assert!(!t.rows.is_empty() && t.rows.iter().all(|r| r.item.domain == 22), "{:?}", paths(&t));
}

#[test]
fn merged_first_level_cells_apply_to_the_rows_below() {
    let t = table(&read_workbook(), "户籍管理");
    assert_eq!(paths(&t), ["出生登记/出生登记", "注销登记/死亡注销", "注销登记/服现役注销"]);
}

#[test]
fn a_merged_second_level_cell_applies_to_each_third_level_row() {
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.rows[3].item.path, ["特困人员救助供养", "审核审批", "初审对象名单"]);
    assert_eq!(t.rows[4].item.path, ["特困人员救助供养", "审核审批", "终止供养名单"]);
}

#[test]
fn a_first_level_item_merged_across_the_second_level_column_is_a_one_level_item() {
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.rows[5].item.path, ["社会救助政策解读"]);
    assert_eq!(t.rows[5].item.content, ["政策解读材料"]);
}

#[test]
fn district_and_town_street_level_labels_are_kept_in_column_order() {
    let out = read_workbook();
    assert_eq!(table(&out, "Sheet1").level_labels, ["区级", "镇街级"]);
    assert_eq!(table(&out, "户籍管理").level_labels, ["市级", "镇(街)级"]);
}

#[test]
fn ticks_written_as_check_marks_squares_and_shi_all_count() {
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.rows[0].item.levels, [0, 1]);
    assert_eq!(t.rows[1].item.levels, [1]);
    assert_eq!(t.rows[1].item.modes, [Mode::Proactive]);
    assert_eq!(t.rows[2].item.modes, [Mode::Proactive, Mode::OnRequest]);
}

#[test]
fn a_named_specific_group_is_kept() {
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.rows[1].item.audience, [Audience::Specific { group: Some("申请人".into()) }]);
    assert_eq!(t.rows[0].item.audience, [Audience::Public]);
}

#[test]
fn on_request_written_in_full_is_read_as_on_request() {
    let t = table(&read_workbook(), "户籍管理");
    assert_eq!(t.rows[2].item.modes, [Mode::OnRequest]);
    assert_eq!(t.rows[2].item.levels, [1]);
}

#[test]
fn item_type_is_a_field_and_five_publics_an_extra_column() {
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.extra_columns, ["五公开"]);
    let extras: Vec<(u8, &str)> = t.rows[0].item.extras.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(extras, [(0, "服务")]);
    assert_eq!(t.rows[0].item.item_type.as_deref(), Some("公共服务"));
}

#[test]
fn a_checklist_channel_cell_gives_only_its_ticked_channels() {
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.rows[0].item.channels, ["政府网站", "两微一端"]);
}

#[test]
fn a_repeated_header_row_and_a_note_row_are_skipped() {
    let t = table(&read_workbook(), "Sheet1");
    let last = t.rows.last().unwrap();
    assert_eq!(last.item.path, ["临时救助", "政策"]);
    // Row 12 as Excel shows it: title 1, header 2–3, items 4–9, note 10, repeated header 11.
    assert_eq!(last.row, 12);
}

#[test]
fn a_formula_cell_reads_its_cached_value() {
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.rows[0].item.number.as_deref(), Some("1"));
    assert_eq!(t.rows[1].item.number.as_deref(), Some("2"));
}

#[test]
fn realtime_and_ongoing_time_limits_parse() {
    use gongkai_catalog::Deadline;
    let t = table(&read_workbook(), "Sheet1");
    assert_eq!(t.rows[5].item.time_limit.parsed, Some(Deadline::Realtime));
    assert_eq!(t.rows[6].item.time_limit.parsed, Some(Deadline::Ongoing));
}

#[test]
fn a_sheet_without_a_catalog_header_is_skipped_with_a_warning() {
    let out = read_workbook();
    assert_eq!(out.tables.len(), 2);
    let w: Vec<_> = out.diagnostics.iter().filter(|d| d.sheet.as_deref() == Some("填表说明")).collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Warning);
}

#[test]
fn a_workbook_reads_the_same_as_the_csv_of_the_same_rows() {
    // The 户籍管理 sheet and the committed CSV agree on what they share.
    let csv = read_catalog_file(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read/户籍管理.csv"));
    let xlsx = table(&read_workbook(), "户籍管理");
    let c = &csv.tables[0].rows[0].item;
    let x = &xlsx.rows[0].item;
    assert_eq!((&c.path, &c.content, &c.basis, &c.time_limit, &c.channels), (&x.path, &x.content, &x.basis, &x.time_limit, &x.channels));
}

#[test]
fn a_text_cell_that_looks_like_a_formula_is_kept_inert_with_a_warning() {
    let sheet = Sheet {
        name: "社会救助",
        rows: vec![
            vec!["一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级", "事项类型", "公开内容标题"],
            vec!["政策", "法规文件", "=HYPERLINK(\"http://example.com\",\"点击\")", BASIS, LIMIT, BODY, "政府网站", "全社会", "主动", "区级", "", ""],
        ],
        merges: vec![],
        formulas: vec![],
        styled_blanks: vec![],
    };
    let out = read_xlsx("formula_text.xlsx", &workbook(&[sheet]));
    assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
    let w = &out.diagnostics[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!((w.sheet.as_deref(), w.row, w.column.as_deref()), (Some("社会救助"), Some(2), Some("公开内容（要素）")));
    assert_eq!(out.tables[0].rows[0].item.content, ["=HYPERLINK(\"http://example.com\",\"点击\")"]);
}

#[test]
fn styled_empty_cells_far_below_and_right_of_the_table_are_not_content() {
    // shehui_jiuzhu() styles a blank cell on row 300001 and one in column 301. Nothing is said about
    // the sheet but that it lacks 湘潭's optional columns; its rows are all read (7 items, the note row
    // below them and the repeated header).
    let out = read_workbook();
    let sheet1: Vec<_> = out.diagnostics.iter().filter(|d| d.sheet.as_deref() == Some("Sheet1") && !d.message.contains("可选列")).collect();
    assert!(sheet1.is_empty(), "{sheet1:#?}");
    assert_eq!(table(&out, "Sheet1").rows.len(), 7);
}

#[test]
fn a_sheet_headed_not_applicable_domains_lists_them() {
    let sheet = Sheet {
        name: "未涉及领域事项说明",
        rows: vec![
            vec!["未涉及领域事项说明"],
            vec!["序号", "领域", "未涉及原因"],
            vec!["1", "农村危房改造", "本街道无农村危房"],
            vec!["2", "医疗卫生", "由区卫生健康局统一公开"],
            vec!["3", "社会保障", "写错的领域名称"],
        ],
        merges: vec![(0, 0, 0, 2)],
        formulas: vec![],
        styled_blanks: vec![],
    };
    let out = read_xlsx("na_sheet.xlsx", &workbook(&[huji(), sheet]));
    let t = table(&out, "未涉及领域事项说明");
    let na: Vec<(u8, &str)> = t.not_applicable.iter().map(|n| (n.domain, n.reason.as_str())).collect();
    assert_eq!(na, [(11, "本街道无农村危房"), (24, "由区卫生健康局统一公开")]);
    assert!(t.rows.is_empty());
    // The unrecognised name is an error at its row, which is refused, quoting it and suggesting the
    // closest domain; the others are read.
    let e: Vec<_> = out.diagnostics.iter().filter(|d| d.sheet.as_deref() == Some("未涉及领域事项说明")).collect();
    assert_eq!((e.len(), e[0].severity, e[0].row), (1, Severity::Error, Some(5)), "{e:#?}");
    assert!(e[0].message.contains("「社会保障」") && e[0].message.contains("docs/source-format.md"), "{}", e[0].message);
    assert_eq!(out.rows.refused, 1);
}

#[test]
fn a_hidden_sheet_is_not_read_but_named_in_a_warning() {
    let mut wb = Workbook::new();
    let visible = wb.add_worksheet().set_name("户籍管理").unwrap();
    for (r, row) in huji().rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                visible.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    let hidden = wb.add_worksheet().set_name("社会救助").unwrap();
    hidden.write_string(0, 0, "一级事项").unwrap();
    hidden.set_hidden(true);
    let out = read_xlsx("hidden_sheet.xlsx", &wb.save_to_buffer().unwrap());
    let w: Vec<_> = out.diagnostics.iter().filter(|d| d.sheet.as_deref() == Some("社会救助")).collect();
    assert_eq!(w.len(), 1, "{:#?}", out.diagnostics);
    assert!(w[0].severity == Severity::Warning && w[0].message.contains("隐藏"), "{}", w[0].message);
    assert_eq!(out.tables.len(), 1);
}

#[test]
fn xiangtans_13_element_workbook_in_data_reads_every_element_into_its_field() {
    // The file scripts/make_catalogs.py writes with 湘潭's header: merged two-row header, 公开渠道和载体
    // over 县级 · 乡级.
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/catalogs/430300/湘潭市义务教育领域基层政务公开标准目录.xlsx");
    let out = read_catalog_file(&path);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let t = &out.tables[0];
    // Only the 示例 mark is left as an extra column: every other column is an element.
    assert_eq!(t.extra_columns, ["示例"]);
    assert_eq!(t.level_labels, ["县级", "乡级"]);
    assert_eq!(t.rows.len(), 18);
    for r in &t.rows {
        let i = &r.item;
        assert!(i.item_type.is_some() && !i.content_titles.is_empty() && !i.channels.is_empty(), "row {}: {i:?}", r.row);
        // 乡级 channels exactly where the row is ticked 乡级.
        assert_eq!(!i.township_channels.is_empty(), i.levels.contains(&1), "row {}: {i:?}", r.row);
    }
    let dropouts = t.rows.iter().find(|r| r.item.path == ["重要政策执行情况", "控辍保学"]).expect("控辍保学");
    assert_eq!(dropouts.item.township_channels, ["便民服务站", "社区/企事业单位/村公示栏（电子屏）"]);
    assert_eq!(dropouts.item.channels, ["政府网站", "两微一端"]);
}

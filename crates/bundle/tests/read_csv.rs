//! CSV catalogs as counties save them: encodings, title rows, CSV-style merged headers, repeated
//! first-level cells, column variants. Fixtures: tests/fixtures/read/ (made by make_csv.py).

use gongkai_bundle::diagnostic::Severity;
use gongkai_bundle::read::{read_catalog_file, ReadOutcome};
use gongkai_bundle::source::SourceTable;
use gongkai_catalog::{Audience, DayUnit, Deadline, LegalBasis, Mode, Period};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read").join(name)
}

fn read(name: &str) -> ReadOutcome {
    read_catalog_file(&fixture(name))
}

/// The only table of a file read without any diagnostic, except the one warning that names the
/// optional template columns the file lacks (事项类型, 公开内容标题 … : real published catalogs often do),
/// and with every row below the header read.
fn clean_table(name: &str) -> SourceTable {
    let out = read(name);
    let others: Vec<_> = out.diagnostics.iter().filter(|d| !(d.severity == Severity::Warning && d.message.contains("可选列"))).collect();
    assert!(others.is_empty(), "{name}: {others:#?}");
    assert!(out.diagnostics.len() <= 1, "{name}: {:#?}", out.diagnostics);
    assert_eq!(out.tables.len(), 1, "{name}");
    assert_eq!((out.rows.read, out.rows.refused), (out.rows.rows, 0), "{name}");
    out.tables.into_iter().next().unwrap()
}

fn paths(t: &SourceTable) -> Vec<String> {
    t.rows.iter().map(|r| r.item.path.join("/")).collect()
}

#[test]
fn a_utf8_csv_with_a_title_row_and_a_two_row_header_reads_every_real_row() {
    let t = clean_table("社会救助_utf8.csv");
    assert_eq!(
        paths(&t),
        [
            "综合业务/政策（法规文件）", "综合业务/监督（检查）", "最低生活保障/政策", "最低生活保障/办事指南",
            "最低生活保障/审核信息", "最低生活保障/审批信息", "特困人员救助供养/政策", "特困人员救助供养/办事指南",
            "特困人员救助供养/审核审批", "临时救助/政策", "临时救助/办事指南",
        ]
    );
    assert!(t.rows.iter().all(|r| r.item.domain == 20));
    assert_eq!(t.level_labels, ["县级", "乡级"]);
    assert!(t.extra_columns.is_empty());
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_shows_them() {
    let t = clean_table("社会救助_utf8.csv");
    // Title row 1, header rows 2–3, first item on row 4.
    assert_eq!(t.rows[0].row, 4);
    assert_eq!(t.rows[10].row, 14);
    assert_eq!(t.rows[0].item.number.as_deref(), Some("1"));
}

#[test]
fn a_gbk_csv_with_a_title_row_reads_like_utf8() {
    let utf8 = clean_table("社会救助_utf8.csv");
    let gbk = clean_table("社会救助_gbk.csv");
    assert_eq!(gbk.rows, utf8.rows);
    assert_eq!(gbk.level_labels, utf8.level_labels);
}

#[test]
fn a_utf8_csv_with_a_byte_order_mark_reads_like_one_without() {
    let utf8 = clean_table("社会救助_utf8.csv");
    let bom = clean_table("社会救助_bom.csv");
    assert_eq!(bom.rows, utf8.rows);
}

#[test]
fn ticks_under_grouped_headers_give_audience_mode_and_levels() {
    let t = clean_table("社会救助_utf8.csv");
    let item = &t.rows[0].item;
    assert_eq!(item.audience, [Audience::Public]);
    assert_eq!(item.modes, [Mode::Proactive]);
    assert_eq!(item.levels, [0, 1]);
}

#[test]
fn a_time_limit_with_a_public_notice_keeps_text_and_both_periods() {
    let t = clean_table("社会救助_utf8.csv");
    let item = &t.rows[4].item;
    assert_eq!(item.path, ["最低生活保障", "审核信息"]);
    assert_eq!(item.time_limit.text, "制定或获取信息之日起10个工作日内，公示7个工作日");
    assert_eq!(
        item.time_limit.parsed,
        Some(Deadline::Within {
            amount: 10,
            unit: DayUnit::WorkingDays,
            after: Some("制定或获取信息".into()),
            notice: Some(Period { amount: 7, unit: DayUnit::WorkingDays }),
        })
    );
}

#[test]
fn a_channel_alias_reads_as_its_canonical_name() {
    let t = clean_table("社会救助_utf8.csv");
    assert_eq!(t.rows[4].item.channels, ["社区/企事业单位/村公示栏（电子屏）"]);
    assert_eq!(t.rows[0].item.channels, ["政府网站"]);
}

#[test]
fn content_split_on_semicolons_keeps_a_dunhao_inside_an_element() {
    let t = clean_table("社会救助_utf8.csv");
    assert_eq!(
        t.rows[3].item.content,
        ["办理事项", "办理条件", "最低生活保障标准", "申请材料", "办理流程", "办理时间、地点", "联系方式"]
    );
    assert_eq!(t.rows[1].item.content, ["信访通讯地址", "投诉举报电话"]);
}

#[test]
fn legal_bases_split_between_book_titles() {
    let t = clean_table("社会救助_utf8.csv");
    let texts: Vec<&str> = t.rows[0].item.basis.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["《社会救助暂行办法》", "《中华人民共和国政府信息公开条例》"]);
}

#[test]
fn the_domain_comes_from_the_file_name_when_there_is_no_title_row() {
    let t = clean_table("户籍管理.csv");
    assert!(t.rows.iter().all(|r| r.item.domain == 22));
    assert_eq!(t.rows.len(), 9);
}

#[test]
fn a_one_row_header_names_its_level_columns_by_their_labels() {
    let t = clean_table("户籍管理.csv");
    assert_eq!(t.level_labels, ["县级", "乡级"]);
    let item = &t.rows[0].item;
    assert_eq!(item.levels, [0, 1]);
    assert_eq!(item.audience, [Audience::Public]);
    assert_eq!(item.modes, [Mode::Proactive]);
}

#[test]
fn huji_rows_read_word_for_word() {
    let t = clean_table("户籍管理.csv");
    assert_eq!(
        paths(&t),
        [
            "出生登记/出生登记", "收养、入籍等登记/收养登记", "注销登记/死亡注销", "注销登记/服现役注销",
            "迁移登记/迁出、迁入登记", "户口登记项目变更更正/姓名变更、更正", "恢复户口/恢复户口登记",
            "查询服务/户政业务办理进度查询", "查询服务/居民身份证办理进度查询",
        ]
    );
    let item = &t.rows[0].item;
    assert_eq!(item.content, ["受理部门", "办理条件", "办理流程", "所需材料", "办理时限", "收费依据及标准"]);
    assert_eq!(item.channels, ["政府网站", "入户/现场"]);
    assert_eq!(item.body, "县公安局、派出所");
    assert_eq!(
        item.time_limit.parsed,
        Some(Deadline::Within { amount: 20, unit: DayUnit::WorkingDays, after: Some("形成或者变更".into()), notice: None })
    );
}

#[test]
fn a_not_applicable_section_lists_domains_with_their_reasons() {
    let t = clean_table("户籍管理.csv");
    let na: Vec<(u8, &str)> = t.not_applicable.iter().map(|n| (n.domain, n.reason.as_str())).collect();
    assert_eq!(na, [(13, "本县城市管理执法由县城市管理局统一实施，乡镇未承接"), (9, "本县无国有土地上房屋征收项目")]);
}

#[test]
fn a_domain_column_accepts_2017_names() {
    let t = clean_table("事项名称_variants.csv");
    let domains: Vec<u8> = t.rows.iter().map(|r| r.item.domain).collect();
    assert_eq!(domains, [14, 18, 8]);
}

#[test]
fn an_item_name_column_alone_gives_one_level_paths() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(paths(&t), ["建设项目环境影响评价文件审批", "岗位信息发布", "拟征收土地告知"]);
}

#[test]
fn coded_item_numbers_keep_their_leading_zero() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(t.rows[0].item.number.as_deref(), Some("0505"));
}

#[test]
fn a_content_header_with_newlines_and_full_width_brackets_is_recognised() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(t.rows[0].item.content, ["审批依据", "审批结果（含批复文号、日期）"]);
}

#[test]
fn columns_the_standard_does_not_name_are_kept_as_extras_and_item_type_as_a_field() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(t.extra_columns, ["五公开"]);
    let extras: Vec<(&u8, &str)> = t.rows[0].item.extras.iter().map(|(k, v)| (k, v.as_str())).collect();
    assert_eq!(extras, [(&0, "结果")]);
    assert_eq!(t.rows[0].item.item_type.as_deref(), Some("行政许可"));
    // An empty cell is not stored.
    assert_eq!((t.rows[2].item.item_type.as_deref(), t.rows[2].item.extras.len()), (None, 1));
}

#[test]
fn tagged_legal_bases_keep_their_tags() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(
        t.rows[0].item.basis,
        [
            LegalBasis { text: "《中华人民共和国环境影响评价法》".into(), tag: Some("法律".into()) },
            LegalBasis { text: "《建设项目环境保护管理条例》".into(), tag: Some("条例".into()) },
        ]
    );
    let texts: Vec<&str> = t.rows[1].item.basis.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["《中华人民共和国就业促进法》", "《人力资源市场暂行条例》"]);
}

#[test]
fn a_specific_group_cell_naming_the_group_keeps_the_name() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(t.rows[2].item.audience, [Audience::Specific { group: Some("村集体成员".into()) }]);
}

#[test]
fn on_request_and_village_level_variants_are_read() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(t.level_labels, ["镇级", "村级"]);
    assert_eq!(t.rows[1].item.levels, [0, 1]);
    assert_eq!(t.rows[2].item.levels, [1]);
    assert_eq!(t.rows[2].item.modes, [Mode::Proactive]);
}

#[test]
fn chinese_numerals_in_a_time_limit_parse() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(
        t.rows[1].item.time_limit.parsed,
        Some(Deadline::Within { amount: 20, unit: DayUnit::WorkingDays, after: None, notice: None })
    );
}

#[test]
fn several_channels_in_one_cell_are_each_recognised() {
    let t = clean_table("事项名称_variants.csv");
    assert_eq!(t.rows[1].item.channels, ["政府网站", "政务服务中心", "其他基层公共服务平台"]);
}

#[test]
fn three_level_columns_including_xiang_cun_ji_are_read_under_one_group() {
    let t = clean_table("three_levels.csv");
    assert_eq!(t.level_labels, ["市级", "县级", "乡、村级"]);
    assert_eq!(t.rows[0].item.levels, [0, 1]);
    assert_eq!(t.rows[1].item.levels, [1, 2]);
    assert!(t.rows.iter().all(|r| r.item.domain == 21));
}

#[test]
fn a_gongkai_yaoqiu_column_is_the_content_column() {
    let t = clean_table("three_levels.csv");
    assert_eq!(t.rows[0].item.content, ["备案条件", "备案材料"]);
}

#[test]
fn legal_bases_on_separate_lines_split_and_keep_their_articles() {
    let t = clean_table("three_levels.csv");
    let texts: Vec<&str> = t.rows[0].item.basis.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["《中华人民共和国老年人权益保障法》", "《养老机构管理办法》第九条", "《民政部关于养老机构备案的通知》"]);
    assert!(t.rows[0].item.basis.iter().all(|b| b.tag.is_none()));
}

#[test]
fn audience_mode_and_level_written_as_text_columns_are_read() {
    let t = clean_table("社会救助_text_columns.csv");
    assert_eq!(t.level_labels, ["县级", "乡级", "乡、村级"]);
    let (a, b) = (&t.rows[0].item, &t.rows[1].item);
    assert_eq!((a.audience.as_slice(), a.modes.as_slice(), a.levels.as_slice()), ([Audience::Public].as_slice(), [Mode::Proactive].as_slice(), [0u8, 1].as_slice()));
    assert_eq!(b.audience, [Audience::Specific { group: Some("申请人".into()) }]);
    assert_eq!((b.modes.as_slice(), b.levels.as_slice()), ([Mode::OnRequest].as_slice(), [2u8].as_slice()));
}

#[test]
fn channels_joined_by_a_slash_are_each_recognised() {
    let t = clean_table("社会救助_text_columns.csv");
    assert_eq!(t.rows[0].item.channels, ["政府网站", "两微一端"]);
    assert_eq!(t.rows[1].item.channels, ["精准推送"]);
}

#[test]
fn a_table_of_the_13_elements_of_xiangtans_template_reads_each_into_its_field() {
    let t = clean_table("义务教育_13要素.csv");
    assert_eq!(t.rows.len(), 3);
    assert!(t.extra_columns.is_empty(), "every column is an element: {:?}", t.extra_columns);
    let first = &t.rows[0].item;
    let basis: Vec<&str> = first.basis.iter().map(|b| b.text.as_str()).collect();
    // The 13 elements of the first row: (element, as read).
    let elements: [(&str, String); 13] = [
        ("一级事项", first.path[0].clone()),
        ("二级事项", first.path[1].clone()),
        ("事项类型", first.item_type.clone().unwrap_or_default()),
        ("公开内容（要素）", first.content.join("|")),
        ("公开内容标题", first.content_titles.join("|")),
        ("公开依据", basis.join("|")),
        ("公开时限", first.time_limit.text.clone()),
        ("公开主体", first.body.clone()),
        ("公开渠道和载体（县级）", first.channels.join("|")),
        ("公开渠道和载体（乡级）", first.township_channels.join("|")),
        ("公开对象", format!("{:?}", first.audience)),
        ("公开方式", format!("{:?}", first.modes)),
        ("公开层级", first.levels.iter().map(|&l| t.level_labels[l as usize].as_str()).collect::<Vec<_>>().join("|")),
    ];
    let want = [
        "招生入学",
        "招生入学政策",
        "公共服务",
        "招生政策|招生范围|招生程序|报名时间",
        "湘潭县义务教育阶段学校招生入学工作方案|湘潭县城区学校划片范围公告",
        "《中华人民共和国义务教育法》|《中华人民共和国政府信息公开条例》",
        "信息形成或者变更之日起20个工作日内",
        "县教育局",
        "政府网站|两微一端",
        "便民服务站|社区/企事业单位/村公示栏（电子屏）",
        "[Public]",
        "[Proactive]",
        "县级|乡级",
    ];
    for ((element, got), want) in elements.iter().zip(want) {
        assert_eq!(got, want, "{element}");
    }
    // The merged first-level cell carries down; a row for the county alone has no 乡级 channels.
    assert_eq!(t.rows[1].item.path, ["招生入学", "随迁子女入学"]);
    assert_eq!(t.rows[1].item.content_titles, ["湘潭县随迁子女入学办事指南"]);
    let county_only = &t.rows[2].item;
    assert_eq!((county_only.item_type.as_deref(), county_only.township_channels.len()), (Some("其他"), 0));
    assert_eq!(county_only.channels, ["政府网站", "政府公报"]);
}

//! Service channels (`channels.csv`) from the source folder to the manifest: which county gets which
//! channel, and every row either a channel or an error naming its file, row and column.

mod support;

use gongkai_bundle::channels::read_channels;
use gongkai_bundle::register::read_register;
use gongkai_catalog::ChannelKind;
use support::*;

const HEADER: &str = "地区代码,渠道,名称,链接,说明,示例\n";

#[test]
fn counties_get_their_own_channels_and_the_citys_for_kinds_they_do_not_declare() {
    let tmp = source("channels-ok", GOOD_ENTRIES);
    let dir = tmp.path();
    let rows = "430121,我要查,办件进度查询（示例）,https://example.org/progress?place={place}&item={item},,是
430121,依申请公开,长沙县政府信息公开申请（示例）,,县政务服务中心一楼，工作日 9:00–17:00,是
430100,我要评,12345政务服务便民热线,tel:12345,,
430100,依申请公开,市政府信息公开申请（示例）,mailto:gk@example.org?subject={item},,是
";
    write(dir, "channels.csv", &format!("{HEADER}{rows}"));
    let outcome = build(dir);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let m = outcome.bundle.unwrap().whole_manifest();
    let kinds_names = |code: &str| m.channels_of(code).iter().map(|c| (c.kind, c.name.as_str())).collect::<Vec<_>>();
    // 长沙县's own 依申请公开 wins over the city's; it gets the city's 12345 for 我要评.
    let changsha = [
        (ChannelKind::Enquiry, "办件进度查询（示例）"),
        (ChannelKind::Application, "长沙县政府信息公开申请（示例）"),
        (ChannelKind::Evaluation, "12345政务服务便民热线"),
    ];
    assert_eq!(kinds_names("430121"), changsha);
    assert_eq!(kinds_names("430121001"), changsha, "a township uses its county's channels");
    assert_eq!(
        kinds_names("430181"),
        [(ChannelKind::Evaluation, "12345政务服务便民热线"), (ChannelKind::Application, "市政府信息公开申请（示例）")],
        "a county with none of its own gets the city's"
    );
    let office = &m.channels_of("430121")[1];
    assert_eq!((office.url.as_deref(), office.note.as_str(), office.sample), (None, "县政务服务中心一楼，工作日 9:00–17:00", true));
    assert!(!m.channels_of("430121")[2].sample);
    assert!(m.place("430100").unwrap().channels.is_empty(), "the city's rows are carried by its counties");
}

#[test]
fn a_source_without_channels_gives_places_without_channels() {
    let outcome = build(source("channels-none", GOOD_ENTRIES).path());
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let bundle = outcome.bundle.unwrap();
    assert!(!bundle.places.is_empty() && bundle.places.iter().all(|p| p.channels.is_empty()));
    let json = String::from_utf8(bundle.manifest_json).unwrap();
    assert!(!json.contains("\"kind\":\"enquiry\"") && !json.contains("\"channels\":[{\"kind"), "no channel is written");
}

#[test]
fn every_bad_row_is_an_error_naming_file_row_and_column_and_every_row_is_accounted_for() {
    let tmp = source("channels-bad", GOOD_ENTRIES);
    let dir = tmp.path();
    // (row in the file, the row, the column the error must name, words the message must contain)
    let cases: &[(&str, &str, &str)] = &[
        ("430121,我要查,查询,javascript:alert(1),,", "链接", "不安全"),
        ("430121,我要查,查询,javascript:{item},,", "链接", "占位符只能出现在"),
        ("430121,我要查,查询,https://{place}.example.org/,,", "链接", "占位符只能出现在"),
        ("430121,我要查,查询,https://example.org/?q={name},,", "链接", "未知的占位符 {name}"),
        ("430121,我要查,查询,https://example.org/?q={place,,", "链接", "不成对"),
        ("430121,我要评,留言,,,", "链接", "都为空"),
        ("430121,投诉,留言,tel:12345,,", "渠道", "不是渠道之一"),
        ("430121,我要评,,tel:12345,,", "名称", "名称为空"),
        ("430121001,我要评,12345,tel:12345,,", "地区代码", "是乡镇"),
        ("999999,我要评,12345,tel:12345,,", "地区代码", "不在区划名录中"),
        ("430121,我要评,12345,tel:12345,,也许", "示例", "应为 是"),
    ];
    let good = "430121,我要评,12345,tel:12345,,\n";
    let body: String = cases.iter().map(|(r, _, _)| format!("{r}\n")).collect();
    write(dir, "channels.csv", &format!("{HEADER}{good}{body}"));
    let outcome = build(dir);
    assert!(outcome.bundle.is_none(), "an error stops the build");
    let channel_errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error() && d.file.ends_with("channels.csv")).collect();
    assert_eq!(channel_errors.len(), cases.len(), "{channel_errors:#?}");
    for (i, (row, column, words)) in cases.iter().enumerate() {
        let line = i as u32 + 3; // the header is row 1, the good row is row 2
        let d = channel_errors.iter().find(|d| d.row == Some(line)).unwrap_or_else(|| panic!("no error for row {line}: {row}"));
        assert_eq!(d.column.as_deref(), Some(*column), "{row}");
        assert!(d.message.contains(words), "{row}: {}", d.message);
        assert!(d.message.contains(" / "), "Chinese / English: {}", d.message);
    }
    // The row equation: every row of the file is a channel or a refused row.
    let register = read_register(&dir.join("places.csv"), &mut vec![]);
    let read = read_channels(&dir.join("channels.csv"), &register, &mut vec![]);
    let rows = read.rows.unwrap();
    assert_eq!((rows.rows, rows.read, rows.refused), (cases.len() + 1, 1, cases.len()));
    // And `check` reports the same count for the file.
    let counted = outcome.files.iter().find(|f| f.path.ends_with("channels.csv")).and_then(|f| f.rows);
    assert_eq!(counted, Some(rows));
}

#[test]
fn a_file_without_the_required_columns_refuses_every_row() {
    let tmp = source("channels-columns", GOOD_ENTRIES);
    let dir = tmp.path();
    write(dir, "channels.csv", "地区代码,链接\n430121,tel:12345\n430181,tel:12345\n");
    let register = read_register(&dir.join("places.csv"), &mut vec![]);
    let mut diags = vec![];
    let read = read_channels(&dir.join("channels.csv"), &register, &mut diags);
    let rows = read.rows.unwrap();
    assert_eq!((rows.rows, rows.read, rows.refused), (2, 0, 2));
    assert_eq!(diags.len(), 1);
    assert!(diags[0].message.contains("缺少列：渠道、名称"), "{}", diags[0].message);
    assert!(diags[0].message.contains("第2行至第3行都没有读取"), "{}", diags[0].message);
}

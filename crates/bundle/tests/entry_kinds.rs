//! Entry types (类型) and interpretations (解读对象) in `entries/*.csv`.

mod support;

use gongkai_catalog::{EntryKind, PlaceEntries, PublishedEntry};
use support::*;

const HEADER: &str = "地区代码,领域,一级事项,二级事项,三级事项,标题,发布日期,链接,类型,解读对象\n";

fn typed_source(name: &str, rows: &str) -> tempfile::TempDir {
    let tmp = source(name, "");
    write(tmp.path(), "entries/entries.csv", &format!("{HEADER}{rows}"));
    tmp
}

fn entries_of(dir: &std::path::Path, place: &str) -> Vec<PublishedEntry> {
    let outcome = build(dir);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let b = outcome.bundle.unwrap();
    let key = b.place(place).unwrap().entries.clone().unwrap();
    let pe: PlaceEntries = b.decode_file(&key, &b.writer.files()[&key]).unwrap();
    pe.entries
}

#[test]
fn typed_rows_carry_their_type_and_the_title_they_interpret() {
    let dir = typed_source(
        "typed",
        "430121,社会救助,最低生活保障,政策,,长沙县低保办法,2024-05-01,https://example.gov.cn/p.html,政策文件,
430121,社会救助,最低生活保障,政策,,一图读懂低保办法,2024-05-03,,图解,https://example.gov.cn/p.html
430121,社会救助,最低生活保障,政策,,低保办法解读,2024-05-02,, 解读 ,长沙县低保办法
430121,社会救助,最低生活保障,审批信息,,2024年6月低保名单,2024-06-30,,,
",
    );
    let got: Vec<(String, Option<EntryKind>, Option<String>)> =
        entries_of(dir.path(), "430121").into_iter().map(|e| (e.title, e.kind, e.interprets)).collect();
    let want = [
        ("2024年6月低保名单", None, None),
        ("一图读懂低保办法", Some(EntryKind::Graphic), Some("长沙县低保办法")),
        ("低保办法解读", Some(EntryKind::Interpretation), Some("长沙县低保办法")),
        ("长沙县低保办法", Some(EntryKind::Policy), None),
    ];
    let want: Vec<_> = want.iter().map(|(t, k, i)| (t.to_string(), *k, i.map(str::to_string))).collect();
    assert_eq!(got, want, "a 解读对象 given by link is stored as the title it names");
}

#[test]
fn files_without_the_new_columns_still_read_untyped() {
    let tmp = source("old", GOOD_ENTRIES);
    let dir = tmp.path();
    let list = entries_of(dir, "430121001");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].kind, list[0].interprets.as_deref()), (None, None));
    let csv = std::fs::read_to_string(dir.join("entries/entries.csv")).unwrap();
    assert!(!csv.contains("类型"), "the fixture is an old file");
}

#[test]
fn an_unknown_type_is_an_error_quoting_it_and_suggesting_the_closest() {
    let tmp = typed_source("unknown-kind", "430121,社会救助,最低生活保障,政策,,长沙县低保办法,2024-05-01,,政策文档,\n");
    let dir = tmp.path();
    let outcome = build(dir);
    assert!(outcome.bundle.is_none());
    let errs: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].row, errs[0].column.as_deref()), (Some(2), Some("类型")));
    assert!(errs[0].message.contains("「政策文档」") && errs[0].message.contains("是不是「政策文件」"), "{}", errs[0].message);
}

#[test]
fn an_interpretation_naming_no_entry_is_an_error_naming_row_and_column() {
    let dir = typed_source(
        "dangling",
        "430121,社会救助,最低生活保障,政策,,长沙县低保办法,2024-05-01,,政策文件,
430121,社会救助,最低生活保障,审批信息,,低保名单解读,2024-05-02,,政策解读,长沙县低保办法
430121,社会救助,最低生活保障,政策,,低保办法解读,2024-05-02,,政策解读,长沙县临时救助办法
",
    );
    let outcome = build(dir.path());
    let errs: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut at: Vec<_> = errs.iter().map(|d| (d.row, d.column.as_deref())).collect();
    at.sort();
    assert_eq!(at, [(Some(3), Some("解读对象")), (Some(4), Some("解读对象"))], "a policy under another item is not found either: {errs:?}");
    assert!(errs.iter().any(|d| d.row == Some(4) && d.message.contains("「长沙县临时救助办法」")), "{errs:?}");
}

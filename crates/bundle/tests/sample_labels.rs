//! 示例 labels from the sources to the bundle: the 示例 column of entries and links, the links of one
//! city kept to that city, and the pages of an adapted catalog whose own rows are all sample.

mod support;

use gongkai_bundle::assemble::PlaceTables;
use gongkai_bundle::build::{build_with_tables, Bundle};
use gongkai_catalog::{Catalog, DisclosureItem, PlaceEntries};
use support::*;

fn catalog_of(b: &Bundle, place: &str) -> Catalog {
    let key = b.place(place).unwrap().catalog.clone().expect("a catalog");
    b.decode_file(&key, &b.writer.files()[&key]).unwrap()
}

fn entries_of(b: &Bundle, place: &str) -> PlaceEntries {
    let key = b.place(place).unwrap().entries.clone().expect("entries");
    b.decode_file(&key, &b.writer.files()[&key]).unwrap()
}

fn item_in<'a>(c: &'a Catalog, path: &[&str]) -> &'a DisclosureItem {
    c.items.iter().find(|i| i.path == path).unwrap_or_else(|| panic!("{path:?} in {}", c.owner))
}

#[test]
fn the_sample_column_of_entries_marks_invented_entries_and_a_typo_is_an_error_at_its_column() {
    let tmp = source("entry-sample", "");
    let dir = tmp.path();
    write(
        dir,
        "entries/entries.csv",
        "地区代码,领域,一级事项,二级事项,三级事项,标题,发布日期,链接,示例
430121,社会救助,最低生活保障,审批信息,,示例名单,2024-06-30,https://example.org/gongkai-sample/a,是
430121,社会救助,最低生活保障,审批信息,,真名单,2024-06-29,,否
430121,社会救助,最低生活保障,审批信息,,未标注,2024-06-28,,
430121,社会救助,最低生活保障,审批信息,,写错,2024-06-27,,样例
",
    );
    let outcome = build(dir);
    let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].row, errors[0].column.as_deref()), (Some(5), Some("示例")));
    assert!(errors[0].message.contains("「样例」"), "{}", errors[0].message);
    // Without the refused row the same folder builds; the flags are as written.
    let body = std::fs::read_to_string(dir.join("entries/entries.csv")).unwrap().replace(",样例", ",是");
    write(dir, "entries/entries.csv", &body);
    let b = build(dir).bundle.unwrap();
    let flags: Vec<(String, bool)> = entries_of(&b, "430121").entries.iter().map(|e| (e.title.clone(), e.sample)).collect();
    assert_eq!(flags, [("示例名单".into(), true), ("真名单".into(), false), ("未标注".into(), false), ("写错".into(), true)]);
}

/// 长沙 with its template and 浏阳's own 社会救助, and 湘潭 (430300) with a template of its own.
fn two_cities(name: &str) -> (tempfile::TempDir, std::collections::BTreeMap<String, PlaceTables>) {
    let tmp = source(name, GOOD_ENTRIES);
    write(tmp.path(), "places.csv", &format!("{PLACES}430300,湘潭市,\n430302,雨湖区,430300\n430302001,城正街街道,430302\n"));
    let mut tables = tables();
    tables.insert(
        "430300".into(),
        PlaceTables {
            folder: "catalogs/430300".into(),
            tables: vec![table("catalogs/430300/社会救助.csv", &["县级", "乡级"], vec![item(20, &["最低生活保障", "政策"], &[0, 1])])],
        },
    );
    (tmp, tables)
}

#[test]
fn a_citys_links_stay_in_that_city_and_a_place_row_wins_with_its_own_sample_mark() {
    let (tmp, tables) = two_cities("city-links");
    let dir = tmp.path();
    write(
        dir,
        "links/links.csv",
        "领域,一级事项,二级事项,三级事项,我要看,我要办,地区代码,示例
社会救助,最低生活保障,政策,,https://www.changsha.gov.cn/,https://zwfw-new.hunan.gov.cn/,430100,是
社会救助,最低生活保障,政策,,https://www.xiangtan.gov.cn/,,430300,是
社会救助,最低生活保障,政策,,https://www.liuyang.gov.cn/zwgk/,,430181,
",
    );
    let b = build_with_tables(dir, tables, vec![], vec![]).bundle.unwrap();
    let links = |place: &str| {
        let l = item_in(&catalog_of(&b, place), &["最低生活保障", "政策"]).links.clone();
        (l.see.unwrap_or_default(), l.act.unwrap_or_default(), l.sample)
    };
    let (cs, hn) = ("https://www.changsha.gov.cn/".to_string(), "https://zwfw-new.hunan.gov.cn/".to_string());
    assert_eq!(links("430121"), (cs.clone(), hn.clone(), true));
    assert_eq!(links("430121001"), (cs, hn.clone(), true));
    assert_eq!(links("430302"), ("https://www.xiangtan.gov.cn/".into(), String::new(), true), "湘潭 never gets 长沙's portal");
    assert_eq!(links("430302001"), ("https://www.xiangtan.gov.cn/".into(), String::new(), true));
    // 浏阳's own row replaces the city's 我要看 and is not sample; the city's sample 我要办 stays, so the
    // links as a whole are still labelled 示例.
    assert_eq!(links("430181"), ("https://www.liuyang.gov.cn/zwgk/".into(), hn, true));
}

#[test]
fn links_from_rows_not_marked_sample_are_not_labelled_and_a_bad_mark_is_an_error() {
    let (tmp, tables) = two_cities("link-marks");
    let dir = tmp.path();
    write(
        dir,
        "links/links.csv",
        "领域,一级事项,二级事项,三级事项,我要看,我要办,地区代码,示例
社会救助,最低生活保障,政策,,https://www.xiangtan.gov.cn/zwgk/,,430300,
户籍管理,出生登记,出生登记,,https://www.changsha.gov.cn/,,430100,也许
",
    );
    let outcome = build_with_tables(dir, tables, vec![], vec![]);
    let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].row, errors[0].column.as_deref()), (Some(3), Some("示例")));
    let (tmp, tables) = two_cities("link-marks-2");
    let dir = tmp.path();
    write(dir, "links/links.csv", "领域,一级事项,二级事项,三级事项,我要看,我要办,地区代码\n社会救助,最低生活保障,政策,,https://www.xiangtan.gov.cn/zwgk/,,430300\n");
    let b = build_with_tables(dir, tables, vec![], vec![]).bundle.unwrap();
    let xiangtan = catalog_of(&b, "430302");
    let l = &item_in(&xiangtan, &["最低生活保障", "政策"]).links;
    assert_eq!((l.see.as_deref(), l.sample), (Some("https://www.xiangtan.gov.cn/zwgk/"), false));
    assert!(item_in(&catalog_of(&b, "430121"), &["最低生活保障", "政策"]).links.is_empty());
}

#[test]
fn a_place_whose_adaptation_is_all_sample_says_so_and_one_real_row_withdraws_the_claim() {
    // (浏阳's own rows marked 示例, sample_adaptation of 浏阳, of its township, of 长沙县 on the template)
    let cases: &[(&[bool], bool)] = &[(&[true, true], true), (&[true, false], false), (&[false, false], false)];
    for (n, &(marks, want)) in cases.iter().enumerate() {
        let tmp = source(&format!("adaptation-{n}"), GOOD_ENTRIES);
        let dir = tmp.path();
        let mut tables = tables();
        for (row, &mark) in tables.get_mut("430181").unwrap().tables[0].rows.iter_mut().zip(marks) {
            row.item.sample = mark;
        }
        let b = build_with_tables(dir, tables, vec![], vec![]).bundle.unwrap();
        let flag = |p: &str| b.place(p).unwrap().sample_adaptation;
        assert_eq!([flag("430181"), flag("430181001"), flag("430121")], [want, want, false], "{marks:?}");
    }
}

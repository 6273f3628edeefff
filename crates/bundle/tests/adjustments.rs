//! 加减法 with reasons and the 目录调整记录, on copies of the default dataset (`data/`).

use gongkai_bundle::build::{build_source, build_source_after, Bundle};
use gongkai_bundle::write::write_bundle;
use gongkai_catalog::adjust::{ChangeKind, Element, PlaceAdjustments};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// A fresh, empty folder, removed when the returned guard is dropped.
fn temp_dir(name: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("gongkai-adjust-test-{name}-")).tempdir().unwrap()
}

/// A copy of data/ to change, removed when the returned guard is dropped.
fn copy_of_data(name: &str) -> TempDir {
    let to = temp_dir(name);
    copy_dir(&data_dir(), to.path());
    to
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn adjustments_of(bundle: &Bundle, code: &str) -> Option<PlaceAdjustments> {
    let key = bundle.place(code)?.adjustments.clone()?;
    Some(bundle.decode_file(&key, &bundle.writer.files()[&key]).expect("the file decodes as listed"))
}

/// "kind path: reason" for each change of one domain of a place.
fn lines(a: &PlaceAdjustments, domain: u8, kinds: &[ChangeKind]) -> Vec<String> {
    let d = a.changes.iter().find(|d| d.domain == domain).expect("the domain has changes");
    d.items
        .iter()
        .filter(|c| kinds.contains(&c.kind))
        .map(|c| {
            let r = d.reason_for(c).expect("every change has a reason");
            format!("{} {}: {} [{}]{}", c.kind.label(), c.path.join("/"), r.text, r.basis, if r.sample { " 示例" } else { "" })
        })
        .collect()
}

#[test]
fn furong_lists_what_it_added_and_dropped_each_with_its_reason_and_no_departure_is_unexplained() {
    let outcome = build_source(&data_dir());
    let unexplained: Vec<String> =
        outcome.diagnostics.iter().map(|d| d.to_string()).filter(|d| d.contains("没有说明理由") || d.contains("调整说明")).collect();
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    let bundle = outcome.bundle.expect("data/ builds");

    let furong = adjustments_of(&bundle, "430102").expect("芙蓉区 adapts the template");
    assert_eq!(furong.base.as_deref(), Some("430100"));
    use ChangeKind::*;
    assert_eq!(
        lines(&furong, 20, &[Added, Removed, NotApplicable, Renamed, Moved]),
        [
            "删除 受灾人员救助/救助信息: 受灾人员救助信息由区应急管理部门在救灾领域目录中公开，本领域不再重复列出 [《救灾领域基层政务公开标准指引》（应急厅函〔2019〕390号）] 示例",
            "新增 最低生活保障/动态管理情况: 低保对象实行动态管理，定期复核并公开增减情况，便于群众监督 [《最低生活保障审核确认办法》（民发〔2021〕57号）] 示例",
        ]
    );
    // The localised 公开主体 is a change of an element, covered by the domain's reason.
    let d20 = furong.changes.iter().find(|d| d.domain == 20).unwrap();
    let changed = d20.items.iter().find(|c| c.kind == Changed).expect("社会救助 rows name 芙蓉区's own bodies");
    assert_eq!(changed.elements.iter().map(|e| &e.element).collect::<Vec<_>>(), [&Element::Body]);
    assert!(d20.reason.as_ref().is_some_and(|r| r.text.contains("公开主体")));

    // 岳塘区's 未涉及领域事项说明 makes every 农村危房改造 row not applicable.
    let yuetang = adjustments_of(&bundle, "430304").unwrap();
    let na = lines(&yuetang, 11, &[NotApplicable]);
    assert_eq!(na.len(), 12);
    assert!(na[0].contains("岳塘区辖区均为街道"), "{na:?}");

    // A county using the template unchanged, and a township inheriting its county's catalog, depart
    // from nothing.
    for code in ["430321", "430102001"] {
        assert_eq!(bundle.place(code).expect("in the register").adjustments, None, "{code}");
    }
    // 星沙街道, with a catalog of its own, is compared with 长沙县's.
    assert_eq!(adjustments_of(&bundle, "430121001").unwrap().base.as_deref(), Some("430121"));
}

#[test]
fn a_departure_without_a_reason_is_a_warning_naming_the_county_and_the_item() {
    let tmp = copy_of_data("unexplained");
    let src = tmp.path();
    let reasons = src.join("catalogs/430102/调整说明.csv");
    let text = std::fs::read_to_string(&reasons).unwrap();
    // Keep the domain-wide rows of other domains, drop all of 社会救助's, and name an item that does
    // not depart.
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("社会救助")).collect();
    std::fs::write(&reasons, format!("{}\n户籍管理,户口登记/出生登记,删除,没有这回事,,是\n", kept.join("\n"))).unwrap();
    let outcome = build_source(src);
    let warnings: Vec<String> = outcome.diagnostics.iter().filter(|d| !d.is_error()).map(|d| d.to_string()).collect();
    let unexplained: Vec<&String> = warnings.iter().filter(|w| w.contains("没有说明理由")).collect();
    assert_eq!(unexplained.len(), 1, "{unexplained:#?}");
    let w = unexplained[0];
    assert!(w.contains("430102 芙蓉区") && w.contains("社会救助") && w.contains("调整说明.csv"), "{w}");
    assert!(w.contains("受灾人员救助/救助信息") || w.contains("等"), "{w}");
    let unused: Vec<&String> = warnings.iter().filter(|w| w.contains("户口登记/出生登记")).collect();
    assert_eq!(unused.len(), 1, "{warnings:#?}");
    assert!(unused[0].contains("第3行") || unused[0].contains("row"), "{}", unused[0]);
    assert!(outcome.bundle.is_some(), "warnings do not stop the build");
}

#[test]
fn the_record_names_exactly_the_change_since_the_previous_bundle_and_carries_forward() {
    let src_tmp = copy_of_data("record");
    let src = src_tmp.path();
    let out_tmp = temp_dir("record-out");
    let out = out_tmp.path();
    let build = |previous: Option<&Path>| {
        let o = build_source_after(src, previous);
        let errors: Vec<String> = o.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        o.bundle.expect("builds")
    };
    let first = build(None);
    assert!(adjustments_of(&first, "430181").unwrap().record.is_empty(), "no previous bundle, no record");
    write_bundle(&out.join("v1"), &first.writer, &first.manifest_json).unwrap();

    // One change: the 公开时限 of 政府预算 in 长沙市's template (财政预决算 is the template's for every
    // county of 长沙).
    let file = src.join("catalogs/430100/04_财政预决算.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().find(|l| l.contains(",政府预算,")).unwrap().to_string();
    let changed = line.replace("本级人民代表大会或其常务委员会批准后20日内", "本级人民代表大会或其常务委员会批准后15日内");
    assert_ne!(line, changed);
    std::fs::write(&file, text.replace(&line, &changed)).unwrap();

    let second = build(Some(&out.join("v1")));
    let record = adjustments_of(&second, "430181").expect("浏阳市 has a record").record;
    assert_eq!(record.len(), 1);
    assert_eq!(record[0].date, second.manifest.dataset.as_of);
    let all: Vec<String> = record[0]
        .changes
        .iter()
        .flat_map(|d| d.items.iter().map(move |c| (d.domain, c)))
        .flat_map(|(d, c)| c.elements.iter().map(move |e| format!("{d} {} {} {}: {} → {}", c.kind.label(), c.path.join("/"), e.element.label(), e.from, e.to)))
        .collect();
    assert_eq!(all, ["4 要素调整 财政预决算/政府预算 公开时限: 本级人民代表大会或其常务委员会批准后20日内 → 本级人民代表大会或其常务委员会批准后15日内"]);
    // 湘潭's counties use their own template: nothing changed there.
    assert!(adjustments_of(&second, "430321").is_none_or(|a| a.record.is_empty()));

    // The same inputs with the same previous bundle: the same bytes.
    let again = build(Some(&out.join("v1")));
    assert_eq!(second.manifest_json, again.manifest_json);
    assert_eq!(second.writer.files(), again.writer.files());

    // A build on top of the second one, with nothing changed, carries the record forward unchanged.
    write_bundle(&out.join("v2"), &second.writer, &second.manifest_json).unwrap();
    let third = build(Some(&out.join("v2")));
    assert_eq!(adjustments_of(&third, "430181").unwrap().record, record);
}

#[test]
fn a_previous_bundle_that_cannot_be_read_stops_the_build() {
    let missing = temp_dir("no-previous");
    let outcome = build_source_after(&data_dir(), Some(missing.path()));
    assert!(outcome.has_errors());
    assert!(outcome.diagnostics.iter().any(|d| d.is_error() && d.to_string().contains("--previous")));
}

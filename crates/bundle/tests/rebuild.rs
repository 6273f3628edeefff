//! Rebuilding into the previous output with its build memo (src/memo.rs): whatever the memo lets a
//! rebuild skip, the output is byte for byte what a full build of the same sources makes, and so are
//! the diagnostics; a memo that does not hold is not taken.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

/// Runs `gongkai-bundle build --memo <out>.memo.json <src> <out>`: its exit code, its diagnostic lines
/// (sorted) and its summary line.
fn build(src: &Path, out: &Path) -> (i32, Vec<String>, String) {
    let r = Command::new(env!("CARGO_BIN_EXE_gongkai-bundle"))
        .args(["build", "--memo"])
        .arg(memo_file(out))
        .arg(src)
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr).into_owned();
    let mut lines: Vec<String> = stderr.lines().map(str::to_string).collect();
    let summary = lines.pop().unwrap_or_default();
    lines.sort();
    (r.status.code().unwrap(), lines, summary)
}

/// Where these tests keep the memo of output `out`: beside it, not in it.
fn memo_file(out: &Path) -> PathBuf {
    out.with_extension("memo.json")
}

/// The measures of place `code` in the place list that holds it.
fn measures(files: &[(PathBuf, Vec<u8>)], code: &str) -> serde_json::Value {
    files
        .iter()
        .filter(|(p, _)| p.starts_with("places"))
        .filter_map(|(_, bytes)| serde_json::from_slice::<serde_json::Value>(bytes).ok())
        .find_map(|list| list["places"].as_array()?.iter().find(|p| p["code"] == code).map(|p| p["measures"].clone()))
        .expect("a place list holds it")
}

/// A copy of the default dataset, built once into `<tmp>/site` (which leaves the memo beside it).
fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = temp_dir("rebuild-memo");
    let src = tmp.path().join("src");
    let copied = Command::new("cp").arg("-R").arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")).arg(&src).status().unwrap();
    assert!(copied.success());
    let out = tmp.path().join("site");
    let (code, _, summary) = build(&src, &out);
    assert_eq!(code, 0, "{summary}");
    assert!(memo_file(&out).is_file(), "the memo is written where --memo says");
    assert!(tree(&out).iter().all(|(p, _)| !p.to_string_lossy().contains("memo")), "and nothing of it in the output");
    assert!(!summary.contains("沿用"), "a first build has no memo to take: {summary}");
    (tmp, src, out)
}

/// 浏阳市 (430181) overrides the template's 财政预决算 file, with `edit` applied to it.
fn override_budget_file(src: &Path, edit: impl Fn(String) -> String) {
    let template = std::fs::read_to_string(src.join("catalogs/430100/04_财政预决算.csv")).unwrap();
    std::fs::write(src.join("catalogs/430181/04_财政预决算.csv"), edit(template)).unwrap();
}

/// What a full build of `src` gives, in a fresh folder: exit code, diagnostics, files.
fn full_build(src: &Path) -> (i32, Vec<String>, Vec<(PathBuf, Vec<u8>)>) {
    let fresh = temp_dir("rebuild-full");
    let out = fresh.path().join("site");
    let (code, lines, _) = build(src, &out);
    (code, lines, if code == 0 { tree(&out) } else { Vec::new() })
}

#[test]
fn a_county_catalog_change_takes_the_entries_from_the_memo_and_equals_a_full_build() {
    let (_tmp, src, out) = built();
    let first = measures(&tree(&out), "430181");
    // 浏阳市's own 财政预决算 file shortens the time limit of 乡镇决算 and keeps only the items for
    // townships (it published under none of the others): its catalog changes, and so does its
    // coverage (fewer items apply); what its entries resolve to does not.
    override_budget_file(&src, |t| {
        let t = t.replacen("乡镇决算,乡镇一般公共预算决算、决算说明,《中华人民共和国预算法》,本级人民代表大会批准后20日内", "乡镇决算,乡镇一般公共预算决算、决算说明,《中华人民共和国预算法》,制定或获取信息之日起1个工作日内", 1);
        let county_only = t.lines().skip(3).filter(|l| !l.contains(",乡镇")).map(str::to_string).collect::<Vec<_>>();
        t.lines().filter(|l| !county_only.iter().any(|c| c == l)).map(|l| format!("{l}\n")).collect()
    });
    let (code, lines, summary) = build(&src, &out);
    assert_eq!(code, 0, "{summary}");
    assert!(summary.contains("发布信息沿用上次构建"), "{summary}");
    let (full_code, full_lines, full_files) = full_build(&src);
    assert_eq!(full_code, 0);
    assert_eq!(lines, full_lines, "the same diagnostics, the new warning about the unexplained change included");
    assert!(lines.iter().any(|l| l.contains("要素调整：公开时限")), "{lines:?}");
    assert_eq!(tree(&out), full_files, "the same bundle, byte for byte");
    assert_ne!(measures(&full_files, "430181"), first, "浏阳市's measures changed");

    // Nothing changed since: the memo is taken again, and nothing moves.
    let before = tree(&out);
    let (code, again, summary) = build(&src, &out);
    assert_eq!(code, 0);
    assert!(summary.contains("发布信息沿用上次构建"), "{summary}");
    assert_eq!(again, full_lines);
    assert_eq!(tree(&out), before);
}

#[test]
fn a_catalog_changed_to_the_same_length_is_written_anew() {
    // A rebuild compares each catalog with the last build's file of the same name instead of hashing
    // it (write::Made::as_before): 20日内 → 30日内 in the city's template leaves every catalog made
    // from it as long as before, and only their bytes tell.
    let (_tmp, src, out) = built();
    let path = src.join("catalogs/430100/04_财政预决算.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("本级人民代表大会批准后20日内", "本级人民代表大会批准后30日内")).unwrap();
    let (code, lines, summary) = build(&src, &out);
    assert_eq!(code, 0, "{summary}");
    let (_, full_lines, full_files) = full_build(&src);
    assert_eq!(lines, full_lines);
    assert_eq!(tree(&out), full_files, "the same bundle, byte for byte");
    let catalogs = |files: &[(PathBuf, Vec<u8>)]| files.iter().filter(|(p, _)| p.starts_with("catalog")).count();
    assert!(full_files.iter().any(|(p, b)| p.starts_with("catalog") && String::from_utf8_lossy(b).contains("批准后30日内")));
    assert_eq!(catalogs(&tree(&out)), catalogs(&full_files));
}

#[test]
fn a_changed_entries_file_or_output_is_a_full_build() {
    let (_tmp, src, out) = built();
    // One entry's title corrected: the entries side is built again.
    let path = src.join("entries/430181.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("土地现状调查信息公开", "土地现状调查信息公开（更正）", 1)).unwrap();
    let (code, lines, summary) = build(&src, &out);
    assert_eq!(code, 0, "{summary}");
    assert!(!summary.contains("沿用上次构建"), "{summary}");
    let (_, full_lines, full_files) = full_build(&src);
    assert_eq!(lines, full_lines);
    assert_eq!(tree(&out), full_files);

    // A file the memo would take is gone from the output (someone tidied it by hand): not taken.
    let feed = tree(&out).into_iter().map(|(p, _)| p).find(|p| p.starts_with("feeds")).expect("a feed");
    std::fs::remove_file(out.join(&feed)).unwrap();
    let (code, _, summary) = build(&src, &out);
    assert_eq!(code, 0);
    assert!(!summary.contains("沿用上次构建"), "{summary}");
    assert_eq!(tree(&out), full_files, "the feed is back");

    // A file the memo would take was cut short: not taken either.
    let entries = tree(&out).into_iter().map(|(p, _)| p).find(|p| p.starts_with("entries")).expect("an entries file");
    std::fs::write(out.join(&entries), b"[]").unwrap();
    let (code, _, summary) = build(&src, &out);
    assert_eq!(code, 0);
    assert!(!summary.contains("沿用上次构建"), "{summary}");
    assert_eq!(tree(&out), full_files, "the entries file is whole again");

    // An output that is not the one the memo was written with: not taken.
    std::fs::write(out.join("manifest.json"), b"{}").unwrap();
    let (code, _, summary) = build(&src, &out);
    assert_eq!(code, 0);
    assert!(!summary.contains("沿用上次构建"), "{summary}");
    assert_eq!(tree(&out), full_files);
}

#[test]
fn a_catalog_change_that_leaves_entries_unresolved_fails_as_a_full_build_does() {
    let (_tmp, src, out) = built();
    let before = tree(&out);
    let memo = std::fs::read(memo_file(&out)).unwrap();
    // 浏阳市 renames 乡镇决算, under which its townships published.
    override_budget_file(&src, |t| t.replace(",乡镇决算,", ",乡镇年度决算,"));
    let (code, lines, summary) = build(&src, &out);
    assert_eq!(code, 1, "{summary}");
    let (full_code, full_lines, _) = full_build(&src);
    assert_eq!(full_code, 1);
    assert_eq!(lines, full_lines);
    assert!(lines.iter().any(|l| l.contains("乡镇决算") && l.contains("entries/430181.csv")), "{lines:?}");
    assert_eq!(tree(&out), before, "the output is left as it was");
    assert_eq!(std::fs::read(memo_file(&out)).unwrap(), memo, "and so is its memo");
}

#[test]
fn a_removed_outline_makes_the_maps_again_and_takes_the_entries() {
    let (_tmp, src, out) = built();
    let before = tree(&out);
    std::fs::remove_file(src.join("geo/counties/430181.geojson")).unwrap();
    let (code, lines, summary) = build(&src, &out);
    assert_eq!(code, 0, "{summary}");
    assert!(summary.contains("发布信息沿用上次构建"), "{summary}");
    assert!(lines.iter().any(|l| l.contains("430181") && l.contains("示意")), "the missing outline is reported: {lines:?}");
    let (_, full_lines, full_files) = full_build(&src);
    assert_eq!(lines, full_lines);
    let after = tree(&out);
    assert_eq!(after, full_files);
    let maps = |t: &[(PathBuf, Vec<u8>)]| t.iter().filter(|(p, _)| p.starts_with("geo")).cloned().collect::<Vec<_>>();
    assert_ne!(maps(&after), maps(&before), "浏阳市's map is a schematic box now");
}

#[test]
fn a_catalog_made_from_the_same_files_is_taken_as_it_is_and_one_whose_inputs_changed_is_made_again() {
    let (_tmp, src, out) = built();
    // 湘潭市's template in the output, one character changed in place (the same size): a rebuild
    // after 浏阳市's change takes that catalog by its name and size, as it takes the entries files,
    // instead of making its JSON again to compare (memo::catalog_inputs).
    let template = tree(&out).into_iter().map(|(p, _)| p).find(|p| p.to_string_lossy().starts_with("catalog/430300.")).expect("湘潭市's template");
    let text = std::fs::read_to_string(out.join(&template)).unwrap();
    let edited = text.replacen("日内", "日后", 1);
    assert_ne!(edited, text);
    std::fs::write(out.join(&template), &edited).unwrap();
    override_budget_file(&src, |t| t.replacen("本级人民代表大会批准后20日内", "本级人民代表大会批准后25日内", 1));
    let (code, lines, summary) = build(&src, &out);
    assert_eq!(code, 0, "{summary}");
    assert_eq!(std::fs::read_to_string(out.join(&template)).unwrap(), edited, "taken as it is");
    let (_, full_lines, full_files) = full_build(&src);
    assert_eq!(lines, full_lines);
    let changed = |t: &[(PathBuf, Vec<u8>)]| t.iter().find(|(p, _)| p.to_string_lossy().starts_with("catalog/430181.")).cloned();
    assert_eq!(changed(&tree(&out)), changed(&full_files), "浏阳市's catalog is made again");
    assert!(changed(&full_files).is_some_and(|(_, b)| String::from_utf8_lossy(&b).contains("批准后25日内")));

    // A links file written again (its modification time is an input of every catalog): every catalog
    // is made again and compared, so the template is whole again, and the bundle is a full build's.
    let links = std::fs::read_dir(src.join("links")).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "csv")).expect("a links file");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&links, std::fs::read(&links).unwrap()).unwrap();
    let (code, lines, summary) = build(&src, &out);
    assert_eq!(code, 0, "{summary}");
    assert_eq!(lines, full_lines);
    assert_eq!(tree(&out), full_files, "the same bundle, byte for byte");
}

//! The command-line contract other tools rely on, run against the built binary.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai-bundle")).args(args).output().unwrap()
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline").join(rel).display().to_string()
}

/// Parses stdout as exactly one JSON value and nothing else.
fn only_json(out: &Output) -> serde_json::Value {
    let mut values = serde_json::Deserializer::from_slice(&out.stdout).into_iter::<serde_json::Value>();
    let first = values.next().expect("one JSON object on stdout").expect("valid JSON");
    assert!(values.next().is_none(), "nothing after the JSON object");
    assert!(first.is_object());
    first
}

fn siblings(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn check_json_of_a_catalog_folder_reports_each_file_with_domain_items_and_located_errors() {
    let out = run(&["check", "--json", &fixture("catalogs")]);
    assert_eq!(out.status.code(), Some(1), "a duplicate row makes the folder invalid");
    let v = only_json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let f = &files[0];
    assert!(f["path"].as_str().unwrap().ends_with("社会救助.csv"));
    assert_eq!(f["domain"], "社会救助");
    assert_eq!(f["items"], 4, "five rows, one of them a duplicate that is reported and not counted");
    let dup = f["errors"].as_array().unwrap().iter().find(|e| e["message"].as_str().unwrap().contains("重复")).expect("the duplicate row");
    assert_eq!(dup["row"], 6);
    assert_eq!(dup["column"], "二级事项");
    assert!(f["warnings"].is_array());
}

#[test]
fn check_json_of_a_source_folder_reports_an_unknown_place_in_entries() {
    let out = run(&["check", "--json", &fixture("source")]);
    assert_eq!(out.status.code(), Some(1));
    let v = only_json(&out);
    let files = v["files"].as_array().unwrap();
    let entries = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("entries.csv")).unwrap();
    assert_eq!(entries["domain"], serde_json::Value::Null);
    let e = &entries["errors"][0];
    assert_eq!((e["row"].as_u64(), e["column"].as_str()), (Some(3), Some("地区代码")));
    assert!(e["message"].as_str().unwrap().contains("430121999"));
    let catalog = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("社会救助.csv")).unwrap();
    assert_eq!((catalog["domain"].as_str(), catalog["items"].as_u64()), (Some("社会救助"), Some(4)));
}

#[test]
fn check_of_a_valid_catalog_file_exits_zero_with_a_summary() {
    let out = run(&["check", &fixture("source/catalogs/430100/社会救助.csv")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid"));
}

#[test]
fn check_of_a_missing_path_is_invalid_not_a_panic() {
    let out = run(&["check", "--json", "/nonexistent/gongkai"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(only_json(&out)["files"][0]["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn a_failed_build_leaves_the_output_folder_exactly_as_it_was() {
    let src_tmp = temp_dir("failed-build-src");
    let src = src_tmp.path();
    write(src, "dataset.toml", DATASET);
    write(src, "places.csv", "代码,名称,上级代码\n430100,长沙市,\n430121001,星沙街道,430199\n");
    let out_parent = temp_dir("failed-build-out");
    let out = out_parent.path().join("site");
    write(&out, "manifest.json", "{\"old\":true}");
    write(&out, "catalog/430100.deadbeef.json", "old");
    let before = tree(&out);
    let result = run(&["build", src.to_str().unwrap(), out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(result.stdout.is_empty());
    assert!(String::from_utf8_lossy(&result.stderr).contains("430199"));
    assert_eq!(tree(&out), before);
    assert_eq!(siblings(&out), ["site"], "no temporary folder left beside it");
}

#[test]
fn a_successful_build_replaces_the_whole_output_folder() {
    let src_tmp = temp_dir("ok-build-src");
    let src = src_tmp.path();
    write(src, "dataset.toml", "title = \"空\"\nas_of = 2024-01-31\n");
    write(src, "places.csv", "代码,名称,上级代码\n430100,长沙市,\n430121,长沙县,430100\n");
    let out_parent = temp_dir("ok-build-out");
    let out = out_parent.path().join("site");
    write(&out, "stale.json", "old");
    let result = run(&["build", src.to_str().unwrap(), out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
    // stderr is not a terminal here: no progress bars, only the diagnostics and one summary line.
    let stderr = String::from_utf8_lossy(&result.stderr);
    let (last, before) = stderr.lines().collect::<Vec<_>>().split_last().map(|(l, b)| (l.to_string(), b.to_vec())).unwrap();
    assert!(last.starts_with("构建完成") && before.iter().all(|l| l.starts_with("警告 warning:")), "{stderr:?}");
    assert!(!stderr.contains('\r') && !stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(!out.join("stale.json").exists());
    let m = gongkai_catalog::decode_manifest(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m.dataset.as_of.to_string(), "2024-01-31");
    assert_eq!(siblings(&out), ["site"], "nothing beside it (a build memo only where --memo asks)");
}

#[test]
fn a_rebuild_keeps_every_unchanged_file_and_writes_only_what_changed() {
    use std::os::unix::fs::MetadataExt;
    let src_parent = temp_dir("rebuild-src");
    let src = src_parent.path().join("source");
    let made = run(&["synth", "--cities", "1", "--counties-per-city", "2", "--townships-per-county", "3", "--entries", "300", src.to_str().unwrap()]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let out_parent = temp_dir("rebuild-out");
    let out = out_parent.path().join("site");
    let build = || {
        let r = run(&["build", src.to_str().unwrap(), out.to_str().unwrap()]);
        assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
        String::from_utf8_lossy(&r.stderr).lines().last().unwrap().to_string()
    };
    let inodes = || -> std::collections::BTreeMap<PathBuf, u64> {
        tree(&out).into_iter().map(|(p, _)| (p.clone(), std::fs::metadata(out.join(&p)).unwrap().ino())).collect()
    };
    let first = build();
    assert!(!first.contains("未变"), "a first build has nothing to keep: {first}");
    let before = inodes();
    let bytes_before = tree(&out);

    // Nothing changed: every file, the manifest included, is the same file as before.
    let again = build();
    assert!(again.contains(&format!("（{}个未变）", before.len() - 1)), "{again}");
    assert_eq!(inodes(), before);
    assert_eq!(tree(&out), bytes_before);

    // One entry's title changed: its place's entries file is new, the catalogs are the same files.
    let mut files: Vec<PathBuf> = std::fs::read_dir(src.join("entries")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let column = lines[0].split(',').position(|h| h == "标题").expect("a 标题 column");
    let mut row: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    row[column].push_str("（更正）");
    lines[1] = row.join(",");
    std::fs::write(&files[0], lines.join("\n") + "\n").unwrap();
    // Left in the output by hand or by a build that was killed: the rebuild deletes them.
    write(&out, "stale/old.json", "old");
    write(&out, "manifest.json.tmp-99999", "half a manifest");
    build();
    let fresh_parent = temp_dir("rebuild-fresh");
    let fresh = run(&["build", src.to_str().unwrap(), fresh_parent.path().join("site").to_str().unwrap()]);
    assert_eq!(fresh.status.code(), Some(0));
    assert_eq!(tree(&out), tree(&fresh_parent.path().join("site")), "the rebuilt output is what a fresh build makes, file for file");
    assert!(!out.join("stale").exists(), "and a folder left empty is deleted");
    let after = inodes();
    let kept = |dir: &str| after.iter().filter(|(p, i)| p.starts_with(dir) && before.get(*p) == Some(i)).count();
    let all = |dir: &str| after.keys().filter(|p| p.starts_with(dir)).count();
    assert!(all("catalog") > 0 && kept("catalog") == all("catalog"), "catalogs untouched");
    assert!(kept("entries") < all("entries"), "the changed place's entries file is written anew");
    assert!(after.keys().any(|p| !before.contains_key(p)), "its new name is new");
    assert_eq!(siblings(&out), ["site"], "no temporary folder left beside it");
}

#[test]
fn bad_arguments_are_a_usage_error_not_a_panic() {
    for args in [&[][..], &["build"], &["check"], &["synth", "--seed"], &["synth", "--cities", "0", "/tmp/x"], &["synth", "--preset", "county", "/tmp/x"], &["synth", "--preset", "city", "--cities", "3", "/tmp/x"], &["synth", "--inputs", "/tmp", "/tmp/x"], &["build", "--memo", "/tmp/site/memo.json", "/tmp/src", "/tmp/site"], &["frobnicate"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn synth_is_deterministic_and_builds_without_errors() {
    let a = temp_dir("synth-a");
    let b = temp_dir("synth-b");
    let (a, b) = (a.path(), b.path());
    for dir in [a, b] {
        let out = run(&["synth", "--seed", "7", "--cities", "1", "--counties-per-city", "3", "--townships-per-county", "4", "--entries", "500", dir.join("src").to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let strip = |root: &Path| tree(root);
    assert_eq!(strip(a), strip(b));
    let built = run(&["build", a.join("src").to_str().unwrap(), a.join("out").to_str().unwrap()]);
    let log = String::from_utf8_lossy(&built.stderr);
    assert_eq!(built.status.code(), Some(0), "{log}");
    assert!(!log.contains("错误 error"), "{log}");
    assert!(log.contains("500 entries"), "{log}");
}

/// Every tabular file in a `check --json` report satisfies the row equation: its non-empty rows below
/// the header were each read or refused by a diagnostic, and nothing is left to an internal error.
/// Returns (files with rows, files with refused rows).
fn assert_row_equation(report: &serde_json::Value, what: &str) -> (usize, usize) {
    let (mut with_rows, mut with_refused) = (0, 0);
    for f in report["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let problems: Vec<&serde_json::Value> = f["errors"].as_array().unwrap().iter().chain(f["warnings"].as_array().unwrap()).collect();
        assert!(problems.iter().all(|p| !p["message"].as_str().unwrap().contains("内部错误")), "{what}: {path}: {problems:#?}");
        let Some(rows) = f["rows"].as_u64() else {
            assert!(f.get("rows_read").is_none() && f.get("rows_refused").is_none(), "{what}: {path}");
            continue;
        };
        let (read, refused) = (f["rows_read"].as_u64().unwrap(), f["rows_refused"].as_u64().unwrap());
        assert_eq!(rows, read + refused, "{what}: {path}: {f:#}");
        if refused > 0 {
            // Refused rows are named by errors (a warning would let the build pass with the row missing):
            // each by its own, or all by one naming the range from its first row.
            let errors = f["errors"].as_array().unwrap();
            // A row is (sheet, row); check --json writes the sheet as a "[sheet] " prefix of the message.
            let sheet = |p: &serde_json::Value| p["message"].as_str().unwrap().strip_prefix('[').and_then(|m| m.split_once("] ")).map(|(s, _)| s.to_string());
            let named: std::collections::BTreeSet<(Option<String>, u64)> =
                errors.iter().filter_map(|p| Some((sheet(p), p["row"].as_u64().filter(|&r| r > 1)?))).collect();
            let ranged = errors.iter().any(|p| p["message"].as_str().unwrap().contains("没有读取"));
            // Past the 200 listed per file, one closing error counts the rest and names their range.
            let unlisted: u64 = errors.iter().filter_map(|p| p["message"].as_str()?.strip_prefix("另有")?.split('个').next()?.parse::<u64>().ok()).sum();
            assert!(named.len() as u64 + unlisted >= refused || ranged, "{what}: {path}: {f:#}");
            with_refused += 1;
        }
        with_rows += usize::from(rows > 0);
    }
    (with_rows, with_refused)
}

fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn every_fixture_and_the_default_dataset_satisfy_the_row_equation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures");
    let mut targets: Vec<PathBuf> = vec![root.join("../../data"), fixtures.join("adversarial/base"), fixtures.join("pipeline/source")];
    // Each adversarial case is its files laid over the base source folder (the folders live until the
    // test ends).
    let mut scratch = Vec::new();
    for case in std::fs::read_dir(fixtures.join("adversarial/cases")).unwrap() {
        let case = case.unwrap().path();
        let tmp = temp_dir(&format!("rows-{}", case.file_name().unwrap().to_string_lossy()));
        copy_tree(&fixtures.join("adversarial/base"), tmp.path());
        copy_tree(&case, tmp.path());
        targets.push(tmp.path().to_path_buf());
        scratch.push(tmp);
    }
    // Every catalog file of every fixture folder, on its own.
    let mut stack = vec![fixtures.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            if p.is_dir() {
                stack.push(p);
            } else if ["csv", "xlsx", "xls"].contains(&ext.as_str()) && p.parent().unwrap().file_name().unwrap() != "entries" && p.parent().unwrap().file_name().unwrap() != "links" && p.file_name().unwrap() != "places.csv" {
                targets.push(p);
            }
        }
    }
    let (mut with_rows, mut with_refused) = (0, 0);
    for t in &targets {
        let out = run(&["check", "--json", t.to_str().unwrap()]);
        let (r, f) = assert_row_equation(&only_json(&out), &t.display().to_string());
        with_rows += r;
        with_refused += f;
    }
    // The walk really covers rows read and rows refused.
    assert!(targets.len() > 35 && with_rows > 150 && with_refused > 10, "{} targets, {with_rows} files with rows, {with_refused} with refused rows", targets.len());
}

#[test]
fn check_json_reports_rows_read_and_refused_for_places_entries_and_links() {
    let tmp = temp_dir("rows-json");
    let src = tmp.path();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial/base"), src);
    write(src, "places.csv", "代码,名称,上级代码\n430100,长沙市,\n430121,长沙县,430100\n430121001,星沙街道,430121\n430121102,黄兴镇,430121\n430121999,\"未闭合,430121\n");
    let v = only_json(&run(&["check", "--json", src.to_str().unwrap()]));
    let places = v["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with("places.csv")).unwrap();
    assert_eq!((places["rows"].as_u64(), places["rows_read"].as_u64(), places["rows_refused"].as_u64()), (Some(5), Some(4), Some(1)), "{places:#}");
    let e = &places["errors"][0];
    assert_eq!((e["row"].as_u64(), e["column"].as_str()), (Some(6), Some("B")));
    let entries = v["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with("430121.csv")).unwrap();
    assert!(entries["rows"].as_u64().unwrap() > 0 && entries["rows"] == entries["rows_read"], "{entries:#}");
    let dataset = v["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with("dataset.toml")).unwrap();
    assert!(dataset.get("rows").is_none());
}

#[test]
fn every_command_has_help_and_the_tool_has_a_version() {
    let version = run(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("gongkai-bundle {}", env!("CARGO_PKG_VERSION")));
    // (command, words its help must hold)
    let cases: &[(&str, &[&str])] = &[
        ("check", &["--json", "<PATH>", "exit code 1"]),
        ("build", &["<SOURCE>", "<OUT>", "unchanged"]),
        ("synth", &["--seed", "--preset", "national", "--inputs", "--vocabulary", "fetch-scale-inputs.sh", "--cities", "--counties-per-city", "--townships-per-county", "--entries", "<OUT>"]),
        ("first-screen", &["<BUNDLE>", "<HTML>", "index.html"]),
    ];
    for (command, words) in cases {
        for args in [vec![*command, "--help"], vec!["help", *command]] {
            let out = run(&args);
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            let help = String::from_utf8_lossy(&out.stdout);
            for w in *words {
                assert!(help.contains(w), "{args:?} lacks {w}:\n{help}");
            }
        }
    }
    let top = String::from_utf8_lossy(&run(&["--help"]).stdout).into_owned();
    assert!(["check", "build", "synth", "first-screen", "--version"].iter().all(|c| top.contains(c)), "{top}");
}

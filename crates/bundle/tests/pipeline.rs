//! The build step's pipeline, from a source folder (with catalog tables given directly) to a bundle.

mod support;

use gongkai_bundle::assemble::item_id;
use gongkai_bundle::write::write_bundle;
use gongkai_catalog::filter::Filters;
use gongkai_catalog::{Applicability, Catalog, Manifest, PlaceEntries, PlaceKind, Tier};
use support::*;

fn built(name: &str, entries: &str) -> gongkai_bundle::build::Bundle {
    let tmp = source(name, entries);
    let dir = tmp.path();
    let outcome = build(dir);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    outcome.bundle.expect("a bundle when there is no error")
}

fn catalog_of(bundle: &gongkai_bundle::build::Bundle, place: &str) -> Catalog {
    let key = bundle.place(place).unwrap().catalog.clone().expect("a catalog");
    bundle.decode_file(&key, &bundle.writer.files()[&key]).unwrap()
}

/// The items (leaves) under these nodes of the domain tree.
fn leaves(nodes: &[gongkai_catalog::filter::PathNode]) -> u32 {
    nodes.iter().map(|n| if n.children.is_empty() { u32::from(n.item.is_some()) } else { leaves(&n.children) }).sum()
}

/// The paths of the catalog's items that apply as `at` says (all of them for None).
fn paths(catalog: &Catalog, at: Option<Applicability>) -> Vec<String> {
    catalog.items.iter().filter(|i| at.is_none_or(|a| catalog.applies(i, a))).map(|i| i.path.join("/")).collect()
}

#[test]
fn a_township_inherits_its_countys_rows_ticked_at_township_level() {
    let b = built("inherit", GOOD_ENTRIES);
    let town = b.place("430121001").unwrap();
    let county = b.place("430121").unwrap();
    assert_eq!(town.catalog, county.catalog, "the township shows its county's catalog");
    assert_eq!(town.tier, Tier::Township);
    assert_eq!(county.tier, Tier::County);
    assert!(town.inherited && !county.inherited);
    let cat = catalog_of(&b, "430121001");
    assert_eq!(paths(&cat, Some(town.applicability())), ["最低生活保障/政策", "临时救助/政策", "出生登记/出生登记"]);
    assert_eq!(town.counts.items, 3);
    assert_eq!(town.counts.by_domain[19], 2, "社会救助 is domain 20");
    assert_eq!(town.counts.by_domain[21], 1, "户籍管理 is domain 22");
    assert_eq!(county.counts.items, 3, "rows ticked 县级");
}

#[test]
fn a_county_overriding_one_domain_keeps_the_template_for_the_others() {
    let b = built("override", GOOD_ENTRIES);
    let liuyang = catalog_of(&b, "430181");
    assert_eq!(liuyang.owner, "430181");
    assert_eq!(paths(&liuyang, None), ["最低生活保障/政策", "浏阳特色/助学救助", "出生登记/出生登记"]);
    assert_eq!(liuyang.levels.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), ["市级", "镇(街)级", "县级", "乡级"]);
    assert_eq!(liuyang.levels[0].tier, Tier::County, "市级 of a county-level city is the county tier");
    // 长沙县 overrides nothing: it shares the city template's catalog, one file for all such counties.
    let changsha = catalog_of(&b, "430121");
    assert_eq!(changsha.owner, "430100");
    assert_eq!(paths(&changsha, None), ["最低生活保障/政策", "最低生活保障/审批信息", "临时救助/政策", "出生登记/出生登记"]);
}

#[test]
fn item_ids_are_the_same_in_every_county_for_the_same_domain_and_path() {
    let b = built("ids", GOOD_ENTRIES);
    let id_in = |place: &str| catalog_of(&b, place).items.iter().find(|i| i.path == ["最低生活保障", "政策"]).unwrap().id.clone();
    assert_eq!(id_in("430121"), id_in("430181"));
    assert_eq!(id_in("430121"), item_id(20, &["最低生活保障", "政策"]));
    assert!(id_in("430121").starts_with("20-") && id_in("430121").len() == 11);
    assert_ne!(item_id(20, &["最低生活保障", "政策"]), item_id(21, &["最低生活保障", "政策"]));
}

#[test]
fn the_as_of_date_is_the_latest_entry_date_not_the_clock() {
    let b = built("asof", GOOD_ENTRIES);
    assert_eq!(b.manifest.dataset.as_of.to_string(), "2024-06-30");
}

#[test]
fn entries_are_split_per_place_newest_first_and_summed_upwards() {
    let more = format!("{GOOD_ENTRIES}430121001,户籍管理,出生登记,出生登记,,出生登记办事指南,2024-07-01,\n");
    let b = built("split", &more);
    let town = b.place("430121001").unwrap();
    let key = town.entries.clone().unwrap();
    assert!(key.starts_with("entries/430121001.") && key.ends_with(".json"));
    let pe: PlaceEntries = b.decode_file(&key, &b.writer.files()[&key]).unwrap();
    assert_eq!(pe.entries.iter().map(|e| e.date.to_string()).collect::<Vec<_>>(), ["2024-07-01", "2024-05-01"]);
    assert_eq!(town.counts.entries, 2);
    assert_eq!(b.place("430121").unwrap().counts.entries, 3);
    assert_eq!(b.place("430100").unwrap().counts.entries, 4);
    assert!(b.place("430121102").unwrap().entries.is_none(), "no file for a place without entries");
}

#[test]
fn a_bundle_written_into_its_output_is_put_in_place_there_only() {
    use gongkai_bundle::write::BundleWriter;
    let root = temp_dir("in-place-writer");
    let out = root.path().join("site");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("manifest.json"), "{\"old\":true}").unwrap();
    std::fs::write(out.join("old.json"), "old").unwrap();
    let before = tree(&out);

    // Completed elsewhere: refused, and the files it wrote into `site` are gone with the writer.
    let mut w = BundleWriter::beside(&out);
    w.add_json("catalog", "430100", &"new");
    assert_ne!(tree(&out), before, "written into the output itself");
    let elsewhere = root.path().join("other");
    assert!(write_bundle(&elsewhere, &w, b"{}").is_err());
    drop(w);
    assert_eq!(tree(&out), before);
    assert!(!elsewhere.exists());

    // Completed there under another spelling of the same folder: the new bundle, and nothing else.
    let mut w = BundleWriter::beside(&out);
    let key = w.add_json("catalog", "430100", &"new");
    write_bundle(&out.join("..").join("site"), &w, b"{}").unwrap();
    drop(w);
    let names: Vec<String> = tree(&out).into_iter().map(|(p, _)| p.to_string_lossy().into_owned()).collect();
    assert_eq!(names, [key, "manifest.json".to_string()]);
}

#[test]
fn the_same_sources_build_to_identical_bytes_twice() {
    let tmp = source("determinism", GOOD_ENTRIES);
    let dir = tmp.path();
    let (one, two) = (temp_dir("determinism-one"), temp_dir("determinism-two"));
    for out in [one.path(), two.path()] {
        let b = build(dir).bundle.unwrap();
        write_bundle(&out.join("bundle"), &b.writer, &b.manifest_json).unwrap();
    }
    let listing = |root: &std::path::Path| tree(&root.join("bundle"));
    let (a, b) = (listing(one.path()), listing(two.path()));
    assert!(a.len() >= 4, "manifest, catalogs and entries: {:?}", a.iter().map(|f| &f.0).collect::<Vec<_>>());
    assert_eq!(a, b);
}

#[test]
fn the_chain_from_the_manifest_verifies_every_file_and_reaches_every_place() {
    let b = built("manifest", GOOD_ENTRIES);
    let read = |path: &str| {
        if path == "manifest.json" {
            Some(b.manifest_json.clone())
        } else {
            b.writer.file(path)
        }
    };
    let reached = gongkai_bundle::verify::walk(read).expect("every file verifies through its chain");
    // The Atom feeds alone have fixed names and no listing: feed readers poll them, the app never loads them.
    let written = b.writer.refs();
    let feeds: Vec<&String> = written.keys().filter(|k| k.starts_with("feeds/")).collect();
    assert!(!feeds.is_empty() && feeds.iter().all(|k| k.ends_with(".xml") && !reached.files.contains_key(*k)));
    assert_eq!(reached.files.len() + feeds.len(), written.len(), "every other file is reached");
    let codes = |ps: &[gongkai_catalog::Place]| {
        let mut c: Vec<String> = ps.iter().map(|p| p.code.clone()).collect();
        c.sort();
        c
    };
    assert_eq!(codes(&reached.places), codes(&b.places), "every place is in the manifest or one list");
    assert_eq!(codes(&b.places), ["430100", "430121", "430121001", "430121102", "430181", "430181001"]);
    let m: Manifest = gongkai_catalog::decode_manifest(&b.manifest_json).unwrap();
    assert_eq!(m.domains.len(), 26);
    // One city: the manifest holds it and its counties; the counties' townships are in their lists.
    assert_eq!(m.places.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["430100", "430121", "430181"]);
    assert!(m.files.keys().all(|k| !k.starts_with("search/") || k.starts_with("search/meta.")));

    // One changed byte anywhere down a chain stops the walk, naming the file.
    let list = b.places.iter().find_map(|p| p.children.clone().filter(|_| p.code == "430121")).unwrap();
    let tampered = |path: &str| {
        let mut bytes = read(path)?;
        if path == list {
            let at = bytes.len() / 2;
            bytes[at] ^= 1;
        }
        Some(bytes)
    };
    let err = gongkai_bundle::verify::walk(tampered).unwrap_err();
    assert!(err.contains(&list), "{err}");
}

#[test]
fn each_place_screens_files_are_named_by_the_lists_the_app_loads_toward_it_and_no_higher() {
    let b = built("screens", GOOD_ENTRIES);
    let read = |path: &str| if path == "manifest.json" { Some(b.manifest_json.clone()) } else { b.writer.file(path) };
    assert_eq!(place_screens(read), Ok(6));
    // 长沙县's own files (its entries, its map of its townships) are named by its own list, which its
    // screen and its townships' load, not by the manifest that holds the county: the manifest (what
    // every visit loads first) carries only the county's list. The city's, whose counties the manifest
    // holds, are the manifest's.
    let m: Manifest = gongkai_catalog::decode_manifest(&b.manifest_json).unwrap();
    let county = b.place("430121").unwrap();
    let own: Vec<&String> = county.own_files().filter(|k| !b.place("430100").unwrap().own_files().any(|c| c == *k)).collect();
    assert!(!own.is_empty());
    assert!(own.iter().all(|k| !m.files.contains_key(*k)), "{own:?}");
    assert!(m.files.contains_key(county.children.as_ref().unwrap()));
    assert!(b.place("430100").unwrap().own_files().all(|k| m.files.contains_key(k)));

    // A manifest that leaves out a file of the city whose counties it holds: the walk still reaches
    // that file (the city's own list names it too, for a visit through that list), but the city's
    // screen, which loads no list, could not verify it.
    let city_file = b.place("430100").unwrap().own_files().next().unwrap().clone();
    let mut m = m;
    assert!(m.files.remove(&city_file).is_some());
    let manifest = serde_json::to_vec(&m).unwrap();
    let read = |path: &str| if path == "manifest.json" { Some(manifest.clone()) } else { b.writer.file(path) };
    gongkai_bundle::verify::walk(read).expect("the walk reaches it through the city's list");
    let err = place_screens(read).unwrap_err();
    assert!(err.starts_with("430100:") && err.contains(&city_file), "{err}");
}

#[test]
fn a_catalog_with_nothing_only_an_item_page_shows_has_no_brief_catalog_beside_it() {
    // These test catalogs have paths, levels and channels but nothing only an item's page shows (no
    // 序号, 公开内容, 依据, 时限, 主体 or links): a brief catalog would leave nothing out, so the place
    // screen loads the whole one (data/'s catalogs have them: tests/default_dataset.rs).
    let b = built("brief", GOOD_ENTRIES);
    let mut seen = 0;
    for p in b.places.iter().filter(|p| p.catalog.is_some()) {
        assert_eq!(p.brief, None, "{}", p.code);
        assert_eq!(catalog_of(&b, &p.code).brief().items, catalog_of(&b, &p.code).items);
        seen += 1;
    }
    assert!(seen >= 5, "{seen} places with catalogs");
    assert!(b.writer.files().keys().all(|k| !k.contains(".brief.")));
}

#[test]
fn an_unknown_township_code_in_entries_is_an_error_naming_file_row_and_column() {
    let tmp = source("unknown-place", &format!("{GOOD_ENTRIES}430121999,社会救助,最低生活保障,政策,,某某街道低保政策,2024-05-01,\n"));
    let dir = tmp.path();
    let outcome = build(dir);
    assert!(outcome.bundle.is_none());
    let errs: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, dir.join("entries/entries.csv"));
    assert_eq!(errs[0].row, Some(5), "header is row 1, the fourth entry is row 5");
    assert_eq!(errs[0].column.as_deref(), Some("地区代码"));
    assert!(errs[0].message.contains("地区代码 430121999 不在区划名录中"), "{}", errs[0].message);
}

#[test]
fn an_unknown_item_in_entries_is_an_error_naming_the_closest_items() {
    let tmp = source("unknown-item", "430121,社会救助,最低生活保障,审批,,长沙县低保名单,2024-05-01,\n");
    let dir = tmp.path();
    let outcome = build(dir);
    let errs = errors(&outcome);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("第2行") && errs[0].contains("最低生活保障 / 审批"), "{}", errs[0]);
    assert!(errs[0].contains("相近的事项：最低生活保障 / 审批信息"), "{}", errs[0]);
}

#[test]
fn an_unsafe_link_is_refused_in_entries_and_in_links() {
    let tmp = source("unsafe", "430121,社会救助,最低生活保障,审批信息,,名单,2024-05-01,javascript:alert(1)\n");
    let dir = tmp.path();
    write(dir, "links/links.csv", "领域,一级事项,二级事项,三级事项,我要看,我要办\n社会救助,最低生活保障,政策,,https://ok.example.cn/,\"data:text/html,x\"\n");
    let outcome = build(dir);
    assert!(outcome.bundle.is_none());
    let cols: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.column.clone().unwrap_or_default()).collect();
    assert_eq!(cols, ["我要办", "链接"]);
}

#[test]
fn links_without_a_place_are_set_on_the_item_in_every_catalog() {
    let tmp = source("links", GOOD_ENTRIES);
    let dir = tmp.path();
    write(dir, "links/links.csv", "领域,一级事项,二级事项,三级事项,我要看,我要办\n社会救助,最低生活保障,政策,,,https://zwfw.example.cn/dibao\n");
    let b = build(dir).bundle.unwrap();
    for place in ["430121", "430181"] {
        let cat = catalog_of(&b, place);
        let item = cat.items.iter().find(|i| i.path == ["最低生活保障", "政策"]).unwrap();
        assert_eq!(item.links.act.as_deref(), Some("https://zwfw.example.cn/dibao"), "{place}");
    }
}

#[test]
fn a_duplicate_entry_is_a_warning_and_kept_once() {
    let tmp = source("dup", &format!("{GOOD_ENTRIES}430121001,社会救助,最低生活保障,政策,,星沙街道低保政策解读,2024-05-01,\n"));
    let dir = tmp.path();
    let outcome = build(dir);
    let warnings: Vec<_> = outcome.diagnostics.iter().filter(|d| !d.is_error() && d.message.contains("重复")).collect();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].row, Some(5));
    let b = outcome.bundle.unwrap();
    assert_eq!(b.place("430121001").unwrap().counts.entries, 1);
}

#[test]
fn a_bad_date_is_an_error_in_its_column() {
    let tmp = source("date", "430121,社会救助,最低生活保障,审批信息,,名单,2024-02-30,\n");
    let dir = tmp.path();
    let outcome = build(dir);
    let errs: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].column.as_deref(), Some("发布日期"));
}

#[test]
fn a_sample_column_marks_rows_as_sample_and_is_not_kept_as_an_extra() {
    let tmp = source("sample", GOOD_ENTRIES);
    let dir = tmp.path();
    let mut tables = tables();
    let t = &mut tables.get_mut("430100").unwrap().tables[1];
    t.extra_columns = vec!["五公开".into(), "示例".into()];
    t.rows[0].item.extras = [(0u8, "服务".to_string()), (1u8, "是".to_string())].into();
    let outcome = gongkai_bundle::build::build_with_tables(dir, tables, vec![], vec![]);
    let b = outcome.bundle.unwrap();
    let cat = catalog_of(&b, "430121");
    assert_eq!(cat.extra_columns, ["五公开"]);
    let birth = cat.items.iter().find(|i| i.domain == 22).unwrap();
    assert!(birth.sample);
    assert_eq!(birth.extras, [(0u8, "服务".to_string())].into());
    assert!(b.manifest.dataset.sample.is_some(), "sample rows give the dataset a sample note");
    assert_eq!(b.manifest.facets.extras[0].name, "五公开");
    assert_eq!(b.manifest.facets.levels, ["县级", "市级", "乡级", "镇(街)级"]);
}

#[test]
fn a_register_with_bad_codes_names_each_row() {
    let tmp = temp_dir("register");
    let dir = tmp.path();
    write(
        dir,
        "places.csv",
        "代码,名称,上级代码\n430100,长沙市,\n430121,长沙县,430100\n430121,长沙县,430100\n4301x1,坏代码,430100\n430181001,淮川街道,430121\n430121002,,430121\n430122,无上级,439900\n",
    );
    let mut diags = Vec::new();
    let reg = gongkai_bundle::register::read_register(&dir.join("places.csv"), &mut diags);
    let rows: Vec<_> = diags.iter().map(|d| (d.row.unwrap(), d.is_error())).collect();
    assert_eq!(rows, [(4, true), (5, true), (7, true), (6, true), (8, true)], "{diags:#?}");
    assert_eq!(reg.places.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["430100", "430121"]);
}

#[test]
fn the_register_reads_provinces_and_holds_every_code_to_its_parents_prefix() {
    let tmp = source("register-levels", GOOD_ENTRIES);
    let dir = tmp.path();
    // (row, what it says, refused?)
    let rows: &[(&str, bool)] = &[
        ("430000,湖南省,", false),
        ("430100,长沙市,430000", false),
        ("430121,长沙县,430100", false),
        ("430121001,星沙街道,430121", false),
        ("441900,东莞市,", false),
        // A city without counties holds its townships itself (东莞).
        ("441900003,东城街道,441900", false),
        // A city with counties does not.
        ("430100999,越级街道,430100", true),
        // A county of another city's prefix, a city of another province's.
        ("430221,错位县,430100", true),
        ("440100,错省市,430000", true),
        // A province has no parent.
        ("450000,广西壮族自治区,430000", true),
    ];
    let text: String = rows.iter().map(|(r, _)| format!("{r}\n")).collect();
    write(dir, "places.csv", &format!("代码,名称,上级代码\n{text}"));
    let mut diags = Vec::new();
    let reg = gongkai_bundle::register::read_register(&dir.join("places.csv"), &mut diags);
    let refused: Vec<u32> = diags.iter().filter(|d| d.is_error()).filter_map(|d| d.row).collect();
    let want: Vec<u32> = rows.iter().enumerate().filter(|(_, (_, r))| *r).map(|(i, _)| i as u32 + 2).collect();
    let mut got = refused.clone();
    got.sort();
    assert_eq!(got, want, "{diags:#?}");
    let kinds: Vec<(&str, PlaceKind)> = reg.places.iter().map(|p| (p.code.as_str(), p.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("430000", PlaceKind::Province),
            ("430100", PlaceKind::City),
            ("430121", PlaceKind::County),
            ("430121001", PlaceKind::Township),
            ("441900", PlaceKind::City),
            ("441900003", PlaceKind::Township),
        ]
    );
    let prefix_error = diags.iter().find(|d| d.row == Some(9)).unwrap().to_string();
    assert!(prefix_error.contains("4301") && prefix_error.contains("前缀"), "{prefix_error}");
}

#[test]
fn a_link_for_one_county_gives_that_county_its_own_copy_of_the_shared_template() {
    let tmp = source("place-link", GOOD_ENTRIES);
    let dir = tmp.path();
    write(dir, "links/links.csv", "地区代码,领域,一级事项,二级事项,三级事项,我要看,我要办\n430121001,户籍管理,出生登记,出生登记,,https://gaj.example.cn/csdj,\n");
    let b = build(dir).bundle.unwrap();
    let link = |place: &str| catalog_of(&b, place).items.iter().find(|i| i.domain == 22).unwrap().links.see.clone();
    let see = Some("https://gaj.example.cn/csdj".to_string());
    assert_eq!(link("430121"), see, "a township's link goes on the county catalog it inherits");
    assert_eq!(link("430121001"), see);
    assert_eq!(link("430181"), None);
    assert_eq!(catalog_of(&b, "430121").owner, "430121");
}

#[test]
fn a_township_with_its_own_files_uses_them_instead_of_inheriting() {
    let tmp = source("own-township", GOOD_ENTRIES);
    let dir = tmp.path();
    let mut tables = tables();
    tables.insert(
        "430121102".into(),
        gongkai_bundle::assemble::PlaceTables {
            folder: "catalogs/430121102".into(),
            tables: vec![table("catalogs/430121102/社会救助.csv", &["镇级", "村级"], vec![item(20, &["最低生活保障", "政策"], &[0, 1])])],
        },
    );
    let b = gongkai_bundle::build::build_with_tables(dir, tables, vec![], vec![]).bundle.unwrap();
    let own = catalog_of(&b, "430121102");
    assert_eq!(own.owner, "430121102");
    let place = b.place("430121102").unwrap();
    assert!(!place.inherited);
    assert_eq!(paths(&own, Some(place.applicability())), ["最低生活保障/政策"]);
    assert_eq!(b.place("430121102").unwrap().counts.items, 1);
    assert_eq!(catalog_of(&b, "430121001").owner, "430100", "its sibling still inherits");
}

#[test]
fn an_extra_column_with_more_than_twelve_values_is_not_a_facet() {
    let mut cat = Catalog { format_version: 1, owner: "430121".into(), levels: vec![], extra_columns: vec!["公开内容标题".into(), "五公开".into()], items: vec![], not_applicable: vec![], brief: false };
    for n in 0..13u8 {
        let mut it = item(20, &["x", &n.to_string()], &[]);
        it.extras = [(0u8, format!("标题{n}")), (1u8, ["决策", "执行"][n as usize % 2].to_string())].into();
        cat.items.push(it);
    }
    let f = gongkai_bundle::facets::facets(&[cat]);
    assert_eq!(f.extras.len(), 1);
    assert_eq!((f.extras[0].name.as_str(), f.extras[0].values.clone()), ("五公开", vec!["决策".to_string(), "执行".to_string()]));
}

#[test]
fn a_city_page_has_its_template_as_its_catalog_even_where_every_county_adapts_it() {
    // 长沙县 gets a 户籍管理 of its own, so no county uses the template unchanged: the template is still
    // written, with the city as its owner, and only the city's page reads it.
    let tmp = source("city_template", GOOD_ENTRIES);
    let dir = tmp.path();
    let mut tables = tables();
    tables.insert(
        "430121".into(),
        gongkai_bundle::assemble::PlaceTables {
            folder: "catalogs/430121".into(),
            tables: vec![table("catalogs/430121/户籍管理.csv", &["县级", "乡级"], vec![item(22, &["出生登记", "出生登记"], &[0, 1])])],
        },
    );
    let outcome = gongkai_bundle::build::build_with_tables(dir, tables, vec![], vec![]);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let b = outcome.bundle.unwrap();
    let city = b.place("430100").unwrap();
    let key = city.catalog.clone().expect("the city's page has its template");
    assert!(key.starts_with("catalog/430100."), "{key}");
    let owners: Vec<&str> = b.places.iter().filter(|p| p.catalog.as_ref() == Some(&key)).map(|p| p.code.as_str()).collect();
    assert_eq!(owners, ["430100"]);
    let template = catalog_of(&b, "430100");
    assert_eq!(paths(&template, Some(city.applicability())), ["最低生活保障/政策", "最低生活保障/审批信息", "临时救助/政策", "出生登记/出生登记"]);
    assert_eq!(city.counts.items, 4);
    // Its entries are still its counties' and townships', summed.
    assert_eq!(city.counts.entries, 3);
}

#[test]
fn a_row_with_no_level_ticked_is_counted_exactly_where_the_app_shows_it() {
    // The template gets a row nobody ticked, and 黄兴镇 a catalog of its own with another.
    let tmp = source("unticked", GOOD_ENTRIES);
    let dir = tmp.path();
    let mut tables = tables();
    tables.get_mut("430100").unwrap().tables[0].rows.push(gongkai_bundle::source::SourceRow {
        row: 9,
        item: item(20, &["最低生活保障", "资金发放"], &[]),
    });
    tables.insert(
        "430121102".into(),
        gongkai_bundle::assemble::PlaceTables {
            folder: "catalogs/430121102".into(),
            tables: vec![table(
                "catalogs/430121102/社会救助.csv",
                &["镇级", "村级"],
                vec![item(20, &["最低生活保障", "政策"], &[0, 1]), item(20, &["最低生活保障", "镇级台账"], &[])],
            )],
        },
    );
    let outcome = gongkai_bundle::build::build_with_tables(dir, tables, vec![], vec![]);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let b = outcome.bundle.unwrap();

    // (place, applies as, items it counts): the unticked row counts where the catalog is the place's own.
    let cases = [
        ("430100", false, 5), // 长沙市 shows its template whole: every row, ticked or not, at any level
        ("430121", false, 4), // 长沙县 shares the template: 3 rows ticked 县级 + the unticked one
        ("430121001", true, 3), // 星沙街道 inherits: only the rows ticked 乡级
        ("430121102", false, 2), // 黄兴镇's own catalog: 1 ticked 镇级 + its unticked one
        ("430181", false, 3),
        ("430181001", true, 3),
    ];
    for (code, inherited, items) in cases {
        let place = b.place(code).unwrap();
        assert_eq!(place.inherited, inherited, "{code}");
        assert_eq!(place.counts.items, items, "{code}: manifest count");
        let catalog = catalog_of(&b, code);
        let at = place.applicability();
        let none = Filters::default();
        // The figures the screens show, from the functions they call (src/components/{tree,filters}.rs,
        // src/pages/place.rs, src/components/export.rs), with no filter chosen:
        // the tree's domains, each with its count and its items below it …
        let rows = gongkai_view::tree::rows(&catalog, at, &none);
        let mut by_domain = vec![0u32; 26];
        for r in &rows {
            assert_eq!(r.count, r.base, "{code}: domain {} with no filter", r.id);
            assert_eq!(leaves(&r.nodes), r.base, "{code}: items under domain {}", r.id);
            by_domain[r.id as usize - 1] = r.base;
        }
        assert_eq!(by_domain, place.counts.by_domain, "{code}: the tree per domain");
        // … the 共 N 项 above the tree …
        let total = gongkai_view::filters::Applicable::new(&catalog, at).total(&catalog, &none);
        assert_eq!(total, place.counts.items, "{code}: 共 N 项");
        assert_eq!(gongkai_view::filters::total_text(total), format!("共 {items} 项事项"), "{code}");
        // … the place's header (its figures read from the manifest) …
        let header = gongkai_view::places::summary(place);
        assert!(header.contains(&format!(" {total} 项事项")), "{code}: header {header:?}, tree {total}");
        // … and the CSV export.
        let export = gongkai_catalog::export::filtered_items(&catalog, at, &none, None);
        assert_eq!(export.count() as u32, place.counts.items, "{code}: the CSV export");
    }
    // The city's page and 长沙县 (which overrides nothing) read one file: the template.
    assert_eq!(b.place("430100").unwrap().catalog, b.place("430121").unwrap().catalog);
    let town = catalog_of(&b, "430121001");
    assert!(!paths(&town, Some(b.place("430121001").unwrap().applicability())).contains(&"最低生活保障/资金发放".to_string()));
}

#[test]
fn a_provinces_list_names_its_counties_lists_ahead_and_each_is_that_countys_own() {
    let tmp = source("ahead", GOOD_ENTRIES);
    let dir = tmp.path();
    write(dir, "places.csv", &PLACES.replacen("430100,长沙市,\n", "430000,湖南省,\n430100,长沙市,430000\n", 1));
    let outcome = build(dir);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let b = outcome.bundle.unwrap();
    let list_of = |code: &str| b.place(code).unwrap().children.clone().unwrap();
    let list = |code: &str| -> gongkai_catalog::PlaceList { serde_json::from_slice(&b.writer.files()[&list_of(code)]).unwrap() };
    // 湖南 > 长沙: the province's list holds the city and names ahead the lists of the city's counties,
    // so a township's link fetches the city's and its county's lists together.
    let want: std::collections::BTreeMap<String, String> = ["430121", "430181"].map(|c| (c.to_string(), list_of(c))).into();
    assert_eq!(list("430000").ahead, want);
    assert!(list("430100").ahead.is_empty(), "a township has no list to name ahead");
    let read = |path: &str| if path == "manifest.json" { Some(b.manifest_json.clone()) } else { b.writer.file(path) };
    assert_eq!(gongkai_bundle::verify::walk(read).expect("the chain verifies").ahead, 2);
    // With a province on top, each screen's files still come with the lists toward it.
    assert_eq!(place_screens(read), Ok(7));

    // A hint that leads elsewhere (here 浏阳市's list named for 长沙县), even in a list whose listing
    // vouches for it, stops the walk: the app would fetch it early and find it is not the list it needs.
    let key = list_of("430000");
    let mut wrong = list("430000");
    wrong.ahead.insert("430121".into(), list_of("430181"));
    let bytes = serde_json::to_vec(&wrong).unwrap();
    let mut m: Manifest = gongkai_catalog::decode_manifest(&b.manifest_json).unwrap();
    m.files.insert(key.clone(), gongkai_catalog::FileRef { bytes: bytes.len() as u64, sha256_128: gongkai_catalog::hash::digest_hex(&bytes) });
    let manifest = serde_json::to_vec(&m).unwrap();
    let read = |path: &str| match path {
        "manifest.json" => Some(manifest.clone()),
        p if p == key => Some(bytes.clone()),
        p => b.writer.file(p),
    };
    let err = gongkai_bundle::verify::walk(read).unwrap_err();
    assert!(err.contains("430121") && err.contains(&list_of("430181")), "{err}");
}

#[test]
fn a_municipality_s_districts_are_shown_under_it_and_take_the_template_of_its_grouping() {
    // The NBS register puts 北京's districts under 市辖区 (110100), which is no government: the bundle
    // shows them directly under 北京市, as portals do, while the catalog filed under 市辖区 (the
    // template its districts adopt) still applies to them.
    let tmp = temp_dir("municipality");
    let dir = tmp.path();
    write(dir, "places.csv", "代码,名称,上级代码\n110000,北京市,\n110100,市辖区,110000\n110101,东城区,110100\n110101001,东华门街道,110101\n110102,西城区,110100\n");
    write(dir, "dataset.toml", DATASET);
    write(dir, "entries/entries.csv", &format!("{ENTRIES_HEADER}110101001,社会救助,最低生活保障,政策,,东华门街道低保政策解读,2024-05-01,\n"));
    let template = vec![table("catalogs/110100/社会救助.csv", &["县级", "乡级"], vec![item(20, &["最低生活保障", "政策"], &[0, 1])])];
    let tables = [("110100".to_string(), gongkai_bundle::assemble::PlaceTables { folder: "catalogs/110100".into(), tables: template })].into();
    let outcome = gongkai_bundle::build::build_with_tables(dir, tables, vec![], vec![]);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let b = outcome.bundle.unwrap();

    let mut codes: Vec<&str> = b.places.iter().map(|p| p.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["110000", "110101", "110101001", "110102"], "市辖区 is not a place of the bundle");
    for district in ["110101", "110102"] {
        let p = b.place(district).unwrap();
        assert_eq!(p.parent.as_deref(), Some("110000"));
        assert!(p.catalog.is_some(), "{district} takes 市辖区's template");
    }
    let beijing = b.place("110000").unwrap();
    assert_eq!((beijing.counts.places, beijing.counts.counties), (2, 2));
    assert_eq!(beijing.counts.entries, 1);
    let m: Manifest = gongkai_catalog::decode_manifest(&b.manifest_json).unwrap();
    assert_eq!(gongkai_catalog::first_screen::place_detail(&m, beijing), "2 个县（市、区） · 1 条公开信息");

    // Every file is still reached from the manifest (no map or list of 市辖区 is left unreached), and
    // each place's screen finds its files.
    let read = |path: &str| if path == "manifest.json" { Some(b.manifest_json.clone()) } else { b.writer.file(path) };
    let reached = gongkai_bundle::verify::walk(read).expect("every file verifies");
    let written = b.writer.refs();
    let feeds: Vec<&String> = written.keys().filter(|k| k.starts_with("feeds/")).collect();
    assert_eq!(reached.files.len() + feeds.len(), written.len(), "every other file is reached");
    assert!(feeds.iter().all(|k| !k.contains("110100")), "{feeds:?}");
    assert_eq!(place_screens(read), Ok(4));
    // 北京市's map draws its districts.
    let geo_key = beijing.geo.clone().unwrap();
    let view: gongkai_catalog::GeoView = serde_json::from_slice(&read(&geo_key).unwrap()).unwrap();
    let mut shapes: Vec<&str> = view.shapes.iter().map(|s| s.code.as_str()).collect();
    shapes.sort();
    assert_eq!(shapes, ["110101", "110102"]);
    // Search names no place 市辖区, and finds 东华门街道 under 东城区, 北京市.
    let meta = m.search.as_ref().unwrap();
    let meta: gongkai_catalog::search::SearchMeta = serde_json::from_slice(&read(&meta.meta).unwrap()).unwrap();
    let items: gongkai_catalog::search::SearchItems = serde_json::from_slice(&read(&meta.items).unwrap()).unwrap();
    assert!(!items.place_names.iter().any(|n| n == "市辖区"), "{:?}", items.place_names);
    let places = items.search_places();
    let town = places.iter().find(|p| p.code == "110101001").unwrap();
    assert_eq!(town.parents, ["东城区", "北京市"]);
}

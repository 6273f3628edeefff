//! Small source folders for the pipeline tests, with catalog tables given directly as `SourceTable`s
//! (so these tests pin the pipeline, not the readers).
#![allow(dead_code)]

use gongkai_bundle::assemble::PlaceTables;
use gongkai_bundle::build::{build_with_tables, BuildOutcome};
use gongkai_bundle::source::{SourceRow, SourceTable};
use gongkai_catalog::DisclosureItem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A fresh, empty folder under the system temp folder, removed when the returned guard is dropped
/// (keep it in a variable for as long as the folder is used).
pub fn temp_dir(name: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("gongkai-bundle-test-{name}-")).tempdir().unwrap()
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    files.sort();
    files
}

pub fn write(dir: &Path, rel: &str, content: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

pub const PLACES: &str = "代码,名称,上级代码
430100,长沙市,
430121,长沙县,430100
430121001,星沙街道,430121
430121102,黄兴镇,430121
430181,浏阳市,430100
430181001,淮川街道,430181
";

pub const DATASET: &str = "title = \"测试数据集\"\n";

pub const ENTRIES_HEADER: &str = "地区代码,领域,一级事项,二级事项,三级事项,标题,发布日期,链接\n";

pub fn item(domain: u8, path: &[&str], levels: &[u8]) -> DisclosureItem {
    DisclosureItem {
        domain,
        path: path.iter().map(|s| s.to_string()).collect(),
        levels: levels.to_vec(),
        ..Default::default()
    }
}

pub fn table(file: &str, labels: &[&str], items: Vec<DisclosureItem>) -> SourceTable {
    SourceTable {
        file: PathBuf::from(file),
        sheet: None,
        level_labels: labels.iter().map(|s| s.to_string()).collect(),
        extra_columns: vec![],
        rows: items.into_iter().enumerate().map(|(i, item)| SourceRow { row: i as u32 + 3, item }).collect(),
        not_applicable: vec![],
    }
}

/// The city template of 长沙市 (社会救助 and 户籍管理) and 浏阳市's own 社会救助.
pub fn tables() -> BTreeMap<String, PlaceTables> {
    let template = vec![
        table(
            "catalogs/430100/社会救助.csv",
            &["县级", "乡级"],
            vec![
                item(20, &["最低生活保障", "政策"], &[0, 1]),
                item(20, &["最低生活保障", "审批信息"], &[0]),
                item(20, &["临时救助", "政策"], &[1]),
            ],
        ),
        table("catalogs/430100/户籍管理.csv", &["县级", "乡级"], vec![item(22, &["出生登记", "出生登记"], &[0, 1])]),
    ];
    let liuyang = vec![table(
        "catalogs/430181/社会救助.csv",
        &["市级", "镇(街)级"],
        vec![item(20, &["最低生活保障", "政策"], &[0, 1]), item(20, &["浏阳特色", "助学救助"], &[0, 1])],
    )];
    [
        ("430100".to_string(), PlaceTables { folder: "catalogs/430100".into(), tables: template }),
        ("430181".to_string(), PlaceTables { folder: "catalogs/430181".into(), tables: liuyang }),
    ]
    .into()
}

/// A source folder with places, dataset and the given entries CSV body (header added); removed when
/// the returned guard is dropped.
pub fn source(name: &str, entries: &str) -> TempDir {
    let tmp = temp_dir(name);
    let dir = tmp.path();
    write(dir, "places.csv", PLACES);
    write(dir, "dataset.toml", DATASET);
    write(dir, "entries/entries.csv", &format!("{ENTRIES_HEADER}{entries}"));
    tmp
}

pub const GOOD_ENTRIES: &str = "430121001,社会救助,最低生活保障,政策,,星沙街道低保政策解读,2024-05-01,https://example.gov.cn/a.html
430121,社会救助,最低生活保障,审批信息,,长沙县2024年6月低保名单,2024-06-30,
430181001,社会救助,浏阳特色,助学救助,,淮川街道助学救助名单,2024-03-02,https://example.gov.cn/b.html
";

pub fn build(dir: &Path) -> BuildOutcome {
    build_with_tables(dir, tables(), vec![], vec![])
}

pub fn errors(outcome: &BuildOutcome) -> Vec<String> {
    outcome.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect()
}

/// Checks, for every place of the register, what the app does on that place's screen: starting from
/// the manifest alone, it merges the lists toward the place (`Manifest::list_toward`,
/// `Manifest::add_places`), each verified by the listing before it, until
/// `Manifest::lists_files_of` says the place's files can be verified; then each of them — the
/// place's own (`Place::own_files`) and the map its screen shows
/// (`gongkai_view::map::map_target`, a township's county's) — must be listed, with the size and hash
/// the walk found. Returns how many places were checked.
pub fn place_screens(read: impl Fn(&str) -> Option<Vec<u8>>) -> Result<usize, String> {
    let get = |path: &str| read(path).ok_or_else(|| format!("缺少文件 / missing file: {path}"));
    let reached = gongkai_bundle::verify::walk(&read)?;
    let first = gongkai_catalog::decode_manifest(&get("manifest.json")?).map_err(|e| e.to_string())?;
    let mut lists: BTreeMap<String, gongkai_catalog::PlaceList> = BTreeMap::new();
    for place in &reached.places {
        let mut m = first.clone();
        // A register is at most province > city > county > township, as the app bounds it.
        for _ in 0..6 {
            let Some(key) = m.list_toward(&place.code).map(str::to_string) else { break };
            let list = match lists.get(&key) {
                Some(list) => list.clone(),
                None => m.decode_file::<gongkai_catalog::PlaceList>(&key, &get(&key)?).map_err(|e| e.to_string())?,
            };
            lists.insert(key.clone(), list.clone());
            m.add_places(&key, list).map_err(|e| e.to_string())?;
        }
        if !m.lists_files_of(&place.code) {
            return Err(format!("{}: 合并到该地区的地区列表后仍不完整 / its lists leave it or its children unknown", place.code));
        }
        let map = gongkai_view::map::map_target(&m, &place.code).map(|(_, geo)| geo);
        for key in place.own_files().cloned().chain(map) {
            match (m.files.get(&key), reached.files.get(&key)) {
                (Some(listed), Some(walked)) if listed == walked => {}
                _ => return Err(format!("{}: 页面所需文件未在已加载的清单中 / its screen needs {key}, which the lists it loads do not name", place.code)),
            }
        }
    }
    Ok(reached.places.len())
}

/// The whole search index, loaded the way the app loads its files (each verified by the list that
/// names it: meta → list page → shard, own file or fragment), every file added: the items, the
/// sounds, every list page with its shard and its common n-grams' own files, every fragment chunk.
/// `file` gives a file's bytes by key.
pub fn load_search_index<'f>(
    meta: &gongkai_catalog::search::SearchMeta,
    file: &dyn Fn(&str) -> &'f [u8],
) -> gongkai_catalog::search::SearchIndex {
    use gongkai_catalog::decode_listed;
    use gongkai_catalog::search::*;
    let items: SearchItems = decode_listed(&meta.files, &meta.items, file(&meta.items)).unwrap();
    let list = |k: &str| decode_listed::<SearchFileList>(&meta.files, k, file(k)).unwrap();
    let mut ix = SearchIndex::new(meta.clone(), items);
    // The sounds file, which the app adds for a query with a character the dataset does not hold.
    if !meta.sounds.is_empty() {
        ix.add_sounds(&decode_listed::<SearchSounds>(&meta.files, &meta.sounds, file(&meta.sounds)).unwrap());
    }
    // Shard list pages: listed by the meta file, or by its index pages (search version 14).
    let shard_page = |i: u32| -> Option<SearchFileList> {
        if meta.shard_index == 0 {
            return shard_list_key(meta, i).map(list);
        }
        let index = list(SHARD_PAGES.index_key(meta, i)?);
        let k = SHARD_PAGES.page_key(meta, &index.files, i)?;
        Some(decode_listed::<SearchFileList>(&index.files, k, file(k)).unwrap())
    };
    let mut pages_read = std::collections::BTreeSet::new();
    for i in 0..1u32 << meta.shard_bits {
        // A page range with no shard in it has no list page.
        let Some(page) = shard_page(i) else { continue };
        ix.add_list_page(i, &page.files);
        if let Some(k) = shard_key(&page.files, i) {
            ix.add_shard(i, decode_listed::<PostingShard>(&page.files, k, file(k)).unwrap());
        }
        // The common n-grams' own files, each listed in its shard's page (once a page).
        if pages_read.insert(shard_page_number(meta, i)) {
            for h in own_hashes(&page.files) {
                let k = own_key(&page.files, h).unwrap();
                ix.add_own(h, decode_listed::<PostingShard>(&page.files, k, file(k)).unwrap());
            }
        }
    }
    for i in 0..meta.fragments {
        let page = list(fragment_list_key(meta, i).unwrap());
        let k = fragment_key(&page.files, i).unwrap();
        ix.add_fragments(i, decode_listed::<FragmentChunk>(&page.files, k, file(k)).unwrap());
    }
    ix
}

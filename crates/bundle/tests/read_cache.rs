//! The catalog read cache beside the build memo (src/read_cache.rs): what it gives for a catalog file
//! is what reading the file gives, for every shape a county publishes and every hostile file of the
//! read fixtures; it is taken only for the bytes it was made from; stale entries go.

mod support;

use gongkai_bundle::read::read_catalog_file;
use gongkai_bundle::read_cache::ReadCache;
use std::path::{Path, PathBuf};
use support::temp_dir;

fn catalog_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack = vec![root.join("../../data/catalogs"), root.join("tests/fixtures/read")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e != "py") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir).map_or(Vec::new(), |r| r.flatten().map(|e| e.path()).collect());
    out.sort();
    out
}

#[test]
fn a_cached_read_is_the_read() {
    let tmp = temp_dir("read-cache");
    let memo = tmp.path().join("memo.json");
    let files = catalog_files();
    assert!(files.len() > 40, "the dataset's catalogs and the read fixtures: {}", files.len());
    assert!(files.iter().any(|f| f.extension().unwrap() == "xlsx") && files.iter().any(|f| f.to_string_lossy().contains("gbk")));
    let cache = ReadCache::beside(&memo).expect("the test binary can be read");
    for f in &files {
        let read = read_catalog_file(f);
        assert_eq!(cache.read(f), read, "first through the cache (read, then kept): {}", f.display());
        assert_eq!(cache.read(f), read, "then from it: {}", f.display());
    }
    // One entry per file, beside the memo, not in it.
    let dir = tmp.path().join("memo.json.reads");
    assert_eq!(entries(&dir).len(), files.len());
    // A new cache (the next build) takes them.
    let next = ReadCache::beside(&memo).unwrap();
    for f in &files {
        assert_eq!(next.read(f), read_catalog_file(f), "{}", f.display());
    }
}

#[test]
fn an_entry_is_taken_only_for_the_bytes_it_was_made_from_and_stale_ones_go() {
    let tmp = temp_dir("read-cache-stale");
    let memo = tmp.path().join("memo.json");
    let dir = tmp.path().join("memo.json.reads");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read");
    let file = tmp.path().join("430100/社会救助.csv");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::copy(fixtures.join("社会救助_utf8.csv"), &file).unwrap();
    let first = read_catalog_file(&file);
    assert!(!first.tables.is_empty());

    let cache = ReadCache::beside(&memo).unwrap();
    assert_eq!(cache.read(&file), first);
    let [entry] = entries(&dir).try_into().unwrap();

    // Taken, not read: an entry that says something else is what the cache gives for these bytes.
    let other = read_catalog_file(&fixtures.join("户籍管理.csv"));
    assert_ne!(other, first);
    std::fs::write(&entry, serde_json::to_vec(&other).unwrap()).unwrap();
    assert_eq!(ReadCache::beside(&memo).unwrap().read(&file), other);
    // An entry that cannot be read is read again, and written again.
    std::fs::write(&entry, b"{\"tables\":").unwrap();
    assert_eq!(ReadCache::beside(&memo).unwrap().read(&file), first);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&std::fs::read(&entry).unwrap()).unwrap(), serde_json::to_value(&first).unwrap());

    // The clerk changes a cell: the file is read again, kept under a new name, and the old entry goes
    // once the catalogs have been read (prune).
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen("最低生活保障", "最低生活保障金", 1);
    assert_ne!(changed, text);
    std::fs::write(&file, changed).unwrap();
    let cache = ReadCache::beside(&memo).unwrap();
    let second = cache.read(&file);
    assert_eq!(second, read_catalog_file(&file));
    assert_ne!(second, first);
    assert_eq!(entries(&dir).len(), 2);
    cache.prune();
    let [kept] = entries(&dir).try_into().unwrap();
    assert_ne!(kept, entry);

    // The same bytes at another path are another entry: diagnostics name the file.
    let moved = tmp.path().join("430102/社会救助.csv");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::copy(&file, &moved).unwrap();
    let cache = ReadCache::beside(&memo).unwrap();
    assert_eq!(cache.read(&moved), read_catalog_file(&moved));
    assert_eq!(entries(&dir).len(), 2);
}

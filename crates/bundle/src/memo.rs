//! The build memo: what the entries side of a build gave — every place's entries file, the feeds, the
//! search index's entry part ([`crate::search_index::EntryIndex`]), the counts and the diagnostics the
//! entries files earned — the maps, and what each catalog was made from ([`catalog_inputs`]), kept in a file the operator names (`build --memo <file>`,
//! outside the output folder, which is what gets uploaded), so that a rebuild into that folder whose
//! entries did not change takes them instead of reading and indexing millions of rows again. At
//! national scale the entries side is some 300 of a build's 350 seconds, the maps 25.
//!
//! When is it taken? The memo names a key of the inputs the entries side reads besides the catalogs
//! (this program's own bytes, `places.csv`, `dataset.toml`, and each entries file's path, size and
//! modification time) and, per place with entries, a key of what its rows were resolved against (its
//! catalog file's hash and how the place uses it). A rebuild with the same inputs key reads again only
//! the entries files that name a place whose catalog changed (with every file naming a place those
//! files name), and takes the memo only if each of those places' entries come out exactly as before;
//! anything else — another inputs key, a place's entries changed, a file of the memo missing from the
//! output, an output that is not the one the memo was written with — is a full build. Either way the
//! bundle is byte for byte the one a full build makes (`rebuilds_equal_full_builds` in
//! tests/rebuild.rs).
//!
//! The memo is written after the output is swapped in and deleted before, so a memo never outlives
//! the output it describes; it also names the output's manifest hash, so a memo that does not match
//! the output beside it is ignored.

use crate::diagnostic::{Diagnostic, RowCount};
use crate::hant::HantWords;
use crate::measures::MeasureCounts;
use crate::search_index::EntryIndex;
use chrono::NaiveDate;
use gongkai_catalog::hash::{digest_hex, sha256_hex};
use gongkai_catalog::FileRef;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bumped whenever what the memo holds changes meaning.
const MEMO_VERSION: u32 = 7;

/// How a file the entries side wrote is listed ([`crate::write::BundleWriter`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Listed {
    /// By the manifest or a place list (an entries file).
    Manifest,
    /// By another bundle file (the search index's files).
    Nested,
    /// By nobody (the Atom feeds).
    Unlisted,
}

/// One entries file as the last build read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemoFile {
    pub path: PathBuf,
    pub rows: RowCount,
    /// The places its resolved rows belong to.
    pub places: BTreeSet<String>,
    /// Every diagnostic naming this file, in the order the build gave them.
    pub diagnostics: Vec<Diagnostic>,
}

/// One place with entries as the last build wrote it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemoPlace {
    /// What its rows were resolved against ([`contexts`]).
    pub context: String,
    /// Its entries file.
    pub entries: String,
    pub entries_ref: FileRef,
    /// Entries it published itself.
    pub own: u32,
    pub measures: Option<MeasureCounts>,
}

/// What the maps and the locate files of the last build were: they are made from the register and
/// `geo/` alone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GeoMemo {
    /// [`geo_key`] of the build.
    pub key: String,
    /// Per place code, its map's key (the nation's under `""`).
    pub maps: BTreeMap<String, String>,
    /// The locate index's key.
    pub locate: Option<String>,
    pub written: Vec<(String, FileRef, Listed)>,
    /// The warnings the maps and the locate files gave (missing outlines …).
    pub diagnostics: Vec<Diagnostic>,
}

/// What the entries side of the last build gave (see the module's documentation).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildMemo {
    pub version: u32,
    /// [`inputs_key`] of the build.
    pub key: String,
    /// SHA-256 of the manifest of the output this memo was written with.
    pub manifest_sha256: String,
    /// The entries files, in the order read.
    pub files: Vec<MemoFile>,
    pub places: BTreeMap<String, MemoPlace>,
    /// Rows resolved per publication date ([`crate::entries::ResolvedEntries::dates`]).
    pub dates: BTreeMap<NaiveDate, u32>,
    pub rows: usize,
    /// The entry titles' words, for the 繁體 table.
    pub hant: HantWords,
    pub search: EntryIndex,
    pub feed_domains: BTreeMap<String, u32>,
    /// Every file the entries side wrote, with how it is listed, by key.
    pub written: Vec<(String, FileRef, Listed)>,
    /// Every other file of the output (the catalogs, the place lists, the search index's items part
    /// …: neither `written` nor the maps'), sorted ([`others`]). With those, the whole output: a
    /// rebuild that takes `written` deletes those of these and of the maps' files it does not hold,
    /// without listing the output ([`crate::write::BundleWriter::sweep_only`]).
    pub others: Vec<String>,
    /// The maps and locate files.
    pub geo: Option<GeoMemo>,
    /// Every catalog file of the output, by name without its hash ([`catalog_files`]).
    pub catalogs: BTreeMap<String, (String, FileRef)>,
    /// Per catalog (by its owner's code), the key of what it was made from ([`catalog_inputs`]).
    pub catalog_inputs: BTreeMap<String, String>,
    /// Whether the output held every file of `written` at its size when the memo was loaded
    /// ([`load`]); not saved.
    #[serde(skip)]
    pub written_held: bool,
}

/// The keys of `refs` (every file of a build) that are neither the entries side's (`memo.written`,
/// sorted) nor the maps' ([`BuildMemo::others`]): one pass over both sorted lists.
pub fn others(refs: &BTreeMap<String, FileRef>, memo: &BuildMemo) -> Vec<String> {
    let geo: BTreeSet<&str> = memo.geo.iter().flat_map(|g| &g.written).map(|(k, _, _)| k.as_str()).collect();
    let mut written = memo.written.iter().map(|(k, _, _)| k.as_str()).peekable();
    let mut out = Vec::new();
    for key in refs.keys() {
        while written.next_if(|w| *w < key.as_str()).is_some() {}
        if written.next_if(|w| *w == key.as_str()).is_none() && !geo.contains(key.as_str()) {
            out.push(key.clone());
        }
    }
    out
}

/// The catalog files among `refs` (every file of a build), by name without the hash (`430100`,
/// `430100.brief`): what [`crate::manifest::write_catalogs`] compares a rebuild's catalogs with.
pub fn catalog_files(refs: &BTreeMap<String, FileRef>) -> BTreeMap<String, (String, FileRef)> {
    refs.range("catalog/".to_string().."catalog0".to_string())
        .filter_map(|(key, r)| {
            let stem = key.strip_prefix("catalog/")?.strip_suffix(".json")?.rsplit_once('.')?.0;
            Some((stem.to_string(), (key.clone(), r.clone())))
        })
        .collect()
}

/// The key of what the entries side reads besides the catalogs: this program (its own bytes, so a
/// changed build step never takes an old memo), the register, `dataset.toml`, and each entries
/// file's path, size and modification time (as `make` and Cargo judge a file changed). None when one
/// of them cannot be read: then there is no memo.
pub fn inputs_key(source: &Path, entry_files: &[PathBuf]) -> Option<String> {
    let mut text = format!("memo {MEMO_VERSION}\n");
    text.push_str(&exe_hash()?);
    for name in ["places.csv", "dataset.toml"] {
        let bytes = std::fs::read(source.join(name)).unwrap_or_default();
        text.push_str(&format!("\n{name} {}", sha256_hex(&bytes)));
    }
    for f in entry_files {
        text.push('\n');
        text.push_str(&identity(f, &std::fs::metadata(f).ok()?)?);
    }
    Some(sha256_hex(text.as_bytes()))
}

/// Per catalog of `assembled`, the key of what it is made from: this program, the register, every
/// links file, its owner, and each catalog file (path, size, modification time) of the folders it is
/// made from or could be ([`crate::assemble::AssembledCatalogs::folders`]). A catalog with the same
/// key as in the last build is the same catalog, so a rebuild takes its files as they are instead of
/// writing its 300 kB of JSON again to compare ([`crate::manifest::write_catalogs`]). `catalog_files`:
/// the files the catalog folders of `catalogs_dir` were read from. None when a file cannot be read.
pub fn catalog_inputs(
    catalogs_dir: &Path,
    places: &Path,
    links: &[PathBuf],
    catalog_files: &[&Path],
    assembled: &crate::assemble::AssembledCatalogs,
) -> Option<Vec<String>> {
    let mut common = format!("catalog memo {MEMO_VERSION}\n{}", exe_hash()?);
    common.push_str(&format!("\nplaces.csv {}", sha256_hex(&std::fs::read(places).ok()?)));
    for f in links {
        common.push('\n');
        common.push_str(&identity(f, &std::fs::metadata(f).ok()?)?);
    }
    let mut folders: BTreeMap<&str, String> = BTreeMap::new();
    for f in catalog_files {
        let Some(code) = f.parent().filter(|d| d.parent() == Some(catalogs_dir)).and_then(|d| d.file_name()?.to_str()) else {
            continue;
        };
        let text = folders.entry(code).or_default();
        text.push('\n');
        text.push_str(&identity(f, &std::fs::metadata(f).ok()?)?);
    }
    let keys = assembled
        .catalogs
        .iter()
        .zip(&assembled.folders)
        .map(|(c, codes)| {
            let mut text = format!("{common}\nowner {}", c.owner);
            for code in codes {
                text.push_str(&format!("\nfolder {code}"));
                text.push_str(folders.get(code.as_str()).map_or("", String::as_str));
            }
            sha256_hex(text.as_bytes())
        })
        .collect();
    Some(keys)
}

/// The key of what the maps and the locate files are made from: this program, the register and every
/// file under `geo/` (path, size, modification time).
pub fn geo_key(source: &Path) -> Option<String> {
    let mut text = format!("geo memo {MEMO_VERSION}\n{}", exe_hash()?);
    let bytes = std::fs::read(source.join("places.csv")).unwrap_or_default();
    text.push_str(&format!("\nplaces.csv {}", sha256_hex(&bytes)));
    let mut files = Vec::new();
    let mut stack = vec![source.join("geo")];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else { continue };
        for e in read {
            let path = e.ok()?.path();
            let m = std::fs::metadata(&path).ok()?;
            if m.is_dir() {
                stack.push(path);
            } else {
                files.push(identity(&path, &m)?);
            }
        }
    }
    files.sort();
    for f in files {
        text.push('\n');
        text.push_str(&f);
    }
    Some(sha256_hex(text.as_bytes()))
}

/// A file as the memo judges it changed or not: its path, size and modification time.
fn identity(path: &Path, m: &std::fs::Metadata) -> Option<String> {
    let mtime = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {} {}", path.display(), m.len(), mtime.as_nanos()))
}

/// The SHA-256 of this program's own bytes, read once: what every memo key and the catalog read
/// cache ([`crate::read_cache`]) start with.
pub(crate) fn exe_hash() -> Option<String> {
    static HASH: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let exe = std::fs::read(std::env::current_exe().ok()?).ok()?;
        Some(sha256_hex(&exe))
    })
    .clone()
}

/// The maps and the locate files: taken from `memo` when it was made from the same inputs (`key`) and
/// the output being rebuilt still holds its files, else made ([`crate::geo::build_geo`],
/// [`crate::locate::build_locate`]). Gives the maps' keys, the locate index's key, and what the next
/// memo keeps of them (with `key` None, nothing).
pub fn geo_side(
    source: &Path,
    register: &crate::register::Register,
    writer: &mut crate::write::BundleWriter,
    diags: &mut Vec<Diagnostic>,
    key: Option<String>,
    memo: Option<GeoMemo>,
) -> (BTreeMap<String, String>, Option<String>, Option<GeoMemo>) {
    if let Some(m) = memo.filter(|m| key.as_ref() == Some(&m.key) && writer.previous_holds(&m.written)) {
        writer.adopt_all(&m.written, &crate::progress::Step::none());
        diags.extend(m.diagnostics.iter().cloned());
        return (m.maps.clone(), m.locate.clone(), Some(m));
    }
    let from = diags.len();
    writer.record();
    let maps = crate::geo::build_geo(source, register, writer, diags);
    let locate = crate::locate::build_locate(source, register, writer);
    let written = writer.recorded();
    let memo = key.map(|key| GeoMemo { key, maps: maps.clone(), locate: locate.clone(), written, diagnostics: diags[from..].to_vec() });
    (maps, locate, memo)
}

/// Per place with a catalog: the key of what its entry rows are resolved against — its catalog file's
/// hash and how the place uses that catalog.
pub fn contexts(
    assembled: &crate::assemble::AssembledCatalogs,
    catalog_keys: &[(String, Option<String>)],
    refs: &BTreeMap<String, FileRef>,
) -> BTreeMap<String, String> {
    assembled
        .uses
        .iter()
        .filter_map(|(code, usage)| {
            let key = &catalog_keys.get(usage.catalog)?.0;
            let sha = &refs.get(key)?.sha256_128;
            Some((code.clone(), sha256_hex(format!("{sha} {usage:?}").as_bytes())))
        })
        .collect()
}

/// The memo in file `path`, if there is one and it describes the output in folder `out`; with
/// whether that output still holds every file of its entries side ([`BuildMemo::written_held`]: half a
/// million files looked up at national scale, done here because the memo is loaded while the
/// catalogs are read).
pub fn load(path: &Path, out: &Path) -> Option<BuildMemo> {
    let bytes = std::fs::read(path).ok()?;
    let mut memo: BuildMemo = serde_json::from_slice(&bytes).ok()?;
    drop(bytes);
    let manifest = std::fs::read(out.join(crate::write::MANIFEST_FILE)).ok()?;
    if memo.version != MEMO_VERSION || memo.manifest_sha256 != sha256_hex(&manifest) {
        return None;
    }
    memo.written_held = crate::write::all_held(out, &memo.written);
    Some(memo)
}

/// Deletes the memo file at `path` (before the output it describes is replaced).
pub fn forget(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// The memo's file, for the output holding `manifest_json` ([`save`]); `memo` is dropped on another
/// thread.
pub fn to_json(mut memo: BuildMemo, manifest_json: &[u8]) -> std::io::Result<Vec<u8>> {
    memo.manifest_sha256 = sha256_hex(manifest_json);
    let json = serde_json::to_vec(&memo).map_err(std::io::Error::other);
    crate::parallel::drop_in_background(memo);
    json
}

/// Writes the memo's file ([`to_json`]) to `path`, once the output it describes is in place, through a
/// temporary file, so that a memo is whole or absent.
pub fn save(path: &Path, json: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, path)
}

/// The memo of a build's entries side, once its pass is done (`diags`: every diagnostic so far, those
/// naming an entries file among them); the pass's list of files written moves into it. None when a
/// place with entries has no catalog key (it cannot happen in a build without errors, and no memo is
/// better than a wrong one).
pub fn of_pass(
    key: String,
    contexts: &BTreeMap<String, String>,
    pass: &mut crate::entry_pass::EntryPass,
    entries: &crate::entries::ResolvedEntries,
    diags: &[Diagnostic],
    refs: &BTreeMap<String, FileRef>,
) -> Option<BuildMemo> {
    if entries.files.len() != entries.file_places.len() {
        return None;
    }
    let mut by_file = by_file(diags);
    let files = entries
        .files
        .iter()
        .zip(&entries.file_places)
        .map(|((path, rows), places)| MemoFile {
            path: path.clone(),
            rows: *rows,
            places: places.clone(),
            diagnostics: by_file.remove(path.as_path()).unwrap_or_default(),
        })
        .collect();
    let mut places = BTreeMap::new();
    for (code, entries_key) in &pass.keys {
        let place = MemoPlace {
            context: contexts.get(code)?.clone(),
            entries: entries_key.clone(),
            entries_ref: refs.get(entries_key)?.clone(),
            own: *pass.own_entries.get(code)?,
            measures: pass.measures.get(code).copied(),
        };
        places.insert(code.clone(), place);
    }
    Some(BuildMemo {
        version: MEMO_VERSION,
        key,
        manifest_sha256: String::new(),
        files,
        places,
        dates: entries.dates.clone(),
        rows: entries.rows,
        hant: pass.hant.clone(),
        search: pass.index.clone(),
        feed_domains: pass.feed_domains.clone(),
        written: {
            let mut written = std::mem::take(&mut pass.written);
            written.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            written
        },
        others: Vec::new(),
        geo: None,
        catalogs: catalog_files(refs),
        catalog_inputs: BTreeMap::new(),
        written_held: false,
    })
}

/// What a rebuild takes: the memo brought up to date with the entries files read again (their rows,
/// places and diagnostics; the contexts and measures of their places).
pub struct Reuse {
    pub memo: BuildMemo,
}

impl Reuse {
    /// Every diagnostic naming an entries file, in file order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.memo.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// The entries as the rest of the build needs them (every row accounted for).
    pub fn entries(&self) -> crate::entries::ResolvedEntries {
        let files = self.memo.files.iter().map(|f| (f.path.clone(), f.rows)).collect();
        let places = self.memo.files.iter().map(|f| f.places.clone()).collect();
        crate::entries::ResolvedEntries::accounted(files, places, self.memo.dates.clone(), self.memo.rows)
    }
}

/// Whether, and how, this build takes the entries side from `memo` (see the module's documentation):
/// None for a full build.
pub fn reuse(
    mut memo: BuildMemo,
    key: &str,
    entry_files: &[PathBuf],
    register: &crate::register::Register,
    assembled: &crate::assemble::AssembledCatalogs,
    contexts: &BTreeMap<String, String>,
    writer: &crate::write::BundleWriter,
    dataset_as_of: Option<NaiveDate>,
) -> Option<Reuse> {
    if memo.key != key || memo.files.len() != entry_files.len() || memo.files.iter().zip(entry_files).any(|(f, p)| f.path != *p) {
        return None;
    }
    if !memo.written_held {
        return None;
    }
    let as_of = memo.dates.keys().next_back().copied().or(dataset_as_of)?;
    let (files, places) = files_to_reread(&memo, contexts);
    if !files.is_empty() {
        let paths: Vec<PathBuf> = files.iter().map(|&i| memo.files[i].path.clone()).collect();
        let mut diags = Vec::new();
        let mut read = crate::entries::read_entries(&paths, register, assembled, &mut diags, &writer.scratch().join("reread"));
        if read.places().into_iter().collect::<BTreeSet<_>>() != places {
            return None;
        }
        for code in &places {
            let list = read.take_place(code, &mut diags);
            let published: Vec<gongkai_catalog::PublishedEntry> = list.iter().map(|e| e.entry.clone()).collect();
            let memo_place = memo.places.get_mut(code)?;
            if digest_hex(&crate::entry_pass::entries_file_bytes(code, &published)) != memo_place.entries_ref.sha256_128 {
                return None;
            }
            memo_place.context = contexts.get(code)?.clone();
            memo_place.measures = crate::measures::own_counts(assembled, code, &list, as_of);
        }
        read.finish(&mut diags);
        if diags.iter().any(Diagnostic::is_error) || read.files.len() != files.len() {
            return None;
        }
        let mut by_file = by_file(&diags);
        for ((&i, (path, rows)), places) in files.iter().zip(read.files).zip(read.file_places) {
            memo.files[i] = MemoFile { diagnostics: by_file.remove(path.as_path()).unwrap_or_default(), path, rows, places };
        }
    }
    Some(Reuse { memo })
}

/// The diagnostics by the file they name, each file's in their order.
fn by_file(diags: &[Diagnostic]) -> std::collections::HashMap<&Path, Vec<Diagnostic>> {
    let mut out: std::collections::HashMap<&Path, Vec<Diagnostic>> = std::collections::HashMap::new();
    for d in diags {
        out.entry(d.file.as_path()).or_default().push(d.clone());
    }
    out
}

/// The entries files a rebuild must read again: those naming a place whose context changed, and,
/// until none is left out, every file naming a place those files name (a place's entries are whole
/// only with all its files). Their indexes in `memo.files`, and the places they name.
pub fn files_to_reread(memo: &BuildMemo, contexts: &BTreeMap<String, String>) -> (BTreeSet<usize>, BTreeSet<String>) {
    let mut places: BTreeSet<String> =
        memo.places.iter().filter(|(code, p)| contexts.get(*code) != Some(&p.context)).map(|(c, _)| c.clone()).collect();
    let mut files = BTreeSet::new();
    loop {
        let more: Vec<usize> = memo
            .files
            .iter()
            .enumerate()
            .filter(|(i, f)| !files.contains(i) && f.places.iter().any(|p| places.contains(p)))
            .map(|(i, _)| i)
            .collect();
        if more.is_empty() {
            return (files, places);
        }
        for i in more {
            files.insert(i);
            places.extend(memo.files[i].places.iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(places: &[&str]) -> MemoFile {
        MemoFile { path: PathBuf::from("x.csv"), rows: RowCount::default(), places: places.iter().map(|p| p.to_string()).collect(), diagnostics: Vec::new() }
    }

    fn place(context: &str) -> MemoPlace {
        let r = FileRef { bytes: 1, sha256_128: String::new() };
        MemoPlace { context: context.into(), entries: String::new(), entries_ref: r, own: 1, measures: None }
    }

    #[test]
    fn a_changed_catalog_rereads_every_file_its_places_are_in_and_theirs() {
        let memo = BuildMemo {
            version: MEMO_VERSION,
            key: String::new(),
            manifest_sha256: String::new(),
            // a: its own file; b and c share one; c also in a third with d; e alone.
            files: vec![file(&["a"]), file(&["b", "c"]), file(&["c", "d"]), file(&["e"])],
            places: ["a", "b", "c", "d", "e"].iter().map(|p| (p.to_string(), place("old"))).collect(),
            dates: BTreeMap::new(),
            rows: 0,
            hant: HantWords::default(),
            search: EntryIndex::default(),
            feed_domains: BTreeMap::new(),
            written: Vec::new(),
            others: Vec::new(),
            geo: None,
            catalogs: BTreeMap::new(),
            catalog_inputs: BTreeMap::new(),
            written_held: false,
        };
        let now = |changed: &[&str]| -> BTreeMap<String, String> {
            ["a", "b", "c", "d", "e"].iter().map(|p| (p.to_string(), if changed.contains(p) { "new" } else { "old" }.to_string())).collect()
        };
        let set = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>();
        let cases: [(&[&str], &[usize], &[&str]); 5] = [
            (&[], &[], &[]),
            (&["a"], &[0], &["a"]),
            (&["b"], &[1, 2], &["b", "c", "d"]),
            (&["d"], &[1, 2], &["b", "c", "d"]),
            (&["a", "e"], &[0, 3], &["a", "e"]),
        ];
        for (changed, files, places) in cases {
            let (f, p) = files_to_reread(&memo, &now(changed));
            assert_eq!(f, files.iter().copied().collect(), "{changed:?}");
            assert_eq!(p, set(places), "{changed:?}");
        }
        // A place that lost its catalog is changed too.
        let mut gone = now(&[]);
        gone.remove("e");
        assert_eq!(files_to_reread(&memo, &gone).0, [3].into_iter().collect());
    }

    #[test]
    fn the_other_files_are_every_file_neither_the_entries_side_nor_the_maps_wrote() {
        let r = || FileRef { bytes: 1, sha256_128: String::new() };
        let listed = |keys: &[&str]| keys.iter().map(|k| (k.to_string(), r(), Listed::Manifest)).collect::<Vec<_>>();
        // (every file, the entries side's (sorted), the maps', the others)
        type Keys = &'static [&'static str];
        let cases: [(Keys, Keys, Keys, Keys); 5] = [
            (&[], &[], &[], &[]),
            (&["a", "b"], &[], &[], &["a", "b"]),
            (&["a", "b", "c/d", "e", "geo/x"], &["b", "e"], &["geo/x"], &["a", "c/d"]),
            // Keys with shared prefixes, and the entries side's first and last.
            (&["s/a", "s/ab", "s/b", "t"], &["s/a", "t"], &[], &["s/ab", "s/b"]),
            // A key of the entries side no file has is passed over.
            (&["a", "c"], &["b", "c"], &[], &["a"]),
        ];
        for (all, written, geo, expected) in cases {
            let refs: BTreeMap<String, FileRef> = all.iter().map(|k| (k.to_string(), r())).collect();
            let memo = BuildMemo {
                version: MEMO_VERSION,
                key: String::new(),
                manifest_sha256: String::new(),
                files: Vec::new(),
                places: BTreeMap::new(),
                dates: BTreeMap::new(),
                rows: 0,
                hant: HantWords::default(),
                search: EntryIndex::default(),
                feed_domains: BTreeMap::new(),
                written: listed(written),
                others: Vec::new(),
                geo: Some(GeoMemo {
                    key: String::new(),
                    maps: BTreeMap::new(),
                    locate: None,
                    written: listed(geo),
                    diagnostics: Vec::new(),
                }),
                catalogs: BTreeMap::new(),
                catalog_inputs: BTreeMap::new(),
                written_held: false,
            };
            assert_eq!(others(&refs, &memo), expected.iter().map(|k| k.to_string()).collect::<Vec<_>>(), "{all:?} less {written:?} and {geo:?}");
        }
    }

    #[test]
    fn catalog_files_are_named_without_their_hash() {
        let r = |n: u64| FileRef { bytes: n, sha256_128: format!("{n:032}") };
        let refs: BTreeMap<String, FileRef> = [
            ("catalog/430100.0123abcd.json", 1),
            ("catalog/430100.brief.4567cdef.json", 2),
            ("catalog/430121101.89abcdef.json", 3),
            ("catalogs.json", 4),
            ("entries/430100.0123abcd.json", 5),
            ("places/430100.0123abcd.json", 6),
        ]
        .into_iter()
        .map(|(k, n)| (k.to_string(), r(n)))
        .collect();
        let stems: Vec<(String, String, u64)> =
            catalog_files(&refs).into_iter().map(|(stem, (key, f))| (stem, key, f.bytes)).collect();
        let want = [
            ("430100", "catalog/430100.0123abcd.json", 1),
            ("430100.brief", "catalog/430100.brief.4567cdef.json", 2),
            ("430121101", "catalog/430121101.89abcdef.json", 3),
        ];
        assert_eq!(stems, want.map(|(s, k, n)| (s.to_string(), k.to_string(), n)));
    }
}

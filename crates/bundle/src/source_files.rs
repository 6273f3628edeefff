//! The files of a source folder: listing a folder's files ([`files_in`]), reading catalog files and the
//! `catalogs/<code>/` folders into tables, and the record of what was read ([`SourceFile`]) for reports.

use crate::assemble::PlaceTables;
use crate::diagnostic::Diagnostic;
use crate::read_cache::ReadCache;
use gongkai_catalog::Domain;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A source file that was read, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// For a catalog file: the domain of its first table.
    pub domain: Option<&'static str>,
    /// For a catalog file: the catalog rows read from it.
    pub items: usize,
    /// For a tabular file (catalogs, places, entries, links): how its rows ended up.
    pub rows: Option<crate::diagnostic::RowCount>,
}

/// Files of a folder with one of the extensions, in name order, skipping hidden files and Excel's
/// `~$` lock files.
pub fn files_in(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            !name.starts_with('.') && !name.starts_with("~$") && extensions.contains(&ext.as_str())
        })
        .collect();
    out.sort();
    out
}

/// Catalog file extensions the readers take.
pub const CATALOG_EXTENSIONS: &[&str] = &["xlsx", "csv"];

/// Reads one catalog file, recording it in `files`.
pub fn read_catalog(path: &Path, files: &mut Vec<SourceFile>, diags: &mut Vec<Diagnostic>) -> Vec<crate::source::SourceTable> {
    read_catalog_with(path, None, files, diags)
}

/// [`read_catalog`], taken from the catalog read cache when it holds the file ([`ReadCache::read`]).
fn read_catalog_with(
    path: &Path,
    cache: Option<&ReadCache>,
    files: &mut Vec<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::source::SourceTable> {
    let outcome = match cache {
        Some(cache) => cache.read(path),
        None => crate::read::read_catalog_file(path),
    };
    diags.extend(outcome.diagnostics);
    let domain = outcome
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .find_map(|r| Domain::by_id(r.item.domain))
        .map(|d| d.name);
    let items = outcome.tables.iter().map(|t| t.rows.len()).sum();
    files.push(SourceFile { path: path.to_path_buf(), domain, items, rows: Some(outcome.rows) });
    outcome.tables
}

/// Reads `catalogs/<code>/` folders, in code order.
pub fn read_catalog_folders(dir: &Path, files: &mut Vec<SourceFile>, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, PlaceTables> {
    read_catalog_folders_with(dir, None, files, diags)
}

/// [`read_catalog_folders`] through the catalog read cache ([`crate::read_cache`]), whose entries of
/// files not read now are deleted after.
pub fn read_catalog_folders_with(
    dir: &Path,
    cache: Option<&ReadCache>,
    files: &mut Vec<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PlaceTables> {
    let tables = read_folders(dir, cache, files, diags);
    if let Some(cache) = cache {
        cache.prune();
    }
    tables
}

fn read_folders(dir: &Path, cache: Option<&ReadCache>, files: &mut Vec<SourceFile>, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, PlaceTables> {
    let mut tables = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        diags.push(Diagnostic::warning(dir, "没有目录文件夹 catalogs/", "there is no catalogs/ folder"));
        return tables;
    };
    let mut folders: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    for stray in files_in(dir, CATALOG_EXTENSIONS) {
        diags.push(Diagnostic::warning(
            &stray,
            "目录文件应放在 catalogs/<地区代码>/ 文件夹中，已忽略",
            "catalog files belong in catalogs/<place code>/; ignored",
        ));
    }
    folders.retain(|f| !f.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')));
    // Folder by folder on every core (a national source has some 1,300), kept in folder order.
    crate::parallel::for_each_in_order(
        &folders,
        16,
        |_, folder| {
            let (mut read, mut said) = (Vec::new(), Vec::new());
            let mut place = PlaceTables { folder: folder.clone(), tables: Vec::new() };
            for file in files_in(folder, CATALOG_EXTENSIONS) {
                if crate::adjustments::is_reasons_file(&file) {
                    continue; // read by crate::adjustments
                }
                place.tables.extend(read_catalog_with(&file, cache, &mut read, &mut said));
            }
            (place, read, said)
        },
        |(place, read, said)| {
            let code = place.folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.extend(read);
            diags.extend(said);
            tables.insert(code, place);
        },
    );
    tables
}

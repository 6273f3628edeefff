//! The build step from a source folder to a bundle, in order: read and check the dataset, the register
//! and the catalog folders ([`crate::source_files`]), assemble the catalogs ([`crate::assemble`]), set the
//! links, read the channels, resolve the entries (into a scratch file, [`crate::spill`]), compute the
//! 加减法 ([`crate::adjustments`]), then make the manifest and every file it lists ([`crate::manifest`]).
//! Each file is written as it is made ([`crate::write::BundleWriter`]: into a staging folder, or into
//! the output being rebuilt under new names); putting the bundle in the output's place is
//! [`crate::write::write_bundle`]'s job, and happens only when nothing is in error.
//!
//! Architecture invariant: the output depends only on the sources. No clock, no environment, no
//! `HashMap` iteration order reaches a file, so the same sources give the same bytes.

use crate::assemble::{assemble, PlaceTables};
use crate::dataset::read_dataset;
use crate::diagnostic::Diagnostic;
use crate::entries::{read_entries, ResolvedEntries};
use crate::progress::Progress;
use crate::links::apply_links;
use crate::manifest::{assemble_manifest, ManifestInputs};
use crate::register::read_register_counted;
use crate::read_cache::ReadCache;
use crate::source_files::{files_in, read_catalog_folders_with, SourceFile};
use crate::write::BundleWriter;
use gongkai_catalog::{Manifest, Place};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What building gives: every diagnostic, the files read, and the bundle if nothing is in error.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<SourceFile>,
    pub bundle: Option<Bundle>,
}

impl BuildOutcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A built bundle, ready to write.
#[derive(Debug)]
pub struct Bundle {
    pub writer: BundleWriter,
    pub manifest: Manifest,
    /// Every place of the register, in register order, as the manifest and the place lists hold them.
    pub places: Vec<Place>,
    pub manifest_json: Vec<u8>,
    pub summary: BuildSummary,
    /// What the entries side gave, for the next build into the same output ([`crate::memo`]); saved
    /// by [`crate::write::write_bundle`]'s caller once the output is in place.
    pub memo: Option<crate::memo::BuildMemo>,
}

impl Bundle {
    /// The manifest as the app holds it once it has loaded every place list: with every place.
    pub fn whole_manifest(&self) -> Manifest {
        let mut files = self.writer.file_refs();
        files.extend(self.manifest.files.clone());
        Manifest { places: self.places.clone(), files, ..self.manifest.clone() }
    }

    /// A place of the register, wherever it is listed.
    pub fn place(&self, code: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.code == code)
    }

    /// Decodes a file of this bundle after checking it against the listing that names it.
    pub fn decode_file<T: serde::de::DeserializeOwned>(&self, key: &str, bytes: &[u8]) -> Result<T, gongkai_catalog::BundleError> {
        self.whole_manifest().decode_file(key, bytes)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BuildSummary {
    pub places: usize,
    pub catalogs: usize,
    /// Items of all distinct catalogs.
    pub items: usize,
    pub entries: usize,
    /// Files of the bundle, the manifest included.
    pub files: usize,
    /// Bytes of the bundle, the manifest included.
    pub bytes: u64,
    /// The entries side was taken from the build memo of the output rebuilt ([`crate::memo`]).
    pub entries_from_memo: bool,
}

/// Builds the bundle of a source folder in memory.
pub fn build_source(source: &Path) -> BuildOutcome {
    build_source_after(source, None)
}

/// Builds the bundle of a source folder in memory, carrying the 目录调整记录 of the `previous`
/// published bundle (a bundle folder) forward ([`crate::adjustments`]).
pub fn build_source_after(source: &Path, previous: Option<&Path>) -> BuildOutcome {
    build_source_with(source, &BuildOptions { previous, ..Default::default() })
}

/// How a build runs besides its sources.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions<'a> {
    /// The previous published bundle ([`build_source_after`]).
    pub previous: Option<&'a Path>,
    /// The output folder the bundle is for: its files are staged beside it, or written into it when it
    /// holds a bundle ([`BundleWriter::beside`]), so that [`crate::write::write_bundle`] into it is a
    /// rename. Without it, they are staged in the system's temporary folder.
    pub out: Option<&'a Path>,
    pub progress: Progress,
    /// Only check: hash the files but write none ([`BundleWriter::discarding`]).
    pub discard: bool,
    /// The build memo file ([`crate::memo`]): what the last build into `out` left, taken where it
    /// still holds. Without it (or without `out`), no memo is read or made.
    pub memo: Option<&'a Path>,
}

/// Builds the bundle of a source folder, writing its files into a staging folder as they are made.
pub fn build_source_with(source: &Path, options: &BuildOptions) -> BuildOutcome {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    // The build memo (85 MB of JSON at national scale, parsed on one thread) is loaded while the
    // catalogs are read.
    std::thread::scope(|s| {
        let memo = s.spawn(|| load_memo(options));
        let spinner = options.progress.spinner("读取目录 / reading catalogs");
        // Through the catalog read cache beside the memo: a rebuild reads only the changed files.
        let cache = options.memo.filter(|_| options.out.is_some() && !options.discard).and_then(ReadCache::beside);
        let tables = read_catalog_folders_with(&source.join("catalogs"), cache.as_ref(), &mut files, &mut diags);
        spinner.finish();
        let memo = memo.join().expect("loading the memo does not panic");
        build_tables_with(source, tables, files, diags, options, memo)
    })
}

/// The build memo of the output being rebuilt ([`crate::memo`]), if the build keeps one and there is
/// one that describes that output.
fn load_memo(options: &BuildOptions) -> Option<crate::memo::BuildMemo> {
    let (out, memo) = options.out.zip(options.memo).filter(|_| !options.discard)?;
    crate::memo::load(memo, out)
}

/// Builds the bundle of a source folder whose catalog tables were already read (`files` and `diags`
/// are what reading them gave). Tests use it to give tables directly.
pub fn build_with_tables(
    source: &Path,
    tables: BTreeMap<String, PlaceTables>,
    catalog_files: Vec<SourceFile>,
    read_diags: Vec<Diagnostic>,
) -> BuildOutcome {
    build_tables_after(source, tables, catalog_files, read_diags, None)
}

/// [`build_with_tables`] with the previous published bundle ([`build_source_after`]).
pub fn build_tables_after(
    source: &Path,
    tables: BTreeMap<String, PlaceTables>,
    catalog_files: Vec<SourceFile>,
    read_diags: Vec<Diagnostic>,
    previous: Option<&Path>,
) -> BuildOutcome {
    build_tables_with(source, tables, catalog_files, read_diags, &BuildOptions { previous, ..Default::default() }, None)
}

/// `loaded`: the memo [`load_memo`] gave.
fn build_tables_with(
    source: &Path,
    mut tables: BTreeMap<String, PlaceTables>,
    catalog_files: Vec<SourceFile>,
    read_diags: Vec<Diagnostic>,
    options: &BuildOptions,
    mut loaded: Option<crate::memo::BuildMemo>,
) -> BuildOutcome {
    let previous = options.previous;
    let mut writer = match options.out {
        _ if options.discard => BundleWriter::discarding(),
        Some(out) => BundleWriter::beside(out),
        None => BundleWriter::default(),
    };
    let mut out = BuildOutcome { diagnostics: read_diags, ..Default::default() };
    let diags = &mut out.diagnostics;
    let plain = |p: PathBuf| SourceFile { path: p, domain: None, items: 0, rows: None };

    let dataset_path = source.join("dataset.toml");
    let dataset = read_dataset(&dataset_path, diags);
    out.files.push(plain(dataset_path));
    let places_path = source.join("places.csv");
    let step = options.progress.spinner("区划名录 / the register");
    let (register, place_rows) = read_register_counted(&places_path, diags);
    step.finish();
    out.files.push(SourceFile { rows: Some(place_rows), ..plain(places_path.clone()) });
    if register.places.is_empty() && !diags.iter().any(|d| d.file == places_path) {
        diags.push(Diagnostic::error(&places_path, "区划名录为空", "the register has no places"));
    }

    out.files.extend(catalog_files);
    let step = options.progress.spinner("组装目录 / assembling catalogs");
    let mut assembled = assemble(&register, &mut tables, diags);
    step.finish();
    crate::parallel::drop_in_background(tables);

    let step = options.progress.spinner("链接与渠道 / links and channels");
    let link_files = files_in(&source.join("links"), &["csv"]);
    let link_rows = apply_links(&link_files, &register, &mut assembled, diags);
    out.files.extend(link_files.iter().cloned().map(|p| {
        let rows = link_rows.iter().find(|(f, _)| *f == p).map(|(_, c)| *c);
        SourceFile { rows, ..plain(p) }
    }));

    let channels_path = source.join("channels.csv");
    let channels = crate::channels::read_channels(&channels_path, &register, diags);
    if let Some(rows) = channels.rows {
        out.files.push(SourceFile { rows: Some(rows), ..plain(channels_path) });
    }
    let channels = channels.by_county;
    step.finish();

    let memo_out = options.out.zip(options.memo).filter(|_| !options.discard);

    // The catalogs are final once the links are set. Written now, so that the entries side knows
    // whose catalog changed since the build memo was made.
    let step = options.progress.spinner("写入目录 / writing catalogs");
    let catalog_inputs = memo_out.and_then(|_| {
        let read: Vec<&Path> = out.files.iter().map(|f| f.path.as_path()).collect();
        crate::memo::catalog_inputs(&source.join("catalogs"), &places_path, &link_files, &read, &assembled)
    });
    let before = loaded.as_ref().map(|m| crate::manifest::CatalogsBefore {
        files: &m.catalogs,
        inputs: &m.catalog_inputs,
        inputs_now: catalog_inputs.as_deref(),
    });
    let catalog_keys = crate::manifest::write_catalogs(&assembled.catalogs, &mut writer, before.as_ref());
    step.finish();

    let entry_files = files_in(&source.join("entries"), &["csv"]);
    // The memo's entries side, if it still holds.
    let memo_key = memo_out.and_then(|_| crate::memo::inputs_key(source, &entry_files)).map(|key| {
        let contexts = crate::memo::contexts(&assembled, &catalog_keys, writer.refs());
        (key, contexts)
    });
    let step = options.progress.spinner("构建备忘 / the build memo");
    let geo_memo = loaded.as_mut().and_then(|m| m.geo.take());
    let geo_key = memo_out.and_then(|_| crate::memo::geo_key(source));
    let reuse = memo_key.as_ref().zip(loaded).and_then(|((key, contexts), memo)| {
        let as_of = dataset.as_ref().and_then(|d| d.as_of_date());
        crate::memo::reuse(memo, key, &entry_files, &register, &assembled, contexts, &writer, as_of)
    });
    step.finish();
    if let Some(r) = &reuse {
        // Every file of the entries side is taken: the last build's others and its maps' are all
        // that may be gone.
        let geo = geo_memo.iter().flat_map(|g| &g.written).map(|(k, _, _)| k.clone());
        writer.sweep_only(r.memo.others.iter().cloned().chain(geo).collect());
    }
    let entries_from_memo = reuse.is_some();
    let bar = options.progress.spinner("读取发布信息 / reading entries");
    let mut entries = match &reuse {
        Some(r) => {
            diags.extend(r.diagnostics().cloned());
            r.entries()
        }
        None => read_entries(&entry_files, &register, &assembled, diags, &writer.scratch()),
    };
    bar.finish();
    // Their row counts are known once every place's entries were taken (duplicates are found then).
    let entry_files_at = out.files.len();
    out.files.extend(entry_files.iter().cloned().map(plain));

    let as_of = entries.latest_date().or(dataset.as_ref().and_then(|d| d.as_of_date()));
    if as_of.is_none() && dataset.is_some() && entries.rows == 0 {
        diags.push(Diagnostic::error(
            &source.join("entries"),
            "没有任何发布信息，无法确定数据日期：请添加 entries/*.csv，或在 dataset.toml 中写 as_of",
            "no published entries to take the as-of date from: add entries/*.csv, or as_of in dataset.toml",
        ));
    }
    let (Some(dataset), Some(as_of)) = (dataset, as_of) else {
        finish_entries(&mut out, &mut entries, entry_files_at);
        return out;
    };
    let catalogs_dir = source.join("catalogs");
    let step = options.progress.spinner("目录调整 / catalog adjustments");
    let adjustments =
        crate::adjustments::adjustments(&catalogs_dir, &register, &assembled, previous, as_of, &mut out.diagnostics);
    step.finish();
    out.files.extend(adjustments.files.iter().map(|(p, c)| SourceFile { rows: Some(*c), ..plain(p.clone()) }));
    if out.has_errors() {
        finish_entries(&mut out, &mut entries, entry_files_at);
        return out;
    }
    let adjustments = adjustments.by_place;
    let progress = options.progress;
    let inputs = ManifestInputs {
        source,
        dataset,
        as_of,
        register: &register,
        assembled: &assembled,
        entries: &mut entries,
        memo: reuse.map(|r| r.memo),
        catalog_keys,
        memo_key,
        geo_memo,
        geo_key,
        channels,
        adjustments,
        progress,
    };
    let (manifest, places, mut memo) = assemble_manifest(inputs, &mut writer, &mut out.diagnostics);
    if let Some(m) = &mut memo {
        let owners = assembled.catalogs.iter().map(|c| c.owner.clone());
        m.catalog_inputs = owners.zip(catalog_inputs.into_iter().flatten()).collect();
        m.others = crate::memo::others(writer.refs(), m);
    }
    finish_entries(&mut out, &mut entries, entry_files_at);
    if out.has_errors() {
        return out;
    }
    let step = options.progress.spinner("清单 / the manifest");
    let manifest_json = serde_json::to_vec(&manifest).expect("the manifest always serialises");
    let summary = BuildSummary {
        places: places.len(),
        catalogs: assembled.catalogs.len(),
        items: assembled.catalogs.iter().map(|c| c.items.len()).sum(),
        entries: manifest.places.iter().filter(|p| p.parent.is_none()).map(|p| p.counts.entries as usize).sum(),
        files: writer.len() + 1,
        bytes: writer.total_bytes() + manifest_json.len() as u64,
        entries_from_memo,
    };
    step.finish();
    crate::parallel::drop_in_background(assembled);
    out.bundle = Some(Bundle { writer, manifest, places, manifest_json, summary, memo });
    out
}

/// Closes the entries' row accounting (every place taken, duplicates reported) and gives each entries
/// file, listed from `at` in `out.files`, its row counts.
fn finish_entries(out: &mut BuildOutcome, entries: &mut ResolvedEntries, at: usize) {
    entries.finish(&mut out.diagnostics);
    let rows: std::collections::HashMap<&Path, crate::diagnostic::RowCount> =
        entries.files.iter().map(|(p, r)| (p.as_path(), *r)).collect();
    for f in out.files.iter_mut().skip(at) {
        if let Some(r) = rows.get(f.path.as_path()) {
            f.rows = Some(*r);
        }
    }
}

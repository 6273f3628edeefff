//! The build step from a source folder to a bundle, in memory: read and check everything, assemble
//! the catalogs, resolve the entries, compute counts, measures and facets, and collect every output file.
//! Writing to disk is [`crate::write::write_bundle`]'s job, and happens only when nothing is in error.
//!
//! Architecture invariant: the output depends only on the sources. No clock, no environment, no
//! `HashMap` iteration order reaches a file, so the same sources give the same bytes.

use crate::assemble::{assemble, AssembledCatalogs, PlaceTables};
use crate::dataset::{read_dataset, DatasetToml};
use crate::diagnostic::Diagnostic;
use crate::entries::{read_entries, ResolvedEntries};
use crate::links::apply_links;
use crate::measures::{measure_counts, ApplyingItem, EntryDates, MeasureCounts};
use crate::register::{read_register, Register};
use crate::write::BundleWriter;
use gongkai_catalog::{
    Catalog, DatasetInfo, Domain, DomainRef, ExtraFacet, Facets, Manifest, Place, PlaceCounts, PlaceEntries, Tier, CHANNELS, DOMAINS, FORMAT_VERSION,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// An extra column becomes a filter facet only with at most this many distinct values.
pub const MAX_EXTRA_FACET_VALUES: usize = 12;

/// The note shown when catalog rows are marked 示例 but `dataset.toml` says nothing about samples.
pub const SAMPLE_ROWS_NOTE: &str = "标注「示例」的目录事项为参照国家标准指引补全的示例，并非各地公布的原文 / rows marked 示例 are completed in the spirit of the national guidelines, not published text";

/// A source file that was read, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// For a catalog file: the domain of its first table.
    pub domain: Option<&'static str>,
    /// For a catalog file: the catalog rows read from it.
    pub items: usize,
}

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
    pub manifest_json: Vec<u8>,
    pub summary: BuildSummary,
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
    let outcome = crate::read::read_catalog_file(path);
    diags.extend(outcome.diagnostics);
    let domain = outcome
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .find_map(|r| Domain::by_id(r.item.domain))
        .map(|d| d.name);
    let items = outcome.tables.iter().map(|t| t.rows.len()).sum();
    files.push(SourceFile { path: path.to_path_buf(), domain, items });
    outcome.tables
}

/// Builds the bundle of a source folder in memory.
pub fn build_source(source: &Path) -> BuildOutcome {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let tables = read_catalog_folders(&source.join("catalogs"), &mut files, &mut diags);
    build_with_tables(source, tables, files, diags)
}

/// Builds the bundle of a source folder whose catalog tables were already read (`files` and `diags`
/// are what reading them gave). Tests use it to give tables directly.
pub fn build_with_tables(
    source: &Path,
    tables: BTreeMap<String, PlaceTables>,
    catalog_files: Vec<SourceFile>,
    read_diags: Vec<Diagnostic>,
) -> BuildOutcome {
    let mut out = BuildOutcome { diagnostics: read_diags, ..Default::default() };
    let diags = &mut out.diagnostics;
    let plain = |p: PathBuf| SourceFile { path: p, domain: None, items: 0 };

    let dataset_path = source.join("dataset.toml");
    let dataset = read_dataset(&dataset_path, diags);
    out.files.push(plain(dataset_path));
    let places_path = source.join("places.csv");
    let register = read_register(&places_path, diags);
    out.files.push(plain(places_path.clone()));
    if register.places.is_empty() && !diags.iter().any(|d| d.file == places_path) {
        diags.push(Diagnostic::error(&places_path, "区划名录为空", "the register has no places"));
    }

    out.files.extend(catalog_files);
    let mut assembled = assemble(&register, &tables, diags);
    drop(tables);

    let link_files = files_in(&source.join("links"), &["csv"]);
    out.files.extend(link_files.iter().cloned().map(plain));
    apply_links(&link_files, &register, &mut assembled, diags);

    let entry_files = files_in(&source.join("entries"), &["csv"]);
    out.files.extend(entry_files.iter().cloned().map(plain));
    let entries = read_entries(&entry_files, &register, &assembled, diags);

    let as_of = entries.latest_date().or(dataset.as_ref().and_then(|d| d.as_of_date()));
    if as_of.is_none() && dataset.is_some() && entries.rows == 0 {
        diags.push(Diagnostic::error(
            &source.join("entries"),
            "没有任何发布信息，无法确定数据日期：请添加 entries/*.csv，或在 dataset.toml 中写 as_of",
            "no published entries to take the as-of date from: add entries/*.csv, or as_of in dataset.toml",
        ));
    }
    let (Some(dataset), Some(as_of)) = (dataset, as_of) else { return out };
    if out.has_errors() {
        return out;
    }
    let mut writer = BundleWriter::default();
    let manifest = assemble_manifest(source, dataset, as_of, &register, &assembled, entries, &mut writer, &mut out.diagnostics);
    if out.has_errors() {
        return out;
    }
    let manifest_json = serde_json::to_vec(&manifest).expect("the manifest always serialises");
    let summary = BuildSummary {
        places: manifest.places.len(),
        catalogs: assembled.catalogs.len(),
        items: assembled.catalogs.iter().map(|c| c.items.len()).sum(),
        entries: manifest.places.iter().filter(|p| p.parent.is_none()).map(|p| p.counts.entries as usize).sum(),
        files: writer.files.len() + 1,
        bytes: writer.total_bytes() + manifest_json.len() as u64,
    };
    out.bundle = Some(Bundle { writer, manifest, manifest_json, summary });
    out
}

/// Reads `catalogs/<code>/` folders, in code order.
fn read_catalog_folders(dir: &Path, files: &mut Vec<SourceFile>, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, PlaceTables> {
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
    for folder in folders {
        let code = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if code.starts_with('.') {
            continue;
        }
        let mut place = PlaceTables { folder: folder.clone(), tables: Vec::new() };
        for file in files_in(&folder, CATALOG_EXTENSIONS) {
            place.tables.extend(read_catalog(&file, files, diags));
        }
        tables.insert(code, place);
    }
    tables
}

#[allow(clippy::too_many_arguments)]
fn assemble_manifest(
    source: &Path,
    dataset: DatasetToml,
    as_of: chrono::NaiveDate,
    register: &Register,
    assembled: &AssembledCatalogs,
    entries: ResolvedEntries,
    writer: &mut BundleWriter,
    diags: &mut Vec<Diagnostic>,
) -> Manifest {
    let catalog_keys: Vec<String> = assembled.catalogs.iter().map(|c| writer.add_json("catalog", &c.owner, c)).collect();

    // Measures, from the entries' dates, before the entries are moved into their files.
    let mut counts: BTreeMap<&str, MeasureCounts> = BTreeMap::new();
    for place in &register.places {
        let Some((catalog, usage)) = assembled.catalog_of(&place.code) else { continue };
        let items: Vec<ApplyingItem> = catalog
            .items
            .iter()
            .filter(|i| catalog.applies(i, usage.applicability()))
            .map(|i| ApplyingItem { id: &i.id, deadline: i.time_limit.parsed.as_ref() })
            .collect();
        let own = entries.by_place.get(&place.code).map(Vec::as_slice).unwrap_or(&[]);
        let dates: Vec<EntryDates> = own
            .iter()
            .map(|e| EntryDates { item: &e.entry.item, formed: e.formed, published: Some(e.entry.date) })
            .collect();
        counts.insert(&place.code, measure_counts(&items, &dates, as_of));
    }
    // Sum upwards: townships into counties, counties into cities (register order is top-down).
    let mut entry_totals: BTreeMap<String, u32> =
        entries.by_place.iter().map(|(k, v)| (k.clone(), v.len() as u32)).collect();
    for place in register.places.iter().rev() {
        if let Some(parent) = place.parent.as_deref() {
            let c = counts.get(place.code.as_str()).copied().unwrap_or_default();
            counts.entry(parent).or_default().add(&c);
            let n = entry_totals.get(place.code.as_str()).copied().unwrap_or(0);
            *entry_totals.entry(parent.to_string()).or_default() += n;
        }
    }

    let mut place_entries: Vec<PlaceEntries> = Vec::with_capacity(entries.by_place.len());
    let mut entry_keys: BTreeMap<String, String> = BTreeMap::new();
    for (code, list) in entries.by_place {
        let pe = PlaceEntries { format_version: FORMAT_VERSION, place: code.clone(), entries: list.into_iter().map(|e| e.entry).collect() };
        entry_keys.insert(code, writer.add_json("entries", &pe.place, &pe));
        place_entries.push(pe);
    }

    let search = {
        let (info, search_diags) = crate::search_index::build_search(writer, &assembled.catalogs, &place_entries, source);
        diags.extend(search_diags);
        Some(info)
    };
    let hant = {
        let names = register.places.iter().map(|p| p.name.as_str());
        let about = [dataset.title.as_str(), dataset.description.as_str(), dataset.sample.as_deref().unwrap_or("")];
        let text = crate::hant::catalog_text(&assembled.catalogs, &place_entries).chain(names).chain(about);
        Some(crate::hant::build_hant_table(text, writer))
    };
    drop(place_entries);

    let geo_keys = crate::geo::build_geo(source, register, writer, diags);

    let places: Vec<Place> = register
        .places
        .iter()
        .map(|p| {
            let usage = assembled.uses.get(&p.code);
            let by_domain = assembled.items_by_domain(&p.code);
            Place {
                code: p.code.clone(),
                name: p.name.clone(),
                kind: p.kind,
                parent: p.parent.clone(),
                catalog: usage.map(|u| catalog_keys[u.catalog].clone()),
                tier: usage.map_or(Tier::of_place(p.kind), |u| u.tier),
                inherited: usage.is_some_and(|u| u.inherited),
                entries: entry_keys.get(&p.code).cloned(),
                geo: geo_keys.get(&p.code).cloned(),
                counts: PlaceCounts {
                    items: by_domain.iter().sum(),
                    entries: entry_totals.get(p.code.as_str()).copied().unwrap_or(0),
                    by_domain,
                },
                measures: counts.get(p.code.as_str()).map(MeasureCounts::to_measures).unwrap_or_default(),
            }
        })
        .collect();

    let any_sample_rows = assembled.catalogs.iter().any(|c| c.items.iter().any(|i| i.sample));
    let sample = match dataset.sample {
        Some(s) if !s.trim().is_empty() => Some(s),
        _ if any_sample_rows => Some(SAMPLE_ROWS_NOTE.to_string()),
        _ => None,
    };
    Manifest {
        format_version: FORMAT_VERSION,
        dataset: DatasetInfo {
            title: dataset.title,
            description: dataset.description,
            as_of,
            sample,
            credits: dataset.credits.into_iter().map(Into::into).collect(),
        },
        domains: DOMAINS.iter().map(|d| DomainRef { id: d.id, name: d.name.to_string() }).collect(),
        places,
        facets: facets(&assembled.catalogs),
        files: writer.file_refs(),
        search,
        hant,
    }
}

/// The facet values present in the catalogs, in display order: levels by tier, modes and audiences in
/// their fixed order, channels in checklist order then others by name, extras by column name.
pub fn facets(catalogs: &[Catalog]) -> Facets {
    let mut levels: BTreeSet<(Tier, String)> = BTreeSet::new();
    let mut modes = BTreeSet::new();
    let mut audiences: BTreeSet<&'static str> = BTreeSet::new();
    let mut channels: BTreeSet<&str> = BTreeSet::new();
    let mut extras: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in catalogs {
        for item in &c.items {
            for &l in &item.levels {
                if let Some(ll) = c.levels.get(l as usize) {
                    levels.insert((ll.tier, ll.label.clone()));
                }
            }
            modes.extend(item.modes.iter().copied());
            audiences.extend(item.audience.iter().map(|a| a.label()));
            channels.extend(item.channels.iter().map(String::as_str));
            for (k, v) in &item.extras {
                if let Some(name) = c.extra_columns.get(*k as usize) {
                    let set = extras.entry(name).or_default();
                    // One past the limit is enough to know the column is not a facet.
                    if set.len() <= MAX_EXTRA_FACET_VALUES {
                        set.insert(v.trim());
                    }
                }
            }
        }
    }
    let rank = |c: &str| CHANNELS.iter().position(|k| *k == c).unwrap_or(CHANNELS.len());
    let mut channels: Vec<&str> = channels.into_iter().collect();
    channels.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    let audience_order = ["全社会", "特定群体"];
    Facets {
        levels: levels.into_iter().map(|(_, l)| l).fold(Vec::new(), |mut v, l| {
            if !v.contains(&l) {
                v.push(l);
            }
            v
        }),
        modes: modes.into_iter().map(|m| m.label().to_string()).collect(),
        audiences: audience_order.iter().filter(|a| audiences.contains(*a)).map(|a| a.to_string()).collect(),
        channels: channels.into_iter().map(str::to_string).collect(),
        extras: extras
            .into_iter()
            .filter(|(_, vals)| !vals.is_empty() && vals.len() <= MAX_EXTRA_FACET_VALUES)
            .map(|(name, vals)| ExtraFacet {
                name: name.to_string(),
                values: vals.into_iter().filter(|v| !v.is_empty()).map(str::to_string).collect(),
            })
            .filter(|f| !f.values.is_empty())
            .collect(),
    }
}

//! The manifest and the files it lists, from the checked and assembled sources: writes the catalogs and
//! the entries files, has the search index, the 繁體 table and the maps built, and gives every place its
//! files, counts ([`crate::counts`]) and measures ([`crate::measures`]).

use crate::assemble::AssembledCatalogs;
use crate::counts::{entry_totals, place_counts};
use crate::dataset::DatasetToml;
use crate::diagnostic::Diagnostic;
use crate::entries::ResolvedEntries;
use crate::measures::place_measures;
use crate::register::Register;
use crate::write::BundleWriter;
use chrono::NaiveDate;
use gongkai_catalog::{Catalog, DatasetInfo, DomainRef, Manifest, Place, PlaceCounts, PlaceKind, Tier, DOMAINS, FORMAT_VERSION};
use std::collections::BTreeMap;
use std::path::Path;

/// The note shown when catalog rows are marked 示例 but `dataset.toml` says nothing about samples.
/// Shown to citizens in the sample banner: Chinese only, like every text of the citizen screens.
pub const SAMPLE_ROWS_NOTE: &str = "标注「示例」的目录事项为参照国家标准指引补全的示例，并非各地公布的原文。";

/// What the manifest is made from: the sources, read, checked and assembled.
pub struct ManifestInputs<'a> {
    /// The source folder (the maps and the thesaurus are read from it).
    pub source: &'a Path,
    pub dataset: DatasetToml,
    /// The date the measures are computed as of.
    pub as_of: NaiveDate,
    pub register: &'a Register,
    pub assembled: &'a AssembledCatalogs,
    /// Taken place by place as their files are written ([`crate::entry_pass`]).
    pub entries: &'a mut ResolvedEntries,
    /// Or, when the build memo holds the entries side ([`crate::memo::reuse`]): the memo.
    pub memo: Option<crate::memo::BuildMemo>,
    /// Per catalog of [`AssembledCatalogs::catalogs`], already written: its key and its brief one's.
    pub catalog_keys: Vec<(String, Option<String>)>,
    /// What the entries side's memo is keyed by: the inputs ([`crate::memo::inputs_key`]) and each
    /// place's catalog ([`crate::memo::contexts`]). None: no memo is made.
    pub memo_key: Option<(String, BTreeMap<String, String>)>,
    /// The maps and locate files of the build memo, and the key of what they are made from now
    /// ([`crate::memo::geo_side`]).
    pub geo_memo: Option<crate::memo::GeoMemo>,
    pub geo_key: Option<String>,
    /// Per county, its service channels ([`crate::channels`]).
    pub channels: BTreeMap<String, Vec<gongkai_catalog::ServiceChannel>>,
    /// Per place code, its 加减法 and 目录调整记录 ([`crate::adjustments`]).
    pub adjustments: BTreeMap<String, gongkai_catalog::adjust::PlaceAdjustments>,
    pub progress: crate::progress::Progress,
}

/// The keys in [`Manifest::files`] of what was written for each place.
struct FileKeys {
    /// Per catalog of [`AssembledCatalogs::catalogs`]: the catalog's key and its brief one's.
    catalogs: Vec<(String, Option<String>)>,
    /// Per place code.
    entries: BTreeMap<String, String>,
    /// Per place code.
    geo: BTreeMap<String, String>,
    /// Per place code.
    adjustments: BTreeMap<String, String>,
}

/// Writes every file of the bundle but the manifest into `writer`, and returns the manifest with every
/// place of the register (the manifest holds the top ones; [`crate::place_lists`]).
pub fn assemble_manifest(
    inputs: ManifestInputs,
    writer: &mut BundleWriter,
    diags: &mut Vec<Diagnostic>,
) -> (Manifest, Vec<Place>, Option<crate::memo::BuildMemo>) {
    let ManifestInputs {
        source,
        dataset,
        as_of,
        register,
        assembled,
        entries,
        memo,
        catalog_keys: catalogs,
        memo_key,
        geo_memo,
        geo_key,
        channels,
        adjustments,
        progress,
    } = inputs;
    // The places as the explorer shows them (the NBS groupings left out, `Register::shown`): the
    // catalogs were assembled on the register itself.
    let shown = &register.shown();
    let pass_inputs = crate::entry_pass::PassInputs { source, register: shown, assembled, as_of, dataset_title: &dataset.title };
    let mut pass = match memo {
        Some(memo) => crate::entry_pass::reuse_place_entries(pass_inputs, memo, writer, diags, &progress),
        None => crate::entry_pass::write_place_entries(pass_inputs, entries, writer, diags, &progress),
    };
    let mut memo = memo_key.and_then(|(key, contexts)| crate::memo::of_pass(key, &contexts, &mut pass, entries, diags, writer.refs()));
    let measures = place_measures(register, assembled, &pass.measures, as_of);
    let entry_totals = entry_totals(register, &pass.own_entries);
    let (entry_keys, search, feed_domains) = (pass.keys, pass.search, pass.feed_domains);
    // The 繁體 table (one thread's work over every catalog's texts) is made on a thread of its own
    // while this one makes the maps and the places, and written before the place lists need its key.
    let (hant, geo, locate, places) = std::thread::scope(|s| {
        let (words, dataset, channels, adjustments) = (pass.hant, &dataset, &channels, &adjustments);
        let table = s.spawn(move || {
            let texts = crate::adjustments::texts(adjustments);
            hant_table(dataset, register, &assembled.catalogs, words, channels, texts)
        });
        let step = progress.spinner("地图与定位 / maps and locate files");
        let (geo, locate, geo_memo) = crate::memo::geo_side(source, register, writer, diags, geo_key, geo_memo);
        if let Some(m) = &mut memo {
            m.geo = geo_memo;
        }
        step.finish();
        let step = progress.spinner("地区与繁體对照表 / places and the 繁體 table");
        let adjustments = adjustments.iter().map(|(code, a)| (code.clone(), writer.add_json("adjustments", code, a))).collect();
        let keys = FileKeys { catalogs, entries: entry_keys, geo, adjustments };
        let places = places(register, shown, assembled, &keys, &entry_totals, &measures, channels, &feed_domains);
        let hant = writer.add_json("hant", "table", &table.join().expect("the 繁體 table's thread does not panic"));
        step.finish();
        (hant, keys.geo.get("").cloned(), locate, places)
    });
    let step = progress.spinner("地区列表 / place lists");
    let refs = writer.file_refs();
    let split = crate::place_lists::split_register(places, &refs, writer);
    step.finish();
    let mut files = split.files;
    let map = geo;
    let global = [Some(&search.meta), Some(&hant), locate.as_ref(), map.as_ref()];
    for key in global.into_iter().flatten() {
        files.insert(key.clone(), refs[key].clone());
    }
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        dataset: DatasetInfo {
            sample: sample_note(dataset.sample, &assembled.catalogs),
            title: dataset.title,
            description: dataset.description,
            as_of,
            credits: dataset.credits.into_iter().map(Into::into).collect(),
        },
        domains: DOMAINS.iter().map(|d| DomainRef { id: d.id, name: d.name.to_string() }).collect(),
        places: split.top,
        facets: crate::facets::facets(&assembled.catalogs),
        files,
        search: Some(search),
        hant: Some(hant),
        locate,
        map,
    };
    (manifest, split.all, memo)
}

/// What a rebuild knows of the catalogs it may take as they are: the catalog files of the build memo,
/// by name without the hash ([`crate::memo::catalog_files`]), and per catalog owner the key of what
/// the catalog was made from then; and that key now, per catalog ([`crate::memo::catalog_inputs`]).
pub struct CatalogsBefore<'a> {
    pub files: &'a BTreeMap<String, (String, gongkai_catalog::FileRef)>,
    pub inputs: &'a BTreeMap<String, String>,
    pub inputs_now: Option<&'a [String]>,
}

/// Writes each distinct catalog once, and its brief catalog ([`Catalog::brief`]) where that leaves
/// something out; their keys per catalog. In a rebuild (`before`), a catalog made from the same
/// inputs as last time takes its files as they are in the output (after checking their sizes); any
/// other is compared with its file of last time instead of hashed ([`crate::write::Made::as_before`]).
pub fn write_catalogs(catalogs: &[Catalog], writer: &mut BundleWriter, before: Option<&CatalogsBefore>) -> Vec<(String, Option<String>)> {
    use crate::write::Made;
    let dir = writer.rebuilding().map(Path::to_path_buf);
    let files = before.map(|b| b.files);
    let made = |value: &Catalog, stem: &str| Made::as_before(value, dir.as_deref(), files.and_then(|b| b.get(stem)));
    // The files of last time of the `i`th catalog, if it is made from the same inputs and they are
    // still in the output: the whole catalog's, and the brief one's if there was one.
    type Kept = ((String, gongkai_catalog::FileRef), Option<(String, gongkai_catalog::FileRef)>);
    let kept = |i: usize, c: &Catalog| -> Option<Kept> {
        let (b, dir) = before.zip(dir.as_deref())?;
        (b.inputs.get(&c.owner)? == b.inputs_now?.get(i)?).then_some(())?;
        let holds = |(key, r): &(String, gongkai_catalog::FileRef)| crate::write::holds(dir, key, r);
        let whole = b.files.get(&c.owner).filter(|f| holds(f))?;
        let brief = b.files.get(&format!("{}.brief", c.owner));
        if brief.is_some_and(|f| !holds(f)) {
            return None;
        }
        Some((whole.clone(), brief.cloned()))
    };
    // Made on every core (a national bundle's are some 380 MB of JSON), added in order.
    let mut keys = Vec::with_capacity(catalogs.len());
    crate::parallel::for_each_in_order(
        catalogs,
        8,
        |i, c| {
            if let Some(k) = kept(i, c) {
                return Err(k);
            }
            let brief = c.brief();
            let brief = (brief.items != c.items).then(|| made(&brief, &format!("{}.brief", c.owner)));
            Ok((made(c, &c.owner), brief))
        },
        |files| {
            let c = &catalogs[keys.len()];
            keys.push(match files {
                Ok((whole, brief)) => {
                    let brief = brief.map(|b| writer.add_made("catalog", &format!("{}.brief", c.owner), b));
                    (writer.add_made("catalog", &c.owner, whole), brief)
                }
                Err(((key, r), brief)) => {
                    let brief = brief.map(|(key, r)| {
                        writer.adopt(&key, &r, crate::memo::Listed::Manifest);
                        key
                    });
                    writer.adopt(&key, &r, crate::memo::Listed::Manifest);
                    (key, brief)
                }
            });
        },
    );
    keys
}

/// Writes the 简体 → 繁體 table for every text a citizen can see: catalogs, entries, place names and
/// the dataset's own words, the service channels' names and notes.
fn hant_table<'a>(
    dataset: &'a DatasetToml,
    register: &'a Register,
    catalogs: &'a [Catalog],
    mut words: crate::hant::HantWords,
    channels: &'a BTreeMap<String, Vec<gongkai_catalog::ServiceChannel>>,
    adjustments: impl Iterator<Item = &'a str>,
) -> gongkai_catalog::hant::HantTable {
    let names = register.places.iter().map(|p| p.name.as_str());
    let about = [dataset.title.as_str(), dataset.description.as_str(), dataset.sample.as_deref().unwrap_or("")];
    let channel_text = channels.values().flatten().flat_map(|c| [c.name.as_str(), c.note.as_str()]);
    // The entry titles' words are in `words` already (gathered place by place). The catalogs' texts
    // (seven million at national scale, most of them repeated) are told apart on two threads.
    let (first, second) = catalogs.split_at(catalogs.len() / 2);
    let distinct = std::thread::scope(|s| {
        let second = s.spawn(|| crate::hant::catalog_text(second, &[]).collect::<std::collections::HashSet<&str>>());
        let text = crate::hant::catalog_text(first, &[]).chain(names).chain(about).chain(channel_text).chain(adjustments);
        let mut distinct: std::collections::HashSet<&str> = text.collect();
        distinct.extend(second.join().expect("gathering texts does not panic"));
        distinct
    });
    words.add_set(distinct);
    words.finish()
}

/// Every place of the register as it is shown (`shown`: [`Register::shown`]), in register order,
/// with its files, counts and measures.
#[allow(clippy::too_many_arguments)]
fn places(
    register: &Register,
    shown: &Register,
    assembled: &AssembledCatalogs,
    keys: &FileKeys,
    entry_totals: &BTreeMap<String, u32>,
    measures: &BTreeMap<&str, crate::measures::MeasureCounts>,
    channels: &BTreeMap<String, Vec<gongkai_catalog::ServiceChannel>>,
    feed_domains: &BTreeMap<String, u32>,
) -> Vec<Place> {
    let sample_adaptations = sample_adaptations(register, assembled);
    let mut counted = std::collections::HashMap::new();
    shown
        .places
        .iter()
        .map(|p| {
            let usage = assembled.uses.get(&p.code);
            let catalog = usage.map(|u| u.catalog).or_else(|| assembled.template_catalogs.get(&p.code).copied());
            Place {
                code: p.code.clone(),
                name: p.name.clone(),
                kind: p.kind,
                parent: p.parent.clone(),
                // A city shows its template (at the city tier: every row, `Catalog::applies`).
                catalog: catalog.map(|c| keys.catalogs[c].0.clone()),
                brief: catalog.and_then(|c| keys.catalogs[c].1.clone()),
                tier: usage.map_or(Tier::of_place(p.kind), |u| u.tier),
                inherited: usage.is_some_and(|u| u.inherited),
                entries: keys.entries.get(&p.code).cloned(),
                geo: keys.geo.get(&p.code).cloned(),
                // Set when the lists are written (`place_lists`).
                children: None,
                counts: PlaceCounts {
                    // A province's counties shown under it (北京's districts, 河南's 济源市).
                    counties: match p.kind {
                        PlaceKind::Province => shown.children(&p.code).filter(|c| c.kind == PlaceKind::County).count() as u32,
                        _ => 0,
                    },
                    ..place_counts(assembled, &p.code, entry_totals, shown.children(&p.code).count() as u32, &mut counted)
                },
                measures: measures.get(p.code.as_str()).map(|m| m.to_measures()).unwrap_or_default(),
                channels: channels.get(&p.code).cloned().unwrap_or_default(),
                feed_domains: feed_domains.get(&p.code).copied().unwrap_or_default(),
                sample_adaptation: usage.is_some_and(|u| sample_adaptations[u.catalog]),
                adjustments: keys.adjustments.get(&p.code).cloned(),
            }
        })
        .collect()
}

/// Per catalog: whether it adapts a city template with rows of a county's or township's own files
/// (read from `catalogs/<code>/` of a place that is not a city) and every one of those rows is marked
/// 示例. Where an item was read ([`AssembledCatalogs::origins`]) says whose file it came from.
fn sample_adaptations(register: &Register, assembled: &AssembledCatalogs) -> Vec<bool> {
    let folder_place = |file: &Path| {
        file.ancestors().skip(1).find_map(|dir| dir.file_name()?.to_str().and_then(|name| register.get(name)))
    };
    assembled
        .catalogs
        .iter()
        .zip(&assembled.origins)
        .map(|(catalog, origins)| {
            // Whose folder a file is in, once per run of items read from one file (not once per item:
            // half a million at national scale).
            let mut last: Option<(&Path, bool)> = None;
            let mut any_own = false;
            for (item, (file, _)) in catalog.items.iter().zip(origins) {
                let own = match last {
                    Some((f, own)) if f == &**file => own,
                    _ => {
                        let own = folder_place(file).is_some_and(|p| p.kind != PlaceKind::City);
                        last = Some((file, own));
                        own
                    }
                };
                if own && !item.sample {
                    return false;
                }
                any_own |= own;
            }
            any_own
        })
        .collect()
}

/// The dataset's sample note: what `dataset.toml` says, or [`SAMPLE_ROWS_NOTE`] when it says nothing
/// but some catalog rows are marked 示例.
fn sample_note(declared: Option<String>, catalogs: &[Catalog]) -> Option<String> {
    let any_sample_rows = catalogs.iter().any(|c| c.items.iter().any(|i| i.sample));
    match declared {
        Some(s) if !s.trim().is_empty() => Some(s),
        _ if any_sample_rows => Some(SAMPLE_ROWS_NOTE.to_string()),
        _ => None,
    }
}

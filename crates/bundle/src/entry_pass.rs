//! The one pass over the places that published entries, in code order: each place's entries are
//! taken back from the scratch file ([`crate::entries::ResolvedEntries::take_place`]), written as its
//! entries file, and handed to what else needs them — its measures, the search index, the Atom feeds
//! and the 繁體 table's words — then dropped. Memory holds one place's entries at a time, plus what
//! the manifest keeps (counts, measures, file keys).

use crate::assemble::AssembledCatalogs;
use crate::diagnostic::Diagnostic;
use crate::entries::ResolvedEntries;
use crate::feeds::FeedWriter;
use crate::hant::HantWords;
use crate::measures::{own_counts, MeasureCounts};
use crate::progress::Progress;
use crate::register::Register;
use crate::search_index::{SearchBuilder, SearchOptions};
use crate::write::BundleWriter;
use chrono::NaiveDate;
use gongkai_catalog::{PlaceEntries, PublishedEntry, SearchInfo, FORMAT_VERSION};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What the pass leaves for the manifest.
pub struct EntryPass {
    /// Per place code, its entries file's key.
    pub keys: BTreeMap<String, String>,
    /// Per place code, the entries it published itself.
    pub own_entries: BTreeMap<String, u32>,
    /// Per place code with entries, the counts behind its measures ([`crate::measures::place_measures`]).
    pub measures: BTreeMap<String, MeasureCounts>,
    pub search: SearchInfo,
    /// Per place, the domains with a feed ([`gongkai_catalog::Place::feed_domains`]).
    pub feed_domains: BTreeMap<String, u32>,
    /// The entry titles' words, for the 繁體 table.
    pub hant: HantWords,
}

/// What the pass reads besides the entries.
pub struct PassInputs<'a> {
    pub source: &'a Path,
    pub register: &'a Register,
    pub assembled: &'a AssembledCatalogs,
    pub as_of: NaiveDate,
    pub dataset_title: &'a str,
}

/// Writes every place's entries file, the search index and the feeds; closes the entries' row
/// accounting ([`ResolvedEntries::finish`]).
pub fn write_place_entries(
    inputs: PassInputs,
    entries: &mut ResolvedEntries,
    writer: &mut BundleWriter,
    diags: &mut Vec<Diagnostic>,
    progress: &Progress,
) -> EntryPass {
    let PassInputs { source, register, assembled, as_of, dataset_title } = inputs;
    let order = entries.places();
    let scratch = writer.scratch();
    let mut search =
        SearchBuilder::new(&assembled.catalogs, &register.places, source, &scratch, &entries.dates, SearchOptions::default());
    let mut feeds = FeedWriter::new(register, &assembled.catalogs, dataset_title, &order);
    let mut hant = HantWords::default();
    let mut keys = BTreeMap::new();
    let mut own_entries = BTreeMap::new();
    let mut measures = BTreeMap::new();
    let bar = progress.bar("写入各地发布信息 / writing entries", entries.count() as u64);
    for code in &order {
        let list = entries.take_place(code, diags);
        if let Some(m) = own_counts(assembled, code, &list, as_of) {
            measures.insert(code.clone(), m);
        }
        own_entries.insert(code.clone(), list.len() as u32);
        bar.inc(list.len() as u64);
        let published: Vec<PublishedEntry> = list.into_iter().map(|e| e.entry).collect();
        let titles: BTreeSet<&str> = published.iter().map(|e| e.title.as_str()).collect();
        for t in titles {
            hant.add(t);
        }
        search.add_place(code, &published);
        feeds.add_place(code, &published, writer);
        let pe = PlaceEntries { format_version: FORMAT_VERSION, place: code.clone(), entries: published };
        keys.insert(code.clone(), writer.add_json("entries", code, &pe));
    }
    bar.finish();
    entries.finish(diags);
    let spinner = progress.spinner("写入搜索索引 / writing the search index");
    let (search, search_diags) = search.finish(writer);
    spinner.finish();
    diags.extend(search_diags);
    let feed_domains = feeds.finish(writer);
    EntryPass { keys, own_entries, measures, search, feed_domains, hant }
}

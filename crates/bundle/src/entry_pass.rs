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
use crate::memo::{BuildMemo, Listed};
use crate::search_index::{EntryIndex, SearchBuilder, SearchOptions};
use crate::write::BundleWriter;
use chrono::NaiveDate;
use gongkai_catalog::{PublishedEntry, SearchInfo, FORMAT_VERSION};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

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
    /// The search index's entry part.
    pub index: EntryIndex,
    /// Every file the pass wrote but the search index's items part ([`crate::memo::BuildMemo::written`]).
    pub written: Vec<(String, gongkai_catalog::FileRef, Listed)>,
}

/// What the pass reads besides the entries.
pub struct PassInputs<'a> {
    pub source: &'a Path,
    /// The register as shown ([`Register::shown`]): the search's places and the feeds' names.
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
    writer.record();
    let mut keys = BTreeMap::new();
    let mut own_entries = BTreeMap::new();
    let mut measures = BTreeMap::new();
    let bar = progress.bar("写入各地发布信息 / writing entries", entries.count() as u64);
    // The search index and the 繁體 table's words are built on a second thread, fed the places in the
    // same order, so the output does not depend on the threads' timing.
    let (mut search, hant) = std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<(String, Arc<Vec<PublishedEntry>>)>(64);
        let indexer = scope.spawn(move || {
            let mut hant = HantWords::default();
            for (code, list) in receive {
                search.add_place(&code, &list);
                let titles: BTreeSet<&str> = list.iter().map(|e| e.title.as_str()).collect();
                for t in titles {
                    hant.add(t);
                }
            }
            (search, hant)
        });
        for code in &order {
            let list = entries.take_place(code, diags);
            if let Some(m) = own_counts(assembled, code, &list, as_of) {
                measures.insert(code.clone(), m);
            }
            own_entries.insert(code.clone(), list.len() as u32);
            bar.inc(list.len() as u64);
            let published: Arc<Vec<PublishedEntry>> = Arc::new(list.into_iter().map(|e| e.entry).collect());
            if send.send((code.clone(), Arc::clone(&published))).is_err() {
                break; // the indexer stopped: its panic is raised by join below
            }
            feeds.add_place(code, &published, writer);
            let file = crate::write::Made::bytes(entries_file_bytes(code, &published));
            keys.insert(code.clone(), writer.add_made("entries", code, file));
        }
        drop(send);
        indexer.join().expect("the search indexer does not panic")
    });
    bar.finish();
    entries.finish(diags);
    let feed_domains = feeds.finish(writer);
    let spinner = progress.spinner("写入搜索索引 / writing the search index");
    let index = search.finish_entries(writer);
    let written = writer.recorded();
    let (search, search_diags) = search.finish_items(index.clone(), writer);
    spinner.finish();
    diags.extend(search_diags);
    EntryPass { keys, own_entries, measures, search, feed_domains, hant, index, written }
}

/// The pass as the build memo keeps it ([`crate::memo`], brought up to date by
/// [`crate::memo::reuse`]): the files it wrote taken from the output being rebuilt, and the search
/// index's items part written anew.
pub fn reuse_place_entries(
    inputs: PassInputs,
    memo: BuildMemo,
    writer: &mut BundleWriter,
    diags: &mut Vec<Diagnostic>,
    progress: &Progress,
) -> EntryPass {
    let PassInputs { source, register, assembled, .. } = inputs;
    let bar = progress.bar("沿用各地发布信息 / taking unchanged entries", memo.written.len() as u64);
    writer.adopt_all(&memo.written, &bar);
    bar.finish();
    let spinner = progress.spinner("写入搜索索引 / writing the search index");
    let builder =
        SearchBuilder::new(&assembled.catalogs, &register.places, source, &writer.scratch(), &BTreeMap::new(), SearchOptions::default());
    let (search, search_diags) = builder.finish_items(memo.search.clone(), writer);
    spinner.finish();
    diags.extend(search_diags);
    EntryPass {
        keys: memo.places.iter().map(|(code, p)| (code.clone(), p.entries.clone())).collect(),
        own_entries: memo.places.iter().map(|(code, p)| (code.clone(), p.own)).collect(),
        measures: memo.places.iter().filter_map(|(code, p)| Some((code.clone(), p.measures?))).collect(),
        search,
        feed_domains: memo.feed_domains,
        hant: memo.hant,
        index: memo.search,
        written: memo.written,
    }
}

/// The bytes of a place's entries file (its SHA-256 is in its name), as the pass writes it and as the
/// build memo checks a place's entries read again against ([`crate::memo::reuse`]).
pub fn entries_file_bytes(place: &str, entries: &[PublishedEntry]) -> Vec<u8> {
    serde_json::to_vec(&PlaceEntriesRef { format_version: FORMAT_VERSION, place, entries }).expect("entries always serialise")
}

/// [`gongkai_catalog::PlaceEntries`] as it serialises (the same fields in the same order), borrowing
/// the list the search indexer holds too; `the_borrowed_entries_file_is_the_owned_one` pins the shape.
#[derive(Serialize)]
struct PlaceEntriesRef<'a> {
    format_version: u32,
    place: &'a str,
    entries: &'a [PublishedEntry],
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_catalog::PlaceEntries;

    #[test]
    fn the_borrowed_entries_file_is_the_owned_one() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        let e = PublishedEntry { item: "20-ab".into(), title: "低保名单".into(), date, url: Some("https://example.org/".into()), kind: None, interprets: None, sample: true };
        let owned = PlaceEntries { format_version: FORMAT_VERSION, place: "430121".into(), entries: vec![e.clone()] };
        let borrowed = PlaceEntriesRef { format_version: FORMAT_VERSION, place: "430121", entries: &[e] };
        assert_eq!(serde_json::to_vec(&owned).unwrap(), serde_json::to_vec(&borrowed).unwrap());
    }
}

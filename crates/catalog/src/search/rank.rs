//! Query planning, candidate scoring and ranking.
//!
//! Ranking, first key first: places, then items, then entries; for places and items, exact then
//! prefix matches of a name or path segment, then substring, then gapped (fuzzy) matches, then
//! partial ones (most of the query's characters, in order), literal before thesaurus and sound
//! matches, higher score, shorter text, id; for entries, the query's own n-grams before its
//! rewrites (低宝 → 低保) before partial matches, more n-grams, then doc id (newest first). Every key
//! ends in an id, so equal scores never flicker between keystrokes.
//!
//! Forgiving, within bounds: a query read by sound (户集 → hu ji → 户籍; 低bao, "di bao") matches the
//! syllables the build step stored, whole syllables for characters; a partial match needs most of a
//! query of at most [`MAX_PARTIAL_CHARS`] characters.

use super::format::*;
use super::ngram::{gram_hash, query_grams, shard_of, shard_of_hash};
use super::normalize::Fold;
use super::pinyin::{match_pinyin, match_syllables};
use super::thesaurus::Thesaurus;
use super::{CANDIDATE_CAP, NAMESAKES, POSTING_CAP};
use crate::model::ItemId;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How an item matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// A path segment (or the domain) is the query.
    Exact,
    /// A path segment starts with the query (or its pinyin starts there).
    Prefix,
    /// The text contains the query.
    Contains,
    /// The query's characters appear in order, with gaps (农机补贴 in 农机购置补贴).
    Fuzzy,
    /// Most of the query's characters appear in order ([`partial_need`]): 耕地保护补贴 finds
    /// 耕地地力保护补贴, below every full match.
    Partial,
}

/// Longest query (in characters) matched partially: bounds the work per item.
pub const MAX_PARTIAL_CHARS: usize = 12;
/// Entry results wanted before the relaxed look-ups (rewrites, partial matches) are skipped.
pub const ENOUGH_ENTRIES: usize = 10;

/// How many of a query's `n` characters a partial match needs: all but a third (3 of 4, 2 of 3,
/// 4 of 6); none below 3 characters.
pub fn partial_need(n: usize) -> Option<usize> {
    (n >= 3).then(|| n - n / 3)
}

/// What one query needs: computed before anything but the meta file is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPlan {
    pub normalized: String,
    /// Thesaurus rewrites of the query (最低生活保障 for 低保 or dibao).
    pub expansions: Vec<String>,
    /// True when the query is latin letters (and spaces) only: tried as pinyin.
    pub latin: bool,
    /// The query spelled in pinyin without spaces: letters as typed, characters by their reading
    /// (低bao → dibao, "hu ji" → huji). Empty when a character has no reading, or before the items file
    /// (which holds the readings) is loaded.
    pub spelled: String,
    /// For a query in characters only: each character's syllable, to find homophones (户集 → hu ji).
    pub sounds: Vec<String>,
    /// The query in the dataset's own characters where it was typed by sound (低宝名单 → 低保名单,
    /// chu生登记 → 出生登记, dibao → 低保): entries are looked up by these too.
    pub resolved: Vec<String>,
    /// N-grams looked up in the entry postings: the query's own, or its first resolved form's for a
    /// query with letters.
    pub grams: Vec<String>,
    /// Posting shards those n-grams live in, ascending, deduplicated: their list pages are fetched
    /// with the items file at the first keystroke.
    pub shards: Vec<u32>,
    /// N-grams of the relaxed look-ups, used only when `grams` find fewer than [`ENOUGH_ENTRIES`]:
    /// the other resolved forms' and the first two expansions' bigrams (上户口 → 出生登记), and the
    /// query's characters (partial matches).
    pub fallback: Vec<String>,
    /// What follows a place name the query starts with (低保 in 星沙街道低保): searched as a query
    /// of its own too.
    pub topic: Option<String>,
    /// The code of the place the query names: its whole name (星沙街道, 浏阳), or the name it starts
    /// with (星沙街道低保). That place's entries come first ([`SearchIndex::entry_candidates_named`]).
    pub place: Option<String>,
    /// When the name the query starts with or is whole is several places' and the scope picks none
    /// of them (朝阳区: 北京's and 长春's): their codes, if they are at most [`NAMESAKES`];
    /// their entries come first together, as one place's would. Empty otherwise (the nation's 88
    /// 城关镇 name none).
    pub namesakes: Vec<String>,
    /// After a place's name, the n-gram sets of what the topic stands for (低保 → 最低生活保障):
    /// looked up among that place's entries when the topic's own n-grams find too few there. Their
    /// n-grams are in `fallback`.
    pub topic_relaxed: Vec<Vec<String>>,
    /// The n-gram sets of the relaxed look-ups, in the order they rank: resolved forms, the query as
    /// typed (when `grams` are a resolved form's), expansions.
    pub relaxed: Vec<Vec<String>>,
    /// The township files ([`TownFile`]) whose places the query is matched against, ascending (see
    /// [`SearchIndex::town_files_for`]); places of other township files are not searched, loaded or
    /// not, so results never depend on what earlier keystrokes loaded.
    pub town_files: Vec<usize>,
}

impl QueryPlan {
    /// Plans a query from the meta file alone, so that the files it needs can be fetched together
    /// with the items file on the first keystroke.
    /// (The sound of the query needs the items file: [`SearchIndex::plan`] adds it.)
    pub fn new(meta: &SearchMeta, fold: &Fold, thesaurus: &Thesaurus, raw: &str) -> QueryPlan {
        let normalized = fold.normalize(raw);
        let latin = !normalized.is_empty() && normalized.chars().all(|c| c.is_ascii_alphabetic() || c == ' ');
        let expansions = if latin { thesaurus.expand(&normalized.replace(' ', "")) } else { thesaurus.expand(&normalized) };
        let has_letters = normalized.chars().any(|c| c.is_ascii_alphabetic());
        let grams = if has_letters || meta.entries == 0 { Vec::new() } else { literal_grams(meta, &normalized) };
        let mut plan = QueryPlan {
            normalized,
            expansions,
            latin,
            spelled: String::new(),
            sounds: Vec::new(),
            resolved: Vec::new(),
            grams,
            shards: Vec::new(),
            fallback: Vec::new(),
            relaxed: Vec::new(),
            topic: None,
            place: None,
            namesakes: Vec::new(),
            topic_relaxed: Vec::new(),
            town_files: Vec::new(),
        };
        plan.place_shards(meta);
        plan
    }

    /// The shards of `grams` (none for a scanned dataset, which has none to fetch).
    fn place_shards(&mut self, meta: &SearchMeta) {
        let mut s: Vec<u32> =
            if meta.scan { Vec::new() } else { self.grams.iter().map(|g| shard_of(g, meta.shard_bits)).collect() };
        crate::order::sort(&mut s);
        s.dedup();
        self.shards = s;
    }
}

/// The n-grams a query typed in characters looks its entries up by: none for a single character in
/// an index with postings, whose entries would be the newest of thousands holding it (its shard
/// alone was 15 kB gzip of 湖南's first search); items and places answer it, entries come with the
/// second character. A scanned dataset has them at no cost.
fn literal_grams(meta: &SearchMeta, text: &str) -> Vec<String> {
    if !meta.scan && text.chars().filter(|c| *c != ' ').count() < 2 {
        return Vec::new();
    }
    query_grams(text)
}

/// At most `n` of these, spread over them (first and last kept), in order.
fn spread<T: Clone>(all: &[T], n: usize) -> Vec<T> {
    if all.len() <= n || n < 2 {
        return all.iter().take(n).cloned().collect();
    }
    (0..n).map(|k| all[k * (all.len() - 1) / (n - 1)].clone()).collect()
}

/// The longest run of `query` found together in `text` (longest common substring), in characters.
fn longest_run(text: &[char], query: &[char]) -> usize {
    let mut prev = vec![0usize; query.len() + 1];
    let mut best = 0;
    for &t in text {
        let mut cur = vec![0usize; query.len() + 1];
        for (j, &q) in query.iter().enumerate() {
            if t == q && t != ' ' {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// Characters of the query looked up one by one for partial entry matches, at most.
pub const MAX_PARTIAL_UNIGRAMS: usize = 6;
/// Resolved forms of a query (see [`QueryPlan::resolved`]) kept, at most.
const MAX_RESOLVED: usize = 3;

/// Whether `doc` is among `within` (ascending), or there is no such limit.
fn in_scope(within: Option<&[u32]>, doc: u32) -> bool {
    within.is_none_or(|w| w.binary_search(&doc).is_ok())
}

/// The distinct ideographs of a query, spread over it: what a partial entry match counts.
fn partial_chars(normalized: &str) -> Vec<String> {
    let mut all: Vec<String> = normalized.chars().filter(|c| super::normalize::is_han(*c)).map(|c| c.to_string()).collect();
    super::ngram::keep_first(&mut all);
    spread(&all, MAX_PARTIAL_UNIGRAMS)
}

/// The longest subsequence of `query` in `text` (both normalised): how many characters, how many of
/// them stand next to each other in the text, and their positions in the text.
fn common_subsequence(text: &[char], query: &[char]) -> (usize, usize, Vec<usize>) {
    let (n, m) = (text.len(), query.len());
    // dp[i][j]: LCS of text[i..] and query[j..], in one flat table.
    let mut dp = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[at(i, j)] = if text[i] == query[j] && text[i] != ' ' {
                dp[at(i + 1, j + 1)] + 1
            } else {
                dp[at(i + 1, j)].max(dp[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j, mut pos) = (0, 0, Vec::new());
    while i < n && j < m {
        if text[i] == query[j] && text[i] != ' ' && dp[at(i, j)] == dp[at(i + 1, j + 1)] + 1 {
            pos.push(i);
            i += 1;
            j += 1;
        } else if dp[at(i + 1, j)] >= dp[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let adjacent = pos.windows(2).filter(|w| w[1] == w[0] + 1).count();
    (pos.len(), adjacent, pos)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemHit {
    /// Index into [`SearchIndex::items`].
    pub item: usize,
    pub tier: Tier,
    /// Matched through the thesaurus rather than literally.
    pub expanded: bool,
    pub score: i64,
    /// [`item_text`] of the item.
    pub text: String,
    /// Character positions in `text` to highlight.
    pub marks: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryHit {
    pub doc: u32,
    pub entry: EntryFragment,
    /// Character positions in the title to highlight.
    pub marks: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceHit {
    /// Index into [`SearchIndex::places`].
    pub place: usize,
    pub tier: Tier,
    /// Matched by an alias or by sound rather than by its name.
    pub expanded: bool,
    /// Character positions in the name to highlight.
    pub marks: Vec<usize>,
}

struct PreparedPlace {
    /// The township file it came from; none for the items file's places, which every query searches.
    file: Option<usize>,
    /// The normalised name, then its aliases.
    forms: Vec<String>,
    /// Normalised names of the places above it and those names without their suffix.
    parents: Vec<String>,
    syl: Vec<String>,
}

struct PreparedItem {
    /// The text normalised character by character (separators as spaces), aligned with `text`.
    norm: String,
    /// Normalised path segments (and the domain name) with the char position each starts at.
    segs: Vec<(usize, String)>,
    bloom: u128,
    syl: Vec<String>,
    text: String,
    /// Length of `text` in characters (shorter ranks first among equals).
    len: usize,
}

/// A file of posting lists ([`SearchIndex::missing_postings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Postings {
    /// Posting shard `i` ([`shard_key`]).
    Shard(u32),
    /// The own file ([`own_key`]) of the n-grams of hash `hash`, listed in the page of `shard`.
    Own { shard: u32, hash: u32 },
}

impl Postings {
    /// The shard whose list page lists the file.
    pub fn shard(self) -> u32 {
        match self {
            Postings::Shard(s) | Postings::Own { shard: s, .. } => s,
        }
    }
}

/// The client's search state: the meta and items files, and whatever shards and fragments have been
/// loaded so far (kept, so later keystrokes reuse them).
pub struct SearchIndex {
    pub meta: SearchMeta,
    pub fold: Fold,
    pub thesaurus: Thesaurus,
    pub items: Vec<SearchItem>,
    /// Codes of the catalog owners, and each item's owners as indexes into them.
    pub owner_codes: Vec<String>,
    pub item_owners: Vec<Vec<u16>>,
    /// The places searched by name: the items file's ([`SearchIndex::set_places`]), then those of
    /// the township files loaded so far ([`SearchIndex::add_towns`]).
    pub places: Vec<SearchPlace>,
    prepared: Vec<PreparedItem>,
    prepared_places: Vec<PreparedPlace>,
    /// Every name and alias of `places`, normalised, sorted: whether a thesaurus row stands for
    /// places' names ([`SearchIndex::names_a_place`]) is then a binary search, not a pass over the
    /// places. (A `BTreeSet` cost the search code 0.9 kB gzip.)
    place_forms: Vec<String>,
    /// The township files added, and where each place's code is in `places`.
    town_files_loaded: Vec<usize>,
    place_at: BTreeMap<String, usize>,
    /// Characters and their syllables ([`SearchItems::pinyin_table`]), with the sounds file's once
    /// it is added ([`SearchIndex::add_sounds`]).
    pinyin: (Vec<char>, Vec<String>),
    sounds_added: bool,
    pub(super) shards: IdMap<Arc<PostingShard>>,
    /// The own files of common n-grams loaded so far ([`own_key`]), by n-gram hash.
    own: IdMap<Arc<PostingShard>>,
    /// The shard list pages loaded so far, by number, each with the n-gram hashes it lists own files
    /// of: an n-gram is in its shard, or in its own file, as its page says.
    pages: IdMap<Vec<u32>>,
    pub(super) fragments: IdMap<Arc<FragmentChunk>>,
    /// What the first docs of the loaded shards' n-grams show ([`PostingShard::top`]), by doc: the
    /// same as their fragment chunks hold, so a result reads the same from either.
    top_entries: IdMap<EntryFragment>,
    /// In a scanned dataset ([`SearchMeta::scan`]): each entry's normalised title, by doc id.
    scanned: Vec<String>,
    /// Their characters' bloom bits.
    scanned_bloom: Vec<u128>,
    /// The places whose own newest entries are loaded ([`SearchIndex::add_place_entries`]), and
    /// those entries' docs with their normalised titles and bloom bits.
    place_files: Vec<String>,
    place_scanned: Vec<(u32, String, u128)>,
    matcher: SkimMatcherV2,
}

/// The index's loaded files and first-doc rows by number (a file's, an n-gram's hash, a doc's).
pub(super) type IdMap<V> = crate::order::SortedMap<u32, V>;

fn bloom(s: &str) -> u128 {
    s.chars()
        .filter(|c| *c != ' ')
        .fold(0u128, |b, c| b | 1u128 << ((c as u32).wrapping_mul(2_654_435_761) >> 25))
}

fn char_pos(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

impl SearchIndex {
    pub fn new(meta: SearchMeta, items: SearchItems) -> SearchIndex {
        let fold = Fold::from_pairs(&meta.fold);
        let pinyin = items.pinyin_table();
        let mut terms = meta.thesaurus.clone();
        thesaurus_sounds(&pinyin, &mut terms);
        let thesaurus = Thesaurus::new(terms);
        let prepared = items
            .items
            .iter()
            .map(|it| {
                let text = it.text();
                let norm: String = fold.normalize_aligned(&text).into_iter().collect();
                let mut segs = Vec::new();
                let mut start = 0;
                for (i, c) in text.chars().chain(std::iter::once('/')).enumerate() {
                    if c == '/' {
                        let seg: String = norm.chars().skip(start).take(i - start).collect();
                        let lead = seg.chars().take_while(|c| *c == ' ').count();
                        segs.push((start + lead, seg.trim().to_string()));
                        start = i + 1;
                    }
                }
                let syl = syllables_in(&pinyin, &text);
                PreparedItem { bloom: bloom(&norm), len: text.chars().count(), norm, segs, syl, text }
            })
            .collect();
        let item_owners = items.items.iter().map(|it| owners_from_hex(&it.owners)).collect();
        SearchIndex {
            meta,
            fold,
            thesaurus,
            owner_codes: items.owners,
            item_owners,
            items: items.items,
            places: Vec::new(),
            prepared,
            prepared_places: Vec::new(),
            place_forms: Vec::new(),
            town_files_loaded: Vec::new(),
            place_at: BTreeMap::new(),
            pinyin,
            sounds_added: false,
            shards: IdMap::default(),
            own: IdMap::default(),
            pages: IdMap::default(),
            fragments: IdMap::default(),
            top_entries: IdMap::default(),
            scanned: Vec::new(),
            scanned_bloom: Vec::new(),
            place_files: Vec::new(),
            place_scanned: Vec::new(),
            matcher: SkimMatcherV2::default(),
        }
    }

    /// The places to find by name: the items file's ([`SearchItems::search_places`]). Township files
    /// added before are dropped.
    pub fn set_places(&mut self, places: Vec<SearchPlace>) {
        self.places.clear();
        self.prepared_places.clear();
        self.place_forms.clear();
        self.place_at.clear();
        self.town_files_loaded.clear();
        self.add_places(places, None);
    }

    fn add_places(&mut self, places: Vec<SearchPlace>, file: Option<usize>) {
        let fold = &self.fold;
        for pl in places {
            let mut forms = vec![fold.normalize(&pl.name)];
            forms.extend(pl.aliases.iter().map(|a| fold.normalize(a)).filter(|a| !a.is_empty()));
            let mut parents = Vec::new();
            for name in &pl.parents {
                parents.push(fold.normalize(name));
                parents.extend(place_aliases(name).into_iter().map(|a| fold.normalize(&a)));
            }
            let syl = syllables_in(&self.pinyin, &pl.name);
            self.place_forms.extend(forms.iter().cloned());
            self.prepared_places.push(PreparedPlace { file, forms, parents, syl });
            self.place_at.entry(pl.code.clone()).or_insert(self.places.len());
            self.places.push(pl);
        }
        crate::order::sort(&mut self.place_forms);
    }

    /// Adds the townships of township file `k` (once): each under the place of the items file whose
    /// code is its first six digits, with the names above it as [`SearchPlace::from_places`] gives them.
    pub fn add_towns(&mut self, k: usize, file: &TownFile) {
        if self.town_files_loaded.contains(&k) {
            return;
        }
        self.town_files_loaded.push(k);
        // The readings of the characters only township names hold (search version 15), before the
        // names are prepared; a character the index reads already keeps its reading.
        add_sounds(&mut self.pinyin, &file.pinyin);
        let towns: Vec<SearchPlace> = file
            .towns
            .iter()
            .map(|TownRow(code, name)| {
                let parent = code.get(..6).and_then(|c| self.place_at.get(c)).map(|&i| &self.places[i]);
                let parents = parent
                    .map(|p| std::iter::once(p.name.clone()).chain(p.parents.iter().cloned()).collect())
                    .unwrap_or_default();
                SearchPlace { code: code.clone(), name: name.clone(), parents, aliases: place_aliases(name) }
            })
            .collect();
        self.add_places(towns, Some(k));
    }

    /// The place with this code, if the items file or a loaded township file has it.
    pub fn place(&self, code: &str) -> Option<&SearchPlace> {
        self.place_at.get(code).map(|&i| &self.places[i])
    }

    /// Whether place `i` is searched for a query needing these township files.
    fn in_files(&self, i: usize, files: &[usize]) -> bool {
        self.prepared_places[i].file.is_none_or(|f| files.binary_search(&f).is_ok())
    }

    /// The place whose name (or alias) the query starts with, longest first (then the lowest code),
    /// among the items file's places and those of `files`, and the rest of the query (星沙街道低保 →
    /// 星沙街道, 低保). None when nothing follows the name, and when the query is a place's name
    /// whole: 星沙街道 is not 星沙 followed by 街道 (its entries were those of any 街道).
    fn leading_place<'q>(&self, q: &'q str, files: &[usize]) -> Option<(usize, &'q str)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, p) in self.prepared_places.iter().enumerate() {
            if !self.in_files(i, files) {
                continue;
            }
            if p.forms.iter().any(|f| f == q) {
                return None;
            }
            // Every place's every form at every keystroke: the cheap test that rules most out first.
            for f in p.forms.iter().filter(|f| q.len() > f.len() && q.starts_with(f.as_str()) && !self.starts_a_word(q, f)) {
                let better = best.is_none_or(|(b, len)| {
                    f.len() > len || (f.len() == len && self.places[i].code < self.places[b].code)
                });
                if better && f.chars().count() >= 2 {
                    best = Some((i, f.len()));
                }
            }
        }
        best.map(|(i, len)| (i, q[len..].trim())).filter(|(_, rest)| rest.chars().count() >= 2)
    }

    /// Whether the query starts with a thesaurus term longer than `form` and starting with it, or with
    /// the start of one (新生儿落户, 新生儿 for 新生乡's 新生): a topic's word, not the place's name. A
    /// place's former name (星沙镇 for 星沙街道) is no such word.
    fn starts_a_word(&self, q: &str, form: &str) -> bool {
        self.thesaurus.entries.iter().any(|e| {
            e.term.len() > form.len()
                && e.term.starts_with(form)
                && (q.starts_with(e.term.as_str()) || e.term.starts_with(q))
                && !self.names_a_place(e)
        })
    }

    /// Whether a thesaurus row stands for places' names only (星沙镇 → 星沙街道).
    fn names_a_place(&self, e: &ThesaurusEntry) -> bool {
        e.canonical.iter().all(|c| self.place_forms.binary_search(c).is_ok())
    }

    /// The places the query names: the one whose name or alias the query starts with (`lead`, as
    /// [`SearchIndex::leading_place`] found it), else the one whose name or alias is the whole query.
    /// When several places have that name (the nation has two 朝阳区 and dozens of 朝阳街道): the one
    /// within `scope` (本地), if exactly one is; else the outer one of places each within the next
    /// (长沙: 长沙市, and 长沙县 in it); else all of them, when they are at most [`NAMESAKES`]; else
    /// none (the places found list them all, and no one of them comes first in the entries).
    fn places_named(&self, q: &str, files: &[usize], lead: Option<usize>, scope: Option<&str>) -> Vec<usize> {
        let name = match lead {
            Some(i) => match self.prepared_places[i].forms.iter().filter(|f| q.starts_with(f.as_str())).max_by_key(|f| f.len()) {
                Some(f) => f,
                None => return Vec::new(),
            },
            None => q,
        };
        if name.chars().count() < 2 {
            return Vec::new();
        }
        let with_name: Vec<usize> =
            (0..self.places.len()).filter(|&i| self.in_files(i, files) && self.prepared_places[i].forms.iter().any(|f| f == name)).collect();
        let only = |all: &[usize]| if let [i] = all { Some(*i) } else { None };
        let within = |i: usize, o: usize| crate::code_within(&self.places[i].code, &self.places[o].code);
        let one = only(&with_name)
            .or_else(|| {
                let scope = scope?;
                only(&with_name.iter().copied().filter(|&i| crate::code_within(&self.places[i].code, scope)).collect::<Vec<_>>())
            })
            // Places of one name each within the next: the outer one, whose entries hold the others'.
            .or_else(|| with_name.iter().copied().find(|&o| with_name.iter().all(|&i| within(i, o))));
        match one {
            Some(i) => vec![i],
            // Several, none within the scope (or no scope): all of them, when few.
            None if with_name.len() <= NAMESAKES => with_name,
            None => Vec::new(),
        }
    }

    /// Sets the plan's place named, or its namesakes ([`SearchIndex::places_named`]).
    fn name_places(&self, plan: &mut QueryPlan, q: &str, lead: Option<usize>, scope: Option<&str>) {
        let mut named: Vec<String> = self.places_named(q, &plan.town_files, lead, scope).into_iter().map(|i| self.places[i].code.clone()).collect();
        plan.place = if named.len() == 1 { named.pop() } else { None };
        plan.namesakes = named;
    }

    /// How many of these n-grams the items or the thesaurus terms hold: how well the dataset knows a
    /// text.
    fn known_grams(&self, grams: &[String]) -> usize {
        let known = |g: &String| {
            self.thesaurus.entries.iter().any(|e| e.term.contains(g.as_str()))
                || self.prepared.iter().any(|p| p.norm.contains(g.as_str()))
        };
        grams.iter().filter(|g| known(g)).count()
    }

    /// The township files a query (normalised) needs, ascending: that of its first character's
    /// syllable; for a name typed in pinyin (four letters or more, as places are matched), those of
    /// every syllable of its first letter; that of what follows a place above it (长沙县星沙 → 星);
    /// and those of the place names the thesaurus says it stands for (县城 → 星沙街道). None for a single character
    /// (no place is named by one) or when the items file holds every place.
    pub fn town_files_for(&self, q: &str, expansions: &[String]) -> Vec<usize> {
        let towns = &self.meta.towns;
        let q = q.replace(' ', "");
        if towns.is_empty() || q.chars().count() < 2 {
            return Vec::new();
        }
        let of_text = |t: &str| -> Option<usize> {
            let c = t.chars().next()?;
            town_file_of(towns, self.reading(c).unwrap_or(""))
        };
        let mut out: Vec<usize> = Vec::new();
        if q.chars().all(|c| c.is_ascii_alphabetic()) {
            if q.len() >= 4 {
                out.extend(q.chars().next().map(|l| town_files_of_letter(towns, l)).unwrap_or_default());
            }
        } else {
            out.extend(of_text(&q));
            // A place above: only the items file's places are parents of a township.
            if let Some((_, rest)) = self.leading_place(&q, &[]) {
                out.extend(of_text(rest));
            }
        }
        // Only terms that can be a township's name (县城 → 星沙街道, not 低保 → 最低生活保障).
        let named = |e: &&String| PLACE_SUFFIXES.iter().any(|s| e.ends_with(s));
        out.extend(expansions.iter().filter(named).filter_map(|e| of_text(e)));
        crate::order::sort(&mut out);
        out.dedup();
        out
    }

    /// Township files the plan needs that are not added yet.
    pub fn missing_town_files(&self, plan: &QueryPlan) -> Vec<usize> {
        plan.town_files.iter().copied().filter(|k| !self.town_files_loaded.contains(k)).collect()
    }

    /// Whether the query holds a character the index cannot read and the sounds file
    /// ([`SearchMeta::sounds`], not added yet) may: it is added ([`SearchIndex::add_sounds`]) before
    /// the query is planned, so that what a query finds never depends on the keystrokes before it.
    /// Every character of the items, the places and the thesaurus is read without it; none of them is
    /// a character the sounds file's fold pairs read (search version 11: traditional ones the
    /// dataset's texts do not hold), so a query holding one of those waits for the file too.
    pub fn needs_sounds(&self, raw: &str) -> bool {
        !self.meta.sounds.is_empty()
            && !self.sounds_added
            && self.fold.normalize(raw).chars().any(|c| super::normalize::is_han(c) && self.reading(c).is_none())
    }

    /// Adds the sounds file's readings ([`SearchSounds`]): a character the items file reads keeps its
    /// reading, so nothing already planned or prepared reads differently.
    pub fn add_sounds(&mut self, file: &SearchSounds) {
        add_sounds(&mut self.pinyin, &file.sounds);
        // Its fold pairs (search version 11), with the meta file's: they read only characters that
        // no text of the index holds, so nothing prepared before folds differently.
        if !file.fold.is_empty() {
            self.fold = Fold::from_pairs(&(self.meta.fold.clone() + &file.fold));
        }
        self.sounds_added = true;
    }

    /// The syllable of a character, if the index has one.
    fn reading(&self, c: char) -> Option<&str> {
        self.pinyin.0.binary_search(&c).ok().map(|i| self.pinyin.1[i].as_str()).filter(|s| !s.is_empty())
    }

    /// Plans a query with everything [`QueryPlan::new`] does, plus its sound: its pinyin spelling,
    /// the syllables of its characters, the thesaurus terms and item words it sounds like, and the
    /// n-grams those give the entries.
    pub fn plan(&self, raw: &str) -> QueryPlan {
        self.plan_in(raw, None)
    }

    /// [`SearchIndex::plan`] for a search narrowed to the place `scope` (本地): a name several places
    /// share names the one within the scope, when only one is (城关镇 on a county's page: hundreds of
    /// counties have one).
    pub fn plan_in(&self, raw: &str, scope: Option<&str>) -> QueryPlan {
        let mut plan = QueryPlan::new(&self.meta, &self.fold, &self.thesaurus, raw);
        let q = plan.normalized.clone();
        if q.is_empty() {
            return plan;
        }
        let has_letters = q.chars().any(|c| c.is_ascii_alphabetic());
        let han_only = q.chars().all(|c| c == ' ' || super::normalize::is_han(c));
        plan.town_files = self.town_files_for(&q, &plan.expansions);
        let lead = self.leading_place(&q, &plan.town_files);
        plan.topic = lead.map(|(_, rest)| rest.to_string());
        self.name_places(&mut plan, &q, lead.map(|(i, _)| i), scope);
        if let Some(topic) = &plan.topic {
            let more = self.thesaurus.expand(topic);
            plan.topic_relaxed = more.iter().take(2).map(|e| query_grams(e)).collect();
            plan.expansions.extend(more);
        }
        let mut spelled = String::new();
        let mut sounds = Vec::new();
        for c in q.chars().filter(|c| *c != ' ') {
            match (c.is_ascii_alphabetic(), self.reading(c)) {
                (true, _) => spelled.push(c),
                (false, Some(s)) => {
                    spelled.push_str(s);
                    sounds.push(s.to_string());
                }
                (false, None) => {
                    spelled.clear();
                    sounds.clear();
                    break;
                }
            }
        }
        // Homophones only for what the dataset does not know as typed: 低保 is a term, not 地报.
        let known = self.thesaurus.entries.iter().any(|e| !e.term.is_empty() && q.contains(e.term.as_str()))
            || self.prepared.iter().any(|p| p.norm.contains(q.as_str()));
        let read_by_sound = han_only && !known && q.chars().filter(|c| *c != ' ').count() >= 2;
        if !read_by_sound {
            sounds.clear();
        }
        let mut resolved: Vec<String> = Vec::new();
        // Whether the items or the thesaurus read the letters as a topic's words (below).
        let mut topic = false;
        // What the thesaurus terms read by sound stand for, once the reading is taken (below).
        let mut sound_expansions: Vec<String> = Vec::new();
        if read_by_sound {
            // The thesaurus needs only the characters of its term read (低宝 in 低宝名单).
            let syl: Vec<String> = q.chars().map(|c| self.reading(c).unwrap_or("").to_string()).collect();
            for (with_term, canonical) in self.thesaurus.by_sound(&q, &syl) {
                resolved.push(with_term);
                sound_expansions.extend(canonical);
            }
        }
        if has_letters && !spelled.is_empty() {
            for e in self.thesaurus.spelled(&spelled) {
                resolved.push(e.term.clone());
                // A topic (wubao: 五保 → 特困人员), not a place's former name (星沙镇 → 星沙街道).
                topic |= !self.names_a_place(e);
                if !plan.latin {
                    plan.expansions.extend(e.canonical.iter().cloned());
                }
            }
        }
        // Item words spelled in full, or sounding the same: their characters are the dataset's.
        if (has_letters && spelled.len() >= 4) || !sounds.is_empty() {
            for p in &self.prepared {
                if resolved.len() >= MAX_RESOLVED {
                    break;
                }
                let syl: Vec<&str> = p.syl.iter().map(String::as_str).collect();
                let pos = if has_letters {
                    // Spelled in full, or by the initials of four characters or more (gddl, zdshbz).
                    match_pinyin(&syl, &spelled)
                        .filter(|pos| pos.len() >= 4 || pos.iter().map(|&i| syl[i]).collect::<String>() == spelled)
                } else {
                    match_syllables(&syl, &sounds.iter().map(String::as_str).collect::<Vec<_>>())
                };
                if let Some(pos) = pos {
                    let word: String = pos.iter().filter_map(|&i| p.norm.chars().nth(i)).collect();
                    topic = true;
                    if word != q.replace(' ', "") {
                        resolved.push(word);
                    }
                }
            }
        }
        // A place's name spelled from its start (xingsha, xsjd: 星沙街道), as search_places finds it:
        // entries name their places (星沙街道2026年…), so what it spells is looked up in them too. Only
        // syllables spelled whole (xingsha is 星沙, not 兴山 xing shan) or four initials or more; and
        // after what the items and the thesaurus resolve and what that stands for (wubao is 五保,
        // 特困人员, before 吴堡县): a thesaurus row is not needed to find a place's entries.
        let mut place_words: Vec<String> = Vec::new();
        if plan.latin && spelled.len() >= 4 {
            for (i, p) in self.prepared_places.iter().enumerate() {
                if place_words.len() >= MAX_RESOLVED {
                    break;
                }
                if !self.in_files(i, &plan.town_files) {
                    continue;
                }
                let syl: Vec<&str> = p.syl.iter().map(String::as_str).collect();
                let whole = |pos: &Vec<usize>| pos.len() >= 4 || pos.iter().map(|&k| syl[k]).collect::<String>() == spelled;
                if let Some(pos) = match_pinyin(&syl, &spelled).filter(|pos| pos[0] == 0 && whole(pos)) {
                    place_words.push(pos.iter().filter_map(|&k| p.forms[0].chars().nth(k)).collect());
                }
            }
            super::ngram::keep_first(&mut place_words);
            // One place's name spelled whole (xingsha: 星沙, 星沙街道's): the place named, unless the
            // spelling is a topic's word the items or the thesaurus know (yufang is 预防 before
            // 余坊乡, linshi 临时 before 蔺市街道): with 41,352 townships nationally, most words typed
            // in pinyin spell one of them, whose every entry then came first. The place is still
            // among those found.
            if let ([word], false) = (place_words.as_slice(), topic) {
                self.name_places(&mut plan, word, None, scope);
            }
        }
        super::ngram::keep_first(&mut resolved);
        resolved.truncate(MAX_RESOLVED);
        // After a place name, the rest is what entries are about (星沙街道低保 → 低保).
        let typed = plan.topic.clone().unwrap_or_else(|| q.clone());
        // Read by sound, a text may be one the dataset knows no better than as typed: 耕地保, typed on
        // the way to 耕地保护, reads 耕低保 by the term 低保 (耕地 is the dataset's, 耕低 is not).
        // Then what was typed is looked up first, the readings after it, and what the term stands
        // for (最低生活保障) not at all.
        let typed_known = !has_letters
            && resolved.first().is_some_and(|r| self.known_grams(&query_grams(&typed)) >= self.known_grams(&query_grams(r)));
        if !typed_known {
            plan.expansions.extend(sound_expansions);
        }
        plan.expansions.retain(|e| *e != q);
        super::ngram::keep_first(&mut plan.expansions);
        if self.meta.entries > 0 {
            // Typed by sound (letters, or characters the dataset does not know): the dataset's own
            // characters are what entries hold, the typed ones come after them.
            let by_sound = has_letters || !sounds.is_empty();
            let literal = if has_letters { Vec::new() } else { literal_grams(&self.meta, &typed) };
            let mut sets: Vec<Vec<String>> = Vec::new();
            // Nothing else resolved: the places' words are what the entries are looked up by.
            let only_places = resolved.is_empty();
            let looked_up = if only_places { &place_words } else { &resolved };
            match looked_up.split_first() {
                Some((first, rest)) if by_sound && !typed_known => {
                    plan.grams = query_grams(first);
                    sets.extend(rest.iter().map(|r| query_grams(r)));
                    sets.push(literal);
                }
                _ => {
                    plan.grams = literal;
                    sets.extend(looked_up.iter().map(|r| query_grams(r)));
                    if plan.topic.is_some() {
                        sets.push(query_grams(&q));
                    }
                }
            }
            sets.extend(plan.expansions.iter().take(2).map(|e| query_grams(e)));
            if !only_places {
                sets.extend(place_words.iter().map(|w| query_grams(w)));
            }
            sets.retain(|s| !s.is_empty() && *s != plan.grams);
            let mut fallback: Vec<String> = sets.iter().chain(&plan.topic_relaxed).flatten().cloned().collect();
            // The query's characters, for partial matches: only as many as one can be (3 or more).
            let chars = if has_letters { Vec::new() } else { partial_chars(&q) };
            if partial_need(chars.len()).is_some() {
                fallback.extend(chars);
            }
            fallback.retain(|g| !plan.grams.contains(g));
            super::ngram::keep_first(&mut fallback);
            plan.fallback = fallback;
            plan.relaxed = sets;
        }
        plan.spelled = spelled;
        plan.sounds = sounds;
        // The places' words too, for marking them in the entries found.
        resolved.extend(place_words);
        super::ngram::keep_first(&mut resolved);
        plan.resolved = resolved;
        plan.place_shards(&self.meta);
        plan
    }

    /// Places whose name (or alias) is, starts with or contains the query, or whose name the query
    /// spells in pinyin or sounds like; a query may start with a parent's name (长沙县星沙). Best
    /// first, at most `limit`.
    pub fn search_places(&self, plan: &QueryPlan, limit: usize) -> Vec<PlaceHit> {
        let q = plan.normalized.replace(' ', "");
        let n = q.chars().count();
        if n == 0 {
            return Vec::new();
        }
        let mut found: Vec<(Tier, bool, usize, usize, Vec<usize>)> = Vec::new();
        let lead = self.leading_place(&q, &plan.town_files).map(|(i, _)| i);
        for (i, p) in self.prepared_places.iter().enumerate() {
            if !self.in_files(i, &plan.town_files) {
                continue;
            }
            let mut best: Option<(Tier, bool, Vec<usize>)> = None;
            let mut offer = |t: Tier, e: bool, marks: Vec<usize>| {
                if best.as_ref().is_none_or(|b| (t, e) < (b.0, b.1)) {
                    best = Some((t, e, marks));
                }
            };
            let name_len = p.forms[0].chars().count();
            for (k, form) in p.forms.iter().enumerate() {
                let alias = k > 0;
                // An alias is the name without its suffix, so its positions are the name's.
                let marks = |len: usize| (0..len.min(name_len)).collect::<Vec<_>>();
                if *form == q {
                    offer(Tier::Exact, alias, marks(n));
                } else if plan.expansions.iter().any(|e| e == form) {
                    // A thesaurus row naming a place (县城,星沙街道).
                    offer(Tier::Exact, true, marks(name_len));
                } else if n >= 2 && form.starts_with(&q) {
                    offer(Tier::Prefix, alias, marks(n));
                } else if n >= 2 && !alias {
                    if let Some(b) = form.find(&q) {
                        let s = char_pos(form, b);
                        offer(Tier::Contains, false, (s..s + n).collect());
                    }
                }
                // 长沙县星沙: a parent's name, then the start of this one.
                for parent in &p.parents {
                    if let Some(rest) = q.strip_prefix(parent.as_str()).filter(|r| !r.is_empty()) {
                        if form.starts_with(rest) {
                            offer(Tier::Prefix, true, marks(rest.chars().count()));
                        }
                    }
                }
            }
            let syl: Vec<&str> = p.syl.iter().map(String::as_str).collect();
            if plan.latin && plan.spelled.len() >= 4 {
                if let Some(pos) = match_pinyin(&syl, &plan.spelled).filter(|pos| pos[0] == 0) {
                    offer(Tier::Prefix, false, pos);
                }
            } else if !plan.sounds.is_empty() {
                let sounds: Vec<&str> = plan.sounds.iter().map(String::as_str).collect();
                if let Some(pos) = match_syllables(&syl, &sounds).filter(|pos| pos[0] == 0) {
                    offer(Tier::Prefix, true, pos);
                }
            }
            if best.is_none() && (lead == Some(i) || plan.namesakes.contains(&self.places[i].code)) {
                // The place a query starts with (星沙街道 for 星沙街道低保), and the others of its
                // name the query names with it (both 东山街道 for 东山街道低保).
                best = Some((Tier::Prefix, true, (0..name_len).collect()));
            }
            if let Some((tier, expanded, marks)) = best {
                found.push((tier, expanded, name_len, i, marks));
            }
        }
        // A place named exactly (浏阳 → 浏阳市) hides those that merely start so (浏阳河街道).
        if found.iter().any(|f| f.0 == Tier::Exact) {
            found.retain(|f| f.0 == Tier::Exact);
        }
        // Of places matched alike, the one the query names first (of the 88 城关镇, the one in the
        // 本地 scope).
        let other = |i: usize| plan.place.as_ref() != Some(&self.places[i].code);
        crate::order::sort_by(&mut found, |a, b| {
            (a.0, a.1, other(a.3), a.2, &self.places[a.3].code).cmp(&(b.0, b.1, other(b.3), b.2, &self.places[b.3].code))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(tier, expanded, _, place, marks)| PlaceHit { place, tier, expanded, marks })
            .collect()
    }

    /// What looking these n-grams up still needs, ascending, each once: the shards whose list page
    /// is not loaded ([`SearchIndex::add_list_page`]; the page says which n-grams have files of
    /// their own), and, for the n-grams whose page is, the shard or own files not loaded. Nothing in a
    /// scanned dataset.
    pub fn missing_postings(&self, grams: &[String]) -> (Vec<u32>, Vec<Postings>) {
        let (mut pages, mut files) = (Vec::new(), Vec::new());
        if self.meta.scan {
            return (pages, files);
        }
        for g in grams {
            let hash = gram_hash(g);
            let shard = shard_of_hash(hash, self.meta.shard_bits);
            match self.is_own(hash) {
                None => pages.push(shard),
                Some(true) if !self.own.contains_key(&hash) => files.push(Postings::Own { shard, hash }),
                Some(false) if !self.shards.contains_key(&shard) => files.push(Postings::Shard(shard)),
                Some(_) => {}
            }
        }
        crate::order::sort(&mut pages);
        pages.dedup();
        crate::order::sort(&mut files);
        files.dedup();
        (pages, files)
    }

    /// Whether the n-grams of this hash have a file of their own; None while their shard's list page
    /// is not loaded.
    fn is_own(&self, hash: u32) -> Option<bool> {
        let page = shard_page_number(&self.meta, shard_of_hash(hash, self.meta.shard_bits));
        self.pages.get(&page).map(|own| own.binary_search(&hash).is_ok())
    }

    /// The loaded file holding the n-gram's posting list, if any: its own file, or its shard (also
    /// while its page is not loaded, as for an index whose pages are not tracked).
    fn postings_of(&self, gram: &str) -> Option<&PostingShard> {
        let hash = gram_hash(gram);
        if self.is_own(hash) == Some(true) {
            self.own.get(&hash).map(|f| &**f)
        } else {
            self.shards.get(&shard_of_hash(hash, self.meta.shard_bits)).map(|f| &**f)
        }
    }

    /// Records the list page that lists posting shard `shard` (its `files`): which n-grams of its
    /// range have files of their own.
    pub fn add_list_page(&mut self, shard: u32, files: &BTreeMap<String, crate::FileRef>) {
        self.pages.insert(shard_page_number(&self.meta, shard), own_hashes(files));
    }

    /// Adds a posting shard: shared, not copied, with the loader that keeps the decoded files.
    pub fn add_shard(&mut self, index: u32, shard: impl Into<Arc<PostingShard>>) {
        let shard = shard.into();
        self.top_entries.merge(shard.top_entries());
        self.shards.insert(index, shard);
    }

    /// Adds the own file of the n-grams of hash `hash` ([`own_key`]).
    pub fn add_own(&mut self, hash: u32, file: impl Into<Arc<PostingShard>>) {
        let file = file.into();
        self.top_entries.merge(file.top_entries());
        self.own.insert(hash, file);
    }

    pub fn add_fragments(&mut self, index: u32, chunk: impl Into<Arc<FragmentChunk>>) {
        let chunk = chunk.into();
        if self.meta.scan && chunk.first == 0 {
            self.scanned = chunk.title.iter().map(|t| self.fold.normalize(t)).collect();
            self.scanned_bloom = self.scanned.iter().map(|t| bloom(t)).collect();
        }
        self.fragments.insert(index, chunk);
    }

    /// Adds the file of a place's own newest entries ([`place_key`], [`FragmentChunk::docs`]), or of a
    /// region's newest of each item ([`region_key`]), once by its `name` (a place's own file by the
    /// place's code, a region's by [`region_entries`]: a county has both): they show with no fragment file, and a
    /// search narrowed to the place or naming it scans their titles as well as looking their n-grams
    /// up ([`SearchIndex::docs_among`]).
    pub fn add_place_entries(&mut self, name: &str, file: &FragmentChunk) {
        if self.has_place_entries(name) {
            return;
        }
        self.place_files.push(name.to_string());
        let rows = file.by_doc();
        for (doc, e) in &rows {
            let title = self.fold.normalize(&e.title);
            let b = bloom(&title);
            self.place_scanned.push((*doc, title, b));
        }
        self.top_entries.merge(rows);
    }

    /// Whether the file added by this name ([`SearchIndex::add_place_entries`]) is loaded.
    pub fn has_place_entries(&self, name: &str) -> bool {
        self.place_files.iter().any(|p| p == name)
    }

    /// Whether a search narrowed to a place, or naming one, needs the place's own entries
    /// ([`SearchIndex::add_place_entries`]): one of these n-grams' loaded posting lists is cut at
    /// [`POSTING_CAP`], so that it may leave out the place's older entries holding it (a year, 公示,
    /// 街道: the newest 3,000 of those are other places'). Lists that are not cut hold every doc,
    /// and scanning the place would find nothing more: so what a query finds does not depend on
    /// whether an earlier one loaded the file.
    pub fn needs_place_entries(&self, grams: &[String]) -> bool {
        !self.meta.scan && grams.iter().any(|g| self.postings_of(g).and_then(|p| p.grams.get(g)).is_some_and(|l| l.len() >= POSTING_CAP))
    }

    pub fn fragment_chunk_of(&self, doc: u32) -> u32 {
        doc / self.meta.fragment_chunk.max(1)
    }

    /// Fragment chunks holding these docs that are not loaded yet, in order of first need (none for
    /// a doc a loaded shard shows: [`PostingShard::top`]).
    pub fn missing_fragments(&self, docs: &[u32]) -> Vec<u32> {
        let mut out = Vec::new();
        for &d in docs {
            let c = self.fragment_chunk_of(d);
            if !self.fragments.contains_key(&c) && !self.top_entries.contains_key(&d) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// The codes of the places whose catalogs hold item `i`.
    pub fn owners_of(&self, i: usize) -> Vec<String> {
        self.item_owners[i].iter().filter_map(|&o| self.owner_codes.get(o as usize).cloned()).collect()
    }

    /// The best items for the query, at most `limit`, among those `keep` accepts (scope, filters),
    /// given the item's index.
    pub fn search_items(
        &self,
        plan: &QueryPlan,
        keep: &dyn Fn(usize) -> bool,
        limit: usize,
    ) -> Vec<ItemHit> {
        if plan.normalized.is_empty() {
            return Vec::new();
        }
        // Pinyin the thesaurus knows (dibao, db) means its term: its catalog terms rank as literal
        // matches, other words of the same letters (地报, 担保) after them.
        let compact = plan.normalized.replace(' ', "");
        let spelled_term =
            plan.latin && self.thesaurus.entries.iter().any(|e| e.pinyin == compact || e.initials == compact);
        let mut variants: Vec<(&str, bool)> = vec![(plan.normalized.as_str(), false)];
        variants.extend(plan.topic.iter().map(|t| (t.as_str(), true)));
        variants.extend(plan.expansions.iter().map(|e| (e.as_str(), !spelled_term)));
        let compact: Vec<(String, u128, bool)> = variants
            .iter()
            .map(|(v, e)| (v.replace(' ', ""), bloom(v), *e))
            .collect();
        let has_letters = plan.normalized.chars().any(|c| c.is_ascii_alphabetic());
        let sounds: Vec<&str> = plan.sounds.iter().map(String::as_str).collect();
        // Partial matches: the query's characters (letters excluded), its first rewrites and what
        // follows a place name it starts with, each with their bloom bits.
        let mut partial_forms: Vec<(Vec<char>, Vec<u128>, bool)> = Vec::new();
        if !has_letters {
            let forms = std::iter::once((plan.normalized.as_str(), false))
                .chain(plan.topic.iter().map(|t| (t.as_str(), true)))
                .chain(plan.expansions.iter().take(2).map(|e| (e.as_str(), true)));
            for (form, expanded) in forms {
                let qchars: Vec<char> = form.chars().filter(|c| *c != ' ').collect();
                if qchars.len() <= MAX_PARTIAL_CHARS {
                    let qbits = qchars.iter().map(|c| bloom(&c.to_string())).collect();
                    partial_forms.push((qchars, qbits, expanded));
                }
            }
        }
        // (tier, expanded, -score, length, item, marks): sorted, then only the shown ones are built.
        let mut found: Vec<(Tier, bool, i64, usize, usize, Vec<usize>)> = Vec::new();
        for (i, p) in self.prepared.iter().enumerate() {
            let mut best: Option<(Tier, bool, i64, Vec<usize>)> = None;
            let mut offer = |cand: (Tier, bool, i64, Vec<usize>)| {
                let better = match &best {
                    None => true,
                    Some(b) => (cand.0, cand.1, -cand.2) < (b.0, b.1, -b.2),
                };
                if better {
                    best = Some(cand);
                }
            };
            for ((v, _), (vc, vb, expanded)) in variants.iter().zip(&compact) {
                if let Some(m) = self.literal_match(p, v) {
                    offer((m.0, *expanded, 0, m.1));
                } else if vb & !p.bloom == 0 {
                    if let Some((score, idx)) = self.matcher.fuzzy_indices(&p.norm, vc) {
                        offer((Tier::Fuzzy, *expanded, score, idx));
                    }
                }
            }
            let syl: Vec<&str> = p.syl.iter().map(String::as_str).collect();
            let at_seg = |pos: &[usize]| if p.segs.iter().any(|(s, _)| *s == pos[0]) { Tier::Prefix } else { Tier::Contains };
            if has_letters && plan.spelled.len() >= 2 {
                // Pinyin, spaced or mixed with characters (di bao, 低bao, chu生登记).
                if let Some(pos) = match_pinyin(&syl, &plan.spelled) {
                    offer((at_seg(&pos), spelled_term, 0, pos));
                }
            } else if !sounds.is_empty() {
                // Characters of the same sound (户集 for 户籍): below literal matches of the tier.
                if let Some(pos) = match_syllables(&syl, &sounds) {
                    offer((at_seg(&pos), true, 0, pos));
                }
            }
            if best.is_none() {
                // Partial: most characters of the query (or of a rewrite of it) in order; scored
                // by the share matched, then by the longest run matched together.
                let mut text: Option<Vec<char>> = None;
                for (qchars, qbits, expanded) in &partial_forms {
                    let Some(need) = partial_need(qchars.len()) else { continue };
                    if qbits.iter().filter(|b| *b & p.bloom != 0).count() < need {
                        continue;
                    }
                    let text = text.get_or_insert_with(|| p.norm.chars().collect());
                    let (matched, _, pos) = common_subsequence(text, qchars);
                    if matched >= need {
                        let run = longest_run(text, qchars);
                        let score = (matched * 1000 / qchars.len()) as i64 * 100 + (run * 1000 / qchars.len()) as i64;
                        if best.as_ref().is_none_or(|b| score > b.2) {
                            best = Some((Tier::Partial, *expanded, score, pos));
                        }
                    }
                }
            }
            if let Some((tier, expanded, score, marks)) = best {
                if keep(i) {
                    found.push((tier, expanded, -score, p.len, i, marks));
                }
            }
        }
        // Texts holding the query come first, literal before rewritten, then gapped and partial ones.
        // (Partial matches rank by their share of the query, rewritten or not.)
        let key = |a: &(Tier, bool, i64, usize, usize, Vec<usize>)| {
            (a.0 > Tier::Contains, a.1 && a.0 != Tier::Partial, a.0, a.2, a.3)
        };
        crate::order::sort_by(&mut found, |a, b| {
            (key(a), &self.items[a.4].id).cmp(&(key(b), &self.items[b.4].id))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(tier, expanded, score, _, item, marks)| ItemHit {
                item,
                tier,
                expanded,
                score: -score,
                text: self.prepared[item].text.clone(),
                marks,
            })
            .collect()
    }

    fn literal_match(&self, p: &PreparedItem, v: &str) -> Option<(Tier, Vec<usize>)> {
        let n = v.chars().count();
        for (start, seg) in &p.segs {
            if seg == v {
                return Some((Tier::Exact, (*start..start + n).collect()));
            }
        }
        for (start, seg) in &p.segs {
            if seg.starts_with(v) {
                return Some((Tier::Prefix, (*start..start + n).collect()));
            }
        }
        p.norm.find(v).map(|b| {
            let s = char_pos(&p.norm, b);
            (Tier::Contains, (s..s + n).collect())
        })
    }

    /// Entry docs matching the plan's n-grams (all of them, or all but one for three or more),
    /// ranked by n-grams matched then doc id; when these are fewer than [`ENOUGH_ENTRIES`], then those
    /// of the resolved forms (低宝 → 低保), then partial matches (most of the query's characters). At
    /// most [`CANDIDATE_CAP`]. Needs the posting lists of the plan's n-grams, and of its fallback n-grams for the relaxed
    /// look-ups (skipped where not loaded; in a scanned dataset, the one fragment file).
    pub fn entry_candidates(&self, plan: &QueryPlan) -> Vec<u32> {
        self.entry_candidates_within(plan, None)
    }

    /// [`SearchIndex::entry_candidates`] among the docs of `place` only, when given (the 本地
    /// scope's): the relaxed look-ups run when too few of them match
    /// ([`SearchIndex::needs_fallback_within`]), and the place's entries filed under the items the
    /// query names follow, newest first ([`PlaceDocs::of_items`]). The posting lists hold the newest
    /// 3,000 docs of an n-gram nationwide, which rarely include a township's own 低保 entries; its
    /// county's local file names every entry's item.
    pub fn entry_candidates_within(&self, plan: &QueryPlan, place: Option<&PlaceDocs>) -> Vec<u32> {
        let within = place.map(|w| w.all.as_slice());
        let mut out = self.docs_among(&plan.grams, within);
        if out.len() < ENOUGH_ENTRIES && !plan.fallback.is_empty() {
            let has_letters = plan.normalized.chars().any(|c| c.is_ascii_alphabetic());
            // The docs taken so far, ascending (a few: fewer than ENOUGH_ENTRIES, then at most
            // CANDIDATE_CAP), to add each doc once.
            let mut taken = out.clone();
            crate::order::sort(&mut taken);
            let mut more: Vec<u32> = Vec::new();
            for grams in &plan.relaxed {
                more.extend(self.docs_within(grams, None, within));
            }
            if !has_letters {
                let chars = partial_chars(&plan.normalized);
                if let Some(need) = partial_need(chars.len()) {
                    more.extend(self.docs_within(&chars, Some(need), within));
                }
            }
            push_new(&mut out, &mut taken, more.into_iter().filter(|d| in_scope(within, *d)));
            out.truncate(CANDIDATE_CAP);
        }
        if let Some(place) = place {
            // Then the place's entries of the items the query names, whatever their titles say.
            let mut taken = out.clone();
            crate::order::sort(&mut taken);
            push_new(&mut out, &mut taken, place.of_items.iter().copied());
        }
        out
    }

    /// [`SearchIndex::entry_candidates_within`], the entries of the place the query names first
    /// (`named`: the docs published there; [`QueryPlan::place`]): those the query's own n-grams find
    /// there, then, when the query is the place's name alone, the rest of them, newest first, or,
    /// after the name, what the topic stands for there and those filed under the items it names;
    /// then the others. A citizen who types 星沙街道 wants that place's entries, not those of any
    /// 街道: nationally, 星沙街道's titles were older than the newest 3,000 that hold 街道 (a posting
    /// list's cap), and 小沙街道's came first. Of the relaxed look-ups, only what the topic stands for
    /// runs there ([`QueryPlan::topic_relaxed`]): the others hold the name's n-grams, which would find
    /// the place's every entry.
    pub fn entry_candidates_named(&self, plan: &QueryPlan, within: Option<&PlaceDocs>, named: Option<&PlaceDocs>) -> Vec<u32> {
        let Some(named) = named else { return self.entry_candidates_within(plan, within) };
        let named = named.within(within);
        match plan.topic {
            // Its name alone: the rest of its entries.
            None => self.there_first(plan, within, &named.all, &[], &named.all),
            // What the topic stands for, there (星沙街道低保: its 最低生活保障 entries), then its entries
            // of the items the topic names, whatever their titles say.
            Some(_) => self.there_first(plan, within, &named.all, &plan.topic_relaxed, &named.of_items),
        }
    }

    /// The docs of a place first (`there`, ascending): those the query's n-grams find there, then,
    /// when they are few, those each set of `relaxed` finds there, then `then`; then
    /// [`SearchIndex::entry_candidates_within`] the scope.
    fn there_first(&self, plan: &QueryPlan, within: Option<&PlaceDocs>, there: &[u32], relaxed: &[Vec<String>], then: &[u32]) -> Vec<u32> {
        let (mut out, mut taken) = (Vec::new(), Vec::new());
        push_new(&mut out, &mut taken, self.docs_among(&plan.grams, Some(there)));
        if out.len() < ENOUGH_ENTRIES {
            for set in relaxed {
                push_new(&mut out, &mut taken, self.docs_among(set, Some(there)));
            }
        }
        push_new(&mut out, &mut taken, then.iter().copied());
        push_new(&mut out, &mut taken, self.entry_candidates_within(plan, within));
        out
    }

    /// Whether the relaxed look-ups' posting lists are needed: those of
    /// [`SearchIndex::needs_fallback_within`], or, after a place's name, those of what the topic
    /// stands for, when the topic's own n-grams find too few of the place's entries (`named`, within
    /// the scope).
    pub fn needs_fallback_named(&self, plan: &QueryPlan, within: Option<&PlaceDocs>, named: Option<&PlaceDocs>) -> bool {
        let few_there = |named: &PlaceDocs| self.docs_among(&plan.grams, Some(&named.within(within).all)).len() < ENOUGH_ENTRIES;
        self.needs_fallback_within(plan, within) || (!plan.topic_relaxed.is_empty() && named.is_some_and(few_there))
    }

    /// The catalog items a query names, for a place's entries ([`PlaceDocs::of_items`]): those whose
    /// text holds what follows a place's name (the topic), or, when the query names no place, the
    /// query itself, as typed, by sound or as the thesaurus rewrites it (低保 → 最低生活保障); not
    /// gapped or partial matches. None for a place's name alone or a single character. Sorted, for
    /// [`SearchIndex::place_docs`]; found once per query for both the scope's place and the named one.
    pub fn items_named(&self, plan: &QueryPlan) -> Vec<&ItemId> {
        let named = plan.place.is_some() || !plan.namesakes.is_empty();
        let text = match (named, &plan.topic) {
            (true, None) => return Vec::new(),
            (_, Some(topic)) => topic,
            (false, None) => &plan.normalized,
        };
        if text.chars().filter(|c| *c != ' ').count() < 2 {
            return Vec::new();
        }
        let hits = self.search_items(plan, &|_| true, usize::MAX);
        let mut items: Vec<&ItemId> =
            hits.into_iter().filter(|h| h.tier <= Tier::Contains).filter_map(|h| Some(&self.items.get(h.item)?.id)).collect();
        crate::order::sort(&mut items);
        items
    }

    /// The docs of `place` in its county's local file, with those filed under `items` (sorted: the
    /// items the query names, [`SearchIndex::items_named`]).
    pub fn place_docs(&self, items: &[&ItemId], local: &LocalDocs, place: &str) -> PlaceDocs {
        let of_items = if items.is_empty() {
            Vec::new()
        } else {
            local.docs_of_items(place, &|id| items.binary_search_by(|i| i.as_str().cmp(id)).is_ok())
        };
        PlaceDocs { all: local.docs_within(place), of_items }
    }

    /// The docs of a city's or a province's file ([`region_key`]), with those filed under `items`
    /// (sorted: [`SearchIndex::items_named`]), as [`SearchIndex::place_docs`] gives a county's.
    pub fn region_docs(&self, items: &[&ItemId], file: &FragmentChunk) -> PlaceDocs {
        let wanted = |id: &str| items.binary_search_by(|i| i.as_str().cmp(id)).is_ok();
        let of_items = if items.is_empty() { Vec::new() } else { file.docs_where(Some(&wanted)) };
        PlaceDocs { all: file.docs_where(None), of_items }
    }

    /// [`SearchIndex::entry_candidates_within`] (a county's or a township's docs, when given), the
    /// docs of a region first (a search narrowed to a city or a province that names no place:
    /// [`SearchIndex::region_docs`]): those the query's n-grams find there, then, when they are few,
    /// those of what it stands for ([`QueryPlan::relaxed`]), then those filed under the items it
    /// names; then the others, which the region's scope keeps as their fragments come.
    /// Nationally the nation's newest 3,000 of an n-gram hold a few of 广州's, whose fragments are
    /// spread over as many files: on 广州市's page 低保 listed none of its entries.
    pub fn entry_candidates_region(&self, plan: &QueryPlan, within: Option<&PlaceDocs>, region: &PlaceDocs) -> Vec<u32> {
        // What the query stands for (低保: titles saying 最低生活保障), found there by their titles
        // when the lists are not loaded.
        self.there_first(plan, within, &region.all, &plan.relaxed, &region.of_items)
    }

    /// [`SearchIndex::docs_within`] all these n-grams (or all but one).
    fn docs_among(&self, grams: &[String], among: Option<&[u32]>) -> Vec<u32> {
        self.docs_within(grams, None, among)
    }

    /// Docs holding at least `need` of these n-grams (default: all, or all but one for three or
    /// more), most first, then newest first; among the docs of `among` (ascending) only, when given,
    /// and there the loaded places' own entries count by their titles too
    /// ([`SearchIndex::add_place_entries`]), which the posting lists' cut may leave out.
    fn docs_within(&self, grams: &[String], need: Option<usize>, among: Option<&[u32]>) -> Vec<u32> {
        let n = grams.len();
        if n == 0 {
            return Vec::new();
        }
        let need = need.unwrap_or(if n <= 2 { n } else { n - 1 });
        let mut counted: Vec<(usize, u32)> = Vec::new();
        if self.meta.scan {
            // The same n-grams and the same ranking as the postings would give, by scanning.
            // A title's bloom bits rule out most titles before any substring search.
            let bits: Vec<u128> = grams.iter().map(|g| bloom(g)).collect();
            for (doc, (title, tb)) in self.scanned.iter().zip(&self.scanned_bloom).enumerate() {
                let hits =
                    grams.iter().zip(&bits).filter(|(g, b)| *b & !tb == 0 && title.contains(g.as_str())).count();
                if hits >= need && in_scope(among, doc as u32) {
                    counted.push((hits, doc as u32));
                }
            }
            return best_candidates(counted);
        }
        let lists = grams.iter().filter_map(|g| Some(self.postings_of(g)?.docs(g)));
        let mut counted: Vec<(usize, u32)> = count_docs(lists).into_iter().filter(|&(_, d)| in_scope(among, d)).collect();
        if among.is_some() {
            // Each doc once, ascending, with the more n-grams of the two (a title holds an n-gram
            // whose list left it out).
            let bits: Vec<u128> = grams.iter().map(|g| bloom(g)).collect();
            for (d, title, tb) in self.place_scanned.iter().filter(|(d, _, _)| in_scope(among, *d)) {
                let hits = grams.iter().zip(&bits).filter(|(g, b)| *b & !tb == 0 && title.contains(g.as_str())).count();
                match counted.binary_search_by_key(d, |c| c.1) {
                    Ok(i) => counted[i].0 = counted[i].0.max(hits),
                    Err(i) if hits > 0 => counted.insert(i, (hits, *d)),
                    Err(_) => {}
                }
            }
        }
        best_candidates(counted.into_iter().filter(|&(n, _)| n >= need).collect())
    }

    /// Whether the plan's relaxed look-ups run: its own n-grams find fewer than [`ENOUGH_ENTRIES`]
    /// entries. Decided by those n-grams alone, whose posting lists are always loaded, never by what the
    /// relaxed look-ups find in shards earlier keystrokes happened to load: the answer to a query
    /// does not depend on what was typed before it.
    pub fn needs_fallback(&self, plan: &QueryPlan) -> bool {
        self.needs_fallback_within(plan, None)
    }

    /// [`SearchIndex::needs_fallback`] counting only the docs of `within`, when given: a place's own
    /// entries in the 本地 scope. 低保 is in thousands of titles nationwide, but not in
    /// 南磨房地区's, whose 最低生活保障 entries only the thesaurus look-up finds.
    pub fn needs_fallback_within(&self, plan: &QueryPlan, within: Option<&PlaceDocs>) -> bool {
        !plan.fallback.is_empty() && self.docs_among(&plan.grams, within.map(|w| w.all.as_slice())).len() < ENOUGH_ENTRIES
    }


    /// The loaded fragment of an entry doc: from its chunk, or from a loaded shard's first docs.
    pub fn fragment(&self, doc: u32) -> Option<EntryFragment> {
        let chunk = self.fragments.get(&self.fragment_chunk_of(doc));
        chunk.and_then(|c| c.entry(doc.checked_sub(c.first)? as usize)).or_else(|| self.top_entries.get(&doc).cloned())
    }

    /// An entry result with its highlight, if its fragment is loaded.
    pub fn entry_hit(&self, plan: &QueryPlan, doc: u32) -> Option<EntryHit> {
        let entry = self.fragment(doc)?;
        let mut marks = self.marks_in(&entry.title, &plan.normalized);
        for r in &plan.resolved {
            if marks.is_empty() || marks.len() < r.chars().count() {
                let m = self.marks_in(&entry.title, r);
                if m.len() > marks.len() {
                    marks = m;
                }
            }
        }
        Some(EntryHit { doc, entry, marks })
    }

    /// Positions in `text` to highlight for a normalised query: the literal substring, else a gapped
    /// match, else every character of the text that is in the query.
    pub fn marks_in(&self, text: &str, query: &str) -> Vec<usize> {
        let norm: String = self.fold.normalize_aligned(text).into_iter().collect();
        if let Some(b) = norm.find(query) {
            let s = char_pos(&norm, b);
            return (s..s + query.chars().count()).collect();
        }
        let compact = query.replace(' ', "");
        if let Some((_, idx)) = self.matcher.fuzzy_indices(&norm, &compact) {
            return idx;
        }
        norm.chars()
            .enumerate()
            .filter(|(_, c)| *c != ' ' && query.contains(*c))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Places shown at most, first in the list.
pub const SHOWN_PLACES: usize = 3;
/// Partial item matches shown before the entries when no item matched in full.
pub const SHOWN_PARTIAL_FIRST: usize = 3;

/// The item hits as the result list shows them: those before the entries (full matches; or, when
/// there are none, the first [`SHOWN_PARTIAL_FIRST`] partial ones) and those after the entries (the
/// other partial matches, less certain than any entry that holds the query).
pub fn arrange_items(hits: Vec<ItemHit>) -> (Vec<ItemHit>, Vec<ItemHit>) {
    let (full, mut partial): (Vec<ItemHit>, Vec<ItemHit>) = hits.into_iter().partition(|h| h.tier != Tier::Partial);
    if !full.is_empty() {
        return (full, partial);
    }
    let after = partial.split_off(partial.len().min(SHOWN_PARTIAL_FIRST));
    (partial, after)
}

/// Each doc of these ascending lists with the number of lists holding it (a doc twice in one list
/// counts twice), ascending by doc: merged list by list, not sorted. Every keystroke counts up to
/// 4 lists of [`super::POSTING_CAP`] docs, or some 12 of its relaxed look-ups; sorting their
/// concatenation through the shared sort ([`crate::order`]) was the largest part of ranking the
/// entries, some 5 ms a keystroke of a 2-core desktop at national scale.
pub(super) fn count_docs(lists: impl IntoIterator<Item = impl IntoIterator<Item = u32>>) -> Vec<(usize, u32)> {
    let mut counted: Vec<(usize, u32)> = Vec::new();
    for list in lists {
        let before = std::mem::take(&mut counted);
        let mut before = before.into_iter().peekable();
        for doc in list {
            while let Some(&(n, d)) = before.peek() {
                if d > doc {
                    break;
                }
                push_count(&mut counted, n, d);
                before.next();
            }
            push_count(&mut counted, 1, doc);
        }
        for (n, d) in before {
            push_count(&mut counted, n, d);
        }
    }
    counted
}

/// The docs of one place a search is narrowed to (本地) or a query names, from its county's
/// [`LocalDocs`] ([`SearchIndex::place_docs`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceDocs {
    /// Every doc published there (the place and the places below it), ascending.
    pub all: Vec<u32>,
    /// Those filed under the items the query names ([`SearchIndex::items_named`]), ascending.
    pub of_items: Vec<u32>,
}

impl PlaceDocs {
    /// These docs that are also among `scope`'s, when given.
    fn within(&self, scope: Option<&PlaceDocs>) -> PlaceDocs {
        let keep = |docs: &[u32]| docs.iter().copied().filter(|&d| in_scope(scope.map(|s| s.all.as_slice()), d)).collect();
        PlaceDocs { all: keep(&self.all), of_items: keep(&self.of_items) }
    }

    /// The docs of all these places together (the namesakes a query names), or None for none.
    pub fn union(all: impl IntoIterator<Item = PlaceDocs>) -> Option<PlaceDocs> {
        all.into_iter().reduce(|a, b| PlaceDocs { all: merged(&a.all, &b.all), of_items: merged(&a.of_items, &b.of_items) })
    }
}

/// The name a region's file of its newest of each item is added to the index by
/// ([`SearchIndex::add_place_entries`]), which its own file's (the place's code) is not.
pub fn region_entries(region: &str) -> String {
    format!("region-{region}")
}

/// The docs of two ascending lists, ascending, each once.
fn merged(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut out, mut i, mut j) = (Vec::with_capacity(a.len() + b.len()), 0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if y < x => y,
            (Some(&x), _) => x,
            (None, Some(&y)) => y,
            (None, None) => break,
        };
        i += usize::from(a.get(i) == Some(&next));
        j += usize::from(b.get(j) == Some(&next));
        out.push(next);
    }
    out
}

/// Appends to `out` those of `docs` it does not hold yet, in order, until it holds [`CANDIDATE_CAP`]
/// (`taken`: the docs of `out`, ascending).
fn push_new(out: &mut Vec<u32>, taken: &mut Vec<u32>, docs: impl IntoIterator<Item = u32>) {
    for d in docs {
        if out.len() >= CANDIDATE_CAP {
            break;
        }
        if let Err(i) = taken.binary_search(&d) {
            taken.insert(i, d);
            out.push(d);
        }
    }
}

/// Adds `n` to the count of `doc`: the last one counted when it is the same doc.
fn push_count(counted: &mut Vec<(usize, u32)>, n: usize, doc: u32) {
    match counted.last_mut() {
        Some((m, d)) if *d == doc => *m += n,
        _ => counted.push((n, doc)),
    }
}

/// (n-grams matched, doc) pairs, ascending by doc and each doc once → the docs, most n-grams first,
/// then newest (lowest id) first; at most [`CANDIDATE_CAP`]. By count, from the highest down: counts are small (the n-grams of
/// one look-up), so this is a few passes, not a sort.
pub(super) fn best_candidates(counted: Vec<(usize, u32)>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut n = counted.iter().map(|&(n, _)| n).max().unwrap_or(0);
    while n > 0 && out.len() < CANDIDATE_CAP {
        out.extend(counted.iter().filter(|&&(m, _)| m == n).map(|&(_, d)| d).take(CANDIDATE_CAP - out.len()));
        n -= 1;
    }
    out
}

/// Splits text into runs to render: (text, highlighted). Built as text nodes by the app, never HTML.
pub fn mark_segments(text: &str, marks: &[usize]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for (i, c) in text.chars().enumerate() {
        let m = marks.contains(&i);
        match out.last_mut() {
            Some((s, lm)) if *lm == m => s.push(c),
            _ => out.push((c.to_string(), m)),
        }
    }
    out
}

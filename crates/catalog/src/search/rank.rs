//! Query planning, candidate scoring and ranking.
//!
//! Ranking, first key first: items before entries; for items, exact then prefix matches of a path
//! segment, then substring, then gapped (fuzzy) matches, literal before thesaurus matches, higher
//! fuzzy score, shorter text, id; for entries, more of the query's n-grams, then doc id (newest
//! first). Every key ends in an id, so equal scores never flicker between keystrokes.

use super::format::*;
use super::ngram::{query_grams, shard_of};
use super::normalize::Fold;
use super::pinyin::match_pinyin;
use super::thesaurus::Thesaurus;
use super::CANDIDATE_CAP;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::collections::BTreeMap;

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
}

/// What one query needs: computed before anything but the meta file is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPlan {
    pub normalized: String,
    /// Thesaurus rewrites of the query (最低生活保障 for 低保 or dibao).
    pub expansions: Vec<String>,
    /// True when the query is latin letters only: tried as pinyin, and not looked up in entries.
    pub latin: bool,
    /// N-grams looked up in the entry postings.
    pub grams: Vec<String>,
    /// Posting shards those n-grams live in, ascending, deduplicated.
    pub shards: Vec<u32>,
}

impl QueryPlan {
    /// Plans a query from the meta file alone, so that the files it needs can be fetched together
    /// with the items file on the first keystroke.
    pub fn new(meta: &SearchMeta, fold: &Fold, thesaurus: &Thesaurus, raw: &str) -> QueryPlan {
        let normalized = fold.normalize(raw);
        let latin = !normalized.is_empty() && normalized.chars().all(|c| c.is_ascii_alphabetic());
        let expansions = thesaurus.expand(&normalized);
        let grams = if latin || meta.entries == 0 { Vec::new() } else { query_grams(&normalized) };
        // A scanned dataset has no shards to fetch.
        let mut shards: Vec<u32> =
            if meta.scan { Vec::new() } else { grams.iter().map(|g| shard_of(g, meta.shard_bits)).collect() };
        crate::order::sort(&mut shards);
        shards.dedup();
        QueryPlan { normalized, expansions, latin, grams, shards }
    }
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
    prepared: Vec<PreparedItem>,
    shards: BTreeMap<u32, PostingShard>,
    fragments: BTreeMap<u32, FragmentChunk>,
    /// In a scanned dataset ([`SearchMeta::scan`]): each entry's normalised title, by doc id.
    scanned: Vec<String>,
    matcher: SkimMatcherV2,
}

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
        let thesaurus = Thesaurus::new(meta.thesaurus.clone());
        let prepared = items
            .items
            .iter()
            .map(|it| {
                let text = item_text(it.domain, &it.path);
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
            prepared,
            shards: BTreeMap::new(),
            fragments: BTreeMap::new(),
            scanned: Vec::new(),
            matcher: SkimMatcherV2::default(),
        }
    }

    pub fn plan(&self, raw: &str) -> QueryPlan {
        QueryPlan::new(&self.meta, &self.fold, &self.thesaurus, raw)
    }

    /// Shards the plan needs that are not loaded yet.
    pub fn missing_shards(&self, plan: &QueryPlan) -> Vec<u32> {
        plan.shards.iter().copied().filter(|s| !self.shards.contains_key(s)).collect()
    }

    pub fn add_shard(&mut self, index: u32, shard: PostingShard) {
        self.shards.insert(index, shard);
    }

    pub fn add_fragments(&mut self, index: u32, chunk: FragmentChunk) {
        if self.meta.scan && chunk.first == 0 {
            self.scanned = chunk.title.iter().map(|t| self.fold.normalize(t)).collect();
        }
        self.fragments.insert(index, chunk);
    }

    pub fn fragment_chunk_of(&self, doc: u32) -> u32 {
        doc / self.meta.fragment_chunk.max(1)
    }

    /// Fragment chunks holding these docs that are not loaded yet, in order of first need.
    pub fn missing_fragments(&self, docs: &[u32]) -> Vec<u32> {
        let mut out = Vec::new();
        for &d in docs {
            let c = self.fragment_chunk_of(d);
            if !self.fragments.contains_key(&c) && !out.contains(&c) {
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
        let mut variants: Vec<(&str, bool)> = vec![(plan.normalized.as_str(), false)];
        variants.extend(plan.expansions.iter().map(|e| (e.as_str(), true)));
        let compact: Vec<(String, u128, bool)> = variants
            .iter()
            .map(|(v, e)| (v.replace(' ', ""), bloom(v), *e))
            .collect();
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
            if plan.latin && plan.normalized.len() >= 2 {
                let syl: Vec<&str> = p.syl.iter().map(String::as_str).collect();
                if let Some(pos) = match_pinyin(&syl, &plan.normalized) {
                    let at_seg = p.segs.iter().any(|(s, _)| *s == pos[0]);
                    offer((if at_seg { Tier::Prefix } else { Tier::Contains }, false, 0, pos));
                }
            }
            if let Some((tier, expanded, score, marks)) = best {
                if keep(i) {
                    found.push((tier, expanded, -score, p.len, i, marks));
                }
            }
        }
        crate::order::sort_by(&mut found, |a, b| {
            (a.0, a.1, a.2, a.3, &self.items[a.4].id).cmp(&(b.0, b.1, b.2, b.3, &self.items[b.4].id))
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
    /// ranked by n-grams matched then doc id, at most [`CANDIDATE_CAP`]. Needs the plan's shards (or,
    /// in a scanned dataset, the one fragment file).
    pub fn entry_candidates(&self, plan: &QueryPlan) -> Vec<u32> {
        let n = plan.grams.len();
        if n == 0 {
            return Vec::new();
        }
        let need = if n <= 2 { n } else { n - 1 };
        let mut counted: Vec<(usize, u32)> = Vec::new();
        if self.meta.scan {
            // The same n-grams and the same ranking as the postings would give, by scanning.
            for (doc, title) in self.scanned.iter().enumerate() {
                let hits = plan.grams.iter().filter(|g| title.contains(g.as_str())).count();
                if hits >= need {
                    counted.push((hits, doc as u32));
                }
            }
            return best_candidates(counted);
        }
        let mut all: Vec<u32> = Vec::new();
        for g in &plan.grams {
            if let Some(shard) = self.shards.get(&shard_of(g, self.meta.shard_bits)) {
                all.extend(shard.docs(g));
            }
        }
        crate::order::sort(&mut all);
        let mut i = 0;
        while i < all.len() {
            let mut j = i;
            while j < all.len() && all[j] == all[i] {
                j += 1;
            }
            if j - i >= need {
                counted.push((j - i, all[i]));
            }
            i = j;
        }
        best_candidates(counted)
    }

    /// The loaded fragment of an entry doc.
    pub fn fragment(&self, doc: u32) -> Option<EntryFragment> {
        let c = self.fragments.get(&self.fragment_chunk_of(doc))?;
        c.entry(doc.checked_sub(c.first)? as usize)
    }

    /// An entry result with its highlight, if its fragment is loaded.
    pub fn entry_hit(&self, plan: &QueryPlan, doc: u32) -> Option<EntryHit> {
        let entry = self.fragment(doc)?;
        let marks = self.marks_in(&entry.title, &plan.normalized);
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

/// (n-grams matched, doc) pairs → the docs, most n-grams first, then by doc id (newest first), at
/// most [`CANDIDATE_CAP`]. Doc ids are unique, so the order is total.
fn best_candidates(mut counted: Vec<(usize, u32)>) -> Vec<u32> {
    crate::order::sort_by(&mut counted, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    counted.truncate(CANDIDATE_CAP);
    counted.into_iter().map(|(_, d)| d).collect()
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

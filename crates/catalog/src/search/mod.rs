//! Search as citizens ask: 低保 for 最低生活保障, `dibao`, `di bao`, `db` or 低bao in pinyin, 農機補貼 in
//! traditional characters, 农机补贴 for 农机购置补贴, 户集 (a character of the same sound) for 户籍,
//! 耕地保户补贴 (most of the characters) for 耕地地力保护补贴, 良种补贴 (a former name) for 耕地地力保护补贴,
//! and places: 星沙 for 星沙街道 (长沙县).
//!
//! The build step (`gongkai-bundle`, `search_index.rs`) writes an index ahead of time; the app loads it
//! lazily, Pagefind-like, and runs the same pure logic from this module:
//!
//! ```text
//! data/search/meta.<hash8>.json       SearchMeta: fold table, thesaurus, the other files' lists (first keystroke)
//! data/search/items.<hash8>.json      SearchItems: every distinct catalog item with its pinyin (first keystroke)
//! data/search/towns-<k>.<hash8>.json  TownFile: a large register's townships of a range of first syllables
//! data/search/shards-<p>.<hash8>.json SearchFileList: sizes and hashes of posting shards p·shard_page…,
//!                                     by columns ([`listing`], as the meta file's list)
//! data/search/postings-<i>.<hash8>.json  PostingShard: entry n-grams whose hash falls in range i (none if empty),
//!                                     with what the first TOP_DOCS docs of each show
//! data/search/frags-<p>.<hash8>.json  SearchFileList: sizes and hashes of fragment chunks p·LIST_PAGE…
//! data/search/frag-<j>.<hash8>.json   FragmentChunk: display data of entry docs [j·chunk, (j+1)·chunk)
//! ```
//!
//! Why this split: items are few (thousands, the same ids in every county) and are matched in full in
//! memory, with fuzzy and pinyin matching; entries are many (hundreds of thousands at city scale), so
//! they are found through character n-grams (unigrams and bigrams, which match Chinese across any word
//! boundary, unlike word-based engines) whose postings are split into shards by hash range, so a
//! query downloads only the shards of its own n-grams. A small dataset ([`SCAN_MAX_ENTRIES`]) skips
//! the postings: its entries come in one file at the first keystroke and are matched by scanning,
//! with the same n-grams and the same ranking, so every later keystroke needs no network.
//!
//! Architecture invariants:
//! - The query side needs no dictionary: traditional characters are folded with the table in the meta
//!   file (limited to characters the dataset uses), and pinyin was computed at build time.
//! - Entry doc ids are in rank order (newest first, ties by place, item, title), so posting lists are
//!   in rank order and truncating one at [`POSTING_CAP`] keeps its best documents.
//! - Results carry place codes (items: the catalogs that hold them; entries: the publishing place), so
//!   the app filters by scope and by the explorer's filters without more downloads than the fragments.
//! - Work per keystroke is bounded: at most [`MAX_QUERY_GRAMS`] n-grams, [`CANDIDATE_CAP`] entry
//!   candidates, and results are cut to what is shown. The forgiving look-ups (rewrites read by sound,
//!   partial matches) run only when the query's own n-grams find fewer than [`ENOUGH_ENTRIES`], with
//!   their own bounded n-grams ([`QueryPlan::fallback`]).
//! - Tables stay out of the wasm: pinyin readings (of the dataset's characters and of the common ones,
//!   for homophones) are in the items file, built by the build step, and so are the places.

pub mod format;
pub mod listing;
pub mod ngram;
pub mod normalize;
pub mod pinyin;
pub mod rank;
pub mod thesaurus;

pub use format::*;
pub use ngram::{gram_hash, grams, query_grams, shard_of, shard_of_hash};
pub use normalize::Fold;
pub use rank::{
    arrange_items, mark_segments, partial_need, region_entries, EntryHit, ItemHit, PlaceDocs, PlaceHit, Postings, QueryPlan, SearchIndex, Tier, ENOUGH_ENTRIES,
    SHOWN_PARTIAL_FIRST, SHOWN_PLACES,
};
pub use thesaurus::Thesaurus;

/// The search index's own version, written in [`SearchMeta::search_version`]. 20: each county with
/// entries has a file of the newest [`REGION_PER_ITEM`] entries of each item published in it (by its
/// government and its townships; [`region_key`], listed by its [`LocalDocs::files`]), whose titles a
/// search narrowed to it (本地) or naming it scans when one of the query's n-gram lists is cut, with
/// the county government's own file (an older app scans only the latter: on a county's page, 公示 or
/// 2025年 found its townships' entries only among the nation's newest). 19: each city and
/// province with entries below it has a file of the newest [`REGION_PER_ITEM`] entries of each item
/// published there ([`region_key`], listed by its province's local page), which a search narrowed to
/// it (本地) or naming it lists first (an older app walks the nation's candidates for the region's,
/// and nationally found none). 18: each place's newest
/// own entries ([`PLACE_SCAN_MAX`]) in a file of their own, listed by its county's local file
/// ([`LocalDocs::files`], [`FragmentChunk::docs`]) and scanned by a search narrowed to the place or
/// naming it when one of the query's n-gram lists is cut (an older app ignores them: a place's
/// entries older than the newest of such an n-gram are found only by their items). 17: each county's
/// [`LocalDocs`] names its docs' items, so that a search narrowed to a place (本地), or a query naming
/// one, finds the place's entries of the items the query names whatever the posting lists' cap (an
/// older file names none: those entries are found only among the newest of their n-grams). 16: the fragments name
/// the places the items file does not hold (a large register's townships: [`FragmentChunk::names`]),
/// so that a result shows its township's name, not its code (an older app shows the code). 15: with township
/// files, the characters only township names hold are read from those files ([`TownFile::pinyin`])
/// and the sounds file, not the items file (an older app reads no such character). 14: past
/// `SHARD_INDEX_MIN` shard list pages, the meta file lists index pages of them
/// ([`SearchMeta::shard_index`]; an older app finds none of their entries). 13: n-grams whose posting
/// lists and first docs are the same share one own file, named by all their hashes ([`own_key`]; an
/// older app finds none of a shared file's n-grams). 12: the thesaurus terms'
/// pinyin and initials written empty, read from the items file's pinyin table instead
/// ([`thesaurus_sounds`]; an older app spells no term: dibao no longer finds 低保). 11: the fold pairs of
/// characters only a query can hold in the sounds file ([`SearchSounds::fold`]), not the meta file
/// (an older app folds no traditional character the dataset's texts do not hold). 8: the readings of the
/// common characters the dataset does not hold in their own file ([`SearchMeta::sounds`],
/// [`SearchSounds`]), fetched only for a query that holds one. 9: a common n-gram's posting list is in a
/// file of its own ([`own_key`]), listed in its shard's list page, not in its shard (an older app would
/// find none of its entries). 7: each posting shard
/// holds what the first [`TOP_DOCS`] docs of each of its n-grams show ([`PostingShard::top`]). 6: each county's docs
/// in a [`LocalDocs`] file ([`SearchMeta::local`]), for 本地; the default dataset no longer scanned
/// ([`SCAN_MAX_ENTRIES`] 2,000). 5: a large register's
/// townships in township files ([`SearchMeta::towns`], [`TownFile`]) instead of the items file,
/// posting shards listed [`SearchMeta::shard_page`] a page, fragment pages
/// past [`LIST_PAGE`] listed by index pages ([`SearchMeta::frag_index`]). 4: every place of the
/// register in the items file ([`SearchItems::places`]), since the manifest holds only the top ones.
/// 3: entry types in the
/// fragments ([`FragmentChunk::kind`]). 2: places
/// ([`SearchItems::places`]) and a pinyin table that reads common characters too (homophones).
pub const SEARCH_VERSION: u32 = 20;

/// Docs of each n-gram whose fragments its posting shard carries ([`PostingShard::top`]): as many as
/// the search box shows entries at most (8, and the 8 of the items when no item matches), so that a
/// query of one n-gram shows its entries with no fragment file, and most longer ones too, whose
/// first docs are among the first of their rarest n-gram (97.7 % of the entries shown for the
/// benchmark's queries typed character by character, on the synthetic 湖南; 98.8 % at 32).
pub const TOP_DOCS: usize = 16;

/// Posting lists longer than this are cut to their best (lowest) doc ids.
pub const POSTING_CAP: usize = 3000;
/// A place's own entries in its file for the 本地 scan ([`LocalDocs::files`]): its newest this many.
/// A township publishes a few hundred a year (the synthetic ones some 350, 16 kB gzip); a county
/// government a few thousand, of which the newest are scanned and the rest still found by the
/// posting lists and by their items.
pub const PLACE_SCAN_MAX: usize = 1000;
/// A city's or a province's file ([`region_key`]): the newest this many entries of each item published
/// there (the county and township governments below it), at most [`PLACE_SCAN_MAX`] in all, the
/// oldest left out. A region has no local file: 广州's eleven counties' would be 280 kB gzip, and its
/// 110,000 entries' newest 1,000 overall are a few days' worth, most items with none; a few of each
/// item are what a citizen on the city's page looks for first (its latest 低保 lists, its latest
/// 招生 notice), and its older ones are still found among the nation's candidates.
pub const REGION_PER_ITEM: usize = 3;
/// The places of one name a query names together at most ([`QueryPlan::namesakes`]): 北京's and
/// 长春's 朝阳区, the four 鼓楼区; each brings its county's local file (or its region's), so not the
/// nation's 88 城关镇.
pub const NAMESAKES: usize = 4;
/// At most this many n-grams of a query are looked up (spread over the query).
pub const MAX_QUERY_GRAMS: usize = 4;
/// At most this many entry candidates are ranked per keystroke.
pub const CANDIDATE_CAP: usize = 2000;
/// Entry docs per fragment file.
pub const FRAGMENT_CHUNK: u32 = 64;
/// A dataset with at most this many entries gets no posting shards: one fragment file holds them all
/// and the browser scans the titles ([`SearchMeta::scan`]). The file costs some 14 bytes gzip per
/// entry, all at the first keystroke; postings cost a first search some 45 kB gzip (shards, their
/// list pages and the fragments of the results) whatever the size: scanning pays below about 3,000
/// entries. The default dataset's 11,581 entries were 158 kB gzip as one file, 41 kB with postings.
pub const SCAN_MAX_ENTRIES: usize = 2_000;
/// Posting shards (or fragment chunks) per list page: the top docs of a query are the newest, so
/// they sit in the first fragment pages, and a first search fetches one or two pages of each.
pub const LIST_PAGE: u32 = 128;

#[cfg(test)]
mod tests;

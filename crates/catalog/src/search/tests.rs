//! Ranking tests over a small fixture index, as the app would run them.

use super::*;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// An item and the syllables of its text (domain/path), `_` for a character without one.
fn item(id: &str, domain: u8, path: &[&str], pinyin: &'static str) -> (SearchItem, &'static str) {
    let item = SearchItem { id: id.into(), domain, path: path.iter().map(|s| s.to_string()).collect(), owners: "1".into(), sample: false, also: Vec::new() };
    (item, pinyin)
}

/// The items file of these items, with their readings in its one pinyin table.
fn items_file(items: Vec<(SearchItem, &str)>) -> SearchItems {
    let mut table: BTreeMap<char, String> = BTreeMap::new();
    for (it, pinyin) in &items {
        for (c, syl) in item_text(it.domain, &it.path).chars().zip(pinyin.split(' ')) {
            if syl != "_" {
                table.insert(c, syl.to_string());
            }
        }
    }
    SearchItems {
        format_version: 1,
        owners: vec!["430121".into()],
        pinyin: format::group_sounds(&table),
        items: items.into_iter().map(|(it, _)| it).collect(),
        // Characters the items do not use, read by sound: typed in error, or in place names.
        sounds: "bao宝chang长dao道di抵底ji集计jie街kou口扣sha沙shang上shi市xian县xing星".into(),
        place_codes: String::new(),
        place_names: vec![],
        place_parents: String::new(),
    }
}

fn fixture_items() -> Vec<(SearchItem, &'static str)> {
    vec![
        item("20-a", 20, &["最低生活保障", "审批信息"], "she hui jiu zhu _ zui di sheng huo bao zhang _ shen pi xin xi"),
        item("20-b", 20, &["特困人员救助供养", "政策"], "she hui jiu zhu _ te kun ren yuan jiu zhu gong yang _ zheng ce"),
        item("22-a", 22, &["出生登记", "出生登记"], "hu ji guan li _ chu sheng deng ji _ chu sheng deng ji"),
        item("22-b", 22, &["注销登记", "死亡注销"], "hu ji guan li _ zhu xiao deng ji _ si wang zhu xiao"),
        item("22-c", 22, &["户籍证明", "户籍证明开具"], "hu ji guan li _ hu ji zheng ming _ hu ji zheng ming kai ju"),
        item("23-a", 23, &["农业生产发展资金", "农机购置补贴"], "she nong bu tie _ nong ye sheng chan fa zhan zi jin _ nong ji gou zhi bu tie"),
        item("23-b", 23, &["农业生产发展资金", "耕地地力保护补贴"], "she nong bu tie _ nong ye sheng chan fa zhan zi jin _ geng di di li bao hu bu tie"),
    ]
}

fn index() -> SearchIndex {
    index_with(items_file(fixture_items()), String::new(), FOLD)
}

/// The fixture index with `items` and the meta's `sounds` key.
/// The fixture's traditional → simplified pairs.
const FOLD: &str = "農农機机補补貼贴";

fn index_with(items: SearchItems, sounds: String, fold: &str) -> SearchIndex {
    let meta = SearchMeta {
        format_version: 1,
        search_version: 2,
        fold: fold.into(),
        thesaurus: vec![
            ThesaurusEntry { term: "低保".into(), canonical: vec!["最低生活保障".into()], pinyin: "dibao".into(), initials: "db".into() },
            ThesaurusEntry { term: "上户口".into(), canonical: vec!["出生登记".into()], pinyin: "shanghukou".into(), initials: "shk".into() },
        ],
        items: "search/items.x.json".into(),
        entries: 3,
        shard_bits: 1,
        fragment_chunk: 2,
        scan: false,
        fragments: 2,
        list_page: 128,
        shard_page: 0,
        frag_index: false,
        shard_index: 0,
        files: BTreeMap::new(),
        towns: Vec::new(),
        local: false,
        sounds,
    };
    let mut ix = SearchIndex::new(meta, items);
    ix.set_places(places());
    // Three entries, newest first, as the build step numbers them.
    let titles = ["2026年低保对象名单公示", "出生登记办事指南", "2025年低保对象名单公示"];
    let mut shards: BTreeMap<u32, PostingShard> = BTreeMap::new();
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (doc, t) in titles.iter().enumerate() {
        for g in grams(&ix.fold.normalize(t)) {
            postings.entry(g).or_default().push(doc as u32);
        }
    }
    for (g, docs) in postings {
        shards.entry(shard_of(&g, 1)).or_default().grams.insert(g, format::delta_encode(&docs));
    }
    for (i, s) in shards {
        // Their list page (the fixture's one), which lists no own files.
        ix.add_list_page(i, &BTreeMap::new());
        ix.add_shard(i, s);
    }
    let frag = |t: &str, d: u32| EntryFragment {
        place: "430121001".into(),
        item: "20-a".into(),
        title: t.into(),
        date: NaiveDate::from_ymd_opt(2026, 1, d).unwrap(),
        kind: None,
        sample: false,
        place_name: None,
    };
    ix.add_fragments(0, FragmentChunk::from_entries(1, 0, &[frag(titles[0], 3), frag(titles[1], 2)]));
    ix.add_fragments(1, FragmentChunk::from_entries(1, 2, &[frag(titles[2], 1)]));
    ix
}

fn places() -> Vec<SearchPlace> {
    SearchPlace::from_places([
        ("430100", "长沙市", None),
        ("430121", "长沙县", Some("430100")),
        ("430121001", "星沙街道", Some("430121")),
        ("430121100", "长沙市长沙县示例镇", Some("430121")),
    ])
}

/// The same data as [`index`], as a small dataset is written: no shards, all entries in one fragment.
fn scanned_index() -> SearchIndex {
    let sharded = index();
    let mut meta = sharded.meta.clone();
    meta.scan = true;
    meta.shard_bits = 0;
    meta.fragment_chunk = 3;
    meta.fragments = 1;
    let mut ix = SearchIndex::new(meta, items_file(fixture_items()));
    let entries: Vec<EntryFragment> = (0..3).map(|d| sharded.fragment(d).unwrap()).collect();
    ix.add_fragments(0, FragmentChunk::from_entries(1, 0, &entries));
    ix
}

#[test]
fn a_scanned_dataset_finds_and_ranks_entries_as_its_postings_would() {
    let (sharded, scanned) = (index(), scanned_index());
    for q in ["低保", "低保对象名单", "2026年低保", "出生登记", "名单", "公示", "农机"] {
        let (a, b) = (sharded.plan(q), scanned.plan(q));
        assert!(b.shards.is_empty(), "{q}: a scanned dataset fetches no shards");
        assert_eq!(sharded.entry_candidates(&a), scanned.entry_candidates(&b), "{q}");
    }
    assert_eq!(scanned.entry_candidates(&scanned.plan("低保")), vec![0, 2]);
    // One character: scanned, its entries cost nothing; with postings, none are looked up (no shard).
    assert_eq!(scanned.entry_candidates(&scanned.plan("保")), vec![0, 2]);
    let plan = sharded.plan("保");
    assert!(plan.grams.is_empty() && plan.shards.is_empty() && sharded.entry_candidates(&plan).is_empty());
    assert!(plan.fallback.is_empty(), "nor n-grams for partial matches, which need 3 characters");
    assert!(sharded.plan("名单").fallback.is_empty() && !sharded.plan("对象名单").fallback.is_empty());
    assert!(!sharded.plan("低保").shards.is_empty());
}

fn item_ids(ix: &SearchIndex, q: &str) -> Vec<String> {
    let plan = ix.plan(q);
    ix.search_items(&plan, &|_| true, 10).into_iter().map(|h| ix.items[h.item].id.clone()).collect()
}

#[test]
fn colloquial_dibao_finds_minimum_living_allowance_first() {
    let ix = index();
    assert_eq!(item_ids(&ix, "低保").first().unwrap(), "20-a");
    assert_eq!(item_ids(&ix, "dibao").first().unwrap(), "20-a");
    assert_eq!(item_ids(&ix, "db").first().unwrap(), "20-a");
}

#[test]
fn a_gapped_abbreviation_finds_the_full_item_name() {
    let ix = index();
    let plan = ix.plan("农机补贴");
    let hits = ix.search_items(&plan, &|_| true, 10);
    assert_eq!(ix.items[hits[0].item].id, "23-a");
    assert_eq!(hits[0].tier, Tier::Fuzzy);
    let marked: String =
        hits[0].text.chars().enumerate().filter(|(i, _)| hits[0].marks.contains(i)).map(|(_, c)| c).collect();
    assert_eq!(marked, "农机补贴");
}

#[test]
fn traditional_characters_find_simplified_items() {
    let ix = index();
    assert_eq!(item_ids(&ix, "農機補貼").first().unwrap(), "23-a");
}

#[test]
fn exact_segment_matches_rank_before_substring_matches() {
    let ix = index();
    let plan = ix.plan("出生登记");
    let hits = ix.search_items(&plan, &|_| true, 10);
    assert_eq!(ix.items[hits[0].item].id, "22-a");
    assert_eq!(hits[0].tier, Tier::Exact);
    assert_eq!(item_ids(&ix, "上户口").first().unwrap(), "22-a");
}

#[test]
fn equal_scores_are_ordered_by_id_so_results_do_not_flicker() {
    let ix = index();
    let a = item_ids(&ix, "农业");
    assert_eq!(a, vec!["23-a", "23-b"]);
    assert_eq!(item_ids(&ix, "农业"), a);
}

#[test]
fn scope_and_filters_drop_items() {
    let ix = index();
    let plan = ix.plan("补贴");
    let ids = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
        ix.search_items(&plan, keep, 10).into_iter().map(|h| ix.items[h.item].id.clone()).collect()
    };
    assert_eq!(ids(&|_| true), vec!["23-a", "23-b"], "both subsidies match without a filter");
    assert_eq!(ids(&|i| ix.items[i].id != "23-a"), vec!["23-b"]);
    assert!(ids(&|i| ix.items[i].domain != 23).is_empty());
}

#[test]
fn entries_are_found_by_ngrams_newest_first() {
    let ix = index();
    let plan = ix.plan("低保名单");
    assert_eq!(ix.missing_postings(&plan.grams), (vec![], vec![]));
    let docs = ix.entry_candidates(&plan);
    assert_eq!(docs, vec![0, 2]);
    let hit = ix.entry_hit(&plan, 0).unwrap();
    assert_eq!(hit.entry.title, "2026年低保对象名单公示");
    assert_eq!(hit.marks, vec![5, 6, 9, 10]);
}

#[test]
fn pinyin_queries_look_up_entries_by_the_words_they_spell() {
    let ix = index();
    for q in ["dibao", "di bao", "低bao", "db"] {
        let plan = ix.plan(q);
        assert_eq!(plan.resolved.first().map(String::as_str), Some("低保"), "{q}");
        assert_eq!(ix.entry_candidates(&plan), vec![0, 2], "{q}");
    }
    // Letters that spell no word of the dataset look nothing up.
    assert!(ix.plan("xyz").grams.is_empty());
}

#[test]
fn marked_text_splits_into_runs() {
    assert_eq!(
        mark_segments("低保名单", &[0, 1]),
        vec![("低保".to_string(), true), ("名单".to_string(), false)]
    );
}

#[test]
fn shard_and_fragment_keys_are_found_in_their_list_pages_by_prefix() {
    let r = || crate::FileRef { bytes: 1, sha256_128: String::new() };
    let files: BTreeMap<String, crate::FileRef> = [
        ("search/frag-1.aaaaaaaa.json".to_string(), r()),
        ("search/frag-12.bbbbbbbb.json".to_string(), r()),
        ("search/postings-3.cccccccc.json".to_string(), r()),
    ]
    .into();
    assert_eq!(fragment_key(&files, 1), Some("search/frag-1.aaaaaaaa.json"));
    assert_eq!(fragment_key(&files, 12), Some("search/frag-12.bbbbbbbb.json"));
    assert_eq!(fragment_key(&files, 2), None);
    assert_eq!(shard_key(&files, 3), Some("search/postings-3.cccccccc.json"));
    assert_eq!(shard_key(&files, 0), None);
}

#[test]
fn an_own_file_is_found_by_the_hash_of_any_ngram_it_is_named_by() {
    let r = || crate::FileRef { bytes: 1, sha256_128: String::new() };
    let files: BTreeMap<String, crate::FileRef> = [
        // One n-gram (search version 9), and three sharing one list (13).
        ("search/gram-0000abcd.aaaaaaaa.json".to_string(), r()),
        ("search/gram-05bff00d-af3120a4-ba04ab20.bbbbbbbb.json".to_string(), r()),
        ("search/postings-3.cccccccc.json".to_string(), r()),
        ("search/shards-1.dddddddd.json".to_string(), r()),
    ]
    .into();
    for (hash, key) in [
        (0xabcd, Some("search/gram-0000abcd.aaaaaaaa.json")),
        (0x05bf_f00d, Some("search/gram-05bff00d-af3120a4-ba04ab20.bbbbbbbb.json")),
        (0xaf31_20a4, Some("search/gram-05bff00d-af3120a4-ba04ab20.bbbbbbbb.json")),
        (0xba04_ab20, Some("search/gram-05bff00d-af3120a4-ba04ab20.bbbbbbbb.json")),
        // Not a whole hash of a name, nor the content hash.
        (0xaf31, None),
        (0xbbbb_bbbb, None),
        (3, None),
    ] {
        assert_eq!(own_key(&files, hash), key, "{hash:08x}");
    }
    assert_eq!(own_hashes(&files), [0xabcd, 0x05bf_f00d, 0xaf31_20a4, 0xba04_ab20]);
    assert_eq!(own_file_hashes("search/gram-0000abcd.aaaaaaaa.json").collect::<Vec<_>>(), [0xabcd]);
    assert_eq!(own_hashes(&BTreeMap::new()), Vec::<u32>::new());
}

#[test]
fn a_shard_or_fragment_is_listed_in_page_index_divided_by_the_page_size() {
    let mut meta = index().meta;
    let r = || crate::FileRef { bytes: 1, sha256_128: String::new() };
    meta.list_page = 128;
    meta.files = [
        ("search/shards-0.aaaaaaaa.json".to_string(), r()),
        ("search/shards-1.bbbbbbbb.json".to_string(), r()),
        ("search/frags-0.cccccccc.json".to_string(), r()),
        ("search/frags-12.dddddddd.json".to_string(), r()),
    ]
    .into();
    assert_eq!(shard_list_key(&meta, 0), Some("search/shards-0.aaaaaaaa.json"));
    assert_eq!(shard_list_key(&meta, 127), Some("search/shards-0.aaaaaaaa.json"));
    assert_eq!(shard_list_key(&meta, 128), Some("search/shards-1.bbbbbbbb.json"));
    assert_eq!(shard_list_key(&meta, 256), None);
    assert_eq!(fragment_list_key(&meta, 12 * 128 + 5), Some("search/frags-12.dddddddd.json"));
    // frags-1 must not be taken for frags-12.
    assert_eq!(fragment_list_key(&meta, 128), None);
    // Pages of 32 shards (search version 5); fragments keep pages of list_page.
    meta.shard_page = 32;
    let cases: &[(u32, Option<&str>)] = &[
        (0, Some("search/shards-0.aaaaaaaa.json")),
        (31, Some("search/shards-0.aaaaaaaa.json")),
        (32, Some("search/shards-1.bbbbbbbb.json")),
        (63, Some("search/shards-1.bbbbbbbb.json")),
        (64, None),
    ];
    for (i, want) in cases {
        assert_eq!(shard_list_key(&meta, *i), *want, "shard {i}");
    }
    assert_eq!(fragment_list_key(&meta, 12 * 128 + 5), Some("search/frags-12.dddddddd.json"));
}

#[test]
fn a_fragment_chunk_gives_back_its_entries_and_nothing_for_inconsistent_columns() {
    let e = |place: &str, item: &str, t: &str, m: u32, d: u32| EntryFragment {
        place: place.into(),
        item: item.into(),
        title: t.into(),
        date: NaiveDate::from_ymd_opt(2026, m, d).unwrap(),
        kind: None,
        sample: false,
        place_name: None,
    };
    let mut entries = vec![e("430121001", "20-b", "甲", 3, 1), e("430102001", "20-a", "乙", 3, 1), e("430121001", "20-a", "丙", 1, 30)];
    let c = FragmentChunk::from_entries(2, 10, &entries);
    assert!(c.kind.is_empty(), "no entry has a type: no column");
    entries[1].kind = Some(crate::EntryKind::Interpretation);
    entries[2].sample = true;
    let mut c = FragmentChunk::from_entries(2, 10, &entries);
    assert_eq!(c.sample, vec![2]);
    assert_eq!(c.places, vec!["430102001", "430121001"]);
    assert_eq!(c.days_before, vec![0, 0, 30]);
    assert_eq!(c.kind, vec![0, 2, 0]);
    assert_eq!((0..3).map(|i| c.entry(i).unwrap()).collect::<Vec<_>>(), entries);
    assert_eq!(c.entry(3), None);
    assert!(c.names.is_empty(), "every place in the items file: no names");
    assert!(!serde_json::to_string(&c).unwrap().contains("\"names\""), "and none written");
    // A township the items file does not hold: its entries name it, in the chunk's column of names.
    let mut named = entries.clone();
    for e in named.iter_mut().filter(|e| e.place == "430121001") {
        e.place_name = Some("星沙街道".into());
    }
    let n = FragmentChunk::from_entries(2, 10, &named);
    assert_eq!(n.names, vec!["", "星沙街道"]);
    assert_eq!((0..3).map(|i| n.entry(i).unwrap()).collect::<Vec<_>>(), named);
    let back: FragmentChunk = serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
    assert_eq!(back.entry(2).unwrap().place_name.as_deref(), Some("星沙街道"));
    assert_eq!(back.entry(1).unwrap().place_name, None, "\"\" names no place");
    let mut short = n.clone();
    short.names.truncate(1);
    assert_eq!(short.entry(0).map(|e| e.place_name), Some(None), "a short column names none, the entry still reads");
    // A file without the column (an older build, or a damaged one) reads its entries as untyped.
    let mut short = c.clone();
    short.kind.truncate(1);
    assert_eq!(short.entry(1).map(|e| e.kind), Some(None));
    c.place[1] = 9;
    assert_eq!(c.entry(1), None, "an index past its table");
    c.title.pop();
    assert_eq!(c.entry(2), None, "columns of different lengths");
}

#[test]
fn owners_round_trip_through_the_hex_bitset() {
    assert_eq!(owners_to_hex(&[0, 5, 6], 9), "16" .to_string() + "0");
    assert_eq!(owners_from_hex("160"), vec![0, 5, 6]);
    let ix = index();
    assert_eq!(ix.owners_of(0), vec!["430121"]);
}

fn top(ix: &SearchIndex, q: &str) -> Option<(String, Tier)> {
    let plan = ix.plan(q);
    ix.search_items(&plan, &|_| true, 10).first().map(|h| (ix.items[h.item].id.clone(), h.tier))
}

#[test]
fn a_query_missing_or_mistyping_a_character_still_finds_the_item_below_full_matches() {
    let ix = index();
    // (query, the item it should find first, how)
    let cases = [
        ("耕地地力保卫补贴", "23-b", Tier::Partial), // one character wrong (卫 has no reading here)
        ("耕地保护补贴", "23-b", Tier::Fuzzy),       // characters left out, the rest in order
        ("农机购置补助", "23-a", Tier::Partial),     // the last character different
        ("最低生活保障金", "20-a", Tier::Partial),   // one character too many
        ("出生登记证", "22-a", Tier::Partial),
    ];
    for (q, id, tier) in cases {
        assert_eq!(top(&ix, q), Some((id.to_string(), tier)), "{q}");
    }
    // Ranked by how much they share: 5 of 6 before 4 of 6.
    let plan = ix.plan("耕地力保护补");
    let hits = ix.search_items(&plan, &|_| true, 10);
    assert_eq!(ix.items[hits[0].item].id, "23-b");
    // Too little in common finds nothing: two of five characters, or one of three.
    for q in ["耕地审批登记", "出租车", "补"] {
        let plan = ix.plan(q);
        assert!(ix.search_items(&plan, &|_| true, 10).iter().all(|h| h.tier != Tier::Partial), "{q}");
    }
}

#[test]
fn partial_matches_rank_after_every_full_match() {
    let ix = index();
    let plan = ix.plan("户籍管理证明");
    let hits: Vec<(String, Tier)> =
        ix.search_items(&plan, &|_| true, 10).iter().map(|h| (ix.items[h.item].id.clone(), h.tier)).collect();
    // 22-c holds every character in order; 22-a and 22-b hold 户籍管理, four of six.
    let want = [("22-c", Tier::Fuzzy), ("22-a", Tier::Partial), ("22-b", Tier::Partial)];
    assert_eq!(hits, want.map(|(i, t)| (i.to_string(), t)));
}

#[test]
fn a_character_of_the_same_sound_finds_the_item() {
    let ix = index();
    let cases = [
        ("低宝", "20-a"),     // via the thesaurus term 低保 it sounds like
        ("抵保", "20-a"),
        ("底保审批", "20-a"),
        ("户集管理", "22-a"), // 户籍 by syllable (22-a and 22-b share it; 22-a by id)
        ("出生登计", "22-a"),
    ];
    for (q, id) in cases {
        assert_eq!(top(&ix, q).map(|t| t.0).as_deref(), Some(id), "{q}");
    }
    // Entries too: 低宝名单 looks up 低保名单.
    let plan = ix.plan("低宝名单");
    assert_eq!(plan.resolved.first().map(String::as_str), Some("低保名单"));
    assert_eq!(ix.entry_candidates(&plan), vec![0, 2]);
    // A word the dataset knows as typed is not read by sound: 低保 is not 地报.
    assert!(ix.plan("低保").sounds.is_empty());
    // Nor does a reading the dataset knows no better replace what was typed: 耕地保, on the way to
    // 耕地保护 (耕地 is the dataset's, 地保 not), reads 耕低保 by 低保 (低保 the dataset's, 耕低
    // not); its entries are looked up as typed, then as read.
    let plan = ix.plan("耕地保");
    assert_eq!(plan.resolved.first().map(String::as_str), Some("耕低保"));
    assert_eq!(plan.grams, ["耕地", "地保"]);
    assert!(plan.relaxed.contains(&vec!["耕低".to_string(), "低保".to_string()]), "{:?}", plan.relaxed);
    assert!(plan.expansions.is_empty(), "not 耕最低生活保障: {:?}", plan.expansions);
    assert!(!ix.plan("低宝名单").expansions.is_empty(), "低宝名单 still stands for 最低生活保障名单");
    // A reading it knows better still comes first: 户集 is nothing, 户籍 its items' word.
    assert_eq!(ix.plan("户集证明").grams, ["户籍", "籍证", "证明"]);
}

/// The index as search version 11 writes it: the items file reads every character of the items, the
/// places and the thesaurus; the sounds file the rest of the fixture's sounds, and the fold pairs (no
/// item, place or term holds a character they fold from).
fn index_without_sounds() -> (SearchIndex, SearchSounds) {
    let mut items = items_file(fixture_items());
    let mut table = (Vec::new(), Vec::new());
    format::add_sounds(&mut table, &std::mem::take(&mut items.sounds));
    let held: String = places().iter().map(|p| p.name.clone()).chain(["低保".to_string(), "上户口".to_string()]).collect();
    let mut own = (Vec::new(), Vec::new());
    format::add_sounds(&mut own, &items.pinyin);
    let mut readings: BTreeMap<char, String> = own.0.into_iter().zip(own.1).collect();
    let mut rest = BTreeMap::new();
    for (c, syl) in table.0.into_iter().zip(table.1) {
        if held.contains(c) {
            readings.entry(c).or_insert(syl);
        } else {
            rest.insert(c, syl);
        }
    }
    items.pinyin = format::group_sounds(&readings);
    let sounds = SearchSounds { format_version: 1, sounds: format::group_sounds(&rest), fold: FOLD.into() };
    (index_with(items, "search/sounds.x.json".into(), ""), sounds)
}

#[test]
fn the_sounds_file_is_needed_only_for_a_character_the_dataset_does_not_hold() {
    let (mut ix, sounds) = index_without_sounds();
    // (query, whether it waits for the sounds file): 宝 抵 集 计 are in no item, place or term.
    let cases = [
        ("低保", false),
        ("户籍管理", false),
        ("最低生活保障", false),
        ("dibao", false),
        ("低宝", true),
        // Traditional: its fold pairs are in the sounds file too.
        ("農機補貼", true),
        ("低保 補", true),
        ("抵保", true),
        ("户集管理", true),
        ("出生登计", true),
        ("低保 宝", true),
    ];
    for (q, needs) in cases {
        assert_eq!(ix.needs_sounds(q), needs, "{q}");
    }
    ix.add_sounds(&sounds);
    assert!(!ix.needs_sounds("低宝"), "added once, never asked for again");
}

#[test]
fn with_the_sounds_file_added_a_query_finds_what_the_items_file_with_its_sounds_found() {
    let inline = index();
    let (mut lazy, sounds) = index_without_sounds();
    let queries = ["低宝", "抵保", "底保审批", "户集管理", "出生登计", "低宝名单", "低保", "户籍", "dibao", "hu ji", "農機補貼", "農業"];
    // Before: a query of the dataset's own characters reads the same without the file.
    for q in ["低保", "户籍", "dibao", "hu ji"] {
        assert_eq!(top(&lazy, q), top(&inline, q), "{q} before");
        assert_eq!(lazy.plan(q).grams, inline.plan(q).grams, "{q} before");
    }
    lazy.add_sounds(&sounds);
    for q in queries {
        assert_eq!(top(&lazy, q), top(&inline, q), "{q}");
        let (a, b) = (lazy.plan(q), inline.plan(q));
        assert_eq!((&a.sounds, &a.resolved, &a.grams), (&b.sounds, &b.resolved, &b.grams), "{q}");
        assert_eq!(lazy.entry_candidates(&a), inline.entry_candidates(&b), "{q}");
    }
}

#[test]
fn pinyin_typed_as_separate_words_or_mixed_with_characters_works() {
    let ix = index();
    let cases = [
        ("di bao", "20-a"),
        ("hu ji guan li", "22-a"),
        ("chu sheng deng ji", "22-a"),
        ("nong ji gou zhi", "23-a"),
        ("低bao", "20-a"),
        ("chu生登记", "22-a"),
        ("户ji管理", "22-a"),
        ("耕地di力", "23-b"),
        ("ＤＩ　ＢＡＯ", "20-a"), // full-width, as some input methods type it
    ];
    for (q, id) in cases {
        assert_eq!(top(&ix, q).map(|t| t.0).as_deref(), Some(id), "{q}");
    }
    assert_eq!(ix.plan("chu生登记").spelled, "chushengdengji");
    assert_eq!(ix.plan("chu生登记").resolved.first().map(String::as_str), Some("出生登记"));
    assert_eq!(ix.entry_candidates(&ix.plan("chu生登记")), vec![1]);
}

#[test]
fn the_thesaurus_finds_items_by_colloquial_and_former_names() {
    let ix = index();
    let cases = [("低保", "20-a"), ("上户口", "22-a"), ("上户扣", "22-a"), ("shanghukou", "22-a"), ("shk", "22-a")];
    for (q, id) in cases {
        assert_eq!(top(&ix, q).map(|t| t.0).as_deref(), Some(id), "{q}");
    }
}

#[test]
fn places_are_found_by_name_alias_pinyin_sound_and_county() {
    let ix = index();
    let names = |q: &str| -> Vec<String> {
        let plan = ix.plan(q);
        ix.search_places(&plan, 5).into_iter().map(|h| ix.places[h.place].name.clone()).collect()
    };
    let cases: &[(&str, &[&str])] = &[
        ("星沙", &["星沙街道"]),
        ("星沙街道", &["星沙街道"]),
        ("长沙县", &["长沙县"]),
        ("长沙", &["长沙市", "长沙县"]), // both are 长沙 without their suffix; the shorter code first
        ("xingsha", &["星沙街道"]),
        ("长沙县星沙", &["长沙县", "星沙街道"]),
        ("星沙街道低保", &["星沙街道"]),
        ("低保", &[]),
        ("星", &[]),
    ];
    for (q, want) in cases {
        assert_eq!(names(q), *want, "{q}");
    }
    let plan = ix.plan("星沙");
    let hit = &ix.search_places(&plan, 1)[0];
    assert_eq!((hit.tier, hit.marks.clone()), (Tier::Exact, vec![0, 1]));
    assert_eq!(ix.places[hit.place].parents, vec!["长沙县", "长沙市"]);
    // What follows a place name is searched as the query; a place's name whole is no place and
    // topic (星沙街道 is not 星沙 and 街道, whose entries were those of any 街道).
    assert_eq!(ix.plan("星沙街道低保").topic.as_deref(), Some("低保"));
    for q in ["星沙街道", "长沙县"] {
        assert_eq!(ix.plan(q).topic, None, "{q}");
    }
    assert_eq!(ix.plan("星沙街道").grams, ["星沙", "沙街", "街道"]);
    assert_eq!(top(&ix, "星沙街道低保").map(|t| t.0).as_deref(), Some("20-a"));
}

#[test]
fn relaxed_lookups_need_their_shards_and_only_run_when_few_entries_match() {
    let ix = index();
    let plan = ix.plan("低宝名单");
    assert!(!plan.fallback.is_empty());
    // Everything the fixture has is loaded, so nothing is missing.
    assert_eq!(ix.missing_postings(&plan.fallback), (vec![], vec![]));
}

#[test]
fn an_item_is_found_by_its_type_and_content_titles_shown_after_its_path() {
    let mut items = fixture_items();
    let (mut school, _) = item("26-a", 26, &["招生入学", "招生计划"], "");
    school.also = vec!["公共服务".into(), "秋季学期新生入学公告".into()];
    items.push((school, ""));
    let ix = SearchIndex::new(index().meta, items_file(items));
    assert_eq!(top(&ix, "新生入学公告").map(|(id, _)| id), Some("26-a".into()));
    assert_eq!(top(&ix, "招生计划").map(|(id, _)| id), Some("26-a".into()), "the path still finds it");
    let plan = ix.plan("新生入学公告");
    let hit = &ix.search_items(&plan, &|_| true, 1)[0];
    assert!(hit.text.ends_with("/公共服务/秋季学期新生入学公告"), "{}", hit.text);
}

/// [`index`] with its townships in township files, as a large register is written: files start at
/// "" (长 chang), "l" (沙 sha) and "t" (星 xing). Nothing of them is added yet.
fn town_index() -> (SearchIndex, Vec<TownFile>) {
    let mut meta = index().meta;
    meta.towns = vec!["".into(), "l".into(), "t".into()];
    let mut ix = SearchIndex::new(meta, items_file(fixture_items()));
    ix.set_places(places().into_iter().filter(|p| p.code.len() == 6).collect());
    let file = |rows: &[(&str, &str)]| TownFile {
        format_version: 1,
        towns: rows.iter().map(|(c, n)| TownRow(c.to_string(), n.to_string())).collect(),
        pinyin: String::new(),
    };
    let files = vec![
        file(&[("430121100", "长沙市长沙县示例镇")]),
        file(&[("430121002", "沙坪街道")]),
        file(&[("430121001", "星沙街道")]),
    ];
    (ix, files)
}

/// Adds the township files the query needs, as the app does before it searches.
fn load_towns(ix: &mut SearchIndex, files: &[TownFile], q: &str) {
    for k in ix.missing_town_files(&ix.plan(q)) {
        ix.add_towns(k, &files[k]);
    }
}

#[test]
fn a_query_needs_the_township_file_of_its_first_sound() {
    let (ix, _) = town_index();
    let cases: &[(&str, &[usize])] = &[
        ("星沙", &[2]),
        ("星沙街道低保", &[2]),
        ("长沙县星沙", &[0, 2]), // 长沙县 is in the items file; 星沙 follows it
        ("长沙", &[0]),
        ("沙坪", &[1]),
        ("低保", &[0]),          // di sorts before l; 最低生活保障, what it stands for, is no place
        ("xingsha", &[2]),       // x is in the file starting at t
        ("xsjd", &[2]),          // initials: any syllable of x
        ("xin", &[]),            // too short to be matched against place names in pinyin
        ("星", &[]),             // no place is named by one character
    ];
    for (q, want) in cases {
        assert_eq!(ix.plan(q).town_files, *want, "{q}");
    }
    let towns: Vec<String> = ["", "ba", "chang", "xi", "zhu"].map(String::from).to_vec();
    let files: &[(&str, Option<usize>, Vec<usize>)] = &[
        ("", Some(0), vec![0, 1, 2, 3, 4]),
        ("a", Some(0), vec![0]),
        // The letter itself sorts before its syllables, in the file before theirs (a syllable may be
        // the letter alone: a, e, o): that file is loaded too.
        ("ba", Some(1), vec![0, 1]),
        ("chang", Some(2), vec![1, 2]), // c: cai … (in the ba file) and chang …
        ("xing", Some(3), vec![2, 3]),
        ("zuo", Some(4), vec![3, 4]),
    ];
    for (syllable, file, of_letter) in files {
        assert_eq!(town_file_of(&towns, syllable), *file, "{syllable}");
        if let Some(l) = syllable.chars().next() {
            assert_eq!(town_files_of_letter(&towns, l), *of_letter, "{l}");
        }
    }
    assert_eq!(town_file_of(&[], "xing"), None);
}

#[test]
fn townships_in_files_are_found_as_if_the_items_file_held_them() {
    let whole = index();
    let names = |ix: &SearchIndex, q: &str| -> Vec<(String, Vec<String>)> {
        let plan = ix.plan(q);
        ix.search_places(&plan, 5).into_iter().map(|h| (ix.places[h.place].name.clone(), ix.places[h.place].parents.clone())).collect()
    };
    for q in ["星沙", "星沙街道", "长沙县", "长沙", "xingsha", "长沙县星沙", "长沙星沙", "星沙街道低保", "低保", "星", "沙坪"] {
        let (mut ix, files) = town_index();
        assert!(names(&ix, q).iter().all(|(n, _)| !n.ends_with("街道")), "{q}: no township before its file");
        load_towns(&mut ix, &files, q);
        let want: Vec<_> = names(&whole, q).into_iter().filter(|(n, _)| n != "沙坪街道").collect();
        let got: Vec<_> = names(&ix, q).into_iter().filter(|(n, _)| n != "沙坪街道").collect();
        assert_eq!(got, want, "{q}");
        assert_eq!(ix.plan(q).topic, whole.plan(q).topic, "{q}");
    }
    let (mut ix, files) = town_index();
    load_towns(&mut ix, &files, "沙坪");
    load_towns(&mut ix, &files, "星沙");
    assert_eq!(names(&ix, "沙坪"), vec![("沙坪街道".to_string(), vec!["长沙县".to_string(), "长沙市".to_string()])]);
    assert_eq!(ix.place("430121001").map(|p| p.name.as_str()), Some("星沙街道"));
}

#[test]
fn a_township_is_found_from_the_start_of_its_name_whatever_was_loaded_before() {
    // 沙街道 is inside 星沙街道, whose file (星, xing) a query starting with 沙 does not need: the
    // answer is the same before and after that file was loaded for another query.
    let (mut ix, files) = town_index();
    load_towns(&mut ix, &files, "沙街道");
    let before: Vec<usize> = ix.search_places(&ix.plan("沙街道"), 5).into_iter().map(|h| h.place).collect();
    load_towns(&mut ix, &files, "星沙");
    let after: Vec<usize> = ix.search_places(&ix.plan("沙街道"), 5).into_iter().map(|h| h.place).collect();
    assert_eq!(before, after);
    assert!(after.is_empty());
}

#[test]
fn a_place_belongs_to_the_county_its_code_starts_with_and_a_city_to_none() {
    for (code, county) in [
        ("430121001", Some("430121")), // a township
        ("430121", Some("430121")),    // the county itself
        ("430100", None),              // a city
        ("430000", None),              // a province
        ("4301", None),                // too short
        ("x30121001", None),           // not a code
    ] {
        assert_eq!(county_of(code), county, "{code}");
    }
    // A city's and a province's region files in their province's local page; a county's in its
    // local file (search version 20); a township has none.
    let files: BTreeMap<String, crate::FileRef> = ["search/region-430100.ab.json", "search/region-430000.cd.json", "search/local-430121.ef.json", "search/region-430121.gh.json"]
        .into_iter()
        .map(|k| (k.to_string(), crate::FileRef { bytes: 1, sha256_128: String::new() }))
        .collect();
    assert_eq!(region_key(&files, "430100"), Some("search/region-430100.ab.json"));
    assert_eq!(region_key(&files, "430000"), Some("search/region-430000.cd.json"));
    assert_eq!(region_key(&files, "430300"), None);
    assert_eq!(region_key(&files, "430121"), Some("search/region-430121.gh.json"));
    assert_eq!(region_key(&files, "430121001"), None);
}

#[test]
fn local_docs_keep_the_docs_of_the_places_within_and_survive_bad_columns() {
    let local = LocalDocs {
        format_version: 1,
        places: vec!["430121".into(), "430121001".into(), "430121002".into()],
        docs: delta_encode(&[3, 7, 8, 20]),
        place: vec![1, 0, 2, 1],
        ..LocalDocs::default()
    };
    for (within, want) in [("430121", vec![3, 7, 8, 20]), ("430121001", vec![3, 20]), ("430121002", vec![8]), ("430102", vec![])] {
        assert_eq!(local.docs_within(within), want, "{within}");
    }
    // By item: those of the items wanted, within the place.
    let local = LocalDocs { items: vec!["20-a".into(), "22-a".into()], item: vec![0, 1, 0, 0], ..local };
    let low_income = |id: &str| id == "20-a";
    for (within, want) in [("430121", vec![3, 8, 20]), ("430121001", vec![3, 20]), ("430102", vec![])] {
        assert_eq!(local.docs_of_items(within, &low_income), want, "{within}");
    }
    // A file before search version 17 names no item: none by item, all by place.
    let older = LocalDocs { items: Vec::new(), item: Vec::new(), ..local.clone() };
    assert!(older.docs_of_items("430121", &|_| true).is_empty());
    assert_eq!(older.docs_within("430121"), vec![3, 7, 8, 20]);
    // A place or item index out of range, or a short column, keeps fewer docs, never others.
    let bad = LocalDocs { place: vec![9, 0], ..local.clone() };
    assert_eq!(bad.docs_within("430121"), vec![7]);
    let bad = LocalDocs { item: vec![0, 0, 7], ..local };
    assert_eq!(bad.docs_of_items("430121", &low_income), vec![3, 7]);
}

#[test]
fn the_items_a_query_names_are_those_holding_it_or_its_topic_as_typed_by_sound_or_rewritten() {
    let mut ix = index();
    let mut with = places();
    with.extend(SearchPlace::from_places([("430724", "临澧县", None), ("430724001", "安福街道", Some("430724"))]));
    ix.set_places(with);
    let cases: &[(&str, &[&str])] = &[
        ("低保", &["20-a"]),           // the thesaurus: 最低生活保障
        ("最低生活保障", &["20-a"]),
        ("户籍证明", &["22-c"]),
        ("户集证明", &["22-c"]),       // by sound
        ("dibao", &["20-a"]),          // pinyin of a thesaurus term
        ("安福街道低保", &["20-a"]),   // after a place's name, its topic
        ("安福街道", &[]),             // a name alone names the place, not an item
        ("低", &[]),                   // one character
        ("农机购置", &["23-a"]),
        ("农机补", &[]),               // gapped (农机购置补贴): not named
        ("学生资助", &[]),
    ];
    for (q, want) in cases {
        let plan = ix.plan(q);
        let mut got: Vec<&str> = ix.items_named(&plan).into_iter().map(String::as_str).collect();
        got.sort();
        assert_eq!(got, *want, "{q}");
    }
}

#[test]
fn a_place_s_entries_of_the_items_a_query_names_come_after_its_matches_whatever_the_cap() {
    // The newest 3,000 titles holding 低保 are other places'. 安福街道's are older: one holds 低保,
    // one is filed under 最低生活保障 with a title holding neither, one is under another item, and
    // the oldest says 最低生活保障, which the thesaurus look-up finds.
    let mut titles: Vec<String> = (0..POSTING_CAP).map(|n| format!("第{n}批城乡低保对象名单公示")).collect();
    titles.extend(
        ["安福街道低保初审对象名单公示", "关于调整城乡保障标准的通知", "安福街道职业介绍", "安福街道最低生活保障对象公示"].map(String::from),
    );
    let mut ix = index_of_titles(&titles);
    let mut with = places();
    with.extend(SearchPlace::from_places([("430724", "临澧县", None), ("430724001", "安福街道", Some("430724"))]));
    ix.set_places(with);
    let first = POSTING_CAP as u32;
    let local = LocalDocs {
        format_version: 1,
        places: vec!["430724001".into()],
        docs: delta_encode(&[first, first + 1, first + 2, first + 3]),
        place: vec![0, 0, 0, 0],
        items: vec!["20-a".into(), "23-a".into()],
        item: vec![0, 0, 1, 0],
        files: BTreeMap::new(),
    };
    let older = LocalDocs { items: Vec::new(), item: Vec::new(), ..local.clone() };
    // 本地, on 安福街道's page: what a title says first (the thesaurus look-up runs: its own n-grams
    // find none there), then its other 低保 entries, newest first; not its 职业介绍.
    let plan = ix.plan("低保");
    let here = ix.place_docs(&ix.items_named(&plan), &local, "430724001");
    let all = vec![first, first + 1, first + 2, first + 3];
    assert_eq!(here, PlaceDocs { all, of_items: vec![first, first + 1, first + 3] });
    assert!(ix.needs_fallback_within(&plan, Some(&here)));
    assert_eq!(ix.entry_candidates_within(&plan, Some(&here)), [first + 3, first, first + 1]);
    // An older file names no item: the cut lists hide the rest.
    let before = ix.place_docs(&ix.items_named(&plan), &older, "430724001");
    assert_eq!(ix.entry_candidates_within(&plan, Some(&before)), [first + 3]);
    // The place named, nationwide: its entries of the topic's items, then the others' 低保.
    let plan = ix.plan("安福街道低保");
    assert_eq!(plan.place.as_deref(), Some("430724001"));
    let named = ix.place_docs(&ix.items_named(&plan), &local, "430724001");
    let got = ix.entry_candidates_named(&plan, None, Some(&named));
    assert_eq!(got[..4], [first + 3, first, first + 1, 0], "{:?}", &got[..5]);
    assert!(!got.contains(&(first + 2)));
    let named = ix.place_docs(&ix.items_named(&plan), &older, "430724001");
    assert_eq!(ix.entry_candidates_named(&plan, None, Some(&named))[..2], [first + 3, 0], "before: then the others'");
    // The name alone: the entries holding it, then the rest of the place's, newest first.
    let plan = ix.plan("安福街道");
    let named = ix.place_docs(&ix.items_named(&plan), &local, "430724001");
    assert!(named.of_items.is_empty());
    assert_eq!(ix.entry_candidates_named(&plan, None, Some(&named))[..4], [first, first + 2, first + 3, first + 1]);
}

#[test]
fn a_place_s_own_entries_are_scanned_when_a_list_the_query_looks_up_is_cut() {
    // The newest 3,000 titles holding 2025 are other places'; 安福街道's own are older. Its local file
    // lists them (and names no item a year could name).
    let mut titles: Vec<String> = (0..POSTING_CAP).map(|n| format!("{n}号2025年城乡低保对象名单公示")).collect();
    let own = ["安福街道2025年财政决算公开", "安福街道职业介绍", "关于2025年高素质农民培育发放情况的公示"];
    titles.extend(own.map(String::from));
    let mut ix = index_of_titles(&titles);
    let first = POSTING_CAP as u32;
    let docs = [first, first + 1, first + 2];
    let local = LocalDocs {
        format_version: 1,
        places: vec!["430724001".into()],
        docs: delta_encode(&docs),
        place: vec![0, 0, 0],
        ..LocalDocs::default()
    };
    let here = ix.place_docs(&[], &local, "430724001");
    let plan = ix.plan("2025年");
    assert!(ix.needs_place_entries(&plan.grams), "2025's lists are cut");
    let before = ix.entry_candidates_within(&plan, Some(&here));
    assert!(!before.contains(&first) && !before.contains(&(first + 2)), "{before:?}");

    // Its file: what its entries show, by doc.
    let file = file_of(&docs, own.map(|t| ("430724001", "20-a", t)), NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
    assert_eq!(file.by_doc().into_iter().map(|(d, e)| (d, e.title)).collect::<Vec<_>>()[2], (first + 2, own[2].to_string()));
    ix.add_place_entries("430724001", &file);
    assert!(ix.has_place_entries("430724001"));
    // 本地: both of its 2025 entries, newest first, shown with no fragment file; not its 职业介绍.
    let got = ix.entry_candidates_within(&plan, Some(&here));
    assert_eq!(got[..2], [first, first + 2], "{got:?}");
    assert!(!got.contains(&(first + 1)));
    assert!(ix.missing_fragments(&got[..2]).is_empty());
    assert_eq!(ix.entry_hit(&plan, first + 2).map(|h| h.entry.title).as_deref(), Some(own[2]));
    assert!(!ix.needs_fallback_within(&plan, Some(&here)) || got.len() < ENOUGH_ENTRIES);
    // Nationwide the lists are what they were: the newest 3,000.
    assert!(!ix.entry_candidates(&plan).contains(&first));
    // A query naming it finds them the same way.
    let mut with = places();
    with.extend(SearchPlace::from_places([("430724", "临澧县", None), ("430724001", "安福街道", Some("430724"))]));
    ix.set_places(with);
    let plan = ix.plan("安福街道2025年");
    assert_eq!(plan.place.as_deref(), Some("430724001"));
    let named = ix.place_docs(&[], &local, "430724001");
    assert_eq!(ix.entry_candidates_named(&plan, None, Some(&named))[..2], [first, first + 2]);
    // Lists that are not cut hold every doc: the file is not needed, and adds nothing.
    let plan = ix.plan("职业介绍");
    assert!(!ix.needs_place_entries(&plan.grams));
    assert_eq!(ix.entry_candidates_within(&plan, Some(&here)), [first + 1]);
}

#[test]
fn a_region_s_newest_of_each_item_come_first_on_its_page_and_after_its_name() {
    // The nation's newest 3,000 titles holding 低保 are other cities'; 长沙市's are older, spread
    // over fragment files, and its file holds the newest of each item published there.
    let mut titles: Vec<String> = (0..POSTING_CAP).map(|n| format!("{n}号街道2026年城乡低保对象名单公示")).collect();
    let own = ["星沙街道2026年10月城乡低保对象名单公示", "长沙县特困人员救助供养政策解读", "星沙街道2025年财政决算公开", "长沙县2026年最低生活保障标准"];
    titles.extend(own.map(String::from));
    let mut ix = index_of_titles(&titles);
    let first = POSTING_CAP as u32;
    let docs = [first, first + 1, first + 2, first + 3];
    let rows = [("430121001", "20-a", own[0]), ("430121", "20-b", own[1]), ("430121001", "23-a", own[2]), ("430121", "22-a", own[3])];
    let file = file_of(&docs, rows, NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
    assert_eq!(file.docs_where(None), docs);
    assert_eq!(file.docs_where(Some(&|i: &str| i == "20-b")), [first + 1]);

    // 本地 on 长沙市's page: nationwide, none of its own among the candidates (the scope keeps none
    // of the first batch, and the rest are in as many fragment files as entries).
    let plan = ix.plan("低保");
    assert!(!ix.entry_candidates(&plan)[..ENOUGH_ENTRIES].contains(&first));
    ix.add_place_entries("430100", &file);
    let items = ix.items_named(&plan);
    let region = ix.region_docs(&items, &file);
    assert_eq!(region.all, docs);
    // 低保 names 最低生活保障's item (the thesaurus): its entry whatever its title says.
    assert_eq!(region.of_items, [first]);
    let got = ix.entry_candidates_region(&plan, None, &region);
    // Its title saying 低保, then the one saying 最低生活保障 (what 低保 stands for).
    assert_eq!(got[..2], [first, first + 3], "{got:?}");
    assert!(!got[..4].contains(&(first + 1)) && !got[..4].contains(&(first + 2)), "{got:?}");
    // Shown with no fragment file; the nation's follow, for the scope to keep.
    assert!(ix.missing_fragments(&got[..1]).is_empty());
    assert!(got.contains(&0));
    // Its title's 2025 found by the scan, though 2025's list is cut.
    let plan = ix.plan("2025年");
    let got = ix.entry_candidates_region(&plan, None, &ix.region_docs(&ix.items_named(&plan), &file));
    assert_eq!(got[0], first + 2, "{got:?}");

    // A query naming the city lists them first the same way (a named place's docs).
    ix.set_places(places());
    let plan = ix.plan("长沙市低保");
    assert_eq!(plan.place.as_deref(), Some("430100"));
    // 长沙 is 长沙市's name and 长沙县's, which is in 长沙市: it names the city.
    assert_eq!(ix.plan("长沙低保").place.as_deref(), Some("430100"));
    assert_eq!(ix.plan_in("长沙低保", Some("430121")).place.as_deref(), Some("430121"), "on 长沙县's page, 长沙县");
    let named = ix.region_docs(&ix.items_named(&plan), &file);
    let got = ix.entry_candidates_named(&plan, None, Some(&named));
    assert_eq!(got[0], first, "{got:?}");
    // Its name alone: its entries, newest first.
    let plan = ix.plan("长沙市");
    let named = ix.region_docs(&ix.items_named(&plan), &file);
    assert_eq!(ix.entry_candidates_named(&plan, None, Some(&named))[..4], docs);
}

/// A place's or a region's file ([`FragmentChunk::docs`]): these rows (place, item, title), all of
/// one date, as docs `docs`.
fn file_of<const N: usize>(docs: &[u32], rows: [(&str, &str, &str); N], date: NaiveDate) -> FragmentChunk {
    let rows: Vec<EntryFragment> = rows
        .iter()
        .map(|(place, item, title)| EntryFragment {
            place: place.to_string(),
            item: item.to_string(),
            title: title.to_string(),
            date,
            kind: None,
            sample: false,
            place_name: None,
        })
        .collect();
    FragmentChunk { docs: delta_encode(docs), ..FragmentChunk::from_entries(1, 0, &rows) }
}

/// The posting shards of these titles (doc `i` is title `i`), `bits` bits of n-gram hash per shard.
fn shards_of(titles: &[String], bits: u8) -> BTreeMap<u32, PostingShard> {
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (doc, t) in titles.iter().enumerate() {
        for g in grams(&Fold::default().normalize(t)) {
            postings.entry(g).or_default().push(doc as u32);
        }
    }
    let mut shards: BTreeMap<u32, PostingShard> = BTreeMap::new();
    for (g, mut docs) in postings {
        // As the build does: a common n-gram's list keeps its best (lowest) POSTING_CAP docs.
        docs.truncate(POSTING_CAP);
        shards.entry(shard_of(&g, bits)).or_default().grams.insert(g, format::delta_encode(&docs));
    }
    shards
}

/// The fixture's index with these titles as its entries (doc `n` the `n`th, the first newest), their
/// posting lists in shards of 6 bits, every shard loaded.
fn index_of_titles(titles: &[String]) -> SearchIndex {
    let bits = 6;
    let mut meta = index().meta;
    meta.shard_bits = bits;
    let mut ix = SearchIndex::new(meta, items_file(fixture_items()));
    for (i, s) in shards_of(titles, bits) {
        ix.add_list_page(i, &BTreeMap::new());
        ix.add_shard(i, s);
    }
    ix
}

#[test]
fn whether_relaxed_lookups_run_depends_on_the_query_alone_not_on_shards_loaded_before() {
    // 12 titles hold 助 and 金 (a partial match of 助学金), one holds its thesaurus term 学生资助.
    let mut titles: Vec<String> = (1..=12).map(|n| format!("第{n}批补助资金公示")).collect();
    titles.push("学生资助名单公示".into());
    let bits = 6;
    let shards = shards_of(&titles, bits);
    let mut fresh = index();
    fresh.meta.shard_bits = bits;
    fresh.meta.thesaurus =
        vec![ThesaurusEntry { term: "助学金".into(), canonical: vec!["学生资助".into()], pinyin: "zhuxuejin".into(), initials: "zxj".into() }];
    let mut fresh = SearchIndex::new(fresh.meta.clone(), items_file(fixture_items()));
    let plan = fresh.plan("助学金");
    let relaxed: std::collections::BTreeSet<u32> = plan.relaxed.iter().flatten().map(|g| shard_of(g, bits)).collect();
    // What earlier keystrokes left: the query's own shards and those of its single characters, not
    // those of 学生资助.
    let mut warm = SearchIndex::new(fresh.meta.clone(), items_file(fixture_items()));
    for (i, s) in &shards {
        // Every list page known (it lists no own files), not every shard loaded.
        warm.add_list_page(*i, &BTreeMap::new());
        if !relaxed.contains(i) || plan.shards.contains(i) {
            warm.add_shard(*i, s.clone());
        }
        if plan.shards.contains(i) {
            fresh.add_shard(*i, s.clone());
        }
    }
    assert!(warm.entry_candidates(&plan).len() >= ENOUGH_ENTRIES, "the partial matches alone look like enough");
    for ix in [&fresh, &warm] {
        assert!(ix.needs_fallback(&plan), "助学金 itself is in no title");
    }
    let (pages, files) = warm.missing_postings(&plan.fallback);
    assert!(pages.is_empty() && !files.is_empty(), "学生资助's shards are still to fetch");
}

/// [`index`]'s shards carrying what docs `top` show, and no fragment file loaded.
fn index_showing(top: &[u32]) -> SearchIndex {
    let full = index();
    let entries: Vec<EntryFragment> = top.iter().map(|&d| full.fragment(d).unwrap()).collect();
    let mut ix = SearchIndex::new(full.meta.clone(), items_file(fixture_items()));
    ix.set_places(places());
    for (i, shard) in full.shards.iter() {
        let mut shard = (**shard).clone();
        shard.top = format::delta_encode(top);
        shard.top_entries = Some(FragmentChunk::from_entries(1, 0, &entries));
        ix.add_shard(*i, shard);
    }
    ix
}

#[test]
fn the_first_docs_of_a_shard_show_without_their_fragment_file_and_the_same() {
    let with_files = index();
    // (docs the shards show, query, fragment chunks still to fetch for its candidates)
    let cases: &[(&[u32], &str, &[u32])] = &[
        (&[0, 1, 2], "低保名单", &[]),
        (&[0, 1, 2], "出生登记", &[]),
        (&[0], "低保名单", &[1]),
        (&[2], "低保名单", &[0]),
        (&[], "低保名单", &[0, 1]),
    ];
    for (top, q, missing) in cases {
        let ix = index_showing(top);
        let plan = ix.plan(q);
        let docs = ix.entry_candidates(&plan);
        assert_eq!(docs, with_files.entry_candidates(&plan), "{q}");
        assert_eq!(ix.missing_fragments(&docs), *missing, "{q} with {top:?} shown");
        for &d in docs.iter().filter(|d| top.contains(d)) {
            assert_eq!(ix.entry_hit(&plan, d), with_files.entry_hit(&plan, d), "{q}: doc {d}");
        }
    }
}

#[test]
fn a_shard_whose_shown_rows_are_short_leaves_those_docs_to_their_fragment_file() {
    let mut ix = index_showing(&[0, 2]);
    let plan = ix.plan("低保名单");
    assert!(ix.missing_fragments(&[0, 2]).is_empty());
    // Two docs listed, one row: the second is fetched, not shown from a row that is not its own.
    let shard = PostingShard {
        format_version: 1,
        grams: format::Grams::default(),
        top: format::delta_encode(&[0, 2]),
        top_entries: Some(FragmentChunk::from_entries(1, 0, &[index().fragment(0).unwrap()])),
    };
    assert_eq!(shard.top_entries().into_iter().map(|(d, _)| d).collect::<Vec<_>>(), vec![0]);
    let mut fresh = SearchIndex::new(ix.meta.clone(), items_file(fixture_items()));
    fresh.add_shard(0, shard);
    assert_eq!(fresh.missing_fragments(&[0, 2]), vec![1]);
    // A chunk loaded later reads the same as the shard's row.
    ix.add_fragments(0, index().fragments.get(&0).unwrap().clone());
    assert_eq!(ix.entry_hit(&plan, 0), index().entry_hit(&plan, 0));
}

#[test]
fn the_items_files_places_are_three_columns_that_read_back_as_written() {
    let row = |code: &str, name: &str, parent: Option<u32>| PlaceRow(code.into(), name.into(), parent);
    // (rows, the codes column, the parents column)
    let cases = [
        (vec![], "", ""),
        (vec![row("430000", "湖南省", None)], "0430000", ""),
        (
            vec![
                row("430000", "湖南省", None),
                row("430100", "长沙市", Some(0)),
                row("430102", "芙蓉区", Some(1)),
                row("430121", "长沙县", Some(1)),
                row("430121001", "星沙街道", Some(3)),
                row("430122", "望城区", Some(1)),
                row("429004", "仙桃市", None),
            ],
            "0430000,3100,52,421,6001,52,129004",
            ",1,1,2,1,4,",
        ),
        // A place listed before its parent's row, or naming itself, has no parent.
        (vec![row("110000", "北京市", Some(0)), row("110100", "市辖区", Some(5))], "0110000,3100", ","),
    ];
    for (rows, codes, parents) in cases {
        let mut file = items_file(vec![]);
        file.set_places(&rows);
        assert_eq!((file.place_codes.as_str(), file.place_parents.as_str()), (codes, parents), "{rows:?}");
        let expected: Vec<PlaceRow> =
            rows.iter().enumerate().map(|(i, r)| PlaceRow(r.0.clone(), r.1.clone(), r.2.filter(|&p| (p as usize) < i))).collect();
        assert_eq!(file.places(), expected);
    }
    // A malformed column ends the list where it goes wrong; the rows before it stay.
    let mut file = items_file(vec![]);
    file.place_names = vec!["湖南省".into(), "长沙市".into(), "芙蓉区".into()];
    file.place_codes = "0430000,9100,52".into();
    file.place_parents = ",x,1".into();
    assert_eq!(file.places(), vec![PlaceRow("430000".into(), "湖南省".into(), None)]);
    file.place_codes = "0430000,3100".into();
    assert_eq!(file.places().len(), 2, "no code, no place");
    assert_eq!(file.places()[1].2, None, "x is no row offset");
    // The catalog owners are written the same way, as one string, and read back as the list.
    for (owners, written) in [
        (vec![], ""),
        (vec!["430100", "430121", "430121001", "430181", "430300"], "0430100,421,6001,481,3300"),
        (vec!["110100", "110100"], "0110100,50"),
    ] {
        let file = SearchItems { owners: owners.iter().map(|o| o.to_string()).collect(), ..items_file(vec![]) };
        let json = serde_json::to_value(&file).unwrap();
        assert_eq!(json["owners"], written, "{owners:?}");
        let back: SearchItems = serde_json::from_value(json).unwrap();
        assert_eq!(back.owners, owners, "{written}");
    }
    assert_eq!(format::decode_codes("0430100,9121,4181"), ["430100"], "a malformed code ends the list");
}

#[test]
fn the_items_file_carries_no_item_ids_and_reading_it_gives_them_back() {
    let path = ["最低生活保障", "政策文件"];
    let mut file = items_file(vec![item("x", 20, &path, "zui di sheng huo bao zhang zheng ce wen jian")]);
    file.items[0].id = crate::item_id(20, &path);
    let json = serde_json::to_string(&file).unwrap();
    assert!(!json.contains("\"id\"") && !json.contains(&file.items[0].id), "{json}");
    let back: SearchItems = crate::decode_json("search/items.x.json", json.as_bytes()).unwrap();
    assert_eq!(back.items, file.items);
    assert_eq!(back.items[0].id, crate::item_id(20, &path));
}

#[test]
fn the_items_files_pinyin_is_grouped_by_syllable_and_reads_back_as_the_table() {
    // (readings, grouped as written, sounds) → the table: ascending by character; a character the
    // items file reads keeps that reading when the sounds read it too.
    let cases: &[(&[(char, &str)], &str, &str, &[(char, &str)])] = &[
        (&[], "", "", &[]),
        (&[('保', "bao"), ('低', "di"), ('底', "di")], "bao保di低底", "", &[('低', "di"), ('保', "bao"), ('底', "di")]),
        (&[('长', "chang")], "chang长", "zhang长张", &[('张', "zhang"), ('长', "chang")]),
        // ü is written v; an empty or unwritable syllable is not listed.
        (&[('女', "nv"), ('〇', ""), ('x', "X")], "nv女", "", &[('女', "nv")]),
    ];
    for (readings, grouped, sounds, table) in cases {
        let readings: BTreeMap<char, String> = readings.iter().map(|(c, s)| (*c, s.to_string())).collect();
        assert_eq!(format::group_sounds(&readings), *grouped, "{readings:?}");
        let items = SearchItems { pinyin: grouped.to_string(), sounds: sounds.to_string(), ..items_file(Vec::new()) };
        let mut want: Vec<(char, String)> = table.iter().map(|(c, s)| (*c, s.to_string())).collect();
        want.sort();
        let got = items.pinyin_table();
        assert_eq!(got.0.iter().copied().zip(got.1.iter().cloned()).collect::<Vec<_>>(), want, "{grouped} + {sounds}");
    }
}

#[test]
fn entry_docs_are_counted_by_merging_and_ranked_as_by_sorting() {
    use super::rank::{best_candidates, count_docs};
    // What docs_matching did before: every list's docs together, sorted, each run counted; then
    // most-held first, lowest id first.
    fn by_sorting(lists: &[&[u32]], need: usize) -> Vec<u32> {
        let mut all: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        all.sort();
        let mut counted: Vec<(usize, u32)> = Vec::new();
        for d in all {
            match counted.last_mut() {
                Some((n, last)) if *last == d => *n += 1,
                _ => counted.push((1, d)),
            }
        }
        counted.retain(|&(n, _)| n >= need);
        counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        counted.truncate(CANDIDATE_CAP);
        counted.into_iter().map(|(_, d)| d).collect()
    }
    let long: Vec<u32> = (0..2500).map(|i| i * 2).collect();
    let other: Vec<u32> = (0..2500).map(|i| i * 3).collect();
    let cases: &[(&[&[u32]], usize)] = &[
        (&[], 1),
        (&[&[]], 1),
        (&[&[4, 9], &[]], 1),
        (&[&[1, 5, 9], &[5, 9, 12], &[0, 9]], 1),
        (&[&[1, 5, 9], &[5, 9, 12], &[0, 9]], 2),
        (&[&[1, 5, 9], &[5, 9, 12], &[0, 9]], 3),
        // A list holding a doc twice (a malformed list decodes to repeats, never to descents), and
        // the same n-gram's list twice: each counts.
        (&[&[3, 3, 7], &[3], &[7, 8]], 2),
        (&[&[2, 6], &[2, 6]], 2),
        // Past CANDIDATE_CAP: the most held are kept, lowest ids first.
        (&[&long, &other], 1),
        (&[&long, &other, &[6000, 6001, 6002]], 2),
    ];
    for (lists, need) in cases {
        let counted = count_docs(lists.iter().map(|l| l.iter().copied()));
        assert!(counted.windows(2).all(|w| w[0].1 < w[1].1), "ascending, each doc once: {lists:?}");
        let got = best_candidates(counted.into_iter().filter(|&(n, _)| n >= *need).collect());
        assert_eq!(got, by_sorting(lists, *need), "{lists:?} need {need}");
    }
}

#[test]
fn a_query_starting_with_a_thesaurus_word_does_not_start_with_the_place_its_first_characters_name() {
    // 新生乡 (新生 for short) and the thesaurus's 新生儿落户 → 出生登记: 新生儿落户 is about birth
    // registration, not that township; a former name (新沙镇 → 新沙街道) still names its place.
    let mut meta = index().meta;
    for (term, canonical) in [("新生儿落户", "出生登记"), ("新沙镇", "新沙街道")] {
        meta.thesaurus.push(ThesaurusEntry { term: term.into(), canonical: vec![canonical.into()], pinyin: String::new(), initials: String::new() });
    }
    let mut ix = SearchIndex::new(meta, items_file(fixture_items()));
    let mut with = places();
    with.extend(SearchPlace::from_places([("230231", "拜泉县", None), ("230231200", "新生乡", Some("230231")), ("430121010", "新沙街道", Some("430121"))]));
    ix.set_places(with);
    let found = |q: &str| -> Vec<String> { ix.search_places(&ix.plan(q), 5).into_iter().map(|h| ix.places[h.place].name.clone()).collect() };
    for q in ["新生儿落户", "新生儿"] {
        let plan = ix.plan(q);
        assert_eq!((plan.place.as_deref(), plan.topic.as_deref()), (None, None), "{q}");
        assert!(!found(q).contains(&"新生乡".to_string()), "{q}: {:?}", found(q));
    }
    assert!(ix.search_items(&ix.plan("新生儿落户"), &|_| true, 5).iter().any(|h| h.text.contains("出生登记")));
    // The township by its name, or followed by a topic.
    assert_eq!(found("新生"), ["新生乡"]);
    let plan = ix.plan("新生乡低保");
    assert_eq!((plan.place.as_deref(), plan.topic.as_deref()), (Some("230231200"), Some("低保")));
    assert_eq!(ix.plan("新生低保").place.as_deref(), Some("230231200"));
    // A former name is no topic's word: 新沙镇低保 still starts with 新沙街道.
    assert_eq!(ix.plan("新沙镇低保").place.as_deref(), Some("430121010"));
}

#[test]
fn the_place_a_query_names_is_its_whole_name_or_the_name_it_starts_with_and_only_one() {
    let mut ix = index();
    let mut with = places();
    // Two places named 东城街道: neither is the one a query means.
    with.extend(SearchPlace::from_places([
        ("110101", "东城区", None),
        ("110101001", "东城街道", Some("110101")),
        ("430121009", "东城街道", Some("430121")),
    ]));
    ix.set_places(with);
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("星沙街道", Some("430121001"), None),
        ("星沙", Some("430121001"), None), // its alias
        ("长沙县", Some("430121"), None),
        ("星沙街道低保", Some("430121001"), Some("低保")),
        ("长沙县星沙", Some("430121"), Some("星沙")),
        ("长沙", Some("430100"), None), // 长沙市 and 长沙县, which is in it: the city
        ("东城街道", None, None),
        ("东城街道低保", None, Some("低保")),
        ("东城区", Some("110101"), None),
        ("星沙街", None, None),
        ("低保", None, None),
        // Spelled: one place's name whole.
        ("xingsha", Some("430121001"), None),
        ("xsjd", Some("430121001"), None),
        ("changsha", Some("430100"), None), // 长沙市 and 长沙县 in it: the city
        ("dibao", None, None),
    ];
    for (q, place, topic) in cases {
        let plan = ix.plan(q);
        assert_eq!((plan.place.as_deref(), plan.topic.as_deref()), (*place, *topic), "{q}");
    }
    // In a search narrowed to a place (本地), a shared name names the one within it, if only one is.
    let scoped: &[(&str, &str, Option<&str>)] = &[
        ("东城街道", "110101", Some("110101001")),
        ("东城街道低保", "430121", Some("430121009")),
        ("东城街道", "430100", Some("430121009")), // the city holding 长沙县
        ("东城街道", "440000", None),
        ("长沙", "430121", Some("430121")),        // 长沙县 is within it, 长沙市 is not
        ("长沙", "430100", Some("430100")),        // both are: the outer one
        ("星沙街道", "110101", Some("430121001")), // one place of that name anywhere: that one
    ];
    for (q, scope, place) in scoped {
        assert_eq!(ix.plan_in(q, Some(scope)).place.as_deref(), *place, "{q} in {scope}");
    }
    // The places found list it first of the two; without a scope, by code.
    let first = |plan: &QueryPlan| ix.places[ix.search_places(plan, SHOWN_PLACES)[0].place].code.clone();
    assert_eq!(first(&ix.plan_in("东城街道", Some("430121"))), "430121009");
    assert_eq!(first(&ix.plan("东城街道")), "110101001");
}

#[test]
fn a_named_place_s_entries_come_first_those_the_query_finds_then_the_rest_when_named_alone() {
    // 金沙街道's newest entries (enough of 低保 nationwide), then 小沙街道's, 3,000 in all: 沙街's
    // and 街道's lists are cut there (the cap). 星沙街道's four are older: one holds 低保, one
    // 最低生活保障, one names no place. Before, 星沙街道 found the others' entries (沙街, 街道: two
    // n-grams of three) and none of its own (星沙 alone).
    let mut titles: Vec<String> = (0..ENOUGH_ENTRIES).map(|n| format!("金沙街道第{n}批低保名单公示")).collect();
    titles.extend((ENOUGH_ENTRIES..POSTING_CAP).map(|n| format!("小沙街道第{n}期公告")));
    titles.extend(["星沙街道低保名单公示", "星沙街道惠民资金公开", "关于印发工作方案的通知", "星沙街道最低生活保障对象公示"].map(String::from));
    let mut ix = index_of_titles(&titles);
    ix.set_places(places());
    let first = POSTING_CAP as u32;
    let named = &docs_of(&[first, first + 1, first + 2, first + 3]);
    let cases: &[(&str, Option<&[u32]>, &[u32])] = &[
        // The name alone: what its n-grams find there (here nothing: 沙街's and 街道's lists end
        // before), then the rest of the place's, newest first, then the others.
        ("星沙街道", None, &[first, first + 1, first + 2, first + 3, 0]),
        // Its alias: what holds 星沙 first (all four), no other place holds it.
        ("星沙", None, &[first, first + 1, first + 3, first + 2]),
        // After the name, what the topic finds there first (金沙街道's is newer), then what it
        // stands for there (too few found it); the place's others are not shown for it.
        ("星沙街道低保", None, &[first, first + 3, 0]),
        // 本地 somewhere else: nothing of 星沙街道's.
        ("星沙街道", Some(&[5, 7]), &[5, 7]),
    ];
    for (q, within, want) in cases {
        let plan = ix.plan(q);
        assert_eq!(plan.place.as_deref(), Some("430121001"), "{q}");
        let got = ix.entry_candidates_named(&plan, within.map(docs_of).as_ref(), Some(named));
        assert_eq!(&got[..want.len().min(got.len())], *want, "{q} within {within:?}");
        assert!(got.windows(2).all(|w| w[0] != w[1]) && got.len() <= CANDIDATE_CAP);
    }
    // Those look-ups' lists are fetched when the place has too few of the topic's own.
    let plan = ix.plan("星沙街道低保");
    assert!(!ix.needs_fallback(&plan) && ix.needs_fallback_named(&plan, None, Some(named)));
    assert!(plan.topic_relaxed.iter().flatten().all(|g| plan.fallback.contains(g)));
    // No place named (or its county's file not loaded): as before.
    let plan = ix.plan("星沙街道");
    assert_eq!(ix.entry_candidates_named(&plan, None, None), ix.entry_candidates(&plan));
    assert!(!ix.entry_candidates(&plan)[..8].iter().any(|d| named.all.contains(d)), "the cut lists hide them");
}

/// A place's docs with no item named.
fn docs_of(all: &[u32]) -> PlaceDocs {
    PlaceDocs { all: all.to_vec(), of_items: Vec::new() }
}

#[test]
fn a_name_a_few_places_share_names_them_all_and_their_entries_come_first_together() {
    // Nationally 朝阳区入学 listed the nation's 入学 entries: two 朝阳区 (北京's, 长春's), neither
    // within the other, so the query named none. A name a few places share names them all (their
    // entries first together); a name many share (城关镇) names none.
    let titles: Vec<String> = ["北京朝阳区入学通知", "长春朝阳区入学公告", "某县入学通知", "东城街道入学须知", "东城街道低保公示"].map(String::from).to_vec();
    let mut ix = index_of_titles(&titles);
    let mut with = places();
    with.extend(SearchPlace::from_places([
        ("110101", "东城区", None),
        ("110101001", "东城街道", Some("110101")),
        ("430121009", "东城街道", Some("430121")),
    ]));
    // One more 城关镇 than a query names together.
    let codes: Vec<String> = (0..=NAMESAKES).map(|n| format!("43012110{n}")).collect();
    with.extend(SearchPlace::from_places(codes.iter().map(|c| (c.as_str(), "城关镇", Some("430121")))));
    ix.set_places(with);
    let cases: &[(&str, Option<&str>, &[&str], Option<&str>)] = &[
        ("东城街道", None, &["110101001", "430121009"], None),
        ("东城街道入学", None, &["110101001", "430121009"], Some("入学")),
        // 本地 picks the one within it.
        ("东城街道入学", Some("430121"), &[], Some("入学")),
        ("城关镇", None, &[], None),
        ("城关镇低保", None, &[], Some("低保")),
        ("星沙街道", None, &[], None),
    ];
    for (q, scope, namesakes, topic) in cases {
        let plan = ix.plan_in(q, *scope);
        let named: Vec<&str> = plan.namesakes.iter().map(String::as_str).collect();
        assert_eq!((named.as_slice(), plan.topic.as_deref()), (*namesakes, *topic), "{q} in {scope:?}");
        assert!(plan.namesakes.is_empty() || plan.place.is_none(), "{q}: one place, or its namesakes");
    }
    assert_eq!(ix.plan_in("东城街道入学", Some("430121")).place.as_deref(), Some("430121009"));
    // Their docs together, ascending, each once.
    let (a, b) = (PlaceDocs { all: vec![0, 3], of_items: vec![3] }, PlaceDocs { all: vec![1, 3, 4], of_items: vec![4] });
    let both = PlaceDocs::union([a, b]).unwrap();
    assert_eq!(both, PlaceDocs { all: vec![0, 1, 3, 4], of_items: vec![3, 4] });
    assert_eq!(PlaceDocs::union([]), None);
    // The namesakes' entries the topic finds, before the others'. (Doc ids: the titles' order.)
    let plan = ix.plan("东城街道入学");
    let got = ix.entry_candidates_named(&plan, None, Some(&docs_of(&[3, 4])));
    assert_eq!(got[0], 3, "{got:?}");
    assert!(got[1..].iter().all(|&d| d != 3) && got.contains(&0) && got.contains(&1));
    // A name alone: no item is named, the namesakes' own entries are what it finds.
    assert!(ix.items_named(&ix.plan("东城街道")).is_empty());
    // Both are among the places found, followed by a topic too.
    let found = |q: &str| -> Vec<String> { ix.search_places(&ix.plan(q), SHOWN_PLACES).into_iter().map(|h| ix.places[h.place].code.clone()).collect() };
    assert_eq!(found("东城街道入学"), ["110101001", "430121009"]);
}

#[test]
fn the_index_maps_by_number_keep_one_value_per_key_in_key_order() {
    use super::rank::IdMap;
    // (before, added, after): merged when the added are ascending, one by one when not; a key added
    // again takes the new value, as the BTreeMap it replaced did.
    let cases: [(&[(u32, char)], &[(u32, char)], &[(u32, char)]); 6] = [
        (&[], &[], &[]),
        (&[], &[(3, 'a'), (7, 'b')], &[(3, 'a'), (7, 'b')]),
        (&[(1, 'x'), (5, 'y'), (9, 'z')], &[(0, 'a'), (5, 'b'), (6, 'c'), (10, 'd')], &[(0, 'a'), (1, 'x'), (5, 'b'), (6, 'c'), (9, 'z'), (10, 'd')]),
        (&[(4, 'x')], &[(9, 'a'), (2, 'b'), (4, 'c')], &[(2, 'b'), (4, 'c'), (9, 'a')]),
        (&[(4, 'x')], &[(4, 'a'), (4, 'b')], &[(4, 'b')]),
        (&[(1, 'x'), (2, 'y')], &[(3, 'a')], &[(1, 'x'), (2, 'y'), (3, 'a')]),
    ];
    for (before, added, after) in cases {
        let mut m = IdMap::default();
        for &(k, v) in before {
            m.insert(k, v);
        }
        m.merge(added.to_vec());
        let got: Vec<(u32, char)> = m.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(got, after, "{before:?} + {added:?}");
        for &(k, v) in after {
            assert_eq!(m.get(&k), Some(&v));
        }
        assert!(!m.contains_key(&99) && m.get(&8).is_none());
    }
}

#[test]
fn a_shards_posting_lists_read_as_the_map_they_are_written_as() {
    // (JSON, the n-grams with their lists in order): in order as the build writes them; out of order
    // and with a repeated n-gram (its last list), as a map reads them.
    let cases: [(&str, &[(&str, &[u32])]); 4] = [
        (r#"{}"#, &[]),
        (r#"{"低保":[1,2],"最低":[3]}"#, &[("低保", &[1, 2]), ("最低", &[3])]),
        (r#"{"最低":[3],"低保":[1],"保障":[]}"#, &[("低保", &[1]), ("保障", &[]), ("最低", &[3])]),
        (r#"{"低保":[1],"最低":[3],"低保":[9,9]}"#, &[("低保", &[9, 9]), ("最低", &[3])]),
    ];
    for (json, want) in cases {
        let g: format::Grams = serde_json::from_str(json).unwrap();
        let as_map: BTreeMap<String, Vec<u32>> = serde_json::from_str(json).unwrap();
        let got: Vec<(&str, &[u32])> = as_map.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect();
        assert_eq!(got, want, "{json}: the map");
        for (gram, docs) in want {
            assert_eq!(g.get(*gram).map(Vec::as_slice), Some(*docs), "{json}: {gram}");
        }
        assert!(!g.contains_key("生活") && g.values().count() == want.len(), "{json}");
        // Written back as the map is.
        assert_eq!(serde_json::to_string(&g).unwrap(), serde_json::to_string(&as_map).unwrap(), "{json}");
    }
    assert!(serde_json::from_str::<format::Grams>("[]").is_err(), "an object, nothing else");
}

#[test]
fn a_place_spelled_in_pinyin_looks_its_name_up_in_the_entries() {
    // xingsha found 星沙街道 among the places, but the entries only where a thesaurus row named the
    // place (星沙镇 → 星沙街道, in 长沙县's): nationally none does, and its entries were those of 沙
    // anywhere (小沙街道, 金沙街道 …). With the township in the items file or in a township file alike.
    let whole = index();
    for q in ["xingsha", "xing sha", "XingSha"] {
        let (mut ix, files) = town_index();
        load_towns(&mut ix, &files, q);
        for (ix, how) in [(&whole, "items file"), (&ix, "township file")] {
            assert_eq!(ix.plan(q).grams, ["星沙"], "{q} ({how})");
        }
    }
    let (mut ix, files) = town_index();
    load_towns(&mut ix, &files, "xsjd");
    assert_eq!(ix.plan("xsjd").grams, ["星沙", "沙街", "街道"], "by its initials");
    // Not a place's start, nor three letters, nor its syllables whole (changsh is not 长沙, as
    // xingsha is not 兴山 xing shan): nothing spelled.
    for q in ["shajie", "xsj", "changsh", "xingshaj"] {
        assert!(whole.plan(q).grams.is_empty(), "{q}: {:?}", whole.plan(q).grams);
    }
    // What the thesaurus resolves, and what it stands for, before a place that sounds the same:
    // dibao is 低保 (最低生活保障) before 底宝镇.
    let mut ix = index();
    let mut with = places();
    with.extend(SearchPlace::from_places([("430121", "长沙县", None), ("430121003", "底宝镇", Some("430121"))]).pop());
    ix.set_places(with);
    let plan = ix.plan("dibao");
    assert_eq!(plan.grams, ["低保"]);
    let at = |g: &str| plan.relaxed.iter().position(|set| set.iter().any(|x| x == g));
    assert!(at("生活").unwrap() < at("底宝").unwrap(), "{:?}", plan.relaxed);
    assert!(plan.resolved.contains(&"底宝".to_string()), "marked where an entry names it");
    // And it names no place: its entries do not come first (nationally yufang, 预防, named 余坊乡 and
    // listed that township's every entry, 养老 and 法律援助 alike). What spells no word names it.
    assert_eq!(plan.place, None);
    assert_eq!(ix.plan("xingsha").place.as_deref(), Some("430121001"));
    // A place's former name in the thesaurus is no topic: xingsha, read as 星沙镇 (星沙街道's former
    // name), still names 星沙街道 (dibao, read as 低保, a topic, named none above).
    let mut meta = index().meta;
    meta.thesaurus.push(ThesaurusEntry {
        term: "星沙镇".into(),
        canonical: vec!["星沙街道".into()],
        pinyin: String::new(),
        initials: String::new(),
    });
    let mut ix = SearchIndex::new(meta, items_file(fixture_items()));
    ix.set_places(places());
    let plan = ix.plan("xingsha");
    assert!(plan.resolved.contains(&"星沙镇".to_string()), "{:?}", plan.resolved);
    assert_eq!(plan.place.as_deref(), Some("430121001"));
}

#[test]
fn in_the_local_scope_the_relaxed_lookups_run_when_the_place_has_too_few_matches() {
    // 低保 is in twelve titles elsewhere, enough nationwide; 南磨房地区 (doc 12) wrote 最低生活保障,
    // which only the thesaurus look-up finds. In its 本地 scope that look-up must run.
    let mut titles: Vec<String> = (1..=12).map(|n| format!("第{n}批城乡低保对象名单公示")).collect();
    titles.push("南磨房地区最低生活保障申请初审情况公示".into());
    let ix = index_of_titles(&titles);
    let plan = ix.plan("低保");
    let here: &[u32] = &[12];
    assert!(!ix.needs_fallback(&plan), "twelve titles nationwide are enough");
    assert!(!ix.entry_candidates(&plan).contains(&12));
    assert!(ix.needs_fallback_within(&plan, Some(&docs_of(here))), "none of the place's own");
    assert_eq!(ix.entry_candidates_within(&plan, Some(&docs_of(here))), [12]);
    // Another place's scope keeps only its own docs, of the direct matches.
    assert_eq!(ix.entry_candidates_within(&plan, Some(&docs_of(&[3, 5]))), [3, 5]);
}

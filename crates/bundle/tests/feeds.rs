//! The Atom feeds: valid Atom as a maintained parser (feed-rs) reads it, one per place and per place ×
//! domain with entries (domains above townships only), newest first, and the same bytes from the same
//! sources.

mod support;

use gongkai_bundle::feeds::{feed_path, FEED_ENTRIES};
use support::*;

fn parse(bundle: &gongkai_bundle::build::Bundle, path: &str) -> feed_rs::model::Feed {
    let bytes = bundle.writer.file(path).unwrap_or_else(|| panic!("no {path}"));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{path} is not a valid feed: {e}"))
}

const ENTRIES: &str = "430121001,社会救助,最低生活保障,政策,,星沙街道低保政策 <解读> & 问答,2024-05-01,https://example.gov.cn/a.html?x=1&y=2
430121,社会救助,最低生活保障,审批信息,,长沙县2024年6月低保名单,2024-06-30,
430121102,户籍管理,出生登记,出生登记,,黄兴镇出生登记办事指南,2024-06-30,
430181001,社会救助,浏阳特色,助学救助,,淮川街道助学救助名单,2024-03-02,https://example.gov.cn/b.html
";

#[test]
fn every_place_with_entries_has_a_valid_atom_feed_of_its_own_and_its_townships_entries() {
    let tmp = source("feeds", ENTRIES);
    let dir = tmp.path();
    let outcome = build(dir);
    assert_eq!(errors(&outcome), Vec::<String>::new());
    let b = outcome.bundle.unwrap();
    let files = b.writer.files();
    let titles = |f: &feed_rs::model::Feed| f.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect::<Vec<_>>();

    let county = parse(&b, "feeds/430121.xml");
    assert_eq!(county.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(county.id, "tag:gongkai,2017:feed/430121");
    assert_eq!(county.title.as_ref().unwrap().content, "长沙县 · 政务公开发布信息");
    // Newest first; one day's entries by title; the township's entries are in the county's feed.
    assert_eq!(titles(&county), ["长沙县2024年6月低保名单", "黄兴镇出生登记办事指南", "星沙街道低保政策 <解读> & 问答"]);
    assert_eq!(county.updated.unwrap().to_rfc3339(), "2024-06-29T16:00:00+00:00", "the newest entry's date, midnight in China");
    let escaped = &county.entries[2];
    assert_eq!(escaped.links[0].href, "https://example.gov.cn/a.html?x=1&y=2");
    assert_eq!(escaped.id, parse(&b, "feeds/430121001.xml").entries[0].id, "an entry has one id in every feed");
    assert!(escaped.id.starts_with("tag:gongkai,2017:entry/430121001/"), "{}", escaped.id);
    // An entry without a link leads to its item page in the app, relative to the feed.
    let no_link = &county.entries[0].links[0].href;
    assert!(no_link.starts_with("../../?place=430121&item=20-"), "{no_link}");
    assert_eq!(county.entries[0].summary.as_ref().unwrap().content, "长沙县 · 社会救助 · 最低生活保障 › 审批信息");

    let city = parse(&b, "feeds/430100.xml");
    assert_eq!(city.entries.len(), 4, "a city's feed has its counties' and townships' entries");
    let domain = parse(&b, &feed_path("430121", Some(22)));
    assert_eq!(titles(&domain), ["黄兴镇出生登记办事指南"]);
    assert_eq!(domain.id, "tag:gongkai,2017:feed/430121/22");
    assert_eq!(domain.categories.len(), 0);
    assert_eq!(domain.entries[0].categories[0].term, "22");

    // No feed where nothing was published, nor for a domain without entries, nor a township's domain
    // feed (a national bundle would have a million): a township has its place feed.
    for missing in ["feeds/430181002.xml", "feeds/430121-3.xml", "feeds/430181001-22.xml", "feeds/430121001-20.xml"] {
        assert!(!files.contains_key(missing), "{missing}");
    }
    // Every feed file parses, and none is listed in the manifest (the app never loads them).
    let feeds: Vec<&String> = files.keys().filter(|k| k.starts_with("feeds/")).collect();
    let want = [
        "430100", "430100-20", "430100-22", "430121", "430121-20", "430121-22", "430121001", "430121102", "430181",
        "430181-20", "430181001",
    ];
    let mut want: Vec<String> = want.iter().map(|s| format!("feeds/{s}.xml")).collect();
    want.sort();
    assert_eq!(feeds, want.iter().collect::<Vec<_>>());
    for f in &feeds {
        parse(&b, f);
        assert!(!b.manifest.files.contains_key(*f), "{f}");
    }
    // The manifest tells the app exactly which feeds exist, so it never links a missing one.
    for p in &b.places {
        for d in std::iter::once(None).chain((1..=26).map(Some)) {
            assert_eq!(p.feed(d).is_some(), files.contains_key(&feed_path(&p.code, d)), "{} {d:?}", p.code);
        }
    }
}

#[test]
fn a_feed_holds_the_newest_entries_only_and_the_same_sources_give_the_same_bytes() {
    let many: String = (1..=FEED_ENTRIES + 5)
        .map(|d| format!("430121,社会救助,最低生活保障,审批信息,,第{d}期名单,2024-01-{:02},\n", d))
        .collect();
    let one = build(source("feeds-a", &many).path()).bundle.unwrap();
    let two = build(source("feeds-b", &many).path()).bundle.unwrap();
    let feed = parse(&one, "feeds/430121.xml");
    assert_eq!(feed.entries.len(), FEED_ENTRIES);
    assert_eq!(feed.entries[0].title.as_ref().unwrap().content, format!("第{}期名单", FEED_ENTRIES + 5));
    let feeds = |b: &gongkai_bundle::build::Bundle| b.writer.files().iter().filter(|(k, _)| k.starts_with("feeds/")).map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    assert_eq!(feeds(&one), feeds(&two));
}

#[test]
fn an_entry_marked_sample_says_so_in_its_feed_title_and_keeps_its_id() {
    let tmp = source("feeds-sample", "");
    let dir = tmp.path();
    let header = "地区代码,领域,一级事项,二级事项,三级事项,标题,发布日期,链接,示例\n";
    let row = "430121,社会救助,最低生活保障,审批信息,,长沙县2024年6月低保名单,2024-06-30,";
    write(dir, "entries/entries.csv", &format!("{header}{row},是\n"));
    let sample = parse(&build(dir).bundle.unwrap(), "feeds/430121.xml");
    assert_eq!(sample.entries[0].title.as_ref().unwrap().content, "长沙县2024年6月低保名单（示例）");
    write(dir, "entries/entries.csv", &format!("{header}{row},\n"));
    let real = parse(&build(dir).bundle.unwrap(), "feeds/430121.xml");
    assert_eq!(real.entries[0].title.as_ref().unwrap().content, "长沙县2024年6月低保名单");
    assert_eq!(sample.entries[0].id, real.entries[0].id);
}

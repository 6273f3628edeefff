//! Atom feeds (精准推送 for a static site): `feeds/<place>.xml` with the newest entries published by a
//! place and the places below it, and `feeds/<place>-<domain>.xml` with the same for one domain (only
//! where there is an entry). A citizen subscribes in a feed reader; the host serves plain files.
//!
//! Deterministic like every bundle file: ids are tag URIs made from the entry itself, `updated` is the
//! newest entry's date (never the build's clock), and ties are broken by title, item and place. Every
//! link is relative (the feeds sit in `<site>/data/feeds/`, the app at `<site>/`), so the feeds work
//! from any sub-path.

use crate::register::Register;
use crate::write::BundleWriter;
use gongkai_catalog::hash::sha256_hex;
use gongkai_catalog::{Catalog, Domain, PlaceEntries, PlaceKind, PublishedEntry};
use std::collections::BTreeMap;

/// Entries per feed: the newest ones; a reader polls often, so older ones are already known.
pub const FEED_ENTRIES: usize = 20;

/// The tagging entity of every feed and entry id (RFC 4151).
const TAG: &str = "tag:gongkai,2017:";

pub use gongkai_catalog::feed_path;

struct Ctx<'a> {
    names: BTreeMap<&'a str, &'a str>,
    items: BTreeMap<&'a str, &'a [String]>,
    dataset_title: &'a str,
}

/// A feed's candidates: (place, entry), cut to the newest [`FEED_ENTRIES`] now and then.
type Candidates = Vec<(String, PublishedEntry)>;

/// The feeds, written place by place as the build goes: each place's newest entries (and per domain)
/// are carried up to the feeds of the places above it, which are written once no place below them is
/// left to come. Memory holds the newest [`FEED_ENTRIES`] of the feeds still open, never all entries.
///
/// Domain feeds are written for places that have places below them (county, city, province, nation),
/// not for townships: a national bundle would otherwise hold a million of them (41,352 townships × 26
/// domains). A township's page offers its place feed instead (`Place::feed` says which exist).
pub struct FeedWriter<'a> {
    ctx: Ctx<'a>,
    register: &'a Register,
    /// Open feeds, by (place, domain or all).
    open: BTreeMap<(String, Option<u8>), Candidates>,
    /// Per position of the places with entries: the places whose feeds are complete after it.
    close_after: Vec<Vec<String>>,
    next: usize,
    feed_domains: BTreeMap<String, u32>,
}

impl<'a> FeedWriter<'a> {
    /// Readies the feeds of `register`; `order` lists the places that published entries, in the order
    /// [`FeedWriter::add_place`] will be given them.
    pub fn new(register: &'a Register, catalogs: &'a [Catalog], dataset_title: &'a str, order: &[String]) -> FeedWriter<'a> {
        let ctx = Ctx {
            names: register.places.iter().map(|p| (p.code.as_str(), p.name.as_str())).collect(),
            items: catalogs.iter().flat_map(|c| c.items.iter()).map(|i| (i.id.as_str(), i.path.as_slice())).collect(),
            dataset_title,
        };
        // A feed is complete after the last place at or below it.
        let mut last: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, code) in order.iter().enumerate() {
            for p in chain(register, code) {
                last.insert(p, i);
            }
        }
        let mut close_after = vec![Vec::new(); order.len()];
        for (code, i) in last {
            close_after[i].push(code.to_string());
        }
        FeedWriter { ctx, register, open: BTreeMap::new(), close_after, next: 0, feed_domains: BTreeMap::new() }
    }

    /// Adds the entries of the next place of `order` (newest first, ties by title then item, as
    /// [`crate::entries::ResolvedEntries::take_place`] gives them), and writes the feeds it completes.
    pub fn add_place(&mut self, place: &str, entries: &[PublishedEntry], writer: &mut BundleWriter) {
        // Only a place's newest entries, overall and per domain, can reach any feed above it.
        let mut per_domain: BTreeMap<u8, usize> = BTreeMap::new();
        let mut picked: Vec<(&PublishedEntry, Option<u8>, bool)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let domain = domain_of(&e.item);
            let in_domain = domain.is_some_and(|d| {
                let n = per_domain.entry(d).or_default();
                *n += 1;
                *n <= FEED_ENTRIES
            });
            if i < FEED_ENTRIES || in_domain {
                picked.push((e, domain, i < FEED_ENTRIES));
            }
        }
        for code in chain(self.register, place) {
            let with_domains = self.register.get(code).is_some_and(|p| p.kind != PlaceKind::Township);
            for &(e, domain, top) in &picked {
                if top {
                    push(self.open.entry((code.to_string(), None)).or_default(), place, e);
                }
                if let Some(d) = domain.filter(|_| with_domains) {
                    push(self.open.entry((code.to_string(), Some(d))).or_default(), place, e);
                }
            }
        }
        let done = std::mem::take(&mut self.close_after[self.next]);
        self.next += 1;
        for code in done {
            let keys: Vec<(String, Option<u8>)> = self.open.range((code.clone(), None)..=(code.clone(), Some(u8::MAX))).map(|(k, _)| k.clone()).collect();
            for key in keys {
                let list = self.open.remove(&key).unwrap_or_default();
                self.write(key, list, writer);
            }
        }
    }

    fn write(&mut self, (code, domain): (String, Option<u8>), mut list: Candidates, writer: &mut BundleWriter) {
        if let Some(d) = domain {
            *self.feed_domains.entry(code.clone()).or_default() |= 1 << (d - 1);
        }
        sort_newest(&mut list);
        list.truncate(FEED_ENTRIES);
        let refs: Vec<(&str, &PublishedEntry)> = list.iter().map(|(p, e)| (p.as_str(), e)).collect();
        let xml = feed_xml(&self.ctx, &code, domain, &refs);
        writer.add_unlisted(feed_path(&code, domain), xml.into_bytes());
    }

    /// Writes the feeds still open; returns, per place, the domains with a feed as
    /// [`gongkai_catalog::Place::feed_domains`] bits.
    pub fn finish(mut self, writer: &mut BundleWriter) -> BTreeMap<String, u32> {
        for (key, list) in std::mem::take(&mut self.open) {
            self.write(key, list, writer);
        }
        self.feed_domains
    }
}

/// The place and every place above it.
fn chain<'r>(register: &'r Register, code: &str) -> Vec<&'r str> {
    let mut chain: Vec<&str> = Vec::new();
    let mut cur = register.get(code);
    while let Some(p) = cur {
        if chain.contains(&p.code.as_str()) {
            break;
        }
        chain.push(p.code.as_str());
        cur = p.parent.as_deref().and_then(|c| register.get(c));
    }
    chain
}

/// Newest first, ties by title, item, then place.
fn sort_newest(list: &mut Candidates) {
    list.sort_by(|(pa, a), (pb, b)| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)).then_with(|| a.item.cmp(&b.item)).then_with(|| pa.cmp(pb)));
}

fn push(list: &mut Candidates, place: &str, e: &PublishedEntry) {
    list.push((place.to_string(), e.clone()));
    if list.len() >= 4 * FEED_ENTRIES {
        sort_newest(list);
        list.truncate(FEED_ENTRIES);
    }
}

/// Writes every feed of entries held in memory into `writer` (unlisted in the manifest: the app does
/// not load them); returns, per place, the domains with a feed as
/// [`gongkai_catalog::Place::feed_domains`] bits.
pub fn write_feeds(register: &Register, catalogs: &[Catalog], place_entries: &[PlaceEntries], dataset_title: &str, writer: &mut BundleWriter) -> BTreeMap<String, u32> {
    let order: Vec<String> = place_entries.iter().map(|pe| pe.place.clone()).collect();
    let mut feeds = FeedWriter::new(register, catalogs, dataset_title, &order);
    for pe in place_entries {
        let mut list = pe.entries.clone();
        list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)).then_with(|| a.item.cmp(&b.item)));
        feeds.add_place(&pe.place, &list, writer);
    }
    feeds.finish(writer)
}

/// The domain of an item id (`"{domain}-{hash8}"`).
fn domain_of(item: &str) -> Option<u8> {
    item.split_once('-').and_then(|(d, _)| d.parse().ok()).filter(|d| Domain::by_id(*d).is_some())
}

fn feed_xml(ctx: &Ctx, code: &str, domain: Option<u8>, list: &[(&str, &PublishedEntry)]) -> String {
    let place_name = ctx.names.get(code).copied().unwrap_or(code);
    let domain_name = domain.and_then(Domain::by_id).map(|d| d.name);
    let title = match domain_name {
        Some(d) => format!("{place_name} · {d} · 政务公开发布信息"),
        None => format!("{place_name} · 政务公开发布信息"),
    };
    let feed_id = match domain {
        Some(d) => format!("{TAG}feed/{code}/{d}"),
        None => format!("{TAG}feed/{code}"),
    };
    let self_href = feed_path(code, domain).trim_start_matches("feeds/").to_string(); // relative to the feed itself
    let page = match domain {
        Some(d) => format!("../../?place={code}&domain={d}"),
        None => format!("../../?place={code}"),
    };
    let updated = list.first().map(|(_, e)| e.date).map(rfc3339).unwrap_or_default();
    let mut x = String::with_capacity(512 + list.len() * 600);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    x.push_str(&format!("<id>{}</id>\n<title>{}</title>\n", esc(&feed_id), esc(&title)));
    x.push_str(&format!("<subtitle>{}</subtitle>\n<updated>{updated}</updated>\n", esc(ctx.dataset_title)));
    x.push_str(&format!("<author><name>{}</name></author>\n", esc(place_name)));
    x.push_str(&format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", esc(&self_href)));
    x.push_str(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&page)));
    x.push_str("<generator>Gongkai</generator>\n");
    for (place, e) in list {
        let hash = sha256_hex(format!("{place}\n{}\n{}\n{}\n{}", e.item, e.title, e.date, e.url.as_deref().unwrap_or("")).as_bytes());
        let href = e.url.clone().unwrap_or_else(|| format!("../../?place={place}&item={}", e.item));
        let path = ctx.items.get(e.item.as_str()).map(|p| p.join(" › ")).unwrap_or_default();
        let d = domain_of(&e.item).and_then(Domain::by_id);
        let from = ctx.names.get(place).copied().unwrap_or(place);
        let summary = [from, d.map_or("", |d| d.name), &path].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ");
        x.push_str("<entry>\n");
        x.push_str(&format!("<id>{TAG}entry/{place}/{}</id>\n", &hash[..16]));
        // A feed reader shows only the title: an invented entry says so there (the id keeps the source's).
        let title = if e.sample { format!("{}（示例）", e.title) } else { e.title.clone() };
        x.push_str(&format!("<title>{}</title>\n<updated>{}</updated>\n", esc(&title), rfc3339(e.date)));
        x.push_str(&format!("<link rel=\"alternate\" href=\"{}\"/>\n", esc(&href)));
        if let Some(d) = d {
            x.push_str(&format!("<category term=\"{}\" label=\"{}\"/>\n", d.id, esc(d.name)));
        }
        x.push_str(&format!("<summary>{}</summary>\n</entry>\n", esc(&summary)));
    }
    x.push_str("</feed>\n");
    x
}

/// Midnight in China of a publication date (entries carry dates, not times).
fn rfc3339(d: chrono::NaiveDate) -> String {
    format!("{d}T00:00:00+08:00")
}

/// Text for XML content or a quoted attribute: markup escaped, characters XML 1.0 forbids dropped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(esc("a<b>&\"c\"\u{1}\u{FFFF}d"), "a&lt;b&gt;&amp;&quot;c&quot;d");
    }

    #[test]
    fn the_domain_comes_from_the_item_id() {
        for (id, want) in [("20-abcdef12", Some(20)), ("3-x", Some(3)), ("27-x", None), ("x", None), ("-1", None)] {
            assert_eq!(domain_of(id), want, "{id}");
        }
    }
}

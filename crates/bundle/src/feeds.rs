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
use gongkai_catalog::{Catalog, Domain, PlaceEntries, PublishedEntry};
use std::collections::BTreeMap;

/// Entries per feed: the newest ones; a reader polls often, so older ones are already known.
pub const FEED_ENTRIES: usize = 20;

/// The tagging entity of every feed and entry id (RFC 4151).
const TAG: &str = "tag:gongkai,2017:";

pub use gongkai_catalog::feed_path;

/// Per feed (place, domain or all), the entries it may hold with the place that published each.
type FeedEntries<'a> = BTreeMap<(&'a str, Option<u8>), Vec<(&'a str, &'a PublishedEntry)>>;

struct Ctx<'a> {
    names: BTreeMap<&'a str, &'a str>,
    items: BTreeMap<&'a str, &'a [String]>,
    dataset_title: &'a str,
}

/// Writes every feed into `writer` (unlisted in the manifest: the app does not load them); returns,
/// per place, the domains with a feed as [`gongkai_catalog::Place::feed_domains`] bits.
pub fn write_feeds(register: &Register, catalogs: &[Catalog], place_entries: &[PlaceEntries], dataset_title: &str, writer: &mut BundleWriter) -> BTreeMap<String, u32> {
    let ctx = Ctx {
        names: register.places.iter().map(|p| (p.code.as_str(), p.name.as_str())).collect(),
        items: catalogs.iter().flat_map(|c| c.items.iter()).map(|i| (i.id.as_str(), i.path.as_slice())).collect(),
        dataset_title,
    };
    // Every entry goes to the feeds of its place and of each place above it.
    let mut by_feed: FeedEntries = BTreeMap::new();
    for pe in place_entries {
        let mut chain = Vec::new();
        let mut cur = register.get(&pe.place);
        while let Some(p) = cur {
            if chain.contains(&p.code.as_str()) {
                break;
            }
            chain.push(p.code.as_str());
            cur = p.parent.as_deref().and_then(|c| register.get(c));
        }
        for e in &pe.entries {
            let domain = domain_of(&e.item);
            for &code in &chain {
                by_feed.entry((code, None)).or_default().push((&pe.place, e));
                if domain.is_some() {
                    by_feed.entry((code, domain)).or_default().push((&pe.place, e));
                }
            }
        }
    }
    let mut feed_domains: BTreeMap<String, u32> = BTreeMap::new();
    for ((code, domain), mut list) in by_feed {
        if let Some(d) = domain {
            *feed_domains.entry(code.to_string()).or_default() |= 1 << (d - 1);
        }
        list.sort_by(|(pa, a), (pb, b)| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)).then_with(|| a.item.cmp(&b.item)).then_with(|| pa.cmp(pb)));
        list.truncate(FEED_ENTRIES);
        let xml = feed_xml(&ctx, code, domain, &list);
        writer.add_unlisted(feed_path(code, domain), xml.into_bytes());
    }
    feed_domains
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

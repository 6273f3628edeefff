//! Truthful labels on the default dataset (`data/`): every link the app can show and every invented row
//! is checked against the rules of data/README.md, "What is real":
//! - an invented row is marked 示例, and so is shown with the 示例 tag: every published entry, every
//!   我要看/我要办 link, every channel, and every row of a county's or township's own catalog files (the
//!   "加减法" adaptations are illustrations), whose pages then say so;
//! - a sample link never invents a path on a government host: it is on a reserved example host
//!   (example.org …) or is a government portal's bare home page (`https://www.changsha.gov.cn/`);
//! - each place links only to hosts of its own government (its county's, its city's) or the province's
//!   ([`HOSTS`]), so 湘潭's items never lead to changsha.gov.cn.
//!
//! The rules are plain functions, pinned by a table of good and bad links below, then applied to the
//! bundle that `data/` builds (the links as the app shows them, after links.csv is applied to items) and
//! to the catalog files as read.

use gongkai_bundle::build::build_source;
use gongkai_bundle::source_files::read_catalog_folders;
use gongkai_catalog::{Catalog, Manifest, PlaceEntries, PlaceKind};
use std::path::{Path, PathBuf};

/// The government hosts each place may link to, by place-code prefix: a place may use the hosts of every
/// prefix of its code (its county's, its city's, the province's), and their subdomains. Keep in step with
/// data/README.md ("What is real").
const HOSTS: &[(&str, &[&str])] = &[
    ("43", &["hunan.gov.cn"]), // 湖南省人民政府, 湖南政务服务网 (zwfw-new.hunan.gov.cn)
    ("4301", &["changsha.gov.cn"]),
    ("430102", &["furong.gov.cn"]),
    ("430103", &["tianxin.gov.cn"]),
    ("430104", &["yuelu.gov.cn"]),
    ("430105", &["kaifu.gov.cn"]),
    ("430111", &["yuhua.gov.cn"]),
    ("430112", &["wangcheng.gov.cn"]),
    ("430121", &["csx.gov.cn"]),
    ("430181", &["liuyang.gov.cn"]),
    ("430182", &["ningxiang.gov.cn"]),
    ("4303", &["xiangtan.gov.cn"]), // also the statistical zones 430371–430373
    ("430302", &["xtyh.gov.cn"]),
    ("430304", &["xtyt.gov.cn"]),
    ("430321", &["xtx.gov.cn"]),
    ("430381", &["xiangxiang.gov.cn"]),
    ("430382", &["shaoshan.gov.cn"]),
];

/// Hosts reserved for examples (RFC 2606): nothing real lives there.
fn is_example_host(host: &str) -> bool {
    ["example.org", "example.com", "example.net"].iter().any(|h| host == *h || host.ends_with(&format!(".{h}")))
        || [".example", ".test", ".invalid"].iter().any(|t| host.ends_with(t))
}

fn allowed_hosts(place: &str) -> impl Iterator<Item = &'static str> + '_ {
    HOSTS.iter().filter(move |(prefix, _)| place.starts_with(prefix)).flat_map(|(_, hosts)| hosts.iter().copied())
}

/// A link split into what the rules look at.
#[derive(Debug, PartialEq)]
enum Target<'a> {
    /// http(s): host (lower case) and everything after it (path, query, fragment; "" or "/" for the root).
    Web { host: String, rest: &'a str },
    Mail { host: String },
    Phone(&'a str),
}

fn target(url: &str) -> Option<Target<'_>> {
    if let Some(number) = url.strip_prefix("tel:") {
        return Some(Target::Phone(number));
    }
    if let Some(address) = url.strip_prefix("mailto:") {
        let domain = address.split('?').next()?.rsplit_once('@')?.1;
        return Some(Target::Mail { host: domain.to_ascii_lowercase() });
    }
    let after = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host = after[..end].split(':').next()?.to_ascii_lowercase();
    Some(Target::Web { host, rest: &after[end..] })
}

/// Why a link shown for `place` breaks the rules, or None when it keeps them. `sample` is whether the
/// row it comes from is marked 示例.
fn link_fault(place: &str, url: &str, sample: bool) -> Option<String> {
    let Some(t) = target(url) else { return Some("not an http(s), mailto or tel link".into()) };
    let (host, rest) = match &t {
        Target::Phone(n) => {
            // The national hotline is real everywhere; any other number in a sample row is invented.
            return (sample && *n != "12345").then(|| format!("an invented phone number {n} in a sample row"));
        }
        Target::Mail { host } => (host.as_str(), None),
        Target::Web { host, rest } => (host.as_str(), Some(*rest)),
    };
    if is_example_host(host) {
        return (!sample).then(|| format!("{host} is an example host, but the row is not marked 示例"));
    }
    if !host.ends_with(".gov.cn") {
        return Some(format!("{host} is neither a government host of {place} nor an example host"));
    }
    if !allowed_hosts(place).any(|h| host == h || host.ends_with(&format!(".{h}"))) {
        return Some(format!("{host} is not a host of {place}'s own government or the province's"));
    }
    match rest {
        None if sample => Some(format!("an invented mail address on the government host {host}")),
        Some(r) if sample && !matches!(r, "" | "/") => Some(format!("an invented path {r} on the government host {host}")),
        Some(r) if r.contains("/example") => Some(format!("an example path {r} on {host}, in a row not marked 示例")),
        _ => None,
    }
}

/// Web addresses written in a catalog cell (a channel's note "政府网站（www.csx.gov.cn）", a basis with
/// its link): each `http(s)://…` or `www.…` run, up to a space or a character no address has.
fn addresses_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://", "www."].iter().filter_map(|m| rest.find(m)).min() {
        let tail = &rest[start..];
        let end = tail.find(|c: char| c.is_whitespace() || !c.is_ascii() || "\"'<>（）()、，,;；".contains(c)).unwrap_or(tail.len());
        let found = &tail[..end];
        out.push(if found.starts_with("www.") { format!("https://{found}") } else { found.to_string() });
        rest = &tail[end.max(1)..];
    }
    out
}

#[test]
fn addresses_are_found_in_catalog_text() {
    assert_eq!(addresses_in("政府网站（www.csx.gov.cn）、两微一端"), ["https://www.csx.gov.cn"]);
    assert_eq!(addresses_in("见 https://x.gov.cn/a?b=1 和http://y.cn"), ["https://x.gov.cn/a?b=1", "http://y.cn"]);
    assert!(addresses_in("政府网站、政务服务中心").is_empty());
}

#[test]
fn the_link_rules_pass_truthful_links_and_catch_invented_ones() {
    // (place, link, row marked 示例, passes)
    let cases: &[(&str, &str, bool, bool)] = &[
        ("430121001", "https://example.org/gongkai-sample/entries/430121001/t1.html", true, true),
        ("430121001", "https://example.org/gongkai-sample/entries/430121001/t1.html", false, false),
        ("430121", "https://www.csx.gov.cn/", true, true),
        ("430121", "https://www.csx.gov.cn", true, true),
        ("430121102", "https://www.changsha.gov.cn/", true, true),
        ("430302", "https://zwfw-new.hunan.gov.cn/", true, true),
        // An invented path on a real government host, marked or not.
        ("430121", "https://www.csx.gov.cn/example/jczwgk/430121/t1.html", true, false),
        ("430121", "https://www.csx.gov.cn/example/jczwgk/430121/t1.html", false, false),
        ("430121", "https://www.csx.gov.cn/?q=低保", true, false),
        // A real path in a row presented as real is accepted: the rules cannot know it is invented.
        ("430121", "https://www.csx.gov.cn/zwgk/", false, true),
        // Another government's host: 湘潭's items must not lead to 长沙, nor a county to its neighbour.
        ("430302", "https://www.changsha.gov.cn/", true, false),
        ("430371", "https://www.xiangtan.gov.cn/", true, true),
        ("430102", "https://www.csx.gov.cn/", true, false),
        ("430102001", "https://www.furong.gov.cn/", true, true),
        // A look-alike host is not the government's.
        ("430100", "https://www.changsha.gov.cn.evil.com/", true, false),
        ("430100", "https://notchangsha.gov.cn/", true, false),
        ("430100", "https://www.changsha.com/", true, false),
        ("430121", "mailto:apply@example.org?subject=x", true, true),
        ("430121", "mailto:gk@csx.gov.cn", true, false),
        ("430121", "mailto:gk@csx.gov.cn", false, true),
        ("430121", "tel:12345", true, true),
        ("430121", "tel:0731-84000000", true, false),
    ];
    for &(place, url, sample, passes) in cases {
        let fault = link_fault(place, url, sample);
        assert_eq!(fault.is_none(), passes, "{place} {url} 示例={sample}: {fault:?}");
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

#[test]
fn every_link_and_row_of_the_default_dataset_is_truthfully_labelled() {
    let outcome = build_source(&data_dir());
    let bundle = outcome.bundle.expect("data/ builds");
    let manifest: &Manifest = &bundle.whole_manifest();
    let files = bundle.writer.files();
    let file = |key: &str| files.get(key).unwrap_or_else(|| panic!("{key} is in the bundle"));
    let mut faults: Vec<String> = Vec::new();
    let (mut links, mut entries, mut channels) = (0, 0, 0);
    let cities: Vec<&str> = bundle.places.iter().filter(|p| p.kind == PlaceKind::City).map(|p| p.code.as_str()).collect();
    for place in &bundle.places {
        let code = place.code.as_str();
        if let Some(key) = &place.catalog {
            let catalog: Catalog = serde_json::from_slice(file(key)).expect("a catalog");
            for item in &catalog.items {
                // An address written in the catalog's own text keeps the same rules, marked as its row is.
                let text = [&item.content, &item.channels, &vec![item.body.clone()], &item.extras.values().cloned().collect()]
                    .into_iter()
                    .flatten()
                    .chain(item.basis.iter().map(|b| &b.text))
                    .flat_map(|t| addresses_in(t))
                    .collect::<Vec<_>>();
                for url in &text {
                    if let Some(f) = link_fault(code, url, item.sample) {
                        faults.push(format!("{code} {}: in the catalog text, {f}", item.path.join("/")));
                    }
                }
                for url in [&item.links.see, &item.links.act].into_iter().flatten() {
                    links += 1;
                    if !item.links.sample {
                        faults.push(format!("{code} {}: link {url} is not marked 示例, yet data/ has no real links", item.path.join("/")));
                    }
                    if let Some(f) = link_fault(code, url, item.links.sample) {
                        faults.push(format!("{code} {}: {f}", item.path.join("/")));
                    }
                }
            }
            // A place whose catalog adapts its city's template shows that the adaptation is illustrative.
            let adapted = !cities.contains(&catalog.owner.as_str()) && data_dir().join("catalogs").join(&catalog.owner).is_dir();
            if adapted && !place.sample_adaptation {
                faults.push(format!("{code} uses the adaptation of {} but its page would not say it is 示例", catalog.owner));
            }
        }
        if let Some(key) = &place.entries {
            let list: PlaceEntries = serde_json::from_slice(file(key)).expect("an entries file");
            for e in &list.entries {
                entries += 1;
                if !e.sample {
                    faults.push(format!("{code} entry {:?} is not marked 示例, yet every entry in data/ is invented", e.title));
                }
                if let Some(f) = e.url.as_deref().and_then(|u| link_fault(code, u, e.sample)) {
                    faults.push(format!("{code} entry {:?}: {f}", e.title));
                }
            }
        }
        // A township is shown its county's channels, with its own code filled in.
        for c in manifest.channels_of(code) {
            channels += 1;
            if !c.sample {
                faults.push(format!("{code} channel {} is not marked 示例, yet every channel in data/ is invented", c.name));
            }
            if let Some(f) = c.url.as_deref().and_then(|u| link_fault(code, u, c.sample)) {
                faults.push(format!("{code} channel {}: {f}", c.name));
            }
        }
    }
    faults.truncate(20);
    assert!(faults.is_empty(), "data/ breaks the rules of data/README.md, \"What is real\":\n{}", faults.join("\n"));
    // The walk saw what data/ has (so an empty bundle cannot pass).
    assert!(links > 100 && entries > 10_000 && channels > 100, "links {links}, entries {entries}, channels {channels}");
}

#[test]
fn every_row_of_a_county_or_township_catalog_file_is_marked_sample() {
    let (mut files, mut diags) = (Vec::new(), Vec::new());
    let tables = read_catalog_folders(&data_dir().join("catalogs"), &mut files, &mut diags);
    let cities = ["430100", "430300"];
    let mut rows = 0;
    let mut unmarked: Vec<String> = Vec::new();
    for (code, pt) in tables.iter().filter(|(code, _)| !cities.contains(&code.as_str())) {
        for t in &pt.tables {
            let sample_col = t.extra_columns.iter().position(|c| c == "示例");
            for r in &t.rows {
                rows += 1;
                let marked = sample_col.and_then(|k| r.item.extras.get(&(k as u8))).is_some_and(|v| v.trim() == "是");
                if !marked {
                    unmarked.push(format!("{code} {} 第{}行 {}", t.file.display(), r.row, r.item.path.join("/")));
                }
            }
        }
    }
    unmarked.truncate(20);
    assert!(unmarked.is_empty(), "adaptation rows not marked 示例:\n{}", unmarked.join("\n"));
    assert!(rows > 300, "only {rows} adaptation rows read");
}

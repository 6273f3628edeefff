//! The domain tree's logic: its rows (the 26 domains with counts for a place and the filters, and the
//! items below them), what is visible with some branches open, and the keyboard model of a WAI-ARIA
//! tree (APG "tree view": ↑ ↓ → ← Home End Enter Space).

use gongkai_catalog::filter::{domain_counts, path_tree, Filters, PathNode};
use gongkai_catalog::{Applicability, Catalog, DisclosureItem, DOMAINS};
use std::collections::HashSet;

/// One domain as the tree shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainRow {
    pub id: u8,
    pub name: String,
    /// Items here without filters: 0 means 未涉及.
    pub base: u32,
    /// Items here with the filters.
    pub count: u32,
    /// The catalog's reason when it declares the domain not applicable.
    pub reason: Option<String>,
    pub nodes: Vec<PathNode>,
}

/// The tree's domains for a place (its `applicability`, `Place::applicability`): what applies here first (in the national order), then
/// what the filters hide, then 未涉及 — a citizen on a phone should not scroll past twenty empty
/// domains.
pub fn rows(catalog: &Catalog, applicability: Applicability, filters: &Filters) -> Vec<DomainRow> {
    let items: Vec<&DisclosureItem> = catalog.items.iter().filter(|i| catalog.applies(i, applicability)).collect();
    let base = domain_counts(catalog, &items, &Filters::default());
    let count = domain_counts(catalog, &items, filters);
    let mut out: Vec<DomainRow> = DOMAINS
        .iter()
        .zip(base.iter().zip(count.iter()))
        .map(|(d, (&base, &count))| {
            let nodes = if count > 0 {
                path_tree(items.iter().copied().filter(|i| i.domain == d.id && filters.matches(catalog, i)))
            } else {
                Vec::new()
            };
            DomainRow {
                id: d.id,
                name: d.name.to_string(),
                base,
                count,
                reason: catalog.not_applicable.iter().find(|na| na.domain == d.id).map(|na| na.reason.clone()),
                nodes,
            }
        })
        .collect();
    gongkai_catalog::order::sort_by(&mut out, |a, b| (a.count == 0, a.base == 0, a.id).cmp(&(b.count == 0, b.base == 0, b.id)));
    out
}

/// The key of a domain's treeitem.
pub fn domain_key(id: u8) -> String {
    format!("d{id}")
}

/// The key of a heading or item below `parent`: an item by its id, a heading by its path of names.
pub fn node_key(parent: &str, node: &PathNode) -> String {
    match (&node.item, node.children.is_empty()) {
        (Some(id), true) => item_key(id),
        _ => format!("{parent}/{}", node.name),
    }
}

/// The key of an item's leaf, wherever it sits in the tree.
pub fn item_key(id: &str) -> String {
    format!("i:{id}")
}

/// What the app remembers of the trees for a visit (headings opened, the item to give the focus back
/// to) is one list for every place: entries `<place code>|<key>`.
pub fn place_entry(place: &str, key: &str) -> String {
    format!("{place}|{key}")
}

/// The keys of `place`'s entries in such a list.
pub fn place_keys<'a>(entries: &'a [String], place: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    entries.iter().filter_map(move |e| e.strip_prefix(place)?.strip_prefix('|'))
}

/// Puts `place`'s `key` in the list (once) or takes it out.
pub fn set_place_key(entries: &mut Vec<String>, place: &str, key: &str, on: bool) {
    let entry = place_entry(place, key);
    entries.retain(|e| *e != entry);
    if on {
        entries.push(entry);
    }
}

/// The domain a key opens, if it is a domain's.
pub fn domain_of_key(key: &str) -> Option<u8> {
    key.strip_prefix('d').and_then(|d| d.parse().ok())
}

/// A DOM id for a key (keys hold Chinese text and slashes): FNV-1a, stable across sessions.
pub fn dom_id(key: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("ti-{h:x}")
}

/// A treeitem as the keyboard sees it: in visible order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    pub key: String,
    pub parent: Option<String>,
    pub expandable: bool,
    /// The item a leaf opens.
    pub item: Option<String>,
}

/// The treeitems on show with the branches in `open` open (a branch inside a closed one is hidden).
pub fn visible(rows: &[DomainRow], open: &HashSet<String>) -> Vec<Visible> {
    fn walk(nodes: &[PathNode], parent: &str, open: &HashSet<String>, out: &mut Vec<Visible>) {
        for n in nodes {
            let key = node_key(parent, n);
            let expandable = !n.children.is_empty();
            out.push(Visible {
                key: key.clone(),
                parent: Some(parent.to_string()),
                expandable,
                item: if expandable { None } else { n.item.clone() },
            });
            if expandable && open.contains(&key) {
                walk(&n.children, &key, open, out);
            }
        }
    }
    let mut out = Vec::new();
    for r in rows {
        let key = domain_key(r.id);
        let expandable = r.count > 0;
        out.push(Visible { key: key.clone(), parent: None, expandable, item: None });
        if expandable && open.contains(&key) {
            walk(&r.nodes, &key, open, &mut out);
        }
    }
    out
}

/// What a key press in the tree does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeKey {
    /// Move the focus to this treeitem.
    Focus(String),
    /// Open or close this (the focused) branch; the focus stays.
    Toggle(String),
    /// Open this item's page.
    OpenItem(String),
}

/// The keyboard model: what `key` (a `KeyboardEvent.key`) does with `focused` focused. `None`: not a
/// key of the tree (the browser keeps it).
pub fn on_key(vis: &[Visible], focused: &str, open: &HashSet<String>, key: &str) -> Option<TreeKey> {
    let last = vis.len().checked_sub(1)?;
    let pos = vis.iter().position(|v| v.key == focused).unwrap_or(0);
    let cur = &vis[pos];
    let is_open = open.contains(&cur.key);
    let at = |i: usize| Some(TreeKey::Focus(vis[i].key.clone()));
    match key {
        "ArrowDown" => at((pos + 1).min(last)),
        "ArrowUp" => at(pos.saturating_sub(1)),
        "Home" => at(0),
        "End" => at(last),
        // A closed branch opens; an open one moves to its first child; a leaf stays.
        "ArrowRight" if cur.expandable && !is_open => Some(TreeKey::Toggle(cur.key.clone())),
        "ArrowRight" if cur.expandable => at((pos + 1).min(last)),
        "ArrowRight" => at(pos),
        // An open branch closes; anything else moves to its parent.
        "ArrowLeft" if cur.expandable && is_open => Some(TreeKey::Toggle(cur.key.clone())),
        "ArrowLeft" => at(cur.parent.as_ref().and_then(|p| vis.iter().position(|v| &v.key == p)).unwrap_or(pos)),
        "Enter" | " " => match &cur.item {
            Some(id) => Some(TreeKey::OpenItem(id.clone())),
            None if cur.expandable => Some(TreeKey::Toggle(cur.key.clone())),
            None => at(pos),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_place_reads_back_only_its_own_keys() {
        let mut list = Vec::new();
        // (place, key, on), then what each place reads back.
        for (place, key, on) in [
            ("430121001", "d22/出生登记", true),
            ("430121002", "d22/出生登记", true),
            ("43012100", "d3/其他", true),
            ("430121001", "d20/低保", true),
            ("430121001", "d22/出生登记", true), // again: kept once
            ("430121001", "d20/低保", false),
        ] {
            set_place_key(&mut list, place, key, on);
        }
        let keys = |p| place_keys(&list, p).collect::<Vec<_>>();
        assert_eq!(keys("430121001"), ["d22/出生登记"]);
        assert_eq!(keys("430121002"), ["d22/出生登记"]);
        assert_eq!(keys("43012100"), ["d3/其他"], "a code that is a prefix of another reads its own only");
        assert!(keys("4301").is_empty());
    }

    use super::*;
    use gongkai_catalog::filter::Facet;
    use gongkai_catalog::{NotApplicable, Tier};

    /// A township that shows its county's catalog, and the county itself.
    const TOWNSHIP: Applicability = Applicability { tier: Tier::Township, inherited: true };
    const COUNTY: Applicability = Applicability { tier: Tier::County, inherited: false };

    fn item(id: &str, domain: u8, path: &[&str], levels: &[u8]) -> DisclosureItem {
        DisclosureItem {
            id: id.into(),
            domain,
            path: path.iter().map(|s| s.to_string()).collect(),
            levels: levels.to_vec(),
            ..Default::default()
        }
    }

    /// Domain 20 has a two-level branch and a leaf at township level; domain 22 one township item;
    /// domain 2 a county item only; domain 1 an unticked row; domain 5 is declared not applicable.
    fn catalog() -> Catalog {
        let mut c = crate::testdata::county_catalog(vec![
            item("20-1", 20, &["最低生活保障", "政策"], &[0, 1]),
            item("20-2", 20, &["最低生活保障", "审核信息", "名单"], &[1]),
            item("20-3", 20, &["临时救助"], &[1]),
            item("22-1", 22, &["出生登记", "出生登记"], &[1]),
            item("2-1", 2, &["重大建设项目", "批准"], &[0]),
            // No level ticked: the catalog's own place only.
            item("1-1", 1, &["机构职能"], &[]),
            // Out of range: counted nowhere, shown nowhere, never a panic.
            item("0-1", 0, &["坏数据"], &[1]),
            item("99-1", 99, &["坏数据"], &[1]),
        ]);
        c.not_applicable = vec![NotApplicable { domain: 5, reason: "本县无此业务".into() }];
        c
    }

    #[test]
    fn rows_put_what_applies_first_then_what_filters_hide_then_what_does_not_apply() {
        let c = catalog();
        let rows = rows(&c, TOWNSHIP, &Filters::default());
        assert_eq!(rows.len(), 26);
        let head: Vec<(u8, u32, u32)> = rows.iter().take(3).map(|r| (r.id, r.base, r.count)).collect();
        assert_eq!(head, [(20, 3, 3), (22, 1, 1), (1, 0, 0)]);
        assert_eq!(rows.iter().find(|r| r.id == 5).unwrap().reason.as_deref(), Some("本县无此业务"));
        // Domain 2 is county-level only, domain 1's row is unticked: neither applies at a township.
        assert_eq!(rows.iter().find(|r| r.id == 2).unwrap().base, 0);
        assert_eq!(rows.iter().find(|r| r.id == 1).unwrap().base, 0);
        // At the county that owns the catalog both apply.
        let county: Vec<(u8, u32)> = super::rows(&c, COUNTY, &Filters::default()).iter().take(3).map(|r| (r.id, r.base)).collect();
        assert_eq!(county, [(1, 1), (2, 1), (20, 1)]);

        // A filter that keeps only 县级 rows hides domain 22 and leaves 20 with one item.
        let filters = Filters { chosen: [(Facet::Level, "县级".into())].into() };
        let rows = super::rows(&c, TOWNSHIP, &filters);
        let head: Vec<(u8, u32, u32)> = rows.iter().take(3).map(|r| (r.id, r.base, r.count)).collect();
        assert_eq!(head, [(20, 3, 1), (22, 1, 0), (1, 0, 0)]);
        assert_eq!(rows[1].nodes, vec![]);
    }

    fn open(keys: &[&str]) -> HashSet<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn only_open_branches_show_their_children() {
        let rows = rows(&catalog(), TOWNSHIP, &Filters::default());
        let keys = |o: &[&str]| -> Vec<String> { visible(&rows[..2], &open(o)).into_iter().map(|v| v.key).collect() };
        assert_eq!(keys(&[]), ["d20", "d22"]);
        assert_eq!(keys(&["d20"]), ["d20", "d20/最低生活保障", "i:20-3", "d22"]);
        assert_eq!(
            keys(&["d20", "d20/最低生活保障", "d20/最低生活保障/审核信息"]),
            ["d20", "d20/最低生活保障", "i:20-1", "d20/最低生活保障/审核信息", "i:20-2", "i:20-3", "d22"]
        );
        // A branch open inside a closed one stays hidden.
        assert_eq!(keys(&["d20/最低生活保障"]), ["d20", "d22"]);
        let vis = visible(&rows[..2], &open(&["d20"]));
        assert_eq!(vis[2], Visible { key: "i:20-3".into(), parent: Some("d20".into()), expandable: false, item: Some("20-3".into()) });
        // An empty domain is not a branch.
        assert!(!visible(&rows, &open(&[])).iter().find(|v| v.key == "d1").unwrap().expandable);
    }

    #[test]
    fn the_keyboard_model_follows_the_aria_tree_pattern() {
        use TreeKey::*;
        let rows = rows(&catalog(), TOWNSHIP, &Filters::default());
        let o = open(&["d20"]);
        let vis = visible(&rows[..3], &o);
        // d20 (open), d20/最低生活保障 (closed branch), i:20-3 (leaf), d22 (closed), d1 (empty)
        let f = |k: &str| Some(Focus(k.to_string()));
        let cases: [(&str, &str, Option<TreeKey>); 17] = [
            ("d20", "ArrowDown", f("d20/最低生活保障")),
            ("d1", "ArrowDown", f("d1")),
            ("d20", "ArrowUp", f("d20")),
            ("i:20-3", "ArrowUp", f("d20/最低生活保障")),
            ("d22", "Home", f("d20")),
            ("d20", "End", f("d1")),
            ("d22", "ArrowRight", Some(Toggle("d22".into()))),
            ("d20", "ArrowRight", f("d20/最低生活保障")),
            ("i:20-3", "ArrowRight", f("i:20-3")),
            ("d20", "ArrowLeft", Some(Toggle("d20".into()))),
            ("i:20-3", "ArrowLeft", f("d20")),
            ("d20/最低生活保障", "ArrowLeft", f("d20")),
            ("d22", "ArrowLeft", f("d22")),
            ("i:20-3", "Enter", Some(OpenItem("20-3".into()))),
            ("d22", " ", Some(Toggle("d22".into()))),
            ("d1", "Enter", f("d1")),
            ("d20", "a", None),
        ];
        for (focused, key, want) in cases {
            assert_eq!(on_key(&vis, focused, &o, key), want, "{key:?} on {focused}");
        }
        // A focus that vanished (filters changed) counts from the top; an empty tree takes no keys.
        assert_eq!(on_key(&vis, "gone", &o, "ArrowDown"), f("d20/最低生活保障"));
        assert_eq!(on_key(&[], "d1", &o, "ArrowDown"), None);
    }

    #[test]
    fn keys_and_dom_ids() {
        assert_eq!(domain_key(7), "d7");
        assert_eq!(domain_of_key("d7"), Some(7));
        assert_eq!(domain_of_key("d20/政策"), None);
        assert_eq!(domain_of_key("i:20-1"), None);
        let ids: HashSet<String> = ["d1", "d2", "d20/政策", "i:20-1"].iter().map(|k| dom_id(k)).collect();
        assert_eq!(ids.len(), 4);
        assert_eq!(dom_id("d1"), dom_id("d1"));
        assert!(dom_id("d20/政策").starts_with("ti-"));
    }
}

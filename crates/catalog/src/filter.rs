//! Filtering and counting a catalog for one place: the facets a citizen narrows by (公开层级, 公开方式,
//! 公开对象, 公开渠道, 事项类型 and the extra columns with few values such as 五公开), the counts shown beside each
//! option and each domain, and the 一级 → 二级 → 三级 tree of a domain.
//!
//! Semantics: one value per facet; facets combine with AND. The count beside an option is the number of
//! items that would match if that option were chosen and every *other* facet stayed as it is, so counts
//! never hide a way out of an empty result.
//!
//! This is pure logic over [`Catalog`] so the app only draws what it returns.

use crate::model::{Applicability, Catalog, DisclosureItem};
use std::collections::BTreeMap;

/// A facet a citizen can filter by. [`Facet::key`] is its name in the URL query string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// 公开层级, by the catalog's own level label (乡级, 镇街级 …).
    Level,
    /// 公开方式: 主动 / 依申请.
    Mode,
    /// 公开对象: 全社会 / 特定群体.
    Audience,
    /// 公开渠道和载体.
    Channel,
    /// 事项类型, where a catalog has it (湘潭's template).
    ItemType,
    /// An extra column (五公开, 公开时长 …), by its header text.
    Extra(String),
}

impl Facet {
    /// The facet's key in the URL: `level`, `mode`, `audience`, `channel`, `type`, or `x.<column>`.
    pub fn key(&self) -> String {
        match self {
            Facet::Level => "level".into(),
            Facet::Mode => "mode".into(),
            Facet::Audience => "audience".into(),
            Facet::Channel => "channel".into(),
            Facet::ItemType => "type".into(),
            Facet::Extra(name) => format!("x.{name}"),
        }
    }

    /// The facet a URL key names, if any.
    pub fn from_key(key: &str) -> Option<Facet> {
        match key {
            "level" => Some(Facet::Level),
            "mode" => Some(Facet::Mode),
            "audience" => Some(Facet::Audience),
            "channel" => Some(Facet::Channel),
            // `x.事项类型`: how links made while 事项类型 was an extra column named it.
            "type" | "x.事项类型" => Some(Facet::ItemType),
            _ => key.strip_prefix("x.").filter(|n| !n.is_empty()).map(|n| Facet::Extra(n.into())),
        }
    }

    /// The heading shown above the facet's options.
    pub fn title(&self) -> &str {
        match self {
            Facet::Level => "公开层级",
            Facet::Mode => "公开方式",
            Facet::Audience => "公开对象",
            Facet::Channel => "公开渠道",
            Facet::ItemType => "事项类型",
            Facet::Extra(name) => name,
        }
    }

    /// Whether the item carries this value for the facet.
    pub fn item_has(&self, catalog: &Catalog, item: &DisclosureItem, value: &str) -> bool {
        match self {
            Facet::Level => catalog.level_labels(item).any(|l| l == value),
            Facet::Mode => item.modes.iter().any(|m| m.label() == value),
            Facet::Audience => item.audience.iter().any(|a| a.label() == value),
            Facet::Channel => item.channels.iter().any(|c| c == value),
            Facet::ItemType => item.item_type.as_deref() == Some(value),
            Facet::Extra(name) => catalog
                .extra_columns
                .iter()
                .position(|c| c == name)
                .and_then(|i| item.extras.get(&(i as u8)))
                .is_some_and(|v| v.trim() == value),
        }
    }
}

/// The chosen value of each filtered facet. Empty means no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub chosen: BTreeMap<Facet, String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.chosen.is_empty()
    }

    pub fn get(&self, facet: &Facet) -> Option<&str> {
        self.chosen.get(facet).map(String::as_str)
    }

    /// Chooses `value` for the facet, or clears the facet when it is already chosen (a chip toggles).
    pub fn toggle(&mut self, facet: Facet, value: &str) {
        if self.get(&facet) == Some(value) {
            self.chosen.remove(&facet);
        } else {
            self.chosen.insert(facet, value.to_string());
        }
    }

    /// Whether the item matches every chosen facet.
    pub fn matches(&self, catalog: &Catalog, item: &DisclosureItem) -> bool {
        self.matches_except(catalog, item, None)
    }

    /// Whether the item matches every chosen facet but `skip`.
    pub fn matches_except(&self, catalog: &Catalog, item: &DisclosureItem, skip: Option<&Facet>) -> bool {
        self.chosen
            .iter()
            .filter(|(f, _)| Some(*f) != skip)
            .all(|(f, v)| f.item_has(catalog, item, v))
    }

    /// The filters as URL query pairs, in a stable order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        self.chosen.iter().map(|(f, v)| (f.key(), v.clone())).collect()
    }

    /// Reads the filters from URL query pairs, ignoring keys that are not facets and empty values.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Filters {
        let mut chosen = BTreeMap::new();
        for (k, v) in pairs {
            if let Some(f) = Facet::from_key(k) {
                let v = v.trim();
                if !v.is_empty() {
                    chosen.insert(f, v.to_string());
                }
            }
        }
        Filters { chosen }
    }
}

/// The items of a catalog that apply to a place ([`Catalog::applies`]; a township inheriting its county's
/// catalog sees the rows ticked at its tier).
pub fn applicable<'a>(catalog: &'a Catalog, at: Applicability) -> impl Iterator<Item = &'a DisclosureItem> + 'a {
    catalog.items.iter().filter(move |i| catalog.applies(i, at))
}

/// One option of a facet with the number of items choosing it would give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionCount {
    pub value: String,
    pub count: u32,
}

/// The options of one facet, in the order given, with their counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCounts {
    pub facet: Facet,
    pub options: Vec<OptionCount>,
}

/// Counts every option of every facet over `items` under `filters` (see the module doc for what a
/// count means). `facets` lists each facet with its option values in display order.
pub fn facet_counts(
    catalog: &Catalog,
    items: &[&DisclosureItem],
    filters: &Filters,
    facets: &[(Facet, Vec<String>)],
) -> Vec<FacetCounts> {
    facets
        .iter()
        .map(|(facet, values)| {
            let base: Vec<&DisclosureItem> =
                items.iter().copied().filter(|i| filters.matches_except(catalog, i, Some(facet))).collect();
            let options = values
                .iter()
                .map(|v| OptionCount {
                    value: v.clone(),
                    count: base.iter().filter(|i| facet.item_has(catalog, i, v)).count() as u32,
                })
                .collect();
            FacetCounts { facet: facet.clone(), options }
        })
        .collect()
}

/// A column becomes a filter only with at most this many distinct values among a place's items (more
/// would be a list to read, not a choice to make).
pub const MAX_FACET_VALUES: usize = 12;

/// The facets worth offering for a catalog, with the values its `items` actually have: level labels
/// in the catalog's order, modes and audiences in their fixed order, channels in `channel_order`
/// (the manifest's facet order) then any others, 事项类型 in catalog order (at most
/// [`MAX_FACET_VALUES`]), and each extra column named in `extra_names`.
/// A facet with fewer than two values in the items is left out: it cannot narrow anything.
pub fn facets_of(
    catalog: &Catalog,
    items: &[&DisclosureItem],
    channel_order: &[String],
    extra_names: &[String],
) -> Vec<(Facet, Vec<String>)> {
    let present = |facet: &Facet, candidates: Vec<String>| -> Vec<String> {
        candidates.into_iter().filter(|v| items.iter().any(|i| facet.item_has(catalog, i, v))).collect()
    };
    let mut out = Vec::new();
    let levels: Vec<String> = catalog.levels.iter().map(|l| l.label.clone()).collect();
    out.push((Facet::Level, present(&Facet::Level, dedup(levels))));
    out.push((Facet::Mode, present(&Facet::Mode, vec!["主动".into(), "依申请".into()])));
    out.push((Facet::Audience, present(&Facet::Audience, vec!["全社会".into(), "特定群体".into()])));
    let mut channels: Vec<String> = channel_order.to_vec();
    for i in items {
        for c in &i.channels {
            if !channels.contains(c) {
                channels.push(c.clone());
            }
        }
    }
    out.push((Facet::Channel, present(&Facet::Channel, channels)));
    let types = dedup(items.iter().filter_map(|i| i.item_type.clone()).collect());
    if types.len() <= MAX_FACET_VALUES {
        out.push((Facet::ItemType, types));
    }
    for name in extra_names {
        let Some(col) = catalog.extra_columns.iter().position(|c| c == name) else { continue };
        let mut values: Vec<String> = Vec::new();
        for i in items {
            if let Some(v) = i.extras.get(&(col as u8)) {
                let v = v.trim();
                if !v.is_empty() && !values.iter().any(|x| x == v) {
                    values.push(v.to_string());
                }
            }
        }
        out.push((Facet::Extra(name.clone()), values));
    }
    out.retain(|(_, values)| values.len() >= 2);
    out
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(v.len());
    for s in v {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Items per domain (index 0 is domain 1) among `items` that match `filters`.
pub fn domain_counts(catalog: &Catalog, items: &[&DisclosureItem], filters: &Filters) -> [u32; 26] {
    let mut out = [0u32; 26];
    for i in items {
        if (1..=26).contains(&i.domain) && filters.matches(catalog, i) {
            out[i.domain as usize - 1] += 1;
        }
    }
    out
}

/// A node of a domain's item tree: an 一级, 二级 or 三级 heading. `item` is set where a catalog row
/// ends at this node; `count` is the number of rows at or below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathNode {
    pub name: String,
    pub count: u32,
    pub item: Option<String>,
    pub children: Vec<PathNode>,
}

/// Groups items (already filtered, all of one domain) by their path, keeping the catalog's order of
/// first appearance at every level.
pub fn path_tree<'a>(items: impl IntoIterator<Item = &'a DisclosureItem>) -> Vec<PathNode> {
    let mut roots: Vec<PathNode> = Vec::new();
    for item in items {
        let mut level = &mut roots;
        let n = item.path.len();
        for (depth, name) in item.path.iter().enumerate() {
            let last = depth + 1 == n;
            // Two rows with the same full path are two items: never merge their leaves.
            let pos = if last {
                None
            } else {
                level.iter().position(|c| c.name == *name && c.item.is_none())
            };
            let idx = match pos {
                Some(p) => p,
                None => {
                    level.push(PathNode { name: name.clone(), count: 0, item: None, children: Vec::new() });
                    level.len() - 1
                }
            };
            let node = &mut level[idx];
            node.count += 1;
            if last {
                node.item = Some(item.id.clone());
            }
            level = &mut node.children;
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::Tier;
    use crate::model::{Audience, LevelLabel, Mode};

    const COUNTY: Applicability = Applicability { tier: Tier::County, inherited: false };
    const TOWNSHIP: Applicability = Applicability { tier: Tier::Township, inherited: true };

    fn item(id: &str, domain: u8, path: &[&str], levels: &[u8], modes: &[Mode], channels: &[&str]) -> DisclosureItem {
        DisclosureItem {
            id: id.into(),
            domain,
            path: path.iter().map(|s| s.to_string()).collect(),
            channels: channels.iter().map(|s| s.to_string()).collect(),
            audience: vec![Audience::Public],
            modes: modes.to_vec(),
            levels: levels.to_vec(),
            ..Default::default()
        }
    }

    fn catalog() -> Catalog {
        let mut special = item("20-4", 20, &["最低生活保障", "审核信息"], &[1], &[Mode::OnRequest], &["村公示栏"]);
        special.audience = vec![Audience::Specific { group: Some("申请人".into()) }];
        special.extras.insert(0, "结果".into());
        let mut policy = item("20-1", 20, &["综合业务", "政策"], &[0, 1], &[Mode::Proactive], &["政府网站"]);
        policy.extras.insert(0, "决策".into());
        Catalog {
            format_version: 1,
            owner: "430121".into(),
            levels: vec![
                LevelLabel { label: "县级".into(), tier: Tier::County },
                LevelLabel { label: "乡级".into(), tier: Tier::Township },
            ],
            extra_columns: vec!["五公开".into()],
            items: vec![
                policy,
                item("20-2", 20, &["最低生活保障", "政策"], &[0, 1], &[Mode::Proactive], &["政府网站", "政务服务中心"]),
                item("20-3", 20, &["最低生活保障", "办事指南"], &[0], &[Mode::Proactive], &["政府网站"]),
                special,
                item("22-1", 22, &["出生登记", "出生登记"], &[0, 1], &[Mode::Proactive], &["政府网站", "入户/现场"]),
            ],
            not_applicable: vec![],
            brief: false,
        }
    }

    #[test]
    fn a_township_sees_only_the_rows_ticked_at_its_tier() {
        let c = catalog();
        let ids: Vec<&str> = applicable(&c, TOWNSHIP).map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["20-1", "20-2", "20-4", "22-1"]);
    }

    #[test]
    fn facets_combine_with_and_and_counts_ignore_their_own_facet() {
        let c = catalog();
        let items: Vec<&DisclosureItem> = applicable(&c, COUNTY).collect();
        let mut f = Filters::default();
        f.toggle(Facet::Mode, "主动");
        f.toggle(Facet::Channel, "政务服务中心");
        let kept: Vec<&str> = items.iter().filter(|i| f.matches(&c, i)).map(|i| i.id.as_str()).collect();
        assert_eq!(kept, ["20-2"]);

        let facets = vec![
            (Facet::Mode, vec!["主动".to_string(), "依申请".to_string()]),
            (Facet::Channel, vec!["政府网站".to_string(), "政务服务中心".to_string()]),
        ];
        let counts = facet_counts(&c, &items, &f, &facets);
        // Mode counts keep the channel filter but not the mode filter.
        assert_eq!(counts[0].options[0], OptionCount { value: "主动".into(), count: 1 });
        assert_eq!(counts[0].options[1].count, 0);
        // Channel counts keep the mode filter: 4 proactive items all use 政府网站.
        assert_eq!(counts[1].options[0].count, 4);
        assert_eq!(counts[1].options[1].count, 1);
    }

    #[test]
    fn choosing_a_chosen_option_again_clears_it() {
        let mut f = Filters::default();
        f.toggle(Facet::Level, "乡级");
        assert_eq!(f.get(&Facet::Level), Some("乡级"));
        f.toggle(Facet::Level, "乡级");
        assert!(f.is_empty());
    }

    #[test]
    fn filters_round_trip_through_url_pairs_and_ignore_other_keys() {
        let mut f = Filters::default();
        f.toggle(Facet::Level, "乡级");
        f.toggle(Facet::Extra("五公开".into()), "决策");
        let pairs = f.to_pairs();
        assert!(pairs.contains(&("x.五公开".to_string(), "决策".to_string())));
        let mut with_noise: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        with_noise.push(("place", "430121001"));
        with_noise.push(("mode", " "));
        assert_eq!(Filters::from_pairs(with_noise), f);
    }

    #[test]
    fn audience_and_extra_columns_filter_by_their_labels() {
        let c = catalog();
        let items: Vec<&DisclosureItem> = applicable(&c, TOWNSHIP).collect();
        let mut f = Filters::default();
        f.toggle(Facet::Audience, "特定群体");
        assert_eq!(domain_counts(&c, &items, &f)[19], 1);
        let mut f = Filters::default();
        f.toggle(Facet::Extra("五公开".into()), "决策");
        let counts = domain_counts(&c, &items, &f);
        assert_eq!((counts[19], counts[21]), (1, 0));
    }

    #[test]
    fn item_types_filter_and_are_offered_only_with_few_values() {
        let mut c = catalog();
        for (item, t) in c.items.iter_mut().zip(["其他", "公共服务", "公共服务", "行政给付"]) {
            item.item_type = Some(t.into());
        }
        let items: Vec<&DisclosureItem> = applicable(&c, TOWNSHIP).collect();
        let facets = facets_of(&c, &items, &[], &[]);
        let types = facets.iter().find(|(f, _)| *f == Facet::ItemType).map(|(_, v)| v.clone());
        // In catalog order; the row without a type (22-1) offers none.
        assert_eq!(types, Some(vec!["其他".to_string(), "公共服务".into(), "行政给付".into()]));
        let mut f = Filters::default();
        f.toggle(Facet::ItemType, "公共服务");
        let kept: Vec<&str> = items.iter().filter(|i| f.matches(&c, i)).map(|i| i.id.as_str()).collect();
        assert_eq!(kept, ["20-2"]);
        assert_eq!(Filters::from_pairs([("type", "公共服务")]), f);
        // A link made while 事项类型 was an extra column still filters by it, and is written anew.
        let old = Filters::from_pairs([("x.事项类型", "公共服务")]);
        assert_eq!((&old, old.to_pairs()), (&f, vec![("type".to_string(), "公共服务".to_string())]));
        // One type per item and too many of them: no longer a choice worth offering.
        let many: Vec<DisclosureItem> = (0..=MAX_FACET_VALUES)
            .map(|n| DisclosureItem { id: format!("20-x{n}"), item_type: Some(format!("类型{n}")), ..c.items[0].clone() })
            .collect();
        let many_refs: Vec<&DisclosureItem> = many.iter().collect();
        assert!(facets_of(&c, &many_refs, &[], &[]).iter().all(|(f, _)| *f != Facet::ItemType));
    }

    #[test]
    fn facets_offered_are_only_those_with_at_least_two_values_present() {
        let c = catalog();
        let items: Vec<&DisclosureItem> = applicable(&c, TOWNSHIP).collect();
        let facets = facets_of(&c, &items, &["政府网站".into()], &["五公开".into()]);
        let keys: Vec<String> = facets.iter().map(|(f, _)| f.key()).collect();
        assert_eq!(keys, ["level", "mode", "audience", "channel", "x.五公开"]);
        assert_eq!(facets[3].1[0], "政府网站");
        // The only 特定群体 row is not ticked 县级, so at the county tier audience cannot narrow anything.
        let county: Vec<&DisclosureItem> = applicable(&c, COUNTY).collect();
        let facets = facets_of(&c, &county, &[], &[]);
        assert!(facets.iter().all(|(f, _)| *f != Facet::Audience));
    }

    #[test]
    fn a_domain_tree_groups_rows_by_path_in_catalog_order() {
        let c = catalog();
        let tree = path_tree(c.items.iter().filter(|i| i.domain == 20));
        let names: Vec<(&str, u32)> = tree.iter().map(|n| (n.name.as_str(), n.count)).collect();
        assert_eq!(names, [("综合业务", 1), ("最低生活保障", 3)]);
        let leaves: Vec<(&str, Option<&str>)> =
            tree[1].children.iter().map(|n| (n.name.as_str(), n.item.as_deref())).collect();
        assert_eq!(leaves, [("政策", Some("20-2")), ("办事指南", Some("20-3")), ("审核信息", Some("20-4"))]);
    }
}

//! 加减法 and 动态调整: how one catalog differs from another, by one rule ([`diff`]) that the build
//! step uses twice — a county's catalog against its city's template (a township with a catalog of its
//! own against what its county's catalog gives townships), and a place's catalog against the same
//! place's catalog in the previous bundle (the dated record, [`RecordEntry`]).
//!
//! The rule:
//! - Items are matched by id (domain + path, [`crate::ItemId`]). A matched pair whose elements differ is
//!   [`ChangeKind::Changed`], naming each element with its old and new text.
//! - Of the items left, an item only in the base and one only in the adapted catalog, of the same
//!   domain, with the same 公开内容 (not empty) and the same 公开依据, are one item under a new name:
//!   [`ChangeKind::Renamed`] when the 一级事项 is the same, [`ChangeKind::Moved`] when it is another.
//!   Pairs are made in the base's order, each item at most once.
//! - The rest of the base's items are [`ChangeKind::Removed`], or [`ChangeKind::NotApplicable`] when the
//!   adapted catalog declares their domain not applicable (未涉及领域事项说明); the rest of the adapted
//!   catalog's are [`ChangeKind::Added`].
//!
//! What counts as an element: 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体 (as a set), 公开对象,
//! 公开方式, 公开层级 and the extra columns by name. Levels are compared as the tiers ticked at the
//! place's tier and below (a district's 区级 is a template's 县级; a township's catalog says nothing of
//! the county tier). Not compared: the 序号, links (我要看/我要办 are set per place, not by the
//! catalog) and the 示例 mark.

use crate::level::Tier;
use crate::model::{Applicability, Audience, Catalog, DisclosureItem, ItemId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What happened to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// 新增: in the adapted catalog only.
    Added,
    /// 删除: in the base only.
    Removed,
    /// 不适用: in the base only, its domain declared not applicable.
    NotApplicable,
    /// 更名: the same item (same content and basis) under another 二级/三级 name, same 一级事项.
    Renamed,
    /// 移动: the same item under another 一级事项.
    Moved,
    /// 要素调整: the same item, some elements changed.
    Changed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "删除",
            ChangeKind::NotApplicable => "不适用",
            ChangeKind::Renamed => "更名",
            ChangeKind::Moved => "移动",
            ChangeKind::Changed => "要素调整",
        }
    }

    /// The kind as the 调整 column of a reasons file writes it (its [`ChangeKind::label`], or a
    /// common synonym).
    pub fn from_label(text: &str) -> Option<ChangeKind> {
        Some(match text.trim() {
            "新增" | "增加" | "增" | "加" => ChangeKind::Added,
            "删除" | "减少" | "取消" | "减" => ChangeKind::Removed,
            "不适用" | "不涉及" | "未涉及" => ChangeKind::NotApplicable,
            "更名" | "改名" | "重命名" => ChangeKind::Renamed,
            "移动" | "调整归类" => ChangeKind::Moved,
            "要素调整" | "调整" | "修改" | "变更" => ChangeKind::Changed,
            _ => return None,
        })
    }
}

/// An element of an item (a column of the catalog table).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    Content,
    Basis,
    TimeLimit,
    Body,
    Channels,
    Audience,
    Modes,
    Levels,
    /// A column the standard does not name (事项类型, 五公开 …), by its header.
    Extra(String),
}

impl Element {
    /// The column's name as catalogs write it.
    pub fn label(&self) -> &str {
        match self {
            Element::Content => "公开内容",
            Element::Basis => "公开依据",
            Element::TimeLimit => "公开时限",
            Element::Body => "公开主体",
            Element::Channels => "公开渠道和载体",
            Element::Audience => "公开对象",
            Element::Modes => "公开方式",
            Element::Levels => "公开层级",
            Element::Extra(name) => name,
        }
    }
}

/// One element's text before and after (lists joined with 、, an empty cell as "").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementChange {
    pub element: Element,
    pub from: String,
    pub to: String,
}

/// The reason and policy basis a place published for a departure (its reasons file, see
/// docs/source-format.md), or the reason of a 未涉及领域事项说明.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reason {
    /// 理由.
    pub text: String,
    /// 依据: the policy document(s) the departure rests on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
    /// Written by the dataset's authors for illustration (shown as 示例).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
}

/// One item that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    pub kind: ChangeKind,
    /// The item's id in the adapted catalog (in the base for a removed or not-applicable item).
    pub id: ItemId,
    /// Its path in the adapted catalog (in the base for a removed or not-applicable item).
    pub path: Vec<String>,
    /// Its path in the base, for a renamed or moved item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_path: Option<Vec<String>>,
    /// The elements that differ (for a changed, renamed or moved item).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ElementChange>,
    /// The reason published for this item, when there is one of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// The differences in one domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainChanges {
    pub domain: u8,
    /// The reason published for the domain as a whole: it covers every change here without a reason
    /// of its own. For a domain declared not applicable, the 未涉及领域事项说明's reason when no other
    /// was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    pub items: Vec<ItemChange>,
}

impl DomainChanges {
    /// The reason that stands for `item`: its own, else the domain's.
    pub fn reason_for<'a>(&'a self, item: &'a ItemChange) -> Option<&'a Reason> {
        item.reason.as_ref().or(self.reason.as_ref())
    }
}

/// One dated entry of a place's 目录调整记录: what changed in its catalog since the previous bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordEntry {
    /// The as-of date of the bundle that first had the change.
    #[serde(deserialize_with = "crate::date::deserialize")]
    pub date: NaiveDate,
    pub changes: Vec<DomainChanges>,
}

/// `data/adjustments/<place>.<hash8>.json`: a place's 加减法 against the catalog it adapts, and its
/// 目录调整记录, newest first. Listed by [`crate::Place::adjustments`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceAdjustments {
    pub format_version: u32,
    pub place: String,
    /// The code of the place whose catalog this place's adapts: its city (the template) for a county,
    /// its county for a township with a catalog of its own. None when the place adapts nothing (its
    /// file then holds only the record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The 加减法, per domain in domain order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<DomainChanges>,
    /// The 目录调整记录, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub record: Vec<RecordEntry>,
}

/// Which items of a catalog take part in a diff.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub catalog: &'a Catalog,
    /// Only the items that apply so ([`Catalog::applies`]); all items when None.
    pub only: Option<Applicability>,
}

impl<'a> Side<'a> {
    pub fn all(catalog: &'a Catalog) -> Self {
        Side { catalog, only: None }
    }

    fn items(self) -> impl Iterator<Item = &'a DisclosureItem> {
        self.catalog.items.iter().filter(move |i| self.only.is_none_or(|at| self.catalog.applies(i, at)))
    }
}

/// How `adapted` differs from `base` for a place governing at `tier` (see the module's rule), per
/// domain in domain order, only domains with a difference. Reasons are left empty: the build step
/// attaches those the place published.
pub fn diff(base: Side, adapted: Side, tier: Tier) -> Vec<DomainChanges> {
    let b_items: Vec<&DisclosureItem> = base.items().collect();
    let a_items: Vec<&DisclosureItem> = adapted.items().collect();
    let b_ids: HashSet<&str> = b_items.iter().map(|i| i.id.as_str()).collect();
    let a_by_id: HashMap<&str, &DisclosureItem> = a_items.iter().map(|i| (i.id.as_str(), *i)).collect();
    let not_applicable: HashSet<u8> = adapted.catalog.not_applicable.iter().map(|n| n.domain).collect();

    let mut out: BTreeMap<u8, Vec<ItemChange>> = BTreeMap::new();
    let mut removed: Vec<&DisclosureItem> = Vec::new();
    for b in &b_items {
        match a_by_id.get(b.id.as_str()) {
            Some(a) => {
                let elements = elements(base.catalog, b, adapted.catalog, a, tier);
                if !elements.is_empty() {
                    out.entry(a.domain).or_default().push(change(ChangeKind::Changed, a, None, elements));
                }
            }
            None => removed.push(b),
        }
    }
    let mut added: Vec<Option<&DisclosureItem>> =
        a_items.iter().filter(|a| !b_ids.contains(a.id.as_str())).map(|a| Some(*a)).collect();
    for b in removed {
        let same = added.iter().position(|a| {
            a.is_some_and(|a| a.domain == b.domain && !b.content.is_empty() && a.content == b.content && basis_texts(a) == basis_texts(b))
        });
        if let Some(k) = same {
            let a = added[k].take().expect("a candidate is still unpaired");
            let kind = if a.path.first() == b.path.first() { ChangeKind::Renamed } else { ChangeKind::Moved };
            let elements = elements(base.catalog, b, adapted.catalog, a, tier);
            out.entry(a.domain).or_default().push(change(kind, a, Some(b.path.clone()), elements));
        } else {
            let kind = if not_applicable.contains(&b.domain) { ChangeKind::NotApplicable } else { ChangeKind::Removed };
            out.entry(b.domain).or_default().push(change(kind, b, None, Vec::new()));
        }
    }
    for a in added.into_iter().flatten() {
        out.entry(a.domain).or_default().push(change(ChangeKind::Added, a, None, Vec::new()));
    }
    out.into_iter().map(|(domain, items)| DomainChanges { domain, reason: None, items }).collect()
}

fn change(kind: ChangeKind, item: &DisclosureItem, from_path: Option<Vec<String>>, elements: Vec<ElementChange>) -> ItemChange {
    ItemChange { kind, id: item.id.clone(), path: item.path.clone(), from_path, elements, reason: None }
}

fn basis_texts(item: &DisclosureItem) -> Vec<&str> {
    item.basis.iter().map(|b| b.text.as_str()).collect()
}

/// The elements of `a` (in `ac`) that differ from those of `b` (in `bc`), in column order.
fn elements(bc: &Catalog, b: &DisclosureItem, ac: &Catalog, a: &DisclosureItem, tier: Tier) -> Vec<ElementChange> {
    // Most items of an adapted catalog are its base's as they were: equal fields (and level and
    // column tables, which give their indexes meaning) make equal texts below, so the texts need not
    // be made (a national build compares some 400,000 items).
    if same_fields(bc, b, ac, a, tier) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |element: Element, from: String, to: String| {
        if from != to {
            out.push(ElementChange { element, from, to });
        }
    };
    push(Element::Content, b.content.join("、"), a.content.join("、"));
    push(Element::Basis, basis_texts(b).join("；"), basis_texts(a).join("；"));
    push(Element::TimeLimit, b.time_limit.text.clone(), a.time_limit.text.clone());
    push(Element::Body, b.body.clone(), a.body.clone());
    // Channels as a set: the same channels in another order are no change.
    let (mut bs, mut as_) = (b.channels.clone(), a.channels.clone());
    bs.sort();
    as_.sort();
    if bs != as_ {
        push(Element::Channels, b.channels.join("、"), a.channels.join("、"));
    }
    push(Element::Audience, audience_text(&b.audience), audience_text(&a.audience));
    let modes = |i: &DisclosureItem| {
        let mut m = i.modes.clone();
        m.sort();
        m.iter().map(|m| m.label()).collect::<Vec<_>>().join("、")
    };
    push(Element::Modes, modes(b), modes(a));
    push(Element::Levels, tiers_text(bc, b, tier), tiers_text(ac, a, tier));
    let extras = |c: &Catalog, i: &DisclosureItem| -> BTreeMap<String, String> {
        i.extras
            .iter()
            .filter_map(|(k, v)| Some((c.extra_columns.get(*k as usize)?.clone(), v.trim().to_string())))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    };
    let (be, ae) = (extras(bc, b), extras(ac, a));
    // Column order: the base's, then columns only the adapted catalog has.
    let names = bc.extra_columns.iter().chain(ac.extra_columns.iter().filter(|n| !bc.extra_columns.contains(n)));
    let mut seen = HashSet::new();
    for name in names {
        if seen.insert(name) {
            let get = |m: &BTreeMap<String, String>| m.get(name).cloned().unwrap_or_default();
            push(Element::Extra(name.clone()), get(&be), get(&ae));
        }
    }
    out
}

/// Whether every field [`elements`] compares is equal as it is: the tiers the item is ticked at from
/// `tier` down (what [`tiers_text`] writes, whatever each catalog calls them), and the extra columns'
/// values under the same column names.
fn same_fields(bc: &Catalog, b: &DisclosureItem, ac: &Catalog, a: &DisclosureItem, tier: Tier) -> bool {
    b.content == a.content
        && b.basis == a.basis
        && b.time_limit.text == a.time_limit.text
        && b.body == a.body
        && b.channels == a.channels
        && b.audience == a.audience
        && b.modes == a.modes
        && tier_set(bc, b, tier) == tier_set(ac, a, tier)
        && b.extras == a.extras
        && bc.extra_columns == ac.extra_columns
}

/// The tiers an item is ticked at, from `tier` down, as a set of bits: equal sets are equal
/// [`tiers_text`].
fn tier_set(catalog: &Catalog, item: &DisclosureItem, tier: Tier) -> u8 {
    let tiers = item.levels.iter().filter_map(|&l| catalog.levels.get(l as usize).map(|ll| ll.tier));
    tiers.filter(|t| *t >= tier).fold(0, |set, t| set | 1 << t as u8)
}

fn audience_text(audience: &[Audience]) -> String {
    let mut a = audience.to_vec();
    a.sort();
    a.iter()
        .map(|a| match a {
            Audience::Specific { group: Some(g) } => format!("{}（{g}）", a.label()),
            _ => a.label().to_string(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The tiers an item is ticked at, from `tier` down, in words (县级、乡级).
fn tiers_text(catalog: &Catalog, item: &DisclosureItem, tier: Tier) -> String {
    let mut tiers: Vec<Tier> = item
        .levels
        .iter()
        .filter_map(|&l| catalog.levels.get(l as usize).map(|ll| ll.tier))
        .filter(|t| *t >= tier)
        .collect();
    tiers.sort();
    tiers.dedup();
    tiers.iter().map(|t| t.name_zh()).collect::<Vec<_>>().join("、")
}

/// Counts of a diff's items by kind, in the order the app lists them.
pub fn counts(changes: &[DomainChanges]) -> Vec<(ChangeKind, usize)> {
    let mut by: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    for c in changes.iter().flat_map(|d| &d.items) {
        *by.entry(c.kind).or_default() += 1;
    }
    by.into_iter().collect()
}

/// The CSV text (with BOM, for Excel; see [`crate::export`]) of a place's 加减法, then its 目录调整记录:
/// one row per added, removed or not-applicable item and one per changed element, with its reason.
/// The 日期 column is empty for the 加减法 and the record entry's date for the record.
pub fn adjustments_csv(a: &PlaceAdjustments) -> String {
    use crate::export::quote;
    let mut out = String::from(crate::export::BOM);
    let mut row = |fields: &[&str]| {
        out.push_str(&fields.iter().map(|f| quote(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    row(&["日期", "领域", "调整", "事项", "原事项", "要素", "调整前", "调整后", "理由", "依据", "示例"]);
    let dated = std::iter::once((None, &a.changes)).chain(a.record.iter().map(|r| (Some(r.date), &r.changes)));
    for (date, changes) in dated {
        let date = date.map(|d| d.to_string()).unwrap_or_default();
        for d in changes {
            let domain = crate::Domain::by_id(d.domain).map_or_else(|| d.domain.to_string(), |x| x.name.to_string());
            for c in &d.items {
                let reason = d.reason_for(c);
                let (text, basis, sample) = reason.map_or(("", "", ""), |r| (r.text.as_str(), r.basis.as_str(), if r.sample { "示例" } else { "" }));
                let path = c.path.join("/");
                let from = c.from_path.as_ref().map(|p| p.join("/")).unwrap_or_default();
                if c.elements.is_empty() {
                    row(&[&date, &domain, c.kind.label(), &path, &from, "", "", "", text, basis, sample]);
                }
                for e in &c.elements {
                    row(&[&date, &domain, c.kind.label(), &path, &from, e.element.label(), &e.from, &e.to, text, basis, sample]);
                }
            }
        }
    }
    out
}

/// A file name for [`adjustments_csv`]: `<place name>-目录调整.csv`.
pub fn adjustments_file_name(place_name: &str) -> String {
    crate::export::file_name(place_name).replace("政务公开事项目录", "目录调整")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LegalBasis, LevelLabel, NotApplicable, TimeLimit};

    fn item(domain: u8, path: &[&str], content: &str) -> DisclosureItem {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        DisclosureItem {
            id: format!("{domain}-{}", path.join("/")),
            domain,
            path,
            content: content.split('、').filter(|s| !s.is_empty()).map(String::from).collect(),
            basis: vec![LegalBasis { text: "《社会救助暂行办法》".into(), tag: None }],
            time_limit: TimeLimit { text: "信息形成之日起20个工作日内".into(), parsed: None },
            body: "县级政府民政部门".into(),
            channels: vec!["政府网站".into(), "公开查阅点".into()],
            audience: vec![Audience::Public],
            modes: vec![crate::Mode::Proactive],
            levels: vec![0, 1],
            ..Default::default()
        }
    }

    fn catalog(labels: &[(&str, Tier)], items: Vec<DisclosureItem>) -> Catalog {
        Catalog {
            format_version: crate::FORMAT_VERSION,
            owner: "x".into(),
            levels: labels.iter().map(|(l, t)| LevelLabel { label: l.to_string(), tier: *t }).collect(),
            extra_columns: vec![],
            items,
            not_applicable: vec![],
            brief: false,
        }
    }

    const TEMPLATE_LEVELS: &[(&str, Tier)] = &[("县级", Tier::County), ("乡级", Tier::Township)];
    const DISTRICT_LEVELS: &[(&str, Tier)] = &[("区级", Tier::County), ("镇街级", Tier::Township)];

    fn template() -> Vec<DisclosureItem> {
        vec![
            item(20, &["最低生活保障", "政策文件"], "政策文件"),
            item(20, &["最低生活保障", "办理服务"], "办理条件、办理程序"),
            item(20, &["受灾人员救助", "救助信息"], "救助对象、救助标准"),
            item(11, &["农村危房改造", "补助对象认定"], "认定标准、认定结果"),
        ]
    }

    /// One line per change: "kind domain path [from path] element:from→to …".
    fn lines(changes: &[DomainChanges]) -> Vec<String> {
        changes
            .iter()
            .flat_map(|d| &d.items)
            .map(|c| {
                let mut s = format!("{} {}", c.kind.label(), c.path.join("/"));
                if let Some(f) = &c.from_path {
                    s += &format!(" ←{}", f.join("/"));
                }
                for e in &c.elements {
                    s += &format!(" {}:{}→{}", e.element.label(), e.from, e.to);
                }
                s
            })
            .collect()
    }

    #[test]
    fn each_kind_of_departure_is_named_once_with_what_changed() {
        type Edit = fn(&mut Vec<DisclosureItem>, &mut Catalog);
        // (what the county did to the template, the diff in words)
        let cases: &[(&str, Edit, &[&str])] = &[
            ("unchanged, relabelled levels", |_, _| {}, &[]),
            (
                "an item dropped, one added",
                |items, _| {
                    items.retain(|i| i.path[0] != "受灾人员救助");
                    items.insert(2, item(20, &["最低生活保障", "动态管理情况"], "低保对象增减情况、复核结果"));
                },
                &["删除 受灾人员救助/救助信息", "新增 最低生活保障/动态管理情况"],
            ),
            (
                "a domain declared not applicable",
                |items, c| {
                    items.retain(|i| i.domain != 11);
                    c.not_applicable.push(NotApplicable { domain: 11, reason: "辖区均为街道".into() });
                },
                &["不适用 农村危房改造/补助对象认定"],
            ),
            (
                "elements changed",
                |items, _| {
                    items[1].body = "芙蓉区民政局".into();
                    items[1].channels = vec!["公开查阅点".into(), "政府网站".into(), "两微一端".into()];
                    items[1].levels = vec![0];
                },
                &["要素调整 最低生活保障/办理服务 公开主体:县级政府民政部门→芙蓉区民政局 公开渠道和载体:政府网站、公开查阅点→公开查阅点、政府网站、两微一端 公开层级:县级、乡级→县级"],
            ),
            (
                "channels in another order are no change",
                |items, _| items[0].channels.reverse(),
                &[],
            ),
            (
                "renamed: same 一级, same content and basis, another 二级",
                |items, _| {
                    items[1].path[1] = "办理指南".into();
                    items[1].id = "20-最低生活保障/办理指南".into();
                    items[1].time_limit.text = "实时".into();
                },
                &["更名 最低生活保障/办理指南 ←最低生活保障/办理服务 公开时限:信息形成之日起20个工作日内→实时"],
            ),
            (
                "moved: same content and basis under another 一级",
                |items, _| {
                    items[2].path = vec!["临时救助".into(), "救助信息".into()];
                    items[2].id = "20-临时救助/救助信息".into();
                },
                &["移动 临时救助/救助信息 ←受灾人员救助/救助信息"],
            ),
            (
                "another name and other content is one removed and one added",
                |items, _| {
                    items[2].path = vec!["临时救助".into(), "救助信息".into()];
                    items[2].id = "20-临时救助/救助信息".into();
                    items[2].content = vec!["救助对象".into()];
                },
                &["删除 受灾人员救助/救助信息", "新增 临时救助/救助信息"],
            ),
            (
                "the same content in another domain is not a move",
                |items, _| {
                    let mut moved = items.remove(2);
                    moved.domain = 6;
                    moved.id = "6-受灾人员救助/救助信息".into();
                    items.push(moved);
                },
                &["新增 受灾人员救助/救助信息", "删除 受灾人员救助/救助信息"],
            ),
        ];
        let base = catalog(TEMPLATE_LEVELS, template());
        for (name, edit, want) in cases {
            let mut items = template();
            let mut adapted = catalog(DISTRICT_LEVELS, vec![]);
            edit(&mut items, &mut adapted);
            adapted.items = items;
            let got = lines(&diff(Side::all(&base), Side::all(&adapted), Tier::County));
            assert_eq!(got, *want, "{name}");
        }
    }

    #[test]
    fn a_township_is_compared_with_what_its_county_gives_townships() {
        let mut county_only = item(20, &["最低生活保障", "审批结果"], "审批结果");
        county_only.levels = vec![0];
        let mut items = template();
        items.push(county_only);
        let county = catalog(TEMPLATE_LEVELS, items);
        // The township's own catalog: the township rows, one also posted in the villages.
        let mut own: Vec<DisclosureItem> = template();
        own[0].levels = vec![0, 1];
        for i in own.iter_mut().skip(1) {
            i.levels = vec![0];
        }
        let township = catalog(&[("镇级", Tier::Township), ("村级", Tier::Village)], own);
        let base = Side { catalog: &county, only: Some(Applicability { tier: Tier::Township, inherited: true }) };
        let got = lines(&diff(base, Side::all(&township), Tier::Township));
        // The county-only row is not missing from the township, and 县级 is not the township's business.
        assert_eq!(got, ["要素调整 最低生活保障/政策文件 公开层级:乡级→乡级、村级"]);
    }

    #[test]
    fn the_same_indexes_under_other_level_labels_or_columns_are_a_change() {
        let mut b = item(1, &["规划", "公示"], "规划图");
        b.levels = vec![0];
        b.extras.insert(0, "行政许可".into());
        let mut base = catalog(TEMPLATE_LEVELS, vec![b.clone()]);
        base.extra_columns = vec!["事项类型".into()];
        // The item as it was, in a catalog whose level 0 is 乡级 …
        let mut adapted = base.clone();
        adapted.levels = catalog(&[("乡级", Tier::Township), ("县级", Tier::County)], vec![]).levels;
        let got = lines(&diff(Side::all(&base), Side::all(&adapted), Tier::County));
        assert_eq!(got, ["要素调整 规划/公示 公开层级:县级→乡级"]);
        // … or whose column 0 is another one.
        let mut adapted = base.clone();
        adapted.extra_columns = vec!["备注".into()];
        let got = lines(&diff(Side::all(&base), Side::all(&adapted), Tier::County));
        assert_eq!(got, ["要素调整 规划/公示 事项类型:行政许可→ 备注:→行政许可"]);
    }

    #[test]
    fn extra_columns_are_compared_by_name_not_by_index() {
        let mut b = item(1, &["规划", "公示"], "规划图");
        b.extras.insert(1, "行政许可".into());
        let mut a = b.clone();
        a.extras = BTreeMap::from([(0, "公共服务".into())]);
        let mut base = catalog(TEMPLATE_LEVELS, vec![b]);
        base.extra_columns = vec!["五公开".into(), "事项类型".into()];
        let mut adapted = catalog(TEMPLATE_LEVELS, vec![a]);
        adapted.extra_columns = vec!["事项类型".into()];
        let got = lines(&diff(Side::all(&base), Side::all(&adapted), Tier::County));
        assert_eq!(got, ["要素调整 规划/公示 事项类型:行政许可→公共服务"]);
    }

    #[test]
    fn a_domain_reason_covers_its_items_unless_an_item_has_its_own() {
        let own = Reason { text: "本区新增".into(), ..Default::default() };
        let domain = Reason { text: "机构改革".into(), ..Default::default() };
        let mut d = DomainChanges { domain: 20, reason: Some(domain.clone()), items: vec![] };
        d.items.push(change(ChangeKind::Added, &item(20, &["a", "b"], "c"), None, vec![]));
        d.items.push(ItemChange { reason: Some(own.clone()), ..d.items[0].clone() });
        assert_eq!(d.reason_for(&d.items[0]), Some(&domain));
        assert_eq!(d.reason_for(&d.items[1]), Some(&own));
        d.reason = None;
        assert_eq!(d.reason_for(&d.items[0]), None);
    }

    #[test]
    fn the_csv_has_a_row_per_item_and_per_changed_element_with_its_reason_and_date() {
        let mut changed = change(ChangeKind::Changed, &item(20, &["低保", "政策"], "政策"), None, vec![]);
        changed.elements = vec![
            ElementChange { element: Element::Body, from: "县级政府民政部门".into(), to: "芙蓉区民政局".into() },
            ElementChange { element: Element::TimeLimit, from: "20日".into(), to: "=10日".into() },
        ];
        let removed = ItemChange {
            reason: Some(Reason { text: "由应急部门公开".into(), basis: "应急厅函〔2019〕390号".into(), sample: true }),
            ..change(ChangeKind::Removed, &item(20, &["受灾人员救助", "救助信息"], "x"), None, vec![])
        };
        let domain = Reason { text: "公开主体写为本区单位".into(), ..Default::default() };
        let a = PlaceAdjustments {
            format_version: crate::FORMAT_VERSION,
            place: "430102".into(),
            base: Some("430100".into()),
            changes: vec![DomainChanges { domain: 20, reason: Some(domain), items: vec![removed, changed.clone()] }],
            record: vec![RecordEntry {
                date: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
                changes: vec![DomainChanges { domain: 20, reason: None, items: vec![changed] }],
            }],
        };
        let csv = adjustments_csv(&a);
        let lines: Vec<&str> = csv.trim_start_matches(crate::export::BOM).split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                r#""日期","领域","调整","事项","原事项","要素","调整前","调整后","理由","依据","示例""#,
                r#""","社会救助","删除","受灾人员救助/救助信息","","","","","由应急部门公开","应急厅函〔2019〕390号","示例""#,
                r#""","社会救助","要素调整","低保/政策","","公开主体","县级政府民政部门","芙蓉区民政局","公开主体写为本区单位","","""#,
                r#""","社会救助","要素调整","低保/政策","","公开时限","20日","'=10日","公开主体写为本区单位","","""#,
                r#""2026-11-15","社会救助","要素调整","低保/政策","","公开主体","县级政府民政部门","芙蓉区民政局","","","""#,
                r#""2026-11-15","社会救助","要素调整","低保/政策","","公开时限","20日","'=10日","","","""#,
            ]
        );
        assert_eq!(adjustments_file_name("芙蓉区"), "芙蓉区-目录调整.csv");
    }

    #[test]
    fn every_kind_reads_back_from_its_label() {
        for k in [ChangeKind::Added, ChangeKind::Removed, ChangeKind::NotApplicable, ChangeKind::Renamed, ChangeKind::Moved, ChangeKind::Changed] {
            assert_eq!(ChangeKind::from_label(k.label()), Some(k));
        }
        assert_eq!(ChangeKind::from_label("随便"), None);
    }
}

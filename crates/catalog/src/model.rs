//! The disclosure catalog: items, their elements, places and published entries.

use crate::level::Tier;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A stable item identifier: the domain number and a short hash of the item's path, e.g. `"20-5c1e0a9b"`.
/// The same item (same domain and path) has the same id in every county's catalog, so published
/// entries, links and search results can name it across places.
pub type ItemId = String;

/// The stable id of an item: `"{domain}-{hash8}"`, hash8 being the first 8 hex digits of
/// SHA-256(`"{domain}/{path joined by '/'}"`), path elements trimmed and empty ones dropped. The build
/// step names items by it, and the app gives each item of a catalog file its id by it (catalog files
/// do not carry ids since format 6).
pub fn item_id<S: AsRef<str>>(domain: u8, path: &[S]) -> ItemId {
    let mut key = domain.to_string();
    for p in path {
        let p = p.as_ref().trim();
        if !p.is_empty() {
            key.push('/');
            key.push_str(p);
        }
    }
    format!("{domain}-{}", &crate::hash::sha256_hex(key.as_bytes())[..8])
}

/// One row of a disclosure catalog: the lowest-level item (二级 or 三级事项) with everything the catalog
/// says about it. (`Default` is for building items field by field, as tests do: domain 0 is no domain.)
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DisclosureItem {
    /// [`item_id`] of the domain and path: not stored (a catalog file would carry 8 hex digits per
    /// item that gzip cannot shrink, 16 % of a county's catalog sent), given back when a catalog is
    /// read ([`Catalog`]'s `Deserialize`).
    #[serde(default, skip_serializing)]
    pub id: ItemId,
    /// Domain number, 1–26 (see [`crate::DOMAINS`]).
    pub domain: u8,
    /// 一级事项, 二级事项 and, where the catalog has one, 三级事项.
    pub path: Vec<String>,
    /// 序号 or a coded item number (0505) as the catalog writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// 公开内容（要素）, one element per entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<String>,
    /// 公开依据, one law or document per entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<LegalBasis>,
    /// 公开时限.
    #[serde(default, skip_serializing_if = "TimeLimit::is_empty")]
    pub time_limit: TimeLimit,
    /// 公开主体.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// 公开渠道和载体: names from [`CHANNELS`] where recognised, free text otherwise. Where the catalog
    /// gives the channels per level (湘潭's template: 公开渠道和载体 县级 · 乡级), the county level's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// 公开渠道和载体 of the township level (乡级), where the catalog gives it apart; empty otherwise.
    /// A township sees these instead of `channels` ([`DisclosureItem::channels_at`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub township_channels: Vec<String>,
    /// 事项类型 (公共服务, 行政许可, 其他 …), where the catalog has the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    /// 公开内容标题: the titles under which the content is published, one per entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content_titles: Vec<String>,
    /// 公开对象.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<Audience>,
    /// 公开方式.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<Mode>,
    /// 公开层级: indexes into [`Catalog::levels`] of the ticked levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<u8>,
    /// Columns the standard does not name (五公开, 公开时长 …), by index into
    /// [`Catalog::extra_columns`], with the cell's text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extras: BTreeMap<u8, String>,
    /// 我要看 / 我要办 links, already checked by [`crate::link::safe_href`].
    #[serde(default, skip_serializing_if = "ServiceLinks::is_empty")]
    pub links: ServiceLinks,
    /// True where the row is not from a published catalog but completed by the dataset's authors in the
    /// spirit of the guideline (shown as 示例).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
}

impl DisclosureItem {
    /// The 公开渠道和载体 a place at `tier` uses: a township's (or village's) own where the catalog gives
    /// them apart, else the one list.
    pub fn channels_at(&self, tier: Tier) -> &[String] {
        if tier >= Tier::Township && !self.township_channels.is_empty() {
            &self.township_channels
        } else {
            &self.channels
        }
    }

    /// Leaves out what only the item's page shows, as a brief catalog does ([`Catalog::brief`]).
    fn keep_brief(&mut self) {
        self.number = None;
        self.content.clear();
        self.content_titles.clear();
        self.basis.clear();
        self.time_limit = TimeLimit::default();
        self.body.clear();
        self.links = ServiceLinks::default();
    }
}

/// One legal basis, with the tag a catalog may give it (【法律】, 【条例】, 【规章】 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// 公开时限 as written, and its parsed form where it has a recognisable shape.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TimeLimit {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parsed: Option<Deadline>,
}

impl TimeLimit {
    /// Nothing written (and so nothing parsed): left out of catalog files.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.parsed.is_none()
    }
}

/// The parsed shapes of 公开时限. In JSON an object tagged by `kind` (`{"kind":"within","amount":20,
/// "unit":"working_days"}`, `{"kind":"realtime"}`); read through [`DeadlineFields`], not serde's
/// internally tagged enum, which buffers every value before it reads the tag and costs the explorer's
/// wasm that buffering code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "DeadlineFields")]
pub enum Deadline {
    /// "…之日起20个工作日内", "批准后20日内", optionally followed by "公示7个工作日".
    Within {
        amount: u16,
        unit: DayUnit,
        /// The event the period runs from ("信息形成或者变更", "本级人民代表大会或其常务委员会批准"), if named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        /// A public-notice period that follows publication (公示N个工作日).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notice: Option<Period>,
    },
    /// "实时", "即时": published as it happens.
    Realtime,
    /// "长期公开", "常态化公开": kept public with no deadline.
    Ongoing,
}

/// A [`Deadline`] as its JSON object reads, every field optional but the tag; a `within` without
/// `amount` or `unit` is refused as serde's tagged enum refused it.
#[derive(Deserialize)]
struct DeadlineFields {
    kind: DeadlineKind,
    amount: Option<u16>,
    unit: Option<DayUnit>,
    after: Option<String>,
    notice: Option<Period>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DeadlineKind {
    Within,
    Realtime,
    Ongoing,
}

impl TryFrom<DeadlineFields> for Deadline {
    type Error = &'static str;

    fn try_from(f: DeadlineFields) -> Result<Deadline, &'static str> {
        Ok(match f.kind {
            DeadlineKind::Within => Deadline::Within {
                amount: f.amount.ok_or("missing field `amount`")?,
                unit: f.unit.ok_or("missing field `unit`")?,
                after: f.after,
                notice: f.notice,
            },
            DeadlineKind::Realtime => Deadline::Realtime,
            DeadlineKind::Ongoing => Deadline::Ongoing,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub amount: u16,
    pub unit: DayUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// 工作日: weekends and public holidays excluded.
    WorkingDays,
    /// 日 / 天: calendar days.
    Days,
}

/// 公开对象.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// 全社会.
    Public,
    /// 特定群体 (特定群众), with the group when the catalog names it (申请人, 村集体成员 …).
    Specific {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
    },
}

impl Audience {
    pub fn label(&self) -> &'static str {
        match self {
            Audience::Public => "全社会",
            Audience::Specific { .. } => "特定群体",
        }
    }
}

/// 公开方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// 主动公开.
    Proactive,
    /// 依申请公开.
    OnRequest,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Proactive => "主动",
            Mode::OnRequest => "依申请",
        }
    }
}

/// "我要看 / 我要办": where a citizen reading an item can see the published information or do the
/// business online.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceLinks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    /// True when a link shown here comes from a row marked 示例 (invented for the sample dataset): the
    /// item page labels the links 示例.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
}

impl ServiceLinks {
    pub fn is_empty(&self) -> bool {
        self.see.is_none() && self.act.is_none()
    }
}

/// The fixed checklist of 公开渠道和载体 in the national guidelines, then the domain extras. A catalog's
/// channel text is matched against these names and their [`CHANNEL_ALIASES`].
pub const CHANNELS: &[&str] = &[
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心",
    "便民服务站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他",
    "12345政务服务热线", "投资项目在线审批监管平台", "公共资源交易平台", "信用中国", "其他基层公共服务平台",
    "部门网站", "办税服务厅", "国家企业信用信息公示系统",
];

/// Other ways catalogs write a channel of [`CHANNELS`]: (as written, canonical name).
pub const CHANNEL_ALIASES: &[(&str, &str)] = &[
    ("政务新媒体", "两微一端"), ("新闻发布会", "发布会/听证会"), ("发布会", "发布会/听证会"),
    ("听证会", "发布会/听证会"), ("入户", "入户/现场"), ("现场", "入户/现场"),
    ("村公示栏", "社区/企事业单位/村公示栏（电子屏）"), ("村委会公示栏", "社区/企事业单位/村公示栏（电子屏）"),
    ("公示栏", "社区/企事业单位/村公示栏（电子屏）"), ("电子屏", "社区/企事业单位/村公示栏（电子屏）"),
    ("社区/企事业单位/村公示栏", "社区/企事业单位/村公示栏（电子屏）"),
    ("社区/企事业单位/村公示栏(电子屏)", "社区/企事业单位/村公示栏（电子屏）"),
    ("政府门户网站", "政府网站"), ("广播", "广播电视"), ("电视", "广播电视"), ("报刊", "纸质媒体"),
    ("公开查阅场所", "公开查阅点"), ("政务服务大厅", "政务服务中心"), ("便民服务中心", "便民服务站"),
    ("12345热线", "12345政务服务热线"),
];

/// The kind of a place in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// 省、自治区、直辖市 (430000): a register with provinces lists them first; the home screen of a
    /// one-province dataset still lists its cities ([`crate::Manifest::home_places`]).
    Province,
    /// 地级市 (430100).
    City,
    /// 县/市/区, and statistical zones at that level (430371 高新区).
    County,
    /// 乡/镇/街道 (430121001).
    Township,
}

/// A published entry: one piece of information a place published under a catalog item.
/// Stored in the place's entries file ([`crate::PlaceEntries`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedEntry {
    pub item: ItemId,
    pub title: String,
    #[serde(deserialize_with = "crate::date::deserialize")]
    pub date: NaiveDate,
    /// Already checked by [`crate::link::safe_href`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// 类型, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::EntryKind>,
    /// 解读对象: the title of the entry this one interprets, an entry of the same place and item (the
    /// build step checks it names one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interprets: Option<String>,
    /// True for an entry marked 示例 in its source (an invented title, date and link): the app labels it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
}

/// A catalog as it applies to one or more places: every item of every domain, in domain order then
/// source order. Stored as `catalog/<owner>.<hash8>.json`, its items without their ids, which reading
/// gives back ([`item_id`]), and again as a brief catalog ([`Catalog::brief`],
/// `catalog/<owner>.brief.<hash8>.json`), what a place screen's tree and filters load first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Catalog {
    pub format_version: u32,
    /// Code of the place whose catalog this is: a county, a township with a catalog of its own, or the
    /// city when counties use its template unchanged (the file is then shared by those counties).
    pub owner: String,
    /// Every level label used by this catalog's rows, with its tier.
    pub levels: Vec<LevelLabel>,
    /// Names of the extra columns the items' `extras` refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_columns: Vec<String>,
    pub items: Vec<DisclosureItem>,
    /// Domains the catalog declares not applicable (未涉及领域事项说明), with the reason given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<NotApplicable>,
    /// True for a brief catalog ([`Catalog::brief`]): its items lack what only an item's page shows, so
    /// an item's page or an export must load the whole catalog ([`crate::Place::catalog`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub brief: bool,
}

impl Serialize for Catalog {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Catalog::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Catalog {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut catalog = Catalog::deserialize(deserializer)?;
        for item in catalog.items.iter_mut().filter(|i| i.id.is_empty()) {
            item.id = item_id(item.domain, &item.path);
        }
        Ok(catalog)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelLabel {
    pub label: String,
    pub tier: Tier,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplicable {
    pub domain: u8,
    pub reason: String,
}

/// Which rows of a catalog apply to a place: the one rule the build step counts by and the app shows by
/// ([`Catalog::applies`]). A place's [`crate::Place::applicability`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Applicability {
    /// The tier whose ticked rows apply.
    pub tier: Tier,
    /// True for a township showing its county's catalog; false where the place uses the catalog as its
    /// own (a county, or a township with a catalog of its own).
    pub inherited: bool,
}

impl Catalog {
    /// Whether the item applies to a place using this catalog as `at` says: the item is ticked at the
    /// place's tier, or it has no level ticked and the place uses the catalog as its own (a row nobody
    /// ticked is the owner's business, not something its townships must publish). A city uses its
    /// template (目录范本) as its own at the city tier: the template is shown whole, every row at every
    /// level, since it is what its counties adapt.
    pub fn applies(&self, item: &DisclosureItem, at: Applicability) -> bool {
        if at.tier == Tier::City && !at.inherited {
            return true;
        }
        let ticked_here = item.levels.iter().any(|&l| self.levels.get(l as usize).is_some_and(|ll| ll.tier == at.tier));
        ticked_here || (!at.inherited && item.levels.is_empty())
    }

    /// The catalog as a place at `tier` sees it: a township's (or village's) items carry their
    /// 乡级 channels as `channels` ([`DisclosureItem::channels_at`]), so that the filters, the item page
    /// and the CSV export all show the township's. `None` when nothing differs (no split channels, or a
    /// county or city).
    pub fn seen_at(&self, tier: Tier) -> Option<Catalog> {
        if tier < Tier::Township || self.items.iter().all(|i| i.township_channels.is_empty()) {
            return None;
        }
        let mut out = self.clone();
        for item in out.items.iter_mut().filter(|i| !i.township_channels.is_empty()) {
            item.channels.clone_from(&item.township_channels);
        }
        Some(out)
    }

    /// The catalog without what only an item's page shows — its 序号, 公开内容 and 公开内容标题, 公开依据,
    /// 公开时限, 公开主体 and 我要看/我要办 links, more than half of a catalog file as sent — and marked
    /// [`Catalog::brief`]: what a place screen's domain tree and filters need, and all that a
    /// township's deep link loads before its tree shows ([`crate::Place::brief`]). Everything the
    /// filters, the tree and the counts read is kept: domain, path, levels, 公开方式, 公开对象, channels,
    /// 事项类型, extra columns and the 示例 mark.
    pub fn brief(&self) -> Catalog {
        let mut out = self.clone();
        out.items.iter_mut().for_each(DisclosureItem::keep_brief);
        out.brief = true;
        out
    }

    /// The level labels of an item, for display and filtering.
    pub fn level_labels<'a>(&'a self, item: &'a DisclosureItem) -> impl Iterator<Item = &'a str> + 'a {
        item.levels.iter().filter_map(|&l| self.levels.get(l as usize).map(|ll| ll.label.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(levels: &[u8]) -> DisclosureItem {
        DisclosureItem {
            id: "20-1".into(),
            domain: 20,
            path: vec!["最低生活保障".into(), "政策".into()],
            levels: levels.to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn a_catalog_file_carries_no_item_ids_and_reading_it_gives_them_back() {
        let mut items = vec![
            DisclosureItem { domain: 20, path: vec!["最低生活保障".into(), "政策".into()], ..Default::default() },
            DisclosureItem { domain: 22, path: vec![" 出生登记 ".into(), "".into(), "出生登记".into()], ..Default::default() },
        ];
        for i in &mut items {
            i.id = item_id(i.domain, &i.path);
        }
        let catalog = Catalog { format_version: 6, owner: "430121".into(), levels: vec![], extra_columns: vec![], items, not_applicable: vec![], brief: false };
        let json = serde_json::to_string(&catalog).unwrap();
        assert!(!json.contains("\"id\"") && !json.contains("20-"), "{json}");
        assert_eq!(serde_json::from_str::<Catalog>(&json).unwrap(), catalog);
        // (domain, path) → id, the same in every county: trimmed, empty elements dropped.
        let cases: &[(u8, &[&str], &str)] = &[
            (20, &["最低生活保障", "政策"], "20/最低生活保障/政策"),
            (22, &[" 出生登记 ", "", "出生登记"], "22/出生登记/出生登记"),
        ];
        for (domain, path, key) in cases {
            assert_eq!(item_id(*domain, path), format!("{domain}-{}", &crate::hash::sha256_hex(key.as_bytes())[..8]));
        }
        // A file of format 5 still names its ids: they are kept.
        let old = json.replacen("\"items\":[{", "\"items\":[{\"id\":\"20-00000000\",", 1);
        assert_eq!(serde_json::from_str::<Catalog>(&old).unwrap().items[0].id, "20-00000000");
    }

    #[test]
    fn a_deadline_reads_back_from_the_json_it_writes_and_a_within_needs_its_period() {
        let within = Deadline::Within {
            amount: 20,
            unit: DayUnit::WorkingDays,
            after: Some("信息形成或者变更".into()),
            notice: Some(Period { amount: 7, unit: DayUnit::Days }),
        };
        let bare = Deadline::Within { amount: 5, unit: DayUnit::Days, after: None, notice: None };
        for (deadline, json) in [
            (
                within,
                r#"{"kind":"within","amount":20,"unit":"working_days","after":"信息形成或者变更","notice":{"amount":7,"unit":"days"}}"#,
            ),
            (bare.clone(), r#"{"kind":"within","amount":5,"unit":"days"}"#),
            (Deadline::Realtime, r#"{"kind":"realtime"}"#),
            (Deadline::Ongoing, r#"{"kind":"ongoing"}"#),
        ] {
            assert_eq!(serde_json::to_string(&deadline).unwrap(), json);
            assert_eq!(serde_json::from_str::<Deadline>(json).unwrap(), deadline, "{json}");
        }
        // The tag may come anywhere in the object, as with serde's tagged enum.
        let late = r#"{"unit":"days","amount":5,"kind":"within"}"#;
        assert_eq!(serde_json::from_str::<Deadline>(late).unwrap(), bare);
        for refused in [
            r#"{"kind":"within","unit":"days"}"#,
            r#"{"kind":"within","amount":5}"#,
            r#"{"kind":"someday"}"#,
            r#"{"amount":5,"unit":"days"}"#,
            r#"{"kind":"within","amount":-1,"unit":"days"}"#,
        ] {
            assert!(serde_json::from_str::<Deadline>(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn an_item_applies_where_it_is_ticked_and_an_unticked_one_only_to_the_catalogs_own_places() {
        let catalog = Catalog {
            format_version: crate::FORMAT_VERSION,
            owner: "430121".into(),
            levels: vec![
                LevelLabel { label: "县级".into(), tier: Tier::County },
                LevelLabel { label: "乡级".into(), tier: Tier::Township },
            ],
            extra_columns: vec![],
            items: vec![],
            not_applicable: vec![],
            brief: false,
        };
        let county = Applicability { tier: Tier::County, inherited: false };
        let own_township = Applicability { tier: Tier::Township, inherited: false };
        let inheriting = Applicability { tier: Tier::Township, inherited: true };
        // A city's page shows its template whole.
        let template = Applicability { tier: Tier::City, inherited: false };
        // (levels ticked, county, township with its own catalog, township inheriting the county's, city)
        let cases: &[(&[u8], bool, bool, bool, bool)] = &[
            (&[0], true, false, false, true),
            (&[1], false, true, true, true),
            (&[0, 1], true, true, true, true),
            (&[], true, true, false, true),
            // An index past the catalog's levels ticks nothing, but it is not "no level ticked".
            (&[7], false, false, false, true),
        ];
        for &(levels, c, o, i, t) in cases {
            let it = item(levels);
            assert_eq!(
                [
                    catalog.applies(&it, county),
                    catalog.applies(&it, own_township),
                    catalog.applies(&it, inheriting),
                    catalog.applies(&it, template)
                ],
                [c, o, i, t],
                "levels {levels:?}"
            );
        }
    }

    #[test]
    fn a_brief_catalog_keeps_what_the_tree_and_filters_read_and_leaves_out_what_only_an_item_page_shows() {
        let full_item = DisclosureItem {
            number: Some("0505".into()),
            content: vec!["申请条件".into(), "办理流程".into()],
            content_titles: vec!["低保标准公告".into()],
            basis: vec![LegalBasis { text: "《社会救助暂行办法》".into(), tag: Some("【法规】".into()) }],
            time_limit: TimeLimit { text: "实时".into(), parsed: Some(Deadline::Realtime) },
            body: "县民政局".into(),
            channels: vec!["政府网站".into()],
            township_channels: vec!["便民服务站".into()],
            item_type: Some("公共服务".into()),
            audience: vec![Audience::Public],
            modes: vec![Mode::Proactive],
            extras: [(0u8, "结果".to_string())].into(),
            links: ServiceLinks { see: Some("https://example.gov.cn/".into()), ..Default::default() },
            sample: true,
            // As reading a file gives it.
            id: item_id(20, &["最低生活保障", "政策"]),
            ..item(&[0, 1])
        };
        let path = vec!["最低生活保障".to_string(), "名单".to_string()];
        let bare = DisclosureItem { id: item_id(20, &path), path, ..item(&[0]) };
        let catalog = Catalog {
            format_version: crate::FORMAT_VERSION,
            owner: "430121".into(),
            levels: vec![LevelLabel { label: "县级".into(), tier: Tier::County }, LevelLabel { label: "乡级".into(), tier: Tier::Township }],
            extra_columns: vec!["五公开".into()],
            items: vec![full_item.clone(), bare.clone()],
            not_applicable: vec![NotApplicable { domain: 3, reason: "本县无此业务".into() }],
            brief: false,
        };
        let brief = catalog.brief();
        assert!(brief.brief && !catalog.brief);
        // Everything else is the same: the levels, columns, not-applicable domains, and every field of
        // every item but those only its page shows.
        let texts_cleared = DisclosureItem {
            number: None,
            content: vec![],
            content_titles: vec![],
            basis: vec![],
            time_limit: TimeLimit::default(),
            body: String::new(),
            links: ServiceLinks::default(),
            ..full_item
        };
        assert_eq!(brief, Catalog { items: vec![texts_cleared, bare.clone()], brief: true, ..catalog.clone() });
        // The file: none of the four keys, the mark, and ids given back on reading.
        let json = serde_json::to_string(&brief).unwrap();
        for key in ["number", "content", "content_titles", "basis", "time_limit", "body", "links", "id"].map(|k| format!("\"{k}\"")) {
            assert!(!json.contains(&key), "{key} in {json}");
        }
        assert!(json.ends_with(",\"brief\":true}"), "{json}");
        let read: Catalog = serde_json::from_str(&json).unwrap();
        assert_eq!(read, brief);
        // The whole catalog's file has no mark, and an item with no 时限 written has no key for it.
        let whole = serde_json::to_string(&catalog).unwrap();
        assert!(!whole.contains("\"brief\"") && whole.matches("\"time_limit\"").count() == 1, "{whole}");
        assert_eq!(serde_json::from_str::<Catalog>(&whole).unwrap(), catalog);
    }

    #[test]
    fn a_township_sees_the_township_channels_where_the_catalog_gives_them_apart() {
        let split = DisclosureItem {
            channels: vec!["政府网站".into()],
            township_channels: vec!["便民服务站".into()],
            ..item(&[0, 1])
        };
        let one_list = DisclosureItem { channels: vec!["政府网站".into()], ..item(&[0, 1]) };
        // (item, tier, channels seen)
        let cases: &[(&DisclosureItem, Tier, &[&str])] = &[
            (&split, Tier::City, &["政府网站"]),
            (&split, Tier::County, &["政府网站"]),
            (&split, Tier::Township, &["便民服务站"]),
            (&split, Tier::Village, &["便民服务站"]),
            (&one_list, Tier::Township, &["政府网站"]),
        ];
        for (it, tier, want) in cases {
            assert_eq!(it.channels_at(*tier), *want, "{tier:?}");
        }
        let catalog = Catalog {
            format_version: crate::FORMAT_VERSION,
            owner: "430321".into(),
            levels: vec![],
            extra_columns: vec![],
            items: vec![split.clone(), one_list.clone()],
            not_applicable: vec![],
            brief: false,
        };
        assert_eq!(catalog.seen_at(Tier::County), None);
        let township = catalog.seen_at(Tier::Township).expect("split channels differ at a township");
        assert_eq!(township.items[0].channels, ["便民服务站"]);
        assert_eq!(township.items[1].channels, ["政府网站"]);
        // Seen twice, the same: the item page may ask again.
        assert_eq!(township.items[0].channels_at(Tier::Township), ["便民服务站"]);
        let plain = Catalog { items: vec![one_list], ..catalog };
        assert_eq!(plain.seen_at(Tier::Township), None);
    }
}

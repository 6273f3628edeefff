//! The bundle format: the files the build step writes and the app reads.
//!
//! ```text
//! data/manifest.json                     Manifest: small, loaded first, short cache; the top places
//! data/places/<code>.<hash8>.json        PlaceList: the places directly below one place, and their files
//! data/catalog/<owner>.<hash8>.json      Catalog: every item of a county (or a township with its own catalog)
//! data/catalog/<owner>.brief.<hash8>.json  the same Catalog without what only an item's page shows
//! data/entries/<place>.<hash8>.json      PlaceEntries: what one place published
//! data/geo/<place>.<hash8>.json          GeoView: the map of one place's children
//! data/locate/index.<hash8>.json         LocateIndex: where 用我的位置 finds each city's outlines
//! data/locate/<city>.<hash8>.json        LocateOutlines: a city's county outlines in longitude/latitude
//! data/adjustments/<place>.<hash8>.json  PlaceAdjustments: a place's 加减法 and 目录调整记录
//! ```
//!
//! Every file but the manifest has its content hash in its name (so hosts may cache it forever) and is
//! listed, with its size and SHA-256, by the file that leads to it: the manifest ([`Manifest::files`])
//! lists the top places' files, each [`PlaceList`] the files of the places it holds, so the app verifies
//! every file through a chain that starts at the manifest. All files are compact JSON written with sorted maps
//! and no floating-point numbers, so the same sources give the same bytes. `docs/bundle-format.md`
//! describes the format for people; these types are its definition.

use crate::level::Tier;
use crate::model::{Applicability, PlaceKind, PublishedEntry};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the bundle format. Bump on any change an older app could misread.
/// 2: the search files are listed in the search meta file and its list pages, not in the manifest.
/// 3: [`Place::inherited`]: which rows apply to a place is [`crate::Catalog::applies`], so an older app
/// would leave out rows with no level ticked that the counts include.
/// 4: a city has its template (目录范本) as [`Place::catalog`], every row of which applies at the city
/// tier; items may carry `item_type`, `content_titles` and `township_channels`.
/// 5: the register is split: the manifest holds the top places only, and each place's children are in
/// its [`PlaceList`] file ([`Place::children`]), so an older app would see no counties; places may be
/// provinces.
/// 6: a catalog's items carry no `id`: it is [`crate::item_id`] of their domain and path, which reading
/// a catalog gives back, so an older app would find no item by its id.
/// 7: files are listed with the first 128 bits of their SHA-256 ([`FileRef::sha256_128`]), not the
/// full 256 (`sha256`), so an older app could verify none.
/// 8: the search index's listings write the files of one kind by columns ([`crate::search::listing`]),
/// which an older app would not read.
pub const FORMAT_VERSION: u32 = 8;

/// `data/manifest.json`: what the explorer loads first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub dataset: DatasetInfo,
    /// The 26 domains, in the national order.
    pub domains: Vec<DomainRef>,
    /// The top places of the register (provinces, or cities where the register has none), in code
    /// order; when there is one top place, its children follow (a one-province dataset opens on its
    /// cities: [`Manifest::home_places`]). Every other place is in the [`PlaceList`] of its parent
    /// ([`Place::children`]); the app merges the lists it loads in here ([`Manifest::add_places`]), so
    /// in memory this is the register as far as it is known, each parent before its children.
    pub places: Vec<Place>,
    /// The facet values actually present in the data.
    pub facets: Facets,
    /// The files this manifest leads to, by path relative to it, with size and hash: those of the
    /// places it holds (catalogs, entries, maps, adjustments, the [`PlaceList`]s of their children),
    /// the 繁體 table, the locate index and the search meta file, which lists the rest of the search
    /// files ([`crate::search::SearchMeta::files`]). In memory, also the files of the lists merged in.
    pub files: BTreeMap<String, FileRef>,
    /// The search index, when the bundle has one (see [`crate::search`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchInfo>,
    /// Key of the 简体 → 繁體 table ([`crate::hant::HantTable`]) in [`Manifest::files`], fetched only
    /// when a citizen switches to 繁體.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hant: Option<String>,
    /// Key of the [`LocateIndex`] in [`Manifest::files`], fetched only when a citizen presses
    /// 用我的位置; absent when the bundle has no county outlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locate: Option<String>,
    /// Key of the national map in [`Manifest::files`]: the [`GeoView`] whose `place` is empty and whose
    /// shapes are the top places, written when the register has more than one province. (A
    /// one-province dataset's home map is its province's own [`Place::geo`]: [`Manifest::home_map`].)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<String>,
}

/// Where the search index starts: everything else it needs is named by its meta file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchInfo {
    /// Key of the [`crate::search::SearchMeta`] file in [`Manifest::files`].
    pub meta: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetInfo {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The date the data is as of: the latest date found in the sources, never the build's clock.
    #[serde(deserialize_with = "crate::date::deserialize")]
    pub as_of: NaiveDate,
    /// Set when any part of the dataset is sample data; the text says which part, and the app shows it
    /// in a banner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    pub credits: Vec<Credit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// What part of the dataset this credits ("县级行政区划边界").
    pub part: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub license: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainRef {
    pub id: u8,
    pub name: String,
}

/// A place of the register, with what the app needs to show it without loading anything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// NBS statistical division code: 6 digits for a province, city or county, 9 for a township. A
    /// place's code starts with its parent's [`code_prefix`] (the NBS rule the build step checks).
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The catalog that applies here, as a key of [`Manifest::files`]; for a city, its template (目录范本),
    /// all of whose rows apply at the city tier ([`crate::Catalog::applies`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// The same catalog without what only an item's page shows ([`crate::Catalog::brief`]), as a key
    /// of [`Manifest::files`]: what the place screen's tree and filters load, under half the catalog
    /// sent (an item's page and the export load [`Place::catalog`]). Set wherever `catalog` is and its
    /// items have something to leave out; an app that does not know it loads the whole catalog, so no
    /// format bump.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brief: Option<String>,
    /// Which of the catalog's rows apply here: those ticked at this tier, and (unless
    /// [`Place::inherited`]) those with no level ticked. See [`Place::applicability`].
    pub tier: Tier,
    /// True for a township showing its county's catalog (then rows with no level ticked do not apply).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
    /// This place's published entries, as a key of [`Manifest::files`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entries: Option<String>,
    /// The map of this place's children, as a key of [`Manifest::files`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<String>,
    /// The [`PlaceList`] of the places directly below this one, as a key of the listing that names this
    /// place; none for a place with nothing below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<String>,
    pub counts: PlaceCounts,
    pub measures: Measures,
    /// A county's service channels (我要查, 我要评, 依申请公开) from `channels.csv`, in the county's
    /// order; its townships use their county's ([`Manifest::channels_of`]). Empty elsewhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<crate::channel::ServiceChannel>,
    /// The domains with an Atom feed of their own here: bit `d − 1` is set when
    /// `feeds/<code>-<d>.xml` exists ([`Place::feed`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub feed_domains: u32,
    /// True where this place's catalog adapts its city's template ("加减法": a county's or township's
    /// own files) and every row of those own files is marked 示例: the page says the adaptations are
    /// illustrative. False for a template used unchanged, and for an adaptation with any unmarked row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample_adaptation: bool,
    /// This place's 加减法 and 目录调整记录 ([`crate::adjust::PlaceAdjustments`]), as a key of
    /// [`Manifest::files`]; none where its catalog departs from nothing and has no record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustments: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Where the Atom feed of a place (and domain) is, relative to the manifest. Feeds have fixed names
/// (feed readers poll them) and are listed in no bundle file: the app only links to them.
pub fn feed_path(place: &str, domain: Option<u8>) -> String {
    match domain {
        Some(d) => format!("feeds/{place}-{d}.xml"),
        None => format!("feeds/{place}.xml"),
    }
}

impl Place {
    /// The feed of this place's newest entries (and those of the places below it), in one domain or
    /// all, if the bundle has one: a place feed where anything was published here or below, a domain
    /// feed where [`Place::feed_domains`] says so.
    pub fn feed(&self, domain: Option<u8>) -> Option<String> {
        let exists = match domain {
            None => self.counts.entries > 0,
            Some(d) => (1..=32).contains(&d) && self.feed_domains & (1 << (d - 1)) != 0,
        };
        exists.then(|| feed_path(&self.code, domain))
    }

    /// The catalog file the place screen's tree and filters load: [`Place::brief`] where there is one,
    /// else [`Place::catalog`].
    pub fn tree_catalog(&self) -> Option<&String> {
        self.brief.as_ref().or(self.catalog.as_ref())
    }

    /// The files of this place's own screen: its catalogs, entries, map and adjustments (not its list of
    /// places, [`Place::children`]). They are listed with size and hash by the listing that holds the
    /// place's children — its own list, or the manifest where that holds them — or, for a place with
    /// nothing below it, by the listing that holds the place: the lists a place's screen loads anyway
    /// ([`Manifest::lists_files_of`]).
    pub fn own_files(&self) -> impl Iterator<Item = &String> {
        [&self.catalog, &self.brief, &self.entries, &self.geo, &self.adjustments].into_iter().flatten()
    }

    /// Which rows of [`Place::catalog`] apply here, for [`crate::Catalog::applies`]: the rule
    /// [`PlaceCounts::items`] was counted by.
    pub fn applicability(&self) -> Applicability {
        Applicability { tier: self.tier, inherited: self.inherited }
    }
}

/// Counts for a place, summed over its children for a city or county.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlaceCounts {
    /// Catalog items that apply here by [`Place::applicability`] (for a city: the rows of its template).
    pub items: u32,
    /// Published entries here and below.
    pub entries: u32,
    /// Places directly below this one (so a list of places can say so before their lists load).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub places: u32,
    /// For a province: how many of [`PlaceCounts::places`] are counties, shown under it in place of the
    /// NBS groupings (北京's 16 districts in place of 市辖区, 河南's 济源市 beside its cities). Older
    /// bundles have none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub counties: u32,
    /// Number of items applying here, per domain (index 0 is domain 1).
    pub by_domain: Vec<u32>,
}

/// The figures the disclosure map colours by, computed by the build step as of [`DatasetInfo::as_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Measures {
    /// Catalog coverage in per mille: items with at least one published entry ÷ items that apply.
    pub coverage_permille: u16,
    /// Entries published in the 90 days up to `as_of`.
    pub recent_entries: u32,
    /// Items past their disclosure time limit.
    pub overdue_items: u32,
}

/// Facet values present in the data, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facets {
    pub levels: Vec<String>,
    pub modes: Vec<String>,
    pub audiences: Vec<String>,
    pub channels: Vec<String>,
    /// Extra columns with few distinct values (五公开, 事项类型 …), usable as filters.
    pub extras: Vec<ExtraFacet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraFacet {
    pub name: String,
    pub values: Vec<String>,
}

/// `data/places/<code>.<hash8>.json`: the places directly below one place, in code order, with every
/// file they name — their catalogs, entries, maps, adjustments and their own children's lists — so
/// a deep link to a township loads the manifest, then one list per level above it, and nothing else
/// of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceList {
    pub format_version: u32,
    /// The code of the place these are below.
    pub parent: String,
    pub places: Vec<Place>,
    /// Size and hash of every file the places name (keys as in [`Manifest::files`]).
    pub files: BTreeMap<String, FileRef>,
    /// The lists one level further down, named ahead: for each place directly below these places
    /// that has places below it, its code and the key of its own list. A deep link then fetches two
    /// levels at once (a national township's city and county lists together, after its province's),
    /// one round trip less. Only a hint: such a list is verified when the list that names it with size
    /// and hash is merged, as any other. Absent in lists of places with no grandchildren.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ahead: BTreeMap<String, String>,
}

/// The NBS prefix that every code below a place starts with: a 6-digit code without its trailing
/// zero pairs (430000 → 43, 430100 → 4301, 430102 → 430102); a 9-digit (township) code as it is.
pub fn code_prefix(code: &str) -> &str {
    if code.len() != 6 {
        return code;
    }
    if code.ends_with("0000") {
        &code[..2]
    } else if code.ends_with("00") {
        &code[..4]
    } else {
        code
    }
}

/// Whether `code` is below the place `ancestor` by the NBS codes ([`code_prefix`]), or is it.
pub fn code_within(code: &str, ancestor: &str) -> bool {
    code == ancestor || code.starts_with(code_prefix(ancestor))
}

/// Size and digest of a bundle file, as the file that leads to it lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub bytes: u64,
    /// The first 128 bits of the file's SHA-256, in hex ([`crate::hash::digest_hex`]; the full 256
    /// bits, as `sha256`, before format 7).
    pub sha256_128: String,
}

/// `data/entries/<place>.<hash8>.json`: the entries one place published, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceEntries {
    pub format_version: u32,
    pub place: String,
    pub entries: Vec<PublishedEntry>,
}

/// `data/geo/<place>.<hash8>.json`: the map of one place's children, ready to draw as SVG.
/// Coordinates are quantised integers in the `view_box` space (y grows downwards).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeoView {
    pub format_version: u32,
    pub place: String,
    /// SVG viewBox: min x, min y, width, height.
    pub view_box: [i32; 4],
    /// The parent's own outline, as SVG path data.
    pub outline: String,
    /// One shape per child place.
    pub shapes: Vec<GeoShape>,
    /// True when the children's shapes are a generated layout (示意图), not real boundaries.
    pub schematic: bool,
    /// Where the geometry comes from.
    pub credit: String,
    /// Land the map draws that is no place of the register, so none to open: on the national map,
    /// 台湾省, 香港 and 澳门, which a map of China must show (《地图管理条例》) and the NBS register
    /// leaves out. Drawn in a neutral colour with their names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lands: Vec<GeoLand>,
    /// Boundary lines drawn dashed, as SVG path data of open lines: on the national map, the
    /// 南海断续线 around 南海诸岛 (in their box when they are drawn apart).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lines: String,
    /// Names of what the map draws apart with no place of its own to label it: 南海诸岛 over the box
    /// that holds them. Drawn as the lands' names are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<GeoCaption>,
}

/// A caption of [`GeoView::captions`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeoCaption {
    pub text: String,
    /// Where to put it (its centre).
    pub at: [i32; 2],
}

/// A land of [`GeoView::lands`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeoLand {
    pub name: String,
    /// SVG path data.
    pub d: String,
    /// Where to put the label.
    pub label: [i32; 2],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeoShape {
    pub code: String,
    /// SVG path data.
    pub d: String,
    /// Where to put the label.
    pub label: [i32; 2],
}

/// `data/locate/index.<hash8>.json`: what 用我的位置 fetches first (only when a citizen presses it):
/// each city's box and the file with its county outlines. Coordinates are GCJ-02 in
/// [`crate::locate::UNITS_PER_DEGREE`] (1e-5°) units; the functions are in [`crate::locate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocateIndex {
    pub format_version: u32,
    pub cities: Vec<LocateCity>,
    /// Size and hash of each city's [`LocateOutlines`] file (listed here, not in the manifest).
    pub files: BTreeMap<String, FileRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocateCity {
    pub code: String,
    /// Min longitude, min latitude, max longitude, max latitude of the city's counties.
    pub bbox: [i32; 4],
    /// Key of the city's [`LocateOutlines`] in [`LocateIndex::files`].
    pub file: String,
}

/// `data/locate/<city>.<hash8>.json`: the real outlines of a city's counties, simplified for telling
/// which county a point is in (not for drawing). Statistical zones without a published boundary are
/// not here: a point in one is found in the district it lies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocateOutlines {
    pub format_version: u32,
    pub city: String,
    pub counties: Vec<LocateCounty>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocateCounty {
    pub code: String,
    /// Min longitude, min latitude, max longitude, max latitude.
    pub bbox: [i32; 4],
    /// Every ring of every polygon, delta-encoded (`x0, y0, dx1, dy1, …`); inside is by the even–odd
    /// rule, so holes need no marking.
    pub rings: Vec<Vec<i32>>,
}

/// Why a downloaded bundle file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// The file is not listed in the manifest.
    Unknown(String),
    /// Size or hash differ from the manifest: truncated, corrupted or tampered with.
    HashMismatch { path: String },
    /// Not valid JSON of the expected type.
    Malformed { path: String, detail: String },
    /// Written by a newer build step than this app understands.
    NewerFormat { found: u32 },
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::Unknown(p) => write!(f, "数据文件不在清单中 / file not in the manifest: {p}"),
            BundleError::HashMismatch { path } => write!(
                f,
                "数据文件已损坏或被篡改 / file is corrupted or was tampered with: {path}"
            ),
            BundleError::Malformed { path, detail } => {
                write!(f, "数据文件格式错误 / malformed data file {path}: {detail}")
            }
            BundleError::NewerFormat { found } => write!(
                f,
                "数据版本 {found} 比本程序新，请刷新页面或更新程序 / data format {found} is newer than this app ({FORMAT_VERSION})"
            ),
        }
    }
}

impl BundleError {
    /// The refusal as a citizen reads it: Chinese only, with the file's path for whoever they report
    /// it to, and never the decoder's own words (those are in the bilingual [`Display`](std::fmt::Display)
    /// form, for the CLI, logs and the browser console).
    pub fn citizen_text(&self) -> String {
        match self {
            BundleError::Unknown(p) => format!("数据文件不在清单中：{p}"),
            BundleError::HashMismatch { path } => format!("数据文件已损坏或被篡改：{path}"),
            BundleError::Malformed { path, .. } => format!("数据文件格式错误：{path}"),
            BundleError::NewerFormat { found } => format!("数据版本 {found} 比本程序新，请刷新页面或更新程序"),
        }
    }
}

/// Decodes the manifest, refusing a newer format version with a clear error (also when a newer
/// manifest would not decode as this version's).
pub fn decode_manifest(bytes: &[u8]) -> Result<Manifest, BundleError> {
    #[derive(Deserialize)]
    struct Version {
        format_version: u32,
    }
    let malformed = |e: serde_json::Error| BundleError::Malformed { path: "manifest.json".into(), detail: e.to_string() };
    // One parse in the usual case; the version is looked at on its own only when that fails.
    match serde_json::from_slice::<Manifest>(bytes) {
        Ok(m) if m.format_version > FORMAT_VERSION => Err(BundleError::NewerFormat { found: m.format_version }),
        Ok(m) => Ok(m),
        Err(e) => match serde_json::from_slice::<Version>(bytes) {
            Ok(v) if v.format_version > FORMAT_VERSION => Err(BundleError::NewerFormat { found: v.format_version }),
            _ => Err(malformed(e)),
        },
    }
}

/// Decodes a bundle file after checking its size and hash against the list that names it (the
/// manifest's [`Manifest::files`], or a search list one level down).
pub fn decode_listed<T: serde::de::DeserializeOwned>(
    files: &BTreeMap<String, FileRef>,
    path: &str,
    bytes: &[u8],
) -> Result<T, BundleError> {
    verify_listed(files, path, bytes)?;
    decode_json(path, bytes)
}

/// The check half of [`decode_listed`]: `bytes` are the file that `files` names at `path` (its size
/// and SHA-256). Not generic, so that the app carries one copy of it, not one per file type.
pub fn verify_listed(files: &BTreeMap<String, FileRef>, path: &str, bytes: &[u8]) -> Result<(), BundleError> {
    let r = files.get(path).ok_or_else(|| BundleError::Unknown(path.into()))?;
    if r.bytes != bytes.len() as u64 || crate::hash::digest_hex(bytes) != r.sha256_128 {
        return Err(BundleError::HashMismatch { path: path.into() });
    }
    Ok(())
}

/// The decode half of [`decode_listed`], for bytes already checked with [`verify_listed`].
pub fn decode_json<T: serde::de::DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T, BundleError> {
    serde_json::from_slice(bytes).map_err(|e| BundleError::Malformed { path: path.into(), detail: e.to_string() })
}

impl Manifest {
    /// Decodes a file the manifest lists, after checking its size and hash ([`decode_listed`]).
    pub fn decode_file<T: serde::de::DeserializeOwned>(&self, path: &str, bytes: &[u8]) -> Result<T, BundleError> {
        decode_listed(&self.files, path, bytes)
    }

    pub fn place(&self, code: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.code == code)
    }

    /// What the home screen lists: the top places, or, when there is one and its children are here
    /// (a one-province or one-city dataset), those children.
    pub fn home_places(&self) -> Vec<&Place> {
        let tops: Vec<&Place> = self.places.iter().filter(|p| p.parent.is_none()).collect();
        if let [only] = tops.as_slice() {
            let below: Vec<&Place> = self.children(&only.code).collect();
            if !below.is_empty() && only.kind == PlaceKind::Province {
                return below;
            }
        }
        tops
    }

    /// The map of the home screen's places, as (the view's place, its file key): a one-province
    /// dataset's province map, or the national map (place `""`) when the top places are provinces. None
    /// when the home screen lists one place (its own page has the map) or no map was built.
    pub fn home_map(&self) -> Option<(String, String)> {
        let home = self.home_places();
        if home.len() < 2 {
            return None;
        }
        match home[0].parent.as_deref() {
            Some(parent) => {
                let p = self.place(parent)?;
                Some((p.code.clone(), p.geo.clone()?))
            }
            None => Some((String::new(), self.map.clone()?)),
        }
    }

    /// The places a map view draws: the children of its place, or the top places for the national
    /// map (place `""`).
    pub fn map_places<'a>(&'a self, view_place: &'a str) -> impl Iterator<Item = &'a Place> + 'a {
        self.places.iter().filter(move |p| match p.parent.as_deref() {
            Some(parent) => parent == view_place,
            None => view_place.is_empty(),
        })
    }

    /// Whether the places directly below `code` are here (or it has none).
    pub fn has_children_of(&self, code: &str) -> bool {
        self.place(code).is_some_and(|p| p.children.is_none() || self.children(code).next().is_some())
    }

    /// The key of the next [`PlaceList`] to load to know the place `code` and the places directly
    /// below it: the list of the deepest known place above it (by [`code_within`]) whose children are
    /// not here yet, or the place's own. `None` when nothing more is needed, or nothing more can be
    /// learnt (a code that is in no list).
    pub fn list_toward(&self, code: &str) -> Option<&str> {
        self.places
            .iter()
            .filter(|p| p.children.is_some() && code_within(code, &p.code) && self.children(&p.code).next().is_none())
            .max_by_key(|p| code_prefix(&p.code).len())
            .and_then(|p| p.children.as_deref())
    }

    /// Whether the files of place `code` ([`Place::own_files`], and its map's) can be verified with
    /// what is here: the place is known and so are the places directly below it, that is, every list
    /// down to its own is merged ([`Manifest::list_toward`] has nothing more to load). The app loads a
    /// place's files only then.
    pub fn lists_files_of(&self, code: &str) -> bool {
        self.place(code).is_some() && self.list_toward(code).is_none()
    }

    /// Merges a verified [`PlaceList`] in: its places (after their parent, unless already here) and
    /// the files it lists. Refuses a list whose parent is unknown or that names no place.
    pub fn add_places(&mut self, key: &str, list: PlaceList) -> Result<(), BundleError> {
        let malformed = |detail: &str| BundleError::Malformed { path: key.to_string(), detail: detail.to_string() };
        if list.format_version > FORMAT_VERSION {
            return Err(BundleError::NewerFormat { found: list.format_version });
        }
        let Some(at) = self.places.iter().position(|p| p.code == list.parent) else {
            return Err(malformed("上级地区未知 / the list's parent is not a known place"));
        };
        if list.places.is_empty() || list.places.iter().any(|p| p.parent.as_deref() != Some(list.parent.as_str())) {
            return Err(malformed("地区列表与上级不符 / the list's places are not the parent's children"));
        }
        if self.children(&list.parent).next().is_some() {
            return Ok(());
        }
        for (path, r) in list.files {
            self.files.entry(path).or_insert(r);
        }
        // After the parent and whatever already follows it of its own lineage, so the register keeps
        // each parent before its children (the order lists are drawn in).
        let prefix = code_prefix(&list.parent).to_string();
        let mut end = at + 1;
        while end < self.places.len() && self.places[end].code.starts_with(&prefix) {
            end += 1;
        }
        self.places.splice(end..end, list.places);
        Ok(())
    }

    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Place> + 'a {
        self.places.iter().filter(move |p| p.parent.as_deref() == Some(code))
    }

    /// The place and its ancestors, top first (for breadcrumbs).
    pub fn lineage(&self, code: &str) -> Vec<&Place> {
        let mut out = Vec::new();
        let mut cur = self.place(code);
        while let Some(p) = cur {
            // A malformed manifest can make a place its own ancestor: stop at the first repeat.
            if out.iter().any(|q: &&Place| q.code == p.code) {
                break;
            }
            out.push(p);
            cur = p.parent.as_deref().and_then(|c| self.place(c));
        }
        out.reverse();
        out
    }

    /// The service channels that serve a place: a county's own, or for a township its county's (the
    /// nearest ancestor that has any). Empty where no county declared channels.
    pub fn channels_of(&self, code: &str) -> &[crate::channel::ServiceChannel] {
        self.lineage(code).into_iter().rev().find(|p| !p.channels.is_empty()).map_or(&[], |p| &p.channels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_with(path: &str, body: &[u8]) -> Manifest {
        Manifest {
            format_version: FORMAT_VERSION,
            dataset: DatasetInfo {
                title: "t".into(),
                description: String::new(),
                as_of: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                sample: None,
                credits: vec![],
            },
            domains: vec![],
            places: vec![],
            facets: Facets::default(),
            files: [(
                path.to_string(),
                FileRef { bytes: body.len() as u64, sha256_128: crate::hash::digest_hex(body) },
            )]
            .into(),
            search: None,
            hant: None,
            locate: None,
            map: None,
        }
    }

    #[test]
    fn the_tree_reads_the_brief_catalog_where_there_is_one() {
        let k = |s: &str| Some(s.to_string());
        // (catalog, brief, what the tree loads)
        let cases = [
            (k("catalog/430121.1.json"), k("catalog/430121.brief.2.json"), k("catalog/430121.brief.2.json")),
            (k("catalog/430121.1.json"), None, k("catalog/430121.1.json")),
            (None, None, None),
        ];
        for (catalog, brief, tree) in cases {
            let p = Place { catalog, brief, ..place("430121", PlaceKind::County, None, vec![]) };
            assert_eq!(p.tree_catalog(), tree.as_ref());
        }
    }

    fn place(code: &str, kind: PlaceKind, parent: Option<&str>, channels: Vec<crate::channel::ServiceChannel>) -> Place {
        Place {
            code: code.into(),
            name: code.into(),
            kind,
            parent: parent.map(Into::into),
            catalog: None,
            brief: None,
            tier: Tier::County,
            inherited: false,
            entries: None,
            geo: None,
            children: None,
            counts: PlaceCounts::default(),
            measures: Measures::default(),
            channels,
            feed_domains: 0,
            sample_adaptation: false,
            adjustments: None,
        }
    }

    #[test]
    fn a_township_uses_its_countys_channels_and_a_county_without_any_has_none() {
        use crate::channel::{ChannelKind, ServiceChannel};
        let hotline = ServiceChannel { kind: ChannelKind::Evaluation, name: "12345".into(), url: Some("tel:12345".into()), note: String::new(), sample: true };
        let mut m = manifest_with("x", b"");
        m.places = vec![
            place("430100", PlaceKind::City, None, vec![]),
            place("430121", PlaceKind::County, Some("430100"), vec![hotline.clone()]),
            place("430121001", PlaceKind::Township, Some("430121"), vec![]),
            place("430181", PlaceKind::County, Some("430100"), vec![]),
            place("430181001", PlaceKind::Township, Some("430181"), vec![]),
        ];
        for (code, want) in [("430121", 1), ("430121001", 1), ("430181", 0), ("430181001", 0), ("430100", 0), ("999999", 0)] {
            assert_eq!(m.channels_of(code).len(), want, "{code}");
        }
        assert_eq!(m.channels_of("430121001")[0], hotline);
    }

    #[test]
    fn a_place_links_only_the_feeds_the_bundle_has() {
        let mut p = place("430121", PlaceKind::County, Some("430100"), vec![]);
        assert_eq!((p.feed(None), p.feed(Some(20))), (None, None), "nothing published: no feed");
        p.counts.entries = 3;
        p.feed_domains = 1 << 19 | 1 << 21;
        let feeds: Vec<Option<String>> = [None, Some(20), Some(22), Some(1), Some(0), Some(26), Some(200)].map(|d| p.feed(d)).into();
        assert_eq!(
            feeds,
            [Some("feeds/430121.xml".into()), Some("feeds/430121-20.xml".into()), Some("feeds/430121-22.xml".into()), None, None, None, None]
        );
    }

    #[test]
    fn a_bundle_file_with_one_changed_byte_is_refused() {
        let body = br#"{"format_version":3,"place":"430121","entries":[]}"#;
        let m = manifest_with("entries/430121.json", body);
        let ok: PlaceEntries = m.decode_file("entries/430121.json", body).unwrap();
        assert_eq!(ok.place, "430121");
        let mut bad = body.to_vec();
        bad[40] = b'9';
        let err = m.decode_file::<PlaceEntries>("entries/430121.json", &bad).unwrap_err();
        assert_eq!(err, BundleError::HashMismatch { path: "entries/430121.json".into() });
        let err = m.decode_file::<PlaceEntries>("entries/430121.json", &body[..20]).unwrap_err();
        assert!(matches!(err, BundleError::HashMismatch { .. }));
    }

    #[test]
    fn a_manifest_of_a_newer_format_says_so_plainly() {
        let err = decode_manifest(br#"{"format_version":99,"whatever":true}"#).unwrap_err();
        assert_eq!(err, BundleError::NewerFormat { found: 99 });
        assert!(err.to_string().contains("比本程序新"));
    }

    #[test]
    fn citizens_read_a_refusal_in_chinese_and_logs_keep_the_english_and_the_detail() {
        let malformed = decode_manifest(b"{not json").unwrap_err();
        let BundleError::Malformed { detail, .. } = &malformed else { panic!("{malformed:?}") };
        // (error, what a citizen reads, the path in it, what the log line adds)
        let cases = [
            (BundleError::Unknown("a.json".into()), "数据文件不在清单中：a.json", "a.json", "file not in the manifest"),
            (BundleError::HashMismatch { path: "catalog/x.json".into() }, "数据文件已损坏或被篡改：catalog/x.json", "catalog/x.json", "corrupted"),
            (malformed.clone(), "数据文件格式错误：manifest.json", "manifest.json", detail.as_str()),
            (BundleError::NewerFormat { found: 99 }, "数据版本 99 比本程序新，请刷新页面或更新程序", "", "is newer than this app"),
        ];
        for (err, citizen, path, log) in cases {
            assert_eq!(err.citizen_text(), citizen);
            // Not a Latin letter besides the path's: no English, no decoder detail.
            assert!(!citizen.replace(path, "").chars().any(|c| c.is_ascii_alphabetic()), "{citizen}");
            assert!(err.to_string().contains(log), "{err}");
        }
    }

    #[test]
    fn a_code_prefix_is_what_every_code_below_starts_with() {
        for (code, prefix) in [("430000", "43"), ("430100", "4301"), ("430102", "430102"), ("441900", "4419"), ("430102001", "430102001"), ("", "")] {
            assert_eq!(code_prefix(code), prefix, "{code}");
        }
        for (code, ancestor, within) in [
            ("430102001", "430000", true),
            ("430102001", "430100", true),
            ("430102001", "430102", true),
            ("441900003", "441900", true),
            ("430102001", "430300", false),
            ("430302", "430102", false),
            ("430100", "430100", true),
        ] {
            assert_eq!(code_within(code, ancestor), within, "{code} within {ancestor}");
        }
    }

    fn with_children(mut p: Place, key: &str) -> Place {
        p.children = Some(key.into());
        p
    }

    fn list(parent: &str, places: Vec<Place>) -> PlaceList {
        PlaceList { format_version: FORMAT_VERSION, parent: parent.into(), places, files: [("catalog/x.1.json".to_string(), FileRef { bytes: 1, sha256_128: "a".into() })].into(), ahead: BTreeMap::new() }
    }

    /// A national register, as far as the app knows it: provinces, then lists merged in level by level.
    #[test]
    fn a_deep_link_loads_one_list_per_level_above_it_and_nothing_else() {
        let mut m = manifest_with("places/430000.1.json", b"");
        m.places = vec![
            with_children(place("110000", PlaceKind::Province, None, vec![]), "places/110000.1.json"),
            with_children(place("430000", PlaceKind::Province, None, vec![]), "places/430000.1.json"),
        ];
        let target = "430102001";
        let mut loaded = Vec::new();
        let lists = [
            ("places/430000.1.json", list("430000", vec![with_children(place("430100", PlaceKind::City, Some("430000"), vec![]), "places/430100.1.json"), place("430300", PlaceKind::City, Some("430000"), vec![])])),
            ("places/430100.1.json", list("430100", vec![with_children(place("430102", PlaceKind::County, Some("430100"), vec![]), "places/430102.1.json")])),
            ("places/430102.1.json", list("430102", vec![place("430102001", PlaceKind::Township, Some("430102"), vec![]), place("430102002", PlaceKind::Township, Some("430102"), vec![])])),
        ];
        while let Some(key) = m.list_toward(target).map(str::to_string) {
            let (_, l) = lists.iter().find(|(k, _)| *k == key).expect("only lists above the target are asked for");
            m.add_places(&key, l.clone()).unwrap();
            loaded.push(key);
            assert!(loaded.len() <= 3, "one list per level");
        }
        assert_eq!(loaded, ["places/430000.1.json", "places/430100.1.json", "places/430102.1.json"]);
        assert_eq!(m.lineage(target).iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["430000", "430100", "430102", target]);
        // Each parent before its children; the other province untouched.
        let order: Vec<&str> = m.places.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(order, ["110000", "430000", "430100", "430102", "430102001", "430102002", "430300"]);
        assert!(m.files.contains_key("catalog/x.1.json"));
        // A place the register does not have asks for nothing more once its county is known.
        assert_eq!(m.list_toward("430102999"), None);
        assert_eq!(m.list_toward("110101"), Some("places/110000.1.json"));
    }

    #[test]
    fn a_list_that_does_not_fit_its_parent_is_refused() {
        let mut m = manifest_with("x", b"");
        m.places = vec![with_children(place("430000", PlaceKind::Province, None, vec![]), "places/430000.1.json")];
        let stranger = list("430000", vec![place("430300", PlaceKind::City, Some("110000"), vec![])]);
        assert!(matches!(m.add_places("k", stranger), Err(BundleError::Malformed { .. })));
        let orphan = list("999900", vec![place("999901", PlaceKind::County, Some("999900"), vec![])]);
        assert!(matches!(m.add_places("k", orphan), Err(BundleError::Malformed { .. })));
        assert!(matches!(m.add_places("k", list("430000", vec![])), Err(BundleError::Malformed { .. })));
        let mut newer = list("430000", vec![place("430100", PlaceKind::City, Some("430000"), vec![])]);
        newer.format_version = FORMAT_VERSION + 1;
        assert!(matches!(m.add_places("k", newer), Err(BundleError::NewerFormat { .. })));
        assert_eq!(m.places.len(), 1, "nothing refused was merged");
    }

    #[test]
    fn a_one_province_dataset_opens_on_its_cities() {
        let mut m = manifest_with("x", b"");
        let cities = || vec![place("430100", PlaceKind::City, Some("430000"), vec![]), place("430300", PlaceKind::City, Some("430000"), vec![])];
        m.places = [vec![with_children(place("430000", PlaceKind::Province, None, vec![]), "places/430000.1.json")], cities()].concat();
        let home = |m: &Manifest| m.home_places().iter().map(|p| p.code.clone()).collect::<Vec<_>>();
        assert_eq!(home(&m), ["430100", "430300"]);
        // Two provinces: the provinces. Cities at the top (no province row): the cities.
        m.places = vec![place("110000", PlaceKind::Province, None, vec![]), place("430000", PlaceKind::Province, None, vec![])];
        assert_eq!(home(&m), ["110000", "430000"]);
        m.places = vec![place("430100", PlaceKind::City, None, vec![]), place("430102", PlaceKind::County, Some("430100"), vec![])];
        assert_eq!(home(&m), ["430100"]);
    }

    #[test]
    fn the_home_map_is_the_provinces_map_or_the_national_one() {
        let with_geo = |mut p: Place| {
            p.geo = Some(format!("geo/{}.json", p.code));
            p
        };
        let one_province = vec![
            with_geo(place("430000", PlaceKind::Province, None, vec![])),
            with_geo(place("430100", PlaceKind::City, Some("430000"), vec![])),
            place("430300", PlaceKind::City, Some("430000"), vec![]),
        ];
        let two_provinces = vec![
            with_geo(place("110000", PlaceKind::Province, None, vec![])),
            with_geo(place("430000", PlaceKind::Province, None, vec![])),
        ];
        let one_city = vec![with_geo(place("430100", PlaceKind::City, None, vec![]))];
        let national = Some("geo/nation.json".to_string());
        let owned = |place: &str, key: &str| Some((place.to_string(), key.to_string()));
        let cases = [
            ("one province: its map of its cities", one_province.clone(), None, owned("430000", "geo/430000.json")),
            ("one province without a map", vec![place("430000", PlaceKind::Province, None, vec![]), one_province[1].clone(), one_province[2].clone()], None, None),
            ("provinces: the national map", two_provinces.clone(), national.clone(), owned("", "geo/nation.json")),
            ("provinces, no national map built", two_provinces, None, None),
            ("one city: its own page has the map", one_city, national, None),
        ];
        for (what, places, map, want) in cases {
            let mut m = manifest_with("x", b"");
            m.places = places;
            m.map = map;
            assert_eq!(m.home_map(), want, "{what}");
        }
        let mut m = manifest_with("x", b"");
        m.places = one_province;
        let drawn = |view: &str| m.map_places(view).map(|p| p.code.clone()).collect::<Vec<_>>();
        assert_eq!(drawn(""), ["430000"], "the national map draws the top places");
        assert_eq!(drawn("430000"), ["430100", "430300"]);
        assert!(drawn("430100").is_empty());
    }
}

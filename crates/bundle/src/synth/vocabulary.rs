//! The words of a preset dataset, taken from the real rows of the default dataset (`data/`), so that
//! search quality measured at scale means something: the city templates of 长沙 (430100) and 湘潭
//! (430300), the counties' "加减法" files with their reasons (调整说明.csv), the catalog of a township
//! that has one of its own (星沙街道), and the titles of the
//! published entries with their place names, years and months turned into slots.
//!
//! Everything is read with the build step's own readers; a `data/` with any error is refused here
//! rather than copied into thousands of places.

use crate::read::read_catalog_file;
use crate::source_files::{files_in, CATALOG_EXTENSIONS};
use chrono::NaiveDate;
use gongkai_catalog::{DisclosureItem, NotApplicable, Tier};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One catalog table as read: the rows of one domain file (or sheet) with its level labels.
#[derive(Debug, Clone)]
pub struct Table {
    pub level_labels: Vec<String>,
    /// The tier of each level label (`Tier::classify`).
    pub level_tiers: Vec<Tier>,
    pub extra_columns: Vec<String>,
    pub rows: Vec<DisclosureItem>,
    pub not_applicable: Vec<NotApplicable>,
}

impl Table {
    pub fn domain(&self) -> u8 {
        self.rows.first().map_or(0, |r| r.domain)
    }

    /// Whether `item` is ticked at `tier`.
    pub fn ticked(&self, item: &DisclosureItem, tier: Tier) -> bool {
        item.levels.iter().any(|&l| self.level_tiers.get(l as usize) == Some(&tier))
    }
}

/// A city template (目录范本): its tables, one or more per domain.
#[derive(Debug, Clone)]
pub struct Template {
    pub code: String,
    pub name: String,
    pub tables: Vec<Table>,
}

/// A real county's own file of one domain (illustrative 加减法 of its city's template), with the
/// reasons its 调整说明.csv gives for that domain.
#[derive(Debug, Clone)]
pub struct Adaptation {
    /// The template it adapts (the county's city).
    pub template: String,
    pub county_name: String,
    pub table: Table,
    /// Rows of 调整说明.csv for this domain: 领域,事项,调整,理由,依据 (marked 示例 when written out).
    pub reasons: Vec<[String; 5]>,
}

/// A real township's own catalog (replacing its county's as a whole), with its reasons.
#[derive(Debug, Clone)]
pub struct TownshipCatalog {
    pub name: String,
    pub county_name: String,
    pub tables: Vec<Table>,
    /// Rows of its 调整说明.csv: 领域,事项,调整,理由,依据.
    pub reasons: Vec<[String; 5]>,
}

/// Slots of a title template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// The name of the place the entry is published by.
    Place,
    /// Its county's name (a township's entry naming its county).
    County,
    /// Its city's name.
    City,
    /// The publication year with its 年 (2025年).
    Year,
    /// The publication month with its 月, after a year (2025年1月 → Year, Month).
    Month,
}

/// A real entry title with its names and dates as slots, and its entry type (类型, may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleTemplate {
    pub pieces: Vec<Piece>,
    pub kind: String,
}

/// An item key: domain and path.
pub type ItemKey = (u8, Vec<String>);

#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub templates: Vec<Template>,
    pub adaptations: Vec<Adaptation>,
    pub township_catalogs: Vec<TownshipCatalog>,
    pub titles: Vec<TitleTemplate>,
    /// Title templates per item, by index into `titles`.
    pub titles_by_item: BTreeMap<ItemKey, Vec<u32>>,
    /// First and last publication date of the real entries: synthetic dates fall between.
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    /// data/thesaurus.csv, copied as it is (not sample: it maps citizens' words to catalog terms).
    pub thesaurus: Option<PathBuf>,
}

/// The city templates the presets use.
pub const TEMPLATE_CITIES: &[&str] = &["430100", "430300"];

fn fail(path: &Path, zh: &str, en: &str) -> String {
    format!("{}: {zh} / {en}", path.display())
}

/// Reads the vocabulary from a source folder in the default dataset's shape (`data/`).
pub fn read_vocabulary(data: &Path) -> Result<Vocabulary, String> {
    let names = read_places(&data.join("places.csv"))?;
    let name_of = |code: &str| names.get(code).map(|(n, _)| n.clone()).unwrap_or_default();
    let mut templates = Vec::new();
    for code in TEMPLATE_CITIES {
        let tables = read_tables(&data.join("catalogs").join(code))?;
        if tables.is_empty() {
            return Err(fail(&data.join("catalogs").join(code), "没有城市目录范本", "no city template here"));
        }
        templates.push(Template { code: code.to_string(), name: name_of(code), tables });
    }

    let mut adaptations = Vec::new();
    for (code, (name, parent)) in &names {
        if code.len() != 6 || !TEMPLATE_CITIES.contains(&parent.as_str()) {
            continue;
        }
        let folder = data.join("catalogs").join(code);
        if !folder.is_dir() {
            continue;
        }
        let reasons = read_reasons(&folder.join("调整说明.csv"))?;
        for table in read_tables(&folder)? {
            let domain = gongkai_catalog::Domain::by_id(table.domain()).map(|d| d.name).unwrap_or_default();
            let reasons = reasons
                .iter()
                .filter(|r| gongkai_catalog::Domain::from_name(&r[0]).map(|d| d.name) == Some(domain))
                .cloned()
                .collect();
            adaptations.push(Adaptation { template: parent.clone(), county_name: name.clone(), table, reasons });
        }
    }

    let mut township_catalogs = Vec::new();
    for (code, (name, parent)) in &names {
        let folder = data.join("catalogs").join(code);
        if code.len() != 9 || !folder.is_dir() {
            continue;
        }
        let tables = read_tables(&folder)?;
        if !tables.is_empty() {
            let reasons = read_reasons(&folder.join("调整说明.csv"))?;
            township_catalogs.push(TownshipCatalog { name: name.clone(), county_name: name_of(parent), tables, reasons });
        }
    }

    let mut titles = Vec::new();
    let mut titles_by_item: BTreeMap<ItemKey, Vec<u32>> = BTreeMap::new();
    let mut dates: Vec<NaiveDate> = Vec::new();
    for file in files_in(&data.join("entries"), &["csv"]) {
        let mut reader = csv::Reader::from_path(&file).map_err(|e| fail(&file, "无法读取", &e.to_string()))?;
        let headers: Vec<String> = reader.headers().map_err(|e| fail(&file, "无法读取表头", &e.to_string()))?.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let need = |name: &str| col(name).ok_or_else(|| fail(&file, &format!("缺少列 {name}"), &format!("no column {name}")));
        let (c_place, c_domain, c_title, c_date) = (need("地区代码")?, need("领域")?, need("标题")?, need("发布日期")?);
        let c_path = [need("一级事项")?, need("二级事项")?, need("三级事项")?];
        let c_kind = col("类型");
        for rec in reader.records() {
            let rec = rec.map_err(|e| fail(&file, "CSV 格式错误", &e.to_string()))?;
            let cell = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
            let Some(domain) = gongkai_catalog::Domain::from_name(&cell(c_domain)) else { continue };
            let place = cell(c_place);
            let path: Vec<String> = c_path.iter().map(|&c| cell(c)).filter(|s| !s.is_empty()).collect();
            if let Ok(d) = NaiveDate::parse_from_str(&cell(c_date), "%Y-%m-%d") {
                dates.push(d);
            }
            // The place, its county and its city, to turn their names into slots.
            let county = if place.len() == 9 { place[..6].to_string() } else { place.clone() };
            let city = names.get(&county).map(|(_, p)| p.clone()).unwrap_or_default();
            let pieces = title_pieces(&cell(c_title), &name_of(&place), &name_of(&county), &name_of(&city));
            let t = TitleTemplate { pieces, kind: c_kind.map(cell).unwrap_or_default() };
            titles_by_item.entry((domain.id, path)).or_default().push(titles.len() as u32);
            titles.push(t);
        }
    }
    let (Some(&first_date), Some(&last_date)) = (dates.iter().min(), dates.iter().max()) else {
        return Err(fail(&data.join("entries"), "没有发布信息，无法取标题", "no entries to take titles from"));
    };
    let thesaurus = Some(data.join("thesaurus.csv")).filter(|p| p.is_file());
    Ok(Vocabulary { templates, adaptations, township_catalogs, titles, titles_by_item, first_date, last_date, thesaurus })
}

/// code → (name, parent) of a places.csv.
fn read_places(path: &Path) -> Result<BTreeMap<String, (String, String)>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| fail(path, "无法读取区划名录", &e.to_string()))?;
    let mut out = BTreeMap::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| fail(path, "CSV 格式错误", &e.to_string()))?;
        let cell = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        out.insert(cell(0), (cell(1), cell(2)));
    }
    Ok(out)
}

/// The catalog tables of one `catalogs/<code>/` folder (调整说明.csv is not a catalog and is skipped).
fn read_tables(folder: &Path) -> Result<Vec<Table>, String> {
    let mut out = Vec::new();
    for file in files_in(folder, CATALOG_EXTENSIONS) {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name == "调整说明.csv" || name == "adjustments.csv" {
            continue;
        }
        let outcome = read_catalog_file(&file);
        if let Some(e) = outcome.diagnostics.iter().find(|d| d.is_error()) {
            return Err(fail(&file, "有错误，不能作为词汇", &format!("has errors, cannot be used as vocabulary: {e:?}")));
        }
        for t in outcome.tables {
            if t.rows.is_empty() {
                continue;
            }
            out.push(Table {
                level_tiers: Tier::classify(&t.level_labels),
                level_labels: t.level_labels,
                extra_columns: t.extra_columns,
                rows: t.rows.into_iter().map(|r| r.item).collect(),
                not_applicable: t.not_applicable,
            });
        }
    }
    Ok(out)
}

/// 调整说明.csv rows as 领域,事项,调整,理由,依据 (missing file: none).
fn read_reasons(path: &Path) -> Result<Vec<[String; 5]>, String> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let mut reader = csv::Reader::from_path(path).map_err(|e| fail(path, "无法读取", &e.to_string()))?;
    let mut out = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| fail(path, "CSV 格式错误", &e.to_string()))?;
        let cell = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        out.push([cell(0), cell(1), cell(2), cell(3), cell(4)]);
    }
    Ok(out)
}

/// A title with the place's, county's and city's names and its year and month as slots. Longer names
/// are replaced first, so a township named after its county keeps its own slot.
pub fn title_pieces(title: &str, place: &str, county: &str, city: &str) -> Vec<Piece> {
    let mut names: Vec<(&str, Piece)> = vec![(place, Piece::Place), (county, Piece::County), (city, Piece::City)];
    names.retain(|(n, _)| !n.is_empty());
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
    let mut out: Vec<Piece> = Vec::new();
    let mut text = String::new();
    let mut rest = title;
    'outer: while let Some(c) = rest.chars().next() {
        for (name, piece) in &names {
            if rest.starts_with(name) {
                flush(&mut text, &mut out);
                out.push(if *piece == Piece::County && place == county { Piece::Place } else { piece.clone() });
                rest = &rest[name.len()..];
                continue 'outer;
            }
        }
        // 20xx年, then an optional 1–12月 right after it.
        let b = rest.as_bytes();
        if b.len() >= 7 && b[0] == b'2' && b[1] == b'0' && b[2..4].iter().all(u8::is_ascii_digit) && rest[4..].starts_with('年') {
            flush(&mut text, &mut out);
            out.push(Piece::Year);
            rest = &rest[4 + '年'.len_utf8()..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=2).contains(&digits) && rest[digits..].starts_with('月') && (1..=12).contains(&rest[..digits].parse::<u32>().unwrap_or(0)) {
                out.push(Piece::Month);
                rest = &rest[digits + '月'.len_utf8()..];
            }
            continue;
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut text, &mut out);
    out
}

fn flush(text: &mut String, out: &mut Vec<Piece>) {
    if !text.is_empty() {
        out.push(Piece::Text(std::mem::take(text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_templates_with_names_and_dates_as_slots() {
        use Piece::*;
        let t = |s: &str| Text(s.to_string());
        let cases: &[(&str, &str, &str, &str, Vec<Piece>)] = &[
            ("芙蓉区2025年1月就业岗位信息（第2期）", "芙蓉区", "芙蓉区", "长沙市", vec![Place, Year, Month, t("就业岗位信息（第2期）")]),
            ("文艺路街道2025年1月高龄津贴新增对象公示", "文艺路街道", "芙蓉区", "长沙市", vec![Place, Year, Month, t("高龄津贴新增对象公示")]),
            ("关于2025年公租房分配结果的公示", "学士街道", "岳麓区", "长沙市", vec![t("关于"), Year, t("公租房分配结果的公示")]),
            ("长沙县星沙街道2026年13月", "星沙街道", "长沙县", "长沙市", vec![County, Place, Year, t("13月")]),
            ("长沙市长沙县低保", "长沙县", "长沙县", "长沙市", vec![City, Place, t("低保")]),
        ];
        for (title, place, county, city, want) in cases {
            assert_eq!(&title_pieces(title, place, county, city), want, "{title}");
        }
    }
}

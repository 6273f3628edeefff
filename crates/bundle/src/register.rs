//! The register of places (`places.csv`): province → city → county → township, with NBS codes.

use crate::diagnostic::{Diagnostic, RowCount};
use crate::read::records::{read_csv, require_columns, CsvFile};
use gongkai_catalog::PlaceKind;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredPlace {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    pub parent: Option<String>,
}

/// All places, in register order (each province, then each city followed by its counties, each
/// followed by its townships), with an index by code: a national register has 45,000 places.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    pub places: Vec<RegisteredPlace>,
    /// Position in `places` by code.
    at: BTreeMap<String, usize>,
    /// Positions in `places` of each place's children, by the parent's code.
    below: BTreeMap<String, Vec<usize>>,
}

impl Register {
    /// A register of these places, which must be in register order (tests build small ones).
    pub fn new(places: Vec<RegisteredPlace>) -> Register {
        let at = places.iter().enumerate().map(|(i, p)| (p.code.clone(), i)).collect();
        let mut below: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in places.iter().enumerate() {
            if let Some(parent) = &p.parent {
                below.entry(parent.clone()).or_default().push(i);
            }
        }
        Register { places, at, below }
    }

    pub fn get(&self, code: &str) -> Option<&RegisteredPlace> {
        self.at.get(code).map(|&i| &self.places[i])
    }

    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a RegisteredPlace> + 'a {
        self.below.get(code).into_iter().flatten().map(|&i| &self.places[i])
    }

    /// Place index by code, for lookups over many rows.
    pub fn index(&self) -> BTreeMap<&str, usize> {
        self.places.iter().enumerate().map(|(i, p)| (p.code.as_str(), i)).collect()
    }

    /// The register as the explorer shows it: without the NBS groupings ([`is_grouping`]), their places
    /// directly under the province (北京市 › 东城区, as government portals show them, not 北京市 ›
    /// 市辖区 › 东城区). The bundle's places, lists, maps of provinces, search and feeds follow it; the
    /// catalogs keep the register itself (a county under 市辖区 still takes 市辖区's template).
    pub fn shown(&self) -> Register {
        let places = self
            .places
            .iter()
            .filter(|p| !is_grouping(p))
            .map(|p| {
                let mut p = p.clone();
                p.parent = p.parent.as_deref().map(|c| self.shown_as(c).to_string());
                p
            })
            .collect();
        Register::new(places)
    }

    /// The place that stands for `code` where the explorer shows places ([`Register::shown`]): a
    /// grouping's province (北京市 for 市辖区), else `code` itself.
    pub fn shown_as<'a>(&'a self, code: &'a str) -> &'a str {
        self.get(code).filter(|p| is_grouping(p)).and_then(|p| p.parent.as_deref()).unwrap_or(code)
    }
}

/// The names the NBS register gives, at the city level, to groupings that are no government of their
/// own: a municipality's 市辖区 and 县 (北京, 天津, 上海, 重庆), and the county-level units a province
/// or region governs directly (河南's 济源市, 湖北's 仙桃市, 海南's, 新疆's).
pub const GROUPINGS: [&str; 4] = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"];

/// Whether a place is one of the [`GROUPINGS`]: a city-level place of that name (a county named 市辖区,
/// such as 嘉峪关's only one, is a county).
pub fn is_grouping(p: &RegisteredPlace) -> bool {
    p.kind == PlaceKind::City && GROUPINGS.contains(&p.name.as_str())
}

const CODE: &[&str] = &["代码", "code", "区划代码"];
const NAME: &[&str] = &["名称", "name"];
const PARENT: &[&str] = &["上级代码", "parent"];

/// Reads `places.csv` and checks it: codes are 6 or 9 digits, names are not empty, no code appears
/// twice, every parent exists and is of the right kind, and every code starts with its parent's NBS
/// prefix ([`gongkai_catalog::code_prefix`]: 43 for 430000, 4301 for 430100). A 6-digit code ending in
/// 0000 without a parent is a province, any other 6-digit code without one a city (a register may
/// start at its cities). A township's parent is its county, or a city that has no counties (东莞市).
/// Only places that pass are kept; every problem is a diagnostic naming its row.
pub fn read_register(path: &Path, diags: &mut Vec<Diagnostic>) -> Register {
    read_register_counted(path, diags).0
}

/// [`read_register`], with how the file's rows ended up.
pub fn read_register_counted(path: &Path, diags: &mut Vec<Diagnostic>) -> (Register, RowCount) {
    let Some(mut file) = read_csv(path, diags) else { return (Register::default(), RowCount::default()) };
    if !require_columns(path, &mut file, &[CODE, NAME, PARENT], diags) {
        return (Register::default(), file.ledger.finish(diags));
    }
    let (c_code, c_name, c_parent) = (file.column(CODE), file.column(NAME), file.column(PARENT));
    let CsvFile { records, mut ledger, .. } = file;

    struct Row<'a> {
        row: u32,
        code: &'a str,
        name: &'a str,
        parent: &'a str,
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    let mut refused: Vec<Diagnostic> = Vec::new();
    for rec in &records {
        let (code, name, parent) = (rec.cell(c_code), rec.cell(c_name), rec.cell(c_parent));
        let err = |zh: String, en: String, col: &str| Diagnostic::error(path, zh, en).at_row(rec.row).in_column(col);
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(code) || !(code.len() == 6 || code.len() == 9) {
            refused.push(err(
                format!("地区代码「{code}」应为6位（省、市、县）或9位（乡镇街道）数字"),
                format!("place code {code:?} must be 6 digits (province, city, county) or 9 digits (township)"),
                "代码",
            ));
            continue;
        }
        if name.is_empty() {
            refused.push(err(format!("地区 {code} 缺少名称"), format!("place {code} has no name"), "名称"));
            continue;
        }
        if !parent.is_empty() && (!digits(parent) || parent.len() != 6) {
            refused.push(err(
                format!("上级代码「{parent}」应为6位数字"),
                format!("parent code {parent:?} must be 6 digits"),
                "上级代码",
            ));
            continue;
        }
        if let Some(first) = seen.get(code) {
            refused.push(err(
                format!("地区代码 {code} 重复（第{first}行已有）"),
                format!("place code {code} appears twice (first on row {first})"),
                "代码",
            ));
            continue;
        }
        seen.insert(code, rec.row);
        rows.push(Row { row: rec.row, code, name, parent });
    }

    // Kinds follow from the code and the parent: a 6-digit code without parent is a province (xx0000)
    // or a city; with a province for parent, a city; with a city, a county.
    let by_code: BTreeMap<&str, &Row> = rows.iter().map(|r| (r.code, r)).collect();
    fn kind_of(r: &Row, by_code: &BTreeMap<&str, &Row>, depth: u8) -> Option<PlaceKind> {
        match (r.code.len(), r.parent.is_empty()) {
            (6, true) if r.code.ends_with("0000") => Some(PlaceKind::Province),
            (6, true) => Some(PlaceKind::City),
            // A parent missing from the register is reported below, as such.
            (6, false) => match by_code.get(r.parent).filter(|_| depth < 4).and_then(|p| kind_of(p, by_code, depth + 1)) {
                Some(PlaceKind::Province) => Some(PlaceKind::City),
                _ => Some(PlaceKind::County),
            },
            (9, false) => Some(PlaceKind::Township),
            _ => None,
        }
    }
    let kind_of = |r: &Row| kind_of(r, &by_code, 0);
    let has_counties: BTreeSet<&str> = rows.iter().filter(|r| r.code.len() == 6 && !r.parent.is_empty()).map(|r| r.parent).collect();
    let mut valid: BTreeMap<&str, RegisteredPlace> = BTreeMap::new();
    for r in &rows {
        let err = |zh: String, en: String| Diagnostic::error(path, zh, en).at_row(r.row).in_column("上级代码");
        let Some(kind) = kind_of(r) else {
            refused.push(err(
                format!("乡镇街道 {} {} 缺少上级代码（所属县级代码）", r.code, r.name),
                format!("township {} has no parent (its county's code)", r.code),
            ));
            continue;
        };
        if !r.parent.is_empty() {
            let Some(parent) = by_code.get(r.parent) else {
                refused.push(err(
                    format!("上级代码 {} 不在区划名录中", r.parent),
                    format!("parent code {} is not in the register", r.parent),
                ));
                continue;
            };
            let parent_kind = kind_of(parent);
            // A township sits in a county, or in a city without counties (东莞市, 中山市 …).
            let fits = match kind {
                PlaceKind::Province => false,
                PlaceKind::City => parent_kind == Some(PlaceKind::Province),
                PlaceKind::County => parent_kind == Some(PlaceKind::City),
                PlaceKind::Township => {
                    parent_kind == Some(PlaceKind::County)
                        || (parent_kind == Some(PlaceKind::City) && !has_counties.contains(r.parent))
                }
            };
            if !fits {
                let (zh, en) = match kind {
                    PlaceKind::Township => ("县级单位（或不设县的地级市）", "county (or a city without counties)"),
                    PlaceKind::County => ("地级市", "city"),
                    _ => ("省级单位", "province"),
                };
                refused.push(err(
                    format!("{} {} 的上级 {} 不是{zh}", r.code, r.name, r.parent),
                    format!("the parent {} of {} is not a {en}", r.parent, r.code),
                ));
                continue;
            }
            let prefix = gongkai_catalog::code_prefix(r.parent);
            if !r.code.starts_with(prefix) {
                refused.push(
                    Diagnostic::error(
                        path,
                        format!("地区代码 {} 应以上级 {} 的代码前缀 {prefix} 开头（国家统计局区划代码规则）", r.code, r.parent),
                        format!("place code {} must start with its parent {}'s prefix {prefix} (NBS code rule)", r.code, r.parent),
                    )
                    .at_row(r.row)
                    .in_column("代码"),
                );
                continue;
            }
        }
        valid.insert(
            r.code,
            RegisteredPlace {
                code: r.code.to_string(),
                name: r.name.to_string(),
                kind,
                parent: (!r.parent.is_empty()).then(|| r.parent.to_string()),
            },
        );
    }
    // Drop places whose parent was refused, so the tree has no dangling links, and say so: the row
    // itself may be fine, but it cannot be placed.
    let row_of: BTreeMap<&str, u32> = rows.iter().map(|r| (r.code, r.row)).collect();
    let mut kept: BTreeSet<String> = BTreeSet::new();
    for p in valid.values() {
        let mut cur = p.parent.as_deref();
        let mut missing = None;
        while let Some(c) = cur {
            match valid.get(c) {
                Some(pp) => cur = pp.parent.as_deref(),
                None => {
                    missing = Some(c);
                    break;
                }
            }
        }
        match missing {
            None => {
                kept.insert(p.code.clone());
            }
            Some(c) => {
                let at = row_of.get(c).map_or(String::new(), |r| format!("（第{r}行）"));
                let at_en = row_of.get(c).map_or(String::new(), |r| format!(" (row {r})"));
                refused.push(
                    Diagnostic::error(
                        path,
                        format!("{} {} 的上级 {c}{at} 未通过检查，这一行因此也未读取：请先改正上级", p.code, p.name),
                        format!("{}: its parent {c}{at_en} was refused, so this row was not read either; correct the parent first", p.code),
                    )
                    .at_row(row_of.get(p.code.as_str()).copied().unwrap_or(0))
                    .in_column("上级代码"),
                );
            }
        }
    }
    for d in refused {
        ledger.refuse_with(diags, d);
    }
    for code in &kept {
        if let Some(&r) = row_of.get(code.as_str()) {
            ledger.read(r);
        }
    }
    let mut children: BTreeMap<Option<&str>, Vec<&RegisteredPlace>> = BTreeMap::new();
    for p in valid.values().filter(|p| kept.contains(&p.code)) {
        children.entry(p.parent.as_deref()).or_default().push(p);
    }
    // Tree order: each place followed by its children's subtrees; siblings by code.
    let mut places = Vec::with_capacity(kept.len());
    let mut stack: Vec<&RegisteredPlace> = children.get(&None).into_iter().flatten().rev().copied().collect();
    while let Some(p) = stack.pop() {
        places.push(p.clone());
        stack.extend(children.get(&Some(p.code.as_str())).into_iter().flatten().rev().copied());
    }
    (Register::new(places), ledger.finish(diags))
}

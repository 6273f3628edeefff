//! The register of places (`places.csv`): city → county → township, with NBS codes.

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

/// All places, in register order (each city, then its counties, each followed by its townships).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    pub places: Vec<RegisteredPlace>,
}

impl Register {
    pub fn get(&self, code: &str) -> Option<&RegisteredPlace> {
        self.places.iter().find(|p| p.code == code)
    }

    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a RegisteredPlace> + 'a {
        self.places.iter().filter(move |p| p.parent.as_deref() == Some(code))
    }

    /// Place index by code, for lookups over many rows.
    pub fn index(&self) -> BTreeMap<&str, usize> {
        self.places.iter().enumerate().map(|(i, p)| (p.code.as_str(), i)).collect()
    }
}

const CODE: &[&str] = &["代码", "code", "区划代码"];
const NAME: &[&str] = &["名称", "name"];
const PARENT: &[&str] = &["上级代码", "parent"];

/// Reads `places.csv` and checks it: codes are 6 or 9 digits, names are not empty, no code appears
/// twice, every parent exists and is of the right kind, and a township's code starts with its county's.
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
                format!("地区代码「{code}」应为6位（市、县）或9位（乡镇街道）数字"),
                format!("place code {code:?} must be 6 digits (city, county) or 9 digits (township)"),
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

    // Kinds follow from the code's length and the parent: a 6-digit code without parent is a city.
    let kind_of = |r: &Row| match (r.code.len(), r.parent.is_empty()) {
        (6, true) => Some(PlaceKind::City),
        (6, false) => Some(PlaceKind::County),
        (9, false) => Some(PlaceKind::Township),
        _ => None,
    };
    let by_code: BTreeMap<&str, &Row> = rows.iter().map(|r| (r.code, r)).collect();
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
        if kind != PlaceKind::City {
            let Some(parent) = by_code.get(r.parent) else {
                refused.push(err(
                    format!("上级代码 {} 不在区划名录中", r.parent),
                    format!("parent code {} is not in the register", r.parent),
                ));
                continue;
            };
            let parent_kind = kind_of(parent);
            let expected = if kind == PlaceKind::County { PlaceKind::City } else { PlaceKind::County };
            if parent_kind != Some(expected) {
                refused.push(err(
                    format!("{} {} 的上级 {} 不是{}", r.code, r.name, r.parent, if expected == PlaceKind::City { "地级市" } else { "县级单位" }),
                    format!("the parent {} of {} is not a {}", r.parent, r.code, if expected == PlaceKind::City { "city" } else { "county" }),
                ));
                continue;
            }
            if kind == PlaceKind::Township && !r.code.starts_with(r.parent) {
                refused.push(
                    Diagnostic::error(
                        path,
                        format!("乡镇街道代码 {} 应以所属县级代码 {} 开头", r.code, r.parent),
                        format!("township code {} must start with its county's code {}", r.code, r.parent),
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
    // Tree order: each city, then each county followed by its townships; siblings by code.
    let mut places = Vec::with_capacity(kept.len());
    for city in children.get(&None).into_iter().flatten() {
        places.push((*city).clone());
        for county in children.get(&Some(city.code.as_str())).into_iter().flatten() {
            places.push((*county).clone());
            for town in children.get(&Some(county.code.as_str())).into_iter().flatten() {
                places.push((*town).clone());
            }
        }
    }
    (Register { places }, ledger.finish(diags))
}

//! 加减法 and 目录调整记录 per place (docs/source-format.md, "Reasons for adjustments"; the bundle's
//! `adjustments/` files, docs/bundle-format.md):
//! - what a county's catalog changes in its city's template, and a township with a catalog of its own
//!   in what its county's catalog gives townships, by [`gongkai_catalog::adjust::diff`];
//! - the reason and policy basis of each departure, from the place's reasons file
//!   (`catalogs/<code>/调整说明.csv`); a departure without one is a warning naming the place and item;
//! - with the previous published bundle (`build --previous`), what changed in each place's catalog
//!   since then, dated by this dataset's as-of date and put before the previous bundle's record.

use crate::assemble::AssembledCatalogs;
use crate::diagnostic::{Diagnostic, RowCount};
use crate::file_report::FileReport;
use crate::read::records::{read_csv, require_columns, CsvFile, CsvRecord};
use crate::register::Register;
use chrono::NaiveDate;
use gongkai_catalog::adjust::{diff, ChangeKind, DomainChanges, PlaceAdjustments, Reason, RecordEntry, Side};
use gongkai_catalog::{Applicability, Catalog, Domain, Manifest, PlaceKind, Tier, FORMAT_VERSION};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The names a place's reasons file may have in its `catalogs/<code>/` folder (the first is the one to
/// write). It is not a catalog table: the catalog readers skip it.
pub const REASONS_FILES: &[&str] = &["调整说明.csv", "adjustments.csv"];

pub fn is_reasons_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| REASONS_FILES.iter().any(|r| n.to_string_lossy() == *r))
}

/// What the adjustments step gives: per place code, its file's content; and the reasons files read.
#[derive(Debug, Default)]
pub struct Adjustments {
    pub by_place: BTreeMap<String, PlaceAdjustments>,
    pub files: Vec<(PathBuf, RowCount)>,
}

/// One row of a reasons file.
struct ReasonRow {
    row: u32,
    domain: u8,
    /// The item's path as written (一级/二级[/三级]); None for the whole domain.
    item: Option<Vec<String>>,
    kind: Option<ChangeKind>,
    reason: Reason,
}

/// Computes every place's 加减法 (with reasons) and, when `previous` names a bundle folder, its
/// 目录调整记录. A county is compared with its city's template ([`AssembledCatalogs::template_catalogs`]).
pub fn adjustments(
    catalogs_dir: &Path,
    register: &Register,
    assembled: &AssembledCatalogs,
    previous: Option<&Path>,
    as_of: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Adjustments {
    let mut out = Adjustments::default();
    let mut reasons: BTreeMap<String, (PathBuf, Vec<ReasonRow>)> = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(catalogs_dir) {
        let mut folders: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        folders.sort();
        for folder in folders {
            let code = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            for name in REASONS_FILES {
                let path = folder.join(name);
                if path.is_file() {
                    let (rows, count) = read_reasons(&path, diags);
                    out.files.push((path.clone(), count));
                    reasons.entry(code.clone()).or_insert((path, rows));
                }
            }
        }
    }

    let previous = previous.and_then(|p| Previous::open(p, diags));
    // Each adapted catalog against its base, on every core (a national source has some 3,000 counties
    // and townships with catalogs of their own); taken in register order below.
    let diffs = crate::parallel::map_in_order(&register.places, |place| {
        let (catalog, usage) = assembled.catalog_of(&place.code)?;
        let (base_code, base) = match place.kind {
            PlaceKind::County => {
                let city = place.parent.as_deref().unwrap_or("");
                let adapted_here = catalog.owner == place.code;
                // A grouping's template is named by the province that shows its counties (北京市's, not
                // 市辖区's).
                (Some(register.shown_as(city)), assembled.template_catalogs.get(city).filter(|_| adapted_here).map(|&i| Side::all(&assembled.catalogs[i])))
            }
            PlaceKind::Township if !usage.inherited => {
                let county = place.parent.as_deref().unwrap_or("");
                let base = assembled.catalog_of(county).map(|(c, _)| Side {
                    catalog: c,
                    only: Some(Applicability { tier: Tier::Township, inherited: true }),
                });
                (Some(county), base)
            }
            _ => (None, None),
        };
        Some((base_code.map(str::to_string), base.map(|b| diff(b, Side::all(catalog), usage.tier)).unwrap_or_default()))
    });
    for (place, found) in register.places.iter().zip(diffs) {
        let Some((catalog, usage)) = assembled.catalog_of(&place.code) else { continue };
        let Some((base_code, mut changes)) = found else { continue };
        let tier = usage.tier;
        let file = reasons.remove(&place.code);
        let reasons_path = file.as_ref().map_or_else(|| catalogs_dir.join(&place.code).join(REASONS_FILES[0]), |(p, _)| p.clone());
        if let Some((path, rows)) = &file {
            attach_reasons(path, rows, &mut changes, diags);
        }
        for na in &catalog.not_applicable {
            if let Some(d) = changes.iter_mut().find(|d| d.domain == na.domain && d.reason.is_none()) {
                if !na.reason.trim().is_empty() {
                    d.reason = Some(Reason { text: na.reason.trim().to_string(), ..Default::default() });
                }
            }
        }
        warn_unexplained(&reasons_path, &place.code, &place.name, &changes, diags);

        let record = match &previous {
            Some(prev) if !usage.inherited => prev.record(&place.code, catalog, tier, as_of, diags),
            _ => Vec::new(),
        };
        if !changes.is_empty() || !record.is_empty() {
            let base = (!changes.is_empty()).then(|| base_code.unwrap_or_default());
            let pa = PlaceAdjustments { format_version: FORMAT_VERSION, place: place.code.clone(), base, changes, record };
            out.by_place.insert(place.code.clone(), pa);
        }
    }
    for (code, (path, rows)) in reasons {
        if let Some(first) = rows.first() {
            diags.push(
                Diagnostic::warning(
                    &path,
                    format!("{code} 的目录没有对其他目录作调整（没有自己的目录文件），调整说明未使用"),
                    format!("{code}'s catalog adapts nothing (it has no catalog files of its own): the reasons are not used"),
                )
                .at_row(first.row),
            );
        }
    }
    out
}

/// Reads a reasons file: 领域, 事项 (empty for the whole domain), 调整, 理由, 依据, 示例.
fn read_reasons(path: &Path, diags: &mut Vec<Diagnostic>) -> (Vec<ReasonRow>, RowCount) {
    let Some(mut file) = read_csv(path, diags) else { return (Vec::new(), RowCount::default()) };
    let required: [&[&str]; 2] = [&["领域", "domain"], &["理由", "reason"]];
    if !require_columns(path, &mut file, &required, diags) {
        let count = file.ledger.finish(diags);
        return (Vec::new(), count);
    }
    let names: [[&str; 2]; 6] =
        [["领域", "domain"], ["事项", "item"], ["调整", "change"], ["理由", "reason"], ["依据", "basis"], ["示例", "sample"]];
    let cols: [Option<usize>; 6] = std::array::from_fn(|i| file.column(&names[i]));
    let CsvFile { records, mut ledger, .. } = file;
    let mut report = FileReport::new(path);
    let mut rows = Vec::new();
    for rec in &records {
        match reason_row(rec, cols) {
            Ok(r) => {
                ledger.read(rec.row);
                rows.push(r);
            }
            Err((col, zh, en)) => {
                let d = Diagnostic::error(path, zh, en).at_row(rec.row).in_column(col);
                ledger.refuse(&d);
                report.push(diags, d);
            }
        }
    }
    report.finish(diags);
    (rows, ledger.finish(diags))
}

type RowError = (&'static str, String, String);

fn reason_row(rec: &CsvRecord, cols: [Option<usize>; 6]) -> Result<ReasonRow, RowError> {
    let [c_domain, c_item, c_kind, c_reason, c_basis, c_sample] = cols;
    let domain_text = rec.cell(c_domain);
    let domain = domain_text
        .parse::<u8>()
        .ok()
        .and_then(Domain::by_id)
        .or_else(|| Domain::from_name(domain_text))
        .ok_or_else(|| {
            ("领域", format!("「{domain_text}」不是26个领域之一"), format!("{domain_text:?} is not one of the 26 domains"))
        })?;
    let item_text = rec.cell(c_item);
    let item: Vec<String> =
        item_text.split(['/', '／']).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    let kind_text = rec.cell(c_kind);
    let kind = match kind_text {
        "" => None,
        t => Some(ChangeKind::from_label(t).ok_or_else(|| {
            (
                "调整",
                format!("「{t}」不是调整类型：请写 新增、删除、不适用、更名、移动 或 要素调整，或留空"),
                format!("{t:?} is not a kind of change: write 新增, 删除, 不适用, 更名, 移动 or 要素调整, or leave it empty"),
            )
        })?),
    };
    let text = rec.cell(c_reason);
    if text.is_empty() {
        return Err(("理由", "理由为空：请写明调整的理由".into(), "the reason is empty: state why the catalog departs here".into()));
    }
    let sample = match rec.cell(c_sample) {
        "" | "否" => false,
        "是" | "√" | "✓" => true,
        other => return Err(("示例", format!("「{other}」应为 是 或留空"), format!("{other:?} should be 是 or empty"))),
    };
    Ok(ReasonRow {
        row: rec.row,
        domain: domain.id,
        item: (!item.is_empty()).then_some(item),
        kind,
        reason: Reason { text: text.to_string(), basis: rec.cell(c_basis).to_string(), sample },
    })
}

/// Gives each change the reason its row states; rows that name no change are warnings.
fn attach_reasons(path: &Path, rows: &[ReasonRow], changes: &mut [DomainChanges], diags: &mut Vec<Diagnostic>) {
    let domain_name = |d: u8| Domain::by_id(d).map_or_else(|| d.to_string(), |d| d.name.to_string());
    for r in rows {
        let warn = |zh: String, en: String| Diagnostic::warning(path, zh, en).at_row(r.row);
        let Some(dc) = changes.iter_mut().find(|d| d.domain == r.domain) else {
            diags.push(warn(
                format!("{}领域没有调整，这一行的说明未使用", domain_name(r.domain)),
                format!("nothing departs in domain {}: this row is not used", domain_name(r.domain)),
            ));
            continue;
        };
        let Some(item) = &r.item else {
            if dc.reason.is_some() {
                diags.push(warn(
                    format!("{}领域的整体说明重复，只用第一行", domain_name(r.domain)),
                    format!("a second reason for the whole domain {}: only the first is used", domain_name(r.domain)),
                ));
            } else {
                dc.reason = Some(r.reason.clone());
            }
            continue;
        };
        // The full path (new or old name), else an item whose lowest name alone is the one written.
        let full = dc.items.iter().position(|c| &c.path == item || c.from_path.as_ref() == Some(item));
        let by_name = || {
            let mut hits = dc.items.iter().enumerate().filter(|(_, c)| item.len() == 1 && c.path.last() == item.last());
            match (hits.next(), hits.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        };
        let shown = item.join("/");
        let Some(i) = full.or_else(by_name) else {
            diags.push(
                warn(
                    format!("事项「{shown}」在{}领域没有调整（或名称不符），这一行的说明未使用", domain_name(r.domain)),
                    format!("item {shown:?} does not depart in domain {} (or is misnamed): this row is not used", domain_name(r.domain)),
                )
                .in_column("事项"),
            );
            continue;
        };
        let change = &mut dc.items[i];
        if let Some(k) = r.kind.filter(|k| *k != change.kind) {
            diags.push(
                warn(
                    format!("事项「{shown}」的调整是「{}」，不是「{}」", change.kind.label(), k.label()),
                    format!("item {shown:?} is {:?}, not {:?}", change.kind, k),
                )
                .in_column("调整"),
            );
        }
        if change.reason.is_some() {
            diags.push(warn(format!("事项「{shown}」的说明重复，只用第一行"), format!("a second reason for item {shown:?}: only the first is used")));
        } else {
            change.reason = Some(r.reason.clone());
        }
    }
}

/// A warning per domain whose departures have no reason of their own nor one for the domain, naming
/// the place and the items (the first few, and how many in all: a county that gave no reasons at all
/// gets one line per domain, not one per row).
fn warn_unexplained(path: &Path, code: &str, name: &str, changes: &[DomainChanges], diags: &mut Vec<Diagnostic>) {
    const NAMED: usize = 3;
    for d in changes {
        let domain = Domain::by_id(d.domain).map_or_else(|| d.domain.to_string(), |x| x.name.to_string());
        let missing: Vec<String> = d
            .items
            .iter()
            .filter(|c| d.reason_for(c).is_none())
            .map(|c| {
                let what: Vec<&str> = c.elements.iter().map(|e| e.element.label()).collect();
                let what = if what.is_empty() { String::new() } else { format!("：{}", what.join("、")) };
                format!("「{}」（{}{what}）", c.path.join("/"), c.kind.label())
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let more = missing.len().saturating_sub(NAMED);
        let listed = missing[..missing.len().min(NAMED)].join("、");
        let (more_zh, more_en) = if more > 0 { (format!("等{}项", missing.len()), format!(" and {more} more")) } else { (String::new(), String::new()) };
        diags.push(Diagnostic::warning(
            path,
            format!("{code} {name}：{domain}领域的调整{listed}{more_zh}没有说明理由：请在 {} 中写明理由和依据（按事项或按领域）", REASONS_FILES[0]),
            format!("{code} {name}: departures in domain {domain} without a stated reason: {listed}{more_en}; give the reason and basis in {} (per item or per domain)", REASONS_FILES[0]),
        ));
    }
}

/// The previous published bundle, for the 目录调整记录.
struct Previous {
    dir: PathBuf,
    manifest: Manifest,
    catalogs: std::cell::RefCell<BTreeMap<String, Option<std::rc::Rc<Catalog>>>>,
}

impl Previous {
    fn open(dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<Previous> {
        let path = dir.join(crate::write::MANIFEST_FILE);
        // The whole register, as the app would know it after loading every place list.
        let manifest = crate::verify::whole_register(|key| std::fs::read(dir.join(key)).ok());
        match manifest {
            Ok(manifest) => Some(Previous { dir: dir.to_path_buf(), manifest, catalogs: Default::default() }),
            Err(e) => {
                diags.push(Diagnostic::error(
                    &path,
                    format!("无法读取上一版数据包（--previous）：{e}"),
                    format!("cannot read the previous bundle (--previous): {e}"),
                ));
                None
            }
        }
    }

    /// A file the previous manifest lists, verified and decoded; an error names it when it fails.
    fn load<T: serde::de::DeserializeOwned>(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<T> {
        let path = self.dir.join(key);
        let got = std::fs::read(&path).map_err(|e| e.to_string()).and_then(|b| self.manifest.decode_file(key, &b).map_err(|e| e.to_string()));
        match got {
            Ok(v) => Some(v),
            Err(e) => {
                diags.push(Diagnostic::error(
                    &path,
                    format!("上一版数据包的文件无法读取：{e}"),
                    format!("a file of the previous bundle cannot be read: {e}"),
                ));
                None
            }
        }
    }

    /// The place's record: what changed in its catalog since the previous bundle (dated `as_of`), then
    /// the previous bundle's record. A place the previous bundle did not have starts with no record.
    fn record(&self, code: &str, catalog: &Catalog, tier: Tier, as_of: NaiveDate, diags: &mut Vec<Diagnostic>) -> Vec<RecordEntry> {
        let Some(place) = self.manifest.place(code) else { return Vec::new() };
        let mut record: Vec<RecordEntry> = match &place.adjustments {
            Some(key) => self.load::<PlaceAdjustments>(key, diags).map(|a| a.record).unwrap_or_default(),
            None => Vec::new(),
        };
        if let Some(key) = &place.catalog {
            let cached = self.catalogs.borrow().get(key).cloned();
            let old = match cached {
                Some(c) => c,
                None => {
                    let c = self.load::<Catalog>(key, diags).map(std::rc::Rc::new);
                    self.catalogs.borrow_mut().insert(key.clone(), c.clone());
                    c
                }
            };
            if let Some(old) = old {
                let only = place.inherited.then(|| place.applicability());
                let changes = diff(Side { catalog: &old, only }, Side::all(catalog), tier);
                if !changes.is_empty() {
                    record.insert(0, RecordEntry { date: as_of, changes });
                }
            }
        }
        record
    }
}

/// Every text of the adjustments files a citizen can see, for the 繁體 table: the kinds' and elements'
/// names, the texts before and after, the reasons and their bases.
pub fn texts<'a>(by_place: &'a BTreeMap<String, PlaceAdjustments>) -> impl Iterator<Item = &'a str> {
    let kinds = [ChangeKind::Added, ChangeKind::Removed, ChangeKind::NotApplicable, ChangeKind::Renamed, ChangeKind::Moved, ChangeKind::Changed]
        .into_iter()
        .map(|k| -> &'a str { k.label() });
    let changes = by_place
        .values()
        .flat_map(|a| a.changes.iter().chain(a.record.iter().flat_map(|r| &r.changes)))
        .flat_map(|d| {
            let own = d.reason.iter().flat_map(|r| [r.text.as_str(), r.basis.as_str()]);
            let items = d.items.iter().flat_map(|c| {
                let reason = c.reason.iter().flat_map(|r| [r.text.as_str(), r.basis.as_str()]);
                let elements = c.elements.iter().flat_map(|e| [e.element.label(), e.from.as_str(), e.to.as_str()]);
                c.path.iter().map(String::as_str).chain(reason).chain(elements)
            });
            own.chain(items)
        });
    kinds.chain(changes)
}

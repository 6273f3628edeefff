//! Published entries (`entries/*.csv`): each row names a place and an item of the catalog that applies
//! there, with a title, a publication date and a link. Rows are resolved to item ids and checked; a
//! problem names the file, row and column so a clerk can fix it in Excel.

use crate::assemble::{item_id, AssembledCatalogs};
use crate::diagnostic::{Diagnostic, RowCount, RowLedger};
use crate::file_report::FileReport;
use crate::item_lookup::{closest_items, id_indexes};
use crate::read::records::{read_csv, require_columns, CsvFile, CsvRecord};
use crate::register::Register;
use crate::spill::{Fields, Records, Record, SpillReader, SpillWriter};
use chrono::NaiveDate;
use gongkai_catalog::link::safe_href;
use gongkai_catalog::{Domain, EntryKind, PlaceKind, PublishedEntry};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// An entry as resolved from the sources, with what only the build step needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    pub entry: PublishedEntry,
    /// 形成日期: when the information was formed, from which the time limit runs.
    pub formed: Option<NaiveDate>,
}

/// The resolved entries of every place that published any. Rows are resolved file by file and kept
/// in a scratch file ([`crate::spill`]), not in memory; [`ResolvedEntries::take_place`] gives one
/// place's list back (newest first, duplicates dropped, 解读对象 resolved) when its files are written,
/// and [`ResolvedEntries::finish`] closes each file's row accounting once every place was taken.
#[derive(Debug, Default)]
pub struct ResolvedEntries {
    /// The entries files, in the order read (a row's origin is an index into it).
    sources: Vec<PathBuf>,
    spill: Option<SpillReader>,
    /// Per place code, the byte ranges of its rows in the scratch file.
    runs: BTreeMap<String, Vec<(u64, u64)>>,
    /// One ledger per file (None when the file could not be read at all).
    ledgers: Vec<Option<RowLedger>>,
    /// Entry rows read, for the summary.
    pub rows: usize,
    /// Rows resolved per publication date: an upper bound of the entries kept per date (duplicates
    /// and entries whose 解读对象 is unknown are dropped by [`ResolvedEntries::take_place`]).
    pub dates: BTreeMap<NaiveDate, u32>,
    /// How the rows of each file ended up, once [`ResolvedEntries::finish`] ran.
    pub files: Vec<(PathBuf, RowCount)>,
    /// Per file read (in the order read), the places its resolved rows belong to.
    pub file_places: Vec<std::collections::BTreeSet<String>>,
}

impl ResolvedEntries {
    /// The entries as the build memo gives them ([`crate::memo`]): nothing to take, every file's rows
    /// already accounted for.
    pub fn accounted(
        files: Vec<(PathBuf, RowCount)>,
        file_places: Vec<std::collections::BTreeSet<String>>,
        dates: BTreeMap<NaiveDate, u32>,
        rows: usize,
    ) -> ResolvedEntries {
        ResolvedEntries { files, file_places, dates, rows, ..Default::default() }
    }

    /// The latest publication date of any entry: the dataset's as-of date.
    pub fn latest_date(&self) -> Option<NaiveDate> {
        self.dates.keys().next_back().copied()
    }

    /// Resolved rows in all (duplicates included).
    pub fn count(&self) -> usize {
        self.dates.values().map(|&n| n as usize).sum()
    }

    /// The codes of the places with entries, in code order.
    pub fn places(&self) -> Vec<String> {
        self.runs.keys().cloned().collect()
    }

    /// Every entry of one place, newest first (ties by title, item, then source order), duplicates
    /// dropped and 解读对象 resolved, each problem reported and refused in its file's ledger. Each place
    /// is given once: a second call gives nothing.
    pub fn take_place(&mut self, place: &str, diags: &mut Vec<Diagnostic>) -> Vec<SourceEntry> {
        let Some(runs) = self.runs.remove(place) else { return Vec::new() };
        let Some(spill) = &self.spill else { return Vec::new() };
        let mut paired: Vec<(SourceEntry, (u16, u32))> = Vec::new();
        for (start, end) in runs {
            let buf = match spill.read_range(start, end) {
                Ok(b) => b,
                Err(e) => {
                    diags.push(scratch_error(spill.path(), &e));
                    return Vec::new();
                }
            };
            paired.extend(Records::new(&buf).map(decode_entry));
        }
        self.sort_and_check(place, paired, diags)
    }

    /// Takes every place not taken yet (reporting their problems), then closes each file's row
    /// accounting into [`ResolvedEntries::files`].
    pub fn finish(&mut self, diags: &mut Vec<Diagnostic>) {
        for place in self.places() {
            self.take_place(&place, diags);
        }
        for (path, ledger) in self.sources.iter().zip(std::mem::take(&mut self.ledgers)) {
            if let Some(ledger) = ledger {
                self.files.push((path.clone(), ledger.finish(diags)));
            }
        }
    }

    fn sort_and_check(&mut self, place: &str, mut paired: Vec<(SourceEntry, (u16, u32))>, diags: &mut Vec<Diagnostic>) -> Vec<SourceEntry> {
        let entries_files = &self.sources;
        let ledgers = &mut self.ledgers;
        // Newest first; ties in a fixed order so the output is deterministic. Then drop duplicates.
        paired.sort_by(|(a, ao), (b, bo)| {
            b.entry
                .date
                .cmp(&a.entry.date)
                .then_with(|| a.entry.title.cmp(&b.entry.title))
                .then_with(|| a.entry.item.cmp(&b.entry.item))
                .then_with(|| ao.cmp(bo))
        });
        let mut kept: Vec<(SourceEntry, (u16, u32))> = Vec::with_capacity(paired.len());
        let mut dup_reports: BTreeMap<u16, FileReport> = BTreeMap::new();
        for (e, o) in paired {
            if let Some((k, ko)) = kept.last() {
                if (&k.entry.item, &k.entry.title, k.entry.date) == (&e.entry.item, &e.entry.title, e.entry.date) {
                    let file = &entries_files[o.0 as usize];
                    let first = entries_files[ko.0 as usize].display().to_string();
                    let report = dup_reports.entry(o.0).or_insert_with(|| FileReport::new(file));
                    let d = Diagnostic::warning(
                        file,
                        format!("重复的发布信息「{}」（与 {first} 第{}行相同），已忽略", e.entry.title, ko.1),
                        format!("duplicate entry {:?} (same as {first} row {}), ignored", e.entry.title, ko.1),
                    )
                    .at_row(o.1);
                    // The row stays read: what it says is in the bundle, once (a warning cannot
                    // refuse a row, see RowLedger::refuse).
                    report.push(diags, d);
                    continue;
                }
            }
            kept.push((e, o));
        }
        // 解读对象 names another entry of the same place and item, by its 标题 or its 链接; the bundle
        // stores the title, which is what the page groups by.
        let resolved: Vec<Option<Result<String, ()>>> = kept
            .iter()
            .map(|(e, _)| {
                let wanted = e.entry.interprets.as_deref()?;
                let target = kept.iter().map(|(t, _)| &t.entry).find(|t| {
                    t.item == e.entry.item && t.title != e.entry.title && (t.title == wanted || t.url.as_deref() == Some(wanted))
                });
                Some(target.map(|t| t.title.clone()).ok_or(()))
            })
            .collect();
        let mut still: Vec<SourceEntry> = Vec::with_capacity(kept.len());
        for ((mut e, o), r) in kept.into_iter().zip(resolved) {
            match r {
                Some(Err(())) => {
                    let file = &entries_files[o.0 as usize];
                    let wanted = e.entry.interprets.as_deref().unwrap_or_default();
                    let d = Diagnostic::error(
                        file,
                        format!("第{}行的解读对象「{wanted}」不是 {place} 同一事项下任何一条信息的标题或链接", o.1),
                        format!("row {}: 解读对象 {wanted:?} is not the title or link of any entry of {place} under the same item", o.1),
                    )
                    .at_row(o.1)
                    .in_column("解读对象");
                    if let Some(Some(ledger)) = ledgers.get_mut(o.0 as usize) {
                        ledger.refuse(&d);
                    }
                    dup_reports.entry(o.0).or_insert_with(|| FileReport::new(file)).push(diags, d);
                }
                Some(Ok(title)) => {
                    e.entry.interprets = Some(title);
                    still.push(e);
                }
                None => still.push(e),
            }
        }
        for (_, r) in dup_reports {
            r.finish(diags);
        }
        still
    }
}

fn scratch_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("无法读写构建的临时文件：{e}"), format!("cannot read or write the build's scratch file: {e}"))
}

/// One resolved row as kept in the scratch file, with where it came from (file index, row).
fn encode_entry(place_origin: (u16, u32), e: &SourceEntry) -> Record {
    let mut r = Record::new();
    let p = &e.entry;
    r.u16(place_origin.0)
        .u32(place_origin.1)
        .date(p.date)
        .opt_date(e.formed)
        .kind(p.kind)
        .u8(u8::from(p.sample))
        .str(&p.item)
        .str(&p.title)
        .opt_str(p.url.as_deref())
        .opt_str(p.interprets.as_deref());
    r.done();
    r
}

fn decode_entry(mut f: Fields) -> (SourceEntry, (u16, u32)) {
    let origin = (f.u16(), f.u32());
    let date = f.date();
    let formed = f.opt_date();
    let kind = f.kind();
    let sample = f.u8() != 0;
    let item = f.str().to_string();
    let title = f.str().to_string();
    let url = f.opt_str().map(str::to_string);
    let interprets = f.opt_str().map(str::to_string);
    (SourceEntry { entry: PublishedEntry { item, title, date, url, kind, interprets, sample }, formed }, origin)
}

/// Parses a date as clerks write it: 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim().trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if parts[0].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?)
}

const PLACE: &[&str] = &["地区代码", "代码"];
const DOMAIN: &[&str] = &["领域"];
const LEVEL1: &[&str] = &["一级事项"];
const LEVEL2: &[&str] = &["二级事项"];
const LEVEL3: &[&str] = &["三级事项"];
const TITLE: &[&str] = &["标题", "信息标题"];
const DATE: &[&str] = &["发布日期", "日期"];
const LINK: &[&str] = &["链接", "网址"];
const FORMED: &[&str] = &["形成日期"];
const KIND: &[&str] = &["类型", "信息类型"];
const INTERPRETS: &[&str] = &["解读对象"];
const SAMPLE: &[&str] = &["示例"];

/// Reads and resolves every `*.csv` of `entries_dir` (in name order), keeping the resolved rows in a
/// scratch file under `scratch` (see [`ResolvedEntries`]). Files are read and resolved on every core, a
/// few ahead of the one being kept; rows, ledgers and diagnostics are kept in file order, so the
/// outcome does not depend on which file was done first.
pub fn read_entries(
    entries_files: &[PathBuf],
    register: &Register,
    assembled: &AssembledCatalogs,
    diags: &mut Vec<Diagnostic>,
    scratch: &Path,
) -> ResolvedEntries {
    let resolver = Resolver { register, places: register.index(), assembled, indexes: id_indexes(assembled) };
    let mut out = ResolvedEntries { sources: entries_files.to_vec(), ..Default::default() };
    let spill_path = scratch.join("entries.bin");
    let mut spill = match SpillWriter::create(&spill_path) {
        Ok(s) => s,
        Err(e) => {
            diags.push(scratch_error(&spill_path, &e));
            return out;
        }
    };
    let mut failed = false;
    crate::parallel::for_each_in_order(
        entries_files,
        4,
        |file_no, path| resolver.read_file(file_no, path),
        |file| {
            diags.extend(file.diags);
            out.rows += file.rows;
            out.ledgers.push(file.ledger);
            out.file_places.push(file.resolved.iter().map(|(p, _, _)| p.clone()).collect());
            for (place, date, record) in file.resolved {
                if failed {
                    return;
                }
                *out.dates.entry(date).or_default() += 1;
                let start = match spill.push(&record) {
                    Ok(at) => at,
                    Err(e) => {
                        diags.push(scratch_error(&spill_path, &e));
                        failed = true;
                        return;
                    }
                };
                let end = spill.len();
                let runs = out.runs.entry(place).or_default();
                match runs.last_mut() {
                    Some(last) if last.1 == start => last.1 = end,
                    _ => runs.push((start, end)),
                }
            }
        },
    );
    if failed {
        return out;
    }
    match spill.into_reader() {
        Ok(r) => out.spill = Some(r),
        Err(e) => diags.push(scratch_error(&spill_path, &e)),
    }
    out
}

/// What reading one entries file gives, before its rows go into the scratch file.
struct FileRows {
    /// None when the file could not be read at all.
    ledger: Option<RowLedger>,
    diags: Vec<Diagnostic>,
    /// Rows read.
    rows: usize,
    /// The rows resolved, in file order: place, publication date and the scratch record.
    resolved: Vec<(String, NaiveDate, Record)>,
}

struct Columns {
    place: Option<usize>,
    domain: Option<usize>,
    path: [Option<usize>; 3],
    title: Option<usize>,
    date: Option<usize>,
    link: Option<usize>,
    formed: Option<usize>,
    kind: Option<usize>,
    interprets: Option<usize>,
    sample: Option<usize>,
}

impl Columns {
    fn of(f: &CsvFile) -> Self {
        Columns {
            place: f.column(PLACE),
            domain: f.column(DOMAIN),
            path: [f.column(LEVEL1), f.column(LEVEL2), f.column(LEVEL3)],
            title: f.column(TITLE),
            date: f.column(DATE),
            link: f.column(LINK),
            formed: f.column(FORMED),
            kind: f.column(KIND),
            interprets: f.column(INTERPRETS),
            sample: f.column(SAMPLE),
        }
    }
}

/// What an entry row is resolved against: the register and the assembled catalogs, with their
/// lookups built once per build.
struct Resolver<'a> {
    register: &'a Register,
    places: BTreeMap<&'a str, usize>,
    assembled: &'a AssembledCatalogs,
    /// Per catalog: item id → position.
    indexes: Vec<HashMap<String, usize>>,
}

impl Resolver<'_> {
    /// Reads and resolves one entries file (the `file_no`th), each row ending resolved or refused.
    fn read_file(&self, file_no: usize, path: &Path) -> FileRows {
        let mut got = FileRows { ledger: None, diags: Vec::new(), rows: 0, resolved: Vec::new() };
        let diags = &mut got.diags;
        let Some(mut file) = read_csv(path, diags) else { return got };
        if !require_columns(path, &mut file, &[PLACE, DOMAIN, LEVEL1, LEVEL2, TITLE, DATE], diags) {
            got.ledger = Some(file.ledger);
            return got;
        }
        let mut report = FileReport::new(path);
        let cols = Columns::of(&file);
        let CsvFile { records, mut ledger, .. } = file;
        for rec in &records {
            got.rows += 1;
            match self.resolve_row(path, rec, &cols, &mut report, diags) {
                Ok((place, entry)) => {
                    ledger.read(rec.row);
                    let origin = (file_no.min(u16::MAX as usize) as u16, rec.row);
                    got.resolved.push((place, entry.entry.date, encode_entry(origin, &entry)));
                }
                Err(d) => {
                    ledger.refuse(&d);
                    report.push(diags, d);
                }
            }
        }
        report.finish(diags);
        got.ledger = Some(ledger);
        got
    }

    fn resolve_row(
        &self,
        path: &Path,
        rec: &CsvRecord,
        cols: &Columns,
        report: &mut FileReport,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(String, SourceEntry), Diagnostic> {
        let Resolver { register, places, assembled, indexes } = self;
        let err = |col: &str, zh: String, en: String| Diagnostic::error(path, zh, en).at_row(rec.row).in_column(col);
        let code = rec.cell(cols.place);
        let Some(&pi) = places.get(code) else {
            return Err(err("地区代码", format!("地区代码 {code} 不在区划名录中"), format!("place code {code:?} is not in the register (places.csv)")));
        };
        let place = &register.places[pi];
        let Some((catalog, usage)) = assembled.catalog_of(code) else {
            let (zh, en) = if place.kind == PlaceKind::City {
                (format!("{code} {} 是地级市，请填写县级或乡镇街道的代码", place.name), format!("{code} is a city; entries belong to a county or township"))
            } else {
                (format!("{code} {} 没有适用的目录", place.name), format!("no catalog applies to {code}"))
            };
            return Err(err("地区代码", zh, en));
        };
        let domain_text = rec.cell(cols.domain);
        let Some(domain) = Domain::from_name(domain_text) else {
            let (zh, en) = crate::read::known::unknown_domain(domain_text);
            return Err(err("领域", zh, en));
        };
        let item_path: Vec<&str> = cols.path.iter().map(|c| rec.cell(*c)).filter(|s| !s.is_empty()).collect();
        let id = item_id(domain.id, &item_path);
        let item = indexes[usage.catalog].get(&id).map(|&i| &catalog.items[i]);
        let Some(item) = item else {
            let wanted = item_path.join(" / ");
            let column = if rec.cell(cols.path[2]).is_empty() { "二级事项" } else { "三级事项" };
            let hint = if report.has_room() { closest_items(catalog, Some(domain.id), &wanted) } else { Vec::new() };
            let (hint_zh, hint_en) = if hint.is_empty() {
                (String::new(), String::new())
            } else {
                (format!("；相近的事项：{}", hint.join("、")), format!("; closest items: {}", hint.join("; ")))
            };
            return Err(err(
                    column,
                    format!("第{}行的事项「{}：{wanted}」不在 {code} {} 适用的目录中{hint_zh}", rec.row, domain.name, place.name),
                    format!("row {}: item \"{}: {wanted}\" is not in the catalog that applies to {code}{hint_en}", rec.row, domain.name),
                ));
        };
        if !catalog.applies(item, usage.applicability()) {
            report.push(
                diags,
                Diagnostic::warning(
                    path,
                    format!("事项「{}」在目录中未勾选{}，但 {} 发布了该事项的信息", item.path.join(" / "), usage.tier.name_zh(), place.name),
                    format!("item {:?} is not ticked at the {:?} tier, yet {code} published under it", item.path.join(" / "), usage.tier),
                )
                .at_row(rec.row)
                .in_column("二级事项"),
            );
        }
        let title = rec.cell(cols.title);
        if title.is_empty() {
            return Err(err("标题", "标题为空".into(), "the title is empty".into()));
        }
        let date_text = rec.cell(cols.date);
        let Some(date) = parse_date(date_text) else {
            return Err(err("发布日期", format!("日期「{date_text}」无效，应写作 2024-03-05"), format!("invalid date {date_text:?}; write it as 2024-03-05")));
        };
        let formed_text = rec.cell(cols.formed);
        let formed = if formed_text.is_empty() {
            None
        } else {
            let Some(f) = parse_date(formed_text) else {
                return Err(err("形成日期", format!("日期「{formed_text}」无效，应写作 2024-03-05"), format!("invalid date {formed_text:?}; write it as 2024-03-05")));
            };
            Some(f)
        };
        let link = rec.cell(cols.link);
        let url = if link.is_empty() {
            None
        } else {
            let Some(ok) = safe_href(link) else {
                return Err(err("链接", format!("链接「{link}」不安全或无效：只接受 http、https、tel、mailto 链接"), format!("unsafe or invalid link {link:?}: only http, https, tel and mailto links are accepted")));
            };
            Some(ok.to_string())
        };
        let kind_text = rec.cell(cols.kind);
        let kind = if kind_text.is_empty() {
            None
        } else {
            let Some(k) = EntryKind::from_name(kind_text) else {
                let (zh, en) = crate::read::known::unknown_entry_kind(kind_text);
                return Err(err("类型", zh, en));
            };
            Some(k)
        };
        // Kept as written here; `read_entries` resolves it to the interpreted entry's title once every row
        // of the place is read.
        let interprets = Some(rec.cell(cols.interprets)).filter(|t| !t.is_empty()).map(str::to_string);
        let sample = crate::read::known::sample_tick(rec.cell(cols.sample)).map_err(|(zh, en)| err("示例", zh, en))?;
        let entry = PublishedEntry { item: item.id.clone(), title: title.to_string(), date, url, kind, interprets, sample };
        Ok((code.to_string(), SourceEntry { entry, formed }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_the_shapes_clerks_write() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5);
        for ok in ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", " 2024-3-05 "] {
            assert_eq!(parse_date(ok), d, "{ok}");
        }
        for bad in ["2024-02-30", "24-3-5", "2024-03", "3/5/2024", "", "二〇二四年", "2024-03-05T00:00"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}

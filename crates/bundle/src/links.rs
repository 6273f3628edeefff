//! 我要看 / 我要办 links (`links/*.csv`): set on the items of the catalogs they name. A row without
//! 地区代码 applies to the item in every catalog; a row with a city's code applies to the catalogs of
//! that city's counties and townships (so one city's portal is never offered in another city); a row
//! with a county's or township's code applies to the catalog that place uses (for a township inheriting
//! its county's catalog, that is the county's catalog). The narrower row wins. A row marked 示例 makes
//! the links it sets sample ([`ServiceLinks::sample`]). Every link must pass [`safe_href`].

use crate::assemble::{item_id, own_catalog, AssembledCatalogs};
use crate::diagnostic::{Diagnostic, RowCount};
use crate::file_report::FileReport;
use crate::item_lookup::{closest_items, id_indexes};
use crate::read::records::{read_csv, require_columns, CsvFile};
use crate::register::Register;
use gongkai_catalog::link::safe_href;
use gongkai_catalog::{Domain, PlaceKind, ServiceLinks};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// Which catalogs a row applies to: every catalog, a city's, or the one a place uses.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    Everywhere,
    City(String),
    Place(String),
}

struct LinkRow {
    scope: Scope,
    id: String,
    links: ServiceLinks,
}

/// The city a place belongs to (itself for a city), following the register's parents.
fn city_of<'a>(register: &'a Register, code: &'a str) -> Option<&'a str> {
    let mut p = register.get(code)?;
    while p.kind != PlaceKind::City {
        p = register.get(p.parent.as_deref()?)?;
    }
    Some(p.code.as_str())
}

/// The catalogs used by the counties and townships of `city`.
fn city_catalogs(city: &str, register: &Register, assembled: &AssembledCatalogs) -> BTreeSet<usize> {
    assembled.uses.iter().filter(|(code, _)| city_of(register, code) == Some(city)).map(|(_, u)| u.catalog).collect()
}

/// Reads every links file (in name order) and sets the links on the catalogs' items. Returns how the
/// rows of each file ended up.
pub fn apply_links(files: &[PathBuf], register: &Register, assembled: &mut AssembledCatalogs, diags: &mut Vec<Diagnostic>) -> Vec<(PathBuf, RowCount)> {
    let mut counts = Vec::with_capacity(files.len());
    let indexes = id_indexes(assembled);
    let places = register.index();
    let mut rows: Vec<LinkRow> = Vec::new();
    for path in files {
        let Some(mut file) = read_csv(path, diags) else { continue };
        if !require_columns(path, &mut file, &[&["领域"], &["一级事项"], &["二级事项"]], diags) {
            counts.push((path.clone(), file.ledger.finish(diags)));
            continue;
        }
        let c_domain = file.column(&["领域"]);
        let c_path = [file.column(&["一级事项"]), file.column(&["二级事项"]), file.column(&["三级事项"])];
        let c_see = file.column(&["我要看"]);
        let c_act = file.column(&["我要办"]);
        let c_place = file.column(&["地区代码"]);
        let c_sample = file.column(&["示例"]);
        let mut report = FileReport::new(path);
        let CsvFile { records, mut ledger, .. } = file;
        // A refused row: counted in the ledger, listed by the report (up to its cap).
        let mut refuse = |report: &mut FileReport, diags: &mut Vec<Diagnostic>, d: Diagnostic| {
            ledger.refuse(&d);
            report.push(diags, d);
        };
        let mut read_rows: Vec<u32> = Vec::new();
        for rec in &records {
            let err = |col: &str, zh: String, en: String| Diagnostic::error(path, zh, en).at_row(rec.row).in_column(col);
            let code = rec.cell(c_place);
            let scope = if code.is_empty() {
                Scope::Everywhere
            } else if register.get(code).is_some_and(|p| p.kind == PlaceKind::City) {
                if city_catalogs(code, register, assembled).is_empty() {
                    refuse(&mut report, diags, err("地区代码", format!("{code} 所辖地区没有适用的目录"), format!("no catalog applies to any place of the city {code}")));
                    continue;
                }
                Scope::City(code.to_string())
            } else if !places.contains_key(code) {
                refuse(&mut report, diags, err("地区代码", format!("地区代码 {code} 不在区划名录中"), format!("place code {code:?} is not in the register")));
                continue;
            } else if assembled.catalog_of(code).is_none() {
                refuse(&mut report, diags, err("地区代码", format!("{code} 没有适用的目录"), format!("no catalog applies to {code}")));
                continue;
            } else {
                Scope::Place(code.to_string())
            };
            let sample = match crate::read::known::sample_tick(rec.cell(c_sample)) {
                Ok(s) => s,
                Err((zh, en)) => {
                    refuse(&mut report, diags, err("示例", zh, en));
                    continue;
                }
            };
            let domain_text = rec.cell(c_domain);
            let Some(domain) = Domain::from_name(domain_text) else {
                let (zh, en) = crate::read::known::unknown_domain(domain_text);
                refuse(&mut report, diags, err("领域", zh, en));
                continue;
            };
            let item_path: Vec<&str> = c_path.iter().map(|c| rec.cell(*c)).filter(|s| !s.is_empty()).collect();
            let id = item_id(domain.id, &item_path);
            let known = match &scope {
                Scope::Place(p) => indexes[assembled.uses[p].catalog].contains_key(&id),
                Scope::City(c) => city_catalogs(c, register, assembled).iter().any(|&i| indexes[i].contains_key(&id)),
                Scope::Everywhere => indexes.iter().any(|ix| ix.contains_key(&id)),
            };
            if !known {
                let wanted = item_path.join(" / ");
                let hint = match (&scope, report.has_room()) {
                    (Scope::Place(p), true) => closest_items(assembled.catalog_of(p).map(|c| c.0).expect("checked above"), Some(domain.id), &wanted),
                    (_, true) => assembled.catalogs.first().map(|c| closest_items(c, Some(domain.id), &wanted)).unwrap_or_default(),
                    _ => Vec::new(),
                };
                let hint = if hint.is_empty() { String::new() } else { format!("；相近的事项：{}", hint.join("、")) };
                refuse(
                    &mut report,
                    diags,
                    err(
                        "二级事项",
                        format!("第{}行的事项「{}：{wanted}」不在目录中{hint}", rec.row, domain.name),
                        format!("row {}: item \"{}: {wanted}\" is in no catalog", rec.row, domain.name),
                    ),
                );
                continue;
            }
            let mut links = ServiceLinks { sample, ..ServiceLinks::default() };
            let mut ok = true;
            for (col, name, slot) in [(c_see, "我要看", &mut links.see), (c_act, "我要办", &mut links.act)] {
                let raw = rec.cell(col);
                if raw.is_empty() {
                    continue;
                }
                match safe_href(raw) {
                    Some(s) => *slot = Some(s.to_string()),
                    None => {
                        ok = false;
                        refuse(
                            &mut report,
                            diags,
                            err(name, format!("链接「{raw}」不安全或无效：只接受 http、https、tel、mailto 链接"), format!("unsafe or invalid link {raw:?}: only http, https, tel and mailto links are accepted")),
                        );
                    }
                }
            }
            if !ok {
                continue;
            }
            if links.is_empty() {
                // Nothing of the row is lost (it says no link), so it counts as read, with a warning.
                report.push(
                    diags,
                    Diagnostic::warning(path, "这一行没有「我要看」或「我要办」链接，已跳过", "this row has neither a 我要看 nor a 我要办 link, and was skipped")
                        .at_row(rec.row)
                        .in_column("我要看"),
                );
                read_rows.push(rec.row);
                continue;
            }
            read_rows.push(rec.row);
            rows.push(LinkRow { scope, id, links });
        }
        report.finish(diags);
        for r in read_rows {
            ledger.read(r);
        }
        counts.push((path.clone(), ledger.finish(diags)));
    }
    // Rows for every place first, then rows for a city, then rows for one place, so the narrower win
    // (a stable sort: in file order within each).
    rows.sort_by_key(|r| match r.scope {
        Scope::Everywhere => 0,
        Scope::City(_) => 1,
        Scope::Place(_) => 2,
    });
    for row in &mut rows {
        if let Scope::Place(p) = &row.scope {
            row.scope = Scope::Place(own_catalog(p, register, assembled));
        }
    }
    let indexes = id_indexes(assembled);
    // Per item, whether its 我要看 and its 我要办 came from a row marked 示例: the row that set a link last.
    let mut sample: HashMap<(usize, usize), (bool, bool)> = HashMap::new();
    for row in rows {
        let targets: Vec<usize> = match &row.scope {
            Scope::Place(p) => vec![assembled.uses[p].catalog],
            Scope::City(c) => city_catalogs(c, register, assembled).into_iter().collect(),
            Scope::Everywhere => (0..assembled.catalogs.len()).collect(),
        };
        for c in targets {
            if let Some(&i) = indexes[c].get(&row.id) {
                let item = &mut assembled.catalogs[c].items[i];
                let flags = sample.entry((c, i)).or_default();
                if row.links.see.is_some() {
                    item.links.see.clone_from(&row.links.see);
                    flags.0 = row.links.sample;
                }
                if row.links.act.is_some() {
                    item.links.act.clone_from(&row.links.act);
                    flags.1 = row.links.sample;
                }
                item.links.sample = flags.0 || flags.1;
            }
        }
    }
    counts
}

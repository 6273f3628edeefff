//! From catalog tables to the catalogs that apply to each place (docs/source-format.md, "Which catalog
//! applies where"):
//! - a county uses, per domain, its own table when it has one (or declares the domain not applicable),
//!   otherwise the city template's table for that domain;
//! - a township with tables of its own uses those; any other township inherits its county's catalog,
//!   showing the rows ticked at the township tier.
//!
//! Items get stable ids from their domain and path, so the same item has the same id in every county.
//! A city's template (目录范本) is a catalog of its own (owner = the city code), shown on the city's page;
//! a county that overrides nothing shares it: one file for all of them.

use crate::diagnostic::Diagnostic;
use crate::register::Register;
use crate::source::SourceTable;
use gongkai_catalog::{Applicability, Catalog, DisclosureItem, LevelLabel, NotApplicable, PlaceKind, Tier, FORMAT_VERSION};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The extra column that marks a row as sample data (示例 = 是) instead of being kept as an extra.
pub const SAMPLE_COLUMN: &str = "示例";

pub use gongkai_catalog::item_id;

/// Which catalog a place uses, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CatalogUse {
    /// Index into [`AssembledCatalogs::catalogs`].
    pub catalog: usize,
    /// The tier whose ticked rows apply here.
    pub tier: Tier,
    /// True for a township showing its county's catalog; false where the place uses the catalog as its
    /// own (then rows with no level ticked apply here too).
    pub inherited: bool,
}

impl CatalogUse {
    /// Which rows apply, for [`Catalog::applies`]; the manifest's place carries the same.
    pub fn applicability(self) -> Applicability {
        Applicability { tier: self.tier, inherited: self.inherited }
    }
}

/// Every distinct catalog, and which one each county and township uses.
#[derive(Debug, Default)]
pub struct AssembledCatalogs {
    pub catalogs: Vec<Catalog>,
    pub uses: BTreeMap<String, CatalogUse>,
    /// Rows of each city's template, per domain (index 0 is domain 1), for the city's own counts.
    pub templates: BTreeMap<String, Vec<u32>>,
    /// Each city's template as a catalog (index into `catalogs`), for the city's page. Kept apart from
    /// `uses`: a city has no entries or links of its own, and its measures sum its counties'.
    pub template_catalogs: BTreeMap<String, usize>,
    /// Where each item of each catalog was read, parallel to `items`, for diagnostics.
    pub origins: Vec<Vec<(Arc<Path>, u32)>>,
    /// Per catalog, the codes of the catalog folders it is made from or could be (its recipe's, its
    /// owner's and its owner's parent's: theirs decide the recipe), sorted: what a rebuild judges it
    /// unchanged by ([`crate::memo::catalog_inputs`]).
    pub folders: Vec<Vec<String>>,
}

impl AssembledCatalogs {
    pub fn catalog_of(&self, place: &str) -> Option<(&Catalog, CatalogUse)> {
        self.uses.get(place).map(|u| (&self.catalogs[u.catalog], *u))
    }
}

/// The place whose catalog a change for `code` (a place-specific link) must go to, after giving that
/// place a catalog of its own if it shared another's (a county sharing the city template): a township
/// inheriting its county's catalog stands for its county, and the county's townships follow it.
pub fn own_catalog(code: &str, register: &Register, assembled: &mut AssembledCatalogs) -> String {
    let usage = assembled.uses[code];
    let owner_code = if usage.inherited {
        register.get(code).and_then(|p| p.parent.clone()).unwrap_or_else(|| code.to_string())
    } else {
        code.to_string()
    };
    let old = usage.catalog;
    if assembled.catalogs[old].owner != owner_code {
        let mut copy = assembled.catalogs[old].clone();
        copy.owner = owner_code.clone();
        assembled.catalogs.push(copy);
        let origins = assembled.origins[old].clone();
        assembled.origins.push(origins);
        let folders = assembled.folders[old].clone();
        assembled.folders.push(folders);
        let new = assembled.catalogs.len() - 1;
        for p in std::iter::once(owner_code.as_str()).chain(register.children(&owner_code).map(|c| c.code.as_str())) {
            if let Some(u) = assembled.uses.get_mut(p) {
                if u.catalog == old {
                    u.catalog = new;
                }
            }
        }
    }
    owner_code
}

/// The tables of one `catalogs/<code>/` folder, as the readers gave them.
#[derive(Debug, Clone)]
pub struct PlaceTables {
    pub folder: PathBuf,
    pub tables: Vec<SourceTable>,
}

/// The rows of one folder, grouped per domain: (table, row) indexes in source order.
#[derive(Default)]
struct DomainRows {
    rows: BTreeMap<u8, Vec<(usize, usize)>>,
    not_applicable: BTreeMap<u8, NotApplicable>,
}

impl DomainRows {
    fn covers(&self, domain: u8) -> bool {
        self.rows.contains_key(&domain) || self.not_applicable.contains_key(&domain)
    }
}

fn group_by_domain(pt: &PlaceTables, diags: &mut Vec<Diagnostic>) -> DomainRows {
    let mut g = DomainRows::default();
    for (ti, t) in pt.tables.iter().enumerate() {
        let mut reported = false;
        for (ri, r) in t.rows.iter().enumerate() {
            if (1..=26).contains(&r.item.domain) {
                g.rows.entry(r.item.domain).or_default().push((ti, ri));
            } else if !reported {
                reported = true;
                let mut d = Diagnostic::error(
                    &t.file,
                    "无法确定该表的领域：请在文件名、工作表名、标题行或「领域」列写明26个领域之一",
                    "cannot tell this table's domain: name one of the 26 domains in the file name, sheet name, title row or a 领域 column",
                )
                .at_row(r.row);
                d.sheet = t.sheet.clone();
                diags.push(d);
            }
        }
        for na in &t.not_applicable {
            g.not_applicable.entry(na.domain).or_insert_with(|| na.clone());
        }
    }
    g
}

/// Where each domain of a catalog comes from: a folder code per domain.
type Recipe = Vec<(u8, String)>;

/// The items moved out of the tables for one catalog, per domain, in row order ([`assemble`]).
type Moved = BTreeMap<u8, Vec<DisclosureItem>>;

/// Assembles the catalogs of every county and township. `tables` is keyed by the folder's place code;
/// the items of the rows that only one catalog uses are moved out of it (not cloned: most of a
/// national source's rows are a county's own), those of the rows several share are cloned.
pub fn assemble(register: &Register, tables: &mut BTreeMap<String, PlaceTables>, diags: &mut Vec<Diagnostic>) -> AssembledCatalogs {
    let index = register.index();
    let mut groups: BTreeMap<String, DomainRows> = BTreeMap::new();
    for (code, pt) in tables.iter() {
        if !index.contains_key(code.as_str()) {
            diags.push(Diagnostic::error(
                &pt.folder,
                format!("目录文件夹的地区代码 {code} 不在区划名录中"),
                format!("the catalog folder's place code {code} is not in the register (places.csv)"),
            ));
            continue;
        }
        groups.insert(code.clone(), group_by_domain(pt, diags));
    }

    let mut out = AssembledCatalogs::default();
    let mut once = Recipes::default();
    let empty = DomainRows::default();

    for place in &register.places {
        match place.kind {
            // A province publishes no grassroots catalog of its own: its cities' templates apply.
            PlaceKind::Province => {}
            PlaceKind::City => {
                let g = groups.get(place.code.as_str()).unwrap_or(&empty);
                let mut by = vec![0u32; 26];
                for (d, rows) in &g.rows {
                    by[*d as usize - 1] = rows.len() as u32;
                }
                out.templates.insert(place.code.clone(), by);
                // The same recipe as a county that overrides nothing, so such counties share this file.
                let recipe: Recipe = (1..=26u8).filter(|d| g.covers(*d)).map(|d| (d, place.code.clone())).collect();
                if !recipe.is_empty() {
                    let idx = once.catalog(place.code.clone(), recipe);
                    out.template_catalogs.insert(place.code.clone(), idx);
                }
            }
            PlaceKind::County => {
                let city = place.parent.as_deref().unwrap_or("");
                let own = groups.get(place.code.as_str());
                let template = groups.get(city).unwrap_or(&empty);
                let mut recipe = Recipe::new();
                for d in 1..=26u8 {
                    if own.is_some_and(|g| g.covers(d)) {
                        recipe.push((d, place.code.clone()));
                    } else if template.covers(d) {
                        recipe.push((d, city.to_string()));
                    }
                }
                if recipe.is_empty() {
                    once.steps.push(Step::Say(Diagnostic::warning(
                        Path::new("catalogs"),
                        format!("{} {} 没有目录：既无本县文件，也无市级范本", place.code, place.name),
                        format!("{} has no catalog: no files of its own and no city template", place.code),
                    )));
                    continue;
                }
                let owner = if recipe.iter().all(|(_, c)| c == city) { city.to_string() } else { place.code.clone() };
                let idx = once.catalog(owner, recipe);
                out.uses.insert(place.code.clone(), CatalogUse { catalog: idx, tier: Tier::County, inherited: false });
            }
            PlaceKind::Township => {
                if let Some(g) = groups.get(place.code.as_str()) {
                    let recipe: Recipe = (1..=26u8).filter(|d| g.covers(*d)).map(|d| (d, place.code.clone())).collect();
                    let idx = once.catalog(place.code.clone(), recipe);
                    out.uses.insert(place.code.clone(), CatalogUse { catalog: idx, tier: Tier::Township, inherited: false });
                } else if let Some(county) = place.parent.as_deref().and_then(|c| out.uses.get(c)).copied() {
                    out.uses.insert(place.code.clone(), CatalogUse { catalog: county.catalog, tier: Tier::Township, inherited: true });
                } else if let Some(&idx) = place.parent.as_deref().and_then(|c| out.template_catalogs.get(c)) {
                    // A township directly under a city without counties (东莞, 中山, 儋州) inherits the
                    // city's template, as a county that overrides nothing would pass it on.
                    out.uses.insert(place.code.clone(), CatalogUse { catalog: idx, tier: Tier::Township, inherited: true });
                }
            }
        }
    }

    out.folders = once
        .recipes
        .iter()
        .map(|(owner, recipe)| {
            let parent = register.get(owner).and_then(|p| p.parent.clone());
            let mut folders: Vec<String> =
                recipe.iter().map(|(_, f)| f.clone()).chain([owner.clone()]).chain(parent).collect();
            folders.sort();
            folders.dedup();
            folders
        })
        .collect();
    // The rows of a folder's domain that one catalog alone uses: their items are moved to it, per
    // domain (a recipe takes each domain from one folder).
    let mut uses: HashMap<(&str, u8), usize> = HashMap::new();
    for (_, recipe) in &once.recipes {
        for (domain, folder) in recipe {
            *uses.entry((folder.as_str(), *domain)).or_default() += 1;
        }
    }
    let jobs: Vec<(&(String, Recipe), std::sync::Mutex<Moved>)> = once
        .recipes
        .iter()
        .map(|r| {
            let mut moved = Moved::new();
            for (domain, folder) in r.1.iter().filter(|(d, f)| uses[&(f.as_str(), *d)] == 1) {
                let (Some(pt), Some(rows)) = (tables.get_mut(folder), groups[folder.as_str()].rows.get(domain)) else { continue };
                let items = rows.iter().map(|&(ti, ri)| std::mem::take(&mut pt.tables[ti].rows[ri].item));
                moved.insert(*domain, items.collect());
            }
            (r, std::sync::Mutex::new(moved))
        })
        .collect();
    let tables: &BTreeMap<String, PlaceTables> = tables;
    // Each distinct catalog's rows are mapped on every core (a national source has some 1,300
    // catalogs of 500,000 items); this thread checks their ids, catalog by catalog in the order
    // above, as building them one by one would.
    let mut said: Vec<Vec<Diagnostic>> = Vec::with_capacity(once.recipes.len());
    let mut ids: HashMap<String, (u8, Vec<String>, PathBuf, u32)> = HashMap::new();
    crate::parallel::for_each_in_order(
        &jobs,
        8,
        |_, ((owner, recipe), moved)| {
            let moved = std::mem::take(&mut *moved.lock().expect("each job is drafted once"));
            draft_catalog(owner, recipe, &groups, tables, moved)
        },
        |draft| {
            let mut catalog_diags = Vec::new();
            let (catalog, origins) = check_catalog(draft, &mut ids, &mut catalog_diags);
            out.catalogs.push(catalog);
            out.origins.push(origins);
            said.push(catalog_diags);
        },
    );
    let mut said = said.into_iter();
    for step in once.steps {
        match step {
            Step::Build => diags.extend(said.next().into_iter().flatten()),
            Step::Say(d) => diags.push(d),
        }
    }
    out
}

/// What assembling says and does, in the order of the places: a catalog built (its diagnostics), or
/// a diagnostic of its own.
enum Step {
    Build,
    Say(Diagnostic),
}

/// Each distinct catalog (owner and recipe) once, in the order the places first use it: its index in
/// [`AssembledCatalogs::catalogs`].
#[derive(Default)]
struct Recipes {
    recipes: Vec<(String, Recipe)>,
    built: BTreeMap<(String, Recipe), usize>,
    steps: Vec<Step>,
}

impl Recipes {
    /// The index of the catalog of `owner` made by `recipe`, adding it the first time.
    fn catalog(&mut self, owner: String, recipe: Recipe) -> usize {
        let key = (owner, recipe);
        if let Some(&i) = self.built.get(&key) {
            return i;
        }
        let i = self.recipes.len();
        self.recipes.push(key.clone());
        self.built.insert(key, i);
        self.steps.push(Step::Build);
        i
    }
}

/// A catalog whose rows were mapped but not yet checked: its levels, extra columns and domains not
/// applicable, and its rows in order.
struct Draft<'a> {
    catalog: Catalog,
    rows: Vec<DraftRow<'a>>,
}

/// A row of a [`Draft`], with the table (and its file, shared by its rows' origins) and row it was
/// read from; no item for a row without a name.
struct DraftRow<'a> {
    item: Option<DisclosureItem>,
    table: &'a SourceTable,
    file: Arc<Path>,
    row: u32,
}

/// The diagnostic of a row of `table`.
fn at_row(table: &SourceTable, row: u32, zh: String, en: String) -> Diagnostic {
    let mut d = Diagnostic::error(&table.file, zh, en).at_row(row);
    d.sheet = table.sheet.clone();
    d
}

/// Maps the rows of the catalog of `owner` made by `recipe` into catalog items (ids, levels, extras),
/// without checking them against each other ([`check_catalog`]). The items of a domain in `moved`
/// were moved out of `tables` for this catalog alone; the others are cloned.
fn draft_catalog<'a>(
    owner: &str,
    recipe: &Recipe,
    groups: &BTreeMap<String, DomainRows>,
    tables: &'a BTreeMap<String, PlaceTables>,
    mut moved: Moved,
) -> Draft<'a> {
    let mut catalog = Catalog {
        format_version: FORMAT_VERSION,
        owner: owner.to_string(),
        levels: Vec::new(),
        extra_columns: Vec::new(),
        items: Vec::new(),
        not_applicable: Vec::new(),
        brief: false,
    };
    // Sized once: growing a vector of 500-byte rows row by row copied it and had fresh pages zeroed
    // over and over (a tenth of a national rebuild's time).
    let total = recipe.iter().map(|(d, folder)| groups[folder.as_str()].rows.get(d).map_or(0, Vec::len)).sum();
    let mut rows = Vec::with_capacity(total);
    // Per (folder, table): the table's level and extra indexes mapped into the catalog's, and its file.
    let mut maps: BTreeMap<(&str, usize), TableMaps> = BTreeMap::new();

    for (domain, folder) in recipe {
        let g = &groups[folder.as_str()];
        if let Some(na) = g.not_applicable.get(domain) {
            if !g.rows.contains_key(domain) {
                catalog.not_applicable.push(na.clone());
                continue;
            }
        }
        let pt = &tables[folder];
        let mut own = moved.remove(domain).map(Vec::into_iter);
        for &(ti, ri) in g.rows.get(domain).into_iter().flatten() {
            let table = &pt.tables[ti];
            let TableMaps { levels: level_map, extras: extra_map, sample: sample_col, file } =
                maps.entry((folder.as_str(), ti)).or_insert_with(|| table_maps(table, &mut catalog));
            let sample_col = *sample_col;
            let src = &table.rows[ri];
            let mut item = match &mut own {
                Some(items) => items.next().expect("one moved item per row of its domain"),
                None => src.item.clone(),
            };
            for part in &mut item.path {
                if part.trim().len() != part.len() {
                    *part = part.trim().to_string();
                }
            }
            item.path.retain(|p| !p.is_empty());
            if item.path.is_empty() {
                rows.push(DraftRow { item: None, table, file: file.clone(), row: src.row });
                continue;
            }
            item.id = item_id(item.domain, &item.path);
            item.levels = item.levels.iter().filter_map(|&l| level_map.get(l as usize).copied()).collect();
            item.levels.sort_unstable();
            item.levels.dedup();
            let mut extras = BTreeMap::new();
            for (k, v) in std::mem::take(&mut item.extras) {
                if Some(k) == sample_col {
                    item.sample |= matches!(v.trim(), "是" | "√" | "✓" | "■" | "Y" | "y" | "yes");
                } else if let Some(Some(to)) = extra_map.get(k as usize) {
                    if !v.trim().is_empty() {
                        extras.insert(*to, v);
                    }
                }
            }
            item.extras = extras;
            rows.push(DraftRow { item: Some(item), table, file: file.clone(), row: src.row });
        }
    }
    Draft { catalog, rows }
}

/// Takes a drafted catalog's items in order, refusing an item that repeats one of the catalog (same
/// id) or whose id another item already has in any catalog checked so far (`ids`, with its domain,
/// path and origin). Gives the catalog and where each of its items was read.
fn check_catalog(
    draft: Draft,
    ids: &mut HashMap<String, (u8, Vec<String>, PathBuf, u32)>,
    diags: &mut Vec<Diagnostic>,
) -> (Catalog, Vec<(Arc<Path>, u32)>) {
    let Draft { mut catalog, rows } = draft;
    let mut origins: Vec<(Arc<Path>, u32)> = Vec::with_capacity(rows.len());
    let mut local: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    catalog.items.reserve_exact(rows.len());
    for DraftRow { item, table, file, row } in rows {
        let Some(item) = item else {
            diags.push(at_row(table, row, "事项名称为空".into(), "the item has no name".into()));
            continue;
        };
        let at = |zh: String, en: String| at_row(table, row, zh, en);
        let path_text = || item.path.join(" / ");
        if let Some(&first) = local.get(&item.id) {
            let (f_file, f_row) = &origins[first];
            let same = catalog.items[first].path == item.path;
            let path_text = path_text();
            diags.push(if same {
                at(
                    format!("事项「{path_text}」重复（{} 第{f_row}行已有）", f_file.display()),
                    format!("item {path_text:?} appears twice (first in {} row {f_row})", f_file.display()),
                )
                .in_column("二级事项")
            } else {
                at(
                    format!("事项编号冲突：「{path_text}」与 {} 第{f_row}行的事项编号相同", f_file.display()),
                    format!("item id collision: {path_text:?} has the same id as {} row {f_row}", f_file.display()),
                )
            });
            continue;
        }
        match ids.get(&item.id) {
            Some((d, p, f, r)) if (*d, p) != (item.domain, &item.path) => {
                let path_text = path_text();
                diags.push(at(
                    format!("事项编号冲突：「{path_text}」与 {} 第{r}行的事项编号相同", f.display()),
                    format!("item id collision: {path_text:?} has the same id as {} row {r}", f.display()),
                ));
                continue;
            }
            Some(_) => {}
            None => {
                ids.insert(item.id.clone(), (item.domain, item.path.clone(), table.file.clone(), row));
            }
        }
        local.insert(item.id.clone(), catalog.items.len());
        origins.push((file, row));
        catalog.items.push(item);
    }
    (catalog, origins)
}

/// A table's level and extra-column indexes mapped to the catalog's, and its file.
struct TableMaps {
    levels: Vec<u8>,
    /// None for the 示例 column (and past 255 columns).
    extras: Vec<Option<u8>>,
    /// The index of the table's 示例 column, if it has one.
    sample: Option<u8>,
    file: Arc<Path>,
}

/// Maps a table's level labels (classified into tiers) and extra columns to indexes of the catalog,
/// adding labels and columns it does not have yet.
fn table_maps(table: &SourceTable, catalog: &mut Catalog) -> TableMaps {
    let tiers = Tier::classify(&table.level_labels);
    let levels = table
        .level_labels
        .iter()
        .zip(tiers)
        .map(|(label, tier)| {
            let label = label.trim().to_string();
            let i = match catalog.levels.iter().position(|l| l.label == label && l.tier == tier) {
                Some(i) => i,
                None => {
                    catalog.levels.push(LevelLabel { label, tier });
                    catalog.levels.len() - 1
                }
            };
            i.min(u8::MAX as usize) as u8
        })
        .collect();
    let mut sample = None;
    let extras = table
        .extra_columns
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let name = name.trim();
            if name == SAMPLE_COLUMN {
                sample = Some(k as u8);
                return None;
            }
            let i = match catalog.extra_columns.iter().position(|c| c == name) {
                Some(i) => i,
                None => {
                    catalog.extra_columns.push(name.to_string());
                    catalog.extra_columns.len() - 1
                }
            };
            u8::try_from(i).ok()
        })
        .collect();
    TableMaps { levels, extras, sample, file: Arc::from(table.file.as_path()) }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::RegisteredPlace;

    fn place(code: &str, kind: PlaceKind, parent: Option<&str>) -> RegisteredPlace {
        RegisteredPlace { code: code.into(), name: format!("地{code}"), kind, parent: parent.map(Into::into) }
    }

    /// A table of domain 1 in `folder`, one item per row: (row number, item path).
    fn table(folder: &str, file: &str, rows: &[(u32, &[&str])]) -> SourceTable {
        SourceTable {
            file: PathBuf::from(format!("catalogs/{folder}/{file}")),
            sheet: None,
            level_labels: vec!["县级".into()],
            extra_columns: Vec::new(),
            rows: rows
                .iter()
                .map(|(row, path)| crate::source::SourceRow {
                    row: *row,
                    item: DisclosureItem { domain: 1, path: path.iter().map(|p| p.to_string()).collect(), ..Default::default() },
                })
                .collect(),
            not_applicable: Vec::new(),
        }
    }

    fn folder(code: &str, tables: Vec<SourceTable>) -> (String, PlaceTables) {
        (code.to_string(), PlaceTables { folder: PathBuf::from(format!("catalogs/{code}")), tables })
    }

    /// What assembling says, catalog by catalog in register order, whichever thread mapped which
    /// catalog: a county with a nameless row, a county with no catalog at all, a county whose two
    /// files hold one item twice; and which catalog each place uses.
    #[test]
    fn diagnostics_come_in_register_order_and_each_catalog_keeps_its_first_row() {
        let register = Register::new(vec![
            place("430100", PlaceKind::City, None),
            place("430102", PlaceKind::County, Some("430100")),
            place("430200", PlaceKind::City, None),
            place("430211", PlaceKind::County, Some("430200")),
            place("430212", PlaceKind::County, Some("430200")),
            place("430213", PlaceKind::County, Some("430200")),
            place("430213001", PlaceKind::Township, Some("430213")),
        ]);
        let tables: BTreeMap<String, PlaceTables> = [
            folder("430100", vec![table("430100", "范本.csv", &[(3, &["最低生活保障", "审批"])])]),
            folder("430211", vec![table("430211", "a.csv", &[(2, &["临时救助"]), (3, &["  ", ""]), (4, &["特困人员"])])]),
            folder(
                "430213",
                vec![
                    table("430213", "a.csv", &[(2, &["临时救助"])]),
                    table("430213", "b.csv", &[(7, &[" 临时救助 "]), (8, &["特困人员"])]),
                ],
            ),
        ]
        .into_iter()
        .collect();
        let mut diags = Vec::new();
        let mut tables = tables;
        let out = assemble(&register, &mut tables, &mut diags);

        let said: Vec<(String, Option<u32>, bool)> =
            diags.iter().map(|d| (d.file.display().to_string(), d.row, d.is_error())).collect();
        assert_eq!(
            said,
            [
                ("catalogs/430211/a.csv".to_string(), Some(3), true),
                ("catalogs".to_string(), None, false),
                ("catalogs/430213/b.csv".to_string(), Some(7), true),
            ]
        );
        assert!(diags[1].message.contains("430212"), "{:?}", diags[1]);
        assert!(diags[2].message.contains("重复") && diags[2].message.contains("catalogs/430213/a.csv 第2行"), "{:?}", diags[2]);

        let owners: Vec<&str> = out.catalogs.iter().map(|c| c.owner.as_str()).collect();
        assert_eq!(owners, ["430100", "430211", "430213"], "the city template, then the counties' own, in register order");
        // What a rebuild judges each catalog by: its recipe's folders and its owner's and the owner's
        // parent's, even where the city has none yet (a city folder giving a domain these counties
        // lack would change their catalogs).
        let folders: Vec<Vec<&str>> = out.folders.iter().map(|f| f.iter().map(String::as_str).collect()).collect();
        assert_eq!(folders, [vec!["430100"], vec!["430200", "430211"], vec!["430200", "430213"]]);
        let names = |i: usize| out.catalogs[i].items.iter().map(|it| it.path.join("/")).collect::<Vec<_>>();
        assert_eq!(names(1), ["临时救助", "特困人员"]);
        assert_eq!(names(2), ["临时救助", "特困人员"], "the repeated row left out, the first one kept");
        let origins: Vec<(&Path, u32)> = out.origins[2].iter().map(|(f, r)| (&**f, *r)).collect();
        assert_eq!(origins, [(Path::new("catalogs/430213/a.csv"), 2), (Path::new("catalogs/430213/b.csv"), 8)]);
        assert_eq!(out.uses["430102"].catalog, 0, "a county with no files of its own uses the template");
        assert!(!out.uses.contains_key("430212"));
        assert_eq!(out.uses["430213001"], CatalogUse { catalog: 2, tier: Tier::Township, inherited: true });
    }
}

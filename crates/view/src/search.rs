//! The search box's logic: which places a scope covers, what results it may show, which place an item
//! result opens, and the check of the search index's numbers before anything indexes with them.

use gongkai_catalog::filter::Filters;
use gongkai_catalog::search::EntryFragment;
use gongkai_catalog::{code_within, Catalog, Domain, EntryKind, Manifest};

/// Strings, sorted and distinct, looked up by binary search: a set as `BTreeSet<String>` is, built
/// with the app's one shared sort ([`gongkai_catalog::order::sort`]) instead of carrying a B-tree's
/// insertion code in the search chunk.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names(Vec<String>);

impl Names {
    pub fn new(items: impl IntoIterator<Item = String>) -> Names {
        let mut v: Vec<String> = items.into_iter().collect();
        gongkai_catalog::order::sort(&mut v);
        v.dedup();
        Names(v)
    }

    pub fn contains(&self, s: &str) -> bool {
        self.0.binary_search_by(|x| x.as_str().cmp(s)).is_ok()
    }

    /// Ascending.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }
}

/// The owner of a catalog file, from its key (`catalog/<owner>.<hash8>.json`).
fn catalog_owner(key: &str) -> Option<&str> {
    key.strip_prefix("catalog/")?.split('.').next().filter(|o| !o.is_empty())
}

/// The owners of the catalogs these places use: a township's county's (or city's, when the county
/// shares its city's template), a county's own or its city's template, a city's template.
fn catalog_owners<'a>(m: &'a Manifest, places: impl IntoIterator<Item = &'a str>) -> Names {
    Names::new(places.into_iter().filter_map(|p| catalog_owner(m.place(p)?.catalog.as_deref()?)).map(str::to_string))
}

/// What results may show, from the scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    /// The place searched at (`None`: everywhere). Entries published there or below it, and items of
    /// catalogs owned there or below, are in scope: below is by the NBS codes
    /// ([`gongkai_catalog::code_within`]), so the scope needs no list of the places below, which the
    /// app may not have loaded.
    pub within: Option<String>,
    /// Items: also those held by these catalogs, which the place or a place below it uses though an
    /// ancestor owns them (a county using its city's template). Never merely an ancestor's: a county
    /// that drops a row of its city's template must not find it.
    pub item_owners: Names,
    /// Only these item ids (the items the explorer's filters keep). `None`: no filter.
    pub item_ids: Option<Names>,
    /// Only entries of this type (类型), chosen in the search box. Items and places have no type, so a
    /// search narrowed by type lists entries only.
    pub entry_kind: Option<EntryKind>,
}

impl Limits {
    /// The limits of searching at `place` (`None`: 全部) with the explorer's `filters`, which select
    /// items of `catalog` (the chosen place's).
    pub fn new(m: &Manifest, place: Option<&str>, filters: &Filters, catalog: Option<&Catalog>) -> Limits {
        // The places below that the app knows use their own catalogs (owned below) or their county's
        // or city's: those known ones name every catalog owned above that is used below.
        let item_owners = match place {
            Some(p) => catalog_owners(m, m.places.iter().map(|q| q.code.as_str()).filter(|q| code_within(q, p))),
            None => Names::default(),
        };
        // At a place with nothing below it (a township), its search shows the items its tree shows:
        // those of its catalog that apply there by the one rule, `Catalog::applies`. Higher up, the
        // scope also covers the places below, whose rows (乡级 ones, say) do not apply at the place
        // itself, so only the owners limit items there.
        let leaf = |p: &str| m.place(p).is_some_and(|q| q.children.is_none() && m.children(p).next().is_none());
        let at = place.filter(|p| leaf(p)).and_then(|p| m.place(p)).map(|p| p.applicability());
        let item_ids = catalog.filter(|_| !filters.is_empty() || at.is_some()).map(|c| {
            Names::new(
                c.items.iter().filter(|i| filters.matches(c, i) && at.is_none_or(|a| c.applies(i, a))).map(|i| i.id.clone()),
            )
        });
        Limits { within: place.map(str::to_string), item_owners, item_ids, entry_kind: None }
    }

    /// The same limits, narrowed to entries of one type (or not narrowed, with `None`).
    pub fn of_kind(self, entry_kind: Option<EntryKind>) -> Limits {
        Limits { entry_kind, ..self }
    }

    pub fn keeps_entry(&self, e: &EntryFragment) -> bool {
        self.within.as_deref().is_none_or(|w| code_within(&e.place, w))
            && self.item_ids.as_ref().is_none_or(|f| f.contains(&e.item))
            && self.entry_kind.is_none_or(|k| e.kind == Some(k))
    }

    /// Whether places and items may show: not in a search narrowed to one type of entry.
    pub fn keeps_places_and_items(&self) -> bool {
        self.entry_kind.is_none()
    }

    /// Whether an item held by these owners, with this id, may show.
    pub fn keeps_item(&self, owner_in_scope: &[bool], owners: &[u16], id: &str) -> bool {
        let owned_here = || owners.iter().any(|&o| owner_in_scope.get(o as usize).copied().unwrap_or(false));
        self.keeps_places_and_items()
            && (self.within.is_none() || owned_here())
            && self.item_ids.as_ref().is_none_or(|f| f.contains(id))
    }

    /// For each owner code of the index, whether it is in scope (all, when everywhere).
    pub fn owners_in_scope(&self, owner_codes: &[String]) -> Vec<bool> {
        let in_scope = |c: &String| self.within.as_deref().is_none_or(|w| code_within(c, w) || self.item_owners.contains(c));
        owner_codes.iter().map(in_scope).collect()
    }
}

/// The place an item result opens: the chosen place when the catalog it uses has the item (its own,
/// its county's or its city's template), else the item's first owner.
pub fn item_result_place(m: &Manifest, here: Option<&str>, owners: &[String]) -> Option<String> {
    here.filter(|p| catalog_owners(m, [*p]).iter().any(|o| owners.contains(o)))
        .map(str::to_string)
        .or_else(|| owners.first().cloned())
}

/// How an entry result names the place that published it: a township with its county where the
/// results span places (全部, or the home screen), as 南磨房地区（朝阳区）, for the nation has many a
/// 太平庄镇 and 景山街道; the name alone in the 本地 scope, where every entry is the place's own.
pub fn entry_place_label(name: &str, county: Option<&str>, local: bool) -> String {
    match county.filter(|c| !local && !c.is_empty() && *c != name) {
        Some(c) => format!("{name}（{c}）"),
        None => name.to_string(),
    }
}

/// The label of the place that published an entry ([`entry_place_label`]), its names looked up by
/// code (`name_of`), else the name its fragment carries (`own`); a township's county is its code's
/// first six digits (not [`gongkai_catalog::search::county_of`], which names none for a 不设区的市
/// such as 东莞, whose townships still read 莞城街道（东莞市）). None when no name is known.
pub fn entry_place(code: &str, own: Option<&str>, name_of: &dyn Fn(&str) -> Option<String>, local: bool) -> Option<String> {
    let name = name_of(code).or_else(|| own.map(str::to_string))?;
    let county = code.get(..6).filter(|c| *c != code).and_then(name_of);
    Some(entry_place_label(&name, county.as_deref(), local))
}

/// The name of a result's domain, empty for a number outside 1–26.
pub fn domain_name(domain: u8) -> &'static str {
    Domain::by_id(domain).map(|d| d.name).unwrap_or("")
}

/// Checks the search items' numbers before anything indexes with them: every owner bit names one of
/// the `owner_count` owners, every domain is 1–26. The error says which item and what it holds.
pub fn check_items<'a>(
    owner_count: usize,
    items: impl IntoIterator<Item = (u8, &'a [u16])>,
) -> Result<(), String> {
    for (n, (domain, owners)) in items.into_iter().enumerate() {
        if Domain::by_id(domain).is_none() {
            return Err(format!("第 {} 项的领域编号 {domain} 不在 1–26 之内 / item {n}: domain {domain} is not 1–26", n + 1));
        }
        if let Some(o) = owners.iter().find(|&&o| o as usize >= owner_count) {
            return Err(format!(
                "第 {} 项的目录编号 {o} 超出 {owner_count} 个目录 / item {n}: owner {o} is not one of the {owner_count} owners",
                n + 1
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::manifest;

    fn set(codes: &[&str]) -> Names {
        Names::new(codes.iter().map(|c| c.to_string()))
    }

    /// An entry of item 20-1 published at `place`.
    fn entry(place: &str) -> EntryFragment {
        EntryFragment {
            place: place.into(),
            item: "20-1".into(),
            title: "t".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            kind: None,
            sample: false,
            place_name: None,
        }
    }

    #[test]
    fn a_scope_covers_the_place_and_what_lies_below_whether_or_not_it_is_loaded() {
        let m = manifest();
        // 430121099 is in no list the app loaded: its code says where it is.
        let all = ["430100", "430121", "430121001", "430121004", "430121099", "430181", "430181001", "430300", "430302001"];
        let cases: [(&str, &[&str]); 4] = [
            ("430100", &["430100", "430121", "430121001", "430121004", "430121099", "430181", "430181001"]),
            ("430121", &["430121", "430121001", "430121004", "430121099"]),
            ("430121004", &["430121004"]),
            ("999999", &[]),
        ];
        for (code, below) in cases {
            let l = Limits::new(&m, Some(code), &Filters::default(), None);
            let kept: Vec<&str> = all.iter().copied().filter(|p| l.keeps_entry(&entry(p))).collect();
            assert_eq!(kept, below, "{code}");
        }
    }

    #[test]
    fn limits_keep_entries_below_and_items_of_catalogs_that_apply() {
        let m = manifest();
        let l = Limits::new(&m, Some("430121004"), &Filters::default(), None);
        assert_eq!(l.within.as_deref(), Some("430121004"));
        // The township's items are those of the catalog it uses, its county's.
        assert_eq!(l.item_owners, set(&["430121"]));
        // A county's scope: its catalog and its townships'; a city's: its template and its counties'.
        let owners = |p: &str| Limits::new(&m, Some(p), &Filters::default(), None).item_owners;
        assert_eq!(owners("430121"), set(&["430121"]));
        assert_eq!(owners("430100"), set(&["430100", "430121", "430181"]));
        assert_eq!(l.item_ids, None);
        assert!(l.keeps_entry(&entry("430121004")));
        assert!(!l.keeps_entry(&entry("430121001")));
        let everywhere = Limits::new(&m, None, &Filters::default(), None);
        assert_eq!(everywhere, Limits::default());
        assert!(everywhere.keeps_entry(&entry("430121001")));

        let codes: Vec<String> = ["430121", "430181", "430100"].iter().map(|c| c.to_string()).collect();
        let ok = l.owners_in_scope(&codes);
        // The city's template is not the township's catalog: a row its county dropped stays out.
        assert_eq!(ok, [true, false, false]);
        let cases: [(&[u16], bool); 6] = [(&[0], true), (&[1], false), (&[0, 2], true), (&[1, 2], false), (&[], false), (&[7], false)];
        for (owners, kept) in cases {
            assert_eq!(l.keeps_item(&ok, owners, "20-1"), kept, "{owners:?}");
        }
        assert!(everywhere.keeps_item(&everywhere.owners_in_scope(&codes), &[], "20-1"));
    }

    #[test]
    fn a_search_narrowed_by_type_keeps_entries_of_that_type_and_no_items() {
        let m = manifest();
        let typed = |kind: Option<EntryKind>| EntryFragment {
            place: "430121004".into(),
            item: "20-1".into(),
            title: "t".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            kind,
            sample: false,
            place_name: None,
        };
        let (policy, result) = (Some(EntryKind::Policy), Some(EntryKind::Result));
        let cases = [(None, None, true), (None, policy, true), (policy, policy, true), (policy, result, false), (policy, None, false)];
        for (want, has, kept) in cases {
            let l = Limits::new(&m, Some("430121004"), &Filters::default(), None).of_kind(want);
            assert_eq!(l.keeps_entry(&typed(has)), kept, "narrowed to {want:?}, entry of type {has:?}");
            assert_eq!(l.keeps_places_and_items(), want.is_none());
            assert_eq!(l.keeps_item(&[true], &[0], "20-1"), want.is_none(), "items have no type");
        }
        // Narrowing keeps the place limits.
        let l = Limits::new(&m, Some("430121004"), &Filters::default(), None).of_kind(policy);
        assert!(!l.keeps_entry(&EntryFragment { place: "430121001".into(), ..typed(policy) }));
    }

    #[test]
    fn a_township_searches_only_the_items_that_apply_there_as_its_tree_does() {
        use gongkai_catalog::{DisclosureItem, LevelLabel, Tier};
        let item = |id: &str, levels: &[u8]| DisclosureItem {
            id: id.into(),
            domain: 20,
            path: vec![id.into()],
            levels: levels.to_vec(),
            ..Default::default()
        };
        let catalog = Catalog {
            format_version: gongkai_catalog::FORMAT_VERSION,
            owner: "430121".into(),
            levels: vec![
                LevelLabel { label: "县级".into(), tier: Tier::County },
                LevelLabel { label: "乡级".into(), tier: Tier::Township },
            ],
            extra_columns: vec![],
            // County only, township only, both, and a row with no level ticked.
            items: vec![item("county", &[0]), item("town", &[1]), item("both", &[0, 1]), item("unticked", &[])],
            not_applicable: vec![],
            brief: false,
        };
        let m = manifest();
        let ids = |place: &str| Limits::new(&m, Some(place), &Filters::default(), Some(&catalog)).item_ids;
        // A township inheriting its county's catalog: what its tree shows, no county-only or unticked row.
        assert_eq!(ids("430121004"), Some(set(&["town", "both"])));
        let tree = m.place("430121004").unwrap().applicability();
        let shown = Names::new(catalog.items.iter().filter(|i| catalog.applies(i, tree)).map(|i| i.id.clone()));
        assert_eq!(ids("430121004"), Some(shown));
        // The county's scope covers its townships too: no item limit beyond the owners.
        assert_eq!(ids("430121"), None);
    }

    #[test]
    fn an_item_result_stays_at_the_chosen_place_when_its_catalog_has_the_item() {
        let m = manifest();
        let owners = |c: &[&str]| -> Vec<String> { c.iter().map(|s| s.to_string()).collect() };
        let cases: [(Option<&str>, &[&str], Option<&str>); 9] = [
            // At a township whose county's catalog holds it: stay.
            (Some("430121004"), &["430121"], Some("430121004")),
            // Only the city's template holds it (the county dropped it): not here, at the city.
            (Some("430121004"), &["430100"], Some("430100")),
            (Some("430100"), &["430100", "430121"], Some("430100")),
            (Some("430121"), &["430181", "430121"], Some("430121")),
            (Some("430181001"), &["430121", "430181"], Some("430181001")),
            // At a place whose catalogs do not hold it: its first owner.
            (Some("430181001"), &["430121", "430121001"], Some("430121")),
            (Some("430121"), &["430181"], Some("430181")),
            (None, &["430121"], Some("430121")),
            (None, &[], None),
        ];
        for (here, o, want) in cases {
            assert_eq!(item_result_place(&m, here, &owners(o)).as_deref(), want, "{here:?} {o:?}");
        }
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_the_item_and_value() {
        assert_eq!(check_items(3, [(20, &[0u16, 2][..]), (1, &[][..])]), Ok(()));
        let bad_owner = check_items(3, [(20, &[0u16][..]), (20, &[3u16][..])]).unwrap_err();
        assert!(bad_owner.contains("第 2 项") && bad_owner.contains("owner 3") && bad_owner.contains("3 owners"), "{bad_owner}");
        let bad_domain = check_items(3, [(0, &[0u16][..])]).unwrap_err();
        assert!(bad_domain.contains("domain 0"), "{bad_domain}");
        assert!(check_items(3, [(27, &[0u16][..])]).is_err());
        assert_eq!(domain_name(20), gongkai_catalog::DOMAINS[19].name);
        assert_eq!(domain_name(0), "");
        assert_eq!(domain_name(27), "");
    }

    #[test]
    fn an_entry_names_its_township_with_its_county_where_results_span_places() {
        let cases = [
            ("南磨房地区", Some("朝阳区"), false, "南磨房地区（朝阳区）"),
            ("南磨房地区", Some("朝阳区"), true, "南磨房地区"),
            ("朝阳区", None, false, "朝阳区"),
            ("星沙街道", Some(""), false, "星沙街道"),
            ("东莞市", Some("东莞市"), false, "东莞市"),
        ];
        for (name, county, local, label) in cases {
            assert_eq!(entry_place_label(name, county, local), label, "{name} {county:?} {local}");
        }
    }

    #[test]
    fn an_entry_s_place_is_named_by_code_else_by_its_fragment_with_the_county_of_its_first_six_digits() {
        let names = |code: &str| match code {
            "110105" => Some("朝阳区".to_string()),
            "110105021" => Some("南磨房地区".to_string()),
            "441900" => Some("东莞市".to_string()),
            _ => None,
        };
        let cases = [
            ("110105021", None, false, Some("南磨房地区（朝阳区）")),
            ("110105021", None, true, Some("南磨房地区")),
            ("110105", None, false, Some("朝阳区")),
            ("441900003", Some("莞城街道"), false, Some("莞城街道（东莞市）")), // named by its fragment
            ("999999001", None, false, None),
        ];
        for (code, own, local, label) in cases {
            assert_eq!(entry_place(code, own, &names, local).as_deref(), label, "{code} {local}");
        }
    }
}

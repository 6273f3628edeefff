//! The filter panel's figures: which items of a catalog apply at a place (found once, when the panel
//! opens) and how many of them the chosen filters leave — the 共 N 项 above the tree. With no filter
//! that total is the place's `counts.items` in the manifest, since both come from `Catalog::applies`
//! (`crates/bundle/tests/pipeline.rs` checks it).

use gongkai_catalog::filter::Filters;
use gongkai_catalog::{Applicability, Catalog, DisclosureItem};

/// The positions in `catalog.items` of the items that apply at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicable(Vec<usize>);

impl Applicable {
    pub fn new(catalog: &Catalog, at: Applicability) -> Self {
        Self(catalog.items.iter().enumerate().filter(|(_, i)| catalog.applies(i, at)).map(|(n, _)| n).collect())
    }

    /// The items themselves, in the catalog's order.
    pub fn items<'a>(&self, catalog: &'a Catalog) -> Vec<&'a DisclosureItem> {
        self.0.iter().filter_map(|&n| catalog.items.get(n)).collect()
    }

    /// How many of them the filters leave (共 N 项).
    pub fn total(&self, catalog: &Catalog, filters: &Filters) -> u32 {
        self.0.iter().filter_map(|&n| catalog.items.get(n)).filter(|i| filters.matches(catalog, i)).count() as u32
    }
}

/// The line above the tree.
pub fn total_text(total: u32) -> String {
    format!("共 {total} 项事项")
}

/// The filter box's summary: 筛选（已选 2 项）, or plain 筛选 with nothing chosen.
pub fn chosen_text(chosen: usize) -> String {
    match chosen {
        0 => String::new(),
        n => format!("（已选 {n} 项）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_catalog::filter::Facet;
    use gongkai_catalog::{Mode, Tier};

    const TOWNSHIP: Applicability = Applicability { tier: Tier::Township, inherited: true };
    const COUNTY: Applicability = Applicability { tier: Tier::County, inherited: false };
    const OWN_TOWNSHIP: Applicability = Applicability { tier: Tier::Township, inherited: false };

    fn item(id: &str, levels: &[u8], mode: Mode) -> DisclosureItem {
        DisclosureItem { id: id.into(), domain: 20, path: vec![id.into()], levels: levels.to_vec(), modes: vec![mode], ..Default::default() }
    }

    /// A county's catalog: two rows at both levels (one 依申请), one county-only, one nobody ticked.
    fn catalog() -> Catalog {
        crate::testdata::county_catalog(vec![
            item("both", &[0, 1], Mode::Proactive),
            item("both-on-request", &[0, 1], Mode::OnRequest),
            item("county", &[0], Mode::Proactive),
            item("unticked", &[], Mode::Proactive),
        ])
    }

    #[test]
    fn the_total_counts_what_applies_here_and_what_the_filters_leave() {
        let c = catalog();
        let proactive = Filters { chosen: [(Facet::Mode, "主动".into())].into() };
        let township_level = Filters { chosen: [(Facet::Level, "乡级".into())].into() };
        // (applies as, filters, items shown, total)
        let cases: [(Applicability, &Filters, &[&str], u32); 6] = [
            // The county owns the catalog: its unticked row counts there.
            (COUNTY, &Filters::default(), &["both", "both-on-request", "county", "unticked"], 4),
            (COUNTY, &proactive, &["both", "both-on-request", "county", "unticked"], 3),
            (COUNTY, &township_level, &["both", "both-on-request", "county", "unticked"], 2),
            // A township inheriting it: only rows ticked 乡级.
            (TOWNSHIP, &Filters::default(), &["both", "both-on-request"], 2),
            (TOWNSHIP, &proactive, &["both", "both-on-request"], 1),
            // A township whose own catalog this is: the unticked row is its own.
            (OWN_TOWNSHIP, &Filters::default(), &["both", "both-on-request", "unticked"], 3),
        ];
        for (at, filters, shown, total) in cases {
            let a = Applicable::new(&c, at);
            let ids: Vec<&str> = a.items(&c).iter().map(|i| i.id.as_str()).collect();
            assert_eq!(ids, shown, "{at:?}");
            assert_eq!(a.total(&c, filters), total, "{at:?} {filters:?}");
        }
    }

    #[test]
    fn an_empty_catalog_totals_nothing() {
        let c = Catalog { items: vec![], ..catalog() };
        assert_eq!(Applicable::new(&c, COUNTY).total(&c, &Filters::default()), 0);
    }

    #[test]
    fn the_words() {
        for (n, text) in [(0, "共 0 项事项"), (1, "共 1 项事项"), (123, "共 123 项事项")] {
            assert_eq!(total_text(n), text);
        }
        for (n, text) in [(0, ""), (1, "（已选 1 项）"), (3, "（已选 3 项）")] {
            assert_eq!(chosen_text(n), text);
        }
    }
}

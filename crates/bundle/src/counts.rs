//! The counts of a place in the manifest ([`PlaceCounts`]): the catalog items that apply there, per
//! domain, and the entries published there and below.

use crate::assemble::{AssembledCatalogs, CatalogUse};
use crate::register::Register;
use gongkai_catalog::PlaceCounts;
use std::collections::{BTreeMap, HashMap};

/// Items applying to the place ([`gongkai_catalog::Catalog::applies`]), per domain (index 0 is domain
/// 1); for a city, the rows of its template. `seen` keeps the counts of each way a catalog is used
/// (a county's catalog is counted once for all its townships that inherit it: 41,000 townships).
pub fn items_by_domain(assembled: &AssembledCatalogs, place: &str, seen: &mut HashMap<CatalogUse, Vec<u32>>) -> Vec<u32> {
    if let Some((cat, usage)) = assembled.catalog_of(place) {
        return seen
            .entry(usage)
            .or_insert_with(|| {
                let mut by = vec![0u32; 26];
                for item in cat.items.iter().filter(|i| cat.applies(i, usage.applicability())) {
                    if let Some(slot) = by.get_mut((item.domain as usize).wrapping_sub(1)) {
                        *slot += 1;
                    }
                }
                by
            })
            .clone();
    }
    assembled.templates.get(place).cloned().unwrap_or_else(|| vec![0u32; 26])
}

/// Entries published per place, here and below: townships summed into counties, counties into cities.
/// `own` is the number of entries each place published itself.
pub fn entry_totals(register: &Register, own: &BTreeMap<String, u32>) -> BTreeMap<String, u32> {
    let mut totals: BTreeMap<String, u32> = own.clone();
    // Register order is top-down, so bottom-up is its reverse.
    for place in register.places.iter().rev() {
        if let Some(parent) = place.parent.as_deref() {
            let n = totals.get(place.code.as_str()).copied().unwrap_or(0);
            *totals.entry(parent.to_string()).or_default() += n;
        }
    }
    totals
}

/// The counts of one place, given [`entry_totals`] and how many places are directly below it.
pub fn place_counts(
    assembled: &AssembledCatalogs,
    place: &str,
    entry_totals: &BTreeMap<String, u32>,
    places: u32,
    seen: &mut HashMap<CatalogUse, Vec<u32>>,
) -> PlaceCounts {
    let by_domain = items_by_domain(assembled, place, seen);
    PlaceCounts {
        items: by_domain.iter().sum(),
        entries: entry_totals.get(place).copied().unwrap_or(0),
        places,
        counties: 0,
        by_domain,
    }
}

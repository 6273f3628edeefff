//! The figures the disclosure map colours by ([`Measures`]), per place, as of the dataset's date.
//!
//! Definitions (also in `docs/bundle-format.md` terms, for the people who read the map):
//!
//! - **Coverage** (覆盖率): items that apply here with at least one entry published on or before `as_of`,
//!   divided by the items that apply here, in per mille, rounded to nearest. No applying items → 0.
//! - **Recent entries** (近90天发布): entries published in the 90 days up to and including `as_of`
//!   (`as_of − 89 ..= as_of`), whether or not their item applies here.
//! - **Overdue items** (逾期事项): applying items with a deadline (see [`deadline_date`]) for which some
//!   entry formed (形成日期) in the [`OVERDUE_WINDOW_DAYS`] up to `as_of` either
//!   1. was published after its deadline (published late), or
//!   2. is not published as of `as_of` (no 发布日期, or one after `as_of`) and its deadline is before
//!      `as_of` (still missing).
//!
//!   Each item counts once however many of its entries are late. Entries without a 形成日期 cannot be
//!   judged and are ignored; items whose limit is 长期公开 or unparsed are never overdue. The window keeps
//!   an old lapse from colouring a place forever.

use crate::assemble::AssembledCatalogs;
use crate::entries::SourceEntry;
use crate::register::Register;
use chrono::{Days, NaiveDate};
use gongkai_catalog::workdays::deadline_date;
use gongkai_catalog::{Deadline, ItemId, Measures};
use std::collections::{BTreeMap, BTreeSet};

/// How far back formed information is checked for lateness.
pub const OVERDUE_WINDOW_DAYS: u64 = 365;
/// The "recent" window, `as_of` included.
pub const RECENT_DAYS: u64 = 90;

/// An item that applies at a place, with its parsed time limit (if any).
#[derive(Debug, Clone, Copy)]
pub struct ApplyingItem<'a> {
    pub id: &'a str,
    pub deadline: Option<&'a Deadline>,
}

/// The dates of one entry of a place.
#[derive(Debug, Clone, Copy)]
pub struct EntryDates<'a> {
    pub item: &'a str,
    /// 形成日期, when the source gives one.
    pub formed: Option<NaiveDate>,
    /// 发布日期; `None` for information formed but not (yet) published.
    pub published: Option<NaiveDate>,
}

/// The counts behind [`Measures`], so a county or city can sum its children before dividing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeasureCounts {
    pub applying: u32,
    pub covered: u32,
    pub recent_entries: u32,
    pub overdue_items: u32,
}

impl MeasureCounts {
    pub fn add(&mut self, other: &MeasureCounts) {
        self.applying += other.applying;
        self.covered += other.covered;
        self.recent_entries += other.recent_entries;
        self.overdue_items += other.overdue_items;
    }

    pub fn to_measures(&self) -> Measures {
        let coverage_permille = if self.applying == 0 {
            0
        } else {
            ((u64::from(self.covered) * 1000 + u64::from(self.applying) / 2) / u64::from(self.applying))
                .min(1000) as u16
        };
        Measures { coverage_permille, recent_entries: self.recent_entries, overdue_items: self.overdue_items }
    }
}

/// The counts of one place: its applying items and its entries.
pub fn measure_counts(items: &[ApplyingItem], entries: &[EntryDates], as_of: NaiveDate) -> MeasureCounts {
    let published_by = |e: &EntryDates| e.published.filter(|p| *p <= as_of);
    let recent_from = as_of.checked_sub_days(Days::new(RECENT_DAYS - 1)).unwrap_or(NaiveDate::MIN);
    let formed_from = as_of.checked_sub_days(Days::new(OVERDUE_WINDOW_DAYS)).unwrap_or(NaiveDate::MIN);

    let mut by_item: BTreeMap<&str, Vec<&EntryDates>> = BTreeMap::new();
    for e in entries {
        by_item.entry(e.item).or_default().push(e);
    }
    let applying: BTreeSet<&str> = items.iter().map(|i| i.id).collect();

    let mut counts = MeasureCounts { applying: applying.len() as u32, ..Default::default() };
    counts.recent_entries =
        entries.iter().filter(|e| published_by(e).is_some_and(|p| p >= recent_from)).count() as u32;

    let mut seen = BTreeSet::new();
    for item in items {
        if !seen.insert(item.id) {
            continue;
        }
        let own = by_item.get(item.id).map(Vec::as_slice).unwrap_or(&[]);
        if own.iter().any(|e| published_by(e).is_some()) {
            counts.covered += 1;
        }
        let Some(limit) = item.deadline else { continue };
        let overdue = own.iter().any(|e| {
            let Some(formed) = e.formed.filter(|f| *f >= formed_from && *f <= as_of) else {
                return false;
            };
            let Some(due) = deadline_date(formed, limit) else { return false };
            match published_by(e) {
                Some(p) => p > due,
                None => due < as_of,
            }
        });
        if overdue {
            counts.overdue_items += 1;
        }
    }
    counts
}

/// The counts of one place with a catalog, from its own entries (None for a place with no catalog).
pub fn own_counts(assembled: &AssembledCatalogs, place: &str, own: &[SourceEntry], as_of: NaiveDate) -> Option<MeasureCounts> {
    let (catalog, usage) = assembled.catalog_of(place)?;
    let items: Vec<ApplyingItem> = catalog
        .items
        .iter()
        .filter(|i| catalog.applies(i, usage.applicability()))
        .map(|i| ApplyingItem { id: &i.id, deadline: i.time_limit.parsed.as_ref() })
        .collect();
    let dates: Vec<EntryDates> =
        own.iter().map(|e| EntryDates { item: &e.entry.item, formed: e.formed, published: Some(e.entry.date) }).collect();
    Some(measure_counts(&items, &dates, as_of))
}

/// The counts behind the measures of every place with a catalog, and of every county and city above
/// one, summed upwards (townships into counties, counties into cities) before dividing. `own` holds
/// [`own_counts`] of the places that published entries (the build computes them place by place, as
/// it writes each place's entries); the other places are counted here with none.
pub fn place_measures<'a>(
    register: &'a Register,
    assembled: &AssembledCatalogs,
    own: &BTreeMap<String, MeasureCounts>,
    as_of: NaiveDate,
) -> BTreeMap<&'a str, MeasureCounts> {
    let mut counts: BTreeMap<&str, MeasureCounts> = BTreeMap::new();
    for place in &register.places {
        let c = match own.get(&place.code) {
            Some(c) => Some(*c),
            None => own_counts(assembled, &place.code, &[], as_of),
        };
        if let Some(c) = c {
            counts.insert(&place.code, c);
        }
    }
    // Register order is top-down, so bottom-up is its reverse.
    for place in register.places.iter().rev() {
        if let Some(parent) = place.parent.as_deref() {
            let c = counts.get(place.code.as_str()).copied().unwrap_or_default();
            counts.entry(parent).or_default().add(&c);
        }
    }
    counts
}

/// [`Measures`] of one place from its applying items and its entries, as of `as_of`.
pub fn measure(items: &[ApplyingItem], entries: &[EntryDates], as_of: NaiveDate) -> Measures {
    measure_counts(items, entries, as_of).to_measures()
}

/// Convenience for callers holding owned ids.
pub fn applying<'a>(
    items: impl IntoIterator<Item = (&'a ItemId, Option<&'a Deadline>)>,
) -> Vec<ApplyingItem<'a>> {
    items.into_iter().map(|(id, deadline)| ApplyingItem { id: id.as_str(), deadline }).collect()
}

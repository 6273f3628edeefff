//! The map's measures: coverage, recent entries and overdue items, on the time-limit shapes of the
//! domain (工作日 across weekends and 国庆).

use chrono::NaiveDate;
use gongkai_bundle::measures::{measure, measure_counts, ApplyingItem, EntryDates, MeasureCounts};
use gongkai_catalog::{DayUnit, Deadline, Measures};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn working(amount: u16) -> Deadline {
    Deadline::Within {
        amount,
        unit: DayUnit::WorkingDays,
        after: Some("信息形成或者变更".into()),
        notice: None,
    }
}

#[test]
fn coverage_counts_items_with_a_published_entry_per_mille() {
    let limit = working(20);
    let items = [
        ApplyingItem { id: "20-a", deadline: Some(&limit) },
        ApplyingItem { id: "20-b", deadline: Some(&limit) },
        ApplyingItem { id: "20-c", deadline: None },
    ];
    let entries = [
        EntryDates { item: "20-a", formed: None, published: Some(d(2025, 6, 1)) },
        EntryDates { item: "20-a", formed: None, published: Some(d(2025, 6, 2)) },
        // Published after as_of: not yet counted.
        EntryDates { item: "20-b", formed: None, published: Some(d(2026, 1, 1)) },
        // An item that does not apply here counts for recent entries only.
        EntryDates { item: "99-z", formed: None, published: Some(d(2025, 9, 1)) },
    ];
    let m = measure(&items, &entries, d(2025, 9, 30));
    assert_eq!(m, Measures { coverage_permille: 333, recent_entries: 1, overdue_items: 0 });
    assert_eq!(measure(&[], &[], d(2025, 9, 30)).coverage_permille, 0);
}

#[test]
fn recent_means_the_90_days_up_to_and_including_as_of() {
    let entries = [
        EntryDates { item: "x", formed: None, published: Some(d(2025, 9, 30)) },
        EntryDates { item: "x", formed: None, published: Some(d(2025, 7, 3)) }, // day 90
        EntryDates { item: "x", formed: None, published: Some(d(2025, 7, 2)) }, // day 91
    ];
    assert_eq!(measure(&[], &entries, d(2025, 9, 30)).recent_entries, 2);
}

#[test]
fn an_entry_published_after_its_working_day_limit_across_national_day_makes_its_item_overdue() {
    let ten = working(10);
    let items = [ApplyingItem { id: "20-low", deadline: Some(&ten) }];
    // Formed 2025-09-25: 10 working days run to 2025-10-15 across 国庆中秋 (see workdays).
    let on_time =
        EntryDates { item: "20-low", formed: Some(d(2025, 9, 25)), published: Some(d(2025, 10, 15)) };
    let late = EntryDates { item: "20-low", formed: Some(d(2025, 9, 25)), published: Some(d(2025, 10, 16)) };
    assert_eq!(measure(&items, &[on_time], d(2025, 12, 31)).overdue_items, 0);
    assert_eq!(measure(&items, &[late], d(2025, 12, 31)).overdue_items, 1);
    // Two late entries: the item counts once.
    assert_eq!(measure(&items, &[late, late], d(2025, 12, 31)).overdue_items, 1);
}

#[test]
fn formed_information_still_unpublished_past_its_limit_is_overdue_and_not_before() {
    let twenty = working(20);
    let items = [ApplyingItem { id: "22-birth", deadline: Some(&twenty) }];
    // Formed Monday 2025-03-03: due Monday 2025-03-31.
    let pending = EntryDates { item: "22-birth", formed: Some(d(2025, 3, 3)), published: None };
    assert_eq!(measure(&items, &[pending], d(2025, 3, 31)).overdue_items, 0, "due today is not late");
    assert_eq!(measure(&items, &[pending], d(2025, 4, 1)).overdue_items, 1);
    // Entries without a formed date cannot be judged; ongoing items are never overdue.
    let undated = EntryDates { item: "22-birth", formed: None, published: Some(d(2025, 9, 1)) };
    assert_eq!(measure(&items, &[undated], d(2025, 9, 30)).overdue_items, 0);
    let ongoing = [ApplyingItem { id: "22-birth", deadline: Some(&Deadline::Ongoing) }];
    assert_eq!(measure(&ongoing, &[pending], d(2025, 9, 30)).overdue_items, 0);
    // A lapse older than a year no longer colours the map.
    assert_eq!(measure(&items, &[pending], d(2026, 4, 1)).overdue_items, 0);
}

#[test]
fn counts_of_children_sum_before_dividing() {
    let mut total = MeasureCounts::default();
    total.add(&MeasureCounts { applying: 10, covered: 10, recent_entries: 3, overdue_items: 1 });
    total.add(&MeasureCounts { applying: 30, covered: 0, recent_entries: 0, overdue_items: 2 });
    assert_eq!(total.to_measures(), Measures { coverage_permille: 250, recent_entries: 3, overdue_items: 3 });
    let c = measure_counts(&[], &[], d(2025, 1, 1));
    assert_eq!(c, MeasureCounts::default());
}

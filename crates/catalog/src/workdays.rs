//! Working days (工作日) in mainland China, and the date a disclosure time limit runs out.
//!
//! A working day is Monday to Friday, minus public holidays (法定节假日 and the days taken off with them),
//! plus the weekend days declared working days to make up for them (调休上班). The table below holds the
//! State Council's annual notices:
//!
//! - 2024: 国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号, 2023-10-25)
//! - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12)
//! - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
//!
//! Outside 2024–2026 only weekends are excluded: a deadline there may be off by the few holidays of that
//! year. [`HOLIDAY_YEARS`] says which years are covered, so a caller can tell the difference.
//!
//! Counting follows the Civil Code (民法典 第二百零一条, 第二百零三条): the day of the event is not counted
//! ("之日起N个工作日内" ends on the N-th working day after it), and a period in calendar days that ends on a
//! day off ends instead on the next working day.

use crate::model::{DayUnit, Deadline};
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Years whose holidays and make-up working days are in the table.
pub const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 2024..=2026;

/// (year, month, day).
type Ymd = (i32, u32, u32);

/// Days off on weekdays, as (year, month, day) ranges inclusive; weekend days inside a range are listed
/// too, harmlessly, so each range reads like the notice.
const HOLIDAYS: &[(Ymd, Ymd)] = &[
    // 2024
    ((2024, 1, 1), (2024, 1, 1)),   // 元旦
    ((2024, 2, 10), (2024, 2, 17)), // 春节
    ((2024, 4, 4), (2024, 4, 6)),   // 清明节
    ((2024, 5, 1), (2024, 5, 5)),   // 劳动节
    ((2024, 6, 10), (2024, 6, 10)), // 端午节
    ((2024, 9, 15), (2024, 9, 17)), // 中秋节
    ((2024, 10, 1), (2024, 10, 7)), // 国庆节
    // 2025
    ((2025, 1, 1), (2025, 1, 1)),   // 元旦
    ((2025, 1, 28), (2025, 2, 4)),  // 春节
    ((2025, 4, 4), (2025, 4, 6)),   // 清明节
    ((2025, 5, 1), (2025, 5, 5)),   // 劳动节
    ((2025, 5, 31), (2025, 6, 2)),  // 端午节
    ((2025, 10, 1), (2025, 10, 8)), // 国庆节、中秋节
    // 2026
    ((2026, 1, 1), (2026, 1, 3)),   // 元旦
    ((2026, 2, 15), (2026, 2, 23)), // 春节
    ((2026, 4, 4), (2026, 4, 6)),   // 清明节
    ((2026, 5, 1), (2026, 5, 5)),   // 劳动节
    ((2026, 6, 19), (2026, 6, 21)), // 端午节
    ((2026, 9, 25), (2026, 9, 27)), // 中秋节
    ((2026, 10, 1), (2026, 10, 7)), // 国庆节
];

/// Weekend days that are working days (调休上班).
#[rustfmt::skip]
const MAKEUP_WORKDAYS: &[Ymd] = &[
    // 2024
    (2024, 2, 4), (2024, 2, 18), (2024, 4, 7), (2024, 4, 28), (2024, 5, 11), (2024, 9, 14),
    (2024, 9, 29), (2024, 10, 12),
    // 2025
    (2025, 1, 26), (2025, 2, 8), (2025, 4, 27), (2025, 9, 28), (2025, 10, 11),
    // 2026
    (2026, 1, 4), (2026, 2, 14), (2026, 2, 28), (2026, 5, 9), (2026, 9, 20), (2026, 10, 10),
];

fn ymd((y, m, d): Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("the holiday table holds valid dates")
}

/// Whether `date` is a public holiday (or a day off taken with one) in the table.
pub fn is_holiday(date: NaiveDate) -> bool {
    HOLIDAYS.iter().any(|&(a, b)| ymd(a) <= date && date <= ymd(b))
}

/// Whether `date` is a working day: a weekday that is not a holiday, or a make-up working day.
pub fn is_working_day(date: NaiveDate) -> bool {
    if MAKEUP_WORKDAYS.iter().any(|&d| ymd(d) == date) {
        return true;
    }
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(date)
}

/// The `n`-th working day after `date` (`date` itself not counted); `date` itself when `n` is 0.
pub fn add_working_days(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d = d.checked_add_days(Days::new(1))?;
        if is_working_day(d) {
            left -= 1;
        }
    }
    Some(d)
}

/// The first working day on or after `date`.
pub fn next_working_day_from(date: NaiveDate) -> Option<NaiveDate> {
    let mut d = date;
    while !is_working_day(d) {
        d = d.checked_add_days(Days::new(1))?;
    }
    Some(d)
}

/// The last day on which information formed (or changed) on `formed` may be published in time.
///
/// - `Within { amount, unit: WorkingDays }`: the `amount`-th working day after `formed`.
/// - `Within { amount, unit: Days }`: `formed + amount` days, moved to the next working day if that is a
///   day off. A following notice period (公示7个工作日) runs after publication and does not move it.
/// - `Realtime` (实时): the next working day — entries carry dates, not times, so "as it happens" gets
///   one working day.
/// - `Ongoing` (长期公开): no deadline, `None`.
pub fn deadline_date(formed: NaiveDate, deadline: &Deadline) -> Option<NaiveDate> {
    match deadline {
        Deadline::Within { amount, unit: DayUnit::WorkingDays, .. } => {
            add_working_days(formed, u32::from(*amount))
        }
        Deadline::Within { amount, unit: DayUnit::Days, .. } => {
            next_working_day_from(formed.checked_add_days(Days::new(u64::from(*amount)))?)
        }
        Deadline::Realtime => add_working_days(formed, 1),
        Deadline::Ongoing => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn working(amount: u16) -> Deadline {
        Deadline::Within { amount, unit: DayUnit::WorkingDays, after: None, notice: None }
    }

    #[test]
    fn the_holiday_table_is_well_formed() {
        for &(a, b) in HOLIDAYS {
            assert!(ymd(a) <= ymd(b), "{a:?}..{b:?}");
            assert!(HOLIDAY_YEARS.contains(&a.0));
        }
        for &m in MAKEUP_WORKDAYS {
            let day = ymd(m);
            assert!(matches!(day.weekday(), Weekday::Sat | Weekday::Sun), "{m:?} is a weekend day");
            assert!(!is_holiday(day), "{m:?} is not also a holiday");
        }
    }

    #[test]
    fn national_day_and_spring_festival_are_days_off_and_makeup_days_are_working_days() {
        assert!(!is_working_day(d(2025, 10, 8))); // 国庆中秋 8 days in 2025
        assert!(is_working_day(d(2025, 10, 9)));
        assert!(is_working_day(d(2025, 9, 28))); // a Sunday worked
        assert!(is_working_day(d(2025, 10, 11))); // a Saturday worked
        assert!(!is_working_day(d(2024, 2, 16)));
        assert!(is_working_day(d(2024, 2, 18)));
        assert!(!is_working_day(d(2026, 2, 23))); // a Monday off
        assert!(is_working_day(d(2026, 1, 4))); // a Sunday worked
                                                // Outside the table only weekends are off.
        assert!(is_working_day(d(2023, 10, 2)));
        assert!(!is_working_day(d(2023, 10, 7)));
    }

    #[test]
    fn twenty_working_days_from_information_formed_runs_across_weekends() {
        // Formed Monday 2025-03-03: 20 working days = four full weeks, ends Monday 2025-03-31.
        assert_eq!(deadline_date(d(2025, 3, 3), &working(20)), Some(d(2025, 3, 31)));
        // Formed on a Friday: the weekend does not count.
        assert_eq!(deadline_date(d(2025, 3, 7), &working(1)), Some(d(2025, 3, 10)));
    }

    #[test]
    fn ten_working_days_across_national_day_2025() {
        // Formed Thu 2025-09-25: Fri 26, Sun 28 (worked), Mon 29, Tue 30 = 4; 1–8 Oct off; Thu 9, Fri 10,
        // Sat 11 (worked), Mon 13, Tue 14, Wed 15 = 10.
        assert_eq!(deadline_date(d(2025, 9, 25), &working(10)), Some(d(2025, 10, 15)));
    }

    #[test]
    fn a_period_in_calendar_days_ending_on_a_holiday_ends_the_next_working_day() {
        let days = |amount| Deadline::Within {
            amount,
            unit: DayUnit::Days,
            after: Some("本级人民代表大会或其常务委员会批准".into()),
            notice: None,
        };
        // Approved 2024-01-20 + 20 days = 2024-02-09 (Friday, a working day).
        assert_eq!(deadline_date(d(2024, 1, 20), &days(20)), Some(d(2024, 2, 9)));
        // Approved 2024-01-22 + 20 days = 2024-02-11, in the Spring Festival: ends Sun 2024-02-18 (worked).
        assert_eq!(deadline_date(d(2024, 1, 22), &days(20)), Some(d(2024, 2, 18)));
    }

    #[test]
    fn a_notice_period_does_not_move_the_publication_deadline_and_ongoing_has_none() {
        let with_notice = Deadline::Within {
            amount: 10,
            unit: DayUnit::WorkingDays,
            after: None,
            notice: Some(Period { amount: 7, unit: DayUnit::WorkingDays }),
        };
        assert_eq!(deadline_date(d(2025, 3, 3), &with_notice), deadline_date(d(2025, 3, 3), &working(10)));
        assert_eq!(deadline_date(d(2025, 3, 3), &Deadline::Ongoing), None);
        assert_eq!(deadline_date(d(2025, 3, 7), &Deadline::Realtime), Some(d(2025, 3, 10)));
    }
}

//! Dates as citizens read them: absolute (2026年11月19日) and relative to today (3天前).

use chrono::{Datelike, NaiveDate};

/// Today's date in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or(NaiveDate::MIN)
}

pub fn absolute(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// "今天", "昨天", "3天前", "2个月前", "1年前"; future dates (a data error, or a clock behind) read "N天后".
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (today - date).num_days();
    match days {
        0 => "今天".into(),
        1 => "昨天".into(),
        2..=59 => format!("{days}天前"),
        60..=364 => format!("{}个月前", days / 30),
        d if d >= 365 => format!("{}年前", d / 365),
        -1 => "明天".into(),
        d => format!("{}天后", -d),
    }
}

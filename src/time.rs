//! Today's date as the browser sees it. Dates in words are `gongkai_view::words`.

use chrono::NaiveDate;

/// Today's date in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or(NaiveDate::MIN)
}

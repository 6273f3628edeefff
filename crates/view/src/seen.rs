//! 新: what is new since the citizen last looked at a place. The app keeps, on the phone only
//! (localStorage), per place the `as_of` date of the data seen at the last look; entries dated after it
//! are new. The first look marks nothing (everything would be "new"). The text kept is
//! `code:YYYY-MM-DD` pairs joined by `,` (a first look in a session is kept as `code:-`).

use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Reads what [`format`] wrote; anything malformed is skipped (storage is the citizen's, not ours).
pub fn parse(text: &str) -> BTreeMap<String, Option<NaiveDate>> {
    text.split(',')
        .filter_map(|pair| {
            let (code, date) = pair.split_once(':')?;
            let code = code.trim();
            if code.is_empty() || code.len() > 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let date = match date.trim() {
                "-" => None,
                // The bundle's date reader: chrono's general parser would weigh on the app's wasm.
                d => Some(gongkai_catalog::date::parse(d)?),
            };
            Some((code.to_string(), date))
        })
        .collect()
}

pub fn format(seen: &BTreeMap<String, Option<NaiveDate>>) -> String {
    seen.iter()
        .map(|(code, d)| format!("{code}:{}", d.map_or_else(|| "-".to_string(), |d| d.to_string())))
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether an entry dated `date` is new for a citizen whose last look saw data as of `since`.
pub fn is_new(date: NaiveDate, since: Option<NaiveDate>) -> bool {
    since.is_some_and(|s| date > s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn what_is_kept_reads_back_and_malformed_parts_are_skipped() {
        let seen: BTreeMap<String, Option<NaiveDate>> =
            [("430121".to_string(), Some(d("2026-11-01"))), ("430102".to_string(), None)].into();
        assert_eq!(parse(&format(&seen)), seen);
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("430121:2026-11-01,junk,:2026-01-01,x1:2026-01-01,430102:2026-13-01,430103:-", 2),
            ("<script>:2026-11-01", 0),
        ];
        for &(text, n) in cases {
            assert_eq!(parse(text).len(), n, "{text}");
        }
    }

    #[test]
    fn only_entries_after_the_last_look_are_new_and_a_first_look_marks_nothing() {
        let since = Some(d("2026-11-01"));
        assert!(is_new(d("2026-11-02"), since));
        assert!(!is_new(d("2026-11-01"), since));
        assert!(!is_new(d("2026-10-31"), since));
        assert!(!is_new(d("2026-11-02"), None));
    }
}

//! Dates in bundle files (`2026-11-30`, as chrono writes them), read with a parser made for that one
//! shape: chrono's own `Deserialize` goes through its general format parser (RFC 2822, time zones …),
//! which would be most of the date code the app's first screen downloads.
//! Use on a field: `#[serde(deserialize_with = "crate::date::deserialize")]`.

use chrono::NaiveDate;
use serde::de::{Deserializer, Error, Visitor};
use std::fmt;

/// `YYYY-MM-DD` (the year may carry a sign or more digits, as chrono writes years outside 0–9999),
/// or `None` when it is not a real date of that shape.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let (year, rest) = text.get(1..)?.split_once('-').map(|(y, r)| (&text[..1 + y.len()], r))?;
    let (month, day) = rest.split_once('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = year.strip_prefix(['+', '-']).unwrap_or(year);
    if !digits(unsigned, unsigned.len().max(4)) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    struct Ymd;
    impl Visitor<'_> for Ymd {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date as YYYY-MM-DD")
        }
        fn visit_str<E: Error>(self, s: &str) -> Result<NaiveDate, E> {
            parse(s).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(s), &self))
        }
    }
    d.deserialize_str(Ymd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chrono_writes_and_nothing_else() {
        for date in [(2026, 11, 30), (2024, 2, 29), (1, 1, 1), (9999, 12, 31), (-44, 3, 15), (12345, 6, 7)] {
            let d = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
            assert_eq!(parse(&d.to_string()), Some(d), "{d}");
            assert_eq!(serde_json::from_value::<Wrapped>(serde_json::json!({ "d": d.to_string() })).unwrap().d, d);
        }
        for bad in ["", "2026", "2026-11", "2026-11-31", "2025-02-29", "2026-1-30", "2026-11-3", "26-11-30", "2026-11-30 ", " 2026-11-30",
            "2026/11/30", "2026-11-30T00:00", "２０２６-11-30", "+-2026-11-30"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert!(serde_json::from_str::<Wrapped>(r#"{"d": "2026-13-01"}"#).is_err());
        assert!(serde_json::from_str::<Wrapped>(r#"{"d": 20261130}"#).is_err());
    }

    #[derive(serde::Deserialize)]
    struct Wrapped {
        #[serde(deserialize_with = "deserialize")]
        d: NaiveDate,
    }
}

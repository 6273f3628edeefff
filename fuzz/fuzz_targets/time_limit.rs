//! The 公开时限 parser on any text, and the deadline it gives on ordinary and extreme dates: never
//! panics, never loops; what it reads is consistent with the text (a positive amount, an event that
//! the text names) and survives the bundle's JSON.
#![no_main]

use chrono::NaiveDate;
use gongkai_catalog::timelimit::parse;
use gongkai_catalog::workdays::deadline_date;
use gongkai_catalog::Deadline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(deadline) = parse(&text) else { return };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Deadline::Within {
        amount,
        after,
        notice,
        ..
    } = &deadline
    {
        assert!(*amount > 0, "{text:?} → {deadline:?}");
        if let Some(event) = after {
            assert!(
                !event.is_empty() && compact.contains(event.as_str()),
                "{text:?} → {deadline:?}"
            );
        }
        if let Some(n) = notice {
            assert!(n.amount > 0, "{text:?} → {deadline:?}");
        }
    }
    let json = serde_json::to_string(&deadline).expect("a deadline serialises");
    assert_eq!(
        serde_json::from_str::<Deadline>(&json).expect("and decodes"),
        deadline
    );

    for formed in [
        NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(), // before the National Day holiday
        NaiveDate::from_ymd_opt(1999, 12, 31).unwrap(), // outside the holiday table
        NaiveDate::MAX - chrono::Days::new(3),
        NaiveDate::MIN,
    ] {
        if let Some(due) = deadline_date(formed, &deadline) {
            assert!(due >= formed, "{text:?} from {formed} → {due}");
        }
    }
});

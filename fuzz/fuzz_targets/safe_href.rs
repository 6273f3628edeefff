//! `safe_href` on any string: never panics, and whatever it lets through is an http(s), tel or mailto
//! link with nothing invisible or blank in it.
#![no_main]

use gongkai_catalog::link::{is_invisible_format_char, safe_href};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let Some(href) = safe_href(&raw) else { return };
    assert!(raw.contains(href), "the result is a slice of the input");
    assert!(!href.is_empty() && href.len() <= 2048);
    assert!(
        !href
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || is_invisible_format_char(c)),
        "no control, blank or invisible characters: {href:?}"
    );
    let lower = href.to_ascii_lowercase();
    assert!(
        ["http://", "https://", "tel:", "mailto:"]
            .iter()
            .any(|p| lower.starts_with(p)),
        "only web, phone and mail links: {href:?}"
    );
    // Idempotent: a link that passed passes again unchanged.
    assert_eq!(safe_href(href), Some(href));
});

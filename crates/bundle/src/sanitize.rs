//! Text from the sources that is hostile or would mislead: invisible characters in names, and cells
//! that a spreadsheet would run as formulas.
//!
//! The bundle keeps text as text — the app renders it with text nodes, never as HTML — so `<script>`
//! in a cell is harmless there and is kept as written. What this module deals with is text that is
//! harmful even as text:
//! - zero-width and bidi control characters ([`is_invisible_format_char`]) make a name read as
//!   something it is not, or two names that look the same differ; the readers strip them and warn;
//! - a cell starting with `=` (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`) is inert in the bundle, but runs
//!   when someone opens a CSV exported from the app in Excel (CSV injection); the readers warn
//!   (`read::cells::looks_like_formula`), and the app's CSV export prefixes such cells with `'`
//!   (`gongkai_catalog::export::quote`).

use gongkai_catalog::link::is_invisible_format_char;

/// Removes invisible format characters (zero-width, bidi controls, BOM) and control characters other
/// than tab and line breaks. Returns the cleaned text and whether anything was removed, so the caller
/// can warn about the cell it came from.
pub fn clean_text(raw: &str) -> (String, bool) {
    if !raw.chars().any(is_removed) {
        return (raw.to_string(), false);
    }
    (raw.chars().filter(|&c| !is_removed(c)).collect(), true)
}

fn is_removed(c: char) -> bool {
    is_invisible_format_char(c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_zero_width_and_bidi_characters_and_say_so() {
        assert_eq!(
            clean_text("星沙\u{200B}街道"),
            ("星沙街道".to_string(), true)
        );
        assert_eq!(
            clean_text("\u{202E}道街沙星"),
            ("道街沙星".to_string(), true)
        );
        assert_eq!(clean_text("\u{FEFF}长沙县"), ("长沙县".to_string(), true));
        assert_eq!(
            clean_text("最低\u{0000}生活保障"),
            ("最低生活保障".to_string(), true)
        );
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for s in [
            "星沙街道",
            "办理时间、地点\n联系方式",
            "<script>alert(1)</script>",
            "a\tb",
            "",
        ] {
            assert_eq!(clean_text(s), (s.to_string(), false), "{s:?}");
        }
    }
}

//! Inputs the fuzzers found (fuzz/, scripts/fuzz.sh), kept so they stay fixed. Each test is named after
//! what went wrong.

use gongkai_catalog::decode_manifest;

/// The manifest is the one bundle file that is not hash-checked, so the app must survive any manifest.
/// fuzz target `bundle_decode`, 2026-11-22: a place listed as its own parent made
/// `Manifest::lineage` (the breadcrumbs) loop forever, growing its vector until memory ran out.
#[test]
fn a_place_that_is_its_own_ancestor_does_not_hang_the_breadcrumbs() {
    let place = |code: &str, parent: &str| {
        format!(
            r#"{{"code":"{code}","name":"x","kind":"county","parent":"{parent}","tier":"county","counts":{{"items":0,"entries":0,"by_domain":[]}},"measures":{{"coverage_permille":0,"recent_entries":0,"overdue_items":0}}}}"#
        )
    };
    let manifest = format!(
        r#"{{"format_version":1,"dataset":{{"title":"t","as_of":"2026-10-31","credits":[]}},"domains":[],"places":[{},{},{}],"facets":{{"levels":[],"modes":[],"audiences":[],"channels":[],"extras":[]}},"files":{{}}}}"#,
        place("430100", "430100"),
        place("430121", "430181"),
        place("430181", "430121"),
    );
    let m = decode_manifest(manifest.as_bytes()).expect("the manifest is well-formed JSON");
    let codes = |code| {
        m.lineage(code)
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("430100"), ["430100"]);
    assert_eq!(codes("430121"), ["430181", "430121"]);
}

/// fuzz target `search_query`, 2026-11-22, on its seed "db" (the initials of 低保): pinyin matching
/// sliced every syllable at byte 2 to look for zh/ch/sh, which is inside "ü" in "lü" (绿, 旅, 律 …), so
/// a latin query panicked — and a panic in the app's wasm kills the page, from a link's `?q=`.
#[test]
fn a_pinyin_query_over_a_syllable_with_u_umlaut_does_not_panic() {
    use gongkai_catalog::search::pinyin::{match_pinyin, syllables};
    let syl = syllables("lü se di bao");
    assert_eq!(match_pinyin(&syl, "db"), Some(vec![2, 3]));
    assert_eq!(match_pinyin(&syl, "ls"), Some(vec![0, 1]));
    assert_eq!(match_pinyin(&syllables("lü"), "lz"), None);
}

/// fuzz target `time_limit`, 2026-11-22: "65535个工作日内" (the largest amount a time limit holds) took
/// 1.4 s per input under AddressSanitizer, counted day by day against the holiday table — slow enough
/// to trip libFuzzer's 10 s timeout on a loaded machine. Not a hang: bounded by `u16`. Kept so that it
/// stays bounded (a deadline is computed per item and entry in the build step's measures).
#[test]
fn the_largest_time_limit_is_computed_in_bounded_time() {
    use gongkai_catalog::timelimit::parse;
    use gongkai_catalog::workdays::deadline_date;
    let d = parse("65535个工作日内").expect("a recognised shape");
    let formed = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    let started = std::time::Instant::now();
    let due = deadline_date(formed, &d).expect("a date");
    eprintln!(
        "65535 working days from {formed}: {due}, computed in {:?}",
        started.elapsed()
    );
    assert!(due > formed);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

//! Query-side pinyin matching. The build step stored one syllable per character of each item's text;
//! here a latin query (dibao, db, zdsh, shenghuobao) is matched against those syllables, each syllable
//! taken whole or by its initial (first letter, or zh/ch/sh), the last one possibly half-typed.

/// Longest latin query tried as pinyin (bounds the backtracking).
const MAX_PINYIN_QUERY: usize = 32;

/// Splits the stored form (`"zui di _ sheng"`) into one syllable per character, empty for none.
pub fn syllables(stored: &str) -> Vec<&str> {
    stored.split(' ').map(|s| if s == "_" { "" } else { s }).collect()
}

/// Where the query spells the syllables of consecutive characters: the character positions it covers,
/// starting at the earliest place it matches. `None` when it matches nowhere.
pub fn match_pinyin(syl: &[&str], query: &str) -> Option<Vec<usize>> {
    if query.is_empty() || query.len() > MAX_PINYIN_QUERY || !query.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    (0..syl.len()).find_map(|start| {
        let mut end = start;
        matches_from(syl, start, query, &mut end).then(|| (start..end).collect())
    })
}

fn matches_from(syl: &[&str], j: usize, rest: &str, end: &mut usize) -> bool {
    if rest.is_empty() {
        *end = j;
        return true;
    }
    let Some(s) = syl.get(j).filter(|s| !s.is_empty()) else { return false };
    if s.starts_with(rest) {
        *end = j + 1;
        return true;
    }
    if let Some(r) = rest.strip_prefix(s) {
        if matches_from(syl, j + 1, r, end) {
            return true;
        }
    }
    // zh, ch and sh count as one initial (shh for 生活), as people type them.
    // (`get`, not `[..2]`: a syllable such as "lü" has no char boundary at byte 2.)
    if let Some(initial @ ("zh" | "ch" | "sh")) = s.get(..2).filter(|_| s.len() > 2) {
        if rest.starts_with(initial) && matches_from(syl, j + 1, &rest[2..], end) {
            return true;
        }
    }
    rest.as_bytes()[0] == s.as_bytes()[0] && matches_from(syl, j + 1, &rest[1..], end)
}

/// Where these syllables (of a query typed in characters, read by sound) are the syllables of
/// consecutive characters: the positions they cover, earliest first. Whole syllables only, so a
/// homophone (户集 for 户籍, 低宝 for 低保) finds its word and nothing else.
pub fn match_syllables(syl: &[&str], query: &[&str]) -> Option<Vec<usize>> {
    if query.is_empty() || query.iter().any(|s| s.is_empty()) || query.len() > syl.len() {
        return None;
    }
    (0..=syl.len() - query.len())
        .find(|&start| syl[start..start + query.len()] == *query)
        .map(|start| (start..start + query.len()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syl() -> Vec<&'static str> {
        syllables("she hui jiu zhu _ zui di sheng huo bao zhang")
    }

    #[test]
    fn full_pinyin_matches_consecutive_characters() {
        assert_eq!(match_pinyin(&syl(), "zuidi"), Some(vec![5, 6]));
        assert_eq!(match_pinyin(&syl(), "shenghuobaozhang"), Some(vec![7, 8, 9, 10]));
    }

    #[test]
    fn initials_and_a_half_typed_last_syllable_match() {
        assert_eq!(match_pinyin(&syl(), "zdsh"), Some(vec![5, 6, 7]));
        assert_eq!(match_pinyin(&syl(), "zdshh"), Some(vec![5, 6, 7, 8]));
        assert_eq!(match_pinyin(&syl(), "shjz"), Some(vec![0, 1, 2, 3]));
        assert_eq!(match_pinyin(&syl(), "baozh"), Some(vec![9, 10]));
    }

    #[test]
    fn a_syllable_that_is_not_ascii_never_breaks_matching() {
        // Older indexes stored 绿 as "lü"; the build step now writes "lv", as people type it.
        let syl = syllables("lü hua lv hua");
        assert_eq!(match_pinyin(&syl, "di"), None);
        assert_eq!(match_pinyin(&syl, "lvhua"), Some(vec![2, 3]));
    }

    #[test]
    fn whole_syllables_find_homophones_and_nothing_half_typed() {
        let cases: &[(&[&str], Option<Vec<usize>>)] = &[
            (&["di", "sheng"], Some(vec![6, 7])),
            (&["bao", "zhang"], Some(vec![9, 10])),
            (&["bao", "zh"], None),
            (&["di", "bao"], None),
            (&["zui", "", "sheng"], None),
            (&[], None),
        ];
        for (q, want) in cases {
            assert_eq!(&match_syllables(&syl(), q), want, "{q:?}");
        }
    }

    #[test]
    fn a_separator_breaks_a_pinyin_match() {
        assert_eq!(match_pinyin(&syl(), "jiuzhuzui"), None);
        assert_eq!(match_pinyin(&syl(), "xyz"), None);
    }
}

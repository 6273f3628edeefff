//! Character n-grams: unigrams and bigrams over runs of ideographs, letters and digits. Unlike word
//! segmentation they find a Chinese substring wherever it stands, and the indexer and the browser
//! cannot disagree about them.

use super::MAX_QUERY_GRAMS;

/// The distinct n-grams of normalised text: every character and every pair of adjacent characters
/// within a run (spaces end runs), sorted.
pub fn grams(normalized: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in normalized.split(' ') {
        let cs: Vec<char> = run.chars().collect();
        for (i, c) in cs.iter().enumerate() {
            out.push(c.to_string());
            if let Some(d) = cs.get(i + 1) {
                out.push([*c, *d].iter().collect());
            }
        }
    }
    crate::order::sort(&mut out);
    out.dedup();
    out
}

/// Keeps the first of each equal string, in order: for a query's few n-grams, terms or readings, a
/// scan is less code than a set (one per element type in the search chunk).
pub(crate) fn keep_first(v: &mut Vec<String>) {
    let mut i = 0;
    while i < v.len() {
        if v[..i].contains(&v[i]) {
            v.remove(i);
        } else {
            i += 1;
        }
    }
}

/// The n-grams a query looks up: its bigrams (unigrams for one-character runs), at most
/// [`MAX_QUERY_GRAMS`] of them spread over the query (first and last always kept), deduplicated in
/// query order.
pub fn query_grams(normalized: &str) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for run in normalized.split(' ').filter(|r| !r.is_empty()) {
        let cs: Vec<char> = run.chars().collect();
        if cs.len() == 1 {
            all.push(cs[0].to_string());
        } else {
            all.extend(cs.windows(2).map(|w| w.iter().collect::<String>()));
        }
    }
    keep_first(&mut all);
    if all.len() <= MAX_QUERY_GRAMS {
        return all;
    }
    let n = all.len();
    (0..MAX_QUERY_GRAMS)
        .map(|k| all[k * (n - 1) / (MAX_QUERY_GRAMS - 1)].clone())
        .collect()
}

/// FNV-1a, 32 bits: stable across platforms and releases, unlike std's hasher.
pub fn gram_hash(gram: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in gram.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The shard holding an n-gram: the top `bits` bits of its hash, so shards are hash ranges.
pub fn shard_of(gram: &str, bits: u8) -> u32 {
    shard_of_hash(gram_hash(gram), bits)
}

/// The shard of the n-grams whose hash is `hash` ([`shard_of`]).
pub fn shard_of_hash(hash: u32, bits: u8) -> u32 {
    if bits == 0 {
        0
    } else {
        hash >> (32 - bits as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unigrams_and_bigrams_within_runs_only() {
        assert_eq!(grams("低保 a1"), vec!["1", "a", "a1", "低", "低保", "保"]);
    }

    #[test]
    fn a_substring_across_word_boundaries_shares_the_bigrams() {
        // Pagefind's weakness: 是一段 inside 这是一段话 is no word of it; its bigrams are there.
        let text = grams("这是一段话");
        for g in query_grams("是一段") {
            assert!(text.contains(&g), "{g}");
        }
    }

    #[test]
    fn a_one_character_query_looks_up_its_unigram() {
        assert_eq!(query_grams("保"), vec!["保"]);
        assert_eq!(query_grams("低保"), vec!["低保"]);
    }

    #[test]
    fn long_queries_look_up_a_bounded_spread_of_bigrams() {
        let g = query_grams("最低生活保障审批信息");
        assert_eq!(g.len(), MAX_QUERY_GRAMS);
        assert_eq!(g.first().unwrap(), "最低");
        assert_eq!(g.last().unwrap(), "信息");
    }

    #[test]
    fn shards_are_hash_ranges() {
        assert_eq!(shard_of("低保", 0), 0);
        assert_eq!(shard_of("低保", 4), gram_hash("低保") >> 28);
        assert!(shard_of("低保", 4) < 16);
        assert_eq!(gram_hash(""), 0x811c_9dc5);
    }
}

//! Normalisation shared by the index and the query: width folding (NFKC for the characters people
//! actually type: full-width latin and digits, the ideographic space), lowercase, and traditional →
//! simplified folding through a table the build step limits to the dataset's characters.

use std::collections::BTreeMap;

/// Traditional → simplified character folding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fold {
    /// (from, to) by `from`.
    map: crate::order::SortedMap<char, char>,
}

impl Fold {
    /// From the alternating-character string of [`super::SearchMeta::fold`]; an odd last char is
    /// ignored, and a character given twice folds as its last pair says.
    pub fn from_pairs(pairs: &str) -> Fold {
        let chars: Vec<char> = pairs.chars().collect();
        Fold { map: crate::order::SortedMap::from_pairs(chars.chunks_exact(2).map(|p| (p[0], p[1])).collect()) }
    }

    pub fn from_map(map: BTreeMap<char, char>) -> Fold {
        Fold { map: crate::order::SortedMap::from_pairs(map.into_iter().collect()) }
    }

    /// The alternating-character string for [`super::SearchMeta::fold`].
    pub fn to_pairs(&self) -> String {
        self.pairs().flat_map(|(a, b)| [a, b]).collect()
    }

    /// The pairs (from, to), ascending by `from`.
    pub fn pairs(&self) -> impl Iterator<Item = (char, char)> + '_ {
        self.map.iter().map(|(a, b)| (*a, *b))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// One character normalised; `None` when it is a separator (space, punctuation, symbols).
    pub fn char(&self, c: char) -> Option<char> {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        let c = c.to_ascii_lowercase();
        let c = self.map.get(&c).copied().unwrap_or(c);
        (c.is_ascii_alphanumeric() || is_han(c)).then_some(c)
    }

    /// The text normalised, separators collapsed to one space, trimmed.
    pub fn normalize(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut gap = false;
        for c in s.chars() {
            match self.char(c) {
                Some(c) => {
                    if gap && !out.is_empty() {
                        out.push(' ');
                    }
                    gap = false;
                    out.push(c);
                }
                None => gap = true,
            }
        }
        out
    }

    /// Each character of `s` normalised in place (same length in chars), separators as `' '`, so that
    /// positions in the result are positions in `s` (for highlighting).
    pub fn normalize_aligned(&self, s: &str) -> Vec<char> {
        s.chars().map(|c| self.char(c).unwrap_or(' ')).collect()
    }
}

/// CJK ideographs (unified, extension A and B–F, compatibility) and 〇.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_latin_and_digits_fold_to_ascii_lowercase() {
        let f = Fold::default();
        assert_eq!(f.normalize("ＤＩＢＡＯ　２０２４年"), "dibao 2024年");
    }

    #[test]
    fn punctuation_separates_and_collapses() {
        let f = Fold::default();
        assert_eq!(f.normalize("  收养、入籍等登记（收养登记） "), "收养 入籍等登记 收养登记");
    }

    #[test]
    fn traditional_characters_fold_through_the_table() {
        let f = Fold::from_pairs("農农機机補补貼贴");
        assert_eq!(f.normalize("農機補貼"), "农机补贴");
        assert_eq!(Fold::from_pairs(&f.to_pairs()), f);
        // Out of order, and a character given twice: its last pair.
        let g = Fold::from_pairs("貼贴農X機机農农補补");
        assert_eq!(g, Fold::from_map([('農', '农'), ('機', '机'), ('補', '补'), ('貼', '贴')].into_iter().collect()));
        assert_eq!(g.normalize("農機補貼"), "农机补贴");
    }

    #[test]
    fn aligned_normalisation_keeps_positions() {
        let f = Fold::from_pairs("農农");
        assert_eq!(f.normalize_aligned("農·A1"), vec!['农', ' ', 'a', '1']);
    }
}

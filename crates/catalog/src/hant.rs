//! 简体 → 繁體 for display: the table the build step writes (`data/hant/table.<hash8>.json`, named by
//! [`crate::Manifest::hant`]) and the conversion the app runs with it.
//!
//! The table is limited to the characters of the dataset and of the interface, so the app stays small
//! and fetches it only when a citizen switches to 繁體. Characters convert one to one; the few words
//! whose traditional form differs from their characters' (头发 → 頭髮, not 頭發) are listed whole and win
//! by longest match.
//!
//! Invariants the build step checks: no traditional form is itself a key (so converting twice changes
//! nothing: the app may convert text that is already converted), and every pair folds back through the
//! search's traditional → simplified table (so text copied from the 繁體 view finds itself in search).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `data/hant/table.<hash8>.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HantTable {
    pub format_version: u32,
    /// Simplified → traditional characters, as alternating characters (`"发發后後"`).
    pub chars: String,
    /// Simplified → traditional words whose conversion is not that of their characters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub phrases: BTreeMap<String, String>,
}

/// A [`HantTable`] ready to convert text.
#[derive(Debug, Clone, Default)]
pub struct Hant {
    chars: BTreeMap<char, char>,
    /// Words by their first character, longest first.
    phrases: BTreeMap<char, Vec<(Vec<char>, String)>>,
}

impl Hant {
    pub fn new(table: &HantTable) -> Hant {
        let cs: Vec<char> = table.chars.chars().collect();
        let chars = cs.chunks_exact(2).map(|p| (p[0], p[1])).collect();
        let mut phrases: BTreeMap<char, Vec<(Vec<char>, String)>> = BTreeMap::new();
        for (s, t) in &table.phrases {
            let k: Vec<char> = s.chars().collect();
            if k.len() >= 2 && t.chars().count() == k.len() {
                phrases.entry(k[0]).or_default().push((k, t.clone()));
            }
        }
        for v in phrases.values_mut() {
            crate::order::sort_by(v, |a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        Hant { chars, phrases }
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.phrases.is_empty()
    }

    /// The text in traditional characters (same length in characters).
    pub fn convert(&self, s: &str) -> String {
        let cs: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        'outer: while i < cs.len() {
            if let Some(words) = self.phrases.get(&cs[i]) {
                for (w, t) in words {
                    if cs[i..].starts_with(w) {
                        out.push_str(t);
                        i += w.len();
                        continue 'outer;
                    }
                }
            }
            out.push(*self.chars.get(&cs[i]).unwrap_or(&cs[i]));
            i += 1;
        }
        out
    }

    /// Whether converting would change the text (cheap check before touching the page).
    pub fn changes(&self, s: &str) -> bool {
        s.chars().any(|c| self.chars.contains_key(&c) || self.phrases.contains_key(&c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Hant {
        Hant::new(&HantTable {
            format_version: 1,
            chars: "会會发發头頭业業务務".into(),
            phrases: [("头发".to_string(), "頭髮".to_string())].into(),
        })
    }

    #[test]
    fn characters_convert_one_to_one() {
        assert_eq!(table().convert("社会救助"), "社會救助");
        assert_eq!(table().convert("业务 ABC 123"), "業務 ABC 123");
    }

    #[test]
    fn a_listed_word_wins_over_its_characters() {
        let h = table();
        assert_eq!(h.convert("发展"), "發展");
        assert_eq!(h.convert("头发"), "頭髮");
        assert_eq!(h.convert("理头发店"), "理頭髮店");
    }

    #[test]
    fn converting_twice_changes_nothing_more() {
        let h = table();
        let once = h.convert("社会救助 头发 业务");
        assert_eq!(h.convert(&once), once);
        assert!(!h.changes(&once));
    }
}

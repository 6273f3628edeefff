//! Writes the 简体 → 繁體 table (`gongkai_catalog::hant` says what the app does with it).
//!
//! The mapping comes from `character_converter` (MIT), which knows whole words as well as characters,
//! so 头发 becomes 頭髮 and 发展 becomes 發展. Only what the dataset and the interface use is written,
//! so the file stays a few kilobytes. Every pair must fold back to its simplified form through
//! `fast2s`, the table the search index folds traditional queries with (`search_index.rs`), so the two
//! directions agree: text copied from the 繁體 view finds itself in search.

use gongkai_catalog::hant::HantTable;
use gongkai_catalog::search::normalize::is_han;
use gongkai_catalog::{Catalog, PlaceEntries, CHANNELS, DOMAINS, FORMAT_VERSION};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The table for the given texts (no interface strings added).
pub fn hant_table<'a>(texts: impl Iterator<Item = &'a str>) -> HantTable {
    let mut words = HantWords::default();
    words.add_distinct(texts);
    words.table()
}

/// What the table is made from, gathered text by text so that millions of entry titles need not be
/// held: the words the texts use (as the tokenizer cuts them, with how often) and their characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HantWords {
    words: HashMap<String, u32>,
    charset: BTreeSet<char>,
}

impl HantWords {
    /// Adds one text (each occurrence counts in the votes of its characters' forms).
    pub fn add(&mut self, text: &str) {
        if !text.chars().any(is_han) {
            return;
        }
        self.charset.extend(text.chars().filter(|c| is_han(*c)));
        for word in character_converter::tokenize(text) {
            if word.chars().count() < 2 {
                continue;
            }
            match self.words.get_mut(word) {
                Some(n) => *n += 1,
                None => {
                    self.words.insert(word.to_string(), 1);
                }
            }
        }
    }

    /// Adds each distinct text of `texts` once. (A hash set, not a sorted one: adding is the same in
    /// any order, and sorting the millions of texts of a national dataset's catalogs took seconds.)
    pub fn add_distinct<'a>(&mut self, texts: impl Iterator<Item = &'a str>) {
        self.add_set(texts.collect());
    }

    /// Adds each text of a set once.
    pub fn add_set(&mut self, texts: std::collections::HashSet<&str>) {
        for t in texts {
            self.add(t);
        }
    }

    /// Adds the interface's strings and gives the table.
    pub fn finish(mut self) -> HantTable {
        let ui = ui_text();
        self.add_distinct(ui.iter().map(String::as_str));
        self.table()
    }

    /// The table of the texts added.
    pub fn table(&self) -> HantTable {
        let charset = &self.charset;
        // Words in a fixed order, so the table never depends on the hash map's.
        let mut words: Vec<(&str, u32)> = self.words.iter().map(|(w, n)| (w.as_str(), *n)).collect();
        words.sort_unstable();
        let converted: Vec<(&str, u32, String)> =
            words.into_iter().map(|(w, n)| (w, n, character_converter::simplified_to_traditional(w).into_owned())).collect();

        // Each character takes the traditional form the dataset's own words give it most often (历 → 歷
        // from 历史, 经历; 同 stays 同 from 同意, 合同), so a character with several forms gets the one this
        // text needs; a character in no word takes its own single-character form, unless it is also a
        // traditional character itself (后, 里, 干: which form depends on the word, left to the words).
        // A word of one character carries no context: the dictionary's pick for it (局 → 侷) is not a
        // vote (such words are not gathered).
        let mut votes: BTreeMap<char, BTreeMap<char, u32>> = BTreeMap::new();
        for (word, n, t) in &converted {
            if t.chars().count() != word.chars().count() {
                continue;
            }
            for (s, t) in word.chars().zip(t.chars()) {
                if is_han(s) && (s == t || folds_back(t, s)) {
                    *votes.entry(s).or_default().entry(t).or_default() += n;
                }
            }
        }
        let mut chars: BTreeMap<char, char> = BTreeMap::new();
        for &s in charset {
            let t = match votes.get(&s) {
                // Most votes; a tie keeps the character as it is, else the lowest code point.
                Some(v) => v.iter().max_by_key(|(t, n)| (**n, **t == s, std::cmp::Reverse(**t))).map(|(t, _)| *t),
                None if character_converter::is_traditional(&s.to_string()) => None,
                None => single(&character_converter::simplified_to_traditional(&s.to_string())),
            };
            if let Some(t) = t {
                if t != s && folds_back(t, s) {
                    chars.insert(s, t);
                }
            }
        }
        // Idempotence: a traditional form that is itself a key would convert again.
        let keys: BTreeSet<char> = chars.keys().copied().collect();
        chars.retain(|_, t| !keys.contains(t));

        let by_chars = |w: &str| -> String { w.chars().map(|c| *chars.get(&c).unwrap_or(&c)).collect() };
        let mut phrases: BTreeMap<String, String> = BTreeMap::new();
        for (word, _, t) in converted {
            let n = word.chars().count();
            if t.chars().count() != n || t == by_chars(word) {
                continue;
            }
            let ok = word.chars().zip(t.chars()).all(|(s, t)| (s == t || folds_back(t, s)) && !chars.contains_key(&t));
            if ok {
                phrases.insert(word.to_string(), t);
            }
        }
        HantTable { format_version: FORMAT_VERSION, chars: chars.iter().flat_map(|(a, b)| [*a, *b]).collect(), phrases }
    }
}

/// The texts of the catalogs and entries a citizen can see, plus the domain and channel names.
pub fn catalog_text<'a>(catalogs: &'a [Catalog], entries: &'a [PlaceEntries]) -> impl Iterator<Item = &'a str> + 'a {
    let fixed = DOMAINS.iter().map(|d| d.name).chain(CHANNELS.iter().copied());
    let items = catalogs.iter().flat_map(|c| {
        let own = c.levels.iter().map(|l| l.label.as_str()).chain(c.extra_columns.iter().map(String::as_str));
        let na = c.not_applicable.iter().map(|n| n.reason.as_str());
        let rows = c.items.iter().flat_map(|i| {
            let basis = i.basis.iter().flat_map(|b| std::iter::once(b.text.as_str()).chain(b.tag.as_deref()));
            let audience = i.audience.iter().filter_map(|a| match a {
                gongkai_catalog::Audience::Specific { group } => group.as_deref(),
                _ => None,
            });
            i.path
                .iter()
                .chain(&i.content)
                .chain(&i.channels)
                .chain(&i.township_channels)
                .chain(&i.content_titles)
                .chain(i.item_type.iter())
                .chain(i.extras.values())
                .map(String::as_str)
                .chain([i.time_limit.text.as_str(), i.body.as_str()])
                .chain(basis)
                .chain(audience)
        });
        own.chain(na).chain(rows)
    });
    let titles = entries.iter().flat_map(|e| e.entries.iter().map(|x| x.title.as_str()));
    fixed.chain(items).chain(titles)
}

/// The interface's own strings: the text of the app's sources (`src/**/*.rs`, `index.html`, and the
/// crates whose words the app shows: `gongkai_view`'s labels, `gongkai_catalog`'s such as the sample
/// banner, and the build step's maps, whose credit lines it writes: 三沙市的远海岛屿绘于右下方框内) when the build step runs from the project's checkout, as the Trunk hook does. Elsewhere it
/// is empty, and interface characters the dataset does not use stay simplified.
pub fn ui_text() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    if let Ok(s) = std::fs::read_to_string(root.join("index.html")) {
        out.push(s);
    }
    let mut dirs = vec![root.join("crates/catalog/src"), root.join("crates/view/src"), root.join("crates/bundle/src/geo"), root.join("src")];
    while let Some(dir) = dirs.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                if let Ok(s) = std::fs::read_to_string(&p) {
                    // One text per line: the word tokenizer then sees the strings as written.
                    out.extend(s.lines().filter(|l| l.chars().any(is_han)).map(str::to_string));
                }
            }
        }
    }
    out
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Whether the search's traditional → simplified folding takes `t` back to `s`.
fn folds_back(t: char, s: char) -> bool {
    single(&fast2s::convert(&t.to_string())) == Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_catalog::hant::Hant;

    fn convert(texts: &[&str], s: &str) -> String {
        Hant::new(&hant_table(texts.iter().copied())).convert(s)
    }

    #[test]
    fn the_table_holds_only_characters_the_texts_use() {
        let t = hant_table(["社会救助", "ABC"].into_iter());
        let keys: Vec<char> = t.chars.chars().step_by(2).collect();
        assert_eq!(keys, ['会'], "社, 救 and 助 are the same in both scripts");
        assert_eq!(convert(&["社会救助"], "社会救助"), "社會救助");
    }

    #[test]
    fn government_words_convert_as_people_write_them() {
        let texts = ["最低生活保障", "发展和改革", "政务服务中心", "义务教育", "财政预决算", "农村危房改造"];
        for (s, t) in [
            ("最低生活保障", "最低生活保障"),
            ("发展和改革", "發展和改革"),
            ("政务服务中心", "政務服務中心"),
            ("义务教育", "義務教育"),
            ("财政预决算", "財政預決算"),
            ("农村危房改造", "農村危房改造"),
        ] {
            assert_eq!(convert(&texts, s), t);
        }
    }

    #[test]
    fn characters_take_the_form_their_words_use() {
        let texts = ["合同 同意 历史 经历 家庭 国家 局长 结果 公开 举报", "县民政局"];
        let h = Hant::new(&hant_table(texts.into_iter()));
        assert_eq!(h.convert("合同 同意 历史 家庭 局长 举报 民政局"), "合同 同意 歷史 家庭 局長 舉報 民政局");
    }

    #[test]
    fn every_pair_folds_back_through_the_search_table() {
        let t = hant_table(["社会救助 农机购置补贴 发展 头发 后来 干部 里面 台湾 复议"].into_iter());
        let h = Hant::new(&t);
        let text = "社会救助 农机购置补贴 发展 头发 后来 干部 里面 台湾 复议";
        assert_eq!(fast2s::convert(&h.convert(text)), text);
    }

    #[test]
    fn converting_the_converted_text_changes_nothing() {
        let texts = ["社会救助 发展 头发 干部 里面 台湾 复议 征收 范围 制度"];
        let h = Hant::new(&hant_table(texts.into_iter()));
        let once = h.convert(texts[0]);
        assert_eq!(h.convert(&once), once);
    }

    #[test]
    fn the_interface_strings_are_found_in_the_checkout() {
        let ui = ui_text().concat();
        assert!(ui.contains("政务公开"), "the app's sources should be readable from the build step");
        // Words the app shows from its crates: the sample banner (仅 became 僅 only where a dataset
        // happened to write 仅), a place's kind.
        for text in [gongkai_catalog::first_screen::SAMPLE_LEAD, gongkai_view::places::kind_label(gongkai_catalog::PlaceKind::Province)] {
            assert!(ui.contains(text), "{text}");
        }
        // And the maps' credit lines, which the build step writes (遠 and 繪 were left simplified).
        assert!(ui.contains("的远海岛屿绘于右下方框内，比例与主图不同"));
    }
}

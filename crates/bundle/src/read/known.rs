//! Saying what was found when a value is not one the build step knows: the text as written, the
//! closest known value when one is close, and where the known values are listed
//! (docs/source-format.md, section "Known values"), so a clerk can fix the cell without guessing.

use gongkai_catalog::entry_kind::ENTRY_KIND_ALIASES;
use gongkai_catalog::{Tier, CHANNELS, CHANNEL_ALIASES, DOMAINS, ENTRY_KINDS};

/// Where the known values are documented, as a clerk would look it up.
pub const DOC_ZH: &str = "已知取值见 docs/source-format.md「已知取值」一节";
pub const DOC_EN: &str = "the known values are listed in docs/source-format.md, section \"Known values\"";

/// Level labels the build step maps to a tier (others are read too, but by position).
pub const LEVEL_LABELS: &[&str] = &["市级", "县级", "区级", "县（市、区）级", "乡级", "镇级", "街道级", "乡镇级", "镇街级", "镇(街)级", "乡（镇、街道）级", "村级", "社区级", "村（社区）级", "乡、村级"];

/// Tick marks: ticked, then not ticked (the reader's lists, crate::read::cells).
pub use super::cells::{NO as TICK_NO, YES as TICK_YES};

/// The known value closest to `found`, if it is close: at most half of the longer one's characters
/// differ (Damerau–Levenshtein distance over characters, so a swapped pair is one typo), or one contains the other. `None` when `found` is
/// itself known.
pub fn closest<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found = found.trim();
    let n = found.chars().count();
    if n == 0 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        if k == found {
            return None;
        }
        if k.is_empty() {
            continue;
        }
        let d = strsim::damerau_levenshtein(found, k);
        let longer = n.max(k.chars().count());
        let contains = n >= 2 && k.chars().count() >= 2 && (found.contains(k) || k.contains(found));
        if (d <= longer / 2 || contains) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

fn suggestion(hint: Option<&str>) -> (String, String) {
    match hint {
        Some(h) => (format!("是不是「{h}」？"), format!("did you mean \"{h}\"? ")),
        None => (String::new(), String::new()),
    }
}

/// The domain name (2019 or 2017, or an alias) closest to `found`, if one is close.
pub fn closest_domain(found: &str) -> Option<&'static str> {
    closest(found, DOMAINS.iter().flat_map(|d| std::iter::once(d.name).chain(d.aliases.iter().copied())))
}

/// The domain a text that names none comes closest to naming ("长沙县社会求助领域…目录" → 社会救助): the
/// text before 领域 (or the whole text), tried from its longest tail of up to 10 characters down to 2,
/// since a domain name ends where 领域 begins and a place name comes before it.
pub fn domain_named_near(text: &str) -> Option<&'static str> {
    let base: Vec<char> = text.split("领域").next().unwrap_or(text).trim().chars().collect();
    (2..=base.len().min(10)).rev().find_map(|n| closest_domain(&base[base.len() - n..].iter().collect::<String>()))
}

/// "「社会求助」不是26个领域之一。是不是「社会救助」？已知取值见 …" in Chinese and English.
pub fn unknown_domain(found: &str) -> (String, String) {
    let (zh, en) = suggestion(closest_domain(found));
    (
        format!("领域「{found}」不是26个领域之一（2019年或2017年名称均可）。{zh}{DOC_ZH}"),
        format!("domain {found:?} is not one of the 26 domains (2019 or 2017 names). {en}{DOC_EN}"),
    )
}

/// An unknown channel, kept as written.
pub fn unknown_channel(found: &str) -> (String, String) {
    let names = CHANNELS.iter().copied().chain(CHANNEL_ALIASES.iter().map(|(a, _)| *a));
    let (zh, en) = suggestion(closest(found, names));
    (
        format!("未识别的公开渠道「{found}」，已按原文保留（浏览器不能按标准渠道筛选它）。{zh}{DOC_ZH}"),
        format!("unknown channel {found:?}, kept as written (the explorer cannot filter it as a standard channel). {en}{DOC_EN}"),
    )
}

/// An unknown entry type (类型): the row is refused, since the page would file it in the wrong group.
pub fn unknown_entry_kind(found: &str) -> (String, String) {
    let names = ENTRY_KINDS.iter().map(|k| k.name()).chain(ENTRY_KIND_ALIASES.iter().map(|(a, _)| *a));
    let (zh, en) = suggestion(closest(found, names));
    let all = ENTRY_KINDS.map(|k| k.name()).join("、");
    (
        format!("未知的信息类型「{found}」，应为{all}之一或留空。{zh}{DOC_ZH}"),
        format!("unknown entry type {found:?}; write one of {all} or leave it empty. {en}{DOC_EN}"),
    )
}

/// An unrecognised tick mark, read as not ticked.
pub fn unknown_tick(found: &str) -> (String, String) {
    let (zh, en) = suggestion(closest(found, TICK_YES.iter().chain(TICK_NO.iter()).copied()));
    (
        format!("无法识别的勾选标记「{found}」，已按未勾选处理：打勾请写 √ 或 ■，不勾请留空或写 □。{zh}{DOC_ZH}"),
        format!("unrecognised tick mark {found:?}, read as not ticked: write √ or ■ to tick, leave it empty or write □ otherwise. {en}{DOC_EN}"),
    )
}

/// The 示例 column of channels, entries and links: 是 (√, ✓) marks a row as sample data, empty or 否
/// marks it as real. Anything else is refused with the column named, so a typo cannot turn an invented
/// row into one the app shows as real. Returns (zh, en) for the row's error.
pub fn sample_tick(text: &str) -> Result<bool, (String, String)> {
    match text.trim() {
        "" | "否" => Ok(false),
        "是" | "√" | "✓" => Ok(true),
        other => Err((format!("「{other}」应为 是 或留空"), format!("{other:?} should be 是 or empty"))),
    }
}

/// Whether a level label names a tier the build step recognises by its words (市 县 区 乡 镇 街 村 居 社区).
pub fn is_known_level(label: &str) -> bool {
    label.chars().any(|c| "市县区乡镇街村居".contains(c)) || label.contains("社区")
}

/// A level label that names no tier: read by position (the tier below the label before it).
pub fn unknown_level(found: &str, read_as: Tier) -> (String, String) {
    let (zh, en) = suggestion(closest(found, LEVEL_LABELS.iter().copied()));
    (
        format!("未识别的公开层级「{found}」，已按位置当作{}处理。{zh}{DOC_ZH}", read_as.name_zh()),
        format!("unrecognised level {found:?}, read by its position as the {read_as:?} tier. {en}{DOC_EN}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_values_are_suggested_and_far_ones_are_not() {
        let domains = || DOMAINS.iter().map(|d| d.name);
        let cases: &[(&str, Option<&str>)] = &[
            ("社会求助", Some("社会救助")),
            ("户籍管里", Some("户籍管理")),
            ("社会救助领域事项", Some("社会救助")),
            ("财政", Some("财政预决算")),
            ("交通运输", None),
            ("", None),
            ("社会救助", None),
        ];
        for (found, want) in cases {
            assert_eq!(closest(found, domains()), *want, "{found}");
        }
        assert_eq!(closest("政府网", CHANNELS.iter().copied()), Some("政府网站"));
        assert_eq!(closest("X", ["Y", "N", "是"]), None);
    }

    #[test]
    fn messages_quote_the_text_and_say_where_the_known_values_are() {
        let (zh, en) = unknown_domain("社会求助");
        assert!(zh.contains("「社会求助」") && zh.contains("「社会救助」") && zh.contains("docs/source-format.md"), "{zh}");
        assert!(en.contains("\"社会求助\"") && en.contains("did you mean \"社会救助\"") && en.contains("Known values"), "{en}");
        let (zh, _) = unknown_level("全域", Tier::Township);
        assert!(zh.contains("「全域」") && zh.contains("乡级"), "{zh}");
    }
}

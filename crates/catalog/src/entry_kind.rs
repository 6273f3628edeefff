//! The type of a published entry (类型): a policy document, its interpretation, a graphic, a service
//! guide or a published result. Optional in the sources; the item page groups entries by it, in
//! [`ENTRY_KINDS`] order, and shows each policy with the entries that interpret it.

use serde::{Deserialize, Serialize};

/// A published entry's type. Stored in the bundle by its English key (`"policy"`, …) so a renamed
/// Chinese label does not change the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// 政策文件.
    Policy,
    /// 政策解读 (text, graphic or video interpretation of a policy).
    Interpretation,
    /// 图解.
    Graphic,
    /// 办事指南.
    Guide,
    /// 结果公示.
    Result,
}

/// Every type, in the order the item page shows their groups.
pub const ENTRY_KINDS: [EntryKind; 5] = [EntryKind::Policy, EntryKind::Interpretation, EntryKind::Graphic, EntryKind::Guide, EntryKind::Result];

/// Other names clerks write for a type, each with the type it means.
pub const ENTRY_KIND_ALIASES: &[(&str, EntryKind)] = &[
    ("政策", EntryKind::Policy),
    ("文件", EntryKind::Policy),
    ("解读", EntryKind::Interpretation),
    ("图文解读", EntryKind::Interpretation),
    ("视频解读", EntryKind::Interpretation),
    ("图片解读", EntryKind::Graphic),
    ("服务指南", EntryKind::Guide),
    ("结果公开", EntryKind::Result),
];

impl EntryKind {
    /// The type's name as the sources and the page write it.
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Policy => "政策文件",
            EntryKind::Interpretation => "政策解读",
            EntryKind::Graphic => "图解",
            EntryKind::Guide => "办事指南",
            EntryKind::Result => "结果公示",
        }
    }

    /// The type's key in the bundle and in URLs (`type=policy`): its serde name.
    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Policy => "policy",
            EntryKind::Interpretation => "interpretation",
            EntryKind::Graphic => "graphic",
            EntryKind::Guide => "guide",
            EntryKind::Result => "result",
        }
    }

    /// The type of a key written by [`EntryKind::key`].
    pub fn from_key(key: &str) -> Option<EntryKind> {
        ENTRY_KINDS.iter().copied().find(|k| k.key() == key)
    }

    /// The type's number in the search fragments' compact column: its place in [`ENTRY_KINDS`] plus one
    /// (0 is an entry without a type).
    pub fn code(kind: Option<EntryKind>) -> u8 {
        kind.and_then(|k| ENTRY_KINDS.iter().position(|&x| x == k)).map_or(0, |i| i as u8 + 1)
    }

    /// The type of a number written by [`EntryKind::code`]; none for 0 and unknown numbers.
    pub fn from_code(code: u8) -> Option<EntryKind> {
        ENTRY_KINDS.get(usize::from(code).checked_sub(1)?).copied()
    }

    /// Reads a type as written in the sources (its name or an alias, surrounding spaces ignored).
    pub fn from_name(text: &str) -> Option<EntryKind> {
        let t = text.trim();
        ENTRY_KINDS
            .iter()
            .copied()
            .find(|k| k.name() == t)
            .or_else(|| ENTRY_KIND_ALIASES.iter().find(|(a, _)| *a == t).map(|&(_, k)| k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_read_back() {
        for k in ENTRY_KINDS {
            assert_eq!(EntryKind::from_name(k.name()), Some(k));
        }
        let cases = [(" 解读 ", Some(EntryKind::Interpretation)), ("服务指南", Some(EntryKind::Guide)), ("政策解答", None), ("", None)];
        for (text, want) in cases {
            assert_eq!(EntryKind::from_name(text), want, "{text:?}");
        }
    }

    #[test]
    fn the_bundle_stores_the_english_key() {
        for k in ENTRY_KINDS {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.key()));
            assert_eq!(EntryKind::from_key(k.key()), Some(k));
        }
        assert_eq!(EntryKind::from_key("Policy"), None);
    }

    #[test]
    fn codes_read_back_and_zero_is_no_type() {
        assert_eq!(EntryKind::code(None), 0);
        for k in ENTRY_KINDS {
            assert_ne!(EntryKind::code(Some(k)), 0);
            assert_eq!(EntryKind::from_code(EntryKind::code(Some(k))), Some(k));
        }
        assert_eq!(EntryKind::from_code(0), None);
        assert_eq!(EntryKind::from_code(6), None);
    }
}

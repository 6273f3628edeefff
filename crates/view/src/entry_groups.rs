//! The item page's published entries grouped by type (类型): the groups in [`ENTRY_KINDS`] order,
//! untyped entries last as 其他, and each entry with the entries that interpret it (解读对象) under it
//! rather than in a group of their own.

use gongkai_catalog::{EntryKind, PublishedEntry, ENTRY_KINDS};

/// One group of the item page: a type (None for 其他) and its entries, in the order given.
#[derive(Debug, PartialEq, Eq)]
pub struct EntryGroup<'a> {
    pub kind: Option<EntryKind>,
    pub entries: Vec<Grouped<'a>>,
}

impl EntryGroup<'_> {
    pub fn label(&self) -> &'static str {
        self.kind.map_or("其他", EntryKind::name)
    }
}

/// An entry and the entries that interpret it, in the order given.
#[derive(Debug, PartialEq, Eq)]
pub struct Grouped<'a> {
    pub entry: &'a PublishedEntry,
    pub interpretations: Vec<&'a PublishedEntry>,
}

/// The entry `e` interprets, if it is in `list` (the first with that title; not `e` itself).
fn target(list: &[PublishedEntry], e: &PublishedEntry) -> Option<usize> {
    let wanted = e.interprets.as_deref()?;
    list.iter().position(|t| t.title == wanted && !std::ptr::eq(t, e))
}

/// Groups `list` (one item's entries, in display order). Only one level nests: an entry whose target
/// itself sits under another stays in its own group, so no entry is lost.
pub fn group(list: &[PublishedEntry]) -> Vec<EntryGroup<'_>> {
    let parent: Vec<Option<usize>> =
        list.iter().map(|e| target(list, e).filter(|&t| target(list, &list[t]).is_none())).collect();
    let kinds = ENTRY_KINDS.iter().copied().map(Some).chain([None]);
    kinds
        .filter_map(|kind| {
            let entries: Vec<Grouped> = list
                .iter()
                .enumerate()
                .filter(|(i, e)| e.kind == kind && parent[*i].is_none())
                .map(|(i, entry)| Grouped {
                    entry,
                    interpretations: list.iter().zip(&parent).filter(|(_, p)| **p == Some(i)).map(|(e, _)| e).collect(),
                })
                .collect();
            (!entries.is_empty()).then_some(EntryGroup { kind, entries })
        })
        .collect()
}

/// Whether the page needs group headings: not for a list that is all 其他 (the sources gave no types).
pub fn has_headings(groups: &[EntryGroup]) -> bool {
    groups.iter().any(|g| g.kind.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn e(title: &str, kind: Option<EntryKind>, interprets: Option<&str>) -> PublishedEntry {
        PublishedEntry {
            item: "i".into(),
            title: title.into(),
            date: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            url: None,
            kind,
            interprets: interprets.map(str::to_string),
            sample: false,
        }
    }

    /// Each group as "label: title[under, …]" for a readable table.
    fn shape(list: &[PublishedEntry]) -> Vec<String> {
        group(list)
            .iter()
            .map(|g| {
                let items: Vec<String> = g
                    .entries
                    .iter()
                    .map(|x| {
                        let under: Vec<&str> = x.interpretations.iter().map(|i| i.title.as_str()).collect();
                        if under.is_empty() { x.entry.title.clone() } else { format!("{}[{}]", x.entry.title, under.join(",")) }
                    })
                    .collect();
                format!("{}: {}", g.label(), items.join(" "))
            })
            .collect()
    }

    #[test]
    fn entries_group_by_type_with_interpretations_under_their_policy() {
        use EntryKind::*;
        let cases: Vec<(&str, Vec<PublishedEntry>, Vec<&str>)> = vec![
            ("untyped only", vec![e("名单", None, None), e("通知", None, None)], vec!["其他: 名单 通知"]),
            (
                "fixed order, untyped last, whatever the input order",
                vec![e("名单", None, None), e("公示", Some(Result), None), e("办法", Some(Policy), None), e("指南", Some(Guide), None)],
                vec!["政策文件: 办法", "办事指南: 指南", "结果公示: 公示", "其他: 名单"],
            ),
            (
                "interpretations and graphics sit under the policy they name, in input order",
                vec![
                    e("图解", Some(Graphic), Some("办法")),
                    e("办法", Some(Policy), None),
                    e("解读", Some(Interpretation), Some("办法")),
                    e("另一解读", Some(Interpretation), None),
                ],
                vec!["政策文件: 办法[图解,解读]", "政策解读: 另一解读"],
            ),
            (
                "a target not in the list leaves the entry in its own group",
                vec![e("解读", Some(Interpretation), Some("别的办法"))],
                vec!["政策解读: 解读"],
            ),
            (
                "one level only: an interpretation of an interpretation stays visible",
                vec![e("办法", Some(Policy), None), e("解读", Some(Interpretation), Some("办法")), e("解读的解读", None, Some("解读"))],
                vec!["政策文件: 办法[解读]", "其他: 解读的解读"],
            ),
        ];
        for (name, list, want) in cases {
            assert_eq!(shape(&list), want, "{name}");
        }
    }

    #[test]
    fn headings_only_when_some_entry_has_a_type() {
        assert!(!has_headings(&group(&[e("名单", None, None)])));
        assert!(has_headings(&group(&[e("名单", None, None), e("办法", Some(EntryKind::Policy), None)])));
    }
}

//! CSV export of a filtered catalog, made to open correctly in Excel on Chinese Windows: UTF-8 with a
//! byte-order mark (without it Excel reads the bytes as GBK and shows mojibake), CRLF line ends, every
//! field quoted, and any cell that a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
//! `@`, `＝`, or a tab or carriage return before one of them) prefixed with `'` (CSV injection, OWASP).
//!
//! The app builds the file in the browser from the catalog it already has, with the citizen's active
//! filters; the columns follow the national catalog template.

use crate::domain::Domain;
use crate::filter::{applicable, Filters};
use crate::model::{Applicability, Audience, Catalog, DisclosureItem, PublishedEntry};

/// The byte-order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// The items a citizen sees for a place: those that apply there ([`Catalog::applies`]), matching every chosen filter,
/// and of one domain when `domain` is set, in catalog order.
pub fn filtered_items<'a>(
    catalog: &'a Catalog,
    at: Applicability,
    filters: &'a Filters,
    domain: Option<u8>,
) -> impl Iterator<Item = &'a DisclosureItem> + 'a {
    applicable(catalog, at)
        .filter(move |i| domain.is_none_or(|d| i.domain == d))
        .filter(move |i| filters.matches(catalog, i))
}

/// The CSV text (with BOM) of `items` from `catalog`: one header row, then one row per item. The
/// elements of 湘潭's template (事项类型, 公开内容标题, 公开渠道和载体 of the 乡级) get a column each when
/// the catalog has them, whichever items are exported, so every export of a catalog has one shape.
pub fn catalog_csv<'a>(catalog: &Catalog, items: impl IntoIterator<Item = &'a DisclosureItem>) -> String {
    let has_types = catalog.items.iter().any(|i| i.item_type.is_some());
    let has_titles = catalog.items.iter().any(|i| !i.content_titles.is_empty());
    let has_township_channels = catalog.items.iter().any(|i| !i.township_channels.is_empty());
    let mut header: Vec<String> = [
        "序号", "领域", "一级事项", "二级事项", "三级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
        "公开渠道和载体", "公开对象", "公开方式", "公开层级",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let template_columns = [(has_types, "事项类型"), (has_titles, "公开内容标题"), (has_township_channels, "公开渠道和载体（乡级）")];
    header.extend(template_columns.iter().filter(|(has, _)| *has).map(|(_, name)| name.to_string()));
    header.extend(catalog.extra_columns.iter().cloned());
    header.push("备注".into());

    let mut out = String::from(BOM);
    push_row(&mut out, header.iter().map(String::as_str));
    for item in items {
        let domain = Domain::by_id(item.domain).map_or_else(|| item.domain.to_string(), |d| d.name.to_string());
        let path = |n: usize| item.path.get(n).cloned().unwrap_or_default();
        let basis: Vec<String> = item
            .basis
            .iter()
            .map(|b| match &b.tag {
                Some(t) => format!("{t}{}", b.text),
                None => b.text.clone(),
            })
            .collect();
        let audience: Vec<String> = item
            .audience
            .iter()
            .map(|a| match a {
                Audience::Specific { group: Some(g) } => format!("{}（{g}）", a.label()),
                _ => a.label().to_string(),
            })
            .collect();
        let modes: Vec<&str> = item.modes.iter().map(|m| m.label()).collect();
        let levels: Vec<&str> = catalog.level_labels(item).collect();
        let mut row: Vec<String> = vec![
            item.number.clone().unwrap_or_default(),
            domain,
            path(0),
            path(1),
            path(2),
            item.content.join("\n"),
            basis.join("\n"),
            item.time_limit.text.clone(),
            item.body.clone(),
            item.channels.join("、"),
            audience.join("、"),
            modes.join("、"),
            levels.join("、"),
        ];
        let template_cells = [
            (has_types, item.item_type.clone().unwrap_or_default()),
            (has_titles, item.content_titles.join("\n")),
            (has_township_channels, item.township_channels.join("、")),
        ];
        row.extend(template_cells.into_iter().filter(|(has, _)| *has).map(|(_, cell)| cell));
        for col in 0..catalog.extra_columns.len() {
            row.push(item.extras.get(&(col as u8)).cloned().unwrap_or_default());
        }
        row.push(if item.sample { "示例".into() } else { String::new() });
        push_row(&mut out, row.iter().map(String::as_str));
    }
    out
}

/// The CSV text (with BOM) of an item's published entries at a place, in the order given: title, type
/// (类型), the entry it interprets (解读对象), date and link — what the item page lists, for a citizen
/// who keeps a record or a clerk who checks what was published.
pub fn entries_csv<'a>(entries: impl IntoIterator<Item = &'a PublishedEntry>) -> String {
    let mut out = String::from(BOM);
    push_row(&mut out, ["标题", "类型", "解读对象", "发布日期", "链接", "备注"].into_iter());
    for e in entries {
        let date = e.date.to_string();
        let row = [
            e.title.as_str(),
            e.kind.map_or("", |k| k.name()),
            e.interprets.as_deref().unwrap_or(""),
            date.as_str(),
            e.url.as_deref().unwrap_or(""),
            if e.sample { "示例" } else { "" },
        ];
        push_row(&mut out, row.into_iter());
    }
    out
}

/// A suitable file name: `<place name>-政务公开事项目录.csv`, with characters Windows refuses replaced.
pub fn file_name(place_name: &str) -> String {
    format!("{}-政务公开事项目录.csv", clean_name(place_name))
}

/// The file name of an item's entries: `<place name>-<item name>-公开信息.csv`, cleaned the same way.
pub fn entries_file_name(place_name: &str, item_name: &str) -> String {
    format!("{}-{}-公开信息.csv", clean_name(place_name), clean_name(item_name))
}

fn clean_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c })
        .collect();
    clean.trim().to_string()
}

fn push_row<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (n, f) in fields.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&quote(f));
    }
    out.push_str("\r\n");
}

/// One field, quoted, inner quotes doubled, formula triggers defused.
pub fn quote(field: &str) -> String {
    let mut s = String::with_capacity(field.len() + 3);
    s.push('"');
    if starts_like_formula(field) {
        s.push('\'');
    }
    s.push_str(&field.replace('"', "\"\""));
    s.push('"');
    s
}

fn starts_like_formula(field: &str) -> bool {
    // A leading tab or CR is stripped by some spreadsheets before they look for a formula.
    let rest = field.trim_start_matches(['\t', '\r']);
    let lead_ws = rest.len() != field.len();
    match field.chars().next() {
        // The full-width ＝ too: Excel on Chinese Windows reads it as =.
        Some('=' | '+' | '-' | '@' | '＝') => true,
        Some(_) if lead_ws => matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '＝')),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::Tier;
    use crate::model::{LegalBasis, LevelLabel, Mode, TimeLimit};

    const TOWNSHIP: Applicability = Applicability { tier: Tier::Township, inherited: true };

    fn item(id: &str, domain: u8, path: &[&str], levels: &[u8], modes: &[Mode]) -> DisclosureItem {
        DisclosureItem {
            id: id.into(),
            domain,
            path: path.iter().map(|s| s.to_string()).collect(),
            time_limit: TimeLimit { text: "20个工作日内".into(), parsed: None },
            body: "县民政局".into(),
            channels: vec!["政府网站".into()],
            audience: vec![Audience::Public],
            modes: modes.to_vec(),
            levels: levels.to_vec(),
            ..Default::default()
        }
    }

    fn catalog() -> Catalog {
        let mut a = item("20-a", 20, &["最低生活保障", "低保对象认定"], &[1], &[Mode::Proactive]);
        a.content = vec!["申请条件".into(), "办理流程".into()];
        a.basis = vec![LegalBasis { text: "《社会救助暂行办法》".into(), tag: Some("【法规】".into()) }];
        let mut b = item("20-b", 20, &["特困人员救助供养", "=HYPERLINK(\"http://x\")"], &[1], &[Mode::OnRequest]);
        b.body = "-乡镇人民政府".into();
        let c = item("1-c", 1, &["重大建设项目"], &[0], &[Mode::Proactive]);
        Catalog {
            format_version: 1,
            owner: "430121".into(),
            levels: vec![
                LevelLabel { label: "县级".into(), tier: Tier::County },
                LevelLabel { label: "乡级".into(), tier: Tier::Township },
            ],
            extra_columns: vec![],
            items: vec![a, b, c],
            not_applicable: vec![],
            brief: false,
        }
    }

    #[test]
    fn the_file_starts_with_a_bom_and_ends_rows_with_crlf() {
        let c = catalog();
        let csv = catalog_csv(&c, &c.items);
        assert!(csv.starts_with('\u{FEFF}'));
        assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(csv.matches("\r\n").count(), 4, "header and three rows");
        assert!(csv.ends_with("\r\n"));
        // No bare LF line ends outside quoted fields: every LF in a row belongs to a quoted multi-line cell.
        assert!(csv.contains("\"申请条件\n办理流程\""));
    }

    #[test]
    fn every_field_is_quoted_and_inner_quotes_are_doubled() {
        assert_eq!(quote("社会救助"), "\"社会救助\"");
        assert_eq!(quote("他说\"好\""), "\"他说\"\"好\"\"\"");
        assert_eq!(quote(""), "\"\"");
    }

    #[test]
    fn cells_that_look_like_formulas_are_defused_with_an_apostrophe() {
        for f in ["=1+1", "+86 731", "-2", "@SUM(A1)", "\t=cmd", "\r@x", "＝HYPERLINK(1)"] {
            assert!(quote(f).starts_with("\"'"), "{f:?} should be prefixed");
        }
        for f in ["社会救助", "1+1", "a=b", " 20个工作日内"] {
            assert!(!quote(f).starts_with("\"'"), "{f:?} should stay as is");
        }
        let c = catalog();
        let csv = catalog_csv(&c, &c.items);
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
        assert!(csv.contains("\"'-乡镇人民政府\""));
    }

    #[test]
    fn the_export_holds_only_the_items_the_citizen_filtered_to() {
        let c = catalog();
        let mut filters = Filters::default();
        filters.toggle(crate::filter::Facet::Mode, "依申请");
        let items: Vec<_> = filtered_items(&c, TOWNSHIP, &filters, None).collect();
        assert_eq!(items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["20-b"]);
        let none = Filters::default();
        let all: Vec<_> = filtered_items(&c, TOWNSHIP, &none, Some(20)).collect();
        assert_eq!(all.len(), 2, "the county row does not apply at a township");
        let csv = catalog_csv(&c, items);
        assert_eq!(csv.matches("\r\n").count(), 2);
        assert!(csv.contains("\"社会救助\"") && csv.contains("特困人员救助供养"));
        assert!(!csv.contains("最低生活保障"));
    }

    #[test]
    fn a_row_has_one_cell_per_header_column() {
        let mut c = catalog();
        c.extra_columns = vec!["五公开".into()];
        c.items[0].extras.insert(0, "决策公开".into());
        let csv = catalog_csv(&c, &c.items[..1]);
        let lines: Vec<&str> = csv.trim_start_matches(BOM).split("\r\n").filter(|l| !l.is_empty()).collect();
        let cells = |l: &str| l.matches("\",\"").count() + 1;
        assert_eq!(cells(lines[0]), cells(lines[1]));
        assert!(lines[0].contains("\"五公开\"") && lines[1].contains("\"决策公开\""));
        assert!(lines[1].contains("【法规】《社会救助暂行办法》"));
    }

    #[test]
    fn an_items_entries_export_with_their_type_and_what_they_interpret() {
        use crate::EntryKind;
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let policy = PublishedEntry {
            item: "20-a".into(),
            title: "长沙县最低生活保障实施办法".into(),
            date: day(1),
            url: Some("https://www.csx.gov.cn/zwgk/1.html".into()),
            kind: Some(EntryKind::Policy),
            interprets: None,
            sample: false,
        };
        let reading = PublishedEntry {
            title: "=图解《实施办法》".into(),
            date: day(2),
            url: None,
            kind: Some(EntryKind::Interpretation),
            interprets: Some(policy.title.clone()),
            sample: true,
            ..policy.clone()
        };
        let csv = entries_csv([&reading, &policy]);
        let lines: Vec<&str> = csv.trim_start_matches(BOM).split("\r\n").collect();
        let want = [
            r#""标题","类型","解读对象","发布日期","链接","备注""#,
            r#""'=图解《实施办法》","政策解读","长沙县最低生活保障实施办法","2026-03-02","","示例""#,
            r#""长沙县最低生活保障实施办法","政策文件","","2026-03-01","https://www.csx.gov.cn/zwgk/1.html","""#,
            "",
        ];
        assert_eq!(lines, want, "a header, a row per entry (formula cells defused), CRLF after each");
    }

    #[test]
    fn the_elements_of_the_xiangtan_template_get_columns_only_in_catalogs_that_have_them() {
        let plain = catalog();
        let header = |c: &Catalog| catalog_csv(c, &c.items[..0]).trim_start_matches(BOM).trim_end().to_string();
        assert!(!header(&plain).contains("事项类型") && !header(&plain).contains("乡级"));
        let mut c = catalog();
        c.items[0].item_type = Some("行政给付".into());
        c.items[0].content_titles = vec!["低保标准公告".into(), "低保对象名单".into()];
        c.items[0].township_channels = vec!["便民服务站".into()];
        assert!(header(&c).ends_with("\"事项类型\",\"公开内容标题\",\"公开渠道和载体（乡级）\",\"备注\""), "{}", header(&c));
        // The item without them has empty cells there, so the columns stay aligned.
        let csv = catalog_csv(&c, &c.items[..2]);
        assert!(csv.contains("\"行政给付\",\"低保标准公告\n低保对象名单\",\"便民服务站\",\"\""), "{csv}");
        let lines: Vec<&str> = csv.trim_start_matches(BOM).split("\r\n").filter(|l| !l.is_empty()).collect();
        let cells = |l: &str| l.matches("\",\"").count() + 1;
        assert_eq!((cells(lines[1]), cells(lines[2])), (cells(lines[0]), cells(lines[0])));
    }

    #[test]
    fn file_names_drop_characters_windows_refuses() {
        assert_eq!(file_name("长沙县"), "长沙县-政务公开事项目录.csv");
        assert_eq!(file_name("a/b:c"), "a_b_c-政务公开事项目录.csv");
        assert_eq!(entries_file_name("星沙街道", "最低生活保障/审批信息"), "星沙街道-最低生活保障_审批信息-公开信息.csv");
    }
}

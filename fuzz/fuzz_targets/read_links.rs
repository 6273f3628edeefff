//! The links reader (`links/*.csv`) on any bytes, applied to a small fixed register and catalog
//! (`common::fixture`): the first byte picks raw bytes (even) or tokens written after the real header
//! (odd): place codes of every kind, items right and wrong, links safe and not, 示例, quotes and
//! separators. Never panics or hangs; every row below the header is read or refused by an error naming
//! it (`common::check_rows`), and every link set on an item is one `safe_href` accepts.
#![no_main]

mod common;

use gongkai_bundle::links::apply_links;
use gongkai_catalog::link::safe_href;
use libfuzzer_sys::fuzz_target;

const HEADER: &str = "领域,一级事项,二级事项,三级事项,我要看,我要办,地区代码,示例\n";

const TOKENS: &[&str] = &[
    ",", ",", ",", ",", "\n", "\n", "\r\n", "\"", "\"\"", " ", "430121", "430121001", "430102", "430100",
    "430199", "社会救助", "社会求助", "最低生活保障", "政策", "审核信息", "特困人员救助供养",
    "https://example.gov.cn/see.html", "http://example.gov.cn/do", "tel:0731-84011111",
    "mailto:x@example.gov.cn", "javascript:alert(1)", "data:text/html,x", "https://exa\u{200b}mple.cn",
    "是", "否", "√", "x", "\u{202e}",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let fixture = common::fixture();
    let path = common::scratch_file("links.csv", &common::raw_or_tokens(mode, rest, HEADER, TOKENS));
    common::run_like_the_build_step(|| {
        let mut assembled = fixture.assembled();
        let mut diags = Vec::new();
        let counts = apply_links(std::slice::from_ref(&path), &fixture.register, &mut assembled, &mut diags);
        for d in &diags {
            assert_eq!(d.file, path, "{d}");
            assert!(d.row.is_none_or(|r| r >= 1), "{d}");
        }
        let linked: Vec<_> = assembled.catalogs.iter().flat_map(|c| &c.items).filter(|i| !i.links.is_empty()).collect();
        for item in &linked {
            for link in [&item.links.see, &item.links.act].into_iter().flatten() {
                assert_eq!(safe_href(link), Some(link.as_str()), "{}", item.id);
            }
        }
        let Some(&(_, rows)) = counts.first() else {
            assert!(diags.iter().any(|d| d.is_error()), "an unreadable file is an error: {diags:#?}");
            return;
        };
        // Each link row read names one item (set in every catalog the row reaches, so count ids).
        let ids: std::collections::BTreeSet<&str> = linked.iter().map(|i| i.id.as_str()).collect();
        common::check_rows(rows, ids.len(), &diags);
    });
});

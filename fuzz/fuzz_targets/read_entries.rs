//! The entries reader (`entries/*.csv`) on any bytes, resolved against a small fixed register and
//! catalog (`common::fixture`): the first byte picks raw bytes (even) or tokens written after the real
//! header (odd): place codes known, unknown and without a catalog, domains and items right and wrong,
//! dates, links safe and not, types, 解读对象, 示例, quotes and separators. Never panics or hangs; every
//! row below the header is an entry (read) or refused by an error naming it (`common::check_rows`),
//! and every entry kept is in the catalog that applies to its place, with a safe link.
#![no_main]

mod common;

use gongkai_bundle::entries::read_entries;
use gongkai_catalog::link::safe_href;
use libfuzzer_sys::fuzz_target;

const HEADER: &str = "地区代码,领域,一级事项,二级事项,三级事项,标题,发布日期,链接,形成日期,类型,解读对象,示例\n";

const TOKENS: &[&str] = &[
    ",", ",", ",", ",", "\n", "\n", "\r\n", "\"", "\"\"", " ", "430121", "430121001", "430102", "430100",
    "430199", "社会救助", "社会求助", "户籍管理", "最低生活保障", "政策", "审核信息", "特困人员救助供养",
    "长沙县低保政策", "低保政策解读", "2026-10-20", "2026/3/5", "2026年3月5日", "2026-02-30", "2026-10-21",
    "https://example.gov.cn/a.html", "javascript:alert(1)", "tel:0731-84011111", "政策文件", "政策解读",
    "图解", "办事指南", "是", "否", "√", "x", "\u{200b}", "\u{202e}",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let fixture = common::fixture();
    let path = common::scratch_file("430121.csv", &common::raw_or_tokens(mode, rest, HEADER, TOKENS));
    common::run_like_the_build_step(|| {
        let assembled = fixture.assembled();
        let mut diags = Vec::new();
        let mut entries = read_entries(std::slice::from_ref(&path), &fixture.register, &assembled, &mut diags, &fixture.scratch);
        let mut kept = 0;
        for place in entries.places() {
            let (catalog, _) = assembled.catalog_of(&place).expect("an entry's place has a catalog");
            for e in entries.take_place(&place, &mut diags) {
                kept += 1;
                assert!(catalog.items.iter().any(|i| i.id == e.entry.item), "{place}: {e:?}");
                assert!(!e.entry.title.trim().is_empty(), "{e:?}");
                if let Some(url) = &e.entry.url {
                    assert_eq!(safe_href(url), Some(url.as_str()), "{e:?}");
                }
            }
        }
        entries.finish(&mut diags);
        for d in &diags {
            assert!(d.file == path || d.file.starts_with(&fixture.scratch), "{d}");
            assert!(d.row.is_none_or(|r| r >= 1), "{d}");
        }
        let Some(&(_, rows)) = entries.files.first() else {
            assert!(diags.iter().any(|d| d.is_error()), "an unreadable file is an error: {diags:#?}");
            return;
        };
        common::check_rows(rows, kept, &diags);
    });
});

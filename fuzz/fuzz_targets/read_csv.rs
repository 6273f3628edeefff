//! The CSV catalog reader on any bytes. The first byte picks how the rest is used:
//! - even: the rest is the file itself — every encoding guess (UTF-8 with and without BOM, UTF-16,
//!   GBK, GB18030, mixtures), delimiters, quoting, title rows, header variants, merged-cell habits;
//! - odd: the rest is a sequence of tokens (quotes, separators, line breaks, ticks, domain names,
//!   column names, plain text) written after a complete catalog header, so that the fuzzer spends its
//!   time on rows below a real header: broken quoting, short and long rows, notes, repeated headers.
//! Never panics or hangs; the outcome is well-formed and every row is accounted for
//! (`common::check_outcome`).
#![no_main]

mod common;

use gongkai_bundle::read::read_catalog_file;
use libfuzzer_sys::fuzz_target;

const HEADER: &str = "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,全社会,特定群体,主动,依申请,县级,乡级,事项类型,公开内容标题\n";

/// What a row below the header can be made of.
const TOKENS: &[&str] = &[
    ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"\"", "\t", " ", "\u{3000}",
    "最低生活保障", "政策", "办事指南", "名单", "《社会救助暂行办法》", "10个工作日内", "县民政局",
    "政府网站", "政府网", "微信群", "√", "■", "□", "是", "yse", "X", "社会救助", "社会求助", "户籍管理",
    "未涉及领域事项说明", "注：本目录动态更新", "一级事项", "二级事项", "公开内容（要素）", "县级、乡级", "全域",
    "=HYPERLINK(\"x\")", "\u{200b}", "\u{202e}", "1", "12", "\u{fffd}", "领域",
];

fn structured(rest: &[u8]) -> Vec<u8> {
    let mut text = String::from(HEADER);
    for &b in rest {
        text.push_str(TOKENS[b as usize % TOKENS.len()]);
    }
    text.into_bytes()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode % 2 == 0 { rest.to_vec() } else { structured(rest) };
    let path = common::scratch_file("社会救助.csv", &bytes);
    common::run_like_the_build_step(|| {
        let out = read_catalog_file(&path);
        common::check_outcome(&path, &out);
    });
});

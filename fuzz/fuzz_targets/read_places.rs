//! The register reader (`places.csv`, read through the same bounded decoder and strict splitter as
//! entries and links) on any bytes: the first byte picks raw bytes (even) or tokens written after the
//! real header (odd). Never panics or hangs; every row below the header is a place or refused by a
//! diagnostic naming it (`common::check_rows`), and every place kept is well-formed.
#![no_main]

mod common;

use gongkai_bundle::register::read_register_counted;
use libfuzzer_sys::fuzz_target;

const TOKENS: &[&str] = &[
    ",", ",", "\n", "\n", "\r\n", "\"", "\"\"", " ", "430100", "430121", "430121001", "430121002", "4301x1",
    "430181", "439900", "长沙市", "长沙县", "星沙街道", "\u{200b}", "1", "0", "代码", "名称", "上级代码",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let mut text = String::from("代码,名称,上级代码\n");
        for &b in rest {
            text.push_str(TOKENS[b as usize % TOKENS.len()]);
        }
        text.into_bytes()
    };
    let path = common::scratch_file("places.csv", &bytes);
    common::run_like_the_build_step(|| {
        let mut diags = Vec::new();
        let (register, rows) = read_register_counted(&path, &mut diags);
        for d in &diags {
            assert_eq!(d.file, path, "{d}");
            assert!(d.row.is_none_or(|r| r >= 1), "{d}");
        }
        common::check_rows(rows, register.places.len(), &diags);
        assert_eq!(register.places.len(), rows.read, "every place read is kept: {diags:#?}");
        for p in &register.places {
            assert!(p.code.len() == 6 || p.code.len() == 9, "{p:?}");
            assert!(!p.name.is_empty());
            if let Some(parent) = &p.parent {
                assert!(register.get(parent).is_some(), "{p:?}");
            }
        }
    });
});

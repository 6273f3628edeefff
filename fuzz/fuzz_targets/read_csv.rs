//! The CSV catalog reader on any bytes: every encoding guess (UTF-8 with and without BOM, UTF-16, GBK,
//! GB18030, mixtures), delimiters, quoting, title rows, header variants, merged-cell habits. Never panics
//! or hangs; the outcome is always well-formed (see `common::check_outcome`).
#![no_main]

mod common;

use gongkai_bundle::read::read_catalog_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = common::scratch_file("社会救助.csv", data);
    common::run_like_the_build_step(|| {
        let out = read_catalog_file(&path);
        common::check_outcome(&path, &out);
    });
});

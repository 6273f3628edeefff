//! What the reader targets share: a scratch file per fuzzing process (the readers take a path), and the
//! properties every reading must have whatever the bytes.
// Each target uses part of this module.
#![allow(dead_code)]

use gongkai_bundle::diagnostic::{Diagnostic, RowCount};
use gongkai_bundle::read::ReadOutcome;
use std::collections::BTreeSet;
use gongkai_catalog::link::safe_href;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};

thread_local! {
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs one fuzz input the way the build step runs: panics unwind, so the XLSX reader's
/// `catch_unwind` turns a parser panic into a diagnostic, as in production. libfuzzer-sys's own hook
/// would abort on every panic, caught or not; it is replaced by one that only records the message.
/// A panic that escapes `body` is a real crash: it is printed and the process aborts, which libFuzzer
/// reports with the input. Set GONGKAI_FUZZ_ABORT_ON_ANY_PANIC=1 to keep libFuzzer's hook (and see the
/// panics the readers catch, e.g. calamine's).
pub fn run_like_the_build_step(body: impl FnOnce()) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        if std::env::var_os("GONGKAI_FUZZ_ABORT_ON_ANY_PANIC").is_none() {
            std::panic::set_hook(Box::new(|info| {
                LAST_PANIC.with(|p| *p.borrow_mut() = info.to_string())
            }));
        }
    });
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).is_err() {
        LAST_PANIC.with(|p| eprintln!("panic escaped the reader: {}", p.borrow()));
        std::process::abort();
    }
}

/// Writes the input to `<scratch dir>/<file_name>` and returns the path. The directory is on tmpfs when
/// there is one, and one per process, so parallel jobs do not share files.
pub fn scratch_file(file_name: &str, bytes: &[u8]) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("gongkai-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    });
    let path = dir.join(file_name);
    std::fs::write(&path, bytes).expect("scratch file");
    path
}

/// Every row accounted for: the non-empty rows below each header were each read or refused by a
/// diagnostic naming them (`rows == read + refused`), no row was left to the ledger's internal error,
/// every item is a row read, and a refused row is named by an error (by its own row, or by the
/// table-level error that names the range).
pub fn check_rows(rows: RowCount, items: usize, diags: &[Diagnostic]) {
    assert_eq!(rows.rows, rows.read + rows.refused, "{rows:?}: {diags:#?}");
    assert!(
        !diags.iter().any(|d| d.message.contains("内部错误")),
        "a row was neither read nor reported: {diags:#?}"
    );
    assert!(items <= rows.read, "{items} items from {rows:?}");
    if rows.refused > 0 {
        // Only errors refuse rows: a warning would let the build pass with the row missing.
        let errors = || diags.iter().filter(|d| d.is_error());
        let named: BTreeSet<(Option<&str>, u32)> = errors()
            .filter_map(|d| Some((d.sheet.as_deref(), d.row?)))
            .collect();
        let ranged = errors().any(|d| d.message.contains("没有读取"));
        // Past a file's 200 listed diagnostics, the rest are counted in one closing error
        // ("另有N个错误…未列出（在第a行至第b行之间）"): its N errors name their rows by that range.
        let unlisted: usize = errors().filter_map(|d| d.message.strip_prefix("另有")?.split('个').next()?.parse::<usize>().ok()).sum();
        assert!(
            named.len() + unlisted >= rows.refused || ranged,
            "{rows:?} but only {} rows named: {diags:#?}",
            named.len()
        );
    }
}

/// Whatever a file holds, the outcome is well-formed: diagnostics name the file, rows are numbered
/// as a spreadsheet shows them, every item has a domain of the 26 and a non-empty path, level and
/// extra indexes point into the table, any link is one `safe_href` accepts, and every row is
/// accounted for ([`check_rows`]).
pub fn check_outcome(path: &Path, out: &ReadOutcome) {
    let items = out.tables.iter().map(|t| t.rows.len()).sum();
    check_rows(out.rows, items, &out.diagnostics);
    for d in &out.diagnostics {
        assert_eq!(d.file, path, "{d}");
        assert!(d.row.is_none_or(|r| r >= 1), "{d}");
        assert!(!d.message.is_empty());
    }
    for t in &out.tables {
        assert_eq!(t.file, path);
        for r in &t.rows {
            let item = &r.item;
            assert!(r.row >= 1);
            assert!(
                (1..=26).contains(&item.domain),
                "row {}: domain {}",
                r.row,
                item.domain
            );
            assert!(
                !item.path.is_empty() && item.path.iter().all(|p| !p.trim().is_empty()),
                "row {}: {:?}",
                r.row,
                item.path
            );
            assert!(
                item.levels
                    .iter()
                    .all(|&l| (l as usize) < t.level_labels.len()),
                "row {}",
                r.row
            );
            assert!(
                item.extras
                    .keys()
                    .all(|&k| (k as usize) < t.extra_columns.len()),
                "row {}",
                r.row
            );
            for link in [&item.links.see, &item.links.act].into_iter().flatten() {
                assert_eq!(safe_href(link), Some(link.as_str()), "row {}", r.row);
            }
        }
    }
}

/// A small fixed source for the entries and links targets: a city, a county with a 社会救助 catalog,
/// its township (which inherits it), and a county without a catalog. Read once per process through
/// the real readers; each input then resolves against it.
pub struct Fixture {
    pub register: gongkai_bundle::register::Register,
    pub tables: std::collections::BTreeMap<String, gongkai_bundle::assemble::PlaceTables>,
    /// A folder of this process for the readers' scratch files.
    pub scratch: PathBuf,
}

const FIXTURE_PLACES: &str = "代码,名称,上级代码\n430100,长沙市,\n430121,长沙县,430100\n430121001,星沙街道,430121\n430102,芙蓉区,430100\n";
const FIXTURE_CATALOG: &str = "\
序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,全社会,特定群体,主动,依申请,县级,乡级,事项类型,公开内容标题
1,最低生活保障,政策,最低生活保障政策文件,《社会救助暂行办法》,10个工作日内,县民政局,政府网站,√,,√,,√,√,公共服务,低保政策
2,最低生活保障,审核信息,初审对象名单,《社会救助暂行办法》,10个工作日内,乡镇政府,村公示栏,√,,√,,,√,公共服务,低保名单
3,特困人员救助供养,政策,特困人员救助供养政策文件,《社会救助暂行办法》,10个工作日内,县民政局,政府网站,√,,√,,√,,公共服务,特困政策
";

pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let places = scratch_file("fixture_places.csv", FIXTURE_PLACES.as_bytes());
        let scratch = places.parent().unwrap().join("fixture");
        let folder = scratch.join("catalogs/430121");
        std::fs::create_dir_all(&folder).expect("fixture folder");
        let catalog = folder.join("长沙县社会救助领域基层政务公开事项目录.csv");
        std::fs::write(&catalog, FIXTURE_CATALOG).expect("fixture catalog");
        let mut diags = Vec::new();
        let register = gongkai_bundle::register::read_register(&places, &mut diags);
        let out = gongkai_bundle::read::read_catalog_file(&catalog);
        diags.extend(out.diagnostics);
        assert!(diags.iter().all(|d| !d.is_error()), "the fixture reads cleanly: {diags:#?}");
        assert_eq!((register.places.len(), out.tables.len()), (4, 1));
        let mut tables = std::collections::BTreeMap::new();
        tables.insert("430121".to_string(), gongkai_bundle::assemble::PlaceTables { folder, tables: out.tables });
        Fixture { register, tables, scratch }
    })
}

impl Fixture {
    /// The catalogs as the build assembles them (fresh: applying links changes them).
    pub fn assembled(&self) -> gongkai_bundle::assemble::AssembledCatalogs {
        let mut diags = Vec::new();
        let a = gongkai_bundle::assemble::assemble(&self.register, &self.tables, &mut diags);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
        a
    }
}

/// The rest of a fuzz input as a CSV file: the bytes themselves when `mode` is even, else tokens
/// (one per byte) written after `header`, so the fuzzer spends its time on rows below a real header.
pub fn raw_or_tokens(mode: u8, rest: &[u8], header: &str, tokens: &[&str]) -> Vec<u8> {
    if mode % 2 == 0 {
        return rest.to_vec();
    }
    let mut text = String::from(header);
    for &b in rest {
        text.push_str(tokens[b as usize % tokens.len()]);
    }
    text.into_bytes()
}

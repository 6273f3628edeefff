//! The first screen pre-rendered into index.html: the dataset's title, 用我的位置, the cities and
//! 关于数据, as the app draws them, with every text escaped.

use chrono::NaiveDate;
use gongkai_bundle::first_screen::{escape, fill, render, END_MARKER, MARKER};
use gongkai_catalog::*;

fn place(code: &str, name: &str, kind: PlaceKind, parent: Option<&str>, entries: u32) -> Place {
    Place {
        code: code.into(),
        name: name.into(),
        kind,
        parent: parent.map(Into::into),
        catalog: None,
        brief: None,
        tier: Tier::of_place(kind),
        inherited: false,
        entries: None,
        geo: None,
        children: None,
        counts: PlaceCounts { items: 0, entries, by_domain: vec![], ..Default::default() },
        measures: Measures::default(),
        channels: vec![],
        feed_domains: 0,
        sample_adaptation: false,
        adjustments: None,
    }
}

fn manifest(title: &str, sample: Option<&str>) -> Manifest {
    Manifest {
        format_version: FORMAT_VERSION,
        dataset: DatasetInfo {
            title: title.into(),
            description: "两市的目录".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
            sample: sample.map(Into::into),
            credits: vec![],
        },
        domains: vec![],
        places: vec![
            place("430100", "长沙市", PlaceKind::City, None, 7700),
            place("430121", "长沙县", PlaceKind::County, Some("430100"), 100),
            place("430300", "湘潭市", PlaceKind::City, None, 3881),
        ],
        facets: Facets::default(),
        files: Default::default(),
        search: None,
        hant: None,
        locate: None,
        map: None,
    }
}

#[test]
fn the_first_screen_lists_the_cities_with_what_the_app_shows_under_each() {
    let html = render(&manifest("长沙市·湘潭市基层政务公开事项目录", None));
    assert!(html.contains("<h1>长沙市·湘潭市基层政务公开事项目录</h1>"));
    assert!(html.contains(first_screen::HOME_LEAD));
    assert!(html.contains(
        "<a class=\"place-link\" href=\"?place=430100\"><span class=\"place-name\">长沙市</span><span class=\"place-detail\">1 个县（市、区） · 7700 条公开信息</span></a>"
    ));
    assert!(html.contains("href=\"?place=430300\""));
    assert!(!html.contains("430121"), "only cities: {html}");
    assert!(!html.contains("sample-banner"), "no banner without sample data");
}

#[test]
fn sample_data_gets_the_banner_with_the_dataset_note_behind_details() {
    let html = render(&manifest("t", Some("发布信息为示例")));
    assert!(html.starts_with("<aside class=\"sample-banner\" role=\"note\" aria-label=\"示例数据说明\"><strong>示例数据</strong>"));
    assert!(html.contains("<details><summary>详细说明</summary><p>发布信息为示例</p></details></aside><div id=\"boot-home\">"),
        "the banner stands outside the home screen, which a place's URL hides: {html}");
}

#[test]
fn script_and_markup_in_the_data_are_escaped_text() {
    let html = render(&manifest("<script>alert(1)</script>\"'&", Some("<img src=x onerror=alert(1)>")));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

#[test]
fn the_page_gets_the_first_screen_at_its_marker_again_and_again_and_a_page_without_one_is_refused() {
    let m = manifest("标题", None);
    let page = format!("<main>{MARKER}<div id=\"boot-wait\"></div></main>");
    let filled = fill(&page, &m).unwrap();
    let start = format!("<main>{MARKER}<div id=\"boot-home\"><div class=\"intro\"><h1>标题</h1>");
    assert!(filled.starts_with(&start), "{filled}");
    assert!(
        filled.ends_with(&format!("</ul></section><details class=\"about-data\"><summary>关于数据</summary><p>两市的目录</p></details></div>{END_MARKER}<div id=\"boot-wait\"></div></main>")),
        "{filled}"
    );
    // A built page filled again with another bundle's manifest has that one's screen, once.
    let other = fill(&filled, &manifest("另一个", None)).unwrap();
    assert_eq!(other, fill(&page, &manifest("另一个", None)).unwrap());
    assert_eq!(other.matches("boot-home").count(), 1);
    assert!(fill("<main></main>", &m).unwrap_err().contains(MARKER));
}

#[test]
fn the_task_comes_first_and_the_description_is_one_tap_away() {
    let mut m = manifest("标题", None);
    let html = render(&m);
    assert!(!html.contains("locate-btn"), "no locate files, no 用我的位置: {html}");
    m.locate = Some("locate/index.0123abcd.json".into());
    let html = render(&m);
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} missing: {html}"));
    // The title, then 用我的位置 (above the fold at 关怀模式's size too), then the lead, then the
    // places, then the description behind 关于数据.
    assert!(at("<h1>标题</h1>") < at(first_screen::LOCATE_LABEL));
    assert!(at(first_screen::LOCATE_LABEL) < at("<p class=\"home-lead\">查看您所在"));
    assert!(at("<p class=\"home-lead\">查看您所在") < at("<section class=\"places\""));
    assert!(at("<section class=\"places\"") < at("<details class=\"about-data\"><summary>关于数据</summary><p>两市的目录</p>"));
    assert!(html.contains("<button type=\"button\" class=\"btn locate-btn\" aria-busy=\"false\">"));
    // The description is not in the intro any more.
    assert!(!html.contains("<p class=\"muted\">两市的目录"));
    m.dataset.description.clear();
    assert!(!render(&m).contains("about-data"), "no description, no 关于数据");
}

#[test]
fn a_province_says_what_lies_below_it_cities_counties_or_both() {
    let m = manifest("全国", None);
    let province = |code: &str, name: &str, places: u32, counties: u32| {
        let mut p = place(code, name, PlaceKind::Province, None, 9);
        (p.counts.places, p.counts.counties) = (places, counties);
        p
    };
    let cases = [
        (province("430000", "湖南省", 14, 0), "14 个市（州） · 9 条公开信息"),
        // The NBS groupings are not shown: 北京's districts are directly under it, 河南's 济源市
        // beside its cities (gongkai_bundle's Register::shown).
        (province("110000", "北京市", 16, 16), "16 个县（市、区） · 9 条公开信息"),
        (province("410000", "河南省", 18, 1), "17 个市（州）、1 个县（市） · 9 条公开信息"),
        (province("710000", "台湾省", 0, 0), "0 个市（州） · 9 条公开信息"),
    ];
    for (p, line) in cases {
        assert_eq!(first_screen::place_detail(&m, &p), line, "{}", p.name);
    }
}

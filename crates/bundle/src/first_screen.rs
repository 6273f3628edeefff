//! The first screen, pre-rendered into the site's `index.html` from a built bundle's manifest, so that
//! a phone paints the dataset's title, the sample notice and the cities to start from before the app
//! has downloaded (and a browser without JavaScript still sees them). The app draws the same words in
//! the same elements (`gongkai_catalog::first_screen`, `src/pages/home.rs`) and swaps its own in
//! without anything moving.
//!
//! `index.html` holds [`MARKER`] where the first screen goes; Trunk's post_build hook runs
//! `gongkai-bundle first-screen <site>/data <site>/index.html`. Every text is HTML-escaped: nothing
//! from the data can become markup.

use gongkai_catalog::first_screen::{
    cities, place_detail, ABOUT_DATA, CHOOSE_PLACE, HOME_LEAD, LOCATE_ICON, LOCATE_LABEL, SAMPLE_LEAD,
};
use gongkai_catalog::Manifest;
use std::fmt::Write;

/// Where the first screen goes in `index.html`.
pub const MARKER: &str = "<!-- gongkai:first-screen -->";
/// Where a filled first screen ends, so that a built site can be filled again with another bundle
/// (a host that rebuilds its data, a test site serving another dataset with the same app).
pub const END_MARKER: &str = "<!-- /gongkai:first-screen -->";

/// Text as HTML character data or a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first screen's main content, as the app draws it: the sample banner, which the app shows above
/// every screen (so a place's URL paints it at once too), then the home screen in `<div
/// id="boot-home">`, which the start script hides on a place's URL: the title, 用我的位置 (when the
/// bundle has locate files; inert until the app takes over), the lead, the cities, and 关于数据 with
/// the dataset's description.
pub fn render(m: &Manifest) -> String {
    let mut h = String::new();
    if let Some(note) = &m.dataset.sample {
        let _ = write!(
            h,
            "<aside class=\"sample-banner\" role=\"note\" aria-label=\"示例数据说明\"><strong>示例数据</strong> {}<details><summary>详细说明</summary><p>{}</p></details></aside>",
            escape(SAMPLE_LEAD),
            escape(note)
        );
    }
    h.push_str("<div id=\"boot-home\">");
    let _ = write!(h, "<div class=\"intro\"><h1>{}</h1></div>", escape(&m.dataset.title));
    if m.locate.is_some() {
        let _ = write!(
            h,
            "<div class=\"locate\"><button type=\"button\" class=\"btn locate-btn\" aria-busy=\"false\"><svg class=\"locate-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"{LOCATE_ICON}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"></path></svg>{}</button><p class=\"locate-status\" role=\"status\" aria-live=\"polite\"></p></div>",
            escape(LOCATE_LABEL)
        );
    }
    // The lead under the button: a long line that wraps to three at 关怀模式's size, it would push
    // 用我的位置 below the fold of a 360 × 640 phone.
    let _ = write!(h, "<p class=\"home-lead\">{}</p>", escape(HOME_LEAD));
    let mut list = String::new();
    for p in cities(m) {
        // Place codes are digits (the register checks them); escaped all the same.
        let _ = write!(
            list,
            "<li><a class=\"place-link\" href=\"?place={}\"><span class=\"place-name\">{}</span><span class=\"place-detail\">{}</span></a></li>",
            escape(&p.code),
            escape(&p.name),
            escape(&place_detail(m, p))
        );
    }
    if !list.is_empty() {
        let _ = write!(
            h,
            "<section class=\"places\" aria-labelledby=\"places-h\"><h2 id=\"places-h\">{}</h2><ul class=\"place-list\">{list}</ul></section>",
            escape(CHOOSE_PLACE)
        );
    }
    if !m.dataset.description.is_empty() {
        let _ = write!(
            h,
            "<details class=\"about-data\"><summary>{}</summary><p>{}</p></details>",
            escape(ABOUT_DATA),
            escape(&m.dataset.description)
        );
    }
    h.push_str("</div>");
    h
}

/// `html` with the first screen after [`MARKER`] (replacing one filled before, up to [`END_MARKER`]);
/// an error when the marker is missing.
pub fn fill(html: &str, m: &Manifest) -> Result<String, String> {
    let Some(start) = html.find(MARKER) else {
        return Err(format!("没有找到首屏标记 {MARKER} / the page has no {MARKER} marker"));
    };
    let after = start + MARKER.len();
    let end = html[after..].find(END_MARKER).map_or(after, |e| after + e + END_MARKER.len());
    Ok(format!("{}{MARKER}{}{END_MARKER}{}", &html[..start], render(m), &html[end..]))
}

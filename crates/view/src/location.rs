//! The one function that turns a route into a URL ([`location`]), with the rules of embed mode, and
//! what is built on it: the shareable URL of a view and the iframe snippet for county web teams.
//!
//! Embed mode (`?embed=1`) adds display keys that are not part of the view: `theme=#rgb|#rrggbb` (the
//! accent colour) and `lang=zh-Hans|zh-Hant` (the script). Inside an embedded page every URL keeps
//! them, so a reload stays embedded; a shared link or a link opened in a new tab leaves them out.

use crate::route::{encode_into, pairs, Route};

/// The script the page shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Script {
    #[default]
    Hans,
    Hant,
}

impl Script {
    pub fn code(self) -> &'static str {
        match self {
            Script::Hans => "zh-Hans",
            Script::Hant => "zh-Hant",
        }
    }

    pub fn from_code(code: &str) -> Option<Script> {
        match code {
            "zh-Hans" => Some(Script::Hans),
            "zh-Hant" => Some(Script::Hant),
            _ => None,
        }
    }
}

/// The display keys of the URL (embed mode), parsed once when the app starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Display {
    pub embed: bool,
    /// A validated `#rgb` or `#rrggbb`.
    pub theme: Option<String>,
    /// The script, when the URL names it (or, embedded, once the citizen chose one).
    pub lang: Option<Script>,
}

impl Display {
    pub fn from_query(query: &str) -> Display {
        let pairs = pairs(query);
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        Display {
            embed: matches!(get("embed"), Some("1" | "true")),
            theme: get("theme").and_then(valid_theme),
            lang: get("lang").and_then(Script::from_code),
        }
    }

    /// What a URL for someone else carries: nothing (a shared link is never embedded).
    pub fn shared() -> Display {
        Display::default()
    }
}

/// `#rgb` or `#rrggbb` (a leading `#` optional, as people paste colours), lower-cased; anything else is
/// refused, so nothing but a colour reaches the style.
pub fn valid_theme(s: &str) -> Option<String> {
    let hex = s.trim().trim_start_matches('#');
    ((hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// The URL of a route, relative to the page: `?place=…&…`, with the embed keys when `display` is
/// embedded, or the empty string for the home screen outside embed mode (the caller then uses the
/// page's path, or `?`).
pub fn location(route: &Route, display: &Display) -> String {
    let mut out = String::new();
    let mut pair = |k: &str, v: &str| {
        out.push(if out.is_empty() { '?' } else { '&' });
        encode_into(&mut out, k);
        out.push('=');
        encode_into(&mut out, v);
    };
    route.each_pair(&mut pair);
    if display.embed {
        pair("embed", "1");
        if let Some(t) = &display.theme {
            pair("theme", t);
        }
        if let Some(l) = display.lang {
            pair("lang", l.code());
        }
    }
    out
}

/// The folder a page is served from, as an absolute URL ending in `/` (`https://host/gongkai/`).
pub fn base_url(origin: &str, pathname: &str) -> String {
    let dir = &pathname[..pathname.rfind('/').map_or(0, |i| i + 1)];
    format!("{origin}{dir}")
}

/// The full, shareable URL of a view (never embedded).
pub fn share_url(base: &str, route: &Route) -> String {
    format!("{base}{}", location(route, &Display::shared()))
}

/// The iframe snippet a county web team pastes into its CMS for a view.
pub fn embed_snippet(base: &str, route: &Route) -> String {
    let embedded = Display { embed: true, ..Display::default() };
    let src = format!("{base}{}", location(route, &embedded)).replace('&', "&amp;").replace('"', "&quot;");
    let base = base.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{src}\" title=\"政务公开事项目录\" data-gongkai-embed width=\"100%\" height=\"600\" frameborder=\"0\" loading=\"lazy\"></iframe>\n<script src=\"{base}embed.js\" async></script>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::MapMeasure;

    fn at(place: &str) -> Route {
        Route { place: Some(place.into()), ..Route::default() }
    }

    #[test]
    fn display_keys_parse_and_refuse_what_is_not_a_colour_or_script() {
        let cases = [
            ("", Display::default()),
            ("?embed=1", Display { embed: true, ..Display::default() }),
            ("?embed=true&theme=B3261E&lang=zh-Hant", Display { embed: true, theme: Some("#b3261e".into()), lang: Some(Script::Hant) }),
            ("?embed=yes&theme=%23abc", Display { theme: Some("#abc".into()), ..Display::default() }),
            ("?embed=1&theme=red;background:url(x)&lang=en", Display { embed: true, ..Display::default() }),
            ("?theme=%23abcd", Display::default()),
        ];
        for (query, display) in cases {
            assert_eq!(Display::from_query(query), display, "{query:?}");
        }
    }

    #[test]
    fn one_function_writes_every_url() {
        let embedded = Display { embed: true, theme: Some("#b3261e".into()), lang: Some(Script::Hant) };
        let not_embedded = Display { embed: false, theme: Some("#b3261e".into()), lang: Some(Script::Hant) };
        let shared = Display::shared();
        let cases: Vec<(Route, &Display, &str)> = vec![
            (Route::default(), &shared, ""),
            (at("430121"), &shared, "?place=430121"),
            // Outside embed mode the display keys are never written.
            (at("430121"), &not_embedded, "?place=430121"),
            (Route::default(), &embedded, "?embed=1&theme=%23b3261e&lang=zh-Hant"),
            (Route { measure: MapMeasure::Recent, q: "低保".into(), ..at("430121") }, &embedded,
             "?place=430121&measure=recent&q=%E4%BD%8E%E4%BF%9D&embed=1&theme=%23b3261e&lang=zh-Hant"),
        ];
        for (route, display, url) in cases {
            assert_eq!(location(&route, display), url, "{route:?} {display:?}");
            // What is written reads back as the same view and the same display keys.
            assert_eq!(Route::from_query(url), route);
            if display.embed {
                assert_eq!(&Display::from_query(url), display);
            }
        }
    }

    #[test]
    fn shared_urls_and_snippets_are_absolute_and_never_carry_the_embed_keys_of_this_page() {
        let base = base_url("https://www.example.gov.cn", "/county/gongkai/index.html");
        assert_eq!(base, "https://www.example.gov.cn/county/gongkai/");
        assert_eq!(base_url("http://h", "/"), "http://h/");
        assert_eq!(share_url(&base, &Route::default()), base);
        assert_eq!(share_url(&base, &at("430121")), format!("{base}?place=430121"));
        let s = embed_snippet(&base, &Route { domain: Some(3), ..at("430121") });
        assert!(s.starts_with(&format!("<iframe src=\"{base}?place=430121&amp;domain=3&amp;embed=1\"")), "{s}");
        assert!(s.ends_with(&format!("<script src=\"{base}embed.js\" async></script>")), "{s}");
        let home = embed_snippet(&base, &Route::default());
        assert!(home.starts_with(&format!("<iframe src=\"{base}?embed=1\"")), "{home}");
    }
}

//! The view lives in the URL query string (`?place=430121001&domain=20&level=乡级&item=20-5c1e0a9b`),
//! never in the path: the site then works from any sub-path on plain static hosting, with no rewrites,
//! and a reload, the back button or a shared link returns the same view — the map's colouring and
//! zoom and the search box's scope and text included.

use crate::map::{MapMeasure, MapZoom};
use gongkai_catalog::filter::Filters;
use gongkai_catalog::EntryKind;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything the URL says about the view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Route {
    /// Code of the chosen place (city, county or township); none on the home screen.
    pub place: Option<String>,
    /// The domain (1–26) opened in the tree.
    pub domain: Option<u8>,
    /// The item shown on the item page.
    pub item: Option<String>,
    /// Facet filters (`level`, `mode`, `audience`, `channel`, `type`, `x.<column>`).
    pub filters: Filters,
    /// The disclosure map is open (`map=1`). It is closed by default, on the home screen and on a
    /// place's: on a phone it is taller than the screen, and the catalog below it is what a place's
    /// link is for. A colouring or zoom in the URL opens it too ([`Route::map_open`]).
    pub map: bool,
    /// What the map is coloured by (`measure=`; coverage, the default, is left out).
    pub measure: MapMeasure,
    /// The map's zoom (`zoom=scale,x,y`), when it is not the whole map.
    pub zoom: Option<MapZoom>,
    /// 全部 chosen in the search box at a place (`scope=all`); 本地 is the default there.
    pub search_all: bool,
    /// The type of entry the search is narrowed to (`kind=policy`, …; [`EntryKind::key`]).
    pub entry_kind: Option<EntryKind>,
    /// The search text whose results are showing, or were when one of them was opened.
    pub q: String,
}

impl Route {
    /// Parses a query string, with or without its leading `?`. Unknown keys and invalid values are
    /// ignored (a hand-edited link still opens what it can).
    pub fn from_query(query: &str) -> Route {
        let pairs = pairs(query);
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string());
        Route {
            place: get("place").filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
            domain: get("domain").and_then(|d| d.parse().ok()).filter(|d| (1..=26).contains(d)),
            item: get("item").filter(|i| !i.is_empty()),
            filters: Filters::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            map: get("map").as_deref() == Some("1"),
            measure: get("measure").and_then(|m| MapMeasure::from_key(&m)).unwrap_or_default(),
            zoom: get("zoom").and_then(|z| MapZoom::from_param(&z)),
            search_all: get("scope").as_deref() == Some("all"),
            entry_kind: get("kind").and_then(|k| EntryKind::from_key(&k)),
            q: get("q").unwrap_or_default(),
        }
    }

    /// The route's query pairs, in a stable order (what [`crate::location`] writes), each given to
    /// `pair` (no vector of strings: this runs in the app's main module, where size counts).
    pub fn each_pair(&self, pair: &mut dyn FnMut(&str, &str)) {
        if let Some(p) = &self.place {
            pair("place", p);
        }
        if let Some(d) = self.domain {
            pair("domain", &d.to_string());
        }
        for (k, v) in self.filters.to_pairs() {
            pair(&k, &v);
        }
        if let Some(i) = &self.item {
            pair("item", i);
        }
        if self.map {
            pair("map", "1");
        }
        if self.measure != MapMeasure::default() {
            pair("measure", self.measure.key());
        }
        if let Some(z) = &self.zoom {
            pair("zoom", &z.to_param());
        }
        if self.search_all {
            pair("scope", "all");
        }
        if let Some(k) = self.entry_kind {
            pair("kind", k.key());
        }
        if !self.q.is_empty() {
            pair("q", &self.q);
        }
    }

    /// The route's query pairs, as [`Route::each_pair`] gives them.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.each_pair(&mut |k, v| out.push((k.to_string(), v.to_string())));
        out
    }

    /// The route of a place, keeping the filters, the map's colouring and the search (they apply
    /// anywhere); the zoom belongs to one map and is left behind.
    pub fn at_place(&self, code: Option<&str>) -> Route {
        Route {
            place: code.map(str::to_string),
            domain: None,
            item: None,
            zoom: None,
            ..self.clone()
        }
    }

    /// Whether the disclosure map is shown: opened, or a link with its colouring or zoom.
    pub fn map_open(&self) -> bool {
        self.map || self.measure != MapMeasure::default() || self.zoom.is_some()
    }

    /// The same view with the map opened, or closed (closing it forgets its colouring and zoom, which
    /// would open it again).
    pub fn with_map(&self, open: bool) -> Route {
        if open {
            return Route { map: true, ..self.clone() };
        }
        Route { map: false, measure: MapMeasure::default(), zoom: None, ..self.clone() }
    }

    /// The route of an item page at the current place.
    pub fn with_item(&self, id: &str) -> Route {
        Route { item: Some(id.to_string()), ..self.clone() }
    }
}

/// The query's `key=value` pairs, percent-decoded (`+` is a space, as in a form).
pub(crate) fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// What `encodeURIComponent` leaves as is: letters, digits and `-_.!~*'()`.
const COMPONENT: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'!').remove(b'~').remove(b'*').remove(b'\'').remove(b'(').remove(b')');

/// Percent-encodes a query component as `encodeURIComponent` does (the address bar shows Chinese
/// decoded anyway).
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    encode_into(&mut out, s);
    out
}

/// [`encode`], appended to `out`.
pub fn encode_into(out: &mut String, s: &str) {
    for part in utf8_percent_encode(s, COMPONENT) {
        out.push_str(part);
    }
}

/// Decodes a query component; text that is not valid percent-encoded UTF-8 is kept as written.
pub fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    match percent_decode_str(&s).decode_utf8() {
        Ok(d) => d.into_owned(),
        Err(_) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_catalog::filter::Facet;

    #[test]
    fn components_encode_like_encode_uri_component() {
        let cases = [
            ("430121001", "430121001"),
            ("乡级", "%E4%B9%A1%E7%BA%A7"),
            ("a b&c=d", "a%20b%26c%3Dd"),
            ("-_.!~*'()", "-_.!~*'()"),
            ("#b3261e", "%23b3261e"),
            ("x/y?z", "x%2Fy%3Fz"),
            ("", ""),
        ];
        for (raw, encoded) in cases {
            assert_eq!(encode(raw), encoded, "encode {raw:?}");
            assert_eq!(decode(encoded), raw, "decode {encoded:?}");
        }
    }

    #[test]
    fn malformed_components_are_kept_as_written() {
        let cases = [
            ("a+b", "a b"),
            ("100%", "100%"),
            ("%zz", "%zz"),
            // An encoded byte sequence that is not UTF-8.
            ("%ff%fe", "%ff%fe"),
            ("%E4%B9", "%E4%B9"),
        ];
        for (raw, decoded) in cases {
            assert_eq!(decode(raw), decoded, "{raw:?}");
        }
    }

    #[test]
    fn query_strings_parse_to_routes() {
        let level = Facet::from_key("level").unwrap();
        let cases: Vec<(&str, Route)> = vec![
            ("", Route::default()),
            ("?", Route::default()),
            ("?place=430121001", Route { place: Some("430121001".into()), ..Route::default() }),
            ("place=430121001&domain=20", Route { place: Some("430121001".into()), domain: Some(20), ..Route::default() }),
            // Invalid values are dropped, not guessed at.
            ("?place=43x&domain=27&item=", Route::default()),
            ("?domain=0", Route::default()),
            ("?q=%E4%BD%8E%E4%BF%9D+%E7%94%B3%E8%AF%B7", Route { q: "低保 申请".into(), ..Route::default() }),
            ("?level=%E4%B9%A1%E7%BA%A7", Route { filters: Filters { chosen: [(level.clone(), "乡级".into())].into() }, ..Route::default() }),
            // 事项类型 (湘潭's template): type=公共服务.
            ("?type=%E5%85%AC%E5%85%B1%E6%9C%8D%E5%8A%A1", Route { filters: Filters { chosen: [(Facet::ItemType, "公共服务".into())].into() }, ..Route::default() }),
            ("?measure=overdue&zoom=2.5,100,-40", Route { measure: MapMeasure::Overdue, zoom: Some(MapZoom { scale: 250, cx: 100, cy: -40 }), ..Route::default() }),
            ("?measure=colour&zoom=1,5,5", Route::default()),
            ("?place=430121&map=1", Route { place: Some("430121".into()), map: true, ..Route::default() }),
            ("?map=0&map=yes", Route::default()),
            ("?scope=all&q=x", Route { search_all: true, q: "x".into(), ..Route::default() }),
            ("?kind=interpretation&q=x", Route { entry_kind: Some(EntryKind::Interpretation), q: "x".into(), ..Route::default() }),
            ("?kind=解读&kind=", Route::default()),
            ("?scope=local", Route::default()),
            ("?unknown=1&embed=1&theme=%23fff", Route::default()),
        ];
        for (query, route) in cases {
            assert_eq!(Route::from_query(query), route, "{query:?}");
        }
    }

    #[test]
    fn every_route_survives_the_url() {
        let level = Facet::from_key("level").unwrap();
        let routes = [
            Route::default(),
            Route { place: Some("430121001".into()), domain: Some(3), item: Some("3-00ab".into()), ..Route::default() },
            Route {
                place: Some("430121".into()),
                filters: Filters { chosen: [(level, "县级".into()), (Facet::ItemType, "行政许可".into())].into() },
                map: true,
                measure: MapMeasure::Recent,
                zoom: Some(MapZoom { scale: 338, cx: 1200, cy: 845 }),
                search_all: true,
                entry_kind: Some(EntryKind::Result),
                q: "社保 & 医保=?".into(),
                ..Route::default()
            },
        ];
        for r in routes {
            let query: String = r
                .to_pairs()
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect::<Vec<_>>()
                .join("&");
            assert_eq!(Route::from_query(&query), r, "{query}");
        }
    }

    #[test]
    fn moving_to_a_place_keeps_what_applies_anywhere() {
        let here = Route {
            place: Some("430121".into()),
            domain: Some(2),
            item: Some("2-aa".into()),
            map: true,
            measure: MapMeasure::Overdue,
            zoom: Some(MapZoom { scale: 200, cx: 0, cy: 0 }),
            search_all: true,
            entry_kind: Some(EntryKind::Guide),
            q: "低保".into(),
            ..Route::default()
        };
        let there = here.at_place(Some("430181"));
        assert_eq!(
            there,
            Route {
                place: Some("430181".into()),
                map: true,
                measure: MapMeasure::Overdue,
                search_all: true,
                entry_kind: Some(EntryKind::Guide),
                q: "低保".into(),
                ..Route::default()
            }
        );
        assert_eq!(here.at_place(None).place, None);
        assert_eq!(here.with_item("2-bb").item.as_deref(), Some("2-bb"));
        assert_eq!(here.with_item("2-bb").zoom, here.zoom);
    }

    #[test]
    fn the_map_opens_when_asked_or_linked_and_closes_with_its_colouring() {
        let place = Route { place: Some("430121".into()), ..Route::default() };
        let zoomed = Route { zoom: Some(MapZoom { scale: 200, cx: 0, cy: 0 }), ..place.clone() };
        let coloured = Route { measure: MapMeasure::Recent, ..place.clone() };
        let cases = [
            (&place, false),
            (&Route { map: true, ..place.clone() }, true),
            (&zoomed, true),
            (&coloured, true),
        ];
        for (route, open) in cases {
            assert_eq!(route.map_open(), open, "{route:?}");
            assert!(route.with_map(true).map_open());
            let closed = route.with_map(false);
            assert!(!closed.map_open(), "{route:?}");
            assert_eq!(closed.place, route.place);
        }
        // Opening keeps the colouring and zoom.
        assert_eq!(zoomed.with_map(true).zoom, zoomed.zoom);
        assert_eq!(coloured.with_map(true).measure, MapMeasure::Recent);
    }
}

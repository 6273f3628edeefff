//! The view lives in the URL query string (`?place=430121001&domain=20&level=乡级&item=20-5c1e0a9b`),
//! never in the path: the site then works from any sub-path on plain static hosting, with no rewrites,
//! and a reload or the back button returns the same view.

use gongkai_catalog::filter::Filters;

/// Everything the URL says about the view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Route {
    /// Code of the chosen place (city, county or township); none on the home screen.
    pub place: Option<String>,
    /// The domain (1–26) opened in the tree.
    pub domain: Option<u8>,
    /// The item shown on the item page.
    pub item: Option<String>,
    /// Facet filters (`level`, `mode`, `audience`, `channel`, `x.<column>`).
    pub filters: Filters,
    /// The search text (owned by the search box).
    pub q: String,
}

impl Route {
    /// Parses a query string, with or without its leading `?`. Unknown keys are ignored.
    pub fn from_query(query: &str) -> Route {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string());
        Route {
            place: get("place").filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
            domain: get("domain").and_then(|d| d.parse().ok()).filter(|d| (1..=26).contains(d)),
            item: get("item").filter(|i| !i.is_empty()),
            filters: Filters::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            q: get("q").unwrap_or_default(),
        }
    }

    /// The query string for this route: `?place=…&…`, or the empty string for the home screen.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if let Some(p) = &self.place {
            pairs.push(("place".into(), p.clone()));
        }
        if let Some(d) = self.domain {
            pairs.push(("domain".into(), d.to_string()));
        }
        pairs.extend(self.filters.to_pairs());
        if let Some(i) = &self.item {
            pairs.push(("item".into(), i.clone()));
        }
        if !self.q.is_empty() {
            pairs.push(("q".into(), self.q.clone()));
        }
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        format!("?{}", body.join("&"))
    }

    /// The route of a place, keeping the filters and the search text (they apply anywhere).
    pub fn at_place(&self, code: Option<&str>) -> Route {
        Route {
            place: code.map(str::to_string),
            domain: None,
            item: None,
            filters: self.filters.clone(),
            q: self.q.clone(),
        }
    }

    /// The route of an item page at the current place.
    pub fn with_item(&self, id: &str) -> Route {
        Route { item: Some(id.to_string()), ..self.clone() }
    }
}

/// Percent-encodes a query component, leaving Chinese readable where the browser allows (it shows the
/// decoded form in the address bar anyway).
fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    js_sys::decode_uri_component(&s).map(String::from).unwrap_or(s)
}

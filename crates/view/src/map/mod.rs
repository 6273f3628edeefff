//! The disclosure map's logic: which map a place shows ([`map_target`]), what the shapes are coloured
//! by and how ([`colour`]), the zoom ([`zoom`]), which labels fit ([`labels`]) and where the arrow keys
//! go ([`neighbours`]).

pub mod colour;
pub mod labels;
pub mod neighbours;
pub mod zoom;

pub use colour::MapMeasure;
pub use zoom::{MapZoom, Zoom};

use gongkai_catalog::Manifest;

/// Which map to show for the chosen place, as (the place whose children it shows, its file): its own
/// (a city or county), else its parent's (a township, which is marked on its county's map).
pub fn map_target(m: &Manifest, code: &str) -> Option<(String, String)> {
    let p = m.place(code)?;
    if let Some(g) = &p.geo {
        return Some((p.code.clone(), g.clone()));
    }
    let parent = m.place(p.parent.as_deref()?)?;
    Some((parent.code.clone(), parent.geo.clone()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::manifest;

    #[test]
    fn a_township_shows_its_countys_map() {
        let m = manifest();
        let t = |owner: &str| Some((owner.to_string(), format!("geo/{owner}.json")));
        let cases = [
            ("430100", t("430100")),
            ("430121", t("430121")),
            ("430121004", t("430121")),
            ("430181001", t("430181")),
            ("999", None),
        ];
        for (code, want) in cases {
            assert_eq!(map_target(&m, code), want, "{code}");
        }
    }
}

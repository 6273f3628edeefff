//! The locate files for 用我的位置 (`gongkai_catalog::locate`): each city's county outlines in
//! longitude/latitude (GCJ-02, as the sources are), simplified for telling which county a point is in,
//! one file per city, and an index of the cities' boxes. The app fetches them only when a citizen
//! presses the button, so they never weigh on the first load.
//!
//! Only real outlines go in: a statistical zone with no published boundary (`carved_from`) and a county
//! without an outline file are left out (the map reports those already), so a point there is found in
//! the district around it, or not at all.

use crate::register::Register;
use crate::write::BundleWriter;
use geo::{BoundingRect, MultiPolygon, Simplify};
use gongkai_catalog::locate::{encode_ring, to_units};
use gongkai_catalog::{LocateCity, LocateCounty, LocateIndex, LocateOutlines, PlaceKind, FORMAT_VERSION};
use std::collections::BTreeMap;
use std::path::Path;

/// Douglas–Peucker tolerance in degrees: about 30 m, well under a GPS fix's usual error near a border.
pub const TOLERANCE_DEGREES: f64 = 0.0003;

/// Writes one outline file per city that has any county outline, and the index; returns the index's
/// key (for `Manifest::locate`), or `None` when no county has an outline.
pub fn build_locate(source_dir: &Path, register: &Register, writer: &mut BundleWriter) -> Option<String> {
    let (index_cities, outlines) = locate_files(source_dir, register);
    if outlines.is_empty() {
        return None;
    }
    let mut cities = Vec::new();
    let mut files = BTreeMap::new();
    for ((code, bbox), o) in index_cities.into_iter().zip(&outlines) {
        let (key, r) = writer.add_nested_json("locate", &code, o);
        files.insert(key.clone(), r);
        cities.push(LocateCity { code, bbox, file: key });
    }
    let index = LocateIndex { format_version: FORMAT_VERSION, cities, files };
    Some(writer.add_json("locate", "index", &index))
}

/// Each city with outlines: its code and box, and its outline file (for tests).
pub fn locate_files(source_dir: &Path, register: &Register) -> (Vec<(String, [i32; 4])>, Vec<LocateOutlines>) {
    let mut index = Vec::new();
    let mut files = Vec::new();
    for city in register.places.iter().filter(|p| p.kind == PlaceKind::City) {
        let counties: Vec<LocateCounty> = register
            .children(&city.code)
            .filter(|p| p.kind == PlaceKind::County)
            .filter_map(|c| county(&source_dir.join("geo").join("counties").join(format!("{}.geojson", c.code)), &c.code))
            .collect();
        let Some(first) = counties.first() else { continue };
        let bbox = counties.iter().fold(first.bbox, |b, c| {
            [b[0].min(c.bbox[0]), b[1].min(c.bbox[1]), b[2].max(c.bbox[2]), b[3].max(c.bbox[3])]
        });
        index.push((city.code.clone(), bbox));
        files.push(LocateOutlines { format_version: FORMAT_VERSION, city: city.code.clone(), counties });
    }
    (index, files)
}

/// A county's outline file as a locate entry; `None` when it is missing, malformed or has no geometry.
fn county(file: &Path, code: &str) -> Option<LocateCounty> {
    let text = std::fs::read_to_string(file).ok()?;
    let polys: Vec<_> = crate::geo::read::parse(&text)
        .ok()?
        .into_iter()
        .filter_map(|f| f.geometry)
        .flat_map(|g| g.0)
        .collect();
    let mp = MultiPolygon::new(polys).simplify(TOLERANCE_DEGREES);
    let rect = mp.bounding_rect()?;
    let [x0, y0] = to_units(rect.min().x, rect.min().y);
    let [x1, y1] = to_units(rect.max().x, rect.max().y);
    let mut rings = Vec::new();
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            let mut pts: Vec<[i32; 2]> = ring.coords().map(|c| to_units(c.x, c.y)).collect();
            pts.dedup();
            // The closing point repeats the first: point_in_rings closes rings itself.
            if pts.len() > 1 && pts.first() == pts.last() {
                pts.pop();
            }
            if pts.len() >= 3 {
                rings.push(encode_ring(&pts));
            }
        }
    }
    (!rings.is_empty()).then(|| LocateCounty { code: code.to_string(), bbox: [x0, y0, x1, y1], rings })
}

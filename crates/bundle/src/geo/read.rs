//! Reading GeoJSON: any valid Polygon or MultiPolygon, bare, in a Feature or in a FeatureCollection.
//! serde_json is enough; we need only polygons and two properties.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use serde_json::Value;

/// One feature of a boundary file.
#[derive(Debug, Clone, Default)]
pub struct Feature {
    /// The `code` (or AMap's `adcode`) property: a division code, cut to 9 digits for a 12-digit one.
    pub code: Option<String>,
    /// Longitude/latitude polygons; `None` for a feature without geometry.
    pub geometry: Option<MultiPolygon<f64>>,
    /// For a statistical zone with no published boundary: the district to carve a schematic cell from.
    pub carved_from: Option<String>,
    /// Where the boundary comes from (the `source` property), for the map's credit.
    pub source: Option<String>,
}

/// Parses a GeoJSON text into its features. Geometries other than (Multi)Polygon are an error, since a
/// boundary file has nothing else to say.
pub fn parse(text: &str) -> Result<Vec<Feature>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("JSON: {e}"))?;
    match v.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => v
            .get("features")
            .and_then(Value::as_array)
            .ok_or("FeatureCollection without features")?
            .iter()
            .map(feature)
            .collect(),
        Some("Feature") => Ok(vec![feature(&v)?]),
        Some(_) => Ok(vec![Feature { geometry: geometry(&v)?, ..Default::default() }]),
        None => Err("not GeoJSON: no \"type\"".into()),
    }
}

fn feature(v: &Value) -> Result<Feature, String> {
    let props = v.get("properties").filter(|p| p.is_object());
    let prop = |k: &str| -> Option<String> {
        match props?.get(k)? {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let code = prop("code").or_else(|| prop("adcode")).map(|c| {
        if c.len() == 12 && c.ends_with("000") && c.bytes().all(|b| b.is_ascii_digit()) {
            c[..9].to_string()
        } else {
            c
        }
    });
    let geometry = match v.get("geometry") {
        None | Some(Value::Null) => None,
        Some(g) => geometry(g)?,
    };
    Ok(Feature { code, geometry, carved_from: prop("carved_from"), source: prop("source") })
}

fn geometry(v: &Value) -> Result<Option<MultiPolygon<f64>>, String> {
    let coords = || v.get("coordinates").ok_or_else(|| "geometry without coordinates".to_string());
    match v.get("type").and_then(Value::as_str) {
        Some("Polygon") => Ok(Some(MultiPolygon::new(vec![polygon(coords()?)?]))),
        Some("MultiPolygon") => {
            let polys = coords()?
                .as_array()
                .ok_or("MultiPolygon coordinates are not an array")?
                .iter()
                .map(polygon)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(MultiPolygon::new(polys)))
        }
        Some("GeometryCollection") => {
            let mut all = Vec::new();
            for g in v
                .get("geometries")
                .and_then(Value::as_array)
                .ok_or("GeometryCollection without geometries")?
            {
                if let Some(mp) = geometry(g)? {
                    all.extend(mp.0);
                }
            }
            Ok(Some(MultiPolygon::new(all)))
        }
        Some(t) => Err(format!("geometry type {t} is not a Polygon or MultiPolygon")),
        None => Err("geometry without type".into()),
    }
}

/// Parses a GeoJSON text of lines (LineString or MultiLineString, bare, in a Feature or in a
/// FeatureCollection): a boundary drawn as a line, such as the 南海断续线.
pub fn lines(text: &str) -> Result<MultiLineString<f64>, String> {
    fn of(v: &Value, out: &mut Vec<LineString<f64>>) -> Result<(), String> {
        match v.get("type").and_then(Value::as_str) {
            Some("FeatureCollection") => {
                for f in v.get("features").and_then(Value::as_array).ok_or("FeatureCollection without features")? {
                    of(f, out)?;
                }
                Ok(())
            }
            Some("Feature") => of(v.get("geometry").ok_or("feature without geometry")?, out),
            Some("LineString") => {
                out.push(line(v.get("coordinates").ok_or("geometry without coordinates")?)?);
                Ok(())
            }
            Some("MultiLineString") => {
                for l in v.get("coordinates").and_then(Value::as_array).ok_or("MultiLineString coordinates are not an array")? {
                    out.push(line(l)?);
                }
                Ok(())
            }
            Some(t) => Err(format!("geometry type {t} is not a LineString or MultiLineString")),
            None => Err("not GeoJSON: no \"type\"".into()),
        }
    }
    let v: Value = serde_json::from_str(text).map_err(|e| format!("JSON: {e}"))?;
    let mut out = Vec::new();
    of(&v, &mut out)?;
    Ok(MultiLineString::new(out))
}

fn line(v: &Value) -> Result<LineString<f64>, String> {
    let pts = v.as_array().ok_or("line is not an array")?;
    let l = positions(pts)?;
    if l.len() < 2 {
        return Err("line with fewer than 2 positions".into());
    }
    Ok(LineString::new(l))
}

fn polygon(v: &Value) -> Result<Polygon<f64>, String> {
    let rings = v.as_array().ok_or("polygon coordinates are not an array")?;
    let mut rings = rings.iter().map(ring);
    let exterior = rings.next().ok_or("polygon without rings")??;
    let interiors = rings.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn ring(v: &Value) -> Result<LineString<f64>, String> {
    let pts = v.as_array().ok_or("ring is not an array")?;
    let out = positions(pts)?;
    if out.len() < 3 {
        return Err("ring with fewer than 3 positions".into());
    }
    Ok(LineString::new(out)) // Polygon::new closes the ring
}

/// Longitude/latitude positions, each checked.
fn positions(pts: &[Value]) -> Result<Vec<Coord<f64>>, String> {
    let mut out = Vec::with_capacity(pts.len() + 1);
    for p in pts {
        let xy = p.as_array().ok_or("position is not an array")?;
        let x = xy.first().and_then(Value::as_f64).ok_or("position without longitude")?;
        let y = xy.get(1).and_then(Value::as_f64).ok_or("position without latitude")?;
        if !x.is_finite() || !y.is_finite() || !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y)
        {
            return Err(format!("position out of range: [{x}, {y}]"));
        }
        out.push(Coord { x, y });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bare_polygons_features_and_collections() {
        let bare = r#"{"type":"Polygon","coordinates":[[[112,28],[113,28],[113,29],[112,28]]]}"#;
        assert_eq!(parse(bare).unwrap()[0].geometry.as_ref().unwrap().0.len(), 1);
        let fc = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"430121001000"},"geometry":{"type":"MultiPolygon","coordinates":[[[[112,28],[113,28],[113,29]]]]}},
            {"type":"Feature","properties":{"code":430121002,"carved_from":"430121"},"geometry":null}]}"#;
        let f = parse(fc).unwrap();
        assert_eq!(f[0].code.as_deref(), Some("430121001"));
        assert_eq!(f[1].code.as_deref(), Some("430121002"));
        assert!(f[1].geometry.is_none());
        assert!(parse(r#"{"type":"Point","coordinates":[1,2]}"#).is_err());
        assert!(parse("not json").is_err());
    }

    #[test]
    fn reads_lines_bare_and_in_features() {
        let ml = r#"{"type":"Feature","properties":{"NAME":"Maritime Boundary"},"geometry":{"type":"MultiLineString","coordinates":[[[122.5,23.4],[122.7,24.5]],[[121.1,20.8],[121.9,21.6],[122,21.7]]]}}"#;
        let l = lines(ml).unwrap();
        assert_eq!((l.0.len(), l.0[1].0.len()), (2, 3));
        assert_eq!(lines(r#"{"type":"LineString","coordinates":[[1,2],[3,4]]}"#).unwrap().0.len(), 1);
        assert!(lines(r#"{"type":"LineString","coordinates":[[1,2]]}"#).is_err());
        assert!(lines(r#"{"type":"Polygon","coordinates":[[[1,2],[3,4],[5,6]]]}"#).is_err());
        assert!(lines(r#"{"type":"LineString","coordinates":[[1,200],[3,4]]}"#).is_err());
    }
}

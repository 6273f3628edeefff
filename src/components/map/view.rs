//! The drawing: the shapes coloured by the measure in the URL, the labels that fit, the controls, the
//! info line, the legend and the list.

use super::gestures::Gestures;
use super::keys::{focus_shape, shape_keys};
use super::legend::{Legend, PlaceFigures};
use crate::state::{AppState, History};
use gongkai_catalog::{GeoShape, GeoView, Manifest, Place, PlaceKind};
use gongkai_view::map::colour::{colours, thresholds};
use gongkai_view::map::labels::{fitting, font_size, width_em};
use gongkai_view::map::zoom::fixed;
use gongkai_view::map::zoom::STEP;
use gongkai_view::map::{map_target, MapMeasure, Zoom};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

#[component]
pub fn MapView(manifest: Arc<Manifest>, geo: Arc<GeoView>, refocus: StoredValue<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let vb = geo.view_box;
    let parent = manifest.place(&geo.place).cloned();
    let places: Arc<HashMap<String, Place>> =
        Arc::new(manifest.map_places(&geo.place).map(|p| (p.code.clone(), p.clone())).collect());
    let selected = Memo::new(move |_| state.route.with(|r| r.place.clone()));
    // The measure and the zoom are in the URL (a shared link shows the same map). The zoom follows the
    // pointer in a signal of its own and is written to the URL when a gesture ends.
    let measure = Memo::new(move |_| state.route.with(|r| r.measure));
    let zoom = RwSignal::new(Zoom::from_url(state.route.with_untracked(|r| r.zoom), vb));
    Effect::new(move |_| {
        // Back/forward, or a link, changed the zoom: show it.
        let wanted = state.route.with(|r| r.zoom);
        if zoom.get_untracked().to_url() != wanted {
            zoom.set(Zoom::from_url(wanted, vb));
        }
    });
    let keep_zoom = move || {
        let z = zoom.get_untracked().to_url();
        // Show exactly what the URL keeps (the centre in whole units), so a reload looks the same.
        zoom.set(Zoom::from_url(z, vb));
        let mut r = state.route.get_untracked();
        if r.zoom != z {
            r.zoom = z;
            state.navigate(r, History::Replace);
        }
    };
    let set_measure = move |m: MapMeasure| {
        let mut r = state.route.get_untracked();
        r.measure = m;
        state.navigate(r, History::Replace);
    };
    let focused = RwSignal::new(None::<String>);
    let px_width = RwSignal::new(360.0_f64);
    let wrap = NodeRef::<leptos::html::Div>::new();
    let gestures = Gestures::new(zoom, px_width, vb);

    // Measure the drawing's width once mounted and on resize, for label sizes. A tall map is drawn
    // narrower than its box (the SVG keeps its aspect under a 70vh cap): the width that counts is the
    // drawn one, or labels come out smaller than asked (under 18 px in 关怀模式).
    let measure_width = move || {
        if let Some(el) = wrap.get_untracked() {
            let w = el.client_width() as f64;
            let h = el.first_element_child().map_or(0.0, |svg| svg.get_bounding_client_rect().height());
            let drawn = if h > 0.0 && vb[3] > 0 { w.min(h * f64::from(vb[2]) / f64::from(vb[3])) } else { w };
            if drawn > 0.0 {
                px_width.set(drawn);
            }
        }
    };
    Effect::new(move |_| {
        if wrap.get().is_some() {
            // Measured in the next frame, when the page around the map is built: measuring at once
            // forced a layout of the half-built page (150 ms on a slow phone, before the catalog
            // showed), and the labels needed a second measure after the real layout anyway.
            request_animation_frame(measure_width);
            // Keyboard selection re-renders the page: put focus back on the chosen shape.
            if let Some(code) = refocus.try_update_value(Option::take).flatten() {
                focus_shape(wrap, &code);
            }
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure_width());
    on_cleanup(move || resize.remove());

    let th = {
        let places = places.clone();
        Memo::new(move |_| {
            let m = measure.get();
            let values: Vec<u32> = places.values().map(|p| m.value(&p.measures)).collect();
            thresholds(m, &values)
        })
    };

    let shown = StoredValue::new((manifest.clone(), geo.place.clone()));
    let select = move |code: String| {
        let here = state.route.get_untracked();
        let mut route = here.at_place(Some(&code));
        // A township of this map shows this same map: it keeps its zoom.
        if shown.with_value(|(m, shown)| map_target(m, &code).is_some_and(|(owner, _)| owner == *shown)) {
            route.zoom = here.zoom;
        }
        state.navigate(route, History::Push);
    };

    // Label positions by code, for arrow-key moves.
    let label_at: Arc<Vec<(String, [i32; 2])>> =
        Arc::new(geo.shapes.iter().map(|s| (s.code.clone(), s.label)).collect());

    let shapes = geo
        .shapes
        .iter()
        .map(|s| {
            let code = s.code.clone();
            let name = places.get(&code).map(|p| p.name.clone()).unwrap_or_else(|| code.clone());
            let value = places.get(&code).map(|p| p.measures).unwrap_or_default();
            let fill = move || colours(measure.get().value(&value), &th.get()).0;
            // The colour is never alone: the name says the figure it stands for.
            let label = move || named_figure(&name, measure.get(), &value);
            let is_current = {
                let code = code.clone();
                move || (selected.get().as_deref() == Some(code.as_str())).then_some("true")
            };
            let on_click = {
                let code = code.clone();
                move |_| {
                    if gestures.is_drag() {
                        return; // the end of a drag, not a tap
                    }
                    select(code.clone());
                }
            };
            let on_key = shape_keys(code.clone(), label_at.clone(), wrap, refocus, select);
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
                    aria-label=label
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
            let care = state.care_mode.get();
            // The MIIT figures: 18 px text in 关怀模式, 16 px otherwise (names that do not fit are left
            // to the list under the map).
            let font = font_size(if care { 18.0 } else { 16.0 }, vb[2], scale.get(), px_width.get());
            let th = th.get();
            let m = measure.get();
            let named: Vec<(&GeoShape, &Place)> =
                geo.shapes.iter().filter_map(|s| Some((s, places.get(&s.code)?))).collect();
            // Each label is the name and its figure, measured as drawn (with its place); then the
            // lands' names (台湾省) and the captions (南海诸岛), where room is left.
            let all: Vec<([i32; 2], String, Option<&Place>)> = named
                .iter()
                .map(|(s, p)| (s.label, named_figure(&p.name, m, &p.measures), Some(*p)))
                .chain(geo.lands.iter().map(|l| (l.label, l.name.clone(), None)))
                .chain(geo.captions.iter().map(|c| (c.at, c.text.clone(), None)))
                .collect();
            let boxes: Vec<([i32; 2], f64)> = all.iter().map(|(a, t, _)| (*a, width_em(t))).collect();
            fitting(&boxes, font, vb)
                .into_iter()
                .filter_map(|(i, at)| all.get(i).map(|(_, text, p)| (*p, text.clone(), at)))
                .map(|(p, text, [x, y])| {
                    // A land with no place (台湾省), a caption: the colour of no data.
                    let colour = p.map_or("#333333", |p| colours(m.value(&p.measures), &th).1);
                    let halo = if colour == "#ffffff" { "#000000" } else { "#ffffff" };
                    view! {
                        <text
                            class="map-label"
                            x=fixed(x, 1)
                            y=fixed(y, 1)
                            font-size=fixed(font, 2)
                            fill=colour
                            stroke=halo
                            stroke-width=fixed(font / 6.0, 2)
                            aria-hidden="true"
                        >
                            {text}
                        </text>
                    }
                })
                .collect_view()
        }
    };

    let on_up = move |ev: web_sys::PointerEvent| {
        if gestures.up(&ev) {
            keep_zoom();
        }
    };
    let zoom_by = move |f: f64| {
        zoom.update(|z| *z = z.scaled(f, vb));
        keep_zoom();
    };

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

    let options = MapMeasure::ALL
        .iter()
        .map(|m| view! { <option value=m.key() selected=move || measure.get() == *m>{m.label()}</option> })
        .collect_view();

    let kind_word = parent.as_ref().map_or("省（自治区、直辖市）", |p| gongkai_view::places::children_word(&manifest, p));
    let parent_name = parent.as_ref().map_or_else(|| "全国".to_string(), |p| p.name.clone());
    let heading = format!("公开地图 · {parent_name}");
    let svg_label = format!("{parent_name}各{kind_word}公开地图，按所选指标着色");
    let schematic = geo.schematic;
    let schematic_note = match parent.as_ref().map(|p| p.kind) {
        Some(PlaceKind::City) => "：部分县级单位（统计用区划或缺少边界）的范围为示意，不是真实边界。",
        None | Some(PlaceKind::Province) => "：部分地区缺少边界，其范围为示意，不是真实边界。",
        _ => "：各乡镇（街道）的位置和范围为示意，不是真实边界。",
    };
    let credit = geo.credit.clone();
    let outline = geo.outline.clone();
    let lines = geo.lines.clone();
    let lands = geo
        .lands
        .iter()
        .map(|l| view! { <path class="map-land" d=l.d.clone() fill-rule="evenodd" vector-effect="non-scaling-stroke"></path> })
        .collect_view();
    let listed: Vec<Place> = places.values().cloned().collect();

    view! {
        <section class="map" aria-labelledby="map-h">
            <h2 id="map-h">{heading}</h2>
            <div class="map-controls">
                <label>
                    "着色 "
                    <select on:change=move |ev| {
                        if let Some(m) = MapMeasure::from_key(&event_target_value(&ev)) {
                            set_measure(m);
                        }
                    }>{options}</select>
                </label>
                <span class="map-zoom">
                    <button type="button" aria-label="放大" on:click=move |_| zoom_by(STEP)>"+"</button>
                    <button type="button" aria-label="缩小" on:click=move |_| zoom_by(1.0 / STEP)>"−"</button>
                    <button type="button" aria-label="复位" on:click=move |_| {
                        zoom.set(Zoom::base(vb));
                        keep_zoom();
                    }>"复位"</button>
                </span>
            </div>
            {schematic.then(|| view! {
                <p class="map-schematic"><strong>"示意图"</strong>{schematic_note}</p>
            })}
            <div
                class="map-canvas"
                node_ref=wrap
                on:pointerdown=move |ev| gestures.down(&ev)
                on:pointermove=move |ev| gestures.moved(&ev)
                on:pointerup=on_up
                on:pointercancel=on_up
                on:pointerleave=on_up
            >
                <svg
                    viewBox=move || zoom.get().view_box(vb)
                    role="group"
                    aria-label=svg_label
                    preserveAspectRatio="xMidYMid meet"
                >
                    <path class="map-outline" d=outline fill="none" vector-effect="non-scaling-stroke" aria-hidden="true"></path>
                    // Land that is no place here (台湾省, 香港, 澳门 on the national map), and the
                    // 南海断续线: drawn, not opened (the credit line says why).
                    <g class="map-lands" aria-hidden="true">{lands}</g>
                    <path class="map-line" d=lines fill="none" vector-effect="non-scaling-stroke" aria-hidden="true"></path>
                    <g class="map-shapes">{shapes}</g>
                    <g class="map-labels">{labels}</g>
                    {schematic.then(|| view! {
                        <text class="map-watermark" x=vb[0] + 8 y=vb[1] + vb[3] - 8 font-size=format!("{}", vb[2] / 30) aria-hidden="true">"示意图"</text>
                    })}
                </svg>
            </div>
            // Below the drawing: its text changes on hover, and must not move the shapes under a finger.
            <p class="map-info" aria-live="polite">{move || info().unwrap_or_else(|| "点击或用方向键选择地区".to_string())}</p>
            <Legend measure=measure thresholds=th/>
            <p class="map-credit">{credit}</p>
            <PlaceFigures places=listed here=state.route.get_untracked() measure=measure thresholds=th heading=format!("{kind_word}列表")/>
        </section>
    }
}

/// A place's name with its figure for the measure on show, as the list under the map writes it
/// (`星沙街道 82.0%`): what a shape's label says, drawn and to screen readers.
fn named_figure(name: &str, m: MapMeasure, v: &gongkai_catalog::Measures) -> String {
    format!("{name} {}", m.format(m.value(v)))
}

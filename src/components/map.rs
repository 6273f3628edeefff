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

use crate::state::{AppState, History};
use crate::components::nav::NavLink;
use crate::components::status::{deferred, LoadFailure, Skeleton};
use crate::loader::LoadError;
use gongkai_catalog::{GeoView, Manifest, Place, PlaceKind};
use gongkai_view::map::colour::{colours, legend_labels, thresholds, CIVIDIS};
use gongkai_view::map::labels::{fitting, font_size};
use gongkai_view::map::neighbours::neighbour;
use gongkai_view::map::zoom::STEP;
use gongkai_view::map::{map_target, MapMeasure, Zoom};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[component]
pub fn DisclosureMap() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The place chosen by keyboard, to focus again once the page has re-rendered around it: kept
    // here, above the drawing, which a new place may rebuild.
    let refocus = StoredValue::new(None::<String>);
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
            Some(Some(Ok(view))) => deferred(3, map_view(m, view, refocus), move || geo.refetch()).into_any(),
        })
    }
}

/// The map itself, in its own lazily loaded chunk.
#[leptos::wasm_split::wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_map_view))]
fn map_view(
    manifest: Arc<Manifest>,
    geo: Arc<GeoView>,
    refocus: StoredValue<Option<String>>,
) -> Result<AnyView, LoadError> {
    Ok(view! { <MapView manifest=manifest geo=geo refocus=refocus/> }.into_any())
}

#[component]
fn MapView(manifest: Arc<Manifest>, geo: Arc<GeoView>, refocus: StoredValue<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let vb = geo.view_box;
    let parent = manifest.place(&geo.place).cloned();
    let places: HashMap<String, Place> =
        manifest.children(&geo.place).map(|p| (p.code.clone(), p.clone())).collect();
    let places = Arc::new(places);
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
        let mut r = state.route.get_untracked();
        if r.zoom != z {
            r.zoom = z;
            state.navigate(r, History::Replace);
        }
    };
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
            if let Some(code) = refocus.try_update_value(Option::take).flatten() {
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
            let fill = move || colours(measure.get().value(&value), &th.get()).0;
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
                        refocus.set_value(Some(code.clone()));
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
            let care = state.care_mode.get();
            let font = font_size(if care { 16.0 } else { 12.0 }, vb[2], scale.get(), px_width.get());
            let th = th.get();
            let m = measure.get();
            let shown: Vec<(&gongkai_catalog::GeoShape, &Place)> =
                geo.shapes.iter().filter_map(|s| Some((s, places.get(&s.code)?))).collect();
            let boxes: Vec<([i32; 2], usize)> = shown.iter().map(|(s, p)| (s.label, p.name.chars().count())).collect();
            fitting(&boxes, font)
                .into_iter()
                .filter_map(|i| shown.get(i))
                .map(|(s, p)| {
                    let colour = colours(m.value(&p.measures), &th).1;
                    let halo = if colour == "#ffffff" { "#000000" } else { "#ffffff" };
                    view! {
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
                    }
                })
                .collect_view()
        }
    };

    // Pointer zoom and pan (drag with one pointer, pinch with two).
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
                let w = px_width.get_untracked();
                zoom.update(|z| *z = z.panned(dx, dy, w, vb));
            }
        } else if ps.len() >= 2 {
            let other = ps[if i == 0 { 1 } else { 0 }];
            let before = ((px0 - other.1).powi(2) + (py0 - other.2).powi(2)).sqrt();
            let after = ((x - other.1).powi(2) + (y - other.2).powi(2)).sqrt();
            moved.set_value(100.0);
            if before > 0.0 {
                zoom.update(|z| *z = z.scaled(after / before, vb));
            }
        }
        pointers.update_value(|p| p[i] = (ev.pointer_id(), x, y));
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        pointers.update_value(|p| p.retain(|q| q.0 != ev.pointer_id()));
        if pointers.with_value(Vec::is_empty) {
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
        let rows: Vec<(Place, crate::state::Route)> =
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
                        if let Some(m) = MapMeasure::from_key(&v) {
                            let mut r = state.route.get_untracked();
                            r.measure = m;
                            state.navigate(r, History::Replace);
                        }
                    }>{options}</select>
                </label>
                <span class="map-zoom">
                    <button type="button" aria-label="放大 / zoom in" on:click=move |_| zoom_by(STEP)>"+"</button>
                    <button type="button" aria-label="缩小 / zoom out" on:click=move |_| zoom_by(1.0 / STEP)>"−"</button>
                    <button type="button" aria-label="复位 / reset" on:click=move |_| {
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
                on:pointerdown=on_down
                on:pointermove=on_move
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

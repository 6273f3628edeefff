//! Beside the drawing: the legend (the 5 colour classes with their numbers) and the list of the same
//! places with their figure, for screen readers and everyone.

use crate::components::nav::NavLink;
use crate::state::Route;
use gongkai_catalog::Place;
use gongkai_view::map::colour::{colours, legend_labels, CIVIDIS};
use gongkai_view::map::MapMeasure;
use leptos::prelude::*;

#[component]
pub fn Legend(measure: Memo<MapMeasure>, thresholds: Memo<[u32; 4]>) -> impl IntoView {
    let items = move || {
        legend_labels(measure.get(), &thresholds.get())
            .into_iter()
            .zip(CIVIDIS)
            .map(|(label, colour)| {
                view! { <li><span class="map-swatch" style=format!("background:{colour}")></span>{label}</li> }
            })
            .collect_view()
    };
    view! {
        <div class="map-legend">
            <span>{move || measure.get().label()}</span>
            <ul>{items}</ul>
        </div>
    }
}

/// The places of the map by code, each a link with its figure for the measure on show and the colour
/// that figure has on the map: a colour never stands alone.
#[component]
pub fn PlaceFigures(
    places: Vec<Place>,
    here: Route,
    measure: Memo<MapMeasure>,
    thresholds: Memo<[u32; 4]>,
    heading: String,
) -> impl IntoView {
    let mut places = places;
    gongkai_catalog::order::sort_by(&mut places, |a, b| a.code.cmp(&b.code));
    let rows: Vec<(Place, Route)> = places.into_iter().map(|p| {
        let r = here.at_place(Some(&p.code));
        (p, r)
    }).collect();
    let list = move || {
        let (m, th) = (measure.get(), thresholds.get());
        rows.iter()
            .map(|(p, r)| {
                let value = m.value(&p.measures);
                let (fill, _) = colours(value, &th);
                let (name, r) = (p.name.clone(), r.clone());
                view! {
                    <li>
                        <NavLink route=r>{name}</NavLink>" "
                        <span class="map-dot" style=format!("background:{fill}")></span>
                        <span class="muted">{m.format(value)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <details class="map-list" open>
            <summary>{heading}</summary>
            <ul>{list}</ul>
        </details>
    }
}

//! The first screen: what this is, and the cities to start from. `index.html` carries a copy of it,
//! pre-rendered by the build step (`gongkai_catalog::first_screen`), until the app takes over.

use crate::state::AppState;
use crate::components::places::PlaceList;
use gongkai_catalog::first_screen::{CHOOSE_PLACE, HOME_LEAD};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.manifest().map(|m| {
            let description = m.dataset.description.clone();
            view! {
                <div class="intro">
                    <h1>{m.dataset.title.clone()}</h1>
                    <p>{HOME_LEAD}</p>
                    {(!description.is_empty()).then(|| view! { <p class="muted">{description}</p> })}
                </div>
                <PlaceList manifest=m.clone() parent=None heading=CHOOSE_PLACE.to_string()/>
            }
        })
    }
}

//! The first screen: the citizen's task first — the title, 用我的位置 (before the lead, so that it is
//! above the fold at 360 × 640 in 关怀模式 too) and the cities to start from —
//! with the dataset's own description one tap away under 关于数据. `index.html` carries a copy of it,
//! pre-rendered by the build step (`gongkai_catalog::first_screen`), until the app takes over.

use crate::state::AppState;
use crate::components::locate::LocateButton;
use crate::components::map::MapSection;
use crate::components::places::PlaceList;
use gongkai_catalog::first_screen::{ABOUT_DATA, CHOOSE_PLACE, HOME_LEAD};
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
                </div>
                <LocateButton/>
                <p class="home-lead">{HOME_LEAD}</p>
                <PlaceList manifest=m.clone() parent=None heading=CHOOSE_PLACE.to_string()/>
                {(!description.is_empty()).then(|| view! {
                    <details class="about-data">
                        <summary>{ABOUT_DATA}</summary>
                        <p>{description}</p>
                    </details>
                })}
                // Last, so that its arrival moves nothing of the pre-rendered first screen.
                {m.home_map().is_some().then(|| view! { <MapSection/> })}
            }
        })
    }
}

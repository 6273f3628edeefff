//! The first screen: what this is, and the cities to start from.

use crate::app::AppState;
use crate::components::places::PlaceList;
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
                    <p>"查看您所在县（市、区）和乡镇（街道）公开哪些政务信息、在哪里公开、多久公开。"</p>
                    {(!description.is_empty()).then(|| view! { <p class="muted">{description}</p> })}
                </div>
                <PlaceList manifest=m.clone() parent=None heading="选择地区".to_string()/>
            }
        })
    }
}

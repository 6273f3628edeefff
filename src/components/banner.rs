//! Honesty: when any part of the dataset is sample data, say so on every screen.

use crate::app::AppState;
use leptos::prelude::*;

#[component]
pub fn SampleBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.manifest().and_then(|m| m.dataset.sample.clone()).map(|text| {
            view! {
                <aside class="sample-banner" role="note" aria-label="示例数据说明">
                    <strong>"示例数据"</strong>
                    " "
                    {text}
                </aside>
            }
        })
    }
}

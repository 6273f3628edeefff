//! Honesty: when any part of the dataset is sample data, say so on every screen — in one line, with
//! the dataset's own account of what is sample behind 详细说明.

use crate::state::AppState;
use gongkai_catalog::first_screen::SAMPLE_LEAD;
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
                    {SAMPLE_LEAD}
                    <details>
                        <summary>"详细说明"</summary>
                        <p>{text}</p>
                    </details>
                </aside>
            }
        })
    }
}

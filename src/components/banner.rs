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

/// 示例 after something invented for a sample dataset, with what is invented about it as the tooltip:
/// one tag, the same wherever a page or a result shows sample data.
pub fn sample_tag(sample: bool, why: &'static str) -> Option<impl IntoView> {
    sample.then(|| view! { " " <span class="tag sample" title=(!why.is_empty()).then_some(why)>"示例"</span> })
}

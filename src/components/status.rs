//! Loading and failure states.

use crate::loader::LoadError;
use leptos::prelude::*;

/// Grey placeholder lines while something loads.
#[component]
pub fn Skeleton(#[prop(default = 4)] lines: usize) -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">"正在加载… / Loading…"</span>
            {(0..lines).map(|_| view! { <div class="skeleton-line" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}

/// A failed download or a refused file, in Chinese and English, with a 重试 button. It only replaces
/// the part of the screen that needed the file.
#[component]
pub fn LoadFailure(error: LoadError, retry: impl Fn() + 'static) -> impl IntoView {
    let newer = matches!(error, LoadError::Bundle(gongkai_catalog::BundleError::NewerFormat { .. }));
    let hint = if newer {
        "请刷新页面以获取新版本。 / Reload the page to get the newer app."
    } else {
        "请检查网络后重试。 / Check your connection and try again."
    };
    view! {
        <div class="failure" role="alert">
            <p class="failure-title">"数据加载失败 / Could not load the data"</p>
            <p class="failure-detail">{error.to_string()}</p>
            <p class="failure-hint">{hint}</p>
            <button type="button" class="btn retry" on:click=move |_| retry()>"重试 / Retry"</button>
        </div>
    }
}

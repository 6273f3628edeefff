//! Loading and failure states, and the frame for parts of the screen drawn by lazily loaded code.

use crate::loader::LoadError;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// A part of the screen drawn by a lazily loaded chunk of the app (the map, the catalog, the page
/// tools …; see `scripts/build-wasm.sh`), with what it loads: the skeleton while `part` (called for
/// the future that draws it) is on its way (nothing when it is already here), or the failure with
/// 重试, which calls `part` again. The rest of the page keeps working either way.
pub fn deferred<Fut>(lines: usize, part: impl Fn() -> Fut + Send + Sync + 'static) -> AnyView
where
    Fut: Future<Output = Result<AnyView, LoadError>> + 'static,
{
    deferred_part(lines, Box::new(move || Box::pin(part())))
}

type Part = Box<dyn Fn() -> std::pin::Pin<Box<dyn Future<Output = Result<AnyView, LoadError>>>> + Send + Sync>;

/// [`deferred`], compiled once for every part: a copy for each caller's types made a township's
/// link 4.2 kB larger.
fn deferred_part(lines: usize, part: Part) -> AnyView {
    let attempt = RwSignal::new(0u32);
    (move || {
        attempt.track();
        let fallback = move || (lines > 0).then(|| view! { <Skeleton lines=lines/> });
        // The part is built once per attempt, like a component: what its set-up code reads must not
        // make the Suspend run again (that would rebuild it, and lose focus, whenever the URL changes).
        let part = Untracked(untrack(&part));
        // Suspense wants a Send future; this one lives and dies on the browser's one thread.
        let shown = SendWrapper::new(async move {
            match part.await {
                Ok(v) => v,
                Err(e) => view! { <LoadFailure error=e retry=move || attempt.update(|a| *a += 1)/> }.into_any(),
            }
        });
        view! { <Suspense fallback=fallback>{Suspend::new(shown)}</Suspense> }
    })
    .into_any()
}

/// A future polled outside any reactive tracking.
struct Untracked<F: ?Sized>(std::pin::Pin<Box<F>>);

impl<F: Future + ?Sized> Future for Untracked<F> {
    type Output = F::Output;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<F::Output> {
        untrack(|| self.0.as_mut().poll(cx))
    }
}

/// Grey placeholder lines while something loads.
#[component]
pub fn Skeleton(#[prop(default = 4)] lines: usize) -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">"正在加载…"</span>
            {(0..lines).map(|_| view! { <div class="skeleton-line" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}

/// A failed download or a refused file, in Chinese, with a 重试 button (the English and the decoder's
/// detail go to the console). It only replaces the part of the screen that needed the file.
#[component]
pub fn LoadFailure(error: LoadError, retry: impl Fn() + 'static) -> impl IntoView {
    web_sys::console::warn_1(&error.log_line().into());
    let newer = matches!(error, LoadError::Bundle(gongkai_catalog::BundleError::NewerFormat { .. }));
    let hint = if newer {
        "请刷新页面以获取新版本。"
    } else {
        "请检查网络后重试。"
    };
    view! {
        <div class="failure" role="alert">
            <p class="failure-title">"数据加载失败"</p>
            <p class="failure-detail">{error.to_string()}</p>
            <p class="failure-hint">{hint}</p>
            <button type="button" class="btn retry" on:click=move |_| retry()>"重试"</button>
        </div>
    }
}

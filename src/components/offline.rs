//! Offline: registers the service worker (`public/sw.js`, scope = the folder the site is served from)
//! and shows 离线 while the browser is offline.
//!
//! Bundle files and chunks of the app loaded before the worker took control of the page never went
//! through it, so once it is ready the app sends it their URLs (from the Resource Timing entries) to
//! cache: the view a citizen opened first works offline too. The worker keeps only hash-named files
//! of its own scope.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn OfflineBadge() -> impl IntoView {
    let online = RwSignal::new(web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true));
    let on = window_event_listener_untyped("online", move |_| online.set(true));
    let off = window_event_listener_untyped("offline", move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    register_service_worker();
    view! {
        <span class="net-status" role="status" aria-live="polite">
            {move || (!online.get()).then(|| view! {
                <span class="offline-badge" title="当前离线，显示的是本机保存的最近数据">"离线"</span>
            })}
        </span>
    }
}

fn register_service_worker() {
    let Some(w) = web_sys::window() else { return };
    let nav = w.navigator();
    // Only where the browser offers it (https or localhost; not file://, not some in-app browsers).
    if !js_sys::Reflect::has(&nav, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = nav.service_worker();
    let registered = container.register("./sw.js");
    leptos::task::spawn_local(async move {
        if JsFuture::from(registered).await.is_err() {
            return;
        }
        let Ok(ready) = container.ready() else { return };
        let Ok(reg) = JsFuture::from(ready).await else { return };
        let reg: web_sys::ServiceWorkerRegistration = reg.unchecked_into();
        let Some(active) = reg.active() else { return };
        let Some(perf) = web_sys::window().and_then(|w| w.performance()) else { return };
        let urls = js_sys::Array::new();
        for e in perf.get_entries_by_type("resource").iter() {
            let name = e.unchecked_into::<web_sys::PerformanceEntry>().name();
            if name.contains("/data/") || name.ends_with(".wasm") {
                urls.push(&name.into());
            }
        }
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"gongkai:cache".into());
        let _ = js_sys::Reflect::set(&msg, &"urls".into(), &urls);
        let _ = active.post_message(&msg);
    });
}

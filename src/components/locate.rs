//! 用我的位置: one press from the first screen to the citizen's county. The browser's position is
//! turned into a county on the phone (`gongkai_catalog::locate`, in the lazily loaded `locate` chunk
//! with the outlines' decoder); the position itself is never sent anywhere, only the bundle's locate
//! files are fetched — and only after the press.

use crate::state::{AppState, History};
use crate::loader::{self, LoadError};
use gongkai_catalog::locate::{to_units, wgs84_to_gcj02};
use gongkai_view::locate::refusal_text;
use gongkai_catalog::{LocateIndex, LocateOutlines, Manifest};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// The button's label and icon: the first screen (`gongkai_bundle::first_screen`) draws the same.
use gongkai_catalog::first_screen::{LOCATE_ICON, LOCATE_LABEL};

/// Where the press got to, as the line under the button says it.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Asking,
    Finding,
    Failed(String),
}

/// After a press: asks the browser for its position, finds the county holding it in the bundle's
/// locate files (fetched now, verified, cached), and opens it — saying each step and each failure
/// in `status`. In the `locate` chunk with all of it (the position request, the outlines' decoder,
/// the words), so the main module carries only the button. `Err` only when the chunk itself could
/// not be downloaded.
#[wasm_split(locate, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let finding = _; { finding.await; Ok::<(), LoadError>(()) } -> Result<(), LoadError>))]
fn find_me(state: AppState, manifest: Arc<Manifest>, status: RwSignal<Status>) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        let (lon, lat) = match current_position().await {
            Answer::At(lon, lat) => (lon, lat),
            Answer::Error(code) => {
                status.set(Status::Failed(refusal_text(code).into()));
                return;
            }
        };
        status.set(Status::Finding);
        match find_county(&manifest, lon, lat).await {
            Ok(Some(code)) => {
                status.set(Status::Idle);
                let route = state.route.get_untracked().at_place(Some(&code));
                state.navigate(route, History::Push);
            }
            Ok(None) => status.set(Status::Failed("您所在的位置不在本站收录的地区内，请在下方选择地区。".into())),
            Err(LoadError::Code) | Err(LoadError::Network(_)) => status.set(Status::Failed(NETWORK_FAILED.into())),
            Err(_) => status.set(Status::Failed("定位数据加载失败，请在下方选择地区。".into())),
        }
    })
}

const NETWORK_FAILED: &str = "网络连接失败，未能查找您所在的地区，请稍后再试。";

/// The county holding a WGS-84 position, from the bundle's locate files: `Ok(None)` when no county
/// of the dataset holds it.
async fn find_county(manifest: &Manifest, lon: f64, lat: f64) -> Result<Option<String>, LoadError> {
    let Some(key) = manifest.locate.clone() else { return Ok(None) };
    let index = loader::load::<LocateIndex>(manifest, &key).await?;
    let (x, y) = wgs84_to_gcj02(lon, lat);
    let p = to_units(x, y);
    for city in index.cities_at(p) {
        let outlines = loader::load_listed::<LocateOutlines>(&index.files, &city.file).await?;
        if let Some(code) = outlines.county_at(p) {
            return Ok(Some(code.to_string()));
        }
    }
    Ok(None)
}

/// The browser's answer to a position request.
enum Answer {
    At(f64, f64),
    /// `GeolocationPositionError.code`: 1 refused, 2 unavailable, 3 timed out; 0: no geolocation here.
    Error(u16),
}

/// Asks the browser for its position once (a cached fix of up to 5 minutes will do).
async fn current_position() -> Answer {
    let geo = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("geolocation")).ok())
        .filter(|g| !g.is_undefined() && !g.is_null());
    let Some(geo) = geo else { return Answer::Error(0) };
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |pos: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &pos);
        });
        let fail = reject.clone();
        let err = Closure::once_into_js(move |e: JsValue| {
            let _ = fail.call1(&JsValue::NULL, &e);
        });
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"enableHighAccuracy".into(), &JsValue::FALSE);
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &JsValue::from_f64(20_000.0));
        let _ = js_sys::Reflect::set(&options, &"maximumAge".into(), &JsValue::from_f64(300_000.0));
        let call = js_sys::Reflect::get(&geo, &"getCurrentPosition".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match call {
            Some(f) => {
                let _ = f.call3(&geo, &ok, &err, &options);
            }
            None => {
                let _ = reject.call0(&JsValue::NULL);
            }
        }
    });
    let number = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).ok().and_then(|x| x.as_f64());
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(pos) => {
            let coords = js_sys::Reflect::get(&pos, &"coords".into()).unwrap_or(JsValue::UNDEFINED);
            match (number(&coords, "longitude"), number(&coords, "latitude")) {
                (Some(lon), Some(lat)) => Answer::At(lon, lat),
                _ => Answer::Error(2),
            }
        }
        Err(e) => Answer::Error(number(&e, "code").map_or(2, |c| c as u16)),
    }
}

/// 用我的位置 and the line that says what happens. Shown when the bundle has locate files.
#[component]
pub fn LocateButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = RwSignal::new(Status::Idle);
    let press = move |_| {
        if matches!(status.get_untracked(), Status::Asking | Status::Finding) {
            return;
        }
        let Some(manifest) = state.manifest_untracked() else { return };
        status.set(Status::Asking);
        leptos::task::spawn_local(async move {
            // The position is asked for by the chunk's code: a chunk that cannot be downloaded has
            // asked nothing yet.
            if find_me(state, manifest, status).await.is_err() {
                status.set(Status::Failed(NETWORK_FAILED.into()));
            }
        });
    };
    let busy = move || matches!(status.get(), Status::Asking | Status::Finding);
    let line = move || match status.get() {
        Status::Idle => String::new(),
        Status::Asking => "正在获取您的位置…（位置只在本机使用，不会上传）".into(),
        Status::Finding => "正在查找您所在的县（市、区）…".into(),
        Status::Failed(text) => text,
    };
    move || {
        state.manifest().and_then(|m| m.locate.clone()).map(|_| {
            view! {
                <div class="locate">
                    <button type="button" class="btn locate-btn" aria-busy=move || busy().to_string() on:click=press>
                        <svg class="locate-icon" viewBox="0 0 24 24" aria-hidden="true">
                            <path d=LOCATE_ICON fill="none" stroke="currentColor" stroke-width="2"></path>
                        </svg>
                        {LOCATE_LABEL}
                    </button>
                    <p class="locate-status" role="status" aria-live="polite">{line}</p>
                </div>
            }
        })
    }
}

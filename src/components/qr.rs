//! 扫一扫在手机打开: a QR code of the current view, for phones and for posters in the 政务公开专区.
//!
//! Drawn as SVG built from view nodes (one `<rect>` per horizontal run of dark modules,
//! `gongkai_view::qr`), never as injected markup.

use gongkai_view::qr::dark_runs;
use leptos::prelude::*;

#[component]
pub fn QrCode(#[prop(into)] text: Signal<String>) -> impl IntoView {
    move || {
        let t = text.get();
        let (n, runs) = dark_runs(&t)?;
        // A quiet zone of 4 modules, as the standard asks.
        let size = n + 8;
        let rects = runs
            .into_iter()
            .map(|(x, y, w)| view! { <rect x=x + 4 y=y + 4 width=w height="1"></rect> })
            .collect_view();
        Some(view! {
            <svg
                class="qr"
                role="img"
                aria-label="本页二维码：用手机扫一扫打开当前页面"
                viewBox=format!("0 0 {size} {size}")
                width="176"
                height="176"
                shape-rendering="crispEdges"
            >
                <rect class="qr-bg" x="0" y="0" width=size height=size></rect>
                <g class="qr-fg">{rects}</g>
            </svg>
        })
    }
}

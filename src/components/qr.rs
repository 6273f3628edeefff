//! 扫一扫在手机打开: a QR code of the current view, for phones and for posters in the 政务公开专区.
//!
//! Drawn as SVG built from view nodes (one `<rect>` per horizontal run of dark modules, so a typical
//! code is a few hundred nodes), never as injected markup. `qrcodegen` (MIT, no dependencies) does
//! the encoding.

use leptos::prelude::*;
use qrcodegen::{QrCode as Qr, QrCodeEcc};

/// Horizontal runs of dark modules: (x, y, width), in module units.
pub fn dark_runs(text: &str) -> Option<(i32, Vec<(i32, i32, i32)>)> {
    let qr = Qr::encode_text(text, QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    let mut runs = Vec::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if qr.get_module(x, y) {
                let start = x;
                while x < n && qr.get_module(x, y) {
                    x += 1;
                }
                runs.push((start, y, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((n, runs))
}

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

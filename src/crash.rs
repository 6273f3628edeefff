//! When the app panics (a bug: the data cannot cause one — every index into bundle data is checked),
//! the page must not just stop answering. The panic hook writes the panic to the console, for
//! developers, and puts a plain message with 重新加载 over the page; the view is in the URL, so a
//! reload shows it again. Built from DOM calls that cannot panic themselves, and shown once.
//!
//! A few lines instead of `console_error_panic_hook` and a UI crate: the main module stays small.

use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub const TITLE: &str = "页面出错了";
pub const TEXT: &str = "很抱歉，本页遇到意外错误，已停止响应。请重新加载页面；您正在查看的内容保存在网址中，重新加载后仍会显示。";
pub const RELOAD: &str = "重新加载";

static SHOWN: AtomicBool = AtomicBool::new(false);

/// Installs the panic hook (first thing in `main`).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // The message and where, for developers; the payload is a `&str` or a `String`.
        let msg = info.payload().downcast_ref::<&str>().copied();
        let msg = msg.or_else(|| info.payload().downcast_ref::<String>().map(String::as_str)).unwrap_or("panic");
        let (file, line) = info.location().map_or(("", 0), |l| (l.file(), l.line()));
        web_sys::console::error_3(&JsValue::from_str(msg), &JsValue::from_str(file), &JsValue::from(line));
        if !SHOWN.swap(true, Ordering::Relaxed) {
            show();
        }
    }));
}

/// The message over the whole page, in the app's failure style, with the focus on its button.
fn show() -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let body = doc.body()?;
    let el = |tag: &str, class: &str, text: &str| -> Option<web_sys::HtmlElement> {
        let e = doc.create_element(tag).ok()?.dyn_into::<web_sys::HtmlElement>().ok()?;
        e.set_class_name(class);
        e.set_text_content(Some(text));
        Some(e)
    };
    let overlay = el("div", "crash", "")?;
    let _ = overlay.set_attribute("role", "alert");
    // CSSOM, not a style sheet: this must work whatever state the page is in.
    let style = overlay.style();
    for (k, v) in [("position", "fixed"), ("inset", "0"), ("z-index", "2147483647"), ("overflow", "auto"),
        ("background", "var(--bg, #fff)"), ("padding", "1rem")]
    {
        let _ = style.set_property(k, v);
    }
    let frame = el("div", "failure", "")?;
    let (title, text) = (el("p", "failure-title", TITLE)?, el("p", "failure-detail", TEXT)?);
    frame.append_child(&title).ok()?;
    frame.append_child(&text).ok()?;
    let button = el("button", "btn retry", RELOAD)?;
    let _ = button.set_attribute("type", "button");
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    reload.forget();
    frame.append_child(&button).ok()?;
    overlay.append_child(&frame).ok()?;
    body.append_child(&overlay).ok()?;
    let _ = button.focus();
    Some(())
}

/// For the browser tests only (`tests/e2e/crash.test.mjs`): panics, so that they can see the message.
/// A page script can call it; it can do nothing a page script could not do anyway.
#[wasm_bindgen]
pub fn gongkai_test_panic() {
    panic!("gongkai_test_panic: a panic asked for by a test");
}

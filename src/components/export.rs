//! 导出表格 (CSV): the catalog of the current place with the citizen's active filters, built in the
//! browser (`gongkai_catalog::export` writes it: BOM, CRLF, quoted, formula cells defused) and saved
//! through a Blob URL. In 繁體 mode the file is in 繁體 too. The tree shows a brief catalog; the export
//! loads the whole one first (its long texts are columns of the file), once.

use crate::loader::LoadError;
use crate::pages::catalog::whole_catalog;
use crate::state::AppState;
use gongkai_catalog::export::{catalog_csv, entries_csv, entries_file_name, file_name, filtered_items};
use gongkai_catalog::PublishedEntry;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ExportCsv() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ready = move || matches!(state.catalog.get(), Some(Ok(Some(_)))) && state.place().is_some();
    // Why the last export could not load the whole catalog, shown until the next try.
    let failed = RwSignal::new(None::<LoadError>);
    let export = move |_| {
        let (Some(Ok(Some(catalog))), Some(place)) = (state.catalog.get_untracked(), state.place()) else { return };
        let filters = state.route.with_untracked(|r| r.filters.clone());
        let whole = place.catalog.clone().zip(state.manifest_untracked());
        leptos::task::spawn_local(async move {
            // As the page shows it: a township's own 乡级 channels where the catalog gives them apart.
            let catalog = match whole_catalog(catalog, whole, place.applicability()).await {
                Ok(c) => c,
                Err(e) => return failed.set(Some(e)),
            };
            failed.set(None);
            let csv = catalog_csv(&catalog, filtered_items(&catalog, place.applicability(), &filters, None));
            let csv = state.lang.to_current_script(&csv);
            let name = state.lang.to_current_script(&file_name(&place.name));
            download(&csv, &name);
        });
    };
    view! {
        <Show when=ready>
            <button type="button" class="btn export-csv" on:click=export>"导出表格（CSV）"</button>
        </Show>
        {move || failed.get().map(|e| view! { <p class="note export-failed" role="alert">"表格未能导出："{e.to_string()}"。请再点一次“导出表格”重试。"</p> })}
    }
}

/// 导出公开信息（CSV）: an item's published entries at the place, as its page lists them, with their
/// type and what they interpret.
#[component]
pub fn ExportEntriesCsv(entries: Vec<PublishedEntry>, place: String, item: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let export = move |_| {
        let csv = state.lang.to_current_script(&entries_csv(&entries));
        let name = state.lang.to_current_script(&entries_file_name(&place, &item));
        download(&csv, &name);
    };
    view! { <button type="button" class="btn export-entries" on:click=export>"导出公开信息（CSV）"</button> }
}

/// Saves `text` as a CSV file named `name` (also the 目录调整 export, `adjustments.rs`).
pub fn download(text: &str, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = doc.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.set_rel("noopener");
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            a.remove();
        }
    }
    // Give the download a moment to start before the URL goes.
    set_timeout(move || { let _ = web_sys::Url::revoke_object_url(&url); }, std::time::Duration::from_secs(30));
}

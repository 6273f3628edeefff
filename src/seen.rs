//! 新 in the browser: remembers, in localStorage only (nothing leaves the phone), the data date of the
//! citizen's last look at each place ([`gongkai_view::seen`]). The value before this session's first
//! look is kept in sessionStorage, so every page of the place marks the same entries new during the
//! visit; the next visit compares with this one.

use crate::state::AppState;
use chrono::NaiveDate;
use gongkai_view::seen::{format, parse};
use leptos::prelude::*;

const SEEN_KEY: &str = "gongkai-seen";
const BEFORE_KEY: &str = "gongkai-seen-before";

fn read(storage: Option<web_sys::Storage>, key: &str) -> std::collections::BTreeMap<String, Option<NaiveDate>> {
    parse(&storage.and_then(|s| s.get_item(key).ok().flatten()).unwrap_or_default())
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// The data date of the last look at `place` before this visit (None on a first look).
pub fn since(place: &str) -> Option<NaiveDate> {
    match read(session(), BEFORE_KEY).get(place) {
        Some(before) => *before,
        // This visit's look is not recorded yet: the kept value is still the last look's.
        None => read(local(), SEEN_KEY).get(place).copied().flatten(),
    }
}

/// Records a look at `place` with data as of `as_of`, keeping the previous look's date for this visit.
fn look(place: &str, as_of: NaiveDate) {
    let mut before = read(session(), BEFORE_KEY);
    let mut seen = read(local(), SEEN_KEY);
    if !before.contains_key(place) {
        before.insert(place.to_string(), seen.get(place).copied().flatten());
        if let Some(s) = session() {
            let _ = s.set_item(BEFORE_KEY, &format(&before));
        }
    }
    seen.insert(place.to_string(), Some(as_of));
    if let Some(s) = local() {
        let _ = s.set_item(SEEN_KEY, &format(&seen));
    }
}

/// Records every place the citizen looks at.
pub fn remember_looks(state: AppState) {
    Effect::new(move |_| {
        if let (Some(m), Some(place)) = (state.manifest(), state.route.with(|r| r.place.clone())) {
            look(&place, m.dataset.as_of);
        }
    });
}

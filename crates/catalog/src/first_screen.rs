//! What the first screen says: shared by the app's home page (`src/pages/home.rs`, the place lists,
//! the sample banner) and the build step's pre-rendered copy of it in `index.html`
//! (`gongkai_bundle::first_screen`), which a phone paints before the app has even downloaded. Both
//! must draw the same words in the same elements, so the app takes over without anything moving.

use crate::{Manifest, Place, PlaceKind};

/// The line under the dataset title.
/// Two lines at 360 px in 关怀模式 (it was three, and pushed the first city below the fold).
pub const HOME_LEAD: &str = "查看您所在县、乡镇公开哪些政务信息，在哪里公开、多久公开。";

/// Heading of the list of cities on the first screen.
pub const CHOOSE_PLACE: &str = "选择地区";

/// The button that finds the citizen's county from the phone's position (`src/components/locate.rs`),
/// shown under the lead when the bundle has locate files.
pub const LOCATE_LABEL: &str = "用我的位置";

/// Path data of the button's crosshair icon (a 24 × 24 box, stroked with the text colour).
pub const LOCATE_ICON: &str = "M12 2v4M12 18v4M2 12h4M18 12h4M18 12a6 6 0 1 1-12 0a6 6 0 1 1 12 0z";

/// The summary of the details that hold the dataset's own description: provenance one tap away, the
/// first screen kept for the citizen's task (search, 用我的位置, the places).
pub const ABOUT_DATA: &str = "关于数据";

/// The sample banner's one line; the dataset's own note (`DatasetInfo::sample`) is behind 详细说明.
pub const SAMPLE_LEAD: &str = "本站部分内容为示例数据，仅供演示，请勿作为办事依据。";

/// What the first screen lists, in code order: the provinces, or a one-province dataset's cities
/// ([`Manifest::home_places`]).
pub fn cities(m: &Manifest) -> Vec<&Place> {
    m.home_places()
}

/// What lies below a province of `children` places: how many cities and how many counties, shown
/// under it in place of the NBS groupings ([`crate::PlaceCounts::counties`]: 北京's 16 districts, 河南's
/// 济源市 beside its 17 cities). The place lists' words and headings follow it.
pub fn province_children(p: &Place, children: u32) -> (u32, u32) {
    let counties = p.counts.counties.min(children);
    (children - counties, counties)
}

/// The line under a place's name in a list of places: what lies below it and how much it publishes.
pub fn place_detail(m: &Manifest, p: &Place) -> String {
    let children = p.counts.places.max(m.children(&p.code).count() as u32);
    match p.kind {
        PlaceKind::Province => match province_children(p, children) {
            (0, counties) if counties > 0 => format!("{counties} 个县（市、区） · {} 条公开信息", p.counts.entries),
            (cities, 0) => format!("{cities} 个市（州） · {} 条公开信息", p.counts.entries),
            (cities, counties) => format!("{cities} 个市（州）、{counties} 个县（市） · {} 条公开信息", p.counts.entries),
        },
        PlaceKind::City => format!("{children} 个县（市、区） · {} 条公开信息", p.counts.entries),
        PlaceKind::County if children > 0 => format!("{children} 个乡镇（街道） · {} 项事项", p.counts.items),
        _ => format!("{} 项事项 · {} 条公开信息", p.counts.items, p.counts.entries),
    }
}

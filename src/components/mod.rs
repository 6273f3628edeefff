//! The app's components. Each draws one part of a screen from `AppState` (see `app.rs`).

pub mod banner;
pub mod filters;
pub mod item;
pub mod map;
pub mod nav;
pub mod places;
pub mod search;
pub mod status;
pub mod tree;
// Embed mode, offline, 简体/繁體, QR code and CSV export (issue 6).
pub mod embed;
pub mod export;
pub mod lang;
pub mod offline;
pub mod qr;

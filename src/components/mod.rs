//! The app's components. Each draws one part of a screen from `AppState` (see `state.rs`).

pub mod adjustments;
pub mod banner;
pub mod channels;
pub mod feed;
pub mod filters;
pub mod item;
pub mod map;
pub mod nav;
pub mod places;
pub mod search;
pub mod status;
pub mod tree;
// Embed mode, offline, 简体/繁體, and the page tools (print, CSV export, QR code, embed snippet).
pub mod embed;
pub mod export;
pub mod lang;
pub mod offline;
pub mod qr;
pub mod share;
pub mod snippet;
pub mod tools;
// 用我的位置 and 朗读 (issue 16).
pub mod locate;
pub mod read_aloud;

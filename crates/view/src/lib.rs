//! The Gongkai app's pure logic: what the components of `src/` decide, without signals or the DOM, so
//! that native `cargo test` reaches it (the app crate itself runs only in the browser).
//!
//! - [`route`]: the URL query ⇄ [`route::Route`]; [`location`]: the one function that turns a route
//!   (and the embed keys) into a URL, and the shareable URL and embed snippet built on it.
//! - [`map`]: colour classes and legend labels, zoom maths, label collision, arrow-key neighbours.
//! - [`tree`]: the domain tree's rows, what is visible, and its keyboard model.
//! - [`filters`]: the items that apply at a place and how many the filters leave (共 N 项).
//! - [`places`]: a place's kind, its line of figures, the heading of its children.
//! - [`search`]: the search scope's places and which place a result opens.
//! - [`entry_groups`]: an item's published entries by type, interpretations under what they interpret.
//! - [`seen`]: what is new since the citizen last looked at a place (新).
//! - [`words`]: plain-language text (the 公开时限 in words, dates relative to today).
//! - [`qr`]: the QR code of the view as runs of dark modules; [`locate`]: 用我的位置's refusals.
//!
//! Everything here is deterministic and takes its inputs as arguments (today's date, the page's base
//! URL): the browser-only parts stay in `src/`.

pub mod entry_groups;
pub mod filters;
pub mod location;
pub mod locate;
pub mod map;
pub mod places;
pub mod qr;
pub mod route;
pub mod search;
pub mod seen;
pub mod tree;
pub mod words;

#[cfg(test)]
mod testdata;

pub use location::{location, Display, Script};
pub use route::Route;

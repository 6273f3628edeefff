//! The Gongkai model and bundle format.
//!
//! This crate is the contract between the native build step (`gongkai-bundle`) and the browser app
//! (`gongkai`). Every type that crosses the boundary lives here, as a serde type whose doc comment names
//! the file it is stored in. The crate has no IO and no web dependencies, so all of its logic (domains,
//! levels, time limits, links, hashing) is tested natively and runs unchanged in wasm.
//!
//! Architecture invariant: the app never re-derives what the build step computed. If the app needs a
//! figure, a field here carries it.

pub mod bundle;
pub mod domain;
pub mod export;
pub mod filter;
pub mod first_screen;
pub mod hant;
pub mod hash;
pub mod level;
pub mod link;
pub mod model;
pub mod order;
pub mod timelimit;
pub mod search;
pub mod workdays;

pub use bundle::*;
pub use domain::{Domain, DOMAINS};
pub use level::Tier;
pub use model::*;

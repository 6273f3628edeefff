//! The Gongkai model and bundle format.
//!
//! This crate is the contract between the native build step (`gongkai-bundle`) and the browser app
//! (`gongkai`). Every type that crosses the boundary lives here, as a serde type whose doc comment names
//! the file it is stored in. The crate has no IO and no web dependencies, so all of its logic (domains,
//! levels, time limits, links, hashing) is tested natively and runs unchanged in wasm.
//!
//! Architecture invariant: a rule both sides need is one function here, and the bundle carries what the
//! app needs to call it (which items apply to a place: [`Catalog::applies`] with
//! [`Place::applicability`]). The app computes figures only under the citizen's choices (filters), with
//! the same functions; figures that need more than one catalog it reads from the manifest.

pub mod adjust;
pub mod bundle;
pub mod channel;
pub mod date;
pub mod domain;
pub mod entry_kind;
pub mod export;
pub mod filter;
pub mod first_screen;
pub mod hant;
pub mod hash;
pub mod level;
pub mod link;
pub mod locate;
pub mod model;
pub mod object;
pub mod order;
pub mod timelimit;
pub mod search;
pub mod workdays;

pub use bundle::*;
pub use channel::{ChannelKind, ServiceChannel};
pub use domain::{Domain, DOMAINS};
pub use entry_kind::{EntryKind, ENTRY_KINDS};
pub use level::Tier;
pub use model::*;

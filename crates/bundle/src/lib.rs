//! gongkai-bundle: the build step. County catalogs, places, boundaries and entries in (a source folder,
//! docs/source-format.md); validated, versioned static bundles out (docs/bundle-format.md).
//!
//! Pipeline: `read` (catalog files → tables) and `register`, `entries`, `links`, `dataset` (the other
//! source files) → `assemble` (catalogs per place, ids) → `build` (counts, measures, facets, geometry,
//! search, manifest, all in memory) → `write` (atomically to disk). `cli` is the command line; `synth`
//! generates synthetic provinces to measure the build at scale; `first_screen` pre-renders the home
//! screen into the site's index.html.
pub mod assemble;
pub mod build;
pub mod cli;
pub mod csv_text;
pub mod dataset;
pub mod diagnostic;
pub mod entries;
pub mod first_screen;
pub mod geo;
pub mod hant;
pub mod links;
pub mod measures;
pub mod read;
pub mod register;
pub mod sanitize;
pub mod search_index;
pub mod source;
pub mod synth;
pub mod write;

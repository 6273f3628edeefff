//! gongkai-bundle: the build step. County catalogs, places, boundaries and entries in (a source folder,
//! docs/source-format.md); validated, versioned static bundles out (docs/bundle-format.md).
//!
//! Pipeline, run in order by `build`: `source_files` and `read` (catalog folders and files → tables),
//! `register`, `dataset` → `assemble` (catalogs per place, item ids) → `adjustments` (加减法 with reasons, 目录调整记录) → `links`, `channels`, `entries` (the other
//! sources, resolved against the catalogs) → `manifest` (writes catalogs and entries, and has `counts`,
//! `measures`, `facets`, `search_index`, `hant`, `feeds`, `geo` and `locate` compute theirs, place by place through `entry_pass`,
//! and `place_lists` split the register into one file per place with children) → `write`
//! (atomically to disk). `file_report` and `item_lookup` serve the CSV sources' diagnostics. `cli` is
//! the command line; `synth` generates synthetic source folders (a made-up province, or the real-shaped
//! `--preset city|province|national`) to measure the build at scale;
//! `first_screen` pre-renders the home screen into the site's index.html.
pub mod adjustments;
pub mod assemble;
pub mod build;
pub mod channels;
pub mod cli;
pub mod counts;
pub mod dataset;
pub mod diagnostic;
pub mod entries;
pub mod entry_pass;
pub mod facets;
pub mod feeds;
pub mod file_report;
pub mod first_screen;
pub mod geo;
pub mod hant;
pub mod item_lookup;
pub mod links;
pub mod locate;
pub mod manifest;
pub mod measures;
pub mod memo;
pub mod parallel;
pub mod place_lists;
pub mod progress;
pub mod read;
pub mod read_cache;
pub mod register;
pub mod sanitize;
pub mod search_index;
pub mod source;
pub mod source_files;
pub mod spill;
pub mod synth;
pub mod verify;
pub mod write;

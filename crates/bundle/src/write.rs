//! Collecting the output files in memory, then writing them all at once: into a fresh folder beside the
//! target, renamed over it only when everything is written, so a failed build leaves the output folder
//! exactly as it was.

use gongkai_catalog::{hash::sha256_hex, FileRef};
use serde::Serialize;
use std::collections::BTreeMap;

/// The files of one bundle, by path relative to the output folder.
#[derive(Debug, Default)]
pub struct BundleWriter {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl BundleWriter {
    /// Adds `<dir>/<stem>.<hash8>.json` holding `value` as compact JSON; returns its key (the path).
    pub fn add_json<T: Serialize>(&mut self, dir: &str, stem: &str, value: &T) -> String {
        let bytes = serde_json::to_vec(value).expect("bundle types always serialise");
        let hash = sha256_hex(&bytes);
        let key = format!("{dir}/{stem}.{}.json", &hash[..8]);
        self.files.insert(key.clone(), bytes);
        key
    }

    /// Size and hash of every file, for [`gongkai_catalog::Manifest::files`].
    pub fn file_refs(&self) -> BTreeMap<String, FileRef> {
        self.files
            .iter()
            .map(|(k, v)| (k.clone(), FileRef { bytes: v.len() as u64, sha256: sha256_hex(v) }))
            .collect()
    }
}

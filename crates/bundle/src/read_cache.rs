//! The catalog read cache: what reading each catalog file gave ([`ReadOutcome`]: its tables, its
//! diagnostics and how its rows ended up), kept beside the build memo in `<memo>.reads/`, one JSON
//! file per catalog file, named by a hash of this program, the file's path and its bytes. A build with
//! a memo takes a catalog file's tables from there when its bytes are the ones read before, and reads
//! only the others; at national scale a rebuild after one county's file changed read all 1,315
//! catalog files again (115 MB of CSV, 2.9 s of CPU, the largest part of a 4–5 s rebuild).
//!
//! What is taken is exactly what reading the same bytes at the same path with the same program gives
//! (`a_cached_read_is_the_read` in the tests), so a build that takes it is byte for byte the build
//! that reads. Unlike the memo, the cache does not describe an output: an entry stays true for as long
//! as its file's bytes, so it is not deleted while an output is replaced. Entries of files no longer
//! read are deleted after the catalogs are read; a cache that cannot be written or read only costs the
//! time of reading.

use crate::read::{read_catalog_file, ReadOutcome};
use gongkai_catalog::hash::sha256_hex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Bumped whenever what an entry holds changes meaning (the program's hash changes with any change
/// to the readers anyway).
const READ_CACHE_VERSION: u32 = 1;

/// The cache folder of a build memo ([`ReadCache::beside`]).
pub struct ReadCache {
    dir: PathBuf,
    /// This program and the cache's version: entries of another build step are never taken.
    salt: String,
    /// The entries this build took or wrote: the others are stale ([`ReadCache::prune`]).
    used: Mutex<BTreeSet<String>>,
}

impl ReadCache {
    /// The cache of the memo file `memo`: the folder `<memo>.reads` beside it. None when this program's
    /// own bytes cannot be read (then nothing could say an entry is this program's).
    pub fn beside(memo: &Path) -> Option<ReadCache> {
        let mut dir = memo.as_os_str().to_os_string();
        dir.push(".reads");
        let salt = format!("catalog read {READ_CACHE_VERSION}\n{}\n", crate::memo::exe_hash()?);
        Some(ReadCache { dir: PathBuf::from(dir), salt, used: Mutex::new(BTreeSet::new()) })
    }

    /// Reading the catalog file `path` ([`read_catalog_file`]), taken from the cache when its bytes were
    /// read before; else read, and kept for the next build.
    pub fn read(&self, path: &Path) -> ReadOutcome {
        let before = std::fs::metadata(path).ok();
        let Some(bytes) = before.as_ref().and_then(|_| std::fs::read(path).ok()) else {
            return read_catalog_file(path);
        };
        let mut keyed = self.salt.clone().into_bytes();
        keyed.extend_from_slice(path.as_os_str().as_encoded_bytes());
        keyed.push(b'\n');
        keyed.extend_from_slice(&bytes);
        drop(bytes);
        let key = sha256_hex(&keyed);
        drop(keyed);
        self.used.lock().expect("the cache's lock is never poisoned").insert(key.clone());
        let entry = self.dir.join(format!("{key}.json"));
        if let Some(taken) = std::fs::read(&entry).ok().and_then(|b| serde_json::from_slice::<ReadOutcome>(&b).ok()) {
            return taken;
        }
        let outcome = read_catalog_file(path);
        // Kept only when the file did not change while it was read (then the bytes hashed are the
        // bytes read), through a temporary file, so that an entry is whole or absent.
        let same = |a: &std::fs::Metadata, b: &std::fs::Metadata| a.len() == b.len() && a.modified().ok() == b.modified().ok();
        if before.zip(std::fs::metadata(path).ok()).is_some_and(|(a, b)| same(&a, &b)) {
            let _ = (|| -> std::io::Result<()> {
                std::fs::create_dir_all(&self.dir)?;
                let tmp = self.dir.join(format!("{key}.tmp-{}", std::process::id()));
                std::fs::write(&tmp, serde_json::to_vec(&outcome).map_err(std::io::Error::other)?)?;
                std::fs::rename(&tmp, &entry)
            })();
        }
        outcome
    }

    /// Deletes the entries this build neither took nor wrote: files changed or gone since.
    pub fn prune(&self) {
        let used = self.used.lock().expect("the cache's lock is never poisoned");
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let key = name.strip_suffix(".json").unwrap_or(&name);
            if !used.contains(key) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

//! Collecting the output files in memory, then writing them all at once: into a fresh folder beside the
//! target, renamed over it only when everything is written, so a failed build leaves the output folder
//! exactly as it was.

use gongkai_catalog::{hash::sha256_hex, FileRef};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The files of one bundle, by path relative to the output folder.
#[derive(Debug, Default)]
pub struct BundleWriter {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files listed by another bundle file (the search lists) rather than by the manifest.
    pub nested: BTreeSet<String>,
    /// Files with a fixed name that no bundle file lists because the app never loads them (the Atom
    /// feeds, which feed readers poll by name).
    pub unlisted: BTreeSet<String>,
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

    /// Like [`BundleWriter::add_json`], for a file that another bundle file lists: returns its key
    /// and reference, and keeps it out of the manifest's list.
    pub fn add_nested_json<T: Serialize>(&mut self, dir: &str, stem: &str, value: &T) -> (String, FileRef) {
        let key = self.add_json(dir, stem, value);
        self.nested.insert(key.clone());
        let r = file_ref(&self.files[&key]);
        (key, r)
    }

    /// Adds a file under a fixed name, listed nowhere (see [`BundleWriter::unlisted`]).
    pub fn add_unlisted(&mut self, path: String, bytes: Vec<u8>) {
        self.unlisted.insert(path.clone());
        self.files.insert(path, bytes);
    }

    /// Size and hash of every file the manifest lists, for [`gongkai_catalog::Manifest::files`].
    pub fn file_refs(&self) -> BTreeMap<String, FileRef> {
        self.files
            .iter()
            .filter(|(k, _)| !self.nested.contains(*k) && !self.unlisted.contains(*k))
            .map(|(k, v)| (k.clone(), file_ref(v)))
            .collect()
    }
}

fn file_ref(bytes: &[u8]) -> FileRef {
    FileRef { bytes: bytes.len() as u64, sha256: sha256_hex(bytes) }
}

impl BundleWriter {
    /// Total bytes of the files collected so far.
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|v| v.len() as u64).sum()
    }
}

/// The name of the manifest, the one file of a bundle whose name carries no hash.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Writes the bundle's files and its manifest to `out`, replacing what was there only when everything
/// is written: the files go into `<out>.tmp-<pid>` beside it, the old folder is renamed aside, the new
/// one renamed in, and the old one deleted. On any error `out` is left exactly as it was.
pub fn write_bundle(out: &Path, writer: &BundleWriter, manifest_json: &[u8]) -> std::io::Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(std::io::Error::other(format!("{} exists and is not a folder", out.display())));
    }
    let name = out
        .file_name()
        .ok_or_else(|| std::io::Error::other(format!("{} has no folder name", out.display())))?
        .to_string_lossy()
        .into_owned();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let pid = std::process::id();
    let tmp = parent.join(format!("{name}.tmp-{pid}"));
    let old = parent.join(format!("{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = write_all(&tmp, writer, manifest_json);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if had_old {
        // The new bundle is in place; failing to delete the old copy only leaves a stray folder.
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn write_all(dir: &Path, writer: &BundleWriter, manifest_json: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    for (key, bytes) in &writer.files {
        let path = dir.join(key);
        if let Some(p) = path.parent() {
            if made.insert(p.to_path_buf()) {
                std::fs::create_dir_all(p)?;
            }
        }
        std::fs::write(&path, bytes)?;
    }
    std::fs::write(dir.join(MANIFEST_FILE), manifest_json)
}

//! Writing the output files as they are made, without replacing the output until the build is whole:
//! a failed build leaves the output folder exactly as it was, and no file's bytes stay in memory once
//! written (only its size and hash, for the lists that name it).
//!
//! Two ways, chosen by what `<out>` is ([`BundleWriter::beside`]):
//! - **A new output** (no `<out>/manifest.json`): the files go into a staging folder beside it, which
//!   is renamed in once the manifest is written (the old folder, if any, renamed aside and deleted).
//! - **A rebuild** of a bundle (`<out>/manifest.json` there): the files are written into `<out>`
//!   itself, which is safe because every name but the manifest's and the feeds' carries the file's
//!   hash: a new file gets a name the old manifest never lists, and a file already there under its
//!   name, byte for byte, is left as it is (its inode and modification time too, so `rsync` or a CDN's
//!   sync tool uploads only what changed). A file whose name is taken by other bytes (a feed, whose
//!   name is fixed) is written beside it (`<name>.tmp-<pid>`) and renamed over it at the end, just
//!   before the manifest. The new manifest, renamed over the old one, is the moment the new bundle
//!   exists; then every file it does not reach is deleted (when the build memo's files were taken,
//!   only among the last build's, [`BundleWriter::sweep_only`]). A build that fails before that deletes
//!   what it created and leaves `<out>` as it was. The cost of a rebuild is therefore what changed,
//!   not the 520,000 files of a national bundle.

use gongkai_catalog::{hash::digest_hex, FileRef};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The files of one bundle, by path relative to the output folder, written into a staging folder as
/// they are added. The staging folder is deleted when the writer is dropped, unless
/// [`write_bundle`] moved it into place.
#[derive(Debug)]
pub struct BundleWriter {
    /// Where the files are written.
    dir: PathBuf,
    /// Size and hash of every file written.
    refs: BTreeMap<String, FileRef>,
    /// Files listed by another bundle file (the search lists) rather than by the manifest.
    pub nested: BTreeSet<String>,
    /// Files with a fixed name that no bundle file lists because the app never loads them (the Atom
    /// feeds, which feed readers poll by name).
    pub unlisted: BTreeSet<String>,
    /// Folders already made under `dir`.
    made: BTreeSet<PathBuf>,
    /// The first write that failed: later writes are skipped and [`write_bundle`] reports it.
    failed: Option<String>,
    /// Set once the staging folder became the output (so it is not deleted on drop).
    moved: AtomicBool,
    /// Files are only hashed, never written (a check, whose bundle nobody reads).
    discard: bool,
    /// The output being rebuilt, whose files with the same name and bytes are linked, not written.
    previous: Option<PathBuf>,
    /// Files taken from `previous` so far.
    reused: usize,
    /// `dir` is the output being rebuilt itself (see the module's documentation).
    in_place: bool,
    /// Writing in place: the files this build created in the output, and the folders (outermost
    /// first), deleted if the build does not complete ([`BundleWriter::roll_back`]).
    created: Vec<PathBuf>,
    created_dirs: Vec<PathBuf>,
    /// Writing in place: files whose name the output holds with other bytes, written beside it under
    /// [`pending_path`] and renamed over it by [`write_bundle`].
    pending: BTreeSet<String>,
    /// The folder for the build's scratch files ([`BundleWriter::scratch`]).
    scratch: PathBuf,
    /// While set, the key of every file added is recorded here ([`BundleWriter::record`]).
    recording: Option<Vec<String>>,
    /// Writing in place: the last build's files that this one may not hold, when they are known
    /// ([`BundleWriter::sweep_only`]); otherwise the whole output is listed.
    sweep: Option<Vec<String>>,
}

/// A file's compact JSON and its digest, made before it is added ([`BundleWriter::add_made`]).
pub struct Made {
    bytes: Vec<u8>,
    digest: String,
    /// The output being rebuilt holds these bytes under this file's name ([`Made::as_before`]).
    on_disk: bool,
}

impl Made {
    pub fn of<T: Serialize>(value: &T) -> Made {
        Made::bytes(json(value))
    }

    /// A file whose JSON is already made.
    pub fn bytes(bytes: Vec<u8>) -> Made {
        Made { digest: digest_hex(&bytes), bytes, on_disk: false }
    }

    /// The file of `value`, which the last build wrote as `before` (its key and reference) into the
    /// output `dir` being rebuilt ([`BundleWriter::rebuilding`]): when that file is still there with
    /// these very bytes (compared), its digest is taken from `before` instead of computed, and
    /// [`BundleWriter::add_made`] need not compare it again. At national scale the catalogs are 380 MB
    /// of JSON, nearly all unchanged from one build to the next.
    pub fn as_before<T: Serialize>(value: &T, dir: Option<&Path>, before: Option<&(String, FileRef)>) -> Made {
        let bytes = json(value);
        match dir.zip(before) {
            Some((dir, (key, r))) if r.bytes == bytes.len() as u64 && same_bytes(&dir.join(key), &bytes) => {
                Made { bytes, digest: r.sha256_128.clone(), on_disk: true }
            }
            _ => Made::bytes(bytes),
        }
    }
}

/// A bundle file's compact JSON.
fn json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("bundle types always serialise")
}

/// Distinguishes staging folders of one process (tests build many bundles at once).
static STAGING: AtomicUsize = AtomicUsize::new(0);

impl Default for BundleWriter {
    /// A writer staging into a fresh folder under the system's temporary folder.
    fn default() -> BundleWriter {
        let n = STAGING.fetch_add(1, Ordering::Relaxed);
        BundleWriter::in_dir(std::env::temp_dir().join(format!("gongkai-bundle-{}-{n}", std::process::id())))
    }
}

impl BundleWriter {
    /// A writer for the output folder `out`: writing into `out` itself when it holds a bundle (a
    /// rebuild), else staging into `<out>.tmp-<pid>-<n>` beside it, so that [`write_bundle`] into `out`
    /// is a rename (see the module's documentation).
    pub fn beside(out: &Path) -> BundleWriter {
        let (parent, name) = parent_and_name(out);
        let n = STAGING.fetch_add(1, Ordering::Relaxed);
        let staging = parent.join(format!("{name}.tmp-{}-{n}", std::process::id()));
        if out.join(MANIFEST_FILE).is_file() {
            let mut scratch = staging.into_os_string();
            scratch.push(".scratch");
            let mut w = BundleWriter::with_dir(out.to_path_buf(), None);
            w.previous = Some(out.to_path_buf());
            w.in_place = true;
            w.scratch = PathBuf::from(scratch);
            return w;
        }
        let mut w = BundleWriter::in_dir(staging);
        w.previous = out.is_dir().then(|| out.to_path_buf());
        w
    }

    fn in_dir(dir: PathBuf) -> BundleWriter {
        let _ = std::fs::remove_dir_all(&dir);
        let failed = std::fs::create_dir_all(&dir).err().map(|e| format!("{}: {e}", dir.display()));
        BundleWriter::with_dir(dir, failed)
    }

    fn with_dir(dir: PathBuf, failed: Option<String>) -> BundleWriter {
        let mut scratch = dir.clone().into_os_string();
        scratch.push(".scratch");
        BundleWriter {
            dir,
            refs: BTreeMap::new(),
            nested: BTreeSet::new(),
            unlisted: BTreeSet::new(),
            made: BTreeSet::new(),
            failed,
            moved: AtomicBool::new(false),
            discard: false,
            previous: None,
            reused: 0,
            recording: None,
            sweep: None,
            in_place: false,
            created: Vec::new(),
            created_dirs: Vec::new(),
            pending: BTreeSet::new(),
            scratch: PathBuf::from(scratch),
        }
    }

    /// A writer that keeps every file's size and hash but writes nothing (only its scratch files):
    /// `check` builds the whole bundle to find every problem and throws it away.
    pub fn discarding() -> BundleWriter {
        let mut w = BundleWriter::default();
        w.discard = true;
        let _ = std::fs::remove_dir(&w.dir);
        w
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A folder beside the output for the build's scratch files (never part of the bundle; deleted
    /// with the writer).
    pub fn scratch(&self) -> PathBuf {
        self.scratch.clone()
    }

    /// Where the file `key` written by this build is until [`write_bundle`].
    fn path_of(&self, key: &str) -> PathBuf {
        if self.pending.contains(key) {
            pending_path(&self.dir, key)
        } else {
            self.dir.join(key)
        }
    }

    /// Makes the folder `dir` (and those above it), noting those it made when writing in place.
    fn make_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        if self.made.contains(dir) {
            return Ok(());
        }
        if self.in_place {
            let missing: Vec<PathBuf> = dir.ancestors().take_while(|a| !a.exists()).map(Path::to_path_buf).collect();
            std::fs::create_dir_all(dir)?;
            self.created_dirs.extend(missing.into_iter().rev());
        } else {
            std::fs::create_dir_all(dir)?;
        }
        self.made.insert(dir.to_path_buf());
        Ok(())
    }

    /// Writing in place, a build that did not complete: deletes every file and folder it created in
    /// the output, which is then as it was.
    fn roll_back(&mut self) {
        for key in std::mem::take(&mut self.pending) {
            let _ = std::fs::remove_file(pending_path(&self.dir, &key));
        }
        for f in self.created.drain(..) {
            let _ = std::fs::remove_file(f);
        }
        for d in self.created_dirs.drain(..).rev() {
            let _ = std::fs::remove_dir(d);
        }
    }

    /// Adds `<dir>/<stem>.<hash8>.json` holding `value` as compact JSON; returns its key (the path).
    pub fn add_json<T: Serialize>(&mut self, dir: &str, stem: &str, value: &T) -> String {
        self.add_made(dir, stem, Made::of(value))
    }

    /// Adds `<dir>/<stem>.<hash8>.json` holding the bytes of [`Made::of`] (which other threads can
    /// make); returns its key.
    pub fn add_made(&mut self, dir: &str, stem: &str, made: Made) -> String {
        let key = format!("{dir}/{stem}.{}.json", &made.digest[..8]);
        self.put(&key, &made.bytes, made.digest, made.on_disk);
        key
    }

    /// The output being rebuilt in place, whose files [`Made::as_before`] may compare with.
    pub fn rebuilding(&self) -> Option<&Path> {
        self.in_place.then_some(self.dir.as_path())
    }

    /// Like [`BundleWriter::add_json`], for a file that another bundle file lists: returns its key
    /// and reference, and keeps it out of the manifest's list.
    pub fn add_nested_json<T: Serialize>(&mut self, dir: &str, stem: &str, value: &T) -> (String, FileRef) {
        let key = self.add_json(dir, stem, value);
        self.nested.insert(key.clone());
        let r = self.refs[&key].clone();
        (key, r)
    }

    /// Adds a file under a fixed name, listed nowhere (see [`BundleWriter::unlisted`]).
    pub fn add_unlisted(&mut self, path: String, bytes: Vec<u8>) {
        let hash = digest_hex(&bytes);
        self.put(&path, &bytes, hash, false);
        self.unlisted.insert(path);
    }

    /// Once the new bundle is in place, deletes only those of `last` (files of the last build) that it
    /// does not hold, instead of listing the whole output (half a million files at national scale):
    /// for a rebuild that took the build memo's files, `last` is every other file of the last build
    /// ([`crate::memo::BuildMemo::others`]). A file the last build did not make (left by hand, or by a
    /// failed deletion) then stays until a build without the memo.
    pub fn sweep_only(&mut self, last: Vec<String>) {
        self.sweep = Some(last);
    }

    /// Starts recording the keys of the files added from now on, until [`BundleWriter::recorded`].
    pub fn record(&mut self) {
        self.recording = Some(Vec::new());
    }

    /// The files added since [`BundleWriter::record`], each with its reference and how it is listed;
    /// recording stops.
    pub fn recorded(&mut self) -> Vec<(String, FileRef, crate::memo::Listed)> {
        use crate::memo::Listed;
        let keys = self.recording.take().unwrap_or_default();
        keys.into_iter()
            .filter_map(|k| {
                let listed = if self.nested.contains(&k) {
                    Listed::Nested
                } else if self.unlisted.contains(&k) {
                    Listed::Unlisted
                } else {
                    Listed::Manifest
                };
                Some((k.clone(), self.refs.get(&k)?.clone(), listed))
            })
            .collect()
    }

    /// Whether the output being rebuilt holds every one of these files at its size (what
    /// [`BundleWriter::adopt`] needs).
    pub fn previous_holds(&self, files: &[(String, FileRef, crate::memo::Listed)]) -> bool {
        self.previous.as_ref().is_some_and(|previous| all_held(previous, files))
    }

    /// [`BundleWriter::adopt`] of every file of a list the build memo keeps, counted on `step`.
    pub fn adopt_all(&mut self, files: &[(String, FileRef, crate::memo::Listed)], step: &crate::progress::Step) {
        for (key, r, listed) in files {
            self.adopt(key, r, *listed);
            step.inc(1);
        }
    }

    /// Takes a file of the output being rebuilt as it is, by its reference (the build memo knows it
    /// unchanged, [`crate::memo`]): linked into the staging folder, not read.
    pub fn adopt(&mut self, key: &str, r: &FileRef, listed: crate::memo::Listed) {
        use crate::memo::Listed;
        self.refs.insert(key.to_string(), r.clone());
        match listed {
            Listed::Nested => {
                self.nested.insert(key.to_string());
            }
            Listed::Unlisted => {
                self.unlisted.insert(key.to_string());
            }
            Listed::Manifest => {}
        }
        if self.failed.is_some() || self.discard {
            return;
        }
        if self.in_place {
            // Already there: `previous_holds` checked it.
            self.reused += 1;
            return;
        }
        let path = self.dir.join(key);
        let linked = (|| {
            let Some(old) = self.previous.as_ref().map(|p| p.join(key)) else {
                return Err(std::io::Error::other("no output to take it from"));
            };
            if let Some(p) = path.parent() {
                self.make_dir(p)?;
            }
            std::fs::hard_link(&old, &path).or_else(|_| std::fs::copy(&old, &path).map(|_| ()))
        })();
        match linked {
            Ok(()) => self.reused += 1,
            Err(e) => self.failed = Some(format!("{}: {e}", path.display())),
        }
    }

    /// Adds the file `key`; `on_disk`: the output being rebuilt is known to hold these bytes under
    /// that name ([`Made::as_before`]), so they need not be compared again.
    fn put(&mut self, key: &str, bytes: &[u8], digest: String, on_disk: bool) {
        if let Some(r) = &mut self.recording {
            r.push(key.to_string());
        }
        if self.refs.get(key).is_some_and(|r| r.sha256_128 == digest) {
            return; // the same file added twice
        }
        self.refs.insert(key.to_string(), FileRef { bytes: bytes.len() as u64, sha256_128: digest });
        if self.failed.is_some() || self.discard {
            return;
        }
        let path = self.dir.join(key);
        let written = (|| {
            if let Some(p) = path.parent() {
                self.make_dir(p)?;
            }
            if self.in_place {
                if std::fs::symlink_metadata(&path).is_err() {
                    self.created.push(path.clone());
                    return std::fs::write(&path, bytes);
                }
                if on_disk || same_bytes(&path, bytes) {
                    self.reused += 1;
                    return Ok(());
                }
                self.pending.insert(key.to_string());
                return std::fs::write(pending_path(&self.dir, key), bytes);
            }
            if let Some(old) = self.previous.as_ref().map(|p| p.join(key)) {
                if same_bytes(&old, bytes) && std::fs::hard_link(&old, &path).is_ok() {
                    self.reused += 1;
                    return Ok(());
                }
            }
            std::fs::write(&path, bytes)
        })();
        if let Err(e) = written {
            self.failed = Some(format!("{}: {e}", path.display()));
        }
    }

    /// Files taken unchanged from the output being rebuilt (see the module's documentation).
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Size and hash of every file the manifest lists, for [`gongkai_catalog::Manifest::files`].
    pub fn file_refs(&self) -> BTreeMap<String, FileRef> {
        // The three are sorted alike: walked side by side rather than looked up file by file (half a
        // million files at national scale, most of them nested).
        let (mut nested, mut unlisted) = (self.nested.iter().peekable(), self.unlisted.iter().peekable());
        let holds = |set: &mut std::iter::Peekable<std::collections::btree_set::Iter<String>>, key: &String| {
            while set.next_if(|s| *s < key).is_some() {}
            set.next_if(|s| *s == key).is_some()
        };
        self.refs
            .iter()
            .filter(|(k, _)| {
                // Both walked on, whatever the first says.
                let (n, u) = (holds(&mut nested, k), holds(&mut unlisted, k));
                !n && !u
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Every file written, with its size and hash.
    pub fn refs(&self) -> &BTreeMap<String, FileRef> {
        &self.refs
    }

    /// Number of files written.
    pub fn len(&self) -> usize {
        self.refs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }

    /// Total bytes of the files written so far.
    pub fn total_bytes(&self) -> u64 {
        self.refs.values().map(|r| r.bytes).sum()
    }

    /// The bytes of one file written, read back from the staging folder.
    pub fn file(&self, key: &str) -> Option<Vec<u8>> {
        if !self.refs.contains_key(key) {
            return None;
        }
        std::fs::read(self.path_of(key)).ok()
    }

    /// Every file written, read back from the staging folder (for tests and small bundles).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.refs.keys().filter_map(|k| Some((k.clone(), self.file(k)?))).collect()
    }
}

impl Drop for BundleWriter {
    fn drop(&mut self) {
        self.clean_up();
    }
}

impl BundleWriter {
    /// What dropping the writer does, done now (again when it is dropped, to no effect): its scratch
    /// folder deleted, and, unless [`write_bundle`] moved the bundle into place, what it wrote.
    pub fn clean_up(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
        if self.moved.load(Ordering::Relaxed) {
            return;
        }
        if self.in_place {
            // Never the whole folder: it is the output.
            self.roll_back();
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Where a file whose name the output holds with other bytes waits for [`write_bundle`].
fn pending_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.tmp-{}", std::process::id()))
}

/// Whether the file at `path` holds exactly `bytes` (a missing or unreadable file does not). The size
/// is compared first, so most changed files are never read.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// The name of the manifest, the one file of a bundle whose name carries no hash.
pub const MANIFEST_FILE: &str = "manifest.json";

fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "bundle".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Puts the bundle's files and its manifest at `out`, replacing what was there only when everything
/// is written: the staging folder (renamed when it is beside `out`, [`BundleWriter::beside`]; else
/// copied into `<out>.tmp-<pid>` first) gets the manifest, the old folder is renamed aside, the new
/// one renamed in, and the old one deleted. On any error `out` is left exactly as it was.
pub fn write_bundle(out: &Path, writer: &BundleWriter, manifest_json: &[u8]) -> std::io::Result<()> {
    if let Some(e) = &writer.failed {
        return Err(std::io::Error::other(e.clone()));
    }
    if writer.discard {
        return Err(std::io::Error::other("a bundle built to be checked has no files to write"));
    }
    if out.exists() && !out.is_dir() {
        return Err(std::io::Error::other(format!("{} exists and is not a folder", out.display())));
    }
    if out.file_name().is_none() {
        return Err(std::io::Error::other(format!("{} has no folder name", out.display())));
    }
    if writer.in_place {
        // Written into a bundle's folder: it can only be completed there (copied elsewhere, the
        // writer's roll-back would then delete the files it created from under the copy).
        let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
        if !same(&writer.dir, out) {
            return Err(std::io::Error::other(format!(
                "the bundle was written into {} and can only be put in place there, not at {}",
                writer.dir.display(),
                out.display()
            )));
        }
        return commit_in_place(out, writer, manifest_json);
    }
    let (parent, name) = parent_and_name(out);
    std::fs::create_dir_all(&parent)?;
    let pid = std::process::id();
    let beside = writer.dir.parent() == Some(parent.as_path())
        && writer.dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{name}.tmp-")));
    let tmp = if beside {
        writer.dir.clone()
    } else {
        let tmp = parent.join(format!("{name}.tmp-{pid}"));
        let _ = std::fs::remove_dir_all(&tmp);
        if let Err(e) = copy_files(writer, &tmp) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        tmp
    };
    let cleanup = |tmp: &Path| {
        if !beside {
            let _ = std::fs::remove_dir_all(tmp);
        }
    };
    let old_manifest = out.join(MANIFEST_FILE);
    let manifest_kept = writer.previous.is_some()
        && same_bytes(&old_manifest, manifest_json)
        && std::fs::hard_link(&old_manifest, tmp.join(MANIFEST_FILE)).is_ok();
    if !manifest_kept {
        if let Err(e) = std::fs::write(tmp.join(MANIFEST_FILE), manifest_json) {
            cleanup(&tmp);
            return Err(e);
        }
    }
    let old = parent.join(format!("{name}.old-{pid}"));
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
        if let Err(e) = std::fs::rename(out, &old) {
            cleanup(&tmp);
            return Err(e);
        }
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        cleanup(&tmp);
        return Err(e);
    }
    if beside {
        writer.moved.store(true, Ordering::Relaxed);
    }
    if had_old {
        // The new bundle is in place; failing to delete the old copy only leaves a stray folder.
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// [`write_bundle`] of a bundle written into its output (see the module's documentation): the files
/// waiting beside their names renamed over them, then the new manifest over the old one, then every
/// file the new bundle does not hold deleted.
fn commit_in_place(out: &Path, writer: &BundleWriter, manifest_json: &[u8]) -> std::io::Result<()> {
    let manifest = out.join(MANIFEST_FILE);
    let manifest_tmp = pending_path(out, MANIFEST_FILE);
    let changed = !same_bytes(&manifest, manifest_json);
    let renamed = (|| {
        if changed {
            std::fs::write(&manifest_tmp, manifest_json)?;
        }
        // Fixed names (the feeds): each replaced whole, one after the other, just before the manifest.
        for key in &writer.pending {
            std::fs::rename(pending_path(out, key), out.join(key))?;
        }
        if changed {
            std::fs::rename(&manifest_tmp, &manifest)?;
        }
        Ok(())
    })();
    if let Err(e) = renamed {
        let _ = std::fs::remove_file(&manifest_tmp);
        return Err(e);
    }
    writer.moved.store(true, Ordering::Relaxed);
    // The new bundle is in place; failing to delete an old file only leaves a stray file.
    if let Some(last) = &writer.sweep {
        for key in last.iter().filter(|k| *k != MANIFEST_FILE && !writer.refs.contains_key(*k)) {
            let path = out.join(key);
            let _ = std::fs::remove_file(&path);
            // Its folder too, if that left it empty.
            if let Some(dir) = path.parent().filter(|d| *d != out) {
                let _ = std::fs::remove_dir(dir);
            }
        }
        return Ok(());
    }
    // Looked up in a hash set: in the B-tree, each of half a million long keys with shared prefixes
    // was some twenty string comparisons.
    let keep: std::collections::HashSet<&str> = writer.refs.keys().map(String::as_str).collect();
    remove_all_but(out, out, &|key| key == MANIFEST_FILE || keep.contains(key));
    Ok(())
}

/// Whether the output `dir` holds the file `key` at the size `r` records: how a rebuild judges a file
/// of the last build still there (the build memo's files, [`BundleWriter::previous_holds`]; the
/// unchanged catalogs, [`crate::manifest::write_catalogs`]).
pub fn holds(dir: &Path, key: &str, r: &FileRef) -> bool {
    std::fs::metadata(dir.join(key)).is_ok_and(|m| m.is_file() && m.len() == r.bytes)
}

/// Whether the output `dir` holds every one of these files at its size ([`holds`]). Half a million
/// files at national scale: looked up on every core, each relative to its folder (the output's own
/// path is walked once per folder, not once per file). (Listing each folder once instead was slower:
/// 330,000 names of search/ listed on one thread.)
pub fn all_held(dir: &Path, files: &[(String, FileRef, crate::memo::Listed)]) -> bool {
    let chunks: Vec<_> = files.chunks(4096).collect();
    crate::parallel::map_in_order(&chunks, |c| {
        let mut folder = Folder::default();
        c.iter().all(|(key, r, _)| folder.holds(dir, key, r))
    })
    .into_iter()
    .all(|ok| ok)
}

/// [`holds`] for many files of the same folders one after the other: on Unix, each file is looked up
/// relative to its folder, opened once for the files that follow in it.
#[derive(Default)]
struct Folder {
    #[cfg(unix)]
    open: Option<(PathBuf, Option<rustix::fd::OwnedFd>)>,
}

impl Folder {
    #[cfg(unix)]
    fn holds(&mut self, dir: &Path, key: &str, r: &FileRef) -> bool {
        use rustix::fs::{AtFlags, FileType, Mode, OFlags};
        let key = Path::new(key);
        let (Some(parent), Some(name)) = (key.parent(), key.file_name()) else { return false };
        if self.open.as_ref().is_none_or(|(p, _)| p != parent) {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            self.open = Some((parent.to_path_buf(), rustix::fs::open(dir.join(parent), flags, Mode::empty()).ok()));
        }
        let Some((_, Some(fd))) = &self.open else { return false };
        // Symbolic links followed, as `std::fs::metadata` does.
        rustix::fs::statat(fd, name, AtFlags::empty())
            .is_ok_and(|st| FileType::from_raw_mode(st.st_mode).is_file() && st.st_size as u64 == r.bytes)
    }

    #[cfg(not(unix))]
    fn holds(&mut self, dir: &Path, key: &str, r: &FileRef) -> bool {
        holds(dir, key, r)
    }
}

/// Deletes every file under `dir` (a folder of `root`) whose path relative to `root` `keep` refuses,
/// and every folder left empty; symbolic links are deleted or kept as files, never followed. A
/// folder's files are looked up on every core (`search/` holds 330,000 at national scale).
fn remove_all_but(root: &Path, dir: &Path, keep: &(dyn Fn(&str) -> bool + Sync)) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            dirs.push(entry.path());
        } else {
            files.push(entry.path());
        }
    }
    let chunks: Vec<&[PathBuf]> = files.chunks(4096).collect();
    crate::parallel::map_in_order(&chunks, |chunk| {
        for path in chunk.iter() {
            let key = path.strip_prefix(root).map(|k| k.to_string_lossy()).unwrap_or_default();
            if !keep(&key) {
                let _ = std::fs::remove_file(path);
            }
        }
    });
    for d in &dirs {
        remove_all_but(root, d, keep);
        let _ = std::fs::remove_dir(d); // only if empty
    }
}

/// Copies (or hard-links, on the same file system) every staged file into `dir`.
fn copy_files(writer: &BundleWriter, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    for key in writer.refs.keys() {
        let path = dir.join(key);
        if let Some(p) = path.parent() {
            if made.insert(p.to_path_buf()) {
                std::fs::create_dir_all(p)?;
            }
        }
        let from = writer.path_of(key);
        if std::fs::hard_link(&from, &path).is_err() {
            std::fs::copy(&from, &path)?;
        }
    }
    Ok(())
}

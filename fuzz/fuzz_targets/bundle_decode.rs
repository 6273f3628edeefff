//! The app's decoding of bundle files, on any bytes: the manifest, and every hash-checked file type
//! (Catalog, PlaceEntries, GeoView, and the search files: SearchMeta, SearchFileList, PostingShard,
//! FragmentChunk). Never panics; whatever decodes re-encodes and decodes to itself;
//! a file whose bytes differ from the manifest's record is always refused.
#![no_main]

use gongkai_catalog::hash::digest_hex;
use gongkai_catalog::search::{FragmentChunk, PostingShard, SearchFileList, SearchMeta};
use gongkai_catalog::{
    decode_manifest, BundleError, Catalog, FileRef, GeoView, Manifest, PlaceEntries,
};
use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

const MANIFEST: &[u8] = br#"{"format_version":1,"dataset":{"title":"t","as_of":"2026-01-01","credits":[]},"domains":[],"places":[],"facets":{"levels":[],"modes":[],"audiences":[],"channels":[],"extras":[]},"files":{}}"#;

fn check_file<T: DeserializeOwned + Serialize + PartialEq + Debug>(data: &[u8]) {
    let mut manifest: Manifest = decode_manifest(MANIFEST).expect("the fixed manifest decodes");
    let path = "x/file.json".to_string();
    manifest.files.insert(
        path.clone(),
        FileRef {
            bytes: data.len() as u64,
            sha256_128: digest_hex(data),
        },
    );
    if let Ok(value) = manifest.decode_file::<T>(&path, data) {
        let again = serde_json::to_vec(&value).expect("decoded bundle values serialise");
        let back: T = serde_json::from_slice(&again).expect("re-encoded bundle values decode");
        assert_eq!(back, value);
    }
    // The same bytes with one more byte, or one byte fewer, never get past the hash check.
    let mut longer = data.to_vec();
    longer.push(b' ');
    assert_eq!(
        manifest.decode_file::<T>(&path, &longer).unwrap_err(),
        BundleError::HashMismatch { path: path.clone() }
    );
    if let Some((_, shorter)) = data.split_last() {
        assert_eq!(
            manifest.decode_file::<T>(&path, shorter).unwrap_err(),
            BundleError::HashMismatch { path: path.clone() }
        );
    }
    assert!(matches!(
        manifest.decode_file::<T>("other.json", data),
        Err(BundleError::Unknown(_))
    ));
}

fuzz_target!(|data: &[u8]| {
    match decode_manifest(data) {
        Ok(m) => {
            let again = serde_json::to_vec(&m).expect("a decoded manifest serialises");
            assert_eq!(
                decode_manifest(&again).expect("a re-encoded manifest decodes"),
                m
            );
            // Walking the place tree of any manifest terminates (a parent cycle must not hang).
            if let Some(p) = m.places.first() {
                let _ = m.lineage(&p.code);
                let _ = m.children(&p.code).count();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    // The first byte picks the file type so that each gets the whole of the rest.
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 7 {
        0 => check_file::<Catalog>(rest),
        1 => check_file::<PlaceEntries>(rest),
        2 => check_file::<GeoView>(rest),
        3 => check_file::<SearchMeta>(rest),
        4 => check_file::<SearchFileList>(rest),
        5 => check_file::<PostingShard>(rest),
        _ => check_file::<FragmentChunk>(rest),
    }
});

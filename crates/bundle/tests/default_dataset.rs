//! The default dataset (`data/`) as the build step makes it: twice to the same bytes. (Its sizes are
//! measured by scripts/bench-build.sh, not asserted here.)

use gongkai_bundle::build::build_source;
use std::path::Path;

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

#[test]
fn the_default_dataset_builds_to_identical_bytes_twice() {
    let one = build_source(&data_dir()).bundle.expect("data/ builds");
    let two = build_source(&data_dir()).bundle.expect("data/ builds");
    assert_eq!(one.manifest_json, two.manifest_json);
    let (one, two) = (one.writer.files(), two.writer.files());
    assert_eq!(one.len(), two.len());
    for (key, bytes) in &one {
        assert!(two.get(key) == Some(bytes), "{key} differs between two builds");
    }
}

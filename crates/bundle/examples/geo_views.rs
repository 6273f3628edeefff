//! Times the disclosure map's geometry alone on a source folder (a benchmark, not a test):
//!   cargo run --release -p gongkai-bundle --example geo_views -- <source>
//! Prints the views drawn, their JSON bytes and the wall-clock time; run it under /usr/bin/time for CPU.
use std::time::Instant;

fn main() {
    let source = std::env::args().nth(1).expect("usage: geo_views <source folder>");
    let source = std::path::Path::new(&source);
    let mut diags = Vec::new();
    let register = gongkai_bundle::register::read_register(&source.join("places.csv"), &mut diags);
    let start = Instant::now();
    let views = gongkai_bundle::geo::build_views(source, &register, &mut diags);
    let bytes: usize = views.iter().map(|v| serde_json::to_vec(v).expect("views serialise").len()).sum();
    println!("{} views, {bytes} bytes of JSON, {} diagnostics, {:.1} s", views.len(), diags.len(), start.elapsed().as_secs_f64());
}

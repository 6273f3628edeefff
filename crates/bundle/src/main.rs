//! `gongkai-bundle`: see [`gongkai_bundle::cli`] for the commands.

/// mimalloc rather than the system's malloc: see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(gongkai_bundle::cli::run(&args));
}

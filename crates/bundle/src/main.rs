//! `gongkai-bundle`: see [`gongkai_bundle::cli`] for the commands.

/// mimalloc rather than the system's malloc: see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // No transparent huge pages for this process: mimalloc asks for them on its arenas, and each
    // first touch of one then zeroes 2 MB. A national rebuild spent 0.9 s of kernel time more with
    // them (3.0–4.0 s of system time against 2.3–2.5 s; 4.6–5.0 s of wall time against 5.3–5.8 s).
    // Failing to turn them off only loses that time.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(gongkai_bundle::cli::run(&args));
}

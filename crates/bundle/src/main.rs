//! `gongkai-bundle`: see [`gongkai_bundle::cli`] for the commands.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(gongkai_bundle::cli::run(&args));
}

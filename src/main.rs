//! Gongkai (公开): the explorer for grassroots government-affairs disclosure catalogs.
//! This file only mounts the app; `app.rs` holds the state and the view switch.

mod app;
mod components;
mod loader;
mod pages;
mod route;
mod search_client;
mod time;

fn main() {
    leptos::mount::mount_to_body(app::App);
}

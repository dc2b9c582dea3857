//! The desktop app's entry point; everything else is in the library (src/lib.rs).

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing costs about 80 MB more in its web process and shows
    // blank windows with some GPU drivers; Retort's screens are lists and text, which draw as
    // smoothly without it. A value the person set wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    retort_app::run()
}

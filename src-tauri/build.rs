//! Tauri's build step: reads tauri.conf.json and capabilities/ beside this file and generates the
//! app's context and permission schemas.

fn main() {
    tauri_build::build()
}

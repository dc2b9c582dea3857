//! Facts about the app itself, for the about box and first-start notice.

use crate::demo::DEMO_PROFILE;
use crate::dto::AppInfo;
use crate::state::AppState;
use tauri::State;

pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state.data_dir.display().to_string(),
        store_path: state.store_path.display().to_string(),
        demo_profile: DEMO_PROFILE.into(),
    }
}

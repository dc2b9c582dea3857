// Runs the Tauri CLI for this repository's layout: the app crate is ../src-tauri (beside ui/,
// not inside it), which the CLI only finds when told. Works the same on Windows, macOS and Linux.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ui = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(ui, "node_modules", "@tauri-apps", "cli", "tauri.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TAURI_APP_PATH: join(ui, "..", "src-tauri"), TAURI_FRONTEND_PATH: ui },
});
process.exit(result.status ?? 1);

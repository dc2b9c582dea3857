import { defineConfig } from "vitest/config";

// Unit tests of the pure helpers (no DOM, no Tauri): plain Node, none of the app's Vite plugins.
export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});

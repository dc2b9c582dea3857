import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves the built files itself; the dev server is only for `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // The editor (CodeMirror, Lezer and the SQL / Python grammars) in a chunk of its own.
        manualChunks: (id) => (/node_modules\/(@codemirror|@lezer|@marijn|style-mod|w3c-keyname|crelt)\//.test(id) ? "editor" : undefined),
      },
    },
  },
});

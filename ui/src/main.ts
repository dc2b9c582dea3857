import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";

// `npm run dev:mock`: a made-up backend, for working on the UI in a browser without the shell.
if (import.meta.env.VITE_RETORT_MOCK === "1") {
  const { install } = await import("./lib/backend/mock");
  install();
}

const target = document.getElementById("app");
if (!target) throw new Error("no #app element");
export default mount(App, { target });

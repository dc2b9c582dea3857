// Starts the real app for one scenario: fresh data and profiles folders, tauri-driver (which
// starts WebKitWebDriver and the app), and a WebdriverIO session on it. The display and the
// keyring come from run.sh (Xvfb, a private D-Bus session with an unlocked gnome-keyring).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

const root = resolve(import.meta.dirname, "../../..");
export const appBinary =
  process.env.RETORT_APP_BINARY ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug/retort-app");
const shots = join(import.meta.dirname, "../screenshots");

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not answer on port ${port}`);
}

/** Launches the app; `env` adds variables (RETORT_E2E_DIALOG, …), or is a function of the
 * scenario's paths that returns them. */
export async function launch(name, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), `retort-e2e-${name}-`));
  const paths = {
    dir,
    data: join(dir, "data"),
    profiles: join(dir, "config/org.retort.app/profiles.json"),
  };
  mkdirSync(paths.data, { recursive: true });
  const port = 4444 + Math.floor(Math.random() * 500);
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1000)], {
    env: {
      ...process.env,
      RETORT_APP_DATA: paths.data,
      RETORT_PROFILES: paths.profiles,
      ...(typeof env === "function" ? env(paths) : env),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The app's own output (tauri-driver passes it through), kept for tests that search it.
  let output = "";
  for (const stream of [driver.stdout, driver.stderr]) {
    stream.on("data", (chunk) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
  }
  await waitForPort(port, 15000);
  const started = Date.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    capabilities: { "tauri:options": { application: appBinary } },
  });
  return {
    browser,
    paths,
    started,
    /** The whole screen as X shows it (`import -window root`), after WebKit has had time to
     * paint, and the page as WebDriver renders it. */
    async screenshot(label) {
      mkdirSync(shots, { recursive: true });
      const file = join(shots, `${name}-${label}.png`);
      await browser.pause(800);
      execFileSync("import", ["-window", "root", file]);
      // WebKitWebDriver's page screenshot sometimes never answers (seen after keyring prompts,
      // with the window painted and the X screenshot above taken): it is a second picture for
      // people, so it gets 15 s and a note instead of failing the spec.
      const page = join(shots, `${name}-${label}-page.png`);
      const late = await within(15000, browser.saveScreenshot(page));
      if (late) console.log(`# ${name}-${label}: the WebDriver page screenshot did not answer in 15 s`);
      return file;
    },
    /** Everything the app and the drivers printed so far. */
    output() {
      return output;
    },
    async close() {
      try {
        // A driver stuck on an unanswered screenshot must not hold the spec until its timeout.
        await within(15000, browser.deleteSession());
      } finally {
        driver.kill();
      }
    },
  };
}

/** Waits until `selector` exists and returns it. */
export async function el(browser, selector, timeout = 15000) {
  const element = await browser.$(selector);
  await element.waitForExist({ timeout });
  return element;
}

/** The text content of every element matching `selector` (whitespace collapsed). WebDriver's
 * "visible text" drops text that is clipped with an ellipsis, which the graph's rows are. */
export async function texts(browser, selector) {
  return browser.execute(
    (sel) => Array.from(document.querySelectorAll(sel), (e) => (e.textContent ?? "").replace(/\s+/g, " ").trim()),
    selector,
  );
}

/** Waits for `promise` at most `ms`: true when the time ran out first (the promise is left). */
async function within(ms, promise) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([promise.then(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

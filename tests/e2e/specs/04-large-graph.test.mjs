// A 10,000-revision project (with a branch and a merge every 500 revisions) opens, paints its
// graph, and scrolls to the oldest revision; the times are printed as MEASURE lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, el } from "../lib/app.mjs";

const N = 10000;

function id(i) {
  return `r${String(i).padStart(5, "0")}`;
}

function writeProject(dir) {
  mkdirSync(join(dir, "versions"), { recursive: true });
  writeFileSync(join(dir, "retort.toml"), 'versions = "versions"\nurl = "sqlite:///big.db"\n');
  writeFileSync(join(dir, "schema.sql"), "");
  const rev = (name, parents, message) =>
    `-- revision: ${name}\n-- down_revision: ${parents.join(", ")}\n-- message: ${message}\n\n-- upgrade\nSELECT 1;\n\n-- downgrade\nSELECT 1;\n`;
  for (let i = 1; i <= N; i++) {
    const parents = i === 1 ? [] : [id(i - 1)];
    // Every 500th revision merges a side branch that left the trunk 3 revisions earlier.
    if (i % 500 === 0) parents.push(`s${i}`);
    writeFileSync(join(dir, "versions", `${id(i)}.sql`), rev(id(i), parents, `step ${i}`));
    if (i % 500 === 0) writeFileSync(join(dir, "versions", `s${i}.sql`), rev(`s${i}`, [id(i - 3)], `side ${i}`));
  }
  // Files an hour old, as a checkout's are: Retort's header cache trusts no file changed in the
  // last two seconds.
  const hourAgo = new Date(Date.now() - 3600 * 1000);
  for (const name of readdirSync(join(dir, "versions"))) utimesSync(join(dir, "versions", name), hourAgo, hourAgo);
}

/** Reloads the page and returns how long until the newest revision's row is drawn. */
async function paint(browser) {
  const started = Date.now();
  await browser.refresh();
  await browser.waitUntil(
    async () => (await browser.execute(() => document.querySelector('[data-revision="r10000"]') !== null)),
    { timeout: 60000, timeoutMsg: "the newest revision never appeared" },
  );
  return Date.now() - started;
}

test("a 10,000-revision project opens and scrolls", async () => {
  const app = await launch("large", {});
  try {
    const { browser, paths } = app;
    const project = join(paths.dir, "big");
    writeProject(project);
    mkdirSync(join(paths.profiles, ".."), { recursive: true });
    writeFileSync(
      paths.profiles,
      JSON.stringify({ profiles: [{ name: "Big", project, dialect: "sqlite", sqliteFile: join(project, "big.db"), tls: "prefer", environment: "dev", protected: false, hasPassword: false }] }),
    );
    // The app started with the demo; reload so it reads the new profiles file, as on a fresh
    // start: the first time every file is read, the next time the header cache answers.
    const coldPaint = await paint(browser);
    const firstPaint = await paint(browser);
    const rows = await browser.execute(() => document.querySelectorAll('[data-testid="revision-row"]').length);
    assert.ok(rows > 10 && rows < 200, `virtualized: ${rows} rows in the page`);
    await app.screenshot("top");
    const list = await el(browser, '[data-testid="revision-list"]');
    const scrolled = Date.now();
    await browser.execute((e) => {
      e.scrollTop = e.scrollHeight;
    }, list);
    await browser.waitUntil(
      async () => (await browser.execute(() => document.querySelector('[data-revision="r00001"]') !== null)),
      { timeout: 10000, timeoutMsg: "scrolling never reached the oldest revision" },
    );
    const scroll = Date.now() - scrolled;
    await app.screenshot("bottom");
    console.log(
      `MEASURE large_first_paint_cold_ms=${coldPaint} large_first_paint_ms=${firstPaint} large_scroll_to_end_ms=${scroll} rows_in_page=${rows}`,
    );
  } finally {
    await app.close();
  }
});

// The environments matrix: two databases of the demo project at different revisions, each
// column showing what it has and what it misses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, el, appBinary } from "../lib/app.mjs";
import { click } from "../lib/wait.mjs";

test("the matrix shows two databases at different revisions", async () => {
  const app = await launch("matrix");
  try {
    const { browser, paths } = app;
    await el(browser, '[data-testid="revision-row"]', 30000);
    const demo = join(paths.data, "demo");
    const cli = join(appBinary, "../retort");
    const dev = join(paths.dir, "dev.db");
    const staging = join(paths.dir, "staging.db");
    execFileSync(cli, ["-c", demo, "--url", `sqlite:///${dev}`, "upgrade", "head"]);
    execFileSync(cli, ["-c", demo, "--url", `sqlite:///${staging}`, "upgrade", "df80a4039362"]);
    const profile = (name, file, environment) => ({ name, project: demo, dialect: "sqlite", sqliteFile: file, tls: "prefer", environment, protected: false, hasPassword: false });
    mkdirSync(join(paths.profiles, ".."), { recursive: true });
    writeFileSync(paths.profiles, JSON.stringify({ profiles: [profile("Dev", dev, "dev"), profile("Staging", staging, "staging")] }));
    await browser.refresh();
    await el(browser, '[data-testid="revision-row"]', 30000);
    await click(browser, '[data-testid="tab-matrix"]');
    await el(browser, '[data-testid="matrix-screen"]');
    const missing = async (name) =>
      browser.execute((wanted) => {
        const column = document.querySelector(`[data-testid="matrix-column"][data-profile="${wanted}"]`);
        return column?.querySelector('[data-testid="matrix-missing"]')?.getAttribute("data-count") ?? null;
      }, name);
    await browser.waitUntil(async () => (await missing("Dev")) === "0" && (await missing("Staging")) === "10", {
      timeout: 30000,
      timeoutMsg: `missing: Dev ${await missing("Dev")}, Staging ${await missing("Staging")}`,
    });
    const cell = (name, revision) =>
      browser.execute(
        (p, r) => document.querySelector(`[data-testid="matrix-cell"][data-profile="${p}"][data-revision="${r}"]`)?.getAttribute("data-state") ?? null,
        name,
        revision,
      );
    assert.equal(await cell("Dev", "891d90252aca"), "current");
    assert.equal(await cell("Staging", "891d90252aca"), "pending");
    assert.equal(await cell("Staging", "df80a4039362"), "current");
    assert.equal(await cell("Staging", "3e377d80cf19"), "applied");
    await app.screenshot("matrix");
  } finally {
    await app.close();
  }
});

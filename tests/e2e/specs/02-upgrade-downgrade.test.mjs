// Upgrade the demo to head through the preview and confirm, then downgrade -1; the CLI then
// reads the same database and agrees.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { launch, el, texts, appBinary } from "../lib/app.mjs";
import { click, waitText, waitBadge } from "../lib/wait.mjs";

const cli = join(appBinary, "../retort");

function cliCurrent(project) {
  const out = execFileSync(cli, ["-c", project, "--json", "current"], { encoding: "utf8" });
  return JSON.parse(out).current;
}

test("upgrade to head through the preview, then downgrade -1", async () => {
  const app = await launch("upgrade");
  try {
    const { browser } = app;
    await waitBadge(browser, "Demo (SQLite)", (b) => b === "13 pending");
    await click(browser, '[data-testid="upgrade-head"]');
    await el(browser, '[data-testid="preview"]');
    const steps = await texts(browser, '[data-testid="preview-step"]');
    assert.equal(steps.length, 13, steps.join("\n"));
    await app.screenshot("preview");
    await click(browser, '[data-testid="apply-confirm"]');
    const result = await waitText(browser, '[data-testid="result-current"]', (t) => t.includes("891d90252aca"), 60000);
    assert.match(result, /891d90252aca/);
    await app.screenshot("upgraded");
    await click(browser, '[data-testid="apply-close"]');
    await waitBadge(browser, "Demo (SQLite)", (b) => b === "up to date");
    assert.deepEqual(cliCurrent(join(app.paths.data, "demo")), ["891d90252aca"]);

    await click(browser, '[data-testid="downgrade-one"]');
    await el(browser, '[data-testid="preview"]');
    const down = await texts(browser, '[data-testid="preview-step"]');
    assert.equal(down.length, 1, down.join("\n"));
    const destructive = await browser.$('[data-testid="preview-destructive"]');
    assert.ok(await destructive.isExisting(), "dropping a column is marked destructive");
    await click(browser, '[data-testid="apply-confirm"]');
    await waitText(browser, '[data-testid="result-current"]', (t) => t.includes("07c9f652c98c"), 60000);
    await click(browser, '[data-testid="apply-close"]');
    await waitBadge(browser, "Demo (SQLite)", (b) => b === "1 pending");
    assert.deepEqual(cliCurrent(join(app.paths.data, "demo")), ["07c9f652c98c"]);
  } finally {
    await app.close();
  }
});

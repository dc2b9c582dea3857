// Autogenerate after a schema.sql edit: the changes show (a destructive drop marked), the draft
// is saved as a new revision, and the graph and the CLI both see it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { launch, el, texts, appBinary } from "../lib/app.mjs";
import { click, waitText } from "../lib/wait.mjs";

test("autogenerate after a schema.sql edit saves a draft revision", async () => {
  const app = await launch("autogen");
  try {
    const { browser, paths } = app;
    await el(browser, '[data-testid="revision-row"]', 30000);
    const demo = join(paths.data, "demo");
    const schema = join(demo, "schema.sql");
    // The edit a person makes: a new table, and a column dropped.
    writeFileSync(schema, readFileSync(schema, "utf8").replace(/,\s*phone VARCHAR\(30\)/i, ""));
    appendFileSync(schema, "\nCREATE TABLE coupons (\n    id INTEGER PRIMARY KEY,\n    code VARCHAR(20) NOT NULL UNIQUE\n);\n");
    await click(browser, '[data-testid="tab-autogenerate"]');
    await el(browser, '[data-testid="autogen-screen"]');
    await click(browser, '[data-testid="autogen-run"]');
    await browser.waitUntil(async () => (await texts(browser, '[data-testid="autogen-change"]')).length >= 2, {
      timeout: 60000,
      timeoutMsg: "no changes listed",
    });
    const changes = await texts(browser, '[data-testid="autogen-change"]');
    assert.ok(changes.some((c) => c.includes("coupons")), changes.join("\n"));
    assert.ok(changes.some((c) => c.includes("customers.phone")), changes.join("\n"));
    assert.ok(await (await browser.$('[data-testid="autogen-destructive"]')).isExisting(), "the dropped column is marked");
    await app.screenshot("changes");
    const message = await el(browser, '[data-testid="autogen-message"]');
    await message.setValue("coupons and no phone");
    await click(browser, '[data-testid="autogen-save"]');
    const id = await waitText(browser, '[data-testid="autogen-saved-id"]', (t) => /^[0-9a-f]{12}$/.test(t.trim()), 30000);
    const path = (await texts(browser, '[data-testid="autogen-saved-path"]'))[0];
    assert.ok(existsSync(path), path);
    assert.match(readFileSync(path, "utf8"), /CREATE TABLE "coupons"/);
    const heads = execFileSync(join(appBinary, "../retort"), ["-c", demo, "heads"], { encoding: "utf8" });
    assert.ok(heads.startsWith(id.trim()), heads);
    await click(browser, '[data-testid="tab-graph"]');
    await browser.waitUntil(async () => (await texts(browser, '[data-testid="revision-row"]')).length === 14, {
      timeout: 20000,
      timeoutMsg: "the graph does not show the new revision",
    });
    await app.screenshot("graph");
  } finally {
    await app.close();
  }
});

// An existing Alembic project (a real alembic in its .venv) opens in the app, shows its graph and
// the database's revision, and upgrades to head with a click: the preview is alembic's own
// offline SQL, and the run goes through the project's alembic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, el, texts, appBinary } from "../lib/app.mjs";
import { click, waitText, waitBadge } from "../lib/wait.mjs";
import { writeAlembicProject } from "../lib/alembic.mjs";

test("an Alembic project opens and upgrades to head", async () => {
  const app = await launch("alembic");
  try {
    const { browser, paths } = app;
    const project = join(paths.dir, "legacy");
    const ids = writeAlembicProject(project);
    mkdirSync(join(paths.profiles, ".."), { recursive: true });
    writeFileSync(
      paths.profiles,
      JSON.stringify({ profiles: [{ name: "Legacy (Alembic)", project, dialect: "sqlite", sqliteFile: join(project, "app.db"), tls: "prefer", environment: "dev", protected: false, hasPassword: false }] }),
    );
    await browser.refresh();
    await browser.waitUntil(async () => (await texts(browser, '[data-testid="revision-row"]')).length === 3, {
      timeout: 30000,
      timeoutMsg: "the three Alembic revisions never showed",
    });
    await waitBadge(browser, "Legacy (Alembic)", (b) => b === "3 pending");
    await click(browser, '[data-testid="upgrade-head"]');
    const preview = await el(browser, '[data-testid="preview"]', 60000);
    await browser.waitUntil(async () => (await preview.getText()).length > 0, { timeout: 60000 });
    await app.screenshot("preview");
    await click(browser, '[data-testid="apply-confirm"]');
    await waitText(browser, '[data-testid="result-current"]', (t) => t.includes(ids[2]), 90000);
    await app.screenshot("upgraded");
    await click(browser, '[data-testid="apply-close"]');
    await waitBadge(browser, "Legacy (Alembic)", (b) => b === "up to date", 40000);
    // A relative downgrade: alembic's offline mode wants absolute revisions, which the app works out.
    await click(browser, '[data-testid="downgrade-one"]');
    const down = await el(browser, '[data-testid="preview"]', 60000);
    await browser.waitUntil(async () => (await texts(browser, '[data-testid="preview-step"]')).length === 1, {
      timeout: 60000,
      timeoutMsg: "the -1 preview never listed its one step",
    });
    const sql = await browser.execute(() => document.querySelector('[data-testid="preview"]')?.textContent ?? "");
    assert.match(sql, /DROP TABLE invoices/);
    assert.ok(await down.isExisting());
    await click(browser, '[data-testid="apply-cancel"]');
    const cli = join(appBinary, "../retort");
    const current = JSON.parse(execFileSync(cli, ["-c", project, "--json", "current"], { encoding: "utf8" })).current;
    assert.deepEqual(current, [ids[2]]);
  } finally {
    await app.close();
  }
});

// Settings: a PostgreSQL profile with a password (found in the real Secret Service, never in the
// store file), protected so that applying waits for the database name; and a profile whose
// server is down, shown as unreachable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, el } from "../lib/app.mjs";
import { click, waitText, waitBadge } from "../lib/wait.mjs";

const PASSWORD = "E2e-s3cret pw";

function psql(sql) {
  execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql]);
}

async function fill(browser, testid, value) {
  const input = await el(browser, `[data-testid="${testid}"]`);
  await input.clearValue();
  await input.setValue(value);
}

async function addProfile(browser, fields) {
  await click(browser, '[data-testid="nav-settings"]');
  await click(browser, '[data-testid="settings-add"]');
  await fill(browser, "pf-name", fields.name);
  if (fields.browse) {
    // The native folder dialog, answered by RETORT_E2E_DIALOG (set at launch).
    await click(browser, '[data-testid="pf-project-browse"]');
    const input = await el(browser, '[data-testid="pf-project"]');
    await browser.waitUntil(async () => (await input.getValue()) === fields.project, {
      timeout: 10000,
      timeoutMsg: "Browse did not fill the project folder",
    });
  } else {
    await fill(browser, "pf-project", fields.project);
  }
  await (await el(browser, '[data-testid="pf-dialect"]')).selectByAttribute("value", "postgresql");
  await fill(browser, "pf-host", "127.0.0.1");
  await fill(browser, "pf-port", String(fields.port));
  await fill(browser, "pf-database", fields.database);
  await fill(browser, "pf-user", "postgres");
  if (fields.password) await fill(browser, "pf-password", fields.password);
  if (fields.protected) await click(browser, '[data-testid="pf-protected"]');
  await click(browser, '[data-testid="pf-save"]');
  await el(browser, '[data-testid="settings-saved"]');
}

async function openCard(browser, name) {
  const cards = await browser.$$('[data-testid="database-card"]');
  for (const card of cards) {
    const text = await browser.execute((e) => e.textContent ?? "", card);
    if (text.includes(name)) {
      await card.click();
      return;
    }
  }
  throw new Error(`no card ${name}`);
}

test("profiles: keyring password, protected apply, unreachable server", async () => {
  const database = `retort_e2e_${process.pid}`;
  psql(`DROP DATABASE IF EXISTS ${database}`);
  psql(`CREATE DATABASE ${database}`);
  // The folder dialog answers with the demo copy the app makes at first start.
  const app = await launch("profiles", (paths) => ({ RETORT_E2E_DIALOG: join(paths.data, "demo") }));
  try {
    const { browser } = app;
    const project = join(app.paths.data, "demo");
    await el(browser, '[data-testid="revision-row"]', 30000);
    await addProfile(browser, { name: "Staging PG", project, port: 5432, database, password: PASSWORD, protected: true, browse: true });

    const stored = execFileSync("secret-tool", ["lookup", "service", "retort", "username", "Staging PG"], { encoding: "utf8" });
    assert.equal(stored, PASSWORD, "the password is in the Secret Service");
    const file = readFileSync(app.paths.profiles, "utf8");
    assert.ok(!file.includes(PASSWORD), "the store file never holds the password");
    assert.equal(JSON.parse(file).profiles.find((p) => p.name === "Staging PG").hasPassword, true);

    await click(browser, '[data-testid="pf-test"]');
    await el(browser, '[data-testid="pf-test-ok"]', 20000);
    await app.screenshot("settings");

    await openCard(browser, "Staging PG");
    await waitBadge(browser, "Staging PG", (b) => b === "13 pending");
    await click(browser, '[data-testid="upgrade-head"]');
    await el(browser, '[data-testid="dialog-banner"]');
    await el(browser, '[data-testid="preview"]');
    const confirm = await el(browser, '[data-testid="apply-confirm"]');
    assert.equal(await confirm.isEnabled(), false, "protected: confirm waits for the name");
    await fill(browser, "confirm-name", "not the name");
    assert.equal(await confirm.isEnabled(), false);
    await fill(browser, "confirm-name", database);
    await browser.waitUntil(() => confirm.isEnabled(), { timeout: 5000 });
    await app.screenshot("protected");
    await confirm.click();
    await waitText(browser, '[data-testid="result-current"]', (t) => t.includes("891d90252aca"), 60000);
    await click(browser, '[data-testid="apply-close"]');
    await waitBadge(browser, "Staging PG", (b) => b === "up to date");

    await addProfile(browser, { name: "Nowhere", project, port: 1, database: "x" });
    await openCard(browser, "Nowhere");
    await waitBadge(browser, "Nowhere", (b) => b === "unreachable", 40000);
    await app.screenshot("unreachable");
  } finally {
    await app.close();
    try {
      execFileSync("secret-tool", ["clear", "service", "retort", "username", "Staging PG"]);
    } catch {}
    psql(`DROP DATABASE IF EXISTS ${database}`);
  }
});

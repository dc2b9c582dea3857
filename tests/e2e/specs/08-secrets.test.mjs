// A known password, once given to a profile, appears nowhere but the keyring: not in the store
// file, the app's output, the screens or the database's activity log; deleting the profile
// deletes its keyring entry. A keyring that cannot be reached is a clear error, never a
// fallback to plain text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, el, texts } from "../lib/app.mjs";
import { click, waitBadge } from "../lib/wait.mjs";

const PASSWORD = "Kn0wn-pw for the leak search";

function psql(database, sql) {
  return execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-Atqc", sql], { encoding: "utf8" });
}

async function fill(browser, testid, value) {
  const input = await el(browser, `[data-testid="${testid}"]`);
  await input.clearValue();
  await input.setValue(value);
}

async function addProfile(browser, name, project, database) {
  await click(browser, '[data-testid="nav-settings"]');
  await click(browser, '[data-testid="settings-add"]');
  await fill(browser, "pf-name", name);
  await fill(browser, "pf-project", project);
  await (await el(browser, '[data-testid="pf-dialect"]')).selectByAttribute("value", "postgresql");
  await fill(browser, "pf-host", "127.0.0.1");
  await fill(browser, "pf-port", "5432");
  await fill(browser, "pf-database", database);
  await fill(browser, "pf-user", "postgres");
  await fill(browser, "pf-password", PASSWORD);
  await click(browser, '[data-testid="pf-save"]');
}

function lookup(name) {
  try {
    return execFileSync("secret-tool", ["lookup", "service", "retort", "username", name], { encoding: "utf8" });
  } catch {
    return null;
  }
}

test("a password is found only in the keyring, and goes with its profile", async () => {
  const database = `retort_e2e_secret_${process.pid}`;
  execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-qc", `DROP DATABASE IF EXISTS ${database}`]);
  execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-qc", `CREATE DATABASE ${database}`]);
  const app = await launch("secrets");
  try {
    const { browser, paths } = app;
    await el(browser, '[data-testid="revision-row"]', 30000);
    const project = join(paths.data, "demo");
    await addProfile(browser, "Leak check", project, database);
    await el(browser, '[data-testid="settings-saved"]');
    assert.equal(lookup("Leak check"), PASSWORD);

    // Use it: an upgrade writes the activity log.
    const cards = await browser.$$('[data-testid="database-card"]');
    for (const card of cards) {
      if ((await browser.execute((e) => e.textContent ?? "", card)).includes("Leak check")) await card.click();
    }
    await waitBadge(browser, "Leak check", (b) => b === "13 pending");
    await click(browser, '[data-testid="upgrade-head"]');
    await el(browser, '[data-testid="preview"]');
    await click(browser, '[data-testid="apply-confirm"]');
    await el(browser, '[data-testid="run-result"]', 60000);
    await click(browser, '[data-testid="apply-close"]');
    await click(browser, '[data-testid="tab-activity"]');
    await el(browser, '[data-testid="activity-row"]', 20000);
    const page = await browser.execute(() => document.documentElement.outerHTML);
    assert.ok(!page.includes(PASSWORD), "the password is in the page");
    const log = psql(database, "SELECT string_agg(t::text, ' ') FROM retort_log t");
    assert.ok(log.length > 0, "the activity log has rows");
    assert.ok(!log.includes(PASSWORD), "the password is in retort_log");
    assert.ok(!readFileSync(paths.profiles, "utf8").includes(PASSWORD), "the password is in the store file");

    // Delete the profile: its keyring entry goes too.
    await click(browser, '[data-testid="nav-settings"]');
    const entries = await browser.$$('[data-testid="settings-profile"]');
    for (const entry of entries) {
      if ((await browser.execute((e) => e.textContent ?? "", entry)).includes("Leak check")) await entry.click();
    }
    await click(browser, '[data-testid="pf-delete"]');
    await click(browser, '[data-testid="delete-confirm"]');
    await browser.waitUntil(async () => lookup("Leak check") === null, { timeout: 15000, timeoutMsg: "the keyring entry outlived its profile" });
    // The keyring entry goes before the list is drawn again: wait for the list too.
    await browser.waitUntil(
      async () => !(await texts(browser, '[data-testid="settings-profile"]')).some((t) => t.includes("Leak check")),
      { timeout: 15000, timeoutMsg: "the deleted profile is still listed" },
    );
    assert.ok(!app.output().includes(PASSWORD), "the password is in the app's output");
  } finally {
    await app.close();
    execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-qc", `DROP DATABASE IF EXISTS ${database}`]);
  }
});

test("an unreachable keyring is a clear error, and nothing is stored", async () => {
  // No session bus for the app: the Secret Service cannot be reached.
  const app = await launch("no-keyring", { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/bus" });
  try {
    const { browser, paths } = app;
    await el(browser, '[data-testid="revision-row"]', 30000);
    await addProfile(browser, "No keyring", join(paths.data, "demo"), "postgres");
    const error = await el(browser, '[data-testid="pf-error"]', 20000);
    assert.equal(await error.getAttribute("data-code"), "keyring_unavailable");
    await app.screenshot("error");
    const store = readFileSync(paths.profiles, "utf8");
    assert.ok(!store.includes(PASSWORD), "the password went to the store file");
    assert.ok(!store.includes("No keyring"), "a profile without its password was saved");
  } finally {
    await app.close();
  }
});

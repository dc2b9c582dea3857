// First start: no profiles, so the app copies the bundled demo and shows its graph, every
// revision pending on the Demo (SQLite) database.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, el, texts } from "../lib/app.mjs";
import { waitBadge } from "../lib/wait.mjs";

test("first start shows the demo graph", async () => {
  const app = await launch("first-start");
  try {
    const { browser } = app;
    await el(browser, '[data-testid="revision-row"]', 30000);
    const visible = Date.now() - app.started;
    const rows = await texts(browser, '[data-testid="revision-row"]');
    assert.equal(rows.length, 13, rows.join("\n"));
    assert.ok(rows.some((r) => r.includes("Create authors")), rows.join("\n"));
    await waitBadge(browser, "Demo (SQLite)", (b) => b === "13 pending");
    const store = JSON.parse(readFileSync(app.paths.profiles, "utf8"));
    assert.equal(store.profiles[0].name, "Demo (SQLite)");
    console.log(`MEASURE launch_to_graph_ms=${visible}`);
    await app.screenshot("demo-graph");
  } finally {
    await app.close();
  }
});

// Small waits on what the page shows, so specs read as the steps a person takes.
import { el } from "./app.mjs";

/** Waits until the first element matching `selector` has text satisfying `test`. */
export async function waitText(browser, selector, test, timeout = 20000) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const e = await browser.$(selector);
      if (!(await e.isExisting())) return false;
      last = await e.getText();
      return test(last);
    },
    { timeout, timeoutMsg: `${selector}: last text ${JSON.stringify(last)}` },
  );
  return last;
}

export async function click(browser, selector) {
  const e = await el(browser, selector);
  await e.waitForClickable({ timeout: 15000 });
  await e.click();
}

/** The status badge of the card named `name`. */
export async function badgeOf(browser, name) {
  return browser.execute((wanted) => {
    for (const card of document.querySelectorAll('[data-testid="database-card"]')) {
      if ((card.textContent ?? "").includes(wanted)) {
        return card.querySelector('[data-testid="status-badge"]')?.textContent?.trim() ?? null;
      }
    }
    return null;
  }, name);
}

export async function waitBadge(browser, name, test, timeout = 30000) {
  let last = null;
  await browser.waitUntil(
    async () => {
      last = await badgeOf(browser, name);
      return last !== null && test(last);
    },
    { timeout, timeoutMsg: `badge of ${name}: last ${JSON.stringify(last)}` },
  );
  return last;
}

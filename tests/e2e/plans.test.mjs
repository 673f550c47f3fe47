// The plan editor in a real browser: build a plan, see live warnings, save,
// reload, open the read-only share link elsewhere, and a save from a second
// tab reported as a conflict.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { apiGet } from "./support/api.mjs";
import { assertNoProblems, launchBrowser, openPage, screenshots, settled } from "./support/browser.mjs";
import { startServer } from "./support/server.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Creates a plan from `/plans` and returns its id. */
async function createPlan(page, name) {
  await page.goto("/plans");
  await settled(page);
  await page.fill("#new-plan-name", name);
  await page.click("text=Create plan");
  await page.waitForURL(/\/plans\/[0-9a-f]+$/);
  await settled(page);
  return page.url().split("/").pop();
}

/** Adds `code` to the term at `index` with its course picker. */
async function addToTerm(page, index, code) {
  const term = page.locator(`.plan-term[data-term="${index}"]`);
  const input = term.locator("input[role=combobox]");
  await input.fill(code);
  await input.press("Escape");
  await term.getByRole("button", { name: "Add" }).click();
  await page.locator(`.plan-term[data-term="${index}"] .plan-course[data-code="${code}"]`).waitFor();
}

/** Waits until the term checks have finished and returns each term's warning texts. */
async function warnings(page) {
  await page.locator("[data-checks=done]").waitFor();
  return page.$$eval(".plan-term", (terms) => terms.map((term) => [...term.querySelectorAll(".warnings li")].map((item) => item.textContent)));
}

/** Finds two courses of the index that are antirequisites of each other. */
async function antirequisitePair() {
  const courses = (await apiGet(server.baseUrl, "/api/v1/courses?limit=200")).courses.map((course) => course.code);
  const known = new Set(courses);
  for (const code of courses) {
    const course = await apiGet(server.baseUrl, `/api/v1/courses/${code.replace(" ", "")}`);
    const other = course.antireqs.find((antireq) => known.has(antireq));
    if (other) return [code, other];
  }
  throw new Error("the fixture index has no antirequisite pair");
}

test("plan warns, saves, reloads and shares read-only", async () => {
  const page = await openPage(browser, server.baseUrl);
  const id = await createPlan(page, "E2E plan");
  assert.equal(await page.locator("h1").textContent(), "E2E plan");

  await addToTerm(page, 0, "CS 246");
  let found = await warnings(page);
  const namesCs136 = (text) => /CS 136(?![0-9A-Z])/.test(text);
  assert.ok(found[0].some((text) => text.startsWith("CS 246") && namesCs136(text)), `CS 246 in the first term warns about CS 136: ${found[0]}`);

  await addToTerm(page, 0, "CS 135");
  await addToTerm(page, 1, "CS 136");
  const row = page.locator('.plan-term[data-term="0"] .plan-course[data-code="CS 246"]');
  await row.getByRole("button", { name: /Move CS 246 to/ }).nth(1).click();
  await page.locator('.plan-term[data-term="1"] .plan-course[data-code="CS 246"]').getByRole("button", { name: /Move CS 246 to/ }).nth(1).click();
  await page.locator('.plan-term[data-term="2"] .plan-course[data-code="CS 246"]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Move CS 246 to 2B", "focus follows the moved course");
  found = await warnings(page);
  assert.ok(!found.flat().some((text) => text.startsWith("CS 246") && namesCs136(text)), `no CS 136 warning once CS 136 comes first: ${found}`);

  const [first, second] = await antirequisitePair();
  await addToTerm(page, 3, first);
  await addToTerm(page, 3, second);
  found = await warnings(page);
  assert.ok(found[3].some((text) => text.includes("antirequisites") && text.includes(first) && text.includes(second)), `conflict shown: ${found[3]}`);
  await screenshots(page, "plan-editor");

  await page.click("#save-plan");
  await page.locator(".save-state", { hasText: "All changes saved (version 2)" }).waitFor();
  const saved = await page.$$eval(".plan-term", (terms) => terms.map((term) => [...term.querySelectorAll(".plan-course")].map((item) => item.dataset.code)));

  await page.reload();
  await settled(page);
  const reloaded = await page.$$eval(".plan-term", (terms) => terms.map((term) => [...term.querySelectorAll(".plan-course")].map((item) => item.dataset.code)));
  assert.deepEqual(reloaded, saved);

  const link = await page.inputValue("#share-link");
  assert.match(link, new RegExp(`/plans/${id}\\?token=`));
  const elsewhere = await openPage(browser, server.baseUrl);
  await elsewhere.goto(link);
  await settled(elsewhere);
  assert.match(await elsewhere.locator(".state-info").first().textContent(), /read-only/);
  assert.equal(await elsewhere.locator("#save-plan").count(), 0);
  assert.equal(await elsewhere.locator(".plan-term input, .plan-term button").count(), 0, "a shared plan has no editing controls");
  const shared = await elsewhere.$$eval(".plan-term", (terms) => terms.map((term) => [...term.querySelectorAll(".plan-course")].map((item) => item.dataset.code)));
  assert.deepEqual(shared, saved);
  await screenshots(elsewhere, "plan-shared");
  assertNoProblems(elsewhere);
  await elsewhere.context().close();
  assertNoProblems(page);
  await page.close();
});

test("save after another tab saved reports a conflict", async () => {
  const first = await openPage(browser, server.baseUrl);
  await createPlan(first, "Two tabs");
  const second = await openPage(browser, server.baseUrl, { context: first.context() });
  second.allowed.push(/status of 412/);
  await second.goto(first.url());
  await settled(second);

  await addToTerm(first, 0, "CS 135");
  await first.click("#save-plan");
  await first.locator(".save-state", { hasText: "version 2" }).waitFor();

  await addToTerm(second, 0, "MATH 135");
  await second.click("#save-plan");
  const alert = second.locator("[role=alert]", { hasText: "Another tab or device saved this plan first" });
  await alert.waitFor();
  await screenshots(second, "plan-conflict");

  await second.getByRole("button", { name: "Reload the latest version" }).click();
  await second.locator('.plan-course[data-code="CS 135"]').waitFor();
  assert.equal(await second.locator('.plan-course[data-code="MATH 135"]').count(), 0);
  assertNoProblems(first);
  assertNoProblems(second);
  await first.context().close();
});

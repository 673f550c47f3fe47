// Advisory views in a real browser: what a record can take and why not,
// a path to target courses, and a program audit. Each check compares the
// page with the API's response to the same record.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { apiGet, apiPost, slug } from "./support/api.mjs";
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

/** Adds a completed course with a grade through the record form. */
async function addCompleted(page, code, grade) {
  await page.fill("#record-grade", String(grade));
  const input = page.getByLabel("Completed course", { exact: true });
  await input.fill(code);
  await input.press("Escape");
  await page.locator("fieldset.record .field", { has: input }).getByRole("button", { name: "Add" }).click();
  await page.locator(`fieldset.record ul[aria-label="Completed courses"] a`, { hasText: code }).waitFor();
}

test("eligibility lists courses and explains one", async () => {
  const record = { completed: [{ code: "CS 135", grade: 85 }, { code: "MATH 135", grade: 70 }], in_progress: [], programs: [] };
  const next = await apiPost(server.baseUrl, "/api/v1/advisory/next", record);
  const page = await openPage(browser, server.baseUrl);
  await page.goto("/eligibility");
  await settled(page);
  await addCompleted(page, "CS 135", 85);
  await addCompleted(page, "MATH 135", 70);

  const table = page.locator("table[data-list=eligible]");
  const expectedCodes = next.eligible.map((course) => course.code);
  await page.waitForFunction((expected) => {
    const shown = [...document.querySelectorAll("table[data-list=eligible] tbody tr td:first-child")].map((cell) => cell.textContent);
    return JSON.stringify(shown) === JSON.stringify(expected);
  }, expectedCodes, { timeout: 10_000 }).catch(() => {});
  assert.deepEqual(await table.locator("tbody tr td:first-child").allTextContents(), expectedCodes);

  const explained = await apiPost(server.baseUrl, "/api/v1/advisory/eligibility", { ...record, targets: ["CS 246"] });
  const expected = explained.results[0];
  const picker = page.getByLabel("Course to check");
  await picker.fill("CS 246");
  await picker.press("Escape");
  await page.getByRole("button", { name: "Check" }).click();
  const card = page.locator("article.eligibility-result");
  await card.waitFor();
  const badge = await card.locator("h3 .badge").textContent();
  assert.match(badge, { eligible: /Eligible/, not_eligible: /Not eligible/, unknown: /Cannot tell/ }[expected.status]);
  const unmet = await card.locator("li.outcome-unmet > .req-leaf .req-reason").allTextContents();
  const expectedUnmet = [];
  (function walk(node) {
    if (node.children) node.children.forEach(walk);
    else if (node.outcome === "not_satisfied") expectedUnmet.push(node.message);
  })(expected.tree);
  assert.ok(expectedUnmet.length > 0, "CS 246 needs more than CS 135 and MATH 135");
  assert.deepEqual(unmet, expectedUnmet);
  assert.match(page.url(), /target=CS246/);
  await screenshots(page, "eligibility");
  assertNoProblems(page);
  await page.close();
});

test("path planner shows terms and alternatives", async () => {
  const answer = await apiPost(server.baseUrl, "/api/v1/paths", { completed: [], in_progress: [], programs: [], targets: ["CS 341"], constraints: { max_per_term: 5, respect_terms_offered: true } });
  const page = await openPage(browser, server.baseUrl);
  await page.goto("/paths?targets=CS341");
  await page.locator("#path-heading").waitFor();
  const terms = page.locator("section[aria-labelledby=path-heading] .plan-term");
  assert.equal(await terms.count(), answer.terms.length);
  for (let index = 0; index < answer.terms.length; index += 1) {
    const codes = await terms.nth(index).locator(".course-link").allTextContents();
    assert.deepEqual(codes, answer.terms[index].courses.map((course) => course.code), `term ${answer.terms[index].term}`);
  }
  const alternatives = page.locator("section[aria-labelledby=path-heading] h3:has-text('Alternatives') + ul > li");
  assert.equal(await alternatives.count(), answer.alternatives.length);
  await screenshots(page, "paths");

  await page.getByRole("button", { name: "Open as an editable plan" }).click();
  await page.waitForURL(/\/plans\/[0-9a-f]+$/);
  await settled(page);
  const planned = await page.locator(".plan-term .plan-course .course-link").allTextContents();
  assert.deepEqual(planned, answer.terms.flatMap((term) => term.courses.map((course) => course.code)));
  assertNoProblems(page);
  await page.close();
});

test("audit shows progress per requirement", async () => {
  const credentials = (await apiGet(server.baseUrl, "/api/v1/credentials")).credentials;
  assert.ok(credentials.length > 0, "the fixture has credentials");
  const record = { completed: [{ code: "CS 135", grade: 80 }, { code: "MATH 135", grade: 75 }], in_progress: [], programs: [] };
  // The credential that counts most of the record, so the page has satisfied requirements to show.
  let credential = null;
  let audit = null;
  for (const candidate of credentials) {
    const answer = await apiPost(server.baseUrl, "/api/v1/advisory/audit", { credential: candidate.id, ...record });
    if (!audit || answer.requirements.satisfied_by.length > audit.requirements.satisfied_by.length) {
      credential = candidate;
      audit = answer;
    }
  }
  assert.ok(audit.requirements.satisfied_by.length > 0, "some credential counts CS 135 or MATH 135");

  const page = await openPage(browser, server.baseUrl);
  await page.goto("/eligibility");
  await settled(page);
  await addCompleted(page, "CS 135", 80);
  await addCompleted(page, "MATH 135", 75);
  await page.click("nav >> text=Program audit");
  await page.waitForURL("**/audit");
  await settled(page);
  await page.selectOption("#credential", credential.id);
  await page.waitForURL(`**/audit/${credential.id}`);
  await page.locator(".audit-summary").waitFor();
  assert.equal(await page.locator("h1").textContent(), `Audit: ${credential.name}`);

  const nodes = page.locator(".audit-root .audit-node");
  let expectedNodes = 0;
  (function count(node) {
    expectedNodes += 1;
    (node.children ?? []).forEach(count);
  })(audit.requirements);
  assert.equal(await nodes.count(), expectedNodes);
  const satisfied = (await page.locator(".audit-root > .audit-node > .hint", { hasText: "Satisfied by" }).allTextContents()).join(" ");
  for (const code of audit.requirements.satisfied_by) assert.ok(satisfied.includes(code), `${code} is shown as satisfying the credential`);
  await screenshots(page, "audit");
  assertNoProblems(page);
  await page.close();
});

test("eligibility deep link checks its target", async () => {
  const page = await openPage(browser, server.baseUrl);
  await page.goto(`/eligibility?target=${slug("CS 136")}`);
  await page.locator("article.eligibility-result").waitFor();
  assert.match(await page.locator("article.eligibility-result > h3").textContent(), /CS 136/);
  assertNoProblems(page);
  await page.close();
});

// Catalog views in a real browser against the real server: search, the
// course page, the graph, not-found pages, deep links, history and limits.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { apiGet, slug } from "./support/api.mjs";
import { assertNoProblems, launchBrowser, openPage, PHONE, screenshots, settled } from "./support/browser.mjs";
import { startServer } from "./support/server.mjs";

/** A course with prerequisites and postrequisites in the fixture index. */
const COURSE = "CS 246";

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

describe("search", () => {
  test("arrow keys and Enter open a suggested course", async () => {
    const page = await openPage(browser, server.baseUrl);
    await page.goto("/");
    await settled(page);
    await screenshots(page, "home");

    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.type("cs24", { delay: 30 });
    const options = page.locator("#site-search [role=option]");
    await options.first().waitFor();
    const labels = await options.locator(".option-label").allTextContents();
    const expected = (await apiGet(server.baseUrl, "/api/v1/search?q=cs24&limit=8")).results.map((hit) => hit.code);
    assert.deepEqual(labels, expected);
    const position = labels.indexOf(COURSE);
    assert.ok(position >= 0, `${COURSE} is among the suggestions ${labels}`);

    for (let step = 0; step <= position; step += 1) await page.keyboard.press("ArrowDown");
    const active = await page.getAttribute("#search-input", "aria-activedescendant");
    assert.equal(await page.locator(`#${active} .option-label`).textContent(), COURSE);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/courses/${slug(COURSE)}`);
    await settled(page);
    assert.match(await page.locator("h1").textContent(), new RegExp(`^${COURSE}:`));
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "H1", "focus moves to the new heading");
    assertNoProblems(page);
    await page.close();
  });

  test("typed course code jumps straight to the course", async () => {
    const page = await openPage(browser, server.baseUrl);
    await page.goto("/");
    await settled(page);
    await page.fill("#search-input", "cs246");
    await page.press("#search-input", "Enter");
    await page.waitForURL("**/courses/CS246");
    await settled(page);
    assert.match(await page.locator("h1").textContent(), /^CS 246:/);
    assertNoProblems(page);
    await page.close();
  });

  test("words show a results page", async () => {
    const page = await openPage(browser, server.baseUrl);
    await page.goto("/");
    await settled(page);
    await page.fill("#search-input", "algorithm");
    await page.press("#search-input", "Enter");
    await page.waitForURL("**/search?q=algorithm");
    await settled(page);
    const expected = (await apiGet(server.baseUrl, "/api/v1/search?q=algorithm&limit=50")).results.map((hit) => hit.code);
    assert.ok(expected.length > 0, "the fixture has a course about algorithms");
    assert.deepEqual(await page.locator("main .result-list .course-link").allTextContents(), expected);
    await screenshots(page, "search");
    assertNoProblems(page);
    await page.close();
  });
});

describe("course page", () => {
  test("shows requisites beside the calendar text", async () => {
    const course = await apiGet(server.baseUrl, `/api/v1/courses/${slug(COURSE)}`);
    const page = await openPage(browser, server.baseUrl);
    await page.goto(`/courses/${slug(COURSE)}`);
    await settled(page);

    assert.equal(await page.locator("h1").textContent(), `${course.code}: ${course.title}`);
    assert.match(await page.locator(".meta").textContent(), /Units:\s*0\.5/);
    const prereqSection = page.locator("section", { has: page.locator("h2", { hasText: "Prerequisites" }) });
    assert.equal((await prereqSection.locator(".calendar-text p").textContent()).trim(), course.prereq_text);
    const leafCodes = await prereqSection.locator(".req-tree .course-link").allTextContents();
    const treeCodes = [];
    (function walk(node) {
      if (node.type === "course") treeCodes.push(node.code);
      (node.children ?? []).forEach(walk);
    })(course.prereq);
    assert.deepEqual(leafCodes, treeCodes);
    const leadsTo = await page.locator("section[aria-labelledby=leads-to] .course-link").allTextContents();
    assert.deepEqual(leadsTo, course.leads_to.map((item) => item.code));
    await screenshots(page, "course");
    assertNoProblems(page);
    await page.close();
  });

  test("unknown course shows suggestions", async () => {
    const missing = await apiGet(server.baseUrl, "/api/v1/courses/CS247", 404);
    assert.equal(missing.error, "course_not_found");
    const page = await openPage(browser, server.baseUrl);
    page.allowed.push(/status of 404.*\/api\/v1\/courses\/CS247/);
    await page.goto("/courses/CS247");
    await settled(page);
    assert.equal(await page.locator("h1").textContent(), "No course CS 247");
    assert.match(await page.locator("[role=alert]").textContent(), /No course/);
    const suggestions = await page.locator("section[aria-labelledby=suggestions] .course-link").allTextContents();
    assert.ok(missing.suggestions.length > 0, "the API suggests near codes");
    assert.deepEqual(suggestions, missing.suggestions);
    await page.locator("section[aria-labelledby=suggestions] .course-link").first().click();
    await page.waitForURL(`**/courses/${slug(missing.suggestions[0])}`);
    await screenshots(page, "course-suggestion-followed");
    assertNoProblems(page);
    await page.close();
  });
});

describe("graph", () => {
  test("draws every neighbour and opens a clicked course", async () => {
    const graph = await apiGet(server.baseUrl, `/api/v1/graph?course=${slug(COURSE)}&direction=both&depth=2`);
    const page = await openPage(browser, server.baseUrl);
    await page.goto(`/courses/${slug(COURSE)}`);
    await settled(page);
    await page.click("text=Prerequisite graph");
    await page.waitForURL(`**/graph/${slug(COURSE)}`);
    await settled(page);

    assert.equal(await page.locator("svg .graph-node").count(), graph.nodes.length);
    const anyEdges = graph.edges.filter((edge) => edge.group_kind === "any" && edge.kind !== "antirequisite").length;
    assert.equal(await page.locator(".graph-frame path.graph-edge.kind-any").count(), anyEdges);
    assert.ok(await page.locator(".legend").isVisible());
    await screenshots(page, "graph");

    const prerequisite = graph.nodes.find((node) => node.distance < 0 && node.title);
    await page.locator(`svg .graph-node[data-code="${prerequisite.code}"]`).click();
    await page.waitForURL(`**/courses/${slug(prerequisite.code)}`);
    await settled(page);
    assert.match(await page.locator("h1").textContent(), new RegExp(`^${prerequisite.code}:`));

    await page.goBack();
    await page.waitForURL(`**/graph/${slug(COURSE)}`);
    await settled(page);
    assert.equal(await page.locator("svg .graph-node").count(), graph.nodes.length);
    await page.goBack();
    await page.waitForURL(`**/courses/${slug(COURSE)}`);
    await page.goForward();
    await page.waitForURL(`**/graph/${slug(COURSE)}`);
    assertNoProblems(page);
    await page.close();
  });

  test("large neighbourhood lays out without overlaps", async () => {
    const candidates = (await apiGet(server.baseUrl, "/api/v1/courses?limit=200")).courses.map((course) => course.code);
    let best = { code: COURSE, count: 0 };
    for (const code of candidates) {
      const graph = await apiGet(server.baseUrl, `/api/v1/graph?course=${slug(code)}&direction=both&depth=4`);
      if (graph.nodes.length > best.count) best = { code, count: graph.nodes.length };
    }
    const page = await openPage(browser, server.baseUrl);
    await page.goto(`/graph/${slug(best.code)}?depth=4`);
    await settled(page);
    const boxes = await page.$$eval("svg .graph-node rect", (rects) => rects.map((rect) => ({ x: +rect.getAttribute("x"), y: +rect.getAttribute("y"), w: +rect.getAttribute("width"), h: +rect.getAttribute("height") })));
    assert.equal(boxes.length, best.count);
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `nodes ${i} and ${j} overlap`);
      }
    }
    await page.click("text=Zoom out");
    const width = Number(await page.getAttribute(".graph-frame svg", "width"));
    const viewWidth = Number((await page.getAttribute(".graph-frame svg", "viewBox")).split(" ")[2]);
    assert.ok(width < viewWidth, "zooming out shrinks the drawing");
    await screenshots(page, "graph-large");
    assertNoProblems(page);
    await page.close();
  });
});

describe("routing", () => {
  test("deep link renders its view directly", async () => {
    const page = await openPage(browser, server.baseUrl, { viewport: PHONE });
    await page.goto(`/graph/${slug(COURSE).toLowerCase()}?direction=prereqs&depth=1`);
    await settled(page);
    assert.equal(await page.locator("h1").textContent(), `Requisite graph of ${COURSE}`);
    assert.equal(await page.inputValue("#graph-direction"), "prereqs");
    assert.equal(await page.inputValue("#graph-depth"), "1");
    const graph = await apiGet(server.baseUrl, `/api/v1/graph?course=${slug(COURSE)}&direction=prereqs&depth=1`);
    assert.equal(await page.locator("svg .graph-node").count(), graph.nodes.length);
    assertNoProblems(page);
    await page.close();
  });

  test("footer shows the index id and catalog year", async () => {
    const info = await apiGet(server.baseUrl, "/api/v1/index");
    const page = await openPage(browser, server.baseUrl);
    await page.goto("/eligibility");
    await page.locator("#index-info code").waitFor();
    const footer = await page.locator("#index-info").textContent();
    assert.ok(footer.includes(info.index_id), footer);
    assert.ok(footer.includes(info.catalog_year), footer);
    await page.close();
  });

  test("unknown path shows the not-found page", async () => {
    const page = await openPage(browser, server.baseUrl);
    await page.goto("/no/such/page");
    await settled(page);
    assert.equal(await page.locator("h1").textContent(), "Page not found");
    assertNoProblems(page);
    await page.close();
  });

  test("skip link moves focus to the content", async () => {
    const page = await openPage(browser, server.baseUrl);
    await page.goto(`/courses/${slug(COURSE)}`);
    await settled(page);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "main");
    await page.close();
  });
});

describe("rate limit", () => {
  test("429 names the retry time", async () => {
    const limited = await startServer({ env: { UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE: "2" } });
    try {
      const page = await openPage(browser, limited.baseUrl);
      page.allowed.push(/status of 429/);
      await page.goto(`/courses/${slug(COURSE)}`);
      await settled(page);
      await page.goto(`/courses/CS240`);
      await settled(page);
      const alert = page.locator("[role=alert]").first();
      await alert.waitFor();
      const text = await alert.textContent();
      assert.match(text, /Too many requests/);
      assert.match(text, /try again in \d+ seconds/);
      await screenshots(page, "rate-limited");
      assertNoProblems(page);
      await page.close();
    } finally {
      await limited.stop();
    }
  });
});

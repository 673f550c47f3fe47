// Headless Chromium for the tests, pages that record every console error and
// page error, and screenshots at desktop and phone width.

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

import { assertAccessible } from "./a11y.mjs";
import { REPO_ROOT } from "./server.mjs";

/** Desktop viewport. */
export const DESKTOP = { width: 1280, height: 800 };
/** Phone viewport. */
export const PHONE = { width: 375, height: 812 };

/** Where screenshots go; the folder is ignored by git. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, "test-artifacts", "screenshots");

/** Launches Debian's Chromium (`CHROMIUM_PATH` overrides the path). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

/**
 * Opens a page in a new context that records problems. `allowed` lists
 * regular expressions of console errors a test expects, such as the 404 of
 * an unknown course. Every other console error or page error is kept in
 * `page.problems` for `assertNoProblems`.
 */
export async function openPage(browser, baseUrl, { context = null, viewport = DESKTOP } = {}) {
  const owner = context ?? (await browser.newContext({ baseURL: baseUrl, viewport }));
  const page = await owner.newPage();
  page.problems = [];
  page.allowed = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = `${message.text()} (${message.location().url})`;
    if (!page.allowed.some((pattern) => pattern.test(text))) page.problems.push(`console error: ${text}`);
  });
  page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
  return page;
}

/** Fails the test when the page logged a console error or threw. */
export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], "the page logged errors");
}

/**
 * Saves `name`-desktop.png and `name`-phone.png of the current page, full
 * height, after checking names, landmarks and contrast at desktop width and
 * that nothing scrolls sideways at phone width.
 */
export async function screenshots(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await settled(page);
  const original = page.viewportSize();
  await page.setViewportSize(DESKTOP);
  await assertAccessible(page, name);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(original ?? DESKTOP);
  assert.ok(overflow <= 1, `${name} scrolls sideways at phone width by ${overflow}px`);
}

/** Waits until the router finished rendering (no `aria-busy` on main). */
export async function settled(page) {
  await page.waitForFunction(() => !document.getElementById("main").hasAttribute("aria-busy"));
}

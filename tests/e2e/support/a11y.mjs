// Accessibility checks run on every screenshot. Each form control and button
// has an accessible name, and main is the one main landmark with one h1.
// Visible HTML text has a contrast of at least 4.5:1 against its background,
// by the WCAG 2 formula. Text in SVG and in disabled controls is left out.

import assert from "node:assert/strict";

/** Fails when a control has no name or text is under the contrast minimum. */
export async function assertAccessible(page, name) {
  const report = await page.evaluate(() => {
    const visible = (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
    const unnamed = [];
    for (const control of document.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
      if (!visible(control)) continue;
      const label = control.labels?.length || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby") || (control.tagName === "BUTTON" && control.textContent.trim());
      if (!label) unnamed.push(control.outerHTML.slice(0, 120));
    }

    const parse = (text) => {
      const match = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(text);
      return match ? { rgb: [match[1], match[2], match[3]].map(Number), alpha: match[4] === undefined ? 1 : Number(match[4]) } : null;
    };
    const luminance = ([r, g, b]) => {
      const channel = (value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element) => {
      for (let node = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour && colour.alpha > 0.5) return colour.rgb;
      }
      return [255, 255, 255];
    };
    const lowContrast = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const element = text.parentElement;
      if (!text.textContent.trim() || seen.has(element) || element.closest("svg, [disabled], .visually-hidden, noscript") || !visible(element)) continue;
      seen.add(element);
      const colour = parse(getComputedStyle(element).color);
      if (!colour) continue;
      const [light, dark] = [luminance(colour.rgb), luminance(background(element))].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      if (ratio < 4.5) lowContrast.push(`${ratio.toFixed(2)}: ${element.tagName.toLowerCase()}.${element.className} “${text.textContent.trim().slice(0, 40)}”`);
    }
    return {
      unnamed,
      lowContrast,
      headings: document.querySelectorAll("main h1").length,
      main: document.querySelectorAll("main").length,
    };
  });
  assert.deepEqual(report.unnamed, [], `${name}: controls without an accessible name`);
  assert.deepEqual(report.lowContrast, [], `${name}: text under 4.5:1 contrast`);
  assert.equal(report.headings, 1, `${name}: one h1 in main`);
  assert.equal(report.main, 1, `${name}: one main landmark`);
}

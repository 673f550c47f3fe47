// Client-side routing with the History API. Same-origin links are caught and
// pushed onto the history; back and forward re-render the matching view.
// Each render gets an AbortSignal that fires when the user navigates away, so
// a slow response never paints over a newer page.

import { announce, errorBox, h, loading, replace } from "./dom.js";

let routes = [];
let main = null;
let current = null;
/** Path and query of the rendered view, so a change of the hash alone does not render again. */
let renderedLocation = null;

/** Installs `routeTable` (`[{pattern, load}]`) and renders the current URL. */
export function startRouter(routeTable, mainElement) {
  routes = routeTable;
  main = mainElement;
  document.addEventListener("click", onLinkClick);
  window.addEventListener("popstate", () => {
    if (window.location.pathname + window.location.search !== renderedLocation) render({});
  });
  render({ initial: true });
}

/** Goes to `url` (a path with optional query and hash), adding a history entry unless `replace` is set. */
export function navigate(url, { replace: replaceEntry = false } = {}) {
  const target = new URL(url, window.location.origin);
  if (replaceEntry) window.history.replaceState(null, "", target);
  else window.history.pushState(null, "", target);
  render({});
}

/** Rewrites the query of the current entry without rendering again. */
export function setQuery(params) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  window.history.replaceState(null, "", url);
}

function onLinkClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.("a");
  if (!link || link.hasAttribute("download") || (link.getAttribute("target") ?? "_self") !== "_self") return;
  const href = link.getAttribute("href");
  if (!href || href.startsWith("#")) return;
  const target = new URL(href, window.location.href);
  if (target.origin !== window.location.origin || target.pathname.startsWith("/api/")) return;
  event.preventDefault();
  navigate(target.pathname + target.search + target.hash);
}

function match(pathname) {
  for (const route of routes) {
    const found = route.pattern.exec(pathname);
    if (found) return { route, params: (found.groups ?? {}) };
  }
  return null;
}

async function render({ initial = false }) {
  current?.abort();
  const controller = new AbortController();
  current = controller;

  const url = new URL(window.location.href);
  renderedLocation = url.pathname + url.search;
  const found = match(url.pathname.replace(/\/+$/, "") || "/");
  main.setAttribute("aria-busy", "true");
  replace(main, loading());
  markActiveNav(url.pathname);

  try {
    const module = await found.route.load();
    const params = Object.fromEntries(Object.entries(found.params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, decodeURIComponent(v)]));
    const container = h("div", { class: "view" });
    const result = await module.render({ params, query: url.searchParams, hash: url.hash, container, signal: controller.signal });
    if (controller.signal.aborted) return;
    replace(main, container);
    finish(result?.title ?? "uwscrape", initial);
  } catch (error) {
    if (controller.signal.aborted || error?.name === "AbortError") return;
    replace(main, h("div", { class: "view" }, h("h1", { tabindex: "-1" }, "This page failed to load"), errorBox(error, () => render({}))));
    finish("Error", initial);
  } finally {
    if (current === controller) main.removeAttribute("aria-busy");
  }
}

/** Sets the title, moves focus to the new heading and scrolls to the top. */
function finish(title, initial) {
  document.title = `${title} · uwscrape`;
  if (initial) return;
  const heading = main.querySelector("h1");
  if (heading) {
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
  announce(title);
}

function markActiveNav(pathname) {
  for (const link of document.querySelectorAll(".site-nav a")) {
    const base = link.getAttribute("href");
    const active = base === "/" ? pathname === "/" : pathname.startsWith(base);
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

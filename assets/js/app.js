// Entry module: wires the header search, the footer's index details and the
// route table. Every view module is loaded on first use.

import { get } from "./api.js";
import { h, replace } from "./dom.js";
import { startRouter } from "./router.js";
import { attachSearch } from "./search.js";

/** Route table: path pattern and the view module that renders it. */
const ROUTES = [
  { pattern: /^\/$/, load: () => import("./views/home.js") },
  { pattern: /^\/search$/, load: () => import("./views/search-results.js") },
  { pattern: /^\/courses\/(?<code>[^/]+)$/, load: () => import("./views/course.js") },
  { pattern: /^\/graph\/(?<code>[^/]+)$/, load: () => import("./views/graph.js") },
  { pattern: /^\/eligibility$/, load: () => import("./views/eligibility.js") },
  { pattern: /^\/paths$/, load: () => import("./views/paths.js") },
  { pattern: /^\/plans$/, load: () => import("./views/plans.js") },
  { pattern: /^\/plans\/(?<id>[^/]+)$/, load: () => import("./views/plan.js") },
  { pattern: /^\/audit(?:\/(?<id>[^/]+))?$/, load: () => import("./views/audit.js") },
  { pattern: /.*/, load: () => import("./views/not-found.js") },
];

/** Fills the footer with the served index's id and catalog year. */
async function showIndexInfo() {
  const target = document.getElementById("index-info");
  try {
    const info = await get("index");
    replace(
      target,
      `Catalog ${info.catalog_year ?? "unknown year"} · ${info.course_count ?? "?"} courses · index `,
      h("code", { class: "index-id" }, info.index_id ?? "unknown"),
    );
  } catch (error) {
    replace(target, `Index details are unavailable: ${error.message}`);
  }
}

attachSearch(document.getElementById("site-search"));
startRouter(ROUTES, document.getElementById("main"));
showIndexInfo();

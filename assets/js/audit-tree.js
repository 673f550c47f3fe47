// Renders a credential's requirement tree, either as the index stores it or
// as the audit API returns it with a status, the courses that satisfied each
// requirement and what is still missing.

import { courseLink, h } from "./dom.js";
import { normalizeOutcome, outcomeMark } from "./requisites.js";

/** Words for a requirement group without a label of its own. */
function groupTitle(node) {
  const count = node.children?.length ?? 0;
  if (node.type === "all") return `All of (${count})`;
  if (node.type === "any") return `One of (${count})`;
  if (node.type === "n_of") return `${node.n ?? "?"} of (${count})`;
  return node.type ?? "Requirement";
}

function codes(list) {
  return list.map((item, i) => [i ? ", " : "", courseLink(typeof item === "string" ? item : item.code ?? String(item))]);
}

/** Codes or phrases listed under `keys` of `node`, whichever comes first. */
function listed(node, ...keys) {
  for (const key of keys) {
    const value = node[key];
    if (Array.isArray(value) && value.length) return value;
    if (typeof value === "string" && value) return [value];
  }
  return [];
}

function leafTitle(node) {
  if (node.type === "course") {
    return [courseLink(node.code), node.min_grade != null ? h("span", { class: "req-condition" }, ` with at least ${node.min_grade}%`) : null];
  }
  if (node.type === "additional") return node.text ?? "Additional courses";
  return node.text ?? node.label ?? node.type ?? "Requirement";
}

/** Builds a progress bar of completed over required units, or nothing when either is absent. */
export function unitsProgress(done, needed, inProgress = 0) {
  if (typeof done !== "number" || typeof needed !== "number" || needed <= 0) return null;
  const words = `${done} of ${needed} units${inProgress ? `, ${inProgress} in progress` : ""}`;
  return h("span", { class: "hint" }, h("progress", { class: "progress", max: String(needed), value: String(Math.min(done, needed)), "aria-label": words }), ` ${words}`);
}

const STATUS_MARKS = {
  complete: ["met", "✓ Complete"],
  in_progress: ["progress", "◐ In progress"],
  unknown: ["unknown", "? Check by hand"],
  missing: ["unmet", "✗ Missing"],
};

/** Builds a mark for an audit status in words. Other spellings fall back to the requisite marks. */
export function statusMark(status) {
  const known = STATUS_MARKS[status];
  if (known) return h("span", { class: `req-outcome status-${known[0]}` }, known[1]);
  return outcomeMark(normalizeOutcome(status));
}

/** Renders one node and its children as a list item. */
export function auditNode(node) {
  const status = node.status ?? node.outcome ?? node.satisfied;
  const outcome = STATUS_MARKS[status]?.[0] ?? normalizeOutcome(status);
  // A course leaf's status already says whether it is missing, so only a
  // different satisfying course (a cross-listing) is worth a line.
  const isCourse = node.type === "course";
  const satisfiedBy = listed(node, "satisfied_by", "used", "courses_used", "matched").filter((code) => !isCourse || code !== node.code);
  const missing = isCourse ? [] : listed(node, "missing", "missing_courses", "remaining");
  const children = Array.isArray(node.children) ? node.children : [];
  const title = children.length || ["all", "any", "n_of"].includes(node.type)
    ? h("strong", {}, node.label ?? groupTitle(node), node.label ? h("span", { class: "req-kind" }, groupTitle(node)) : null)
    : h("span", {}, leafTitle(node));
  const uncounted = node.counted === false;
  return h("li", { class: `audit-node${outcome ? ` outcome-${outcome}` : ""}${uncounted ? " uncounted" : ""}` },
    h("div", { class: "audit-head req-head" }, statusMark(status), title,
      uncounted ? h("span", { class: "badge neutral" }, "not counted") : null,
      children.length ? unitsProgress(node.units_completed, node.units_required, node.units_in_progress) : null),
    node.message ? h("p", { class: "req-reason" }, node.message) : null,
    satisfiedBy.length ? h("p", { class: "hint" }, "Satisfied by: ", codes(satisfiedBy)) : null,
    missing.length ? h("p", { class: "hint" }, "Missing: ", missing.every((item) => typeof item === "string" && /^[A-Z]{2,8} \d/.test(item)) ? codes(missing) : missing.map(String).join("; ")) : null,
    children.length ? h("ul", { class: "audit-children" }, children.map(auditNode)) : null);
}

/** Renders a whole tree as a list. */
export function auditTree(root, label) {
  return h("ul", { class: "audit-children audit-root", "aria-label": label }, auditNode(root));
}

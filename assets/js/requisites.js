// Renders requisite trees (`all`, `any`, `n_of` groups and their leaves) as
// nested lists that spell out every condition. The same renderer shows an
// evaluated tree from the advisory API, where nodes also carry `outcome` and
// `reason`.

import { courseLink, h } from "./dom.js";

const OUTCOMES = {
  met: ["met", "satisfied", "eligible", "pass", "passed", "true", "yes", "ok"],
  unmet: ["unmet", "not_met", "not_satisfied", "fail", "failed", "not_eligible", "false", "no", "missing"],
};

/** Maps an outcome value of any spelling to `met`, `unmet`, `unknown` or `null` (none given). */
export function normalizeOutcome(value) {
  if (value === undefined || value === null) return null;
  const text = String(value).toLowerCase();
  if (OUTCOMES.met.includes(text)) return "met";
  if (OUTCOMES.unmet.includes(text)) return "unmet";
  return "unknown";
}

const OUTCOME_LABELS = { met: "✓ Met", unmet: "✗ Not met", unknown: "? Cannot tell" };

/** Builds a visible mark for an outcome from a symbol and words, never colour alone. */
export function outcomeMark(outcome) {
  return outcome ? h("span", { class: "req-outcome" }, OUTCOME_LABELS[outcome]) : null;
}

/** Returns the heading of a group node. */
function groupHeading(node) {
  const count = node.children?.length ?? 0;
  if (node.type === "all") return count === 1 ? "Required" : `All of (${count})`;
  if (node.type === "any") return `One of (${count})`;
  return `${node.n ?? "?"} of (${count})`;
}

const GROUP_KINDS = { all: "every item is required", any: "any one item is enough", n_of: "at least this many items" };

/** Describes a leaf node in words. */
function leafBody(node) {
  switch (node.type) {
    case "course":
      return [
        courseLink(node.code),
        node.min_grade != null ? h("span", { class: "req-condition" }, `with a minimum grade of ${node.min_grade}%`) : null,
        node.concurrent ? h("span", { class: "req-condition" }, "(may be taken concurrently)") : null,
      ];
    case "level":
      return `Academic level ${node.min} or higher`;
    case "program": {
      const groups = node.groups?.length ? ` (program groups: ${node.groups.join(", ")})` : " (matches no known program group)";
      const verb = node.mode === "not_open" ? "Not open to" : "Enrolled in";
      return [h("strong", {}, `${verb}:`), ` ${node.name}`, h("span", { class: "req-condition" }, groups)];
    }
    case "units": {
      const subjects = node.subjects?.length ? ` of ${node.subjects.join(", ")}` : "";
      const level = node.min_course_level ? ` at the ${node.min_course_level} level or above` : "";
      return [`At least ${node.min_units} units${subjects}${level}`, h("span", { class: "req-condition" }, `“${node.text}”`)];
    }
    case "average":
      return [`An average of at least ${node.min_percent}%`, h("span", { class: "req-condition" }, `“${node.text}” (not checked by this service)`)];
    case "consent":
      return node.by === "department" ? "Consent of the department" : "Consent of the instructor";
    case "no_credit":
      return [h("strong", {}, "Not open with credit for:"), " ", (node.codes ?? []).map((code, i) => [i ? ", " : "", courseLink(code)])];
    case "unparsed":
      return [h("span", { class: "badge unparsed" }, "Not parsed"), h("span", { class: "req-unparsed" }, `“${node.text}”`)];
    default:
      return `Condition of type “${node.type}”${node.text ? `: ${node.text}` : ""}`;
  }
}

function reasonLine(node) {
  // The advisory API sends `reason` as an object with a `code` and the sentence in `message`.
  const reason = node.message ?? (typeof node.reason === "string" ? node.reason : null);
  return reason ? h("span", { class: "req-reason" }, reason) : null;
}

/** Renders one node and its children as a list item. */
function renderNode(node) {
  const outcome = normalizeOutcome(node.outcome ?? node.status ?? node.satisfied);
  const classes = [outcome ? `outcome-${outcome}` : ""];
  if (Array.isArray(node.children)) {
    classes.push(`req-group req-group-${node.type}`);
    return h("li", { class: classes.join(" ") },
      h("div", { class: "req-head" }, groupHeading(node), h("span", { class: "req-kind" }, GROUP_KINDS[node.type] ?? ""), " ", outcomeMark(outcome)),
      reasonLine(node),
      h("ul", {}, node.children.map(renderNode)));
  }
  return h("li", { class: classes.join(" ") },
    h("span", { class: "req-leaf" }, outcomeMark(outcome), leafBody(node), reasonLine(node)));
}

/** Renders a requisite tree as a nested list, or nothing for `null`. */
export function renderTree(tree, label) {
  if (!tree) return null;
  return h("ul", { class: "req-tree", "aria-label": label }, renderNode(tree));
}

/**
 * Returns the unmet leaves that make `tree` unmet, for short summaries. Groups
 * that are met or undecided are skipped, so an unmet alternative of a met
 * `any` group is not listed.
 */
export function unmetLeaves(tree) {
  const found = [];
  (function walk(node) {
    if (!node || normalizeOutcome(node.outcome ?? node.status) !== "unmet") return;
    if (Array.isArray(node.children)) node.children.forEach(walk);
    else found.push(node);
  })(tree);
  return found;
}

/** Short words for a leaf, for one-line warnings. */
export function leafSummary(node) {
  if (node.type === "course") return node.min_grade != null ? `${node.code} (${node.min_grade}%)` : node.code;
  if (node.type === "level") return `level ${node.min}`;
  if (node.type === "program") return node.name;
  if (node.type === "consent") return "consent";
  if (node.type === "no_credit") return `no credit for ${(node.codes ?? []).join(", ")}`;
  return node.text ?? node.type;
}

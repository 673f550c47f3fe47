// Renders one course's eligibility result: the status, antirequisite
// conflicts, corequisites to take alongside, and the evaluated trees with a
// reason on every leaf.

import { courseLink, h } from "./dom.js";
import { renderTree } from "./requisites.js";

const STATUS = {
  eligible: ["met", "✓ Eligible"],
  not_eligible: ["unmet", "✗ Not eligible"],
  unknown: ["unknown", "? Cannot tell"],
};

/** Builds a badge for an eligibility status. */
export function statusBadge(status) {
  const [className, text] = STATUS[status] ?? ["neutral", String(status ?? "Unknown")];
  return h("span", { class: `badge ${className}` }, text);
}

/** Renders the full explanation of one `results[]` item. */
export function eligibilityResult(result) {
  const title = result.title ? `: ${result.title}` : "";
  return h("article", { class: "card eligibility-result", "aria-label": `Eligibility for ${result.course}` },
    h("h3", {}, courseLink(result.course), title, " ", statusBadge(result.status)),
    result.already ? h("p", { class: "state state-info" }, `You have this course ${result.already === "in_progress" ? "in progress" : "completed"} already.`) : null,
    summary(result),
    (result.antirequisite_conflicts ?? []).length
      ? h("div", { class: "state state-error" }, h("strong", {}, "Antirequisite conflict"),
        h("ul", {}, result.antirequisite_conflicts.map((conflict) => h("li", {}, courseLink(conflict.course), ` (${conflict.state === "in_progress" ? "in progress" : "completed"}): ${conflict.message ?? ""}`))))
      : null,
    (result.take_with ?? []).length
      ? h("p", {}, h("strong", {}, "Take in the same term (corequisite): "), result.take_with.map((code, i) => [i ? ", " : "", courseLink(code)]))
      : null,
    section("Prerequisites", result.tree, result.prereq_text, "No prerequisites."),
    result.coreq_tree || result.coreq_text ? section("Corequisites", result.coreq_tree, result.coreq_text, "") : null);
}

function summary(result) {
  if (result.status === "eligible") return h("p", {}, "Every prerequisite is met.");
  if (result.status === "unknown") return h("p", {}, "Nothing rules it out, but some conditions cannot be checked from a list of courses; they are marked below.");
  return h("p", {}, "The conditions marked “Not met” below are why.");
}

function section(title, tree, text, none) {
  return h("section", {},
    h("h4", {}, title),
    h("div", { class: "requisites" },
      h("div", {}, tree ? renderTree(tree, `${title}, evaluated`) : h("p", {}, none)),
      text ? h("aside", { class: "calendar-text" }, h("h5", {}, "Calendar text"), h("p", {}, text)) : null));
}

// The path planner: target courses in, a term-by-term plan out, with the
// choices it made among alternatives and the issues it found.

import { firstArray, post } from "../api.js";
import { coursePicker } from "../course-picker.js";
import { append, courseLink, empty, errorBox, h, loading, replace } from "../dom.js";
import { codeSlug, parseCodeList, plural, units } from "../format.js";
import { createPlan } from "../plan-store.js";
import { chip, loadRecord, recordBody, recordForm } from "../record.js";
import { navigate, setQuery } from "../router.js";

/** Renders `/paths`. */
export async function render({ query, container, signal }) {
  const record = loadRecord();
  const targets = parseCodeList(query.get("targets") ?? "").codes;
  const targetList = h("ul", { class: "chips", "aria-label": "Target courses" });
  const result = h("div", { "aria-live": "polite" });
  const maxPerTerm = h("input", { id: "max-per-term", type: "number", min: "1", max: "8", value: query.get("max_per_term") ?? "5" });
  const startTerm = h("input", { id: "start-term", type: "text", placeholder: "e.g. 2026F", value: query.get("start_term") ?? "", pattern: "\\d{4}[FWSfws]", "aria-describedby": "start-term-hint" });
  const respectTerms = h("input", { id: "respect-terms", type: "checkbox", checked: true });
  let last = null;

  const drawTargets = () => {
    replace(targetList, targets.map((code) => chip(code, () => { targets.splice(targets.indexOf(code), 1); drawTargets(); })));
    setQuery({ targets: targets.map(codeSlug).join(",") });
  };
  const picker = coursePicker({
    label: "Target course",
    hint: "Add every course you want to reach.",
    onPick: (code) => {
      if (targets.includes(code)) return `${code} is already a target.`;
      targets.push(code);
      drawTargets();
      return undefined;
    },
  });

  async function plan(event) {
    event?.preventDefault();
    if (!targets.length) {
      replace(result, errorBox({ message: "Add at least one target course first." }));
      return;
    }
    const constraints = { max_per_term: Number(maxPerTerm.value) || 5, respect_terms_offered: respectTerms.checked };
    if (startTerm.value.trim()) constraints.start_term = startTerm.value.trim().toUpperCase();
    replace(result, loading("Searching for a path…"));
    try {
      last = await post("paths", { ...recordBody(record), targets, constraints }, signal);
      replace(result, pathAnswer(last, (status) => saveAsPlan(last, targets, record).catch((error) => replace(status, errorBox(error)))));
      result.querySelector("h2")?.focus();
    } catch (error) {
      if (error.name === "AbortError") return;
      replace(result, errorBox(error, () => plan()));
    }
  }

  append(container,
    h("h1", {}, "Path planner"),
    h("p", { class: "subtitle" }, "Pick the courses you want to reach; the planner lays out the fewest courses term by term."),
    h("details", { class: "card" }, h("summary", {}, `Your record (${plural(record.completed.length, "completed course")})`), recordForm(record)),
    h("form", { class: "card", onsubmit: plan },
      picker.element, targetList,
      h("div", { class: "field-row" },
        h("div", { class: "field" }, h("label", { for: "max-per-term" }, "Most courses per term"), maxPerTerm),
        h("div", { class: "field" }, h("label", { for: "start-term" }, "First term"), startTerm, h("p", { id: "start-term-hint", class: "hint" }, "Year and F, W or S; empty for the next term.")),
        h("div", { class: "field" }, h("label", {}, respectTerms, " Only in terms offered"))),
      h("button", { type: "submit", class: "button" }, "Find a path")),
    result);
  drawTargets();
  if (targets.length) plan();
  return { title: "Path planner" };
}

function pathAnswer(answer, onSave) {
  const terms = firstArray(answer, "terms");
  const alternatives = firstArray(answer, "alternatives");
  const issues = firstArray(answer, "issues");
  return h("section", { "aria-labelledby": "path-heading" },
    h("h2", { id: "path-heading", tabindex: "-1" }, "Suggested path"),
    h("p", {}, answer.feasible === false ? h("span", { class: "badge unmet" }, "✗ Not feasible as it stands") : h("span", { class: "badge met" }, "✓ Feasible"),
      ` ${plural(answer.total_courses ?? terms.reduce((n, t) => n + (t.courses?.length ?? 0), 0), "course")}`,
      answer.total_units != null ? `, ${units(answer.total_units)} units` : "",
      terms.length ? ` over ${plural(terms.length, "term")}.` : ".",
      answer.stopped_early ? " The search stopped at its time limit, so a shorter path may exist." : ""),
    (answer.already_completed ?? []).length ? h("p", {}, "Already done: ", answer.already_completed.map((code, i) => [i ? ", " : "", courseLink(code)])) : null,
    terms.length ? h("ol", { class: "plan-terms plain-list", "aria-label": "Terms" }, terms.map(termCard)) : empty("No course needs to be added."),
    (answer.unscheduled ?? []).length ? [h("h3", {}, "Could not be placed"), h("ul", {}, answer.unscheduled.map((item) => h("li", {}, courseLink(item.code), `: ${item.message}`)))] : null,
    h("h3", {}, "Alternatives"),
    alternatives.length ? h("ul", { class: "plain-list" }, alternatives.map(alternative)) : empty("The path made no choice among alternatives."),
    issues.length ? [h("h3", {}, "Issues and assumptions"), h("ul", { class: "warnings" }, issues.map((issue) =>
      h("li", { class: issue.severity === "blocking" ? "conflict" : "" }, h("strong", {}, `${issue.severity ?? "note"}: `), issue.course ? [courseLink(issue.course), " "] : null, issue.message)))] : null,
    (answer.unplanned_rules ?? []).length ? [h("h3", {}, "Rules left to you"), h("ul", {}, answer.unplanned_rules.map((rule) => h("li", {}, rule)))] : null,
    terms.length ? saveButton(onSave) : null);
}

function saveButton(onSave) {
  const status = h("div", { "aria-live": "polite" });
  return h("div", { class: "actions" }, h("button", { type: "button", class: "button", onclick: () => onSave(status) }, "Open as an editable plan"), status);
}

function termCard(term) {
  const courses = term.courses ?? [];
  return h("li", { class: "plan-term" },
    h("h3", {}, `${term.term ?? term.label ?? "Term"}`, term.level ? h("span", { class: "req-kind" }, `level ${term.level}`) : null),
    h("ul", { class: "plain-list" }, courses.map((course) => {
      const code = typeof course === "string" ? course : course.code;
      const requiredBy = course.required_by ?? [];
      return h("li", {}, courseLink(code), course.title ? ` ${course.title}` : "",
        requiredBy.length ? h("span", { class: "hint" }, ` needed for ${requiredBy.join(", ")}`) : null);
    })));
}

/** Links the course code an option starts with ("CS 135 (at least 60%)") and keeps the rest as text. */
function optionLink(option) {
  const match = /^([A-Z]{2,8} \d{3}[A-Z]{0,2})(.*)$/.exec(String(option));
  return match ? [courseLink(match[1]), match[2]] : String(option);
}

function optionList(options) {
  return options.map((option, i) => [i ? ", " : "", optionLink(option)]);
}

function alternative(decision) {
  return h("li", {},
    decision.course ? [h("strong", {}, "For "), courseLink(decision.course), ": "] : h("strong", {}, "For the goal: "),
    h("span", {}, decision.requirement ?? ""),
    h("div", {}, "Chosen: ", optionList(decision.chosen ?? []),
      (decision.others ?? []).length ? ["; other options: ", optionList(decision.others)] : null));
}

async function saveAsPlan(answer, targets, record) {
  const plan = {
    name: `Path to ${targets.join(", ")}`.slice(0, 120),
    terms: firstArray(answer, "terms").map((term) => ({ term: String(term.term ?? term.label ?? ""), courses: (term.courses ?? []).map((c) => (typeof c === "string" ? c : c.code)) })),
    completed: record.completed.map(({ code, grade }) => (grade === null || grade === undefined ? { code } : { code, grade: Math.round(grade) })),
    notes: "",
  };
  const created = await createPlan(plan);
  navigate(`/plans/${encodeURIComponent(created.id)}`);
}

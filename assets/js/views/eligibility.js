// "What can I take?": the courses a record is eligible for now, and for a
// chosen course the evaluated requisite tree that shows why or why not.

import { firstArray, post } from "../api.js";
import { coursePicker } from "../course-picker.js";
import { append, courseLink, empty, errorBox, h, loading, replace } from "../dom.js";
import { codeSlug, parseCode, plural, termsOffered } from "../format.js";
import { eligibilityResult } from "../eligibility-result.js";
import { loadRecord, recordBody, recordForm } from "../record.js";
import { setQuery } from "../router.js";

/** Wait after an edit of the record before asking again, in milliseconds. */
const REFRESH_MS = 400;

/** Renders `/eligibility`. */
export async function render({ query, container, signal }) {
  const record = loadRecord();
  let target = parseCode(query.get("target") ?? "");
  const nextBox = h("div", { "aria-live": "polite" });
  const whyBox = h("div", { "aria-live": "polite" });
  let timer = null;

  const picker = coursePicker({
    label: "Course to check",
    buttonText: "Check",
    hint: "See each condition of a course evaluated against your record.",
    onPick: (code) => {
      target = code;
      setQuery({ target: codeSlug(code) });
      explain();
      return undefined;
    },
  });

  append(container,
    h("h1", {}, "What can I take?"),
    h("p", { class: "subtitle" }, "Enter the courses you have finished, your level and programs. The lists update as you type."),
    recordForm(record, () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => { refreshNext(); if (target) explain(); }, REFRESH_MS);
    }),
    h("section", { "aria-labelledby": "why-heading" }, h("h2", { id: "why-heading" }, "Why (not) a particular course?"), picker.element, whyBox),
    h("section", { "aria-labelledby": "next-heading" }, h("h2", { id: "next-heading" }, "Eligible now"), nextBox));

  async function refreshNext(outer) {
    replace(nextBox, loading("Finding the courses you can take…"));
    try {
      const answer = await post("advisory/next", recordBody(record), outer ?? signal);
      replace(nextBox, nextLists(answer));
    } catch (error) {
      // Only the first load, which the router awaits, passes an abort on.
      if (error.name === "AbortError") {
        if (outer) throw error;
        return;
      }
      replace(nextBox, errorBox(error, () => refreshNext()));
    }
  }

  async function explain() {
    replace(whyBox, loading(`Checking ${target}…`));
    try {
      const answer = await post("advisory/eligibility", { ...recordBody(record), targets: [target] }, signal);
      const results = firstArray(answer, "results");
      replace(whyBox, results.length ? results.map(eligibilityResult) : empty(`No answer came back for ${target}.`));
    } catch (error) {
      if (error.name === "AbortError") return;
      replace(whyBox, errorBox(error, () => explain()), suggestionLinks(error));
    }
  }

  if (target) {
    picker.input.value = target;
    explain();
  }
  await refreshNext(signal);
  return { title: "What can I take?" };
}

function nextLists(answer) {
  const eligible = firstArray(answer, "eligible", "courses", "results");
  const maybe = firstArray(answer, "maybe");
  const total = answer.eligible_total ?? eligible.length;
  return [
    h("p", { role: "status" }, `You are eligible for ${plural(total, "course")}${total > eligible.length ? ` (showing the first ${eligible.length}, most useful first)` : ""}.`),
    eligible.length ? courseTable(eligible, "Courses you are eligible for", "eligible") : empty("No course is open to this record yet. Add the courses you have completed."),
    maybe.length ? [h("h3", {}, `Perhaps: ${plural(answer.maybe_total ?? maybe.length, "course")} depend on conditions that cannot be checked`), courseTable(maybe, "Courses that depend on unchecked conditions", "maybe")] : null,
  ];
}

function courseTable(courses, caption, list) {
  const withUnchecked = list === "maybe";
  return h("div", { class: "table-wrap" }, h("table", { dataset: { list } },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Course"), h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Offered"),
      h("th", { scope: "col" }, "Unlocks"), h("th", { scope: "col" }, withUnchecked ? "Not checked" : "Take with"))),
    h("tbody", {}, courses.map((course) => h("tr", {},
      h("td", {}, courseLink(course.code)),
      h("td", {}, course.title ?? ""),
      h("td", {}, termsOffered(course.terms_offered)),
      h("td", {}, course.unlocks_total != null ? `${course.unlocks_total}` : "–"),
      h("td", {}, withUnchecked ? (course.unchecked ?? []).join("; ") : (course.take_with ?? []).map((code, i) => [i ? ", " : "", courseLink(code)])))))));
}

function suggestionLinks(error) {
  const suggestions = error.body?.suggestions ?? [];
  return suggestions.length ? h("p", {}, "Did you mean: ", suggestions.map((code, i) => [i ? ", " : "", courseLink(code)])) : null;
}

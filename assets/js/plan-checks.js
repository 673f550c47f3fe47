// Live warnings of the plan editor. Each term's courses are checked with the
// eligibility API, taking the plan's completed courses and every course of
// the earlier terms as completed and the term's own courses as in progress
// (so corequisites may share the term). Antirequisite conflicts anywhere in
// the plan are found from the course details.

import { firstArray, getCourse, post } from "./api.js";
import { leafSummary, unmetLeaves } from "./requisites.js";

/** Numeric grades only: statuses such as `CR` are left out of the record. */
function completedEntry(item) {
  return typeof item.grade === "number" ? { code: item.code, grade: item.grade } : { code: item.code };
}

/**
 * Checks `plan` and returns `{byTerm: [[warning]], failures: [error]}`.
 * A warning is `{course, kind: "prereq"|"unknown"|"conflict", text}`.
 */
export async function checkPlan(plan, programs, signal) {
  const byTerm = plan.terms.map(() => []);
  const failures = [];
  const done = new Map(plan.completed.map((item) => [item.code, completedEntry(item)]));

  const requests = plan.terms.map((term, index) => {
    const courses = [...new Set(term.courses)];
    const completed = [...done.values()];
    for (const code of courses) if (!done.has(code)) done.set(code, { code });
    if (!courses.length) return null;
    const body = { completed, in_progress: courses.filter((code) => !completed.some((item) => item.code === code)), programs, targets: courses };
    return post("advisory/eligibility", body, signal)
      .then((answer) => { byTerm[index].push(...prerequisiteWarnings(firstArray(answer, "results"))); })
      .catch((error) => { if (error.name !== "AbortError") failures.push(error); else throw error; });
  });
  await Promise.all([...requests.filter(Boolean), antirequisiteWarnings(plan, byTerm, signal).catch((error) => {
    if (error.name === "AbortError") throw error;
    failures.push(error);
  })]);
  return { byTerm, failures };
}

function prerequisiteWarnings(results) {
  const warnings = [];
  for (const result of results) {
    const missing = unmetLeaves(result.tree);
    if (result.status === "not_eligible" && missing.length) {
      warnings.push({ course: result.course, kind: "prereq", text: `${result.course}: prerequisites not met by earlier terms (needs ${missing.map(leafSummary).join(", ")}).` });
    } else if (result.status === "unknown") {
      warnings.push({ course: result.course, kind: "unknown", text: `${result.course}: some conditions cannot be checked (consent, level, program or text kept as written).` });
    }
    for (const code of result.take_with ?? []) {
      warnings.push({ course: result.course, kind: "prereq", text: `${result.course}: corequisite ${code} must be taken in the same term or earlier.` });
    }
  }
  return warnings;
}

/** Adds a conflict warning to the later term of every antirequisite pair. */
async function antirequisiteWarnings(plan, byTerm, signal) {
  const placed = [];
  plan.completed.forEach((item) => placed.push({ code: item.code, term: -1 }));
  plan.terms.forEach((term, index) => term.courses.forEach((code) => placed.push({ code, term: index })));
  const details = new Map();
  await Promise.all([...new Set(placed.map((item) => item.code))].map(async (code) => {
    try {
      details.set(code, await getCourse(code, signal));
    } catch (error) {
      if (error.status !== 404) throw error;
    }
  }));

  const reported = new Set();
  for (const first of placed) {
    for (const second of placed) {
      if (first.code >= second.code) continue;
      const excludes = (a, b) => (details.get(a)?.antireqs ?? []).includes(b);
      if (!excludes(first.code, second.code) && !excludes(second.code, first.code)) continue;
      const key = `${first.code}|${second.code}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const later = first.term >= second.term ? first : second;
      const other = later === first ? second : first;
      if (later.term < 0) continue;
      byTerm[later.term].push({ course: later.code, kind: "conflict", text: `${later.code} and ${other.code} are antirequisites: only one of them can count.` });
    }
  }
}

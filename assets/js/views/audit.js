// The program audit: pick a credential and see, for each requirement, its
// status, the courses of the record that satisfied it and what is missing.

import { firstArray, get, getCredentials, post } from "../api.js";
import { append, courseLink, empty, errorBox, h, loading, replace } from "../dom.js";
import { auditNode, auditTree, statusMark, unitsProgress } from "../audit-tree.js";
import { loadRecord, recordBody, recordForm } from "../record.js";
import { navigate } from "../router.js";

const KIND_NAMES = { major: "Majors", minor: "Minors", specialization: "Specializations", option: "Options and diplomas" };

/** Renders `/audit` and `/audit/{id}`. */
export async function render({ params, container, signal }) {
  const list = await getCredentials();
  const credentials = firstArray(list, "credentials");
  const id = params.id ?? "";
  const select = h("select", { id: "credential", onchange: (event) => event.target.value && navigate(`/audit/${encodeURIComponent(event.target.value)}`) },
    h("option", { value: "" }, "Choose a credential…"),
    Object.entries(KIND_NAMES).map(([kind, label]) => {
      const members = credentials.filter((credential) => credential.kind === kind);
      return members.length ? h("optgroup", { label }, members.map((credential) =>
        h("option", { value: credential.id, selected: credential.id === id }, `${credential.name}${credential.catalog_year ? ` (${credential.catalog_year})` : ""}`))) : null;
    }));

  append(container, h("h1", {}, "Program audit"),
    h("div", { class: "field" }, h("label", { for: "credential" }, "Credential"), select),
    credentials.length ? null : empty("This index holds no credentials."));
  if (!id) {
    append(container, h("p", { class: "hint" }, "Pick a major, minor or specialization to compare your record with its requirements."));
    return { title: "Program audit" };
  }

  let credential;
  try {
    credential = await get(`credentials/${encodeURIComponent(id)}`, signal);
  } catch (error) {
    if (error.status !== 404) throw error;
    append(container, errorBox(error));
    return { title: "Credential not found" };
  }
  container.querySelector("h1").textContent = `Audit: ${credential.name}`;

  const record = loadRecord();
  const result = h("div", { "aria-live": "polite" });
  async function audit(outer) {
    replace(result, loading("Auditing your record…"));
    try {
      const answer = await post("advisory/audit", { credential: credential.id, ...recordBody(record) }, outer ?? signal);
      replace(result, auditAnswer(answer));
    } catch (error) {
      if (error.name === "AbortError") return;
      replace(result, errorBox(error, () => audit()), h("h3", {}, "Requirements"), auditTree(credential.requirements, "Requirements"));
    }
  }

  append(container,
    h("p", { class: "subtitle" }, [credential.kind, credential.faculty, credential.catalog_year].filter(Boolean).join(" · ")),
    h("details", { class: "card" }, h("summary", {}, "Your record"), recordForm(record, () => audit())),
    h("section", { "aria-labelledby": "audit-heading" }, h("h2", { id: "audit-heading" }, "Progress by requirement"), result));
  await audit(signal);
  return { title: `Audit: ${credential.name}` };
}

const SUMMARIES = {
  complete: "Every requirement is met.",
  in_progress: "Every requirement is met once your courses in progress are completed.",
  unknown: "Some rules cannot be checked from a course list; check them by hand.",
  missing: "Some requirements are not met yet.",
};

function auditAnswer(answer) {
  const root = answer.requirements ?? answer.tree ?? answer.result ?? answer.root;
  const items = Array.isArray(root) ? root : null;
  const status = answer.status ?? root?.status;
  const percent = typeof answer.progress === "number" ? Math.round(answer.progress * 100) : null;
  return [
    h("p", { class: "audit-summary" }, statusMark(status), " ", SUMMARIES[status] ?? ""),
    unitsProgress(answer.units_completed, answer.units_required, answer.units_in_progress),
    percent !== null ? h("p", {}, `${percent}% complete.`) : null,
    listLine("Still to take", answer.remaining_courses, true),
    listLine("Rules still short", answer.remaining_rules, false),
    listLine("Courses no requirement counted", answer.unused_courses, true),
    listLine("Courses under the passing grade", answer.failed_courses, true),
    items ? h("ul", { class: "audit-children audit-root" }, items.map(auditNode)) : root ? auditTree(root, "Requirements") : empty("The audit returned no requirements."),
  ];
}

function listLine(title, items, areCodes) {
  if (!Array.isArray(items) || !items.length) return null;
  return h("p", { class: "audit-list" }, h("strong", {}, `${title}: `),
    areCodes ? items.map((code, i) => [i ? ", " : "", courseLink(code)]) : items.join("; "));
}

// `/plans`: the plans this browser created, and a form for a new one.

import { append, empty, errorBox, h } from "../dom.js";
import { createPlan, knownPlans } from "../plan-store.js";
import { loadRecord } from "../record.js";
import { navigate } from "../router.js";

/** Terms a new plan starts with. */
const STARTING_TERMS = ["1A", "1B", "2A", "2B"];

/** Renders `/plans`. */
export async function render({ container }) {
  const plans = Object.entries(knownPlans());
  const name = h("input", { id: "new-plan-name", type: "text", maxlength: "120", value: "My plan", required: true });
  const status = h("div", { "aria-live": "polite" });

  async function create(event) {
    event.preventDefault();
    const record = loadRecord();
    const plan = {
      name: name.value.trim() || "My plan",
      terms: STARTING_TERMS.map((term) => ({ term, courses: [] })),
      completed: record.completed.map(({ code, grade }) => (typeof grade === "number" ? { code, grade: Math.round(grade) } : { code })),
      notes: "",
    };
    try {
      const created = await createPlan(plan);
      navigate(`/plans/${encodeURIComponent(created.id)}`);
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  }

  append(container,
    h("h1", {}, "My plans"),
    h("p", { class: "subtitle" }, "Plans are saved on the server; this browser keeps the key that lets you edit them."),
    h("form", { class: "card", onsubmit: create },
      h("div", { class: "field" }, h("label", { for: "new-plan-name" }, "Name of a new plan"), name),
      h("button", { type: "submit", class: "button" }, "Create plan"), status),
    h("h2", {}, "Plans in this browser"),
    plans.length
      ? h("ul", { class: "plain-list" }, plans.map(([id, entry]) => h("li", {}, h("a", { href: `/plans/${encodeURIComponent(id)}` }, entry.name || id))))
      : empty("No plans yet. Create one above, or open a plan from the path planner."));
  return { title: "My plans" };
}

// The terms × courses grid of a plan. Courses are added with a course
// picker, moved between terms with buttons (or by dragging), and removed.
// Warnings from plan-checks.js are drawn under each term and on each course.
// With `readOnly` the grid only shows the plan.

import { getCourse } from "./api.js";
import { coursePicker } from "./course-picker.js";
import { courseLink, empty, h, replace } from "./dom.js";

/** Maximum courses in one term, as the plans API allows. */
export const MAX_COURSES_PER_TERM = 12;
/** Maximum terms in a plan. */
export const MAX_TERMS = 24;

/** Returns the label after `label`: `2025F` → `2026W`, `1A` → `1B`, otherwise `Term n`. */
export function nextTermLabel(label, count) {
  const dated = /^(\d{4})([FWS])$/i.exec(label ?? "");
  if (dated) {
    const year = Number(dated[1]);
    const term = dated[2].toUpperCase();
    if (term === "F") return `${year + 1}W`;
    if (term === "W") return `${year}S`;
    return `${year}F`;
  }
  const level = /^([1-5])([AB])$/i.exec(label ?? "");
  if (level) return level[2].toUpperCase() === "A" ? `${level[1]}B` : `${Number(level[1]) + 1}A`;
  return `Term ${count + 1}`;
}

/**
 * Draws the grid into `target`. `state` is `{plan, readOnly, warnings}`;
 * `onEdit()` runs after every change to `state.plan`.
 */
export function drawTerms(target, state, onEdit) {
  const { plan, readOnly } = state;
  const edit = (change, focusSelector) => {
    change();
    onEdit();
    drawTerms(target, state, onEdit);
    if (focusSelector) target.querySelector(focusSelector)?.focus();
  };

  const cards = plan.terms.map((term, index) => termCard(term, index));
  replace(target,
    plan.terms.length ? h("ol", { class: "plan-terms plain-list", "aria-label": "Terms" }, cards) : empty("This plan has no terms yet."),
    readOnly ? null : h("div", { class: "actions" },
      h("button", {
        type: "button", class: "button secondary", disabled: plan.terms.length >= MAX_TERMS,
        onclick: () => edit(() => plan.terms.push({ term: nextTermLabel(plan.terms.at(-1)?.term, plan.terms.length), courses: [] }), ".plan-term:last-child input"),
      }, "Add a term")));

  function termCard(term, index) {
    const warnings = state.warnings?.[index] ?? [];
    const labelId = `term-${index}-label`;
    const heading = readOnly
      ? h("h3", { id: labelId }, term.term)
      : h("input", {
        id: labelId, type: "text", value: term.term, "aria-label": `Name of term ${index + 1}`, maxlength: "40",
        onchange: (event) => edit(() => { term.term = event.target.value.trim() || `Term ${index + 1}`; }),
      });
    const card = h("li", { class: "plan-term", "aria-labelledby": readOnly ? labelId : null, "aria-label": readOnly ? null : `Term ${term.term}`, dataset: { term: String(index) } },
      h("header", {}, heading,
        readOnly ? null : h("button", {
          type: "button", class: "icon-button", "aria-label": `Remove term ${term.term}`,
          onclick: () => {
            if (term.courses.length && !window.confirm(`Remove ${term.term} and its ${term.courses.length} courses?`)) return;
            edit(() => plan.terms.splice(index, 1));
          },
        }, "×")),
      term.courses.length
        ? h("ul", { class: "plain-list" }, term.courses.map((code, position) => courseRow(code, index, position, warnings)))
        : h("p", { class: "hint" }, "No courses yet."),
      warnings.length ? h("ul", { class: "warnings", "aria-label": `Warnings for ${term.term}` }, warnings.map((warning) => h("li", { class: warning.kind }, warning.text))) : null,
      readOnly ? null : addCourse(term, index));
    if (!readOnly) allowDrop(card, index);
    return card;
  }

  function courseRow(code, termIndex, position, warnings) {
    const flagged = warnings.some((warning) => warning.course === code && warning.kind !== "unknown");
    const row = h("li", { class: `plan-course${flagged ? " has-warning" : ""}`, draggable: readOnly ? null : "true", dataset: { code } },
      courseLink(code), flagged ? h("span", { class: "badge unmet" }, "warning") : null);
    if (readOnly) return row;
    const move = (to) => edit(() => {
      plan.terms[termIndex].courses.splice(position, 1);
      plan.terms[to].courses.push(code);
    }, `.plan-term[data-term="${to}"] [data-code="${code}"] button[data-move="${to < termIndex ? "earlier" : "later"}"]`);
    const earlier = termIndex > 0 ? plan.terms[termIndex - 1] : null;
    const later = plan.terms[termIndex + 1] ?? null;
    row.append(
      h("button", { type: "button", class: "icon-button", "data-move": "earlier", disabled: !earlier, "aria-label": `Move ${code} to ${earlier?.term ?? "an earlier term"}`, onclick: () => move(termIndex - 1) }, "←"),
      h("button", { type: "button", class: "icon-button", "data-move": "later", disabled: !later, "aria-label": `Move ${code} to ${later?.term ?? "a later term"}`, onclick: () => move(termIndex + 1) }, "→"),
      h("button", { type: "button", class: "icon-button", "aria-label": `Remove ${code} from ${plan.terms[termIndex].term}`, onclick: () => edit(() => plan.terms[termIndex].courses.splice(position, 1), `.plan-term[data-term="${termIndex}"] input[role=combobox]`) }, "×"));
    row.addEventListener("dragstart", (event) => event.dataTransfer.setData("text/plain", JSON.stringify({ code, from: termIndex, position })));
    return row;
  }

  function addCourse(term, index) {
    const picker = coursePicker({
      label: `Add a course to ${term.term}`,
      onPick: async (code) => {
        if (plan.terms.some((other) => other.courses.includes(code))) return `${code} is already in this plan.`;
        if (term.courses.length >= MAX_COURSES_PER_TERM) return `A term holds at most ${MAX_COURSES_PER_TERM} courses.`;
        try {
          await getCourse(code);
        } catch (error) {
          return error.status === 404 ? `No course ${code} in this catalog.` : error.message;
        }
        edit(() => term.courses.push(code), `.plan-term[data-term="${index}"] input[role=combobox]`);
        return undefined;
      },
    });
    return picker.element;
  }

  function allowDrop(card, index) {
    card.addEventListener("dragover", (event) => { event.preventDefault(); card.classList.add("drop-target"); });
    card.addEventListener("dragleave", () => card.classList.remove("drop-target"));
    card.addEventListener("drop", (event) => {
      event.preventDefault();
      card.classList.remove("drop-target");
      let moved;
      try {
        moved = JSON.parse(event.dataTransfer.getData("text/plain"));
      } catch {
        return;
      }
      if (moved.from === index || !plan.terms[moved.from]) return;
      edit(() => {
        plan.terms[moved.from].courses.splice(moved.position, 1);
        plan.terms[index].courses.push(moved.code);
      });
    });
  }
}

// A labelled course input with suggestions and an Add button, used wherever
// the user names courses (record, targets, plan terms).

import { combobox } from "./combobox.js";
import { h } from "./dom.js";
import { parseCode } from "./format.js";
import { suggestCourses } from "./search.js";

let nextId = 0;

/**
 * Builds a course picker. `onPick(code)` gets a canonical code and returns
 * (or resolves to) an error sentence to show, or nothing when the code was
 * accepted.
 * `extra` is an optional element placed before the button (a grade field).
 */
export function coursePicker({ label, hint, buttonText = "Add", onPick, extra = null }) {
  const id = `course-picker-${nextId++}`;
  const input = h("input", { id, type: "text", placeholder: "e.g. CS 136", spellcheck: "false", "aria-describedby": `${id}-message` });
  const message = h("p", { id: `${id}-message`, class: "hint", "aria-live": "polite" }, hint ?? "");
  const wrapper = h("div", { class: "combobox" }, input);

  async function pick(text) {
    const code = parseCode(text);
    if (!code) {
      message.textContent = text ? `“${text}” is not a course code; write a subject and a number such as CS 136.` : "Type a course code first.";
      return;
    }
    const problem = await onPick(code);
    message.textContent = problem ?? `Added ${code}.`;
    if (!problem) {
      input.value = "";
      input.focus();
    }
  }

  combobox(input, {
    suggest: (text, signal) => suggestCourses(text, signal, 6),
    onChoose: (option) => pick(option.value),
    onEnter: (text) => pick(text),
  });

  const element = h("div", { class: "field" },
    h("label", { for: id }, label),
    h("div", { class: "field-row" }, wrapper, extra, h("button", { type: "button", class: "button secondary", onclick: () => pick(input.value.trim()) }, buttonText)),
    message);
  return { element, input };
}

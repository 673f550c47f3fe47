// An accessible autocomplete (WAI-ARIA combobox with a listbox popup) used by
// the header search and every course picker. Suggestions load as the user
// types, debounced, and a newer keystroke aborts the older request.

import { h, replace } from "./dom.js";

let nextId = 0;

/** Wait after the last keystroke before asking for suggestions, in milliseconds. */
const DEBOUNCE_MS = 120;

/**
 * Turns `input` into a combobox.
 * - `suggest(text, signal)` returns `[{value, label, detail}]`.
 * - `onChoose(option)` runs when an option is picked (click or Enter).
 * - `onEnter(text)` runs on Enter without a highlighted option.
 * - `onError(error)` runs when suggestions fail; the default shows nothing.
 * Returns `{close, clear}`.
 */
export function combobox(input, { suggest, onChoose, onEnter, onError }) {
  const id = `combobox-${nextId++}`;
  const list = h("ul", { id: `${id}-list`, role: "listbox", class: "combobox-list", hidden: true, "aria-label": "Suggestions" });
  const status = h("span", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  input.after(list, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  let options = [];
  let active = -1;
  let timer = null;
  let pending = null;

  function open(items) {
    options = items;
    active = -1;
    replace(list, items.map((option, index) => h("li", {
      id: `${id}-option-${index}`,
      role: "option",
      class: "combobox-option",
      "aria-selected": "false",
      onmousedown: (event) => event.preventDefault(),
      onclick: () => choose(index),
    }, h("span", { class: "option-label" }, option.label), option.detail ? h("span", { class: "option-detail" }, option.detail) : null)));
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
    input.removeAttribute("aria-activedescendant");
    status.textContent = items.length ? `${items.length} suggestions; use the arrow keys to choose.` : "No suggestions.";
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    if (!options.length) return;
    active = (index + options.length) % options.length;
    list.querySelectorAll("[role=option]").forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
    const item = list.children[active];
    input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  function choose(index) {
    const option = options[index];
    close();
    if (option) onChoose(option);
  }

  async function load() {
    const text = input.value.trim();
    pending?.abort();
    if (!text) return close();
    const controller = new AbortController();
    pending = controller;
    try {
      const items = await suggest(text, controller.signal);
      if (pending === controller && input.value.trim() === text && document.activeElement === input) open(items);
    } catch (error) {
      if (error?.name === "AbortError") return;
      close();
      onError?.(error);
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    const expanded = !list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (expanded) highlight(active + 1);
      else load().then(() => highlight(0));
    } else if (event.key === "ArrowUp" && expanded) {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === "Escape") {
      // Also cancel suggestions still on their way, so none open after Escape.
      if (expanded) event.preventDefault();
      window.clearTimeout(timer);
      pending?.abort();
      close();
    } else if (event.key === "Enter") {
      event.preventDefault();
      window.clearTimeout(timer);
      if (expanded && active >= 0) choose(active);
      else {
        pending?.abort();
        close();
        onEnter?.(input.value.trim());
      }
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 150));

  return { close, clear: () => { input.value = ""; close(); } };
}

// The header search: results as you type, arrow keys and Enter, and a typed
// course code (`cs246`) goes straight to that course.

import { get } from "./api.js";
import { combobox } from "./combobox.js";
import { coursePath, parseCode } from "./format.js";
import { navigate } from "./router.js";

/** Number of suggestions shown under the search box. */
const SUGGESTIONS = 8;

/** Suggestions for `text` from `/api/v1/search`, in the combobox's option shape. */
export async function suggestCourses(text, signal, limit = SUGGESTIONS) {
  const body = await get(`search?q=${encodeURIComponent(text)}&limit=${limit}`, signal);
  return (body.results ?? []).map((hit) => ({ value: hit.code, label: hit.code, detail: hit.title }));
}

/** Wires the search form in the header. */
export function attachSearch(form) {
  const input = form.querySelector("input");
  const box = combobox(input, {
    suggest: (text, signal) => suggestCourses(text, signal),
    onChoose: (option) => {
      box.clear();
      navigate(coursePath(option.value));
    },
    onEnter: (text) => submit(text),
  });

  function submit(text) {
    if (!text) return;
    const code = parseCode(text);
    box.clear();
    navigate(code ? coursePath(code) : `/search?q=${encodeURIComponent(text)}`);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(input.value.trim());
  });

  // "/" focuses the search from anywhere except a text field.
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
}

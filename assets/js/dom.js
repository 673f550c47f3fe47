// DOM helpers shared by every view: element builders and the loading,
// empty and error states. Views build their markup with `h` so text is
// always set through text nodes and never parsed as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Sets attributes, properties and listeners of `element` from `attrs`. */
function applyAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name === "value" || name === "checked" || name === "selected") {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** Appends strings, numbers, nodes and (nested) arrays; skips null and false. */
function appendChildren(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Builds an HTML element: `h("a", {href: "/x"}, "text")`. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  applyAttributes(element, attrs);
  appendChildren(element, children);
  return element;
}

/** Builds an SVG element, like `h`. */
export function s(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttributes(element, attrs);
  appendChildren(element, children);
  return element;
}

/** Appends children like `h` does: null, undefined and false are skipped. */
export function append(element, ...children) {
  appendChildren(element, children);
  return element;
}

/** Replaces every child of `element` with `children`. */
export function replace(element, ...children) {
  element.replaceChildren();
  appendChildren(element, children);
  return element;
}

/** Builds a polite status line to show while data loads. */
export function loading(text = "Loading…") {
  return h("p", { class: "state state-loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

/** Builds the message for a list or result that has nothing in it. */
export function empty(text) {
  return h("p", { class: "state state-empty" }, text);
}

/**
 * Builds an alert for a failed request. Rate limits name the retry time, and an
 * optional `retry` callback adds a button to try again.
 */
export function errorBox(error, retry) {
  const lines = [h("strong", {}, headline(error))];
  if (error?.message) lines.push(h("p", {}, error.message));
  if (error?.status === 429 && error.retryAfter) {
    lines.push(h("p", { class: "retry-time" }, `You can try again in ${error.retryAfter} seconds.`));
  }
  if (retry) lines.push(h("button", { type: "button", class: "button", onclick: retry }, "Try again"));
  return h("div", { class: "state state-error", role: "alert" }, lines);
}

function headline(error) {
  if (!error || error.status === undefined) return "Something went wrong.";
  if (error.status === 0) return "The server could not be reached.";
  if (error.status === 429) return "Too many requests right now.";
  if (error.status === 404) return "Not found.";
  if (error.status >= 500) return "The server failed to answer.";
  return "The request was not accepted.";
}

/** Builds a link to a course page. */
export function courseLink(code, text = code) {
  return h("a", { href: `/courses/${encodeURIComponent(code.replace(/\s+/g, ""))}`, class: "course-link" }, text);
}

/** Announces `text` to screen readers through the shared live region. */
export function announce(text) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

// The page for a path that matches no view.

import { append, h } from "../dom.js";

/** Renders the not-found page. */
export async function render({ container }) {
  append(container, 
    h("h1", {}, "Page not found"),
    h("p", {}, `Nothing lives at ${window.location.pathname}.`),
    h("p", {}, "Search for a course above, or ", h("a", { href: "/" }, "go to the home page"), "."),
  );
  return { title: "Page not found" };
}

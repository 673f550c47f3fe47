// The home page: what the app does and a short list of subjects to browse.

import { get } from "../api.js";
import { append, errorBox, h } from "../dom.js";

/** Renders `/`. */
export async function render({ container, signal }) {
  append(container, 
    h("h1", {}, "University of Waterloo course catalog"),
    h("p", { class: "subtitle" }, "Look up any undergraduate course, see exactly what it requires, and plan the terms ahead."),
    h("div", { class: "columns" },
      card("Find a course", "Type a code such as cs246 or words from a title in the search box. Press / to jump there.", "/search?q=calculus", "Search for calculus"),
      card("What can I take?", "Enter the courses you have finished and see what you are eligible for now, and why not for the rest.", "/eligibility", "Check eligibility"),
      card("Path planner", "Pick target courses and get a term-by-term path to them, with alternatives.", "/paths", "Plan a path"),
      card("Plans", "Build a plan of terms and courses, with live warnings; save it and share a read-only link.", "/plans", "Open my plans"),
      card("Program audit", "Check your progress against a major, minor or specialization.", "/audit", "Audit a program")),
  );
  const subjects = h("section", { "aria-labelledby": "subjects" }, h("h2", { id: "subjects" }, "Subjects"));
  append(container, subjects);
  try {
    const body = await get("subjects", signal);
    const list = body.subjects ?? [];
    subjects.append(h("ul", { class: "chips" }, list.map((subject) =>
      h("li", {}, h("a", { class: "chip", href: `/search?subject=${encodeURIComponent(subject.code)}` }, `${subject.code} (${subject.course_count})`)))));
  } catch (error) {
    if (error.name === "AbortError") throw error;
    subjects.append(errorBox(error));
  }
  return { title: "Course catalog" };
}

function card(title, text, href, action) {
  return h("section", { class: "card" }, h("h2", {}, title), h("p", {}, text), h("a", { href }, action));
}

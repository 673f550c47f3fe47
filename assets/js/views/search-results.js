// The search page: results of `/search?q=` or a subject listing from
// `/search?subject=`, paged with the API's cursor.

import { get } from "../api.js";
import { append, courseLink, empty, errorBox, h } from "../dom.js";
import { plural, termsOffered } from "../format.js";

/** Results on one page. */
const PAGE_SIZE = 50;

/** Renders `/search`. */
export async function render({ query, container, signal }) {
  const text = query.get("q")?.trim() ?? "";
  const subject = query.get("subject")?.trim() ?? "";
  if (subject) return renderSubject(subject, container, signal);

  append(container, h("h1", {}, text ? `Search results for “${text}”` : "Search"));
  if (!text) {
    append(container, empty("Type a course code or words from a title in the search box above."));
    return { title: "Search" };
  }
  const body = await get(`search?q=${encodeURIComponent(text)}&limit=${PAGE_SIZE}`, signal);
  const results = body.results ?? [];
  append(container, 
    h("p", { role: "status" }, plural(results.length, "course"), " found."),
    results.length
      ? h("ul", { class: "plain-list result-list" }, results.map((hit) => h("li", {}, courseLink(hit.code), h("span", {}, hit.title))))
      : empty("No course matches. Try fewer words, or a subject and number such as MATH 135."),
  );
  return { title: `Search: ${text}` };
}

async function renderSubject(subject, container, signal) {
  append(container, h("h1", {}, `${subject.toUpperCase()} courses`));
  const list = h("ul", { class: "plain-list result-list" });
  const more = h("div", { class: "actions" });
  append(container, list, more);

  async function loadPage(cursor) {
    const cursorParam = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const body = await get(`courses?subject=${encodeURIComponent(subject)}&limit=${PAGE_SIZE}${cursorParam}`, signal);
    for (const course of body.courses ?? []) {
      list.append(h("li", {}, courseLink(course.code), h("span", {}, course.title), h("span", { class: "hint" }, termsOffered(course.terms_offered))));
    }
    more.replaceChildren();
    if (body.next_cursor) {
      more.append(h("button", {
        type: "button",
        class: "button secondary",
        onclick: () => loadPage(body.next_cursor).catch((error) => more.replaceChildren(errorBox(error))),
      }, "Show more"));
    }
    if (!list.children.length) append(container, empty(`No ${subject} courses in this index.`));
  }
  await loadPage(null);
  return { title: `${subject.toUpperCase()} courses` };
}

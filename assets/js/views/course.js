// The course page: title, units, terms, description, requisites as trees
// beside the calendar's own text, antirequisites, what the course leads to
// and which credentials name it. An unknown code shows suggestions.

import { getCourse } from "../api.js";
import { append, courseLink, empty, errorBox, h } from "../dom.js";
import { codeSlug, parseCode, termsOffered, units } from "../format.js";
import { renderTree } from "../requisites.js";

const PARSE_STATUS = {
  full: ["met", "Fully parsed"],
  partial: ["unknown", "Partly parsed: some text is kept as written"],
  none: ["unmet", "Not parsed: only the calendar text is available"],
};

/** Renders `/courses/{code}`. */
export async function render({ params, container, signal }) {
  const input = params.code;
  let course;
  try {
    course = await getCourse(input, signal);
  } catch (error) {
    if (error.status === 404) return renderMissing(container, input, error);
    throw error;
  }

  const slug = codeSlug(course.code);
  append(container, 
    h("h1", {}, `${course.code}: ${course.title}`),
    h("dl", { class: "meta" },
      metaItem("Units", units(course.units)),
      metaItem("Offered", termsOffered(course.terms_offered)),
      metaItem("Level", String(course.level ?? "?")),
      course.parse_status ? metaItem("Requisite parsing", PARSE_STATUS[course.parse_status]?.[1] ?? course.parse_status) : null),
    h("div", { class: "actions" },
      h("a", { class: "button", href: `/graph/${slug}` }, "Prerequisite graph"),
      h("a", { class: "button secondary", href: `/eligibility?target=${slug}` }, "Can I take it?"),
      h("a", { class: "button secondary", href: `/paths?targets=${slug}` }, "Plan a path to it")),
    h("p", { class: "description" }, course.description || "The calendar gives no description."),
    course.notes ? h("p", { class: "notes" }, h("strong", {}, "Notes: "), course.notes) : null,
    requisiteSection("Prerequisites", course.prereq, course.prereq_text, course.parse_status, "No prerequisites."),
    requisiteSection("Corequisites", course.coreq, course.coreq_text, null, "No corequisites."),
    antirequisiteSection(course),
    course.crosslistings?.length ? h("section", {}, h("h2", {}, "Cross-listed as"), codeList(course.crosslistings.map((code) => ({ code })))) : null,
    h("div", { class: "columns" },
      h("section", { "aria-labelledby": "leads-to" }, h("h2", { id: "leads-to" }, "Leads to"),
        course.leads_to?.length ? codeList(course.leads_to) : empty("No course in this index requires it.")),
      h("section", { "aria-labelledby": "used-by" }, h("h2", { id: "used-by" }, "Credentials that use it"),
        course.credentials?.length ? credentialList(course.credentials) : empty("No credential in this index names it."))),
  );
  return { title: `${course.code}: ${course.title}` };
}

function metaItem(term, value) {
  return h("div", {}, h("dt", {}, `${term}:`), h("dd", {}, value));
}

function requisiteSection(title, tree, text, status, none) {
  const id = `section-${title.toLowerCase()}`;
  if (!tree && !text) return h("section", { "aria-labelledby": id }, h("h2", { id }, title), empty(none));
  const badge = status && PARSE_STATUS[status]
    ? h("span", { class: `badge ${PARSE_STATUS[status][0]}` }, PARSE_STATUS[status][1])
    : null;
  return h("section", { "aria-labelledby": id },
    h("h2", { id }, title, " ", badge),
    h("div", { class: "requisites" },
      h("div", {}, tree ? renderTree(tree, `${title} as parsed`) : empty("The calendar text could not be turned into conditions.")),
      h("aside", { class: "calendar-text", "aria-label": `${title} as the calendar writes them` },
        h("h3", {}, "Calendar text"), h("p", {}, text ?? "None."))));
}

function antirequisiteSection(course) {
  const hasAny = course.antireqs?.length || course.antireq_text || course.antireq_notes;
  return h("section", { "aria-labelledby": "section-antireqs" },
    h("h2", { id: "section-antireqs" }, "Antirequisites"),
    hasAny
      ? [
        h("p", { class: "hint" }, "You cannot receive credit for this course together with these."),
        course.antireqs?.length ? codeList(course.antireqs.map((code) => ({ code }))) : null,
        course.antireq_notes ? h("p", {}, h("span", { class: "badge unparsed" }, "Not parsed"), " ", course.antireq_notes) : null,
        course.antireq_text ? h("p", { class: "calendar-text" }, course.antireq_text) : null,
      ]
      : empty("No antirequisites."));
}

function codeList(items) {
  return h("ul", { class: "plain-list result-list" },
    items.map((item) => h("li", {}, courseLink(item.code), item.title ? h("span", {}, item.title) : null)));
}

function credentialList(credentials) {
  return h("ul", { class: "plain-list" },
    credentials.map((credential) => h("li", {},
      h("a", { href: `/audit/${encodeURIComponent(credential.id)}` }, credential.name),
      " ", h("span", { class: "badge neutral" }, credential.kind ?? "credential"))));
}

function renderMissing(container, input, error) {
  const code = parseCode(input) ?? input;
  const suggestions = error.body?.suggestions ?? [];
  append(container, 
    h("h1", {}, `No course ${code}`),
    errorBox(error),
    suggestions.length
      ? h("section", { "aria-labelledby": "suggestions" },
        h("h2", { id: "suggestions" }, "Did you mean"),
        h("ul", { class: "plain-list result-list" }, suggestions.map((suggestion) => h("li", {}, courseLink(suggestion)))))
      : empty("No similar course codes were found. Try searching by title."),
  );
  return { title: `No course ${code}` };
}

// Formatting of catalog values: course codes in text and URLs, terms,
// grades and levels.

const CODE_PATTERN = /^\s*([A-Za-z]{2,8})\s*(\d{3}[A-Za-z]{0,2})\s*$/;

/** Parses `cs246`, `CS 246` or `CS%20246` into `CS 246`; `null` when it is not a code. */
export function parseCode(input) {
  const match = CODE_PATTERN.exec(decodeURIComponent(String(input ?? "")));
  return match ? `${match[1].toUpperCase()} ${match[2].toUpperCase()}` : null;
}

/** Converts a code into its URL segment: `CS 246` becomes `CS246`. */
export function codeSlug(code) {
  return String(code).replace(/\s+/g, "").toUpperCase();
}

/** Path of a course page. */
export function coursePath(code) {
  return `/courses/${encodeURIComponent(codeSlug(code))}`;
}

/** Path of a course's graph. */
export function graphPath(code) {
  return `/graph/${encodeURIComponent(codeSlug(code))}`;
}

const TERM_NAMES = { F: "Fall", W: "Winter", S: "Spring" };

/** `F` becomes `Fall`; unknown values pass through. */
export function termName(term) {
  return TERM_NAMES[term] ?? String(term);
}

/** Terms offered as words, or a sentence saying none are listed. */
export function termsOffered(terms) {
  if (!Array.isArray(terms) || terms.length === 0) return "No terms listed";
  return terms.map(termName).join(", ");
}

/** Units with one decimal place, as the calendar writes them. */
export function units(value) {
  return typeof value === "number" ? value.toFixed(2).replace(/0$/, "") : "?";
}

/** Academic levels a student can be in, in order. */
export const LEVELS = ["1A", "1B", "2A", "2B", "3A", "3B", "4A", "4B", "5A", "5B"];

/** Plural helper: `plural(2, "course")` is `2 courses`. */
export function plural(count, word, many = `${word}s`) {
  return `${count} ${count === 1 ? word : many}`;
}

/** Splits a comma- or space-separated list of codes into canonical codes; invalid items are returned apart. */
export function parseCodeList(text) {
  const codes = [];
  const invalid = [];
  for (const part of String(text ?? "").split(/[,;]+/)) {
    if (!part.trim()) continue;
    const code = parseCode(part);
    if (code) codes.push(code);
    else invalid.push(part.trim());
  }
  return { codes, invalid };
}

// The student record (completed courses with grades, courses in progress,
// level and programs) shared by eligibility, paths and the audit. It lives
// in localStorage so it is entered once per browser, never on the server.

import { getCredentials } from "./api.js";
import { coursePicker } from "./course-picker.js";
import { courseLink, empty, h, replace } from "./dom.js";
import { LEVELS } from "./format.js";

const STORAGE_KEY = "uwscrape.record.v1";

/** Loads the saved record, or returns an empty one. */
export function loadRecord() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "null");
    if (saved && Array.isArray(saved.completed)) {
      return { completed: saved.completed, in_progress: saved.in_progress ?? [], level: saved.level ?? "", programs: saved.programs ?? [] };
    }
  } catch {
    // A corrupt entry is replaced by an empty record on the next save.
  }
  return { completed: [], in_progress: [], level: "", programs: [] };
}

/** Saves `record` for later visits. */
export function saveRecord(record) {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(record));
}

/** Converts the record into the request fields of the advisory API. */
export function recordBody(record) {
  const body = {
    completed: record.completed.map(({ code, grade }) => (grade === null || grade === undefined || grade === "" ? { code } : { code, grade: Number(grade) })),
    in_progress: [...record.in_progress],
    programs: [...record.programs],
  };
  if (record.level) body.level = record.level;
  return body;
}

/** Builds the record editor. `onChange(record)` runs after every edit, once the record is saved. */
export function recordForm(record, onChange = () => {}) {
  const changed = () => {
    saveRecord(record);
    draw();
    onChange(record);
  };
  const completedList = h("ul", { class: "plain-list", "aria-label": "Completed courses" });
  const progressList = h("ul", { class: "chips", "aria-label": "Courses in progress" });
  const programList = h("ul", { class: "chips", "aria-label": "Programs" });

  const grade = h("input", { type: "number", min: "0", max: "100", step: "1", id: "record-grade", "aria-label": "Grade in percent (optional)", placeholder: "Grade %" });
  const completedPicker = coursePicker({
    label: "Completed course",
    hint: "Add each course you have finished, with its final grade when you know it.",
    extra: grade,
    onPick: (code) => {
      if (record.completed.some((item) => item.code === code)) return `${code} is already in your list.`;
      const value = grade.value.trim();
      if (value && !(Number(value) >= 0 && Number(value) <= 100)) return "A grade is a percentage from 0 to 100.";
      record.completed.push({ code, grade: value ? Number(value) : null });
      grade.value = "";
      changed();
      return undefined;
    },
  });
  const progressPicker = coursePicker({
    label: "Course in progress",
    onPick: (code) => {
      if (record.in_progress.includes(code)) return `${code} is already in progress.`;
      record.in_progress.push(code);
      changed();
      return undefined;
    },
  });

  const level = h("select", { id: "record-level", onchange: (event) => { record.level = event.target.value; changed(); } },
    h("option", { value: "" }, "Not given"), LEVELS.map((value) => h("option", { value, selected: value === record.level }, value)));

  const programInput = h("input", { id: "record-program", type: "text", list: "record-program-options", placeholder: "e.g. Honours Mathematics" });
  const programOptions = h("datalist", { id: "record-program-options" });
  getCredentials().then((body) => {
    const names = [...(body.program_groups ?? []).map((group) => group.name), ...(body.credentials ?? []).map((credential) => credential.id)];
    replace(programOptions, names.map((name) => h("option", { value: name })));
  }).catch(() => {});
  const addProgram = () => {
    const value = programInput.value.trim();
    if (value && !record.programs.includes(value)) {
      record.programs.push(value);
      programInput.value = "";
      changed();
    }
  };
  programInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      addProgram();
    }
  });

  function draw() {
    replace(completedList, record.completed.length ? record.completed.map((item, index) => completedRow(item, index)) : h("li", {}, empty("No completed courses yet.")));
    replace(progressList, record.in_progress.map((code) => chip(code, () => { record.in_progress = record.in_progress.filter((c) => c !== code); changed(); })));
    replace(programList, record.programs.map((name) => chip(name, () => { record.programs = record.programs.filter((p) => p !== name); changed(); }, false)));
  }

  function completedRow(item, index) {
    const gradeInput = h("input", {
      type: "number", min: "0", max: "100", value: item.grade ?? "", "aria-label": `Grade in ${item.code}`, class: "small",
      onchange: (event) => { item.grade = event.target.value === "" ? null : Number(event.target.value); saveRecord(record); onChange(record); },
    });
    return h("li", { class: "field-row" }, courseLink(item.code), gradeInput,
      h("button", { type: "button", class: "button small danger", "aria-label": `Remove ${item.code}`, onclick: () => { record.completed.splice(index, 1); changed(); } }, "Remove"));
  }

  draw();
  return h("fieldset", { class: "record" },
    h("legend", {}, "Your record"),
    h("p", { class: "hint" }, "Saved in this browser only."),
    completedPicker.element, completedList,
    h("div", { class: "columns" },
      h("div", {}, progressPicker.element, progressList),
      h("div", {},
        h("div", { class: "field" }, h("label", { for: "record-level" }, "Academic level"), level),
        h("div", { class: "field" }, h("label", { for: "record-program" }, "Program (credential or program group)"),
          h("div", { class: "field-row" }, programInput, programOptions, h("button", { type: "button", class: "button secondary", onclick: addProgram }, "Add program")),
          programList))));
}

/** Builds a removable chip. */
export function chip(text, onRemove, link = true) {
  return h("li", { class: "chip" }, link ? courseLink(text) : text,
    h("button", { type: "button", "aria-label": `Remove ${text}`, onclick: onRemove }, "×"));
}

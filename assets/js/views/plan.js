// One saved plan at `/plans/{id}`. With the edit token this browser stored
// when it created the plan, the plan can be edited and saved; a share link
// (`?token=` or `#token=`) opens it read-only. Saving sends the version the
// editor last read. A save from another tab is therefore reported, not overwritten.

import { append, courseLink, empty, errorBox, h, loading, replace } from "../dom.js";
import { coursePicker } from "../course-picker.js";
import { checkPlan } from "../plan-checks.js";
import { drawTerms } from "../plan-editor.js";
import { deletePlan, editToken, readPlan, replacePlan, shareLink, shareTokenOf, versionOf } from "../plan-store.js";
import { chip, loadRecord } from "../record.js";
import { navigate } from "../router.js";

/** Wait after an edit before checking the plan again, in milliseconds. */
const CHECK_DELAY_MS = 500;

/** Keeps only the fields the plans API accepts. */
function cleanPlan(plan) {
  return {
    name: String(plan?.name ?? "Untitled plan"),
    terms: (plan?.terms ?? []).map((term) => ({ term: String(term.term ?? ""), courses: [...(term.courses ?? [])] })),
    completed: (plan?.completed ?? []).map((item) => (item.grade === undefined || item.grade === null ? { code: item.code } : { code: item.code, grade: item.grade })),
    target_credential: plan?.target_credential ?? null,
    notes: String(plan?.notes ?? ""),
  };
}

/** Renders `/plans/{id}`. */
export async function render({ params, query, hash, container, signal }) {
  const id = params.id;
  const shareToken = query.get("token") ?? new URLSearchParams(hash.replace(/^#/, "")).get("token");
  const ownToken = editToken(id);
  if (!shareToken && !ownToken) {
    append(container, h("h1", {}, "This plan cannot be opened here"),
      h("p", {}, "This browser holds no edit token for the plan. Open it with the share link you were given, or from the browser that created it."),
      h("p", {}, h("a", { href: "/plans" }, "Go to my plans")));
    return { title: "Plan not available" };
  }

  let answer;
  try {
    answer = await readPlan(id, shareToken ?? ownToken, signal);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    append(container, h("h1", {}, error.status === 404 ? "Plan not found" : "This plan could not be opened"), errorBox(error), h("p", {}, h("a", { href: "/plans" }, "Go to my plans")));
    return { title: "Plan not found" };
  }

  const state = { plan: cleanPlan(answer.plan ?? answer), version: versionOf(answer), readOnly: Boolean(shareToken) || answer.access === "read", warnings: [], dirty: false };
  const share = shareTokenOf(id, answer);
  const heading = h("h1", {}, state.plan.name);
  const status = h("p", { class: "save-state", role: "status" }, state.readOnly ? "" : "All changes saved.");
  const conflict = h("div", { "aria-live": "assertive" });
  const checks = h("div", { "aria-live": "polite" });
  // `data-checks` is `pending`, `done` or `failed`, so tests can wait for the warnings.
  const grid = h("div", { dataset: { checks: "pending" } });
  const completedList = h("ul", { class: "chips", "aria-label": "Completed courses" });
  let timer = null;
  let checking = null;

  const edited = () => {
    grid.dataset.checks = "pending";
    state.dirty = true;
    status.textContent = "Unsaved changes.";
    heading.textContent = state.plan.name;
    window.clearTimeout(timer);
    timer = window.setTimeout(runChecks, CHECK_DELAY_MS);
  };

  async function runChecks() {
    checking?.abort();
    const controller = new AbortController();
    checking = controller;
    signal.addEventListener("abort", () => controller.abort(), { once: true });
    replace(checks, loading("Checking prerequisites term by term…"));
    try {
      const { byTerm, failures } = await checkPlan(state.plan, loadRecord().programs, controller.signal);
      if (checking !== controller) return;
      state.warnings = byTerm;
      const count = byTerm.flat().filter((warning) => warning.kind !== "unknown").length;
      replace(checks, failures.length ? errorBox(failures[0]) : null,
        h("p", { class: count ? "state state-warning" : "state state-info" }, count ? `${count} warning${count === 1 ? "" : "s"} in this plan.` : "No unmet prerequisites or antirequisite conflicts found."));
      drawTerms(grid, state, edited);
      grid.dataset.checks = "done";
    } catch (error) {
      if (error.name !== "AbortError") {
        replace(checks, errorBox(error));
        grid.dataset.checks = "failed";
      }
    }
  }

  async function save() {
    status.textContent = "Saving…";
    replace(conflict);
    try {
      const saved = await replacePlan(id, state.version, state.plan);
      state.version = versionOf(saved) ?? (Number(state.version) + 1);
      state.dirty = false;
      status.textContent = `All changes saved (version ${state.version}).`;
    } catch (error) {
      status.textContent = "Not saved.";
      replace(conflict, error.status === 412 ? conflictBox() : errorBox(error, save));
    }
  }

  function conflictBox() {
    return h("div", { class: "state state-error", role: "alert" },
      h("strong", {}, "Another tab or device saved this plan first."),
      h("p", {}, "Your changes here were not saved, so nothing was overwritten. Reload to see the latest version, or keep your version and save it over theirs."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "button", onclick: () => navigate(window.location.pathname, { replace: true }) }, "Reload the latest version"),
        h("button", {
          type: "button", class: "button secondary",
          onclick: async () => {
            const latest = await readPlan(id, ownToken).catch((readError) => replace(conflict, errorBox(readError)));
            if (!latest) return;
            state.version = versionOf(latest);
            save();
          },
        }, "Save mine over it")));
  }

  function drawCompleted() {
    replace(completedList, state.plan.completed.length
      ? state.plan.completed.map((item) => (state.readOnly
        ? h("li", { class: "chip" }, courseLink(item.code), item.grade !== undefined ? ` ${item.grade}` : "")
        : chip(item.code, () => { state.plan.completed = state.plan.completed.filter((other) => other.code !== item.code); drawCompleted(); edited(); })))
      : h("li", {}, empty("None listed.")));
  }

  append(container, heading,
    state.readOnly
      ? h("p", { class: "state state-info" }, "This is a read-only shared plan.", ownToken ? [" ", h("a", { href: `/plans/${encodeURIComponent(id)}` }, "Open it for editing")] : null)
      : editorBar(),
    conflict,
    h("section", { "aria-labelledby": "completed-heading" }, h("h2", { id: "completed-heading" }, "Already completed"), completedList,
      state.readOnly ? null : coursePicker({
        label: "Add a completed course",
        onPick: (code) => {
          if (state.plan.completed.some((item) => item.code === code)) return `${code} is already listed.`;
          state.plan.completed.push({ code });
          drawCompleted();
          edited();
          return undefined;
        },
      }).element),
    h("section", { "aria-labelledby": "terms-heading" }, h("h2", { id: "terms-heading" }, "Terms"), checks, grid),
    h("section", { "aria-labelledby": "notes-heading" }, h("h2", { id: "notes-heading" }, "Notes"),
      state.readOnly ? h("p", {}, state.plan.notes || "No notes.")
        : h("textarea", { id: "plan-notes", rows: "3", "aria-labelledby": "notes-heading", maxlength: "4000", value: state.plan.notes, oninput: (event) => { state.plan.notes = event.target.value; edited(); } })));

  function editorBar() {
    const name = h("input", { id: "plan-name", type: "text", value: state.plan.name, maxlength: "120", oninput: (event) => { state.plan.name = event.target.value; edited(); } });
    const link = share ? shareLink(id, share) : null;
    return h("div", { class: "card" },
      h("div", { class: "field" }, h("label", { for: "plan-name" }, "Plan name"), name),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "button", id: "save-plan", onclick: save }, "Save"),
        h("button", {
          type: "button", class: "button danger",
          onclick: async () => {
            if (!window.confirm(`Delete the plan “${state.plan.name}”? This cannot be undone.`)) return;
            try {
              await deletePlan(id);
              navigate("/plans");
            } catch (error) {
              replace(conflict, errorBox(error));
            }
          },
        }, "Delete plan"),
        status),
      link ? h("div", { class: "field" }, h("label", { for: "share-link" }, "Read-only share link"),
        h("div", { class: "share-link" }, h("input", { id: "share-link", type: "text", readonly: true, value: link }),
          h("button", { type: "button", class: "button secondary", onclick: (event) => copy(link, event.target) }, "Copy link"))) : null);
  }

  container.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s" && !state.readOnly) {
      event.preventDefault();
      save();
    }
  });

  drawCompleted();
  drawTerms(grid, state, edited);
  runChecks();
  return { title: state.plan.name };
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Select the link and copy it";
  }
}

// Saved plans: the plans API and the tokens that open them. The edit token
// of each plan this browser created is kept in localStorage. Anyone with it
// may change the plan, so it is never put in a URL. Share links carry the
// read-only share token instead.

import { request } from "./api.js";

const STORAGE_KEY = "uwscrape.plans.v1";

/** Returns every plan this browser has tokens for: `{id: {edit_token, share_token, name}}`. */
export function knownPlans() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "{}");
    return saved && typeof saved === "object" ? saved : {};
  } catch {
    return {};
  }
}

function remember(id, entry) {
  const plans = knownPlans();
  plans[id] = { ...plans[id], ...entry };
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(plans));
}

/** Forgets the tokens of plan `id`. */
export function forget(id) {
  const plans = knownPlans();
  delete plans[id];
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(plans));
}

/** Returns the edit token of plan `id`, or `null` unless this browser created it. */
export function editToken(id) {
  return knownPlans()[id]?.edit_token ?? null;
}

/** Builds the read-only link to plan `id`. */
export function shareLink(id, shareToken) {
  return `${window.location.origin}/plans/${encodeURIComponent(id)}?token=${encodeURIComponent(shareToken)}`;
}

/** Creates a plan and stores its tokens. Returns `{id, version, plan, share_token}`. */
export async function createPlan(plan) {
  const answer = await request("/api/v1/plans", { method: "POST", body: plan });
  remember(answer.id, { edit_token: answer.edit_token, share_token: answer.share_token, name: plan.name });
  return answer;
}

/** Reads plan `id` with an edit or share token. */
export function readPlan(id, token, signal) {
  return request(`/api/v1/plans/${encodeURIComponent(id)}`, { token, signal });
}

/**
 * Replaces plan `id` if it is still at `version`. A 412 `version_conflict`
 * means another tab or device saved first.
 */
export async function replacePlan(id, version, plan) {
  const answer = await request(`/api/v1/plans/${encodeURIComponent(id)}`, { method: "PUT", body: plan, token: editToken(id), ifMatch: version });
  remember(id, { name: plan.name });
  return answer;
}

/** Deletes plan `id` and removes its tokens. */
export async function deletePlan(id) {
  await request(`/api/v1/plans/${encodeURIComponent(id)}`, { method: "DELETE", token: editToken(id) });
  forget(id);
}

/** Returns the version of a plan response: the `version` field, else the `ETag` header. */
export function versionOf(answer) {
  if (answer?.version !== undefined) return answer.version;
  return answer?.etag ? answer.etag.replace(/^W\//, "").replace(/"/g, "") : undefined;
}

/** Returns the share token of a plan response, else the stored one. */
export function shareTokenOf(id, answer) {
  return answer?.share_token ?? knownPlans()[id]?.share_token ?? null;
}

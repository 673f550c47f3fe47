// Direct API reads, so tests compare what the page shows with what the
// server returns instead of with hard-coded catalog facts.

import assert from "node:assert/strict";

/** GETs `path` and returns the JSON body, failing unless the status is `status`. */
export async function apiGet(baseUrl, path, status = 200) {
  const response = await fetch(`${baseUrl}${path}`);
  assert.equal(response.status, status, `GET ${path}`);
  return response.json();
}

/** Converts a course code into its URL segment (`CS 246` → `CS246`). */
export function slug(code) {
  return code.replace(/\s+/g, "");
}

/** POSTs `body` as JSON to `path` and returns the JSON body, failing unless the status is `status`. */
export async function apiPost(baseUrl, path, body, status = 200) {
  const response = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  assert.equal(response.status, status, `POST ${path}: ${text}`);
  return JSON.parse(text);
}

// The one HTTP client of the app. Every request goes through `request`, which
// turns the API's error body `{"error", "message", …}` into an `ApiError`
// carrying the status, the kind, the `Retry-After` seconds and any details.

/** An API response other than 2xx, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, body = {}, retryAfter = null) {
    super(body.message || `The server answered with status ${status}.`);
    this.name = "ApiError";
    this.status = status;
    this.kind = body.error || (status === 0 ? "network_error" : "http_error");
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/**
 * Sends a request to the API and returns the parsed JSON body.
 * `options.body` is sent as JSON; `options.token` as a bearer token;
 * `options.ifMatch` as an `If-Match` version.
 */
export async function request(path, options = {}) {
  const headers = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.ifMatch !== undefined) headers["If-Match"] = `"${options.ifMatch}"`;

  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body !== undefined ? "POST" : "GET"),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause?.name === "AbortError") throw cause;
    throw new ApiError(0, { message: "Check your connection and try again." });
  }

  const text = await response.text();
  let body = {};
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: `The server sent a response that is not JSON (status ${response.status}).` };
    }
  }
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    throw new ApiError(response.status, body, Number.isFinite(retryAfter) ? retryAfter : null);
  }
  const etag = response.headers.get("ETag");
  if (etag && body && typeof body === "object" && !Array.isArray(body)) {
    Object.defineProperty(body, "etag", { value: etag, enumerable: false });
  }
  return body;
}

/** `GET /api/v1/{path}`. */
export function get(path, signal) {
  return request(`/api/v1/${path}`, { signal });
}

/** `POST /api/v1/{path}` with a JSON body. */
export function post(path, body, signal) {
  return request(`/api/v1/${path}`, { body, signal });
}

const courseCache = new Map();

/** Fetches the course detail of `code`, cached for the page's lifetime because a served index never changes. */
export function getCourse(code, signal) {
  const key = code.toUpperCase().replace(/\s+/g, "");
  if (!courseCache.has(key)) {
    const pending = get(`courses/${encodeURIComponent(key)}`, signal);
    courseCache.set(key, pending);
    pending.catch(() => courseCache.delete(key));
  }
  return courseCache.get(key);
}

let credentialList = null;

/** `GET /api/v1/credentials`, fetched once. */
export function getCredentials() {
  if (!credentialList) {
    credentialList = get("credentials");
    credentialList.catch(() => { credentialList = null; });
  }
  return credentialList;
}

/** Returns the first array found under one of `keys` of `body`, else `[]`. */
export function firstArray(body, ...keys) {
  if (Array.isArray(body)) return body;
  for (const key of keys) {
    if (Array.isArray(body?.[key])) return body[key];
  }
  return [];
}

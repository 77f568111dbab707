// The JSON API under /api/ (the UI uses nothing else). Errors come back as
// {"error": {"code": "E3xx", "message": "..."}}; they are thrown as ApiError with that message.

const TOKEN_KEY = "redline-token";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** "a=1&b=x" from an object, leaving out empty values. */
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "") continue;
    search.set(key, String(value));
  }
  return search.toString();
}

export function apiUrl(path, params) {
  const query = queryString(params);
  return query ? `${path}?${query}` : path;
}

async function request(url, options = {}) {
  const headers = new Headers(options.headers || {});
  headers.set("Accept", "application/json");
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token && options.method && options.method !== "GET") headers.set("Authorization", `Bearer ${token}`);
  const started = !options.method && window.redlinePrefetched && window.redlinePrefetched.take(url);
  const response = await (started || fetch(url, { ...options, headers }));
  let body = null;
  const text = await response.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || String(response.status),
      error.message || `${response.status} ${response.statusText}`);
  }
  return body;
}

export function getJSON(path, params, signal) {
  return request(apiUrl(path, params), { signal });
}

export function postJSON(path, payload) {
  return request(path, {
    method: "POST",
    body: JSON.stringify(payload),
    headers: { "Content-Type": "application/json" },
  });
}

export function postForm(path, form) {
  return request(path, { method: "POST", body: form });
}

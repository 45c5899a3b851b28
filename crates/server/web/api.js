// The page's only way to the server: GETs are cached per URL (the model does not change
// while the page is open), POSTs are not. A failed request throws a ProblemError that
// carries the RFC 9457 problem the server sent.

export class ProblemError extends Error {
  constructor(problem, status) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
  }
}

const cache = new Map();
const CACHE_LIMIT = 300;

function url(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') query.set(k, v);
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

async function read(response) {
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ProblemError(typeof body === 'object' ? body : { detail: body }, response.status);
  }
  return body;
}

/** GET a JSON resource (cached). */
export function get(path, params) {
  const key = url(path, params);
  if (cache.has(key)) return cache.get(key);
  if (cache.size > CACHE_LIMIT) cache.clear();
  const promise = fetch(key, { headers: { Accept: 'application/json' } }).then(read);
  cache.set(key, promise);
  promise.catch(() => cache.delete(key));
  return promise;
}

/** POST a JSON body; `token` adds the bearer token of writes. */
export async function post(path, body, token) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return read(response);
}

/** Forget cached GETs under a path (after a write). */
export function forget(prefix) {
  for (const key of [...cache.keys()]) {
    if (key.startsWith(prefix)) cache.delete(key);
  }
}

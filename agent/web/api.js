// Talking to daicho's API on the page's own origin: the session cookie goes with every
// request (same-origin only), a write carries the session's CSRF token.
let csrf = '';
let actor = '';

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export function session() { return { csrf, actor }; }

async function check(response) {
  if (response.ok) return response;
  let message = response.statusText;
  try { message = (await response.json()).error.message; } catch (_) { /* not JSON */ }
  if (response.status === 401) window.dispatchEvent(new Event('daicho-logged-out'));
  throw new ApiError(response.status, message);
}

export async function getJson(path) {
  const r = await check(await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
  return r.json();
}

export async function getText(path) {
  const r = await check(await fetch(path, { credentials: 'same-origin' }));
  return r.text();
}

export async function postJson(path, body) {
  const r = await check(await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body),
  }));
  return r.json();
}

export async function login(token, name) {
  const r = await fetch('/api/v1/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, name }),
  });
  if (!r.ok) return false;
  ({ csrf, actor } = await r.json());
  return true;
}

// The session the cookie names, after a reload: false when there is none.
export async function resume() {
  const r = await fetch('/api/v1/session', { credentials: 'same-origin' });
  if (!r.ok) return false;
  ({ csrf, actor } = await r.json());
  return true;
}

export async function logout() {
  try { await postJson('/api/v1/logout', {}); } catch (_) { /* gone already */ }
  csrf = ''; actor = '';
}

// The library API as the editor pages use it: JSON in and out, and one shape for every
// failure ({status, code, message, errors, current}) so a page can say what went wrong.
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `The server answered ${status}.`);
    this.status = status;
    this.code = error.code || (status ? `http_${status}` : 'network');
    this.errors = error.errors || [];
    this.current = error.current;
  }
}

/** A CSRF token the page may carry (<meta name="csrf-token">), sent on every write. */
function csrfHeaders() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? { 'X-CSRFToken': meta.content } : {};
}

export async function api(method, url, body, { keepalive = false } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...csrfHeaders() }, credentials: 'same-origin', keepalive };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let reply;
  try {
    reply = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, { error: { code: 'network', message: `Could not reach the server (${err.message}).` } });
  }
  if (reply.status === 401) {
    // signed out meanwhile: the sign-in page brings the host back here
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
  }
  const data = await reply.json().catch(() => null);
  if (!reply.ok) throw new ApiError(reply.status, data);
  return data;
}

/** Upload a picture; resolves to {hash, url, ...}, or throws with the server's message. */
export function uploadImage(file) {
  const form = new FormData();
  form.append('file', file);
  return api('POST', '/api/media', form);
}

/** Create a room from a library quiz and open its host console. */
export async function play(id, settings = {}) {
  const room = await api('POST', `/api/library/${encodeURIComponent(id)}/play`, { settings });
  window.location.assign(`/host/${room.pin}`);
}

/** Make a library quiz a self-paced challenge, open a week, and open its page. */
export async function challenge(id) {
  const made = await api('POST', '/api/challenges', { library_id: id, days: 7 });
  window.location.assign(`/challenge/${made.code}`);
}

// One Socket.IO connection per page, to this same origin with the default transports.
// Every event is sent with an ack, as the protocol asks.
import { io } from '../vendor/socket.io/socket.io.esm.min.js';
import { $ } from './dom.js';

const ACK_TIMEOUT_MS = 8000;

/** The banner under the top bar: null hides it. */
export function banner(text, kind = 'warn') {
  const node = $('conn');
  if (!node) return;
  node.textContent = text || '';
  node.className = `conn conn-${kind}`;
  node.hidden = !text;
}

/**
 * Connect and call `onConnect(socket)` after every (re)connection, because the
 * server forgets what a connection was once it drops: pages must attach again.
 *
 * The server closes a connection that has not attached to a room within a few
 * seconds. `lazy`: do not connect before the page calls `whenConnected`.
 * `keepAlive()`: whether to reconnect after the server hung up on purpose; a page
 * with nothing to attach yet says no rather than reconnect every few seconds.
 */
export function connect(onConnect, { lazy = false, keepAlive = () => true } = {}) {
  const socket = io({ autoConnect: !lazy });
  let everConnected = false;
  socket.on('connect', () => {
    everConnected = true;
    banner(null);
    onConnect(socket);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return; // the page hung up on purpose
    if (reason === 'io server disconnect' && !keepAlive()) return; // nothing to attach yet
    banner('Reconnecting…');
    // the client only retries by itself when the server did not hang up on purpose
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', () => {
    banner(everConnected ? 'Reconnecting…' : 'Cannot reach the server. Retrying…');
  });
  return socket;
}

/** Resolves once `socket` is connected (connecting it if need be), false after `ms`. */
export function whenConnected(socket, ms = ACK_TIMEOUT_MS) {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok) => { clearTimeout(timer); socket.off('connect', onConnect); resolve(ok); };
    const onConnect = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    socket.on('connect', onConnect);
    if (!socket.active) socket.connect();
  });
}

/** Emit with an ack; resolves to the ack, or to a `timeout` error the page can show. */
export async function call(socket, event, payload) {
  // the client would buffer the event and send it before the page has attached
  // again, where the server no longer knows who is asking
  if (!socket.connected) {
    return { ok: false, error: { code: 'offline', message: 'Not connected right now. Wait for the connection to come back and try again.' } };
  }
  try {
    return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
  } catch {
    return { ok: false, error: { code: 'timeout', message: 'The server did not answer. Check your connection and try again.' } };
  }
}

/** Attaching failed for a passing reason (busy, rate limited, no answer): say so and retry. */
export function retrySoon(socket, attach, error) {
  banner(`${error.message} Retrying…`, 'error');
  const seconds = Math.min(Number(error.retry_after) || 2, 30);
  setTimeout(() => { if (socket.connected) attach(); }, seconds * 1000);
}

// one "no such room" is asked again before a page says the room has closed: the page
// was served for a room that existed, and one answer can be a passing one
const GONE_RECHECKS_MS = [1000, 3000];

/**
 * After a `not_found` attach: true when it asked again (in a moment), false when the
 * room has been missing at every check and is gone. `misses` counts, per page, the
 * answers since the last attach that found the room; reset it to 0 on success.
 */
export function askAgainIfGone(socket, attach, misses) {
  if (misses >= GONE_RECHECKS_MS.length) return false;
  banner('Looking for the room…');
  setTimeout(() => { if (socket.connected) attach(); }, GONE_RECHECKS_MS[misses]);
  return true;
}

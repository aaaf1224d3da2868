// Saving as the host types: a PUT a second after the last change, carrying the version
// the edit is based on. One save at a time; changes made meanwhile go in the next one.
// A 409 means another window saved first: saving stops and `onConflict` decides, so
// nothing is ever overwritten silently.
import { api } from './api.js';

export const DELAY_MS = 1000;

/**
 * `opts`: { url, version, body() -> quiz fields, onSaved(reply), onConflict(error),
 *           onState(state, detail) } with state 'saved' | 'pending' | 'saving' | 'failed'.
 */
export function autosaver(opts) {
  let version = opts.version;
  let timer = null;
  let saving = null;      // the PUT in flight
  let dirty = false;      // changes not in any finished save
  let stopped = false;
  let lastSent = JSON.stringify(opts.body()); // what the stored version holds

  function changed() {
    if (stopped) return;
    dirty = true;
    opts.onState('pending');
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  async function save() {
    clearTimeout(timer);
    if (stopped || !dirty) return;
    if (saving) return; // the one in flight saves again when it ends, dirty
    dirty = false;
    const draft = opts.body();
    const text = JSON.stringify(draft);
    if (text === lastSent) { // a field touched and left as it was: no new version
      opts.onState('saved');
      return;
    }
    opts.onState('saving');
    saving = api('PUT', opts.url, { ...draft, version });
    try {
      const reply = await saving;
      version = reply.quiz.version;
      lastSent = text;
      saving = null;
      opts.onSaved(reply);
      if (dirty) save();
      else opts.onState('saved');
    } catch (err) {
      saving = null;
      dirty = true;
      if (err.status === 409) {
        stopped = true;
        opts.onConflict(err);
      } else {
        opts.onState('failed', err.message);
      }
    }
  }

  /** Save now and wait for it; true when everything is saved. */
  async function flush() {
    while (saving) await saving.catch(() => {});
    if (dirty && !stopped) await save();
    while (saving) await saving.catch(() => {});
    return !dirty;
  }

  return {
    changed,
    save,
    flush,
    /** Unsaved work: changes waiting, a save in flight, or saving stopped with changes. */
    get unsaved() { return dirty || saving !== null; },
    get version() { return version; },
    stop() { stopped = true; clearTimeout(timer); },
    /** Start again from a stored quiz (after "Reload theirs"). */
    reset(newVersion) {
      version = newVersion;
      lastSent = JSON.stringify(opts.body());
      dirty = false;
      stopped = false;
      clearTimeout(timer);
    },
  };
}

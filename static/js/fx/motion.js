// Motion that JavaScript drives (numbers counting up, the podium's timing). CSS
// animations stop by themselves under prefers-reduced-motion (static/css/fx.css);
// these check the same preference and jump straight to the end state.

const QUERY = window.matchMedia('(prefers-reduced-motion: reduce)');

export function reducedMotion() {
  return QUERY.matches;
}

/**
 * Count up to `to` on an aria-hidden twin of `node` while `node` itself keeps its final
 * words (set by the caller) for screen readers, which would otherwise hear every
 * number. The twin shows `format(n)` and makes way for `node` when it gets there.
 */
export function countUp(node, to, { from = 0, ms = 900, format = String } = {}) {
  if (!node) return;
  node.dataset.value = String(to);
  let twin = node.fxTwin;
  if (!twin) {
    twin = node.cloneNode(false);
    twin.id = `${node.id}-count`;
    twin.setAttribute('aria-hidden', 'true');
    twin.classList.add('fx-count');
    node.after(twin);
    node.fxTwin = twin;
  }
  if (twin.fxFrame) cancelAnimationFrame(twin.fxFrame);
  const done = () => {
    twin.fxFrame = null;
    twin.hidden = true;
    node.classList.remove('fx-counted');
  };
  if (reducedMotion() || to === from) {
    done();
    return;
  }
  const start = performance.now();
  const step = (now) => {
    // a frame's time is when the frame began, which can be before this call: clamped,
    // or the first frame counts below zero ("+-38 points")
    const t = Math.min(1, Math.max(0, (now - start) / ms));
    const eased = 1 - (1 - t) ** 3; // fast first, settling on the number
    twin.textContent = format(Math.round(from + (to - from) * eased));
    if (t < 1) twin.fxFrame = requestAnimationFrame(step);
    else done();
  };
  twin.textContent = format(from);
  twin.hidden = false;
  node.classList.add('fx-counted');
  twin.fxFrame = requestAnimationFrame(step);
}

/** Run `steps` ([ms, fn] from now) in order; returns a cancel function. Reduced motion: all now. */
export function schedule(steps) {
  if (reducedMotion()) {
    for (const [, fn] of steps) fn();
    return () => {};
  }
  const timers = steps.map(([ms, fn]) => setTimeout(fn, ms));
  return () => timers.forEach(clearTimeout);
}

/** Restart a CSS animation class on `node` (e.g. a beat on every countdown second). */
export function replay(node, className) {
  if (!node || reducedMotion()) return;
  node.classList.remove(className);
  void node.offsetWidth; // a reflow, so the browser sees the class as new
  node.classList.add(className);
}

// Motion that JavaScript drives (numbers counting up, the podium's timing). CSS
// animations stop by themselves under prefers-reduced-motion (static/css/fx.css);
// these check the same preference and jump straight to the end state.

const QUERY = window.matchMedia('(prefers-reduced-motion: reduce)');

export function reducedMotion() {
  return QUERY.matches;
}

/**
 * Count `node`'s number from `from` up to `to` over `ms`, written by `format(n)`.
 * The final value is in `data-value` at once, so nothing has to wait for the show.
 */
export function countUp(node, to, { from = 0, ms = 900, format = String } = {}) {
  if (!node) return;
  if (node.fxFrame) cancelAnimationFrame(node.fxFrame);
  node.dataset.value = String(to);
  if (reducedMotion() || to === from) {
    node.textContent = format(to);
    return;
  }
  const start = performance.now();
  const step = (now) => {
    const t = Math.min(1, (now - start) / ms);
    const eased = 1 - (1 - t) ** 3; // fast first, settling on the number
    node.textContent = format(Math.round(from + (to - from) * eased));
    node.fxFrame = t < 1 ? requestAnimationFrame(step) : null;
  };
  node.textContent = format(from);
  node.fxFrame = requestAnimationFrame(step);
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

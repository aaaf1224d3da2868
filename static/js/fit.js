// Views that must not scroll (the projector, which nobody can scroll; the host's
// question and reveal; a phone's question) shrink their type until they fit the
// window. Every size on those pages is in rem, so one factor on the root font size
// (--fit, read by the page's CSS) scales the whole view, and the longest question the
// pack validator accepts still fits a 1280x720 beamer.

const STEPS = 7; // binary search: within 1% of the largest factor that fits

function fits() {
  const root = document.documentElement;
  return root.scrollHeight <= window.innerHeight && root.scrollWidth <= window.innerWidth;
}

function setFit(factor) {
  document.documentElement.style.setProperty('--fit', factor.toFixed(3));
}

/** The largest factor in [min, 1] at which the page fits (min when none does). */
function fitNow(min) {
  setFit(1);
  if (fits()) return 1;
  let low = min;
  let high = 1;
  for (let i = 0; i < STEPS; i += 1) {
    const mid = (low + high) / 2;
    setFit(mid);
    if (fits()) low = mid; else high = mid;
  }
  setFit(low);
  return low;
}

/** Refit whenever the page's content or the window changes. `active()` says whether
 * the current view should fit (false: the page scrolls as usual at full size). */
export function autoFit({ active = () => true, min = 0.45 } = {}) {
  let pending = false;
  const run = () => {
    pending = false;
    if (active()) fitNow(min); else setFit(1);
    document.documentElement.dataset.fitted = 'true';
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    delete document.documentElement.dataset.fitted;
    // two frames: after the views that size themselves (the word cloud) have done so
    requestAnimationFrame(() => requestAnimationFrame(run));
  };
  new MutationObserver(schedule).observe(document.body, {
    childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['hidden'],
  });
  window.addEventListener('resize', schedule);
  // an entrance animation moves a view while it is measured: measure again once it ends
  document.addEventListener('animationend', schedule);
  // a picture that arrives changes the layout without touching the DOM; its load event
  // does not bubble, so listen in the capture phase
  document.addEventListener('load', (event) => {
    if (event.target instanceof HTMLImageElement) schedule();
  }, true);
  if (document.fonts) document.fonts.ready.then(schedule);
  schedule();
  return schedule;
}

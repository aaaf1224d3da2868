"""Checks on what a page shows: everything inside the window, nothing on top of
anything else, and no serious accessibility violation (axe-core, vendored)."""
from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "axe.json"

# The visible leaves of the page (elements with their own text, images, icons, bars,
# inputs), each clipped by its scrolling or clipping ancestors, then: which stick out of
# the window, and which pairs cover each other (an element and its own descendants or
# ancestors do not count). 2 px of slack for anti-aliased edges.
LAYOUT_JS = """
(vertical) => {
  const W = window.innerWidth, H = window.innerHeight, SLACK = 2;
  const isLeafTag = (e) => ['IMG', 'svg', 'INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName)
    || e.matches('.bar, .hist-bar, .countdown');
  const name = (e) => {
    const text = (e.textContent || e.getAttribute('alt') || '').trim().slice(0, 40);
    return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} "${text}"`;
  };
  const leaves = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('[hidden], .sr-only, .skip-link, script, style, template')) continue;
    if (e.ownerSVGElement) continue;  // an icon's paths: the svg itself is the leaf
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own && !isLeafTag(e)) continue;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    let r = e.getBoundingClientRect();
    let box = { l: r.left, t: r.top, r: r.right, b: r.bottom };
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = a.getBoundingClientRect();
        box = { l: Math.max(box.l, c.left), t: Math.max(box.t, c.top),
                r: Math.min(box.r, c.right), b: Math.min(box.b, c.bottom) };
      }
    }
    if (box.r - box.l < 2 || box.b - box.t < 2) continue;
    leaves.push({ e, box });
  }
  const problems = [];
  for (const { e, box } of leaves) {
    const out = box.l < -SLACK || box.r > W + SLACK
      || (vertical && (box.t < -SLACK || box.b > H + SLACK));
    if (out) {
      problems.push(`outside the ${W}x${H} window: ${name(e)} at ` +
        `[${Math.round(box.l)},${Math.round(box.t)} - ${Math.round(box.r)},${Math.round(box.b)}]`);
    }
  }
  for (let i = 0; i < leaves.length; i += 1) {
    for (let j = i + 1; j < leaves.length; j += 1) {
      const a = leaves[i], b = leaves[j];
      if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
      const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
      const h = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t);
      if (w > SLACK && h > SLACK) problems.push(`overlap: ${name(a.e)} and ${name(b.e)}`);
    }
  }
  return problems;
}
"""


def settle(tab) -> None:
    """Wait until static/js/fit.js has fitted the view to the window, and the entrances
    (a name popping in, a phase sliding in) have ended: boxes are measured at rest."""
    tab.page.wait_for_function(
        "() => !document.body.matches('.page-host, .page-screen, .page-play')"
        " || document.documentElement.dataset.fitted === 'true'", timeout=5000)
    at_rest(tab)
    tab.page.wait_for_timeout(50)  # the animationend that asks fit.js to measure again
    # a view that moved in refits when its entrance ends (fit.js): wait for that too
    tab.page.wait_for_function(
        "() => !document.body.matches('.page-host, .page-screen, .page-play')"
        " || document.documentElement.dataset.fitted === 'true'", timeout=5000)


def at_rest(tab) -> None:
    """Wait for the finite animations (entrances, pop-ins, count-ups) to end."""
    tab.page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")


def layout_problems(tab, scroll: bool = False) -> list[str]:
    """What sticks out or overlaps; with ``scroll`` false the page must not scroll either."""
    page = tab.page
    problems = page.evaluate(LAYOUT_JS, not scroll)
    width, height, inner_w, inner_h = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
        " window.innerWidth, window.innerHeight]")
    if width > inner_w:
        problems.append(f"scrolls sideways: {width}px wide in {inner_w}px")
    if not scroll and height > inner_h:
        problems.append(f"scrolls: {height}px tall in {inner_h}px")
    return [f"{tab.name} ({inner_w}x{inner_h}): {p}" for p in problems]


class Audit:
    """axe-core on each page and phase; collects every violation, by rule and impact."""

    def __init__(self):
        self.source = AXE.read_text(encoding="utf-8")
        self.runs: list[dict] = []

    def run(self, tab, where: str) -> None:
        page = tab.page
        # page.evaluate is not subject to the page's Content-Security-Policy
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self.source)
        result = page.evaluate("""async () => {
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
        }""")
        self.runs.append({"where": where, "violations": result})

    def serious(self) -> list[str]:
        return [f"{run['where']}: {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
                for run in self.runs for v in run["violations"]
                if v["impact"] in ("serious", "critical")]

    def save(self) -> None:
        AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
        AXE_REPORT.write_text(json.dumps(self.runs, indent=1), encoding="utf-8")

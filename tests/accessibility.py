"""axe, run on a page that has stopped moving.

A colour that is still fading in (Material's back-to-top button appears with a 125 ms opacity transition when the
page scrolls up) is judged at whatever opacity it had at that instant, and fails contrast by chance. So every check
waits until the page's CSS transitions and animations have finished, then asks axe."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

# Finite animations only: an infinite one (a spinner) never finishes and is judged as it is.
STILL = """() => document.getAnimations().every((animation) => {
  const timing = animation.effect ? animation.effect.getComputedTiming() : null;
  return animation.playState !== "running" || (timing !== null && timing.endTime === Infinity);
})"""
STILL_TIMEOUT_MS = 5_000


def axe_results(page, **options):
    """Axe's results for `page` (keyword arguments as Axe().run takes them), once nothing on it is moving."""
    page.wait_for_function(STILL, timeout=STILL_TIMEOUT_MS)
    return Axe().run(page, **options)

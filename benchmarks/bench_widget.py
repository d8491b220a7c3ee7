"""Benchmark the live preset widget in Chromium: slider input to finished redraw, page weight.

Picks the heaviest preset (largest ``n_points`` in its payload), builds a one-preset site into a
temporary folder (or uses ``--site``), serves it on 127.0.0.1 and, in Debian's Chromium, moves
the amplitude slider ``--repeat`` times. Each sample is ``performance.now()`` from just before
the ``input`` event is dispatched until the redraw has finished: the widget redraws
synchronously and uPlot paints its canvases in a microtask, which the measurement awaits.
Targets (issue 5): median <= 16 ms; preset page HTML with its inline data <= 150 KB.

    .venv/bin/python benchmarks/bench_widget.py [--site build/site] [--repeat 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.browsers

import gallery  # noqa: E402
from gallery.pipeline import BuildConfig, run  # noqa: E402
from gallery.render.export import payload  # noqa: E402
from tests.browsers import CHROMIUM, FLAGS, serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """async ([n, lo, hi]) => {
  const widget = document.querySelector(".ig-widget[data-spikes]");
  const slider = widget.querySelectorAll('input[type="range"]')[4];
  const samples = [], inside = [];
  for (let k = 0; k < n; k++) {
    slider.value = String(lo + (hi - lo) * ((k * 7919) % n) / n);
    const t0 = performance.now();
    slider.dispatchEvent(new Event("input", {bubbles: true}));
    await Promise.resolve();  // uPlot's queued paint runs before this continuation
    samples.push(performance.now() - t0);
    inside.push(Number(widget.getAttribute("data-redraw-ms")));
    await new Promise(requestAnimationFrame);
  }
  return {samples, inside, points: widget.querySelectorAll("canvas").length};
}"""


def heaviest() -> tuple[str, int]:
    """The slug with the largest ``n_points`` of any run, and that number."""
    best = ("", 0)
    for slug in gallery.load().slugs:
        preset = gallery.preset(slug)
        points = max(r["n_points"] for r in payload(preset, gallery.simulate(preset))["runs"])
        if points > best[1]:
            best = (slug, points)
    return best


def measure(site: Path, slug: str, repeat: int) -> dict[str, list[float]]:
    """Drive the slider in Chromium and return the timings [ms]."""
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}presets/{slug}/")
            page.wait_for_selector(".ig-widget[data-spikes]")
            low, high = page.eval_on_selector_all(
                '.ig-widget input[type="range"]',
                "s => [Number(s[4].min), Number(s[4].max)]",
            )
            page.evaluate(MEASURE, [10, low, high])  # warm-up: JIT, fonts, first layout
            result = page.evaluate(MEASURE, [repeat, low, high])
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return result


def main() -> None:
    """Print the median redraw time and the page weight of the heaviest preset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site that contains the preset")
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    slug, points = heaviest()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            run(BuildConfig(root=ROOT, out_dir=Path(tmp), jobs=2, only=(slug,)))
            site = Path(tmp) / "site"
        weight = (site / "presets" / slug / "index.html").stat().st_size
        result = measure(site, slug, args.repeat)
    total = statistics.median(result["samples"])
    inside = statistics.median(result["inside"])
    p90 = sorted(result["samples"])[int(0.9 * len(result["samples"])) - 1]
    print(f"heaviest preset: {slug} ({points} points per run)")
    print(f"slider input -> redraw done: median {total:.2f} ms, p90 {p90:.2f} ms (target <= 16)")
    print(f"  of which simulate + phase plane + stats (data-redraw-ms): median {inside:.2f} ms")
    print(f"page weight: presets/{slug}/index.html = {weight / 1024:.1f} KB (target <= 150)")


if __name__ == "__main__":
    main()

"""Figure rendering speed: per kind, and every preset's figures serial vs on all cores.

Run: ``python benchmarks/bench_figures.py``. Prints a table; not a test. "Every figure" means
what the build draws per preset: trace, phase and thumbnail in light and dark (SVG) plus the
trace and phase PNGs — simulation included, as in the build.
"""

from __future__ import annotations

import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import gallery
from gallery.model.simulate import simulate
from gallery.render import figures

JOBS = [("trace", t, "svg") for t in ("light", "dark")] + [
    ("phase", t, "svg") for t in ("light", "dark")
] + [("thumb", t, "svg") for t in ("light", "dark")] + [("trace", "light", "png"),
                                                         ("phase", "light", "png")]  # fmt: skip


def preset_figures(slug: str) -> float:
    """Simulate one preset and draw all its figures; returns the seconds it took."""
    start = time.perf_counter()
    preset = gallery.preset(slug)
    runs = simulate(preset)
    for kind, theme, fmt in JOBS:
        figures.render(preset, kind, theme=theme, fmt=fmt, runs=runs)
    return time.perf_counter() - start


def main() -> None:
    slugs = gallery.load().slugs
    preset_figures(slugs[0])  # warm up: imports, JIT cache, font cache
    per_kind: dict[tuple[str, str], list[float]] = {}
    for slug in slugs:
        preset = gallery.preset(slug)
        runs = simulate(preset)
        for kind, theme, fmt in JOBS:
            start = time.perf_counter()
            figures.render(preset, kind, theme=theme, fmt=fmt, runs=runs)
            per_kind.setdefault((kind, fmt), []).append(time.perf_counter() - start)
    print(f"{'figure':<12}{'median ms':>10}{'max ms':>10}")
    for (kind, fmt), times in sorted(per_kind.items()):
        median, worst = 1e3 * statistics.median(times), 1e3 * max(times)
        print(f"{kind + '.' + fmt:<12}{median:>10.1f}{worst:>10.1f}")
    n_figures = len(slugs) * len(JOBS)
    start = time.perf_counter()
    for slug in slugs:
        preset_figures(slug)
    serial = time.perf_counter() - start
    cores = os.cpu_count() or 1
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(preset_figures, slugs[:cores]))  # warm the workers
        start = time.perf_counter()
        list(pool.map(preset_figures, slugs))
        parallel = time.perf_counter() - start
    print(f"\nall {len(slugs)} presets, {n_figures} figures (simulation included):")
    print(f"  serial            {serial:6.2f} s")
    print(f"  {cores} processes       {parallel:6.2f} s   speed-up {serial / parallel:.2f}x "
          f"(target: <= 15 s on 2 cores)")  # fmt: skip


if __name__ == "__main__":
    main()

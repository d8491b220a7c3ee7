"""The numerical-accuracy page: update rules, convergence, the dt sweep of the 2004 figure.

Stage: site (imports ``analysis.accuracy``, ``render.accuracy``, the house style and
``pages``). The section runs the experiments of :mod:`gallery.analysis.accuracy`, draws them
with :mod:`gallery.render.accuracy` and fills the ``accuracy*.md.j2`` templates, which hold
all the page's words. Pure: returns bytes, writes nothing.

``DT_SENSITIVE`` and ``DT_DEPENDENT`` (read by the preset pages) are re-exported from the
analysis stage, where the sweep that checks them lives.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from gallery.analysis import accuracy
from gallery.analysis.accuracy import DT_DEPENDENT, DT_SENSITIVE, Convergence, SweepCell
from gallery.model.catalogue import SCHEMES, builtin
from gallery.render import accuracy as draw_accuracy
from gallery.render.figures import draw, theme, to_bytes
from gallery.render.style import themed
from gallery.site import pages

__all__ = ["DT_DEPENDENT", "DT_SENSITIVE", "context", "site_files"]

FIGURE_DIR = "figures/accuracy"
TEMPLATE = "accuracy.md.j2"


class Scientific(NamedTuple):
    """A number as mantissa times a power of ten, as in -7.12 times 10 to the 5."""

    mantissa: float
    exponent: int


def scientific(x: float) -> Scientific:
    """``x`` split for typesetting in scientific notation (``x`` not zero)."""
    exponent = math.floor(math.log10(abs(x)))
    return Scientific(x / 10**exponent, exponent)


def context(
    cells: Sequence[SweepCell],
    results: Sequence[Convergence],
    why: accuracy.WhyFacts,
    compare: Mapping[str, accuracy.Runs],
) -> dict[str, Any]:
    """The values the ``accuracy*.md.j2`` templates quote, from the page's experiments."""
    catalogue = builtin()
    presets = {p.slug: p for p in catalogue.presets}
    order = [p.slug for p in accuracy.panels()]
    orders = {r.slug: {} for r in results}
    for r in results:
        orders[r.slug][r.scheme] = r.order
    return {
        "figure_dir": FIGURE_DIR,
        "schemes": SCHEMES,
        "presets": presets,
        "first_spikes": accuracy.FIRST_SPIKES,
        "truth_exponent": round(-math.log2(accuracy.TRUTH_DT)),
        "convergence_dts": accuracy.CONVERGENCE_DTS,
        "fit_points": accuracy.FIT_POINTS,
        "orders": [(presets[slug], by_scheme) for slug, by_scheme in orders.items()],
        "tonic_error": {
            name: accuracy.error_at(results, "tonic-spiking", scheme, 0.25)
            for name, scheme in (("reference", "reference"), ("published", "published-2004"))
        },
        "sweep_dts": accuracy.SWEEP_DTS,
        "sweep_rows": [(presets[s], row) for s, row in accuracy.rows(cells).items()],
        "failures": accuracy.failures(cells),
        "sensitive": [presets[s] for s in sorted(accuracy.sensitive(cells), key=order.index)],
        "coarse": [(presets[s], largest) for s, largest in accuracy.coarse_only(cells)],
        "why": why,
        "iib_u": scientific(why.iib_u_min),
        "fine_dt": accuracy.FINE_DT,
        "compare": [
            {
                "preset": presets[slug],
                "amplitude": presets[slug].amplitudes[-1],
                "rows": [(scheme, dt, run) for (scheme, dt), run in runs.items()],
            }
            for slug, runs in compare.items()
        ],
    }


def site_files() -> dict[str, bytes | pages.TemplatePage]:
    """``accuracy.md`` (its template and values) and its figures, by docs-relative path."""
    cells = accuracy.sweep()
    results = tuple(r for slug in accuracy.CONVERGENCE_SLUGS for r in accuracy.convergence(slug))
    why_runs = accuracy.why_runs()
    compare = {slug: accuracy.compare_runs(slug) for slug in accuracy.COMPARE}
    values = context(cells, results, accuracy.why_facts(why_runs), compare)
    page = pages.TemplatePage(TEMPLATE, values)
    out: dict[str, bytes | pages.TemplatePage] = {"accuracy.md": page}
    for name, builder in draw_accuracy.builders(cells, results, why_runs, compare).items():
        out[f"{FIGURE_DIR}/{name}.svg"] = themed(
            lambda theme_name, b=builder: to_bytes(draw(theme(theme_name), b), "svg")
        )
    return out

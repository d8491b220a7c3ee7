"""Exercise pages: predict-then-check questions whose answers are computed at build time.

Stage: site (imports ``analysis.exercises``, ``analysis.exercises_numerics`` and ``pages``).
The numbers, answers included, come from the analysis stage, so the pages cannot drift from
the model; the words are in the ``exercises*.md.j2`` templates. The browser compares the
reader's number with ``data-answer`` within ``data-tolerance`` (``site_src/js/exercises.js``).
Pure: returns the pages as templates with their values; the build renders them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from gallery.analysis import exercises, exercises_numerics
from gallery.analysis.exercises import Answer
from gallery.site import pages

if TYPE_CHECKING:
    from gallery.network.experiments import NetworkRuns

TOPICS: tuple[tuple[str, Callable[[], Any]], ...] = (
    ("nullclines", exercises.nullclines),
    ("reset", exercises.reset),
    ("excitability", exercises.excitability),
    ("numerics", exercises_numerics.numerics),
)
"""The single-cell pages and their numbers; the network page follows them."""


def _attr(x: float) -> str:
    """A number for a data attribute: ten significant digits, as Python reads it back."""
    return repr(float(f"{x:.10g}"))


def blocks(answers: Sequence[Answer]) -> dict[str, dict[str, object]]:
    """Each question's number on its page and the attributes of its checked block, by id."""
    return {
        a.id: {"number": i + 1, "id": a.id, "answer": _attr(a.value),
               "tolerance": _attr(a.tolerance), "unit": a.unit}
        for i, a in enumerate(answers)
    }  # fmt: skip


def facts(network_runs: NetworkRuns | None = None) -> dict[str, Any]:
    """The numbers of every page by slug, in the order of the index.

    ``network_runs`` are the network page's runs; only seed 0 and seed 0 without inhibition
    are read. Without them those two runs are simulated here.
    """
    out = {slug: compute() for slug, compute in TOPICS}
    if network_runs is None:
        published, alone = exercises_numerics.network_runs()
    else:
        published, alone = network_runs.seeds[0], network_runs.without_inhibition
    out["network"] = exercises_numerics.network(published, alone)
    return out


def answers(network_runs: NetworkRuns | None = None) -> dict[str, float]:
    """Question id -> computed answer."""
    return {a.id: a.value for f in facts(network_runs).values() for a in f.answers}


def site_files(network_runs: NetworkRuns | None = None) -> dict[str, pages.TemplatePage]:
    """``exercises/index.md`` and one page per topic, keyed by docs-relative path."""
    by_slug = facts(network_runs)
    counts = {slug: len(f.answers) for slug, f in by_slug.items()}
    out = {"exercises/index.md": pages.TemplatePage("exercises-index.md.j2", {"counts": counts})}
    for slug, f in by_slug.items():
        out[f"exercises/{slug}.md"] = pages.TemplatePage(
            "exercises-page.md.j2", {"slug": slug, "f": f, "blocks": blocks(f.answers)}
        )
    return out

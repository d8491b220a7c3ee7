"""The four theory pages, their figures, and the 20-panel poster of the 2004 figure.

Stage: site (imports the analysis stage's ``theory_facts``, the render stage's ``theory`` and
``poster``, and the model stage). The pages' words are the templates ``theory-<page>.md.j2``,
each rendered through ``theory-page.md.j2`` with the numbers of
:mod:`gallery.analysis.theory_facts`; the figures are drawn in ``gallery.render`` and this
section only names the files they go into. Pure: returns bytes and pages, writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gallery.analysis import theory_excitability, theory_facts, theory_reset
from gallery.model.catalogue import Preset
from gallery.model.simulate import simulate
from gallery.render.poster import render_poster
from gallery.render.style import themed
from gallery.render.theory import THEORY, render_theory
from gallery.site import pages

WRAPPER = "theory-page.md.j2"

# each page's facts (None: the page quotes no computed number yet)
PAGES: dict[str, Callable[[], Any] | None] = {
    "model": theory_facts.model_page,
    "phase-plane": theory_facts.phase_plane_page,
    "reset": theory_reset.page,
    "excitability": theory_excitability.page,
}


def page_template(name: str) -> str:
    """The template that holds a theory page's words."""
    return f"theory-{name}.md.j2"


def theory_pages() -> dict[str, pages.TemplatePage]:
    """``theory/<page>.md`` of each page: its template and the numbers it quotes."""
    out: dict[str, pages.TemplatePage] = {}
    for name, facts in PAGES.items():
        context = {"page": page_template(name), "f": facts() if facts else None}
        out[f"theory/{name}.md"] = pages.TemplatePage(WRAPPER, context, page_template(name))
    return out


def site_files(panels: Sequence[Preset] = ()) -> dict[str, bytes | pages.TemplatePage]:
    """The theory pages, their figures (always) and the 2004 poster (when ``panels`` are given)."""
    out: dict[str, bytes | pages.TemplatePage] = dict(theory_pages())
    for name in THEORY:
        out[f"figures/theory/{name}.svg"] = themed(
            lambda theme_name, n=name: render_theory(n, theme_name=theme_name)
        )
    if panels:
        runs = [simulate(preset)[0] for preset in panels]  # once, for both poster files
        out["figures/poster.svg"] = themed(
            lambda theme_name: render_poster(panels, theme_name=theme_name, runs=runs)
        )
        out["figures/poster.png"] = render_poster(panels, fmt="png", runs=runs)
    return out

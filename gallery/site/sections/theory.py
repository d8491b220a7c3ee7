"""The explanation pages' figures and the 20-panel poster of the 2004 figure.

Stage: site (imports the render stage's ``theory`` and ``poster``, and the model stage). The
figures are drawn in ``gallery.render``; this section only names the files they go into.
"""

from __future__ import annotations

from collections.abc import Sequence

from gallery.model.catalogue import Preset
from gallery.model.simulate import simulate
from gallery.render.poster import render_poster
from gallery.render.theory import THEORY, render_theory
from gallery.site.paths import THEMES


def site_files(panels: Sequence[Preset] = ()) -> dict[str, bytes]:
    """The explanation pages' figures (always) and the 2004 poster (when ``panels`` are given)."""
    out: dict[str, bytes] = {}
    for name in THEORY:
        for theme_name in THEMES:
            out[f"figures/theory/{name}-{theme_name}.svg"] = render_theory(
                name, theme_name=theme_name
            )
    if panels:
        runs = [simulate(preset)[0] for preset in panels]  # once, for the three poster files
        for theme_name in THEMES:
            out[f"figures/poster-{theme_name}.svg"] = render_poster(
                panels, theme_name=theme_name, runs=runs
            )
        out["figures/poster-light.png"] = render_poster(panels, fmt="png", runs=runs)
    return out

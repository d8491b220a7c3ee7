"""The per-preset figures by name: ``render(preset, kind, theme=, fmt=, runs=)`` to bytes.

Stage: render. The entry the pipeline and the CLI call; each figure family lives in its own
module (``trace``, ``phase``, ``thumb``, ``fi``, with the house style in ``style``), and the
names other stages import from here are re-exported.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from gallery.analysis.trajectory import (
    Trajectory,
    featured_run,
    phase_currents,
    stimulus_current,
    trajectory,
)
from gallery.model.catalogue import Preset
from gallery.model.simulate import Run, simulate
from gallery.render.fi import fi_axes, fi_figure
from gallery.render.phase import phase_axes, phase_figure, phase_limits
from gallery.render.style import (
    FORMATS,
    STYLE,
    THEMES,
    Theme,
    draw,
    new_figure,
    style,
    theme,
    themed,
    time_colormap,
    to_bytes,
    units,
)
from gallery.render.thumb import thumb_figure
from gallery.render.trace import trace_figure

KINDS = ("trace", "phase", "thumb", "fi")
_BUILDERS = {"trace": trace_figure, "phase": phase_figure, "thumb": thumb_figure}

__all__ = [
    "FORMATS",
    "KINDS",
    "STYLE",
    "THEMES",
    "Theme",
    "Trajectory",
    "draw",
    "featured_run",
    "fi_axes",
    "fi_figure",
    "figure",
    "new_figure",
    "phase_axes",
    "phase_currents",
    "phase_figure",
    "phase_limits",
    "render",
    "stimulus_current",
    "style",
    "theme",
    "themed",
    "thumb_figure",
    "time_colormap",
    "to_bytes",
    "trace_figure",
    "trajectory",
    "units",
]


def figure(
    preset: Preset, kind: str, theme_name: str = "light", runs: Sequence[Run] | None = None
) -> Figure:
    """Build one figure of a preset (``kind`` in KINDS).

    ``runs`` are the preset's runs (from :func:`gallery.model.simulate.simulate`); given, the
    figure is drawn from them and nothing is simulated. The f–I figure runs its own sweep.
    """
    th = theme(theme_name)
    if kind not in KINDS:
        raise ValueError(f"unknown figure kind {kind!r} (known: {', '.join(KINDS)})")
    if kind == "fi":
        return draw(th, fi_figure, preset)
    runs = simulate(preset) if runs is None else runs
    return draw(th, _BUILDERS[kind], preset, runs)


def render(
    preset: Preset, kind: str, *, theme: str = "light", fmt: str = "svg",
    runs: Sequence[Run] | None = None,
) -> bytes:  # fmt: skip
    """One figure of a preset as SVG or PNG bytes (drawn from ``runs`` when given)."""
    return to_bytes(figure(preset, kind, theme, runs), fmt)

"""The poster: the 20 panels of Izhikevich (2004), Fig. 1, each v(t) over its input.

Stage: render (imports ``style`` and the model stage).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from gallery.model.catalogue import Preset
from gallery.model.simulate import Run, simulate
from gallery.render.style import Theme, draw, new_figure, theme, to_bytes


def _panel(ax, preset: Preset, run: Run, th: Theme) -> None:
    """One panel: v(t), and the input scaled into a strip below it, as in the paper."""
    ax.plot(run.t_ms, run.v, color=th.v, lw=0.7)
    i_ext = run.i_ext
    span = float(np.ptp(i_ext)) or 1.0
    strip = -95.0 + 12.0 * (i_ext - i_ext.min()) / span
    ax.plot(run.t_ms, strip, color=th.i_ext, lw=0.8)
    ax.set_ylim(-100, 35)
    ax.set_axis_off()
    panel = preset.source.panel or ""
    ax.set_title(f"({panel}) {preset.label.lower()}", fontsize=8, loc="left")


def poster_figure(
    presets: Sequence[Preset], th: Theme, runs: Sequence[Run] | None = None
) -> Figure:
    """The 20 panels of the 2004 figure in the paper's 4 × 5 layout: v(t) over its input.

    ``runs`` holds each preset's first run, in order; None simulates them.
    """
    cols = 4
    rows = -(-len(presets) // cols)
    fig = new_figure(th, (11.0, 2.0 * rows))
    grid = fig.add_gridspec(rows, cols)
    for index, preset in enumerate(presets):
        run = simulate(preset)[0] if runs is None else runs[index]
        _panel(fig.add_subplot(grid[index // cols, index % cols]), preset, run, th)
    fig.suptitle("Izhikevich (2004), Fig. 1, simulated with the published protocol",
                 fontsize=10)  # fmt: skip
    return fig


def render_poster(
    presets: Sequence[Preset], *, theme_name: str = "light", fmt: str = "svg",
    runs: Sequence[Run] | None = None,
) -> bytes:  # fmt: skip
    """The 20-panel poster as bytes (``runs``: each preset's first run, else simulated)."""
    return to_bytes(draw(theme(theme_name), lambda t: poster_figure(presets, t, runs)), fmt)

"""The f–I figure: steady firing rate against constant current, onset marked.

Stage: render (imports ``style`` and the analysis stage's ``phase_plane`` and ``spikes``).
Rates [Hz], currents in the preset's own units.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from gallery.analysis import phase_plane
from gallery.analysis.spikes import fi_curve
from gallery.model.catalogue import Preset
from gallery.render.style import Theme, new_figure, units


def fi_axes(ax, preset: Preset, th: Theme, colour: str, label: str | None = None) -> None:
    """Draw the f–I curve of a preset into ``ax``, the onset marked.

    The currents run from half the rest-loss current below it to one and a half times it
    above (the rest loss is the rheobase without resets), so both sides of the onset show.
    """
    loss = phase_plane.rest_loss(preset.model)
    centre = loss.current if math.isfinite(loss.current) else 10.0
    span = max(abs(centre), 1.0)
    currents = np.linspace(centre - 0.5 * span, centre + 1.5 * span, 161)
    curve = fi_curve(preset, currents, t_max_ms=3000.0, transient_ms=500.0, rate="interval")
    ax.plot(curve.currents, curve.rates_hz, color=colour, lw=1.4, label=label or preset.label,
            gid="fi")  # fmt: skip
    if curve.onset_current is not None and math.isfinite(curve.onset_current):
        ax.axvline(curve.onset_current, color=colour, lw=0.8, ls=":")
    _, i_unit = units(preset.model)
    ax.set_xlabel(f"constant current I ({i_unit})")
    ax.set_ylabel("firing rate (Hz)")


def fi_figure(preset: Preset, th: Theme) -> Figure:
    """Steady firing rate against constant current, computed in one population run."""
    fig = new_figure(th, (5.6, 3.6))
    ax = fig.add_subplot()
    fi_axes(ax, preset, th, th.v)
    ax.set_title(f"{preset.label}: f–I curve")
    return fig

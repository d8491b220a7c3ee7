"""The sliders of a live cell: the preset widget's ranges, adapted to the cell's view.

Stage: site (imports the analysis and render stages and :mod:`controls`). Ranges come from
:func:`gallery.site.controls.controls` (one source for every widget of the site). Two views
change them: the constant-current views (nullclines, f–I, reset map, bifurcation) read ``amp``
as a constant current, so its range also reaches twice the current at which rest is lost; and
the step's lower end keeps each view's simulation within ``MAX_STEPS_PER_REDRAW`` steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from gallery.analysis import fi_sweep, reset_map
from gallery.analysis.cell_state import CellState
from gallery.analysis.phase_plane import rest_loss
from gallery.model.catalogue import Preset
from gallery.render.export import preset_to_dict
from gallery.site.controls import DT_RANGE, MAX_STEPS_PER_REDRAW, Control, js_number

NUMERIC = ("a", "b", "c", "d", "amp", "dt")
CONSTANT_CURRENT = ("nullclines", "fi", "reset-map", "bifurcation")


def simulated_ms(preset: Preset, view: str) -> float:
    """The longest simulation one redraw of ``view`` runs [ms] (0 when it runs none)."""
    if view == "fi":
        return 2 * fi_sweep.POINTS * fi_sweep.HOLD_MS
    if view == "reset-map":
        return reset_map.HORIZON_MS * reset_map.COBWEB_SPIKES / 4
    if view in ("trace", "phase", "fixed-point"):
        return preset.t_max_ms
    return 0.0


def _amp(c: Control, preset: Preset) -> Control:
    loss = rest_loss(preset.model).current  # the published cell's: ranges do not move
    lo, hi = c.lo, c.hi
    if math.isfinite(loss):
        lo, hi = (
            min(lo, _outward(2 * loss, math.floor), 0.0),
            max(hi, _outward(2 * loss, math.ceil)),
        )
    return replace(c, label="I (constant)", lo=lo, hi=hi)


def _outward(x: float, rounding) -> float:
    """``x`` rounded (``math.floor`` or ``math.ceil``) to two significant digits."""
    if x == 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(abs(x))) - 1)
    return float(round(rounding(round(x / step, 9)) * step, 12))


def _dt(c: Control, preset: Preset, view: str) -> Control:
    span = simulated_ms(preset, view)
    lo = max(DT_RANGE[0], math.ceil(span / MAX_STEPS_PER_REDRAW * 1000) / 1000)
    return replace(c, lo=min(lo, c.hi))


def cell_controls(preset: Preset, view: str, state: CellState) -> tuple[Control, ...]:
    """The six sliders of a cell showing ``view``, each starting at ``state``'s value."""
    from gallery.site.controls import controls  # the preset widget's ranges

    out = []
    for c in controls(preset_to_dict(preset)):
        if c.name == "amp" and view in CONSTANT_CURRENT:
            c = _amp(c, preset)
        elif c.name == "dt":
            c = _dt(c, preset, view)
        out.append(replace(c, value=float(getattr(state, c.name))))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Slider:
    """One declared slider of a cell: its control and its element id."""

    control: Control
    ident: str


def sliders(cell_id: str, controls: tuple[Control, ...], shown: tuple[str, ...]) -> list[Slider]:
    """The sliders a cell declares: those of ``shown``, in page order."""
    return [Slider(c, f"{cell_id}-{c.name}") for c in controls if c.name in shown]


__all__ = ["CONSTANT_CURRENT", "NUMERIC", "Slider", "cell_controls", "js_number", "sliders"]

"""The bifurcation diagram of rest: every fixed point v* against a constant current I.

Stage: analysis (imports the model stage, :mod:`phase_plane` and :mod:`cell_state`). At each
current of a grid the closed-form equilibria of :func:`phase_plane.fixed_points`, with their
type; and where rest is lost (:func:`phase_plane.rest_loss`): a fold (saddle-node, two
branches meet, class 1 in Izhikevich's terms) or a Hopf (the rest branch turns unstable while
it goes on). The current range spans 0, the cell's current and the loss, with a margin. The
browser twin is ``cellMath.bifurcation`` in ``site_src/js/cell-math.js``
(tests/test_cell_parity.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gallery.analysis.cell_state import CellState, state_model
from gallery.analysis.phase_plane import RestLoss, fixed_points, rest_loss
from gallery.model.catalogue import Preset

POINTS = 121


@dataclass(frozen=True, slots=True)
class Branch:
    """One fixed point at one current: its voltage, type and stability."""

    current: float
    v: float
    kind: str
    stable: bool


@dataclass(frozen=True, slots=True)
class Bifurcation:
    """Fixed points over a current grid, and the loss of rest (current inf if never)."""

    currents: tuple[float, ...]
    points: tuple[Branch, ...]
    loss: RestLoss


def current_range(amp: float, loss: float) -> tuple[float, float]:
    """0, ``amp`` and a finite ``loss``, with a quarter of their span either side."""
    marks = [0.0, amp] + ([loss] if math.isfinite(loss) else [])
    lo, hi = min(marks), max(marks)
    pad = 0.25 * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def bifurcation(preset: Preset, state: CellState, points: int = POINTS) -> Bifurcation:
    """Fixed points of ``preset`` at ``state``'s a and b for currents around its rest loss."""
    model = state_model(preset, state)
    loss = rest_loss(model)
    lo, hi = current_range(state.amp, loss.current)
    currents = tuple(float(x) for x in np.linspace(lo, hi, points))
    found = tuple(
        Branch(i, fp.v, fp.kind, fp.stable) for i in currents for fp in fixed_points(model, i)
    )
    return Bifurcation(currents, found, loss)

"""Where a step current starts repetitive firing depends on the state the step finds the cell in.

Stage: analysis (imports the model stage, :mod:`phase_plane` and :mod:`spikes`). Below a
subcritical Andronov–Hopf point stable rest coexists with repetitive spiking, so the answer
to "does this current fire?" depends on the start: a cell already resting under the current
stays silent up to the Hopf current, while a step from the rest state of I = 0 throws the
state past the threshold of the new current and fires earlier (Izhikevich 2007, ch. 7; the
excitability page). Rates [Hz] are the inverse mean interval of the spikes after
``TRANSIENT_MS`` of a ``RUN_MS`` run at a constant current, 0 below two such spikes (the
site's rule for repetitive firing, :data:`spikes.REPETITIVE_MIN_SPIKES`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike

from gallery.analysis import phase_plane
from gallery.analysis.cell_state import constant
from gallery.analysis.spikes import REPETITIVE_MIN_SPIKES, rheobase_simulated
from gallery.model.catalogue import Preset
from gallery.model.simulate import simulate

RUN_MS = 1000.0
TRANSIENT_MS = 200.0


@dataclass(frozen=True, slots=True)
class StepCurves:
    """Rates at each current from two starts: the I = 0 rest, and rest under the current."""

    currents: tuple[float, ...]
    from_zero: tuple[float, ...]  # steps from the rest state of I = 0
    at_rest: tuple[float, ...]  # the cell already resting under the current (NaN: no stable rest)
    onset_from_zero: float  # the smallest step from the I = 0 rest that fires (bisection)
    rest_zero_v: float  # [mV]


def steady_rate(
    preset: Preset,
    i_ext: float,
    v0: float,
    u0: float,
    *,
    run_ms: float = RUN_MS,
    dt_ms: float | None = None,
) -> float:
    """Repetitive rate of a constant-current run from ``(v0, u0)`` [Hz] (0 if it is silent)."""
    cell = replace(preset, v0=float(v0), u0=float(u0), stimulus=constant(i_ext), t_max_ms=run_ms)
    times = simulate(cell, dt_ms=dt_ms)[0].spike_times_ms
    late = times[times > TRANSIENT_MS]
    return 0.0 if late.size < REPETITIVE_MIN_SPIKES else 1000.0 / float(np.diff(late).mean())


def _rest_rate(preset: Preset, i_ext: float) -> float:
    rest = phase_plane.rest_state(preset.model, i_ext)
    stable = rest is not None and rest.stable
    return steady_rate(preset, i_ext, rest.v, rest.u) if stable else float("nan")


def onset_from_rest(preset: Preset, lo: float, hi: float, tol: float = 1e-4) -> float:
    """The smallest constant current that fires repetitively from the I = 0 rest state."""
    rest = phase_plane.rest_state(preset.model, 0.0)
    if rest is None:
        raise ValueError(f"{preset.slug} has no rest state at I = 0")
    start = replace(preset, v0=rest.v, u0=rest.u)
    return rheobase_simulated(start, lo, hi, tol, t_max_ms=RUN_MS, transient_ms=TRANSIENT_MS)


def step_curves(preset: Preset, currents: ArrayLike, lo: float, hi: float) -> StepCurves:
    """Both starts over ``currents``; the onset from the I = 0 rest bracketed by ``[lo, hi]``."""
    rest = phase_plane.rest_state(preset.model, 0.0)
    if rest is None:
        raise ValueError(f"{preset.slug} has no rest state at I = 0")
    grid = tuple(float(i) for i in np.asarray(currents, dtype=np.float64))
    return StepCurves(
        currents=grid,
        from_zero=tuple(steady_rate(preset, i, rest.v, rest.u) for i in grid),
        at_rest=tuple(_rest_rate(preset, i) for i in grid),
        onset_from_zero=onset_from_rest(preset, lo, hi),
        rest_zero_v=rest.v,
    )

"""The f–I curve of a cell swept up and then down, the state carried from step to step.

Stage: analysis (imports the model stage and :mod:`cell_state`). One run holds each current of
the rising sweep for ``hold_ms``, then each of the falling sweep (the same currents in reverse),
without resetting the neuron in between, so a cell that keeps firing on the way down where it
did not start on the way up (a subcritical Hopf, bistability) shows a loop: hysteresis. The
rate at one current is the number of spikes in ``[start + settle_ms, start + hold_ms)`` divided
by ``hold_ms - settle_ms`` [Hz]. The browser twin is ``cellMath.fiSweep`` in
``site_src/js/cell-math.js`` (same protocol, same counting; tests/test_cell_parity.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gallery.analysis.cell_state import CellState, staircase, state_preset
from gallery.model.catalogue import Preset
from gallery.model.simulate import simulate

POINTS = 16
HOLD_MS = 300.0
SETTLE_MS = 100.0


@dataclass(frozen=True, slots=True)
class FISweep:
    """Rates [Hz] at each current of the rising and of the falling sweep.

    ``rising[j]`` and ``falling[j]`` are both measured at ``currents[j]`` (ascending);
    ``onset`` is the first current that fires on the way up and ``offset`` the last that
    still fires on the way down (None if none does).
    """

    currents: tuple[float, ...]
    rising: tuple[float, ...]
    falling: tuple[float, ...]
    onset: float | None
    offset: float | None

    @property
    def hysteresis(self) -> bool:
        """The falling sweep fires at a current where the rising one did not."""
        return any(f > 0 and r == 0 for r, f in zip(self.rising, self.falling, strict=True))


def sweep_currents(amp: float, points: int = POINTS) -> list[float]:
    """``points`` currents from 0 to ``amp`` (or from ``amp`` to 0), ascending."""
    lo, hi = min(0.0, amp), max(0.0, amp)
    return [float(x) for x in np.linspace(lo, hi, points)]


def window_counts(spikes: np.ndarray, n: int, hold_ms: float, settle_ms: float) -> list[int]:
    """Spikes in ``[k hold + settle, (k + 1) hold)`` for each of ``n`` windows."""
    times = spikes.tolist()
    return [
        sum(1 for t in times if k * hold_ms + settle_ms <= t < (k + 1) * hold_ms) for k in range(n)
    ]


def fi_sweep(
    preset: Preset,
    state: CellState,
    *,
    points: int = POINTS,
    hold_ms: float = HOLD_MS,
    settle_ms: float = SETTLE_MS,
) -> FISweep:
    """The rising and falling f–I sweep of ``preset`` at ``state`` (top current ``state.amp``)."""
    currents = sweep_currents(state.amp, points)
    levels = currents + currents[::-1]
    cell = replace(state_preset(preset, state), stimulus=staircase(levels, hold_ms),
                   t_max_ms=len(levels) * hold_ms)  # fmt: skip
    run = simulate(cell)[0]
    counts = window_counts(run.spike_times_ms, len(levels), hold_ms, settle_ms)
    scale = 1000.0 / (hold_ms - settle_ms)
    rising = tuple(scale * n for n in counts[:points])
    falling = tuple(scale * n for n in counts[points:][::-1])
    onset = next((i for i, r in zip(currents, rising, strict=True) if r > 0), None)
    offset = next((i for i, f in zip(currents, falling, strict=True) if f > 0), None)
    return FISweep(tuple(currents), rising, falling, onset, offset)

"""The f–I curve of a cell swept up and then down, the state carried from step to step.

Stage: analysis (imports the model stage and :mod:`cell_state`). One run holds each current of
the rising sweep for ``hold_ms``, then each of the falling sweep (the same currents in reverse),
without resetting the neuron in between, so a cell that keeps firing on the way down where it
did not start on the way up (a subcritical Hopf, bistability) shows a loop: hysteresis. The
rate at one current comes from the spikes in ``[start + settle_ms, start + hold_ms)``: from
their intervals, ``1000 (n - 1) / (t_n - t_1)``, when there are two or more (a count would be
a multiple of 1000 / (hold - settle), 5 Hz here), else ``1000 n / (hold_ms - settle_ms)``
[Hz]. Hysteresis needs repetitive firing on the way down (two spikes or more in the window)
where the way up had none: a single late spike of a slow class 1 cell, which a window of
200 ms can catch on one sweep and miss on the other, is not a loop. The browser twin is
``cellMath.fiSweep`` in ``site_src/js/cell-math.js`` (same protocol, same counting;
tests/test_cell_parity.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gallery.analysis.cell_state import CellState, staircase, state_preset
from gallery.analysis.spikes import REPETITIVE_MIN_SPIKES
from gallery.model.catalogue import Preset
from gallery.model.simulate import simulate

POINTS = 16
HOLD_MS = 300.0
SETTLE_MS = 100.0


@dataclass(frozen=True, slots=True)
class FISweep:
    """Rates [Hz] at each current of the rising and of the falling sweep.

    ``rising[j]`` and ``falling[j]`` are both measured at ``currents[j]`` (ascending), from
    ``rising_counts[j]`` and ``falling_counts[j]`` spikes; ``onset`` is the first current
    that fires on the way up and ``offset`` the last that still fires on the way down (None
    if none does).
    """

    currents: tuple[float, ...]
    rising: tuple[float, ...]
    falling: tuple[float, ...]
    onset: float | None
    offset: float | None
    rising_counts: tuple[int, ...]
    falling_counts: tuple[int, ...]

    @property
    def hysteresis(self) -> bool:
        """The falling sweep fires repetitively at a current where the rising one was silent."""
        pairs = zip(self.rising_counts, self.falling_counts, strict=True)
        return any(f >= REPETITIVE_MIN_SPIKES and r == 0 for r, f in pairs)


def sweep_currents(amp: float, points: int = POINTS) -> list[float]:
    """``points`` currents from 0 to ``amp`` (or from ``amp`` to 0), ascending."""
    lo, hi = min(0.0, amp), max(0.0, amp)
    return [float(x) for x in np.linspace(lo, hi, points)]


def window_spikes(
    spikes: np.ndarray, n: int, hold_ms: float, settle_ms: float
) -> list[list[float]]:
    """The spike times in ``[k hold + settle, (k + 1) hold)`` for each of ``n`` windows."""
    times = spikes.tolist()
    return [[t for t in times if k * hold_ms + settle_ms <= t < (k + 1) * hold_ms]
            for k in range(n)]  # fmt: skip


def window_rate(times: list[float], window_ms: float) -> float:
    """The rate [Hz] of one window's spikes: by their intervals if two or more, else counted."""
    if len(times) >= 2:
        return 1000.0 * (len(times) - 1) / (times[-1] - times[0])
    return 1000.0 * len(times) / window_ms


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
    windows = window_spikes(run.spike_times_ms, len(levels), hold_ms, settle_ms)
    rates = [window_rate(times, hold_ms - settle_ms) for times in windows]
    counts = [len(times) for times in windows]
    rising, falling = tuple(rates[:points]), tuple(rates[points:][::-1])
    onset = next((i for i, r in zip(currents, rising, strict=True) if r > 0), None)
    offset = next((i for i, f in zip(currents, falling, strict=True) if f > 0), None)
    return FISweep(tuple(currents), rising, falling, onset, offset, tuple(counts[:points]),
                   tuple(counts[points:][::-1]))  # fmt: skip

"""What a run shows in a figure or on a page: the featured run, its currents, its trajectory.

Stage: analysis (imports the model stage only; no drawing). The preset pages quote the same
run and currents the phase-plane figure draws, so both take them from here. Units: v [mV],
time [ms], u and I in the model's own units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gallery.model.catalogue import Model
from gallery.model.schemes import SCHEMES
from gallery.model.simulate import Run

Piece = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def featured_run(runs: Sequence[Run]) -> Run:
    """The run a single-run figure shows: the most spikes, the later one on a tie."""
    best = max(range(len(runs)), key=lambda i: (runs[i].n_spikes, i))
    return runs[best]


def phase_currents(run: Run) -> tuple[float, str, float]:
    """``(I_rest, what it is, I_stimulus)``: the two currents whose v-nullclines are drawn.

    The rest current is the first sample's; when the stimulus holds from t = 0 (the 2007
    protocols) the comparison is with no input at all.
    """
    i_rest, i_stim = float(run.i_ext[0]), stimulus_current(run)
    if i_stim == i_rest and i_rest != 0.0:
        return 0.0, "no input", i_stim
    return i_rest, "rest", i_stim


def stimulus_current(run: Run) -> float:
    """The current the stimulus holds longest, or its most extreme value for a ramp."""
    i_ext = run.i_ext[np.isfinite(run.i_ext)]
    rest = i_ext[0]
    active = i_ext[i_ext != rest]
    if active.size == 0:
        return float(rest)
    values, counts = np.unique(active, return_counts=True)
    if counts.max() >= 0.02 * i_ext.size:
        return float(values[np.argmax(counts)])
    return float(active[np.argmax(np.abs(active - rest))])


@dataclass(frozen=True, slots=True)
class Trajectory:
    """A run in the phase plane: continuous pieces between resets, and the reset jumps."""

    pieces: tuple[Piece, ...]
    jumps: tuple[tuple[float, float, float, float], ...]  # (v_peak, u, c, u + d)


def _pre_reset_u(run: Run, model: Model, spike: int, book: bool) -> float:
    """The u just before the reset of spike number ``spike``.

    The run carries the state after each reset; the state before it is not stored, so it is
    recovered from the reset rule: u <- u + d, or in the book's scripts v <- c + c_u·u.
    """
    if book and model.c_u:
        return (float(run.reset_v[spike]) - model.c) / model.c_u
    return float(run.reset_u[spike]) - model.d


def _piece(run: Run, start: int, stop: int, head: tuple[float, float, float] | None) -> list[list]:
    """Samples ``start:stop`` of (t, v, u), opened by the reset point ``head`` if any."""
    parts = [[run.t_ms[start:stop]], [run.v[start:stop]], [run.u[start:stop]]]
    if head is not None:
        for part, value in zip(parts, head, strict=True):
            part.insert(0, [value])
    return parts


def _joined(parts: list[list]) -> Piece:
    return tuple(np.concatenate(x).astype(np.float64) for x in parts)


def trajectory(run: Run, model: Model) -> Trajectory:
    """Split a run at its spikes: each spike ends a piece at the cut-off and jumps to the reset.

    The kernels store a spike as its cut-off voltage. In the 2004-style loops that sample also
    holds the reset u (the reset v is never stored); in the 2007 book's convention the sample
    before the crossing is padded with the cut-off and the crossing sample is the reset state.
    """
    t, v = run.t_ms, run.v
    bad = np.flatnonzero(~(np.isfinite(v) & np.isfinite(run.u)))
    end = int(bad[0]) if bad.size else t.size
    book = SCHEMES[run.scheme].storage.reset_in_trace
    pieces, jumps = [], []
    start = 0
    head: tuple[float, float, float] | None = None  # a reset point that opens the next piece
    for spike, s in enumerate(run.spike_samples.tolist()):
        k = s - 1 if book else s
        if k >= end or (book and s >= end):
            break
        pre_u = _pre_reset_u(run, model, spike, book)
        post_v, post_u = float(run.reset_v[spike]), float(run.reset_u[spike])
        parts = _piece(run, start, k, head)
        for part, value in zip(parts, (t[k], v[k], pre_u), strict=True):
            part.append([value])
        pieces.append(_joined(parts))
        jumps.append((float(v[k]), float(pre_u), post_v, post_u))
        if book:
            start, head = s, None
        else:
            start, head = k + 1, (float(t[k]), post_v, post_u)
    tail = _joined(_piece(run, start, end, head))
    if tail[0].size:
        pieces.append(tail)
    return Trajectory(tuple(pieces), tuple(jumps))

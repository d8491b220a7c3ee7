"""The population kernel: many independent neurons, each with its own a, b, c, d and amplitude.

Stage: model (imports numba and ``primitives``). Every scheme with a population rule builds
its cached, parallel kernel by inlining :func:`run_population` with its own ``advance`` (the
update before the spike test, as in :mod:`~.loops`). Every neuron runs the same protocol: the
current is 0 before step ``onset`` and its own amplitude from there on. Nothing is stored per
step: the kernel keeps, per neuron, the spike-train features of :data:`FEATURES`.

Bit for bit: neuron j's step is the scheme's own ``advance``, spike test and reset with the
model's tuple whose a, b, c, d are neuron j's (:func:`neuron_params`), in the same order of
operations as the single-neuron kernel. No ``fastmath``, so the vectorised loop and its scalar
remainder round alike; neurons never interact, so the result does not depend on the block
size or the number of threads (``tests/test_population.py`` checks all three).

Speed (``benchmarks/bench_population.py``): the neurons are cut into blocks that stay in L1
cache for the whole protocol (temporal blocking); numba's ``prange`` hands one block to each
thread at a time. The inner loop runs over slices from index 0 (a loop from a variable start
keeps a negative-index check that stops LLVM vectorising), spike test and reset are selects,
and it stores only v, u and a spike flag; the per-spike bookkeeping, a branchy scalar loop over
the block's flags, runs only in the steps in which some neuron of the block fired.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from gallery.model.schemes.primitives import ModelParams, crossed, reset_u, reset_v, spike_peak

FEATURES = (
    "count", "first", "second", "last", "pre_count", "late_count", "late_first",
    "late_bursts", "late_min_isi", "late_max_isi", "first_burst", "burst_max_isi", "break_isi",
)  # fmt: skip
"""Per-neuron features, the columns of the kernel's ``features`` array (int64, steps or counts).

``count``: all spikes; ``first``, ``second``, ``last``: their steps (-1: none);
``pre_count``: spikes before ``onset``; ``late_count``, ``late_first``: spikes from step
``late`` on and the first of them; ``late_bursts``: late spikes that open a burst (the
previous spike ``gap`` steps or more before, or none); ``late_min_isi``, ``late_max_isi``:
extreme intervals ending on a late spike (-1: none); ``first_burst``: spikes in the first
burst (the run of intervals shorter than ``gap`` from the first spike); ``burst_max_isi``: its
longest interval (0 for one spike); ``break_isi``: the interval that ended it (-1: not ended).
"""
(COUNT, FIRST, SECOND, LAST, PRE_COUNT, LATE_COUNT, LATE_FIRST, LATE_BURSTS, LATE_MIN_ISI,
 LATE_MAX_ISI, FIRST_BURST, BURST_MAX_ISI, BREAK_ISI) = range(len(FEATURES))  # fmt: skip
N_FEATURES = len(FEATURES)

DEFAULT_BLOCK = 128
"""Neurons per block: their state, parameters, flags and features (~25 KB) fit in L1 cache;
a step that fired any of them scans their flags, so smaller blocks scan less."""


def empty_features(n: int) -> np.ndarray:
    """The ``features`` array a population kernel fills: (n, N_FEATURES) int64, initialised."""
    features = np.zeros((n, N_FEATURES), dtype=np.int64)
    for column in (FIRST, SECOND, LAST, LATE_FIRST, LATE_MIN_ISI, LATE_MAX_ISI, BREAK_ISI):
        features[:, column] = -1
    return features


@njit(inline="always")
def neuron_params(p, form, a, b, c, d, tied):
    """``p`` with neuron j's a, b, c, d (``b_hyper`` follows b where the model ties them).

    ``form`` replaces ``form_2007``: the caller passes a literal where it can, so that LLVM
    drops the other form's branch (with its division) from the vectorised loop.
    """
    return ModelParams(
        form, p.k2, p.k1, p.k0, p.cap, p.k, p.vr, p.vt, a, b,
        b if tied else p.b_hyper, p.b_switch_v, p.u_v_offset, p.u_decay, p.vb, c, p.c_u, d,
        p.u_max, p.v_peak, p.v_peak_u, p.strict,
    )  # fmt: skip


@njit(inline="always")
def log_spike(rows, j, k, onset, late, gap):
    """Add a spike at step ``k`` to neuron ``j``'s features (row ``j`` of ``rows``)."""
    row = rows[j]
    n = row[COUNT]
    isi = k - row[LAST]
    if n == 0:
        row[FIRST] = k
        row[FIRST_BURST] = 1
    elif row[FIRST_BURST] == n and row[BREAK_ISI] < 0:
        if isi < gap:
            row[FIRST_BURST] = n + 1
            row[BURST_MAX_ISI] = max(row[BURST_MAX_ISI], isi)
        else:
            row[BREAK_ISI] = isi
    if n == 1:
        row[SECOND] = k
    if k < onset:
        row[PRE_COUNT] += 1
    if k >= late:
        if row[LATE_COUNT] == 0:
            row[LATE_FIRST] = k
        row[LATE_COUNT] += 1
        if n == 0 or isi >= gap:
            row[LATE_BURSTS] += 1
        if n > 0:
            row[LATE_MIN_ISI] = isi if row[LATE_MIN_ISI] < 0 else min(row[LATE_MIN_ISI], isi)
            row[LATE_MAX_ISI] = max(row[LATE_MAX_ISI], isi)
    row[LAST] = k
    row[COUNT] = n + 1


@njit(inline="always")
def step_block(advance, recovery, p, form, tied, a, b, c, d, drive, v, u, fired, dt):
    """One step of a block (all arrays sliced from 0); returns the neurons that fired."""
    hits = 0
    for j in range(v.shape[0]):
        pj = neuron_params(p, form, a[j], b[j], c[j], d[j], tied)
        v_new, u_new = advance(v[j], u[j], drive[j], dt, pj, recovery)
        spike = crossed(v_new, spike_peak(u_new, pj), pj.strict)
        # The flag is stored before the reset is chosen: a store that may alias c and d keeps
        # LLVM from sinking their loads under the spike test, where it would mask them
        # (vmaskmovpd, microcoded on some x86 cores: 3x slower).
        fired[j] = 1.0 if spike else 0.0
        v_reset = reset_v(u_new, pj)
        u_reset = reset_u(u_new, pj)
        v[j] = v_reset if spike else v_new
        u[j] = u_reset if spike else u_new
        hits += spike
    return hits


@njit(inline="always")
def step_block_plain(advance, recovery, p, tied, a, b, c, d, drive, v, u, fired, dt):
    """:func:`step_block` for the 2004 form with a plain spike test and reset (see :func:`plain`).

    There ``v > v_peak + 0*u`` is ``v > v_peak`` with u finite (0*u is NaN for u = ±inf, NaN),
    ``c + 0*u`` is ``c`` (c != 0) and ``min(u + d, inf)`` is ``u + d``: the same bits as the
    general test and reset, four operations fewer on the loop's critical path.
    """
    hits = 0
    for j in range(v.shape[0]):
        pj = neuron_params(p, 0.0, a[j], b[j], c[j], d[j], tied)
        v_new, u_new = advance(v[j], u[j], drive[j], dt, pj, recovery)
        spike = (v_new > p.v_peak) & (u_new - u_new == 0.0)
        fired[j] = 1.0 if spike else 0.0  # before the reset: see step_block
        v_reset = pj.c  # loaded with pj, above the flag's store: never masked
        u_reset = u_new + pj.d
        v[j] = v_reset if spike else v_new
        u[j] = u_reset if spike else u_new
        hits += spike
    return hits


@njit(inline="always")
def plain(p, c):
    """Whether :func:`step_block_plain` gives :func:`step_block`'s bits for this block."""
    simple = p.form_2007 <= 0.0 and p.strict > 0.0 and p.v_peak_u == 0.0 and p.c_u == 0.0
    if not (simple and p.u_max == np.inf):
        return False
    return np.count_nonzero(c == 0.0) == 0  # c + 0*u could flip the sign of a zero reset


@njit(inline="always")
def _own(x):
    """A copy of a block's slice, owned by its thread.

    Views of it count references on the copy, not on the shared parent array, whose counter
    every thread would otherwise fight over (a cache line bouncing between cores each step).
    """
    return x.copy()


@njit(inline="always")
def run_block(advance, recovery, p, tied, a, b, c, d, amp, v, u, features, protocol, dt):
    """The whole protocol for one block, on copies that stay in cache throughout."""
    n_steps, onset, late, gap = protocol
    m = v.shape[0]
    a, b, c, d, on, vb, ub = _own(a), _own(b), _own(c), _own(d), _own(amp), _own(v), _own(u)
    off = np.zeros(m)
    fired = np.zeros(m)
    rows = _own(features)
    # The same loop twice: with the 2004 form's flag a literal, LLVM drops the 2007 form's
    # division from it; and a third time with the plain test and reset where they are exact.
    form = p.form_2007 if p.form_2007 > 0.0 else 0.0
    simple = plain(p, c)
    for k in range(n_steps):
        drive = on if k >= onset else off
        if simple:
            hits = step_block_plain(advance, recovery, p, tied, a, b, c, d, drive, vb, ub,
                                    fired, dt)  # fmt: skip
        elif form > 0.0:
            hits = step_block(advance, recovery, p, form, tied, a, b, c, d, drive, vb, ub,
                              fired, dt)  # fmt: skip
        else:
            hits = step_block(advance, recovery, p, 0.0, tied, a, b, c, d, drive, vb, ub,
                              fired, dt)  # fmt: skip
        if hits:
            for j in range(m):
                if fired[j] > 0.0:
                    log_spike(rows, j, k, onset, late, gap)
    v[:] = vb
    u[:] = ub
    features[:] = rows


@njit(inline="always")
def run_population(advance, recovery, p, neurons, v, u, features, protocol, dt, block):
    """Run every neuron through ``protocol``; ``v``, ``u`` receive the final states.

    ``neurons`` is ``(a, b, c, d, amp)``, five float64 arrays of one length N; ``features``
    is :func:`empty_features` (N); ``protocol`` is ``(n_steps, onset, late, gap)`` in steps.
    Blocks of ``block`` neurons run in parallel, one per thread at a time.
    """
    a, b, c, d, amp = neurons
    tied = p.b_hyper == p.b
    n = v.shape[0]
    n_blocks = (n + block - 1) // block
    for i in prange(n_blocks):
        lo = i * block
        hi = min(n, lo + block)
        run_block(advance, recovery, p, tied, a[lo:hi], b[lo:hi], c[lo:hi], d[lo:hi],
                  amp[lo:hi], v[lo:hi], u[lo:hi], features[lo:hi], protocol, dt)  # fmt: skip

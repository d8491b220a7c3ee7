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
thread at a time. A block's copies are 1-D, and the step loop runs over them from index 0 (a
loop from a variable start keeps a negative-index check that stops LLVM vectorising). Spike
test and reset are selects; the loop stores v, u and one flag byte per neuron (1: fired), with
no branch. The flags of :data:`CHUNK` steps are kept and logged after them
(:func:`log_chunk`): spikes are rare (about one neuron-step in 65 in the atlas), so the vector
loop never waits on a mispredicted branch about who fired. The loop is vectorised 512 bits
wide where the CPU has AVX-512 (:func:`prefer_wide_vectors`); LLVM's default there is 256.
On the atlas protocol one thread ran 1.2 to 1.45 G neuron-steps/s (Sapphire Rapids at 2.6
GHz, a busy machine), the step loop alone 1.8 to 2.0: its arithmetic, 18 vector operations
per 8 neurons on two ports (no FMA contraction, which would change the bits), bounds it near
2.3. The log takes about a quarter of the time.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.core import cgutils
from numba.cpython.unsafe.numbers import trailing_zeros
from numba.extending import intrinsic

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
"""Neurons per block: their state, parameters, features and spike masks (~23 KB) fit in L1."""


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
    """Add a spike at step ``k`` to neuron ``j``'s features (row ``j`` of ``rows``).

    Selects, not branches: which features change depends on the neuron's history, a branch
    the CPU mispredicts about as often as not. Indexed in place, not through a row view,
    which would count a reference (two atomic operations) per spike.
    """
    n, last, burst, ended = rows[j, COUNT], rows[j, LAST], rows[j, FIRST_BURST], rows[j, BREAK_ISI]
    isi = k - last
    opens = n == 0
    in_burst = (n > 0) & (burst == n) & (ended < 0)
    grows = in_burst & (isi < gap)
    rows[j, FIRST] = k if opens else rows[j, FIRST]
    rows[j, SECOND] = k if n == 1 else rows[j, SECOND]
    rows[j, FIRST_BURST] = 1 if opens else (n + 1 if grows else burst)
    widest = rows[j, BURST_MAX_ISI]
    rows[j, BURST_MAX_ISI] = max(widest, isi) if grows else widest
    rows[j, BREAK_ISI] = isi if in_burst & (isi >= gap) else ended
    rows[j, PRE_COUNT] += np.int64(k < onset)
    is_late = k >= late
    late_n = rows[j, LATE_COUNT]
    rows[j, LATE_FIRST] = k if is_late & (late_n == 0) else rows[j, LATE_FIRST]
    rows[j, LATE_COUNT] = late_n + np.int64(is_late)
    rows[j, LATE_BURSTS] += np.int64(is_late & (opens | (isi >= gap)))
    spaced = is_late & (n > 0)
    low, high = rows[j, LATE_MIN_ISI], rows[j, LATE_MAX_ISI]
    rows[j, LATE_MIN_ISI] = (isi if low < 0 else min(low, isi)) if spaced else low
    rows[j, LATE_MAX_ISI] = max(high, isi) if spaced else high
    rows[j, LAST] = k
    rows[j, COUNT] = n + 1


@intrinsic
def flag_bits(typingctx, flags, row, start):
    """The flags ``flags[row, start : start + 64]`` (uint8, C order) as one int64's bits.

    Bit i is flag i (on a little-endian CPU, as all of numba's are). One vector compare and a
    mask move, no branch: LLVM's ``<64 x i1>`` to ``i64`` (``vptestmb`` and ``kmovq`` with
    AVX-512BW). The caller keeps ``start + 64`` within the row.
    """
    lanes = 64

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        first = cgutils.get_item_pointer(context, builder, signature.args[0], array, args[1:])
        vector = ir.VectorType(ir.IntType(8), lanes)
        loaded = builder.load(builder.bitcast(first, vector.as_pointer()), align=1)
        fired = builder.icmp_unsigned("!=", loaded, ir.Constant(vector, [0] * lanes))
        return builder.bitcast(fired, ir.IntType(lanes))

    return types.int64(flags, row, start), codegen


DECODED = 4
"""Set bits taken from a line's mask with no branch (more are rare: one spike per line-step
on average in the atlas; a loop takes the rest)."""


@njit(inline="always")
def log_chunk(rows, fired, spikes, start, stop, onset, late, gap):
    """Log the spikes of steps ``start`` to ``stop``, flagged in rows 0, 1, ... of ``fired``.

    A row is whole 64-byte lines (0 past the block's neurons); each line's flags become one
    mask (:func:`flag_bits`) and its set bits are written to the list ``spikes`` as
    ``row << 32 | neuron``, the first :data:`DECODED` with no branch (a store at every one,
    the count moving on only past a set bit). Then one loop logs the list in order. Branches
    on who fired would be mispredicted at about every spike (spikes are rare, about one
    neuron-step in 65 in the atlas); here the only unpredictable one ends the list.
    """
    n = 0
    for row in range(stop - start):
        for base in range(0, fired.shape[1], 64):
            bits = flag_bits(fired, row, base)
            for _ in range(DECODED):
                spikes[n] = row << 32 | (base + trailing_zeros(bits))
                n += bits != 0
                bits &= bits - 1
            while bits != 0:
                spikes[n] = row << 32 | (base + trailing_zeros(bits))
                n += 1
                bits &= bits - 1
    for i in range(n):
        log_spike(rows, spikes[i] & 0xFFFFFFFF, start + (spikes[i] >> 32), onset, late, gap)


@njit(inline="always")
def step_block(advance, recovery, p, form, tied, a, b, c, d, drive, on, v, u, fired, row,
               dt):  # fmt: skip
    """One step of every neuron of the block, with the current ``drive[on]``.

    ``fired[row, j]`` becomes 1 if neuron ``j`` fired, else 0.
    """
    for j in range(v.shape[0]):
        pj = neuron_params(p, form, a[j], b[j], c[j], d[j], tied)
        v_new, u_new = advance(v[j], u[j], drive[on, j], dt, pj, recovery)
        spike = crossed(v_new, spike_peak(u_new, pj), pj.strict)
        v_reset = reset_v(u_new, pj)
        u_reset = reset_u(u_new, pj)
        v[j] = v_reset if spike else v_new
        u[j] = u_reset if spike else u_new
        fired[row, j] = spike


@njit(inline="always")
def step_block_plain(advance, recovery, p, tied, a, b, c, d, drive, on, v, u, fired, row,
                     dt):  # fmt: skip
    """:func:`step_block` for the 2004 form with a plain spike test and reset (see :func:`plain`).

    There ``v > v_peak + 0*u`` is ``v > v_peak`` with u finite (0*u is NaN for u = ±inf, NaN),
    ``c + 0*u`` is ``c`` (c != 0) and ``min(u + d, inf)`` is ``u + d``: the same bits as the
    general test and reset, four operations fewer on the loop's critical path.
    """
    for j in range(v.shape[0]):
        pj = neuron_params(p, 0.0, a[j], b[j], c[j], d[j], tied)
        v_new, u_new = advance(v[j], u[j], drive[on, j], dt, pj, recovery)
        spike = (v_new > p.v_peak) & (u_new - u_new == 0.0)
        v[j] = pj.c if spike else v_new
        u[j] = u_new + pj.d if spike else u_new
        fired[row, j] = spike


@njit(inline="always")
def plain(p, c):
    """Whether :func:`step_block_plain` gives :func:`step_block`'s bits for this block."""
    simple = p.form_2007 <= 0.0 and p.strict > 0.0 and p.v_peak_u == 0.0 and p.c_u == 0.0
    if not (simple and p.u_max == np.inf):
        return False
    return np.count_nonzero(c == 0.0) == 0  # c + 0*u could flip the sign of a zero reset


CHUNK = 32
"""Steps whose spike flags are kept before they are logged (see :func:`run_block`)."""


@njit(inline="always")
def run_block(advance, recovery, p, tied, a, b, c, d, amp, v, u, features, protocol, dt):
    """The whole protocol for one block, on copies that stay in cache throughout.

    The copies belong to the thread: they count references on themselves, not on the shared
    parent arrays, whose counters every thread would otherwise fight over (a cache line
    bouncing between cores each step).
    """
    n_steps, onset, late, gap = protocol
    m = v.shape[0]
    a, b, c, d, vb, ub = a.copy(), b.copy(), c.copy(), d.copy(), v.copy(), u.copy()
    # the current before onset (row 0) and after it (row 1): one array indexed by the phase,
    # since switching a variable between two arrays costs a reference count (two atomic
    # operations in a function call) every step
    drive = np.zeros((2, m))
    drive[1] = amp
    rows = features.copy()
    # a flag per neuron and step of a chunk, in rows of whole 64-byte lines (see log_chunk);
    # the padding stays 0, since only the first m flags of a row are ever written
    fired = np.zeros((CHUNK, (m + 63) // 64 * 64), dtype=np.uint8)
    spikes = np.empty(fired.size + 1, dtype=np.int64)  # every flag, and a store past them
    # The same loop three times: with the 2004 form's flag a literal, LLVM drops the 2007
    # form's division from it; and with the plain test and reset where they are exact.
    form = p.form_2007 if p.form_2007 > 0.0 else 0.0
    simple = plain(p, c)
    for start in range(0, n_steps, CHUNK):
        stop = min(n_steps, start + CHUNK)
        for k in range(start, stop):
            on, row = np.int64(k >= onset), k - start
            if simple:
                step_block_plain(advance, recovery, p, tied, a, b, c, d, drive, on, vb, ub,
                                 fired, row, dt)  # fmt: skip
            elif form > 0.0:
                step_block(advance, recovery, p, form, tied, a, b, c, d, drive, on, vb, ub,
                           fired, row, dt)  # fmt: skip
            else:
                step_block(advance, recovery, p, 0.0, tied, a, b, c, d, drive, on, vb, ub,
                           fired, row, dt)  # fmt: skip
        # logged after the chunk: the branches on who fired are mispredicted at spikes, and
        # each misprediction would otherwise stall the vector loop of the next step
        log_chunk(rows, fired, spikes, start, stop, onset, late, gap)
    v[:] = vb
    u[:] = ub
    features[:] = rows


@intrinsic
def prefer_wide_vectors(typingctx):
    """Let LLVM vectorise the function this is called in with the CPU's widest registers.

    LLVM vectorises 256 bits wide on AVX-512 CPUs unless a function asks for more (clang's
    ``-mprefer-vector-width=512``); the step loop, bound by its arithmetic, runs about 1.2x
    faster on 512 bits. A no-op where the CPU has no wider registers. The results do not
    change: every lane rounds as the scalar code does. llvmlite accepts only flag attributes,
    so the key-value one is added to the function's attribute set directly.
    """

    def codegen(context, builder, signature, args):
        set.add(builder.function.attributes, '"prefer-vector-width"="512"')
        return context.get_dummy_value()

    return types.none(), codegen


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
        prefer_wide_vectors()  # on the loop body: numba compiles it as a function of its own
        lo = i * block
        hi = min(n, lo + block)
        run_block(advance, recovery, p, tied, a[lo:hi], b[lo:hi], c[lo:hi], d[lo:hi],
                  amp[lo:hi], v[lo:hi], u[lo:hi], features[lo:hi], protocol, dt)  # fmt: skip

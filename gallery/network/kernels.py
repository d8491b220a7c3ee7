"""Numba kernels of the 2003 network (net.m): many coupled neurons, whole-population arrays.

Stage: network (imports numba, llvmlite and NumPy only).

The net.m population (Izhikevich 2003). Added as a section of its own: these kernels run many
coupled neurons, so they take whole-population arrays. ``cells`` holds the rows a, b, c, d and
the noise scale (5 excitatory, 2 inhibitory); ``state`` the rows v, u. Synapses: dense,
``weights[pre, post]`` (net.m's S transposed, so a presynaptic row is contiguous) with
``targets`` of shape (0, 0); or sparse, ``targets[pre, k]`` (sorted within each row) and
``weights[pre, k]`` (any integer and float dtypes; the network stores int32 and float32 to
halve the bytes read per spike). The thalamic noise comes in pre-drawn: ``normals[step, i]``.

Speed: at 100 000 cells the sparse step is bound by fetching the synapse rows of the ~2000
cells that fired, scattered over 100 MB, not by arithmetic; the rows of the cells a few places
ahead in the fired list are prefetched so that many fetches are in flight at once.

Determinism: every neuron's update is independent, and the synaptic input of each target is
summed in one fixed order (fired sources in ascending index, starting from 0.0) whichever
block or thread handles the target. Hence the parallel kernel gives bit for bit the serial
result for any number of threads. ``parallel=True`` is used only here, and only because these
properties hold. ``nogil=True`` lets the caller draw the next chunk of noise meanwhile.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import get_num_threads, njit, prange, threading_layer, types
from numba.core import cgutils
from numba.extending import intrinsic

NET_V_PEAK = 30.0  # net.m: fired = find(v >= 30)
NET_PREFETCH_AHEAD = 8  # fired cells whose synapse rows are requested ahead (measured: 8-32 best)
CACHE_LINE_BYTES = 64


def network_blocks() -> int:
    """Neuron blocks for :func:`integrate_network_parallel`: one per numba thread.

    Any value gives the same result; more blocks only repeat the search of each fired cell's
    targets.
    """
    return max(1, get_num_threads())


@njit(cache=True)
def network_find_fired(v, fired):
    """Indices with ``v >= 30`` in ascending order (branch-free compaction); returns the count."""
    n_fired = 0
    for i in range(v.shape[0]):
        fired[n_fired] = i
        n_fired += v[i] >= NET_V_PEAK
    return n_fired


@intrinsic
def prefetch(typingctx, array, index):
    """Ask the CPU to load the cache line of ``array[index]`` (a hint: never faults, no result).

    ``index`` must be within the 1-D ``array``. Lowers to LLVM's ``llvm.prefetch`` (read,
    keep in all cache levels, data).
    """
    signature = types.void(array, index)

    def codegen(context, builder, sig, args):
        array_type = sig.args[0]
        array_struct = context.make_array(array_type)(context, builder, args[0])
        pointer = cgutils.get_item_pointer(
            context, builder, array_type, array_struct, [args[1]], wraparound=False
        )
        byte_pointer = ir.IntType(8).as_pointer()
        int32 = ir.IntType(32)
        function_type = ir.FunctionType(ir.VoidType(), [byte_pointer, int32, int32, int32])
        name = "llvm.prefetch." + byte_pointer.intrinsic_name  # p0 (opaque) or p0i8 (older)
        function = cgutils.get_or_insert_function(builder.module, function_type, name)
        builder.call(
            function, [builder.bitcast(pointer, byte_pointer), int32(0), int32(3), int32(1)]
        )
        return context.get_dummy_value()

    return signature, codegen


@njit(cache=True)
def prefetch_row(row):
    """Prefetch every cache line of the 1-D array ``row``."""
    if row.shape[0] == 0:
        return
    for s in range(0, row.shape[0], max(1, CACHE_LINE_BYTES // row.itemsize)):
        prefetch(row, s)
    prefetch(row, row.shape[0] - 1)


@njit(cache=True)
def network_accumulate(weights, targets, fired, n_fired, syn, lo, hi):
    """Add the synapses of the fired sources onto targets ``lo <= post < hi`` of ``syn``.

    Dense (``targets`` empty): rows of ``weights``, four per pass over ``syn``. Sparse: the part
    of each source's sorted ``targets`` that falls in the block, found by bisection, while the
    rows of the source ``NET_PREFETCH_AHEAD`` places on are prefetched. The inner loops run
    over slices from index 0: a loop from a variable ``lo`` keeps numba's negative-index check
    in the loop body, which stops LLVM from vectorising it (measured 5x slower).
    """
    if targets.shape[0] == 0:
        block = syn[lo:hi]
        for k in range(0, n_fired - 3, 4):
            network_add_rows(
                block,
                weights[fired[k], lo:hi],
                weights[fired[k + 1], lo:hi],
                weights[fired[k + 2], lo:hi],
                weights[fired[k + 3], lo:hi],
            )
        for k in range(n_fired - n_fired % 4, n_fired):
            network_add_row(block, weights[fired[k], lo:hi])
        return
    for k in range(min(NET_PREFETCH_AHEAD, n_fired)):
        prefetch_row(targets[fired[k]])
        prefetch_row(weights[fired[k]])
    for k in range(n_fired):
        if k + NET_PREFETCH_AHEAD < n_fired:
            ahead = fired[k + NET_PREFETCH_AHEAD]
            prefetch_row(targets[ahead])
            prefetch_row(weights[ahead])
        pre = fired[k]
        row = targets[pre]
        first = np.searchsorted(row, lo)
        last = np.searchsorted(row, hi)
        network_scatter_add(syn, row[first:last], weights[pre, first:last])


@njit(cache=True)
def network_add_row(syn, row):
    """``syn += row`` (dense synapses), in place."""
    for post in range(syn.shape[0]):
        syn[post] += row[post]


@njit(cache=True)
def network_add_rows(syn, row0, row1, row2, row3):
    """``syn += row0``, then ``+= row1`` and so on, in place, in one pass over ``syn``.

    The same additions in the same order as four :func:`network_add_row` calls (the same
    bits), but ``syn`` is loaded and stored once instead of four times (measured 1.3x faster).
    """
    for post in range(syn.shape[0]):
        syn[post] = (((syn[post] + row0[post]) + row1[post]) + row2[post]) + row3[post]


@njit(cache=True)
def network_scatter_add(syn, targets, weights):
    """``syn[targets[s]] += weights[s]`` (sparse synapses; the targets are distinct)."""
    for s in range(targets.shape[0]):
        syn[targets[s]] += weights[s]


@njit(cache=True)
def network_update(cells, state, normals, syn, lo, hi):
    """Update neurons ``lo <= i < hi``: :func:`network_update_block` on slices of the arrays."""
    network_update_block(
        cells[0, lo:hi],
        cells[1, lo:hi],
        cells[2, lo:hi],
        cells[3, lo:hi],
        cells[4, lo:hi],
        state[0, lo:hi],
        state[1, lo:hi],
        normals[lo:hi],
        syn[lo:hi],
    )


@njit(cache=True)
def network_update_block(a, b, c, d, scale, v_all, u_all, normals, syn):
    """Reset (branch-free select), two 0.5 ms half steps of v, one 1 ms step of u; clears syn.

    net.m order: fired cells get v <- c, u <- u + d; then I = scale*N(0,1) + synaptic input and
    v <- v + 0.5*(0.04 v^2 + 5 v + 140 - u + I) twice; then u <- u + a*(b*v - u) with the new v.
    Written as one loop from 0 over 1-D arrays with a select instead of a branch, so LLVM
    vectorises it (4 cells per AVX2 instruction, 8 per AVX-512; the same IEEE operations, same
    bits). ``c`` and ``d`` are loaded for every cell: loaded only where the cell fired, they
    became masked loads (measured 5 % slower on AVX2).
    """
    for i in range(v_all.shape[0]):
        v = v_all[i]
        u = u_all[i]
        v_reset = c[i]
        u_bumped = u + d[i]
        spiked = v >= NET_V_PEAK
        v = v_reset if spiked else v
        u = u_bumped if spiked else u
        i_in = scale[i] * normals[i] + syn[i]
        syn[i] = 0.0
        v = v + 0.5 * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i_in)
        v = v + 0.5 * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i_in)
        u_all[i] = u + a[i] * (b[i] * v - u)
        v_all[i] = v


@njit(cache=True)
def network_log(step, fired, n_fired, spike_log, n_spikes):
    """Append (step, index) of this step's fired cells to ``spike_log``; returns the new count."""
    for k in range(n_fired):
        spike_log[0, n_spikes + k] = step
        spike_log[1, n_spikes + k] = fired[k]
    return n_spikes + n_fired


@njit(cache=True, nogil=True)
def integrate_network_serial(cells, state, weights, targets, normals, spike_log, syn, fired):
    """Run one 1-ms net.m step per row of ``normals``, on one thread.

    ``spike_log`` (int64, rows step and index) receives the spikes, steps counted from 0 in
    this call; ``syn`` (zero on entry and on exit) and ``fired`` (int64, N) are scratch.
    Stops early when the log may not hold one more step; returns ``(steps_done, n_spikes)``.
    """
    n = state.shape[1]
    n_spikes = 0
    for step in range(normals.shape[0]):
        if n_spikes + n > spike_log.shape[1]:
            return step, n_spikes
        n_fired = network_find_fired(state[0], fired)
        n_spikes = network_log(step, fired, n_fired, spike_log, n_spikes)
        network_accumulate(weights, targets, fired, n_fired, syn, 0, n)
        network_update(cells, state, normals[step], syn, 0, n)
    return normals.shape[0], n_spikes


@njit(cache=True, nogil=True, parallel=True)
def integrate_network_parallel(
    cells, state, weights, targets, normals, spike_log, syn, fired, n_blocks
):
    """:func:`integrate_network_serial` with the accumulation and update split over blocks.

    Blocks are contiguous ranges of neurons, handled by ``prange``; the result does not depend
    on ``n_blocks`` or on the number of threads.
    """
    n = state.shape[1]
    n_spikes = 0
    for step in range(normals.shape[0]):
        if n_spikes + n > spike_log.shape[1]:
            return step, n_spikes
        n_fired = network_find_fired(state[0], fired)
        n_spikes = network_log(step, fired, n_fired, spike_log, n_spikes)
        for block in prange(n_blocks):
            lo = block * n // n_blocks
            hi = (block + 1) * n // n_blocks
            network_accumulate(weights, targets, fired, n_fired, syn, lo, hi)
            network_update(cells, state, normals[step], syn, lo, hi)
    return normals.shape[0], n_spikes


def openmp_has_run() -> bool:
    """Whether this process has started numba's OpenMP threading layer (a parallel kernel ran).

    NEST's wheel brings its own copy of GNU OpenMP; once numba's layer (the system's libgomp)
    has started, NEST's ``ResetKernel`` can crash the process (measured: a segmentation fault,
    NEST 3.10 and numba 0.68, after the thread count changed; also in a cold-cache run).
    NEST first, then numba, works; so does ``NUMBA_THREADING_LAYER=workqueue``.
    """
    try:
        return threading_layer() == "omp"
    except ValueError:  # no parallel kernel has run yet
        return False

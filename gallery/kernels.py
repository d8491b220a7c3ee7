"""Numba kernels: the right-hand side, one step rule per scheme, and the time loops.

Stage: bottom. The only module that imports numba. Kernels take floats, 1-D float64 arrays and
a :class:`ModelParams` tuple of floats; they allocate nothing and do no I/O. They draw no random
numbers, except :func:`fill_standard_normal`, which fills the caller's buffer from the caller's
SFC64 state exactly as NumPy would. ``cache=True`` keeps the compiled code on disk; no
``fastmath`` and no ``parallel`` (but for the network section below), so results are bit-for-bit
deterministic. Units: v [mV], u [mV/ms in the 2003/2004 form, pA in
the 2007 form], t and dt [ms].

The model, in one form that covers every preset of the catalogue::

    cap * dv/dt = F(v) - u + I
        F(v) = k2*v**2 + k1*v + k0               (2003/2004 form, cap = 1)
        F(v) = k*(v - vr)*(v - vt)               (2007 form, cap = C)
    du/dt = a * (U(v) - u_decay*u)
        U(v) = b*(v - u_v_offset)                 (b = b_hyper where v <= b_switch_v)
        U(v) = b*(v - vb)**3 if v >= vb else 0    (when vb is set: the 2007 FS cell)
    if v crosses v_peak + v_peak_u*u:  v <- c + c_u*u,  u <- min(u + d, u_max)

Every loop returns ``(n_spikes, n_done, v_final, u_final)``: ``n_done`` is less than the number
of steps when the state stopped being finite (the loop stops there), and the final state is
the true state after the last step (the stored trace may show a clipped peak instead).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from numba import njit


class ModelParams(NamedTuple):
    """Model constants as plain floats (numba passes them by value, no aliasing)."""

    form_2007: float  # 1.0 selects F(v) = k*(v - vr)*(v - vt)
    k2: float
    k1: float
    k0: float
    cap: float
    k: float
    vr: float
    vt: float
    a: float
    b: float
    b_hyper: float
    b_switch_v: float
    u_v_offset: float
    u_decay: float
    vb: float  # NaN: linear U(v)
    c: float
    c_u: float
    d: float
    u_max: float
    v_peak: float
    v_peak_u: float
    strict: float  # 1.0: spike when v > peak; 0.0: when v >= peak


@njit(cache=True)
def drive_v(v, u, i_ext, p):
    """``cap * dv/dt``, in the published order of operations."""
    if p.form_2007 > 0.0:
        return p.k * (v - p.vr) * (v - p.vt) - u + i_ext
    return p.k2 * (v * v) + p.k1 * v + p.k0 - u + i_ext


@njit(cache=True)
def euler_v(v, u, i_ext, h, p):
    """``v + h * dv/dt`` in the scripts' order: ``v + h*(...)`` in 2004, ``v + h*(...)/C`` in 2007.

    The 2004 form has no division (C = 1), which keeps it off the loop's critical path.
    """
    if p.form_2007 > 0.0:
        return v + h * (p.k * (v - p.vr) * (v - p.vt) - u + i_ext) / p.cap
    return v + h * (p.k2 * (v * v) + p.k1 * v + p.k0 - u + i_ext)


@njit(cache=True)
def drive_u(v, v_branch, u, p):
    """``(du/dt) / a``; ``v_branch`` picks the branch of U, ``v`` is the value it is taken at."""
    if p.vb == p.vb:
        nullcline = 0.0 if v_branch < p.vb else p.b * (v - p.vb) ** 3.0
    else:
        b = p.b_hyper if v_branch <= p.b_switch_v else p.b
        nullcline = b * (v - p.u_v_offset)
    return nullcline - p.u_decay * u


@njit(cache=True)
def spike_peak(u, p):
    """The spike cut-off, which depends on u for the 2007 LTS and TC cells."""
    return p.v_peak + p.v_peak_u * u


@njit(cache=True)
def crossed(v, peak, strict):
    """The spike test: ``v > peak`` (2003/2004) or ``v >= peak`` (2007 most types)."""
    return v > peak if strict > 0.0 else v >= peak


@njit(cache=True)
def reset_v(u, p):
    """After-spike voltage ``c + c_u*u``."""
    return p.c + p.c_u * u


@njit(cache=True)
def reset_u(u, p):
    """After-spike recovery ``u + d``, capped at ``u_max`` (the 2007 LTS cell)."""
    bumped = u + p.d
    return bumped if bumped < p.u_max else p.u_max


@njit(cache=True)
def is_finite(v, u):
    """Both state variables are finite numbers."""
    return math.isfinite(v) and math.isfinite(u)


@njit(cache=True)
def integrate_published_2004(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """The 2003/2004 figure scripts' loop: v first, u from the new v, test after both.

    A spike stores the cut-off (not the overshoot) as the step's v.
    """
    v = v0
    u = u0
    n_spikes = 0
    for k in range(i_ext.shape[0]):
        v = euler_v(v, u, i_ext[k], dt, p)
        u = u + dt * p.a * drive_u(v, v, u, p)
        peak = spike_peak(u, p)
        if crossed(v, peak, p.strict):
            spike_steps[n_spikes] = k
            spike_peaks[n_spikes] = peak
            n_spikes += 1
            v_out[k] = peak
            v = reset_v(u, p)
            u = reset_u(u, p)
        else:
            v_out[k] = v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_book_2007(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """The 2007 book script's loop: forward Euler from the old values.

    U's branch is chosen with the new v but evaluated at the old v, as in the script. Step
    ``i`` writes sample ``i + 1``; the caller pads sample ``i`` with the peak on a spike.
    """
    v = v0
    u = u0
    n_spikes = 0
    for i in range(i_ext.shape[0]):
        v_new = euler_v(v, u, i_ext[i], dt, p)
        u_new = u + dt * p.a * drive_u(v, v_new, u, p)
        peak = spike_peak(u_new, p)
        if crossed(v_new, peak, p.strict):
            spike_steps[n_spikes] = i
            spike_peaks[n_spikes] = peak
            n_spikes += 1
            v_new = reset_v(u_new, p)
            u_new = reset_u(u_new, p)
        v = v_new
        u = u_new
        v_out[i] = v
        u_out[i] = u
        if not is_finite(v, u):
            return n_spikes, i + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_euler(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """Standard forward Euler (both derivatives at the old state), 2004 storage convention."""
    v = v0
    u = u0
    n_spikes = 0
    for k in range(i_ext.shape[0]):
        v_new = euler_v(v, u, i_ext[k], dt, p)
        u = u + dt * p.a * drive_u(v, v, u, p)
        v = v_new
        peak = spike_peak(u, p)
        if crossed(v, peak, p.strict):
            spike_steps[n_spikes] = k
            spike_peaks[n_spikes] = peak
            n_spikes += 1
            v_out[k] = peak
            v = reset_v(u, p)
            u = reset_u(u, p)
        else:
            v_out[k] = v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_network_2003(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """The 2003 network script's rule for one neuron.

    Spike test ``v >= peak`` at the start of the step on the value the last step left, then
    two half steps of v with the same u and I, then one step of u with the new v. No clipping.
    """
    v = v0
    u = u0
    n_spikes = 0
    half = dt * 0.5
    for k in range(i_ext.shape[0]):
        peak = spike_peak(u, p)
        if v >= peak:
            spike_steps[n_spikes] = k
            spike_peaks[n_spikes] = v
            n_spikes += 1
            v = reset_v(u, p)
            u = reset_u(u, p)
        v = euler_v(v, u, i_ext[k], half, p)
        v = euler_v(v, u, i_ext[k], half, p)
        u = u + dt * p.a * drive_u(v, v, u, p)
        v_out[k] = v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def rk4_step(v, u, i_ext, h, p):
    """One classical Runge-Kutta step of size h with the current held at ``i_ext``."""
    k1v = drive_v(v, u, i_ext, p) / p.cap
    k1u = p.a * drive_u(v, v, u, p)
    v2 = v + 0.5 * h * k1v
    u2 = u + 0.5 * h * k1u
    k2v = drive_v(v2, u2, i_ext, p) / p.cap
    k2u = p.a * drive_u(v2, v2, u2, p)
    v3 = v + 0.5 * h * k2v
    u3 = u + 0.5 * h * k2u
    k3v = drive_v(v3, u3, i_ext, p) / p.cap
    k3u = p.a * drive_u(v3, v3, u3, p)
    v4 = v + h * k3v
    u4 = u + h * k3u
    k4v = drive_v(v4, u4, i_ext, p) / p.cap
    k4u = p.a * drive_u(v4, v4, u4, p)
    return (
        v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v),
        u + h / 6.0 * (k1u + 2.0 * k2u + 2.0 * k3u + k4u),
    )


@njit(cache=True)
def time_to_peak(v, u, i_ext, h, p):
    """Bisect the time in (0, h] at which an RK4 step from (v, u) first reaches the peak."""
    lo = 0.0
    hi = h
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        v_mid, u_mid = rk4_step(v, u, i_ext, mid, p)
        if v_mid >= spike_peak(u_mid, p):
            hi = mid
        else:
            lo = mid
    return hi


@njit(cache=True)
def integrate_reference(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_offsets):
    """Converged reference: RK4 with the threshold crossing located inside the step.

    The reset happens at the located crossing and the rest of the step is integrated from the
    reset state. ``spike_offsets`` receives the crossing time within the step [ms]. A step that
    holds a spike stores the peak, as the published scheme does.
    """
    v = v0
    u = u0
    n_spikes = 0
    for k in range(i_ext.shape[0]):
        remaining = dt
        stored_peak = math.nan
        for _ in range(64):  # resets within one step; more means c is above the peak
            v_try, u_try = rk4_step(v, u, i_ext[k], remaining, p)
            if not v_try >= spike_peak(u_try, p):
                v = v_try
                u = u_try
                break
            theta = time_to_peak(v, u, i_ext[k], remaining, p)
            v_at, u_at = rk4_step(v, u, i_ext[k], theta, p)
            stored_peak = spike_peak(u_at, p)
            if n_spikes < spike_steps.shape[0]:
                spike_steps[n_spikes] = k
                spike_offsets[n_spikes] = dt - remaining + theta
                n_spikes += 1
            v = reset_v(u_at, p)
            u = reset_u(u_at, p)
            remaining = remaining - theta
        v_out[k] = stored_peak if stored_peak == stored_peak else v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_population(p, i_ext, v, u, dt, n_steps, old_values, spike_log, counts):
    """Many copies of one neuron, each under its own constant current (an f-I sweep).

    The time loop is outside and the neurons inside. ``v`` and ``u`` hold the initial states
    and receive the final ones. ``old_values`` 0.0 is the published 2004 rule (u from the new
    v), 1.0 the 2007 book rule (both from the old values). ``spike_log[j]`` receives neuron
    j's first spike steps (as many as fit); ``counts[j]`` all of its spikes.
    """
    n = v.shape[0]
    room = spike_log.shape[1]
    for step in range(n_steps):
        for j in range(n):
            v_old = v[j]
            u_old = u[j]
            v_new = euler_v(v_old, u_old, i_ext[j], dt, p)
            if old_values > 0.0:
                u_new = u_old + dt * p.a * drive_u(v_old, v_new, u_old, p)
            else:
                u_new = u_old + dt * p.a * drive_u(v_new, v_new, u_old, p)
            if crossed(v_new, spike_peak(u_new, p), p.strict):
                if counts[j] < room:
                    spike_log[j, counts[j]] = step
                counts[j] += 1
                v_new = reset_v(u_new, p)
                u_new = reset_u(u_new, p)
            v[j] = v_new
            u[j] = u_new


# --- 2003 network ----------------------------------------------------------------------------
# The net.m population (Izhikevich 2003). Added as a section of its own: these kernels run many
# coupled neurons, so they take whole-population arrays. ``cells`` holds the rows a, b, c, d and
# the noise scale (5 excitatory, 2 inhibitory); ``state`` the rows v, u. Synapses: dense,
# ``weights[pre, post]`` (net.m's S transposed, so a presynaptic row is contiguous) with
# ``targets`` of shape (0, 0); or sparse, ``targets[pre, k]`` (sorted within each row) and
# ``weights[pre, k]`` (any integer and float dtypes; the network stores int32 and float32 to
# halve the bytes read per spike). The thalamic noise comes in pre-drawn: ``normals[step, i]``.
#
# Speed: at 100 000 cells the sparse step is bound by fetching the synapse rows of the ~2000
# cells that fired, scattered over 100 MB, not by arithmetic; the rows of the cells a few places
# ahead in the fired list are prefetched so that many fetches are in flight at once.
#
# Determinism: every neuron's update is independent, and the synaptic input of each target is
# summed in one fixed order (fired sources in ascending index, starting from 0.0) whichever
# block or thread handles the target. Hence the parallel kernel gives bit for bit the serial
# result for any number of threads. ``parallel=True`` is used only here, and only because these
# properties hold. ``nogil=True`` lets the caller draw the next chunk of noise meanwhile.

import numpy as np  # noqa: E402  (imports kept inside the section they serve)
from llvmlite import ir  # noqa: E402
from numba import get_num_threads, prange, types  # noqa: E402
from numba.core import cgutils  # noqa: E402
from numba.extending import intrinsic  # noqa: E402
from numba.np.random import _constants as ziggurat  # noqa: E402  (NumPy's tables, as numba has them)

NET_V_PEAK = 30.0  # net.m: fired = find(v >= 30)
NET_PREFETCH_AHEAD = 8  # fired cells whose synapse rows are requested ahead (measured: 8-32 best)
CACHE_LINE_BYTES = 64
ZIGGURAT_K = np.asarray(ziggurat.ki_double, dtype=np.int64)  # all below 2**52
ZIGGURAT_W = np.asarray(ziggurat.wi_double, dtype=np.float64)
ZIGGURAT_F = np.asarray(ziggurat.fi_double, dtype=np.float64)
ZIGGURAT_R = float(ziggurat.ziggurat_nor_r)
ZIGGURAT_INV_R = float(ziggurat.ziggurat_nor_inv_r)
ZIGGURAT_ABSCISSA_MASK = (1 << 52) - 1
# SFC64's constants, typed uint64 so that numba keeps the arithmetic in wrapping uint64
SFC64_ONE = np.uint64(1)
SFC64_SHIFT_A = np.uint64(11)
SFC64_SHIFT_B = np.uint64(3)
SFC64_ROTATE = np.uint64(24)
SFC64_ROTATE_BACK = np.uint64(40)
SFC64_DOUBLE_SHIFT = np.uint64(11)


def network_blocks() -> int:
    """Neuron blocks for :func:`integrate_network_parallel`: one per numba thread.

    Any value gives the same result; more blocks only repeat the search of each fired cell's
    targets.
    """
    return max(1, get_num_threads())


@njit(cache=True, nogil=True)
def fill_standard_normal(sfc64_state, out):
    """Fill a C-contiguous ``out`` in order with N(0, 1) draws of an SFC64 stream.

    The values are those of ``numpy.random.Generator(SFC64(...)).standard_normal`` bit for bit,
    and ``sfc64_state`` (uint64 ``[a, b, c, counter]``, NumPy's ``state["state"]["state"]``)
    is advanced as NumPy would advance it. The generator runs inline, its state in registers,
    at about 2.4 ns per draw: NumPy takes 9 ns, calling SFC64 through a pointer for every
    word and branching on every sign.
    """
    flat = out.reshape(out.size)
    a, b, c, w = sfc64_state[0], sfc64_state[1], sfc64_state[2], sfc64_state[3]
    for i in range(flat.shape[0]):
        r, a, b, c, w = sfc64_step(a, b, c, w)
        layer, rabs, x = ziggurat_try(np.int64(r))
        if rabs < ZIGGURAT_K[layer]:
            flat[i] = x  # 99.3 % of draws
            continue
        sfc64_state[0], sfc64_state[1], sfc64_state[2], sfc64_state[3] = a, b, c, w
        flat[i] = standard_normal_after(sfc64_state, np.int64(r))
        a, b, c, w = sfc64_state[0], sfc64_state[1], sfc64_state[2], sfc64_state[3]
    sfc64_state[0], sfc64_state[1], sfc64_state[2], sfc64_state[3] = a, b, c, w


@njit(cache=True)
def sfc64_step(a, b, c, w):
    """One step of SFC64 (NumPy's ``sfc64.h``): ``(output, a, b, c, counter)``, all uint64."""
    out = a + b + w
    c_new = ((c << SFC64_ROTATE) | (c >> SFC64_ROTATE_BACK)) + out
    return out, b ^ (b >> SFC64_SHIFT_A), c + (c << SFC64_SHIFT_B), c_new, w + SFC64_ONE


@njit(cache=True)
def sfc64_next(state):
    """The next 64-bit word of the stream in ``state`` (advanced in place)."""
    r, a, b, c, w = sfc64_step(state[0], state[1], state[2], state[3])
    state[0], state[1], state[2], state[3] = a, b, c, w
    return r


@njit(cache=True)
def sfc64_next_double(state):
    """A uniform double in [0, 1) from the next word, as NumPy's ``sfc64_next_double``."""
    return np.int64(sfc64_next(state) >> SFC64_DOUBLE_SHIFT) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def ziggurat_try(r):
    """NumPy's float64 ziggurat on one word ``r`` (int64): ``(layer, abscissa, candidate x)``.

    8 bits pick the layer, 1 bit the sign and 52 bits the abscissa (``random_standard_normal``
    in NumPy's ``distributions.c``). The sign is applied by multiplying with +-1.0, which is
    exact: NumPy's ``if (sign) x = -x`` compiles to a branch that fails every other draw, and
    that mispredicted branch was two thirds of NumPy's cost. The 52-bit integer goes through
    int64, which converts to float64 in one instruction.
    """
    layer = r & 0xFF
    rabs = (r >> 9) & ZIGGURAT_ABSCISSA_MASK
    return layer, rabs, rabs * ZIGGURAT_W[layer] * (1.0 - 2.0 * ((r >> 8) & 1))


@njit(cache=True)
def standard_normal_after(state, r):
    """Finish a draw whose first word ``r`` missed the fast test: the wedge or the tail."""
    while True:
        layer, rabs, x = ziggurat_try(r)
        if rabs < ZIGGURAT_K[layer]:
            return x
        if layer == 0:
            return normal_tail(state, rabs)
        f_hi = ZIGGURAT_F[layer - 1]
        f_lo = ZIGGURAT_F[layer]
        if (f_hi - f_lo) * sfc64_next_double(state) + f_lo < math.exp(-0.5 * x * x):
            return x
        r = np.int64(sfc64_next(state))


@njit(cache=True)
def normal_tail(state, rabs):
    """A draw from the tail beyond the base layer's edge r (Marsaglia's method, as NumPy)."""
    while True:
        xx = -ZIGGURAT_INV_R * math.log1p(-sfc64_next_double(state))
        yy = -math.log1p(-sfc64_next_double(state))
        if yy + yy > xx * xx:
            return -(ZIGGURAT_R + xx) if (rabs >> 8) & 1 else ZIGGURAT_R + xx


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

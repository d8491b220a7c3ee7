"""sPyNNaker's Izhikevich update, in s16.15 fixed point and in float64, for one neuron.

Stage: model (pure Python integers; no numba, no numpy in the loop). SpiNNaker's ARM cores
have no floating-point unit, so sPyNNaker runs the model in ISO/IEC TR 18037 ``accum``:
signed 16.15 fixed point, 32 bits. This module follows ``rk2_kernel_midpoint`` of
sPyNNaker's ``neuron_model_izh_impl.h`` (commit 001e4d9) operation for operation:

    pre = 140 + I − u
    α   = pre + (5 + K v) v                     K = 0.040008544921875 = 1311 · 2⁻¹⁵
    η   = v + ½ (h α)
    β   = ½ ((h (b v − u)) a)
    v  += h ((pre − β) + (5 + K η) η)
    u  += (a h) ((−u − β) + b η)
    v ≥ v_peak → v = c, u += d, and the next step only uses h · 1.85

The arithmetic, exactly (:func:`mul`, :func:`add`, :func:`to_fixed`):

* a value x is the 32-bit integer r with x = r · 2⁻¹⁵;
* sums and differences are exact, wrapped to 32 bits (two's complement; ``accum`` does not
  saturate);
* a product is (r₁ r₂) shifted right by 15 bits, arithmetically: the low bits are dropped,
  which rounds towards −∞ (GCC rounds no product to nearest: Mikaitis 2020, ARITH 27); ½ x is
  the product with 0.5;
* the constants are those of the C source: 140 and 5 exact, K = 1311 · 2⁻¹⁵ (the C source's
  "1 ULP larger" than 0.04 truncates to, 1310 · 2⁻¹⁵), 1.85 as GCC truncates the literal,
  60620 · 2⁻¹⁵;
* a, b, c, d, h, the threshold, the start (v, u) and the input I of each step enter as the
  nearest s16.15 value, ties upward: ⌊x · 2¹⁵ + ½⌋ in float64. This is our choice: we did not
  check which rounding sPyNNaker's host tools use.

What is not modelled: synaptic input (the current is the preset's protocol), and whatever the
recording does to v. :func:`run_float` is the same algorithm in float64 with the model's own
0.04 and 1.85, so the two runs differ by the arithmetic alone. ``site_src/js/fixed-point.js``
is the browser twin (bit for bit: ``tests/test_fixed_point.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

FRACTION_BITS = 15
K_RAW = 1311  # sPyNNaker's MAGIC_MULTIPLIER, 0.040008544921875
TQ_RAW = 60620  # SIMPLE_TQ_OFFSET = 1.85k, truncated by GCC: floor(1.85 · 2¹⁵)
TQ_FLOAT = 1.85
HALF_RAW = 1 << (FRACTION_BITS - 1)
WORD = 1 << 32


def wrap(r: int) -> int:
    """``r`` as a 32-bit two's-complement integer."""
    return (r + (WORD >> 1)) % WORD - (WORD >> 1)


def to_fixed(x: float) -> int:
    """The s16.15 integer nearest ``x`` (ties upward), wrapped to 32 bits."""
    return wrap(math.floor(x * 32768.0 + 0.5))


def to_float(r: int) -> float:
    """The value of the s16.15 integer ``r``."""
    return r / 32768.0


def add(x: int, y: int) -> int:
    """X + y in s16.15 (exact, wrapped)."""
    return wrap(x + y)


def sub(x: int, y: int) -> int:
    """X − y in s16.15 (exact, wrapped)."""
    return wrap(x - y)


def mul(x: int, y: int) -> int:
    """X · y in s16.15: the 64-bit product shifted right by 15 (towards −∞), wrapped."""
    return wrap((x * y) >> FRACTION_BITS)


@dataclass(frozen=True, slots=True)
class Cell:
    """What one neuron needs: a, b, c, d, the threshold [mV] and the start (v0, u0)."""

    a: float
    b: float
    c: float
    d: float
    v_peak: float
    v0: float
    u0: float


@dataclass(frozen=True, slots=True)
class FixedRun:
    """One run: v after each step (the threshold where it fired) and the spiking steps."""

    v: tuple[float, ...]
    spike_steps: tuple[int, ...]
    raw_v: tuple[int, ...]  # the s16.15 integers (empty for the float64 run)


def _step_fixed(v, u, i, h, a, b):
    k5, k140 = 5 << FRACTION_BITS, 140 << FRACTION_BITS
    pre = sub(add(k140, i), u)
    alpha = add(pre, mul(add(k5, mul(K_RAW, v)), v))
    eta = add(v, mul(mul(h, alpha), HALF_RAW))
    beta = mul(mul(mul(h, sub(mul(b, v), u)), a), HALF_RAW)
    v_new = add(v, mul(h, add(sub(pre, beta), mul(add(k5, mul(K_RAW, eta)), eta))))
    u_new = add(u, mul(mul(a, h), add(sub(-u, beta), mul(b, eta))))
    return v_new, u_new


def run_fixed(cell: Cell, i_ext: Sequence[float], dt: float) -> FixedRun:
    """The s16.15 run: one step of ``dt`` [ms] per entry of ``i_ext``."""
    a, b, c, d = (to_fixed(x) for x in (cell.a, cell.b, cell.c, cell.d))
    peak, reset_h = to_fixed(cell.v_peak), to_fixed(dt)
    v, u, h = to_fixed(cell.v0), to_fixed(cell.u0), reset_h
    raw, spikes = [], []
    for k, current in enumerate(i_ext):
        v, u = _step_fixed(v, u, to_fixed(current), h, a, b)
        h = reset_h
        if v >= peak:
            spikes.append(k)
            raw.append(peak)
            v, u, h = c, add(u, d), mul(reset_h, TQ_RAW)
        else:
            raw.append(v)
    return FixedRun(tuple(to_float(r) for r in raw), tuple(spikes), tuple(raw))


def run_float(cell: Cell, i_ext: Sequence[float], dt: float, k2: float = 0.04) -> FixedRun:
    """The same algorithm in float64, with the model's ``k2`` (0.04) and 1.85."""
    a, b = cell.a, cell.b
    v, u, h = cell.v0, cell.u0, dt
    out, spikes = [], []
    for k, current in enumerate(i_ext):
        pre = 140.0 + current - u
        alpha = pre + (5.0 + k2 * v) * v
        eta = v + h * alpha * 0.5
        beta = h * (b * v - u) * a * 0.5
        v = v + h * (pre - beta + (5.0 + k2 * eta) * eta)
        u = u + a * h * (-u - beta + b * eta)
        h = dt
        if v >= cell.v_peak:
            spikes.append(k)
            out.append(cell.v_peak)
            v, u, h = cell.c, u + cell.d, dt * TQ_FLOAT
        else:
            out.append(v)
    return FixedRun(tuple(out), tuple(spikes), ())

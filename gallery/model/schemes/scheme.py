"""What a scheme declares, and the storage rules that turn a kernel's output into a trace.

Stage: model (imports ``grid``; numpy only, no numba). Times [ms], v [mV].

A scheme file builds one :class:`Scheme`: its kernel (the numba loop), its grid, its spike test
in words, its storage rule, its population rule for f-I sweeps (or None), the name of its twin
in ``site_src/js/model.js`` and a one-line description. The registry in
:mod:`gallery.model.schemes` lists them in the order the site shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from gallery.model.grid import Grid


@dataclass(frozen=True, slots=True, kw_only=True)
class KernelOutput:
    """One kernel call: the grid, the start, the trace it wrote and the spike log.

    ``v`` and ``u`` have one sample per grid time; the kernel wrote one per step from sample
    ``first`` on (1 when the grid's first sample is the initial state), NaN from step
    ``n_done`` on (where the state stopped being finite). ``spike_steps`` and ``spike_log``
    hold the logged spikes only.
    """

    t: NDArray[np.float64]
    v0: float
    u0: float
    v: NDArray[np.float64]
    u: NDArray[np.float64]
    first: int
    n_done: int
    spike_steps: NDArray[np.int64]
    spike_log: NDArray[np.float64]  # rows: (extra, v after the reset, u after the reset)

    @property
    def complete(self) -> bool:
        """Every step was taken (the state stayed finite)."""
        return self.first + self.n_done == self.v.size


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    """The trace and spikes a run keeps, in the scheme's storage convention.

    ``spike_samples`` index the trace: for the grid schemes ``t[spike_samples]`` are the spike
    times; for the reference the sample of the step in which the crossing was located.
    """

    v: NDArray[np.float64]
    u: NDArray[np.float64]
    spike_times: NDArray[np.float64]
    spike_samples: NDArray[np.int64]
    reset_v: NDArray[np.float64]
    reset_u: NDArray[np.float64]
    diverged_at: float | None


@dataclass(frozen=True, slots=True)
class Storage:
    """A storage rule: how the kernel's outputs become a run's v, u and spike times.

    With ``reset_in_trace`` the crossing sample holds the reset state and the sample before it
    the peak (the 2007 book); otherwise the spike's own sample holds what the step stored.
    """

    description: str
    reset_in_trace: bool
    store: Callable[[KernelOutput], Stored] = field(repr=False)


def _diverged(out: KernelOutput, index: int) -> float | None:
    return None if out.complete else float(out.t[index])


def _stored(out: KernelOutput, v, u, times, samples, diverged_index: int) -> Stored:
    log = out.spike_log
    return Stored(
        v=v, u=u, spike_times=times, spike_samples=samples, reset_v=log[:, 1].copy(),
        reset_u=log[:, 2].copy(), diverged_at=_diverged(out, diverged_index),
    )  # fmt: skip


def _after_step(out: KernelOutput) -> Stored:
    steps = out.spike_steps
    return _stored(out, out.v, out.u, out.t[steps], steps.copy(), out.n_done - 1)


def _book(out: KernelOutput) -> Stored:
    # The book script stores the initial state and pads the sample before a spike with the
    # peak; the spike is the sample that crossed.
    steps = out.spike_steps
    v, u = out.v, out.u
    v[0] = out.v0
    u[0] = out.u0
    v[steps] = out.spike_log[:, 0]
    return _stored(out, v, u, out.t[steps + 1], steps + 1, out.n_done)


def _in_step_offset(out: KernelOutput) -> Stored:
    steps = out.spike_steps
    times = out.t[steps] + out.spike_log[:, 0]
    return _stored(out, out.v, out.u, times, steps.copy(), out.n_done - 1)


AFTER_STEP = Storage(
    "sample k holds the state after the step taken at t_k; a spike's sample, what it stored",
    False,
    _after_step,
)
BOOK_SAMPLES = Storage(
    "the initial state first; the sample before a spike padded with the peak, the crossing "
    "sample holding the reset state",
    True,
    _book,
)
IN_STEP_OFFSET = Storage(
    "as after-step, with each spike time the step's start plus the located crossing offset",
    False,
    _in_step_offset,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheme:
    """One integration scheme, as its file declares it.

    ``kernel(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_log)`` returns
    ``(n_spikes, n_done, v_final, u_final)``. ``population(p, neurons, v, u, features,
    protocol, dt, block)`` runs many neurons, each with its own a, b, c, d and step amplitude,
    keeping spike-train features (:mod:`~.population`; None: the scheme has none).
    """

    name: str
    js_name: str
    description: str
    grid: Grid
    spike_test: str
    storage: Storage
    kernel: Callable = field(repr=False)
    population: Callable | None = field(repr=False)
    population_rule: str

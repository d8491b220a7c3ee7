"""Run a preset: protocol on the scheme's grid, the scheme's kernel, its storage rule.

Stage: model (imports ``catalogue``, ``grid``, ``stimulus``, ``schemes``); the only caller of
the single-neuron kernels. Times [ms], v [mV].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from gallery.model.catalogue import SCHEMES, Model, Preset
from gallery.model.grid import MAX_STEPS, steps_needed
from gallery.model.schemes import SCHEMES as REGISTRY
from gallery.model.schemes import Scheme
from gallery.model.schemes.primitives import LOG_COLUMNS, ModelParams, fill_times
from gallery.model.schemes.scheme import KernelOutput, Stored
from gallery.model.stimulus import current

LOG_ROOM_MIN = 64  # spikes the first kernel call can log, at least
RUNAWAY_SPIKE_FRACTION = 0.25  # a spike in more than this share of the steps: a runaway


class SimulationError(ValueError):
    """A request that cannot give a meaningful run (bad step, duration or scheme)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """One simulated run: the trace on the grid and the spike times.

    ``v`` shows each spike at its cut-off (clipped), as the published figures do.
    ``spike_samples`` are the trace indices of the spikes (``t_ms[spike_samples]`` equals
    ``spike_times_ms`` on the grid schemes; for the reference, the sample of the step in which
    the crossing was located). ``reset_v`` and ``reset_u`` are the state right after each
    spike's reset, as the kernel computed it. ``diverged_at_ms`` is the grid time at which the
    state stopped being finite, else None; the trace is NaN from there on.
    """

    label: str
    amplitude: float
    scheme: str
    dt_ms: float
    t_ms: NDArray[np.float64]
    v: NDArray[np.float64]
    u: NDArray[np.float64]
    i_ext: NDArray[np.float64]
    spike_times_ms: NDArray[np.float64]
    spike_samples: NDArray[np.int64]
    reset_v: NDArray[np.float64]
    reset_u: NDArray[np.float64]
    diverged_at_ms: float | None = None

    @property
    def n_spikes(self) -> int:
        """Number of spikes in the run."""
        return int(self.spike_times_ms.size)

    @property
    def runaway(self) -> str | None:
        """Why the run is a numerical runaway rather than the model's behaviour, else None.

        Either the state stopped being finite, or the cell fired in more than
        ``RUNAWAY_SPIKE_FRACTION`` of the steps: v then jumps past the cut-off straight after
        each reset, which no cell of the model does at a step that resolves it (the fastest
        preset fires in about 3 % of its steps). The widget applies the same two rules.
        """
        if self.diverged_at_ms is not None:
            return f"the state stopped being finite at t = {self.diverged_at_ms:g} ms"
        steps = self.t_ms.size
        if steps and self.n_spikes > RUNAWAY_SPIKE_FRACTION * steps:
            return f"it fires in {self.n_spikes} of its {steps} steps"
        return None


def kernel_params(model: Model) -> ModelParams:
    """The float tuple the kernels read, from a :class:`Model`."""
    return ModelParams(
        form_2007=model.form.kernel_flag,
        k2=model.k2, k1=model.k1, k0=model.k0,
        cap=model.form.capacitance(model), k=model.k, vr=model.vr, vt=model.vt,
        a=model.a, b=model.b,
        b_hyper=model.b if model.b_hyper is None else model.b_hyper,
        b_switch_v=-math.inf if model.b_switch_v is None else model.b_switch_v,
        u_v_offset=model.u_v_offset, u_decay=model.u_decay,
        vb=math.nan if model.vb is None else model.vb,
        c=model.c, c_u=model.c_u, d=model.d, u_max=model.u_max,
        v_peak=model.v_peak, v_peak_u=model.v_peak_u,
        strict=1.0 if model.spike_test == ">" else 0.0,
    )  # fmt: skip


def check_request(dt_ms: float, t_max_ms: float, scheme: str) -> None:
    """Refuse a step, duration or scheme that cannot give a meaningful run."""
    if scheme not in SCHEMES:
        raise SimulationError(f"unknown scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    for name, value in (("dt_ms", dt_ms), ("t_max_ms", t_max_ms)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise SimulationError(f"{name} must be a finite number, got {value!r}")
        if value <= 0:
            raise SimulationError(f"{name} must be > 0, got {value!r}")
    if dt_ms > t_max_ms:
        raise SimulationError(f"dt_ms ({dt_ms}) is longer than the run ({t_max_ms} ms)")
    steps = steps_needed(dt_ms, t_max_ms)
    if steps > MAX_STEPS:
        raise SimulationError(
            f"{t_max_ms} ms at dt = {dt_ms} ms needs {steps:.3g} steps, over the limit of "
            f"{MAX_STEPS:,}; use a larger dt_ms or a shorter t_max_ms"
        )


def simulate(
    preset: Preset,
    *,
    dt_ms: float | None = None,
    t_max_ms: float | None = None,
    scheme: str | None = None,
    amplitudes: tuple[float, ...] | None = None,
) -> tuple[Run, ...]:
    """Simulate every published amplitude of ``preset`` (one :class:`Run` each).

    ``dt_ms``, ``t_max_ms`` and ``scheme`` override the published values; the protocol is
    re-evaluated on the new grid with the same rule (thresholds such as ``t_end/10`` follow the
    grid as in the scripts). ``amplitudes`` replaces the published list.
    """
    dt = preset.dt_ms if dt_ms is None else dt_ms
    t_max = preset.t_max_ms if t_max_ms is None else t_max_ms
    scheme = preset.scheme if scheme is None else scheme
    check_request(dt, t_max, scheme)
    amps = preset.amplitudes if amplitudes is None else tuple(amplitudes)
    for amp in amps:
        if not math.isfinite(amp):
            raise SimulationError(f"amplitude must be a finite number, got {amp!r}")
    return tuple(_run(preset, float(dt), float(t_max), scheme, float(amp)) for amp in amps)


def with_parameters(preset: Preset, **changes: float) -> Preset:
    """A copy of ``preset`` with model constants changed (``a=0.03``, ``d=2``, ...)."""
    for name, value in changes.items():
        if not math.isfinite(value):
            raise SimulationError(f"parameter {name} must be a finite number, got {value!r}")
    model = replace(preset.model, **changes)
    if model.c_u == 0 and model.v_peak_u == 0 and model.c >= model.v_peak:
        raise SimulationError(
            f"the reset c = {model.c} is not below the spike cut-off v_peak = {model.v_peak}: "
            "the cell would fire at every step"
        )
    return replace(preset, model=model)


def _run(preset: Preset, dt: float, t_max: float, scheme_name: str, amp: float) -> Run:
    scheme = REGISTRY[scheme_name]
    t = np.empty(scheme.grid.points(dt, t_max))
    fill_times(t, dt)  # the grid's times, as Grid.times gives them (tested), in one pass
    # One block for the current and the trace: the allocator then reuses its pages from run
    # to run, where three separate arrays often come back as fresh pages, whose first-touch
    # faults cost about as much as the kernel (kept under glibc's 32 MB mmap ceiling up to
    # 10^6 steps, with t apart).
    i_ext, v, u = np.empty((3, t.size))
    current(preset.stimulus, t, amp, out=i_ext)
    stored = _store(scheme, kernel_params(preset.model), preset, (t, i_ext, v, u), dt)
    arrays = [t, stored.v, stored.u, i_ext, stored.spike_times, stored.spike_samples]
    arrays += [stored.reset_v, stored.reset_u]
    for array in arrays:
        array.setflags(write=False)
    label = f"{preset.stimulus.amplitude_label} = {amp:g}"
    return Run(
        label=label, amplitude=amp, scheme=scheme_name, dt_ms=dt, t_ms=arrays[0], v=arrays[1],
        u=arrays[2], i_ext=arrays[3], spike_times_ms=arrays[4], spike_samples=arrays[5],
        reset_v=arrays[6], reset_u=arrays[7], diverged_at_ms=stored.diverged_at,
    )  # fmt: skip


def _store(scheme: Scheme, params: ModelParams, preset: Preset, traces, dt: float) -> Stored:
    """Call the scheme's kernel on the currents that drive a step; apply its storage rule.

    ``traces`` are the run's ``(t, i_ext, v, u)``; the kernel writes one sample of v and u
    per step, after the initial sample when the grid starts with it.
    """
    t, i_ext, v, u = traces
    steps = scheme.grid.driving(i_ext)
    first = 1 if scheme.grid.initial_sample else 0
    n = steps.shape[0]
    v_out, u_out = v[first:], u[first:]
    # A log with room for every step is mostly untouched memory, but a large one makes the
    # allocator hand back fresh pages for the trace too, so start with room for one spike in
    # 16 steps (the fastest preset fires in about 3 %) and run again in the rare case it fills.
    for room in dict.fromkeys((min(n, LOG_ROOM_MIN + n // 16), n)):
        spike_steps = np.empty(room, dtype=np.int64)
        spike_log = np.empty((room, LOG_COLUMNS))
        n_spikes, n_done, _, _ = scheme.kernel(
            params, steps, dt, preset.v0, preset.u0, v_out, u_out, spike_steps, spike_log
        )
        if n_spikes < room:
            break
    v_out[n_done:] = np.nan
    u_out[n_done:] = np.nan
    return scheme.storage.store(
        KernelOutput(
            t=t,
            v0=preset.v0,
            u0=preset.u0,
            v=v,
            u=u,
            first=first,
            n_done=n_done,
            spike_steps=spike_steps[:n_spikes],
            spike_log=spike_log[:n_spikes],
        )
    )

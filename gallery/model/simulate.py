"""Run a preset: protocol on the grid, the scheme's kernel, the published trace conventions.

Stage: simulate (imports ``catalogue``, ``grid``, ``stimulus``, ``kernels``); the only caller of
the kernels. Times [ms], v [mV].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from gallery.model.catalogue import SCHEMES, Model, Preset
from gallery.model.grid import MAX_STEPS, book_grid, published_grid, steps_needed
from gallery.model.schemes import kernels
from gallery.model.stimulus import current

KERNELS = {
    "published-2004": kernels.integrate_published_2004,
    "book-2007": kernels.integrate_book_2007,
    "network-2003": kernels.integrate_network_2003,
    "euler": kernels.integrate_euler,
    "reference": kernels.integrate_reference,
}


RUNAWAY_SPIKE_FRACTION = 0.25  # a spike in more than this share of the steps: a runaway


class SimulationError(ValueError):
    """A request that cannot give a meaningful run (bad step, duration or scheme)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """One simulated run: the trace on the grid and the spike times.

    ``v`` shows each spike at its cut-off (clipped), as the published figures do.
    ``diverged_at_ms`` is the grid time at which the state stopped being finite, else None;
    the trace is NaN from there on.
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


def kernel_params(model: Model) -> kernels.ModelParams:
    """The float tuple the kernels read, from a :class:`Model`."""
    is_2007 = model.form == "2007"
    return kernels.ModelParams(
        form_2007=1.0 if is_2007 else 0.0,
        k2=model.k2, k1=model.k1, k0=model.k0,
        cap=model.C if is_2007 else 1.0, k=model.k, vr=model.vr, vt=model.vt,
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


def _run(preset: Preset, dt: float, t_max: float, scheme: str, amp: float) -> Run:
    params = kernel_params(preset.model)
    book = scheme == "book-2007"
    t = book_grid(dt, t_max) if book else published_grid(dt, t_max)
    i_ext = current(preset.stimulus, t, amp)
    steps = i_ext[:-1] if book else i_ext
    n = steps.shape[0]
    v_out = np.empty(n)
    u_out = np.empty(n)
    spike_steps = np.empty(n, dtype=np.int64)
    spike_extra = np.empty(n)
    n_spikes, n_done, _, _ = KERNELS[scheme](
        params, steps, dt, preset.v0, preset.u0, v_out, u_out, spike_steps, spike_extra
    )
    v_out[n_done:] = np.nan
    u_out[n_done:] = np.nan
    steps_hit = spike_steps[:n_spikes]
    if book:
        # The book script stores the initial state and pads the sample before a spike with the
        # peak; the spike is the sample that crossed.
        v = np.concatenate(([preset.v0], v_out))
        u = np.concatenate(([preset.u0], u_out))
        v[steps_hit] = spike_extra[:n_spikes]
        spike_times = t[steps_hit + 1]
    elif scheme == "reference":
        v, u = v_out, u_out
        spike_times = t[steps_hit] + spike_extra[:n_spikes]
    else:
        v, u = v_out, u_out
        spike_times = t[steps_hit]
    diverged = None
    if n_done < n:
        # the time of the first stored non-finite value
        diverged = float(t[n_done] if book else t[n_done - 1])
    arrays = [np.ascontiguousarray(x, dtype=np.float64) for x in (t, v, u, i_ext, spike_times)]
    for array in arrays:
        array.setflags(write=False)
    label = f"{preset.stimulus.amplitude_label} = {amp:g}"
    return Run(
        label=label, amplitude=amp, scheme=scheme, dt_ms=dt, t_ms=arrays[0], v=arrays[1],
        u=arrays[2], i_ext=arrays[3], spike_times_ms=arrays[4], diverged_at_ms=diverged,
    )  # fmt: skip

"""Spike-train statistics (intervals, bursts, rates, adaptation, latency) and f–I curves.

Stage: analysis. The train statistics use plain numpy only; the f–I curve and the simulated
rheobase also import ``catalogue``, ``schemes`` and ``simulate`` (the model stage) to run many
copies of a preset's neuron at once with its scheme's population rule
(:attr:`gallery.model.schemes.Scheme.population`).
Times in [ms], rates in [Hz], currents in the preset's own units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gallery.model.catalogue import Preset
from gallery.model.population import PopulationRun, StepProtocol, run_population
from gallery.model.schemes import SCHEMES
from gallery.model.schemes.primitives import ModelParams
from gallery.model.simulate import check_request, kernel_params

BURST_GAP_MS = 10.0
"""Spikes closer than this belong to the same burst (the rule used in protocols.md §7)."""

REPETITIVE_MIN_SPIKES = 2
"""Spikes after the transient that count as repetitive firing.

One spike is not enough: a phasic or latency cell fires one late spike and stops, and one
spike has no interval. Two spikes in the measured window mean at least one full interval
of sustained firing, the weakest evidence of a periodic orbit that a count can give.
"""

CLASS_1_INTERVALS_PER_WINDOW = 2.5
"""At the refined onset a class-1 cell fires fewer intervals than this in the window.

Near a saddle-node on an invariant circle the period grows without bound, so once the onset
current is refined the only limit on how slowly the cell fires is the window W itself. Just
below the refined onset the cell fires fewer than two spikes in W, so its period exceeds W/2
(any window of length W holds at least two spikes of a train with period <= W/2); by
continuity the period just above it does too: at most 2 intervals per window. A class-2 cell
(Hopf) starts at a finite rate, independent of W. 2.5 allows 25 % slack over the bound of 2.
The classes can be told apart only when W holds more than 2.5 periods of the class-2 onset
rate (above 3.1 Hz for the default 800-ms window); slower abrupt onsets read as class 1.
"""

_CANDIDATES = 32
"""Currents tried per population run when a bracket is refined (it shrinks 33-fold a run)."""

_ONSET_REL_TOL = 1e-6
"""Refine the onset until the bracket is this small, relative to max(1, |current|)."""


def isis(spike_times_ms: ArrayLike) -> NDArray[np.float64]:
    """Inter-spike intervals [ms]."""
    return np.diff(np.asarray(spike_times_ms, dtype=np.float64))


def bursts(spike_times_ms: ArrayLike, gap_ms: float = BURST_GAP_MS) -> list[NDArray[np.float64]]:
    """Group spikes into bursts: a new group starts after an interval of ``gap_ms`` or more.

    A single spike is a group of one.
    """
    times = np.asarray(spike_times_ms, dtype=np.float64)
    if times.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(times) >= gap_ms) + 1
    return list(np.split(times, breaks))


def firing_rate_hz(spike_times_ms: ArrayLike, start_ms: float, stop_ms: float) -> float:
    """Mean rate [Hz] over ``[start_ms, stop_ms)``."""
    times = np.asarray(spike_times_ms, dtype=np.float64)
    count = np.count_nonzero((times >= start_ms) & (times < stop_ms))
    return 1000.0 * count / (stop_ms - start_ms)


def _train(spike_times_ms: ArrayLike) -> NDArray[np.float64]:
    """Spike times as a finite, increasing 1-D array, or ``ValueError``."""
    times = np.asarray(spike_times_ms, dtype=np.float64)
    if times.ndim != 1:
        raise ValueError(f"spike times must be a 1-D sequence, got shape {times.shape}")
    if not np.all(np.isfinite(times)):
        raise ValueError("spike times must be finite numbers")
    if np.any(np.diff(times) <= 0):
        raise ValueError("spike times must be strictly increasing")
    return times


def adaptation_index(spike_times_ms: ArrayLike) -> float:
    """Adaptation index: the mean normalised difference of consecutive intervals.

    ::

        A = mean over k of (ISI[k+1] - ISI[k]) / (ISI[k+1] + ISI[k])

    over the N - 2 pairs of consecutive intervals of N spikes (the normalised-difference form
    used for the ``adapt`` feature of the Allen Institute's IPFX, after Druckmann et al. 2007).
    A lies in (-1, 1) and is dimensionless: positive when the train slows down (adaptation),
    0 for a regular train, negative when it speeds up.

    Returns NaN with fewer than 3 spikes (fewer than two intervals), so a table of cells can
    hold it as a float; ``ValueError`` for times that are not finite and strictly increasing.
    """
    intervals = np.diff(_train(spike_times_ms))
    if intervals.size < 2:
        return math.nan
    later, earlier = intervals[1:], intervals[:-1]
    return float(np.mean((later - earlier) / (later + earlier)))


def first_spike_latency_ms(spike_times_ms: ArrayLike, stimulus_onset_ms: float) -> float:
    """Time [ms] from the stimulus onset to the first spike at or after it.

    Spikes before the onset are ignored. NaN when no spike follows the onset.
    """
    if not math.isfinite(stimulus_onset_ms):
        raise ValueError(f"stimulus_onset_ms must be a finite number, got {stimulus_onset_ms!r}")
    times = _train(spike_times_ms)
    after = times[times >= stimulus_onset_ms]
    return float(after[0] - stimulus_onset_ms) if after.size else math.nan


# --- f–I curves --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class FICurve:
    """Steady firing rate against constant current, and how firing begins.

    ``rates_hz[j]`` is the number of spikes after the transient under ``currents[j]`` divided
    by the remaining time (NaN where the state stopped being finite). ``onset_current`` is
    the smallest current found to fire repetitively (:data:`REPETITIVE_MIN_SPIKES`), refined
    between grid points, and ``onset_rate_hz`` the mean rate of its intervals after the
    transient. ``onset_class`` is ``"class 1"`` (the rate rises continuously from zero: the
    onset interval is window-limited, see :data:`CLASS_1_INTERVALS_PER_WINDOW`) or
    ``"class 2"`` (firing starts at a clearly nonzero rate). All three are None when no
    current fires repetitively; ``onset_class`` is None when the lowest current already does
    (the grid does not bracket the onset).
    """

    currents: NDArray[np.float64]
    rates_hz: NDArray[np.float64]
    onset_current: float | None
    onset_rate_hz: float | None
    onset_class: str | None


@dataclass(frozen=True, slots=True)
class _Sweep:
    """A validated population run: the preset's model and start, the grid and the window."""

    params: ModelParams
    v0: float
    u0: float
    dt: float
    n_steps: int
    n_transient: int
    scheme: str

    @property
    def window_ms(self) -> float:
        return (self.n_steps - self.n_transient) * self.dt


def _sweep(preset: Preset, t_max_ms: float, transient_ms: float, dt_ms: float | None) -> _Sweep:
    dt = preset.dt_ms if dt_ms is None else dt_ms
    scheme = SCHEMES.get(preset.scheme)
    if scheme is None or scheme.population is None:
        supported = (name for name, known in SCHEMES.items() if known.population is not None)
        raise ValueError(
            f"scheme {preset.scheme!r} has no population rule (supported: {', '.join(supported)})"
        )
    check_request(dt, t_max_ms, preset.scheme)
    if not (isinstance(transient_ms, int | float) and math.isfinite(transient_ms)):
        raise ValueError(f"transient_ms must be a finite number, got {transient_ms!r}")
    if not 0 <= transient_ms < t_max_ms:
        raise ValueError(f"transient_ms must be in [0, t_max_ms = {t_max_ms}), got {transient_ms}")
    n_steps = round(t_max_ms / dt)
    n_transient = round(transient_ms / dt)
    if n_steps - n_transient < 1:
        raise ValueError(f"no step of {dt} ms is left after the transient of {transient_ms} ms")
    return _Sweep(kernel_params(preset.model), preset.v0, preset.u0, float(dt), n_steps,
                  n_transient, preset.scheme)  # fmt: skip


def _run(sweep: _Sweep, currents: NDArray[np.float64]) -> PopulationRun:
    """One population call: every current a neuron of the preset, from its ``(v0, u0)``."""
    m = sweep.params
    protocol = StepProtocol(dt=sweep.dt, n_steps=sweep.n_steps, onset=0,
                            late=sweep.n_transient, gap=1)  # fmt: skip
    return run_population(sweep.scheme, m, protocol, a=m.a, b=m.b, c=m.c, d=m.d,
                          amp=np.ascontiguousarray(currents), v0=sweep.v0, u0=sweep.u0)  # fmt: skip


def _counts(sweep: _Sweep, currents: NDArray[np.float64]) -> NDArray[np.float64]:
    """Spikes after the transient (NaN where the state diverged), one population call."""
    run = _run(sweep, currents)
    return np.where(run.finite, run.feature("late_count").astype(np.float64), np.nan)


def _interval_rates(sweep: _Sweep, currents: NDArray[np.float64]):
    """Spike counts after the transient and the mean rate [Hz] of their intervals."""
    run = _run(sweep, currents)
    after, first, last = (run.feature(k) for k in ("late_count", "late_first", "last"))
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = 1000.0 * (after - 1) / ((last - first) * sweep.dt)
    rates = np.where(run.finite & (after >= 2), rates, np.nan)
    return np.where(run.finite, after, 0), rates


def _refine(sweep: _Sweep, lo: float, hi: float, tol: float) -> tuple[float, float]:
    """Shrink ``(lo, hi]`` (lo silent, hi repetitive) below ``tol``; return (hi, its rate)."""
    _, rate = _interval_rates(sweep, np.array([hi]))
    rate_hi = float(rate[0])
    while hi - lo > tol:
        trial = np.linspace(lo, hi, _CANDIDATES + 2)[1:-1]
        counts, rates = _interval_rates(sweep, trial)
        firing = np.flatnonzero(counts >= REPETITIVE_MIN_SPIKES)
        if firing.size:
            first = firing[0]
            hi, rate_hi = float(trial[first]), float(rates[first])
            lo = float(trial[first - 1]) if first > 0 else lo
        else:
            lo = float(trial[-1])
    return hi, rate_hi


def _current_grid(currents: ArrayLike) -> NDArray[np.float64]:
    grid = np.array(currents, dtype=np.float64)
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"currents must be a non-empty 1-D sequence, got shape {grid.shape}")
    if not np.all(np.isfinite(grid)):
        raise ValueError(f"currents must be finite numbers, got {grid[~np.isfinite(grid)]}")
    if np.any(np.diff(grid) <= 0):
        raise ValueError("currents must be strictly increasing")
    grid.setflags(write=False)
    return grid


def fi_curve(
    preset: Preset,
    currents: ArrayLike,
    *,
    t_max_ms: float = 1000.0,
    transient_ms: float = 200.0,
    dt_ms: float | None = None,
    rate: str = "count",
) -> FICurve:
    """The f–I curve of ``preset``'s neuron under constant currents, from its ``(v0, u0)``.

    ``rate="interval"`` measures each rate as the inverse mean interval of the spikes after
    the transient (0 below two spikes): a smooth curve for figures, free of the 1/window steps
    of counting.

    All of ``currents`` (strictly increasing) run in one population call of the preset's
    scheme (its :attr:`~gallery.model.schemes.Scheme.population` rule) at ``dt_ms`` (default:
    the preset's). The rate is the number of spikes after ``transient_ms`` divided by the
    remaining time [Hz]. The onset is the first grid current with repetitive firing, refined
    by multisection against the grid point below it (a few more population runs of
    :data:`_CANDIDATES` currents) until the bracket is below 1e-6 of the current, so the class
    does not depend on the grid spacing.
    """
    grid = _current_grid(currents)
    sweep = _sweep(preset, t_max_ms, transient_ms, dt_ms)
    if rate not in ("count", "interval"):
        raise ValueError(f"rate must be 'count' or 'interval', got {rate!r}")
    if rate == "count":
        counts = _counts(sweep, grid)
        rates = 1000.0 * counts / sweep.window_ms
    else:
        counts, by_interval = _interval_rates(sweep, grid)
        rates = np.where(counts >= REPETITIVE_MIN_SPIKES, by_interval, 0.0)
    rates.setflags(write=False)
    firing = np.flatnonzero(counts >= REPETITIVE_MIN_SPIKES)
    if firing.size == 0:
        return FICurve(grid, rates, None, None, None)
    first = int(firing[0])
    if first == 0:
        _, onset_rate = _interval_rates(sweep, grid[:1])
        return FICurve(grid, rates, float(grid[0]), float(onset_rate[0]), None)
    lo, hi = float(grid[first - 1]), float(grid[first])
    onset, onset_rate = _refine(sweep, lo, hi, _ONSET_REL_TOL * max(1.0, abs(hi)))
    slow = onset_rate * sweep.window_ms / 1000.0 < CLASS_1_INTERVALS_PER_WINDOW
    return FICurve(grid, rates, onset, onset_rate, "class 1" if slow else "class 2")


def rheobase_simulated(
    preset: Preset,
    lo: float,
    hi: float,
    tol: float,
    *,
    t_max_ms: float = 1000.0,
    transient_ms: float = 200.0,
    dt_ms: float | None = None,
) -> float:
    """The smallest constant current at which ``preset``'s neuron fires repetitively.

    Repetitive: at least :data:`REPETITIVE_MIN_SPIKES` spikes after ``transient_ms`` of a
    ``t_max_ms`` run from ``(v0, u0)``. ``lo`` must be silent and ``hi`` fire; the bracket is
    narrowed with :data:`_CANDIDATES` currents per population run until it is at most ``tol``
    wide, and its upper end (a current that fires) is returned. Unlike
    :func:`gallery.phase_plane.rest_loss` this includes resets and the finite window.
    """
    for name, value in (("lo", lo), ("hi", hi), ("tol", tol)):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if not lo < hi:
        raise ValueError(f"need lo < hi, got lo = {lo}, hi = {hi}")
    if tol <= 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    sweep = _sweep(preset, t_max_ms, transient_ms, dt_ms)
    ends = _counts(sweep, np.array([lo, hi], dtype=np.float64))
    if ends[0] >= REPETITIVE_MIN_SPIKES:
        raise ValueError(f"the cell already fires repetitively at lo = {lo}; lower it")
    if not ends[1] >= REPETITIVE_MIN_SPIKES:
        raise ValueError(f"the cell does not fire repetitively at hi = {hi}; raise it")
    return _refine(sweep, float(lo), float(hi), tol)[0]

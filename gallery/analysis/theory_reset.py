"""The numbers the reset page quotes, each computed from the presets at build time.

Where resets land, the reset map, the fast–slow view, ringing and rebound (the page's
reset-map and fast–slow sections quote :func:`page`; the rest is not yet wired in).

Stage: analysis (imports the model stage, :mod:`phase_plane`, :mod:`spikes`, :mod:`fast_slow`,
:mod:`reset_map`, :mod:`manifold` and :mod:`cell_state`). The page's words are
``site_src/templates/theory-reset.md.j2``; tests/test_theory_reset.py computes each claim
again with plain numpy. Units: v [mV], t [ms], u and I in the form's unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gallery.analysis import phase_plane
from gallery.analysis.cell_state import published_state
from gallery.analysis.fast_slow import FastSlow, fast_slow
from gallery.analysis.reset_map import ResetMap, reset_map
from gallery.analysis.spikes import BURST_GAP_MS, bursts
from gallery.model.catalogue import Model, Preset, builtin
from gallery.model.simulate import Run, simulate

LANDING = ("tonic-spiking", "tonic-bursting", "mixed-mode", "spike-frequency-adaptation")
FAST_SLOW_PRESETS = ("tonic-spiking", "tonic-bursting")
CLASSES = ("rs-2003", "ib-2003", "ch-2003")  # the 2003 ladder through c and d
LADDER = ("rs-2003", "tonic-spiking", "ib-2003", "mixed-mode", "ch-2003", "tonic-bursting")
RINGING = ("subthreshold-oscillations", "resonator")
REBOUND_STEPS = (0.2, 0.25)  # [ms] the rebound-spike panel at its step and at the usual one
SHOWN = 5  # resets and intervals a table row lists


def preset_of(slug: str) -> Preset:
    """A built-in preset."""
    return builtin().get(slug)


def final_current(run: Run) -> float:
    """The drive at the end of a run (the step's amplitude for the step protocols)."""
    return float(run.i_ext[-1])


def onset_ms(preset: Preset) -> float:
    """When a step protocol reaches its final current (the part the fast–slow view shows)."""
    run = simulate(preset)[0]
    off = np.flatnonzero(run.i_ext != run.i_ext[-1])
    return float(run.t_ms[off[-1] + 1]) if off.size else 0.0


def fast_slow_of(preset: Preset) -> FastSlow:
    """The fast subsystem of a step-driven preset at its final current."""
    return fast_slow(preset.model, final_current(simulate(preset)[0]))


def burst_sizes(times: np.ndarray) -> tuple[int, ...]:
    """Spikes per burst (intervals under the site's 10-ms gap)."""
    return tuple(int(g.size) for g in bursts(times))


@dataclass(frozen=True, slots=True)
class LandingRow:
    """One preset's resets against the v-nullcline's height N_I(c) above the reset voltage."""

    slug: str
    label: str
    model: Model
    i_ext: float
    height: float  # N_I(c)
    resets: tuple[float, ...]  # u+ after each spike
    intervals: tuple[float, ...]  # [ms]
    first_above: int | None  # 1-based number of the first reset above N_I(c)

    @property
    def shown_resets(self) -> tuple[float, ...]:
        """The first :data:`SHOWN` resets, as the page's table lists them."""
        return self.resets[:SHOWN]

    @property
    def shown_intervals(self) -> tuple[float, ...]:
        """The first :data:`SHOWN` intervals [ms]."""
        return self.intervals[:SHOWN]

    @property
    def burst_sizes(self) -> tuple[int, ...]:
        """Spikes per burst under the site's 10-ms rule."""
        return burst_sizes(np.concatenate([[0.0], np.cumsum(self.intervals)]))

    @property
    def first_burst_climb(self) -> float:
        """Mean rise of u+ per spike within the first burst."""
        size = self.burst_sizes[0]
        return float(np.mean(np.diff(self.resets[:size]))) if size > 1 else 0.0


def landing_row(slug: str) -> LandingRow:
    """Where each reset of ``slug``'s published run lands."""
    preset = preset_of(slug)
    run = simulate(preset)[0]
    i_ext = final_current(run)
    height = float(phase_plane.nullcline_v(preset.model, [preset.model.c], i_ext)[0])
    resets = tuple(float(x) for x in run.reset_u)
    above = next((k + 1 for k, u in enumerate(resets) if u > height), None)
    return LandingRow(slug, preset.label, preset.model, i_ext, height, resets,
                      tuple(float(x) for x in np.diff(run.spike_times_ms)), above)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Slip:
    """A burst's resets that land just above N_I(c) and still fire quickly (tonic bursting)."""

    height: float
    highest_quick: float  # the highest reset followed by a spike within the burst gap
    decay: float  # du/dt = a (b c - u) at (c, N_I(c)): how fast u slips back under


def slip(row: LandingRow) -> Slip:
    """How far above N_I(c) a reset of ``row`` can land and still fire within 10 ms."""
    quick = [u for u, isi in zip(row.resets, row.intervals, strict=False) if isi < BURST_GAP_MS]
    m = row.model
    return Slip(row.height, max(quick), m.a * (m.b * m.c - row.height))


@dataclass(frozen=True, slots=True)
class MapFacts:
    """The reset map of one preset at its published state: fixed point, slope, the drop."""

    slug: str
    result: ResetMap
    drop_from: float | None  # the last grid u before M falls by more than the map's span/3
    drop_to: float | None  # M just after the drop
    climb: float | None  # mean M(u) - u on the grid below the drop, where M is defined

    @property
    def attracting(self) -> bool:
        """The fixed point exists and |M'| < 1 there."""
        return self.result.slope is not None and abs(self.result.slope) < 1


def map_facts(slug: str) -> MapFacts:
    """The reset map of ``slug`` and where it drops (the end of a burst)."""
    preset = preset_of(slug)
    result = reset_map(preset, published_state(preset))
    u, after = np.array(result.u), np.array(result.after)
    jumps = np.diff(after)
    span = np.nanmax(after) - np.nanmin(after)
    big = np.flatnonzero(jumps < -span / 3)
    if big.size == 0:
        return MapFacts(slug, result, None, None, None)
    k = int(big[0])
    below = np.isfinite(after[: k + 1])
    climb = float(np.mean(after[: k + 1][below] - u[: k + 1][below]))
    return MapFacts(slug, result, float(u[k]), float(after[k + 1]), climb)


@dataclass(frozen=True, slots=True)
class LadderRow:
    """One preset of the fast–slow table: the bistable range against d, and its bursts."""

    slug: str
    label: str
    model: Model
    system: FastSlow
    sizes: tuple[int, ...]

    @property
    def keeps_bursting(self) -> bool:
        """A burst of two or more spikes after the first group."""
        return any(s >= 2 for s in self.sizes[1:])


def ladder_row(slug: str) -> LadderRow:
    """The fast–slow numbers and burst sizes of ``slug``'s published run."""
    preset = preset_of(slug)
    run = simulate(preset)[0]
    return LadderRow(slug, preset.label, preset.model,
                     fast_slow(preset.model, final_current(run)),
                     burst_sizes(run.spike_times_ms))  # fmt: skip


def burst_period(slug: str) -> float:
    """Mean time between the starts of the bursts after the first [ms]."""
    groups = bursts(simulate(preset_of(slug))[0].spike_times_ms)
    starts = np.array([g[0] for g in groups[1:]])
    return float(np.diff(starts).mean())


@dataclass(frozen=True, slots=True)
class Ringing:
    """A focus at rest: damping time, period and how the preset's pulse pairs fare."""

    slug: str
    model: Model
    rest: phase_plane.FixedPoint  # at I = 0
    slope: float  # p = F'(v*), the v-nullcline's slope at rest
    damping_ms: float  # 2 / a: the envelope exp(-a t / 2) falls by e in this time
    period_ms: float  # 2 pi / omega
    pairs: tuple[tuple[float, bool], ...]  # (gap between a pair's pulses [ms], did it fire)


def pulse_pairs(run: Run) -> tuple[tuple[float, bool], ...]:
    """The run's pulses taken two by two: the gap between their onsets, and whether it fired.

    Fired: a spike after the second pulse and before the next pair (the resonator's and the
    integrator's protocols).
    """
    on = run.i_ext != run.i_ext[0]
    starts = run.t_ms[np.flatnonzero(np.diff(on.astype(np.int8)) == 1) + 1]
    out = []
    for k in range(0, starts.size - 1, 2):
        end = starts[k + 2] if k + 2 < starts.size else math.inf
        fired = bool(np.any((run.spike_times_ms > starts[k + 1]) & (run.spike_times_ms < end)))
        out.append((float(starts[k + 1] - starts[k]), fired))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class RestSlope:
    """The rest state at I = 0 and the v-nullcline's slope p = F'(v*) there."""

    rest: phase_plane.FixedPoint
    slope: float


def rest_slope(m: Model) -> RestSlope:
    """Rest at I = 0 and p = F'(v*), which decides focus or node with a and b."""
    rest = phase_plane.rest_state(m, 0.0)
    a2, a1, _ = phase_plane.quadratic(m)
    return RestSlope(rest, 2 * a2 * rest.v + a1)


def ringing(slug: str) -> Ringing:
    """The rest state of ``slug`` at I = 0 and its linear oscillation."""
    preset = preset_of(slug)
    m = preset.model
    at_rest = rest_slope(m)
    return Ringing(slug, m, at_rest.rest, at_rest.slope, 2.0 / m.a, at_rest.rest.period_ms,
                   pulse_pairs(simulate(preset)[0]))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Release:
    """The rebound-spike panel at one step: the state when the inhibitory pulse ends."""

    dt: float
    v: float
    u: float
    spikes: tuple[float, ...]  # [ms]


def release(slug: str, dt: float) -> Release:
    """The state of ``slug``'s run at step ``dt`` at the end of its pulse, and its spikes."""
    preset = preset_of(slug)
    run = simulate(preset, dt_ms=dt)[0]
    k = int(np.flatnonzero(run.i_ext != run.i_ext[0])[-1]) + 1  # the first step after it
    return Release(dt, float(run.v[k]), float(run.u[k]),
                   tuple(float(t) for t in run.spike_times_ms))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Held:
    """A cell held down by a negative step, then released: where it is held, and its burst."""

    slug: str
    model: Model
    hold: float  # the holding current
    v_held: float  # v at the end of the hold
    u_held: float  # u at the end of the hold
    u_start: float  # u at t = 0 (the run's lowest u for a cell that starts held)
    nullcline_low: tuple[float, float]  # (v, u) of the v-nullcline's minimum after release
    sizes: tuple[int, ...]


def held(slug: str) -> Held:
    """``slug``'s first run: the hold, the lowest u, and the bursts after release."""
    preset = preset_of(slug)
    run = simulate(preset)[0]
    holding = run.i_ext != run.i_ext[-1]
    k = int(np.flatnonzero(holding)[-1])
    a2, a1, _ = phase_plane.quadratic(preset.model)
    v_min = -a1 / (2 * a2)
    u_min = float(phase_plane.nullcline_v(preset.model, [v_min], final_current(run))[0])
    return Held(slug, preset.model, float(run.i_ext[k]), float(run.v[k]), float(run.u[k]),
                float(run.u[0]), (v_min, u_min), burst_sizes(run.spike_times_ms))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ResetPage:
    """The numbers of the reset page's reset-map and fast–slow sections."""

    tonic: MapFacts
    bursting: MapFacts
    tonic_system: FastSlow
    bursting_system: FastSlow
    landing: tuple[LandingRow, ...]  # LANDING, in order
    classes: tuple[LandingRow, ...]  # CLASSES, in order
    burst_period_ms: float  # tonic bursting: between burst starts after the first
    phasic_bursting: Model
    ringing: tuple[Ringing, ...]  # RINGING, in order
    node_rest: phase_plane.FixedPoint  # rest at I = 0 with b = 0.2 (RS 2003): a node
    node_slope: float  # p = F'(v*) there
    ladder: tuple[LadderRow, ...]
    slip: Slip
    rebound: tuple[Release, Release]  # rebound spike at dt = 0.2 and 0.25 ms
    rebound_burst: Held
    tc2003: Held
    tc2007: Held


def page() -> ResetPage:
    """Every number the reset page's new sections quote."""
    tonic, bursting = (preset_of(s) for s in FAST_SLOW_PRESETS)
    landing = tuple(landing_row(s) for s in LANDING)
    node = rest_slope(preset_of("rs-2003").model)
    return ResetPage(
        tonic=map_facts(tonic.slug),
        bursting=map_facts(bursting.slug),
        tonic_system=fast_slow_of(tonic),
        bursting_system=fast_slow_of(bursting),
        landing=landing,
        classes=tuple(landing_row(s) for s in CLASSES),
        burst_period_ms=burst_period(bursting.slug),
        phasic_bursting=preset_of("phasic-bursting").model,
        ringing=tuple(ringing(s) for s in RINGING),
        node_rest=node.rest,
        node_slope=node.slope,
        ladder=tuple(ladder_row(s) for s in LADDER),
        slip=slip(landing[LANDING.index(bursting.slug)]),
        rebound=(release("rebound-spike", 0.2), release("rebound-spike", 0.25)),
        rebound_burst=held("rebound-burst"),
        tc2003=held("tc-burst-2003"),
        tc2007=held("tc-burst-2007"),
    )

"""The numbers the excitability page is to quote: onsets, rest losses, the (a, b) plane.

Onsets from rest and on ramps, how rest is lost for each preset, the (a, b) plane, and the
pulse pairs of the integrator and the resonator (not yet wired into the page).

Stage: analysis (imports the model stage, :mod:`phase_plane`, :mod:`spikes`,
:mod:`hysteresis` and :mod:`theory_reset`). The page's words are
``site_src/templates/theory-excitability.md.j2``; tests/test_theory_excitability.py computes
each claim again with plain numpy. Units: v [mV], t [ms], I in the form's unit, rates [Hz].
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from gallery.analysis import atlas, phase_plane
from gallery.analysis.hysteresis import StepCurves, onset_from_rest, steady_rate, step_curves
from gallery.analysis.phase_plane import RestLoss
from gallery.analysis.spikes import fi_curve, rheobase_simulated
from gallery.analysis.theory_reset import pulse_pairs
from gallery.model.catalogue import Model, Preset, builtin
from gallery.model.simulate import simulate

CLASS_1, CLASS_2, TONIC = "class-1-excitable", "class-2-excitable", "tonic-spiking"
CLASS_1_ABOVE = (0.01, 0.15, 1.75)  # currents above the fold at which class 1's rate is quoted
CLASS_1_RUN_MS = 8000.0  # long enough for two intervals of a 1-Hz train after the transient
CLASS_2_CURRENTS = tuple(float(x) for x in np.round(np.linspace(0.2, 0.6, 41), 6))
FINE_DT = 0.01  # [ms] the step of the converged class-2 onset rate
LOSS_ROWS = ("class-1-excitable", "class-2-excitable", "resonator", "subthreshold-oscillations",
             "rebound-spike", "tonic-spiking")  # fmt: skip
FORM_2007 = ("rs-2007", "ch-2007", "ib-2007")
PULSES = ("integrator", "resonator")


def preset_of(slug: str) -> Preset:
    """A built-in preset."""
    return builtin().get(slug)


def rest_loss_of(slug: str) -> RestLoss:
    """Where the rest state of ``slug``'s model is lost as a constant current rises."""
    return phase_plane.rest_loss(preset_of(slug).model)


def fold_current(model: Model) -> float:
    """The current at which ``F(v) + I = b (v - u_v_offset)`` has a double root (the fold)."""
    a2, a1, a0 = phase_plane.quadratic(model)
    return (a1 - model.b) ** 2 / (4 * a2) - a0 - model.b * model.u_v_offset


@cache
def class2_steps() -> StepCurves:
    """Class 2 under steps from the I = 0 rest and from rest under each current."""
    return step_curves(preset_of(CLASS_2), CLASS_2_CURRENTS, 0.2, 0.45)


@dataclass(frozen=True, slots=True)
class Rate:
    """A steady rate at one constant current [Hz]."""

    current: float
    hz: float


@dataclass(frozen=True, slots=True)
class Ramp:
    """A ramp-driven preset: the current at its first spike, its first and fastest rate."""

    first_current: float
    first_interval: float  # [ms]
    last_interval: float  # [ms]
    first_hz: float
    top_hz: float


def ramp(slug: str) -> Ramp:
    """The published ramp run of ``slug``."""
    run = simulate(preset_of(slug))[0]
    times = run.spike_times_ms
    intervals = np.diff(times)
    first = float(run.i_ext[np.searchsorted(run.t_ms, times[0])])
    return Ramp(first, float(intervals[0]), float(intervals[-1]), 1000.0 / float(intervals[0]),
                1000.0 / float(intervals.min()))  # fmt: skip


def class1_rates() -> tuple[Rate, ...]:
    """Class 1's steady rates just above its fold, from its I = 0 rest state."""
    preset = preset_of(CLASS_1)
    rest = phase_plane.rest_state(preset.model, 0.0)
    fold = rest_loss_of(CLASS_1).current
    return tuple(
        Rate(fold + x, steady_rate(preset, fold + x, rest.v, rest.u, run_ms=CLASS_1_RUN_MS))
        for x in CLASS_1_ABOVE
    )


@dataclass(frozen=True, slots=True)
class Class2:
    """Class 2's onsets: at the Hopf point, from the I = 0 rest, from the preset's start."""

    loss: RestLoss
    above_hopf: Rate  # just above the Hopf current, from its unstable focus
    above_hopf_fine_hz: float  # the same at fine_dt_ms
    fine_dt_ms: float
    from_zero: Rate  # the first firing current of the step curves from the I = 0 rest
    onset_from_zero: float  # bisected
    start_v: float  # the preset's v0
    start_onset: Rate  # fi_curve from (v0, u0): where a cell started there keeps firing
    steps: StepCurves


def class2() -> Class2:
    """The numbers of the class 2 paragraph."""
    preset = preset_of(CLASS_2)
    loss = rest_loss_of(CLASS_2)
    above = round(loss.current + 0.01, 2)
    near = (loss.v + 0.1, loss.u)  # the unstable focus, nudged
    curves = class2_steps()
    k = next(j for j, r in enumerate(curves.from_zero) if r > 0)
    fi = fi_curve(preset, np.linspace(0.0, 0.6, 61), rate="interval")
    return Class2(
        loss=loss,
        above_hopf=Rate(above, steady_rate(preset, above, *near)),
        above_hopf_fine_hz=steady_rate(preset, above, *near, dt_ms=FINE_DT),
        fine_dt_ms=FINE_DT,
        from_zero=Rate(curves.currents[k], curves.from_zero[k]),
        onset_from_zero=curves.onset_from_zero,
        start_v=preset.v0,
        start_onset=Rate(float(fi.onset_current), float(fi.onset_rate_hz)),
        steps=curves,
    )


@dataclass(frozen=True, slots=True)
class LossRow:
    """How one preset's rest is lost: the kind, the current, v* there and the fold current."""

    slug: str
    label: str
    model: Model
    loss: RestLoss
    fold: float


def loss_rows(slugs: tuple[str, ...] = LOSS_ROWS) -> tuple[LossRow, ...]:
    """The table of rest losses."""
    return tuple(
        LossRow(
            s,
            preset_of(s).label,
            preset_of(s).model,
            rest_loss_of(s),
            fold_current(preset_of(s).model),
        )  # fmt: skip
        for s in slugs
    )


@dataclass(frozen=True, slots=True)
class TonicOnset:
    """Tonic spiking: its Hopf just below the fold, and the slow onset of a step from rest."""

    loss: RestLoss
    fold: float
    onset: float
    onset_hz: float


def tonic_onset() -> TonicOnset:
    """The onset of repetitive firing of tonic spiking on a step from its initial rest."""
    preset = preset_of(TONIC)
    onset = rheobase_simulated(preset, 3.0, 4.2, 1e-3)
    return TonicOnset(rest_loss_of(TONIC), fold_current(preset.model), onset,
                      steady_rate(preset, onset, preset.v0, preset.u0))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ABPoint:
    """One 2003/2004 preset with a > 0 in the (a, b) plane."""

    slug: str
    label: str
    a: float
    b: float
    kind: str


def ab_points() -> tuple[ABPoint, ...]:
    """Every built-in preset of the 2003/2004 form with a > 0 and a finite rest loss."""
    out = []
    for p in builtin().presets:
        m = p.model
        if m.form.name != "2004" or m.a <= 0 or m.u_decay != 1:
            continue
        loss = phase_plane.rest_loss(m)
        if math.isfinite(loss.current):
            out.append(ABPoint(p.slug, p.label, m.a, m.b, loss.kind))
    return tuple(out)


def ab_labels(points: tuple[ABPoint, ...]) -> dict[tuple[float, float], str]:
    """One label per distinct (a, b): the first preset's name, and how many share the point."""
    groups: dict[tuple[float, float], list[str]] = {}
    for p in points:
        groups.setdefault((p.a, p.b), []).append(p.label)
    return {k: v[0] + (f" + {len(v) - 1}" if len(v) > 1 else "") for k, v in groups.items()}


@dataclass(frozen=True, slots=True)
class Pulses:
    """A preset driven by pulse pairs: each pair's gap [ms] and whether it fired."""

    slug: str
    pairs: tuple[tuple[float, bool], ...]
    rest: phase_plane.FixedPoint  # at I = 0

    @property
    def period_ms(self) -> float:
        """The ringing period of the rest state [ms] (infinite for a node)."""
        return self.rest.period_ms


def pulses(slug: str) -> Pulses:
    """The pulse pairs of ``slug``'s published run, and its rest state at I = 0."""
    preset = preset_of(slug)
    return Pulses(slug, pulse_pairs(simulate(preset)[0]),
                  phase_plane.rest_state(preset.model, 0.0))  # fmt: skip


NEGATIVE_A = ("inhibition-induced-spiking", "inhibition-induced-bursting")


@dataclass(frozen=True, slots=True)
class NegativeA:
    """A preset with a < 0: its fixed points at its protocol's resting current."""

    slug: str
    label: str
    a: float
    i_ext: float
    points: tuple[phase_plane.FixedPoint, ...]  # lower v first


def negative_a(slug: str) -> NegativeA:
    """Where the saddle sits when a < 0 (the lower fixed point, unlike for a > 0)."""
    preset = preset_of(slug)
    i_ext = float(simulate(preset)[0].i_ext[0])
    points = tuple(sorted(phase_plane.fixed_points(preset.model, i_ext), key=lambda p: p.v))
    return NegativeA(slug, preset.label, preset.model.a, i_ext, points)


def onset_class2_from_rest() -> float:
    """The smallest step from class 2's I = 0 rest that fires repetitively (for the tests)."""
    return onset_from_rest(preset_of(CLASS_2), 0.2, 0.45)


@dataclass(frozen=True, slots=True)
class ExcitabilityPage:
    """Every number the excitability page quotes."""

    class1_loss: RestLoss
    class1_rates: tuple[Rate, ...]
    class2: Class2
    ramp_class1: Ramp
    ramp_class2: Ramp
    rows: tuple[LossRow, ...]
    tonic: TonicOnset
    form_2007: tuple[LossRow, ...]
    pulses: tuple[Pulses, ...]
    negative_a: tuple[NegativeA, ...]
    atlas_ab: PlaneSpan


@dataclass(frozen=True, slots=True)
class PlaneSpan:
    """The atlas's (a, b) plane: its ranges, the c and d it holds fixed, and its current."""

    a: tuple[float, float]
    b: tuple[float, float]
    c: float
    d: float
    amp: float

    @property
    def above_diagonal(self) -> bool:
        """Every point has b > a (the Andronov–Hopf side of the b = a border)."""
        return self.b[0] > self.a[1]


def atlas_ab() -> PlaneSpan:
    """The (a, b) plane of :mod:`gallery.analysis.atlas`."""
    _, a_range, _, b_range, fixed = atlas.PLANE_AXES["ab"]
    return PlaneSpan(a_range, b_range, fixed["c"], fixed["d"], atlas.DEFAULT_AMP)


@cache
def page() -> ExcitabilityPage:
    """The excitability page's facts (cached: the step curves take a few seconds)."""
    return ExcitabilityPage(
        class1_loss=rest_loss_of(CLASS_1),
        class1_rates=class1_rates(),
        class2=class2(),
        ramp_class1=ramp(CLASS_1),
        ramp_class2=ramp(CLASS_2),
        rows=loss_rows(),
        tonic=tonic_onset(),
        form_2007=loss_rows(FORM_2007),
        pulses=tuple(pulses(s) for s in PULSES),
        negative_a=tuple(negative_a(s) for s in NEGATIVE_A),
        atlas_ab=atlas_ab(),
    )

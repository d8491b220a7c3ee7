"""Answers of the single-cell exercises: nullclines, reset and adaptation, excitability.

Stage: analysis (imports ``catalogue``, ``simulate``, ``phase_plane`` and ``spikes``). Each
function returns the numbers one exercise page quotes, answers included, from the same code
as the figures, so the pages cannot drift from the model. The words are in the
``exercises-*.md.j2`` templates. Units: v [mV], t [ms], I and u [mV/ms] (the 2003/2004 form).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gallery.analysis import phase_plane
from gallery.analysis.phase_plane import FixedPoint, RestLoss
from gallery.analysis.spikes import REPETITIVE_MIN_SPIKES, bursts, isis, rheobase_simulated
from gallery.analysis.theory_facts import nullcline_vertex
from gallery.model.catalogue import Model, builtin
from gallery.model.expr import to_latex
from gallery.model.simulate import Run, simulate, with_parameters

C_SWEEP = tuple(float(c) for c in range(-65, -44))
"""Reset values tried in the reset exercise [mV], 1-mV steps from tonic spiking's c."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What the browser checks: the reader's number against ``value`` within ``tolerance``."""

    id: str
    value: float
    tolerance: float
    unit: str


def _model(slug: str) -> Model:
    return builtin().get(slug).model


def _run(slug: str, **kwargs) -> Run:
    return simulate(builtin().get(slug), **kwargs)[0]


def _floats(values) -> tuple[float, ...]:
    return tuple(float(x) for x in values)


def reset_u(run: Run) -> np.ndarray:
    """Recovery after each spike; the 2004 loop stores the reset u at the spike step."""
    return run.u[np.searchsorted(run.t_ms, run.spike_times_ms)]


def nullcline_at(model: Model, v: float, i_ext: float) -> float:
    """Height of the v-nullcline at ``v``: the u at which dv/dt = 0 there."""
    return float(phase_plane.nullcline_v(model, np.array([v]), i_ext)[0])


@dataclass(frozen=True, slots=True)
class Nullclines:
    """Rest, saddle, fold of tonic spiking and the Hopf point of class 2, in closed form."""

    model: Model  # tonic spiking
    linear: float  # coefficient of v in 0.04 v^2 + (5 - b) v + 140 + I = 0
    constant: float
    discriminant: float  # at I = 0
    offset: float  # b - k1, minus the linear coefficient, as the root formula has it
    root: float  # square root of the discriminant
    rest: FixedPoint  # at I = 0
    saddle: FixedPoint
    fold: float  # current of the saddle-node
    v_fold: float
    focus_current: float  # where rest turns into an unstable focus first
    class2: Model
    hopf: RestLoss  # of class 2
    hopf_determinant: float

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The page's answers, in question order."""
        return (
            Answer("nullclines-rest-v", self.rest.v, 0.5, "mV"),
            Answer("nullclines-saddle-v", self.saddle.v, 0.5, "mV"),
            Answer("nullclines-fold-current", self.fold, 0.05, "mV/ms"),
            Answer("nullclines-hopf-class2", self.hopf.current, 0.02, "mV/ms"),
        )


def nullclines() -> Nullclines:
    """The numbers of the nullcline exercises."""
    ts, c2 = _model("tonic-spiking"), _model("class-2-excitable")
    rest, saddle = phase_plane.fixed_points(ts, 0.0)
    a2, a1, a0 = phase_plane.quadratic(ts)
    hopf = phase_plane.rest_loss(c2)
    disc = (a1 - ts.b) ** 2 - 4 * a2 * a0
    return Nullclines(
        model=ts,
        linear=a1 - ts.b,
        constant=a0,
        discriminant=disc,
        offset=ts.b - a1,
        root=math.sqrt(disc),
        rest=rest,
        saddle=saddle,
        fold=(a1 - ts.b) ** 2 / (4 * a2) - a0,
        v_fold=(ts.b - a1) / (2 * a2),
        focus_current=phase_plane.rest_loss(ts).current,
        class2=c2,
        hopf=hopf,
        hopf_determinant=c2.a * (c2.b - 2 * a2 * hopf.v - a1),
    )


def burst_sizes(run: Run) -> list[int]:
    """Spikes per burst (intervals under 10 ms)."""
    return [int(g.size) for g in bursts(run.spike_times_ms)]


def bursting_c() -> tuple[float, dict[float, list[int]]]:
    """The lowest c of :data:`C_SWEEP` at which tonic spiking fires a second burst."""
    preset = builtin().get("tonic-spiking")
    sizes = {c: burst_sizes(simulate(with_parameters(preset, c=c))[0]) for c in C_SWEEP}
    first = next(c for c in C_SWEEP if any(s >= 2 for s in sizes[c][1:]))
    return first, sizes


@dataclass(frozen=True, slots=True)
class Landing:
    """Where the resets of one preset land against the v-nullcline above c."""

    model: Model
    i_ext: float  # the drive at the end of the run
    nullcline: float  # N_I(c)
    resets: tuple[float, ...]  # u after each spike
    intervals: tuple[float, ...]  # [ms]


@dataclass(frozen=True, slots=True)
class Reset:
    """The reset exercises: bursting from a higher c, adaptation from a large d."""

    c_burst: float  # lowest c of C_SWEEP with a second burst
    table: tuple[tuple[float, float, tuple[int, ...]], ...]  # (c, N_14(c), spikes per burst)
    adaptation: Landing  # spike frequency adaptation
    above: int  # the first spike whose reset lands above the nullcline (1-based)
    bursting: Landing  # tonic bursting, its first burst's resets
    first_burst: int  # spikes in tonic bursting's first burst

    @property
    def vertex_v(self) -> float:
        """The v of the v-nullcline's bottom (tonic spiking): N_I(c) falls with c below it."""
        return nullcline_vertex(builtin().get("tonic-spiking").model).v

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The page's answers, in question order."""
        return (
            Answer("reset-c-bursting", self.c_burst, 0.5, "mV"),
            Answer("reset-adaptation-landing", float(self.above), 0.0, ""),
            Answer("reset-first-burst", float(self.first_burst), 0.0, "spikes"),
        )


def _landing(slug: str, spikes: int | None = None) -> Landing:
    model, run = _model(slug), _run(slug)
    i_ext = float(run.i_ext[-1])
    return Landing(model, i_ext, nullcline_at(model, model.c, i_ext),
                   _floats(reset_u(run)[:spikes]), _floats(isis(run.spike_times_ms)))  # fmt: skip


def reset() -> Reset:
    """The numbers of the reset exercises."""
    c_burst, sizes = bursting_c()
    ts = _model("tonic-spiking")
    shown = (-65, -60, -59, c_burst - 1, c_burst, -46)
    table = tuple((c, nullcline_at(ts, c, 14.0), tuple(sizes[c])) for c in C_SWEEP if c in shown)
    adaptation = _landing("spike-frequency-adaptation")
    above = int(np.argmax(np.array(adaptation.resets) > adaptation.nullcline)) + 1
    first_burst = burst_sizes(_run("tonic-bursting"))[0]
    return Reset(c_burst, table, adaptation, above, _landing("tonic-bursting", first_burst),
                 first_burst)  # fmt: skip


RHEOBASE_RUN_MS, RHEOBASE_TRANSIENT_MS = 1000.0, 200.0
"""The rheobase question's runs: this long, counting spikes after the transient [ms]."""
RHEOBASE_TOLERANCE = 0.001
"""The width of the current bracket the rheobase is bisected to."""


def rheobase_rs() -> float:
    """Smallest constant current with repetitive firing of rs-2003 (spikes.rheobase_simulated)."""
    preset = builtin().get("rs-2003")
    return rheobase_simulated(
        preset,
        0.0,
        10.0,
        RHEOBASE_TOLERANCE,
        t_max_ms=RHEOBASE_RUN_MS,
        transient_ms=RHEOBASE_TRANSIENT_MS,
    )


@dataclass(frozen=True, slots=True)
class Excitability:
    """Rheobase of RS, the class-1 delay under a ramp, the class-2 onset rate."""

    rs_loss: RestLoss  # where RS's rest turns unstable, in closed form
    rs_fold: float  # its saddle-node current
    rheobase: float  # simulated
    class1_loss: float  # current at which class 1's rest disappears
    class1_first: float  # time of its first spike [ms]
    class1_current: float  # the ramp current then
    class2_spikes: tuple[float, float]  # class 2's first two spike times [ms]
    class2_interval: float  # [ms]
    class2_rate: float  # 1000 / interval [Hz]
    class2_hopf_hz: float  # frequency of the linear oscillation at class 2's Hopf point [Hz]
    class1_ramp_latex: str  # the ramp's current, I(t), as the protocol writes it

    @property
    def rheobase_run(self) -> tuple[float, float, float, int, float]:
        """The rheobase runs: step, length, transient [ms], spikes that fire, bracket width."""
        dt = builtin().get("rs-2003").dt_ms
        return dt, RHEOBASE_RUN_MS, RHEOBASE_TRANSIENT_MS, REPETITIVE_MIN_SPIKES, RHEOBASE_TOLERANCE

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The page's answers, in question order."""
        return (
            Answer("excitability-rheobase-rs", self.rheobase, 0.1, "mV/ms"),
            Answer("excitability-class1-ramp", self.class1_current, 0.1, "mV/ms"),
            Answer("excitability-class2-rate", self.class2_rate, 3.0, "Hz"),
        )


def excitability() -> Excitability:
    """The numbers of the excitability exercises."""
    rs = _model("rs-2003")
    a2, a1, a0 = phase_plane.quadratic(rs)
    c1_run = _run("class-1-excitable")
    first = float(c1_run.spike_times_ms[0])
    c2_times = _run("class-2-excitable").spike_times_ms
    interval = float(isis(c2_times)[0])
    return Excitability(
        rs_loss=phase_plane.rest_loss(rs),
        rs_fold=(a1 - rs.b) ** 2 / (4 * a2) - a0,
        rheobase=rheobase_rs(),
        class1_loss=phase_plane.rest_loss(_model("class-1-excitable")).current,
        class1_first=first,
        class1_current=float(c1_run.i_ext[np.searchsorted(c1_run.t_ms, first)]),
        class2_spikes=(float(c2_times[0]), float(c2_times[1])),
        class2_interval=interval,
        class2_rate=1000.0 / interval,
        class2_hopf_hz=_hopf_hz(_model("class-2-excitable")),
        class1_ramp_latex=_ramp_latex("class-1-excitable"),
    )


def _ramp_latex(slug: str) -> str:
    """The current of a one-window ramp protocol at its published slope, as LaTeX."""
    preset = builtin().get(slug)
    (window,) = preset.stimulus.windows
    return to_latex(window.value, {"amp": preset.amplitudes[0]})


def _hopf_hz(model: Model) -> float:
    """The rest state's rotation at its Andronov–Hopf point: eigenvalues ±i·sqrt(det J) [Hz]."""
    loss = phase_plane.rest_loss(model)
    point = phase_plane.fixed_point(model, loss.v, loss.current)
    return 1000.0 * math.sqrt(point.determinant) / (2.0 * math.pi)

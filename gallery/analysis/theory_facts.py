"""The numbers the theory pages quote, computed from the presets' models at build time.

Stage: analysis (imports the model stage's catalogue and :mod:`phase_plane`). Each page's
prose (``site_src/templates/theory-*.md.j2``) quotes a frozen dataclass of this module, so a
changed preset or formula changes the page, never a number typed by hand. The formulas are
those of the 2003/2004 form, ``v' = A v^2 + B v + C0 - u + I`` and ``u' = a (b v - u)``, in
which the pages derive them; the 2007 form enters through :func:`as_2007`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from gallery.analysis import accuracy, manifold, phase_plane
from gallery.analysis.phase_plane import FixedPoint
from gallery.model.catalogue import Model, Preset, builtin
from gallery.model.simulate import simulate

# The pages' running examples, by preset: the figure's tonic spiking (a = 0.02, b = 0.2), the
# 2003 classes whose b the pages compare, the resonator's focus and panel S's negative a.
RUNNING = "tonic-spiking"
LARGER_B = ("lts-2003", "resonator")  # b = 0.25 and 0.26
RESONATOR = "resonator"
NEGATIVE_A = "inhibition-induced-bursting"
NEGATIVE_A_CURRENT = 80.0  # a current at which panel S has both fixed points
TABLE_CURRENTS = (0.0, 2.0, 4.0, 6.0)  # the fixed-point table: two, two, one, none
FORM_2007_EXAMPLE = "rs-2003"  # the 2007 form in which the 2004 one is written
CLASSES_2003 = ("rs-2003", "ib-2003", "ch-2003", "fs-2003", "lts-2003", "tc-2003", "rz-2003")
TYPES_2007 = ("rs-2007", "ib-2007", "ch-2007", "lts-2007", "fs-2007", "tc-2007", "rtn-2007")
VARIANTS = ("class-1-excitable", "accommodation")  # the variants table's other presets
V_PEAKS = (25.0, 30.0, 35.0, 40.0)  # cut-offs of the sensitivity table [mV]
FINE = ("reference", 0.01)  # the scheme and step [ms] of the converged column


def model_of(slug: str) -> Model:
    """The model of a built-in preset."""
    return builtin().get(slug).model


@dataclass(frozen=True, slots=True)
class Vertex:
    """The lowest point of the v-nullcline ``u = F(v) + I``: at ``v``, ``u = u0 + I``."""

    v: float
    u0: float


def nullcline_vertex(model: Model) -> Vertex:
    """Where the parabola ``F`` has zero slope (capacitance 1: the 2004 form)."""
    a2, a1, a0 = phase_plane.quadratic(model)
    v = -a1 / (2.0 * a2)
    return Vertex(v, a2 * v * v + a1 * v + a0)


@dataclass(frozen=True, slots=True)
class Crossing:
    """The fixed points at one constant current, with the discriminant that counts them."""

    current: float
    discriminant: float  # of A v^2 + (B - b) v + C0 + I = 0
    points: tuple[FixedPoint, ...]


def crossing(model: Model, current: float) -> Crossing:
    """Where ``u = b v`` meets the v-nullcline at ``current`` (zero, one or two points)."""
    a2, a1, a0 = phase_plane.quadratic(model)
    disc = (a1 - model.b) ** 2 - 4.0 * a2 * (a0 + current)
    return Crossing(current, disc, phase_plane.fixed_points(model, current))


@dataclass(frozen=True, slots=True)
class Event:
    """A bifurcation of the rest state: the current at which it happens and rest's voltage."""

    current: float
    v: float


def fold(model: Model) -> Event:
    """The saddle-node: the parabola's slope ``F'(v)`` equals the line's slope ``b``."""
    a2, a1, a0 = phase_plane.quadratic(model)
    v = (model.b - a1) / (2.0 * a2)
    return Event(model.b * v - (a2 * v * v + a1 * v + a0), v)


def hopf(model: Model) -> Event:
    """Where the rest branch's trace ``F'(v) - a`` is zero (a Hopf if before the fold)."""
    a2, a1, a0 = phase_plane.quadratic(model)
    v = (model.a - a1) / (2.0 * a2)
    return Event(model.b * v - (a2 * v * v + a1 * v + a0), v)


@dataclass(frozen=True, slots=True)
class Direction:
    """An eigenvalue of a fixed point and its eigenvector, scaled to ``(1, slope)``."""

    value: float
    slope: float


def directions(model: Model, point: FixedPoint) -> tuple[Direction, Direction]:
    """The slow and the fast direction of a node or saddle (real eigenvalues)."""
    values, vectors = np.linalg.eig(phase_plane.jacobian(model, point.v))
    order = np.argsort(-values.real)  # slowest (largest) first
    return tuple(  # type: ignore[return-value]
        Direction(float(values[k].real), float(vectors[1, k].real / vectors[0, k].real))
        for k in order
    )


@dataclass(frozen=True, slots=True)
class Form2007:
    """The 2004 form written as the 2007 form: roots ``v_r < v_t`` and the current offset."""

    k: float
    v_r: float
    v_t: float
    b: float
    current_offset: float  # I_2007 = I_2004 + current_offset, the 2007 u being u - b v_r


def as_2007(model: Model) -> Form2007:
    """``A v^2 + B v + C0 = k (v - v_r)(v - v_t)``; the 2007 u is measured from ``v_r``."""
    a2, a1, a0 = phase_plane.quadratic(model)
    root = math.sqrt(a1 * a1 - 4.0 * a2 * a0)
    v_r, v_t = (-a1 - root) / (2.0 * a2), (-a1 + root) / (2.0 * a2)
    return Form2007(a2, v_r, v_t, model.b, -model.b * v_r)


@dataclass(frozen=True, slots=True)
class RestOfB:
    """The resting state at I = 0 of a preset with its own b."""

    slug: str
    b: float
    v: float
    fold: Event


def rest_of(slug: str) -> RestOfB:
    """The preset's rest voltage at I = 0 and its fold."""
    model = model_of(slug)
    rest = phase_plane.rest_state(model, 0.0)
    assert rest is not None, slug  # every 2003 class rests at I = 0
    return RestOfB(slug, model.b, rest.v, fold(model))


@dataclass(frozen=True, slots=True)
class PeakRow:
    """The running example's last interspike interval with the cut-off at ``v_peak``."""

    v_peak: float
    escape_ms: float  # the time v would still need from v_peak to infinity (u frozen, I = u)
    published_isi: float  # the preset's own scheme and step
    fine_isi: float  # FINE's scheme and step


def escape_ms(model: Model, v_peak: float, drive: float = 0.0) -> float:
    """Time from ``v_peak`` to infinity of ``w' = k w^2 + drive`` (w from the vertex, u frozen).

    With ``x = k w`` this is the quadratic integrate-and-fire neuron ``x' = x^2 + eta``,
    ``eta = k drive``; the time is ``(pi/2 - atan(x_p / sqrt(eta))) / sqrt(eta)``, ``1 / x_p``
    at ``eta = 0``.
    """
    vertex = nullcline_vertex(model)
    k = phase_plane.quadratic(model)[0]
    x_p, eta = k * (v_peak - vertex.v), k * drive
    if eta == 0.0:
        return 1.0 / x_p
    root = math.sqrt(eta)
    return (math.pi / 2.0 - math.atan(x_p / root)) / root


def _last_isi(preset: Preset, v_peak: float, scheme: str | None, dt: float | None) -> float:
    cell = replace(preset, model=replace(preset.model, v_peak=v_peak))
    if scheme is not None:
        cell = replace(cell, scheme=scheme, dt_ms=dt)
    times = simulate(cell)[-1].spike_times_ms
    return float(times[-1] - times[-2])


def peak_rows(slug: str = RUNNING) -> tuple[PeakRow, ...]:
    """How much the cut-off moves the firing, against what the normal form says it can."""
    preset = builtin().get(slug)
    return tuple(
        PeakRow(v, escape_ms(preset.model, v), _last_isi(preset, v, None, None),
                _last_isi(preset, v, *FINE))
        for v in V_PEAKS
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Span:
    """The smallest and largest value of one parameter over a table's presets."""

    lo: float
    hi: float


def spans(models: tuple[Model, ...], names: tuple[str, ...]) -> dict[str, Span]:
    """``{name: Span}`` over ``models``; ``b`` includes a switched ``b_hyper``."""
    out = {}
    for name in names:
        values = [getattr(m, name) for m in models]
        if name == "b":
            values += [m.b_hyper for m in models if m.b_hyper is not None]
        out[name] = Span(min(values), max(values))
    return out


@dataclass(frozen=True, slots=True)
class ModelPage:
    """What the model page quotes."""

    form_2007: Form2007
    example_rest: float  # the rest voltage of the preset written in the 2007 form
    vertex: Vertex
    meet_b0: Event  # rest meets threshold at the bottom only for b = 0
    meet: Event  # and where the parabola's slope is b for the running example
    running_b: float
    rests: tuple[RestOfB, ...]  # b = 0.2, 0.25, 0.26
    k: float  # the curvature 0.04 of the normal form
    peaks: tuple[PeakRow, ...]
    peak_slug: str
    peak_amp: float
    peak_dt: float  # the preset's published step [ms]
    fine_scheme: str
    fine_dt: float
    classes: tuple[Model, ...]  # CLASSES_2003, in order
    types: tuple[Model, ...]  # TYPES_2007, in order
    models: dict[str, Model]  # every preset the page's tables name, by slug
    u0: dict[str, float]  # their starting recovery
    spans_2003: dict[str, Span]
    spans_2007: dict[str, Span]
    published_dts: dict[str, tuple[float, ...]]  # scheme: the presets' steps, ascending
    holds_at: dict[str, tuple[float, ...]]  # 2004 panel: sweep steps where its behaviour holds
    sweep_dts: tuple[float, ...]  # the accuracy sweep's steps, descending


def published_dts() -> dict[str, tuple[float, ...]]:
    """Each published scheme's presets' steps [ms], ascending and without repeats."""
    out: dict[str, set[float]] = {}
    for preset in builtin().presets:
        out.setdefault(preset.scheme, set()).add(preset.dt_ms)
    return {scheme: tuple(sorted(dts)) for scheme, dts in out.items()}


def holds_at() -> dict[str, tuple[float, ...]]:
    """The accuracy sweep's steps at which each dt-dependent panel keeps its behaviour."""
    cells = accuracy.sweep([builtin().get(slug) for slug in sorted(accuracy.DT_DEPENDENT)])
    return {slug: tuple(sorted(c.dt_ms for c in row if c.holds))
            for slug, row in accuracy.rows(cells).items()}  # fmt: skip


def model_page() -> ModelPage:
    """The model page's numbers."""
    example = model_of(FORM_2007_EXAMPLE)
    running = model_of(RUNNING)
    flat = Model(form="2004", a=running.a, b=0.0, c=running.c, d=running.d, v_peak=30.0)
    rests = tuple(rest_of(slug) for slug in (RUNNING, *LARGER_B))
    rest = phase_plane.rest_state(example, 0.0)
    assert rest is not None
    catalogue = builtin()
    preset = catalogue.get(RUNNING)
    named = {slug: catalogue.get(slug) for slug in (*CLASSES_2003, *TYPES_2007, *VARIANTS)}
    classes = tuple(named[slug].model for slug in CLASSES_2003)
    types = tuple(named[slug].model for slug in TYPES_2007)
    return ModelPage(as_2007(example), rest.v, nullcline_vertex(running), fold(flat),
                     fold(running), running.b, rests, phase_plane.quadratic(running)[0],
                     peak_rows(), RUNNING, preset.stimulus.amplitudes[-1], preset.dt_ms,
                     *FINE, classes, types, {s: p.model for s, p in named.items()},
                     {s: p.u0 for s, p in named.items()},
                     spans(classes, ("a", "b", "c", "d")),
                     spans(types, ("C", "k", "vr", "vt", "v_peak", "b", "d")),
                     published_dts(), holds_at(), accuracy.SWEEP_DTS)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PhasePlanePage:
    """What the phase-plane page quotes."""

    a: float
    b: float
    vertex: Vertex
    table: tuple[Crossing, ...]
    rest: FixedPoint  # at I = 0
    saddle: FixedPoint  # at I = 0
    slow: Direction
    fast: Direction
    rest_nullcline_slope: float  # F'(v) at rest
    negative_a: Model
    negative_a_current: float
    negative_a_saddle: FixedPoint
    negative_a_focus: FixedPoint
    resonator: Model
    resonator_rest: FixedPoint
    fold: Event
    hopf: Event
    larger_b: tuple[RestOfB, ...]
    threshold_slope: float  # du/dv of the saddle's stable eigenvector at I = 0
    threshold_v: float  # where the stable manifold crosses rest's u: a kick's threshold
    negative_a_slugs: tuple[str, ...]  # the built-in presets with a < 0


def phase_plane_page() -> PhasePlanePage:
    """The phase-plane page's numbers."""
    model = model_of(RUNNING)
    rest, saddle = phase_plane.fixed_points(model, 0.0)
    slow, fast = directions(model, rest)
    a2, a1, _ = phase_plane.quadratic(model)
    negative = model_of(NEGATIVE_A)
    low, high = phase_plane.fixed_points(negative, NEGATIVE_A_CURRENT)
    resonator = model_of(RESONATOR)
    resonator_rest = phase_plane.rest_state(resonator, 0.0)
    assert resonator_rest is not None
    box = manifold.nullclines_box(model, (rest, saddle), 0.0)  # the cell's window at I = 0
    threshold = manifold.stable_manifold(model, 0.0, box)
    assert threshold is not None
    kick = manifold.threshold_v(threshold, rest.u)
    assert kick is not None
    return PhasePlanePage(
        a=model.a, b=model.b, vertex=nullcline_vertex(model),
        table=tuple(crossing(model, i) for i in TABLE_CURRENTS),
        rest=rest, saddle=saddle, slow=slow, fast=fast,
        rest_nullcline_slope=2.0 * a2 * rest.v + a1,
        negative_a=negative, negative_a_current=NEGATIVE_A_CURRENT,
        negative_a_saddle=low, negative_a_focus=high,
        resonator=resonator, resonator_rest=resonator_rest,
        fold=fold(model), hopf=hopf(model),
        larger_b=tuple(rest_of(slug) for slug in LARGER_B),
        threshold_slope=threshold.slope, threshold_v=kick,
        negative_a_slugs=tuple(p.slug for p in builtin().presets if p.model.a < 0),
    )  # fmt: skip
